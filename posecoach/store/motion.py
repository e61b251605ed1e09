"""Each counted rep's motion: the landmarks the overlay draws, cut from the frames around the rep.

No picture is kept: only the image coordinates and visibility of the drawn landmarks, at up to
``MAX_FPS`` frames a second, with the gauge's reading per frame. ``MotionCapture`` keeps a rolling
buffer of them and cuts each rep with ``MARGIN_S`` either side; ``encode``/``decode`` pack one rep
compactly (quantised integers, delta-coded over time, zlib) for the database.
"""

from __future__ import annotations

import math
import zlib
from collections import deque
from dataclasses import dataclass

import numpy as np

from posecoach.coach.events import Rep
from posecoach.pose.types import BODY, NUM_LANDMARKS, SKELETON_EDGES, Pose

#: The landmarks the overlay draws (its skeleton's ends and the body's points, nose to feet).
DRAWN = tuple(sorted({i for edge in SKELETON_EDGES for i in edge} | set(BODY)))
_DRAWN_INDEX = np.array(DRAWN)  # for indexing a pose's arrays on every kept frame
MAX_FPS = 15.0  # enough to see a stretch that takes seconds; half a webcam's frames
#: Frame times are whole milliseconds: two frames kept 1/MAX_FPS apart may read this much closer.
JITTER_S = 0.002
MARGIN_S = 1.0  # kept either side of a rep, to see how it started and ended
#: The longest a rep can take (a routine's longest hold, 120 s, plus the way there and back):
#: the buffer keeps this long, so a long hold's motion is kept whole.
BUFFER_S = 180.0
#: Image coordinates are kept in 1/XY_SCALE of the frame: 0.2 px on a 1920 px frame. int16 then
#: holds -3.3 to 3.3 frames, beyond which a landmark is far out of view anyway.
XY_SCALE = 10000.0
ANGLE_SCALE = 10.0  # readings in tenths of a degree
NO_READING = -32768  # int16 for "no reading" (before calibration, nobody in view)
FORMAT = 1  # the blob layout below; stored beside it


@dataclass(frozen=True)
class RepMotion:
    """One rep's motion: ``t_s`` (n,) the frames' times; ``xy`` (n, L, 2) normalised image
    coordinates and ``visibility`` (n, L) of ``landmarks`` (L); ``value`` and ``drive`` (n,) the
    primary metric and the counted signal in degrees (NaN: none), as the gauge showed them."""

    rep_index: int
    width: int
    height: int
    landmarks: tuple[int, ...]
    t_s: np.ndarray
    xy: np.ndarray
    visibility: np.ndarray
    value: np.ndarray
    drive: np.ndarray

    def __post_init__(self) -> None:
        n, count = len(self.t_s), len(self.landmarks)
        shapes = {"xy": (n, count, 2), "visibility": (n, count), "value": (n,), "drive": (n,)}
        for name, shape in shapes.items():
            actual = getattr(self, name).shape
            if actual != shape:
                raise ValueError(f"RepMotion.{name} must have shape {shape}, got {actual}")

    def __len__(self) -> int:
        return len(self.t_s)

    def pose(self, i: int) -> Pose:
        """Frame ``i`` as a ``Pose`` the overlay can draw (landmarks not kept are invisible)."""
        image = np.zeros((NUM_LANDMARKS, 3))
        visibility = np.zeros(NUM_LANDMARKS)
        kept = np.asarray(self.landmarks)
        image[kept, :2] = self.xy[i]
        visibility[kept] = self.visibility[i]
        t_ms = round(float(self.t_s[i]) * 1000)
        if not visibility.any():
            return Pose.empty(t_ms, self.width, self.height)
        return Pose(t_ms, self.width, self.height, image, visibility, visibility.copy(), np.zeros((NUM_LANDMARKS, 3)))

    def reading(self, i: int) -> tuple[float | None, float | None]:
        """(metric, counted signal) at frame ``i``, None where there was none."""
        return _or_none(self.value[i]), _or_none(self.drive[i])

    def at(self, t_s: float) -> int:
        """The index of the last frame at or before ``t_s`` (within ``JITTER_S``; the first frame
        before them all)."""
        return max(0, int(np.searchsorted(self.t_s, t_s + JITTER_S, side="right")) - 1)


