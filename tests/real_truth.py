"""The counts a hand-counted landmark recording allows (``tests/data/real``, ``tests/data/variants``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIDES = ("left", "right")
#: Where a rep's peak is: hand timing is good to 0.25 s, and a slow approach puts the first moment
#: near the largest value up to half a second either side of the eye's choice.
PEAK_TOL_S = 0.75


@dataclass(frozen=True)
class RecordingSet:
    """A folder of landmark recordings (``<clip>.npz``) with their truth (``<clip>.json``)."""

    folder: Path

    @property
    def clips(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.json"))

    def meta(self, clip: str) -> dict[str, Any]:
        return json.loads((self.folder / f"{clip}.json").read_text())

    @property
    def runs(self) -> list[tuple[str, str]]:
        """(clip, exercise) for every exercise each clip is analysed as."""
        return [(clip, exercise) for clip in self.clips for exercise in self.meta(clip)["analyze_as"]]


@dataclass(frozen=True)
class Expected:
    """The counts a clip allows: at least the firm reps, at most those and the optional ones."""

    low: dict[str, int]
    high: dict[str, int]

    def allows(self, counts: dict[str, int], per_side: bool) -> bool:
        keys = (*SIDES, "total") if per_side else ("total",)
        return all(self.low[k] <= counts.get(k, 0) <= self.high[k] for k in keys)

    def show(self, key: str) -> str:
        lo, hi = self.low[key], self.high[key]
        return f"{lo}" if lo == hi else f"{lo}-{hi}"


def expected(meta: dict[str, Any]) -> Expected:
    """The counts the truth allows (no reps at all for a negative)."""
    low = {"left": 0, "right": 0, "total": 0}
    high = dict(low)
    if not meta.get("negative"):
        for rep in meta["truth"]["reps"]:
            side = rep.get("side")
            for key in ["total"] + ([side] if side in SIDES else []):
                high[key] += 1
                if not rep.get("optional"):
                    low[key] += 1
    return Expected(low, high)
