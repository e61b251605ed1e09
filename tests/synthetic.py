"""A small 3-D kinematic body model that generates MediaPipe-like poses with known angles.

Used by the tests and benchmarks/accuracy.py to exercise the exercise coach without video: a rigid
pelvis, trunk, head and limbs posed by a few joint parameters, seen by a pinhole camera. Ground
truth follows the metric contract: lateral flexion, trunk rotation (shoulders against hips),
spine flexion (head line against trunk line) and fold are the model's own joint angles.

Body frame: x = the user's left, y = up, z = the user's forward; origin between the hips.
The estimator's known biases are modelled where the exercise coach relies on them: world landmarks
show only ``world_yaw_gain`` of a turn (MediaPipe shows ~55%).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from posecoach.pose.types import Pose

# Neutral standing landmarks, metres, body frame (index: point).
_HEAD = {
    0: (0, 0.66, 0.10),
    1: (0.02, 0.69, 0.09),
    2: (0.035, 0.69, 0.085),
    3: (0.05, 0.69, 0.08),
    4: (-0.02, 0.69, 0.09),
    5: (-0.035, 0.69, 0.085),
    6: (-0.05, 0.69, 0.08),
    7: (0.075, 0.665, 0.0),
    8: (-0.075, 0.665, 0.0),
    9: (0.025, 0.62, 0.085),
    10: (-0.025, 0.62, 0.085),
}
_SHOULDERS = {11: (0.18, 0.50, 0.0), 12: (-0.18, 0.50, 0.0)}
_ARMS = {
    "down": {13: (0.21, 0.22, 0.0), 14: (-0.21, 0.22, 0.0), 15: (0.22, -0.04, 0.03), 16: (-0.22, -0.04, 0.03)},
    "overhead": {13: (0.16, 0.78, 0.0), 14: (-0.16, 0.78, 0.0), 15: (0.09, 1.03, 0.0), 16: (-0.09, 1.03, 0.0)},
    "hips": {13: (0.33, 0.25, -0.06), 14: (-0.33, 0.25, -0.06), 15: (0.17, 0.04, 0.0), 16: (-0.17, 0.04, 0.0)},
    # forearms crossed in front of the chest, each hand near the other elbow
    "crossed": {13: (0.28, 0.30, 0.12), 14: (-0.28, 0.30, 0.12), 15: (-0.14, 0.34, 0.20), 16: (0.14, 0.34, 0.20)},
    "thighs": {13: (0.22, 0.22, 0.12), 14: (-0.22, 0.22, 0.12), 15: (0.15, -0.02, 0.25), 16: (-0.15, -0.02, 0.25)},
    "forward": {13: (0.16, 0.45, 0.28), 14: (-0.16, 0.45, 0.28), 15: (0.13, 0.42, 0.55), 16: (-0.13, 0.42, 0.55)},
    # straight ahead of the shoulders: with the trunk pitched 90 degrees, straight down to the floor
    "all_fours": {13: (0.18, 0.50, 0.25), 14: (-0.18, 0.50, 0.25), 15: (0.18, 0.50, 0.50), 16: (-0.18, 0.50, 0.50)},
}
_HIPS = {23: (0.09, 0.0, 0.0), 24: (-0.09, 0.0, 0.0)}
_LEGS = {
    "standing": {
        25: (0.09, -0.45, 0.0),
        26: (-0.09, -0.45, 0.0),
        27: (0.09, -0.88, -0.02),
        28: (-0.09, -0.88, -0.02),
        29: (0.09, -0.93, -0.07),
        30: (-0.09, -0.93, -0.07),
        31: (0.10, -0.93, 0.13),
        32: (-0.10, -0.93, 0.13),
    },
    "chair": {
        25: (0.11, 0.0, 0.45),
        26: (-0.11, 0.0, 0.45),
        27: (0.11, -0.44, 0.47),
        28: (-0.11, -0.44, 0.47),
        29: (0.11, -0.49, 0.42),
        30: (-0.11, -0.49, 0.42),
        31: (0.12, -0.49, 0.62),
        32: (-0.12, -0.49, 0.62),
    },
    "floor": {
        25: (0.10, 0.0, 0.45),
        26: (-0.10, 0.0, 0.45),
        27: (0.10, 0.0, 0.88),
        28: (-0.10, 0.0, 0.88),
        29: (0.10, -0.04, 0.93),
        30: (-0.10, -0.04, 0.93),
        31: (0.10, 0.12, 0.95),
        32: (-0.10, 0.12, 0.95),
    },
    # on hands and knees: knees under the hips, shins flat on the floor behind them, toes pointing back
    "kneeling": {
        25: (0.10, -0.48, 0.0),
        26: (-0.10, -0.48, 0.0),
        27: (0.10, -0.50, -0.42),
        28: (-0.10, -0.50, -0.42),
        29: (0.10, -0.46, -0.47),
        30: (-0.10, -0.46, -0.47),
        31: (0.10, -0.50, -0.58),
        32: (-0.10, -0.50, -0.58),
    },
}
_HANDS = {17: 15, 19: 15, 21: 15, 18: 16, 20: 16, 22: 16}  # pinky, index, thumb follow the wrist


def _rot_x(deg: float) -> np.ndarray:  # pitch: + tips the top forward (toward +z)
    a = math.radians(deg)
    return np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]])


def _rot_y(deg: float) -> np.ndarray:  # yaw: + turns the front toward the user's right (-x)
    a = math.radians(-deg)
    return np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])


def _rot_z(deg: float) -> np.ndarray:  # roll: + tips the top toward the user's right (-x)
    a = math.radians(deg)
    return np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])


@dataclass(frozen=True)
class BodyPose:
    """Joint parameters in degrees (metres for shifts); the contract angles are among them."""

    lateral: float = 0.0  # lateral flexion, + toward the user's right
    twist: float = 0.0  # shoulders against pelvis, + toward the user's right
    pelvis_yaw: float = 0.0  # the pelvis (and legs) turning, + toward the user's right
    pitch: float = 0.0  # trunk forward tilt (fold, lean)
    neck: float = 0.0  # head line against trunk line, + forward (cat)
    head_yaw: float = 0.0  # head against shoulders
    pelvis_shift: float = 0.0  # metres, + toward the user's right
    knee_bend: float = 0.0  # knee flexion (standing), degrees
    arms: str = "down"
    legs: str = "standing"
    pelvis_roll: float = 0.0  # seated: + raises the user's left hip (a sit bone off the chair), tipping all above
    rock: float = 0.0  # on all fours: metres the hips and shoulders move back toward the heels (hands stay)


@dataclass(frozen=True)
class Camera:
    """A pinhole camera ``distance`` metres in front of the body (or beside it for ``view`` left /
    right: the user's side that faces the camera), ``height`` above the floor."""

    view: str = "front"
    distance: float = 3.0
    height: float = 1.1
    tilt_down: float = 3.0
    roll: float = 0.0
    hfov: float = 60.0
    width: int = 640
    height_px: int = 480


def body_points(p: BodyPose) -> np.ndarray:
    """(33, 3) landmark positions in the body frame for pose ``p`` (pelvis at the origin)."""
    pts = np.zeros((33, 3))
    upper = {**_HEAD, **_SHOULDERS, **_ARMS[p.arms]}
    for i, xyz in {**upper, **_HIPS, **_LEGS[p.legs]}.items():
        pts[i] = xyz
    # Upper body: twist about the trunk axis, head on the neck, then tilt the trunk as a whole.
    neck_base = np.array(_SHOULDERS[11]) * [0, 1, 1]
    head = list(_HEAD)
    pts[head] = (pts[head] - neck_base) @ (_rot_y(p.head_yaw) @ _rot_x(p.neck)).T + neck_base
    upper_idx = list(upper)
    trunk = _rot_y(p.pelvis_yaw) @ _rot_z(p.lateral) @ _rot_x(p.pitch) @ _rot_y(p.twist)
    pts[upper_idx] = pts[upper_idx] @ trunk.T
    pts[[23, 24]] = pts[[23, 24]] @ _rot_y(p.pelvis_yaw).T
    if p.legs == "standing":
        pts[[25, 26]] = pts[[25, 26]] @ _rot_y(0.6 * p.pelvis_yaw).T
        half = math.radians(p.knee_bend / 2)
        drop = 2 * 0.44 * (1 - math.cos(half))
        pts[[25, 26], 2] += 0.44 * math.sin(half)
        pts[:27, 1] -= drop
    elif p.legs in ("chair", "floor"):
        # Seated, the thighs go with a turning pelvis (the knees swing round with it).
        pts[list(range(25, 33))] = pts[list(range(25, 33))] @ _rot_y(0.8 * p.pelvis_yaw).T
        if p.legs == "floor" and p.knee_bend:  # knees rise, feet slide back toward the hips
            half = math.radians(p.knee_bend / 2)
            pts[[25, 26], 1] += 0.44 * math.sin(half)
            pts[[25, 26], 2] -= 0.44 * (1 - math.cos(half))
            pts[list(range(27, 33)), 2] -= 2 * 0.44 * (1 - math.cos(half))
    _roll_and_rock(pts, p)
    pts[:27, 0] -= p.pelvis_shift  # the pelvis (and all above it) slides toward the user's right
    pts[[25, 26], 0] += 0.5 * p.pelvis_shift
    for hand, wrist in _HANDS.items():
        pts[hand] = pts[wrist] + (0.0, -0.04, 0.0)
    return pts


def _roll_and_rock(pts: np.ndarray, p: BodyPose) -> None:
    """A rolled pelvis (one hip up, the trunk tipping with it, knees staying) and, on all fours, the
    body rocking back over the knees (hands stay on the floor, elbows go half as far)."""
    if p.pelvis_roll:
        pts[:25] = pts[:25] @ _rot_z(p.pelvis_roll).T
    if p.rock:
        pts[list(range(0, 13)) + [23, 24], 2] -= p.rock
        pts[[13, 14], 2] -= p.rock / 2


def _camera_rotation(cam: Camera) -> np.ndarray:
    """Body frame -> camera frame (x right, y down, z away from the camera)."""
    facing = {"front": 0.0, "left": 90.0, "right": -90.0}[cam.view]
    # The user faces the camera (front): their forward (+z) points at the camera, their left (+x)
    # is image right. Side views turn the body so the named side faces the camera.
    base = np.array([[1, 0, 0], [0, -1, 0], [0, 0, -1]], dtype=float) @ _rot_y(-facing)
    tilt = np.array(
        [
            [1, 0, 0],
            [0, math.cos(math.radians(cam.tilt_down)), -math.sin(math.radians(cam.tilt_down))],
            [0, math.sin(math.radians(cam.tilt_down)), math.cos(math.radians(cam.tilt_down))],
        ]
    )
    r = math.radians(cam.roll)
    roll = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    return roll @ tilt @ base


def render(
    p: BodyPose,
    cam: Camera,
    t_ms: int,
    *,
    world_yaw_gain: float = 0.55,
    noise_px: float = 0.0,
    rng: np.random.Generator | None = None,
    visibility: float = 0.98,
) -> Pose:
    """The ``Pose`` MediaPipe would report for body pose ``p`` seen by ``cam``."""
    pts = body_points(p)
    hip_height = 0.92 if p.legs == "standing" else (0.47 if p.legs == "chair" else 0.1)
    rot = _camera_rotation(cam)
    eye = np.array([0.0, cam.height - hip_height, 0.0])
    cam_pts = (pts - eye) @ rot.T
    cam_pts[:, 2] += cam.distance
    f = cam.width / (2 * math.tan(math.radians(cam.hfov / 2)))
    x = cam_pts[:, 0] / cam_pts[:, 2] * f + cam.width / 2
    y = cam_pts[:, 1] / cam_pts[:, 2] * f + cam.height_px / 2
    if noise_px and rng is not None:
        x = x + rng.normal(0, noise_px, 33)
        y = y + rng.normal(0, noise_px, 33)
    image = np.column_stack([x / cam.width, y / cam.height_px, (cam_pts[:, 2] - cam.distance) / 2.0])
    # World landmarks: MediaPipe shows only part of a turn.
    attenuated = replace(p, twist=p.twist * world_yaw_gain, pelvis_yaw=p.pelvis_yaw * world_yaw_gain)
    world = body_points(attenuated) @ rot.T
    world -= (world[23] + world[24]) / 2
    vis = np.full(33, visibility)
    if cam.view in ("left", "right"):  # the far side is a guess
        far = range(2, 33, 2) if cam.view == "left" else range(1, 33, 2)
        vis[[i for i in far if i >= 11]] = 0.6
    inside = (image[:, 0] > 0) & (image[:, 0] < 1) & (image[:, 1] > 0) & (image[:, 1] < 1)
    vis[~inside] = 0.05
    return Pose(
        t_ms=t_ms,
        width=cam.width,
        height=cam.height_px,
        image=image,
        visibility=vis,
        presence=np.full(33, 0.99),
        world=world,
    )


# -- timelines ------------------------------------------------------------------------------------


def min_jerk(u: float) -> float:
    u = min(max(u, 0.0), 1.0)
    return u**3 * (10 - 15 * u + 6 * u * u)


@dataclass(frozen=True)
class Segment:
    """A movement from the neutral pose to ``peak`` and back: ``move_s`` out, ``hold_s`` held,
    ``move_s`` back, then ``pause_s`` at neutral."""

    peak: BodyPose
    move_s: float = 2.0
    hold_s: float = 1.0
    pause_s: float = 0.5

    @property
    def duration(self) -> float:
        return 2 * self.move_s + self.hold_s + self.pause_s


def _blend(a: BodyPose, b: BodyPose, u: float) -> BodyPose:
    values = {}
    for name in (
        "lateral",
        "twist",
        "pelvis_yaw",
        "pitch",
        "neck",
        "head_yaw",
        "pelvis_shift",
        "knee_bend",
        "pelvis_roll",
        "rock",
    ):
        values[name] = getattr(a, name) + (getattr(b, name) - getattr(a, name)) * u
    return replace(a, **values)


@dataclass
class Script:
    """A clip: neutral lead-in, then segments (each a rep, or part of a cat-cow cycle)."""

    neutral: BodyPose
    segments: Sequence[Segment]
    lead_in_s: float = 2.0
    tail_s: float = 1.0
    fps: float = 30.0
    camera: Camera = field(default_factory=Camera)
    noise_px: float = 0.0
    seed: int = 0
    dropouts: Sequence[tuple[float, float]] = ()  # (start_s, end_s): nobody detected
    world_yaw_gain: float = 0.55

    @property
    def duration(self) -> float:
        return self.lead_in_s + sum(s.duration for s in self.segments) + self.tail_s

    def body_at(self, t: float) -> BodyPose:
        t -= self.lead_in_s
        for seg in self.segments:
            if t < seg.duration:
                if t < seg.move_s:
                    return _blend(self.neutral, seg.peak, min_jerk(t / seg.move_s))
                if t < seg.move_s + seg.hold_s:
                    return seg.peak
                if t < 2 * seg.move_s + seg.hold_s:
                    return _blend(seg.peak, self.neutral, min_jerk((t - seg.move_s - seg.hold_s) / seg.move_s))
                return self.neutral
            t -= seg.duration
        return self.neutral

    def poses(self) -> list[Pose]:
        rng = np.random.default_rng(self.seed)
        out: list[Pose] = []
        held: tuple[BodyPose, Pose] | None = None  # the last frame drawn, for the still ones after it
        for i in range(int(self.duration * self.fps)):
            t = i / self.fps
            t_ms = round(t * 1000)
            if any(a <= t < b for a, b in self.dropouts):
                out.append(Pose.empty(t_ms, self.camera.width, self.camera.height_px))
                continue
            body = self.body_at(t)
            if held is not None and held[0] == body and not self.noise_px:  # still: the same landmarks
                out.append(replace(held[1], t_ms=t_ms))
                continue
            pose = render(body, self.camera, t_ms, noise_px=self.noise_px, rng=rng, world_yaw_gain=self.world_yaw_gain)
            held = (body, pose)
            out.append(pose)
        return out

    def truth(self, metric: Callable[[BodyPose], float]) -> list[float]:
        return [metric(self.body_at(i / self.fps)) for i in range(int(self.duration * self.fps))]


def alternating(neutral: BodyPose, peak: Callable[[int], BodyPose], reps: int, **segment) -> list[Segment]:
    """``reps`` segments whose peaks alternate sign: peak(+1) toward the right, peak(-1) left,
    starting with the left, as the rendered clips do."""
    return [Segment(peak(-1 if i % 2 == 0 else 1), **segment) for i in range(reps)]
