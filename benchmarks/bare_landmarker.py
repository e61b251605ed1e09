"""The benchmarks' baseline: MediaPipe's PoseLandmarker alone, through its public API, on frames
decoded and converted to RGB in advance (``live_loop.py``, ``model_cost.py``)."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import mediapipe as mp
from mediapipe.tasks.python import vision

from posecoach.pose.estimator import EstimatorSettings, landmarker_options
from posecoach.pose.model import resolve_model
from posecoach.video import VideoFileSource


def decoded(video: Path) -> list:
    """Every frame of ``video`` in RGB, with a line saying what was read."""
    with VideoFileSource(video) as source:
        rgb = [cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB) for frame in source]
    print(f"{video.name}: {len(rgb)} frames {rgb[0].shape[1]}x{rgb[0].shape[0]}")
    return rgb


def bare(images_rgb: list, settings: EstimatorSettings) -> float:
    """Frames a second of PoseLandmarker with the tracker's options (VIDEO mode, one pose when
    tracking) over ``images_rgb``."""
    options = landmarker_options(settings, resolve_model(settings.model))
    with vision.PoseLandmarker.create_from_options(options) as landmarker:
        start = time.perf_counter()
        for index, rgb in enumerate(images_rgb):
            landmarker.detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb), round(index * 1000 / 30))
        return len(images_rgb) / (time.perf_counter() - start)
