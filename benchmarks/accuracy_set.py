"""The accuracy benchmark's clip set: a ``sets_*.py`` list for the renderer's make_sets.py.

Render it (about 100 clips; on a shared 2-core machine a few hours) with
    cp benchmarks/accuracy_set.py ../synth-work/sets_accuracy.py
    cd ../synth-work && $SYNTH_VENV/bin/python make_sets.py accuracy -j 2 --dest DIR --no-sheet
then ``python benchmarks/accuracy.py --clips DIR``.

Bodies other than the shared clips' average one; two camera set-ups (A: the renderer's auto-framed
camera at 1.1 m, 0.7 m for the floor fold; B: higher and farther, looking down). Faults are injected
at the magnitudes a coach calls visible on chosen reps, so the other reps of the
same clip are clean. Clips are small (384x288 at 10 fps; the first standing twists 480x360 at 15 fps)
because rendering is the bottleneck.

Fit and check: the elbow lever was chosen on the first four standing twists (tall thin male, short
heavy female, older female, muscular male); the tempo rule and fault thresholds on the first round
of fault clips (``twf_older_female_A``, ``sbf_muscular_male_B``, ``ccf_tall_thin_male_A``,
``stf_short_heavy_female_A``) and the clean twists. Only checked on: the second round
(``twf_muscular_male_B``, ``sbf_older_female_A``, ``ccf_heavy_male_B``, ``stf_female_B``,
``stg_tall_thin_male_A``), the clean side bends, cat-cows and folds, and the shared clips.

Which clips the fault rules' thresholds were fitted on and which they were only checked on is
``role_of`` (``CHECK``), and the benchmark prints the two apart: see the last section.

Refit on tracked landmarks (``EstimatorSettings.track``), for the faults' recall:
- the lean held from the start (``NEUTRAL_LEAN_DEG``): fit on ``twg_muscular_male_B`` and the neutrals
  of the clean front-view clips; checked on ``stg_tall_thin_male_A`` (seated, other body and camera)
  and the shared clips;
- the head's turn beyond the shoulders (the eye span joins the nose offset; ``NECK_OVER_ROTATION_DEG``):
  chosen on every twist clip, the fault reps of both rounds included, so no fault rep is held out for
  it; the renderer's truth keypoints (clean 2-6 deg, fault 26-28) set where it should lie;
- the fold's knees (the straighter knee): chosen on ``fff_female_A`` and the false flag of
  ``ff_short_heavy_female_B``, so no fold clip is held out for it.
"""

CAMS = {"A": "", "B": "--cam-height 1.6 --cam-dist 4.2"}
FLOOR_CAMS = {"A": "", "B": "--cam-height 1.2 --cam-dist 3.6"}
BIG = "--size 480x360 --fps 15 --crf 23 --lead-in 2.0 --lead-out 0.5"
SMALL = "--size 384x288 --fps 10 --crf 23 --lead-in 2.0 --lead-out 0.3"

CLIPS: list[dict] = []


def add(name: str, args: str, desc: str, base: str = SMALL) -> None:
    CLIPS.append(dict(name=name, args=f"{base} {args}", desc=desc))


def cam(body: str, c: str, seed: int, floor: bool = False) -> str:
    return f"--preset {body} {(FLOOR_CAMS if floor else CAMS)[c]} --seed {seed}"


# Standing twists, clean: three fit and three check bodies over both cameras, both arm positions.
for body, c, arms, angle, seed in [
    ("tall_thin_male", "A", "", 41, 1),
    ("short_heavy_female", "B", "--arms hips", 35, 2),
    ("older_female", "A", "--arms hips", 45, 3),
    ("muscular_male", "B", "", 41, 4),
    ("heavy_male", "A", "", 30, 5),
    ("female", "B", "--arms hips", 41, 6),
]:
    hands = "hips" if arms else "crossed"
    add(
        f"tw_{body}_{c}_{hands}",
        f"--exercise twist --reps 4 --angle {angle} {arms} {cam(body, c, seed)}",
        f"standing twist, hands {hands}, clean",
        base=BIG,
    )

