"""Neutral calibration from a still pose: when the user stands about still in the right view for a
second, the median of each raw measure over that window is their neutral (``body.neutral``
infers it from the movement when they never do).

Subtracting the neutral removes camera roll and tilt (they add a constant to image angles) and
personal offsets (a habitual lean, a forward head).
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass, fields
from typing import Literal

import numpy as np

from posecoach.body.metrics import WORLD_YAW_GAIN, Measures

View = Literal["front", "side"]
#: (shoulder + hip width) / torso length above which a body faces the camera, below which it is
#: side-on. Facing: ~1.1; a 45-degree turn: ~0.8; side-on: 0.05-0.2 standing or on all fours. Sitting
#: on the floor with the legs out, a camera close enough to frame the legs sees the trunk off its
#: axis, so the near and far shoulders and hips part: 0.21-0.48 at neutral on 12 rendered folds (0.48:
#: a camera 0.9 m high at 2.2 m, a fold that a limit of 0.45 never calibrated). The confidence still
#: marks a side view over 0.35 as oblique (body/confidence.py).
FRONT_MIN_FRONTNESS = 0.6
SIDE_MAX_FRONTNESS = 0.55


#: The hip line's yaw to the camera (MediaPipe world landmarks, as shown: not rescaled) beyond which
#: a body is not facing it. Facing, it stays within ~15 deg through side bends, twists and arm raises;
#: a body turned 50 deg to the camera shows ~42 deg (rendered bodies), yet is still wide in the image.
FRONT_MAX_HIP_YAW_DEG = 30.0
#: No side bend tilts the trunk this far from the image vertical: beyond it the body lies in the frame.
FRONT_MAX_TILT_DEG = 60.0
MAX_STILL_YAW_SPREAD_DEG = 12.0
#: Frames a still window needs for its medians and spreads: a 5 fps camera's second gives six.
MIN_STILL_FRAMES = 6


#: Once calibrated facing the camera, a body may read a little further turned: MediaPipe's hip
#: landmarks follow the shoulders by 0.3-0.6 of a twist, so a slightly oblique camera plus a twist
#: passes the calibration's limit mid-rep. Side-on is still far beyond it.
TRACKING_HIP_YAW_MARGIN_DEG = 15.0


@dataclass(frozen=True)
class ViewLimits:
    """How far from square-on (facing the camera) or side-on a body may be and still be measured.

    An exercise widens them where its measurement allows (``ExerciseSpec.view_limits``): a camera a
    little off the body's axis is common at home.
    """

    max_hip_yaw_deg: float = FRONT_MAX_HIP_YAW_DEG  # facing: the hips' yaw to the camera (as MediaPipe reads it)
    max_hip_yaw_mid_rep_deg: float = FRONT_MAX_HIP_YAW_DEG + TRACKING_HIP_YAW_MARGIN_DEG  # ... once calibrated
    min_frontness_mid_rep: float = FRONT_MIN_FRONTNESS  # how narrow a body facing the camera may look mid-rep
    max_side_frontness: float = SIDE_MAX_FRONTNESS  # side-on: how wide the body may look


DEFAULT_LIMITS = ViewLimits()


def view_of(m: Measures, limits: ViewLimits = DEFAULT_LIMITS) -> View | None:
    """Which way the body is to the camera (None when in between, e.g. turned obliquely)."""
    if m.frontness >= FRONT_MIN_FRONTNESS and m.frontness > limits.max_side_frontness:
        hip_yaw = abs(m.hip_yaw_world_deg * WORLD_YAW_GAIN)
        lying = abs(m.trunk_tilt_deg) > FRONT_MAX_TILT_DEG  # a rotated video, not a stretch
        return "front" if not (hip_yaw > limits.max_hip_yaw_deg or lying) else None
    if m.frontness <= limits.max_side_frontness:
        return "side"
    return None


def in_view_while_tracking(
    m: Measures, view: View, limits: ViewLimits = DEFAULT_LIMITS, neutral_torso_px: float = math.nan
) -> bool:
    """Is the calibrated body still in the exercise's view (a looser test than calibrating's: a
    large twist turns the shoulders side-on and takes the hips along)? ``neutral_torso_px``: the
    calibrated torso length, once there is one."""
    if view != "front":
        # Side-on, a fold or a rounded back shortens the trunk in the image (a fifth on a real seated
        # fold) while the shoulders and hips keep their width: against the shortened trunk a deep
        # fold would read as a turn toward the camera. Turning does not lengthen the trunk, so the
        # longer of the two lengths judges the widths.
        torso = max(m.torso_px, neutral_torso_px) if math.isfinite(neutral_torso_px) else m.torso_px
        return m.frontness * m.torso_px / torso <= limits.max_side_frontness
    hip_yaw = abs(m.hip_yaw_world_deg * WORLD_YAW_GAIN)
    return (
        m.frontness >= limits.min_frontness_mid_rep
        and abs(m.trunk_tilt_deg) <= FRONT_MAX_TILT_DEG
        and not hip_yaw > limits.max_hip_yaw_mid_rep_deg
    )


@dataclass(frozen=True)
class Neutral:
    """The median of every raw measure over the still window, and when it was taken."""

    values: dict[str, float]
    start_s: float
    end_s: float
    facing: int

    def __getitem__(self, name: str) -> float:
        return self.values[name]


def finite_median(values: list[float]) -> float:
    """The median of the finite ``values`` (NaN if none): np.median's value, quicker on short lists."""
    finite = [v for v in values if math.isfinite(v)]
    return statistics.median(finite) if finite else float("nan")


