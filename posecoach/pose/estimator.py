"""MediaPipe Pose Landmarker behind a small interface. With ``landmarker`` (its per-frame call), the
only module that imports mediapipe."""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import importlib
import logging
import os
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

log = logging.getLogger(__name__)

_UNUSED = ("matplotlib", "matplotlib.pyplot", "sounddevice")


@contextlib.contextmanager
def _stand_ins() -> Iterator[None]:
    """While mediapipe is imported, empty stand-ins for modules that only its drawing helpers
    (``matplotlib.pyplot``) and microphone recorder (``sounddevice``) use, which posecoach never
    calls: importing them costs a large share of the start-up before the first coached frame.
    They are removed afterwards, so that a real import elsewhere still works."""
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


def _import_mediapipe() -> None:
    """Import mediapipe with the stand-ins; plainly where it needs the real modules on import."""
    if "mediapipe" in sys.modules:
        return
    try:
        with _stand_ins():
            importlib.import_module("mediapipe")
    except Exception as error:  # a mediapipe that uses them on import: start again without stand-ins
        log.info("mediapipe does not import with stand-ins (%s); importing it plainly", error)
        for name in [name for name in sys.modules if name == "mediapipe" or name.startswith("mediapipe.")]:
            del sys.modules[name]
        importlib.import_module("mediapipe")


_import_mediapipe()
import cv2  # noqa: E402
import mediapipe as mp  # noqa: E402  (imported above: no second import)
import numpy as np  # noqa: E402
from mediapipe.tasks.python import BaseOptions, vision  # noqa: E402

