"""Time from launching ``posecoach run --demo`` to its first coached frame (target <= 1.5 s).

Launches a fresh interpreter that runs the command (no window, a throw-away database) and
notes when the live loop has drawn its first frame: the clock starts just before the launch.
Prints the median of ``--rounds`` launches and the machine's load.

    python benchmarks/startup.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import os, sys, time
t0 = float(os.environ["STARTUP_T0"])
import posecoach.live as live
draw = live.LiveCoach._draw
def first(self, *args, **kwargs):
    image = draw(self, *args, **kwargs)
    print(f"FIRST {time.time() - t0:.3f} {time.process_time():.3f}", flush=True)
    os._exit(0)
live.LiveCoach._draw = first
from posecoach.cli import main
main(["run", "--demo", "--no-window", "--db", sys.argv[1]])
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    times, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            env = dict(os.environ, STARTUP_T0=repr(time.time()))
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(Path(tmp) / "s.db")],
                env=env,
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
            )
            line = next((x for x in out.stdout.splitlines() if x.startswith("FIRST ")), None)
            if line is None:
                raise SystemExit(f"no coached frame: {out.stderr.strip().splitlines()[-1:]}")
            times.append(float(line.split()[1]))
            cpu.append(float(line.split()[2]))
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"launch to first coached frame: median {statistics.median(times):.2f} s, "
        f"min {min(times):.2f} s over {args.rounds}  (target <= 1.5 s); "
        f"CPU time used by then: median {statistics.median(cpu):.2f} s (the wall time on an idle machine, roughly)"
    )


if __name__ == "__main__":
    main()
