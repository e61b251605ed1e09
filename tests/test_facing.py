"""The facing of a side-on body, held steady against one-frame flips (posecoach.body.facing)."""

from __future__ import annotations

import math
from dataclasses import fields, replace

from posecoach.body.facing import SWITCH_S, SteadyFacing
from posecoach.body.metrics import Measures

BLANK = Measures(**{f.name: math.nan for f in fields(Measures)} | {"swapped": False, "facing": 0})


def side_on(t_s: float, facing: int, fold_deg: float = 70.0, neck_deg: float = 20.0) -> Measures:
    """A frame of a body folded ``fold_deg`` forward, its angles signed as MediaPipe's facing reads them."""
    return replace(
        BLANK, t_s=t_s, facing=facing, trunk_forward_deg=fold_deg * facing, neck_flexion_deg=-neck_deg * facing
    )


def test_a_flip_of_a_few_frames_keeps_the_fold_a_fold():
    steady = SteadyFacing(facing=1)
    frames = [side_on(i / 30, -1 if 10 <= i < 13 else 1) for i in range(30)]  # 0.1 s flipped
    seen = [steady(m) for m in frames]
    assert all(m.facing == 1 for m in seen)
    assert all(m.trunk_forward_deg == 70.0 and m.neck_flexion_deg == -20.0 for m in seen)


def test_a_turn_that_lasts_is_taken():
    steady = SteadyFacing(facing=1)
    frames = [side_on(i / 30, 1 if i < 30 else -1) for i in range(90)]  # turned around at 1 s
    seen = [steady(m) for m in frames]
    switched = next(m.t_s for m in seen if m.facing == -1)
    assert math.isclose(switched, 1.0 + SWITCH_S, abs_tol=1 / 30 + 1e-9)
    assert seen[-1].trunk_forward_deg == -70.0  # now read as the new facing reads it


def test_an_unknown_facing_passes_and_the_first_known_one_is_taken():
    steady = SteadyFacing()
    assert steady(side_on(0.0, 0)).facing == 0
    assert steady(side_on(0.1, -1)).facing == -1 and steady.facing == -1
