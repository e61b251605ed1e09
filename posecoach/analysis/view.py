"""Is the body set up for the exercise? Arm elevation (arms moving are not the trunk moving) and
the body's orientation in the image (lying sideways or upside down: the video is rotated). Pure."""

from __future__ import annotations

import math

import numpy as np

from posecoach.analysis.geometry import joint_angle
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


#: A thigh "hangs" when it points within this of the image's down direction: the knees are under
#: the hips, so gravity points down the image whatever the trunk does (on all fours, in a standing
#: forward fold), while a rotated video shows a standing body's thighs along its trunk.
HANGING_DEG = 45.0
#: ... and is at least this long, in torso lengths (a foreshortened thigh gives no direction).
MIN_LIMB_TORSO = 0.3


def thighs_hang_down(pose: Pose) -> bool:
    """Does a thigh point down the image (a body whose trunk is level or upside down because it
    really is: on all fours, folded forward), rather than along the trunk (a rotated video)?"""
    if pose.is_empty:
        return False
    px = pose.pixels()
    torso = float(np.hypot(*((px[LM.LEFT_SHOULDER] + px[LM.RIGHT_SHOULDER] - px[LM.LEFT_HIP] - px[LM.RIGHT_HIP]) / 2)))
    if torso < 1.0:
        return False
    for hip, knee in ((LM.LEFT_HIP, LM.LEFT_KNEE), (LM.RIGHT_HIP, LM.RIGHT_KNEE)):
        dx, dy = px[knee] - px[hip]
        if math.hypot(dx, dy) >= MIN_LIMB_TORSO * torso and math.degrees(math.atan2(abs(dx), dy)) <= HANGING_DEG:
            return True
    return False


#: A trunk this far from the image vertical across most frames is a body lying in the frame: the
#: video is rotated (no stretch tilts the trunk more than ~60 deg; a fold is seen side-on, < 90).
SIDEWAYS_DEG = 60.0


def orientation_hint(directions: list[float]) -> str | None:
    """A one-line hint when most frames show the body lying sideways or upside down (``directions``:
    ``body_up_direction`` of the frames whose thighs do not hang down, see ``thighs_hang_down``)."""
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
