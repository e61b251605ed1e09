"""Cat-cow on hands and knees: side-on to the camera, rounding the back up with the head dropping
(cat), then letting it dip with the head lifting (cow). The form taught in physiotherapy and yoga.

The camera sees the head follow the spine: the counted signal is the neck line against the trunk
line, as for the standing cat-cow. Rocking the hips back and forth instead is a fault.
"""

from dataclasses import replace

from posecoach.body.calibration import ViewLimits
from posecoach.exercises.codes import PARTS
from posecoach.exercises.definitions import _common as c
from posecoach.exercises.definitions import cat_cow
from posecoach.exercises.spec import FaultRule, Threshold, codes

HIPS_SHIFTING = FaultRule(
    "hips_shifting",
    "Keep your hips over your knees: move your back, don't rock.",
    "hips_shifting",
    (
        # The hips barely travel in a cat-cow (the pelvis tilts in place); rocking toward the heels
        # moves them 10-20 cm. The hips sit about a shin length (~40 cm) ahead of the feet: 0.15 is ~6 cm.
        Threshold("hip_drop", 0.15, "hips moved this share of their distance to the feet, back or forward"),
    ),
    label="hips rocking",
    parts=PARTS["hips_shifting"],
)
# On all fours MediaPipe reads the cow 3-6 degrees deeper than it is (rendered clips, two bodies,
# both sides): the standing cat-cow's margin plus that bias, so that a clean cow is not flagged.
NECK_HYPEREXTENSION = replace(
    c.NECK_HYPEREXTENSION,
    limits=(
        Threshold(
            "spine_flexion_deg",
            c.NECK_HYPEREXTENSION.limit("spine_flexion_deg") + 6.0,
            "the neck extends >= 20 deg beyond the cow; the all-fours cow reads up to 6 deg deep",
        ),
    ),
)
RULES = (NECK_HYPEREXTENSION, HIPS_SHIFTING, *c.COMMON)

# Counted as the standing cat-cow is (the same signal, targets, tempo and safe range).
SPEC = replace(
    cat_cow.SPEC,
    name="cat_cow_all_fours",
    title="Cat-cow on all fours",
    posture="all_fours",
    standing=False,
    faults=codes(RULES),
    fault_rules=RULES,
    arm_positions=("hands_on_floor",),
    # Up to ~45 deg off side-on: the level trunk foreshortens as the shoulders and hips widen
    # (rendered bodies: 0.37 at 30 deg, 0.93 at 45; side-on 0.1-0.25), while facing the camera on
    # all fours reads over 1.1.
    view_limits=ViewLimits(max_side_frontness=1.0),
    instructions="On your hands and knees, side-on to the camera: hands under your shoulders, knees "
    "under your hips. Round your back up and let your head drop (cat), then let your back dip and "
    "lift your head (cow).",
    safety="Use a mat or a folded blanket under your knees. Keep the movement small if your neck or "
    "back complains, and keep your neck long in the cow.",
    accuracy=("MediaPipe reads the cat 2.5 degrees short on average (at most 4.5) and the cow 3-6 degrees deep"),
)
