from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not on Linux or macOS: each pytest-xdist worker computes its own
    fcntl = None  # type: ignore[assignment]

# Wide enough that the CLI's tables do not wrap cells (rich reads it when the console is made).
os.environ["COLUMNS"] = "200"
# No log file in your data folder from the tests (tests/test_logs.py turns it on where it checks it).
os.environ.setdefault("POSECOACH_NO_LOG", "1")

import pytest

DATA = Path(__file__).parent / "data"


def need_tool(*names: str) -> str:
    """The path of the first of ``names`` installed; skips the test without it (fails under CI,
    whose .ci/run must install it)."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail(f"{names[0]} is missing: .ci/run must install it")
    pytest.skip(f"{names[0]} is not installed")


class RunCache:
    """Values computed once per test run, kept in memory and, under pytest-xdist, in a folder that
    all this run's workers share: the first worker to ask for a value computes it (others that
    ask meanwhile wait for it), the rest read it. Nothing outlives the run."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._memory: dict[str, Any] = {}

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        """The value for ``key``, made by ``make()`` if no one has made it yet in this run."""
        if key not in self._memory:
            self._memory[key] = make() if self.folder is None else self._shared(key, make)
        return self._memory[key]

    def _shared(self, key: str, make: Callable[[], Any]) -> Any:
        assert self.folder is not None and fcntl is not None
        stem = hashlib.sha256(key.encode()).hexdigest()[:24]
        path = self.folder / f"{stem}.pickle"
        with open(self.folder / f"{stem}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if path.exists():
                return pickle.loads(path.read_bytes())
            value = make()
            partial = path.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(value))
            partial.replace(path)
            return value

    def mapping(self, name: str, make: Callable[[Any], Any]) -> dict:
        """A dict whose missing ``[key]`` is ``make(key)``, made once per run."""
        cache = self

        class Once(dict):
            def __missing__(self, key: Any) -> Any:
                value = self[key] = cache.get(f"{name}/{key!r}", lambda: make(key))
                return value

        return Once()


@pytest.fixture(scope="session")
def run_cache(tmp_path_factory: pytest.TempPathFactory) -> RunCache:
    """Costly results (real MediaPipe over a clip) shared by the tests, and by the pytest-xdist
    workers, of this run."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None or fcntl is None:
        return RunCache(None)
    # Each worker's base folder is <this run's base folder>/popen-gwN: a fresh one every run.
    folder = tmp_path_factory.getbasetemp().parent / "run-cache"
    folder.mkdir(exist_ok=True)
    return RunCache(folder)


def decodable_frames(video: Path) -> int:
    """How many frames OpenCV (not posecoach) can decode from ``video``: a truncated file's truth."""
    import cv2

    capture, count = cv2.VideoCapture(str(video)), 0
    while capture.read()[0]:
        count += 1
    capture.release()
    return count


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Artifacts a person may want to look at after a run (screenshots, reports)."""
    out = Path(__file__).parent.parent / "test-output"
    out.mkdir(exist_ok=True)
    return out


@pytest.fixture(scope="session")
def estimated(run_cache):
    """Real MediaPipe over a clip, once per test run: ``estimated(path, settings=None)`` gives
    ``(pose, candidates)`` per frame, cached by path and settings, so that every test of the
    same clip's landmarks shares one run."""
    from posecoach.pose.estimator import EstimatorSettings, PoseEstimator
    from posecoach.video import VideoFileSource

    def estimate(path, settings):
        with VideoFileSource(path) as source, PoseEstimator(settings) as estimator:
            return [(estimator.estimate(frame), list(estimator.candidates)) for frame in source]

    def run(path, settings=None):
        settings = settings or EstimatorSettings()
        path = Path(path).resolve()
        return run_cache.get(f"estimated/{path}/{settings!r}", lambda: estimate(path, settings))

    return run


#: Estimators the tests opened, closed after each test: a landmarker left to the garbage collector
#: closes itself at an arbitrary moment, which can stall MediaPipe.
_OPEN_ESTIMATORS: list = []


def open_estimator():
    """A PoseEstimator that is closed when the test ends."""
    from posecoach.pose.estimator import PoseEstimator

    estimator = PoseEstimator()
    _OPEN_ESTIMATORS.append(estimator)
    return estimator


class InOrder:
    """``stream`` for a test's stand-in estimator: ``estimate`` on each frame in turn, as
    ``PoseEstimator.stream`` gives them (the live loop calls ``stream``)."""

    def stream(self, frames):
        import time

        for frame in frames:
            t0 = time.monotonic()
            pose = self.estimate(frame)
            yield frame, pose, (time.monotonic() - t0) * 1000


