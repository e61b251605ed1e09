"""The live coaching loop behind ``posecoach run``.

Three threads: the source's capture thread keeps only the newest frame; the worker takes it and
estimates the pose (``PoseEstimator.stream``), and does nothing else, so that MediaPipe never waits
on posecoach; the main thread takes every pose in order, advances the guided session and stores
what it counts, then draws the newest, shows it, reads keys, records and speaks.
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np

from posecoach.body.calibration import MIN_FPS
from posecoach.coach.events import CueIssued, Event, RepCompleted
from posecoach.coach.exercise_coach import LiveState
from posecoach.coach.guided import GuidedSession, Phase
from posecoach.coach.journal import EventJournal
from posecoach.errors import PosecoachError, SourceError
from posecoach.exercises.checks import checks_line
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.types import Pose
from posecoach.routines import ExerciseEntry
from posecoach.store.recorder import RoutineRecorder
from posecoach.ui.overlay import AMBER, RED, WHITE, Card, Screen, compose
from posecoach.ui.screens import draw_summary
from posecoach.ui.sound import Tone
from posecoach.ui.voice import Voice
from posecoach.ui.window import Window
from posecoach.video.sources import Frame, FrameSource

log = logging.getLogger(__name__)
DARK_LEVEL = 40.0  # mean brightness (0-255) below which MediaPipe struggles
ABSENT_PAUSE_S = 5.0  # nobody in view this long while counting: pause and prompt
FPS_WINDOW_S = 3.0  # the frame rate reaching the coach is judged over this long
HEADLESS_SIZE = (960, 540)  # the screen drawn for --record without a window: cheap to draw and encode
FLASH_S = 0.8  # a counted rep's number flashes this long
CAPTION_S = 2.5  # a cue's caption stays at least this long (and longer for long cues, see _caption_s)


@dataclass(frozen=True)
class LiveSettings:
    window: bool = True
    record: Path | None = None
    voice: bool = False
    mirror: bool = True
    absent_pause_s: float = ABSENT_PAUSE_S
    summary_s: float = 3.0  # how long the end screen stays up
    on_cue: Callable[[str], None] | None = None  # e.g. print cues when there is no window
    window_size: tuple[int, int] | None = None  # None: fill the screen
    quiet: bool = False  # no tone on a counted rep
    stats: bool = False  # fps and latency on screen


@dataclass(frozen=True)
class Result:
    """One analysed frame, as the drawing sees it: a snapshot that shares nothing the session goes
    on changing, so the drawing never reads the session itself."""

    frame: Frame
    pose: Pose
    state: LiveState  # a copy, with its own counts
    phase: Phase
    paused: bool
    note: str | None
    set_label: str
    entry: ExerciseEntry  # the current exercise (immutable)
    instruct_remaining: float
    rest_remaining: float


@dataclass
class Stats:
    frames_in: int = 0
    stage_ms: dict[str, list[float]] = field(default_factory=lambda: {"inference": [], "analysis": [], "draw": []})
    latency_ms: list[float] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None

    @property
    def fps(self) -> float:
        elapsed = (self.ended or time.monotonic()) - self.started
        return self.frames_in / elapsed if elapsed > 0 else 0.0

    def p(self, values: list[float], q: float) -> float:
        return float(np.percentile(values, q)) if values else float("nan")


@dataclass
class RunSummary:
    completed: bool
    interrupted_by: str | None  # quit, window closed, camera lost, Ctrl-C ...
    exercises: list[tuple[str, dict[str, int], float | None]]  # name, counts, mean score
    stats: Stats
    error: str | None = None

    def lines(self) -> list[tuple[str, str]]:
        out = []
        for name, counts, score in self.exercises:
            sides = (
                f"L {counts['left']}  R {counts['right']}"
                if counts["left"] or counts["right"]
                else f"{counts['total']} done"
            )
            out.append((name, sides + (f"   score {score:.0f}" if score is not None else "")))
        return out


@dataclass
class _Outputs:
    """What the main thread shows, says and writes during a run."""

    window: Window | None
    voice: Voice | None
    tone: Callable[[], None] | None
    writer: cv2.VideoWriter | None = None
    last_image: np.ndarray | None = None
    cue: str | None = None
    cue_until: float = 0.0


class LiveCoach:
    """Runs a guided session on a live source until it ends, the user quits, or the source fails."""

    def __init__(
        self,
        source: FrameSource,
        estimator: PoseEstimator,
        session: GuidedSession,
        recorder: RoutineRecorder | None = None,
        settings: LiveSettings | None = None,
        window_factory: Callable[[], Window] | None = None,
        tone_factory: Callable[[], Callable[[], None]] = Tone,
    ) -> None:
        self.source, self.estimator, self.session, self.recorder = source, estimator, session, recorder
        self.settings = settings or LiveSettings()
        self.window_factory = window_factory or (lambda: Window(size=self.settings.window_size))
        self.tone_factory = tone_factory
        self.stats = Stats()
        self._lock = threading.Lock()
        self._poses: queue.SimpleQueue[tuple[Frame, Pose, float] | None] = queue.SimpleQueue()  # None: no more
        self._commands: list[str] = []
        self._stop = threading.Event()
        self._error: str | None = None
        self._stop_reason: str | None = None
        self._auto_paused = False
        self._absent_since: float | None = None
        self._dark = False
        self._recent_t: deque[float] = deque()  # the last FPS_WINDOW_S of frame times, for the frame rate
        self.notes_seen: set[str] = set()
        self._canvas_size = settings.window_size if settings and settings.window_size else HEADLESS_SIZE
        self._flash: tuple[float, str | None, bool] | None = None  # until, side, low confidence
        self._screen: np.ndarray | None = None  # reused between frames
        self.journal = EventJournal()

    # -- worker: pose estimation only ---------------------------------------------------------

    def _frames(self) -> Iterator[Frame]:
        for frame in self.source:
            if self._stop.is_set():
                return
            yield frame

    def _estimate(self) -> None:
        """Estimate the frames the source gives, in order, and hand each pose to the main thread."""
        try:
            for item in self.estimator.stream(self._frames()):
                if self._stop.is_set():
                    break
                self._poses.put(item)
        except SourceError as error:
            log.error("source failed: %s", error)
            self._error = str(error)
            self._stop_reason = "camera lost"
        except Exception as error:  # keep what was counted, then report
            log.exception("pose estimation failed")
            self._error = f"{type(error).__name__}: {error}"
            self._stop_reason = "error"
            raise
        finally:
            self._poses.put(None)

    # -- main thread: the session, then the screen ---------------------------------------------

    def _apply(self, command: str) -> bool:
        """Apply a user command; False when the run should stop."""
        s = self.session
        if command == "pause":
            s.pause()
            self._auto_paused = False
        elif command == "next":
            s.skip()
        elif command == "back":
            s.back()
        elif command == "recalibrate":
            s.recalibrate()
        elif command in ("quit", "closed", "interrupt"):
            self._stop_reason = {"quit": "quit", "closed": "window closed", "interrupt": "Ctrl-C"}[command]
            return False
        return True

    def _obey(self) -> bool:
        """Apply the commands given since the last frame; False when the run should stop."""
        with self._lock:
            commands, self._commands = self._commands, []
        return all(self._apply(c) for c in commands)

    def _analyse(self, frame: Frame, pose: Pose, inference_ms: float, events: list[Event]) -> str | None:
        """Advance the session by one pose and store what it counts; the room's set-up note, if any."""
        t0 = time.monotonic()
        self.journal.frame(frame.index, frame.t_ms / 1000)
        note = self._environment(frame, pose)
        if note:
            self.notes_seen.add(note)
        new = self.session.update(pose)
        self.journal.record(new)
        if self.recorder is not None:
            self.recorder.record(pose.t_s, new, pose)
        events.extend(new)
        self.stats.frames_in += 1
        self.stats.stage_ms["inference"].append(inference_ms)
        self.stats.stage_ms["analysis"].append((time.monotonic() - t0) * 1000)
        return note

    def _next_batch(self, out: _Outputs) -> tuple[list[tuple[Frame, Pose, float]], bool]:
        """The poses waiting (at least one, unless the worker has ended), and whether it has."""
        while True:
            try:
                item = self._poses.get(timeout=0.005)
                break
            except queue.Empty:
                if out.window is not None:
                    self._poll(out.window)
                if self._commands:  # a key or Ctrl-C: obeyed now, not at the next frame
                    return [], False
        batch: list[tuple[Frame, Pose, float]] = []
        while item is not None:
            batch.append(item)
            try:
                item = self._poses.get_nowait()
            except queue.Empty:
                return batch, False
        return batch, True

    def _snapshot(self, frame: Frame, pose: Pose, note: str | None) -> Result:
        """What the drawing needs, copied, so that it never reads the session itself."""
        s = self.session
        state = s.current.exercise_coach.state
        return Result(
            frame,
            pose,
            replace(state, counts=dict(state.counts)),
            s.phase,
            s.paused,
            note,
            s.set_label,
            s.current.entry,
            s.instruct_remaining,
            s.rest_remaining,
        )

    def _environment(self, frame: Frame, pose: Pose) -> str | None:
        """Set-up problems of the room: darkness, too few frames a second, nobody in view for a while
        (auto-pause)."""
        if frame.index % 10 == 0:
            pixels = frame.image if frame.rgb is None else frame.rgb  # contiguous: no copy of a view
            small = cv2.resize(pixels, (32, 24), interpolation=cv2.INTER_AREA)
            self._dark = float(small.mean()) < DARK_LEVEL
        t = pose.t_s
        if pose.is_empty:
            self._absent_since = t if self._absent_since is None else self._absent_since
            if (
                self.session.phase is Phase.ACTIVE
                and not self.session.paused
                and t - self._absent_since >= self.settings.absent_pause_s
            ):
                self.session.pause()
                self._auto_paused = True
        else:
            self._absent_since = None
            if self._auto_paused and self.session.paused:
                self.session.pause()  # they are back: carry on
                self._auto_paused = False
        fps = self._frame_rate(frame.t_ms / 1000)
        if self._dark:
            return "It's too dark: turn on a light or face a window."
        if fps is not None and fps < MIN_FPS:  # dim light lengthens a webcam's exposure; a busy CPU drops frames
            rate = f"{fps:.0f}" if round(fps) < MIN_FPS else f"{fps:.1f}"  # never "Only 5" under 5
            return f"Only {rate} frames a second: turn on a light or close other programs."
        if self._auto_paused:
            return "Paused: step back into view to carry on."
        return None

    def _frame_rate(self, t: float) -> float | None:
        """Frames a second reaching the coach over the last FPS_WINDOW_S (None until that long)."""
        recent = self._recent_t
        if recent and t < recent[-1]:  # the source started again
            recent.clear()
        recent.append(t)
        while len(recent) > 1 and t - recent[1] >= FPS_WINDOW_S:
            recent.popleft()
        span = t - recent[0]
        return (len(recent) - 1) / span if span >= FPS_WINDOW_S else None

    # -- main thread --------------------------------------------------------------------------

    def command(self, name: str) -> None:
        with self._lock:
            self._commands.append(name)

    def run(self) -> RunSummary:
        """Run to the end. Ctrl-C, a closed window or a lost camera end it with the session saved."""
        out = _Outputs(
            window=self.window_factory() if self.settings.window else None,
            voice=Voice() if self.settings.voice else None,
            tone=None if self.settings.quiet else self.tone_factory(),
        )
        self._canvas_size = getattr(out.window, "size", None) or self.settings.window_size or HEADLESS_SIZE
        worker = threading.Thread(target=self._estimate, name="posecoach-worker", daemon=True)
        # Ctrl-C becomes a command, obeyed between two frames, never in the middle of storing one.
        on_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, lambda *_: self.command("interrupt")) if on_main else None
        worker.start()
        try:
            ended = False
            while not ended:
                batch, ended = self._next_batch(out)
                events: list[Event] = []
                newest = None
                for frame, pose, inference_ms in batch:  # every pose is analysed; the newest is drawn
                    if not self._obey() or self.session.is_finished:
                        ended = True
                        break
                    newest = (frame, pose, self._analyse(frame, pose, inference_ms, events))
                if not batch and not self._obey():
                    ended = True
                self._announce(events, out)
                if newest is not None:
                    self._present(self._snapshot(*newest), out)
                ended = ended or self.session.is_finished
        except Exception as error:  # keep what was counted, then report
            log.exception("the live loop failed")
            self._error = f"{type(error).__name__}: {error}"
            self._stop_reason = "error"
        finally:
            self._stop.set()
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
            worker.join(timeout=10.0)
            self.journal.close()
            if not self.session.is_finished and self.recorder is not None:
                self.recorder.abort()
            self.stats.ended = time.monotonic()
            summary = self._summary()
            self._close(out, summary)
        return summary

    def _announce(self, events: list[Event], out: _Outputs) -> None:
        """Flash and beep for counted reps; caption, speak and echo this moment's cues."""
        for event in events:
            if isinstance(event, RepCompleted):
                self._flash = (time.monotonic() + FLASH_S, event.rep.side, event.rep.low_confidence)
                if out.tone is not None:
                    out.tone()
        texts = _cues(events)
        if texts:  # the caption: every cue of this moment, word for word as spoken
            out.cue = "  ".join(texts)
            out.cue_until = time.monotonic() + _caption_s(out.cue)
        for text in texts:
            if out.voice is not None:
                out.voice.say(text)
            if self.settings.on_cue is not None:
                self.settings.on_cue(text)

    def _present(self, result: Result, out: _Outputs) -> None:
        """Draw one result, then record it and show it."""
        t0 = time.monotonic()
        image = self._draw(result, out.cue if time.monotonic() < out.cue_until else None)
        self.stats.stage_ms["draw"].append((time.monotonic() - t0) * 1000)
        self.stats.latency_ms.append((time.monotonic() - result.frame.arrived) * 1000)
        out.last_image = image
        if self.settings.record is not None:
            if out.writer is None:
                out.writer = cv2.VideoWriter(
                    str(self.settings.record),
                    cv2.VideoWriter.fourcc(*"mp4v"),
                    self.source.fps,
                    (image.shape[1], image.shape[0]),
                )
                if not out.writer.isOpened():
                    raise PosecoachError(f"cannot write {self.settings.record}; check the folder")
            out.writer.write(image)
        if out.window is not None:
            out.window.show(image)
            self._poll(out.window)

    def _close(self, out: _Outputs, summary: RunSummary) -> None:
        """Show the summary screen for a moment, then release the writer, window and voice."""
        window = out.window
        if window is not None and out.last_image is not None and self.settings.summary_s > 0:
            title = "Session complete" if summary.completed else "Session saved"
            window.show(draw_summary(out.last_image.copy(), summary.lines(), title))
            deadline = time.monotonic() + self.settings.summary_s
            while time.monotonic() < deadline and window.poll() not in ("quit", "closed"):
                pass
        if out.writer is not None:
            out.writer.release()
        if window is not None:
            window.close()
        if out.voice is not None:
            out.voice.close()

    def _poll(self, window: Window) -> None:
        command = window.poll()
        if command is not None:
            self.command(command)

    def _draw(self, r: Result, cue: str | None) -> np.ndarray:
        """The screen for one result: drawn here, on the main thread, never on the worker's path."""
        stats = None
        if self.settings.stats:
            latency = self.stats.latency_ms[-1] if self.stats.latency_ms else float("nan")
            stats = f"{self.stats.fps:4.1f} fps  {latency:3.0f} ms"
        now, flash = time.monotonic(), self._flash
        flashing = flash is not None and now < flash[0]
        view = Screen(
            caption=cue,
            set_label=r.set_label,
            mirror=self.settings.mirror,
            stats=stats,
            card=self._card(r),
            countdown=self._countdown(r),
            flash=(flash[0] - now) / FLASH_S if flash is not None and flashing else 0.0,
            flash_side=flash[1] if flash is not None else None,
            low_confidence=bool(flash is not None and flashing and flash[2]),
        )
        self._screen = compose(r.frame.image, r.pose, r.state, view, self._canvas_size, self._screen)
        return self._screen

    def _card(self, r: Result) -> Card | None:
        if r.note:
            return Card("Set-up", r.note, colour=AMBER)
        if r.paused:
            return Card(
                "Paused",
                "Press space to carry on.  n: next exercise   b: back   "
                "r: recalibrate   f: full screen   q: quit (your session is saved)",
            )
        if r.phase is Phase.INSTRUCT:
            entry = r.entry
            return Card(
                entry.spec.title,
                entry.instructions or entry.spec.instructions,
                f"Starting in {r.instruct_remaining:.0f} s" + (f"  -  {entry.safety}" if entry.safety else ""),
                checks=checks_line(entry.spec),
            )
        if r.phase is Phase.REST:
            return Card(
                "Rest",
                "Breathe and relax. Stop if anything hurts.",
                f"{r.rest_remaining:.0f} s",
                colour=RED if r.rest_remaining < 3 else WHITE,
            )
        return None

    def _countdown(self, r: Result) -> float | None:
        if r.note or r.paused or r.phase is not Phase.INSTRUCT:
            return None
        return float(np.ceil(r.instruct_remaining))

    def _summary(self) -> RunSummary:
        latest = {block.index: block for block in self.session.blocks}  # a redone exercise counts once
        exercises = []
        for block in latest.values():
            reps = block.exercise_coach.reps
            score = sum(r.score for r in reps) / len(reps) if reps else None
            exercises.append((block.entry.spec.title, block.exercise_coach.counts, score))
        completed = self.session.is_finished and self.session.completed
        return RunSummary(
            completed=completed,
            interrupted_by=None if completed else self._stop_reason,
            exercises=exercises,
            stats=self.stats,
            error=self._error,
        )


def _caption_s(text: str) -> float:
    """How long a cue's caption stays: long enough to read (about three words a second)."""
    return max(CAPTION_S, len(text.split()) / 3.0)


def _cues(events: Iterable[Event]) -> list[str]:
    return [e.text for e in events if isinstance(e, CueIssued)]
