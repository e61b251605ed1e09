"""VARIANTS set: the stretches as people do them beyond the product's own variant (arms straight out in
front or at the chest for a twist, turns to 90 deg, a dumbbell overhead or in one hand for a side bend,
cat-cow on hands and knees side-on and oblique), with truth; plus two negatives. Small and short (test
recordings): 320x240 or 384x288 at 15 fps, 2 reps a side (cat-cow: 2 cycles), 1 s still start unless
the name says `nolead` (no still start) or `midmove` (the recording starts mid-movement).
Angles: side bends use --angle 50 for ~30 deg of lateral_flexion (the hip-to-shoulder line tilts ~0.6x the
spine's curve); a twist's --angle is the shoulders' turn against the feet (the spine takes up to 45 deg,
the pelvis the rest).
Render: python make_sets.py variants -j 1 --dest OUT; landmarks: record_landmarks.py --set variants OUT/*.mp4"""

SHEETS = True
S = "--size 320x240 --fps 15"
M = "--size 384x288 --fps 15"
TW = "--exercise twist --reps 4 --hold 0.6 --pause 0.2 --lead-out 0.5"
SB = "--exercise side_bend --move 2.6 --hold 0.6 --pause 0.3 --lead-out 0.5"
CC = "--exercise cat_cow_all_fours --reps 2 --move 3 --hold 0.7 --pause 0.3 --lead-out 0.5"
CLIPS = [
    # standing twist
    dict(
        name="tw_front60_male",
        args=f"{M} {TW} --arms front --angle 60 --move 2.8 --lead-in 1 --preset male --seed 31",
        analyze_as=["standing_twist"],
        desc="standing twist, straight arms out in front at chest height, both hands on one dumbbell; the "
        "shoulders turn 60 deg against the feet (45 from the spine, 15 from the pelvis); L,R,L,R",
    ),
    dict(
        name="tw_front90_tall_thin_male",
        args=f"{S} {TW} --arms front --angle 90 --move 3.4 --lead-in 1 "
        "--first-side right --preset tall_thin_male --seed 32",
        analyze_as=["standing_twist"],
        desc="standing twist, arms out in front holding one dumbbell, a 90 deg turn of the shoulders against the "
        "feet (45 spine + 45 pelvis, feet planted); R,L,R,L",
    ),
    dict(
        name="tw_chest45_female_nolead",
        args=f"{S} {TW} --arms chest --angle 45 --move 2.8 --lead-in 0 --preset female --seed 33",
        analyze_as=["standing_twist"],
        desc="standing twist, hands at the chest with the elbows raised out to the sides, 45 deg; the first "
        "turn starts with the recording (no still start); L,R,L,R",
    ),
    dict(
        name="tw_hips70_heavy_male",
        args=f"{M} {TW} --arms hips --angle 70 --move 2.8 --lead-in 1 --preset heavy_male --cam-height 1.3 --seed 34",
        analyze_as=["standing_twist"],
        desc="standing twist, hands on the hips, 70 deg (45 spine + 25 pelvis), camera 1.3 m high; L,R,L,R",
    ),
    dict(
        name="tw_front60_yaw15_older_female",
        args=f"{S} {TW} --arms front --angle 60 --move 2.8 --yaw 15 --lead-in 1 "
        "--first-side right --preset older_female --seed 35",
        analyze_as=["standing_twist"],
        desc="standing twist, arms out in front holding one dumbbell, 60 deg, filmed 15 deg off-axis (the "
        "person stands turned 15 deg to her left of the camera); R,L,R,L",
    ),
    dict(
        name="tw_front70_yaw20_tall_thin_male",
        args=f"{M} {TW} --arms front --angle 70 --move 3.0 --yaw 20 --lead-in 1 --preset tall_thin_male --seed 63",
        analyze_as=["standing_twist"],
        desc="standing twist, arms out in front holding one dumbbell, 70 deg (45 spine + 25 pelvis), filmed "
        "20 deg off-axis (the person stands turned 20 deg to his left of the camera); L,R,L,R",
    ),
    dict(
        name="tw_chest50_yawm20_average",
        args=f"{S} {TW} --arms chest --angle 50 --move 2.8 --yaw -20 --lead-in 1 "
        "--first-side right --preset average --seed 64",
        analyze_as=["standing_twist"],
        desc="standing twist, hands at the chest with the elbows raised out to the sides, 50 deg (45 spine + "
        "5 pelvis), filmed 20 deg off-axis (the person stands turned 20 deg to the right of the camera); R,L,R,L",
    ),
    # side bend
    dict(
        name="sb_overhead_weight_muscular_male",
        args=f"{M} {SB} --reps 4 --arms overhead_weight --angle 50 --lead-in 1 --preset muscular_male --seed 36",
        analyze_as=["side_bend"],
        desc="side bend with both hands together overhead holding one dumbbell (arms up from the start), "
        "~30 deg; L,R,L,R",
    ),
    dict(
        name="sb_hip_weight_right_short_heavy_female",
        args=f"{S} {SB} --reps 3 --arms hip_weight --sides one "
        "--first-side right --angle 50 --lead-in 1 --preset short_heavy_female --seed 37",
        analyze_as=["side_bend"],
        desc="dumbbell side bend: the weight in the right hand (the arm hangs), the left hand on the hip; 3 bends, "
        "all to her right, ~30 deg",
    ),
    dict(
        name="sb_overhead_weight_nolead_older_female",
        args=f"{S} {SB} --reps 4 --arms overhead_weight "
        "--angle 45 --lead-in 0 --first-side right --preset older_female --seed 38",
        analyze_as=["side_bend"],
        desc="side bend, both hands overhead on one dumbbell, ~27 deg; the first bend starts with the recording "
        "(no still start); R,L,R,L",
    ),
    # cat-cow on hands and knees
    dict(
        name="cc_side_left_average",
        args=f"{M} {CC} --view left --lead-in 1 --preset average --seed 39",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees, left side to the camera (camera 0.9 m high), 2 cycles",
    ),
    dict(
        name="cc_side_right_muscular_male",
        args=f"{S} {CC} --view right --angle 45 --lead-in 1 --preset muscular_male --cam-height 0.7 --seed 40",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees, right side to the camera (camera 0.7 m high), smaller cat (45 deg), 2 cycles",
    ),
    dict(
        name="cc_oblique30_female",
        args=f"{S} {CC} --view left --yaw 30 --lead-in 1 --preset female --seed 41",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees filmed 30 deg obliquely from the front-left (left side to the camera, "
        "head turned 30 deg towards it), 2 cycles",
    ),
    dict(
        name="cc_oblique45_tall_thin_male",
        args=f"{M} {CC} --view right --yaw -45 --lead-in 1 --preset tall_thin_male --seed 42",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees filmed 45 deg obliquely from the front-right (right side to the camera, "
        "head turned 45 deg towards it), 2 cycles",
    ),
    dict(
        name="cc_midmove_short_heavy_female",
        args=f"{S} {CC} --view left --lead-in 0 --start-at 0.8 --preset short_heavy_female --seed 43",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees, side-on; the recording starts mid-way into the first cat (no still "
        "start, the neutral back is never seen first), 2 cycles",
    ),
    # seated forward fold
    dict(
        name="ff_yaw20_older_female",
        args=f"{M} --exercise forward_fold --reps 1 --view left --yaw 20 --hold 8 --lead-in 1 --lead-out 0.5 "
        "--preset older_female --seed 80",
        analyze_as=["forward_fold"],
        desc="seated forward fold, one 8 s hold, left side to the camera, turned a further 20 deg (the camera "
        "20 deg off side-on)",
    ),
    # negatives
    dict(
        name="neg_arm_raises_weight_male",
        args=f"{S} --exercise arm_raises --arms overhead_weight --reps 3 "
        "--move 3 --hold 0.7 --pause 0.5 --lead-in 1 --lead-out 0.5 --preset male --seed 44",
        analyze_as=["side_bend", "standing_twist"],
        desc="not an exercise: one dumbbell in both hands raised with straight arms from the thighs to overhead "
        "and lowered, 3 times; the trunk stays still",
    ),
    dict(
        name="neg_idle_average",
        args=f"{S} --exercise idle --duration 12 --preset average --seed 45",
        analyze_as=["side_bend", "standing_twist"],
        desc="not an exercise: standing facing the camera, arms down, natural sway, a weight shift and glances",
    ),
    dict(
        name="neg_idle_long_male",
        args=f"{S} --exercise idle --duration 20 --lead-in 0 --lead-out 0.5 --preset male --seed 104",
        analyze_as=["side_bend", "standing_twist"],
        desc="a negative: 20 s of standing idle (sway, weight shifts, glances around), no exercise reps",
    ),
]