_NUMERIC = [f.name for f in fields(Measures) if f.name not in ("t_s", "swapped", "facing")]


def neutral_of(
    measures: list[Measures], start_s: float, end_s: float, extra: dict[str, float] | None = None
) -> Neutral:
    """The neutral of ``measures`` (a still window, or the frames the user rests at): each raw
    measure's median, ``extra`` values beside them, and the facing most frames show."""
    values = {name: finite_median([float(getattr(m, name)) for m in measures]) for name in _NUMERIC}
    facings = [m.facing for m in measures if m.facing]
    facing = int(np.sign(sum(facings))) if facings else 0
    return Neutral(values=values | (extra or {}), start_s=start_s, end_s=end_s, facing=facing)


@dataclass
class Calibrator:
    """Feed it measures; it returns a ``Neutral`` once the user has held still long enough.

    Stillness: over ``window_s`` the trunk axis and shoulder line neither drift nor spread more
    than ``max_motion`` torso lengths / ``max_angle_spread_deg`` (so breathing and landmark
    jitter pass, a rep in progress does not), and the trunk is roughly upright (so a pause at
    the end of a bend is not mistaken for the neutral; camera roll is well within the margin).
    """

    view: View
    limits: ViewLimits = DEFAULT_LIMITS
    window_s: float = 1.0  # people who wait before starting stand for about a second, not longer
    max_motion: float = 0.08  # sway, breathing and a weight shift move the torso a few per cent
    max_angle_spread_deg: float = 5.0
    max_neutral_tilt_deg: float = 15.0  # the neutral is upright: not taken mid-bend

    def __post_init__(self) -> None:
        self._window: deque[Measures] = deque()

    def reset(self) -> None:
        self._window.clear()

    def update(self, m: Measures | None) -> Neutral | None:
        if m is None or view_of(m, self.limits) != self.view or not math.isfinite(m.torso_px):
            self._window.clear()
            return None
        self._window.append(m)
        # The window keeps the last frame at least window_s old, so that it spans window_s at any
        # frame rate (at 7.5 fps, frames span 0.93 or 1.07 s: none spans 1.0 s or a little less).
        while len(self._window) > 1 and m.t_s - self._window[1].t_s >= self.window_s:
            self._window.popleft()
        if m.t_s - self._window[0].t_s < self.window_s or len(self._window) < MIN_STILL_FRAMES:
            return None
        if not self._still():
            return None
        return neutral_of(list(self._window), self._window[0].t_s, m.t_s)

    def _still(self) -> bool:
        """Still = no drift across the window and little spread (robust to landmark jitter)."""
        window = list(self._window)
        if self.view == "front":
            upright = abs(finite_median([w.trunk_tilt_deg for w in window])) <= self.max_neutral_tilt_deg
        else:
            forward = finite_median([w.trunk_forward_deg for w in window])
            upright = not math.isfinite(forward) or abs(forward) <= self.max_neutral_tilt_deg
        if not upright:
            return False
        torso = np.array([w.torso_px for w in window])
        if not _steady(torso / float(np.median(torso)), self.max_motion):
            return False
        angles = ("trunk_tilt_deg",) if self.view == "front" else ("neck_flexion_deg", "trunk_forward_deg")
        for name in angles:
            series = np.array([getattr(w, name) for w in window], dtype=float)
            if not _steady(series[np.isfinite(series)], self.max_angle_spread_deg):
                return False
        if self.view == "side":
            return True
        # The shoulder line's turn (rescaled world yaw): its jitter standing still is a few degrees;
        # the start of a twist drifts by tens.
        yaw = np.array([w.shoulder_yaw_world_deg for w in window], dtype=float)
        if not _steady(yaw[np.isfinite(yaw)], MAX_STILL_YAW_SPREAD_DEG):
            return False
        return _steady(np.array([w.shoulder_ratio for w in window]), self.max_motion * 2)


#: The lowest frame rate measured (every exercise is tested at 5 and 7.5 fps): below it a still
#: window of a second holds fewer than MIN_STILL_FRAMES frames.
MIN_FPS = (MIN_STILL_FRAMES - 1) / Calibrator.window_s


def _steady(series: np.ndarray, spread: float) -> bool:
    """No drift (first and last thirds agree) and a small standard deviation."""
    if len(series) < 6:
        return True
    third = len(series) // 3
    drift = abs(float(np.median(series[:third])) - float(np.median(series[-third:])))
    return drift <= spread / 2 and float(np.std(series)) <= spread / 2
