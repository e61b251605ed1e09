"""Every exercise, one module each; the registry (``exercises/registry.py``) collects them in this order.

To add an exercise: write its module here (a ``SPEC``), list it below, and add its routine file,
tests and README row. Nothing outside ``exercises/`` needs to change.
"""

from __future__ import annotations

from posecoach.exercises.definitions import (
    cat_cow,
    cat_cow_all_fours,
    forward_fold,
    seated_side_bend,
    seated_twist,
    side_bend,
    standing_twist,
)
from posecoach.exercises.spec import ExerciseSpec

ALL: tuple[ExerciseSpec, ...] = (
    side_bend.SPEC,
    standing_twist.SPEC,
    cat_cow.SPEC,
    seated_twist.SPEC,
    forward_fold.SPEC,
    cat_cow_all_fours.SPEC,
    seated_side_bend.SPEC,
)
