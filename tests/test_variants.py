"""The variants people do, rendered with known angles (tools/synth, sets_variants.py): arms in front
or at the chest for a twist, turns to 90 deg, a weight overhead or in one hand for a side bend,
cat-cows on all fours side-on and up to 45 deg oblique, and starts with no still moment.

The recordings in tests/data/variants are MediaPipe's landmarks of those renders (the format of
tests/data/real), each with the renderer's own truth: counts, sides, times and peak angles.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from real_truth import PEAK_TOL_S, RecordingSet, expected
from recording_changes import cut, load

from posecoach.exercises import get_exercise
from posecoach.offline import analyze_recording

VARIANTS = Path(__file__).parent / "data" / "variants"
SET = RecordingSet(VARIANTS)
CLIPS, RUNS, meta = SET.clips, SET.runs, SET.meta
#: MediaPipe's image-plane trunk tilt follows a side bend within ~1 deg; the peak is a plateau's
#: median of the smoothed signal, a little under the very top.
SIDE_BEND_TOL_DEG = 3.0
#: The twist's peak is read from the shoulders' foreshortening: a turn of the pelvis, or a camera
#: off the body's axis, is not taken out of it, so the angle is held to the truth only where the
#: spine gives the turn (pelvis within this) and the camera is square on.
STILL_PELVIS_DEG = 20.0


@pytest.fixture(scope="module")
def results():
    return {(clip, exercise): analyze_recording(VARIANTS / f"{clip}.npz", exercise) for clip, exercise in RUNS}


def test_the_variants_are_here():
    exercises = {meta(clip)["exercise"] for clip in CLIPS}
    assert {"side_bend", "standing_twist", "cat_cow_all_fours"} <= exercises
    assert sum(meta(clip).get("negative", False) for clip in CLIPS) >= 2


@pytest.mark.parametrize(("clip", "exercise"), RUNS)
def test_every_variant_counts_exactly_with_each_side(results, clip, exercise):
    truth = meta(clip)
    allowed = expected(truth)
    counts = results[clip, exercise].counts
    assert allowed.allows(counts, get_exercise(exercise).per_side), counts
    if not truth.get("negative"):
        reps = results[clip, exercise].reps
        for rep, want in zip(reps, truth["truth"]["reps"]):
            assert rep.side == (want["side"] if want["side"] in ("left", "right") else None)
            assert abs(rep.peak_s - want["peak_s"]) <= PEAK_TOL_S


@pytest.mark.parametrize(
    "clip", [c for c in CLIPS if meta(c)["exercise"] == "side_bend" and not meta(c).get("negative")]
)
def test_side_bend_peaks_hold_to_the_truth_whatever_the_arms_hold(results, clip):
    for rep, want in zip(results[clip, "side_bend"].reps, meta(clip)["truth"]["reps"]):
        assert abs(rep.peak_deg - want["peak_deg"]) <= SIDE_BEND_TOL_DEG, (rep.index, rep.peak_deg, want["peak_deg"])


@pytest.mark.parametrize(
    "clip", [c for c in CLIPS if meta(c)["exercise"] == "standing_twist" and not meta(c).get("negative")]
)
def test_twists_read_within_their_tolerance_when_the_spine_turns(results, clip):
    spec = get_exercise("standing_twist")
    truth = meta(clip)
    square_on = "--yaw" not in truth["render_command"]
    for rep, want in zip(results[clip, "standing_twist"].reps, truth["truth"]["reps"]):
        assert "partial_range" not in rep.faults  # every rendered turn goes past the target
        pelvis = abs(want["peak_shoulder_turn_deg"] - want["peak_deg"])
        if square_on and pelvis <= STILL_PELVIS_DEG:
            assert abs(rep.peak_deg - want["peak_deg"]) <= spec.tolerance_deg, (rep.index, rep.peak_deg)


@pytest.mark.parametrize(
    "clip", [c for c in CLIPS if meta(c)["exercise"] == "cat_cow_all_fours" and not meta(c).get("negative")]
)
def test_all_fours_cycles_read_cat_then_cow_over_their_full_range(results, clip):
    spec = get_exercise("cat_cow_all_fours")
    for rep, want in zip(results[clip, "cat_cow_all_fours"].reps, meta(clip)["truth"]["reps"]):
        assert want["peak_deg"] >= spec.target_deg and -want["cow_peak_deg"] >= spec.counter_target_deg
        assert rep.peak_deg > 0 > rep.extra["cow_peak_deg"]
        assert "partial_range" not in rep.faults, (rep.index, rep.peak_deg, rep.extra["cow_peak_deg"])


@pytest.mark.parametrize(
    "clip", [c for c in CLIPS if meta(c)["exercise"] == "forward_fold" and not meta(c).get("negative")]
)
def test_a_fold_filmed_off_side_on_is_one_hold_read_within_its_tolerance(results, clip):
    """Seated on the floor, the camera 20 deg off side-on: the body reads wider than side-on
    standing does, yet the still start calibrates and the fold reads its truth within tolerance."""
    result = results[clip, "forward_fold"]
    assert result.as_dict()["calibration"] == "still" and result.notice is None
    (rep,) = result.reps
    (want,) = meta(clip)["truth"]["reps"]
    assert abs(rep.peak_deg - want["peak_deg"]) <= get_exercise("forward_fold").tolerance_deg


#: Twists filmed off the body's axis, 15-20 deg. MediaPipe reads the first two at rest turned 51-62
#: deg, past two entries from square; the third (rendered after the rules) reads its rest near square
#: and a turn toward the camera as barely narrower than the rest.
OFF_AXIS_TWISTS = ["tw_front60_yaw15_older_female", "tw_front70_yaw20_tall_thin_male", "tw_chest50_yawm20_average"]


@pytest.mark.parametrize("clip", OFF_AXIS_TWISTS)
@pytest.mark.parametrize("seconds", [0.5, 1.0, 2.0, 3.0])
def test_a_twist_filmed_off_axis_and_joined_mid_turn_counts_both_sides(tmp_path, clip, seconds):
    """Joined during the first turn, with no still moment: the rest is still the neutral (the
    shoulders square to the hips there, or turned both ways from it), not a point midway to the
    first turn's end, nor a later turn's held end that the shoulders' width barely tells from it."""
    arrays, truth = cut(seconds)(load(VARIANTS / f"{clip}.npz"), meta(clip))
    path = tmp_path / "joined_late.npz"
    np.savez(path, **arrays)
    counts = analyze_recording(path, "standing_twist").counts
    assert expected(truth).allows(counts, per_side=True), counts
