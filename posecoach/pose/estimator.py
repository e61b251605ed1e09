"""MediaPipe Pose Landmarker behind a small interface. With ``landmarker`` (its per-frame call), the
only module that imports mediapipe."""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import logging
import os
import queue
import sys
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

# MediaPipe's C++ core logs start-up chatter to stderr; keep warnings and errors only.
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


_UNUSED = ("matplotlib", "matplotlib.pyplot", "sounddevice")


def _stand_ins() -> contextlib.AbstractContextManager[None]:
    """While mediapipe is imported, empty stand-ins for modules that only its drawing helpers
    (``matplotlib.pyplot``) and microphone recorder (``sounddevice``) use, which posecoach never
    calls: importing them costs a large share of the start-up before the first coached frame.
    They are removed afterwards, so that a real import elsewhere still works."""

    @contextlib.contextmanager
    def stand_in() -> Iterator[None]:
        if "mediapipe" in sys.modules:
            yield
            return
        names = [name for name in _UNUSED if name not in sys.modules]
        if "matplotlib" not in names and "matplotlib.pyplot" in names:
            names.remove("matplotlib.pyplot")  # the real package is loaded: let pyplot be real too
        for name in names:
            sys.modules[name] = types.ModuleType(name)
        try:
            yield
        finally:
            for name in names:
                del sys.modules[name]

    return stand_in()


with _stand_ins():
    import mediapipe as mp  # noqa: E402
import cv2  # noqa: E402
import numpy as np  # noqa: E402
from mediapipe.tasks.python import BaseOptions, vision  # noqa: E402

from posecoach.errors import ModelError  # noqa: E402
from posecoach.pose.landmarker import Found, detector, from_result, rgb_image  # noqa: E402
from posecoach.pose.model import ModelInfo, resolve_model  # noqa: E402
from posecoach.pose.select import Box, UserSelector, iou  # noqa: E402
from posecoach.pose.types import NUM_LANDMARKS, Pose  # noqa: E402
from posecoach.video.sources import Frame  # noqa: E402

log = logging.getLogger(__name__)
Mode = Literal["video", "live"]
# MediaPipe's graph keeps about one core busy per landmarker (its calls wait on each other), so a
# second landmarker on alternate frames nearly doubles the throughput on two cores; more lanes
# than cores only contend.
MAX_LANES = 4
MEDIAPIPE_VERSION: str = mp.__version__


@dataclass(frozen=True)
class EstimatorSettings:
    """How the landmarker runs. ``model=None`` is the shipped full model.

    By default (``track=True``) the user is followed by a one-person landmarker: MediaPipe runs
    its person detector only when it loses track, as in a plain one-person script, and smooths
    the landmarks over time. A second, stateless landmarker looks for up to ``num_poses`` people
    only when nobody has been chosen yet, when the tracked person is not where the user was, and
    every ``scan_ms`` (on a thread of its own, merged into a later frame; ``0``: on every frame, in
    step), so that posecoach still chooses the user among several people at little cost.

    ``track=False`` runs one landmarker with ``num_poses`` slots: MediaPipe then runs its detector
    on every frame (about 1.7x the work) and does not smooth.

    ``lanes`` is how many landmarkers ``PoseEstimator.stream`` (the live loop) may run side by
    side, on alternate frames, once one does not keep up with the frames. The default is one:
    with two, the walker of tests/data/sports2d_two_walkers.mp4 was taken for the user in 3 of 6
    runs (the second landmarker starts with nobody tracked, and its person detector misses the
    fast-moving user, so every other frame shows nobody; the user's last box then lags behind
    them, and the looks for everyone in view miss them too). ``estimate`` (``posecoach analyze``)
    always uses one.
    """

    model: str | Path | None = None
    num_poses: int = 2
    track: bool = True
    scan_ms: int = 1000
    lanes: int = 1
    min_detection_confidence: float = 0.5
    min_presence_confidence: float = 0.5
    min_tracking_confidence: float = 0.5

    def __post_init__(self) -> None:
        if not 1 <= self.num_poses <= 5:
            raise ValueError(f"num_poses must be between 1 and 5, got {self.num_poses}")
        for name in ("min_detection_confidence", "min_presence_confidence", "min_tracking_confidence"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        if self.scan_ms < 0:
            raise ValueError(f"scan_ms must be 0 or more, got {self.scan_ms}")
        if not 1 <= self.lanes <= MAX_LANES:
            raise ValueError(f"lanes must be between 1 and {MAX_LANES}, got {self.lanes}")


def scanner_options(settings: EstimatorSettings, model: ModelInfo) -> vision.PoseLandmarkerOptions:
    """Options of the landmarker that looks for everyone in one image (no tracking, no smoothing)."""
    return vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(model.path)),
        running_mode=vision.RunningMode.IMAGE,
        num_poses=settings.num_poses,
        min_pose_detection_confidence=settings.min_detection_confidence,
        min_pose_presence_confidence=settings.min_presence_confidence,
        min_tracking_confidence=settings.min_tracking_confidence,
        output_segmentation_masks=False,
    )


