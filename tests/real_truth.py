"""The counts a hand-counted landmark recording allows (``tests/data/real``, ``tests/data/variants``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SIDES = ("left", "right")


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
