"""Replaying stored reps: against the overlay's own landmarks, to files, in a window, in the report."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import time

import cv2
import numpy as np
import pytest
from conftest import need_tool
from recorded import analyze_clip, clip_poses
from test_adversarial import assert_one_line_error, cli
from test_motion import error_lines
from test_review import CHROMIUM_FLAGS
from xscreen import launch_painted, screenshot, xvfb

from posecoach.cli import main
from posecoach.store import Store
from posecoach.store.recorder import save_analysis
from posecoach.store.replays import best_rep, session_replays, worst_rep
from posecoach.ui import replay_player
from posecoach.ui.layout import layout
from posecoach.ui.overlay import to_video
from posecoach.ui.replay import draw_replay
from posecoach.ui.replay_player import KEYS, Player, schedule

CLIP = "clips/side_bend_hip_shift.mp4"  # six side bends, the hips shifting in reps 2, 3 and 6
SCREEN = (1920, 1080)  # the largest screen the tests draw on: a pixel there is the smallest error


@pytest.fixture(scope="module")
def clip_db(tmp_path_factory, data_dir):
    """The rendered clip analysed (its recorded real MediaPipe poses) and saved, with its truth."""
    result = analyze_clip(data_dir / CLIP, "side_bend")
    path = tmp_path_factory.mktemp("replay") / "clip.db"
    with Store(path) as store:
        save_analysis(store, result, user="ana")
    truth = json.loads((data_dir / CLIP.replace(".mp4", ".truth.json")).read_text())
    return path, result, truth


@pytest.fixture(scope="module")
def replays(clip_db):
    with Store(clip_db[0]) as store:
        return session_replays(store, store.session(1))


def _sky(img: np.ndarray) -> np.ndarray:  # the skeleton's points (Okabe-Ito sky blue, BGR 233, 180, 86)
    b, g, r = (img[:, :, i].astype(int) for i in range(3))
    return (b > 190) & (g > 140) & (g < 220) & (r < 130)


def _vermillion(img: np.ndarray) -> np.ndarray:  # a fault's ring (BGR 0, 94, 213)
    b, g, r = (img[:, :, i].astype(int) for i in range(3))
    return (r > 170) & (g > 50) & (g < 140) & (b < 60)


def test_the_stored_motion_of_a_rendered_clip_replays_within_a_pixel_of_the_overlays_landmarks(
    clip_db, replays, data_dir
):
    _, result, truth = clip_db
    poses = {pose.t_ms: pose for pose in clip_poses(data_dir / CLIP)}
    assert [r.rep.index for r in replays] == [1, 2, 3, 4, 5, 6]
    for r, want in zip(replays, truth["reps"]):
        rep, motion = r.rep, r.motion
        assert rep.side == want["side"] and rep.start_s <= want["peak_s"] <= rep.end_s
        # The rep's frames, with a second either side (to a frame of the 15 a second kept).
        assert motion.t_s[0] == pytest.approx(rep.start_s - 1.0, abs=1 / 15)
        assert motion.t_s[-1] == pytest.approx(rep.end_s + 1.0, abs=1 / 15)
        lay = layout(SCREEN, (motion.width, motion.height), card=True)
        for i in range(len(motion)):
            original = poses[round(motion.t_s[i] * 1000)]  # the pose the overlay drew at that moment
            replayed = motion.pose(i)
            for mirror in (True, False):
                want_px, got_px = to_video(original, lay.video, mirror), to_video(replayed, lay.video, mirror)
                drawn = original.visibility >= 0.5
                assert np.array_equal(drawn[list(motion.landmarks)], replayed.visibility[list(motion.landmarks)] >= 0.5)
                shown = [k for k in motion.landmarks if drawn[k]]
                assert np.abs(got_px[shown] - want_px[shown]).max() <= 1.0
    # And the drawing puts the skeleton's points there: the best rep (no fault ring) at its peak.
    best = replays[0]
    i = best.motion.at(best.rep.peak_s)
    image = draw_replay(best, i, SCREEN)
    original = poses[round(best.motion.t_s[i] * 1000)]
    points = to_video(original, layout(SCREEN, (640, 480), card=True).video, True)
    for k in range(11, 33):
        if original.visibility[k] >= 0.5:
            x, y = np.round(points[k]).astype(int)
            assert _sky(image[y - 1 : y + 2, x - 1 : x + 2]).any(), f"landmark {k} not drawn at {x}, {y}"


def test_the_replay_file_has_the_reps_frames_and_they_move(clip_db, replays, tmp_path, capsys):
    path, _, truth = clip_db
    worst = worst_rep(replays)
    mp4, gif = tmp_path / "worst.mp4", tmp_path / "worst.gif"
    assert main(["replay", "1", "--worst", "--db", str(path), "--out", str(mp4)]) == 0
    assert main(["replay", "1", "--worst", "--db", str(path), "--out", str(gif)]) == 0
    # The rep and a second either side: every frame kept (the clip's 30 a second, every other one).
    expected = len(worst.motion)
    assert worst.start_s <= worst.rep.start_s - 1 + 1 / 15 and worst.end_s >= worst.rep.end_s + 1 - 1 / 15
    capture, images = cv2.VideoCapture(str(mp4)), []
    while (ok := capture.read())[0]:
        images.append(ok[1])
    assert capture.get(cv2.CAP_PROP_FPS) == pytest.approx(15.0) and len(images) == expected
    from PIL import Image

    with Image.open(gif) as picture:  # a frame like the one before is merged into it, its time added
        durations = []
        for k in range(picture.n_frames):
            picture.seek(k)
            durations.append(picture.info["duration"])
    assert abs(sum(durations) - expected * 1000 / 15) <= 10 and len(durations) > expected / 2
    lay = layout(images[0].shape[1::-1], (640, 480), card=True)
    v = lay.video

    def arms_x(img: np.ndarray) -> float:  # where the skeleton's upper half is, across the picture
        ys, xs = np.nonzero(_sky(img[v.y : v.y + v.h // 2, v.x : v.x1]))
        return float(xs.mean()) / v.w

    moving = [
        np.abs(a[v.y : v.y1, v.x : v.x1].astype(int) - b[v.y : v.y1, v.x : v.x1]).mean()
        for a, b in zip(images, images[1:])
    ]
    assert np.mean(np.array(moving) > 0.05) > 0.5  # the figure moves in most frames
    peak = round((worst.rep.peak_s - worst.start_s) * 15)
    side = truth["reps"][worst.rep.index - 1]["side"]
    shift = arms_x(images[peak]) - arms_x(images[0])
    # Mirrored like the coach's screen: a bend to the user's right leans to the picture's right.
    assert (shift > 0.04) if side == "right" else (shift < -0.04), (side, shift)
    assert _vermillion(images[peak][v.y : v.y1, v.x : v.x1]).sum() > 50  # its hip shift, marked on the hips


def test_a_replay_keeps_the_reps_own_pace(replays):
    for r in replays:  # kept at 15 a second from a 30 fps clip: each frame shown once, in order
        assert schedule(r) == list(range(len(r.motion)))
    slow = replays[0]  # kept from a 10 fps camera: each frame shown for 1.5 ticks of 15 a second
    tenth = dataclasses.replace(
        slow, motion=dataclasses.replace(slow.motion, t_s=slow.start_s + np.arange(len(slow.motion)) / 10)
    )
    ticks = schedule(tenth)
    assert len(ticks) == pytest.approx((len(slow.motion) - 1) * 1.5 + 1, abs=1) and ticks == sorted(ticks)


def test_the_window_keys_pause_step_and_change_rep(replays):
    player = Player(replays[:3])
    first = player.index
    player.tick(0.5)
    assert player.index > first and not player.paused
    player.apply(KEYS[ord(" ")])
    at = player.index
    player.tick(1.0)
    assert player.paused and player.index == at
    player.apply(KEYS[65363])  # right arrow: one stored frame on
    assert player.index == at + 1
    player.apply(KEYS[65361])
    player.apply(KEYS[65361])
    assert player.index == at - 1
    player.apply(KEYS[ord("n")])
    assert player.current is replays[1] and player.index == 0
    player.apply(KEYS[ord("p")])
    player.apply(KEYS[ord("p")])
    assert player.current is replays[2]  # previous from the first goes round to the last
    assert player.apply(KEYS[ord("q")]) is False and player.apply("closed") is False


def test_play_reads_the_arrow_keys_a_window_gives(replays, monkeypatch):
    shown: list[tuple[int, int]] = []
    monkeypatch.setattr(
        replay_player, "draw_replay", lambda r, i, size, view: shown.append((r.rep.index, i)) or np.zeros((2, 2, 3))
    )

    class Keys:
        size = (640, 360)

        def __init__(self, keys):
            self.keys = list(keys)

        def show(self, image):
            pass

        def read_key(self, wait_ms):
            return self.keys.pop(0) if self.keys else ord("q")

        def close(self):
            pass

    replay_player.play(replays[:2], Keys([ord(" "), 65363, 65363, 65361, ord("n"), ord("q")]))
    paused_at = shown[1][1]
    assert [i for _, i in shown[2:5]] == [paused_at + 1, paused_at + 2, paused_at + 1]
    assert shown[5] == (replays[1].rep.index, 0) and len(shown) == 6


def test_replay_without_motion_of_a_deleted_session_or_rep_0_is_one_clear_line(clip_db, data_dir, tmp_path):
    """As a user runs it: one line on stderr naming what exists, exit code 2."""
    db = tmp_path / "mixed.db"
    shutil.copy(data_dir / "db" / "schema3.db", db)  # sessions 1 and 2 of ana, from before motion was kept
    with Store(db) as store:
        save_analysis(store, clip_db[1], user="ana")  # session 3, with motion
        store.delete_session(2)
    cases = {
        ("1",): "session 1 has no stored motion to replay (it was recorded before posecoach kept the motion "
        "of reps); sessions with replays: 3",
        ("2",): "there is no session 2; sessions with replays: 3",
        ("3", "--rep", "0"): "session 3 has no rep 0 to replay; its side_bend reps with motion are 1-6",
        ("3", "--rep", "7"): "session 3 has no rep 7 to replay; its side_bend reps with motion are 1-6",
        ("3", "--out", str(tmp_path / "r.avi")): "a replay is written as .mp4 or .gif",
        ("3", "--worst", "--best"): "choose one of --rep, --worst and --best",
    }
    for args, message in cases.items():
        assert_one_line_error(cli(tmp_path, "replay", *args, "--db", str(db), "--user", "ana"), message)


def test_replay_needs_a_display_or_a_file(clip_db, monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert main(["replay", "1", "--db", str(clip_db[0])]) == 2
    (err,) = error_lines(capsys)
    assert "no display here to play a replay on; write it to a file with --out" in err


@pytest.mark.slow  # a window under Xvfb, for seconds
def test_the_replay_window_shows_the_stick_figure_and_its_fault(clip_db, replays, tmp_path, output_dir):
    worst = worst_rep(replays)
    with xvfb((1280, 720)) as display:

        def start(attempt: int) -> subprocess.Popen:
            return subprocess.Popen(
                [sys.executable, "-m", "posecoach", "replay", "1", "--worst", "--db", str(clip_db[0])]
                + ["--window-size", "1280x720"],
                env={**os.environ, "DISPLAY": display},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )

        app, launched = launch_painted(start, display, tmp_path / "screen.xwd", within_s=15.0)
        v = layout((1280, 720), (640, 480), card=True).video  # the window fills the screen
        shots = []
        try:
            while time.monotonic() - launched < 25 and app.poll() is None:
                shots.append(screenshot(display, tmp_path / "screen.xwd"))
                if _vermillion(shots[-1][v.y : v.y1, v.x : v.x1]).sum() > 50:  # the ring on the hips
                    break
                time.sleep(0.3)
        finally:
            app.terminate()
            out, err = app.communicate(timeout=30)
    assert shots, f"the replay never showed: {err[-1500:]}"
    figure = shots[-1][v.y : v.y1, v.x : v.x1]
    assert _sky(figure).sum() > 50, "no skeleton on the screen"
    assert _vermillion(figure).sum() > 50, f"rep {worst.rep.index}'s hip shift is never marked on the body"
    cv2.imwrite(str(output_dir / "replay_window.png"), shots[-1])


def _box(dom: str, panel: str) -> tuple[int, int, int, int]:
    tag = re.search(rf'<canvas id="{panel}"[^>]*>', dom)
    assert tag, f"no canvas {panel}"
    x, y, w, h = (int(v) for v in re.search(r'data-box="([^"]+)"', tag.group(0)).group(1).split(","))
    return x, y, w, h


def test_the_report_replays_best_and_worst_in_headless_chromium(clip_db, replays, tmp_path, capsys, output_dir):
    browser = need_tool("chromium", "chromium-browser")
    path, _, truth = clip_db
    report = tmp_path / "report.html"
    assert main(["report", "1", "--db", str(path), "--out", str(report)]) == 0
    page = report.read_text()
    assert "<script src" not in page and re.search(r"https?://", page) is None  # self-contained, no network
    faulted = {f["rep"] for f in truth["faults"]}
    worst, best = worst_rep(replays), best_rep(replays)
    assert worst.rep.index in faulted and best.rep.index not in faulted  # as the clip's truth has them
    size = ["--window-size=1100,1500", "--hide-scrollbars", "--force-device-scale-factor=1"]
    profile = "--user-data-dir=" + str(tmp_path / "profile")

    def dom(url: str, budget_ms: int) -> str:
        run = [browser, *CHROMIUM_FLAGS, profile, *size, f"--virtual-time-budget={budget_ms}", "--dump-dom", url]
        return subprocess.run(run, capture_output=True, text=True, timeout=120).stdout

    def shot(url: str, budget_ms: int, name: str) -> np.ndarray:
        out = tmp_path / name
        run = [
            browser,
            *CHROMIUM_FLAGS,
            profile,
            *size,
            f"--virtual-time-budget={budget_ms}",
            f"--screenshot={out}",
            url,
        ]
        subprocess.run(run, capture_output=True, timeout=120, check=True)
        image = cv2.imread(str(out))
        assert image is not None
        return image

    first = dom(report.as_uri(), 1000)
    panels = re.findall(r'<canvas id="(replay-\d+-\d)"', first)
    assert len(panels) == 2
    assert (
        f"Worst: rep {worst.rep.index}, {worst.rep.side}" in first
        and f"Best: rep {best.rep.index}, {best.rep.side}" in first
    )
    worst_panel = panels[1]
    x, y, w, h = _box(first, worst_panel)
    # Playing: two moments differ, in the figure and in the marker on the curve under it.
    a, b = shot(report.as_uri(), 1500, "a.png"), shot(report.as_uri(), 4000, "b.png")
    assert np.abs(a[y : y + h, x : x + w].astype(int) - b[y : y + h, x : x + w]).mean() > 0.5
    # The fault marker at the fault's time: the clip's truth says when rep 2's hips shifted.
    (span,) = [f for f in truth["faults"] if f["rep"] == worst.rep.index]
    during = (span["start_s"] + span["end_s"]) / 2
    before = worst.start_s + 0.3  # the second before the rep: hips still
    held = dom(f"{report.as_uri()}#t={during:.2f}", 500)
    assert re.search(rf'id="{worst_panel}"[^>]*data-faults="hip_shift"', held)
    marked = shot(f"{report.as_uri()}#t={during:.2f}", 500, "fault.png")
    clean = shot(f"{report.as_uri()}#t={before:.2f}", 500, "clean.png")
    assert _vermillion(marked[y : y + h, x : x + w]).sum() > 30
    assert _vermillion(clean[y : y + h, x : x + w]).sum() == 0
    assert re.search(rf'id="{worst_panel}"[^>]*data-faults=""', dom(f"{report.as_uri()}#t={before:.2f}", 500))
    cv2.imwrite(str(output_dir / "report_replay.png"), marked)


def test_a_rep_number_in_a_routine_asks_which_exercise(replays):
    from types import SimpleNamespace

    from posecoach.errors import PosecoachError
    from posecoach.store.replays import choose

    twists = [dataclasses.replace(r, exercise="standing_twist") for r in replays[:4]]
    session = SimpleNamespace(
        id=7, blocks=[SimpleNamespace(exercise="side_bend"), SimpleNamespace(exercise="standing_twist")]
    )
    both = replays + twists
    with pytest.raises(
        PosecoachError, match=r"several exercises \(side_bend 1-6; standing_twist 1-4\): add --exercise"
    ):
        choose(both, session, rep=2)
    (chosen,) = choose(both, session, exercise="standing_twist", rep=2)
    assert chosen is twists[1]
    assert choose(both, session, exercise="standing_twist", worst=True)[0].rep.score == min(r.rep.score for r in twists)
    with pytest.raises(PosecoachError, match="has no replay of cat_cow; it has side_bend, standing_twist"):
        choose(both, session, exercise="cat_cow")
