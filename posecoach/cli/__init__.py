"""The ``posecoach`` command line. Commands parse, call the library and turn errors into one line."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from posecoach import __version__
from posecoach.errors import PosecoachError
from posecoach.exercises.registry import EXERCISES

if TYPE_CHECKING:
    from posecoach.coach.events import Rep

EXERCISE_NAMES = tuple(EXERCISES)
log = logging.getLogger("posecoach.cli")

app = typer.Typer(
    name="posecoach",
    help="A webcam coach for back-pain relief stretches.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped or redirected output is read by programs: print it in full, never cut or wrapped.
console = Console() if sys.stdout.isatty() else Console(width=100_000, soft_wrap=True)
err_console = Console(stderr=True)


def quiet_native_logs(verbose: bool = False) -> None:
    """Keep OpenCV's and FFmpeg's own log lines (camera probing, ``moov atom not found``) off
    stderr, where they would stand beside posecoach's one-line message; ``--verbose`` keeps them."""
    import os

    if verbose:
        import av.logging  # PyAV, which decodes video files, keeps FFmpeg quiet unless asked

        av.logging.set_level(av.logging.WARNING)
        return
    os.environ.setdefault("OPENCV_LOG_LEVEL", "SILENT")  # read when cv2 is first imported
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # AV_LOG_QUIET; read when a capture opens
    if "cv2" in sys.modules:
        cv2 = sys.modules["cv2"]
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)


DbOption = Annotated[
    Optional[Path], typer.Option("--db", help="The session database (default: $POSECOACH_DB or the XDG data dir).")
]
UserOption = Annotated[Optional[str], typer.Option("--user", help="Whose sessions (default: your login name).")]
ModelOption = Annotated[
    Optional[str],
    typer.Option("--model", help="A pose landmarker .task bundle (default: the shipped full model)."),
]


def rep_table(title: str, reps: Sequence[Rep]) -> Table:
    """The per-rep table that `analyze` and `show` print."""
    table = Table(title=title, title_justify="left")
    for column in ("#", "side", "start", "peak", "end", "peak deg", "hold s", "score", "faults", "confidence"):
        table.add_column(column, justify="left" if column in ("side", "faults", "confidence") else "right")
    for r in reps:
        trust = f"{r.confidence:.2f}"
        if r.low_confidence:  # counted, but kept out of progress and adaptive targets
            trust = (
                f"[yellow]low {trust}"
                + (f": {', '.join(r.confidence_reasons)}" if r.confidence_reasons else "")
                + "[/]"
            )
        table.add_row(
            str(r.index),
            r.side or "-",
            f"{r.start_s:.1f}",
            f"{r.peak_s:.1f}",
            f"{r.end_s:.1f}",
            f"{r.peak_deg:+.1f}",
            f"{r.hold_s:.1f}",
            str(r.score),
            ", ".join(r.faults) or "-",
            trust,
        )
    return table


def _version(value: bool) -> None:
    if value:
        console.print(f"posecoach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Log every detail, to the terminal too (the log file "
            "posecoach.log is beside the database), and show the video libraries' own log lines.",
        ),
    ] = False,
) -> None:
    """A webcam coach for back-pain relief stretches."""
    from posecoach.logs import setup_logging

    quiet_native_logs(verbose)
    setup_logging(verbose)


@app.command()
def doctor(model: ModelOption = None) -> None:
    """Check the model, libraries, cameras, display and data folder."""
    from posecoach.doctor import run_checks

    table = Table(show_header=False, box=None, pad_edge=False)
    failed = False
    for check in run_checks(model):
        mark = "[green]ok[/]" if check.ok else ("[red]FAIL[/]" if check.required else "[yellow]--[/]")
        failed |= check.required and not check.ok
        table.add_row(mark, check.name, check.detail)
    console.print(table)
    if failed:
        err_console.print("posecoach: the pose model does not work; see the FAIL lines above")
        raise typer.Exit(1)
    console.print("[green]Ready to coach.[/]")


from posecoach.cli import analyze as _analyze  # noqa: E402,F401  (registers commands)
from posecoach.cli import exercises as _exercises  # noqa: E402,F401
from posecoach.cli import replay as _replay  # noqa: E402,F401
from posecoach.cli import review as _review  # noqa: E402,F401
from posecoach.cli import routines as _routines  # noqa: E402,F401
from posecoach.cli import run as _run  # noqa: E402,F401


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, printing a user error as one line (exit code 2)."""
    try:
        app(args=argv, prog_name="posecoach")
    except PosecoachError as error:
        log.error("%s", error)
        for line in str(error).splitlines() or [type(error).__name__]:
            err_console.print(f"posecoach: error: {line}", highlight=False, soft_wrap=True, markup=False)
        return 2
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except Exception:
        log.exception("unexpected error")
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
