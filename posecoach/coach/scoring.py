"""Scoring a rep from 0 to 100.

range  = min(1, |peak| / target)            (cat-cow: the mean of the cat's and the cow's)
tempo  = min(1, moving / (0.6 * tempo))     (moving: out and back, a hold's stillness excluded;
                                             a rep faster than 60% of the set tempo loses)
hold   = min(1, held / hold target)         (holds only)

dynamic stretches: base = 70 * range + 30 * tempo
holds:             base = 50 * range + 30 * hold + 20 * tempo
score = base - 15 per form fault (range, tempo and hold are already in the base), within 0..100
"""

from __future__ import annotations

FORM_FAULT_PENALTY = 15
#: Faults that the base already accounts for.
MEASURED_IN_BASE = frozenset({"partial_range", "too_fast", "hold_too_short"})


def range_fraction(peak_deg: float, target_deg: float) -> float:
    return 1.0 if target_deg <= 0 else min(1.0, abs(peak_deg) / target_deg)


def score_rep(
    *,
    range_frac: float,
    duration_s: float,
    tempo_s: float,
    faults: tuple[str, ...],
    hold_s: float | None = None,
    hold_target_s: float = 0.0,
) -> int:
    """The rep's score (see the module docstring for the formula)."""
    tempo = 1.0 if tempo_s <= 0 else min(1.0, duration_s / (0.6 * tempo_s))
    if hold_target_s > 0 and hold_s is not None:
        base = 50 * range_frac + 30 * min(1.0, hold_s / hold_target_s) + 20 * tempo
    else:
        base = 70 * range_frac + 30 * tempo
    penalty = FORM_FAULT_PENALTY * sum(1 for code in faults if code not in MEASURED_IN_BASE)
    return int(round(max(0.0, min(100.0, base - penalty))))


def summarize(scores: list[int]) -> float | None:
    """Mean score of a set or session (None when nothing was counted)."""
    return round(sum(scores) / len(scores), 1) if scores else None
