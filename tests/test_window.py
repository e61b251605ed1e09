"""The live window read from across a room: it fills the screen, has no toolbar, its type is a
share of its height, a fault shows as a big cue and a mark on the body, the gauge survives
red-green colour blindness, a counted rep flashes and beeps, and captions match the voice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
import yaml
from conftest import open_estimator
from xscreen import launch_painted, screenshot, xvfb

from posecoach.coach.exercise_coach import LiveState
from posecoach.coach.guided import GuidedSession
from posecoach.exercises.registry import get_exercise
from posecoach.pose.types import Pose
from posecoach.routines import find_routine
from posecoach.store import Store
from posecoach.ui import window as window_module
from posecoach.ui.layout import Rect, layout, parse_size
from posecoach.ui.overlay import (
    PHASES,
    VERMILLION,
    Card,
    Screen,
    compose,
    draw_fault_marks,
    draw_gauge,
    in_range,
    screen_layout,
    text,
    to_video,
    top_parts,
)
from posecoach.ui.sound import Tone
from posecoach.video import MemorySource

CLIP_SIZE = (640, 480)  # tests/data/run_side_bend.mp4 (played at 15 fps in a real window)
NOBODY = Pose.empty(0, *CLIP_SIZE)


def _region(img: np.ndarray, r: Rect) -> np.ndarray:
    return img[r.y : r.y1, r.x : r.x1]


def _tallest(mask: np.ndarray) -> int:
    """The height in pixels of the tallest connected blob of ``mask`` (one glyph, for text)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return int(stats[1:, cv2.CC_STAT_HEIGHT].max()) if n > 1 else 0