# Faults at the table's magnitudes (first round: one body and camera per exercise).
TWIST_MIX = (
    "--fault hips_twist:0.4@2 --fault neck_rot:25@3 --fault flex_coupling:10@4 --fault fast:2.0@5",
    "hips give 40% of the turn @2, head 25 deg past the shoulders @3, 10 deg forward lean @4, fast @5",
)
SIDE_MIX = (
    "--fault hip_shift:0.05@2 --fault flex_coupling:10@3 --fault rot_coupling:12@4 --fault fast:2.0@5 "
    "--fault partial:0.7@6",
    "hip shift 5 cm @2, 10 deg forward @3, chest turn 12 deg @4, fast @5, 70% @6",
)
CAT_MIX = (
    "--fault neck_hyper:20@2 --fault fast:2.0@3 --fault partial:0.6@4",
    "neck extends 20 deg past the cow @2, fast @3, 60% @4",
)
SEATED_MIX = (
    "--fault hips_twist:0.4@2 --fault neck_rot:25@3 --fault flex_coupling:10@4",
    "hips 40% @2, head 25 deg past the shoulders @3, 10 deg forward lean @4",
)
for round_, rows in enumerate(
    [
        [
            ("twf", "older_female", "A"),
            ("sbf", "muscular_male", "B"),
            ("ccf", "tall_thin_male", "A"),
            ("stf", "short_heavy_female", "A"),
            ("twg", "muscular_male", "B"),
            ("ccg", "older_female", "B"),
            ("sbg", "tall_thin_male", "A"),
            ("fff", "female", "A"),
            ("ffs", "heavy_male", "B"),
        ],
        [
            ("st", "tall_thin_male", "B"),
            ("st", "muscular_male", "A"),
            ("sb", "older_female", "A"),
            ("sb", "short_heavy_female", "B"),
            ("cc", "muscular_male", "B"),
            ("cc", "heavy_male", "A"),
            ("ff", "tall_thin_male", "A"),
            ("ff", "short_heavy_female", "B"),
        ],
        [
            ("twf", "muscular_male", "B"),
            ("sbf", "older_female", "A"),
            ("ccf", "heavy_male", "B"),
            ("stf", "female", "B"),
            ("stg", "tall_thin_male", "A"),
        ],
    ]
):
    for i, (kind, body, c) in enumerate(rows):
        seed = 100 * (round_ + 1) + i
        name = f"{kind}_{body}_{c}"
        if kind == "twf":
            add(
                name,
                f"--exercise twist --reps 5 --angle 41 {cam(body, c, seed)} {TWIST_MIX[0]}",
                "standing twist: " + TWIST_MIX[1],
            )
        elif kind == "twg":
            add(
                name,
                f"--exercise twist --reps 2 --angle 41 {cam(body, c, seed)} --fault lean:6 --fault knees_bent:15",
                "standing twist, 6 deg sideways lean and 15 deg knee bend throughout",
            )
        elif kind == "stf":
            add(
                name,
                f"--exercise seated_twist --reps 4 --hold 3 --angle 40 {cam(body, c, seed)} {SEATED_MIX[0]}",
                "seated twist: " + SEATED_MIX[1],
            )
        elif kind == "stg":
            add(
                name,
                f"--exercise seated_twist --reps 2 --hold 3 --angle 40 {cam(body, c, seed)} --fault lean:6",
                "seated twist, 6 deg sideways lean throughout",
            )
        elif kind == "st":
            add(
                name,
                f"--exercise seated_twist --reps 2 --hold 3 --angle 40 {cam(body, c, seed)}",
                "seated twist, clean",
            )
        elif kind == "sbf":
            add(
                name,
                f"--exercise side_bend --reps 6 --angle 45 {cam(body, c, seed)} {SIDE_MIX[0]}",
                "side bend: " + SIDE_MIX[1],
            )
        elif kind == "sbg":
            add(
                name,
                f"--exercise side_bend --reps 2 --angle 45 {cam(body, c, seed)} --fault knees_bent:15",
                "side bend, knees bent 15 deg throughout",
            )
        elif kind == "sb":
            add(name, f"--exercise side_bend --reps 4 --angle 45 {cam(body, c, seed)}", "side bend, clean")
        elif kind == "ccf":
            add(
                name,
                f"--exercise cat_cow --reps 4 --view left {cam(body, c, seed)} {CAT_MIX[0]}",
                "cat-cow: " + CAT_MIX[1],
            )
        elif kind == "ccg":
            add(
                name,
                f"--exercise cat_cow --reps 2 --view left {cam(body, c, seed)} --fault knees_locked",
                "cat-cow with straight knees",
            )
        elif kind == "cc":
            add(name, f"--exercise cat_cow --reps 3 --view left {cam(body, c, seed)}", "cat-cow, clean")
        elif kind in ("ff", "fff", "ffs"):
            fault = {"ff": "", "fff": "--fault knees_bent:15", "ffs": "--fault short_hold:4"}[kind]
            add(
                name,
                f"--exercise forward_fold --reps 1 --hold 16 --angle 45 --view left "
                f"{cam(body, c, seed, floor=True)} {fault}",
                {
                    "ff": "forward fold, clean",
                    "fff": "forward fold, knees lift 15 deg",
                    "ffs": "forward fold held only 4 s",
                }[kind],
            )

# Check round for the rules refit on tracked landmarks (see above): bodies and cameras none of them
# was chosen on. Found on them: every lean and knee bend, and every head turn on a counted rep (the
# arms gate drops two of the hands-on-hips twist's four reps), with no false flag.
for kind, body, c, seed, args, desc in [
    (
        "tw_neck",
        "female",
        "B",
        401,
        "--exercise twist --reps 4 --angle 40 --arms hips --fault neck_rot:25@2,3",
        "standing twist, hands on hips, head 25 deg past the shoulders @2,3",
    ),
    (
        "st_neck",
        "heavy_male",
        "A",
        402,
        "--exercise seated_twist --reps 4 --hold 3 --angle 40 --fault neck_rot:25@2,3",
        "seated twist, head 25 deg past the shoulders @2,3",
    ),
    (
        "ff_knees",
        "older_female",
        "B",
        403,
        "--exercise forward_fold --reps 1 --hold 16 --angle 45 --view left --fault knees_bent:15",
        "forward fold, knees lift 15 deg",
    ),
    (
        "ff_clean",
        "muscular_male",
        "B",
        404,
        "--exercise forward_fold --reps 1 --hold 16 --angle 45 --view left",
        "forward fold, clean",
    ),
    (
        "tw_lean",
        "older_female",
        "A",
        405,
        "--exercise twist --reps 2 --angle 41 --arms hips --fault lean:6",
        "standing twist, hands on hips, 6 deg sideways lean throughout",
    ),
    (
        "st_lean",
        "short_heavy_female",
        "B",
        406,
        "--exercise seated_twist --reps 2 --hold 3 --angle 40 --fault lean:6",
        "seated twist, 6 deg sideways lean throughout",
    ),
]:
    add(f"chk_{kind}_{body}_{c}", f"{args} {cam(body, c, seed, floor=kind.startswith('ff'))}", desc)

