"""How long a rep's movement takes, measured two ways (each exercise says which, and why): a hold's
stillness never counts. Pure."""

from __future__ import annotations

import math

import numpy as np

from posecoach.exercises.counter import Excursion
from posecoach.exercises.spec import Timing

#: A minimum-jerk movement of amplitude A over T seconds peaks at 1.875 A / T.
MIN_JERK_PEAK_SPEED = 1.875
#: The smoothed drive's peak speed gives ~0.8-1.0 of the true movement time (rendered twists, seated
#: twists and cat-cows at their scripted tempo), so the measured time is judged against this share.
SMOOTHED_SPEED_GAIN = 0.9
#: The transit timing: the time the drive spends between these shares of the excursion's peak.
#: Above the low one it has left rest (a landmark's jitter at rest stays below it); below the high
#: one it has not reached the hold, whose stillness, however long, is not movement.
TRANSIT_LOW, TRANSIT_HIGH = 0.1, 0.9
#: A minimum-jerk movement (10t^3 - 15t^4 + 6t^5) spends this share of its time between those two
#: levels: the time measured there, divided by it, is the whole movement's.
MIN_JERK_TRANSIT_SHARE = 0.507
#: Timed so, rendered side bends, twists and seated twists of seven bodies at their scripted tempo
#: read 0.67-1.35 of it (median 0.86), reps at twice the tempo 0.41-0.48 of the slow tempo. By the
#: peak speed, clean seated twists read as fast as 0.48: MediaPipe's twist reading lags, then
#: catches up in a jump, which a peak speed takes for a fast movement.
TRANSIT_GAIN = 0.9
TRANSIT_STEP_S = 0.02
#: The span timing: the time the drive spends away from rest, less the time held within
#: ``TRANSIT_HIGH`` of its peak. A reading that lags and then catches up in a jump shortens the
#: transit, not the span; a rep moved fast shortens both. Rendered side bends, twists, seated twists
#: and folds of eight bodies at their scripted tempo span 0.32-0.85 of it (median 0.46: MediaPipe's
#: smoothed reading leaves rest late and settles early), reps at twice the tempo 0.22-0.26
#: (docs/accuracy.md, faults): scaled by the median.
SPAN_SHARE = 0.46
#: Away from rest: beyond this share of the peak (2 deg of a 40-deg turn), within the excursion.
SPAN_REST = 0.05
SPEED_WINDOW_S = 0.3  # a min-jerk move of 2 s peaks only ~3% lower averaged over this
SPEED_STEP_S = 0.05


def _resampled(t: np.ndarray, drive: np.ndarray, ex: Excursion, step_s: float) -> np.ndarray | None:
    """The drive over the excursion, on its own side (positive), every ``step_s``; None if too short."""
    sel = (t >= ex.start_s) & (t <= ex.end_s) & np.isfinite(drive)
    t, d = t[sel], drive[sel] * ex.sign
    if len(t) < 5 or np.ptp(t) <= 0:
        return None
    grid = np.arange(t[0], t[-1], step_s)
    return np.interp(grid, t, d) if len(grid) >= 5 else None


def moving_s(t: np.ndarray, drive: np.ndarray, ex: Excursion, timing: Timing = "transit") -> float:
    """Seconds the excursion's movement out and back takes, by ``timing`` (``transit_s`` or
    ``peak_speed_s``), scaled so that a rep at its tempo reads about its tempo."""
    if timing == "transit":
        # A rep moved fast is fast both ways of timing it; the slower reading is the rep's.
        return max(transit_s(t, drive, ex) / TRANSIT_GAIN, span_s(t, drive, ex) / SPAN_SHARE)
    return peak_speed_s(t, drive, ex) / SMOOTHED_SPEED_GAIN


def transit_s(t: np.ndarray, drive: np.ndarray, ex: Excursion) -> float:
    """Seconds the excursion's movement out and back takes: the time the drive spends between rest
    and the peak (``TRANSIT_LOW``-``TRANSIT_HIGH`` of it), scaled to a whole minimum-jerk movement."""
    d = _resampled(t, drive, ex, TRANSIT_STEP_S)
    if d is None or (peak := float(d.max())) <= 0:
        return math.inf
    between = (d > TRANSIT_LOW * peak) & (d < TRANSIT_HIGH * peak)
    return float(np.count_nonzero(between)) * TRANSIT_STEP_S / MIN_JERK_TRANSIT_SHARE


def span_s(t: np.ndarray, drive: np.ndarray, ex: Excursion) -> float:
    """Seconds the drive spends away from rest (from the first to the last time it is beyond
    ``SPAN_REST`` of the peak), less its time within ``TRANSIT_HIGH`` of the peak (the hold): a
    rep's movement time from its ends, whatever the reading does in between."""
    d = _resampled(t, drive, ex, TRANSIT_STEP_S)
    if d is None or (peak := float(d.max())) <= 0:
        return math.inf
    away = np.flatnonzero(d > SPAN_REST * peak)
    held = np.count_nonzero(d >= TRANSIT_HIGH * peak)
    return float(away[-1] - away[0] + 1 - held) * TRANSIT_STEP_S


def peak_speed_s(t: np.ndarray, drive: np.ndarray, ex: Excursion) -> float:
    """Seconds the excursion's movement out and back would take at its fastest speed each way.

    From the peak speed, not the excursion's length, so a hold's stillness (and its length) never
    makes a rep look fast or slow; the amplitude cancels.
    """
    d = _resampled(t, drive, ex, SPEED_STEP_S)
    if d is None:
        return math.inf
    # Speed over SPEED_WINDOW_S, so a landmark's jitter does not pass for a fast movement.
    lag = max(1, round(SPEED_WINDOW_S / SPEED_STEP_S / 2))
    speed = np.zeros_like(d)
    speed[lag:-lag] = (d[2 * lag :] - d[: -2 * lag]) / (2 * lag * SPEED_STEP_S)
    top = int(np.argmax(d))
    amplitude = float(d[top])
    total = 0.0
    own = d >= 0.2 * amplitude  # on this side: not the end of the previous rep's return
    for part in (speed[: top + 1][own[: top + 1]], -speed[top:][own[top:]]):
        fastest = float(part.max()) if len(part) else 0.0
        if fastest <= 0:
            return math.inf
        total += MIN_JERK_PEAK_SPEED * amplitude / fastest
    return total
