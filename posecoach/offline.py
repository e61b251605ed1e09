"""Offline analysis of a video file: frames -> poses -> exercise_coach -> result, trace and annotated video.

``posecoach analyze`` and ``posecoach run`` drive the same ``ExerciseCoach``; this module is the
file-in-order driver and its writers (JSON result, per-frame trace CSV, annotated MP4).
"""

from __future__ import annotations

import csv
import json
import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import cv2

from posecoach.body.calibration import MIN_FPS, Neutral
from posecoach.body.view import body_up_direction, level_for_real, orientation_hint
from posecoach.coach.events import CueIssued, Event, FaultSpan, Rep, RepCompleted
from posecoach.coach.exercise_coach import CoachSettings, ExerciseCoach
from posecoach.coach.journal import EventJournal
from posecoach.coach.scoring import summarize
from posecoach.errors import SourceError
from posecoach.pose.estimator import EstimatorSettings
from posecoach.pose.offline import FilePoses
from posecoach.pose.recording import LandmarkRecording
from posecoach.pose.types import Pose
from posecoach.store.motion import MotionCapture, RepMotion
from posecoach.ui.overlay import draw_overlay
from posecoach.video.sources import Frame


@dataclass
class TraceRow:
    t_s: float
    person: int
    metric: float | None
    drive: float | None
    phase: str


@dataclass
class AnalysisResult:
    """Everything ``posecoach analyze`` reports about one video."""

    exercise: str
    video: str
    fps: float
    frames: int
    frames_with_person: int
    metric: str
    target_deg: float
    reps: list[Rep]
    faults: list[FaultSpan]
    counts: dict[str, int]
    calibrated_at_s: float | None
    trace: list[TraceRow] = field(default_factory=list)
    model: str = ""
    calibration: dict[str, float] | None = None
    calibration_method: str | None = None  # how neutral was found: "still" or "inferred"
    notice: str | None = None  # one line for the user when the video could not be counted as is
    motions: list[RepMotion] = field(default_factory=list)  # each rep's motion, stored with --save

    def as_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "video": self.video,
            "fps": round(self.fps, 3),
            "frames": self.frames,
            "frames_with_person": self.frames_with_person,
            "metric": self.metric,
            "target_deg": self.target_deg,
            "calibrated_at_s": self.calibrated_at_s,
            "calibration": self.calibration_method,
            "notice": self.notice,
            "model": self.model,
            "reps": [rep.as_dict() for rep in self.reps],
            "counts": dict(self.counts),
            "mean_score": summarize([rep.score for rep in self.reps]),
            "faults": [span.as_dict() for span in sorted(self.faults, key=lambda f: (f.start_s, f.code))],
        }

    def write_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.as_dict(), indent=2) + "\n")

    def write_trace(self, path: str | Path) -> None:
        """One row per frame: t_s, person (0/1), the primary metric (empty before calibration or
        without a person), the counted signal, and the exercise coach's phase."""
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["t_s", "person", self.metric, "drive_deg", "phase"])
            for row in self.trace:
                writer.writerow(
                    [
                        f"{row.t_s:.3f}",
                        row.person,
                        _fmt(row.metric),
                        _fmt(row.drive),
                        row.phase,
                    ]
                )


def _fmt(value: float | None) -> str:
    return "" if value is None or not math.isfinite(value) else f"{value:.2f}"


ProgressCallback = Callable[[int, int | None], None]
#: A landmark recording's file suffix (``posecoach.pose.recording``).
LANDMARK_SUFFIX = ".npz"
log = logging.getLogger(__name__)