from posecoach.errors import ModelError  # noqa: E402
from posecoach.pose.landmarker import Found, detector, rgb_image  # noqa: E402
from posecoach.pose.model import ModelInfo, resolve_model  # noqa: E402
from posecoach.pose.select import Box, UserSelector, iou  # noqa: E402
from posecoach.pose.types import NUM_LANDMARKS, Pose  # noqa: E402
from posecoach.video.sources import Frame  # noqa: E402

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
    """

    model: str | Path | None = None
    num_poses: int = 2
    track: bool = True
    scan_ms: int = 1000
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


def landmarker_options(settings: EstimatorSettings, model: ModelInfo) -> vision.PoseLandmarkerOptions:
    """The MediaPipe options of the main landmarker (VIDEO mode): one person when tracking, else
    ``num_poses``."""
    return vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(model.path)),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=1 if settings.track else settings.num_poses,
        min_pose_detection_confidence=settings.min_detection_confidence,
        min_pose_presence_confidence=settings.min_presence_confidence,
        min_tracking_confidence=settings.min_tracking_confidence,
        output_segmentation_masks=False,
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


def _silence(fd: int) -> int | None:
    """Point ``fd`` at /dev/null and return a copy of what it was; None (and ``fd`` untouched)
    where the system will not redirect it: the chatter then shows, nothing else changes."""
    try:
        sys.stderr.flush()
        saved = os.dup(fd)
    except (OSError, ValueError):
        return None
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
    except OSError:
        os.close(saved)
        return None
    return saved


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
                _stderr_saved = _silence(fd)
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
class PoseEstimator:
    """Runs Pose Landmarker on frames and returns the user's ``Pose`` (empty when nobody is seen).

    ``estimate(frame)`` blocks and returns the pose; ``stream(frames)`` does so for each frame in
    turn (the live loop). Timestamps handed to MediaPipe are forced to increase strictly.
    """

    settings: EstimatorSettings = field(default_factory=EstimatorSettings)
    selector: UserSelector = field(default_factory=UserSelector)

    def __post_init__(self) -> None:
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
        self._warmed_up = False
        # Where the tracker follows someone who is not the user: masked from its next frames.
        self._elsewhere: Box | None = None
        try:
            with _native_section():
                self._load()
        except (RuntimeError, ValueError, OSError) as error:
            detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ModelError(
                f"MediaPipe cannot load the model {self.model.path} ({detail}); "
                "use the shipped model or a pose_landmarker_*.task from Google"
            ) from None

    def _load(self) -> None:
        """The tracker, and the scanner when there are several people to choose among (loaded on
        a thread of its own, beside the tracker: start-up time)."""
        scanner: list[Any] = []

        def load_scanner() -> None:
            try:
                scanner.append(vision.PoseLandmarker.create_from_options(scanner_options(self.settings, self.model)))
            except (RuntimeError, ValueError, OSError):
                pass  # the tracker, made from the same model, reports the error

        loading = threading.Thread(target=load_scanner, name="posecoach-scanner-load", daemon=True)
        scans = self.settings.track and self.settings.num_poses > 1
        if scans:
            loading.start()
        self._landmarker = vision.PoseLandmarker.create_from_options(landmarker_options(self.settings, self.model))
        self._track = detector(self._landmarker, video=True)
        if scans:
            loading.join()
            if not scanner:
                raise RuntimeError("the model could not be loaded")
            self._scanner = scanner[0]
            self._scan = detector(self._scanner, video=False)

    def __enter__(self) -> PoseEstimator:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._scan_thread is not None:
            self._scan_thread.shutdown(wait=True)
        with _native_section():
            self._landmarker.close()
            if self._scanner is not None:
                self._scanner.close()

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

    def _scanned(self, tracked: list[Pose], image: mp.Image, t_ms: int, width: int, height: int) -> list[Pose] | None:
        """Everyone in view when this frame needs (or a finished routine look gives) a scan, else
        None; starts a routine look when one is due."""
        need = self._needs_scan(tracked, t_ms)
        routine = self._routine_scan
        if need == "now":
            if routine is not None:  # the scanner is busy with a routine look: wait for it
                routine.result()
                self._routine_scan = None
            self._last_scan_ms = t_ms
            return _poses(self._scan(image, t_ms), t_ms, width, height)
        if routine is not None and routine.done():
            self._routine_scan = None
            if tracked and self.selector.follows(tracked[0], t_ms):
                # A frame or two old: the others in view, beside the user as tracked now.
                return _poses(routine.result(), t_ms, width, height)
        elif need == "routine" and routine is None:
            if self._scan_thread is None:
                self._scan_thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="posecoach-scan")
            self._routine_scan = self._scan_thread.submit(self._scan, image, t_ms)
            self._last_scan_ms = t_ms
        return None

    def _choose(self, found: list[Found], image: mp.Image, t_ms: int, width: int, height: int) -> Pose:
        """The user among the people the tracker found (and a scan's, when one is needed)."""
        tracked = candidates = _poses(found, t_ms, width, height)
        scanned = self._scanned(tracked, image, t_ms, width, height)
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
            self._elsewhere = None  # the user is not in view: hide nobody from the tracker
        elif tracked or self._elsewhere is None:
            self._elsewhere = _elsewhere(tracked[0] if scan and tracked else None, chosen)
        # else: the masked tracker lost that person; its detector runs on the next frame, which
        # must be masked too, or it finds the same person again.
        return chosen

    def estimate(self, frame: Frame) -> Pose:
        """The user's pose in ``frame``."""
        ts = self._timestamp(frame.t_ms)
        image = frame_image(frame)
        shown = image if self._elsewhere is None else _masked(image, self._elsewhere)
        if self._warmed_up:
            found = self._track(shown, ts)
        else:  # MediaPipe warns once, on the first frame with a person
            with _native_section():
                found = self._track(shown, ts)
            self._warmed_up = bool(found)
        return self._choose(found, image, frame.t_ms, frame.width, frame.height)

    def stream(self, frames: Iterable[Frame]) -> Iterator[tuple[Frame, Pose, float]]:
        """Each frame of ``frames`` with the user's pose and the milliseconds ``estimate`` took, in
        order, on the caller's thread. A frame is taken only once the last one is estimated, so
        that a camera's newest frame is the one estimated."""
        for frame in frames:
            t0 = time.monotonic()
            pose = self.estimate(frame)
            yield frame, pose, (time.monotonic() - t0) * 1000
