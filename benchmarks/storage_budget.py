"""How fast the database grows with each rep's motion stored (the budget: 150 KB a minute).

Two ten-minute runs, each stored in a fresh database, measured as the file's growth after a WAL
checkpoint, per minute of coaching or video:

- coaching: the back_relief routine, guided as ``posecoach run --video`` guides it, fed the real
  MediaPipe poses of the rendered clip of each of its exercises (recorded in tests/data/poses),
  each clip looped while its exercise lasts; stored as it goes by the live loop's recorder;
- analysing: the shipped demo clip (real MediaPipe, estimated once and cached) looped to ten
  minutes, through ``analyze_file`` and ``save_analysis`` as ``posecoach analyze --save`` does.

Prints the growth a minute, what of it is motion, and the ratio to the budget.

    python benchmarks/storage_budget.py [--minutes 10] [--cache DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from recorded import Recording  # noqa: E402

from posecoach.coach.guided import GuidedSession  # noqa: E402
from posecoach.pose.types import Pose  # noqa: E402
from posecoach.routines import find_routine  # noqa: E402
from posecoach.store import Store  # noqa: E402
from posecoach.store.recorder import RoutineRecorder, save_analysis  # noqa: E402

BUDGET_KB = 150.0
CLIPS = {  # each exercise of back_relief and the rendered clip of it
    "cat_cow": "clips/cat_cow_side.mp4",
    "side_bend": "clips/side_bend_front.mp4",
    "standing_twist": "clips/standing_twist_front.mp4",
    "seated_twist": "clips/seated_twist_front.mp4",
    "forward_fold": "clips/forward_fold_side.mp4",
}


def _size(path: Path, store: Store) -> int:
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def _breakdown(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    out = {
        "motion": db.execute("SELECT COALESCE(SUM(LENGTH(data)), 0) FROM rep_motion").fetchone()[0],
        "trace": db.execute("SELECT COALESCE(SUM(LENGTH(t) + LENGTH(value)), 0) FROM trace_chunks").fetchone()[0],
        "reps": db.execute("SELECT COUNT(*) FROM reps").fetchone()[0],
        "reps with motion": db.execute("SELECT COUNT(*) FROM rep_motion").fetchone()[0],
    }
    db.close()
    return out


def _empty(folder: Path, name: str) -> tuple[Path, Store, int]:
    """A database with its schema and one user in place, and its size: what any file starts at."""
    path = folder / name
    store = Store(path)
    store.user_id("ana")
    return path, store, _size(path, store)


def coaching(folder: Path, minutes: float) -> tuple[float, dict[str, int], float]:
    """The guided back_relief run; returns (KB a minute, breakdown, minutes coached)."""
    clips = {name: Recording(clip).poses() for name, clip in CLIPS.items()}
    routine = find_routine("back_relief")
    path, store, start = _empty(folder, "coaching.db")
    session = GuidedSession(routine, count_during_cards=True)
    sid = store.start_session("ana", routine=routine.name, source="benchmark")
    recorder = RoutineRecorder(store, sid, session)
    t, exercise, k, since = 0.0, None, 0, 0.0
    while not session.is_finished and t < minutes * 60:
        name = session.current.entry.exercise
        if name != exercise:
            exercise, k, since = name, 0, t
        poses = clips[name]
        pose = poses[k % len(poses)]
        frame = dataclasses.replace(pose, t_ms=round(t * 1000)) if pose else Pose.empty(round(t * 1000), 640, 480)
        recorder.record(t, session.update(frame), frame)
        if t - since > 240:  # a rendered clip that never completes its exercise: move on
            session.skip()
        k, t = k + 1, t + 1 / 30
    if not session.is_finished:
        session.end()
        recorder.record(t, session.update(Pose.empty(round(t * 1000), 640, 480)))
    grown = _size(path, store) - start
    store.close()
    return grown / 1024 / (t / 60), _breakdown(path), t / 60


def analysing(folder: Path, minutes: float, cache: Path) -> tuple[float, dict[str, int], float]:
    """The demo clip looped to ``minutes``, analysed and saved; returns as ``coaching``."""
    from pose_cache import load_poses

    import posecoach.offline as analyze
    from posecoach.paths import demo_clip
    from posecoach.pose.model import resolve_model

    demo = demo_clip()
    once = load_poses(demo, cache)
    step_ms = 1000 / 30
    loops = int(minutes * 60 * 30 / len(once)) + 1
    looped = [dataclasses.replace(p, t_ms=round(i * step_ms)) for i, p in enumerate(once * loops)]
    looped = looped[: int(minutes * 60 * 30)]

    class Looped:
        fps, frame_count, model = 30.0, len(looped), resolve_model(None)

        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def __enter__(self) -> Looped:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def __iter__(self):
            for index, pose in enumerate(looped):
                yield index, pose, None

    analyze.FilePoses = Looped  # type: ignore[assignment,misc]
    result = analyze.analyze_file(demo, "side_bend")
    path, store, start = _empty(folder, "analysing.db")
    save_analysis(store, result, user="ana")
    grown = _size(path, store) - start
    store.close()
    seconds = len(looped) / 30
    return grown / 1024 / (seconds / 60), _breakdown(path), seconds / 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "posecoach-bench-poses")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; budget {BUDGET_KB:.0f} KB a minute of coaching or analysed video")
    with tempfile.TemporaryDirectory() as folder:
        for name, run in (
            ("coaching (back_relief, guided)", lambda: coaching(Path(folder), args.minutes)),
            ("analysing (demo clip looped)", lambda: analysing(Path(folder), args.minutes, args.cache)),
        ):
            per_minute, parts, minutes = run()
            share = parts["motion"] / 1024 / minutes
            print(
                f"{name}: {minutes:.1f} min, {parts['reps']} reps ({parts['reps with motion']} with motion): "
                f"{per_minute:.1f} KB a minute ({per_minute / BUDGET_KB:.2f} of the budget); "
                f"motion {share:.1f} KB, per-frame trace {parts['trace'] / 1024 / minutes:.1f} KB a minute"
            )


if __name__ == "__main__":
    main()
