"""Is the body set up for the exercise? Arm elevation (arms moving are not the trunk moving) and
the body's orientation in the image (lying sideways or upside down: the video is rotated). Pure."""

from __future__ import annotations

import math

import numpy as np

from posecoach.body.geometry import joint_angle
from posecoach.pose.types import LM, Pose


def arm_elevations(pose: Pose) -> tuple[float, float]:
    """Each upper arm's angle from the trunk side (hip-shoulder-elbow, 3-D world landmarks),
    lower then higher: ~15 deg hanging, ~90 out to the side, ~170 overhead. Sorted, so a left/right
    label swap does not change it."""
    if pose.is_empty:
        return (math.nan, math.nan)
    w = pose.world
    a = joint_angle(w[LM.LEFT_HIP], w[LM.LEFT_SHOULDER], w[LM.LEFT_ELBOW])
    b = joint_angle(w[LM.RIGHT_HIP], w[LM.RIGHT_SHOULDER], w[LM.RIGHT_ELBOW])
    return (min(a, b), max(a, b)) if math.isfinite(a) and math.isfinite(b) else (math.nan, math.nan)


def arms_moved(arms: tuple[float, float], neutral_low: float, neutral_high: float, limit: float) -> bool:
    """An arm is more than ``limit`` degrees from where it was at neutral."""
    now = np.array(arms, dtype=float)
    ref = np.array([neutral_low, neutral_high], dtype=float)
    if not (np.isfinite(now).all() and np.isfinite(ref).all()):
        return False
    return bool(np.max(np.abs(now - ref)) > limit)


def body_up_direction(pose: Pose) -> float | None:
    """Angle of the hips-to-shoulders direction in the image, degrees: 0 = up (upright), 90 = the
    head points image-right, -90 image-left, 180 = upside down. None without a person."""
    if pose.is_empty:
        return None
    px = pose.pixels()
    up = (px[LM.LEFT_SHOULDER] + px[LM.RIGHT_SHOULDER]) / 2 - (px[LM.LEFT_HIP] + px[LM.RIGHT_HIP]) / 2
    if float(np.hypot(*up)) < 1.0:
        return None
    return math.degrees(math.atan2(up[0], -up[1]))


#: A limb "hangs" when it points within this of the image's down direction: gravity points down the
#: image, whatever the trunk does, while a rotated video shows a standing body's limbs along its trunk.
HANGING_DEG = 45.0
#: ... and is at least this long, in torso lengths (a foreshortened limb gives no direction).
MIN_LIMB_TORSO = 0.3
#: A thigh within this of the trunk's own direction (knees toward the head) is a body folded over
#: its thighs (child's pose: 23-51 deg in a real recording); a rotated video of someone standing
#: or sitting shows the thighs pointing away from the head or across the trunk (90 deg).
FOLDED_DEG = 60.0


def level_for_real(pose: Pose) -> bool:
    """Is the body level or upside down in the image because it really is, not because the video
    is rotated? A thigh hangs down the image (on all fours, folded forward standing), both upper
    arms hold the body up (a plank; a rotated video of hands on the hips shows one elbow down and
    one up), or the trunk is folded over the thighs (child's pose)."""
    if pose.is_empty:
        return False
    px = pose.pixels()
    trunk = (px[LM.LEFT_SHOULDER] + px[LM.RIGHT_SHOULDER] - px[LM.LEFT_HIP] - px[LM.RIGHT_HIP]) / 2
    torso = float(np.hypot(*trunk))
    if torso < 1.0:
        return False

    def limb(a: int, b: int) -> tuple[float, float] | None:
        """(degrees from the image's down, degrees from the trunk's direction); None if too short."""
        v = px[b] - px[a]
        length = float(np.hypot(*v))
        if length < MIN_LIMB_TORSO * torso:
            return None
        along = float(np.dot(v, trunk)) / (length * torso)
        return math.degrees(math.atan2(abs(v[0]), v[1])), math.degrees(math.acos(max(-1.0, min(1.0, along))))

    thighs = [limb(LM.LEFT_HIP, LM.LEFT_KNEE), limb(LM.RIGHT_HIP, LM.RIGHT_KNEE)]
    arms = [limb(LM.LEFT_SHOULDER, LM.LEFT_ELBOW), limb(LM.RIGHT_SHOULDER, LM.RIGHT_ELBOW)]
    if any(t is not None and (t[0] <= HANGING_DEG or t[1] <= FOLDED_DEG) for t in thighs):
        return True
    return all(a is not None and a[0] <= HANGING_DEG for a in arms)


#: A trunk this far from the image vertical across most frames is a body lying in the frame: the
#: video is rotated (no stretch tilts the trunk more than ~60 deg; a fold is seen side-on, < 90).
SIDEWAYS_DEG = 60.0


def orientation_hint(directions: list[float]) -> str | None:
    """A one-line hint when most frames show the body lying sideways or upside down (``directions``:
    ``body_up_direction`` of the frames not level for real, see ``level_for_real``)."""
    finite = [d for d in directions if d is not None and math.isfinite(d)]
    if len(finite) < 10:
        return None
    d = np.array(finite)
    upside = np.mean(np.abs(d) > 135.0)
    sideways = np.mean((np.abs(d) > SIDEWAYS_DEG) & (np.abs(d) <= 135.0))
    if upside > 0.6:
        return (
            "The person appears upside down in the video: rotate it by 180 degrees "
            '(e.g. ffmpeg -i in.mp4 -vf "transpose=1,transpose=1" out.mp4) and analyse it again.'
        )
    if sideways > 0.6:
        turn, transpose = ("clockwise", 1) if float(np.median(d)) < 0 else ("counter-clockwise", 2)
        return (
            f"The person appears to lie sideways in the video: rotate it 90 degrees {turn} "
            f"(e.g. ffmpeg -i in.mp4 -vf transpose={transpose} out.mp4) and analyse it again."
        )
    return None
