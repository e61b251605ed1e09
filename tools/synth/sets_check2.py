"""CHECK2 set: a second mixed check set of every exercise (side bend, standing twist, seated twist, standing cat-cow,
forward fold, cat-cow on all fours) with faults, various bodies, camera distances, light and two negatives
(idle, walk-in), with truth.
Small and short: 320x240, 384x288, 640x480 or 1280x720 at 15 fps, 0.5 s still end.
Render: python make_sets.py check2 -j 2 --dest OUT; landmarks: record_landmarks.py --set check2 OUT/*.mp4"""

SHEETS = False
S = "--size 320x240 --fps 15"
M = "--size 384x288 --fps 15"
V = "--size 640x480 --fps 15"
H = "--size 1280x720 --fps 15"
CLIPS = [
    dict(
        name="c2_sb_hipshift_male",
        args=f"{M} --exercise side_bend --reps 4 --fault hip_shift:0.08 --lead-in 1 --lead-out 0.5 "
        "--preset male --seed 91",
        analyze_as=["side_bend"],
        desc="side bend, arms overhead, 30 deg, the pelvis sliding 8 cm opposite to the bend on every rep; L,R,L,R",
    ),
    dict(
        name="c2_sb_partial_rot_older_female",
        args=f"{S} --exercise side_bend --reps 4 --fault partial:0.6@2 --fault rot_coupling:15 --lead-in 1 "
        "--lead-out 0.5 --preset older_female --seed 92",
        analyze_as=["side_bend"],
        desc="side bend, arms overhead, 30 deg, rep 2 only 60 % of the range, the thorax rotating 15 deg towards "
        "the bend on every rep; L,R,L,R",
    ),
    dict(
        name="c2_sb_far_hfov_average",
        args=f"{V} --exercise side_bend --reps 4 --cam-dist 5 --hfov 75 --lead-in 1 --lead-out 0.5 "
        "--preset average --seed 93",
        analyze_as=["side_bend"],
        desc="side bend, arms overhead, 30 deg, camera 5 m away with a 75 deg field of view (a small figure); "
        "L,R,L,R",
    ),
    # asked with --fault knees_bent:25@1,3: knees_bent is a global fault in the renderer (motion.py applies it
    # with rep=None, so a rep list makes it a no-op while the truth still lists it on reps 1 and 3): @1,3 dropped
    dict(
        name="c2_tw_hipstwist_knees_heavy_male",
        args=f"{M} --exercise twist --reps 4 --arms crossed --fault hips_twist:0.7 --fault knees_bent:25 "
        "--lead-in 1 --lead-out 0.5 --preset heavy_male --seed 94",
        analyze_as=["standing_twist"],
        desc="standing twist, arms crossed on the chest, 40 deg, 70 % of the turn from the pelvis on every rep, "
        "knees bent 25 deg throughout; L,R,L,R",
    ),
    dict(
        name="c2_tw_neckrot_fast_female",
        args=f"{S} --exercise twist --reps 4 --arms hips --fault neck_rot:35 --fault fast:0.6@2,4 --lead-in 1 "
        "--lead-out 0.5 --preset female --seed 95",
        analyze_as=["standing_twist"],
        desc="standing twist, hands on the hips, 40 deg, the head turning 35 deg further than the shoulders on "
        "every rep, reps 2 and 4 fast (0.6 s out and back); L,R,L,R",
    ),
    dict(
        name="c2_tw_dim_light_hd_muscular_male",
        args=f"{H} --exercise twist --reps 4 --arms hips --light 0.4 --ambient 0.25 --light-az -40 --lead-in 1 "
        "--lead-out 0.5 --preset muscular_male --seed 96",
        analyze_as=["standing_twist"],
        desc="standing twist, hands on the hips, 40 deg, dim light (key 0.4, ambient 0.25) from the other side, "
        "1280x720; L,R,L,R",
    ),
    dict(
        name="c2_stw_short_hold_lean_tall_thin_male",
        args=f"{M} --exercise seated_twist --reps 4 --fault short_hold:1.5@2 --fault lean:10 --lead-in 1 "
        "--lead-out 0.5 --preset tall_thin_male --seed 97",
        analyze_as=["seated_twist"],
        desc="seated twist on a stool, 40 deg, 5 s holds except rep 2 (1.5 s), a constant 10 deg lateral lean; "
        "L,R,L,R",
    ),
    dict(
        name="c2_cc_neckhyper_knees_locked_short_heavy_female",
        args=f"{M} --exercise cat_cow --reps 3 --view right --fault neck_hyper:30@2 --fault knees_locked "
        "--lead-in 1 --lead-out 0.5 --preset short_heavy_female --seed 98",
        analyze_as=["cat_cow"],
        desc="standing cat-cow, hands on the thighs, 3 cat+cow cycles, right side to the camera, straight "
        "(locked) knees throughout, 30 deg extra neck extension in the cow of cycle 2",
    ),
    dict(
        name="c2_cc_highcam_far_male",
        args=f"{V} --exercise cat_cow --reps 3 --view left --cam-height 1.6 --cam-dist 4.5 --lead-in 1 "
        "--lead-out 0.5 --preset male --seed 99",
        analyze_as=["cat_cow"],
        desc="standing cat-cow, hands on the thighs, 3 cat+cow cycles, left side to the camera, camera 1.6 m "
        "high and 4.5 m away",
    ),
    dict(
        name="c2_ff_short_hold_knees_average",
        args=f"{M} --exercise forward_fold --reps 1 --view right --hold 6 --fault knees_bent:25 --lead-in 1 "
        "--lead-out 0.5 --preset average --seed 100",
        analyze_as=["forward_fold"],
        desc="seated forward fold, one 6 s hold, right side to the camera, knees bent 25 deg (lifted off the floor)",
    ),
    dict(
        name="c2_ff_two_holds_female",
        args=f"{S} --exercise forward_fold --reps 2 --view left --hold 5 --pause 2 --lead-in 1 --lead-out 0.5 "
        "--preset female --seed 101",
        analyze_as=["forward_fold"],
        desc="seated forward fold, two 5 s holds 2 s apart, left side to the camera",
    ),
    dict(
        name="c2_ccaf_neckhyper_heavy_male",
        args=f"{M} --exercise cat_cow_all_fours --reps 2 --view right --fault neck_hyper:30 --lead-in 1 "
        "--lead-out 0.5 --preset heavy_male --seed 102",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees, 2 cat+cow cycles, right side to the camera, 30 deg extra neck "
        "extension in every cow",
    ),
    dict(
        name="c2_ccaf_small_angle_older_female",
        args=f"{S} --exercise cat_cow_all_fours --reps 3 --view left --angle 30 --lead-in 1 --lead-out 0.5 "
        "--preset older_female --seed 103",
        analyze_as=["cat_cow_all_fours"],
        desc="cat-cow on hands and knees, 3 small cat+cow cycles (30 deg cat, 24 deg cow), left side to the camera",
    ),
    dict(
        name="c2_idle_long_male",
        args=f"{S} --exercise idle --duration 20 --lead-in 0 --lead-out 0.5 --preset male --seed 104",
        analyze_as=["side_bend", "standing_twist"],
        desc="a negative: 20 s of standing idle (sway, weight shifts, glances around), no exercise reps",
    ),
    dict(
        name="c2_walk_in_female",
        args=f"{M} --exercise walk_in --duration 12 --lead-in 0 --lead-out 0.5 --preset female --seed 105",
        analyze_as=["side_bend", "standing_twist"],
        desc="a negative: walks in from the side, turns to the camera and stands (12 s), no exercise reps",
    ),
]
