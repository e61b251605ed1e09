"""The live app on video files, headless, and with the environment failing in the ways it does
(source lost, window closed, Ctrl-C, nobody in view, darkness). In a real window under Xvfb:
tests/test_window.py."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import InOrder, open_estimator, write_video
from test_end_to_end import MAGNITUDE_TOL

from posecoach.cli import main
from posecoach.coach.guided import GuidedSession
from posecoach.errors import SourceError
from posecoach.live import HEADLESS_SIZE, LiveCoach, LiveSettings
from posecoach.routines import find_routine
from posecoach.store import Store
from posecoach.store.recorder import RoutineRecorder
from posecoach.ui.voice import Voice
from posecoach.video import MemorySource, VideoFileSource


@pytest.fixture(scope="session")
def one_each_routine(tmp_path_factory) -> Path:
    """One side bend each way (the run clip holds exactly that, after 8 s of standing still)."""
    path = tmp_path_factory.mktemp("routine") / "one_each.yaml"
    routine = yaml.safe_load(find_routine("side_bend").model_dump_json())
    routine.update(name="one_each", title="One each way")
    routine["exercises"][0].update(reps=1, target=25)
    path.write_text(yaml.safe_dump(routine))
    return path


@pytest.mark.slow  # real MediaPipe over a whole clip
def test_run_headless_coaches_records_and_ctrl_c_saves_the_session(
    tmp_path, data_dir, clip_images, one_each_routine, capsys
):
    """``posecoach run`` without a window, as a user starts it: it coaches the clip's bend each
    way, records the coached video, and Ctrl-C after the second count saves the session with both
    reps. Deterministic: the routine asks for two bends each way and the clip holds one, then half a
    minute of standing still, so the session cannot end by itself before the signal, however late
    the count's line reaches us through the pipe. (A run that ends by itself: tests/test_window.py.)
    The clip plays at 15 fps (every other frame), as a webcam gives in dim light."""
    routine = yaml.safe_load(one_each_routine.read_text())
    routine["exercises"][0]["reps"] = 2
    two_each = tmp_path / "two_each.yaml"
    two_each.write_text(yaml.safe_dump(routine))
    clip = tmp_path / "long.mp4"
    write_video(clip, (clip_images + clip_images[:60] * 15)[::2], fps=15.0)  # then 30 s of its opening stillness
    db, record = tmp_path / "s.db", tmp_path / "coached.mp4"
    app = subprocess.Popen(
        [sys.executable, "-m", "posecoach", "run", str(two_each), "--video", str(clip), "--no-window"]
        + ["--record", str(record), "--db", str(db), "--user", "ana", "--stats"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert app.stdout is not None
    lines = []
    for line in app.stdout:  # without a window it prints its cues: wait for the second count
        lines.append(line)
        if "Right 1" in line:
            break
    app.send_signal(signal.SIGINT)
    rest, err = app.communicate(timeout=60)
    out = " ".join(("".join(lines) + rest).split())
    assert app.returncode == 0, err
    assert "saved (Ctrl-C)" in out and "inference median" in out and "Traceback" not in err
    with Store(db) as store:
        (session,) = store.sessions("ana")
        assert session.status == "interrupted"
        # The clip's bends are the first two of side_bend_front: compare with its truth, as the
        # end-to-end tests do.
        truth = json.loads((data_dir / "clips" / "side_bend_front.truth.json").read_text())["reps"][:2]
        assert [r.side for r in session.reps] == [t["side"] for t in truth]
        for rep, want in zip(session.reps, truth):
            assert abs(rep.peak_deg - want["peak_deg"]) <= MAGNITUDE_TOL["lateral_flexion_deg"], (rep, want)
    with VideoFileSource(record) as video:  # closed properly on Ctrl-C, with every frame up to the second count
        assert video.fps == 15.0 and video.frame_count and video.frame_count >= 15.0 * truth[1]["end_s"]
    assert main(["history", "--db", str(db), "--user", "ana"]) == 0
    assert "side_bend L1/R1" in " ".join(capsys.readouterr().out.split())


class FakeWindow:
    """Stands in for the OpenCV window: shows nothing, presses the given keys on given polls."""

    def __init__(self, keys: dict[int, str]) -> None:
        self.keys, self.polls, self.shown = keys, 0, 0

    def show(self, image) -> None:
        self.shown += 1

    def poll(self):
        self.polls += 1
        return self.keys.get(self.polls)

    def close(self) -> None:
        pass


class FailingSource(MemorySource):
    """A camera that is unplugged after ``fail_at`` frames."""

    def __init__(self, images, fail_at: int) -> None:
        super().__init__(images, fps=30)
        self.fail_at = fail_at

    def __iter__(self):
        for frame in super().__iter__():
            if frame.index == self.fail_at:
                raise SourceError("camera 0 stopped delivering frames (unplugged?); reconnect it and start again")
            yield frame


def _coach(tmp_path, source, window=None, routine="side_bend", estimator=None, **settings):
    store = Store(tmp_path / "c.db")
    session = GuidedSession(find_routine(routine), targets={0: 25.0}, instruct_s=6.0)
    sid = store.start_session("ana", routine=routine)
    coach = LiveCoach(
        source,
        estimator or open_estimator(),
        session,
        RoutineRecorder(store, sid, session),
        LiveSettings(window=window is not None, summary_s=0, **settings),
        window_factory=lambda: window,
    )
    return coach, store


@pytest.mark.slow  # real MediaPipe over whole clips
def test_a_camera_lost_mid_set_keeps_what_was_counted(tmp_path, clip_images, replay):
    coach, store = _coach(
        tmp_path, FailingSource(clip_images, fail_at=int(14.0 * 30)), estimator=replay
    )  # after the first bend
    summary = coach.run()
    assert summary.interrupted_by == "camera lost" and "unplugged" in summary.error
    (session,) = store.sessions("ana")
    assert session.status == "interrupted" and [r.side for r in session.reps] == ["left"]


@pytest.mark.slow  # real MediaPipe over whole clips
def test_closing_the_window_saves_and_ends(tmp_path, clip_images, replay):
    window = FakeWindow({100: "closed"})  # mid-set: the routine's eight bends each way outlast the clip
    coach, store = _coach(tmp_path, MemorySource(clip_images, fps=30), window, estimator=replay)
    summary = coach.run()
    assert summary.interrupted_by == "window closed" and window.shown > 0
    assert store.sessions("ana")[0].status == "interrupted"


def test_keys_pause_and_quit(tmp_path, clip_images, replay):
    window = FakeWindow({5: "pause", 6: "quit"})
    coach, store = _coach(tmp_path, MemorySource(clip_images, fps=30), window, estimator=replay)
    summary = coach.run()
    assert summary.interrupted_by == "quit" and coach.session.paused
    assert store.sessions("ana")[0].status == "interrupted"


@pytest.mark.parametrize("step, fps, told", [(10, 3.0, True), (4, 7.5, False)])
def test_too_few_frames_a_second_are_pointed_out(tmp_path, clip_images, replay, step, fps, told):
    # The clip's frames at 3 fps (every tenth) and at 7.5 fps (every fourth, still measured).
    coach, _ = _coach(tmp_path, MemorySource(clip_images[::step], fps=fps), estimator=replay)
    coach.run()
    low = [note for note in coach.notes_seen if "frames a second" in note]
    assert low == (["Only 3 frames a second: turn on a light or close other programs."] if told else [])


@pytest.mark.slow  # real MediaPipe over whole clips
def test_nobody_in_view_pauses_and_darkness_is_pointed_out(tmp_path, clip_images, replay):
    grey = np.full_like(clip_images[0], 128)  # an empty room between the two bends (at 13.2 s)
    images = (
        clip_images[:396]
        + [grey] * 200
        + clip_images[396:]
        + [(img * 0.08).astype(np.uint8) for img in clip_images[:40]]
    )
    coach, _ = _coach(tmp_path, MemorySource(images, fps=30), estimator=replay, absent_pause_s=3.0)
    coach.run()
    assert "Paused: step back into view to carry on." in coach.notes_seen
    assert "It's too dark: turn on a light or face a window." in coach.notes_seen
    assert not any("frames a second" in note for note in coach.notes_seen)  # 30 fps
    assert not coach.session.paused  # they came back and it carried on
    assert coach.session.current.exercise_coach.counts["total"] == 2


def test_no_camera_says_what_was_tried_and_suggests_video(tmp_path, capsys, monkeypatch):
    import posecoach.video.sources as sources

    class NoCamera:
        def isOpened(self):
            return False

        def release(self):
            pass

    monkeypatch.setattr(sources, "_open_capture", lambda index: NoCamera())
    assert main(["run", "side_bend", "--no-window", "--db", str(tmp_path / "n.db")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "no camera found (tried index 0, 1, 2, 3, 4)" in err and "--video" in err


def test_voice_speaks_one_cue_at_a_time_and_rate_limits(tmp_path):
    # Each cue is "spoken" until the test writes a line to a FIFO; the voice's clock is the test's.
    fifo = tmp_path / "speaking"
    os.mkfifo(fifo)
    now = [0.0]
    voice = Voice(command=["sh", "-c", 'read line < "$0"', str(fifo)], min_interval_s=0.5, clock=lambda: now[0])

    def speaking():
        return open(fifo, "w")  # opens once a cue is being spoken

    def done(count):
        deadline = time.monotonic() + 30  # a bound on a hang, not on behaviour
        while len(voice.spoken) < count and time.monotonic() < deadline:
            time.sleep(0.001)

    assert voice.say("Left 1")
    with speaking() as cue:
        now[0] = 1.0  # long past the interval
        assert not voice.say("Right 1")  # busy: dropped, not queued
        cue.write("\n")
    done(1)
    assert voice.say("Right 1")  # free, and 1 s after the last cue
    with speaking() as cue:
        cue.write("\n")
    done(2)
    now[0] = 1.3
    assert not voice.say("Left 2")  # free, but 0.3 s after the last cue: too soon
    now[0] = 1.5
    assert voice.say("Left 2")
    with speaking() as cue:
        cue.write("\n")
    voice.close()
    assert voice.spoken == ["Left 1", "Right 1", "Left 2"]
    assert not Voice(command=[]).say("anything")


class NobodyEstimator(InOrder):
    """Finds nobody, instantly: the session stays in its first phases (no MediaPipe needed)."""

    def estimate(self, frame):
        from posecoach.pose.types import Pose

        return Pose.empty(frame.t_ms, frame.width, frame.height)


def test_the_drawing_gets_snapshots_that_share_nothing_with_the_session(tmp_path):
    images = [np.full((480, 640, 3), 128, np.uint8)] * 60
    session = GuidedSession(find_routine("side_bend"), targets={0: 25.0}, instruct_s=1.0)
    coach = LiveCoach(
        MemorySource(images, fps=30),
        NobodyEstimator(),
        session,
        None,
        LiveSettings(window=True, summary_s=0),
        window_factory=lambda: FakeWindow({}),
    )
    drawn = []
    draw = coach._draw
    coach._draw = lambda r, cue: (drawn.append(r), draw(r, cue))[1]
    coach.run()
    assert drawn
    live_counts = session.current.exercise_coach.state.counts
    for result in drawn:
        assert result.state is not session.current.exercise_coach.state and result.state.counts is not live_counts
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.phase = None
    # Drawing reads the snapshot only: with the session gone it still draws every phase it saw.
    coach.session = None
    width, height = HEADLESS_SIZE  # no window: the screen is drawn at the headless size
    for result in drawn:
        assert draw(result, None).shape == (height, width, 3)


def test_a_demo_run_is_not_saved_in_your_history_unless_asked(tmp_path, monkeypatch, clip_images, capsys):
    """The rendered body's range is not yours: it must not become your adaptive target."""
    import posecoach.video as video

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("POSECOACH_DB", raising=False)
    monkeypatch.setattr(video, "PacedFileSource", lambda path: MemorySource(clip_images[:30], fps=30))
    db = tmp_path / "data" / "posecoach" / "posecoach.db"
    assert main(["run", "--demo", "--no-window", "--user", "ana"]) == 0
    assert "not saved in your history" in " ".join(capsys.readouterr().out.split())
    assert not db.exists()  # the demo ran on a throwaway database: the user's was never opened
    assert main(["run", "--demo", "--no-window", "--user", "ana", "--save"]) == 0
    assert len(Store(db).sessions("ana")) == 1


def test_a_failure_in_the_analysis_ends_the_run_with_the_session_saved(tmp_path):
    """A bug in the analysis (main thread) must not take the session with it: the run ends, says
    what failed, and the store marks the session interrupted."""
    images = [np.full((480, 640, 3), 128, np.uint8)] * 60
    coach, store = _coach(tmp_path, MemorySource(images, fps=30), estimator=NobodyEstimator())
    session = coach.session
    update, calls = session.update, []

    def failing(pose):
        calls.append(pose)
        if len(calls) == 20:
            raise ZeroDivisionError("a bug")
        return update(pose)

    session.update = failing
    summary = coach.run()
    assert summary.interrupted_by == "error" and summary.error == "ZeroDivisionError: a bug"
    assert len(calls) == 20  # nothing analysed after the failure
    assert store.sessions("ana")[0].status == "interrupted"
