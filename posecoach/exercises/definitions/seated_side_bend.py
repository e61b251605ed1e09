"""Seated side bend: on a chair facing the camera, arms overhead, bending to each side in turn.

For people who cannot stand for long. Counted per side like the standing side bend; on a chair the
knees are bent anyway, and the fault to watch is a sit bone leaving the seat (the hips lifting).
"""

from posecoach.body.neutral import MAX_UPRIGHT_DEG, NeutralRule
from posecoach.exercises.codes import PARTS
from posecoach.exercises.definitions import _common as c
from posecoach.exercises.spec import Applies, Counting, ExerciseSpec, FaultRule, Gauge, Threshold, codes
from posecoach.pose.types import LM

HIPS_LIFTING = FaultRule(
    "hips_lifting",
    "Keep both sit bones on the chair: bend from your waist, not your hips.",
    "hips_lifting",
    (
        # MediaPipe's hip landmarks tilt with the trunk: in clean seated side bends (rendered, two
        # bodies) the hip line reads up to ~15 degrees against the knees. Only beyond that is it the
        # pelvis: 20 degrees is one sit bone ~6 cm off the seat (hip joints ~18 cm apart). A smaller
        # lift is hidden in MediaPipe's hips, so this catches a clear hitch of the hip, not a slight one.
        Threshold(
            "hip_tilt_over_knees_deg",
            20.0,
            "hip line tilted against the knee line beyond what a clean bend shows: a sit bone well off the chair",
        ),
    ),
    Applies(landmarks=(LM.LEFT_HIP, LM.RIGHT_HIP, LM.LEFT_KNEE, LM.RIGHT_KNEE), reason="the hip and knee lines"),
    "sit bones",
    PARTS["hips_lifting"],
)
RULES = (c.HIP_SHIFT, HIPS_LIFTING, *c.COMMON)

SPEC = ExerciseSpec(
    name="seated_side_bend",
    title="Seated side bend",
    view="front",
    posture="seated",
    standing=False,
    metric="lateral_flexion_deg",
    drive="lateral_flexion_deg",
    counting=Counting.SIDED_REPS,
    # A gentler default than standing: whoever sits for it is often the less mobile.
    target_deg=20.0,
    tolerance_deg=5.0,
    # Standing or sitting still, arm raises, squats and lunges read under 2 deg of lateral flexion for
    # 0.5 s, reaching sideways 6 (rendered, synthetic and real distractors): a partial bend from 9.
    min_partial_deg=9.0,
    hold_s=0.0,
    tempo_s=5.0,
    required=(*c.SEATED, LM.LEFT_KNEE, LM.RIGHT_KNEE),
    faults=codes(RULES),
    fault_rules=RULES,
    not_checked=(c.FORWARD_LEAN, c.CHEST_TURN),
    safe_target_deg=(5.0, 40.0),
    arm_positions=("overhead", "hands_on_hips"),
    neutral_rule=NeutralRule("trunk_tilt_deg", near_zero=True, max_from_zero_deg=MAX_UPRIGHT_DEG),
    instructions="Sit tall on a chair facing the camera, feet flat, arms overhead. Slowly bend to "
    "one side, then the other. Keep both sit bones on the chair.",
    safety="Use a steady chair without wheels. Bend only as far as is comfortable; don't bounce.",
    gauge=Gauge(sides=(1, -1), ends=("your left", "your right")),  # + is a bend or turn to the right
)
