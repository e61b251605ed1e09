"""What each fault code means to the user: the cue they hear, the word on the instruction card, and
the body part the live view marks. Data only; the rules that raise the codes are in ``faults.py``
and the exercise definitions."""

from __future__ import annotations

from posecoach.pose.types import LM

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
#: What each code watches, in a word or two: the instruction card's "Checked: ..." line.
LABELS: dict[str, str] = {
    "hip_shift": "hips",
    "hips_rotating": "hips turning",
    "neck_over_rotation": "head turn",
    "leaning": "sideways lean",
    "knees_locked": "knees",
    "knees_bent": "knees",
    "neck_hyperextension": "neck",
    "hips_lifting": "sit bones",
    "hips_shifting": "hips rocking",
    "hold_too_short": "hold",
    "too_fast": "speed",
    "partial_range": "range",
    "out_of_frame": "in view",
}

_HIPS = (LM.LEFT_HIP, LM.RIGHT_HIP)
_SHOULDERS = (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER)
_KNEES = (LM.LEFT_KNEE, LM.RIGHT_KNEE)
# The neck: a third of the way from the shoulders' midpoint to the nose (the mean of these six).
_NECK = (*_SHOULDERS, *_SHOULDERS, LM.NOSE, LM.NOSE)
#: Where on the body the live view and the replays mark each fault: the mean of these landmarks.
#: A rep's own faults (range, speed, hold) concern the whole movement and have no mark.
PARTS: dict[str, tuple[int, ...]] = {
    "hip_shift": _HIPS,
    "hips_rotating": _HIPS,
    "hips_shifting": _HIPS,
    "hips_lifting": _HIPS,
    "leaning_forward": _SHOULDERS,
    "torso_rotation": _SHOULDERS,
    "leaning": _SHOULDERS,
    "knees_bent": _KNEES,
    "knees_locked": _KNEES,
    "neck_over_rotation": _NECK,
    "neck_hyperextension": _NECK,
}
