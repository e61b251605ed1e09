"""``posecoach routines``: list, show and validate routine files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from posecoach.cli import app, console

routines_app = typer.Typer(help="List, show and validate routines.", no_args_is_help=False, invoke_without_command=True)
app.add_typer(routines_app, name="routines")


@routines_app.callback()
def _list(ctx: typer.Context) -> None:
    """List the built-in routines and yours (in the XDG config folder)."""
    if ctx.invoked_subcommand is not None:
        return
    from posecoach.routines import RoutineError, load_routine_file, routine_files, user_dir

    table = Table(title="Routines", title_justify="left")
    for column in ("name", "title", "exercises", "about", "where"):
        table.add_column(column)
    for item in routine_files():
        try:
            routine = load_routine_file(item.path)
        except RoutineError as error:
            table.add_row(item.name, "[red]invalid[/]", str(error).splitlines()[0], "", str(item.path))
            continue
        table.add_row(
            item.name,
            routine.title,
            ", ".join(e.exercise for e in routine.exercises),
            f"{routine.estimated_s() / 60:.0f} min",
            "built-in" if item.builtin else str(item.path),
        )
    console.print(table)
    console.print(f"Your own routines go in {user_dir()} (copy one with `posecoach routines show NAME --yaml`).")


@routines_app.command("show")
def show_routine(
    name: Annotated[str, typer.Argument(help="A routine name or a .yaml file.")],
    as_yaml: Annotated[bool, typer.Option("--yaml", help="Print the file itself.")] = False,
) -> None:
    """Show a routine's exercises, targets, timing and instructions."""
    from posecoach.exercises.checks import checks_line
    from posecoach.routines import find_routine, routine_text

    text = routine_text(name) if as_yaml else None
    if text is not None:  # the file byte for byte: it is meant to be redirected into your own routine
        sys.stdout.write(text)
        return
    routine = find_routine(name)
    console.print(f"[bold]{routine.title}[/] ({routine.name}), about {routine.estimated_s() / 60:.0f} minutes")
    if routine.description:
        console.print(routine.description)
    table = Table(show_lines=True)
    for column in ("#", "exercise", "sets x reps", "hold", "target", "rest", "instructions"):
        table.add_column(column)
    for i, e in enumerate(routine.exercises, 1):
        per = "per side" if e.spec.per_side else ""
        target = "auto" if e.target == "auto" else f"{e.target:g} deg"
        table.add_row(
            str(i),
            e.exercise,
            f"{e.sets} x {e.reps} {per}".strip(),
            f"{e.hold:g} s" if e.hold else "-",
            target,
            f"{e.rest_s:g} s" if e.rest_s else "-",
            (e.instructions or e.spec.instructions)
            + f"\n[dim]{checks_line(e.spec)}[/]"
            + (f"\n[yellow]{e.safety or e.spec.safety}[/]" if e.safety or e.spec.safety else ""),
        )
    console.print(table)
    if routine.safety:
        console.print(f"[yellow]{routine.safety}[/]")


@routines_app.command("validate")
def validate(file: Annotated[Path, typer.Argument(help="The routine file to check.")]) -> None:
    """Check a routine file; every problem is listed with its field and what is allowed."""
    from posecoach.routines import load_routine_file

    routine = load_routine_file(file)
    console.print(
        f"{file}: OK ({routine.title}, {len(routine.exercises)} exercises, "
        f"about {routine.estimated_s() / 60:.0f} minutes)"
    )
