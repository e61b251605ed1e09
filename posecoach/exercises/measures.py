"""Measures that only some exercises need, taken straight from the pose. Pure.

The contract metrics and the shared signals live in ``body/``; a measure that serves one
exercise's fault rule lives here, beside the definitions that use it.
"""

from __future__ import annotations

import math

from posecoach.body.geometry import signed_angle_2d
from posecoach.body.quality import MIN_VISIBILITY
from posecoach.pose.types import LM, Pose


def hip_tilt_over_knees_deg(pose: Pose) -> float:
    """The hip line's tilt against the knee line in the image, degrees (0 = parallel; + = the user's
    left hip higher). Seated with both feet on the floor the knees stay level, so this is the pelvis
    rolling as one sit bone leaves the chair, free of camera roll. NaN without clear hips and knees."""
    if pose.is_empty:
        return math.nan
    points = (LM.LEFT_HIP, LM.RIGHT_HIP, LM.LEFT_KNEE, LM.RIGHT_KNEE)
    if min(float(pose.visibility[i]) for i in points) < MIN_VISIBILITY:
        return math.nan
    px = pose.pixels()
    hips = px[LM.LEFT_HIP] - px[LM.RIGHT_HIP]
    knees = px[LM.LEFT_KNEE] - px[LM.RIGHT_KNEE]
    # Image y points down: flip it so that a counter-clockwise turn of the hip line is positive.
    return signed_angle_2d(knees * [1, -1], hips * [1, -1]) * (1 if hips[0] >= 0 else -1)
