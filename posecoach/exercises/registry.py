"""The registry of exercises by name. Each exercise is one definition in ``exercises/definitions/``;
the types a definition fills in are in ``exercises/spec.py`` (re-exported here)."""

from __future__ import annotations

from dataclasses import dataclass

from posecoach.body.calibration import View
from posecoach.errors import PosecoachError
from posecoach.exercises.definitions import ALL
from posecoach.exercises.spec import Counting, ExerciseSpec, FaultRule, Gauge, Posture, Threshold

__all__ = [
    "DEMO",
    "EXERCISES",
    "Counting",
    "Demo",
    "ExerciseSpec",
    "FaultRule",
    "Gauge",
    "Posture",
    "Threshold",
    "View",
    "get_exercise",
    "marked_parts",
]

EXERCISES: dict[str, ExerciseSpec] = {spec.name: spec for spec in ALL}


def get_exercise(name: str) -> ExerciseSpec:
    """The spec for ``name``; an unknown name is a ``PosecoachError`` listing the valid ones."""
    try:
        return EXERCISES[name]
    except KeyError:
        raise PosecoachError(f"'{name}' is not an exercise; choose one of {', '.join(EXERCISES)}") from None


def marked_parts(exercise: str, code: str) -> tuple[int, ...]:
    """The landmarks whose mean is the spot marked for fault ``code`` of ``exercise`` (its rule's
    ``parts``); none for a fault of the whole movement or an exercise no longer defined."""
    spec = EXERCISES.get(exercise)
    rule = spec.rule(code) if spec is not None else None
    return rule.parts if rule is not None else ()


@dataclass(frozen=True)
class Demo:
    """The shipped demo clip (``posecoach/data/``): which exercise it shows, and how many reps per side."""

    exercise: str
    clip: str
    reps: int


DEMO = Demo(exercise="side_bend", clip="demo_side_bend.mp4", reps=4)
