"""Standing cat-cow: side-on, hands on the thighs, rounding (cat) then arching (cow)."""

from posecoach.body.neutral import NeutralRule
from posecoach.exercises import faults as f
from posecoach.exercises.definitions import _common as c
from posecoach.exercises.spec import Counting, ExerciseSpec, Gauge, Threshold, codes

KNEES_LOCKED = c.rule(
    "knees_locked",
    "knees_locked",
    Threshold("knees_side_deg", f.KNEES_LOCKED_DEG, "the straighter knee's angle in cat-cow (180 = straight)"),
    applies=f.KNEES_SIDE_APPLIES,
)
RULES = (KNEES_LOCKED, c.NECK_HYPEREXTENSION, *c.COMMON)

SPEC = ExerciseSpec(
    name="cat_cow",
    title="Standing cat-cow",
    view="side",
    posture="standing",
    metric="spine_flexion_deg",
    drive="spine_flexion_deg",
    counting=Counting.CYCLE,
    # Timed by the peak speed: between the cow and the next cat the 2-D flexion pauses a few
    # degrees off zero, a fifth of a cat, which the transit timing would count as movement
    # (rendered cat-cows at twice the tempo then read 0.6-0.8 of the slow tempo, by the peak speed
    # 0.53-0.54, clean ones 0.78 and more).
    timing="peak_speed",
    target_deg=15.0,
    counter_target_deg=10.0,
    tolerance_deg=4.0,
    hold_s=0.0,
    tempo_s=8.0,
    required=c.SIDE_ON,
    min_enter_deg=6.0,
    faults=codes(RULES),
    fault_rules=RULES,
    safe_target_deg=(5.0, 30.0),
    arm_positions=("hands_on_thighs",),
    neutral_rule=NeutralRule("neck_flexion_deg"),
    instructions="Side-on to the camera, knees soft, hands on your thighs. Round your back "
    "and drop your head (cat), then arch and lift your chest (cow).",
    safety="Keep the movement small if your neck or back complains.",
    gauge=Gauge(sides=(1, -1), ends=("arch", "round")),  # negative flexion is extension
    accuracy="3.2 / 5.4",
)
