"""What the exercise coach tells the rest of the program: typed events and the reps it counted."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Below this a rep's measurement is too uncertain to track progress or set targets with.
LOW_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Rep:
    """One counted rep or hold. Angles are the primary metric, signed per the contract."""

    index: int  # 1-based, in order of completion
    side: str | None  # "left", "right", or None (cat-cow, forward fold)
    start_s: float
    peak_s: float
    end_s: float
    peak_deg: float
    hold_s: float
    score: int
    faults: tuple[str, ...]
    drive_peak_deg: float  # the peak targets are judged on: the counted signal's (for twists: the
    # shoulders' turn), or the metric's where the spec says (ExerciseSpec.judge_on_metric: the fold)
    extra: dict[str, float] = field(default_factory=dict)  # cat-cow: cow_peak_deg, cow_peak_s ...
    # How far the measurement can be trusted, 0-1, and why not fully (codes such as "oblique_view",
    # "landmarks_hidden", "left_right_swaps", "too_far", "too_close", "camera_tilt"). A rep below
    # LOW_CONFIDENCE still counts, but never feeds progress or adaptive targets.
    confidence: float = 1.0
    confidence_reasons: tuple[str, ...] = ()

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "index": self.index,
            "side": self.side,
            "start_s": round(self.start_s, 3),
            "peak_s": round(self.peak_s, 3),
            "end_s": round(self.end_s, 3),
            "peak_deg": round(self.peak_deg, 1),
            "hold_s": round(self.hold_s, 2),
            "score": self.score,
            "faults": list(self.faults),
            "confidence": round(self.confidence, 2),
            "confidence_reasons": list(self.confidence_reasons),
        }
        out.update({k: round(v, 3) for k, v in self.extra.items()})
        return out


@dataclass(frozen=True)
class Event:
    t_s: float


@dataclass(frozen=True)
class CalibrationDone(Event):
    start_s: float
    end_s: float


@dataclass(frozen=True)
class SetupProblem(Event):
    code: str  # no_person, out_of_frame, wrong_view_front/side, hold_still, too_far
    message: str


@dataclass(frozen=True)
class RepCompleted(Event):
    rep: Rep


@dataclass(frozen=True)
class HoldProgress(Event):
    held_s: float
    target_s: float


@dataclass(frozen=True)
class FaultRaised(Event):
    code: str
    message: str


@dataclass(frozen=True)
class FaultCleared(Event):
    code: str


@dataclass(frozen=True)
class CueIssued(Event):
    text: str


@dataclass(frozen=True)
class FaultSpan:
    code: str
    start_s: float
    end_s: float
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "message": self.message,
        }
