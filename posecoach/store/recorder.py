"""Recording an exercise block as it happens, and saving a finished offline analysis."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from posecoach.coach.events import CalibrationDone, Event, FaultCleared, FaultSpan, Rep, RepCompleted
from posecoach.coach.guided import (
    AssessmentDone,
    ExerciseFinished,
    ExerciseStarted,
    GuidedSession,
    SessionFinished,
)
from posecoach.pose.types import Pose
from posecoach.store.motion import MotionCapture, RepMotion
from posecoach.store.sessions import Store

if TYPE_CHECKING:
    from posecoach.coach.exercise_coach import ExerciseCoach


class MotionRecorder:
    """Persists each counted rep's motion (``store/motion.py``): the landmarks drawn around it,
    stored once the second after it has passed, or when ``close`` is called."""

    def __init__(self, store: Store, block_id: int) -> None:
        self.store, self.block_id = store, block_id
        self.capture = MotionCapture()

    def frame(self, pose: Pose, value: float | None, drive: float | None) -> None:
        """Call once per frame with the pose the overlay draws and the gauge's readings."""
        for motion in self.capture.frame(pose, value, drive):
            self.store.add_motion(self.block_id, motion)

    def rep(self, rep: Rep) -> None:
        self.capture.rep(rep)

    @property
    def waiting(self) -> bool:
        """Reps counted whose second after has not passed yet."""
        return self.capture.waiting

    def close(self) -> None:
        """Store the reps still waiting, with the frames there are."""
        for motion in self.capture.finish():
            self.store.add_motion(self.block_id, motion)


class BlockRecorder:
    """Persists one exercise block: each rep the moment it is counted, each fault when it ends
    (once the exercise coach's neutral is settled; before, at the next rep or the block's end), the
    calibration when it is taken, the per-frame metric in chunks of ``chunk`` frames, and each
    rep's motion (``MotionRecorder``) when frames come with their poses."""

    def __init__(
        self, store: Store, session_id: int, exercise_coach: ExerciseCoach, position: int, chunk: int = 60
    ) -> None:
        self.store, self.exercise_coach, self.chunk = store, exercise_coach, chunk
        spec = exercise_coach.spec
        self.block_id = store.start_block(
            session_id,
            position=position,
            exercise=spec.name,
            metric=spec.metric,
            target_deg=exercise_coach.target,
            tolerance_deg=exercise_coach.tolerance,
            hold_s=exercise_coach.hold_target,
        )
        self._saved_faults = 0
        self._t: list[float] = []
        self._v: list[float | None] = []
        self.motion = MotionRecorder(store, self.block_id)

    def record(self, t_s: float, events: Iterable[Event], pose: Pose | None = None) -> None:
        """Call once per frame with the exercise coach's events for that frame (and its pose, to keep
        each rep's motion)."""
        for event in events:
            self.on_event(event)
        self.on_frame(t_s, pose)

    def on_event(self, event: Event) -> None:
        if isinstance(event, RepCompleted):
            self.store.add_rep(self.block_id, event.rep)
            self.motion.rep(event.rep)
            self._save_faults()  # the neutral is settled now
        elif isinstance(event, CalibrationDone) and self.exercise_coach.neutral is not None:
            self.store.set_calibration(self.block_id, self.exercise_coach.neutral.values)
        elif isinstance(event, FaultCleared) and self.exercise_coach.settled:  # else saved once it is (or at the end)
            self._save_faults()

    def on_frame(self, t_s: float, pose: Pose | None = None) -> None:
        state = self.exercise_coach.state
        self._t.append(t_s)
        self._v.append(state.value)
        if pose is not None:
            self.motion.frame(pose, state.value, state.drive)
        if len(self._t) >= self.chunk:
            self.flush()

    def _save_faults(self) -> None:
        spans = self.exercise_coach.fault_spans
        for span in spans[self._saved_faults :]:
            self.store.add_fault(self.block_id, span)
        self._saved_faults = len(spans)

    def flush(self) -> None:
        self.store.add_trace(self.block_id, self._t, self._v)
        self._t, self._v = [], []

    def close(self, motion: bool = True) -> None:
        """End of the block: what the exercise coach's end counts (a hold to the end, a rep cut short on
        its way back), the trace's last chunk, the faults still open and (unless ``motion`` is
        False: the caller goes on feeding ``self.motion`` frames) the reps' motion."""
        for event in self.exercise_coach.finish():
            self.on_event(event)
        self._save_faults()
        self.flush()
        if motion:
            self.motion.close()