def landmarker_options(
    settings: EstimatorSettings, model: ModelInfo, mode: Mode, callback: Callable[..., None] | None = None
) -> vision.PoseLandmarkerOptions:
    """The MediaPipe options of the main landmarker (shared with the benchmarks' bare baseline):
    one person when tracking, else ``num_poses``."""
    running_mode = vision.RunningMode.VIDEO if mode == "video" else vision.RunningMode.LIVE_STREAM
    return vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(model.path)),
        running_mode=running_mode,
        num_poses=1 if settings.track else settings.num_poses,
        min_pose_detection_confidence=settings.min_detection_confidence,
        min_pose_presence_confidence=settings.min_presence_confidence,
        min_tracking_confidence=settings.min_tracking_confidence,
        output_segmentation_masks=False,
        result_callback=callback,
    )


def to_mp_image(bgr: np.ndarray) -> mp.Image:
    """An OpenCV BGR frame as the RGB image MediaPipe expects."""
    return rgb_image(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))


def frame_image(frame: Frame) -> mp.Image:
    """The frame as MediaPipe's RGB image: the decoder's own RGB when it made one, else converted."""
    if frame.rgb is not None:
        return rgb_image(frame.rgb)
    return to_mp_image(frame.image)


def _merge(tracked: list[Pose], scanned: list[Pose]) -> list[Pose]:
    """Everyone the scan found, with the tracked person's (temporally smoothed) pose in place of
    the scan's pose of the same person."""
    if not tracked:
        return scanned
    mine = tracked[0].bbox()
    if mine is None:
        return scanned
    same = [i for i, pose in enumerate(scanned) if (box := pose.bbox()) is not None and iou(box, mine) >= 0.5]
    if not same:
        return tracked + scanned
    best = max(same, key=lambda i: iou(scanned[i].bbox() or mine, mine))
    return [tracked[0] if i == best else pose for i, pose in enumerate(scanned)]


_NATIVE_LOCK = threading.Lock()
_native_callers = 0  # threads inside _native_section
_stderr_saved: int | None = None  # the real stderr while it points at /dev/null
_gc_was_enabled = True


@contextlib.contextmanager
def _native_section() -> Iterator[None]:
    """Around creating and closing landmarkers: stderr silenced and the garbage collector paused.

    - MediaPipe's C++ start-up chatter bypasses Python's logging, so file descriptor 2 points at
      /dev/null meanwhile. It is the whole process's: with estimators opening and closing on
      several threads, the first one in silences it and the last one out restores it (each on
      its own would restore another's /dev/null and lose stderr for good).
    - A PoseLandmarker closes itself in ``__del__``, and closing waits on the dispatcher that
      creating another one holds: a landmarker left unclosed and collected in the middle of
      creating one deadlocks the process. Garbage is collected first, at this safe point, and the
      collector stays off until the last caller leaves."""
    global _native_callers, _stderr_saved, _gc_was_enabled
    try:
        fd: int | None = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # no real stderr (pytest capture, IDEs)
        fd = None
    with _NATIVE_LOCK:
        if _native_callers == 0:
            gc.collect()
            _gc_was_enabled = gc.isenabled()
            gc.disable()
            if fd is not None:
                sys.stderr.flush()
                _stderr_saved = os.dup(fd)
                with open(os.devnull, "w") as devnull:
                    os.dup2(devnull.fileno(), fd)
        _native_callers += 1
    try:
        yield
    finally:
        with _NATIVE_LOCK:
            _native_callers -= 1
            if _native_callers == 0:
                if fd is not None and _stderr_saved is not None:
                    os.dup2(_stderr_saved, fd)
                    os.close(_stderr_saved)
                    _stderr_saved = None
                if _gc_was_enabled:
                    gc.enable()


