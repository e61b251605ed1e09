"""CHECK3 set: a third mixed check set of every exercise (side bend with and without dumbbells, standing twist,
seated twist, standing cat-cow, forward fold, cat-cow on all fours) with various arm positions, bodies, tempos,
yaws, camera heights and distances, lead-ins, a clip that starts mid-movement and two negatives (arm raises with
a dumbbell, walk-in), with truth.
Small and short: 320x240, 384x288 or 640x480 at 15 fps, 0.5 s still end.
Render: python make_sets.py check3 -j 2 --dest OUT; landmarks: record_landmarks.py --set check3 OUT/*.mp4"""

SHEETS = False
S = "--size 320x240 --fps 15"
M = "--size 384x288 --fps 15"
V = "--size 640x480 --fps 15"
CLIPS = [
    dict(
        name="c3_sb_hipweight_yaw15_nolead_short_heavy_female",
        args=f"{S} --exercise side_bend --reps 3 --arms hip_weight --sides one --first-side right --angle 50 "
        "--yaw 15 --lead-in 0 --lead-out 0.5 --preset short_heavy_female --seed 111",
        analyze_as=["side_bend"],
        desc="dumbbell side bend, a dumbbell hanging in the right hand, the left hand on the hip, 50 deg, every "
        "rep to the right, turned 15 deg to her left, no still start; R,R,R",
    ),
    dict(
        name="c3_sb_overheadweight_fast_tall_thin_male",
        args=f"{M} --exercise side_bend --reps 4 --arms overhead_weight --angle 45 --move 2 --hold 0.3 "
        "--pause 0.2 --lead-in 1 --lead-out 0.5 --preset tall_thin_male --seed 112",
        analyze_as=["side_bend"],
        desc="side bend, both hands overhead on one dumbbell, 45 deg, fast (2 s out and back, 0.3 s holds); "
        "L,R,L,R",
    ),
    dict(
        name="c3_sb_hips_slow_lowcam_older_female",
        args=f"{S} --exercise side_bend --reps 4 --arms hips --angle 40 --move 5 --hold 1.5 --cam-height 0.8 "
        "--lead-in 1 --lead-out 0.5 --preset older_female --seed 113",
        analyze_as=["side_bend"],
        desc="side bend, hands on the hips, 40 deg, slow (5 s out and back, 1.5 s holds), camera 0.8 m high; "
        "L,R,L,R",
    ),
    dict(
        name="c3_tw_chest60_yawm15_lowcam_male",
        args=f"{M} --exercise twist --reps 4 --arms chest --angle 60 --move 3 --hold 0.6 --pause 0.3 --yaw -15 "
        "--cam-height 0.9 --lead-in 1 --lead-out 0.5 --preset male --seed 114",
        analyze_as=["standing_twist"],
        desc="standing twist, hands at the chest with the elbows raised out to the sides, 60 deg (45 spine + "
        "15 pelvis), turned 15 deg to his right, camera 0.9 m high; L,R,L,R",
    ),
    dict(
        name="c3_tw_front90_nolead_female",
        args=f"{S} --exercise twist --reps 4 --arms front --angle 90 --move 3.4 --hold 0.6 --pause 0.2 "
        "--lead-in 0 --lead-out 0.5 --preset female --seed 115",
        analyze_as=["standing_twist"],
        desc="standing twist, arms out in front holding one dumbbell, 90 deg (45 spine + 45 pelvis), "
        "no still start; L,R,L,R",
    ),
    dict(
        name="c3_tw_crossed_fast_vga_average",
        args=f"{V} --exercise twist --reps 4 --arms crossed --angle 50 --move 2 --hold 0.3 --pause 0.2 "
        "--lead-in 1 --lead-out 0.5 --preset average --seed 116",
        analyze_as=["standing_twist"],
        desc="standing twist, arms crossed on the chest, 50 deg (45 spine + 5 pelvis), fast (2 s out and back, "
        "0.3 s holds), 640x480; L,R,L,R",
    ),
    dict(
        name="c3_stw_yawm20_heavy_male",
        args=f"{M} --exercise seated_twist --reps 4 --yaw -20 --hold 2 --lead-in 1 --lead-out 0.5 "
        "--preset heavy_male --seed 117",
        analyze_as=["seated_twist"],
        desc="seated twist on a stool, 40 deg, 2 s holds, turned 20 deg to his right; L,R,L,R",
    ),
    dict(
        name="c3_stw_fast_highcam_older_female",
        args=f"{S} --exercise seated_twist --reps 4 --move 2.2 --hold 1.5 --pause 0.3 --cam-height 1.4 "
        "--lead-in 1 --lead-out 0.5 --preset older_female --seed 118",
        analyze_as=["seated_twist"],
        desc="seated twist on a stool, 40 deg, fast (2.2 s out and back, 1.5 s holds), camera 1.4 m high; "
        "L,R,L,R",
    ),
    dict(
        name="c3_cc_stand_yawm25_tall_thin_male",
        args=f"{M} --exercise cat_cow --reps 3 --view right --yaw -25 --lead-in 1 --lead-out 0.5 "
        "--preset tall_thin_male --seed 119",
        analyze_as=["cat_cow"],
        desc="standing cat-cow, hands on the thighs, 3 cat+cow cycles, right side to the camera, turned 25 deg "
        "towards the camera",
    ),
    dict(
        name="c3_cc_stand_slow_female",
        args=f"{S} --exercise cat_cow --reps 3 --view left --move 6 --hold 1.5 --lead-in 1 --lead-out 0.5 "
        "--preset female --seed 120",
        analyze_as=["cat_cow"],
        desc="standing cat-cow, hands on the thighs, 3 slow cat+cow cycles (6 s cat to cow, 1.5 s holds), "
        "left side to the camera",
    ),
    dict(
        name="c3_ff_yawm25_muscular_male",
        args=f"{M} --exercise forward_fold --reps 1 --view right --yaw -25 --hold 8 --lead-in 1 --lead-out 0.5 "
        "--preset muscular_male --seed 121",
        analyze_as=["forward_fold"],
        desc="seated forward fold, one 8 s hold, right side to the camera, turned 25 deg towards the camera",
    ),
    dict(
        name="c3_ff_far_cam1m_short_heavy_female",
        args=f"{S} --exercise forward_fold --reps 1 --view left --hold 8 --cam-height 1.0 --cam-dist 3.5 "
        "--lead-in 1 --lead-out 0.5 --preset short_heavy_female --seed 122",
        analyze_as=["forward_fold"],
        desc="seated forward fold, one 8 s hold, left side to the camera, camera 1.0 m high and 3.5 m away",
    ),
    dict(
        name="c3_ccaf_yaw30_nolead_average",
        args=f"{M} --exercise cat_cow_all_fours --reps 2 --view left --yaw 30 --lead-in 0 --lead-out 0.5 "
        "--preset average --seed 123",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees, 2 cat+cow cycles, left side to the camera, turned 30 deg towards "
        "the camera, no still start",
    ),
    dict(
        name="c3_ccaf_midmove_muscular_male",
        args=f"{S} --exercise cat_cow_all_fours --reps 2 --view right --lead-in 0 --start-at 1.0 --lead-out 0.5 "
        "--preset muscular_male --seed 124",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees, 2 cat+cow cycles, right side to the camera, the recording starting "
        "1 s into the first cat (half way down, no neutral start)",
    ),
    dict(
        name="c3_armraises_weight_yaw15_female",
        args=f"{S} --exercise arm_raises --arms overhead_weight --reps 3 --move 3 --hold 0.7 --pause 0.5 "
        "--yaw 15 --lead-in 1 --lead-out 0.5 --preset female --seed 125",
        analyze_as=["side_bend", "standing_twist"],
        desc="a negative: 3 raises of one dumbbell in both hands from the thighs to overhead with straight arms, "
        "the trunk still, turned 15 deg to her left; no exercise reps",
    ),
    # asked with --lead-in 0 --lead-out 0.5: walk_in ignores both (build_timeline gives it only the --duration
    # walk segment, and truth.py takes its neutral from the still stance at the end): dropped
    dict(
        name="c3_walk_in_vga_muscular_male",
        args=f"{V} --exercise walk_in --duration 12 --preset muscular_male --seed 126",
        analyze_as=["side_bend", "standing_twist", "seated_twist", "forward_fold"],
        desc="a negative: walks in from the side, turns to the camera and stands (12 s), 640x480, "
        "no exercise reps",
    ),
]
