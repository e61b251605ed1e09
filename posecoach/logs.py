"""The log: what happened in a session, for a user to send when "it missed my reps".

A small rotating file beside the database (``posecoach.log``) records calibration, set-up problems
and view changes as they change, reps, faults, dropped frames and errors. ``--verbose`` adds the
per-frame detail (cues, holds, each dropped frame) and echoes the log to the terminal.

The exercise coach is pure and logs nothing: the drivers that consume its events (``analyze``, the live
loop) hand them to an ``EventJournal`` (``posecoach.coach.journal``).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from posecoach.paths import default_db_path

LOGGER = "posecoach"
LOG_FILE = "posecoach.log"
MAX_BYTES = 512 * 1024  # a few sessions' worth at the default level; small enough to attach
BACKUPS = 2
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

log = logging.getLogger(LOGGER)


def log_path(db: str | Path | None = None) -> Path:
    """Where the log goes: beside the database (``--db``, ``$POSECOACH_DB`` or the XDG data dir)."""
    db_path = Path(db).expanduser() if db is not None else default_db_path()
    return db_path.parent / LOG_FILE


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A file log that cannot be written (a read-only folder, a full disk) stays silent: the log
    must never disturb the user or the command's own one-line messages."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def setup_logging(verbose: bool = False, db: str | Path | None = None) -> Path | None:
    """Log to the rotating file (INFO, DEBUG when ``verbose``) and, when ``verbose``, to stderr.

    Calling it again replaces the handlers it added before. Returns the log file, or None when it
    cannot be written (then posecoach runs on without a file log; ``POSECOACH_NO_LOG=1`` turns it off).
    """
    for handler in [h for h in log.handlers if getattr(h, "_posecoach", False)]:
        log.removeHandler(handler)
        handler.close()
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    log.propagate = False
    handlers: list[logging.Handler] = []
    path: Path | None = None
    if not os.environ.get("POSECOACH_NO_LOG"):
        try:
            path = log_path(db)
            path.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(
                _QuietFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
            )
        except OSError:
            path = None
    if verbose:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._posecoach = True  # type: ignore[attr-defined]
        log.addHandler(handler)
    return path
