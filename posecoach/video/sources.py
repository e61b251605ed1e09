"""Frame sources. Every source is a context manager that yields ``Frame``s in time order.

- ``VideoFileSource`` reads a file frame by frame at the file's own timestamps, decoding ahead
  on its own thread.
- ``CameraSource`` runs a capture thread and always hands over the newest frame, dropping stale
  ones, so that slow processing never builds up lag.
- ``MemorySource`` replays a list of frames (tests, benchmarks).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import cv2
import numpy as np

from posecoach.errors import SourceError


@dataclass(frozen=True)
class Frame:
    """A BGR image (as OpenCV delivers it), its timestamp and its index in the source.

    ``arrived`` is the monotonic clock when the frame became available (for latency figures).
    ``rgb`` is the same picture in RGB when the source made it anyway (then ``image`` may be a
    view of it): the pose model takes RGB, so it needs no conversion.
    """

    image: np.ndarray
    t_ms: int
    index: int
    arrived: float = field(default_factory=time.monotonic)
    rgb: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


class FrameSource(Protocol):
    """What every source offers: a name, a nominal rate, and frames in time order."""

    name: str
    fps: float

    def __enter__(self) -> FrameSource: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def __iter__(self) -> Iterator[Frame]: ...


class _Closing:
    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:  # pragma: no cover - overridden
        pass


class MemorySource(_Closing):
    """Frames held in memory, timestamped at ``fps``."""

    def __init__(self, images: Sequence[np.ndarray], fps: float = 30.0, name: str = "memory") -> None:
        if fps <= 0:
            raise ValueError(f"fps must be positive, got {fps}")
        if len(images) == 0:
            raise SourceError(f"{name}: no frames to play")
        self.images, self.fps, self.name = images, float(fps), name

    def __iter__(self) -> Iterator[Frame]:
        for index, image in enumerate(self.images):
            yield Frame(image=image, t_ms=round(index * 1000.0 / self.fps), index=index)


def _rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """``image`` turned by the container's display rotation (counter-clockwise degrees), upright."""
    turns = round(degrees / 90) % 4
    # MediaPipe reads the buffer row after row: rows padded by FFmpeg must be packed (a copy).
    return np.ascontiguousarray(np.rot90(image, turns) if turns else image)


_END = object()


