"""Standing twist: facing the camera, hands on the hips, turning the chest to each side in turn."""

from posecoach.body.calibration import ViewLimits
from posecoach.body.neutral import NeutralRule
from posecoach.exercises.definitions import _common as c
from posecoach.exercises.spec import Counting, ExerciseSpec, Gauge, codes

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
    min_metric_share=c.TWIST_MIN_ROTATION_SHARE,
    arm_lever=True,
    faults=codes(RULES),
    fault_rules=RULES,
    not_checked=(c.FORWARD_LEAN, c.KNEES_HELD_BENT),
    # Typical adult thoracolumbar rotation is ~30-45 degrees.
    safe_target_deg=(5.0, 50.0),
    arm_positions=("hands_on_hips", "arms_crossed", "hands_at_chest", "arms_in_front"),
    neutral_rule=NeutralRule("shoulder_yaw_world_deg", near_zero=True, square_on=True),
    arms_gate=True,  # the shoulder line rides with raised arms
    instructions="Stand with feet shoulder-width apart, hands on your hips. Turn your chest "
    "slowly to one side, then the other. Keep your hips facing the camera.",
    safety="Turn from the middle of your back, gently.",
    gauge=Gauge(sides=(1, -1), ends=("your left", "your right")),  # + is a bend or turn to the right
    # Turns of 90 deg and beyond take the hips along (a wide stance pivots): mid-rep the shoulders
    # go side-on (frontness down to ~0.25) and MediaPipe's hips read up to ~50 deg.
    view_limits=ViewLimits(max_hip_yaw_mid_rep_deg=60.0, min_frontness_mid_rep=0.15),
    accuracy="3.4 / 7.1",
)
