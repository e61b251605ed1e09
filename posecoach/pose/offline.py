"""Poses of every frame of a video file, estimated by several threads on consecutive parts.

MediaPipe runs a landmarker on one core. Offline, the file can be cut into parts, each estimated
by its own landmarker on its own thread (MediaPipe releases the GIL): on two cores, two parts
take about half the time. Each part after the first starts ``warmup_s`` early, so that its
tracker and user choice have settled when its own frames begin; those warm-up frames are
compared with the end of the part before. Where the two disagree about who the user is (or
whether anyone is in view), the part before simply carries on through the rest of the file, as
a single pass would have done.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from posecoach.errors import SourceError
from posecoach.pose.estimator import EstimatorSettings, PoseEstimator
from posecoach.pose.model import resolve_model
from posecoach.pose.select import iou
from posecoach.pose.types import Pose
from posecoach.video.sources import Frame, VideoFileSource

WARMUP_S = 2.0  # > the selector's confirmation and MediaPipe's landmark smoothing settling
MIN_PART_S = 8.0  # shorter parts spend too large a share of their time warming up
CHECK_FRAMES = 5  # the last frames before a cut, which both parts must agree on


def default_workers() -> int:
    """One part per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def plan_parts(frames: int | None, fps: float, workers: int, warmup: int = 0) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` cuts of ``frames`` into at most ``workers`` parts of at least
    ``MIN_PART_S`` each (one part when the length is unknown). Every part after the first also
    estimates ``warmup`` frames before its start, so it is that much shorter: all parts then take
    about as long, and the file is done when they are."""
    if not frames:
        return [(0, frames or 0)]
    count = max(1, min(workers, int(frames / (MIN_PART_S * fps))))
    work = (frames + (count - 1) * warmup) / count  # frames each part estimates
    cuts = [0] + [round(work + (i - 1) * (work - warmup)) for i in range(1, count)] + [frames]
    return list(zip(cuts, cuts[1:]))


def _same_user(a: Pose, b: Pose) -> bool:
    if a.is_empty or b.is_empty:
        return a.is_empty == b.is_empty
    box_a, box_b = a.bbox(), b.bbox()
    return box_a is not None and box_b is not None and iou(box_a, box_b) >= 0.3


@dataclass
class _Part:
    start: int  # first frame estimated (warm-up included)
    cut: int  # first frame this part reports
    stop: int
    out: queue.Queue[tuple[int, Pose, Frame | None] | None] = field(default_factory=queue.Queue)
    verdict: threading.Event = field(default_factory=threading.Event)
    carry_on: bool = False
    abort: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


class FilePoses:
    """Iterate ``(index, pose, frame)`` over every frame of ``video`` in order.

    ``workers`` parts at most (``None``: one per core). ``frames=True`` hands over each frame
    too (for drawing), in one part; otherwise ``frame`` is None. ``fps``, ``frame_count`` and
    the frame size are the file's, known on construction.
    """

    def __init__(
        self,
        video: str | Path,
        settings: EstimatorSettings | None = None,
        workers: int | None = None,
        warmup_s: float = WARMUP_S,
        frames: bool = False,
    ) -> None:
        self.video, self.settings = Path(video), settings or EstimatorSettings()
        with VideoFileSource(self.video) as probe:  # a clear error before any thread starts
            self.fps, self.frame_count = probe.fps, probe.frame_count
            self.width, self.height = probe.width, probe.height
        self.model = resolve_model(self.settings.model)
        warmup = round(warmup_s * self.fps)
        self.frames = frames
        cuts = plan_parts(self.frame_count, self.fps, 1 if frames else workers or default_workers(), warmup)
        self.parts = [_Part(start=max(0, a - warmup) if i else 0, cut=a, stop=b) for i, (a, b) in enumerate(cuts)]
        self.parts[0].out = queue.Queue(maxsize=64)  # read first and all along: no need to run far ahead
        self.carried_on = 0  # cuts where the parts disagreed

    def __enter__(self) -> FilePoses:
        return self

    def __exit__(self, *exc: object) -> None:
        pass  # threads live only while iterating

    def _run(self, index: int) -> None:
        part, last = self.parts[index], index == len(self.parts) - 1
        try:
            try:
                source = VideoFileSource(self.video, start=part.start)
            except SourceError:
                if index == 0:
                    raise
                return  # the file ends before this part begins (cut short: its index promised more)
            with source, PoseEstimator(self.settings) as estimator:
                for frame in source:
                    if frame.index >= part.stop and not last:
                        part.verdict.wait()
                        if not part.carry_on:
                            break
                    if part.abort.is_set():
                        break
                    pose = estimator.estimate(frame)
                    part.out.put((frame.index, pose, frame if self.frames else None))
        except BaseException as error:  # handed to the consumer
            part.error = error
        finally:
            part.out.put(None)

    def _take(self, part: _Part) -> tuple[int, Pose, Frame | None] | None:
        item = part.out.get()
        if item is None and part.error is not None:
            raise part.error
        return item

    def __iter__(self) -> Iterator[tuple[int, Pose, Frame | None]]:
        threads = [
            threading.Thread(target=self._run, args=(i,), name=f"posecoach-part{i}", daemon=True)
            for i in range(len(self.parts))
        ]
        for thread in threads:
            thread.start()
        try:
            yield from self._in_order()
        finally:
            for part in self.parts:
                part.abort.set()
                part.verdict.set()
                while not part.out.empty():  # a part blocked on a full queue must see the abort
                    part.out.get_nowait()
            for thread in threads:
                thread.join()

    def _in_order(self) -> Iterator[tuple[int, Pose, Frame | None]]:
        last = -1
        for item in self._joined():
            if item[0] > last:  # a variable-rate file may place a part's frames a little differently
                last = item[0]
                yield item

    def _joined(self) -> Iterator[tuple[int, Pose, Frame | None]]:
        current = self.parts[0]
        for following in [*self.parts[1:], None]:
            warm: dict[int, Pose] = {}
            if following is not None:  # its warm-up, to compare with the end of the current part
                while len(warm) < following.cut - following.start:
                    item = self._take(following)
                    if item is None:
                        break
                    warm[item[0]] = item[1]
            recent: dict[int, Pose] = {}
            while True:
                if following is not None and following.cut - 1 in recent:
                    checked = range(following.cut - CHECK_FRAMES, following.cut)
                    agree = all(i in warm and _same_user(recent[i], warm[i]) for i in checked if i in recent)
                    current.carry_on = not agree
                    current.verdict.set()
                    if not agree:
                        self.carried_on += 1
                        for later in self.parts[self.parts.index(current) + 1 :]:
                            later.abort.set()  # their work is not needed
                        following = None
                        continue
                    break
                item = self._take(current)
                if item is None:
                    return
                index, pose, _ = item
                if following is not None and index >= following.cut - CHECK_FRAMES:
                    recent[index] = pose
                yield item
            if following is None:
                return
            current = following
