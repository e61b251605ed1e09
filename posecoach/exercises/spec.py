"""What each stretch is: its view, metric, targets, counting and faults. A registry by name."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Literal

from posecoach.errors import PosecoachError
from posecoach.pose.types import LM


class Counting(Enum):
    SIDED_REPS = "sided_reps"  # out to one side and back, alternating sides
    SIDED_HOLDS = "sided_holds"  # out to one side, hold, back
    CYCLE = "cycle"  # cat then cow
    HOLD = "hold"  # one position, held


_STANDING = (
    LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER, LM.LEFT_HIP, LM.RIGHT_HIP,
    LM.LEFT_KNEE, LM.RIGHT_KNEE, LM.LEFT_ANKLE, LM.RIGHT_ANKLE,
)
_SEATED = (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER, LM.LEFT_HIP, LM.RIGHT_HIP)
_SIDE_ON = (LM.NOSE, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER, LM.LEFT_HIP, LM.RIGHT_HIP)


@dataclass(frozen=True)
class ExerciseSpec:
    """A stretch. Angles are degrees from the user's neutral; targets are per side.

    ``tolerance_deg`` is the band around the target that still counts as reaching it; it is wider
    for the twists, whose single-camera estimate is the least accurate of the metrics.
    """

    name: str
    title: str
    view: Literal["front", "side"]
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
    standing: bool = True
    arm_lever: bool = False  # the arms move with the chest: read its turn from the elbows

    def enter_deg(self, target: float) -> float:
        return max(self.min_enter_deg, 0.5 * target)

    def with_target(self, target_deg: float | None) -> ExerciseSpec:
        return self if target_deg is None else replace(self, target_deg=float(target_deg))


COMMON_FAULTS = ("too_fast", "partial_range", "out_of_frame")

EXERCISES: dict[str, ExerciseSpec] = {
    spec.name: spec
    for spec in (
        ExerciseSpec(
            name="side_bend", title="Standing side bend", view="front", metric="lateral_flexion_deg",
            drive="lateral_flexion_deg", counting=Counting.SIDED_REPS, target_deg=25.0, tolerance_deg=5.0,
            hold_s=0.0, tempo_s=4.0, required=_STANDING,
            faults=("hip_shift", "leaning_forward", "torso_rotation", "knees_bent", *COMMON_FAULTS),
            instructions="Stand tall, feet hip-width apart, arms overhead. Slowly bend to one side, "
            "then the other. Keep your hips still and your chest facing the camera.",
        ),
        ExerciseSpec(
            name="standing_twist", title="Standing twist", view="front", metric="trunk_rotation_deg",
            drive="shoulder_yaw_deg", counting=Counting.SIDED_REPS, target_deg=30.0, tolerance_deg=8.0,
            hold_s=0.0, tempo_s=4.0, required=_STANDING, min_enter_deg=15.0, arm_lever=True,
            faults=("hips_rotating", "neck_over_rotation", "leaning", "knees_bent", *COMMON_FAULTS),
            instructions="Stand with feet shoulder-width apart, hands on your hips. Turn your chest "
            "slowly to one side, then the other. Keep your hips facing the camera.",
        ),
        ExerciseSpec(
            name="cat_cow", title="Standing cat-cow", view="side", metric="spine_flexion_deg",
            drive="spine_flexion_deg", counting=Counting.CYCLE, target_deg=15.0, counter_target_deg=10.0,
            tolerance_deg=4.0, hold_s=0.0, tempo_s=8.0, required=_SIDE_ON, min_enter_deg=6.0,
            faults=("knees_locked", "neck_hyperextension", *COMMON_FAULTS),
            instructions="Side-on to the camera, knees soft, hands on your thighs. Round your back "
            "and drop your head (cat), then arch and lift your chest (cow).",
        ),
        ExerciseSpec(
            name="seated_twist", title="Seated spinal twist", view="front", metric="trunk_rotation_deg",
            drive="shoulder_yaw_deg", counting=Counting.SIDED_HOLDS, target_deg=35.0, tolerance_deg=8.0,
            hold_s=5.0, tempo_s=4.0, required=_SEATED, min_enter_deg=15.0, standing=False,
            faults=("hips_rotating", "neck_over_rotation", "leaning", *COMMON_FAULTS),
            instructions="Sit tall on a chair facing the camera, feet flat. Turn your chest to one "
            "side and hold for 5 seconds, then the other side. Keep your hips square.",
        ),
        ExerciseSpec(
            name="forward_fold", title="Seated forward fold", view="side", metric="fold_deg",
            drive="fold_deg", counting=Counting.HOLD, target_deg=30.0, tolerance_deg=8.0, hold_s=30.0,
            tempo_s=8.0, required=_SIDE_ON, standing=False,
            faults=("knees_bent", "hold_too_short", *COMMON_FAULTS),
            instructions="Sit on the floor side-on to the camera, legs straight in front. Fold "
            "forward from the hips as far as is comfortable and hold, breathing slowly.",
        ),
    )
}


def get_exercise(name: str) -> ExerciseSpec:
    """The spec for ``name``; an unknown name is a ``PosecoachError`` listing the valid ones."""
    try:
        return EXERCISES[name]
    except KeyError:
        raise PosecoachError(f"'{name}' is not an exercise; choose one of {', '.join(EXERCISES)}") from None
