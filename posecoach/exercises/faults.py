"""Posture faults: stable codes, plain-language cues, per-frame conditions and debouncing. Pure.

Frame faults are judged on calibrated signals every frame; rep faults (range, tempo, hold) when a
rep completes. A frame fault must persist ``persist_s`` before it is raised, and be gone as long
before it is cleared, so a one-frame flicker never becomes a cue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from posecoach.analysis.signals import Signals
from posecoach.exercises.spec import ExerciseSpec

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

# Thresholds: what a coach would call a visible fault, in the signals' units.
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


def frame_faults(spec: ExerciseSpec, s: Signals, target_deg: float) -> set[str]:
    """Faults visible in this frame's signals. Only judged while the user is moving out."""
    found: set[str] = set()
    drive = s.get(spec.drive)
    moving = math.isfinite(drive) and abs(drive) >= spec.enter_deg(target_deg)
    if spec.name == "side_bend":
        if moving:
            away = -math.copysign(1.0, drive) * s.pelvis_shift
            if away > HIP_SHIFT_TORSO:
                found.add("hip_shift")
            # MediaPipe's shoulder yaw is unusable during a side bend (its world landmarks read a
            # 40-80 degree turn in a pure bend; the shoulder width shrinks with the arms overhead).
            # The face, measured along its own ear line, stays frontal in a pure bend and turns
            # when the chest turns toward the floor or ceiling.
            if abs(s.head_yaw_deg) > SIDE_BEND_TWIST_DEG:
                found.add("torso_rotation")
        if s.lean_deg > LEAN_DEG:
            found.add("leaning_forward")
    elif spec.name in ("standing_twist", "seated_twist"):
        if moving:
            if abs(s.hip_yaw_deg) >= max(HIPS_ROTATING_MIN_DEG, HIPS_ROTATING_SHARE * abs(drive)):
                found.add("hips_rotating")
            if abs(s.head_turn_deg) > NECK_OVER_ROTATION_DEG:
                found.add("neck_over_rotation")
        if abs(s.lateral_flexion_deg) > SIDEWAYS_LEAN_DEG or abs(s.lean_deg) > LEAN_DEG:
            found.add("leaning")
    elif spec.name == "cat_cow":
        if moving and s.knee_side_deg >= KNEES_LOCKED_DEG:
            found.add("knees_locked")
        if s.spine_flexion_deg < -(spec.counter_target_deg + NECK_HYPEREXTENSION_MARGIN_DEG):
            found.add("neck_hyperextension")
    elif spec.name == "forward_fold":
        if moving and s.knee_side_deg < KNEES_BENT_SIDE_DEG:
            found.add("knees_bent")
    if spec.standing and "knees_bent" in spec.faults:
        if s.knee_bend_deg > KNEE_BEND_DEG or s.hip_drop > HIP_DROP:
            found.add("knees_bent")
    return found


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
