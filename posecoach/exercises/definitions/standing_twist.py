"""Standing twist: facing the camera, hands on the hips, turning the chest to each side in turn."""

from posecoach.exercises.definitions import _common as c
from posecoach.exercises.model import Counting, ExerciseSpec, Gauge, codes

RULES = (c.HIPS_ROTATING, c.NECK_OVER_ROTATION, c.LEANING, *c.COMMON)

SPEC = ExerciseSpec(
    name="standing_twist",
    title="Standing twist",
    view="front",
    posture="standing",
    metric="trunk_rotation_deg",
    drive="shoulder_yaw_deg",
    counting=Counting.SIDED_REPS,
    target_deg=30.0,
    tolerance_deg=8.0,
    hold_s=0.0,
    tempo_s=4.0,
    required=c.STANDING,
    min_enter_deg=15.0,
    arm_lever=True,
    faults=codes(RULES),
    fault_rules=RULES,
    not_checked=(c.FORWARD_LEAN, c.KNEES_HELD_BENT),
    # Typical adult thoracolumbar rotation is ~30-45 degrees.
    safe_target_deg=(5.0, 50.0),
    instructions="Stand with feet shoulder-width apart, hands on your hips. Turn your chest "
    "slowly to one side, then the other. Keep your hips facing the camera.",
    safety="Turn from the middle of your back, gently.",
    gauge=Gauge(sides=(1, -1), labels=("L", "R")),
)
