"""What another pose model costs a frame against the shipped full one (the bare landmarker).

Both run on the same decoded frames, in the same process, in alternating rounds, as the live
loop's bare baseline (``bare_landmarker.py``): PoseLandmarker in VIDEO mode with posecoach's
options. Its accuracy is ``accuracy.py --model TASK``'s.

    python benchmarks/model_cost.py --model models/pose_landmarker_heavy.task [--video FILE] [--rounds 2]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from bare_landmarker import bare, decoded  # same directory

from posecoach.pose.estimator import EstimatorSettings

DEFAULT_VIDEO = Path(__file__).resolve().parent.parent / "posecoach" / "data" / "demo_side_bend.mp4"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="the .task bundle to compare with the shipped one")
    parser.add_argument("--video", type=Path, default=DEFAULT_VIDEO)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    shipped, other = EstimatorSettings(num_poses=1), EstimatorSettings(num_poses=1, model=args.model)
    rgb = decoded(args.video)
    fps: dict[str, list[float]] = {"shipped full": [], Path(args.model).name: []}
    for _ in range(args.rounds):
        for (name, runs), settings in zip(fps.items(), (shipped, other)):
            runs.append(bare(rgb, settings))
    medians = [statistics.median(runs) for runs in fps.values()]
    for name, rate in zip(fps, medians):
        print(f"{name:30s} {rate:6.1f} fps  ({1000 / rate:.1f} ms/frame)")
    print(f"cost against the shipped model: {medians[0] / medians[1]:.2f}x the time a frame")


if __name__ == "__main__":
    main()
