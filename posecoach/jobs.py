"""``posecoach analyze``'s work: its options checked before any long work, then the analysis of
one file or of many, and the results written and saved. The command parses and prints."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from posecoach.batch import Outcome, expand_videos, json_paths
from posecoach.errors import PosecoachError
from posecoach.exercises.registry import DEMO, EXERCISES, get_exercise
from posecoach.paths import check_output_path, demo_clip

if TYPE_CHECKING:
    from posecoach.coach.exercise_coach import CoachSettings
    from posecoach.offline import AnalysisResult, ProgressCallback
    from posecoach.pose.estimator import EstimatorSettings
    from posecoach.store import Store


@dataclass(frozen=True)
class AnalyzeOptions:
    """``posecoach analyze``'s options, as given."""

    exercise: str | None = None
    json_out: Path | None = None
    trace: Path | None = None
    annotated: Path | None = None
    target: float | None = None
    demo: bool = False
    model: str | None = None
    save: bool = False
    db: Path | None = None
    user: str | None = None
    jobs: int | None = None

    def settings(self) -> tuple[CoachSettings, EstimatorSettings]:
        """The exercise coach's and the pose estimator's settings these options ask for."""
        from posecoach.coach.exercise_coach import CoachSettings
        from posecoach.pose.estimator import EstimatorSettings

        return CoachSettings(target_deg=self.target), EstimatorSettings(model=self.model)


def plan_analysis(videos: Sequence[Path], options: AnalyzeOptions) -> FileJob | BatchJob:
    """The job that ``videos`` (files or folders of them) and ``options`` ask for, every option
    checked: a ``PosecoachError`` for a mistake in them, before any long work."""
    files = expand_videos(videos)
    if len(files) > 1:
        return BatchJob.check(files, options)
    return FileJob.check(files[0] if files else None, options)


def _check_target(target: float | None) -> None:
    if target is not None and not 0 < target <= 90:
        raise PosecoachError(f"--target {target:g} is outside 0-90 degrees")


@dataclass
class FileJob:
    """One file's analysis: ``run`` it, then ``write`` and ``save`` its result."""

    video: Path
    exercise: str
    options: AnalyzeOptions
    store: Store | None = None  # opened before the analysis when the result is to be saved

    @classmethod
    def check(cls, video: Path | None, options: AnalyzeOptions) -> FileJob:
        """The job for ``video`` (or the demo clip), its options and output paths checked."""
        exercise = options.exercise
        if options.demo:
            video, exercise = video or demo_clip(), exercise or DEMO.exercise
        if video is None:
            raise PosecoachError("name a video file to analyse (or use --demo); see posecoach analyze --help")
        if exercise is None:
            raise PosecoachError(f"say which exercise the video shows: --exercise one of {', '.join(EXERCISES)}")
        spec = get_exercise(exercise)
        _check_target(options.target)
        json_out, trace, annotated = (
            None if path is None else check_output_path(path, option)
            for path, option in (
                (options.json_out, "--json"),
                (options.trace, "--trace"),
                (options.annotated, "--annotated"),
            )
        )
        options = replace(options, json_out=json_out, trace=trace, annotated=annotated)
        store = None
        if options.save:  # a database that cannot take the result is found out before the analysis, not after
            from posecoach.store import Store

            store = Store(options.db)
        return cls(video, spec.name, options, store)

    def run(self, on_progress: ProgressCallback | None = None) -> AnalysisResult:
        """Analyse the file, writing the annotated video as it goes when one was asked for."""
        from posecoach.offline import analyze_file

        settings, estimator_settings = self.options.settings()
        return analyze_file(
            self.video,
            self.exercise,
            settings=settings,
            estimator_settings=estimator_settings,
            annotated=self.options.annotated,
            on_progress=on_progress,
        )

    def ended_early(self, result: AnalysisResult) -> tuple[float, float] | None:
        """(when the frames stopped, the duration the video announces) in seconds when it stopped
        well short (see ``ended_early``); None for a landmark recording."""
        from posecoach.offline import LANDMARK_SUFFIX

        if self.video.suffix.lower() == LANDMARK_SUFFIX:
            return None
        return ended_early(self.video, result.frames, result.fps)

    def write(self, result: AnalysisResult) -> Iterator[Path]:
        """Write the JSON and the trace asked for, yielding each path once written, then the annotated video's."""
        options = self.options
        for path, write in ((options.json_out, result.write_json), (options.trace, result.write_trace)):
            if path is not None:
                try:
                    write(path)
                except OSError as error:
                    raise PosecoachError(
                        f"cannot write {path} ({error.strerror or error}); choose another path"
                    ) from None
                yield path
        if options.annotated is not None:
            yield options.annotated

    def save(self, result: AnalysisResult) -> int | None:
        """Log the result as a session when asked to: its number (None when not asked)."""
        if self.store is None:
            return None
        from posecoach.store.recorder import save_analysis
        from posecoach.store.sessions import default_user

        with self.store:
            return save_analysis(self.store, result, user=self.options.user or default_user())


