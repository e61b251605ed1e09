"""The guided routine walker: instructions, set-up and calibration, sets and sides, holds,
rests, the next exercise; pause, skip, back, recalibrate and end early.

Pure logic driven by poses and their timestamps (the clock): call ``update(pose)`` every frame,
with an empty pose when nobody is in view. It emits the exercise coach's events plus its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from posecoach.body.smoothing import SmootherFactory, one_euro
from posecoach.coach.adaptive import assessed_target
from posecoach.coach.events import CueIssued, Event, RepCompleted
from posecoach.coach.exercise_coach import CoachSettings, ExerciseCoach
from posecoach.pose.types import Pose

if TYPE_CHECKING:  # the walker reads routines, it need not load them (pydantic, yaml)
    from posecoach.routines import ExerciseEntry, Routine

ASSESSMENT_REPS = 2  # per side, at the start of an exercise whose target is still unknown


class Phase(Enum):
    INSTRUCT = "instruct"  # read the instructions, get into position
    SETUP = "setup"  # in view, right way round, still: calibrating
    ACTIVE = "active"  # counting
    REST = "rest"
    DONE = "done"


@dataclass(frozen=True)
class ExerciseStarted(Event):
    index: int
    exercise: str
    title: str
    instructions: str
    target_deg: float | None


@dataclass(frozen=True)
class AssessmentDone(Event):
    target_deg: float


@dataclass(frozen=True)
class SetCompleted(Event):
    set_number: int
    sets: int


@dataclass(frozen=True)
class RestStarted(Event):
    seconds: float


@dataclass(frozen=True)
class ExerciseFinished(Event):
    index: int
    exercise: str
    counts: dict[str, int]
    completed: bool


@dataclass(frozen=True)
class SessionFinished(Event):
    completed: bool


@dataclass
class Block:
    """One exercise of the routine as it is being done."""

    index: int
    entry: ExerciseEntry
    exercise_coach: ExerciseCoach
    assessing: bool
    set_number: int = 1
    finished: bool = False

    @property
    def sided(self) -> bool:
        return self.entry.spec.per_side

    def done_in_set(self, set_number: int) -> bool:
        counts, need = self.exercise_coach.counts, self.entry.reps * set_number
        if self.sided:
            return counts["left"] >= need and counts["right"] >= need
        return counts["total"] >= need


@dataclass
class GuidedSession:
    """Walks ``routine``. ``targets`` maps exercise index to degrees, or None to assess first."""

    routine: Routine
    targets: dict[int, float | None] = field(default_factory=dict)
    instruct_s: float = 6.0
    smoother: SmootherFactory = one_euro
    #: A recording played as the camera cannot wait for the cards: keep counting while the
    #: instruction and rest cards show (drawn over the video), so no rep it holds is lost.
    count_during_cards: bool = False

    def __post_init__(self) -> None:
        self.phase = Phase.INSTRUCT
        self.paused = False
        self.blocks: list[Block] = []
        self.completed = False
        self._phase_since: float | None = None
        self._rest_s = 0.0
        self._after_rest = Phase.ACTIVE
        self._t = 0.0
        self._pending: list[Event] = []
        self._start_block(0)

    # -- what the UI shows ----------------------------------------------------------------------

    @property
    def current(self) -> Block:
        return self.blocks[-1]

    @property
    def rest_remaining(self) -> float:
        if self.phase is not Phase.REST or self._phase_since is None:
            return 0.0
        return max(0.0, self._rest_s - (self._t - self._phase_since))

    @property
    def instruct_remaining(self) -> float:
        if self.phase is not Phase.INSTRUCT or self._phase_since is None:
            return self.instruct_s
        return max(0.0, self.instruct_s - (self._t - self._phase_since))

    @property
    def set_label(self) -> str:
        block = self.current
        label = f"Set {block.set_number}/{block.entry.sets}" if block.entry.sets > 1 else ""
        return ("Assessing  " + label).strip() if block.assessing else label

    # -- controls -----------------------------------------------------------------------------

    def pause(self) -> None:
        self.paused = not self.paused

    def skip(self) -> None:
        """On to the next exercise (the current one is saved as far as it got)."""
        if self.phase is not Phase.DONE:
            self._finish_block(completed=False)
            self._next(self.current.index + 1, rest=False)

    def back(self) -> None:
        """Back to the previous exercise (or the start of this one)."""
        if self.phase is not Phase.DONE:
            self._finish_block(completed=False)
            self._start_block(max(0, self.current.index - 1))

    def recalibrate(self) -> None:
        if self.phase in (Phase.SETUP, Phase.ACTIVE):
            self.current.exercise_coach.recalibrate()
            self._set_phase(Phase.SETUP)

    def end(self) -> None:
        """End early; what was counted is kept."""
        if self.phase is not Phase.DONE:
            self._finish_block(completed=False)
            self._finish_session()

    # -- the clock ----------------------------------------------------------------------------

    def update(self, pose: Pose) -> list[Event]:
        """Advance with one frame; returns the events it caused."""
        t = pose.t_s
        if self._phase_since is None:
            self._phase_since = t
        if self.paused:
            if self._phase_since is not None:
                self._phase_since += max(0.0, t - self._t)  # timers stand still while paused
            self._t = t
            return self._drain()
        self._t = t
        block = self.current
        if self.phase is Phase.INSTRUCT:
            if t - self._phase_since >= self.instruct_s:
                self._set_phase(Phase.SETUP)
        elif self.phase is Phase.REST:
            if self.rest_remaining <= 0:
                if self._after_rest is Phase.INSTRUCT:
                    self._start_block(block.index + 1)
                else:
                    self._set_phase(Phase.ACTIVE)
        block = self.current
        cards = self.count_during_cards and self.phase in (Phase.INSTRUCT, Phase.REST) and not block.finished
        if self.phase in (Phase.SETUP, Phase.ACTIVE) or cards:
            events = block.exercise_coach.update(pose)
            self._pending.extend(events)
            if self.phase is Phase.SETUP and block.exercise_coach.neutral is not None:
                self._set_phase(Phase.ACTIVE)
            if (self.phase is Phase.ACTIVE or cards) and any(isinstance(e, RepCompleted) for e in events):
                self._after_rep(t)
        return self._drain()

    # -- internals ----------------------------------------------------------------------------

    def _drain(self) -> list[Event]:
        events, self._pending = self._pending, []
        return events

    def _set_phase(self, phase: Phase) -> None:
        self.phase, self._phase_since = phase, self._t

    def _start_block(self, index: int) -> None:
        entry = self.routine.exercises[index]
        if index in self.targets:
            target = self.targets[index]
        else:
            target = None if entry.target == "auto" else float(entry.target)
        settings = CoachSettings(
            target_deg=target, tolerance_deg=entry.tolerance, hold_s=entry.hold, tempo_s=entry.tempo
        )
        exercise_coach = ExerciseCoach(entry.exercise, settings, smoother=self.smoother)
        self.blocks.append(Block(index=index, entry=entry, exercise_coach=exercise_coach, assessing=target is None))
        self._set_phase(Phase.INSTRUCT)
        spec = entry.spec
        self._pending.append(
            ExerciseStarted(
                self._t,
                index=index,
                exercise=spec.name,
                title=spec.title,
                instructions=entry.instructions or spec.instructions,
                target_deg=target,
            )
        )
        self._pending.append(CueIssued(self._t, text=spec.title))

    def _after_rep(self, t: float) -> None:
        block = self.current
        if block.assessing and self._assessment_done(block):
            peaks: dict[str, list[float]] = {}
            for rep in block.exercise_coach.reps:
                peaks.setdefault(rep.side or "all", []).append(rep.drive_peak_deg)
            target = assessed_target(peaks, block.entry.spec.safe_target_deg)
            block.exercise_coach.set_target(target)
            block.assessing = False
            self._pending.append(AssessmentDone(t, target_deg=target))
            self._pending.append(CueIssued(t, text=f"Your target: {target:.0f} degrees"))
        if block.done_in_set(block.set_number):
            self._pending.append(SetCompleted(t, set_number=block.set_number, sets=block.entry.sets))
            if block.set_number < block.entry.sets:
                block.set_number += 1
                self._rest(block.entry.rest_s, then=Phase.ACTIVE)
            else:
                self._finish_block(completed=True)
                self._next(block.index + 1, rest=True)

    def _assessment_done(self, block: Block) -> bool:
        counts = block.exercise_coach.counts
        if block.sided:
            return min(counts["left"], counts["right"]) >= ASSESSMENT_REPS
        return counts["total"] >= 1

    def _rest(self, seconds: float, then: Phase) -> None:
        if seconds <= 0:
            if then is Phase.INSTRUCT:
                self._start_block(self.current.index + 1)
            else:
                self._set_phase(then)
            return
        self._rest_s, self._after_rest = seconds, then
        self._set_phase(Phase.REST)
        self._pending.append(RestStarted(self._t, seconds=seconds))
        self._pending.append(CueIssued(self._t, text=f"Rest {seconds:.0f} seconds"))

    def _next(self, index: int, rest: bool) -> None:
        if index >= len(self.routine.exercises):
            self.completed = all(b.finished and b.done_in_set(b.entry.sets) for b in self._last_blocks())
            self._finish_session()
        elif rest:
            self._rest(self.routine.rest_between_exercises_s, then=Phase.INSTRUCT)
        else:
            self._start_block(index)

    def _last_blocks(self) -> list[Block]:
        latest: dict[int, Block] = {}
        for block in self.blocks:
            latest[block.index] = block
        return list(latest.values())

    def _finish_block(self, completed: bool) -> None:
        block = self.current
        if block.finished:
            return
        block.finished = True
        self._pending.extend(block.exercise_coach.finish())
        self._pending.append(
            ExerciseFinished(
                self._t,
                index=block.index,
                exercise=block.entry.exercise,
                counts=block.exercise_coach.counts,
                completed=completed,
            )
        )

    def _finish_session(self) -> None:
        self._set_phase(Phase.DONE)
        self._pending.append(SessionFinished(self._t, completed=self.completed))
        self._pending.append(
            CueIssued(self._t, text="Well done. Session complete." if self.completed else "Session ended.")
        )

    @property
    def is_finished(self) -> bool:
        return self.phase is Phase.DONE