def _poses(found: list[Found], t_ms: int, width: int, height: int) -> list[Pose]:
    return [
        Pose(
            t_ms=t_ms,
            width=width,
            height=height,
            image=person.image,
            visibility=person.visibility,
            presence=person.presence,
            world=person.world,
        )
        for person in found
        if len(person.image) == NUM_LANDMARKS and len(person.world) == NUM_LANDMARKS
    ]


_MARGIN = 0.3  # landmarks stop short of the body's outline (hair, hands, clothes): widen the box by this


def _grown(box: Box) -> Box:
    dx, dy = (box[2] - box[0]) * _MARGIN, (box[3] - box[1]) * _MARGIN
    return box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy


def _elsewhere(tracked: Pose | None, chosen: Pose) -> Box | None:
    """The tracked person's box when the tracker follows someone other than the user, well apart
    from the user (so that hiding it from the tracker hides nothing of the user); else None."""
    if tracked is None or tracked is chosen or chosen.is_empty:
        return None
    box, user = tracked.bbox(), chosen.bbox()
    if box is None or user is None or iou(_grown(box), _grown(user)) > 0:
        return None
    return _grown(box)


def _masked(image: mp.Image, box: Box) -> mp.Image:
    """A copy of ``image`` with ``box`` (normalised) filled grey: the one-person tracker loses
    whoever stands there and its detector finds the user instead."""
    pixels = image.numpy_view().copy()
    height, width = pixels.shape[:2]
    x0, x1 = (min(max(round(v * width), 0), width) for v in (box[0], box[2]))
    y0, y1 = (min(max(round(v * height), 0), height) for v in (box[1], box[3]))
    pixels[y0:y1, x0:x1] = 127
    return rgb_image(pixels)


@dataclass
class _Lane:
    """One one-person landmarker (``stream`` runs each on a thread of its own)."""

    landmarker: Any
    track: Callable[[mp.Image, int], list[Found]]
    warmed_up: bool = False
    frames: int = 0
    # Where this lane's tracker follows someone who is not the user: masked from its next frames.
    # Each lane's tracker has a history of its own, so each has its own mask.
    elsewhere: Box | None = None

    def run(self, image: mp.Image, ts: int) -> tuple[list[Found], float]:
        """The people the landmarker finds, and the milliseconds it took."""
        self.frames += 1
        t0 = time.monotonic()
        if self.warmed_up:
            found = self.track(image, ts)
        else:  # MediaPipe warns once, on the first frame with a person
            with _native_section():
                found = self.track(image, ts)
            self.warmed_up = bool(found)
        return found, (time.monotonic() - t0) * 1000

    def view(self, image: mp.Image) -> mp.Image:
        """``image`` as this lane's tracker is shown it: anyone else it followed is masked."""
        return image if self.elsewhere is None else _masked(image, self.elsewhere)

    def close(self) -> None:
        self.landmarker.close()


@dataclass
class _Order:
    """Where a ``stream`` is: frames taken, frames handed on (both in order), and how many frames
    in a row the source had waiting."""

    taken: int = 0
    handed: int = 0
    behind: int = 0
    ended: bool = False


LANE_JOIN_S = 2.0  # a lane waits at most one camera frame for the source; this is ample
# A frame the source gives within 2 ms was waiting already (a camera's next frame is 33 ms away).
# Frames found waiting this many times in a row (a third of a second at 30 fps, longer than the
# first inference's warm-up) mean the lanes in use do not keep up: the others are then loaded.
WAITING_S = 0.002
BEHIND_FRAMES = 10


