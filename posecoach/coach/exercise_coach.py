"""The per-frame exercise coach: poses in, events and live values out. Pure: no I/O, no OpenCV.

Call ``update(pose)`` on every frame, with or without a person, so that timers advance.

    pose -> landmark quality -> raw measures -> (calibration) -> calibrated signals -> smoothing
         -> rep/hold counting + posture faults -> events
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass, field

import numpy as np

from posecoach.body.calibration import Neutral, in_view_while_tracking, view_of
from posecoach.body.confidence import TOO_FAR, FrameQuality, rep_confidence
from posecoach.body.facing import SteadyFacing
from posecoach.body.metrics import Measures, measure
from posecoach.body.neutral import ARMS_MOVED_DEG, Sample
from posecoach.body.quality import GlitchFilter, missing_landmarks
from posecoach.body.signals import SMOOTHED, Signals, compute_signals, elbows_are_lever
from posecoach.body.smoothing import Smoother, SmootherFactory, one_euro
from posecoach.body.view import arm_elevations, arms_moved
from posecoach.coach.events import (
    CalibrationDone,
    CueIssued,
    Event,
    FaultCleared,
    FaultRaised,
    FaultSpan,
    HoldProgress,
    Rep,
    RepCompleted,
    SetupProblem,
)
from posecoach.coach.neutral_stage import Found, NeutralStage
from posecoach.coach.scoring import range_fraction, score_rep
from posecoach.exercises.counter import EXIT_SHARE, Excursion, ExcursionTracker
from posecoach.exercises.cycles import CycleTracker
from posecoach.exercises.faults import (
    FaultDebouncer,
    RepFacts,
    frame_faults,
    held_still_s,
    judged_per_rep,
    rep_faults,
)
from posecoach.exercises.posture import measured_pose, out_of_posture
from posecoach.exercises.registry import Counting, ExerciseSpec, get_exercise
from posecoach.exercises.tempo import moving_s
from posecoach.pose.types import Pose

SETUP_MESSAGES = {
    "no_person": "Step into view of the camera.",
    "out_of_frame": "Step back so your whole body is in view.",
    "wrong_view_front": "Turn to face the camera.",
    "wrong_view_side": "Turn sideways to the camera.",
    "hold_still": "Hold still in your starting position for a moment, or just begin.",
    "too_far": "Come closer to the camera (2-3 m away), whole body in view.",
}


SETUP_CUE_AFTER_S = 1.0
#: When the twist is read from the elbows' span, the elbows are the measurement: elbows that leave
#: their neutral mean height in the image by this many trunk lengths no longer show the chest. Hands
#: on the hips or arms crossed keep it within 0.07 through a twist (rendered twists, 6 bodies, 2
#: cameras; 0.12 filmed 20 deg off the front); one arm raised ~35 deg, or both ~18, moves it this far.
LEVER_ELBOWS_MOVED = 0.15
#: After the arms were away, they must be back this long before a turn counts again (an arm
#: passing through its neutral elevation on the way down is not back).
ARMS_SETTLE_S = 0.5
#: A hold ends after this long back near neutral (jitter or a brief dip continue it) ...
HOLD_RELEASE_S = 1.0
#: ... and survives landmarks hidden this long (the head behind the knees deep in a fold).
HOLD_MAX_GAP_S = 5.0
#: A stretch left open at the end of a recording whose neutral was never seen before it is a hold
#: only when held at least this long at the hold's level (someone walking off shows no such stay).
MIN_OPEN_HOLD_S = 1.0
#: A partial rep: out and back on the exercise's side to half the target or more, but short of the
#: entry threshold (half the target, or ``min_enter_deg`` above it). It counts, flagged partial_range,
#: from this share of the target (half, less a tenth for the reading's error: twists' peaks read up to
#: 7 deg off), never from under the exercise's ``min_partial_deg`` (where sway and glances lie).
PARTIAL_ENTER_SHARE = 0.4


@dataclass(frozen=True)
class CoachSettings:
    """Per-exercise overrides (None = the exercise's default) and timing constants."""

    target_deg: float | None = None
    tolerance_deg: float | None = None
    hold_s: float | None = None
    tempo_s: float | None = None
    persist_s: float = 0.3  # a fault must last this long to be raised
    cue_interval_s: float = 3.0  # at most one cue this often ...
    cue_repeat_s: float = 10.0  # ... and the same cue not again within this
    out_of_frame_s: float = 0.5

    def __post_init__(self) -> None:
        if self.target_deg is not None and not 0 < self.target_deg <= 90:
            raise ValueError(f"target_deg must be in (0, 90], got {self.target_deg}")


@dataclass
class LiveState:
    """What an overlay shows for the current frame."""

    exercise: str
    metric: str
    phase: str = "setup"  # setup -> calibrating -> active
    value: float | None = None  # the primary metric now
    drive: float | None = None
    target_deg: float = 0.0
    tolerance_deg: float = 0.0
    counts: dict[str, int] = field(default_factory=lambda: {"left": 0, "right": 0, "total": 0})
    hold_s: float = 0.0
    hold_target_s: float = 0.0
    faults: tuple[str, ...] = ()
    message: str | None = None
    person: bool = False


class ExerciseCoach:
    """Counts reps and holds of one exercise and flags its posture faults."""

    _last_t: float | None

    def __init__(
        self,
        exercise: str | ExerciseSpec,
        settings: CoachSettings | None = None,
        smoother: SmootherFactory = one_euro,
    ) -> None:
        spec = get_exercise(exercise) if isinstance(exercise, str) else exercise
        self.settings = settings or CoachSettings()
        self.spec = spec.with_target(self.settings.target_deg)
        s = self.settings
        self.target = self.spec.target_deg
        self.tolerance = s.tolerance_deg if s.tolerance_deg is not None else self.spec.tolerance_deg
        self.hold_target = s.hold_s if s.hold_s is not None else self.spec.hold_s
        self.tempo = s.tempo_s if s.tempo_s is not None else self.spec.tempo_s
        self._smoother_factory = smoother
        enter = self.spec.enter_deg(
            min(self.target, self.spec.counter_target_deg) if self.spec.counting is Counting.CYCLE else self.target
        )
        holds = self.spec.counting in (Counting.HOLD, Counting.SIDED_HOLDS)
        self._tracker = ExcursionTracker(
            enter=enter,
            exit=enter * EXIT_SHARE,
            signs=(1,) if self.spec.counting is Counting.HOLD else (1, -1),
            levels=(self._hold_level(),),
            levels_on_metric=self.spec.judge_on_metric,
            release_s=HOLD_RELEASE_S if holds else 0.0,
            max_gap_s=HOLD_MAX_GAP_S if holds else 1.0,
        )
        self._cycles = CycleTracker(
            cat_enter=enter, cow_enter=enter, full_swing=self.target + self.spec.counter_target_deg
        )
        # Partial reps short of the entry threshold: a second counter, on the same signal.
        self._partials = ExcursionTracker(
            enter=enter,
            exit=enter * EXIT_SHARE,
            signs=self._tracker.signs,
            release_s=self._tracker.release_s,
            max_gap_s=self._tracker.max_gap_s,
        )
        self._set_partial_enter()
        self._partial_covered = False  # the counter above was in an excursion during this one
        self._arms_gated = self.spec.arms_gate
        self._per_rep = judged_per_rep(self.spec)  # recorded as spans over their rep
        self._learns = sorted({rule.learns for rule in self.spec.fault_rules if rule.learns})
        self.reps: list[Rep] = []
        self.fault_spans: list[FaultSpan] = []
        self._stage = NeutralStage(self.spec, self._tracker.enter, self._tracker.exit)
        self.frames = 0
        self.frames_with_person = 0
        self.setup_problems: Counter[str] = Counter()  # frames each set-up problem was shown before calibrating
        self.state = LiveState(
            exercise=self.spec.name,
            metric=self.spec.metric,
            target_deg=self.target,
            tolerance_deg=self.tolerance,
            hold_target_s=self.hold_target,
        )
        self._reset_tracking()

    # -- public -------------------------------------------------------------------------------

    def set_target(self, target_deg: float) -> None:
        """A new target from now on (after an assessment). Thresholds follow it."""
        self.target = float(target_deg)
        self.state.target_deg = self.target
        if self.spec.counting is not Counting.CYCLE:
            enter = self.spec.enter_deg(self.target)
            self._tracker.enter, self._tracker.exit = enter, enter * EXIT_SHARE
            self._tracker.levels = (self._hold_level(),)
            self._stage.set_thresholds(enter, enter * EXIT_SHARE)
            self._set_partial_enter()

    def recalibrate(self) -> None:
        """Forget the neutral and wait for the user to hold still again."""
        self._stage.reset()
        self._reset_tracking()

    @property
    def neutral(self) -> Neutral | None:
        """The user's neutral pose (None until found)."""
        return self._stage.neutral

    @property
    def calibration(self) -> str | None:
        """How the neutral was found: "still" or "inferred" (None until found)."""
        return self._stage.how

    def update(self, pose: Pose) -> list[Event]:
        """Analyse one frame (an empty pose when nobody is in view)."""
        t = pose.t_s
        self.frames += 1
        events: list[Event] = []
        self.state.person = not pose.is_empty
        self.frames_with_person += not pose.is_empty
        problem = self._frame_problem(pose)
        m = None
        if problem is None:
            m = measure(measured_pose(self.spec, pose))  # all fours is measured turned upright
            if m is None or not self._glitches.accept(t, m.torso_px):
                m, problem = None, "glitch"
        sample = Sample(m, arm_elevations(pose)) if m is not None else None
        if self.neutral is None:
            events += self._calibrate(t, m, problem, sample)
        else:
            events += self._follow_neutral(t, sample)
            events += self._track(t, m, problem, sample, pose)
        self._last_t = t
        return events

    def finish(self) -> list[Event]:
        """End of the exercise: a neutral left once and never returned to (a hold to the end) is
        accepted, a hold in progress is counted with its held time, open fault spans close."""
        t = self._last_t if self._last_t is not None else 0.0
        events: list[Event] = []
        holds = self.spec.counting in (Counting.HOLD, Counting.SIDED_HOLDS)
        guessed = False
        # Only a hold may be left open to the end. A rep exercise whose neutral was never found by
        # now (by stillness, or by a return from an excursion) has no rep to show: a neutral guessed
        # from wherever someone moving about lingered would give them reps they never did.
        if self.neutral is None and holds and (found := self._stage.finish()) is not None:
            events += self._adopt(t, found)
            guessed = True
        if self.neutral is not None and holds:
            excursion = self._tracker.flush(t)
            # Against a neutral guessed from that one open excursion, only a real hold is a rep.
            if excursion is not None and not (
                guessed and excursion.time_beyond.get(self._hold_level(), 0.0) < MIN_OPEN_HOLD_S
            ):
                events += self._complete(t, excursion)
        if self.neutral is not None and self.spec.counting is Counting.SIDED_REPS:
            if (excursion := self._tracker.flush_returning(t)) is not None:
                events += self._complete(t, excursion)
        if self.neutral is not None and self.spec.counting is Counting.CYCLE:
            for cat, cow in self._cycles.flush(t):
                events += self._record(t, cat, cow)
        for code in self._debouncer.clear_all():
            events.append(self._close_fault(t, code))
        return events

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.state.counts)

    @property
    def settled(self) -> bool:
        """Whether the neutral can no longer be revised (see ``_revise``): until then the fault
        spans judged against it may be dropped."""
        return not (self.spec.counting is Counting.CYCLE and self.calibration == "still" and not self.reps)

    # -- stages ---------------------------------------------------------------------------------

    def _reset_tracking(self) -> None:
        """Forget the reps under way, the smoothing and the faults (not the neutral stage)."""
        self._replaying = False
        self._glitches = GlitchFilter()
        self._facing = SteadyFacing()
        self._smoothers: dict[str, Smoother] = {name: self._smoother_factory() for name in SMOOTHED}
        self._tracker.restart()
        self._cycles.abandon()
        self._partials.abandon()
        self._debouncer = FaultDebouncer(self.settings.persist_s)
        self._open_faults: dict[str, float] = {}
        self._quality: deque[FrameQuality] = deque(maxlen=3000)  # the last few minutes, for rep confidence
        self._drives: deque[tuple[float, float, float]] = deque(maxlen=3000)  # (t, drive, metric) smoothed: tempo, hold
        # The signals fault rules learn from the user's own reps (FaultRule.learns), beside _drives,
        # and per (signal, side) the least value a counted rep that way held.
        self._learned: dict[str, deque[float]] = {name: deque(maxlen=3000) for name in self._learns}
        self._usual: dict[tuple[str, int], float] = {}
        self._invalid_since: float | None = None
        self._last_t = None
        self._hold_elapsed = 0.0
        self._arms_settle_until = -math.inf
        self._hold_announced = 0
        self._problem: str | None = None
        self._problem_since = 0.0
        self._last_cue_t = -math.inf
        self._last_cue_at: dict[str, float] = {}
        self.state.phase = "setup"

    def _hold_level(self) -> float:
        return max(self.target - self.tolerance, 0.0)

    def _frame_problem(self, pose: Pose) -> str | None:
        if pose.is_empty:
            return "no_person"
        if missing_landmarks(pose, self.spec.required):
            return "out_of_frame"
        return None

    def _calibrate(self, t: float, m: Measures | None, problem: str | None, sample: Sample | None) -> list[Event]:
        events: list[Event] = []
        code = problem
        if m is not None and m.torso_frac < TOO_FAR[1]:
            code = "too_far"  # landmarks too coarse to trust, the view included (still tried below)
        elif m is not None and view_of(m, self.spec.view_limits) != self.spec.view:
            code = f"wrong_view_{self.spec.view}"
            m = None
        found = self._stage.find(sample)
        if found is not None:
            return self._adopt(t, found)
        self.state.phase = "setup" if code else "calibrating"
        code = code if code in SETUP_MESSAGES else (None if code == "glitch" else "hold_still")
        if code:
            self.setup_problems[code] += 1
            self.state.message = SETUP_MESSAGES[code]
            events.append(SetupProblem(t, code=code, message=SETUP_MESSAGES[code]))
            if self._problem != code:
                self._problem, self._problem_since = code, t
            if t - self._problem_since >= SETUP_CUE_AFTER_S:  # a passing problem is not worth a cue
                events += self._cue(t, code, SETUP_MESSAGES[code])
        else:
            self._problem = None
        return events

    def _adopt(self, t: float, found: Found) -> list[Event]:
        """The first neutral: count what the user did before it was found (replay)."""
        self.state.phase, self.state.message = "active", None
        n = found.neutral
        events: list[Event] = [CalibrationDone(t, start_s=n.start_s, end_s=n.end_s)]
        events += self._cue(t, "calibrated", "Good. Begin when you're ready." if found.how == "still" else "Good.")
        return events + self._replay(self._stage.samples)

    def _follow_neutral(self, t: float, sample: Sample | None) -> list[Event]:
        """A refined neutral is used from now; a revised one counts everything seen again, the
        faults judged against the old one dropped (no cycle was counted against it)."""
        found = self._stage.follow(sample, self.state.drive, self.settled)
        if found is None:
            return []
        n = found.neutral
        events: list[Event] = [CalibrationDone(t, start_s=n.start_s, end_s=n.end_s)]
        if not found.recount:
            return events
        seen = [s for s in self._stage.samples if s.m.t_s < t]  # this frame is tracked next
        self._reset_tracking()
        self.fault_spans.clear()
        self.state.phase = "active"
        return events + self._replay(seen)

    def _replay(self, samples: list[Sample]) -> list[Event]:
        """Track ``samples`` (frames already seen) against the neutral, without cues."""
        events: list[Event] = []
        last_t, self._replaying = self._last_t, True
        try:
            for s in samples:
                events += self._track(s.m.t_s, s.m, None, s)
                self._last_t = s.m.t_s
        finally:
            self._replaying, self._last_t = False, last_t
        return events

    def _smooth(self, t: float, s: Signals) -> Signals:
        values = {name: self._smoothers[name](t, s.get(name)) for name in SMOOTHED}
        return Signals(t_s=t, **values, neutral_tilt_deg=s.neutral_tilt_deg)  # the neutral's: constant

    def _track(
        self, t: float, m: Measures | None, problem: str | None, sample: Sample | None, pose: Pose | None = None
    ) -> list[Event]:
        events: list[Event] = []
        assert self.neutral is not None
        if m is not None and self.spec.view == "side":
            self._facing.facing = self._facing.facing or self.neutral.facing
            m = self._facing(m)
        torso = self.neutral["torso_px"]
        if m is not None and not in_view_while_tracking(m, self.spec.view, self.spec.view_limits, torso):
            m, problem = None, f"wrong_view_{self.spec.view}"  # reps count only in the exercise's view
        if m is None:
            for smoother in self._smoothers.values():
                smoother(t, math.nan)
            self.state.value = self.state.drive = None
            if problem in ("no_person", "out_of_frame") or (problem or "").startswith("wrong_view"):
                self._invalid_since = self._invalid_since if self._invalid_since is not None else t
                if t - self._invalid_since >= self.settings.out_of_frame_s and problem in SETUP_MESSAGES:
                    self.state.message = SETUP_MESSAGES[problem]
                    events += self._cue(t, problem, SETUP_MESSAGES[problem])
            seen = {"out_of_frame"} if problem in ("no_person", "out_of_frame") else set()
            events += self._update_faults(t, seen)
            self._tracker.update(t, None)  # a gap never completes a rep, it may abandon one
            self._partials.update(t, None)
            return events
        self._invalid_since = None
        self.state.message = None
        self._quality.append(FrameQuality(t, m.visibility, m.swapped, m.torso_frac))
        s = self._smooth(t, compute_signals(m, self.neutral, self.spec.arm_lever))
        drive, metric = s.get(self.spec.drive), float(getattr(s, self.spec.metric))
        self.state.value = metric if math.isfinite(metric) else None
        self._drives.append((t, drive, metric))
        for name, values in self._learned.items():
            values.append(float(getattr(s, name)))
        self.state.drive = drive if math.isfinite(drive) else None
        side = 1 if drive > 0 else -1
        usual = {name: self._usual.get((name, side), math.nan) for name in self._learned}
        events += self._update_faults(t, frame_faults(self.spec, s, self.target, pose, m.torso_px, usual))
        if self._arms_gated and sample is not None and self._arms_moved(sample):
            self._arms_settle_until = t + ARMS_SETTLE_S
        if out_of_posture(self.spec, s, self.neutral.values.get("hip_height", math.nan)):
            drive = math.nan  # a squat's forward lean seen obliquely is no side bend
            self._tracker.abandon()
            self._cycles.abandon()
            self._partials.abandon()
        if t < self._arms_settle_until:
            # Arms raised, reaching or just back: the shoulder line (or the elbows) shows the arms,
            # not the trunk. A rep they were part of is dropped rather than counted.
            drive = math.nan
            self._tracker.abandon()
            self._cycles.abandon()
        events += self._update_hold(t, drive)
        self._partial_covered |= self._tracker.active_sign != 0
        excursion = self._tracker.update(t, drive if math.isfinite(drive) else None, metric)
        if self.spec.counting is Counting.CYCLE:
            for cat, cow in self._cycles.update(t, drive if math.isfinite(drive) else None, metric):
                events += self._record(t, cat, cow)
        elif excursion is not None:
            events += self._complete(t, excursion)
        return events + self._partial(t, drive, metric)

    def _set_partial_enter(self) -> None:
        """The partial counter's entry: half the target, above the floor, below the full entry."""
        if self.spec.counting is Counting.CYCLE:  # its entry is already a third of the cow
            self._partials.enter, self._partials.exit = math.inf, self._tracker.exit
            return
        enter = min(self._tracker.enter, max(self.spec.min_partial, PARTIAL_ENTER_SHARE * self.target))
        self._partials.enter, self._partials.exit = enter, enter * EXIT_SHARE

    def _partial(self, t: float, drive: float, metric: float) -> list[Event]:
        """A rep that went out and back short of the entry threshold: counted as partial. One the
        counter above was part of (its excursion, arms moving) is not."""
        if t < self._arms_settle_until or self._partials.enter >= self._tracker.enter:
            self._partials.abandon()
            self._partial_covered = False
            return []
        self._partial_covered |= self._tracker.active_sign != 0
        excursion = self._partials.update(t, drive if math.isfinite(drive) else None, metric)
        if not self._partials.active_sign and excursion is None:
            self._partial_covered = False
        if excursion is None:
            return []
        covered, self._partial_covered = self._partial_covered, False
        return [] if covered else self._record(t, excursion, partial=True)

    def _arms_moved(self, sample: Sample) -> bool:
        """The arms have left where they were at neutral: the elbows' image height when the turn
        is read from the elbows, else the arms' 3-D elevations (raised or reaching)."""
        assert self.neutral is not None
        n = self.neutral.values
        if self.spec.arm_lever and elbows_are_lever(self.neutral):
            return abs(sample.m.elbow_height - n["elbow_height"]) > LEVER_ELBOWS_MOVED
        return arms_moved(sample.arms, n.get("arm_low_deg", math.nan), n.get("arm_high_deg", math.nan), ARMS_MOVED_DEG)

    def _update_hold(self, t: float, drive: float) -> list[Event]:
        if self.hold_target <= 0 or not self._tracker.active_sign:
            self._hold_elapsed, self._hold_announced = 0.0, 0
            self.state.hold_s = 0.0
            return []
        dt = t - self._last_t if self._last_t is not None else 0.0
        if math.isfinite(drive) and abs(drive) >= self._hold_level():
            self._hold_elapsed += max(0.0, min(dt, 0.2))
        self.state.hold_s = self._hold_elapsed
        events: list[Event] = []
        whole = int(self._hold_elapsed)
        if whole > self._hold_announced:
            self._hold_announced = whole
            events.append(HoldProgress(t, held_s=self._hold_elapsed, target_s=self.hold_target))
            if whole == int(math.ceil(self.hold_target)):
                events += self._cue(t, "hold_done", "Well held. Come back slowly.")
        return events

    def _update_faults(self, t: float, seen: set[str]) -> list[Event]:
        seen &= set(self.spec.faults)
        raised, cleared = self._debouncer.update(t, seen)
        events: list[Event] = []
        for code in raised:
            start = t - self.settings.persist_s
            self._open_faults[code] = start
            events.append(FaultRaised(t, code=code, message=self.spec.cue(code)))
            events += self._cue(t, code, self.spec.cue(code))
        for code in cleared:
            events.append(self._close_fault(t - self.settings.persist_s, code))
        self.state.faults = tuple(sorted(self._debouncer.active))
        return events

    def _close_fault(self, t: float, code: str) -> FaultCleared:
        start = self._open_faults.pop(code, t)
        self.fault_spans.append(FaultSpan(code, start, max(t, start), self.spec.cue(code)))
        return FaultCleared(t, code=code)

    def _faults_during(self, start: float, end: float) -> set[str]:
        """The posture faults seen between ``start`` and ``end``. A rep's own judgements (range, tempo,
        hold) are its alone: the span recorded for one rep never carries over into the next, which
        may begin where it ended."""
        found = {f.code for f in self.fault_spans if f.start_s <= end and f.end_s >= start}
        found |= {code for code, since in self._open_faults.items() if since <= end}
        return found - {"out_of_frame", *self._per_rep}

    def _cue(self, t: float, key: str, text: str) -> list[Event]:
        if self._replaying:
            return []
        if t - self._last_cue_t < self.settings.cue_interval_s:
            return []
        if t - self._last_cue_at.get(key, -math.inf) < self.settings.cue_repeat_s:
            return []
        self._last_cue_t, self._last_cue_at[key] = t, t
        return [CueIssued(t, text=text)]

    # -- reps ---------------------------------------------------------------------------------

    def _complete(self, t: float, ex: Excursion) -> list[Event]:
        """A rep or hold is complete (cycles are found by ``CycleTracker``)."""
        return self._record(t, ex)

    def _rep_facts(self, ex: Excursion, cow: Excursion | None) -> RepFacts:
        """What the rep rules judge: how far the rep went, how long it moved and held."""
        spec = self.spec
        judged_peak = abs(ex.peak_metric if spec.judge_on_metric and cow is None else ex.peak_drive)
        t_hist = np.array([q[0] for q in self._drives])
        d_hist = np.array([q[1] for q in self._drives])
        moved = moving_s(t_hist, d_hist, ex, spec.timing)
        if cow is not None:
            moved += moving_s(t_hist, d_hist, cow, spec.timing)
        hold_s = ex.plateau_s
        if self.hold_target > 0:
            # Held still at the hold's level, or, short of it, at its own deepest: a hold that falls
            # short of the range is partial_range, not also a short hold.
            judged = np.array([q[2] if spec.judge_on_metric else q[1] for q in self._drives])
            level = self._hold_level()
            if judged_peak < level:
                level = judged_peak - self._tracker.plateau_tol
            hold_s = held_still_s(t_hist, judged, ex.start_s, ex.end_s, level)
        return RepFacts(
            peak_deg=judged_peak,
            target_deg=self.target,
            tolerance_deg=self.tolerance,
            moved_s=moved,
            tempo_s=self.tempo,
            hold_s=hold_s,
            hold_target_s=self.hold_target,
            cow_peak_deg=abs(cow.peak_drive) if cow is not None else None,
            cow_target_deg=spec.counter_target_deg,
        )

    def _range_fraction(self, ex: Excursion, cow: Excursion | None) -> float:
        """How much of the target the rep reached (of the cat's and the cow's, for a cycle)."""
        if cow is None:
            return range_fraction(ex.peak_metric, self.target)
        counter = range_fraction(cow.peak_drive, self.spec.counter_target_deg)
        return (range_fraction(ex.peak_drive, self.target) + counter) / 2

    def _learn(self, ex: Excursion) -> None:
        """Keep, per side, the least value each learned signal held on a counted rep that way."""
        for name, values in self._learned.items():
            held = self._held_on_rep(values, ex)
            if math.isfinite(held):
                self._usual[name, ex.sign] = min(self._usual.get((name, ex.sign), math.inf), held)

    def _held_on_rep(self, values: deque[float], ex: Excursion) -> float:
        """The largest value of a learned signal (beside ``_drives``), in the rep's direction, held
        ``persist_s`` while moving out (as a frame fault must be): what this user does on a rep that way."""
        enter = self.spec.enter_deg(self.target)
        rows = [
            (q[0], ex.sign * v)
            for q, v in zip(self._drives, values, strict=True)
            if ex.start_s <= q[0] <= ex.end_s and abs(q[1]) >= enter and math.isfinite(v)
        ]
        held = -math.inf
        for i, (t0, _) in enumerate(rows):
            lowest = math.inf
            for t, v in rows[i:]:
                lowest = min(lowest, v)
                if t - t0 >= self.settings.persist_s - 1e-6:  # as the debouncer raises a fault
                    held = max(held, lowest)
                    break
        return held

    def _trusted(self, codes: set[str], confidence: float) -> set[str]:
        """``codes`` less the faults whose rule cannot be decided at this rep's confidence."""
        return {
            code
            for code in codes
            if (rule := self.spec.rule(code)) is not None and confidence >= rule.applies.min_confidence
        }

    def _record(self, t: float, ex: Excursion, cow: Excursion | None = None, partial: bool = False) -> list[Event]:
        """Judge, keep and count a rep. One whose metric does not go out with its counted signal
        (``ExerciseSpec.min_metric_share``) is not the exercise's movement. A ``partial`` one (short
        of the entry threshold) counts only where its range can be judged: flagged
        ``partial_range``, else it is no rep to speak of."""
        spec = self.spec
        if cow is None and ex.peak_metric * ex.sign < spec.min_metric_share * abs(ex.peak_drive):
            return []  # the counted signal moved without the exercise's movement
        start_s = min(ex.start_s, cow.start_s) if cow else ex.start_s
        end_s = max(ex.end_s, cow.end_s) if cow else ex.end_s
        assert self.neutral is not None
        confidence, reasons = rep_confidence(
            [q for q in self._quality if start_s <= q.t_s <= end_s], self.neutral, spec.view
        )
        facts = self._rep_facts(ex, cow)
        own = rep_faults(spec, facts)
        if cow is None:
            self._learn(ex)
        codes = tuple(
            code for code in spec.faults if code in self._trusted(self._faults_during(start_s, end_s) | own, confidence)
        )
        if partial and "partial_range" not in codes:
            return []
        # The tempo is scored on the same movement time that flags too_fast (a hold's stillness excluded).
        score = score_rep(
            range_frac=self._range_fraction(ex, cow),
            duration_s=facts.moved_s,
            tempo_s=self.tempo,
            faults=codes,
            hold_s=facts.hold_s if self.hold_target > 0 else None,
            hold_target_s=self.hold_target,
        )
        side = None
        if spec.per_side:
            side = "right" if ex.sign > 0 else "left"
        extra = {}
        if cow is not None:
            extra = {"cow_peak_s": cow.peak_s, "cow_peak_deg": cow.peak_metric, "cow_hold_s": cow.plateau_s}
        rep = Rep(
            index=len(self.reps) + 1,
            side=side,
            start_s=start_s,
            peak_s=ex.peak_s,
            end_s=end_s,
            peak_deg=ex.peak_metric,
            hold_s=facts.hold_s,
            score=score,
            faults=codes,
            drive_peak_deg=ex.peak_metric if spec.judge_on_metric else ex.peak_drive,
            extra=extra,
            confidence=confidence,
            confidence_reasons=reasons,
        )
        return self._count(t, rep, start_s, end_s)

    def _count(self, t: float, rep: Rep, start_s: float, end_s: float) -> list[Event]:
        """Keep ``rep``, record its own faults as spans, count it and say so."""
        self.reps.append(rep)
        for code in rep.faults:
            if code in self._per_rep:
                self.fault_spans.append(FaultSpan(code, start_s, end_s, self.spec.cue(code)))
        counts = self.state.counts
        counts["total"] += 1
        if rep.side:
            counts[rep.side] += 1
        events: list[Event] = [RepCompleted(t, rep=rep)]
        label = f"{rep.side.capitalize()} {counts[rep.side]}" if rep.side else f"{counts['total']}"
        events += self._cue(t, f"rep{rep.index}", label)
        return events
