"""Accuracy of the analysis engine: counts, angles and faults, on synthetic poses and rendered clips.

    python benchmarks/accuracy.py [--clips DIR] [--no-clips]

Synthetic suite: the scenarios of tests/scenarios.py (clean movement, each fault injected, idle
standing), poses from the kinematic body model. Rendered clips: every ``*.mp4`` in DIR with a
``*.truth.json`` beside it (default tests/data/clips), through real MediaPipe. Prints the share of
clips with exact counts, off-by-one accuracy, the angle MAE per metric (rep peaks, and per frame
for the clips), and rep-level fault precision and recall.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from posecoach.analyze import analyze_video  # noqa: E402
from scenarios import CLEAN, FAULTS, IDLE, run  # noqa: E402


class Tally:
    def __init__(self) -> None:
        self.clips = self.exact = self.off_by_one = 0
        self.peak_err: dict[str, list[float]] = defaultdict(list)
        self.frame_err: dict[str, list[float]] = defaultdict(list)
        self.tp = self.fp = self.fn = 0

    def counts(self, got: dict[str, int], want: dict[str, int]) -> None:
        self.clips += 1
        self.exact += got == want
        self.off_by_one += all(abs(got[k] - want[k]) <= 1 for k in ("left", "right", "total"))

    def faults(self, got: dict[int, set[str]], want: dict[int, set[str]]) -> None:
        for index in set(got) | set(want):
            g, w = got.get(index, set()), want.get(index, set())
            self.tp += len(g & w)
            self.fp += len(g - w)
            self.fn += len(w - g)

    def report(self, title: str) -> None:
        print(f"\n{title}")
        if not self.clips:
            print("  (none)")
            return
        print(f"  clips {self.clips}: exact counts {self.exact / self.clips:.0%}, "
              f"off by at most one {self.off_by_one / self.clips:.0%}")
        for metric, errs in sorted(self.peak_err.items()):
            print(f"  {metric:22s} peak MAE {np.mean(errs):5.1f} deg over {len(errs)} reps")
        for metric, errs in sorted(self.frame_err.items()):
            print(f"  {metric:22s} frame MAE {np.mean(errs):5.1f} deg over {len(errs)} frames")
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        print(f"  faults: precision {precision:.2f}, recall {recall:.2f} (tp {self.tp}, fp {self.fp}, fn {self.fn})")


def synthetic() -> Tally:
    tally = Tally()
    for scenario in [*CLEAN, *FAULTS, *IDLE]:
        analyzer = run(scenario.make(), scenario.exercise)
        tally.counts(analyzer.counts, scenario.counts)
        if scenario.peak_deg:
            for rep in analyzer.reps:
                tally.peak_err[scenario.metric].append(abs(abs(rep.peak_deg) - scenario.peak_deg))
        if scenario.faults is not None:
            tally.faults({r.index: set(r.faults) for r in analyzer.reps},
                         {i: set(c) for i, c in scenario.faults.items()})
    return tally


def clips(folder: Path) -> Tally:
    tally = Tally()
    for truth_path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text())
        video = truth_path.with_name(truth_path.name.replace(".truth.json", ".mp4"))
        exercises = [truth["exercise"]] if truth["exercise"] != "idle" else [
            "side_bend", "standing_twist", "seated_twist", "cat_cow", "forward_fold"]
        for exercise in exercises:
            result = analyze_video(video, exercise)
            tally.counts(result.counts, truth["counts"])
            for rep, want in zip(result.reps, truth["reps"]):
                tally.peak_err[result.metric].append(abs(rep.peak_deg - want["peak_deg"]))
            tally.faults({r.index: set(r.faults) for r in result.reps},
                         {r["index"]: set(r["faults"]) for r in truth["reps"]})
            frames = np.genfromtxt(truth_path.with_name(truth_path.name.replace(".json", ".csv")),
                                   delimiter=",", names=True)
            if truth["exercise"] != "idle":
                ours = np.array([np.nan if row.metric is None else row.metric for row in result.trace])
                want = frames[result.metric][: len(ours)]
                ok = np.isfinite(ours)
                tally.frame_err[result.metric].extend(np.abs(ours[ok] - want[ok]).tolist())
            print(f"  {video.name} as {exercise}: counts {result.counts} (truth {truth['counts']})", flush=True)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, default=ROOT / "tests" / "data" / "clips")
    parser.add_argument("--no-clips", action="store_true", help="only the synthetic suite")
    args = parser.parse_args()
    synthetic().report("Synthetic suite (kinematic body model)")
    if not args.no_clips:
        print(f"\nRendered clips in {args.clips} (real MediaPipe):")
        clips(args.clips).report("Rendered clips")


if __name__ == "__main__":
    main()
