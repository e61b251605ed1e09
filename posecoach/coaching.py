"""``posecoach run``'s work: its flags checked and resolved before any camera or model is opened,
each exercise's target from the user's history, then the coached session run and stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from posecoach.errors import PosecoachError
from posecoach.exercises.registry import DEMO

if TYPE_CHECKING:
    from posecoach.coach.adaptive import TargetDecision
    from posecoach.live import RunSummary
    from posecoach.routines import Routine
    from posecoach.store import Store


@dataclass(frozen=True)
class RunSetup:
    """What ``posecoach run`` resolved from its flags before any camera or model is opened."""

    plan: Routine
    video: Path | None
    instruct_s: float
    db: Path | None
    window_size: tuple[int, int] | None
    record: Path | None
    no_window: bool
    no_display: bool = False  # a window was wanted but there is no display: coaching in the terminal
    scratch: object = None  # keeps a demo's throwaway database folder alive for the run

    def store(self) -> Store:
        from posecoach.store import Store

        return Store(self.db)


def prepare_run(
    routine: str,
    video: Path | None,
    demo: bool,
    save: bool,
    db: Path | None,
    window_size: str | None,
    record: Path | None,
    no_window: bool,
) -> RunSetup:
    """Check every flag and output path, and find the routine: one clear line on any problem."""
    from posecoach.paths import demo_clip
    from posecoach.routines import find_routine
    from posecoach.ui.layout import parse_size
    from posecoach.ui.window import display_available

    instruct_s = 6.0
    if demo:  # the clip starts straight away with 4 side bends each way
        video = video or demo_clip()
        routine = DEMO.exercise if routine == "back_relief" else routine
        instruct_s = 0.0
    try:
        size = parse_size(window_size) if window_size else None
    except ValueError as error:
        raise PosecoachError(str(error)) from None
    plan = find_routine(routine)
    if record is not None:
        from posecoach.paths import check_output_path

        record = check_output_path(record, "--record")
    scratch = None
    if demo and not save:  # the rendered body's range is not the user's: keep it out of their history
        import tempfile

        scratch = tempfile.TemporaryDirectory(prefix="posecoach-demo-")
        db = Path(scratch.name) / "demo.db"
    no_display = not no_window and not display_available()
    if demo and plan.name == DEMO.exercise:
        plan = plan.model_copy(update={"exercises": [plan.exercises[0].model_copy(update={"reps": DEMO.reps})]})
    return RunSetup(plan, video, instruct_s, db, size, record, no_window or no_display, no_display, scratch)


def plan_targets(store: Store, plan: Routine, user: str | None) -> dict[int, TargetDecision]:
    """Each ``target: auto`` exercise's target from the user's history, with its reason."""
    from posecoach.coach.adaptive import routine_targets
    from posecoach.store.sessions import default_user, past_performances

    history = store.sessions(user or default_user())
    return routine_targets(plan, lambda exercise: past_performances(history, exercise))


@dataclass(frozen=True)
class CoachOptions:
    """How the session is coached: the cues' voice and tone, the timings shown, cues as text."""

    voice: bool = False
    quiet: bool = False
    stats: bool = False
    on_cue: Callable[[str], None] | None = None  # hears each cue when there is no window to show it


def coach_session(
    store: Store,
    setup: RunSetup,
    decisions: dict[int, TargetDecision],
    camera: int | None,
    model: str | None,
    user: str | None,
    pain_before: int | None,
    options: CoachOptions,
) -> tuple[RunSummary, int]:
    """Open the source and the model, start the stored session and coach it to the end."""
    from posecoach.coach.guided import GuidedSession
    from posecoach.live import LiveCoach, LiveSettings
    from posecoach.pose.estimator import EstimatorSettings, PoseEstimator
    from posecoach.store.recorder import RoutineRecorder
    from posecoach.store.sessions import default_user
    from posecoach.video import CameraSource, PacedFileSource

    video = setup.video
    source = PacedFileSource(video) if video is not None else CameraSource(camera)
    with source, PoseEstimator(EstimatorSettings(model=model)) as estimator:
        session = GuidedSession(
            setup.plan,
            targets={i: d.target_deg for i, d in decisions.items()},
            instruct_s=setup.instruct_s,
            count_during_cards=video is not None,
        )
        session_id = store.start_session(
            user or default_user(),
            routine=setup.plan.name,
            source=str(video) if video else source.name,
            model=str(estimator.model.path),
            pain_before=pain_before,
        )
        settings = LiveSettings(
            window=not setup.no_window,
            record=setup.record,
            voice=options.voice,
            window_size=setup.window_size,
            quiet=options.quiet,
            stats=options.stats,
            on_cue=options.on_cue if setup.no_window else None,
        )
        coach = LiveCoach(source, estimator, session, RoutineRecorder(store, session_id, session), settings)
        return coach.run(), session_id
