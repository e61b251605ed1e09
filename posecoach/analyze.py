"""Offline analysis of a video file: frames -> poses -> analyzer -> result, trace and annotated video.

``posecoach analyze`` and ``posecoach run`` drive the same ``Analyzer``; this module is the
file-in-order driver and its writers (JSON result, per-frame trace CSV, annotated MP4).
"""

from __future__ import annotations

import csv
import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2

from posecoach.analysis.calibration import MIN_FPS
from posecoach.analysis.view import body_up_direction, orientation_hint
from posecoach.coach.analyzer import Analyzer, AnalyzerSettings
from posecoach.coach.events import CueIssued, Event, FaultSpan, Rep, RepCompleted
from posecoach.coach.scoring import summarize
from posecoach.errors import SourceError
from posecoach.logs import EventJournal
from posecoach.pose.estimator import EstimatorSettings
from posecoach.pose.offline import FilePoses
from posecoach.store.motion import MotionCapture, RepMotion
from posecoach.ui.overlay import draw_overlay


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
        without a person), the counted signal, and the analyzer's phase."""
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
log = logging.getLogger(__name__)


def analyze_video(
    video: str | Path,
    exercise: str,
    *,
    settings: AnalyzerSettings | None = None,
    estimator_settings: EstimatorSettings | None = None,
    annotated: str | Path | None = None,
    on_progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> AnalysisResult:
    """Analyse ``video`` as ``exercise`` with real MediaPipe, frame by frame in order.

    Poses are estimated by up to ``workers`` threads on parts of the file (``None``: one per
    core; see ``posecoach.pose.offline``); an annotated video is made in a single pass."""
    analyzer = Analyzer(exercise, settings)
    journal = EventJournal()
    log.info("analysing %s as %s", video, analyzer.spec.name)
    calibrated_at: float | None = None
    trace: list[TraceRow] = []
    writer = None
    cue: str | None = None
    cue_until = 0.0
    directions: list[float] = []
    capture = MotionCapture()
    motions: list[RepMotion] = []
    with FilePoses(video, estimator_settings, workers=workers, frames=annotated is not None) as source:
        try:
            for index, pose, frame in source:
                if (up := body_up_direction(pose)) is not None:
                    directions.append(up)
                events = analyzer.update(pose)
                journal.frame(index, pose.t_s)
                journal.record(events)
                for event in events:
                    if isinstance(event, CueIssued):
                        cue, cue_until = event.text, event.t_s + 2.5
                if calibrated_at is None and analyzer.neutral is not None:
                    calibrated_at = round(analyzer.neutral.end_s, 3)
                state = analyzer.state
                trace.append(TraceRow(pose.t_s, int(not pose.is_empty), state.value, state.drive, state.phase))
                _capture(capture, events)
                motions += capture.frame(pose, state.value, state.drive)
                if annotated is not None:
                    assert frame is not None
                    if writer is None:
                        writer = _open_writer(annotated, source.fps, frame.width, frame.height)
                    shown = cue if pose.t_s < cue_until else None
                    writer.write(draw_overlay(frame.image.copy(), pose, state, shown))
                if on_progress is not None:
                    on_progress(index + 1, source.frame_count)
        finally:
            if writer is not None:
                writer.release()
        last = analyzer.finish()
        journal.record(last)
        journal.close()
        _capture(capture, last)
        motions += capture.finish()
        if calibrated_at is None and analyzer.neutral is not None:  # found at the end (a hold to the end)
            calibrated_at = round(analyzer.neutral.end_s, 3)
        return AnalysisResult(
            exercise=analyzer.spec.name,
            video=str(video),
            fps=source.fps,
            frames=analyzer.frames,
            frames_with_person=analyzer.frames_with_person,
            metric=analyzer.spec.metric,
            target_deg=analyzer.target,
            reps=list(analyzer.reps),
            faults=list(analyzer.fault_spans),
            counts=analyzer.counts,
            calibrated_at_s=calibrated_at,
            trace=trace,
            model=str(source.model.path),
            calibration=dict(analyzer.neutral.values) if analyzer.neutral else None,
            calibration_method=analyzer.calibration,
            notice=_notice(analyzer, directions, source.fps),
            motions=motions,
        )


def _capture(capture: MotionCapture, events: list[Event]) -> None:
    """Hand the counted reps to the motion capture."""
    for event in events:
        if isinstance(event, RepCompleted):
            capture.rep(event.rep)


def _notice(analyzer: Analyzer, directions: list[float], fps: float) -> str | None:
    """Why nothing (or not everything) could be measured, in one line naming the fix (None when
    counting went ahead)."""
    if analyzer.frames_with_person == 0:
        return "No one was seen in the video: film the person with their whole body in view."
    if 0 < fps < MIN_FPS:
        return f"The video has {fps:.3g} frames a second, too few to measure: film at {MIN_FPS:.0f} or more."
    problems = analyzer.setup_problems.most_common(1)
    if analyzer.neutral is None and problems and problems[0][0] == "too_far":  # its landmarks may lie upside down
        return "The person is too small in the picture to measure: film from 2-3 m, whole body in view."
    hint = orientation_hint(directions) if not analyzer.reps else None
    if hint is not None:
        return hint
    if analyzer.neutral is None:
        view = "facing the camera" if analyzer.spec.view == "front" else "side-on to the camera"
        return (
            f"Never calibrated: film the person {view}, whole body in view, standing still for a "
            "second or doing the exercise."
        )
    return None


def _open_writer(path: str | Path, fps: float, width: int, height: int) -> cv2.VideoWriter:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (width, height))
    if not writer.isOpened():
        raise SourceError(f"cannot write the annotated video {path}; check the folder exists and is writable")
    return writer