class ReplayEstimator(InOrder):
    """Real MediaPipe poses of a clip (recorded, tests/recorded.py), given again
    for the same images, in any order, at the frame's own time, each after ``pace_s`` (as a fast
    machine's MediaPipe: the live loop then sees one pose at a time, as from a camera, and does
    not get the whole clip at once). A blank image holds nobody; any other image not from the
    clip (a darkened copy) goes through a real estimator. For the tests of the live loop's
    behaviours (a camera lost, a window closed, nobody in view), which need real poses but not a
    fresh MediaPipe run over the same clip each."""

    def __init__(self, images, poses, pace_s: float = 0.008) -> None:
        self._known = {id(image): pose for image, pose in zip(images, poses, strict=True)}
        self._images = images  # keeps the ids valid
        self._real = None
        self.pace_s = pace_s

    def estimate(self, frame):
        import dataclasses
        import time

        from posecoach.pose.types import Pose

        pose = self._known.get(id(frame.image))
        if pose is not None or frame.image.min() == frame.image.max():
            time.sleep(self.pace_s)
            return (
                Pose.empty(frame.t_ms, frame.width, frame.height)
                if pose is None
                else dataclasses.replace(pose, t_ms=frame.t_ms)
            )
        if self._real is None:
            self._real = open_estimator()
        return self._real.estimate(frame)


@pytest.fixture(scope="session")
def clip_images(data_dir):
    """The frames of tests/data/run_side_bend.mp4 (one bend each way after 8 s of standing still)."""
    from posecoach.video import VideoFileSource

    with VideoFileSource(data_dir / "run_side_bend.mp4") as source:
        return [frame.image for frame in source]


@pytest.fixture(scope="session")
def run_clip_15fps(clip_images, tmp_path_factory) -> Path:
    """tests/data/run_side_bend.mp4 at 15 fps (every other frame), as a webcam gives in dim light.
    The tests that run the app on it in real time then spend half the CPU of the 30 fps clip."""
    path = tmp_path_factory.mktemp("clip15") / "run_side_bend_15fps.mp4"
    write_video(path, clip_images[::2], fps=15.0)
    return path


def write_video(path: Path, images: list, fps: float) -> None:
    """``images`` (BGR, all of one size) as an MPEG-4 video at ``fps``."""
    import cv2

    height, width = images[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    for image in images:
        writer.write(image)
    writer.release()


@pytest.fixture
def replay(data_dir, clip_images):
    """The clip's real MediaPipe poses (recorded: tests/recorded.py), given again by image."""
    from recorded import clip_poses

    return ReplayEstimator(clip_images, clip_poses(data_dir / "run_side_bend.mp4"))


@pytest.fixture(autouse=True)
def _close_estimators():
    yield
    while _OPEN_ESTIMATORS:
        _OPEN_ESTIMATORS.pop().close()


#: Test modules of the live loop, which play clips at their own pace (a worker waits on the clock).
PACED_MODULES = ("test_live", "test_window")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than there are cores. The paced tests leave their worker
    waiting on the clock, and one more worker keeps the cores busy meanwhile (on two cores the
    suite ran about a fifth faster than with two workers; docs/performance.md). More would measure
    the live loop's timing on an overloaded machine."""
    return (os.cpu_count() or 1) + 1


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests that run MediaPipe over whole clips first, the quick ones last: pytest-xdist's
    workers take the tests one by one in this order (``--maxschedchunk 1``), so that the quick
    ones fill the end of the run instead of one worker finishing a long test alone. Among the
    long ones, those that play a clip at its own pace are spread between those that keep the
    cores busy (biggest modules first), so that one worker computes while the other waits."""
    slow = [item for item in items if item.get_closest_marker("slow")]
    module = {item: getattr(getattr(item, "module", None), "__name__", "") for item in slow}
    paced = [item for item in slow if module[item] in PACED_MODULES]
    busy = [item for item in slow if item not in paced]
    size = Counter(module[item] for item in busy)
    busy.sort(key=lambda item: -size[module[item]])  # the biggest modules (most MediaPipe work) first
    spread: list[pytest.Item] = []
    for index, item in enumerate(busy):
        spread.append(item)
        if index % 2 == 0 and paced:
            spread.append(paced.pop(0))
    items[:] = spread + paced + [item for item in items if not item.get_closest_marker("slow")]
