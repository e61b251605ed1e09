"""The plain MediaPipe script a user would write: the baseline ``analyze_throughput.py`` and
``live_loop.py`` compare posecoach with.

OpenCV decodes the file, converts each frame to RGB, and Pose Landmarker (VIDEO mode,
``num_poses=1``, the shipped full model) estimates the pose. Prints the frame count and time.

    python benchmarks/plain_script.py VIDEO
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import cv2
import mediapipe as mp
from mediapipe.tasks.python import BaseOptions, vision

MODEL = Path(__file__).resolve().parent.parent / "models" / "pose_landmarker_full.task"


def main() -> None:
    start = time.perf_counter()
    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(MODEL)),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=1,
    )
    capture = cv2.VideoCapture(sys.argv[1])
    fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    found = frames = 0
    with vision.PoseLandmarker.create_from_options(options) as landmarker:
        while True:
            ok, bgr = capture.read()
            if not ok:
                break
            rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
            result = landmarker.detect_for_video(
                mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb), round(frames * 1000 / fps)
            )
            found += bool(result.pose_landmarks)
            frames += 1
    print(f"{frames} frames, a person in {found}, {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
