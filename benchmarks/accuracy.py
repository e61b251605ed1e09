"""Accuracy of the analysis engine against independent truth: synthetic poses and rendered clips.

    python benchmarks/accuracy.py [--clips DIR ...] [--cache DIR] [--no-clips] [--only PREFIX] [--no-robustness]
                                  [--model TASK]

It ends with benchmarks/robustness.py's tables: each rendered clip with and without its still
lead-in, and the reps counted on every distractor in every exercise.

Synthetic suite: the scenarios of tests/scenarios.py (kinematic body model). Rendered clips: every
``*.mp4`` in DIR with a ``*.truth.json`` beside it (default tests/data/clips; the full benchmark set
is defined in benchmarks/accuracy_set.py and rendered with the renderer, too big to commit), run
through real MediaPipe (poses cached in --cache, if given). Per exercise it prints rep counts, the
primary metric's peak error and per-frame error, the left/right bias (mean signed peak error of the
user's left reps minus that of the right reps, in magnitude; angle errors leave out partial reps
and the reps the exercise coach itself marks low-confidence), and per fault code its precision (right /
flagged) and recall (benchmarks/fault_score.py says what counts as right), on the clips its
thresholds were fitted on and on those they were only checked on (``accuracy_set.role_of``) apart,
with the false flags per clean clip; then the same over every exercise. The exercise coach's target is the clip's full
range (the truth's non-partial peaks) and its hold the clip's scripted hold, as a user's adapted
target and hold would be.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import robustness  # noqa: E402
from accuracy_set import role_of  # noqa: E402
from fault_score import FaultTally  # noqa: E402
from pose_cache import load_poses  # noqa: E402

from posecoach.coach.events import Rep  # noqa: E402
from posecoach.coach.exercise_coach import CoachSettings, ExerciseCoach  # noqa: E402
from scenarios import CLEAN, FAULTS, IDLE, run  # noqa: E402

#: Faults that the benchmark set injects per exercise (others cannot be judged on it).
#: The truth's metric within this of 0: the body at rest (for the reading a still body is given).
REST_DEG = 1.0
ALL_EXERCISES = ("side_bend", "standing_twist", "seated_twist", "cat_cow", "forward_fold")


class Tally:
    def __init__(self) -> None:
        self.clips = self.exact = 0
        self.peak_err: list[float] = []
        self.cow_err: list[float] = []  # cat-cow: the cow's peak, signed (negative: read deeper)
        self.frame_err: list[float] = []
        self.signed: dict[str, list[float]] = defaultdict(list)
        # The same, leaving out the reps in which the pelvis gives part of the turn (the set puts
        # them all on one side): there the movement differs between sides.
        self.signed_same: dict[str, list[float]] = defaultdict(list)
        self.peak_err_same: list[float] = []
        self.peak_err_hips: list[float] = []  # and those reps alone, |peak| error
        self.at_rest: list[float] = []  # per clip: the metric's median while the truth is at rest
        self.faults = FaultTally()
        self.low_conf = self.reps = 0

    def report(self, title: str) -> None:
        print(f"\n{title}")
        if not self.clips:
            print("  (none)")
            return
        print(
            f"  clips {self.clips}: exact counts {self.exact}/{self.clips}; reps {self.reps}, "
            f"low confidence {self.low_conf}"
        )
        if self.peak_err:
            e = np.abs(self.peak_err)
            print(
                f"  peak error: mean {e.mean():.1f}, median {np.median(e):.1f}, 90th pct "
                f"{np.percentile(e, 90):.1f}, max {e.max():.1f} deg over {len(e)} reps; "
                f"signed mean {np.mean(self.peak_err):+.1f}"
            )
        if self.cow_err:
            print(
                f"  the cow's peak error: {min(self.cow_err):+.1f} to {max(self.cow_err):+.1f} deg "
                f"(negative: read deeper), mean {np.mean(self.cow_err):+.1f}, over {len(self.cow_err)} reps"
            )
        if self.frame_err:
            e = np.abs(self.frame_err)
            print(
                f"  frame error: mean {e.mean():.1f}, median {np.median(e):.1f}, 90th pct "
                f"{np.percentile(e, 90):.1f} deg over {len(e)} frames"
            )
        if self.signed["left"] and self.signed["right"]:
            bias = np.mean(self.signed["left"]) - np.mean(self.signed["right"])
            print(
                f"  left/right bias {bias:+.1f} deg (|peak| error left {np.mean(self.signed['left']):+.1f}, "
                f"right {np.mean(self.signed['right']):+.1f})"
            )
        if self.signed_same["left"] and self.signed_same["right"] and self.signed_same != self.signed:
            e = np.abs(self.peak_err_same)
            same = self.signed_same
            print(
                f"  without the reps where the hips turn too: peak error mean {e.mean():.1f}, 90th pct "
                f"{np.percentile(e, 90):.1f}, max {e.max():.1f} deg over {len(e)} reps; left/right bias "
                f"{np.mean(same['left']) - np.mean(same['right']):+.1f} deg"
            )
            if self.peak_err_hips:
                print(
                    f"  the reps where the hips turn too read {min(self.peak_err_hips):+.1f} to "
                    f"{max(self.peak_err_hips):+.1f} deg wide over {len(self.peak_err_hips)} reps"
                )
        if self.at_rest:
            print(
                f"  reading at rest after calibration (truth within {REST_DEG:.0f} deg of 0), per clip: "
                f"{min(self.at_rest):+.1f} to {max(self.at_rest):+.1f} deg"
            )
        if self.faults.clips:
            self.faults.report()


def synthetic() -> Tally:
    tally = Tally()
    for scenario in [*CLEAN, *FAULTS, *IDLE]:
        exercise_coach = run(scenario.make(), scenario.exercise)
        tally.clips += 1
        tally.exact += exercise_coach.counts == scenario.counts
        if scenario.peak_deg:
            tally.peak_err += [abs(rep.peak_deg) - scenario.peak_deg for rep in exercise_coach.reps]
    return tally


def settings_for(truth: dict) -> CoachSettings:
    full = [abs(r["peak_deg"]) for r in truth["reps"] if "partial_range" not in r["faults"]]
    hold = truth["tempo"]["hold_s"] if truth["exercise"] in ("forward_fold", "seated_twist") else None
    return CoachSettings(target_deg=round(float(np.median(full)), 1) if full else None, hold_s=hold)


def match(reps: list[Rep], truth_reps: list[dict]) -> list[tuple[Rep, dict]]:
    """Each counted rep with the truth rep whose span holds its peak."""
    pairs = []
    for rep in reps:
        for want in truth_reps:
            if want["start_s"] - 0.5 <= rep.peak_s <= want["end_s"] + 0.5:
                pairs.append((rep, want))
                break
    return pairs


def analyse(poses, exercise: str, settings: CoachSettings) -> tuple[ExerciseCoach, list[float]]:
    exercise_coach = ExerciseCoach(exercise, settings)
    values = []
    for pose in poses:
        exercise_coach.update(pose)
        v = exercise_coach.state.value
        values.append(math.nan if v is None or exercise_coach.neutral is None else v)
    exercise_coach.finish()
    return exercise_coach, values


def clips(folders: list[Path], cache: Path | None, only: str | None, model: str | None = None) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    found = {p.name: p for folder in reversed(folders) for p in folder.glob("*.truth.json")}  # a name once
    for truth_path in sorted(found.values(), key=lambda p: p.name):
        if only and not truth_path.name.startswith(tuple(only.split(","))):
            continue
        truth = json.loads(truth_path.read_text())
        video = truth_path.with_name(truth_path.name.replace(".truth.json", ".mp4"))
        poses = load_poses(video, cache, model)
        exercises = [truth["exercise"]] if not truth.get("distractor") else list(ALL_EXERCISES)
        for exercise in exercises:
            exercise_coach, values = analyse(poses, exercise, settings_for(truth))
            t = tallies[exercise]
            t.clips += 1
            t.exact += exercise_coach.counts == truth["counts"]
            t.reps += len(exercise_coach.reps)
            t.low_conf += sum(r.low_confidence for r in exercise_coach.reps)
            pairs = match(exercise_coach.reps, truth["reps"])
            for rep, want in pairs:
                if "partial_range" not in want["faults"] and not rep.low_confidence:
                    err = rep.peak_deg - want["peak_deg"]
                    t.peak_err.append(err)
                    if "cow_peak_deg" in want and "cow_peak_deg" in rep.extra:
                        t.cow_err.append(rep.extra["cow_peak_deg"] - want["cow_peak_deg"])
                    hips_turn = "hips_rotating" in want["faults"]
                    if hips_turn:  # in magnitude: how much wider the turn reads
                        t.peak_err_hips.append(abs(rep.peak_deg) - abs(want["peak_deg"]))
                    else:
                        t.peak_err_same.append(err)
                    if want["side"]:
                        t.signed[want["side"]].append(abs(rep.peak_deg) - abs(want["peak_deg"]))
                        if not hips_turn:
                            t.signed_same[want["side"]].append(abs(rep.peak_deg) - abs(want["peak_deg"]))
            role = role_of(truth_path.name.removesuffix(".truth.json"))
            wrong = t.faults.add(video.stem, role, truth, exercise_coach, pairs)
            if not truth.get("distractor"):
                frames = np.genfromtxt(
                    truth_path.with_name(truth_path.name.replace(".json", ".csv")), delimiter=",", names=True
                )
                ours = np.array(values)
                want_m = frames[exercise_coach.spec.metric][: len(ours)]
                ok = np.isfinite(ours[: len(want_m)])
                t.frame_err += (ours[: len(want_m)][ok] - want_m[ok]).tolist()
                rest = ok & (np.abs(want_m) < REST_DEG)
                if rest.any():
                    t.at_rest.append(float(np.median(ours[: len(want_m)][rest])))
            peaks = " ".join(
                f"{r.peak_deg:+.0f}/{w['peak_deg']:+.0f}" + ("*" if r.low_confidence else "") for r, w in pairs
            )
            print(
                f"  {video.name} ({role}) as {exercise}: counts {exercise_coach.counts['total']}/{truth['counts']['total']}"
                f" peaks {peaks} faults {[list(r.faults) for r in exercise_coach.reps]} wrong {wrong}"
                f" conf {[round(r.confidence, 2) for r in exercise_coach.reps]}",
                flush=True,
            )
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clips", type=Path, nargs="+", default=[ROOT / "tests" / "data" / "clips"], help="folders of rendered clips"
    )
    parser.add_argument("--cache", type=Path, help="folder for cached MediaPipe poses")
    parser.add_argument("--only", help="comma-separated clip name prefixes")
    parser.add_argument("--no-clips", action="store_true", help="only the synthetic suite")
    parser.add_argument("--no-synthetic", action="store_true", help="only the rendered clips")
    parser.add_argument("--no-robustness", action="store_true", help="skip the lead-in and distractor tables")
    parser.add_argument("--model", help="a pose landmarker .task bundle (default: the shipped full model)")
    args = parser.parse_args()
    if not args.no_synthetic:
        synthetic().report("Synthetic suite (kinematic body model)")
    if not args.no_clips:
        missing = [str(folder) for folder in args.clips if not folder.is_dir()]
        if missing:
            sys.exit(f"no clip folder {', '.join(missing)}: render benchmarks/accuracy_set.py or pass --clips DIR")
        print(f"\nRendered clips in {', '.join(map(str, args.clips))} (real MediaPipe):")
        everything = FaultTally()
        for exercise, tally in sorted(clips(args.clips, args.cache, args.only, args.model).items()):
            tally.report(f"{exercise} (rendered)")
            everything.merge(tally.faults)
        print("\nFaults over every exercise (fit: clips the thresholds were chosen on; check: only measured)")
        everything.report()
        for role in ("fit", "check"):
            print(f"  {role} clips: {', '.join(sorted(everything.clips[role])) or '-'}")
    if not args.no_robustness:
        # With and without the still lead-in, side by side, and reps on every distractor.
        argv = ["--cache", str(args.cache)] if args.cache else []
        robustness.main(argv + (["--model", args.model] if args.model else []))


if __name__ == "__main__":
    main()
