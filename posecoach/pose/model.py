"""Locating and checking the pose model bundle (a MediaPipe Tasks ``.task`` file)."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from posecoach.errors import ModelError
from posecoach.paths import shipped_file

DEFAULT_MODEL_NAME = "pose_landmarker_full.task"
#: sha256 of models/pose_landmarker_full.task as built by models/build_bundle.py.
DEFAULT_MODEL_SHA256 = "f2046ed0361f8963584ea337356103e1eff4ed0399c98c8ecafa35060178e189"
BUNDLE_MEMBERS = ("pose_detector.tflite", "pose_landmarks_detector.tflite")


@dataclass(frozen=True)
class ModelInfo:
    path: Path
    sha256: str
    is_default: bool


def default_model_path() -> Path:
    """The shipped bundle: inside the installed package, or in ``models/`` of a checkout."""
    path = shipped_file(f"models/{DEFAULT_MODEL_NAME}", f"models/{DEFAULT_MODEL_NAME}")
    if path is None:
        raise ModelError(
            f"the pose model {DEFAULT_MODEL_NAME} is missing from this installation; "
            "reinstall posecoach, or pass --model PATH to a .task file"
        )
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve_model(path: str | Path | None = None) -> ModelInfo:
    """Check a model bundle before MediaPipe sees it; ``None`` means the shipped default.

    The default bundle must match its recorded checksum. Any other ``.task`` file (Google's lite
    or heavy bundles, say) must be a zip holding the two pose models.
    """
    is_default = path is None
    model = default_model_path() if path is None else Path(path).expanduser()
    if not model.is_file():
        raise ModelError(f"model file not found: {model}; pass --model PATH to an existing .task file")
    digest = sha256_of(model)
    if is_default and digest != DEFAULT_MODEL_SHA256:
        raise ModelError(
            f"the shipped model {model} is damaged (sha256 {digest[:12]}..., expected "
            f"{DEFAULT_MODEL_SHA256[:12]}...); reinstall posecoach or rebuild it with models/build_bundle.py"
        )
    try:
        with zipfile.ZipFile(model) as bundle:
            names = set(bundle.namelist())
    except (zipfile.BadZipFile, OSError):
        raise ModelError(
            f"{model} is not a MediaPipe .task bundle (not a zip file); "
            "use the shipped model or a pose_landmarker_*.task from Google"
        ) from None
    missing = [name for name in BUNDLE_MEMBERS if name not in names]
    if missing:
        raise ModelError(
            f"{model} is not a pose landmarker bundle (missing {', '.join(missing)}); "
            "use the shipped model or a pose_landmarker_*.task from Google"
        )
    return ModelInfo(path=model, sha256=digest, is_default=is_default)
