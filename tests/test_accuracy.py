"""Measurement accuracy, fault rules and confidence on rendered bodies other than the shared one.

The clips (tests/data/bodies, see tests/data/README.md) were rendered with faults injected at the
magnitudes a coach calls visible, on chosen reps; the renderer's truth is the reference. The
exercise_coach's target is the clip's full range and its hold the clip's scripted hold, as a user's
adapted target and hold would be. The longer clips' poses are MediaPipe's, recorded
(tests/recorded.py); the others go through MediaPipe on every run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from recorded import analyze_clip

from posecoach.coach.events import LOW_CONFIDENCE
from posecoach.coach.exercise_coach import CoachSettings
from posecoach.exercises.registry import EXERCISES
from posecoach.offline import AnalysisResult

pytestmark = pytest.mark.slow  # MediaPipe over whole clips (or its recorded poses)

CLIPS = {
    "twf_older_female_A": "standing_twist",
    "stf_short_heavy_female_A": "seated_twist",
    "sbf_muscular_male_B": "side_bend",
    "ccf_tall_thin_male_A": "cat_cow",
    "ccg_older_female_B": "cat_cow",
    "fff_female_A": "forward_fold",
    "ff_short_heavy_female_B": "forward_fold",
    "twg_muscular_male_B": "standing_twist",
    "stg_tall_thin_male_A": "seated_twist",
    "chk_st_neck_heavy_male_A": "seated_twist",
    "ffs_heavy_male_B": "forward_fold",
    "tw_muscular_male_B_crossed": "standing_twist",
    "tw_heavy_male_A_crossed": "standing_twist",
    "tw_short_heavy_female_B_hips": "standing_twist",
    "tw_tall_thin_male_hips_lean": "standing_twist",
    "tw_short_heavy_female_hips_lean_high": "standing_twist",
    "tw_older_female_A_hips": "standing_twist",
    "conf_tw_oblique": "standing_twist",
    "conf_sb_far": "side_bend",
    "conf_sb_6m": "side_bend",
    "conf_st_7m": "seated_twist",
    "fh_35_short_heavy_female_right": "forward_fold",
    "fh_40_male_right": "forward_fold",
    "fh_55_muscular_male_low": "forward_fold",
    "fp_older_female": "forward_fold",
    "fit_cc_4m": "cat_cow",
    "fit_st_hold": "seated_twist",
    "fit_tw_far_lean": "standing_twist",
    "fit_sb_shallow_hd_side": "side_bend",
    "hc_st_tall_a": "seated_twist",
    "hc_cc_knees": "cat_cow",
    "hc_tw_far_a": "standing_twist",
    "hc_sb_vga_side": "side_bend",
}
#: The documented twist accuracy at the peak (README, benchmarks/accuracy.py).
TWIST_PEAK_TOL_DEG = 5.0
#: The fold's accuracy at the peak, as the twist's (the benchmark reads every rendered fold within
#: 4.6 deg of the truth: docs/accuracy.md).
FOLD_PEAK_TOL_DEG = 5.0


def _truth(data_dir: Path, name: str) -> dict:
    return json.loads((data_dir / "bodies" / f"{name}.truth.json").read_text())


def _settings(truth: dict) -> CoachSettings:
    full = sorted(abs(r["peak_deg"]) for r in truth["reps"] if "partial_range" not in r["faults"])
    hold = truth["tempo"]["hold_s"] if truth["exercise"] in ("forward_fold", "seated_twist") else None
    return CoachSettings(target_deg=round(full[len(full) // 2], 1), hold_s=hold)


@pytest.fixture(scope="session")
def results(data_dir, run_cache) -> dict[str, AnalysisResult]:
    """Each clip analysed once per test run, when a test first asks for it."""

    def analyse(name: str) -> AnalysisResult:
        settings = _settings(_truth(data_dir, name))
        return analyze_clip(data_dir / "bodies" / f"{name}.mp4", CLIPS[name], settings=settings)

    return run_cache.mapping("bodies", analyse)


@pytest.mark.parametrize(
    "name, rep, code",
    [
        ("stf_short_heavy_female_A", 3, "neck_over_rotation"),  # head 25 deg past the shoulders
        ("twf_older_female_A", 5, "too_fast"),  # out and back in half the tempo
        ("sbf_muscular_male_B", 2, "hip_shift"),  # pelvis slides 5 cm
        # 5 cm in a shallow 16-deg bend of a tall thin body: 0.052 torso lengths, under the 0.06 a
        # flat threshold needed to pass the clean deep bends (their pelvis sways more).
        ("hc_sb_vga_side", 4, "hip_shift"),
        ("sbf_muscular_male_B", 6, "partial_range"),  # 70% of the range
        ("ccf_tall_thin_male_A", 2, "neck_hyperextension"),  # neck 20 deg past the cow
        ("ccf_tall_thin_male_A", 3, "too_fast"),
        ("ccg_older_female_B", 1, "knees_locked"),
        ("fff_female_A", 1, "knees_bent"),  # knees lift 15 deg
        ("ffs_heavy_male_B", 1, "hold_too_short"),  # held 4 of 16 s
        ("fp_older_female", 2, "partial_range"),  # folded to 70% of the first fold (31 of 44 deg)
        # The spine bent 6 deg sideways from the start (so in the neutral too), standing and seated.
        ("twg_muscular_male_B", 1, "leaning"),
        ("twg_muscular_male_B", 2, "leaning"),
        ("stg_tall_thin_male_A", 1, "leaning"),
        ("stg_tall_thin_male_A", 2, "leaning"),
        ("chk_st_neck_heavy_male_A", 2, "neck_over_rotation"),  # a body and camera the rule was not chosen on
        ("chk_st_neck_heavy_male_A", 3, "neck_over_rotation"),
        # Read at 20 deg past the shoulders, under the limit, but 14 deg past the earlier turn that way.
        ("twf_older_female_A", 3, "neck_over_rotation"),
        # The pelvis gives 40% of the turn: arms crossed (two bodies, 384x288 and 640x480), and the
        # hands on the hips from a camera 1.6 m high.
        ("twf_older_female_A", 2, "hips_rotating"),
        ("tw_tall_thin_male_hips_lean", 2, "hips_rotating"),
        ("tw_short_heavy_female_hips_lean_high", 2, "hips_rotating"),
    ],
)
def test_fault_at_its_threshold_magnitude_is_flagged(results, data_dir, name, rep, code):
    truth = _truth(data_dir, name)
    assert code in truth["reps"][rep - 1]["faults"] or any(f["code"] == code for f in truth["faults"])
    reps = results[name].reps
    assert len(reps) == truth["counts"]["total"]
    assert code in reps[rep - 1].faults


@pytest.mark.parametrize(
    "name, reps",
    [
        ("twf_older_female_A", (1,)),
        ("stf_short_heavy_female_A", (1,)),
        ("sbf_muscular_male_B", (1,)),
        ("ccf_tall_thin_male_A", (1,)),
        ("tw_muscular_male_B_crossed", (1, 2, 3, 4)),
        ("tw_heavy_male_A_crossed", (1, 2, 3, 4)),
        ("ff_short_heavy_female_B", (1,)),  # straight legs, camera high and looking down
        ("fp_older_female", (1,)),
        ("hc_sb_vga_side", (1, 2, 5, 6)),
        ("chk_st_neck_heavy_male_A", (1, 4)),
        # Hands on the hips: MediaPipe's hip landmarks follow the hands through a clean turn.
        ("tw_short_heavy_female_hips_lean_high", (1, 3, 5, 6)),
        ("tw_tall_thin_male_hips_lean", (1, 3, 5, 6)),
    ],
)
def test_clean_reps_are_not_flagged(results, data_dir, name, reps):
    truth = _truth(data_dir, name)
    for index in reps:
        assert truth["reps"][index - 1]["faults"] == []
        assert results[name].reps[index - 1].faults == ()


@pytest.mark.parametrize("name", ["tw_muscular_male_B_crossed", "tw_heavy_male_A_crossed"])
def test_twist_peak_within_5_deg_on_two_bodies_and_camera_heights(results, data_dir, name):
    """Muscular male, camera 1.6 m high at 4.2 m; heavy male, camera 1.1 m high, auto-framed."""
    truth = _truth(data_dir, name)
    got = results[name].reps
    assert len(got) == len(truth["reps"])
    for rep, want in zip(got, truth["reps"]):
        assert abs(rep.peak_deg - want["peak_deg"]) <= TWIST_PEAK_TOL_DEG, (rep.peak_deg, want["peak_deg"])


@pytest.mark.parametrize("name", ["fh_35_short_heavy_female_right", "fh_55_muscular_male_low"])
def test_a_fold_is_read_from_the_vertical_within_5_deg_on_bodies_and_cameras_it_was_not_chosen_on(
    results, data_dir, name
):
    """Short heavy female folding 35 deg, seen from her right, camera 1.0 m high at 3.2 m; muscular
    male folding 55 deg, camera 0.8 m high. Sitting upright at the start, MediaPipe reads their
    trunks 2.7 and 10.4 deg back from the vertical: measured from there, the folds read 6-7 deg too
    deep."""
    truth = _truth(data_dir, name)
    (rep,) = results[name].reps
    assert abs(rep.peak_deg - truth["reps"][0]["peak_deg"]) <= FOLD_PEAK_TOL_DEG, (rep.peak_deg, truth["reps"][0])
    assert rep.faults == ()


def test_a_fold_filmed_close_and_low_with_the_trunk_off_the_cameras_axis_is_seen_side_on_and_counted(results, data_dir):
    """Male folding 40 deg, camera 0.9 m high at 2.2 m, framing his legs: his near and far shoulders
    and hips part in the image (0.48 torso lengths together, against ~0.1 for a standing side view)."""
    truth = _truth(data_dir, "fh_40_male_right")
    assert results["fh_40_male_right"].counts == truth["counts"]
    (rep,) = results["fh_40_male_right"].reps
    assert abs(rep.peak_deg - truth["reps"][0]["peak_deg"]) <= FOLD_PEAK_TOL_DEG
    assert not rep.low_confidence


def test_a_twist_whose_far_elbow_goes_behind_the_body_is_read_from_the_elbow_span(results, data_dir):
    """Older female, hands on the hips: at the peak of each turn MediaPipe loses sight of the far
    elbow (visibility under 0.5); its guess of that elbow still gives the span."""
    name = "tw_older_female_A_hips"
    truth = _truth(data_dir, name)
    got = results[name].reps
    assert len(got) == len(truth["reps"])
    for rep, want in zip(got, truth["reps"]):
        assert abs(rep.peak_deg - want["peak_deg"]) <= TWIST_PEAK_TOL_DEG, (rep.peak_deg, want["peak_deg"])


def test_a_twist_with_the_hands_on_the_hips_counts_every_rep_from_a_high_camera(results, data_dir):
    """Short heavy female, hands on the hips, camera 1.6 m high at 4.2 m: MediaPipe's 3-D arm
    elevation swings by 30 deg through these turns, which must not read as the arms moving."""
    truth = _truth(data_dir, "tw_short_heavy_female_B_hips")
    got = results["tw_short_heavy_female_B_hips"].reps
    assert [r.side for r in got] == [r["side"] for r in truth["reps"]]


def test_a_twist_that_comes_back_short_of_neutral_counts_every_rep_at_the_default_target(data_dir):
    """Tall thin male, arms crossed, 640x480: after the last right turn the shoulder span reads
    8-13 deg of turn at neutral until the clip ends. A first-time user has the default target."""
    name = "tw_tall_thin_male_hips_lean"
    truth = _truth(data_dir, name)
    got = analyze_clip(data_dir / "bodies" / f"{name}.mp4", CLIPS[name]).reps
    assert [r.side for r in got] == [r["side"] for r in truth["reps"]]


@pytest.mark.parametrize("name, reason", [("conf_tw_oblique", "oblique_view"), ("conf_sb_far", "too_far")])
def test_confidence_drops_for_an_oblique_view_and_a_far_camera(results, name, reason):
    reps = results[name].reps
    assert reps, "the reps still count"
    for rep in reps:
        assert rep.low_confidence and reason in rep.confidence_reasons


@pytest.mark.parametrize("name", ["conf_sb_far", "conf_sb_6m"])
def test_a_far_camera_is_calibrated_and_counts_every_rep_as_too_far(results, data_dir, name):
    """8 m (heavy male) and 6 m (short heavy female) away, the body is 60-70 px tall: MediaPipe's
    world landmarks lean it 20-30 deg toward the camera as it stands upright, which must not stop
    the neutral being taken (the image says it is upright). Each rep says the body is far."""
    truth, result = _truth(data_dir, name), results[name]
    assert result.calibration_method is not None
    assert [r.side for r in result.reps] == [r["side"] for r in truth["reps"]]
    assert all("too_far" in r.confidence_reasons for r in result.reps)


def test_a_body_too_small_to_measure_is_told_to_come_closer(results):
    """Seated 7.5 m from a 384x288 camera the torso is about 11 px: MediaPipe's landmarks of it even
    lie upside down. Nothing is counted, and the notice names the distance, not the orientation."""
    result = results["conf_st_7m"]
    assert result.reps == [] and result.frames_with_person > 0
    assert result.notice is not None and "too small" in result.notice and "2-3 m" in result.notice


def test_a_frontal_camera_at_a_normal_distance_is_trusted(results):
    for name in ("tw_heavy_male_A_crossed", "tw_muscular_male_B_crossed", "twf_older_female_A"):
        for rep in results[name].reps:
            assert rep.confidence >= LOW_CONFIDENCE and not rep.low_confidence


@pytest.mark.parametrize(
    "name",
    [
        "fit_cc_4m",  # a clean cat-cow filmed from 4 m: its cows read up to 18 deg, no neck fault
        "fit_st_hold",  # a seated twist whose third hold lasts 1.5 of 5 s (the ramps in and out do not count)
        "fit_tw_far_lean",  # twists leaning 6 deg sideways, 4.2 m: read as a turned neutral, the hips are not judged
        "fit_sb_shallow_hd_side",  # 18-deg side bends at 720p, side light: a 5-cm hip shift, a bend to 60% counted
        "hc_st_tall_a",  # clean seated twists of a tall thin body: MediaPipe reads the head 23 deg past the shoulders
        "hc_cc_knees",  # a cat-cow with straight knees, 3.5 m: the near knee reads 169, the straighter one 174
        "hc_tw_far_a",  # clean twists filmed from 4.2 m, 1.6 m high: no lean
    ],
)
def test_each_rep_carries_exactly_the_checked_faults_of_its_truth(results, data_dir, name):
    """Set-ups where clean reps drew flags or faults went unseen (rendered bodies; the first four the
    rules were fitted on, the others rendered after): every rep is counted on its side, flagged with
    the faults its truth carries that the exercise checks, and with nothing else."""
    truth = _truth(data_dir, name)
    unseen = {item.code for item in EXERCISES[truth["exercise"]].not_checked}
    whole = {fault["code"] for fault in truth["faults"] if fault["rep"] is None}
    got = results[name].reps
    assert [rep.side for rep in got] == [want["side"] for want in truth["reps"]]
    for rep, want in zip(got, truth["reps"]):
        assert set(rep.faults) == (set(want["faults"]) | whole) - unseen, (rep.index, rep.faults, want["faults"])