# Set-ups that should lower the confidence.
# 20 deg: still counted as facing the camera (beyond ~30 deg measured, reps are not counted at all).
add(
    "conf_tw_oblique",
    "--exercise twist --reps 2 --angle 41 --preset female --yaw 20 --seed 92",
    "standing twist filmed 20 deg off the front (oblique view)",
)
add(
    "conf_sb_far",
    "--exercise side_bend --reps 2 --angle 45 --preset heavy_male --cam-dist 8 --seed 91",
    "side bend with the camera 8 m away (small body)",
)
add(
    "conf_sb_6m",
    "--exercise side_bend --reps 2 --angle 35 --preset short_heavy_female --cam-dist 6 --seed 15",
    "side bend with the camera 6 m away, another body (small body; checks the far neutral)",
)
add(
    "conf_st_7m",
    "--exercise seated_twist --reps 2 --angle 40 --preset muscular_male --cam-dist 7.5 --seed 14",
    "seated twist with the camera 7.5 m away: too small to measure (a notice, no reps)",
)

# The renderer's default camera (640x480 at 30 fps, auto-framed at 1.1 m; "high": 1.6 m), where the
# shared clips and most webcams are: forward lean, chest turn, the pelvis' share and knee bend on
# bodies the rules were not chosen on. Two twists found the return that stops short of neutral
# (``counter.RETURN_SETTLE_S``, fit on ``tw_tall_thin_male_hips_lean``) and the hip landmarks that follow
# the hands on the hips (``signals.HANDS_ON_HIPS_*``, fit on ``tw_short_heavy_female_hips_lean_high``).
# The ``*_check`` clips were rendered after those two changes and checked them (every rep counted; no
# false hip turn), but the standing twist's lower hip-turn thresholds (``faults.HIPS_ROTATING_*``)
# were then chosen on every twist clip, these included: none is held out for them. So was reading
# the elbow span with the far elbow hidden (``metrics.measure``: one elbow in view is enough).
DEFAULT_CAM = "--size 640x480 --fps 30 --crf 24"
for name, args, desc in [
    (
        "sb_female_lean_rot",
        "--preset female --exercise side_bend --reps 6 --angle 45 --fault flex_coupling:10@2 "
        "--fault rot_coupling:12@4 --seed 71",
        "side bend: 10 deg forward @2, chest turn 12 deg @4",
    ),
    (
        "tw_tall_thin_male_hips_lean",
        "--preset tall_thin_male --exercise twist --reps 6 --angle 41 --fault hips_twist:0.4@2 "
        "--fault flex_coupling:10@4 --seed 72",
        "standing twist, arms crossed: hips 40% @2, 10 deg forward lean @4",
    ),
    (
        "st_muscular_male_hips_lean",
        "--preset muscular_male --exercise seated_twist --reps 4 --angle 40 --hold 3 --fault hips_twist:0.4@2 "
        "--fault flex_coupling:10@4 --seed 73",
        "seated twist: hips 40% @2, 10 deg forward lean @4",
    ),
    (
        "sb_older_female_knees",
        "--preset older_female --exercise side_bend --reps 2 --angle 45 --fault knees_bent:15 --seed 74",
        "side bend, knees bent 15 deg throughout",
    ),
    (
        "sb_heavy_male_lean_rot_high",
        "--preset heavy_male --cam-height 1.6 --exercise side_bend --reps 6 --angle 45 "
        "--fault flex_coupling:10@2 --fault rot_coupling:12@4 --seed 75",
        "side bend, camera 1.6 m high: 10 deg forward @2, chest turn 12 deg @4",
    ),
    (
        "tw_short_heavy_female_hips_lean_high",
        "--preset short_heavy_female --cam-height 1.6 --exercise twist --reps 6 --angle 41 --arms hips "
        "--fault hips_twist:0.4@2 --fault flex_coupling:10@4 --seed 76",
        "standing twist, hands on hips, camera 1.6 m high: hips 40% @2, 10 deg forward lean @4",
    ),
    (
        "tw_male_knees",
        "--preset male --exercise twist --reps 2 --angle 41 --fault knees_bent:15 --seed 77",
        "standing twist, knees bent 15 deg throughout",
    ),
    (
        "st_older_female_hips_lean",
        "--preset older_female --exercise seated_twist --reps 4 --angle 40 --hold 3 --fault hips_twist:0.4@2 "
        "--fault flex_coupling:10@4 --seed 78",
        "seated twist: hips 40% @2, 10 deg forward lean @4",
    ),
    (
        "tw_female_hips_check",
        "--preset female --exercise twist --reps 6 --angle 41 --arms hips --fault hips_twist:0.4@3 --seed 81",
        "standing twist, hands on hips: hips 40% @3",
    ),
    (
        "tw_older_female_hips_high_check",
        "--preset older_female --cam-height 1.6 --exercise twist --reps 4 --angle 41 --arms hips --seed 82",
        "standing twist, hands on hips, camera 1.6 m high, clean",
    ),
    (
        "tw_heavy_male_crossed_high_check",
        "--preset heavy_male --cam-height 1.6 --exercise twist --reps 4 --angle 41 --fault hips_twist:0.4@2 --seed 83",
        "standing twist, arms crossed, camera 1.6 m high: hips 40% @2",
    ),
    (
        "sb_tall_thin_male_check",
        "--preset tall_thin_male --exercise side_bend --reps 4 --angle 45 --seed 84",
        "side bend, clean",
    ),
]:
    add(name, args, desc, base=DEFAULT_CAM)

