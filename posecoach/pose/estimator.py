"""MediaPipe Pose Landmarker behind a small interface. The only module that imports mediapipe."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

# MediaPipe's C++ core logs start-up chatter to stderr; keep warnings and errors only.
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import cv2  # noqa: E402
import mediapipe as mp  # noqa: E402
import numpy as np  # noqa: E402
from mediapipe.tasks.python import BaseOptions, vision  # noqa: E402

from posecoach.errors import ModelError  # noqa: E402
from posecoach.pose.model import ModelInfo, resolve_model  # noqa: E402
from posecoach.pose.select import UserSelector  # noqa: E402
from posecoach.pose.types import NUM_LANDMARKS, Pose  # noqa: E402
from posecoach.video.sources import Frame  # noqa: E402

Mode = Literal["video", "live"]
MEDIAPIPE_VERSION: str = mp.__version__


@dataclass(frozen=True)
class EstimatorSettings:
    """How the landmarker runs. ``model=None`` is the shipped full model.

    ``num_poses`` above 1 lets posecoach choose the user among several people (MediaPipe then
    runs its detector on every frame and does not smooth: the analyzer smooths instead).
    """

    model: str | Path | None = None
    num_poses: int = 2
    min_detection_confidence: float = 0.5
    min_presence_confidence: float = 0.5
    min_tracking_confidence: float = 0.5

    def __post_init__(self) -> None:
        if not 1 <= self.num_poses <= 5:
            raise ValueError(f"num_poses must be between 1 and 5, got {self.num_poses}")
        for name in ("min_detection_confidence", "min_presence_confidence", "min_tracking_confidence"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")


def landmarker_options(
    settings: EstimatorSettings, model: ModelInfo, mode: Mode, callback: Callable[..., None] | None = None
) -> vision.PoseLandmarkerOptions:
    """The MediaPipe options for these settings (shared with the benchmark's bare baseline)."""
    running_mode = vision.RunningMode.VIDEO if mode == "video" else vision.RunningMode.LIVE_STREAM
    return vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(model.path)),
        running_mode=running_mode,
        num_poses=settings.num_poses,
        min_pose_detection_confidence=settings.min_detection_confidence,
        min_pose_presence_confidence=settings.min_presence_confidence,
        min_tracking_confidence=settings.min_tracking_confidence,
        output_segmentation_masks=False,
        result_callback=callback,
    )


def to_mp_image(bgr: np.ndarray) -> mp.Image:
    """An OpenCV BGR frame as the RGB image MediaPipe expects."""
    return mp.Image(image_format=mp.ImageFormat.SRGB, data=cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Silence MediaPipe's C++ start-up warnings, which bypass Python's logging."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # no real stderr (pytest capture, IDEs)
        yield
        return
    sys.stderr.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def _poses_from_result(result: Any, t_ms: int, width: int, height: int) -> list[Pose]:
    poses = []
    for image_lms, world_lms in zip(result.pose_landmarks, result.pose_world_landmarks):
        if len(image_lms) != NUM_LANDMARKS or len(world_lms) != NUM_LANDMARKS:
            continue
        image = np.array([(lm.x, lm.y, lm.z) for lm in image_lms], dtype=float)
        scores = np.array([(lm.visibility or 0.0, lm.presence or 0.0) for lm in image_lms], dtype=float)
        world = np.array([(lm.x, lm.y, lm.z) for lm in world_lms], dtype=float)
        poses.append(
            Pose(t_ms=t_ms, width=width, height=height, image=image,
                 visibility=scores[:, 0], presence=scores[:, 1], world=world)
        )
    return poses


@dataclass
class PoseEstimator:
    """Runs Pose Landmarker on frames and returns the user's ``Pose`` (empty when nobody is seen).

    ``mode="video"``: call ``estimate(frame)``, which blocks and returns the pose.
    ``mode="live"``: call ``submit(frame)``; MediaPipe works asynchronously, drops frames it has
    no time for, and ``on_pose`` receives each result (on MediaPipe's thread).
    Timestamps handed to MediaPipe are forced to increase strictly.
    """

    settings: EstimatorSettings = field(default_factory=EstimatorSettings)
    mode: Mode = "video"
    on_pose: Callable[[Pose], None] | None = None
    selector: UserSelector = field(default_factory=UserSelector)

    def __post_init__(self) -> None:
        if self.mode not in ("video", "live"):
            raise ValueError(f"mode must be 'video' or 'live', got {self.mode!r}")
        if self.mode == "live" and self.on_pose is None:
            raise ValueError("mode='live' needs an on_pose callback")
        self.model = resolve_model(self.settings.model)
        self.candidates: list[Pose] = []
        self._last_ts = -1
        self._pending: dict[int, tuple[int, int, int]] = {}  # ts -> width, height, t_ms
        self._lock = threading.Lock()
        callback = self._on_result if self.mode == "live" else None
        self._warmed_up = False
        try:
            with _quiet_native_stderr():
                self._landmarker = vision.PoseLandmarker.create_from_options(
                    landmarker_options(self.settings, self.model, self.mode, callback)
                )
        except (RuntimeError, ValueError, OSError) as error:
            detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ModelError(
                f"MediaPipe cannot load the model {self.model.path} ({detail}); "
                "use the shipped model or a pose_landmarker_*.task from Google"
            ) from None

    def __enter__(self) -> PoseEstimator:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with _quiet_native_stderr():
            self._landmarker.close()

    def _timestamp(self, t_ms: int) -> int:
        ts = max(int(t_ms), self._last_ts + 1)
        self._last_ts = ts
        return ts

    def _choose(self, result: Any, t_ms: int, width: int, height: int) -> Pose:
        candidates = _poses_from_result(result, t_ms, width, height)
        with self._lock:
            self.candidates = candidates
            return self.selector.choose(candidates, t_ms, width, height)

    def estimate(self, frame: Frame) -> Pose:
        """The user's pose in ``frame`` (video mode)."""
        if self.mode != "video":
            raise RuntimeError("estimate() is for mode='video'; use submit() in live mode")
        ts = self._timestamp(frame.t_ms)
        image = to_mp_image(frame.image)
        if self._warmed_up:
            result = self._landmarker.detect_for_video(image, ts)
        else:  # MediaPipe warns once, on the first frame with a person
            with _quiet_native_stderr():
                result = self._landmarker.detect_for_video(image, ts)
            self._warmed_up = bool(result.pose_landmarks)
        return self._choose(result, frame.t_ms, frame.width, frame.height)

    def submit(self, frame: Frame) -> None:
        """Queue ``frame`` for asynchronous estimation (live mode)."""
        if self.mode != "live":
            raise RuntimeError("submit() is for mode='live'; use estimate() in video mode")
        ts = self._timestamp(frame.t_ms)
        with self._lock:
            self._pending[ts] = (frame.width, frame.height, frame.t_ms)
        self._landmarker.detect_async(to_mp_image(frame.image), ts)

    def _on_result(self, result: Any, image: mp.Image, ts: int) -> None:
        with self._lock:
            width, height, t_ms = self._pending.pop(ts, (image.width, image.height, ts))
            for stale in [key for key in self._pending if key < ts]:
                del self._pending[stale]  # frames MediaPipe dropped
        pose = self._choose(result, t_ms, width, height)
        assert self.on_pose is not None
        self.on_pose(pose)
