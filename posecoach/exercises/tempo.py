"""How long a rep's movement takes, from its peak speed: a hold's stillness never counts. Pure."""

from __future__ import annotations

import math

import numpy as np

from posecoach.exercises.counter import Excursion

#: A minimum-jerk movement of amplitude A over T seconds peaks at 1.875 A / T.
MIN_JERK_PEAK_SPEED = 1.875
#: The smoothed drive's peak speed gives ~0.8-1.0 of the true movement time (rendered twists, seated
#: twists and cat-cows at their scripted tempo), so the measured time is judged against this share.
SMOOTHED_SPEED_GAIN = 0.9
SPEED_WINDOW_S = 0.3  # a min-jerk move of 2 s peaks only ~3% lower averaged over this
SPEED_STEP_S = 0.05


def moving_s(t: np.ndarray, drive: np.ndarray, ex: Excursion) -> float:
    """Seconds the excursion's movement out and back would take at its fastest speed each way.

    From the peak speed, not the excursion's length, so a hold's stillness (and its length) never
    makes a rep look fast or slow; the amplitude cancels.
    """
    sel = (t >= ex.start_s) & (t <= ex.end_s) & np.isfinite(drive)
    t, d = t[sel], drive[sel] * ex.sign
    if len(t) < 5 or np.ptp(t) <= 0:
        return math.inf
    # Speed over SPEED_WINDOW_S, so a landmark's jitter does not pass for a fast movement.
    grid = np.arange(t[0], t[-1], SPEED_STEP_S)
    if len(grid) < 5:
        return math.inf
    d = np.interp(grid, t, d)
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
