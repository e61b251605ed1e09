"""MediaPipe poses of a video, cached as an .npz so a benchmark can re-run the analysis cheaply."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from posecoach.pose.estimator import EstimatorSettings, PoseEstimator
from posecoach.pose.types import NUM_LANDMARKS, Pose
from posecoach.video import VideoFileSource


def _key(video: Path, model: str | None) -> str:
    stat = video.stat()
    text = f"{video.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{model or 'full'}"
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def load_poses(video: str | Path, cache: str | Path | None = None, model: str | None = None) -> list[Pose]:
    """Every frame's pose of ``video`` (VIDEO mode, the app's estimator settings), cached in ``cache``."""
    video = Path(video)
    path = Path(cache) / f"{video.stem}.{_key(video, model)}.npz" if cache else None
    if path is not None and path.exists():
        return _from_arrays(np.load(path))
    poses: list[Pose] = []
    with VideoFileSource(video) as source, PoseEstimator(EstimatorSettings(model=model)) as est:
        for frame in source:
            poses.append(est.estimate(frame))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **_to_arrays(poses))
    return poses


def _to_arrays(poses: list[Pose]) -> dict[str, np.ndarray]:
    n = len(poses)
    out = {
        "t_ms": np.array([p.t_ms for p in poses], dtype=np.int64),
        "size": np.array([[p.width, p.height] for p in poses], dtype=np.int32),
        "found": np.array([not p.is_empty for p in poses]),
        "image": np.full((n, NUM_LANDMARKS, 3), np.nan, np.float32),
        "world": np.full((n, NUM_LANDMARKS, 3), np.nan, np.float32),
        "visibility": np.zeros((n, NUM_LANDMARKS), np.float32),
        "presence": np.zeros((n, NUM_LANDMARKS), np.float32),
    }
    for i, p in enumerate(poses):
        if not p.is_empty:
            for name in ("image", "world", "visibility", "presence"):
                out[name][i] = getattr(p, name)
    return out


def _from_arrays(a: dict[str, np.ndarray]) -> list[Pose]:
    poses = []
    for i, t in enumerate(a["t_ms"]):
        w, h = (int(v) for v in a["size"][i])
        if not a["found"][i]:
            poses.append(Pose.empty(int(t), w, h))
            continue
        poses.append(
            Pose(
                t_ms=int(t),
                width=w,
                height=h,
                image=a["image"][i].astype(float),
                visibility=a["visibility"][i].astype(float),
                presence=a["presence"][i].astype(float),
                world=a["world"][i].astype(float),
            )
        )
    return poses
