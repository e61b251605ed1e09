"""Each posture fault is flagged on the reps where the synthetic body commits it, and on no
other rep; and clean movement raises no fault at all."""

from __future__ import annotations

from dataclasses import replace

import pytest
from synthetic import BodyPose, Camera, Script, Segment
from test_engine import CAT_COW, FLOOR_CAMERA, FOLD, SEATED, SIDE_BEND, TWIST, run

from posecoach.exercises.faults import FaultDebouncer


def alternate(neutral: BodyPose, peak_for, faulty: set[int], n: int = 4, **segment) -> Script:
    """n reps alternating left/right; reps (1-based) in ``faulty`` use peak_for(sign, True)."""
    segments = [Segment(peak_for(-1 if i % 2 == 0 else 1, i + 1 in faulty), **segment) for i in range(n)]
    return Script(neutral, segments)


def side_bend(sign: int, fault: str | None) -> BodyPose:
    peak = replace(SIDE_BEND, lateral=30.0 * sign)
    return {
        None: peak,
        "hip_shift": replace(peak, pelvis_shift=-0.07 * sign),  # hips slide away from the bend
        "leaning_forward": replace(peak, pitch=22.0),
        "torso_rotation": replace(peak, twist=35.0 * sign, head_yaw=5.0 * sign),
        "knees_bent": replace(peak, knee_bend=70.0),
    }[fault]


def twist(neutral: BodyPose, sign: int, fault: str | None) -> BodyPose:
    peak = replace(neutral, twist=35.0 * sign)
    return {
        None: peak,
        "hips_rotating": replace(neutral, twist=12.0 * sign, pelvis_yaw=28.0 * sign),
        "neck_over_rotation": replace(peak, head_yaw=55.0 * sign),
        "leaning": replace(peak, lateral=18.0),
        "knees_bent": replace(peak, knee_bend=70.0),
    }[fault]


CASES = {
    ("side_bend", code): (lambda code=code: alternate(SIDE_BEND, lambda s, f: side_bend(s, code if f else None), {2, 3}))
    for code in ("hip_shift", "leaning_forward", "torso_rotation", "knees_bent")
}
CASES.update({
    ("standing_twist", code): (lambda code=code: alternate(TWIST, lambda s, f: twist(TWIST, s, code if f else None), {2, 3}))
    for code in ("hips_rotating", "neck_over_rotation", "leaning", "knees_bent")
})
CASES.update({
    ("seated_twist", code): (lambda code=code: alternate(SEATED, lambda s, f: twist(SEATED, s, code if f else None),
                                                         {2, 3}, hold_s=5.0))
    for code in ("hips_rotating", "neck_over_rotation", "leaning")
})


@pytest.mark.parametrize("exercise,code", list(CASES), ids=[f"{e}-{c}" for e, c in CASES])
def test_fault_is_flagged_exactly_on_the_reps_that_commit_it(exercise, code):
    analyzer = run(CASES[(exercise, code)](), exercise)
    assert analyzer.counts["total"] == 4
    flagged = [rep.index for rep in analyzer.reps if code in rep.faults]
    assert flagged == [2, 3], [(rep.index, rep.faults) for rep in analyzer.reps]
    assert any(span.code == code for span in analyzer.fault_spans)


def cat_cow_script(neutral=CAT_COW, cow=-12.0) -> Script:
    segs = [Segment(replace(neutral, neck=v), move_s=2.0, hold_s=1.0) for _ in range(3) for v in (15.0, cow)]
    return Script(neutral, segs, camera=Camera(view="left"))


def test_cat_cow_knees_locked_and_neck_hyperextension():
    clean = run(cat_cow_script(), "cat_cow")
    assert clean.counts["total"] == 3 and all(rep.faults == () for rep in clean.reps)
    locked = run(cat_cow_script(replace(CAT_COW, knee_bend=0.0)), "cat_cow")
    assert all("knees_locked" in rep.faults for rep in locked.reps)
    craned = run(cat_cow_script(cow=-32.0), "cat_cow")
    assert all("neck_hyperextension" in rep.faults for rep in craned.reps)
    assert all("knees_locked" not in rep.faults for rep in craned.reps)


def test_forward_fold_knees_bent_and_hold_too_short():
    bent = Script(FOLD, [Segment(replace(FOLD, pitch=40.0, knee_bend=60.0), move_s=4.0, hold_s=30.0)],
                  camera=FLOOR_CAMERA)
    assert run(bent, "forward_fold").reps[0].faults == ("knees_bent",)
    short = Script(FOLD, [Segment(replace(FOLD, pitch=40.0), move_s=4.0, hold_s=6.0)], camera=FLOOR_CAMERA)
    rep = run(short, "forward_fold").reps[0]
    assert rep.faults == ("hold_too_short",) and rep.score < 80


def test_too_fast_and_partial_range():
    fast = [Segment(replace(SIDE_BEND, lateral=30.0 * s), move_s=m, hold_s=0.2) for s, m in
            ((-1, 2.0), (1, 0.35), (-1, 0.35), (1, 2.0))]
    analyzer = run(Script(SIDE_BEND, fast), "side_bend")
    assert [("too_fast" in rep.faults) for rep in analyzer.reps] == [False, True, True, False]
    short = [Segment(replace(SIDE_BEND, lateral=v)) for v in (-30.0, 16.0, -16.0, 30.0)]
    analyzer = run(Script(SIDE_BEND, short), "side_bend")
    assert [("partial_range" in rep.faults) for rep in analyzer.reps] == [False, True, True, False]
    assert analyzer.reps[1].score < analyzer.reps[0].score


def test_debouncer_needs_persistence_to_raise_and_to_clear():
    debouncer = FaultDebouncer(persist_s=0.3)
    frames = [(i / 30, {"hip_shift"} if 10 <= i < 14 or 30 <= i < 50 else set()) for i in range(80)]
    raised, cleared = [], []
    for t, seen in frames:
        up, down = debouncer.update(t, seen)
        raised += [(round(t, 2), c) for c in up]
        cleared += [(round(t, 2), c) for c in down]
    # The 4-frame flicker (0.13 s) never raises; the 20-frame one does, 0.3 s after it began.
    assert raised == [(1.3, "hip_shift")]
    assert cleared == [(1.97, "hip_shift")]
