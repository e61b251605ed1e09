from __future__ import annotations

import os
import shutil
from pathlib import Path

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
def estimated():
    """Real MediaPipe over a clip, once per test session: ``estimated(path, settings=None)`` gives
    ``(pose, candidates)`` per frame, cached by path and settings, so that every test of the
    same clip's landmarks shares one run."""
    from posecoach.pose.estimator import EstimatorSettings, PoseEstimator
    from posecoach.video import VideoFileSource

    cache: dict = {}

    def run(path, settings=None):
        settings = settings or EstimatorSettings()
        key = (Path(path).resolve(), settings)
        if key not in cache:
            with VideoFileSource(path) as source, PoseEstimator(settings) as estimator:
                cache[key] = [(estimator.estimate(frame), list(estimator.candidates)) for frame in source]
        return cache[key]

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


@pytest.fixture(autouse=True)
def _close_estimators():
    yield
    while _OPEN_ESTIMATORS:
        _OPEN_ESTIMATORS.pop().close()