# Folds at other depths, on other bodies and cameras, held 8 s. Reading the fold from the vertical
# (``signals.FOLD_UPRIGHT_BAND_DEG``) was chosen on the folds above and the four ``fd_*``; the four
# ``fh_*`` were rendered after it and only checked it (two of them are in tests/data/bodies).
for name, args in [
    ("fd_25_female_A", "--angle 25 --preset female --seed 501"),
    ("fd_65_heavy_male_B", "--angle 65 --preset heavy_male --cam-height 1.2 --cam-dist 3.6 --seed 502"),
    ("fd_30_tall_thin_male_B", "--angle 30 --preset tall_thin_male --cam-height 1.2 --cam-dist 3.6 --seed 503"),
    ("fd_60_older_female_A", "--angle 60 --preset older_female --seed 504"),
    ("fh_40_male_right", "--view right --angle 40 --preset male --cam-height 0.9 --seed 601"),
    ("fh_50_average_high", "--angle 50 --preset average --cam-height 1.5 --cam-dist 4.0 --seed 602"),
    (
        "fh_35_short_heavy_female_right",
        "--view right --angle 35 --preset short_heavy_female --cam-height 1.0 --cam-dist 3.2 --seed 603",
    ),
    ("fh_55_muscular_male_low", "--angle 55 --preset muscular_male --cam-height 0.8 --seed 604"),
]:
    view = "" if "--view" in args else "--view left"
    add(name, f"--exercise forward_fold --reps 1 --hold 8 {view} {args}", f"forward fold, {name.split('_')[1]} deg")
# Two folds each, the second to 70% of the first (partial_range), rendered after the change above.
for name, args in [
    ("fp_older_female", "--view left --preset older_female --cam-height 1.0 --seed 611"),
    ("fp_heavy_male_right", "--view right --preset heavy_male --cam-height 1.3 --cam-dist 3.4 --seed 612"),
]:
    add(
        name,
        f"--exercise forward_fold --reps 2 --hold 6 --angle 45 --fault partial:0.7@2 {args}",
        "forward fold, 70% @2",
    )

