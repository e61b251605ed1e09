"""Checks behind ``posecoach doctor``: is everything a session needs in place?"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from posecoach.errors import PosecoachError
from posecoach.paths import data_dir


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    required: bool = True


def _model_checks(model: str | None) -> Iterator[Check]:
    from posecoach.pose.estimator import MEDIAPIPE_VERSION, EstimatorSettings, PoseEstimator
    from posecoach.pose.model import resolve_model
    from posecoach.video.sources import Frame

    yield Check("mediapipe", True, MEDIAPIPE_VERSION)
    try:
        info = resolve_model(model)
    except PosecoachError as error:
        yield Check("model", False, str(error))
        return
    kind = "shipped, checksum OK" if info.is_default else "user-supplied"
    yield Check("model", True, f"{info.path} ({kind}, sha256 {info.sha256[:12]}...)")
    try:
        blank = np.full((360, 640, 3), 90, dtype=np.uint8)
        with PoseEstimator(EstimatorSettings(model=model)) as estimator:
            pose = estimator.estimate(Frame(image=blank, t_ms=0, index=0))
        yield Check("model runs", pose.is_empty, "inference on a test frame works" if pose.is_empty
                    else "the model found a person in an empty frame: it is not a pose model")
    except PosecoachError as error:
        yield Check("model runs", False, str(error))


def _cameras() -> Check:
    if sys.platform.startswith("linux"):
        devices = sorted(glob.glob("/dev/video*"))
        if not devices:
            return Check("cameras", False, "none found (no /dev/video*); use --video FILE or --demo", required=False)
        return Check("cameras", True, ", ".join(devices), required=False)
    return Check("cameras", True, "not probed on this platform; try posecoach run --camera 0", required=False)


def _display() -> Check:
    from posecoach.ui.window import display_available

    if not display_available():
        return Check("display", False, "no DISPLAY: `posecoach run` coaches in the terminal (or run it under xvfb-run)", required=False)
    return Check("display", True, os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "native",
                 required=False)


def run_checks(model: str | None = None) -> list[Check]:
    """Every check, in the order a newcomer would want to read them."""
    import cv2

    from posecoach import __version__

    checks = [Check("posecoach", True, __version__), Check("python", True, sys.version.split()[0])]
    checks.extend(_model_checks(model))
    checks.append(Check("opencv", True, cv2.__version__))
    checks.append(_cameras())
    checks.append(_display())
    checks.append(Check("data", True, str(data_dir()), required=False))
    return checks
