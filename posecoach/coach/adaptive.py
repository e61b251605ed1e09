"""Adaptive targets (``target: auto``). Pure: past sessions in, a target and its reason out.

- No history: no target yet; the session opens with a short assessment of the comfortable range.
- Otherwise: a few degrees above the median of the recent sessions' peaks (on the weaker side,
  so that neither side is asked for more than it showed), never above the best range each side
  showed in a session that did not raise pain, nor above the physiological limit for the exercise.
- After a session whose pain after was higher than before, the target drops below that
  session's range.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from posecoach.routines import Routine

STEP_DEG = 3.0  # how far beyond the recent median the next target reaches
RECENT = 3  # sessions that make up "recent"


@dataclass(frozen=True)
class PastPerformance:
    """One earlier session's reps of the exercise: |peak| per side (or all under 'all')."""

    started_at: str
    peaks: dict[str, list[float]]
    pain_before: int | None = None
    pain_after: int | None = None

    @property
    def range_deg(self) -> float | None:
        """The weaker side's median |peak| (the overall median when the exercise has no sides)."""
        medians = [statistics.median(v) for v in self.peaks.values() if v]
        return min(medians) if medians else None

    @property
    def raised_pain(self) -> bool:
        return self.pain_before is not None and self.pain_after is not None and self.pain_after > self.pain_before


@dataclass(frozen=True)
class TargetDecision:
    target_deg: float | None  # None: assess first
    reason: str


def adaptive_target(history: list[PastPerformance], safe_range: tuple[float, float]) -> TargetDecision:
    """The next target for an exercise from the user's past performances (oldest first)."""
    low, high = safe_range
    done = [p for p in history if p.range_deg is not None]
    if not done:
        return TargetDecision(None, "first time: a short assessment finds your comfortable range")
    ranges = [p.range_deg for p in done if p.range_deg is not None]
    last = done[-1]
    if last.raised_pain:
        target = max(low, ranges[-1] - STEP_DEG)
        return TargetDecision(
            round(target, 1), f"lowered: pain went from {last.pain_before} to {last.pain_after} after your last session"
        )
    recent = statistics.median(ranges[-RECENT:])
    target = recent + STEP_DEG
    reason = f"{STEP_DEG:g} deg beyond your recent median of {recent:.1f}"
    best = best_pain_free(done)
    if best:
        side, cap = min(best.items(), key=lambda item: item[1])
        if target > cap:
            target = cap
            where = "" if side == "all" else f" on your {side} side"
            reason = f"your best pain-free range{where}, {target:.1f} deg"
    if target > high:
        target, reason = high, f"the safe limit for this exercise, {high:g} deg"
    return TargetDecision(round(max(low, target), 1), reason)


def best_pain_free(history: list[PastPerformance]) -> dict[str, float]:
    """Each side's best |peak| in the sessions that did not raise pain. The target applies to both
    sides, so it is capped by the smaller of these: no side is asked for more than it has shown."""
    best: dict[str, float] = {}
    for p in history:
        if not p.raised_pain:
            for side, values in p.peaks.items():
                if values:
                    best[side] = max(best.get(side, 0.0), max(values))
    return best


def assessed_target(peaks: dict[str, list[float]], safe_range: tuple[float, float]) -> float:
    """The target after an assessment: the weaker side's median comfortable |peak|."""
    low, high = safe_range
    medians = [statistics.median(abs(p) for p in v) for v in peaks.values() if v]
    return round(min(high, max(low, min(medians))), 1) if medians else low


def routine_targets(routine: Routine, history_for: Callable[[str], list[PastPerformance]]) -> dict[int, TargetDecision]:
    """Targets for each ``target: auto`` exercise of a routine; ``history_for(exercise)`` returns
    the user's past performances of it, oldest first."""
    from posecoach.routines import SAFE_TARGET_DEG

    decisions: dict[int, TargetDecision] = {}
    for index, entry in enumerate(routine.exercises):
        if entry.target == "auto":
            decisions[index] = adaptive_target(history_for(entry.exercise), SAFE_TARGET_DEG[entry.exercise])
    return decisions
