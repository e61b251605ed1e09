"""Posture faults: stable codes, plain-language cues, per-frame conditions and debouncing. Pure.

Frame faults are judged on calibrated signals every frame; rep faults (range, tempo, hold) when a
rep completes. A frame fault must persist ``persist_s`` before it is raised, and be gone as long
before it is cleared, so a one-frame flicker never becomes a cue.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from posecoach.analysis.signals import Signals
from posecoach.exercises.measures import hip_tilt_over_knees_deg
from posecoach.exercises.model import ExerciseSpec, FaultRule
from posecoach.pose.types import Pose

MESSAGES: dict[str, str] = {
    "hip_shift": "Keep your hips still: bend from the waist, don't push your hips out.",
    "leaning_forward": "Stay upright: bend straight to the side, not forward.",
    "torso_rotation": "Keep your chest facing the camera as you bend.",
    "knees_bent": "Keep your knees straight.",
    "hips_rotating": "Keep your hips facing forward: turn from the middle of your back.",
    "neck_over_rotation": "Turn your chest, not just your head: keep your chin over your chest.",
    "leaning": "Sit or stand tall: turn around an upright spine, without leaning.",
    "knees_locked": "Soften your knees a little.",
    "neck_hyperextension": "Don't crane your neck back: lift your chest instead.",
    "hold_too_short": "Hold the stretch a little longer.",
    "too_fast": "Slow down: move slowly and smoothly.",
    "partial_range": "Go a little further if it's comfortable, never into pain.",
    "out_of_frame": "Step back so your whole body is in view.",
}

# Default thresholds: what a coach would call a visible fault, in the signals' units. The exercise
# definitions take them into their fault rules, with their reasons.
HIP_SHIFT_TORSO = 0.06  # pelvis moved this many torso lengths away from the bend (~3 cm)
LEAN_DEG = 15.0  # trunk leaning toward or away from the camera
SIDEWAYS_LEAN_DEG = 12.0  # trunk tilted sideways during a twist
KNEE_BEND_DEG = 30.0  # 3-D knee flexion added since neutral (world landmarks, noisy side-on)
HIP_DROP = 0.10  # hips sank by this share of their height over the ankles (~50 deg of knee bend)
HIPS_ROTATING_MIN_DEG = 15.0  # pelvis turn that counts as twisting from the hips ...
HIPS_ROTATING_SHARE = 0.45  # ... when it is also this share of the shoulders' turn
NECK_OVER_ROTATION_DEG = 35.0  # head turned beyond the shoulders
SIDE_BEND_TWIST_DEG = 25.0  # face turned from the camera during a side bend
KNEES_LOCKED_DEG = 176.0  # near-side knee angle in cat-cow (180 = straight)
KNEES_BENT_SIDE_DEG = 150.0  # near-side knee angle in the forward fold
NECK_HYPEREXTENSION_MARGIN_DEG = 15.0  # beyond the cow target


@dataclass(frozen=True)
class Frame:
    """What a frame rule sees: the calibrated signals, the counted signal, whether the user is
    moving out (past the entry threshold), and the pose itself for measures of ``measures.py``."""

    spec: ExerciseSpec
    s: Signals
    drive: float
    moving: bool
    target_deg: float
    pose: Pose | None


# -- frame rules: one per check a definition can name (FaultRule.check) ---------------------------
# Each reads its thresholds from the rule (``rule.limit(signal)``); the values and their reasons are
# in the exercise definitions, which take the defaults below.


def _hip_shift(rule: FaultRule, f: Frame) -> bool:
    away = -math.copysign(1.0, f.drive) * f.s.pelvis_shift
    return f.moving and away > rule.limit("pelvis_shift")


def _torso_rotation(rule: FaultRule, f: Frame) -> bool:
    # MediaPipe's shoulder yaw is unusable during a side bend (its world landmarks read a
    # 40-80 degree turn in a pure bend; the shoulder width shrinks with the arms overhead).
    # The face, measured along its own ear line, stays frontal in a pure bend and turns
    # when the chest turns toward the floor or ceiling.
    return f.moving and abs(f.s.head_yaw_deg) > rule.limit("head_yaw_deg")


def _leaning_forward(rule: FaultRule, f: Frame) -> bool:
    return f.s.lean_deg > rule.limit("lean_deg")


def _hips_rotating(rule: FaultRule, f: Frame) -> bool:
    floor = max(rule.limit("hip_yaw_deg"), rule.limit("hip_yaw_share") * abs(f.drive))
    return f.moving and abs(f.s.hip_yaw_deg) >= floor


def _neck_over_rotation(rule: FaultRule, f: Frame) -> bool:
    return f.moving and abs(f.s.head_turn_deg) > rule.limit("head_turn_deg")


def _leaning(rule: FaultRule, f: Frame) -> bool:
    return abs(f.s.lateral_flexion_deg) > rule.limit("lateral_flexion_deg") or abs(f.s.lean_deg) > rule.limit(
        "lean_deg")


def _knees_locked(rule: FaultRule, f: Frame) -> bool:
    return f.moving and f.s.knee_side_deg >= rule.limit("knee_side_deg")


def _neck_hyperextension(rule: FaultRule, f: Frame) -> bool:
    return f.s.spine_flexion_deg < -(f.spec.counter_target_deg + rule.limit("spine_flexion_deg"))


def _knees_bent_side(rule: FaultRule, f: Frame) -> bool:
    return f.moving and f.s.knee_side_deg < rule.limit("knee_side_deg")


def _knees_bent_standing(rule: FaultRule, f: Frame) -> bool:
    return f.s.knee_bend_deg > rule.limit("knee_bend_deg") or f.s.hip_drop > rule.limit("hip_drop")


def _hips_lifting(rule: FaultRule, f: Frame) -> bool:
    tilt = hip_tilt_over_knees_deg(f.pose) if f.pose is not None else math.nan
    return f.moving and abs(tilt) > rule.limit("hip_tilt_over_knees_deg")


def _hips_shifting(rule: FaultRule, f: Frame) -> bool:
    # On all fours the body is measured turned upright (posture.py): ``hip_drop`` is then the share
    # by which the hips came closer to the feet along the floor. Judged all the time: rocking may
    # come with little movement of the head.
    return abs(f.s.hip_drop) > rule.limit("hip_drop")


FrameRule = Callable[[FaultRule, Frame], bool]
FRAME_RULES: dict[str, FrameRule] = {
    "hip_shift": _hip_shift,
    "torso_rotation": _torso_rotation,
    "leaning_forward": _leaning_forward,
    "hips_rotating": _hips_rotating,
    "neck_over_rotation": _neck_over_rotation,
    "leaning": _leaning,
    "knees_locked": _knees_locked,
    "neck_hyperextension": _neck_hyperextension,
    "knees_bent_side": _knees_bent_side,
    "knees_bent_standing": _knees_bent_standing,
    "hips_lifting": _hips_lifting,
    "hips_shifting": _hips_shifting,
}
#: Checks that are not judged frame by frame: rep faults when a rep completes, set-up problems.
NOT_FRAME_RULES = ("rep", "setup")


def frame_faults(spec: ExerciseSpec, s: Signals, target_deg: float, pose: Pose | None = None) -> set[str]:
    """Faults visible in this frame: each of the exercise's frame rules judged on its signals."""
    drive = s.get(spec.drive)
    moving = math.isfinite(drive) and abs(drive) >= spec.enter_deg(target_deg)
    frame = Frame(spec, s, drive, moving, target_deg, pose)
    return {rule.code for rule in spec.fault_rules
            if rule.check not in NOT_FRAME_RULES and FRAME_RULES[rule.check](rule, frame)}


@dataclass
class FaultDebouncer:
    """Raise a fault after it has held ``persist_s``; clear it after it has been gone as long."""

    persist_s: float = 0.3
    _since: dict[str, float] = field(default_factory=dict)
    _gone_since: dict[str, float] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)

    def update(self, t_s: float, seen: set[str]) -> tuple[list[str], list[str]]:
        """Returns (raised, cleared) fault codes for this frame."""
        raised, cleared = [], []
        for code in seen:
            self._gone_since.pop(code, None)
            start = self._since.setdefault(code, t_s)
            if code not in self.active and t_s - start >= self.persist_s - 1e-6:
                self.active.add(code)
                raised.append(code)
        for code in list(self._since):
            if code in seen:
                continue
            gone = self._gone_since.setdefault(code, t_s)
            if code not in self.active:
                del self._since[code]
                self._gone_since.pop(code, None)
            elif t_s - gone >= self.persist_s - 1e-6:
                self.active.discard(code)
                del self._since[code]
                del self._gone_since[code]
                cleared.append(code)
        return sorted(raised), sorted(cleared)

    def clear_all(self) -> list[str]:
        cleared = sorted(self.active)
        self.active.clear()
        self._since.clear()
        self._gone_since.clear()
        return cleared
