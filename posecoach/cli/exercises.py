"""``posecoach exercises``: every exercise, what it checks and what one camera cannot see."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from posecoach.cli import app, console


@app.command("exercises")
def exercises(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the exercises: view, posture, the faults checked and those not checked (with why)."""
    from posecoach.exercises.checks import describe
    from posecoach.exercises.registry import EXERCISES

    described = [describe(spec) for spec in EXERCISES.values()]
    if as_json:
        console.print_json(json.dumps(described))
        return
    table = Table(title="Exercises", title_justify="left", show_lines=True)
    for column in ("name", "title", "view", "posture", "checked", "not checked (why)"):
        table.add_column(column)
    for item in described:
        table.add_row(
            item["name"],
            item["title"],
            item["view"],
            item["posture"],
            ", ".join(item["faults_checked"]),
            "\n".join(f"{n['code']}: {n['reason']}" for n in item["faults_not_checked"]) or "-",
        )
    console.print(table)