def analyze_file(
    path: str | Path,
    exercise: str,
    *,
    settings: CoachSettings | None = None,
    estimator_settings: EstimatorSettings | None = None,
    annotated: str | Path | None = None,
    on_progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> AnalysisResult:
    """Analyse a video with real MediaPipe, frame by frame in order, or a landmark recording
    (``.npz``), as ``exercise``.

    A video's poses are estimated by up to ``workers`` threads on parts of the file (``None``: one
    per core; see ``posecoach.pose.offline``); an annotated video is made in a single pass."""
    if Path(path).suffix.lower() == LANDMARK_SUFFIX:
        if annotated is not None:
            raise SourceError(
                f"{path} holds landmarks, not pictures, so there is nothing to annotate: leave out --annotated"
            )
        return analyze_recording(path, exercise, settings=settings)
    with FilePoses(path, estimator_settings, workers=workers, frames=annotated is not None) as source:
        return analyze_poses(
            source, str(path), exercise, settings=settings, annotated=annotated, on_progress=on_progress
        )


def analyze_recording(recording: str | Path, exercise: str, *, settings: CoachSettings | None = None) -> AnalysisResult:
    """Analyse a landmark recording (``posecoach.pose.recording``) as ``exercise``: the same
    analysis as a video's, on landmarks estimated earlier."""
    with LandmarkRecording(recording) as source:
        return analyze_poses(source, str(recording), exercise, settings=settings)


def analyze_poses(
    source: PoseSource,
    name: str,
    exercise: str,
    *,
    settings: CoachSettings | None = None,
    annotated: str | Path | None = None,
    on_progress: ProgressCallback | None = None,
) -> AnalysisResult:
    """Run the exercise coach over every ``(index, pose, frame)`` of ``source``, in order."""
    exercise_coach = ExerciseCoach(exercise, settings)
    journal = EventJournal()
    log.info("analysing %s as %s", name, exercise_coach.spec.name)
    run = _Run()
    writer = None
    try:
        for index, pose, frame in source:
            run.step(exercise_coach, journal, pose)
            if annotated is not None:
                assert frame is not None
                if writer is None:
                    writer = _open_writer(annotated, source.fps, frame.width, frame.height)
                shown = run.cue if pose.t_s < run.cue_until else None
                writer.write(draw_overlay(frame.image.copy(), pose, exercise_coach.state, shown))
            if on_progress is not None:
                on_progress(index + 1, source.frame_count)
    finally:
        if writer is not None:
            writer.release()
    last = exercise_coach.finish()
    journal.record(last)
    journal.close()
    _capture(run.capture, last)
    run.motions += run.capture.finish()
    neutral = exercise_coach.neutral
    return AnalysisResult(
        exercise=exercise_coach.spec.name,
        video=name,
        fps=source.fps,
        frames=exercise_coach.frames,
        frames_with_person=exercise_coach.frames_with_person,
        metric=exercise_coach.spec.metric,
        target_deg=exercise_coach.target,
        reps=list(exercise_coach.reps),
        faults=list(exercise_coach.fault_spans),
        counts=exercise_coach.counts,
        # found at the end when it is a hold to the end
        calibrated_at_s=run.calibrated_at if run.calibrated_at is not None else _end(neutral),
        trace=run.trace,
        model=str(source.model.path),
        calibration=dict(neutral.values) if neutral else None,
        calibration_method=exercise_coach.calibration,
        notice=_notice(exercise_coach, run.directions, source.fps),
        motions=run.motions,
    )


class PoseSource(Protocol):
    """What ``analyze_poses`` reads: ``(index, pose, frame)`` in order, and the source's rate."""

    @property
    def fps(self) -> float: ...
    @property
    def frame_count(self) -> int | None: ...
    @property
    def model(self) -> Any: ...

    def __iter__(self) -> Iterator[tuple[int, Pose, Frame | None]]: ...


def _end(neutral: Neutral | None) -> float | None:
    return None if neutral is None else round(neutral.end_s, 3)


@dataclass
class _Run:
    """What one analysis keeps besides the exercise coach: the trace, the cue shown, the body's direction."""

    trace: list[TraceRow] = field(default_factory=list)
    directions: list[float] = field(default_factory=list)
    calibrated_at: float | None = None
    cue: str | None = None
    cue_until: float = 0.0
    capture: MotionCapture = field(default_factory=MotionCapture)
    motions: list[RepMotion] = field(default_factory=list)

    def step(self, exercise_coach: ExerciseCoach, journal: EventJournal, pose: Pose) -> None:
        if (up := body_up_direction(pose)) is not None and not level_for_real(pose):
            self.directions.append(up)
        events = exercise_coach.update(pose)
        journal.frame(len(self.trace), pose.t_s)
        journal.record(events)
        for event in events:
            if isinstance(event, CueIssued):
                self.cue, self.cue_until = event.text, event.t_s + 2.5
        if self.calibrated_at is None:
            self.calibrated_at = _end(exercise_coach.neutral)
        state = exercise_coach.state
        self.trace.append(TraceRow(pose.t_s, int(not pose.is_empty), state.value, state.drive, state.phase))
        _capture(self.capture, events)
        self.motions += self.capture.frame(pose, state.value, state.drive)


def _capture(capture: MotionCapture, events: list[Event]) -> None:
    """Hand the counted reps to the motion capture."""
    for event in events:
        if isinstance(event, RepCompleted):
            capture.rep(event.rep)


def _notice(exercise_coach: ExerciseCoach, directions: list[float], fps: float) -> str | None:
    """Why nothing (or not everything) could be measured, in one line naming the fix (None when
    counting went ahead)."""
    if exercise_coach.frames_with_person == 0:
        return "No one was seen in the video: film the person with their whole body in view."
    if 0 < fps < MIN_FPS:
        return f"The video has {fps:.3g} frames a second, too few to measure: film at {MIN_FPS:.0f} or more."
    problems = exercise_coach.setup_problems.most_common(1)
    if exercise_coach.neutral is None and problems and problems[0][0] == "too_far":  # its landmarks may lie upside down
        return "The person is too small in the picture to measure: film from 2-3 m, whole body in view."
    hint = orientation_hint(directions) if not exercise_coach.reps else None
    if hint is not None:
        return hint
    if exercise_coach.neutral is None:
        spec = exercise_coach.spec
        view = "facing the camera" if spec.view == "front" else "side-on to the camera"
        still = STILL_IN_POSTURE[spec.posture]
        return (
            f"Never calibrated: film the person {view}, whole body in view, {still} for a second or doing the exercise."
        )
    return None


#: How the user waits to be calibrated, by the exercise's posture.
STILL_IN_POSTURE = {
    "standing": "standing still",
    "seated": "sitting still",
    "all_fours": "still on hands and knees",
}


def _open_writer(path: str | Path, fps: float, width: int, height: int) -> cv2.VideoWriter:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (width, height))
    if not writer.isOpened():
        raise SourceError(f"cannot write the annotated video {path}; check the folder exists and is writable")
    return writer
