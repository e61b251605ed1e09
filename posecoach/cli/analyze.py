"""``posecoach analyze``: offline analysis of a recorded video."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from posecoach.cli import EXERCISE_NAMES, DbOption, ModelOption, UserOption, app, console, err_console, rep_table
from posecoach.errors import PosecoachError
from posecoach.exercises.spec import DEMO

if TYPE_CHECKING:
    from posecoach.analyze import AnalysisResult


@app.command()
def analyze(
    video: Annotated[Optional[Path], typer.Argument(help="A video file of one person stretching.")] = None,
    exercise: Annotated[
        Optional[str], typer.Option("--exercise", "-e", help=f"One of: {', '.join(EXERCISE_NAMES)}.")
    ] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the result as JSON.")] = None,
    trace: Annotated[Optional[Path], typer.Option("--trace", help="Write a per-frame CSV trace.")] = None,
    annotated: Annotated[
        Optional[Path], typer.Option("--annotated", help="Write the video with the coach's overlay.")
    ] = None,
    target: Annotated[
        Optional[float], typer.Option("--target", help="Target angle in degrees (default: the exercise's).")
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Analyse the shipped side-bend demo clip.")] = False,
    model: ModelOption = None,
    save: Annotated[bool, typer.Option("--save", help="Log the result as a session in the database.")] = False,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Analyse a recorded video: count reps per side, score them and flag posture faults."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from posecoach.analyze import analyze_video
    from posecoach.coach.analyzer import AnalyzerSettings
    from posecoach.exercises import get_exercise
    from posecoach.pose.estimator import EstimatorSettings

    if demo:
        video, exercise = video or demo_clip(), exercise or DEMO.exercise
    if video is None:
        raise PosecoachError("name a video file to analyse (or use --demo); see posecoach analyze --help")
    if exercise is None:
        raise PosecoachError(f"say which exercise the video shows: --exercise one of {', '.join(EXERCISE_NAMES)}")
    spec = get_exercise(exercise)
    if target is not None and not 0 < target <= 90:
        raise PosecoachError(f"--target {target:g} is outside 0-90 degrees")
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeRemainingColumn(), console=err_console, transient=True) as progress:
        task = progress.add_task(f"Analysing {video.name}", total=None)
        result = analyze_video(
            video, spec.name, settings=AnalyzerSettings(target_deg=target),
            estimator_settings=EstimatorSettings(model=model), annotated=annotated,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    print_result(result)
    for path, write in ((json_out, result.write_json), (trace, result.write_trace)):
        if path is not None:
            write(path)
            console.print(f"wrote {path}")
    if annotated is not None:
        console.print(f"wrote {annotated}")
    if save:
        from posecoach.store import Store
        from posecoach.store.recorder import save_analysis
        from posecoach.store.sessions import default_user

        with Store(db) as store:
            session_id = save_analysis(store, result, user=user or default_user())
        console.print(f"saved as session {session_id} in {store.path}")


def print_result(result: AnalysisResult) -> None:
    """The per-rep table and a summary line."""
    from posecoach.coach.scoring import summarize

    console.print(rep_table(f"{result.exercise}: {Path(result.video).name}", result.reps))
    counts = result.counts
    mean = summarize([rep.score for rep in result.reps])
    console.print(
        f"reps: left {counts['left']}, right {counts['right']}, total {counts['total']}"
        + (f"; mean score {mean}" if mean is not None else "")
        + f"; person in {result.frames_with_person}/{result.frames} frames"
    )
    if result.calibrated_at_s is None:
        console.print("[yellow]Never calibrated: the video needs about 1.5 s of standing still in the "
                      "right view at the start.[/]")


def demo_clip() -> Path:
    """The shipped demo video (a rendered side bend, 8 reps)."""
    from posecoach.paths import PACKAGE_DIR

    return PACKAGE_DIR / "data" / DEMO.clip


