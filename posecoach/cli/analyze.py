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
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from posecoach.analyze import LANDMARK_SUFFIX, analyze_file
    from posecoach.batch import expand_videos
    from posecoach.coach.analyzer import AnalyzerSettings
    from posecoach.exercises import get_exercise
    from posecoach.pose.estimator import EstimatorSettings

    files = expand_videos(videos or [])
    video = files[0] if len(files) == 1 else None
    if len(files) > 1:
        return analyze_several(files, exercise, json_out, trace, annotated, target, model, save, db, user, jobs)
    if demo:
        video, exercise = video or demo_clip(), exercise or DEMO.exercise
    if video is None:
        raise PosecoachError("name a video file to analyse (or use --demo); see posecoach analyze --help")
    if exercise is None:
        raise PosecoachError(f"say which exercise the video shows: --exercise one of {', '.join(EXERCISE_NAMES)}")
    spec = get_exercise(exercise)
    if target is not None and not 0 < target <= 90:
        raise PosecoachError(f"--target {target:g} is outside 0-90 degrees")
    from posecoach.paths import check_output_path

    json_out, trace, annotated = (
        None if path is None else check_output_path(path, option)
        for path, option in ((json_out, "--json"), (trace, "--trace"), (annotated, "--annotated"))
    )
    store = None
    if save:  # a database that cannot take the result is found out before the analysis, not after
        from posecoach.store import Store

        store = Store(db)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task(f"Analysing {video.name}", total=None)
        result = analyze_file(
            video,
            spec.name,
            settings=AnalyzerSettings(target_deg=target),
            estimator_settings=EstimatorSettings(model=model),
            annotated=annotated,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    print_result(result)
    ended = None if video.suffix.lower() == LANDMARK_SUFFIX else ended_early(video, result.frames, result.fps)
    if ended is not None:
        err_console.print(
            f"posecoach: warning: {video} ended early, at {ended[0]:.1f} s of the {ended[1]:.1f} s it "
            "announces (truncated or damaged?); the results cover only that part",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
    for path, write in ((json_out, result.write_json), (trace, result.write_trace)):
        if path is not None:
            try:
                write(path)
            except OSError as error:
                raise PosecoachError(f"cannot write {path} ({error.strerror or error}); choose another path") from None
            console.print(f"wrote {path}")
    if annotated is not None:
        console.print(f"wrote {annotated}")
    if store is not None:
        from posecoach.store.recorder import save_analysis
        from posecoach.store.sessions import default_user

        with store:
            session_id = save_analysis(store, result, user=user or default_user())
        console.print(f"saved as session {session_id} in {store.path}")


def analyze_several(
    files: list[Path],
    exercise: str | None,
    json_out: Path | None,
    trace: Path | None,
    annotated: Path | None,
    target: float | None,
    model: str | None,
    save: bool,
    db: Path | None,
    user: str | None,
    jobs: int | None,
) -> None:
    """Several videos in parallel processes: one JSON each (in ``json_out`` or beside the video), a summary."""
    from rich.table import Table

    from posecoach.batch import analyze_many, json_paths
    from posecoach.coach.analyzer import AnalyzerSettings
    from posecoach.coach.scoring import summarize
    from posecoach.exercises import get_exercise
    from posecoach.pose.estimator import EstimatorSettings
    from posecoach.pose.offline import default_workers

    if exercise is None:
        raise PosecoachError(f"say which exercise the videos show: --exercise one of {', '.join(EXERCISE_NAMES)}")
    spec = get_exercise(exercise)
    if trace is not None or annotated is not None:
        raise PosecoachError("--trace and --annotated take one video; analyse that video on its own for them")
    if target is not None and not 0 < target <= 90:
        raise PosecoachError(f"--target {target:g} is outside 0-90 degrees")
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise PosecoachError(f"video file not found: {missing[0]}; check the path")
    if json_out is not None:
        if json_out.exists() and not json_out.is_dir():
            raise PosecoachError(f"--json {json_out} is a file; with several videos give a folder for their JSON")
        json_out.mkdir(parents=True, exist_ok=True)
    outs = json_paths(files, json_out)
    jobs = jobs or default_workers()
    table = Table(title=f"{spec.name}: {len(files)} videos", title_justify="left")
    for column in ("video", "frames", "person", "left", "right", "total", "mean score", "json"):
        table.add_column(column, justify="left" if column in ("video", "json") else "right")
    failed, results = 0, {}
    with err_console.status(f"Analysing {len(files)} videos, {min(jobs, len(files))} at a time"):
        for outcome in analyze_many(
            files,
            spec.name,
            outs,
            jobs=jobs,
            settings=AnalyzerSettings(target_deg=target),
            estimator_settings=EstimatorSettings(model=model),
        ):
            results[outcome.video] = outcome
            if outcome.result is None:
                failed += 1
                err_console.print(f"posecoach: {outcome.video.name}: {outcome.error}")
    for video in files:  # the table in the order given
        outcome = results[video]
        r = outcome.result
        if r is None:
            table.add_row(video.name, "-", "-", "-", "-", "-", "failed", "-")
            continue
        mean = summarize([rep.score for rep in r.reps])
        table.add_row(
            video.name,
            str(r.frames),
            f"{r.frames_with_person / max(r.frames, 1):.0%}",
            str(r.counts["left"]),
            str(r.counts["right"]),
            str(r.counts["total"]),
            "-" if mean is None else str(mean),
            str(outcome.json),
        )
    console.print(table)
    if save:
        from posecoach.store import Store
        from posecoach.store.recorder import save_analysis
        from posecoach.store.sessions import default_user

        with Store(db) as store:
            for video in files:
                result = results[video].result
                if result is not None:
                    save_analysis(store, result, user=user or default_user())
        console.print(f"saved {len(files) - failed} sessions in {store.path}")
    if failed:
        raise PosecoachError(f"{failed} of {len(files)} videos could not be analysed (see above)")


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


def demo_clip() -> Path:
    """The shipped demo video (a rendered side bend, 8 reps)."""
    from posecoach.paths import PACKAGE_DIR

    return PACKAGE_DIR / "data" / DEMO.clip


def ended_early(video: Path, frames_read: int, fps: float) -> tuple[float, float] | None:
    """(when the frames stopped, the duration the container announces) in seconds, when
    ``video`` stopped giving frames well short of that (a truncated download or copy); None when
    it played to its end or announces nothing."""
    import cv2

    capture = cv2.VideoCapture(str(video))
    try:
        expected = int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) if capture.isOpened() else 0
    finally:
        capture.release()
    # A few frames' slack: containers round their durations, and some decoders drop the last one.
    if expected <= 0 or frames_read >= expected - max(3, 0.02 * expected):
        return None
    return frames_read / fps, expected / fps
