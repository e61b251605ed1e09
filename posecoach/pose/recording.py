"""Poses from a landmark recording: MediaPipe landmarks saved per frame, played back in order.

A recording stands in for a video when only the landmarks may be kept (footage whose licence
forbids copying it, a user who stores no video). The format is ``numpy.savez`` with:

- ``t_s`` (N,): each frame's time in seconds;
- ``image`` (N, 33, 5): normalised x, y, z, visibility and presence (NaN where nobody was found);
- ``world`` (N, 33, 3): world landmarks in metres;
- ``width``, ``height``, ``fps``: the video's frame size and rate.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from posecoach.errors import SourceError
from posecoach.pose.types import NUM_LANDMARKS, Pose

KEYS = ("t_s", "image", "world", "width", "height", "fps")


@dataclass(frozen=True)
class RecordedModel:
    """Stands for the model that estimated a recording's landmarks (unknown here)."""

    path: Path


class PoseList:
    """Poses already in memory, as a source for ``posecoach.offline.analyze_poses``."""

    def __init__(self, poses: list[Pose], fps: float) -> None:
        self.poses, self.fps = poses, fps
        self.frame_count = len(poses)
        self.model = RecordedModel(Path("poses in memory"))

    def __iter__(self) -> Iterator[tuple[int, Pose, None]]:
        for index, pose in enumerate(self.poses):
            yield index, pose, None


class LandmarkRecording:
    """Iterate ``(index, pose, None)`` over every frame of a landmark recording, as ``FilePoses``
    does over a video's frames. ``fps``, ``frame_count`` and the frame size are the recording's."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            with np.load(self.path) as data:
                missing = [key for key in KEYS if key not in data]
                if missing:
                    raise SourceError(
                        f"{self.path} is not a landmark recording (no {', '.join(missing)}); "
                        "record one as described in posecoach/pose/recording.py"
                    )
                self._t = np.asarray(data["t_s"], dtype=float)
                self._image = np.asarray(data["image"], dtype=float)
                self._world = np.asarray(data["world"], dtype=float)
                self.width, self.height = int(data["width"]), int(data["height"])
                self.fps = float(data["fps"])
        except (OSError, ValueError, zipfile.BadZipFile) as error:
            raise SourceError(f"cannot read the landmark recording {self.path} ({error}); check the file") from None
        n = len(self._t)
        if self._image.shape != (n, NUM_LANDMARKS, 5) or self._world.shape != (n, NUM_LANDMARKS, 3):
            raise SourceError(
                f"{self.path}: image must be ({n}, {NUM_LANDMARKS}, 5) and world ({n}, {NUM_LANDMARKS}, 3), "
                f"got {self._image.shape} and {self._world.shape}"
            )
        self.frame_count = n
        self.model = RecordedModel(self.path)

    def __enter__(self) -> LandmarkRecording:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def __iter__(self) -> Iterator[tuple[int, Pose, None]]:
        for index in range(self.frame_count):
            yield index, self.pose(index), None

    def pose(self, index: int) -> Pose:
        """The pose of frame ``index`` (an empty pose where nobody was found)."""
        t_ms = int(round(self._t[index] * 1000.0))
        image = self._image[index]
        if not np.isfinite(image[:, :2]).all():
            return Pose.empty(t_ms, self.width, self.height)
        return Pose(
            t_ms=t_ms,
            width=self.width,
            height=self.height,
            image=image[:, :3].copy(),
            visibility=image[:, 3].copy(),
            presence=image[:, 4].copy(),
            world=self._world[index].copy(),
        )
