"""``posecoach run --video``: a recording played as the camera loses no reps behind the cards."""

from __future__ import annotations

from dataclasses import replace

import pytest

from posecoach.coach.events import RepCompleted
from posecoach.coach.guided import GuidedSession
from posecoach.routines import ExerciseEntry, Routine
from scenarios import side_bends


@pytest.mark.parametrize("during_cards, expected", [(True, 6), (False, None)])
def test_a_recording_is_counted_from_its_first_frame(during_cards, expected):
    # The first side bend starts 0.3 s in, well inside the 6-s instruction card.
    script = replace(side_bends(6, 30.0), lead_in_s=0.3)
    routine = Routine(name="one", title="One", exercises=[ExerciseEntry(exercise="side_bend", reps=3, target=25.0)])
    session = GuidedSession(routine, count_during_cards=during_cards)
    reps = [e.rep for pose in script.poses() for e in session.update(pose) if isinstance(e, RepCompleted)]
    if expected is None:
        assert len(reps) < 6  # the behaviour it replaces: the card swallows the first rep
    else:
        assert len(reps) == expected and reps[0].start_s < 1.0