class VideoFileSource(_Closing):
    """A video file read in order; timestamps come from the frame index and the file's rate.

    FFmpeg (PyAV) decodes with its own threads, and a background thread stays up to ``prefetch``
    frames ahead, so that decoding overlaps whatever the consumer does with each frame. Frames
    come out upright (the container's rotation tag is applied) and carry the decoder's RGB image
    (``Frame.rgb``) beside a BGR view of it (``Frame.image``, no copy). ``start``/``stop`` read
    only frames ``start <= index < stop`` (indices and timestamps stay those of the whole file).
    """

    def __init__(self, path: str | Path, *, start: int = 0, stop: int | None = None, prefetch: int = 4) -> None:
        import av  # noqa: PLC0415  (FFmpeg's libraries load only when a file is read)

        self.path = Path(path).expanduser()
        self.name = str(self.path)
        if not self.path.is_file():
            raise SourceError(f"video file not found: {self.path}; check the path")
        unreadable = f"cannot read {self.path}: not a video format FFmpeg can decode; try an .mp4 file"
        try:
            self._container = av.open(str(self.path))
        except (av.FFmpegError, UnicodeDecodeError, ValueError):
            raise SourceError(unreadable) from None
        if not self._container.streams.video:
            self._container.close()
            raise SourceError(f"cannot read {self.path}: the file holds no video stream; try an .mp4 file")
        self._stream = stream = self._container.streams.video[0]
        stream.thread_type = "AUTO"  # FFmpeg's frame and slice threads
        rate = stream.average_rate or stream.guessed_rate
        fps = float(rate) if rate else 0.0
        self.fps = fps if 1.0 <= fps <= 240.0 else 30.0
        self.frame_count: int | None = stream.frames or None
        if self.frame_count is None and stream.duration and stream.time_base:
            self.frame_count = round(float(stream.duration * stream.time_base) * self.fps) or None
        self.start, self.stop = start, stop
        self._frames = self._decode()
        try:
            first = next(self._frames, None)
        except (av.FFmpegError, ValueError):
            first = None
        if first is None:
            self._container.close()
            raise SourceError(f"cannot read {self.path}: the file holds no decodable frames (damaged or empty?)")
        self._first: Frame | None = first
        self.width, self.height = first.width, first.height
        self.rotation = self._rotation
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max(1, prefetch))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _decode(self) -> Iterator[Frame]:
        """Frames in order from ``start``, seeking to the key frame before it first."""
        stream, index, origin = self._stream, 0, self._stream.start_time or 0
        if self.start > 0 and stream.time_base:
            self._container.seek(origin + int(self.start / self.fps / stream.time_base), stream=stream, backward=True)
            index = -1  # known from the first frame's timestamp
        self._rotation = 0.0
        for decoded in self._container.decode(stream):
            if index < 0:
                if decoded.pts is None:  # no timestamps to place the frame: read from the start
                    self._container.seek(origin, stream=stream, backward=True)
                    yield from self._from_start()
                    return
                index = round(float((decoded.pts - origin) * (stream.time_base or 0)) * self.fps)
                if index > self.start:  # landed past the start: read from the beginning instead
                    self._container.seek(origin, stream=stream, backward=True)
                    yield from self._from_start()
                    return
            if self.stop is not None and index >= self.stop:
                return
            if index >= self.start:
                yield self._frame(decoded, index)
            index += 1

    def _from_start(self) -> Iterator[Frame]:
        for index, decoded in enumerate(self._container.decode(self._stream)):
            if self.stop is not None and index >= self.stop:
                return
            if index >= self.start:
                yield self._frame(decoded, index)

    def _frame(self, decoded: Any, index: int) -> Frame:
        self._rotation = float(decoded.rotation or 0)
        rgb = _rotate(decoded.to_ndarray(format="rgb24"), self._rotation)
        return Frame(image=rgb[:, :, ::-1], t_ms=round(index * 1000.0 / self.fps), index=index, rgb=rgb)

    def _run(self) -> None:
        try:
            for frame in self._frames:
                while not self._stop.is_set():
                    try:
                        self._queue.put(frame, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if self._stop.is_set():
                    return
        except Exception as error:  # handed to the consumer
            self._put_final(error)
            return
        self._put_final(_END)

    def _put_final(self, item: object) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[Frame]:
        if self._first is None:
            raise SourceError(f"{self.path}: a video file source can be played only once")
        first, self._first = self._first, None
        self._thread = threading.Thread(target=self._run, name="posecoach-decode", daemon=True)
        self._thread.start()
        yield first
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, Exception):
                raise SourceError(f"{self.path}: decoding stopped ({item}); the file may be damaged") from None
            assert isinstance(item, Frame)
            yield Frame(item.image, item.t_ms, item.index, rgb=item.rgb)  # arrived now, not when decoded

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
        self._container.close()


CaptureFactory = Callable[[int], Any]


def _open_capture(index: int) -> Any:
    return cv2.VideoCapture(index)


