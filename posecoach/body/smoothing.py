"""Timestamp-driven smoothing of scalar signals: the One Euro filter and a pass-through.

Casiez, Roussel & Vogel (2012), "1 Euro Filter: A Simple Speed-based Low-pass Filter for Noisy
Input in Interactive Systems". Little lag when the signal moves fast, strong smoothing when it
is still. A gap in the input (no person, low confidence) resets the filter instead of being
bridged: the first value after a gap is passed through unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


class Smoother(Protocol):
    def __call__(self, t_s: float, value: float) -> float: ...

    def reset(self) -> None: ...


def _alpha(cutoff_hz: float, dt: float) -> float:
    tau = 1.0 / (2.0 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau / dt)


@dataclass
class OneEuroFilter:
    """One Euro filter. ``min_cutoff_hz`` sets smoothing when still, ``beta`` how fast it opens up
    with speed; ``max_gap_s`` of silence (or a NaN value) resets it."""

    min_cutoff_hz: float = 1.0
    beta: float = 0.05
    d_cutoff_hz: float = 1.0
    max_gap_s: float = 0.3
    _t: float | None = field(default=None, repr=False)
    _x: float = field(default=0.0, repr=False)
    _dx: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        for name in ("min_cutoff_hz", "d_cutoff_hz", "max_gap_s"):
            if getattr(self, name) <= 0:
                raise ValueError(f"OneEuroFilter.{name} must be > 0, got {getattr(self, name)}")
        if self.beta < 0:
            raise ValueError(f"OneEuroFilter.beta must be >= 0, got {self.beta}")

    def reset(self) -> None:
        self._t, self._x, self._dx = None, 0.0, 0.0

    def __call__(self, t_s: float, value: float) -> float:
        if not math.isfinite(value):
            self.reset()
            return value
        if self._t is None or t_s - self._t > self.max_gap_s:
            self._t, self._x, self._dx = t_s, value, 0.0
            return value
        dt = t_s - self._t
        if dt <= 0:  # same or older timestamp: nothing new to learn
            return self._x
        dx = (value - self._x) / dt
        self._dx += _alpha(self.d_cutoff_hz, dt) * (dx - self._dx)
        cutoff = self.min_cutoff_hz + self.beta * abs(self._dx)
        self._x += _alpha(cutoff, dt) * (value - self._x)
        self._t = t_s
        return self._x


@dataclass
class PassThrough:
    """No smoothing (tests, and a baseline for comparison)."""

    def __call__(self, t_s: float, value: float) -> float:
        return value

    def reset(self) -> None:
        pass


SmootherFactory = Callable[[], Smoother]


def one_euro() -> Smoother:
    """The default: tuned for angles in degrees at webcam rates (about 1 degree of jitter)."""
    return OneEuroFilter(min_cutoff_hz=1.5, beta=0.08)


def pass_through() -> Smoother:
    return PassThrough()
