"""The live app on video files: headless, in a real window under Xvfb, and with the environment
failing in the ways it does (source lost, window closed, Ctrl-C, nobody in view, darkness)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import need_tool
from xscreen import xwd_to_image as _xwd_to_image

from posecoach.cli import main
from posecoach.coach.guided import GuidedSession
from posecoach.errors import SourceError
from posecoach.live import LiveCoach, LiveSettings
from posecoach.pose.estimator import PoseEstimator
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


@pytest.fixture(scope="session")
def clip_images(data_dir):
    with VideoFileSource(data_dir / "run_side_bend.mp4") as source:
        return [frame.image for frame in source]


def test_run_headless_coaches_through_the_clip_and_saves_the_session(tmp_path, data_dir, one_each_routine, capsys):
    db, record = tmp_path / "s.db", tmp_path / "coached.mp4"
    code = main(["run", str(one_each_routine), "--video", str(data_dir / "run_side_bend.mp4"), "--no-window",
                 "--record", str(record), "--db", str(db), "--user", "ana", "--stats"])
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "Session 1 complete" in out and "L 1 R 1" in out and "inference median" in out
    with Store(db) as store:
        (session,) = store.sessions("ana")
        assert session.status == "completed"
        assert [(r.side, round(abs(r.peak_deg))) for r in session.reps] == [("left", 29), ("right", 31)]
    with VideoFileSource(record) as video:
        assert video.frame_count and video.frame_count > 300
    assert main(["history", "--db", str(db), "--user", "ana"]) == 0
    assert "side_bend L1/R1" in " ".join(capsys.readouterr().out.split())


def test_run_in_a_real_window_under_xvfb(tmp_path, data_dir, one_each_routine, output_dir):
    import cv2

    xvfb, xwd = need_tool("Xvfb"), need_tool("xwd")
    # Xvfb picks a free display itself and tells us which (-displayfd).
    server = subprocess.Popen([xvfb, "-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    db = tmp_path / "w.db"
    try:
        assert server.stdout is not None
        display = ":" + server.stdout.readline().strip()
        env = {**os.environ, "DISPLAY": display}
        app = subprocess.Popen([sys.executable, "-m", "posecoach", "run", str(one_each_routine), "--video",
                                str(data_dir / "run_side_bend.mp4"), "--db", str(db), "--user", "ana"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(13.0)  # into the first bend
        dump = tmp_path / "screen.xwd"
        subprocess.run([xwd, "-root", "-silent", "-display", display, "-out", str(dump)], check=True, timeout=30)
        out, err = app.communicate(timeout=90)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert app.returncode == 0, err
    screen = _xwd_to_image(dump)
    cv2.imwrite(str(output_dir / "window_screenshot.png"), screen)
    # The window shows the camera image with the overlay: the dark title bar over the frame and
    # more than the empty black screen.
    assert (screen.max(axis=2) > 40).mean() > 0.2
    assert "Session 1 complete" in out
    with Store(db) as store:
        assert store.sessions("ana")[0].status == "completed"


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


def _coach(tmp_path, source, window=None, routine="side_bend", **settings):
    store = Store(tmp_path / "c.db")
    session = GuidedSession(find_routine(routine), targets={0: 25.0}, instruct_s=6.0)
    sid = store.start_session("ana", routine=routine)
    coach = LiveCoach(source, PoseEstimator(), session, RoutineRecorder(store, sid, session),
                      LiveSettings(window=window is not None, summary_s=0, **settings),
                      window_factory=lambda: window)
    return coach, store


def test_a_camera_lost_mid_set_keeps_what_was_counted(tmp_path, clip_images):
    coach, store = _coach(tmp_path, FailingSource(clip_images, fail_at=int(14.0 * 30)))  # after the first bend
    summary = coach.run()
    assert summary.interrupted_by == "camera lost" and "unplugged" in summary.error
    (session,) = store.sessions("ana")
    assert session.status == "interrupted" and [r.side for r in session.reps] == ["left"]


def test_closing_the_window_saves_and_ends(tmp_path, clip_images):
    window = FakeWindow({400: "closed"})
    coach, store = _coach(tmp_path, MemorySource(clip_images, fps=30), window)
    summary = coach.run()
    assert summary.interrupted_by == "window closed" and window.shown > 0
    assert store.sessions("ana")[0].status == "interrupted"


def test_keys_pause_and_quit(tmp_path, clip_images):
    window = FakeWindow({5: "pause", 6: "quit"})
    coach, store = _coach(tmp_path, MemorySource(clip_images, fps=30), window)
    summary = coach.run()
    assert summary.interrupted_by == "quit" and coach.session.paused
    assert store.sessions("ana")[0].status == "interrupted"


def test_nobody_in_view_pauses_and_darkness_is_pointed_out(tmp_path, clip_images):
    grey = np.full_like(clip_images[0], 128)  # an empty room between the two bends (at 13.2 s)
    images = clip_images[:396] + [grey] * 200 + clip_images[396:] + [(img * 0.08).astype(np.uint8) for img in clip_images[:40]]
    coach, _ = _coach(tmp_path, MemorySource(images, fps=30), absent_pause_s=3.0)
    coach.run()
    assert "Paused: step back into view to carry on." in coach.notes_seen
    assert "It's too dark: turn on a light or face a window." in coach.notes_seen
    assert not coach.session.paused  # they came back and it carried on
    assert coach.session.current.analyzer.counts["total"] == 2


def test_ctrl_c_saves_the_session(tmp_path, data_dir, one_each_routine):
    db = tmp_path / "i.db"
    app = subprocess.Popen([sys.executable, "-m", "posecoach", "run", str(one_each_routine), "--video",
                            str(data_dir / "run_side_bend.mp4"), "--no-window", "--db", str(db), "--user", "ana"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert app.stdout is not None
    lines = []
    for line in app.stdout:  # without a window it prints its cues: wait for the first count
        lines.append(line)
        if "Left 1" in line:
            break
    app.send_signal(signal.SIGINT)
    rest, err = app.communicate(timeout=60)
    out = "".join(lines) + rest
    assert app.returncode == 0, err
    assert "saved (Ctrl-C)" in " ".join(out.split()) and "Traceback" not in err
    with Store(db) as store:
        (session,) = store.sessions("ana")
        assert session.status == "interrupted" and [r.side for r in session.reps] == ["left"]


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


def test_voice_speaks_one_cue_at_a_time_and_rate_limits():
    voice = Voice(command=["sleep", "0.3"], min_interval_s=0.5)
    assert voice.say("Left 1")
    assert not voice.say("Right 1")  # busy / too soon: dropped, not queued
    time.sleep(0.7)
    assert voice.say("Right 1")
    voice.close()
    assert voice.spoken == ["Left 1", "Right 1"]
    assert not Voice(command=[]).say("anything")
