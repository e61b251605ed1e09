"""Seated forward fold: on the floor side-on, legs straight, folding forward and holding."""

from posecoach.body.calibration import ViewLimits
from posecoach.body.neutral import MAX_UPRIGHT_DEG, NeutralRule
from posecoach.exercises import faults as f
from posecoach.exercises.definitions import _common as c
from posecoach.exercises.spec import Counting, ExerciseSpec, Gauge, Threshold, codes

KNEES_BENT = c.rule(
    "knees_bent",
    "knees_bent_side",
    Threshold("knees_side_deg", f.KNEES_BENT_SIDE_DEG, "the straighter knee's angle in the forward fold"),
    applies=f.KNEES_SIDE_APPLIES,
)
RULES = (KNEES_BENT, c.HOLD_TOO_SHORT, *c.COMMON)

SPEC = ExerciseSpec(
    name="forward_fold",
    title="Seated forward fold",
    view="side",
    posture="seated",
    standing=False,
    metric="fold_deg",
    drive="fold_from_neutral_deg",  # counted from the neutral; measured from the vertical (signals.py)
    judge_on_metric=True,
    measured_since="0.2.0",  # before, the fold was measured from the start, reading 4-9 deg deeper
    counting=Counting.HOLD,
    target_deg=30.0,
    tolerance_deg=8.0,
    hold_s=30.0,
    tempo_s=8.0,
    required=c.SIDE_ON,
    # Seated on the floor, a camera up to ~30 deg off side-on still shows the fold's tilt (cos 30:
    # a 45-deg fold reads 41). The trunk seen from there parts the near and far shoulders and hips:
    # a rendered body 20 deg off read 0.43-0.70 (side-on 0.16-0.49), where sitting facing the camera
    # reads 0.98 or more (rendered seated twists).
    view_limits=ViewLimits(max_side_frontness=0.8),
    faults=codes(RULES),
    fault_rules=RULES,
    # Hip flexion in a long-sitting fold is typically ~60-90 degrees.
    safe_target_deg=(5.0, 70.0),
    arm_positions=("reaching_forward",),
    neutral_rule=NeutralRule("trunk_forward_deg", near_zero=True, max_from_zero_deg=MAX_UPRIGHT_DEG),
    instructions="Sit on the floor side-on to the camera, legs straight in front. Fold "
    "forward from the hips as far as is comfortable and hold, breathing slowly.",
    safety="Bend your knees a little if your hamstrings or back pull; never bounce.",
    gauge=Gauge(sides=(1,), ends=("", "further")),
    accuracy="2.3 / 3.8",
)
