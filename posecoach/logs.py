"""The log: what happened in a session, for a user to send when "it missed my reps".

A small rotating file beside the database (``posecoach.log``) records calibration, set-up problems
and view changes as they change, reps, faults, dropped frames and errors. ``--verbose`` adds the
per-frame detail (cues, holds, each dropped frame) and echoes the log to the terminal.

The analyzer is pure and logs nothing: the drivers that consume its events (``analyze``, the live
loop) hand them to an ``EventJournal``.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from collections.abc import Iterable
from pathlib import Path

from posecoach.coach.events import (
    CalibrationDone,
    CueIssued,
    Event,
    FaultCleared,
    FaultRaised,
    HoldProgress,
    RepCompleted,
    SetupProblem,
)

LOGGER = "posecoach"
LOG_FILE = "posecoach.log"
MAX_BYTES = 512 * 1024  # a few sessions' worth at the default level; small enough to attach
BACKUPS = 2
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

log = logging.getLogger(LOGGER)


def log_path(db: str | Path | None = None) -> Path:
    """Where the log goes: beside the database (``--db``, ``$POSECOACH_DB`` or the XDG data dir)."""
    from posecoach.store.db import default_db_path

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


class EventJournal:
    """Writes the analyzer's (and the guided session's) events to the log, without flooding it:
    a set-up problem or view change is logged when it changes, not on every frame."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self.log = logger or log
        self.dropped = 0
        self._setup: str | None = None
        self._last_index: int | None = None

    def frame(self, index: int, t_s: float) -> None:
        """A frame arrived: frames the source skipped (a busy machine, a slow camera) are counted."""
        if self._last_index is not None and index > self._last_index + 1:
            skipped = index - self._last_index - 1
            self.dropped += skipped
            self.log.debug("t=%.2f s: %d frame(s) dropped before frame %d", t_s, skipped, index)
        self._last_index = index

    def record(self, events: Iterable[Event]) -> None:
        for event in events:
            t = event.t_s
            if isinstance(event, SetupProblem):
                if event.code != self._setup:
                    self.log.info("t=%.2f s: set-up: %s (%s)", t, event.code, event.message)
                    self._setup = event.code
            elif isinstance(event, CalibrationDone):
                self._setup = None
                self.log.info(
                    "t=%.2f s: calibrated on the still stance from %.2f to %.2f s", t, event.start_s, event.end_s
                )
            elif isinstance(event, RepCompleted):
                rep = event.rep
                self.log.info(
                    "t=%.2f s: rep %d%s peak %+.1f deg, score %d%s",
                    t,
                    rep.index,
                    f" ({rep.side})" if rep.side else "",
                    rep.peak_deg,
                    rep.score,
                    f", faults {', '.join(rep.faults)}" if rep.faults else "",
                )
            elif isinstance(event, FaultRaised):
                self.log.info("t=%.2f s: fault %s", t, event.code)
            elif isinstance(event, (FaultCleared, HoldProgress, CueIssued)):
                self.log.debug("t=%.2f s: %s", t, event)
            else:  # the guided session's: exercise started or finished, sets, rests, assessments
                self.log.info("t=%.2f s: %s", t, event)

    def close(self) -> None:
        if self.dropped:
            self.log.info("%d frame(s) dropped in all", self.dropped)
