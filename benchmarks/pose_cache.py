"""MediaPipe poses of a video, cached as an .npz so a benchmark can re-run the analysis cheaply."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from posecoach.pose.estimator import EstimatorSettings, PoseEstimator
from posecoach.pose.types import Pose
from posecoach.video import VideoFileSource

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from recorded import read_poses, write_poses  # noqa: E402  (the tests' recordings: one file format)


def _key(video: Path, model: str | None) -> str:
    stat = video.stat()
    text = f"{video.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{model or 'full'}"
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def load_poses(video: str | Path, cache: str | Path | None = None, model: str | None = None) -> list[Pose]:
    """Every frame's pose of ``video`` (VIDEO mode, the app's estimator settings), cached in ``cache``."""
    video = Path(video)
    path = Path(cache) / f"{video.stem}.{_key(video, model)}.poses.npz" if cache else None
    if path is not None and path.exists():
        return read_poses(path)[0]
    poses: list[Pose] = []
    with VideoFileSource(video) as source, PoseEstimator(EstimatorSettings(model=model)) as est:
        for frame in source:
            poses.append(est.estimate(frame))
    if path is not None:
        write_poses(path, poses, {"video": str(video)})
    return poses
