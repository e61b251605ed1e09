"""Counting on recordings of real people (and rendered variants), from their landmarks.

    python benchmarks/real_people.py [FOLDER ...] [--only PREFIX]

Each FOLDER holds landmark recordings (``<clip>.npz``, the format of ``posecoach.pose.recording``)
with a ``<clip>.json`` beside each: the exercises to analyse it as, and the hand-counted truth
(reps with their side; a rep marked ``optional`` may be counted or not). Default: the shared real
recordings (``../shared/real_poses``) and the project's own (``tests/data/real``, its
copy, where the shared folder is missing; ``tests/data/variants``). Every clip goes through
``posecoach.offline.analyze_recording``, the analysis ``posecoach analyze`` runs on a video.

Per clip and exercise it prints the counts against the truth, how the neutral was found and when,
and the notice the user is given. Then, per folder and over all: clips exact, reps counted against
the truth (over the rep clips), and reps counted on the negatives; and the analysis's cost a frame.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from real_truth import Expected, expected  # noqa: E402

SHARED = ROOT.parent / "shared" / "real_poses"
#: The shared real recordings where they are (else the project's copy), and the rendered variants.
DEFAULT_FOLDERS = (
    SHARED if SHARED.is_dir() else ROOT / "tests" / "data" / "real",
    ROOT / "tests" / "data" / "variants",
)
SIDES = ("left", "right")


def clips(folders: list[Path], only: str | None) -> list[Path]:
    found = []
    for folder in folders:
        if folder.is_dir():
            found += sorted(p for p in folder.glob("*.json") if p.with_suffix(".npz").exists())
    return [p for p in found if only is None or p.stem.startswith(only)]


@dataclass
class Tally:
    """Runs counted exactly, reps against the truth, and reps on the negatives, of one folder."""

    exact: int = 0
    runs: int = 0
    counted: int = 0
    truth: int = 0
    optional: int = 0
    negative_reps: int = 0
    negative_runs: int = 0

    def add(self, ok: bool, total: int, allowed: Expected, negative: bool) -> None:
        self.runs += 1
        self.exact += ok
        if negative:
            self.negative_runs += 1
            self.negative_reps += total
        else:
            self.counted += min(total, allowed.high["total"])
            self.truth += allowed.low["total"]
            self.optional += allowed.high["total"] - allowed.low["total"]

    def merge(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def report(self) -> None:
        print(f"  clips exact: {self.exact} of {self.runs} runs")
        print(
            f"  reps counted on the rep clips: {self.counted} (truth: {self.truth} firm reps and {self.optional} optional)"
        )
        print(f"  reps counted on the negatives: {self.negative_reps} over {self.negative_runs} runs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--only", help="only the clips whose name starts with this")
    args = parser.parse_args()

    from posecoach.exercises import get_exercise
    from posecoach.offline import analyze_recording

    paths = clips(args.folders or [f for f in DEFAULT_FOLDERS], args.only)
    if not paths:
        print("no landmark recordings found", file=sys.stderr)
        return 1
    tallies: dict[Path, Tally] = {}
    frames, cpu = 0, 0.0
    started = time.perf_counter()
    print(f"{'clip':44} {'exercise':18} {'counted (L/R/total)':21} {'truth':13} calibration")
    for path in paths:
        meta = json.loads(path.read_text())
        allowed = expected(meta)
        tally = tallies.setdefault(path.parent, Tally())
        for exercise in meta["analyze_as"]:
            cpu_start = time.process_time()
            result = analyze_recording(path.with_suffix(".npz"), exercise)
            cpu += time.process_time() - cpu_start
            frames += result.frames
            per_side = get_exercise(exercise).per_side
            c = result.counts
            ok = allowed.allows(c, per_side)
            tally.add(ok, c["total"], allowed, bool(meta.get("negative")))
            got = f"{c['left']}/{c['right']}/{c['total']}" if per_side else f"{c['total']}"
            want = "/".join(allowed.show(k) for k in (*SIDES, "total")) if per_side else allowed.show("total")
            how = (
                f"{result.calibration_method} at {result.calibrated_at_s:.1f} s"
                if result.calibration_method
                else "none"
            )
            mark = "ok " if ok else "XX "
            print(f"{mark}{path.stem[:41]:41} {exercise:18} {got:21} {want:13} {how}")
            if result.notice:
                print(f"      notice: {result.notice}")
    elapsed = time.perf_counter() - started
    for folder, tally in tallies.items():
        print(f"\n{folder}:")
        tally.report()
    if len(tallies) > 1:
        print("\nall:")
        everything = Tally()
        for tally in tallies.values():
            everything.merge(tally)
        everything.report()
    print(
        f"\nanalysis (loading the recording included): {1000 * cpu / max(frames, 1):.3f} ms of CPU a frame, "
        f"{1000 * elapsed / max(frames, 1):.3f} ms wall-clock, over {frames} frames (landmarks given)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
