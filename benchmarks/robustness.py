"""Robustness of counting to what real recordings do: no still start, and movements that are not
the exercise.

    python benchmarks/robustness.py [--clips DIR ...] [--distractors VIDEO ...] [--cache DIR]

1. Every rendered clip in the DIRs (default tests/data/clips and tests/data/robust; ``*.mp4`` with a
   ``*.truth.json``; clips rendered with no lead-in show the same counts in both columns) is run
   through real MediaPipe twice: as rendered (a still lead-in) and with the lead-in cut off, so that
   the first rep starts with the recording. Side by side: the counts against the truth, how the
   neutral was found, and the angle error of the first neutral found on the cut clip: the median
   |counted signal with that neutral - counted signal with the truth's neutral| over the cut clip's
   frames (the truth's neutral is the median over the truth's still window, as MediaPipe sees it).
2. Every distractor (rendered idle standing, arm raises and an oblique twist, the real footage in
   tests/data, and synthetic squats, lunges, reaching and arm raises, front and side-on) in every
   exercise: reps counted (should be 0).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pose_cache import load_poses  # noqa: E402  (same directory)

from posecoach.body.calibration import Neutral, view_of  # noqa: E402
from posecoach.body.metrics import measure  # noqa: E402
from posecoach.body.neutral import Sample, neutral_from  # noqa: E402
from posecoach.body.signals import compute_signals  # noqa: E402
from posecoach.body.view import arm_elevations  # noqa: E402
from posecoach.coach.events import CalibrationDone  # noqa: E402
from posecoach.coach.exercise_coach import ExerciseCoach  # noqa: E402
from posecoach.exercises import EXERCISES  # noqa: E402
from posecoach.pose.types import Pose  # noqa: E402

DISTRACTORS = [
    ROOT / "tests/data/clips/idle_front.mp4",
    ROOT / "tests/data/robust/arm_raises.mp4",
    ROOT / "tests/data/robust/tw_oblique.mp4",
    ROOT / "tests/data/pose2sim_single_cam01.mp4",
    ROOT / "tests/data/pose2sim_single_cam02.mp4",
    ROOT / "tests/data/sports2d_two_walkers.mp4",
]


def cut(poses: list[Pose], start_s: float) -> list[Pose]:
    """The recording from ``start_s`` on, its clock restarting at 0."""
    shift = round(start_s * 1000)
    return [replace(p, t_ms=p.t_ms - shift) for p in poses if p.t_ms >= shift]


def analyse(poses: Iterable[Pose], exercise: str) -> tuple[ExerciseCoach, Neutral | None, str]:
    """Run an exercise coach; returns it, the first neutral it found and how ("still"/"inferred" -> final)."""
    exercise_coach, first, how = ExerciseCoach(exercise), None, "-"
    for pose in poses:
        for event in exercise_coach.update(pose):
            if first is None and isinstance(event, CalibrationDone):
                first, how = exercise_coach.neutral, str(exercise_coach.calibration)
    exercise_coach.finish()
    if first is None:
        first, how = exercise_coach.neutral, str(exercise_coach.calibration or "-")
    final = exercise_coach.calibration or "-"
    return exercise_coach, first, how if how == final else f"{how}->{final}"


def neutral_error(poses: list[Pose], exercise: str, found, truth_neutral) -> float:
    """Median |drive with ``found`` - drive with the truth's neutral| over the frames in view, degrees."""
    spec = EXERCISES[exercise]
    diffs = []
    for pose in poses:
        m = measure(pose)
        if m is None or view_of(m, spec.view_limits) != spec.view:
            continue
        a = compute_signals(m, found).get(spec.drive)
        b = compute_signals(m, truth_neutral).get(spec.drive)
        if np.isfinite(a) and np.isfinite(b):
            diffs.append(abs(a - b))
    return float(np.median(diffs)) if diffs else float("nan")


def truth_neutral(poses: list[Pose], window: dict[str, float]):
    samples = [
        Sample(m, arm_elevations(p))
        for p in poses
        if window["start_s"] <= p.t_s <= window["end_s"] and (m := measure(p)) is not None
    ]
    return neutral_from(samples, window["start_s"], window["end_s"]) if samples else None


