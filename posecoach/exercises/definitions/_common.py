"""Parts several definitions share: the landmarks a placement needs in view, the rep faults."""

from __future__ import annotations

from posecoach.exercises import faults as f
from posecoach.exercises.model import FaultRule, Threshold
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

# Judged when a rep completes (coach/analyzer.py) or while setting up, not frame by frame.
TOO_FAST = FaultRule("too_fast", f.MESSAGES["too_fast"], "rep")
PARTIAL_RANGE = FaultRule("partial_range", f.MESSAGES["partial_range"], "rep")
HOLD_TOO_SHORT = FaultRule("hold_too_short", f.MESSAGES["hold_too_short"], "rep")
OUT_OF_FRAME = FaultRule("out_of_frame", f.MESSAGES["out_of_frame"], "setup")
COMMON = (TOO_FAST, PARTIAL_RANGE, OUT_OF_FRAME)

KNEES_BENT_STANDING = FaultRule(
    "knees_bent",
    f.MESSAGES["knees_bent"],
    "knees_bent_standing",
    (
        Threshold(
            "knee_bend_deg", f.KNEE_BEND_DEG, "3-D knee flexion added since neutral (world landmarks, noisy side-on)"
        ),
        Threshold(
            "hip_drop", f.HIP_DROP, "hips sank by this share of their height over the ankles (~50 deg of knee bend)"
        ),
    ),
)
HIP_SHIFT = FaultRule(
    "hip_shift",
    f.MESSAGES["hip_shift"],
    "hip_shift",
    (Threshold("pelvis_shift", f.HIP_SHIFT_TORSO, "pelvis slid >= 5 cm away from the bend (~0.1 torso lengths)"),),
)
LEANING_FORWARD = FaultRule(
    "leaning_forward",
    f.MESSAGES["leaning_forward"],
    "leaning_forward",
    (Threshold("lean_deg", f.LEAN_DEG, "trunk leaning toward or away from the camera"),),
)
TORSO_ROTATION = FaultRule(
    "torso_rotation",
    f.MESSAGES["torso_rotation"],
    "torso_rotation",
    (Threshold("head_yaw_deg", f.SIDE_BEND_TWIST_DEG, "face turned from the camera during a side bend"),),
)


def _hips_rotating(min_deg: float, share: float) -> FaultRule:
    return FaultRule(
        "hips_rotating",
        f.MESSAGES["hips_rotating"],
        "hips_rotating",
        (
            Threshold("hip_turn_deg", min_deg, "pelvis turn that counts as twisting from the hips ..."),
            Threshold("hip_turn_share", share, "... when it is also this share of the shoulders' turn"),
        ),
    )


HIPS_ROTATING = _hips_rotating(f.HIPS_ROTATING_MIN_DEG, f.HIPS_ROTATING_SHARE)
HIPS_ROTATING_SEATED = _hips_rotating(f.SEATED_HIPS_ROTATING_MIN_DEG, f.SEATED_HIPS_ROTATING_SHARE)
NECK_OVER_ROTATION = FaultRule(
    "neck_over_rotation",
    f.MESSAGES["neck_over_rotation"],
    "neck_over_rotation",
    (
        Threshold(
            "head_turn_deg",
            f.NECK_OVER_ROTATION_DEG,
            "head turned >= 25 deg beyond the shoulders, in the turn's direction",
        ),
    ),
)
LEANING = FaultRule(
    "leaning",
    f.MESSAGES["leaning"],
    "leaning",
    (
        Threshold("lateral_flexion_deg", f.SIDEWAYS_LEAN_DEG, "trunk tilted sideways during a twist"),
        Threshold("lean_deg", f.LEAN_DEG, "trunk leaning toward or away from the camera"),
        Threshold("neutral_tilt_deg", f.NEUTRAL_LEAN_DEG, "shoulders tilted against the hips from the start"),
    ),
)
NECK_HYPEREXTENSION = FaultRule(
    "neck_hyperextension",
    f.MESSAGES["neck_hyperextension"],
    "neck_hyperextension",
    (
        Threshold(
            "spine_flexion_deg",
            f.NECK_HYPEREXTENSION_MARGIN_DEG,
            "the neck extends >= 20 deg beyond the trunk's cow (the shoulder-to-ear line shows about half)",
        ),
    ),
)
