"""``posecoach analyze`` against the plain MediaPipe script (``plain_script.py``), as whole
processes, on a 640x480 and a 1280x720 clip.

The clips are made at run time from the shipped demo (its first ``--seconds``, H.264 as phones
record), in a temporary folder. Rounds alternate between the two programs and the two sizes so
that machine noise hits both alike. Prints each one's frames per second (frames / wall time of
the whole process, start-up included) and the ratio posecoach / plain per size (target >= 1.2),
with the machine's load before and after, and the CPU time each used per frame (all threads:
what the work costs, whatever the load; posecoach spreads it over the cores).

    python benchmarks/analyze_throughput.py [--rounds 3] [--seconds 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av

HERE = Path(__file__).resolve().parent
DEMO = HERE.parent / "posecoach" / "data" / "demo_side_bend.mp4"
SIZES = ((640, 480), (1280, 720))


def make_clip(out: Path, size: tuple[int, int], seconds: float) -> int:
    """The demo's first ``seconds`` scaled to ``size``, H.264; returns the frame count."""
    frames = 0
    with av.open(str(DEMO)) as source, av.open(str(out), "w") as sink:
        video = source.streams.video[0]
        rate = video.average_rate or 30
        stream = sink.add_stream("libx264", rate=rate, options={"crf": "20", "preset": "fast"})
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for frame in source.decode(video):
            if frames >= seconds * float(rate):
                break
            scaled = frame.reformat(width=size[0], height=size[1], format="yuv420p")
            sink.mux(stream.encode(scaled))
            frames += 1
        sink.mux(stream.encode())
    return frames


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (all threads) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; load average before: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        clips = {}
        for size in SIZES:
            path = Path(tmp) / f"demo_{size[0]}x{size[1]}.mp4"
            clips[size] = (path, make_clip(path, size, args.seconds))
        programs = {
            "plain script": lambda clip: [sys.executable, str(HERE / "plain_script.py"), str(clip)],
            "posecoach analyze": lambda clip: [
                sys.executable,
                "-m",
                "posecoach",
                "analyze",
                str(clip),
                "--exercise",
                "side_bend",
                "--json",
                str(Path(tmp) / "out.json"),
            ],
        }
        seconds: dict[tuple[str, tuple[int, int]], list[float]] = {}
        cpu: dict[tuple[str, tuple[int, int]], list[float]] = {}
        for round_ in range(args.rounds):
            order = list(programs) if round_ % 2 == 0 else list(reversed(programs))
            for size in SIZES:
                for name in order:
                    wall, used = timed(programs[name](clips[size][0]))
                    seconds.setdefault((name, size), []).append(wall)
                    cpu.setdefault((name, size), []).append(used)
    print(f"load average after: {load()}  ({args.rounds} alternating rounds, median wall time)")
    for size in SIZES:
        frames = clips[size][1]
        fps = {name: frames / statistics.median(seconds[(name, size)]) for name in programs}
        print(f"{size[0]}x{size[1]}, {frames} frames:")
        for name, value in fps.items():
            print(
                f"  {name:18s} {value:6.1f} fps  ({statistics.median(seconds[(name, size)]):.1f} s wall, "
                f"{statistics.median(cpu[(name, size)]) / frames * 1000:.1f} ms CPU per frame)"
            )
        print(f"  ratio analyze/plain {fps['posecoach analyze'] / fps['plain script']:6.2f}  (target >= 1.2)")


if __name__ == "__main__":
    main()
