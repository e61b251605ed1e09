"""Safety promises: no side is asked for more than it showed; every rep is filed under the
exercise it was done in."""

from __future__ import annotations

from test_guided import FPS, RANGES, drive

from posecoach.coach.adaptive import PastPerformance, adaptive_target
from posecoach.coach.guided import GuidedSession
from posecoach.pose.types import Pose
from posecoach.routines import find_routine
from posecoach.store import Store
from posecoach.store.recorder import RoutineRecorder
from scenarios import VirtualUser


def test_each_side_is_capped_by_its_own_best_pain_free_range():
    # Left reached 20 twice, right 30: the target applies to both sides, so it can be no more
    # than 20, which the left side has shown.
    history = [PastPerformance("d1", {"left": [20, 20], "right": [30, 30]}, pain_before=2, pain_after=2)]
    decision = adaptive_target(history, (5.0, 40.0))
    assert decision.target_deg == 20.0 and "left" in decision.reason


def test_a_side_that_improved_may_be_asked_for_its_new_best():
    history = [
        PastPerformance("d1", {"left": [20, 20], "right": [30, 30]}),
        PastPerformance("d2", {"left": [26, 27], "right": [30, 31]}),
    ]
    # Weaker side's medians 20 and 26.5: recent median 23.25 + 3 = 26.25, under left's best 27.
    assert adaptive_target(history, (5.0, 40.0)).target_deg == 26.2


def test_two_skips_between_frames_file_each_block_under_its_own_exercise(tmp_path):
    routine = find_routine("back_relief")
    user = VirtualUser(RANGES, FPS)
    with Store(tmp_path / "s.db") as store:
        session = GuidedSession(routine, targets={i: 12.0 for i in range(5)}, instruct_s=2.0)
        sid = store.start_session("ana", routine=routine.name)
        recorder = RoutineRecorder(store, sid, session)
        _, t = drive(session, user, recorder, until=lambda s, ev: s.current.exercise_coach.counts["total"] >= 1)
        session.skip()
        session.skip()  # two key presses before the next frame
        recorder.record(t, session.update(Pose.empty(round(t * 1000) + 1, 640, 480)))
        assert session.current.entry.exercise == "standing_twist"
        _, t = drive(
            session, user, recorder, start=t + 1, until=lambda s, ev: s.current.exercise_coach.counts["total"] >= 1
        )
        session.end()
        recorder.record(t, session.update(Pose.empty(round(t * 1000) + 2, 640, 480)))
        (info,) = store.sessions("ana")
    assert [b.exercise for b in info.blocks] == ["cat_cow", "side_bend", "standing_twist"]
    assert [b.counts()["total"] for b in info.blocks] == [1, 0, 1]
    assert [b.metric for b in info.blocks] == ["spine_flexion_deg", "lateral_flexion_deg", "trunk_rotation_deg"]
