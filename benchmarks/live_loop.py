"""The whole live loop against bare MediaPipe Pose Landmarker, on the same frames in one run.

Live loop = posecoach's worker (pose estimation, guided session, SQLite storage) and drawing
thread (overlay), with no window, fed as fast as it will take frames. Bare = PoseLandmarker in
VIDEO mode on the same frames, prepared in advance. Rounds alternate so machine noise hits both.
Prints the fps of both, their ratio (target >= 0.90) and the p95 frame-to-overlay latency.

    python benchmarks/live_loop.py [--video FILE] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from pose_throughput import bare, load_frames  # noqa: E402  (same directory)

from posecoach.coach.guided import GuidedSession
from posecoach.live import LiveCoach, LiveSettings
from posecoach.pose.estimator import EstimatorSettings, PoseEstimator
from posecoach.routines import find_routine
from posecoach.store import Store
from posecoach.store.recorder import RoutineRecorder
from posecoach.video import MemorySource

DEFAULT_VIDEO = Path(__file__).resolve().parent.parent / "posecoach" / "data" / "demo_side_bend.mp4"


def live(images: list, settings: EstimatorSettings) -> tuple[float, float, float, int]:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.db") as store:
        session = GuidedSession(find_routine("side_bend"), targets={0: 25.0}, instruct_s=0.0)
        sid = store.start_session("bench", routine="side_bend")
        with PoseEstimator(settings) as estimator:
            coach = LiveCoach(MemorySource(images, fps=30), estimator, session, RoutineRecorder(store, sid, session),
                              LiveSettings(window=False, summary_s=0))
            summary = coach.run()
        s = summary.stats
        return s.fps, s.p(s.latency_ms, 50), s.p(s.latency_ms, 95), sum(c["total"] for _, c, _ in summary.exercises)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video", type=Path, default=DEFAULT_VIDEO)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = EstimatorSettings()
    images, rgb = load_frames(args.video, settings, args.rounds)
    bare_fps, runs = [], []
    for _ in range(args.rounds):
        bare_fps.append(bare(rgb, settings))
        runs.append(live(images, settings))
    b = statistics.median(bare_fps)
    o = statistics.median(r[0] for r in runs)
    print(f"bare PoseLandmarker      {b:7.1f} fps")
    print(f"posecoach live loop      {o:7.1f} fps  (reps counted: {runs[-1][3]})")
    print(f"ratio live/bare          {o / b:7.3f}  (target >= 0.90)")
    print(f"frame-to-overlay latency p50 {statistics.median(r[1] for r in runs):.1f} ms, "
          f"p95 {statistics.median(r[2] for r in runs):.1f} ms")


if __name__ == "__main__":
    main()