def _glyphs(mask: np.ndarray) -> int:
    """Connected blobs of ``mask`` of 12 pixels or more: glyphs (an i is two), not specks."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return int((stats[1:, cv2.CC_STAT_AREA] >= 12).sum())


def _white(img: np.ndarray) -> np.ndarray:
    return img.min(axis=2) >= 200


def _yellow(img: np.ndarray) -> np.ndarray:  # the cue's and the marker's yellow, BGR
    b, g, r = (img[:, :, i].astype(int) for i in range(3))
    return (r > 190) & (g > 170) & (b < 140)


def _vermillion(img: np.ndarray) -> np.ndarray:  # the fault mark's ring
    b, g, r = (img[:, :, i].astype(int) for i in range(3))
    return (r > 170) & (g > 50) & (g < 140) & (b < 60)


def _state(**changes) -> LiveState:
    base = dict(
        exercise="side_bend",
        metric="lateral_flexion_deg",
        phase="active",
        value=10.0,
        drive=10.0,
        target_deg=25.0,
        tolerance_deg=5.0,
        counts={"left": 3, "right": 2, "total": 5},
    )
    return LiveState(**{**base, **changes})


@pytest.fixture(scope="module")
def frame(clip_images) -> np.ndarray:
    return clip_images[0]


# -- in a real window under Xvfb ---------------------------------------------------------------

# The app as `posecoach run` starts it, with a hip shift injected into every analysed frame: what
# its screen then shows.
HIP_SHIFT_CUE = "Keep your hips still: bend from the waist, don't push your hips out."
FAULTED = LiveState(exercise="side_bend", metric="lateral_flexion_deg", phase="active", faults=("hip_shift",))
INJECTED = (
    "import sys, posecoach.coach.exercise_coach as a; a.frame_faults = lambda *args, **kwargs: {'hip_shift'}; "
    "from posecoach.cli import main; sys.exit(main(sys.argv[1:]))"
)


@pytest.fixture(scope="module")
def one_each(tmp_path_factory):
    path = tmp_path_factory.mktemp("routine") / "one_each.yaml"
    routine = yaml.safe_load(find_routine("side_bend").model_dump_json())
    routine["exercises"][0].update(reps=1, target=25)
    path.write_text(yaml.safe_dump({**routine, "name": "one_each", "title": "One each way"}))
    return path


PLAYED_OUT = (1280, 800)  # the screen on which the run plays to its end


@pytest.fixture(scope="module")
def portrait_clip_15fps(clip_images, tmp_path_factory) -> Path:
    """The 15 fps run clip cut to its middle 360 of 640 columns: a 3:4 portrait source (a phone
    held upright), the person whole in it."""
    from conftest import write_video

    path = tmp_path_factory.mktemp("portrait") / "run_side_bend_portrait.mp4"
    write_video(path, [image[:, 140:500] for image in clip_images[::2]], fps=15.0)
    return path


#: The smallest share of the window's width the camera image takes (the panels beside it): a 4:3
#: camera took 0.49 of a 1920x1080 window when bars ran across the top and bottom, a 3:4 one 0.27.
IMAGE_SHARE = {(4, 3): 0.65, (3, 4): 0.40}


@pytest.mark.parametrize("screen", [PLAYED_OUT, (1920, 1080)])
@pytest.mark.slow  # real MediaPipe over a whole clip
def test_the_window_fills_the_screen_and_reads_from_across_the_room(
    screen, tmp_path, run_clip_15fps, portrait_clip_15fps, one_each, output_dir
):
    # On the larger screen, a portrait source.
    clip, clip_size = (run_clip_15fps, CLIP_SIZE) if screen == PLAYED_OUT else (portrait_clip_15fps, (360, 480))
    with xvfb(screen) as display:

        def start(attempt: int) -> subprocess.Popen:
            return subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    INJECTED,
                    "run",
                    str(one_each),
                    "--video",
                    str(clip),
                    "--db",
                    str(tmp_path / f"w{attempt}.db"),
                    "--quiet",
                ],
                env={**os.environ, "DISPLAY": display},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )

        app, launched = launch_painted(start, display, tmp_path / "screen.xwd", within_s=9.0)
        time.sleep(max(0.0, launched + 10.0 - time.monotonic()))  # past the instructions and the calibration
        shots = []
        for _ in range(10):  # until the injected fault's cue is up (it is from the first measured frame)
            shots.append(screenshot(display, tmp_path / "screen.xwd"))
            lit = np.nonzero(shots[-1].max(axis=2) > 12)
            if not len(lit[0]):  # the window is not up yet (a loaded machine)
                if app.poll() is not None:
                    break  # the app has ended: its error is reported below
                time.sleep(1.0)
                continue
            y0, y1, x0, x1 = lit[0].min(), lit[0].max() + 1, lit[1].min(), lit[1].max() + 1
            win = shots[-1][y0:y1, x0:x1]
            lay, _ = screen_layout((x1 - x0, y1 - y0), clip_size, FAULTED, Screen(caption=HIP_SHIFT_CUE))
            if _tallest(_yellow(_region(win, lay.bottom))) > 0:
                break
            time.sleep(1.0)
        if not len(lit[0]):
            app.kill()
            out, err = app.communicate(timeout=30)
            pytest.fail(
                f"the window never appeared on {display!r} (exit code {app.returncode}): {out[-1500:]} {err[-1500:]}"
            )
        # On one screen the run plays to its end, on the other Ctrl-C ends it once what it shows is
        # seen (if it is still coaching: the clip plays for 19 s). Either way it exits 0, saved.
        interrupted = screen != PLAYED_OUT and time.monotonic() - launched < 16.0
        if interrupted:
            app.send_signal(signal.SIGINT)
        out, err = app.communicate(timeout=120)
    assert app.returncode == 0, err
    db = Path(app.args[app.args.index("--db") + 1])
    with Store(db) as store:
        (session,) = store.sessions()
        assert session.status == ("interrupted" if interrupted else "completed")
    if not interrupted:
        assert "Session 1 complete" in out
        # Both bends were counted, each with the injected fault.
        assert [rep.side for rep in session.reps] == ["left", "right"]
        assert all("hip_shift" in rep.faults for rep in session.reps)
    # The camera image is shown, not only the overlay on black, and takes the space the panels leave.
    assert (_region(win, lay.video).max(axis=2) > 40).mean() > 0.5
    cv2.imwrite(str(output_dir / f"window_{screen[0]}x{screen[1]}.png"), shots[-1])
    w, h = win.shape[1], win.shape[0]
    # As wide as the panels allow, or (a portrait source) the window's whole height.
    assert lay.video.w >= IMAGE_SHARE[(4, 3) if clip_size[0] > clip_size[1] else (3, 4)] * w or lay.video.h >= 0.97 * h
    assert w >= 0.8 * screen[0] or h >= 0.8 * screen[1], f"window {w}x{h} on a {screen} screen"
    # No toolbar above the image nor status bar below it: Qt draws those light grey; ours are dark.
    band = max(4, int(0.03 * h))
    for edge in (win[:band], win[-band:]):
        light_grey = (edge.min(axis=2) >= 200) & (np.ptp(edge, axis=2) < 20)
        assert light_grey.mean() < 0.25
    # The counts: the tallest white glyphs in the side column.
    assert _tallest(_white(_region(win, lay.side))) >= 0.08 * h
    # The injected fault: a cue at least 5% of the height, all its words inside the window (the 17
    # letters of "Keep your hips still", each i two glyphs: 19), and a mark on the body.
    cue = _yellow(_region(win, lay.bottom))
    assert _tallest(cue) >= 0.05 * h
    assert _glyphs(cue) == pytest.approx(19, abs=2)
    assert not _yellow(win[:, -max(2, w // 200) :]).any()  # nothing runs off the right edge
    assert _vermillion(_region(win, lay.video)).sum() > 50


# -- the screen, drawn ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (1366, 768), (1024, 768), (800, 1280)])
def test_type_is_a_share_of_the_height_at_every_size(size, frame):
    h = size[1]
    state, view = _state(phase="calibrating", value=None, faults=("knees_bent",)), Screen()
    lay, _ = screen_layout(size, CLIP_SIZE, state, view)
    image = compose(frame, NOBODY, state, view, size)
    assert _tallest(_white(_region(image, lay.side))) >= 0.08 * h  # counts
    assert _tallest(_yellow(_region(image, lay.bottom))) >= 0.05 * h  # the cue
    parts, top = top_parts(lay, "Standing side bend", PHASES["calibrating"], h), lay.top
    # The words: above the gauge (in the column or a tall window), or left of it across the top.
    words = Rect(top.x, top.y, top.w, parts.gauge.y - top.y) if parts.stacked else Rect(0, 0, parts.gauge.x, top.h)
    ink = _region(image, words)
    assert _tallest(_white(ink)) >= 0.04 * h  # the exercise
    coloured = (ink.max(axis=2) > 150) & ~_white(ink)
    assert _tallest(coloured) >= 0.04 * h  # the phase ("Hold still...")


@pytest.mark.parametrize("frame_size, share", [((640, 480), 0.65), ((480, 640), 0.40), ((1080, 1920), 0.30)])
def test_the_camera_image_gets_the_space_the_panels_leave(frame_size, share):
    """At 1920x1080 a 4:3 camera took 0.49 of the width and a portrait phone video 0.21-0.27 when
    bars ran across the top and bottom of the window; the panels now stand beside them."""
    for card in (False, True):
        lay = layout((1920, 1080), frame_size, card)
        assert lay.video.w >= (share if not card or frame_size[0] < frame_size[1] else 0.55) * 1920, (card, lay)
        assert not any(lay.video.overlaps(r) for r in (lay.top, lay.bottom, lay.side))


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800), (1024, 768)])
@pytest.mark.parametrize("frame_size", [(640, 480), (1280, 720), (360, 480)])
def test_a_long_cue_wraps_inside_the_window(size, frame_size, frame):
    """The set-up message, 66 characters, ran off the right edge of a 1920x1080 window on one line.
    Wrapped, it stays inside the bottom panel, at the cue's size, and every word of it is drawn: its
    ink is as much as the same words drawn on one line of a canvas wide enough for them."""
    message = "Stand still in your starting position for a moment, or just begin."
    state, view = _state(phase="calibrating", value=None, message=message), Screen()
    image = compose(cv2.resize(frame, frame_size), NOBODY, state, view, size)
    lay, cue = screen_layout(size, frame_size, state, view)
    ink = _white(_region(image, lay.bottom))
    assert _tallest(ink) >= 0.05 * size[1]
    assert not _white(image[:, -2:]).any() and not ink[:, -2:].any()
    one_line = np.zeros((int(cue.big_h * 3), int(cue.big_h * len(message)), 3), np.uint8)
    text(one_line, message, (5, int(cue.big_h * 2)), cue.big_h, bold=True)
    assert ink.sum() == pytest.approx(_white(one_line).sum(), rel=0.05)


def test_hold_countdown_is_as_big_as_the_counts(frame):
    size = (1280, 800)
    lay = layout(size, CLIP_SIZE)
    held = _state(
        exercise="forward_fold",
        metric="fold_deg",
        counts={"left": 0, "right": 0, "total": 1},
        hold_s=3.0,
        hold_target_s=30.0,
    )
    image = _region(compose(frame, NOBODY, held, Screen(), size), lay.side)
    n, _, stats, _ = cv2.connectedComponentsWithStats(_white(image).astype(np.uint8))
    tall = stats[1:][stats[1:, cv2.CC_STAT_HEIGHT] >= 0.08 * size[1]]
    # The count "1" and the countdown "27 s": big glyphs on two separate rows.
    assert len({int(top) // 40 for top in tall[:, cv2.CC_STAT_TOP]}) >= 2


def _luminance(bgr: np.ndarray) -> float:
    """Relative luminance (WCAG) of one sRGB colour given as BGR 0-255."""
    rgb = bgr[::-1] / 255.0
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


# Machado, Oliveira & Fernandes (2009), deuteranopia at severity 1.0, on linear RGB.
DEUTERANOPIA = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
)


def _as_deuteranope(bgr: np.ndarray) -> np.ndarray:
    rgb = bgr[::-1] / 255.0
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    seen = np.clip(DEUTERANOPIA @ linear, 0, 1)
    srgb = np.where(seen <= 0.0031308, seen * 12.92, 1.055 * seen ** (1 / 2.4) - 0.055)
    return (srgb * 255)[::-1]


@pytest.mark.parametrize("where", [25.0, -24.0, 8.0])  # in the right band, in the left band, short of both
def test_the_gauge_marker_stands_out_from_the_band_for_a_deuteranope(where):
    r = Rect(0, 0, 600, 150)
    empty, marked = np.zeros((150, 600, 3), np.uint8), np.zeros((150, 600, 3), np.uint8)
    draw_gauge(empty, _state(value=None, drive=None), r)
    draw_gauge(marked, _state(value=where, drive=where), r)
    ys, xs = np.nonzero((empty != marked).any(axis=2))
    cy, cx = int(np.median(ys)), int(np.median(xs))  # the marker's centre
    marker = np.median(marked[cy - 3 : cy + 4, cx - 3 : cx + 4].reshape(-1, 3), axis=0)
    under = np.median(empty[cy - 3 : cy + 4, cx - 3 : cx + 4].reshape(-1, 3), axis=0)  # band or track
    for colour_vision in (lambda c: c, _as_deuteranope):
        a, b = _luminance(colour_vision(marker)), _luminance(colour_vision(under))
        assert (max(a, b) + 0.05) / (min(a, b) + 0.05) >= 3.0  # WCAG's contrast for graphics


def test_cards_sit_beside_the_person_never_over_them():
    for canvas in [(1280, 800), (1920, 1080), (1024, 768), (800, 1280)]:
        for frame in [(640, 480), (1280, 720), (480, 640)]:
            for card in (False, True):
                lay = layout(canvas, frame, card)
                assert not any(lay.video.overlaps(r) for r in (lay.top, lay.bottom, lay.side))
                assert lay.video.w / lay.video.h == pytest.approx(frame[0] / frame[1], rel=0.01)
                assert lay.video.x >= 0 and lay.video.x1 <= canvas[0] and lay.side.w >= 0.2 * canvas[0]


def test_a_card_leaves_the_camera_image_untouched(frame):
    size = (1280, 800)
    lay = layout(size, CLIP_SIZE, card=True)
    card = Card("Standing side bend", "Stand tall, feet hip-width apart, arms overhead. " * 3, "Starting in 5 s")
    with_card = compose(frame, NOBODY, _state(value=None, phase="setup"), Screen(card=card), size)
    plain = cv2.resize(cv2.flip(frame, 1), (lay.video.w, lay.video.h), interpolation=cv2.INTER_LINEAR)
    assert np.abs(_region(with_card, lay.video).astype(int) - plain).max() <= 1


def test_a_low_confidence_rep_is_tagged_as_such(frame):
    size = (1280, 800)
    side = layout(size, CLIP_SIZE).side
    sure = compose(frame, NOBODY, _state(), Screen(flash=1.0, flash_side="left"), size)
    unsure = compose(frame, NOBODY, _state(), Screen(flash=1.0, flash_side="left", low_confidence=True), size)
    # The tag is a line of text in the side column that the sure rep does not have.
    extra = _yellow(_region(unsure, side)) & ~_yellow(_region(sure, side))
    assert extra.sum() > 200 and np.ptp(np.nonzero(extra)[1]) > 0.1 * size[0]


# -- feedback, captions and keys ---------------------------------------------------------------------


class FakeVoice:
    said: list[str] = []

    def __init__(self) -> None:
        FakeVoice.said = []

    def say(self, text: str) -> bool:
        FakeVoice.said.append(text)
        return True

    def close(self) -> None:
        pass


def _run(tmp_path, images, monkeypatch, tone_factory, estimator=None, **settings):
    import posecoach.live as live
    from posecoach.store import Store
    from posecoach.store.recorder import RoutineRecorder

    views: list[Screen] = []
    original = live.compose
    monkeypatch.setattr(live, "compose", lambda *a, **k: (views.append(a[3]), original(*a, **k))[1])
    monkeypatch.setattr(live, "Voice", FakeVoice)
    store = Store(tmp_path / "t.db")
    session = GuidedSession(find_routine("side_bend"), targets={0: 25.0}, instruct_s=6.0)
    coach = live.LiveCoach(
        MemorySource(images, fps=30),
        estimator or open_estimator(),
        session,
        RoutineRecorder(store, store.start_session("ana", routine="side_bend"), session),
        live.LiveSettings(window=False, summary_s=0, voice=True, window_size=(640, 400), **settings),
        tone_factory=tone_factory,
    )
    return coach, coach.run(), views


@pytest.mark.slow  # real MediaPipe over a whole clip
def test_a_counted_rep_flashes_and_beeps_and_every_spoken_cue_is_captioned(tmp_path, monkeypatch, clip_images, replay):
    beeps: list[int] = []
    coach, summary, views = _run(tmp_path, clip_images, monkeypatch, lambda: lambda: beeps.append(1), replay)
    counted = summary.exercises[0][1]["total"]
    assert counted == 2  # the clip holds one bend each way
    assert len(beeps) == counted
    flashed = [v.flash_side for v in views if v.flash > 0]
    assert "left" in flashed and "right" in flashed
    captions = " | ".join(v.caption for v in views if v.caption)
    assert FakeVoice.said and all(said in captions for said in FakeVoice.said)  # the screen says what the voice says
    assert "Left 1" in FakeVoice.said
    # The instruction card says what the coach checks, and what it cannot see from the front.
    checks = {v.card.checks for v in views if v.card is not None and v.card.checks}
    assert checks == {"Checked: hips, speed, range. Not checked from the front: forward lean, chest turn, knee bend."}


def test_quiet_makes_no_tone(tmp_path, frame, monkeypatch):
    made: list[int] = []
    _run(tmp_path, [frame] * 10, monkeypatch, lambda: made.append(1), quiet=True)
    assert made == []


def test_the_tone_is_best_effort():
    Tone(command=[])()  # no player: silent
    Tone(command=["/nonexistent/player"])()  # a player that cannot start: silent, no error
    tone = Tone(command=["true"])
    tone()
    assert tone.played == 1


def test_f_toggles_full_screen_and_the_window_has_no_toolbar(monkeypatch):
    calls: list[tuple] = []
    monkeypatch.setattr(window_module, "display_available", lambda: True)
    monkeypatch.setattr(cv2, "namedWindow", lambda title, flags: calls.append(("named", flags)))
    monkeypatch.setattr(cv2, "waitKey", lambda delay: ord("f"))
    monkeypatch.setattr(cv2, "setWindowProperty", lambda title, prop, value: calls.append((prop, value)))
    window = window_module.Window(size=(800, 600))
    assert calls[0][1] & cv2.WINDOW_GUI_NORMAL == cv2.WINDOW_GUI_NORMAL  # GUI_NORMAL: no toolbar
    assert window.poll() is None and window.poll() is None  # f is handled, not passed on
    assert calls[1:] == [(cv2.WND_PROP_FULLSCREEN, cv2.WINDOW_FULLSCREEN), (cv2.WND_PROP_FULLSCREEN, cv2.WINDOW_NORMAL)]


def test_the_screen_size_is_the_primary_monitors():
    xrandr = (
        "Screen 0: minimum 8 x 8, current 3840 x 1080, maximum 32767 x 32767\n"
        "HDMI-1 connected 1920x1080+0+0 (normal left inverted right x axis y axis) 527mm x 296mm\n"
        "eDP-1 connected primary 1280x800+1920+0 (normal left inverted right x axis y axis) 300mm x 190mm\n"
        "DP-1 disconnected (normal left inverted right x axis y axis)\n"
    )
    assert window_module.parse_xrandr(xrandr) == (1280, 800)
    assert window_module.parse_xrandr("Screen 0: minimum 1 x 1, current 1024 x 768, maximum 1024 x 768\n") == (
        1024,
        768,
    )
    assert window_module.window_size((1280, 800), (900, 600)) == (900, 600)
    w, h = window_module.window_size((1280, 800))
    assert w >= 0.8 * 1280 and h >= 0.8 * 800


def test_window_size_flag_is_checked():
    assert parse_size("1280x800") == (1280, 800)
    for bad in ("1280", "big", "10x10"):
        with pytest.raises(ValueError, match="1280x800|320x240"):
            parse_size(bad)


def test_a_bad_window_size_is_a_one_line_error(tmp_path):
    # In a child process: after the LiveCoach runs above, an in-process CLI import can stall.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "posecoach",
            "run",
            "side_bend",
            "--window-size",
            "big",
            "--no-window",
            "--db",
            str(tmp_path / "b.db"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "is not WIDTHxHEIGHT (e.g. 1280x800)" in done.stderr


def _standing_pose() -> Pose:
    """A person facing the camera, landmarks spread over the frame (shoulders at y 0.3, hips 0.55,
    knees 0.75), every landmark seen."""
    image = np.zeros((33, 3))
    image[:, 0], image[:, 1] = 0.5, 0.2
    for left, right, y in ((11, 12, 0.3), (23, 24, 0.55), (25, 26, 0.75), (27, 28, 0.95), (13, 14, 0.4)):
        image[left, :2], image[right, :2] = (0.58, y), (0.42, y)
    return Pose(
        t_ms=0,
        width=640,
        height=480,
        image=image,
        visibility=np.ones(33),
        presence=np.ones(33),
        world=np.zeros((33, 3)),
    )


@pytest.mark.parametrize(
    "exercise, code, part",
    [
        ("side_bend", "hip_shift", (23, 24)),
        ("standing_twist", "hips_rotating", (23, 24)),
        ("cat_cow", "knees_locked", (25, 26)),
    ],
)
def test_a_fault_is_marked_on_the_body_part_its_rule_names(exercise, code, part):
    pose, r = _standing_pose(), Rect(0, 0, 640, 480)
    img = np.zeros((480, 640, 3), np.uint8)
    pts = to_video(pose, r, mirror=True)
    draw_fault_marks(img, pose, pts.astype(int), _state(exercise=exercise, faults=(code,)), 20)
    ys, xs = np.nonzero((img == VERMILLION).all(axis=2))
    assert len(xs)  # the ring is drawn, around the part's mean
    assert np.hypot(xs.mean() - pts[list(part), 0].mean(), ys.mean() - pts[list(part), 1].mean()) < 4


def test_a_fault_of_the_whole_movement_has_no_mark():
    pose, r = _standing_pose(), Rect(0, 0, 640, 480)
    img = np.zeros((480, 640, 3), np.uint8)
    draw_fault_marks(img, pose, to_video(pose, r, True).astype(int), _state(faults=("too_fast",)), 20)
    assert not img.any()


@pytest.mark.parametrize(
    "exercise, side, inside",
    [
        ("side_bend", -1, True),  # a side bend as far to the left is in the left band
        ("side_bend", 1, True),
        ("cat_cow", -1, True),  # the cow's band: the negative side, at the cow's own target
        ("forward_fold", -1, False),  # a fold has one side
        ("forward_fold", 1, True),
    ],
)
def test_the_gauge_bands_follow_the_exercise(exercise, side, inside):
    spec = get_exercise(exercise)
    where = spec.target_deg if side > 0 or spec.per_side else spec.counter_target_deg
    state = _state(exercise=exercise, value=side * where, drive=side * where, target_deg=spec.target_deg)
    assert in_range(state) is inside
    beyond = _state(
        exercise=exercise, value=side * (where + 6.0), drive=side * (where + 6.0), target_deg=spec.target_deg
    )
    assert not in_range(beyond)  # past the band (tolerance 5 deg)
