"""Counting reps and holds from one signal: a state machine with hysteresis. Pure logic.

An excursion starts when the signal passes ``enter`` (away from neutral) and ends when it comes
back within ``exit``; jitter around either threshold cannot count twice. Excursions shorter than
``min_rep_s`` are jitter, not reps. A gap in the signal (no person, low confidence) longer than
``max_gap_s`` abandons the excursion in progress: nothing is counted from a guess.

A hold (``release_s`` > 0) ends only when the signal has stayed within ``exit`` for ``release_s``:
jitter across the exit threshold, or a brief drop under it, extends the same hold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

#: A rep ends back within this share of its entry threshold (``exit = EXIT_SHARE * enter``): the
#: gap between the two is wider than MediaPipe's frame-to-frame jitter of a few degrees at the
#: smallest entry (12 deg), so a reading wobbling about either threshold neither starts nor ends a rep.
EXIT_SHARE = 0.5
#: A return slower than this has stopped: returns run at 15-40 deg/s, while a signal that settles a
#: little short of neutral creeps at 1-3 deg/s.
SETTLED_DEG_S = 5.0
#: A rep whose return stops short of ``exit`` still ends once the signal has settled for this long
#: below ``enter`` and under half its peak: a foreshortened shoulder span that never quite recovers
#: its width reads 8-13 deg at neutral after a 42-deg twist on a rendered body, and real people
#: often come back to a slightly different stance. (Reps only: a hold's stillness is the hold.)
RETURN_SETTLE_S = 0.5


@dataclass(frozen=True)
class Excursion:
    """One completed excursion of the drive signal to one side and back."""

    sign: int  # +1 or -1
    start_s: float
    peak_s: float  # start of the plateau around the largest value
    end_s: float
    peak_drive: float  # signed median of the drive over the plateau
    peak_metric: float  # signed median of the primary metric over the plateau
    plateau_s: float  # time held within the plateau tolerance of the peak
    time_beyond: dict[float, float]  # seconds spent at or beyond each asked-for |drive| level
    out_s: float  # start to peak: how fast the user moved out

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass
class ExcursionTracker:
    """Finds excursions of a signed signal. Call ``update`` every frame (value None = no data)."""

    enter: float
    exit: float
    plateau_tol: float = 5.0
    min_rep_s: float = 0.6
    max_gap_s: float = 1.0
    signs: tuple[int, ...] = (1, -1)
    levels: tuple[float, ...] = ()
    levels_on_metric: bool = False  # time the levels on the metric, not the drive (the fold)
    release_s: float = 0.0  # a hold: time within ``exit`` before the excursion ends (0: at once)
    _t: list[float] = field(default_factory=list, repr=False)
    _d: list[float] = field(default_factory=list, repr=False)
    _m: list[float] = field(default_factory=list, repr=False)
    _peak: float = 0.0  # the largest |drive| of the excursion in progress
    _sign: int = 0
    _start: float = 0.0
    _last_quiet: float | None = None
    _last_seen: float | None = None
    _below_since: float | None = None
    _below_end: float = 0.0
    # Before the first frame: a signal already away from neutral then may be a rep under way.
    _fresh: bool = True
    _from: float = math.nan  # the value an excursion under way at the first frame started from

    def __post_init__(self) -> None:
        if not 0 <= self.exit < self.enter:
            raise ValueError(f"need 0 <= exit < enter, got exit={self.exit}, enter={self.enter}")

    @property
    def active_sign(self) -> int:
        """The side of the excursion in progress (0 when near neutral)."""
        return self._sign

    @property
    def quiet(self) -> float:
        return max(1.0, 0.1 * self.enter)

    def update(self, t_s: float, drive: float | None, metric: float | None = None) -> Excursion | None:
        """Feed one frame; returns the excursion that this frame completed, if any."""
        if drive is None or not math.isfinite(drive):
            if self._sign and self._last_seen is not None and t_s - self._last_seen > self.max_gap_s:
                self.abandon()
            return None
        metric = drive if metric is None or not math.isfinite(metric) else metric
        fresh, self._fresh = self._fresh, False
        self._last_seen = t_s
        magnitude, sign = abs(drive), (1 if drive > 0 else -1)
        done: Excursion | None = None
        if self._sign and sign != self._sign and magnitude >= self.enter:
            done = self._close(t_s, t_s)  # straight over to the other side
        elif self._sign and magnitude <= self.exit and self.release_s > 0:
            if self._below_since is None:  # the hold ends here, back at neutral where the return takes it
                self._below_since, self._below_end = t_s, self._eta_quiet(t_s, magnitude)
            if t_s - self._below_since >= self.release_s:
                done = self._close(t_s, self._below_end)
        elif self._sign and magnitude <= self.exit:
            done = self._close(t_s, self._eta_quiet(t_s, magnitude))
        elif self._sign and self.release_s == 0 and self._settled_short(t_s, magnitude):
            done = self._close(t_s, self._eta_quiet(t_s, magnitude))
        elif self._sign:
            self._below_since = None
        # An excursion starts from neutral: after a gap the user must be seen near it first. At the
        # first frame (a recording that starts mid-rep) it starts there, and counts only if it then
        # goes further out (see ``_close``): a return already under way is not a rep.
        if fresh and not self._sign and magnitude >= self.enter and sign in self.signs:
            self._sign, self._start, self._from = sign, t_s, magnitude
        elif not self._sign and self._last_quiet is not None and magnitude >= self.enter and sign in self.signs:
            self._sign = sign
            self._start = self._last_quiet
            self._from = math.nan
        if self._sign:
            self._t.append(t_s)
            self._d.append(drive)
            self._peak = max(self._peak, magnitude)
            self._m.append(metric)
        if magnitude <= self.quiet or (not self._sign and magnitude <= self.exit and self._last_quiet is None):
            self._last_quiet = t_s
        return done

    def flush(self, t_s: float) -> Excursion | None:
        """End of the recording: the excursion in progress (a hold held to the end) ends here."""
        if not self._sign:
            return None
        return self._close(t_s, t_s)

    def restart(self) -> None:
        """Start afresh, as before the first frame (a new neutral, replayed from the beginning)."""
        self.abandon()
        self._fresh = True

    def flush_returning(self, t_s: float) -> Excursion | None:
        """End of the recording on the way back: the excursion in progress, once back under half
        its peak, ends here (a rep whose return the recording cut short); else it is dropped."""
        if not self._sign or not self._d or abs(self._d[-1]) > 0.5 * self._peak:
            self.abandon()
            return None
        return self._close(t_s, t_s)

    def abandon(self) -> None:
        """Drop the excursion in progress: it will not be counted."""
        self._below_since = None
        self._sign = 0
        self._t, self._d, self._m = [], [], []
        self._peak = 0.0
        self._last_quiet = None

    def _settled_short(self, t_s: float, magnitude: float) -> bool:
        """Back below ``enter`` and under half the peak, and still there for ``RETURN_SETTLE_S``: the
        return is over, short of neutral."""
        if magnitude >= self.enter or magnitude > 0.5 * self._peak:
            return False
        low = high = magnitude
        since = t_s
        for t, d in zip(reversed(self._t), reversed(self._d)):  # the last RETURN_SETTLE_S only
            if t < t_s - RETURN_SETTLE_S:
                break
            low, high, since = min(low, abs(d)), max(high, abs(d)), t
        return (
            t_s - since >= 0.8 * RETURN_SETTLE_S and high < self.enter and high - low <= SETTLED_DEG_S * RETURN_SETTLE_S
        )

    def _eta_quiet(self, t_s: float, magnitude: float) -> float:
        """When the user will be back near neutral at the current return speed (at most 1.5 s on):
        the rep is counted now, as it passes ``exit``, but ends where the movement does."""
        if len(self._t) < 3:
            return t_s
        dt = t_s - self._t[-3]
        speed = (abs(self._d[-3]) - magnitude) / dt if dt > 0 else 0.0
        if speed < SETTLED_DEG_S:
            # No longer returning: the signal settled a little short of neutral (a landmark lagging
            # behind). The movement ended when it came within ``quiet`` of where it rests now.
            settled_since = t_s
            for t, d in zip(reversed(self._t), reversed(self._d)):
                if abs(d) - magnitude > self.quiet:
                    break
                settled_since = t
            return settled_since
        return t_s + min(1.5, max(0.0, magnitude - self.quiet) / speed)

    def _close(self, t_s: float, end_s: float) -> Excursion | None:
        sign, start, origin = self._sign, self._start, self._from
        t, d, m = np.array(self._t), np.array(self._d), np.array(self._m)
        self.abandon()
        self._last_quiet = t_s
        if len(t) == 0 or end_s - start < self.min_rep_s:
            return None
        if math.isfinite(origin) and float(np.max(d * sign)) - origin < self.exit:
            return None  # under way at the first frame, and only coming back
        return excursion_of(t, d, m, sign, start, end_s, t_s, self.plateau_tol, self.levels, self.levels_on_metric)


def excursion_of(
    t: np.ndarray,
    drive: np.ndarray,
    metric: np.ndarray,
    sign: int,
    start_s: float,
    end_s: float,
    last_s: float,
    plateau_tol: float = 5.0,
    levels: tuple[float, ...] = (),
    levels_on_metric: bool = False,
) -> Excursion:
    """The excursion to side ``sign`` whose frames are ``t`` (signed ``drive`` and ``metric``),
    from ``start_s`` to ``end_s``; ``last_s`` closes the last frame's duration."""
    d = drive * sign
    top = int(np.argmax(d))
    # The peak is reached where the signal first comes close to its maximum; the plateau
    # (held time, peak value) is the contiguous stretch within plateau_tol of it.
    reached = int(np.argmax(d >= d[top] - max(1.0, 0.05 * d[top])))
    near = d >= d[top] - plateau_tol
    lo, hi = top, top
    while lo > 0 and near[lo - 1]:
        lo -= 1
    while hi < len(d) - 1 and near[hi + 1]:
        hi += 1
    dt = np.diff(np.append(t, max(last_s, t[-1])))
    timed = metric * sign if levels_on_metric else d
    time_beyond = {level: float(dt[timed >= level].sum()) for level in levels}
    return Excursion(
        sign=sign,
        start_s=start_s,
        peak_s=float(t[reached]),
        end_s=end_s,
        peak_drive=float(np.median(d[lo : hi + 1]) * sign),
        peak_metric=float(np.median(metric[lo : hi + 1])),
        plateau_s=float(t[hi] - t[lo] + (dt[hi] if hi < len(dt) else 0.0)),
        time_beyond=time_beyond,
        out_s=float(t[reached]) - start_s,
    )
