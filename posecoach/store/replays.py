"""The reps of a stored session that can be replayed, with what a replay shows beside the motion."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from posecoach.coach.events import FaultSpan, Rep
from posecoach.errors import PosecoachError
from posecoach.exercises.registry import EXERCISES, ExerciseSpec
from posecoach.store.motion import RepMotion
from posecoach.store.sessions import BlockInfo, SessionInfo, Store


@dataclass(frozen=True)
class ReplayRep:
    """One rep to replay: its stored motion, the rep, and its exercise block's target and faults."""

    session_id: int
    exercise: str
    title: str
    metric: str
    target_deg: float
    tolerance_deg: float
    reps_in_block: int
    rep: Rep
    motion: RepMotion
    faults: tuple[FaultSpan, ...]  # the block's fault spans within the motion's time
    curve_t: np.ndarray  # the angle curve (the stored per-frame metric) over the motion's time
    curve: np.ndarray

    @property
    def start_s(self) -> float:
        return float(self.motion.t_s[0])

    @property
    def end_s(self) -> float:
        return float(self.motion.t_s[-1])

    def faults_at(self, t_s: float) -> tuple[FaultSpan, ...]:
        """The faults flagged at ``t_s``, earliest first."""
        return tuple(f for f in self.faults if f.start_s <= t_s <= f.end_s)

    @property
    def label(self) -> str:
        side = f", {self.rep.side}" if self.rep.side else ""
        return f"{self.exercise} rep {self.rep.index}{side}"


def block_replays(
    store: Store, session: SessionInfo, block: BlockInfo, trace: tuple[np.ndarray, np.ndarray] | None = None
) -> list[ReplayRep]:
    """The reps of ``block`` that have stored motion, in order (``trace``: the block's, if read already)."""
    motions = store.motions(block.id)
    if not motions:
        return []
    spec = EXERCISES.get(block.exercise)
    t, values = trace if trace is not None else store.trace(block.id)
    out = []
    for rep in block.reps:
        motion = motions.get(rep.index)
        if motion is None or not len(motion):
            continue
        lo, hi = float(motion.t_s[0]), float(motion.t_s[-1])
        inside = (t >= lo - 1e-6) & (t <= hi + 1e-6)
        out.append(
            ReplayRep(
                session_id=session.id,
                exercise=block.exercise,
                title=spec.title if spec else block.exercise,
                metric=block.metric,
                target_deg=block.target_deg,
                tolerance_deg=block.tolerance_deg if block.tolerance_deg is not None else _tolerance(spec),
                reps_in_block=len(block.reps),
                rep=rep,
                motion=motion,
                faults=tuple(f for f in block.faults if f.start_s <= hi and f.end_s >= lo),
                curve_t=t[inside].astype(float),
                curve=values[inside].astype(float),
            )
        )
    return out


def _tolerance(spec: ExerciseSpec | None) -> float:
    """The exercise's own tolerance, for a block stored without one (0 for one no longer defined)."""
    return spec.tolerance_deg if spec else 0.0


def session_replays(store: Store, session: SessionInfo) -> list[ReplayRep]:
    """Every rep of ``session`` that has stored motion, block by block."""
    return [r for block in session.blocks for r in block_replays(store, session, block)]


def find_replays(
    store: Store,
    session_id: int,
    user: str,
    *,
    exercise: str | None = None,
    rep: int | None = None,
    worst: bool = False,
    best: bool = False,
) -> list[ReplayRep]:
    """The reps of session ``session_id`` to replay, as ``choose`` picks them; ``PosecoachError``
    in one line naming ``user``'s sessions that have replays when that one has none."""
    from posecoach.store.db import StoreError

    try:
        info = store.session(session_id)
    except StoreError:
        raise PosecoachError(f"there is no session {session_id}; {_with_motion(store, user)}") from None
    replays = session_replays(store, info)
    if not replays:
        raise PosecoachError(
            f"session {info.id} has no stored motion to replay{_older(info)}; {_with_motion(store, user)}"
        )
    return choose(replays, info, exercise=exercise, rep=rep, worst=worst, best=best)


def _with_motion(store: Store, user: str) -> str:
    """'sessions with replays: 4, 5' (the user's), or that there are none yet."""
    counts = store.motion_counts(user)
    if not counts:
        return "none of your sessions has replays yet (they are kept from this version on)"
    return "sessions with replays: " + ", ".join(str(s) for s in sorted(counts))


def best_rep(replays: list[ReplayRep]) -> ReplayRep:
    """The highest scored rep (the first of equals)."""
    return max(replays, key=lambda r: (r.rep.score, -r.rep.index))


def worst_rep(replays: list[ReplayRep]) -> ReplayRep:
    """The lowest scored rep (the first of equals)."""
    return min(replays, key=lambda r: (r.rep.score, r.rep.index))


def choose(
    replays: list[ReplayRep],
    session: SessionInfo,
    *,
    exercise: str | None = None,
    rep: int | None = None,
    worst: bool = False,
    best: bool = False,
) -> list[ReplayRep]:
    """The reps to replay: all of them, one by number (``show``'s, within ``exercise`` when the
    session has several), or the lowest or highest scored. ``PosecoachError`` in one line naming
    what exists when there is nothing to choose."""
    if not replays:
        raise PosecoachError(f"session {session.id} has no stored motion to replay{_older(session)}")
    if exercise is not None:
        replays = [r for r in replays if r.exercise == exercise]
        if not replays:
            names = sorted({b.exercise for b in session.blocks})
            raise PosecoachError(f"session {session.id} has no replay of {exercise}; it has {', '.join(names)}")
    if rep is not None:
        return _by_number(replays, session, rep)
    if worst or best:
        return [worst_rep(replays) if worst else best_rep(replays)]
    return replays


def _by_number(replays: list[ReplayRep], session: SessionInfo, number: int) -> list[ReplayRep]:
    exercises = sorted({r.exercise for r in replays})
    if len(exercises) > 1:
        listed = "; ".join(
            f"{name} {_ranges([r.rep.index for r in replays if r.exercise == name])}" for name in exercises
        )
        raise PosecoachError(f"session {session.id} has reps of several exercises ({listed}): add --exercise NAME")
    chosen = [r for r in replays if r.rep.index == number]
    if not chosen:
        raise PosecoachError(
            f"session {session.id} has no rep {number} to replay; its {exercises[0]} reps with motion are "
            f"{_ranges([r.rep.index for r in replays])}"
        )
    return chosen


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    out: list[str] = []
    for n in sorted(set(numbers)):
        if out and n == int(out[-1].split("-")[-1]) + 1:
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def _older(session: SessionInfo) -> str:
    if not session.reps:
        return " (it has no counted reps)"
    return " (it was recorded before posecoach kept the motion of reps)"
