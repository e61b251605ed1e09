"""The exercise coach's first stage: finding the user's neutral pose, and revising it. Pure.

Every measured frame goes to a ``NeutralFinder``, which finds the neutral from a still pose or
infers it from the movement, and keeps the frames seen. When a neutral is found the exercise coach
counts those frames again against it (its replay), so the reps done before are not lost. After
that a still pose near an inferred neutral refines it, and a cat-cow's still neutral that turns
out to be a held cat or cow gives way to a later still pose (``NeutralStage.follow``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from posecoach.body.calibration import Neutral
from posecoach.body.neutral import NeutralFinder, Sample
from posecoach.body.signals import compute_signals
from posecoach.exercises.spec import ExerciseSpec


@dataclass(frozen=True)
class Found:
    """A neutral to use from now on: how it was found ("still" or "inferred"), and whether the
    frames seen so far are to be counted again against it (a first or a revised neutral)."""

    neutral: Neutral
    how: str
    recount: bool


class NeutralStage:
    """Finds the neutral of one exercise, refines and revises it. ``enter`` and ``exit`` are the
    counted signal's thresholds (degrees from neutral): a rep passes ``enter`` and comes back
    within ``exit``."""

    def __init__(self, spec: ExerciseSpec, enter: float, exit: float) -> None:
        self.spec, self.enter, self.exit = spec, enter, exit
        self.reset()

    def reset(self) -> None:
        """Forget the neutral and the frames seen: wait for a new one."""
        self.finder = NeutralFinder(
            self.spec.view,
            self.spec.neutral_rule,
            self.enter,
            self.exit,
            standing=self.spec.standing,
            limits=self.spec.view_limits,
        )
        self.neutral: Neutral | None = None
        self.how: str | None = None
        self._forget_revision()

    def set_thresholds(self, enter: float, exit: float) -> None:
        """A new target's thresholds from now on."""
        self.enter, self.exit = enter, exit
        self.finder.enter, self.finder.exit = enter, exit

    @property
    def samples(self) -> list[Sample]:
        """The frames seen (the last minute), oldest first."""
        return list(self.finder.samples)

    def find(self, sample: Sample | None) -> Found | None:
        """Before a neutral: one frame (None: not measurable); the neutral when it is found."""
        return self._take(self.finder.update(sample), recount=True)

    def finish(self) -> Found | None:
        """End of the recording without a neutral: one left once and never returned to (a hold)."""
        return self._take(self.finder.finish(), recount=True)

    def follow(self, sample: Sample | None, drive_now: float | None, settled: bool) -> Found | None:
        """After a neutral: one frame, with the counted signal against the neutral now. Returns a
        better neutral when there is one: a still pose near an inferred neutral, or, while the
        counting is not ``settled``, a revised one (``_revise``)."""
        if self.how == "still":
            return None if settled or sample is None else self._revise(sample, drive_now)
        return self._take(self.finder.update(sample, drive_now), recount=False)

    def _take(self, found: tuple[Neutral, str] | None, recount: bool) -> Found | None:
        if found is None:
            return None
        self.neutral, self.how = found
        return Found(*found, recount=recount)

    # -- revising a cat-cow's neutral ------------------------------------------------------------

    def _forget_revision(self) -> None:
        self._span = (math.inf, -math.inf)  # the counted signal's range since the neutral
        self._candidate: tuple[Neutral, float, float] | None = None  # a later still pose, its range

    def _drive(self, sample: Sample, neutral: Neutral) -> float:
        """The counted signal of ``sample`` against ``neutral`` (raw, not smoothed)."""
        return compute_signals(sample.m, neutral, self.spec.arm_lever).get(self.spec.drive)

    def _held_away(self, window: list[Sample], neutral: Neutral) -> bool:
        """Were ``window``'s frames held beyond the exit threshold from ``neutral``?"""
        held = [self._drive(w, neutral) for w in window]
        return bool(held) and abs(float(np.nanmedian(held))) >= self.exit

    def _revise(self, sample: Sample, drive_now: float | None) -> Found | None:
        """A cat-cow recorded from mid-movement: its first still pose may be the cat or the cow
        held, not the neutral between them. A still neutral that the movement has left to one side
        only (twice the entry, never the other way) gives way to a later still pose that the
        movement leaves both ways."""
        if drive_now is not None:
            self._span = (min(self._span[0], drive_now), max(self._span[1], drive_now))
        self.finder.update(sample)  # keeps the frames to count again, finds later still poses
        later, self.finder.later_still = self.finder.later_still, None
        if later is not None and self.neutral is not None:  # held still now, away from both neutrals
            window = [w for w in self.finder.samples if later.start_s <= w.m.t_s <= later.end_s]
            if self._held_away(window, self.neutral) and (
                self._candidate is None or self._held_away(window, self._candidate[0])
            ):
                self._candidate = (later, math.inf, -math.inf)
        if self._candidate is None:
            return None
        candidate, low, high = self._candidate
        d = self._drive(sample, candidate)
        if math.isfinite(d):
            low, high = min(low, d), max(high, d)
            self._candidate = candidate, low, high
        lo, hi, enter = *self._span, self.enter
        one_sided = (hi < enter and lo <= -2 * enter) or (lo > -enter and hi >= 2 * enter)
        if not (one_sided and low <= -enter and high >= enter):
            return None
        self.finder.neutral = self.neutral = candidate
        self._forget_revision()
        return Found(candidate, "still", recount=True)
