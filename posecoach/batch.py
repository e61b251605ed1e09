"""Analysing many recordings at once: one process per file, as many at a time as there are cores.

Each process runs the whole analysis of one file (``analyze_file``) and writes its JSON; the
parent collects the results in the order the files finish. On N cores N files are analysed at
once, each on one core, so a month of recordings takes about 1/N of the time one by one.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from posecoach.errors import PosecoachError

if TYPE_CHECKING:
    from posecoach.coach.exercise_coach import CoachSettings
    from posecoach.offline import AnalysisResult
    from posecoach.pose.estimator import EstimatorSettings

#: What ``analyze`` takes from a folder: videos, and landmark recordings (``posecoach.pose.recording``).
VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm", ".npz")


def expand_videos(paths: Sequence[Path]) -> list[Path]:
    """The video files named, with each folder replaced by the videos in it (sorted by name)."""
    files: list[Path] = []
    for path in paths:
        path = path.expanduser()
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in VIDEO_SUFFIXES)
            if not found:
                raise PosecoachError(f"no video files ({', '.join(VIDEO_SUFFIXES)}) in the folder {path}")
            files.extend(found)
        else:
            files.append(path)
    return files


def json_paths(videos: Sequence[Path], out_dir: Path | None) -> list[Path]:
    """Where each video's JSON goes: ``out_dir/<name>.json``, or beside the video without ``out_dir``."""
    outs = [(out_dir if out_dir is not None else video.parent) / f"{video.stem}.json" for video in videos]
    seen: dict[Path, Path] = {}
    for video, out in zip(videos, outs):
        if out in seen:
            raise PosecoachError(
                f"{seen[out].name} and {video.name} would both write {out}; "
                "give them different names or analyse them separately"
            )
        seen[out] = video
    return outs


@dataclass
class Outcome:
    video: Path
    json: Path
    result: AnalysisResult | None
    error: str | None = None


def _analyze_one(
    video: Path,
    exercise: str,
    json_out: Path,
    settings: CoachSettings | None,
    estimator_settings: EstimatorSettings | None,
    workers: int,
) -> AnalysisResult:
    from posecoach.offline import analyze_file

    result = analyze_file(video, exercise, settings=settings, estimator_settings=estimator_settings, workers=workers)
    result.write_json(json_out)
    return result


def analyze_many(
    videos: Sequence[Path],
    exercise: str,
    json_outs: Sequence[Path],
    *,
    jobs: int,
    settings: CoachSettings | None = None,
    estimator_settings: EstimatorSettings | None = None,
) -> Iterator[Outcome]:
    """Analyse ``videos`` in up to ``jobs`` processes; yields each outcome as it finishes. A file
    that fails gives an outcome with its one-line error; the others carry on."""
    from posecoach.pose.offline import default_workers

    jobs = max(1, min(jobs, len(videos)))
    workers = max(1, default_workers() // jobs)  # cores left over when there are few files
    # "spawn": a clean interpreter per process (forking a process that runs threads is unsafe).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures: dict[Future[AnalysisResult], tuple[Path, Path]] = {
            pool.submit(_analyze_one, video, exercise, out, settings, estimator_settings, workers): (video, out)
            for video, out in zip(videos, json_outs)
        }
        for future in as_completed(futures):
            video, out = futures[future]
            try:
                yield Outcome(video, out, future.result())
            except PosecoachError as error:
                yield Outcome(video, out, None, str(error))
            except Exception as error:  # one bad file must not lose the others' results
                yield Outcome(video, out, None, f"{type(error).__name__}: {error}")
