"""Throughput of posecoach's frame source + estimator against bare MediaPipe Pose Landmarker.

Both run on the same decoded frames, in the same process, alternating rounds so machine noise
hits both alike. Bare = PoseLandmarker in VIDEO mode with the tracker's options (one pose), fed
RGB frames prepared in advance; posecoach = MemorySource -> PoseEstimator.estimate (BGR->RGB
conversion, conversion to our Pose type, choosing the user, with a look for everyone in view
now and then when ``--num-poses`` > 1). Target: ratio >= 0.95.

    python benchmarks/pose_throughput.py [--video FILE] [--rounds 3] [--num-poses 2]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import cv2
import mediapipe as mp
from mediapipe.tasks.python import vision

from posecoach.pose.estimator import EstimatorSettings, PoseEstimator, landmarker_options
from posecoach.pose.model import resolve_model
from posecoach.video import MemorySource, VideoFileSource

DEFAULT_VIDEO = Path(__file__).resolve().parent.parent / "tests" / "data" / "sports2d_two_walkers.mp4"


def load_frames(video: Path, settings: EstimatorSettings, rounds: int) -> tuple[list, list]:
    """Decode ``video`` once: BGR frames for posecoach, RGB copies for the bare baseline."""
    with VideoFileSource(video) as source:
        images = [frame.image for frame in source]
    height, width = images[0].shape[:2]
    print(
        f"{video.name}: {len(images)} frames {width}x{height}, num_poses={settings.num_poses}, "
        f"{rounds} alternating rounds"
    )
    return images, [cv2.cvtColor(image, cv2.COLOR_BGR2RGB) for image in images]


def bare(images_rgb: list, settings: EstimatorSettings) -> float:
    options = landmarker_options(settings, resolve_model(settings.model))
    with vision.PoseLandmarker.create_from_options(options) as landmarker:
        start = time.perf_counter()
        for index, rgb in enumerate(images_rgb):
            landmarker.detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb), round(index * 1000 / 30))
        return len(images_rgb) / (time.perf_counter() - start)


def posecoach(images_bgr: list, settings: EstimatorSettings) -> float:
    with PoseEstimator(settings) as estimator:
        start = time.perf_counter()
        for frame in MemorySource(images_bgr, fps=30):
            estimator.estimate(frame)
        return len(images_bgr) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video", type=Path, default=DEFAULT_VIDEO)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--num-poses", type=int, default=EstimatorSettings().num_poses)
    args = parser.parse_args()

    settings = EstimatorSettings(num_poses=args.num_poses)
    images, rgb = load_frames(args.video, settings, args.rounds)
    bare_fps, ours_fps = [], []
    for _ in range(args.rounds):
        bare_fps.append(bare(rgb, settings))
        ours_fps.append(posecoach(images, settings))
    b, o = statistics.median(bare_fps), statistics.median(ours_fps)
    print(f"bare PoseLandmarker     {b:7.1f} fps  ({1000 / b:.1f} ms/frame)")
    print(f"posecoach source+pose   {o:7.1f} fps  ({1000 / o:.1f} ms/frame)")
    print(f"ratio posecoach/bare    {o / b:7.3f}  (target >= 0.95)")


if __name__ == "__main__":
    main()