# -- The fault rules' precision: where MediaPipe cannot decide a rule ---------------------------------
# Set-ups where clean reps drew flags or faults went unseen: shallow side bends at 720p with the light
# from the side, standing twists and cat-cows filmed from 4-4.2 m, seated twists of a tall thin body,
# a seated twist's short hold, partial reps short of the entry threshold. The ``fit_*`` clips were
# rendered first and the rules (``exercises/faults.py``) chosen on them and on every clip above; the
# ``hc_*`` clips were rendered after, on other bodies, cameras and light, and only measured.
HD = "--size 1280x720 --fps 15 --crf 23 --lead-in 2.0 --lead-out 0.5"
VGA = "--size 640x480 --fps 15 --crf 23 --lead-in 2.0 --lead-out 0.5"
for name, args, desc in [
    (
        "fit_sb_shallow_hd_side",
        f"{HD} --exercise side_bend --reps 6 --angle 30 --light-az 85 --light-el 25 --preset female --seed 701 "
        "--fault hip_shift:0.05@3 --fault partial:0.6@5",
        "side bend, shallow, 720p, side light: hip shift 5 cm @3, 60% @5",
    ),
    (
        "fit_sb_shallow_hd_side_clean",
        f"{HD} --exercise side_bend --reps 4 --angle 28 --light-az -80 --light-el 20 --preset muscular_male --seed 702",
        "side bend, shallow, 720p, light from the other side, clean",
    ),
    (
        "fit_tw_far_crossed",
        f"{VGA} --exercise twist --reps 6 --angle 41 --cam-dist 4.2 --cam-height 1.6 --preset average --seed 711 "
        "--fault neck_rot:25@2 --fault partial:0.6@4",
        "standing twist, arms crossed, camera 4.2 m away, 1.6 m high: head 25 deg past the shoulders @2, 60% @4",
    ),
    (
        "fit_tw_far_hips",
        f"{VGA} --exercise twist --reps 6 --angle 41 --arms hips --cam-dist 4.2 --preset male --seed 712 "
        "--fault neck_rot:25@3 --fault fast:2.0@5",
        "standing twist, hands on the hips, camera 4.2 m away: head @3, fast @5",
    ),
    (
        "fit_tw_far_lean",
        f"{VGA} --exercise twist --reps 4 --angle 41 --cam-dist 4.2 --cam-height 1.6 --preset female --seed 713 "
        "--fault lean:6",
        "standing twist, camera 4.2 m away, 1.6 m high: 6 deg sideways lean throughout",
    ),
    (
        "fit_tw_far_crossed_mirrorlight",
        f"{VGA} --exercise twist --reps 6 --angle 41 --cam-dist 4.2 --cam-height 1.6 --light-az -35 --preset average "
        "--seed 711 --fault neck_rot:25@2 --fault partial:0.6@4",
        "as fit_tw_far_crossed, the light from the other side (the head's reading follows the turn's image direction)",
    ),
    (
        "fit_tw_front_light",
        f"{VGA} --exercise twist --reps 4 --angle 41 --light-az 0 --light-el 40 --preset older_female --seed 715 "
        "--fault neck_rot:25@3",
        "standing twist, arms crossed, light from the camera: head 25 deg past the shoulders @3",
    ),
    (
        "fit_cc_4m",
        f"{VGA} --exercise cat_cow --reps 4 --view left --cam-dist 4.0 --preset average --seed 721",
        "cat-cow, camera 4 m away, clean",
    ),
    (
        "fit_cc_4m_neck",
        f"{VGA} --exercise cat_cow --reps 4 --view right --cam-dist 4.0 --cam-height 1.4 --preset female --seed 722 "
        "--fault neck_hyper:20@2 --fault partial:0.6@3",
        "cat-cow, right side, camera 4 m away, 1.4 m high: neck 20 deg past the cow @2, 60% @3",
    ),
    (
        "fit_st_tall",
        f"{VGA} --exercise seated_twist --reps 4 --hold 5 --angle 40 --preset tall_thin_male --seed 731",
        "seated twist, tall thin male, holds of 5 s, clean",
    ),
    (
        "fit_st_tall_faults",
        f"{VGA} --exercise seated_twist --reps 4 --hold 5 --angle 40 --preset tall_thin_male --cam-height 1.3 "
        "--seed 732 --fault neck_rot:25@2 --fault partial:0.6@3",
        "seated twist, tall thin male, camera 1.3 m high: head @2, 60% @3",
    ),
    (
        "fit_st_hold",
        f"{VGA} --exercise seated_twist --reps 4 --hold 5 --angle 40 --preset average --seed 733 "
        "--fault short_hold:1.5@3",
        "seated twist: holds of 5 s, the third held 1.5 s",
    ),
]:
    CLIPS.append(dict(name=name, args=args, desc=desc))

