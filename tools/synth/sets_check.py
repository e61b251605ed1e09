"""CHECK set: a mixed check set of every exercise (side bend, standing twist, seated twist, standing cat-cow,
forward fold, cat-cow on all fours) with various bodies, tempos, yaws, camera heights and lead-ins, with truth.
Small and short: 320x240, 384x288 or 640x480 at 15 fps, 0.5 s still end.
Render: python make_sets.py check -j 2 --dest OUT; landmarks: record_landmarks.py --set check OUT/*.mp4"""

SHEETS = False
S = "--size 320x240 --fps 15"
M = "--size 384x288 --fps 15"
V = "--size 640x480 --fps 15"
CLIPS = [
    dict(
        name="ck_sb_yaw20_fast_female",
        args=f"{M} --exercise side_bend --reps 4 --angle 50 --move 1.8 --hold 0.3 --pause 0.2 --yaw 20 "
        "--lead-in 0 --lead-out 0.5 --preset female --seed 71",
        analyze_as=["side_bend"],
        desc="side bend, arms overhead, 50 deg, fast (1.8 s out and back), turned 20 deg to her left, "
        "no still start; L,R,L,R",
    ),
    dict(
        name="ck_sb_yawm25_slow_heavy_male",
        args=f"{S} --exercise side_bend --reps 4 --angle 45 --move 5 --hold 1.5 --pause 0.5 --yaw -25 "
        "--lead-in 1 --lead-out 0.5 --cam-height 1.4 --preset heavy_male --seed 72",
        analyze_as=["side_bend"],
        desc="side bend, arms overhead, 45 deg, slow (5 s out and back), turned 25 deg to his right, "
        "camera 1.4 m high; L,R,L,R",
    ),
    dict(
        name="ck_tw_hips_fast_nolead_older_female",
        args=f"{S} --exercise twist --reps 4 --arms hips --angle 45 --move 1.8 --hold 0.2 --pause 0.2 "
        "--lead-in 0 --lead-out 0.5 --preset older_female --seed 73",
        analyze_as=["standing_twist"],
        desc="standing twist, hands on the hips, 45 deg, fast (1.8 s out and back), no still start; L,R,L,R",
    ),
    dict(
        name="ck_tw_crossed_slow_yaw10_tall_thin_male",
        args=f"{M} --exercise twist --reps 4 --arms crossed --angle 60 --move 5 --hold 1.5 --pause 0.5 "
        "--yaw 10 --lead-in 1 --lead-out 0.5 --preset tall_thin_male --seed 74",
        analyze_as=["standing_twist"],
        desc="standing twist, arms crossed on the chest, 60 deg, slow (5 s out and back), turned 10 deg "
        "to his left; L,R,L,R",
    ),
    dict(
        name="ck_tw_hips_yawm10_lowcam_short_heavy_female",
        args=f"{S} --exercise twist --reps 4 --arms hips --angle 50 --move 3 --hold 0.6 --pause 0.3 "
        "--yaw -10 --cam-height 0.8 --lead-in 1 --lead-out 0.5 --preset short_heavy_female --seed 75",
        analyze_as=["standing_twist"],
        desc="standing twist, hands on the hips, 50 deg, turned 10 deg to her right, camera 0.8 m high; "
        "L,R,L,R",
    ),
    dict(
        name="ck_stw_yaw15_male",
        args=f"{M} --exercise seated_twist --reps 4 --yaw 15 --hold 2 --lead-in 1 --lead-out 0.5 "
        "--preset male --seed 76",
        analyze_as=["seated_twist"],
        desc="seated twist on a stool, 40 deg, 2 s holds, turned 15 deg to his left; L,R,L,R",
    ),
    dict(
        name="ck_stw_nolead_fast_female",
        args=f"{S} --exercise seated_twist --reps 4 --move 2.2 --hold 1 --pause 0.3 --lead-in 0 "
        "--lead-out 0.5 --preset female --seed 77",
        analyze_as=["seated_twist"],
        desc="seated twist on a stool, 40 deg, fast (2.2 s out and back), no still start; L,R,L,R",
    ),
    dict(
        name="ck_cc_stand_yaw20_average",
        args=f"{M} --exercise cat_cow --reps 3 --view left --yaw 20 --lead-in 1 --lead-out 0.5 "
        "--preset average --seed 78",
        analyze_as=["cat_cow"],
        desc="standing cat-cow, hands on the thighs, 3 cat+cow cycles, left side to the camera, "
        "turned a further 20 deg",
    ),
    dict(
        name="ck_cc_stand_fast_nolead_muscular_male",
        args=f"{S} --exercise cat_cow --reps 3 --view right --move 2.2 --hold 0.3 --pause 0.2 --lead-in 0 "
        "--lead-out 0.5 --preset muscular_male --seed 79",
        analyze_as=["cat_cow"],
        desc="standing cat-cow, hands on the thighs, 3 fast cat+cow cycles, right side to the camera, "
        "no still start",
    ),
    dict(
        name="ck_ff_yaw20_older_female",
        args=f"{M} --exercise forward_fold --reps 1 --view left --yaw 20 --hold 8 --lead-in 1 --lead-out 0.5 "
        "--preset older_female --seed 80",
        analyze_as=["forward_fold"],
        desc="seated forward fold, one 8 s hold, left side to the camera, turned a further 20 deg",
    ),
    dict(
        name="ck_ff_nolead_heavy_male",
        args=f"{S} --exercise forward_fold --reps 1 --view right --hold 8 --lead-in 0 --lead-out 0.5 "
        "--preset heavy_male --seed 81",
        analyze_as=["forward_fold"],
        desc="seated forward fold, one 8 s hold, right side to the camera, no still start",
    ),
    dict(
        name="ck_ccaf_yaw15_fast_nolead_female",
        args=f"{M} --exercise cat_cow_all_fours --reps 2 --view right --yaw 15 --move 2.2 --hold 0.3 "
        "--pause 0.2 --lead-in 0 --lead-out 0.5 --preset female --seed 82",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees, 2 fast cat+cow cycles, right side to the camera, turned a further "
        "15 deg, no still start",
    ),
    dict(
        name="ck_ccaf_slow_highcam_tall_thin_male",
        args=f"{V} --exercise cat_cow_all_fours --reps 2 --view left --move 6 --hold 1.5 --cam-height 1.4 "
        "--lead-in 1 --lead-out 0.5 --preset tall_thin_male --seed 83",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees, 2 slow cat+cow cycles (6 s), left side to the camera, "
        "camera 1.4 m high",
    ),
]
