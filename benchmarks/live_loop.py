"""The whole live loop against the plain MediaPipe script and bare Pose Landmarker, in one run.

Live loop = posecoach's worker (pose estimation, guided session, SQLite storage) and drawing
thread (overlay), with no window, fed from the video file as fast as it will take frames.
Plain = the script a user would write (``plain_script.py``: OpenCV decode, colour conversion,
PoseLandmarker VIDEO mode, ``num_poses=1``) on the same file. Bare = PoseLandmarker alone on the
same frames, decoded and converted in advance. Rounds alternate so machine noise hits all alike.
Prints the fps of each, the ratios (target live/plain >= 1.0) and the frame-to-overlay latency
(target p95 <= 40 ms), and the live loop's median time per frame in each stage (inference, analysis, drawing).
Then one more run of the live loop with the file played as a camera (``PacedFileSource``, at the
file's own rate): the latency a user sees, and the frames dropped.

    python benchmarks/live_loop.py [--video FILE] [--rounds 3] [--detect-every-frame]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import cv2
import mediapipe as mp
from bare_landmarker import bare, decoded  # same directory
from mediapipe.tasks.python import BaseOptions, vision

from posecoach.coach.guided import GuidedSession
from posecoach.live import LiveCoach, LiveSettings
from posecoach.pose.estimator import EstimatorSettings, PoseEstimator
from posecoach.pose.model import resolve_model
from posecoach.routines import find_routine
from posecoach.store import Store
from posecoach.store.recorder import RoutineRecorder
from posecoach.video import PacedFileSource, VideoFileSource

DEFAULT_VIDEO = Path(__file__).resolve().parent.parent / "posecoach" / "data" / "demo_side_bend.mp4"


def plain(video: Path) -> float:
    """The plain script's loop, timed from the first read to the last result."""
    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(resolve_model().path)),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=1,
    )
    with vision.PoseLandmarker.create_from_options(options) as landmarker:
        capture = cv2.VideoCapture(str(video))
        start, frames = time.perf_counter(), 0
        while True:
            ok, bgr = capture.read()
            if not ok:
                break
            rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
            landmarker.detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb), round(frames * 1000 / 30))
            frames += 1
        capture.release()
        return frames / (time.perf_counter() - start)


def live(
    video: Path, settings: EstimatorSettings, paced: bool = False
) -> tuple[float, float, float, int, dict[str, float], int]:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.db") as store:
        session = GuidedSession(find_routine("side_bend"), targets={0: 25.0}, instruct_s=0.0)
        sid = store.start_session("bench", routine="side_bend")
        with PoseEstimator(settings) as estimator:
            source = PacedFileSource(video) if paced else VideoFileSource(video)
            coach = LiveCoach(
                source,
                estimator,
                session,
                RoutineRecorder(store, sid, session),
                LiveSettings(window=False, summary_s=0),
            )
            summary = coach.run()
        s = summary.stats
        stages = {name: s.p(ms, 50) for name, ms in s.stage_ms.items()}
        return (
            s.fps,
            s.p(s.latency_ms, 50),
            s.p(s.latency_ms, 95),
            sum(c["total"] for _, c, _ in summary.exercises),
            stages,
            getattr(source, "dropped", 0),  # frames a camera-paced source dropped: the loop was busy
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video", type=Path, default=DEFAULT_VIDEO)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--detect-every-frame", action="store_true", help="posecoach with EstimatorSettings(track=False)"
    )
    args = parser.parse_args()
    settings = EstimatorSettings(track=not args.detect_every_frame)
    rgb = decoded(args.video)
    print(f"{os.cpu_count()} cores; load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    bare_fps, plain_fps, runs = [], [], []
    for round_ in range(args.rounds):
        steps = [
            lambda: plain_fps.append(plain(args.video)),
            lambda: runs.append(live(args.video, settings)),
            lambda: bare_fps.append(bare(rgb, settings)),
        ]
        for step in steps if round_ % 2 == 0 else reversed(steps):
            step()
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    b, p = statistics.median(bare_fps), statistics.median(plain_fps)
    o = statistics.median(r[0] for r in runs)
    print(f"bare PoseLandmarker      {b:7.1f} fps  (frames decoded and converted in advance)")
    print(f"plain script             {p:7.1f} fps  (OpenCV decode + RGB + num_poses=1)")
    print(f"posecoach live loop      {o:7.1f} fps  (reps counted: {runs[-1][3]})")
    print(f"ratio live/plain         {o / p:7.3f}  (target >= 1.0)")
    print(f"ratio live/bare          {o / b:7.3f}")
    print(
        f"frame-to-overlay latency p50 {statistics.median(r[1] for r in runs):.1f} ms, "
        f"p95 {statistics.median(r[2] for r in runs):.1f} ms"
    )
    stages = "  ".join(f"{name} {statistics.median(r[4][name] for r in runs):.1f}" for name in runs[0][4])
    print(f"live loop stages, median ms per frame: {stages}")
    fps, p50, p95, _, _, dropped = live(args.video, settings, paced=True)
    print(
        f"played as a camera ({fps:.1f} fps): frame-to-overlay latency p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
        f"{dropped} of {len(rgb)} frames dropped"
    )


if __name__ == "__main__":
    main()