def _or_none(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


# -- packing -------------------------------------------------------------------------------------


def _quantise_angle(values: np.ndarray) -> np.ndarray:
    finite = np.isfinite(values)
    out = np.full(len(values), NO_READING, np.int16)
    out[finite] = np.clip(np.round(values[finite] * ANGLE_SCALE), -32767, 32767).astype(np.int16)
    return out


def _delta(q: np.ndarray) -> np.ndarray:
    """Differences along the first axis, wrapping in the array's integer type (undone exactly by a
    wrapping cumulative sum)."""
    out = q.copy()
    out[1:] = q[1:] - q[:-1]
    return out


def encode(motion: RepMotion) -> bytes:
    """The motion as one compressed blob (``FORMAT``): times in ms, coordinates and readings as
    int16, visibility in hundredths (rounded down, so that "at least 0.5" stays as it was)."""
    n = len(motion)
    t_ms = np.round((motion.t_s - motion.t_s[0]) * 1000).astype(np.int32) if n else np.zeros(0, np.int32)
    xy = np.clip(np.round(motion.xy * XY_SCALE), -32767, 32767).astype(np.int16)
    vis = np.clip(np.floor(motion.visibility * 100 + 1e-9), 0, 100).astype(np.uint8)
    parts = (
        _delta(t_ms),
        _delta(xy).transpose(1, 2, 0),  # per coordinate over time: long runs of small steps
        vis.T,
        _quantise_angle(motion.value),
        _quantise_angle(motion.drive),
    )
    return zlib.compress(b"".join(np.ascontiguousarray(p).tobytes() for p in parts), 9)


def decode(
    blob: bytes, *, rep_index: int, t0_s: float, frames: int, width: int, height: int, landmarks: tuple[int, ...]
) -> RepMotion:
    """The motion ``encode`` packed (its times restored from ``t0_s``, the first frame's)."""
    raw = zlib.decompress(blob)
    n, count = frames, len(landmarks)
    sizes = [n * 4, n * count * 2 * 2, n * count, n * 2, n * 2]
    if len(raw) != sum(sizes):
        raise ValueError(f"a rep's motion holds {len(raw)} bytes, expected {sum(sizes)} for {n} frames")
    chunks, start = [], 0
    for size in sizes:
        chunks.append(raw[start : start + size])
        start += size
    t_ms = np.cumsum(np.frombuffer(chunks[0], np.int32), dtype=np.int32)
    xy_d = np.frombuffer(chunks[1], np.int16).reshape(count, 2, n).transpose(2, 0, 1)
    xy = np.cumsum(xy_d, axis=0, dtype=np.int16)
    vis = np.frombuffer(chunks[2], np.uint8).reshape(count, n).T
    angles = [np.frombuffer(c, np.int16) for c in chunks[3:]]
    value, drive = (np.where(a == NO_READING, np.nan, a / ANGLE_SCALE) for a in angles)
    return RepMotion(
        rep_index=rep_index,
        width=width,
        height=height,
        landmarks=landmarks,
        t_s=t0_s + t_ms / 1000.0,
        xy=xy / XY_SCALE,
        visibility=vis / 100.0,
        value=value,
        drive=drive,
    )


# -- capturing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    t_s: float
    width: int
    height: int
    xy: np.ndarray  # (L, 2)
    visibility: np.ndarray  # (L,)
    value: float
    drive: float


class MotionCapture:
    """Cuts each counted rep's motion from the frames around it. Pure: poses, readings and reps
    in, ``RepMotion`` out; the caller stores them.

    Call ``frame`` on every frame (it keeps a frame when 1/``MAX_FPS`` s have passed since the last
    one it kept, for ``BUFFER_S``)
    and ``rep`` for each counted rep; ``frame`` returns the reps whose second after has passed,
    and ``finish`` the rest, cut with what there is.
    """

    def __init__(self, fps: float = MAX_FPS, margin_s: float = MARGIN_S, keep_s: float = BUFFER_S) -> None:
        if not 0 < fps <= 1000:
            raise ValueError(f"fps must be in (0, 1000], got {fps}")
        self.fps, self.margin_s, self.keep_s = fps, margin_s, keep_s
        self._frames: deque[_Frame] = deque()
        self._pending: list[Rep] = []

    def frame(self, pose: Pose, value: float | None, drive: float | None) -> list[RepMotion]:
        """Take one frame (an empty pose too: the replay then shows nobody); the reps now complete."""
        t = pose.t_s
        if self._frames and t < self._frames[-1].t_s:  # the source started again: a new clock
            self._frames.clear()
        if not self._frames or t - self._frames[-1].t_s >= 1.0 / self.fps - JITTER_S:
            self._frames.append(_frame(pose, value, drive))
            self._trim(t)
        ready = [rep for rep in self._pending if t >= rep.end_s + self.margin_s]
        self._pending = [rep for rep in self._pending if t < rep.end_s + self.margin_s]
        return [m for m in (self._cut(rep) for rep in ready) if m is not None]

    def rep(self, rep: Rep) -> None:
        """A rep was counted: cut once its second after has passed (or at ``finish``)."""
        self._pending.append(rep)

    @property
    def waiting(self) -> bool:
        """Reps counted whose second after has not passed yet."""
        return bool(self._pending)

    def finish(self) -> list[RepMotion]:
        """The reps still waiting, cut with the frames there are."""
        ready, self._pending = self._pending, []
        return [m for m in (self._cut(rep) for rep in ready) if m is not None]

    def _trim(self, t: float) -> None:
        oldest = t - self.keep_s
        if self._pending:
            oldest = min(oldest, min(rep.start_s for rep in self._pending) - self.margin_s)
        while self._frames and self._frames[0].t_s < oldest:
            self._frames.popleft()

    def _cut(self, rep: Rep) -> RepMotion | None:
        lo, hi = rep.start_s - self.margin_s, rep.end_s + self.margin_s
        frames = [f for f in self._frames if lo - 1e-6 <= f.t_s <= hi + 1e-6]
        if not frames:
            return None
        return RepMotion(
            rep_index=rep.index,
            width=frames[0].width,
            height=frames[0].height,
            landmarks=DRAWN,
            t_s=np.array([f.t_s for f in frames]),
            xy=np.array([f.xy for f in frames]).reshape(len(frames), len(DRAWN), 2),
            visibility=np.array([f.visibility for f in frames]).reshape(len(frames), len(DRAWN)),
            value=np.array([f.value for f in frames], dtype=float),
            drive=np.array([f.drive for f in frames], dtype=float),
        )


def _frame(pose: Pose, value: float | None, drive: float | None) -> _Frame:
    if pose.is_empty:
        xy, vis = np.zeros((len(DRAWN), 2), np.float32), np.zeros(len(DRAWN), np.float32)
    else:
        xy = pose.image[_DRAWN_INDEX, :2].astype(np.float32)
        vis = pose.visibility[_DRAWN_INDEX].astype(np.float32)
    nan = math.nan
    return _Frame(
        pose.t_s,
        pose.width,
        pose.height,
        xy,
        vis,
        nan if value is None else float(value),
        nan if drive is None else float(drive),
    )