def lead_in_table(folders: list[Path], cache: Path | None, model: str | None = None) -> None:
    print("\nRendered clips with and without their still lead-in (real MediaPipe)")
    print(
        f"  {'clip':30s} {'truth':>9s} | {'with lead-in':>12s} {'neutral':>15s} | {'cut':>9s} {'neutral':>15s} "
        f"{'first neutral err':>17s}"
    )
    exact = {"with": 0, "cut": 0}
    errors = []
    clips = sorted(p for folder in folders for p in folder.glob("*.mp4") if p.with_suffix(".truth.json").exists())
    # Distractors, and bodies filmed obliquely (not in the exercise's view: no reps expected), are
    # in the distractor table.
    clips = [
        c
        for c in clips
        if not (t := json.loads(c.with_suffix(".truth.json").read_text())).get("distractor")
        and abs(float(t["render_args"].get("yaw") or 0.0)) < 30.0
    ]
    for clip in clips:
        truth = json.loads(clip.with_suffix(".truth.json").read_text())
        exercise, want = truth["exercise"], truth["counts"]
        poses = load_poses(clip, cache, model)
        full, _, how_full = analyse(poses, exercise)
        lead = float(truth["render_args"].get("lead_in", truth["neutral"]["end_s"]))
        short = cut(poses, lead)
        sliced, first, how_cut = analyse(short, exercise)
        reference = truth_neutral(poses, truth["neutral"])
        err = neutral_error(short, exercise, first, reference) if first and reference else float("nan")
        errors.append(err)
        exact["with"] += full.counts == want
        exact["cut"] += sliced.counts == want
        fmt = lambda c: f"{c['left']}/{c['right']}/{c['total']}"  # noqa: E731
        print(
            f"  {clip.stem:30s} {fmt(want):>9s} | {fmt(full.counts):>12s} {how_full:>15s} | "
            f"{fmt(sliced.counts):>9s} {how_cut:>15s} {err:9.1f} deg"
        )
    n = len(clips)
    print(
        f"  exact counts: with lead-in {exact['with']}/{n}, lead-in cut {exact['cut']}/{n}; "
        f"neutral error median {np.nanmedian(errors):.1f} deg, max {np.nanmax(errors):.1f} deg"
        if n
        else "  (no clips)"
    )


def synthetic_distractors() -> dict[str, list[Pose]]:
    from test_robustness import CAMERAS, distractors

    out = {}
    for name, make in distractors().items():
        for view, camera in CAMERAS.items():
            made = make(camera)
            out[f"synthetic {name} ({view})"] = made if isinstance(made, list) else made.poses()
    return out


def distractor_table(videos: list[Path], cache: Path | None, model: str | None = None) -> None:
    print("\nDistractors: reps counted in each exercise (should all be 0)")
    names = list(EXERCISES)
    print(f"  {'distractor':34s} " + " ".join(f"{n[:14]:>14s}" for n in names))
    sets = {v.stem: load_poses(v, cache, model) for v in videos if v.exists()}
    sets.update(synthetic_distractors())
    total = 0
    for name, poses in sets.items():
        row = []
        for exercise in names:
            reps = analyse(poses, exercise)[0].counts["total"]
            total += reps
            row.append(reps)
        print(f"  {name[:34]:34s} " + " ".join(f"{r:>14d}" for r in row))
    print(f"  reps on distractors: {total} over {len(sets)} distractors x {len(names)} exercises")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clips", type=Path, nargs="*", default=[ROOT / "tests/data/clips", ROOT / "tests/data/robust"]
    )
    parser.add_argument("--distractors", type=Path, nargs="*", default=DISTRACTORS)
    parser.add_argument("--cache", type=Path, default=None, help="keep MediaPipe's poses here between runs")
    parser.add_argument("--model", help="a pose landmarker .task bundle (default: the shipped full model)")
    args = parser.parse_args(argv)
    lead_in_table(args.clips, args.cache, args.model)
    distractor_table(args.distractors, args.cache, args.model)


if __name__ == "__main__":
    main()
