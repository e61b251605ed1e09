"""The starting posture's part in measuring and counting.

On all fours the trunk is level and the face looks at the floor, while the contract metrics and
the calibration expect an upright trunk (a neutral is taken only upright; a side-on body's facing
comes from the nose ahead of the ears). Turning the landmarks a quarter turn in the image plane,
head up, gives them the body they expect: the neck against the trunk (the cat-cow signal) is
unchanged, the facing is read from a nose now clearly ahead of the ears, and the hips' distance
along the floor to the feet becomes ``hip_height``.
"""

from __future__ import annotations

import math

import numpy as np

from posecoach.body.signals import Signals
from posecoach.exercises.spec import ExerciseSpec
from posecoach.pose.types import LM, Pose


def measured_pose(spec: ExerciseSpec, pose: Pose) -> Pose:
    """The pose to measure for ``spec``: on all fours, turned so the trunk points up in the image."""
    if spec.posture != "all_fours" or pose.is_empty:
        return pose
    w, h = float(pose.width), float(pose.height)
    px = pose.image[:, :2] * [w, h]
    shoulders = (px[LM.LEFT_SHOULDER] + px[LM.RIGHT_SHOULDER]) / 2
    hips = (px[LM.LEFT_HIP] + px[LM.RIGHT_HIP]) / 2
    image, world = pose.image.copy(), pose.world.copy()
    if shoulders[0] >= hips[0]:  # head to the image right: (x, y) -> (y, w - x)
        image[:, 0], image[:, 1] = px[:, 1] / h, (w - px[:, 0]) / w
        world[:, 0], world[:, 1] = pose.world[:, 1], -pose.world[:, 0]
    else:  # head to the image left: (x, y) -> (h - y, x)
        image[:, 0], image[:, 1] = (h - px[:, 1]) / h, px[:, 0] / w
        world[:, 0], world[:, 1] = -pose.world[:, 1], pose.world[:, 0]
    return Pose(
        t_ms=pose.t_ms,
        width=pose.height,
        height=pose.width,
        image=image,
        visibility=np.asarray(pose.visibility).copy(),
        presence=np.asarray(pose.presence).copy(),
        world=world,
    )


#: A standing stretch is done standing: hips sunk by a fifth of their height over the ankles (a
#: squat or a lunge: 0.26-0.36 in a real goblet squat; side bends and twists stay under 0.05) mean
#: the trunk's movement is not the stretch, and it is not counted.
LEFT_STANDING_HIP_DROP = 0.2
#: Seated, the hips rest on the seat: hips that rise or sink by a third of a torso length (standing
#: up raises them about one) mean the user is getting up or crouching, not twisting on the seat.
LEFT_SEAT_TORSO = 0.33


def out_of_posture(spec: ExerciseSpec, signals: Signals, neutral_hip_height: float) -> bool:
    """Has the body left the exercise's starting posture (a standing stretch no longer standing, a
    seated one no longer seated)? ``neutral_hip_height``: the hips over the feet at neutral, in
    torso lengths (``hip_drop`` is a share of it)."""
    if spec.posture == "standing":
        return bool(signals.hip_drop > LEFT_STANDING_HIP_DROP)
    if spec.posture == "seated" and spec.view == "front" and math.isfinite(neutral_hip_height):
        return bool(abs(signals.hip_drop * neutral_hip_height) > LEFT_SEAT_TORSO)
    return False
