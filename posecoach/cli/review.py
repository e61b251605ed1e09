"""Reviewing stored sessions: history, show, progress, export, report, delete."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table

from posecoach.cli import EXERCISE_NAMES, DbOption, UserOption, app, console, rep_table
from posecoach.errors import PosecoachError

if TYPE_CHECKING:
    from posecoach.report.progress import ProgressPoint
    from posecoach.store import SessionInfo, Store

SessionArg = Annotated[int, typer.Argument(help="The session number (see `posecoach history`).")]


def _store(db: Path | None, readonly: bool = True) -> Store:
    """The database; commands that only read it accept a read-only file."""
    from posecoach.store import Store

    return Store(db, readonly=readonly)


def _user(user: str | None) -> str:
    from posecoach.store.sessions import default_user

    return user or default_user()


def _counts_text(session: SessionInfo) -> str:
    parts = []
    for block in session.blocks:
        c = block.counts()
        sides = f"L{c['left']}/R{c['right']}" if c["left"] or c["right"] else f"{c['total']}"
        parts.append(f"{block.exercise} {sides}")
    return ", ".join(parts) or "-"


def _pain_change(before: int | None, after: int | None) -> str:
    return "-" if before is None and after is None else f"{_pain(before)} → {_pain(after)}"


def _pain(value: int | None) -> str:
    return "-" if value is None else str(value)


@app.command()
def history(db: DbOption = None, user: UserOption = None) -> None:
    """List your sessions: date, routine, reps per exercise and side, score, pain."""
    from posecoach.store.sessions import local_time

    with _store(db) as store:
        sessions = store.sessions(_user(user))
    if not sessions:
        console.print(
            f"No sessions yet for {_user(user)}. `posecoach run` coaches your first one "
            "(`posecoach run --demo` shows how, without saving anything)."
        )
        return
    table = Table(title=f"Sessions of {_user(user)}", title_justify="left")
    for column in ("#", "date", "routine", "reps", "score", "pain", "status"):
        table.add_column(column, no_wrap=column in ("#", "date", "score", "pain"))
    for s in sessions:
        status = s.status if s.status == "completed" else f"[yellow]{s.status}[/]"
        table.add_row(
            str(s.id),
            local_time(s.started_at),
            s.routine or "-",
            _counts_text(s),
            "-" if s.mean_score is None else f"{s.mean_score:.0f}",
            _pain_change(s.pain_before, s.pain_after),
            status,
        )
    console.print(table)


@app.command()
def show(session: SessionArg, db: DbOption = None) -> None:
    """Show one session's reps, with their faults."""
    from posecoach.store.sessions import local_time

    with _store(db) as store:
        info = store.session(session)
    console.print(
        f"Session {info.id} ({info.status}), {local_time(info.started_at)}, "
        f"{info.user}, {info.routine or '-'}; pain {_pain_change(info.pain_before, info.pain_after)}"
    )
    for block in info.blocks:
        console.print(rep_table(f"{block.exercise} (target {block.target_deg:g} deg)", block.reps))
        for f in block.faults:
            console.print(f"  [red]{f.code}[/] {f.start_s:.1f}-{f.end_s:.1f} s: {f.message}")
        if any(rep.low_confidence for rep in block.reps):
            console.print(
                "  [yellow]low confidence[/]: counted, but left out of progress and adaptive targets "
                "(the camera could not measure them well)"
            )


