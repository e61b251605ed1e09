"""Where posecoach keeps its files (XDG base directories) and where its shipped assets live."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The source checkout's root when running from a clone (editable install), else unused.
CHECKOUT_DIR = PACKAGE_DIR.parent


def data_dir() -> Path:
    """``$XDG_DATA_HOME/posecoach``, else ``~/.local/share/posecoach``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "posecoach"


def default_db_path() -> Path:
    """``$POSECOACH_DB``, else ``$XDG_DATA_HOME/posecoach/posecoach.db``."""
    env = os.environ.get("POSECOACH_DB")
    return Path(env).expanduser() if env else data_dir() / "posecoach.db"


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/posecoach``, else ``~/.config/posecoach``."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "posecoach"


def shipped_file(package_relpath: str, checkout_relpath: str) -> Path | None:
    """Find an asset shipped inside the wheel (package path) or lying in a source checkout."""
    for candidate in (PACKAGE_DIR / package_relpath, CHECKOUT_DIR / checkout_relpath):
        if candidate.is_file():
            return candidate
    return None


def demo_clip() -> Path:
    """The shipped demo video (a rendered side bend, 8 reps)."""
    from posecoach.exercises.registry import DEMO

    return PACKAGE_DIR / "data" / DEMO.clip


def check_output_path(path: Path, option: str) -> Path:
    """``path`` as a file that can be written, or a ``PosecoachError`` naming ``option`` and the fix.

    Call it before any long work, so that a typo costs nothing."""
    from posecoach.errors import PosecoachError

    path = path.expanduser()
    folder = path.parent
    if path.is_dir():
        raise PosecoachError(f"{option} {path} is a folder; give a file name, e.g. {path / 'out'}{path.suffix}")
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise PosecoachError(f"{option} {path}: the folder {folder} {what}; create it or choose another path")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise PosecoachError(f"{option} {path} cannot be written (permission denied); choose another path")
    return path


def write_file(path: Path, data: bytes) -> None:
    """Write a whole file, or say in one line why it could not be written."""
    from posecoach.errors import PosecoachError

    try:
        path.write_bytes(data)
    except OSError as error:
        raise PosecoachError(f"cannot write {path} ({error.strerror or error}); choose another path") from None
