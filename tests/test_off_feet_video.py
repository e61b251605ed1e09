"""Real MediaPipe on rendered clips of the exercises done off your feet (tests/data/clips, made
with the shared renderer extended with a hands-and-knees cat-cow; see tests/data/README.md)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from recorded import analyze_clip, clip_poses

from posecoach.coach.exercise_coach import ExerciseCoach
from posecoach.pose.estimator import PoseEstimator
from posecoach.video import MemorySource, VideoFileSource

pytestmark = pytest.mark.slow  # MediaPipe over whole clips (or its recorded poses)

TIME_TOL_S = 1.0


CLIPS = ["cat_cow_all_fours_side", "cat_cow_all_fours_hips_shifting"]


@pytest.fixture(scope="session")
def results(data_dir, run_cache):
    """Each clip analysed once per test run (with its truth), when a test first asks for it."""

    def analyse(name):
        truth = json.loads((data_dir / "clips" / f"{name}.truth.json").read_text())
        return analyze_clip(data_dir / "clips" / f"{name}.mp4", "cat_cow_all_fours"), truth

    return run_cache.mapping("all_fours", analyse)


@pytest.mark.parametrize("name", CLIPS)
def test_all_fours_calibrates_on_hands_and_knees_and_counts_every_cycle(results, name):
    result, truth = results[name]
    assert result.calibrated_at_s is not None and result.calibrated_at_s <= truth["neutral"]["end_s"] + 0.5
    assert result.counts == truth["counts"]
    for rep, want in zip(result.reps, truth["reps"]):
        assert rep.side is None
        assert np.sign(rep.peak_deg) == np.sign(want["peak_deg"]) == 1  # the cat: head down, back up
        assert np.sign(rep.extra["cow_peak_deg"]) == np.sign(want["cow_peak_deg"]) == -1
        assert abs(rep.start_s - want["start_s"]) <= TIME_TOL_S and abs(rep.end_s - want["end_s"]) <= TIME_TOL_S


def test_all_fours_peaks_read_as_the_accuracy_the_definition_states(results):
    """``cat_cow_all_fours``'s stated accuracy, against the clips' truth: the cat at most 4.5 degrees
    short (2.5 on average, to a degree), the cow 3-6 degrees deep (to half a degree)."""
    cats, cows = [], []
    for name in CLIPS:
        result, truth = results[name]
        for rep, want in zip(result.reps, truth["reps"]):
            cats.append(rep.peak_deg - want["peak_deg"])
            cows.append(rep.extra["cow_peak_deg"] - want["cow_peak_deg"])
    assert -4.5 <= min(cats) and max(cats) <= 0.0 and abs(np.mean(cats) + 2.5) <= 1.0, cats
    assert -6.0 - 0.5 <= min(cows) and max(cows) <= -3.0 + 0.5, cows


def test_all_fours_clean_cycles_raise_no_posture_fault(results):
    # Range aside: MediaPipe reads these 17-degree cats up to 4 degrees short (README), at the edge of
    # partial_range for the default 15-degree target; the routines assess the target instead.
    result, _ = results["cat_cow_all_fours_side"]
    assert {f.code for f in result.faults} <= {"partial_range"}
    assert all(set(rep.faults) <= {"partial_range"} for rep in result.reps)


def test_all_fours_rocking_is_flagged_on_the_cycles_that_rock_and_no_others(results):
    # Only the rocking is checked here: from this (higher) camera MediaPipe reads the cow ~6 degrees
    # deeper than the truth, which brings its 17-degree cows to the edge of neck_hyperextension.
    result, truth = results["cat_cow_all_fours_hips_shifting"]
    for rep, want in zip(result.reps, truth["reps"]):
        assert ("hips_shifting" in rep.faults) == ("hips_shifting" in want["faults"]), (rep.index, rep.faults)
        assert "too_fast" not in rep.faults


def test_all_fours_recorded_from_mid_movement_counts_every_cycle(data_dir):
    """The still start cut off: the recording begins as the first cat does, and that cat's hold is
    the first still pose seen. The pause at the real neutral after the first cycle replaces it."""
    name = "cat_cow_all_fours_side"
    truth = json.loads((data_dir / "clips" / f"{name}.truth.json").read_text())
    lead = truth["render_args"]["lead_in"]
    shift = round(lead * 1000)
    exercise_coach = ExerciseCoach("cat_cow_all_fours")
    for pose in clip_poses(data_dir / "clips" / f"{name}.mp4"):
        if pose.t_ms >= shift:
            exercise_coach.update(dataclasses.replace(pose, t_ms=pose.t_ms - shift))
    exercise_coach.finish()
    assert exercise_coach.counts == truth["counts"]
    for rep, want in zip(exercise_coach.reps, truth["reps"]):
        assert abs(rep.start_s - (want["start_s"] - lead)) <= TIME_TOL_S
        assert abs(rep.end_s - (want["end_s"] - lead)) <= TIME_TOL_S


def test_all_fours_at_7_5_fps_through_the_live_estimator_counts_and_flags_the_rocking(data_dir):
    """Real MediaPipe afresh (the other tests here read the recorded poses), as the live loop
    estimates (``stream``), on every other frame: a webcam that drops to 7.5 fps in dim light."""
    name = "cat_cow_all_fours_hips_shifting"
    truth = json.loads((data_dir / "clips" / f"{name}.truth.json").read_text())
    with VideoFileSource(data_dir / "clips" / f"{name}.mp4") as source:
        images = [frame.image for frame in source][::2]
    exercise_coach = ExerciseCoach("cat_cow_all_fours")
    with PoseEstimator() as estimator:
        for _, pose, _ in estimator.stream(MemorySource(images, fps=7.5)):
            exercise_coach.update(pose)
    exercise_coach.finish()
    assert exercise_coach.calibration == "still" and exercise_coach.neutral.end_s <= truth["neutral"]["end_s"] + 0.5
    assert exercise_coach.counts == truth["counts"]
    for rep, want in zip(exercise_coach.reps, truth["reps"]):
        assert abs(rep.start_s - want["start_s"]) <= TIME_TOL_S and abs(rep.end_s - want["end_s"]) <= TIME_TOL_S
        assert ("hips_shifting" in rep.faults) == ("hips_shifting" in want["faults"]), (rep.index, rep.faults)
