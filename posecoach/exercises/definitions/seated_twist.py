"""Seated spinal twist: on a chair facing the camera, turning and holding to each side in turn."""

from posecoach.body.neutral import NeutralRule
from posecoach.exercises.definitions import _common as c
from posecoach.exercises.spec import Counting, ExerciseSpec, Gauge, codes

RULES = (c.NECK_OVER_ROTATION, c.LEANING, c.HOLD_TOO_SHORT, *c.COMMON)

SPEC = ExerciseSpec(
    name="seated_twist",
    title="Seated spinal twist",
    view="front",
    posture="seated",
    standing=False,
    metric="trunk_rotation_deg",
    drive="shoulder_yaw_deg",
    counting=Counting.SIDED_HOLDS,
    target_deg=35.0,
    tolerance_deg=8.0,
    hold_s=5.0,
    tempo_s=4.0,
    required=c.SEATED,
    min_enter_deg=15.0,
    min_metric_share=c.TWIST_MIN_ROTATION_SHARE,
    faults=codes(RULES),
    fault_rules=RULES,
    not_checked=(c.SEATED_PELVIS_TURN, c.FORWARD_LEAN),
    # Thoracolumbar rotation reaches a little further seated (the pelvis is held) than standing.
    safe_target_deg=(5.0, 55.0),
    arm_positions=("arms_crossed", "hands_at_chest", "hands_on_thighs"),
    neutral_rule=NeutralRule("shoulder_yaw_world_deg", near_zero=True, square_on=True),
    arms_gate=True,  # the shoulder line rides with raised arms
    instructions="Sit tall on a chair facing the camera, feet flat. Turn your chest to one "
    "side and hold for 5 seconds, then the other side. Keep your hips square.",
    safety="Sit tall; don't force the turn with your arms.",
    gauge=Gauge(sides=(1, -1), ends=("your left", "your right")),  # + is a bend or turn to the right
    accuracy="4.7 / 10.3",
)
