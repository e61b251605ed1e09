"""Parts several definitions share: the landmarks a placement needs in view, the fault rules, and
the faults one camera cannot see (listed as not checked, with the reason)."""

from __future__ import annotations

from posecoach.exercises import faults as f
from posecoach.exercises.codes import LABELS, MESSAGES, PARTS
from posecoach.exercises.spec import Applies, FaultRule, NotChecked, Threshold
from posecoach.pose.types import LM

STANDING = (
    LM.LEFT_SHOULDER,
    LM.RIGHT_SHOULDER,
    LM.LEFT_HIP,
    LM.RIGHT_HIP,
    LM.LEFT_KNEE,
    LM.RIGHT_KNEE,
    LM.LEFT_ANKLE,
    LM.RIGHT_ANKLE,
)
SEATED = (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER, LM.LEFT_HIP, LM.RIGHT_HIP)
SIDE_ON = (LM.NOSE, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER, LM.LEFT_HIP, LM.RIGHT_HIP)
FACE = (LM.NOSE, LM.LEFT_EYE, LM.RIGHT_EYE, LM.LEFT_EAR, LM.RIGHT_EAR)


def rule(code: str, check: str, *limits: Threshold, applies: Applies | None = None, learns: str = "") -> FaultRule:
    """A fault rule with the code's own cue, label and body part (``exercises/codes.py``)."""
    return FaultRule(
        code, MESSAGES[code], check, tuple(limits), applies or Applies(), LABELS[code], PARTS.get(code, ()), learns
    )


# Judged on the whole rep when it completes (``faults.REP_RULES``) or while setting up.
TOO_FAST = rule(
    "too_fast", "too_fast", Threshold("tempo_share", f.TOO_FAST_SHARE, "out and back in under this share of the tempo")
)
PARTIAL_RANGE = rule(
    "partial_range",
    "partial_range",
    Threshold("tolerance_share", 1.0, "the peak short of the target by more than its tolerance (the gauge's band)"),
)
HOLD_TOO_SHORT = rule(
    "hold_too_short",
    "hold_too_short",
    Threshold("hold_share", f.HOLD_SHARE, "held under this share of the hold asked for"),
)
OUT_OF_FRAME = rule("out_of_frame", "setup")
COMMON = (TOO_FAST, PARTIAL_RANGE, OUT_OF_FRAME)

#: The least share of a twist's counted turn (the shoulders') that its rotation (the shoulders
#: against the hips) must show. Every rep counted on the real and rendered recordings reads 0.57 or
#: more (MediaPipe reads a pelvis turn short; a rendered twist with the pelvis giving 70% of the
#: turn reads 0.73-0.78, the synthetic one 0.76); a rendered idle body turning as a whole read 0.06.
TWIST_MIN_ROTATION_SHARE = 0.15

HIP_SHIFT = rule(
    "hip_shift",
    "hip_shift",
    Threshold("pelvis_shift", f.HIP_SHIFT_TORSO, "pelvis slid >= 5 cm away from the bend (~0.1 torso lengths)"),
    Threshold("pelvis_shift_per_deg", f.HIP_SHIFT_PER_DEG, "clean bends sway the pelvis away, the more the deeper"),
    applies=f.HIP_SHIFT_APPLIES,
)
HIPS_ROTATING = rule(
    "hips_rotating",
    "hips_rotating",
    Threshold("hip_turn_deg", f.HIPS_ROTATING_MIN_DEG, "pelvis turn that counts as twisting from the hips ..."),
    Threshold("hip_turn_share", f.HIPS_ROTATING_SHARE, "... when it is also this share of the shoulders' turn"),
    applies=f.HIPS_ROTATING_APPLIES,
)
NECK_OVER_ROTATION = rule(
    "neck_over_rotation",
    "neck_over_rotation",
    Threshold(
        "head_turn_deg", f.NECK_OVER_ROTATION_DEG, "head turned >= 25 deg beyond the shoulders, in the turn's direction"
    ),
    Threshold(
        "head_turn_deg_over_usual",
        f.NECK_OVER_USUAL_DEG,
        "or this far past the head's turn on the user's earlier reps that way",
    ),
    Threshold(
        "head_turn_deg_floor",
        f.NECK_OVER_USUAL_FLOOR_DEG,
        "... where the reading is past this (clean reps of many bodies read that much)",
    ),
    applies=f.NECK_OVER_ROTATION_APPLIES,
    learns="head_turn_deg",  # MediaPipe's head reading is biased per body, camera and side
)
LEANING = rule(
    "leaning",
    "leaning",
    Threshold("lateral_flexion_deg", f.SIDEWAYS_LEAN_DEG, "trunk tilted sideways during a twist"),
    Threshold("neutral_tilt_deg", f.NEUTRAL_LEAN_DEG, "shoulders tilted against the hips from the start"),
    applies=f.LEANING_APPLIES,
)
NECK_HYPEREXTENSION = rule(
    "neck_hyperextension",
    "neck_hyperextension",
    Threshold(
        "spine_flexion_deg",
        f.NECK_HYPEREXTENSION_MARGIN_DEG,
        "the neck extends >= 20 deg beyond the trunk's cow (the shoulder-to-ear line shows about half of it)",
    ),
    applies=f.NECK_HYPEREXTENSION_APPLIES,
)

# -- what one camera cannot see ----------------------------------------------------------------
FORWARD_LEAN = NotChecked(
    "leaning_forward",
    "forward lean",
    "From the front a 10 deg forward lean moves the landmarks by 1-2 px (the nose 0.02-0.03 torso lengths "
    "toward the shoulders), within MediaPipe's noise; its depth reads clean reps 15-19 deg forward or back.",
)
KNEES_HELD_BENT = NotChecked(
    "knees_bent",
    "knee bend",
    "From the front knees bent 15 deg from the start keep their 2-D angle at 174-180 deg, as straight ones do, "
    "and MediaPipe's 3-D knee angle reads straight knees anywhere from 148 to 169 deg.",
)
CHEST_TURN = NotChecked(
    "torso_rotation",
    "chest turn",
    "A 12 deg chest turn turns the face less than clean side bends already do on some bodies (MediaPipe reads "
    "up to 25 deg), and the raised arms hide the shoulder line's turn.",
)
SEATED_PELVIS_TURN = NotChecked(
    "hips_rotating",
    "hips turning",
    "Seated, MediaPipe hardly shows the pelvis turning on the seat: a turn giving 40% of the twist reads "
    "0-11 deg, as some clean turns do.",
)