@dataclass
class PoseEstimator:
    """Runs Pose Landmarker on frames and returns the user's ``Pose`` (empty when nobody is seen).

    ``mode="video"``: call ``estimate(frame)``, which blocks and returns the pose.
    ``mode="live"``: call ``submit(frame)``; MediaPipe works asynchronously, drops frames it has
    no time for, and ``on_pose`` receives each result (on MediaPipe's thread).
    Timestamps handed to MediaPipe are forced to increase strictly.
    """

    settings: EstimatorSettings = field(default_factory=EstimatorSettings)
    mode: Mode = "video"
    on_pose: Callable[[Pose], None] | None = None
    selector: UserSelector = field(default_factory=UserSelector)

    def __post_init__(self) -> None:
        if self.mode not in ("video", "live"):
            raise ValueError(f"mode must be 'video' or 'live', got {self.mode!r}")
        if self.mode == "live" and self.on_pose is None:
            raise ValueError("mode='live' needs an on_pose callback")
        self.model = resolve_model(self.settings.model)
        self.candidates: list[Pose] = []
        self.scanned = False  # whether the last frame was searched for everyone in view
        self.scans = 0
        self._last_scan_ms: int | None = None
        # The routine look for everyone runs on its own thread, beside the tracker, and is merged
        # into a later frame: it never changes whom the tracker follows, so it need not block one.
        self._routine_scan: concurrent.futures.Future[Any] | None = None
        self._scan_thread: concurrent.futures.ThreadPoolExecutor | None = None
        self._scanner: Any = None
        self._scan: Callable[[mp.Image, int], list[Found]] = lambda image, ts: []
        self._last_ts = -1
        self._pending: dict[int, tuple[int, int, int]] = {}  # ts -> width, height, t_ms
        self._lock = threading.Lock()
        callback = self._on_result if self.mode == "live" else None
        self._lanes: list[_Lane] = []  # the tracker first, then stream's other lanes once loaded
        self._lane_loading: threading.Thread | None = None
        self._scans = self.settings.track and self.settings.num_poses > 1
        scanner: list[Any] = []

        def load_scanner() -> None:
            try:
                scanner.append(vision.PoseLandmarker.create_from_options(scanner_options(self.settings, self.model)))
            except (RuntimeError, ValueError, OSError):
                pass  # the tracker, made from the same model, reports the error

        # The scanner loads on its own thread, beside the tracker (start-up time).
        self._scanner_loading = threading.Thread(target=load_scanner, name="posecoach-scanner-load", daemon=True)
        try:
            with _native_section():
                if self._scans:
                    self._scanner_loading.start()
                self._landmarker = vision.PoseLandmarker.create_from_options(
                    landmarker_options(self.settings, self.model, self.mode, callback)
                )
                self._lanes.append(_Lane(self._landmarker, detector(self._landmarker, video=True)))
                if self._scans:
                    self._scanner_loading.join()
                    if not scanner:
                        raise RuntimeError("the model could not be loaded")
                    self._scanner = scanner[0]
                    self._scan = detector(self._scanner, video=False)
        except (RuntimeError, ValueError, OSError) as error:
            detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ModelError(
                f"MediaPipe cannot load the model {self.model.path} ({detail}); "
                "use the shipped model or a pose_landmarker_*.task from Google"
            ) from None

    def __enter__(self) -> PoseEstimator:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._lane_loading is not None:
            self._lane_loading.join()
        if self._scan_thread is not None:
            self._scan_thread.shutdown(wait=True)
        with _native_section():
            for lane in self._lanes:
                lane.close()
            if self._scanner is not None:
                self._scanner.close()

    @property
    def lane_frames(self) -> tuple[int, ...]:
        """How many frames each loaded lane has estimated (the first is ``estimate``'s too)."""
        return tuple(lane.frames for lane in self._lanes)

    def _timestamp(self, t_ms: int) -> int:
        ts = max(int(t_ms), self._last_ts + 1)
        self._last_ts = ts
        return ts

    def _needs_scan(self, tracked: list[Pose], t_ms: int) -> Literal["now", "routine"] | None:
        """Whether to look for everyone in view: ``"now"`` when the choice depends on it (nobody
        chosen yet, the tracker lost its person or jumped to someone else, or ``scan_ms`` is 0);
        ``"routine"`` every ``scan_ms`` while the user is followed; cheap when one person is."""
        if self._scanner is None:
            return None
        if not tracked:  # the tracker lost its person (or was shown a masked frame): is the user still there?
            return "now" if self.selector.tracking(t_ms) else None
        if self.settings.scan_ms == 0 or not self.selector.follows(tracked[0], t_ms):
            return "now"  # nobody chosen yet, or the tracker jumped to someone else
        due = self._last_scan_ms is None or t_ms - self._last_scan_ms >= self.settings.scan_ms
        return "routine" if due else None

    def _choose(self, found: list[Found], image: mp.Image, t_ms: int, width: int, height: int, lane: _Lane) -> Pose:
        """The user among the people ``lane``'s tracker found (and a scan's, when one is needed)."""
        tracked = candidates = _poses(found, t_ms, width, height)
        with self._lock:
            need = self._needs_scan(tracked, t_ms)
            scanned: list[Pose] | None = None
            routine = self._routine_scan
            if need == "now":
                if routine is not None:  # the scanner is busy with a routine look: wait for it
                    routine.result()
                    self._routine_scan = None
                scanned = _poses(self._scan(image, t_ms), t_ms, width, height)
                self._last_scan_ms = t_ms
            elif routine is not None and routine.done():
                self._routine_scan = None
                if tracked and self.selector.follows(tracked[0], t_ms):
                    # A frame or two old: the others in view, beside the user as tracked now.
                    scanned = _poses(routine.result(), t_ms, width, height)
            elif need == "routine" and routine is None:
                if self._scan_thread is None:
                    self._scan_thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="posecoach-scan")
                self._routine_scan = self._scan_thread.submit(self._scan, image, t_ms)
                self._last_scan_ms = t_ms
            if scanned is not None:
                # A tracker that is not where the user was may be sliding between two people
                # (its box then spans both): the scan alone says who is where.
                follows = bool(tracked) and self.selector.follows(tracked[0], t_ms)
                candidates = _merge(tracked, scanned) if follows else scanned
                self.scans += 1
            scan = scanned is not None
            self.candidates, self.scanned = candidates, scan
            chosen = self.selector.choose(candidates, t_ms, width, height)
            if chosen.is_empty:
                lane.elsewhere = None  # the user is not in view: hide nobody from the tracker
            elif tracked or lane.elsewhere is None:
                lane.elsewhere = _elsewhere(tracked[0] if scan and tracked else None, chosen)
            # else: the masked tracker lost that person; its detector runs on the next frame, which
            # must be masked too, or it finds the same person again.
            return chosen

    def estimate(self, frame: Frame) -> Pose:
        """The user's pose in ``frame`` (video mode)."""
        if self.mode != "video":
            raise RuntimeError("estimate() is for mode='video'; use submit() in live mode")
        lane = self._lanes[0]
        ts = self._timestamp(frame.t_ms)
        image = frame_image(frame)
        found, _ = lane.run(lane.view(image), ts)
        return self._choose(found, image, frame.t_ms, frame.width, frame.height, lane)

    def stream(self, frames: Iterable[Frame]) -> Iterator[tuple[Frame, Pose, float]]:
        """Each frame with the user's pose and the milliseconds its estimation took, in order.

        Each lane (a one-person landmarker; up to ``settings.lanes`` of them) runs one loop on a
        thread of its own, with no hand-over between threads: take the next frame from ``frames``
        (only once the lane is free, so that a camera's newest frame is the one estimated),
        estimate it, then choose the user as ``estimate`` does, in frame order. The lanes beyond
        the first are loaded (on a thread of their own) only once frames keep waiting for a lane,
        and join when ready. An error of ``frames`` is raised here, after the frames before it.
        """
        if self.mode != "video":
            raise RuntimeError("stream() is for mode='video'")
        source = iter(frames)
        results: queue.SimpleQueue[tuple[Frame, Pose, float] | BaseException | None] = queue.SimpleQueue()
        # A lane takes a frame only while fewer than (lanes + 1) taken frames are not yet done with
        # by the reader (one more than the lanes, so that no lane waits for the reader to wake):
        # a slow reader then slows the lanes instead of letting stale frames queue up.
        credits = threading.Semaphore(len(self._lanes) + 1)
        take = threading.Lock()  # one lane at a time takes a frame: frames and timestamps stay in order
        turn = threading.Condition()  # taken frames are chosen, and handed on, in the order taken
        stop = threading.Event()
        order = _Order()
        workers: list[threading.Thread] = []

        def hand_on(seq: int, make: Callable[[], tuple[Frame, Pose, float] | BaseException | None]) -> bool:
            """In frame ``seq``'s turn, hand on what ``make`` gives (an error of its own included)."""
            with turn:
                while order.handed != seq and not stop.is_set():
                    turn.wait()
                if stop.is_set():
                    return False
                try:
                    item = make()
                except BaseException as error:
                    item = error
                results.put(item)
                order.handed += 1
                turn.notify_all()
                return item is not None and not isinstance(item, BaseException)

        def work(lane: _Lane) -> None:
            while not stop.is_set():
                credits.acquire()
                error: BaseException | None = None
                with take:
                    if stop.is_set() or order.ended:
                        return
                    seq, order.taken = order.taken, order.taken + 1
                    t0 = time.monotonic()
                    try:
                        frame = next(source, None)
                    except BaseException as raised:  # the source's (camera lost ...): raised by the reader
                        frame, error = None, raised
                    order.behind = order.behind + 1 if time.monotonic() - t0 < WAITING_S else 0
                    if frame is None:
                        order.ended = True
                    else:
                        ts = self._timestamp(frame.t_ms)
                        if order.behind >= BEHIND_FRAMES:
                            self._load_lanes(start, credits)
                if frame is None:
                    hand_on(seq, lambda: error)
                    return
                try:
                    image = frame_image(frame)
                    found, ms = lane.run(lane.view(image), ts)  # its last frame was chosen: the mask is current
                except BaseException as raised:
                    error = raised
                if error is not None:
                    hand_on(seq, lambda: error)
                    return

                def choose() -> tuple[Frame, Pose, float]:
                    t0 = time.monotonic()
                    pose = self._choose(found, image, frame.t_ms, frame.width, frame.height, lane)
                    return frame, pose, ms + (time.monotonic() - t0) * 1000

                if not hand_on(seq, choose):
                    return

        def start(lane: _Lane) -> None:
            thread = threading.Thread(target=work, args=(lane,), name="posecoach-lane", daemon=True)
            workers.append(thread)
            thread.start()

        for lane in self._lanes:
            start(lane)
        try:
            while (item := results.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
                credits.release()  # the reader is done with it
        finally:
            stop.set()
            with turn:
                turn.notify_all()
            for _ in range(MAX_LANES + 1):
                credits.release()  # wakes a lane waiting to take a frame; it then stops
            for thread in list(workers):
                thread.join(timeout=LANE_JOIN_S)

    def _load_lanes(self, start: Callable[[_Lane], None], credits: threading.Semaphore) -> None:
        """Load the lanes beyond the first on a thread of their own, once; ``start`` runs each."""
        if self._lane_loading is not None or len(self._lanes) >= self.settings.lanes:
            return

        def load() -> None:
            try:
                for _ in range(self.settings.lanes - len(self._lanes)):
                    with _native_section():
                        landmarker = vision.PoseLandmarker.create_from_options(
                            landmarker_options(self.settings, self.model, "video")
                        )
                    lane = _Lane(landmarker, detector(landmarker, video=True))
                    self._lanes.append(lane)
                    credits.release()
                    start(lane)
            except (RuntimeError, ValueError, OSError):
                log.warning("another landmarker could not be loaded; estimating on fewer lanes", exc_info=True)

        self._lane_loading = threading.Thread(target=load, name="posecoach-lane-load", daemon=True)
        self._lane_loading.start()

    def submit(self, frame: Frame) -> None:
        """Queue ``frame`` for asynchronous estimation (live mode)."""
        if self.mode != "live":
            raise RuntimeError("submit() is for mode='live'; use estimate() in video mode")
        ts = self._timestamp(frame.t_ms)
        with self._lock:
            self._pending[ts] = (frame.width, frame.height, frame.t_ms)
        self._landmarker.detect_async(frame_image(frame), ts)

    def _on_result(self, result: Any, image: mp.Image, ts: int) -> None:
        with self._lock:
            width, height, t_ms = self._pending.pop(ts, (image.width, image.height, ts))
            for stale in [key for key in self._pending if key < ts]:
                del self._pending[stale]  # frames MediaPipe dropped
        pose = self._choose(from_result(result), image, t_ms, width, height, self._lanes[0])
        assert self.on_pose is not None
        self.on_pose(pose)
