"""Counting cat-cow cycles from the swings of one signal, wherever the user started. Pure logic.

People begin a cat-cow anywhere: from a flat back, already in the cow, or in the cat; some go cat
first as taught, many cow first. A neutral taken from a still moment may be a held cow or cat. So a
cycle is not counted as two excursions from the neutral: the signal's turning points are found
(a zigzag: a peak is confirmed once the signal has come back from it by ``swing``), and **each cat
peak with a cow beside it is one cycle**, the cow after it where there is one (the taught order),
else the cow before it.

A peak is a cat or a cow against a reference: the neutral while the movement leaves it both ways
(beyond ``cat_enter`` and ``cow_enter``), else, when the neutral was a held cat or cow, the middle
of the swing, and then only a swing over a whole cycle's range (the cat's and the cow's targets)
counts: a small one-way swing from a real neutral is not a cycle around a guessed middle. Peaks
and values are reported against that reference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from posecoach.exercises.counter import Excursion, excursion_of


@dataclass(frozen=True)
class Turn:
    """A confirmed turning point of the signal: its sign (+1 high, -1 low), value, frame index."""

    sign: int
    value: float
    index: int


@dataclass
class CycleTracker:
    """Finds cat-cow cycles in a signal that is + toward the cat. Call ``update`` every frame."""

    cat_enter: float
    cow_enter: float
    full_swing: float = math.inf  # a whole cycle's range (cat target + cow target), see _cow
    min_rep_s: float = 0.6
    max_gap_s: float = 1.0
    history: int = 6000  # frames kept (several minutes at a webcam's rate)
    _t: list[float] = field(default_factory=list, repr=False)
    _d: list[float] = field(default_factory=list, repr=False)
    _m: list[float] = field(default_factory=list, repr=False)
    _turns: list[Turn] = field(default_factory=list, repr=False)
    _run: int | None = None  # index of the running extreme since the last turn
    _dir: int = 0  # +1 rising toward a high, -1 falling toward a low, 0 not yet known
    _low: float = math.inf  # the movement's range around the neutral
    _high: float = -math.inf
    _counted: set[int] = field(default_factory=set, repr=False)  # indices of the cat turns counted
    _lo: int = 0  # before the first turn: where the lowest and highest values were
    _hi: int = 0

    @property
    def swing(self) -> float:
        """How far the signal must come back from a peak to confirm it: a cat and a cow's entry."""
        return self.cat_enter + self.cow_enter

    def abandon(self) -> None:
        """Forget the movement so far (a gap, the arms away): nothing before it pairs with what follows."""
        self._t, self._d, self._m = [], [], []
        self._turns, self._run, self._dir = [], None, 0
        self._counted = set()
        self._lo = self._hi = 0

    def update(self, t_s: float, drive: float | None, metric: float | None = None) -> list[tuple[Excursion, Excursion]]:
        """Feed one frame; returns the cycles (cat, cow) that this frame completed."""
        if drive is None or not math.isfinite(drive):
            if self._t and t_s - self._t[-1] > self.max_gap_s:
                self.abandon()
            return []
        self._t.append(t_s)
        self._d.append(drive)
        self._m.append(drive if metric is None or not math.isfinite(metric) else metric)
        self._low, self._high = min(self._low, drive), max(self._high, drive)
        i = len(self._d) - 1
        found = self._zigzag(i, drive)
        cycles = self._pair(t_s) if found else []
        self._trim()
        return cycles

    def flush(self, t_s: float) -> list[tuple[Excursion, Excursion]]:
        """End of the recording: a cat already confirmed pairs with the cow before it, or with the
        lowest point since, when the recording ends on the way back from a cow. A cat never comes
        back from is not confirmed (it may be a return to rest from the last cow)."""
        if self._run is None or not self._turns:
            return []
        last, run = self._turns[-1], self._run
        if last.sign > 0 and self._dir < 0 and last.value - self._d[run] >= self.swing:
            self._turns.append(Turn(-1, self._d[run], run))
        return self._pair(t_s, final=True)

    # -- turning points ---------------------------------------------------------------------

    def _zigzag(self, i: int, value: float) -> bool:
        """Track the running extreme; True when a turning point was confirmed at this frame."""
        if self._run is None:
            self._run, self._lo, self._hi = i, i, i
            return False
        run_value = self._d[self._run]
        if self._dir == 0:
            self._lo = i if value < self._d[self._lo] else self._lo
            self._hi = i if value > self._d[self._hi] else self._hi
            lo, hi = self._lo, self._hi
            if value - self._d[lo] >= self.swing:
                self._turns.append(Turn(-1, self._d[lo], lo))
                self._dir, self._run = 1, i
                return True
            if self._d[hi] - value >= self.swing:
                self._turns.append(Turn(1, self._d[hi], hi))
                self._dir, self._run = -1, i
                return True
            return False
        if (value - run_value) * self._dir > 0:
            self._run = i  # further the same way
            return False
        if abs(run_value - value) >= self.swing:
            self._turns.append(Turn(self._dir, run_value, self._run))
            self._dir, self._run = -self._dir, i
            return True
        return False

    # -- cycles -------------------------------------------------------------------------------

    def _both_ways(self) -> bool:
        """Has the movement left the neutral both ways (it is no held cat or cow)?"""
        return self._high >= self.cat_enter and self._low <= -self.cow_enter

    def _reference(self, high: float, low: float) -> float:
        """The neutral (0) while the movement leaves it both ways, else the middle of this swing."""
        return 0.0 if self._both_ways() else (high + low) / 2.0

    def _pair(self, t_s: float, final: bool = False) -> list[tuple[Excursion, Excursion]]:
        """Cycles for the cat turns that now have a cow beside them (after, or before once no cow
        can follow: another cat has come, or the recording ended)."""
        cycles = []
        turns = self._turns
        for k, turn in enumerate(turns):
            if turn.sign < 0 or turn.index in self._counted:
                continue
            after = turns[k + 1] if k + 1 < len(turns) else None
            before = turns[k - 1] if k > 0 else None
            cow = self._cow(turn, after)
            if cow is None and (after is not None or final):
                cow = self._cow(turn, before)
            if cow is None:
                continue
            built = self._cycle(turn, cow, k, t_s)
            if built is not None:
                self._counted.add(turn.index)
                cycles.append(built)
        return cycles

    def _cow(self, cat: Turn, other: Turn | None) -> Turn | None:
        if other is None or other.sign > 0:
            return None
        if not self._both_ways() and cat.value - other.value < self.full_swing:
            return None  # around a guessed middle only a whole cycle's range is a cycle
        ref = self._reference(cat.value, other.value)
        if cat.value >= ref + self.cat_enter and other.value <= ref - self.cow_enter:
            return other
        return None

    def _cycle(self, cat: Turn, cow: Turn, k: int, t_s: float) -> tuple[Excursion, Excursion] | None:
        """The cat and cow excursions: each from where it left the reference to where it came back
        (within the turns either side of its peak)."""
        bounds = [turn.index for turn in self._turns]
        ref = self._reference(cat.value, cow.value)
        last = len(self._d) - 1
        parts = []
        for turn in (cat, cow):
            j = bounds.index(turn.index)
            a = bounds[j - 1] if j > 0 else 0
            b = bounds[j + 1] if j + 1 < len(bounds) else last
            d = (np.array(self._d[a : b + 1]) - ref) * turn.sign
            peak = turn.index - a
            lo, hi = _left_rest(d, peak, self.quiet(turn.sign)), _back_at_rest(d, peak, self.quiet(turn.sign))
            t = np.array(self._t[a : b + 1])[lo : hi + 1]
            m = np.array(self._m[a : b + 1])[lo : hi + 1] - ref
            parts.append(excursion_of(t, d[lo : hi + 1] * turn.sign, m, turn.sign, float(t[0]), float(t[-1]), t_s))
        cat_ex, cow_ex = parts
        if max(cat_ex.end_s, cow_ex.end_s) - min(cat_ex.start_s, cow_ex.start_s) < self.min_rep_s:
            return None
        # Held values, not the extremes alone: a spike of landmark noise makes no cat or cow.
        if cat_ex.peak_drive < self.cat_enter or cow_ex.peak_drive > -self.cow_enter:
            return None
        return cat_ex, cow_ex

    def quiet(self, sign: int) -> float:
        """Within this of the reference the user is at rest (as ``ExcursionTracker.quiet``)."""
        return max(1.0, 0.1 * (self.cat_enter if sign > 0 else self.cow_enter))

    def _trim(self) -> None:
        """Keep the history bounded: drop frames before the second-newest turn once it is long."""
        if len(self._d) <= self.history:
            return
        if len(self._turns) < 3:
            self.abandon()
            return
        keep_from = self._turns[-3].index
        drop = keep_from
        self._t, self._d, self._m = self._t[drop:], self._d[drop:], self._m[drop:]
        self._turns = [Turn(turn.sign, turn.value, turn.index - drop) for turn in self._turns[-3:]]
        self._counted = {i - drop for i in self._counted if i >= drop}
        self._run = None if self._run is None else self._run - drop


def _left_rest(d: np.ndarray, peak: int, quiet: float) -> int:
    """The last frame before ``peak`` at rest (within ``quiet``), else where it crossed the
    reference, else the segment's start. ``d`` is signed toward the peak."""
    for band in (quiet, 0.0):
        before = np.nonzero(d[:peak] <= band)[0]
        if len(before):
            return int(before[-1])
    return 0


def _back_at_rest(d: np.ndarray, peak: int, quiet: float) -> int:
    """The first frame after ``peak`` back at rest, else where it crossed the reference, else the end."""
    for band in (quiet, 0.0):
        after = np.nonzero(d[peak:] <= band)[0]
        if len(after):
            return peak + int(after[0])
    return len(d) - 1
