"""The two exercises done off your feet, end to end on the synthetic body: the all-fours posture
hook, and a whole back_relief_seated session with a virtual user."""

from __future__ import annotations

from dataclasses import replace

from posecoach.coach.guided import ExerciseFinished, ExerciseStarted, GuidedSession
from posecoach.routines import find_routine
from scenarios import ALL_FOURS, ALL_FOURS_CAMERA, CAT_COW, VirtualUser, all_fours_cat_cows, run
from synthetic import Camera, Script

FPS = 15.0


def test_all_fours_calibrates_only_on_hands_and_knees():
    # Standing side-on (the standing cat-cow's stance) is not the all-fours start: no neutral, no reps.
    standing = all_fours_cat_cows(2)
    standing = Script(
        CAT_COW,
        [replace(s, peak=replace(CAT_COW, neck=s.peak.neck)) for s in standing.segments],
        camera=Camera(view="left"),
    )
    assert run(standing, "cat_cow_all_fours").neutral is None
    # On all fours the standing cat-cow cannot calibrate (its neutral is upright); the all-fours one does.
    assert run(all_fours_cat_cows(2), "cat_cow").neutral is None
    exercise_coach = run(all_fours_cat_cows(2), "cat_cow_all_fours")
    assert exercise_coach.neutral is not None and exercise_coach.counts["total"] == 2


def test_all_fours_cat_is_positive_whichever_way_the_user_faces():
    for view in ("left", "right"):
        exercise_coach = run(
            all_fours_cat_cows(2, cat=18.0, cow=-12.0, camera=replace(ALL_FOURS_CAMERA, view=view)), "cat_cow_all_fours"
        )
        # the camera looks down a little on the head: its nod reads within 1.5 degrees of the truth
        assert len(exercise_coach.reps) == 2 and all(abs(r.peak_deg - 18.0) <= 1.5 for r in exercise_coach.reps), view
        assert all(abs(r.extra["cow_peak_deg"] + 12.0) <= 1.5 for r in exercise_coach.reps), view
    assert ALL_FOURS.pitch == 90.0


def test_a_whole_back_relief_seated_session_runs_start_to_finish():
    routine = find_routine("back_relief_seated")
    session = GuidedSession(routine)
    user = VirtualUser(
        {"seated_side_bend": 25.0, "seated_twist": 40.0, "cat_cow_all_fours": 15.0, "forward_fold": 40.0}, FPS
    )
    t, events = 0.0, []
    while not session.is_finished and t < 1500.0:
        events += session.update(user.pose(t, session))
        t += 1 / FPS
    assert session.is_finished and session.completed
    started = [e.exercise for e in events if isinstance(e, ExerciseStarted)]
    assert started == ["seated_side_bend", "seated_twist", "cat_cow_all_fours", "forward_fold"]
    counts = {e.exercise: e.counts for e in events if isinstance(e, ExerciseFinished)}
    assert counts == {
        "seated_side_bend": {"left": 6, "right": 6, "total": 12},
        "seated_twist": {"left": 3, "right": 3, "total": 6},
        "cat_cow_all_fours": {"left": 0, "right": 0, "total": 6},
        "forward_fold": {"left": 0, "right": 0, "total": 1},
    }
