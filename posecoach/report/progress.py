"""Range-of-motion progress across sessions. Pure: sessions in, points and verdicts out."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

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


def _median_abs(values: list[float]) -> float | None:
    return round(statistics.median(abs(v) for v in values), 1) if values else None


def progress(sessions: list[SessionInfo], exercise: str) -> list[ProgressPoint]:
    """One point per session that has reps of ``exercise``, oldest first. Low-confidence reps
    (``Rep.low_confidence``) count in the session but are left out here: their angles cannot be
    told apart from a measuring error. So are sessions that measured the exercise otherwise
    (``measured_as_now``): an older version's fold read deeper than today's."""
    points = []
    for session in sessions:
        if not measured_as_now(session, exercise):
            continue
        reps = [
            rep
            for block in session.blocks
            if block.exercise == exercise
            for rep in block.reps
            if not rep.low_confidence
        ]
        if not reps:
            continue
        points.append(
            ProgressPoint(
                session_id=session.id,
                started_at=session.started_at,
                exercise=exercise,
                left_deg=_median_abs([r.peak_deg for r in reps if r.side == "left"]),
                right_deg=_median_abs([r.peak_deg for r in reps if r.side == "right"]),
                range_deg=_median_abs([r.peak_deg for r in reps]),
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