@dataclass
class BatchJob:
    """Several files analysed in parallel processes, each result's JSON in ``json_outs``."""

    files: list[Path]
    exercise: str
    json_outs: list[Path]
    jobs: int
    options: AnalyzeOptions

    @classmethod
    def check(cls, files: list[Path], options: AnalyzeOptions) -> BatchJob:
        """The job for ``files``, its options checked and the JSON folder made."""
        from posecoach.pose.offline import default_workers

        if options.exercise is None:
            raise PosecoachError(f"say which exercise the videos show: --exercise one of {', '.join(EXERCISES)}")
        spec = get_exercise(options.exercise)
        if options.trace is not None or options.annotated is not None:
            raise PosecoachError("--trace and --annotated take one video; analyse that video on its own for them")
        _check_target(options.target)
        missing = [f for f in files if not f.is_file()]
        if missing:
            raise PosecoachError(f"video file not found: {missing[0]}; check the path")
        json_out = options.json_out
        if json_out is not None:
            if json_out.exists() and not json_out.is_dir():
                raise PosecoachError(f"--json {json_out} is a file; with several videos give a folder for their JSON")
            json_out.mkdir(parents=True, exist_ok=True)
        outs = json_paths(files, json_out)
        return cls(files, spec.name, outs, options.jobs or default_workers(), options)

    @property
    def at_once(self) -> int:
        """How many files are analysed at a time."""
        return min(self.jobs, len(self.files))

    def run(self, on_failure: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        """Analyse every file; the outcomes in the order of ``files``. ``on_failure`` hears of each
        file that could not be analysed as soon as it fails."""
        from posecoach.batch import analyze_many

        settings, estimator_settings = self.options.settings()
        outcomes = {}
        for outcome in analyze_many(
            self.files,
            self.exercise,
            self.json_outs,
            jobs=self.jobs,
            settings=settings,
            estimator_settings=estimator_settings,
        ):
            outcomes[outcome.video] = outcome
            if outcome.result is None and on_failure is not None:
                on_failure(outcome)
        return [outcomes[video] for video in self.files]

    def save(self, outcomes: Sequence[Outcome]) -> tuple[int, Path] | None:
        """Log each result as a session when asked to: (how many, the database); None when not asked."""
        if not self.options.save:
            return None
        from posecoach.store import Store
        from posecoach.store.recorder import save_analysis
        from posecoach.store.sessions import default_user

        with Store(self.options.db) as store:
            for outcome in outcomes:
                if outcome.result is not None:
                    save_analysis(store, outcome.result, user=self.options.user or default_user())
        return sum(outcome.result is not None for outcome in outcomes), store.path

    def check_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """A ``PosecoachError`` when any file could not be analysed (each has said why)."""
        failed = sum(outcome.result is None for outcome in outcomes)
        if failed:
            raise PosecoachError(f"{failed} of {len(self.files)} videos could not be analysed (see above)")


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
