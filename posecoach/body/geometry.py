"""Pure angle maths on 2-D and 3-D vectors. Degrees throughout."""

from __future__ import annotations

import math

import numpy as np


def signed_angle_2d(a: np.ndarray, b: np.ndarray) -> float:
    """Angle from vector ``a`` to ``b`` in degrees, in (-180, 180], counter-clockwise positive
    in a y-up frame (clockwise as seen in image coordinates, where y points down)."""
    cross = a[0] * b[1] - a[1] * b[0]
    dot = a[0] * b[0] + a[1] * b[1]
    return math.degrees(math.atan2(cross, dot))


def tilt_from_vertical(v: np.ndarray) -> float:
    """Angle of image vector ``v`` from straight up, positive when it leans toward image +x."""
    return math.degrees(math.atan2(v[0], -v[1]))


def length(v: np.ndarray) -> float:
    """Euclidean length of a short vector (``np.linalg.norm``'s value at a tenth of its cost, which
    matters at a few dozen calls per frame)."""
    return math.hypot(*v.tolist())


def joint_angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """Unsigned angle at ``b`` between segments b->a and b->c (180 = straight), 2-D or 3-D."""
    u, w = (a - b).tolist(), (c - b).tolist()
    nu, nw = math.hypot(*u), math.hypot(*w)
    if nu == 0.0 or nw == 0.0:
        return float("nan")
    dot = sum(x * y for x, y in zip(u, w, strict=True))
    return math.degrees(math.acos(max(-1.0, min(1.0, dot / (nu * nw)))))


def foreshortening_angle(length: float, reference: float) -> float:
    """Rotation (0..90 degrees) out of the image plane that shortens ``reference`` to ``length``."""
    if reference <= 0.0:
        return float("nan")
    return math.degrees(math.acos(max(0.0, min(1.0, length / reference))))


def wrap_deg(angle: float) -> float:
    """Wrap to (-180, 180]."""
    wrapped = (angle + 180.0) % 360.0 - 180.0
    return 180.0 if wrapped == -180.0 else wrapped
