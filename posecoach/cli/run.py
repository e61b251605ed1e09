"""``posecoach run``: live coaching in front of a webcam (or a video played as one)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table

from posecoach.cli import DbOption, ModelOption, UserOption, app, console, err_console
from posecoach.errors import PosecoachError

if TYPE_CHECKING:
    from posecoach.coach.adaptive import TargetDecision
    from posecoach.live import RunSummary
    from posecoach.routines import Routine
    from posecoach.store import Store


def _ask_pain(when: str) -> int | None:
    """Ask for a 0-10 pain rating on an interactive terminal (Enter skips)."""
    if not sys.stdin.isatty():
        return None
    answer = typer.prompt(f"Pain {when}, 0 (none) to 10 (worst)? Enter to skip", default="", show_default=False)
    if not answer.strip():
        return None
    if not answer.strip().isdigit() or not 0 <= int(answer) <= 10:
        err_console.print("  (not a number from 0 to 10: skipped)")
        return None
    return int(answer)


@app.command()
def run(
    routine: Annotated[
        str, typer.Argument(help="A routine or an exercise name, or a routine .yaml file.")
    ] = "back_relief",
    camera: Annotated[Optional[int], typer.Option("--camera", help="Camera index (default: the first found).")] = None,
    video: Annotated[
        Optional[Path], typer.Option("--video", help="Play a video file as if it were the camera.")
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Coach through the shipped side-bend demo clip.")] = False,
    model: ModelOption = None,
    no_window: Annotated[bool, typer.Option("--no-window", help="No window (use with --record).")] = False,
    record: Annotated[Optional[Path], typer.Option("--record", help="Save the coached video (MP4).")] = None,
    voice: Annotated[bool, typer.Option("--voice", help="Speak cues (needs espeak-ng).")] = False,
    stats: Annotated[
        bool, typer.Option("--stats", help="Show fps and latency; print per-stage timings at the end.")
    ] = False,
    window_size: Annotated[
        Optional[str], typer.Option("--window-size", metavar="WxH", help="Window size (default: fill the screen).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No tone on a counted rep.")] = False,
    pain_before: Annotated[Optional[int], typer.Option("--pain-before", min=0, max=10, help="Pain now, 0-10.")] = None,
    pain_after: Annotated[Optional[int], typer.Option("--pain-after", min=0, max=10, help="Pain after, 0-10.")] = None,
    save: Annotated[bool, typer.Option("--save", help="With --demo: keep the demo session in your history.")] = False,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Coach a routine live: counts reps per side, times holds and corrects posture as you go."""
    from posecoach.coaching import CoachOptions, coach_session, prepare_run

    setup = prepare_run(routine, video, demo, save, db, window_size, record, no_window)
    if setup.no_display:
        err_console.print(
            "posecoach: no display here, so no window; coaching in the terminal "
            "(add --record FILE to save the coached video)"
        )
    options = CoachOptions(
        voice=voice and _voice_available(), quiet=quiet, stats=stats, on_cue=lambda text: console.print(f"  {text}")
    )
    with setup.store() as store:
        decisions = _announce_targets(store, setup.plan, user)
        if pain_before is None:
            pain_before = _ask_pain("now")
        summary, session_id = coach_session(store, setup, decisions, camera, model, user, pain_before, options)
        if pain_after is None:
            pain_after = _ask_pain("after the session")
        if pain_after is not None:
            store.set_pain(session_id, after=pain_after)
    _print_summary(summary, session_id, stats, saved=not demo or save)
    _report_outcome(summary, session_id, pain_before, pain_after)


def _voice_available() -> bool:
    from posecoach.ui.voice import espeak_command

    if espeak_command() is None:
        err_console.print("posecoach: voice cues need espeak-ng (apt-get install espeak-ng); carrying on without")
        return False
    return True


def _announce_targets(store: Store, plan: Routine, user: str | None) -> dict[int, TargetDecision]:
    """Each exercise's target from the user's history, printed with its reason."""
    from posecoach.coaching import plan_targets

    decisions = plan_targets(store, plan, user)
    for index, decision in decisions.items():
        target = "assessed in the first reps" if decision.target_deg is None else f"{decision.target_deg:g} deg"
        console.print(f"{plan.exercises[index].exercise}: target {target} ({decision.reason})")
    return decisions


def _report_outcome(summary: RunSummary, session_id: int, pain_before: int | None, pain_after: int | None) -> None:
    if pain_before is not None and pain_after is not None and pain_after > pain_before:
        console.print(
            "[yellow]Your pain went up: next time's targets will be gentler. Stop if it hurts, and "
            "check with a health professional if it persists.[/]"
        )
    if summary.error and summary.interrupted_by == "camera lost":
        raise PosecoachError(f"{summary.error} (session {session_id} saved with what was counted)")


def _print_summary(summary: RunSummary, session_id: int, stats: bool, saved: bool = True) -> None:
    state = "complete" if summary.completed else f"saved ({summary.interrupted_by or 'ended early'})"
    table = Table(title=f"Session {session_id} {state}", title_justify="left")
    table.add_column("exercise")
    table.add_column("result")
    for name, result in summary.lines():
        table.add_row(name, result)
    console.print(table)
    s = summary.stats
    more = (
        f"`posecoach show {session_id}` for the details."
        if saved
        else "A demo: not saved in your history (add --save to keep it)."
    )
    console.print(
        f"{s.frames_in} frames at {s.fps:.1f} fps; latency p50 {s.p(s.latency_ms, 50):.0f} ms, "
        f"p95 {s.p(s.latency_ms, 95):.0f} ms. {more}"
    )
    if stats:
        for stage, values in s.stage_ms.items():
            console.print(f"  {stage:10s} median {s.p(values, 50):6.1f} ms   p95 {s.p(values, 95):6.1f} ms")