CHECK_CLIPS = [
    (
        "hc_sb_hd_side_a",
        f"{HD} --exercise side_bend --reps 6 --angle 32 --light-az 70 --light-el 30 --preset older_female --seed 801 "
        "--fault hip_shift:0.05@2 --fault fast:2.0@4 --fault partial:0.6@6",
        "side bend, shallow, 720p, side light: hip shift @2, fast @4, 60% @6",
    ),
    (
        "hc_sb_hd_side_b",
        f"{HD} --exercise side_bend --reps 4 --angle 26 --light-az -60 --light-el 35 --preset heavy_male --seed 802",
        "side bend, shallow, 720p, light from the right, clean",
    ),
    (
        "hc_sb_vga_side",
        "--size 640x480 --fps 30 --crf 23 --lead-in 2.0 --lead-out 0.5 --exercise side_bend --reps 6 --angle 30 "
        "--light-az 90 --light-el 20 --preset tall_thin_male --seed 803 --fault partial:0.7@3 --fault hip_shift:0.05@4",
        "side bend, shallow, 640x480 at 30 fps, light from the left: 70% @3, hip shift @4",
    ),
    (
        "hc_sb_hd_unseen",
        f"{HD} --exercise side_bend --reps 4 --angle 34 --light-az 60 --preset short_heavy_female --seed 804 "
        "--fault knees_bent:15 --fault flex_coupling:10@2 --fault rot_coupling:12@3",
        "side bend, 720p: knees bent 15 deg throughout, 10 deg forward @2, chest turn 12 deg @3 (none checked)",
    ),
    (
        "hc_tw_far_a",
        f"{VGA} --exercise twist --reps 4 --angle 41 --cam-dist 4.2 --cam-height 1.6 --preset heavy_male --seed 811",
        "standing twist, arms crossed, camera 4.2 m away, 1.6 m high, clean",
    ),
    (
        "hc_tw_far_b",
        f"{VGA} --exercise twist --reps 6 --angle 41 --arms hips --cam-dist 4.2 --preset older_female --seed 812 "
        "--fault neck_rot:25@2 --fault hips_twist:0.4@4 --fault partial:0.6@5",
        "standing twist, hands on the hips, camera 4.2 m away: head @2, hips 40% @4, 60% @5",
    ),
    (
        "hc_tw_far_lean",
        f"{VGA} --exercise twist --reps 4 --angle 41 --cam-dist 4.2 --cam-height 1.6 --preset short_heavy_female "
        "--seed 813 --fault lean:6",
        "standing twist, camera 4.2 m away, 1.6 m high: 6 deg sideways lean throughout",
    ),
    (
        "hc_tw_far_c",
        f"{HD} --exercise twist --reps 6 --angle 41 --cam-dist 4.2 --light-az -70 --preset muscular_male --seed 814 "
        "--fault neck_rot:25@3 --fault fast:2.0@4 --fault flex_coupling:10@5",
        "standing twist, arms crossed, 720p, camera 4.2 m away, side light: head @3, fast @4, 10 deg forward @5",
    ),
    (
        "hc_cc_4m_a",
        f"{VGA} --exercise cat_cow --reps 4 --view right --cam-dist 4.0 --preset tall_thin_male --seed 821",
        "cat-cow, right side, camera 4 m away, clean",
    ),
    (
        "hc_cc_4m_b",
        f"{VGA} --exercise cat_cow --reps 4 --view left --cam-dist 4.0 --cam-height 1.5 --preset heavy_male --seed 822 "
        "--fault fast:2.0@2 --fault neck_hyper:20@3",
        "cat-cow, camera 4 m away, 1.5 m high: fast @2, neck 20 deg past the cow @3",
    ),
    (
        "hc_cc_knees",
        f"{VGA} --exercise cat_cow --reps 3 --view left --cam-dist 3.5 --preset short_heavy_female --seed 823 "
        "--fault knees_locked",
        "cat-cow, camera 3.5 m away: straight knees",
    ),
    (
        "hc_st_tall_a",
        f"{VGA} --exercise seated_twist --reps 4 --hold 5 --angle 40 --preset tall_thin_male --cam-height 0.9 --seed 831",
        "seated twist, tall thin male, camera 0.9 m high, clean",
    ),
    (
        "hc_st_tall_b",
        f"{HD} --exercise seated_twist --reps 4 --hold 5 --angle 40 --preset tall_thin_male --height 0.95 --weight 0.15 "
        "--light-az -50 --seed 832 --fault short_hold:1.5@2 --fault neck_rot:25@3",
        "seated twist, a taller and thinner body, 720p: held 1.5 s @2, head @3",
    ),
    (
        "hc_st_c",
        f"{VGA} --exercise seated_twist --reps 4 --hold 5 --angle 40 --preset female --cam-height 1.2 --seed 833 "
        "--fault partial:0.6@2 --fault neck_rot:25@4 --fault hips_twist:0.4@3",
        "seated twist: 60% @2, hips 40% @3 (not checked), head @4",
    ),
    (
        "hc_ff_a",
        f"{VGA} --exercise forward_fold --reps 2 --hold 8 --angle 45 --view right --preset tall_thin_male "
        "--cam-height 1.0 --seed 841 --fault partial:0.6@2",
        "forward fold, two holds of 8 s, the second to 60%",
    ),
    (
        "hc_ff_b",
        f"{VGA} --exercise forward_fold --reps 1 --hold 10 --angle 40 --view left --preset female --cam-height 0.9 "
        "--cam-dist 3.0 --seed 842 --fault knees_bent:15",
        "forward fold, knees lift 15 deg",
    ),
    (
        "hc_ff_c",
        f"{VGA} --exercise forward_fold --reps 1 --hold 12 --angle 50 --view left --preset heavy_male --seed 843 "
        "--fault short_hold:3",
        "forward fold held 3 of 12 s",
    ),
]
# The second round, rendered after the locked knees came to be read from the straighter knee and the
# head's turn to be flagged from 26 deg, on the first round's ``hc_cc_knees`` and ``hc_st_tall_a``
# (which became fit clips then): other bodies, cameras and light, and only measured.
CHECK_CLIPS += [
    (
        "hd_cc_knees_a",
        f"{VGA} --exercise cat_cow --reps 3 --view right --cam-dist 3.0 --preset muscular_male --seed 901 --fault knees_locked",
        "cat-cow, right side, camera 3 m away: straight knees",
    ),
    (
        "hd_cc_knees_b",
        f"{VGA} --exercise cat_cow --reps 3 --view left --cam-dist 4.0 --cam-height 1.4 --preset average --seed 902 --fault knees_locked --fault neck_hyper:20@2",
        "cat-cow, camera 4 m away, 1.4 m high: straight knees, neck @2",
    ),
    (
        "hd_cc_clean_4m",
        f"{VGA} --exercise cat_cow --reps 4 --view left --cam-dist 4.0 --preset female --light-az -40 --seed 903",
        "cat-cow, camera 4 m away, light from the other side, clean",
    ),
    (
        "hd_st_tall_c",
        f"{VGA} --exercise seated_twist --reps 4 --hold 5 --angle 40 --preset tall_thin_male --height 0.9 --weight 0.25 --light-az 20 --seed 904",
        "seated twist, a tall thin body, clean",
    ),
    (
        "hd_st_neck",
        f"{VGA} --exercise seated_twist --reps 4 --hold 5 --angle 40 --preset older_female --seed 905 --fault neck_rot:25@1,4 --fault short_hold:2@3",
        "seated twist: head 25 deg past the shoulders @1,4, held 2 s @3",
    ),
    (
        "hd_tw_neck_a",
        f"{VGA} --exercise twist --reps 4 --angle 41 --cam-dist 3.0 --preset heavy_male --seed 906 --fault neck_rot:25@2,3",
        "standing twist, arms crossed, camera 3 m away: head @2,3",
    ),
    (
        "hd_tw_neck_b",
        f"{VGA} --exercise twist --reps 4 --angle 41 --arms hips --cam-dist 4.2 --cam-height 1.6 --preset female --seed 907 --fault neck_rot:25@1,4 --fault fast:2.0@3",
        "standing twist, hands on the hips, camera 4.2 m away, 1.6 m high: head @1,4, fast @3",
    ),
    (
        "hd_tw_clean",
        f"{VGA} --exercise twist --reps 4 --angle 41 --cam-dist 3.5 --light-az -40 --preset short_heavy_female --seed 908",
        "standing twist, arms crossed, camera 3.5 m away, light from the right, clean",
    ),
    (
        "hd_sb_shift_a",
        f"{HD} --exercise side_bend --reps 6 --angle 30 --light-az 75 --preset muscular_male --seed 909 --fault hip_shift:0.05@2,5 --fault partial:0.6@4",
        "side bend, shallow, 720p, side light: hip shift @2,5, 60% @4",
    ),
    (
        "hd_sb_clean",
        f"{VGA} --exercise side_bend --reps 4 --angle 28 --cam-dist 3.5 --preset older_female --seed 910",
        "side bend, shallow, camera 3.5 m away, clean",
    ),
    (
        "hd_sb_shift_b",
        f"{VGA} --exercise side_bend --reps 4 --angle 45 --preset average --seed 911 --fault hip_shift:0.05@3",
        "side bend: hip shift @3",
    ),
    (
        "hd_st_partial",
        f"{VGA} --exercise seated_twist --reps 4 --hold 5 --angle 40 --preset heavy_male --cam-height 1.3 --seed 912 --fault partial:0.6@3",
        "seated twist: 60% @3",
    ),
]
for name, args, desc in CHECK_CLIPS:
    CLIPS.append(dict(name=name, args=args, desc=desc))
