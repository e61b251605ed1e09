"""What an exercise definition holds: the types every definition in ``exercises/definitions/`` fills in.

A definition is data: how the user is placed (view, posture), what is measured and counted, the
default target with its safe limits, the posture faults (each a rule with its threshold, the
reason for it and the cue the user hears), the instructions and safety notes, and how the overlay
shows progress. Nothing outside ``exercises/`` names an exercise: it reads these fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Literal

from posecoach.body.calibration import View, ViewLimits
from posecoach.body.neutral import NeutralRule
from posecoach.exercises.codes import MESSAGES

Posture = Literal["standing", "seated", "all_fours"]
Timing = Literal["transit", "peak_speed"]
ArmPosition = Literal[
    "overhead",
    "weight_overhead",
    "hand_on_hip_weight",
    "hands_on_hips",
    "arms_crossed",
    "hands_at_chest",
    "arms_in_front",
    "hands_on_thighs",
    "hands_on_floor",
    "reaching_forward",
]
#: What each arm position is, in the words the user reads.
ARM_POSITIONS: dict[str, str] = {
    "overhead": "arms overhead",
    "weight_overhead": "a light weight held overhead in both hands",
    "hand_on_hip_weight": "one hand on the hip, a weight in the other",
    "hands_on_hips": "hands on the hips",
    "arms_crossed": "arms crossed over the chest",
    "hands_at_chest": "hands at the chest, elbows up",
    "arms_in_front": "arms straight out in front (a weight held in both hands)",
    "hands_on_thighs": "hands on the thighs",
    "hands_on_floor": "hands on the floor under the shoulders",
    "reaching_forward": "arms reaching forward or overhead",
}


class Counting(Enum):
    SIDED_REPS = "sided_reps"  # out to one side and back, alternating sides
    SIDED_HOLDS = "sided_holds"  # out to one side, hold, back
    CYCLE = "cycle"  # cat then cow
    HOLD = "hold"  # one position, held


@dataclass(frozen=True)
class Threshold:
    """A limit on one signal, and why it sits there (what a coach would call a visible fault)."""

    signal: str  # a ``Signals`` field, or a measure of ``exercises/measures.py``
    value: float
    reason: str


@dataclass(frozen=True)
class Applies:
    """When a fault rule can be decided. Where it cannot, the rule stays silent: it never guesses.

    ``landmarks`` are the landmarks the rule reads; each must be at least ``min_visibility``
    visible. The torso must be at least ``min_torso_px`` pixels long in the frame: MediaPipe's
    landmarks wander by a few pixels, and on a small body that is many degrees. A rep keeps a fault
    of the rule only when its confidence (``body/confidence.py``: view, visibility, swaps,
    size, camera) is at least ``min_confidence``. ``reason`` says why the limits sit where they do.
    """

    landmarks: tuple[int, ...] = ()
    min_visibility: float = 0.5
    min_torso_px: float = 0.0
    # A rep under 0.5 is marked low confidence (coach/events.py): its angles are kept out of targets
    # and progress, and its faults are not told either.
    min_confidence: float = 0.5
    reason: str = ""


@dataclass(frozen=True)
class FaultRule:
    """A posture fault: its stable code, the cue the user hears, and how it is judged.

    ``check`` names the function in ``exercises/faults.py`` that judges it: every frame
    (``FRAME_RULES``), on the whole rep when it completes (``REP_RULES``: range, tempo, hold), or
    ``"setup"`` for ``out_of_frame``. ``limits`` are the thresholds that function reads, and
    ``applies`` when the rule can be decided at all. ``label`` names what it watches, in a word or
    two, for the instruction card ("hips", "speed"); ``parts`` the landmarks whose mean is the spot
    the live view and the replays mark (none for a fault of the whole movement). ``learns`` names a
    signal (a ``Signals`` field) whose value the user's own counted reps held, per side, the rule
    compares against (``FrameFacts.usual``); "" for none.
    """

    code: str
    cue: str
    check: str
    limits: tuple[Threshold, ...] = ()
    applies: Applies = field(default_factory=Applies)
    label: str = ""
    parts: tuple[int, ...] = ()
    learns: str = ""

    def limit(self, signal: str) -> float:
        """The threshold on ``signal``; a rule without it is a bug in its definition."""
        for item in self.limits:
            if item.signal == signal:
                return item.value
        raise KeyError(f"fault rule {self.code} has no threshold on {signal}")


@dataclass(frozen=True)
class NotChecked:
    """A fault a coach would point out that one camera in the exercise's view cannot see: listed,
    with the reason, so that the user knows it is not watched, and never flagged."""

    code: str
    label: str  # what it is, in a word or two ("forward lean")
    reason: str


@dataclass(frozen=True)
class Gauge:
    """How the live view shows progress: the sides of the gauge that carry a target band (+1 the
    target; -1 the target mirrored for a stretch done to both sides, else the counter target, the
    cow's), and the words at its negative and positive ends."""

    sides: tuple[int, ...] = (1, -1)
    ends: tuple[str, str] = ("", "further")


@dataclass(frozen=True)
class ExerciseSpec:
    """A stretch. Angles are degrees from the user's neutral; targets are per side.

    ``tolerance_deg`` is the band around the target that still counts as reaching it; it is wider
    for the twists, whose single-camera estimate is the least accurate of the metrics.
    """

    name: str
    title: str
    view: View
    metric: str  # the primary metric (JSON, trace and database column)
    drive: str  # the signal whose excursions are counted (what the user visibly does)
    counting: Counting
    target_deg: float
    tolerance_deg: float
    hold_s: float  # hold per rep (0: dynamic)
    tempo_s: float  # expected seconds for one rep, out and back
    faults: tuple[str, ...]
    required: tuple[int, ...]
    instructions: str
    counter_target_deg: float = 0.0  # cat-cow: the cow's target (as a positive number)
    min_enter_deg: float = 12.0  # an excursion must pass max(this, half the target) to count
    # A partial rep (out and back short of that, flagged partial_range) must pass this (None: the
    # same): below it lie the sway and glances of someone standing or sitting about.
    min_partial_deg: float | None = None
    standing: bool = True
    arm_lever: bool = False  # the arms move with the chest: read its turn from the elbows
    # How a rep's movement is timed for its tempo (exercises/tempo.py): the time spent between rest
    # and the peak, or the peak speed.
    timing: Timing = "transit"
    # The target, partial_range, the hold at the target and the peak kept for progress are judged on
    # the metric, not the drive: the fold counts its tilt since the neutral, but measures it from the
    # vertical.
    judge_on_metric: bool = False
    # A rep is this exercise's movement only where the metric goes out with the counted signal, by
    # at least this share of it: a twist turns the shoulders against the hips, while someone turning
    # as a whole as they stand about moves the shoulders with the hips.
    min_metric_share: float = 0.0
    # The posecoach version since which this exercise's angle is measured as it is now ("": always).
    # Reps stored by an older version are left out of progress and adaptive targets: their angles
    # do not compare with today's.
    measured_since: str = ""
    # How the neutral is found from the movement when the user never holds still (the raw measure
    # behind ``drive``, where its starting value lies).
    neutral_rule: NeutralRule = field(default_factory=lambda: NeutralRule(raw=""))
    # The counted signal follows raised arms (the shoulder line rides with them): frames with the
    # arms away from where they were at neutral are not counted.
    arms_gate: bool = False
    # How far off square-on or side-on the body may be and still be measured (a camera a little off
    # the body's axis is common at home).
    view_limits: ViewLimits = field(default_factory=ViewLimits)
    # The arm positions people do this stretch with, each counted (real recordings and renders in
    # tests/data/real and tests/data/variants; ARM_POSITIONS says what each is).
    arm_positions: tuple[ArmPosition, ...] = ()
    # -- the declarative rest of a definition ---------------------------------------------------
    posture: Posture = "standing"
    safe_target_deg: tuple[float, float] = (5.0, 40.0)  # the targets it is safe to ask of anyone
    fault_rules: tuple[FaultRule, ...] = ()
    # Faults of this stretch that one camera in its view cannot see (never flagged; said so).
    not_checked: tuple[NotChecked, ...] = ()
    safety: str = ""
    gauge: Gauge = field(default_factory=Gauge)
    # How far its rep peaks can be trusted, as benchmarks/accuracy.py measured them on rendered
    # bodies (the README's notes on accuracy): error mean / 90th percentile in degrees, or in
    # words; "" where it was not measured. The physiotherapist's summary quotes it.
    accuracy: str = ""

    def __post_init__(self) -> None:
        if self.standing != (self.posture == "standing"):
            raise ValueError(f"{self.name}: standing={self.standing} contradicts posture={self.posture}")
        rules = tuple(rule.code for rule in self.fault_rules)
        if self.fault_rules and rules != self.faults:
            raise ValueError(f"{self.name}: faults {self.faults} differ from its rules {rules}")
        both = set(self.faults) & {item.code for item in self.not_checked}
        if both:
            raise ValueError(f"{self.name}: {sorted(both)} both checked and not checked")

    @property
    def per_side(self) -> bool:
        """Counted per side (left and right reps or holds)?"""
        return self.counting in (Counting.SIDED_REPS, Counting.SIDED_HOLDS)

    @property
    def min_partial(self) -> float:
        """The least excursion counted as a partial rep (``min_partial_deg``)."""
        return self.min_enter_deg if self.min_partial_deg is None else self.min_partial_deg

    def enter_deg(self, target: float) -> float:
        return max(self.min_enter_deg, 0.5 * target)

    def with_target(self, target_deg: float | None) -> ExerciseSpec:
        return self if target_deg is None else replace(self, target_deg=float(target_deg))

    def rule(self, code: str) -> FaultRule | None:
        for rule in self.fault_rules:
            if rule.code == code:
                return rule
        return None

    @property
    def faults_checked(self) -> tuple[str, ...]:
        """The fault codes this exercise can flag (its rules), in order."""
        return self.faults

    def cue(self, code: str) -> str:
        """What the user hears for fault ``code``."""
        rule = self.rule(code)
        if rule is not None:
            return rule.cue
        return MESSAGES.get(code, code.replace("_", " "))


def codes(rules: tuple[FaultRule, ...]) -> tuple[str, ...]:
    """The fault codes of ``rules``, in order: a definition's ``faults``."""
    return tuple(rule.code for rule in rules)
