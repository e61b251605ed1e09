"""How far one rep's measurement can be trusted: a 0-1 confidence and the reasons behind it. Pure.

Each condition that is known to degrade MediaPipe's angles gives a factor in (0, 1]; the confidence
is their product and a condition whose factor falls below ``REASON_BELOW`` is named as a reason.
Every factor ramps linearly from 1 at ``good`` to ``floor`` at ``bad``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from posecoach.body.calibration import Neutral

REASON_BELOW = 0.85
#: (good, bad, floor) per condition. The reasons:
#: - oblique_view: a front-view body turned this far from the camera at neutral (degrees, from the
#:   world landmarks' shoulder and hip lines): width foreshortening then mixes the view with the turn;
#:   side-view exercises use the neutral's frontness, ~0.2 side-on.
#: - landmarks_hidden: mean visibility of shoulders and hips during the rep.
#: - left_right_swaps: share of the rep's frames whose left/right labels had to be exchanged.
#: - too_far: torso length over frame height (a 1.7 m body filling 60% of the frame has ~0.2);
#:   MediaPipe's landmark error is a few pixels, so a short torso magnifies it.
#: - too_close: the body fills so much of the frame that limbs leave it in a stretch.
#: - camera_tilt: the neutral trunk's lean toward the camera in world landmarks (camera pitch) or
#:   its image tilt (camera roll), degrees; a camera 1.6 m high at 4 m (10 deg down) reads 14-20.
OBLIQUE_FRONT = (12.0, 35.0, 0.3)
OBLIQUE_SIDE = (0.35, 0.6, 0.3)
VISIBILITY = (0.8, 0.4, 0.3)
SWAPS = (0.05, 0.3, 0.3)
TOO_FAR = (0.12, 0.05, 0.3)
TOO_CLOSE = (0.45, 0.6, 0.5)
CAMERA_PITCH = (25.0, 45.0, 0.5)
CAMERA_ROLL = (8.0, 20.0, 0.5)


@dataclass(frozen=True)
class FrameQuality:
    """What one frame tells about its own measurement."""

    t_s: float
    visibility: float
    swapped: bool
    torso_frac: float  # torso length over frame height


def _ramp(value: float, good: float, bad: float, floor: float) -> float:
    """1 at ``good`` (or better), ``floor`` at ``bad`` (or worse), linear in between."""
    if not math.isfinite(value):
        return 1.0
    x = (value - good) / (bad - good)
    return float(1.0 - (1.0 - floor) * min(1.0, max(0.0, x)))


def rep_confidence(frames: list[FrameQuality], neutral: Neutral, view: str) -> tuple[float, tuple[str, ...]]:
    """The rep's confidence and reasons, from its frames and the user's neutral."""
    factors: dict[str, float] = {}
    if view == "front":
        yaw = np.nanmean([abs(neutral["shoulder_yaw_world_deg"]), abs(neutral["hip_yaw_world_deg"])])
        factors["oblique_view"] = _ramp(float(yaw), *OBLIQUE_FRONT)
    else:
        factors["oblique_view"] = _ramp(neutral["frontness"], *OBLIQUE_SIDE)
    pitch = abs(neutral["pitch_world_deg"]) if view == "front" else math.nan
    factors["camera_tilt"] = min(
        _ramp(pitch, *CAMERA_PITCH), _ramp(abs(neutral["trunk_tilt_deg"]), *CAMERA_ROLL) if view == "front" else 1.0
    )
    if frames:
        factors["landmarks_hidden"] = _ramp(
            -float(np.mean([f.visibility for f in frames])), -VISIBILITY[0], -VISIBILITY[1], VISIBILITY[2]
        )
        factors["left_right_swaps"] = _ramp(float(np.mean([f.swapped for f in frames])), *SWAPS)
        size = float(np.nanmedian([f.torso_frac for f in frames]))
        factors["too_far"] = _ramp(-size, -TOO_FAR[0], -TOO_FAR[1], TOO_FAR[2])
        factors["too_close"] = _ramp(size, *TOO_CLOSE)
    confidence = float(np.prod(list(factors.values())))
    reasons = tuple(code for code, f in factors.items() if f < REASON_BELOW)
    return round(confidence, 3), reasons
