"""``posecoach analyze``: offline analysis of a recorded video."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from posecoach.cli import EXERCISE_NAMES, DbOption, ModelOption, UserOption, app, console, err_console, rep_table

if TYPE_CHECKING:
    from rich.progress import Progress
    from rich.table import Table

    from posecoach.batch import Outcome
    from posecoach.jobs import BatchJob, FileJob
    from posecoach.offline import AnalysisResult


@app.command()
def analyze(
    videos: Annotated[
        Optional[list[Path]],
        typer.Argument(
            help="Video files of one person stretching (or landmark recordings, .npz), or folders of them (analysed in parallel).",
            show_default=False,
        ),
    ] = None,
    exercise: Annotated[
        Optional[str], typer.Option("--exercise", "-e", help=f"One of: {', '.join(EXERCISE_NAMES)}.")
    ] = None,
    json_out: Annotated[
        Optional[Path], typer.Option("--json", help="Write the result as JSON (several videos: a folder for them).")
    ] = None,
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
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", min=1, help="Videos analysed at once (default: one per core).")
    ] = None,
) -> None:
    """Analyse a recorded video: count reps per side, score them and flag posture faults."""
    from posecoach.jobs import AnalyzeOptions, FileJob, plan_analysis

    options = AnalyzeOptions(
        exercise=exercise,
        json_out=json_out,
        trace=trace,
        annotated=annotated,
        target=target,
        demo=demo,
        model=model,
        save=save,
        db=db,
        user=user,
        jobs=jobs,
    )
    job = plan_analysis(videos or [], options)
    if isinstance(job, FileJob):
        _analyze_one(job)
    else:
        _analyze_several(job)


def _analyze_one(job: FileJob) -> None:
    """One file, with a progress bar: its reps, then the outputs asked for."""
    with _progress_bar() as progress:
        task = progress.add_task(f"Analysing {job.video.name}", total=None)
        result = job.run(on_progress=lambda done, total: progress.update(task, completed=done, total=total))
    print_result(result)
    ended = job.ended_early(result)
    if ended is not None:
        err_console.print(
            f"posecoach: warning: {job.video} ended early, at {ended[0]:.1f} s of the {ended[1]:.1f} s it "
            "announces (truncated or damaged?); the results cover only that part",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
    for path in job.write(result):
        console.print(f"wrote {path}")
    session_id = job.save(result)
    if job.store is not None:
        console.print(f"saved as session {session_id} in {job.store.path}")


def _progress_bar() -> Progress:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )


def _analyze_several(job: BatchJob) -> None:
    """Several videos in parallel processes: one JSON each (in ``--json`` or beside the video), a summary."""
    with err_console.status(f"Analysing {len(job.files)} videos, {job.at_once} at a time"):
        outcomes = job.run(on_failure=lambda o: err_console.print(f"posecoach: {o.video.name}: {o.error}"))
    console.print(_outcomes_table(job, outcomes))
    saved = job.save(outcomes)
    if saved is not None:
        console.print(f"saved {saved[0]} sessions in {saved[1]}")
    job.check_outcomes(outcomes)


def _outcomes_table(job: BatchJob, outcomes: list[Outcome]) -> Table:
    """One row per video, in the order given."""
    from rich.table import Table

    from posecoach.coach.scoring import summarize

    table = Table(title=f"{job.exercise}: {len(job.files)} videos", title_justify="left")
    for column in ("video", "frames", "person", "left", "right", "total", "mean score", "json"):
        table.add_column(column, justify="left" if column in ("video", "json") else "right")
    for outcome in outcomes:
        r = outcome.result
        if r is None:
            table.add_row(outcome.video.name, "-", "-", "-", "-", "-", "failed", "-")
            continue
        mean = summarize([rep.score for rep in r.reps])
        table.add_row(
            outcome.video.name,
            str(r.frames),
            f"{r.frames_with_person / max(r.frames, 1):.0%}",
            str(r.counts["left"]),
            str(r.counts["right"]),
            str(r.counts["total"]),
            "-" if mean is None else str(mean),
            str(outcome.json),
        )
    return table


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
    low = [rep.index for rep in result.reps if rep.low_confidence]
    if low:
        console.print(
            f"[yellow]Low-confidence reps {low}: they count, but are kept out of progress and "
            "targets (see the confidence column for why).[/]"
        )
    if result.notice:
        console.print(f"[yellow]{result.notice}[/]")
