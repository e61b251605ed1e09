"""The analysis engine on poses from the synthetic body model (tests/synthetic.py): exact counts,
angles within 3 degrees on clean data, faults detected when injected and not otherwise."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from posecoach.body.smoothing import pass_through
from posecoach.coach.events import CalibrationDone, SetupProblem
from posecoach.coach.exercise_coach import ExerciseCoach
from posecoach.exercises.registry import EXERCISES
from scenarios import (
    CAT_COW,
    CLEAN,
    FOLD,
    IDLE,
    SEATED,
    SIDE_BEND,
    cat_cows,
    fold,
    held_still_s,
    run,
    side_bends,
    twists,
)
from synthetic import Camera, Script, Segment, alternating

ANGLE_TOL = 3.0


# -- counting and angles on clean data ---------------------------------------------------------------


@pytest.mark.parametrize("scenario", CLEAN, ids=[c.name for c in CLEAN])
def test_clean_movement_is_counted_exactly_with_peaks_within_3_degrees(scenario):
    exercise_coach = run(scenario.make(), scenario.exercise)
    assert exercise_coach.counts == scenario.counts
    for rep in exercise_coach.reps:
        assert abs(abs(rep.peak_deg) - scenario.peak_deg) <= ANGLE_TOL, rep
        assert rep.faults == (), rep
        assert rep.score >= 90
    if scenario.exercise == "cat_cow":
        assert all(abs(rep.extra["cow_peak_deg"] + 12.0) <= ANGLE_TOL for rep in exercise_coach.reps)
    if scenario.counts["left"]:
        assert [rep.side for rep in exercise_coach.reps][:2] == ["left", "right"]  # scripts start left


def test_rep_timing_matches_the_script():
    script = side_bends(2, 30.0)
    reps = run(script, "side_bend").reps
    # First rep: starts at 2.0 s, reaches the peak at 4.0 s, back at neutral at 7.0 s.
    assert reps[0].start_s == pytest.approx(2.0, abs=0.4)
    assert reps[0].peak_s == pytest.approx(4.0, abs=0.4)
    assert reps[0].end_s == pytest.approx(7.0, abs=0.8)
    assert reps[0].hold_s == pytest.approx(1.0 + 0.9, abs=0.6)  # the hold, plus the slow ends within 5 deg


@pytest.mark.parametrize(
    "camera",
    [
        Camera(distance=2.6),
        Camera(distance=4.5),
        Camera(roll=6.0),
        Camera(tilt_down=10.0, height=1.4),
        Camera(hfov=80.0, width=1280, height_px=720),
    ],
    ids=["near", "far", "rolled", "tilted-high", "wide-720p"],
)
def test_camera_placement_does_not_change_counts_or_angles(camera):
    exercise_coach = run(side_bends(4, 28.0, camera=camera), "side_bend")
    assert exercise_coach.counts == {"left": 2, "right": 2, "total": 4}
    assert all(abs(abs(rep.peak_deg) - 28.0) <= ANGLE_TOL for rep in exercise_coach.reps)


@pytest.mark.parametrize("view", ["left", "right"])
def test_side_views_from_either_side_give_the_same_signs(view):
    exercise_coach = run(cat_cows(3, camera=Camera(view=view)), "cat_cow")
    assert exercise_coach.counts["total"] == 3
    assert all(rep.peak_deg > 10 and rep.extra["cow_peak_deg"] < -8 for rep in exercise_coach.reps)
    folded = run(fold(35.0, camera=Camera(view=view, height=0.6)), "forward_fold")
    assert folded.counts["total"] == 1 and folded.reps[0].peak_deg == pytest.approx(35.0, abs=ANGLE_TOL)


@pytest.mark.parametrize("start_deg", [-6.0, 0.0, 6.0])
def test_a_fold_is_its_tilt_from_the_vertical_when_the_start_leans_a_little(start_deg):
    """MediaPipe reads a trunk sitting upright on the floor up to ~10 deg further back than it is
    (body/signals.py): a start within that of the vertical is taken as upright, so a trunk folded
    to 40 deg from the vertical reads 40, however it sat at the start, and is counted and timed as a
    fold from that start."""
    folded = run(fold(40.0, neutral=replace(FOLD, pitch=start_deg)), "forward_fold")
    assert folded.counts["total"] == 1
    assert folded.reps[0].peak_deg == pytest.approx(40.0, abs=ANGLE_TOL)
    # The target is judged on the same angle (the peak kept for progress and targets).
    assert folded.reps[0].drive_peak_deg == folded.reps[0].peak_deg


def test_a_fold_short_of_its_target_from_the_vertical_is_partial_however_far_it_moved_from_the_start():
    """Leaning back 8 deg at the start, then folding to 31 deg: 39 deg of movement, but 31 from the
    vertical, short of a 45-deg target by more than its 8-deg tolerance. It is held its 30 s there:
    a short range, not a short hold."""
    script = fold(31.0, neutral=replace(FOLD, pitch=-8.0))
    folded = run(script, "forward_fold", target_deg=45.0)
    assert folded.counts["total"] == 1
    assert "partial_range" in folded.reps[0].faults and "hold_too_short" not in folded.reps[0].faults
    # Held 30 s, plus the ends of its slow 4-s ramps that are still (the truth, from the body).
    truth_s = held_still_s(script, "pitch", 31.0 - folded._tracker.plateau_tol)
    assert folded.reps[0].hold_s == pytest.approx(truth_s, abs=0.25)


@pytest.mark.parametrize("tempo", [(1.2, 0.3), (2.0, 1.0), (4.0, 3.0)], ids=["brisk", "normal", "slow"])
def test_tempos(tempo):
    move_s, hold_s = tempo
    segs = alternating(SIDE_BEND, lambda s: replace(SIDE_BEND, lateral=30 * s), 6, move_s=move_s, hold_s=hold_s)
    exercise_coach = run(Script(SIDE_BEND, segs), "side_bend")
    assert exercise_coach.counts == {"left": 3, "right": 3, "total": 6}


def test_noisy_landmarks_still_count_exactly():
    exercise_coach = run(side_bends(6, 30.0, noise_px=2.0, seed=3), "side_bend")
    assert exercise_coach.counts["total"] == 6
    assert all(abs(abs(rep.peak_deg) - 30.0) <= 4.0 for rep in exercise_coach.reps)


def test_swapped_left_right_labels_do_not_flip_sides():
    script = twists(6, 35.0)
    rng = np.random.default_rng(7)
    exercise_coach = ExerciseCoach("standing_twist")
    for pose in script.poses():
        exercise_coach.update(pose.swapped_sides() if not pose.is_empty and rng.random() < 0.3 else pose)
    assert exercise_coach.counts == {"left": 3, "right": 3, "total": 6}
    assert [rep.side for rep in exercise_coach.reps] == ["left", "right"] * 3


def test_a_short_dropout_is_bridged_but_a_long_one_abandons_the_rep():
    # Rep 1 (left) runs 2.0-7.5 s, rep 2 (right) 7.5-13.0 s.
    short = run(side_bends(2, 30.0, dropouts=[(4.2, 4.5)]), "side_bend")
    assert short.counts["total"] == 2
    long = run(side_bends(2, 30.0, dropouts=[(3.6, 6.0)]), "side_bend")
    assert long.counts == {"left": 0, "right": 1, "total": 1}
    assert any(span.code == "out_of_frame" for span in long.fault_spans)


def test_no_counting_before_calibration_and_a_cue_for_the_wrong_view():
    # Facing the camera for a side-view exercise: never calibrates, says which way to turn.
    exercise_coach = ExerciseCoach("cat_cow")
    events = [e for pose in cat_cows(2, camera=Camera(view="front")).poses() for e in exercise_coach.update(pose)]
    assert exercise_coach.neutral is None and exercise_coach.counts["total"] == 0
    problems = {e.message for e in events if isinstance(e, SetupProblem)}
    assert "Turn sideways to the camera." in problems


def test_a_body_small_in_the_picture_is_asked_to_come_closer_and_its_reps_say_so():
    # 12 m from a 60-degree, 640x480 camera a 0.5 m torso is 0.5 * 554 / 12 = 23 px, under 5% of
    # the frame's height. The synthetic landmarks are exact, so it still calibrates and counts.
    exercise_coach = ExerciseCoach("side_bend")
    events = [
        e for pose in side_bends(2, 30.0, camera=Camera(distance=12.0)).poses() for e in exercise_coach.update(pose)
    ]
    first = next(i for i, e in enumerate(events) if isinstance(e, CalibrationDone))
    assert any(isinstance(e, SetupProblem) and e.code == "too_far" for e in events[:first])
    assert exercise_coach.counts == {"left": 1, "right": 1, "total": 2}
    assert all("too_far" in rep.confidence_reasons and rep.low_confidence for rep in exercise_coach.reps)


def test_a_pause_at_the_peak_is_not_the_neutral_and_the_first_rep_still_counts():
    # No lead-in: the first rep starts at once and pauses at its peak (not upright: not a neutral);
    # the neutral is inferred once the user is back (5 s), the still pause after it refines it.
    first = Segment(replace(SIDE_BEND, lateral=-30.0), move_s=2.0, hold_s=2.0, pause_s=2.0)
    rest = alternating(SIDE_BEND, lambda s: replace(SIDE_BEND, lateral=30.0 * s), 4)
    exercise_coach = ExerciseCoach("side_bend")
    script = Script(SIDE_BEND, [first, *rest], lead_in_s=0.0)
    calibrated = [e for pose in script.poses() for e in exercise_coach.update(pose) if isinstance(e, CalibrationDone)]
    assert calibrated and all(e.t_s > 4.5 for e in calibrated) and exercise_coach.calibration == "still"
    assert exercise_coach.counts == {"left": 3, "right": 2, "total": 5}


@pytest.mark.parametrize("scenario", IDLE, ids=[c.name for c in IDLE])
def test_idle_standing_sway_glances_and_weight_shifts_are_not_reps(scenario):
    assert run(scenario.make(), scenario.exercise).counts == scenario.counts


def test_idle_seated_and_side_on_are_not_reps():
    seated = Script(SEATED, [Segment(replace(SEATED, head_yaw=40.0, twist=5.0), move_s=0.8)] * 4, noise_px=1.0)
    assert run(seated, "seated_twist").counts["total"] == 0
    side = Script(
        CAT_COW,
        [Segment(replace(CAT_COW, neck=4.0, pitch=3.0), move_s=1.0)] * 4,
        camera=Camera(view="left"),
        noise_px=1.0,
    )
    assert run(side, "cat_cow").counts["total"] == 0
    assert run(replace(side, camera=Camera(view="left", height=0.6)), "forward_fold").counts["total"] == 0


def test_the_smoother_is_swappable_and_gives_the_same_counts():
    script = side_bends(4, 30.0, noise_px=0.5)
    raw = ExerciseCoach("side_bend", smoother=pass_through)
    for pose in script.poses():
        raw.update(pose)
    assert raw.counts == run(script, "side_bend").counts


def test_a_lower_target_turns_a_partial_rep_into_a_full_one():
    script = side_bends(2, 18.0)
    assert all("partial_range" in rep.faults for rep in run(script, "side_bend").reps)
    assert all(rep.faults == () for rep in run(script, "side_bend", target_deg=18.0).reps)


def test_hold_timing_counts_only_the_stillness_at_the_target():
    # The truth from the scripted body: the time held still beyond the hold's level (35 - 8 deg),
    # give or take the measurement at the two ends of the stay (0.25 s), as for the fold.
    spec = EXERCISES["seated_twist"]
    held = twists(2, 40.0, SEATED, hold_s=6.0)
    exercise_coach = run(held, "seated_twist")
    per_rep = held_still_s(held, "twist", spec.target_deg - spec.tolerance_deg) / 2
    assert all(rep.hold_s == pytest.approx(per_rep, abs=0.25) for rep in exercise_coach.reps)
    short = run(twists(2, 40.0, SEATED, hold_s=1.0), "seated_twist")
    assert all(rep.hold_s < 2.0 and "hold_too_short" in rep.faults for rep in short.reps)
    # Never within 8 deg of 35, but held its 6 s there: short of the range, not of the hold, which
    # is timed at its own deepest (less the counter's plateau tolerance).
    low_script = twists(2, 20.0, SEATED, hold_s=6.0)
    low = run(low_script, "seated_twist")
    per_rep = held_still_s(low_script, "twist", 20.0 - low._tracker.plateau_tol) / 2
    assert all(rep.hold_s == pytest.approx(per_rep, abs=0.25) for rep in low.reps)
    assert all("partial_range" in rep.faults and "hold_too_short" not in rep.faults for rep in low.reps)
