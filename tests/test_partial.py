"""A partial rep is a rep: out and back on the exercise's side to half the target or more, short of
the entry threshold, it counts, flagged partial_range; sway, glances and arm movements still count
nothing, at the smallest targets too (synthetic body, no MediaPipe)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_robustness import CAMERAS, distractors

from posecoach.coach.exercise_coach import CoachSettings, ExerciseCoach
from posecoach.exercises.registry import EXERCISES
from scenarios import SIDE_BEND, idle_standing
from synthetic import Script, Segment


def _run(poses, exercise: str, target: float) -> ExerciseCoach:
    exercise_coach = ExerciseCoach(exercise, CoachSettings(target_deg=target))
    for pose in poses:
        exercise_coach.update(pose)
    exercise_coach.finish()
    return exercise_coach


def test_a_shallow_side_bend_short_of_the_entry_threshold_counts_as_partial():
    """A target of 18 deg (someone who bends that far): half of it, 9, lies under the side bend's
    12-deg entry threshold. The third bend goes to 11 deg (61% of the target) and back."""
    script = Script(SIDE_BEND, [Segment(replace(SIDE_BEND, lateral=v)) for v in (-18.0, 18.0, -11.0, 18.0)])
    exercise_coach = _run(script.poses(), "side_bend", 18.0)
    assert exercise_coach.counts == {"left": 2, "right": 2, "total": 4}
    assert [rep.faults for rep in exercise_coach.reps] == [(), (), ("partial_range",), ()]
    assert abs(exercise_coach.reps[2].peak_deg + 11.0) <= 1.0


def test_a_partial_bend_is_counted_once_and_a_full_one_is_not_partial():
    """Every full bend also passes the partial counter's lower entry: each is counted once, unflagged."""
    script = Script(SIDE_BEND, [Segment(replace(SIDE_BEND, lateral=18.0 * s)) for s in (-1, 1, -1, 1, -1, 1)])
    exercise_coach = _run(script.poses(), "side_bend", 18.0)
    assert exercise_coach.counts["total"] == 6 and all(rep.faults == () for rep in exercise_coach.reps)


def test_a_bend_under_half_the_target_or_the_floor_is_no_rep():
    """7 deg of a 18-deg target (39%, and under the side bend's 9-deg floor for partial reps)."""
    script = Script(SIDE_BEND, [Segment(replace(SIDE_BEND, lateral=v)) for v in (-18.0, 7.0, 18.0)])
    exercise_coach = _run(script.poses(), "side_bend", 18.0)
    assert [rep.side for rep in exercise_coach.reps] == ["left", "right"]


def _smallest_targets(name: str) -> tuple[float, ...]:
    """Targets at which the partial counter enters at its lowest (its floor): the safe minimum and
    twice the floor."""
    spec = EXERCISES[name]
    return spec.safe_target_deg[0], 2.0 * spec.min_partial


@pytest.mark.parametrize("view", list(CAMERAS))
@pytest.mark.parametrize("movement", [*distractors(), "idle"])
def test_sway_glances_and_arm_movements_count_nothing_at_the_smallest_targets(movement, view):
    if movement == "idle":
        poses = replace(idle_standing(), camera=CAMERAS[view]).poses()
    else:
        made = distractors()[movement](CAMERAS[view])
        poses = made.poses() if isinstance(made, Script) else made
    for name in EXERCISES:
        for target in _smallest_targets(name):
            exercise_coach = _run(poses, name, target)
            assert exercise_coach.counts["total"] == 0, (
                name,
                target,
                [(r.side, r.start_s, r.peak_deg) for r in exercise_coach.reps],
            )