class RoutineRecorder:
    """Persists a guided session as it happens: a block per exercise started, every rep when it
    is counted (through ``BlockRecorder``), and the session's end. The last rep of an exercise is
    counted as the exercise ends: its motion goes on taking frames for its second after."""

    def __init__(self, store: Store, session_id: int, guided: GuidedSession) -> None:
        self.store, self.session_id, self.guided = store, session_id, guided
        self.block: BlockRecorder | None = None
        self._ending: list[MotionRecorder] = []  # ended blocks' reps still waiting for frames
        self._position = 0
        self.finished = False

    def record(self, t_s: float, events: Iterable[Event], pose: Pose | None = None) -> None:
        """Call once per frame with the guided session's events, in order, and the frame's pose
        (without it, no motion is kept).

        Blocks follow the events, not the session's present state: several exercises can start
        and end between two frames (two skips), and each gets its own block with its own exercise_coach
        (the guided session starts its blocks in order, one ``ExerciseStarted`` each)."""
        for event in events:
            if isinstance(event, ExerciseStarted):
                block = self.guided.blocks[self._position]
                assert (block.index, block.entry.exercise) == (event.index, event.exercise), "events out of step"
                self._position += 1
                if self.block is not None:  # not closed by its ExerciseFinished: keep what it has
                    self._end_block()
                self.block = BlockRecorder(self.store, self.session_id, block.exercise_coach, self._position)
            elif isinstance(event, ExerciseFinished):
                if self.block is not None:
                    self._end_block()
                self.block = None
            elif isinstance(event, SessionFinished):
                self._close_motion()
                self.store.finish_session(self.session_id, status="completed" if event.completed else "interrupted")
                self.finished = True
            elif self.block is not None:
                if isinstance(event, AssessmentDone):
                    self.store.set_target(self.block.block_id, event.target_deg)
                self.block.on_event(event)
        if self.block is not None:
            self.block.on_frame(t_s, pose)
        if pose is not None and self._ending:
            for motion in self._ending:
                motion.frame(pose, None, None)  # the exercise has ended: nothing is measured
            self._ending = [motion for motion in self._ending if motion.waiting]

    def _end_block(self) -> None:
        assert self.block is not None
        self.block.close(motion=False)
        self._ending.append(self.block.motion)

    def _close_motion(self) -> None:
        for motion in self._ending:
            motion.close()
        self._ending = []

    def abort(self) -> None:
        """The program is stopping (Ctrl-C, window closed, camera lost): keep what was counted."""
        if self.finished:
            return
        if self.block is not None:
            self.block.close()
            self.block = None
        self._close_motion()
        self.store.finish_session(self.session_id, status="interrupted")
        self.finished = True


class TraceSample(Protocol):
    """One frame of an analysis's trace, as the store keeps it."""

    @property
    def t_s(self) -> float: ...
    @property
    def metric(self) -> float | None: ...


class FinishedAnalysis(Protocol):
    """What the store keeps of a finished analysis (``posecoach.offline.AnalysisResult`` is one)."""

    @property
    def exercise(self) -> str: ...
    @property
    def video(self) -> str: ...
    @property
    def model(self) -> str: ...
    @property
    def metric(self) -> str: ...
    @property
    def target_deg(self) -> float: ...
    @property
    def calibration(self) -> dict[str, float] | None: ...
    @property
    def reps(self) -> Sequence[Rep]: ...
    @property
    def faults(self) -> Sequence[FaultSpan]: ...
    @property
    def motions(self) -> Sequence[RepMotion]: ...
    @property
    def trace(self) -> Sequence[TraceSample]: ...


def save_analysis(
    store: Store,
    result: FinishedAnalysis,
    *,
    user: str,
    pain_before: int | None = None,
    pain_after: int | None = None,
) -> int:
    """Store a finished ``posecoach analyze`` run as a one-exercise session; returns its id."""
    session_id = store.start_session(
        user, routine=result.exercise, source=result.video, model=result.model, pain_before=pain_before
    )
    block_id = store.start_block(
        session_id, position=1, exercise=result.exercise, metric=result.metric, target_deg=result.target_deg
    )
    if result.calibration:
        store.set_calibration(block_id, result.calibration)
    for rep in result.reps:
        store.add_rep(block_id, rep)
    for span in result.faults:
        store.add_fault(block_id, span)
    for motion in result.motions:
        store.add_motion(block_id, motion)
    step = 600
    for start in range(0, len(result.trace), step):
        rows = result.trace[start : start + step]
        store.add_trace(block_id, [r.t_s for r in rows], [r.metric for r in rows])
    store.finish_session(session_id, status="completed", pain_after=pain_after)
    return session_id