# The third round (``he_*``), rendered while the tempo's span timing and the hip shift's bend-scaled
# threshold were chosen on every clip above (the ``hc_*`` and ``hd_*`` rounds included, which are fit
# clips since): bodies off the renderer's presets (phenotypes set one by one), cameras 0.8-1.4 m high
# and 3.2-3.8 m away, 640x480 and 1280x720, the light from either side; not looked at until then, and
# only measured.
CHECK_CLIPS_3 = [
    (
        "he_sb_a",
        f"{HD} --exercise side_bend --reps 6 --angle 35 --gender 0.2 --age 0.55 --proportions 0.3 --weight 0.45 "
        "--cam-height 1.3 --light-az -45 --seed 1001 --fault hip_shift:0.05@2 --fault fast:2.0@3 --fault partial:0.6@5",
        "side bend, 720p, camera 1.3 m high, light from the right: hip shift 5 cm @2, fast @3, 60% @5",
    ),
    (
        "he_sb_b",
        f"{VGA} --exercise side_bend --reps 4 --angle 30 --gender 0.35 --height 0.8 --weight 0.3 --muscle 0.55 "
        "--cam-dist 3.2 --light-az 20 --seed 1002 --fault hip_shift:0.05@2,4",
        "side bend, shallow, a tall lean body, camera 3.2 m away: hip shift 5 cm @2,4",
    ),
    (
        "he_sb_clean",
        f"{VGA} --exercise side_bend --reps 4 --angle 32 --gender 0.85 --age 0.9 --weight 0.8 "
        "--cam-height 1.4 --seed 1003",
        "side bend, camera 1.4 m high, clean",
    ),
    (
        "he_sb_c",
        f"{HD} --exercise side_bend --reps 4 --angle 40 --gender 0.1 --height 0.25 --weight 0.6 "
        "--cam-dist 3.8 --light-az 60 --light-el 30 --seed 1004 --fault fast:2.0@2 --fault hip_shift:0.05@3 --fault partial:0.7@4",
        "side bend, 720p, a short body, camera 3.8 m away: fast @2, hip shift @3, 70% @4",
    ),
    (
        "he_tw_a",
        f"{VGA} --exercise twist --reps 6 --angle 41 --gender 0.05 --proportions 0.8 --cam-dist 3.8 --cam-height 1.3 "
        "--seed 1011 --fault hips_twist:0.4@2 --fault neck_rot:25@3 --fault fast:2.0@4",
        "standing twist, arms crossed, camera 3.8 m away, 1.3 m high: hips 40% @2, head 25 deg @3, fast @4",
    ),
    (
        "he_tw_b",
        f"{HD} --exercise twist --reps 4 --angle 41 --arms hips --gender 0.7 --weight 0.3 --height 0.7 "
        "--cam-dist 3.2 --light-az -25 --seed 1012 --fault neck_rot:25@1 --fault hips_twist:0.4@3",
        "standing twist, hands on the hips, 720p, camera 3.2 m away: head @1, hips 40% @3",
    ),
    (
        "he_tw_clean",
        f"{VGA} --exercise twist --reps 4 --angle 41 --arms hips --gender 0.8 --weight 0.9 --age 0.9 "
        "--cam-height 1.4 --seed 1013",
        "standing twist, hands on the hips, camera 1.4 m high, clean",
    ),
    (
        "he_tw_clean_b",
        f"{HD} --exercise twist --reps 4 --angle 38 --gender 1.0 --muscle 0.9 --cam-dist 3.6 "
        "--light-az -20 --seed 1014",
        "standing twist, arms crossed, 720p, camera 3.6 m away, clean",
    ),
    (
        "he_cc_a",
        f"{VGA} --exercise cat_cow --reps 3 --view right --gender 0.2 --weight 0.7 --cam-dist 3.4 --seed 1021 "
        "--fault knees_locked --fault neck_hyper:20@2",
        "cat-cow, right side, camera 3.4 m away: straight knees, neck @2",
    ),
    (
        "he_cc_b",
        f"{HD} --exercise cat_cow --reps 4 --view left --gender 0.9 --height 0.3 --cam-height 1.3 --cam-dist 3.8 "
        "--seed 1022 --fault fast:2.0@2 --fault neck_hyper:20@3",
        "cat-cow, 720p, a short body, camera 3.8 m away, 1.3 m high: fast @2, neck 20 deg past the cow @3",
    ),
    (
        "he_cc_c",
        f"{VGA} --exercise cat_cow --reps 3 --view left --gender 0.6 --age 0.5 --cam-height 0.9 --seed 1023 "
        "--fault knees_locked",
        "cat-cow, camera 0.9 m high: straight knees",
    ),
    (
        "he_ff_a",
        f"{VGA} --exercise forward_fold --reps 1 --hold 10 --angle 45 --view right --gender 0.3 --height 0.7 "
        "--weight 0.4 --cam-height 0.8 --cam-dist 3.2 --seed 1031 --fault knees_bent:15",
        "forward fold, knees lift 15 deg",
    ),
    (
        "he_ff_b",
        f"{VGA} --exercise forward_fold --reps 1 --hold 12 --angle 45 --view left --gender 0.9 --age 0.95 "
        "--weight 0.3 --cam-height 1.1 --seed 1032 --fault short_hold:3",
        "forward fold held 3 of 12 s",
    ),
    (
        "he_ff_clean",
        f"{HD} --exercise forward_fold --reps 1 --hold 10 --angle 42 --view left --gender 0.1 --muscle 0.8 "
        "--cam-height 0.9 --seed 1033",
        "forward fold, 720p, clean",
    ),
    (
        "he_st_clean",
        f"{VGA} --exercise seated_twist --reps 4 --hold 5 --angle 40 --gender 0.4 --height 0.8 --weight 0.2 "
        "--cam-height 1.0 --light-az -30 --seed 1041",
        "seated twist, a tall thin body, clean",
    ),
    (
        "he_st_neck",
        f"{VGA} --exercise seated_twist --reps 4 --hold 5 --angle 40 --gender 0.15 --weight 0.7 --cam-height 1.25 "
        "--seed 1042 --fault neck_rot:25@2 --fault short_hold:1.5@3",
        "seated twist: head 25 deg @2, held 1.5 s @3",
    ),
]
# More of the same round, rendered after every rule above was final: longer sets (the head's turn
# against the user's own earlier reps), deep bends (the hip shift's bend-scaled threshold).
CHECK_CLIPS_3 += [
    (
        "he_tw_clean_6",
        f"{VGA} --exercise twist --reps 6 --angle 41 --gender 0.3 --weight 0.4 --age 0.6 --cam-height 1.2 "
        "--cam-dist 3.4 --light-az 50 --seed 1051",
        "standing twist, arms crossed, 6 reps, clean",
    ),
    (
        "he_tw_hips_6",
        f"{VGA} --exercise twist --reps 6 --angle 41 --arms hips --gender 0.9 --height 0.6 --weight 0.5 "
        "--cam-height 1.0 --seed 1052 --fault hips_twist:0.4@4 --fault neck_rot:25@5",
        "standing twist, hands on the hips, camera 1.0 m high: hips 40% @4, head 25 deg @5",
    ),
    (
        "he_st_clean_6",
        f"{VGA} --exercise seated_twist --reps 6 --hold 3 --angle 40 --gender 0.6 --height 0.2 --weight 0.8 "
        "--cam-height 1.15 --seed 1053",
        "seated twist, a short heavy body, 6 reps, clean",
    ),
    (
        "he_sb_deep",
        f"{VGA} --exercise side_bend --reps 4 --angle 45 --gender 0.5 --muscle 0.7 --cam-height 1.25 --seed 1054",
        "side bend to 45 deg, clean",
    ),
    (
        "he_sb_deep_shift",
        f"{VGA} --exercise side_bend --reps 4 --angle 40 --gender 0.75 --weight 0.2 --height 0.75 "
        "--cam-dist 3.0 --seed 1055 --fault fast:2.0@2 --fault hip_shift:0.05@3",
        "side bend to 40 deg, a tall thin body: fast @2, hip shift @3",
    ),
    (
        "he_st_neck_b",
        f"{VGA} --exercise seated_twist --reps 4 --hold 4 --angle 40 --gender 0.0 --age 0.9 --weight 0.55 "
        "--light-az -50 --seed 1056 --fault fast:2.0@2 --fault neck_rot:25@3",
        "seated twist, holds of 4 s: fast @2, head 25 deg @3",
    ),
]
for name, args, desc in CHECK_CLIPS_3:
    CLIPS.append(dict(name=name, args=args, desc=desc))
#: Clips no fault threshold was chosen on (see above): the benchmark reports them apart.
CHECK: tuple[str, ...] = tuple(name for name, _, _ in CHECK_CLIPS_3)


def role_of(name: str) -> str:
    """ "check" for a clip the fault rules were only measured on, "fit" for one they were chosen on."""
    return "check" if name in CHECK else "fit"
