"""Neutral calibration: wait until the user holds still in the right view, then take the median
of each raw measure over that window as their neutral.

Subtracting the neutral removes camera roll and tilt (they add a constant to image angles) and
personal offsets (a habitual lean, a forward head).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, fields
from typing import Literal

import numpy as np

from posecoach.analysis.metrics import Measures

View = Literal["front", "side"]
#: (shoulder + hip width) / torso length above which a body faces the camera, below which it is
#: side-on. Facing: ~1.1; side-on: ~0.2; a 45-degree turn: ~0.8.
FRONT_MIN_FRONTNESS = 0.6
SIDE_MAX_FRONTNESS = 0.45


def view_of(m: Measures) -> View | None:
    """Which way the body is to the camera (None when in between)."""
    if m.frontness >= FRONT_MIN_FRONTNESS:
        return "front"
    if m.frontness <= SIDE_MAX_FRONTNESS:
        return "side"
    return None


@dataclass(frozen=True)
class Neutral:
    """The median of every raw measure over the still window, and when it was taken."""

    values: dict[str, float]
    start_s: float
    end_s: float
    facing: int

    def __getitem__(self, name: str) -> float:
        return self.values[name]


def _median(values: list[float]) -> float:
    finite = [v for v in values if math.isfinite(v)]
    return float(np.median(finite)) if finite else float("nan")


_NUMERIC = [f.name for f in fields(Measures) if f.name not in ("t_s", "swapped", "facing")]


@dataclass
class Calibrator:
    """Feed it measures; it returns a ``Neutral`` once the user has held still long enough.

    Stillness: over ``window_s`` the trunk axis and shoulder line move less than ``max_motion``
    torso lengths (so breathing and sensor jitter pass, a rep in progress does not).
    """

    view: View
    window_s: float = 1.5
    max_motion: float = 0.06
    max_angle_spread_deg: float = 4.0

    def __post_init__(self) -> None:
        self._window: deque[Measures] = deque()

    def reset(self) -> None:
        self._window.clear()

    def update(self, m: Measures | None) -> Neutral | None:
        if m is None or view_of(m) != self.view or not math.isfinite(m.torso_px):
            self._window.clear()
            return None
        self._window.append(m)
        while self._window and m.t_s - self._window[0].t_s > self.window_s:
            self._window.popleft()
        if m.t_s - self._window[0].t_s < self.window_s * 0.97 or len(self._window) < 8:
            return None
        if not self._still():
            return None
        values = {name: _median([getattr(w, name) for w in self._window]) for name in _NUMERIC}
        facings = [w.facing for w in self._window if w.facing]
        facing = int(np.sign(sum(facings))) if facings else 0
        return Neutral(values=values, start_s=self._window[0].t_s, end_s=m.t_s, facing=facing)

    def _still(self) -> bool:
        torso = np.array([w.torso_px for w in self._window])
        if np.ptp(torso) > self.max_motion * float(np.median(torso)):
            return False
        for name in ("trunk_tilt_deg", "neck_flexion_deg", "trunk_forward_deg"):
            series = np.array([getattr(w, name) for w in self._window], dtype=float)
            series = series[np.isfinite(series)]
            if len(series) and np.ptp(series) > self.max_angle_spread_deg:
                return False
        ratios = np.array([w.shoulder_ratio for w in self._window])
        return bool(np.ptp(ratios) <= self.max_motion * 2)
