"""Standing side bend: facing the camera, arms overhead, bending to each side in turn."""

from posecoach.body.calibration import ViewLimits
from posecoach.body.neutral import MAX_UPRIGHT_DEG, NeutralRule
from posecoach.exercises.definitions import _common as c
from posecoach.exercises.spec import Counting, ExerciseSpec, Gauge, codes

RULES = (c.HIP_SHIFT, *c.COMMON)

SPEC = ExerciseSpec(
    name="side_bend",
    title="Standing side bend",
    view="front",
    posture="standing",
    metric="lateral_flexion_deg",
    drive="lateral_flexion_deg",
    counting=Counting.SIDED_REPS,
    target_deg=25.0,
    tolerance_deg=5.0,
    # Standing or sitting still, arm raises, squats and lunges read under 2 deg of lateral flexion for
    # 0.5 s, reaching sideways 6 (rendered, synthetic and real distractors): a partial bend from 9.
    min_partial_deg=9.0,
    hold_s=0.0,
    tempo_s=4.0,
    required=c.STANDING,
    faults=codes(RULES),
    fault_rules=RULES,
    not_checked=(c.FORWARD_LEAN, c.CHEST_TURN, c.KNEES_HELD_BENT),
    # Typical adult active lateral flexion is ~30-45 degrees.
    safe_target_deg=(5.0, 40.0),
    arm_positions=("overhead", "weight_overhead", "hand_on_hip_weight", "hands_on_hips"),
    neutral_rule=NeutralRule("trunk_tilt_deg", near_zero=True, max_from_zero_deg=MAX_UPRIGHT_DEG),
    instructions="Stand tall, feet hip-width apart, arms overhead. Slowly bend to one side, "
    "then the other. Keep your hips still and your chest facing the camera.",
    safety="Bend only as far as is comfortable; don't bounce.",
    gauge=Gauge(sides=(1, -1), ends=("your left", "your right")),  # + is a bend or turn to the right
    # The bend is read from the trunk's tilt in the image, which a camera up to ~45 deg off the
    # body's axis still shows (MediaPipe's hip yaw reads ~0.85 of a body's turn to the camera).
    view_limits=ViewLimits(max_hip_yaw_deg=38.0, max_hip_yaw_mid_rep_deg=53.0),
    accuracy="0.7 / 1.5",
)
