"""Range-of-motion progress across sessions. Pure: sessions in, points and verdicts out."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from posecoach.coach.events import Rep
from posecoach.store.sessions import SessionInfo, measured_as_now

#: Changes smaller than this are within what one camera can tell apart from session to session.
NOISE_DEG = 6.0


@dataclass(frozen=True)
class ProgressPoint:
    session_id: int
    started_at: str
    exercise: str
    left_deg: float | None  # median |peak| of the session's left reps
    right_deg: float | None
    range_deg: float | None  # median |peak| of all reps (the measure for cat-cow and the fold)
    score: float | None
    reps: int

    @property
    def asymmetry_deg(self) -> float | None:
        """Right minus left range (positive: the right side goes further)."""
        if self.left_deg is None or self.right_deg is None:
            return None
        return self.right_deg - self.left_deg


def median_abs(values: list[float]) -> float | None:
    """The median of the magnitudes, to 0.1 (None for no values)."""
    return round(statistics.median(abs(v) for v in values), 1) if values else None


def side_medians(reps: list[Rep]) -> tuple[float | None, float | None, float | None]:
    """The median |peak| of the left reps, of the right reps, and of all of them."""
    left = median_abs([r.peak_deg for r in reps if r.side == "left"])
    right = median_abs([r.peak_deg for r in reps if r.side == "right"])
    return left, right, median_abs([r.peak_deg for r in reps])


def measured_reps(sessions: list[SessionInfo], exercise: str) -> list[tuple[SessionInfo, list[Rep]]]:
    """Each session's reps of ``exercise`` that angles are judged on, in order: sessions that
    measured it otherwise (``measured_as_now``: an older version's fold read deeper than today's)
    and low-confidence reps (``Rep.low_confidence``: their angles cannot be told apart from a
    measuring error) are left out."""
    out = []
    for s in sessions:
        if not measured_as_now(s, exercise):
            continue
        reps = [r for b in s.blocks if b.exercise == exercise for r in b.reps if not r.low_confidence]
        if reps:
            out.append((s, reps))
    return out


def progress(sessions: list[SessionInfo], exercise: str) -> list[ProgressPoint]:
    """One point per session that has reps of ``exercise``, oldest first, from its reps that angles
    are judged on (``measured_reps``; low-confidence reps count in the session, not here)."""
    points = []
    for session, reps in measured_reps(sessions, exercise):
        left, right, both = side_medians(reps)
        points.append(
            ProgressPoint(
                session_id=session.id,
                started_at=session.started_at,
                exercise=exercise,
                left_deg=left,
                right_deg=right,
                range_deg=both,
                score=round(sum(r.score for r in reps) / len(reps), 1),
                reps=len(reps),
            )
        )
    return points


def describe_progress(points: list[ProgressPoint]) -> str:
    """How the range changed from the first to the last session, per side where there are sides."""
    if len(points) < 2:
        return "the first session of this exercise, the baseline for later ones"
    first, last = points[0], points[-1]
    if first.left_deg is None and first.right_deg is None:
        return f"range {describe_change(first.range_deg, last.range_deg)}"
    return (
        f"left {describe_change(first.left_deg, last.left_deg)}; "
        f"right {describe_change(first.right_deg, last.right_deg)}"
    )


def describe_change(before: float | None, after: float | None) -> str:
    """'+8.5 deg' or 'within measurement noise' (under NOISE_DEG), or '-' without data."""
    if before is None or after is None:
        return "-"
    change = after - before
    if abs(change) < NOISE_DEG:
        return f"{change:+.1f} deg, within measurement noise"
    return f"{change:+.1f} deg"
