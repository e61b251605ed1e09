"""Plots as PNG bytes (matplotlib, headless)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from posecoach.coach.events import FaultSpan, Rep  # noqa: E402
from posecoach.report.progress import NOISE_DEG, ProgressPoint  # noqa: E402

LEFT, RIGHT, TOTAL, SCORE = "#3b7dd8", "#d8503b", "#555555", "#2e9d5b"


def _png(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def progress_png(points: Sequence[ProgressPoint], title: str) -> bytes:
    """Peak range per side (or overall) per session, with the noise band, and the mean score."""
    fig, (ax, ax_score) = plt.subplots(2, 1, figsize=(8, 5.2), sharex=True, gridspec_kw={"height_ratios": [3, 1.3]})
    x = np.arange(len(points))
    labels = [p.started_at[:10] for p in points]
    sided = any(p.left_deg is not None or p.right_deg is not None for p in points)
    series = (
        [("left", [p.left_deg for p in points], LEFT), ("right", [p.right_deg for p in points], RIGHT)]
        if sided
        else [("range", [p.range_deg for p in points], TOTAL)]
    )
    for name, values, colour in series:
        y = np.array([np.nan if v is None else v for v in values], dtype=float)
        ax.plot(x, y, "o-", color=colour, label=name)
        first = y[np.isfinite(y)][:1]
        if len(first):
            ax.axhspan(first[0] - NOISE_DEG, first[0] + NOISE_DEG, color=colour, alpha=0.08)
    ax.set_ylabel("peak range (deg)")
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False)
    ax.grid(alpha=0.3)
    ax.text(
        0.01,
        0.02,
        f"shaded: +/-{NOISE_DEG:.0f} deg of the first session (measurement noise)",
        transform=ax.transAxes,
        fontsize=8,
        color="#666",
    )
    ax_score.bar(x, [p.score or 0 for p in points], color=SCORE, alpha=0.8)
    ax_score.set_ylim(0, 100)
    ax_score.set_ylabel("score")
    ax_score.set_xticks(x, labels, rotation=30, ha="right", fontsize=8)
    ax_score.grid(alpha=0.3, axis="y")
    return _png(fig)


def write_progress_plot(points: Sequence[ProgressPoint], exercise: str, out: Path, several: bool) -> Path:
    """Write ``exercise``'s progress plot as PNG to ``out``, or beside it as ``<out>_<exercise>.png``
    when the plots of ``several`` exercises are written; the path written."""
    from posecoach.paths import write_file

    target = out if not several else out.with_name(f"{out.stem}_{exercise}{out.suffix or '.png'}")
    write_file(target, progress_png(points, f"{exercise}: peak range per session"))
    return target


def trace_png(
    t: np.ndarray,
    values: np.ndarray,
    reps: Sequence[Rep],
    faults: Sequence[FaultSpan],
    metric: str,
    target_deg: float,
    sided: bool,
) -> bytes:
    """The metric over time with rep boundaries, the target lines and faults on a timeline."""
    fig, (ax, ax_f) = plt.subplots(2, 1, figsize=(9, 4.6), sharex=True, gridspec_kw={"height_ratios": [4, 1]})
    ax.plot(t, values, color=TOTAL, lw=1.2)
    for sign in (1, -1) if sided else (1,):
        ax.axhline(sign * target_deg, color=SCORE, ls="--", lw=1)
    ax.axhline(0, color="#999", lw=0.8)
    finite = values[np.isfinite(values)] if len(values) else values
    top = float(np.abs(finite).max()) if len(finite) else target_deg
    for rep in reps:
        colour = LEFT if rep.side == "left" else RIGHT if rep.side == "right" else "#8a63c9"
        ax.axvspan(rep.start_s, rep.end_s, color=colour, alpha=0.12)
        ax.text((rep.start_s + rep.end_s) / 2, top, str(rep.index), ha="center", va="bottom", fontsize=8)
    ax.set_ylabel(f"{metric} (deg)")
    ax.grid(alpha=0.3)
    codes = sorted({f.code for f in faults})
    for row, code in enumerate(codes):
        for f in faults:
            if f.code == code:
                ax_f.broken_barh([(f.start_s, max(f.end_s - f.start_s, 0.1))], (row - 0.4, 0.8), color="#d8503b")
    ax_f.set_yticks(range(len(codes)), codes, fontsize=8)
    ax_f.set_ylim(-0.6, max(len(codes), 1) - 0.4)
    ax_f.set_xlabel("time (s)")
    if not codes:
        ax_f.text(0.5, 0.5, "no posture faults", transform=ax_f.transAxes, ha="center", va="center", color="#666")
    return _png(fig)
