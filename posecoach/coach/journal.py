"""The exercise coach's (and the guided session's) events, written to posecoach's log (``posecoach.logs``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

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
from posecoach.logs import log


class EventJournal:
    """Writes the exercise coach's (and the guided session's) events to the log, without flooding it:
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
