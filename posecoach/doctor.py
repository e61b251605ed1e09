"""Checks behind ``posecoach doctor``: is everything a session needs in place?"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from posecoach.errors import PosecoachError
from posecoach.pose.types import LM, Pose


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
            empty = estimator.estimate(Frame(image=blank, t_ms=0, index=0))
            person = _person_frame()
            pose: Pose | None = None
            if person is not None:
                for i in range(1, 6):  # the estimator confirms a person over a few frames
                    pose = estimator.estimate(Frame(image=person, t_ms=33 * i, index=i))
    except PosecoachError as error:
        yield Check("model runs", False, str(error))
        return
    if not empty.is_empty:
        yield Check("model runs", False, "the model found a person in an empty frame: it is not a pose model")
    elif pose is None:
        yield Check(
            "model runs",
            False,
            "the shipped test picture (posecoach/data/demo_side_bend.mp4) is missing; reinstall posecoach",
        )
    else:
        problem = landmark_problem(pose)
        yield Check(
            "model runs",
            problem is None,
            "finds the person in a test picture, landmarks in place"
            if problem is None
            else f"on a test picture of a person standing: {problem}",
        )


def _person_frame() -> np.ndarray | None:
    """The first frame of the shipped demo clip: one person standing, facing the camera."""
    from posecoach.paths import PACKAGE_DIR
    from posecoach.video import VideoFileSource

    clip = PACKAGE_DIR / "data" / "demo_side_bend.mp4"
    if not clip.is_file():
        return None
    with VideoFileSource(clip) as source:
        return next(iter(source)).image


def landmark_problem(pose: Pose) -> str | None:
    """What is wrong with a pose of someone standing upright and facing the camera, or None.

    Head above shoulders above hips above knees above ankles, everything inside the picture, and
    the person's left side on the picture's right (they face us)."""
    if pose.is_empty:
        return "it found nobody"
    xy = pose.image[:, :2]
    if not np.isfinite(xy).all() or (xy < -0.05).any() or (xy > 1.05).any():
        return "landmarks fall outside the picture"
    chain = [
        LM.NOSE,
        (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER),
        (LM.LEFT_HIP, LM.RIGHT_HIP),
        (LM.LEFT_KNEE, LM.RIGHT_KNEE),
        (LM.LEFT_ANKLE, LM.RIGHT_ANKLE),
    ]
    heights = [float(np.mean([xy[i, 1] for i in (part if isinstance(part, tuple) else (part,))])) for part in chain]
    if any(upper >= lower for upper, lower in zip(heights, heights[1:])):
        return "head, shoulders, hips, knees and ankles are not stacked top to bottom"
    if xy[LM.LEFT_SHOULDER, 0] <= xy[LM.RIGHT_SHOULDER, 0] or xy[LM.LEFT_HIP, 0] <= xy[LM.RIGHT_HIP, 0]:
        return "left and right are swapped"
    return None


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
        return Check(
            "display",
            False,
            "no DISPLAY: `posecoach run` coaches in the terminal (or run it under xvfb-run)",
            required=False,
        )
    return Check(
        "display", True, os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "native", required=False
    )


def run_checks(model: str | None = None) -> list[Check]:
    """Every check, in the order a newcomer would want to read them."""
    import cv2

    from posecoach import __version__

    checks = [Check("posecoach", True, __version__), Check("python", True, sys.version.split()[0])]
    checks.extend(_model_checks(model))
    checks.append(Check("opencv", True, cv2.__version__))
    checks.append(_cameras())
    checks.append(_display())
    from posecoach.store.db import default_db_path

    db = default_db_path()
    where = " (from $POSECOACH_DB)" if os.environ.get("POSECOACH_DB") else ""
    checks.append(
        Check("sessions", True, f"{db}{where}" + ("" if db.exists() else ", not created yet"), required=False)
    )
    return checks