class CameraSource(_Closing):
    """A live camera. A background thread keeps only the newest frame; iteration hands it over.

    ``index=None`` tries indices 0 to 4 and takes the first that delivers a frame.
    ``capture_factory`` builds the capture object (``cv2.VideoCapture`` by default; tests pass a
    fake). Iteration ends with ``SourceError`` if the camera stops delivering frames.
    """

    def __init__(
        self,
        index: int | None = None,
        *,
        width: int = 640,
        height: int = 480,
        capture_factory: CaptureFactory = _open_capture,
        stall_timeout_s: float = 2.0,
    ) -> None:
        tried = [index] if index is not None else list(range(5))
        self._capture: Any = None
        for candidate in tried:
            capture = capture_factory(candidate)
            if capture is not None and capture.isOpened():
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
                ok, image = capture.read()
                if ok and image is not None:
                    self._capture, self.index = capture, candidate
                    break
            if capture is not None:
                capture.release()
        if self._capture is None:
            listed = ", ".join(str(i) for i in tried)
            raise SourceError(
                f"no camera found (tried index {listed}); connect a webcam, pass --camera N, "
                "or coach through a recording with --video FILE"
            )
        self.name = f"camera {self.index}"
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if fps and 1.0 <= fps <= 240.0 else 30.0
        self.stall_timeout_s = stall_timeout_s
        self.dropped = 0
        self._latest: tuple[np.ndarray, int, int] | None = None
        self._failed = False
        self._pending = False
        self._stop = threading.Event()
        self._ready = threading.Condition()
        self._t0 = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="posecoach-camera", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        seq = 0
        while not self._stop.is_set():
            ok, image = self._capture.read()
            if not ok or image is None:
                with self._ready:
                    self._failed = True
                    self._ready.notify_all()
                return
            t_ms = round((time.monotonic() - self._t0) * 1000.0)
            with self._ready:
                if self._pending:  # the previous frame was never handed over
                    self.dropped += 1
                self._latest = (image, t_ms, seq)
                self._pending = True
                self._ready.notify_all()
            seq += 1

    def __iter__(self) -> Iterator[Frame]:
        last_t_ms = -1
        while not self._stop.is_set():
            with self._ready:
                deadline = time.monotonic() + self.stall_timeout_s
                while not self._pending and not self._failed:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self._stop.is_set():
                        break
                    self._ready.wait(timeout=min(remaining, 0.1))
                if not self._pending:
                    if self._stop.is_set():
                        return
                    raise SourceError(
                        f"{self.name} stopped delivering frames (unplugged?); reconnect it and start again"
                    )
                assert self._latest is not None
                image, t_ms, seq = self._latest
                self._pending = False
            t_ms = max(t_ms, last_t_ms + 1)
            last_t_ms = t_ms
            yield Frame(image=image, t_ms=t_ms, index=seq)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)
        self._capture.release()


class Clock(Protocol):
    """The time a paced source plays by (``MONOTONIC``; tests pass one they move themselves)."""

    def now(self) -> float:
        """Seconds since an arbitrary origin."""
        ...

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        """Wait ``seconds`` or until ``stop`` is set, whichever is first; whether it was set."""
        ...


class _Monotonic:
    def now(self) -> float:
        return time.monotonic()

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        return stop.wait(seconds)


MONOTONIC: Clock = _Monotonic()


class PacedFileSource(_Closing):
    """A video file played as if it were a camera: a thread decodes frames at the file's own rate
    (by ``clock``) and keeps only the newest; a consumer that falls behind gets the newest frame,
    and the ones in between are dropped. Timestamps are the file's. Iteration ends at the end of
    the file."""

    def __init__(self, path: str | Path, clock: Clock = MONOTONIC) -> None:
        self._file = VideoFileSource(path)
        self.name, self.fps, self.clock = self._file.name, self._file.fps, clock
        self.frame_count = self._file.frame_count
        self.dropped = 0
        self._latest: Frame | None = None
        self._ended = False
        self._stop = threading.Event()
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="posecoach-playback", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        start = self.clock.now()
        try:
            for frame in self._file:
                delay = start + frame.t_ms / 1000.0 - self.clock.now()
                if delay > 0 and self.clock.wait(self._stop, delay):
                    break
                with self._ready:
                    if self._latest is not None:
                        self.dropped += 1
                    self._latest = Frame(frame.image, frame.t_ms, frame.index, time.monotonic(), frame.rgb)
                    self._ready.notify_all()
                if self._stop.is_set():
                    break
        finally:
            with self._ready:
                self._ended = True
                self._ready.notify_all()

    def __iter__(self) -> Iterator[Frame]:
        while True:
            with self._ready:
                while self._latest is None and not self._ended:
                    self._ready.wait(timeout=0.1)
                if self._latest is None:
                    return
                frame, self._latest = self._latest, None
            yield frame

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)
        self._file.close()


def open_source(camera: int | None = None, video: str | Path | None = None) -> FrameSource:
    """A video file when ``video`` is given, else the camera (``None`` means the first found)."""
    if video is not None:
        return VideoFileSource(video)
    return CameraSource(camera)