@app.command(name="progress")
def progress_cmd(
    exercise: Annotated[
        Optional[str], typer.Option("--exercise", "-e", help=f"One of: {', '.join(EXERCISE_NAMES)} (default: all).")
    ] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Save the progress plot as PNG.")] = None,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Range of motion per side per session over time, left/right asymmetry and score."""
    from posecoach.exercises import get_exercise
    from posecoach.paths import check_output_path
    from posecoach.report.plots import write_progress_plot
    from posecoach.report.progress import describe_progress, progress

    names = [get_exercise(exercise).name] if exercise else list(EXERCISE_NAMES)
    if out is not None:
        out = check_output_path(out, "--out")
    with _store(db) as store:
        sessions = store.sessions(_user(user))
    shown = 0
    for name in names:
        points = progress(sessions, name)
        if not points:
            continue
        shown += 1
        console.print(_progress_table(name, points))
        if len(points) > 1:
            console.print(f"  change since the first session: {describe_progress(points)}")
        if out is not None:
            console.print(f"  wrote {write_progress_plot(points, name, out, several=len(names) > 1)}")
    if not shown:
        console.print("No reps stored yet" + (f" for {exercise}" if exercise else "") + ".")


def _progress_table(name: str, points: list[ProgressPoint]) -> Table:
    """One row per session: the peak range per side, its asymmetry, the score."""
    table = Table(title=f"{name}: peak range per session (median of reps)", title_justify="left")
    for column in ("#", "date", "left", "right", "asymmetry", "range", "score", "reps"):
        table.add_column(column, justify="right")
    deg = lambda v: "-" if v is None else f"{v:.1f}"  # noqa: E731
    for p in points:
        table.add_row(
            str(p.session_id),
            p.started_at[:10],
            deg(p.left_deg),
            deg(p.right_deg),
            deg(p.asymmetry_deg),
            deg(p.range_deg),
            deg(p.score),
            str(p.reps),
        )
    return table


@app.command()
def export(
    session: Annotated[Optional[int], typer.Argument(help="One session (or use --all).")] = None,
    all_sessions: Annotated[bool, typer.Option("--all", help="Every session of the user.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="csv (one row per rep) or json (everything).")] = "csv",
    out: Annotated[Optional[Path], typer.Option("--out", help="Write to a file instead of the screen.")] = None,
    motion: Annotated[
        bool, typer.Option("--motion", help="With --format json: each rep's stored landmarks too (for replays).")
    ] = False,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Export sessions as CSV or JSON."""
    from posecoach.report.export import to_csv, to_json

    if fmt not in ("csv", "json"):
        raise PosecoachError(f"--format {fmt!r} is not supported; choose csv or json")
    if motion and fmt != "json":
        raise PosecoachError("--motion goes with --format json (CSV has one row per rep)")
    if (session is None) == (not all_sessions):
        raise PosecoachError("name one session, or pass --all (not both)")
    if out is not None:
        from posecoach.paths import check_output_path

        out = check_output_path(out, "--out")
    with _store(db) as store:
        sessions = store.sessions(_user(user)) if session is None else [store.session(session)]
        motions = {b.id: store.motions(b.id) for s in sessions for b in s.blocks} if motion else None
    text = to_csv(sessions) if fmt == "csv" else to_json(sessions, motions)
    if out is None:
        sys.stdout.write(text)
    else:
        from posecoach.paths import write_file

        write_file(out, text.encode())
        console.print(f"wrote {len(sessions)} session(s) to {out}")


@app.command()
def report(
    session: Annotated[
        Optional[int], typer.Argument(help="The session number (see `posecoach history`), or use --since/--from.")
    ] = None,
    since: Annotated[
        Optional[str], typer.Option("--since", help="A summary of the last days or weeks, e.g. 30d or 8w.")
    ] = None,
    start: Annotated[Optional[str], typer.Option("--from", help="A summary from this date (YYYY-MM-DD).")] = None,
    end: Annotated[
        Optional[str], typer.Option("--to", help="A summary up to this date, included (YYYY-MM-DD).")
    ] = None,
    out: Annotated[
        Optional[Path], typer.Option("--out", help="The HTML file to write (default: report.html, summary.html).")
    ] = None,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Write a self-contained HTML report of one session (with replays of its best and worst reps),
    or, with --since or --from/--to, a summary of a period to hand to a physiotherapist (prints on A4)."""
    from posecoach.report.pages import write_report_page

    console.print(f"wrote {write_report_page(session, since, start, end, out, db, user)}")


@app.command()
def delete(
    session: SessionArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Delete one session and everything recorded in it."""
    with _store(db, readonly=False) as store:
        info = store.session(session)
        if not yes and not typer.confirm(
            f"Delete session {info.id} ({info.started_at[:16]}, {len(info.reps)} reps)?", default=False
        ):
            raise typer.Exit(1)
        store.delete_session(session)
    console.print(f"deleted session {session}")
