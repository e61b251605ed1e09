"""A stored rep replayed as a stick figure: drawn with the coach's own overlay (skeleton, fault
rings, gauge, cue bar) over an empty frame, with the rep's facts beside it and its timeline below.

Frames are drawn from the stored numbers alone (``store/motion.py``): no picture of the person
or their room exists to show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from posecoach.coach.exercise_coach import LiveState
from posecoach.exercises.registry import get_exercise
from posecoach.store.replays import ReplayRep
from posecoach.ui.layout import Layout, Rect, layout
from posecoach.ui.overlay import (
    BLACK,
    GREY,
    LABEL_H,
    ORANGE,
    PANEL,
    SKY,
    TRACK,
    WHITE,
    YELLOW,
    Card,
    cue_text,
    draw_card_in,
    draw_cue,
    draw_fault_marks,
    draw_gauge,
    draw_reading,
    draw_skeleton,
    text,
    top_parts,
)

FPS = 15.0  # replays play at the rate the motion is kept at
STAGE = (48, 48, 48)  # the empty frame the figure stands in: a shade lighter than the panels
KEYS_HINT = "space pause, arrows step, n/p rep, q quit"


@dataclass(frozen=True)
class ReplayScreen:
    """How a replay frame is drawn besides the rep: mirrored like the coach's screen, paused, keys."""

    mirror: bool = True
    paused: bool = False
    keys: bool = False  # the window's keys, in the card's footer
    position: str = ""  # "rep 2 of 5" among the reps being replayed


def judged_peak(r: ReplayRep) -> float:
    """The peak the gauge's marker reached: the counted signal's, or the metric's where the
    exercise judges on it (as the live gauge shows)."""
    spec = get_exercise(r.exercise)
    drive = r.rep.drive_peak_deg
    return r.rep.peak_deg if spec.judge_on_metric or not math.isfinite(drive) else drive


def state_at(r: ReplayRep, i: int) -> LiveState:
    """What the coach's overlay showed at frame ``i`` of the rep's motion, as far as it was stored."""
    value, drive = r.motion.reading(i)
    t = float(r.motion.t_s[i])
    return LiveState(
        exercise=r.exercise,
        metric=r.metric,
        phase="active",
        value=value,
        drive=drive,
        target_deg=r.target_deg,
        tolerance_deg=r.tolerance_deg,
        faults=tuple(dict.fromkeys(f.code for f in r.faults_at(t))),
        person=bool(r.motion.visibility[i].any()),  # as RepMotion.pose tells an empty frame
    )


def draw_replay(r: ReplayRep, i: int, size: tuple[int, int], view: ReplayScreen | None = None) -> np.ndarray:
    """Frame ``i`` of the rep's replay as a BGR image of ``size`` (width, height)."""
    view = view or ReplayScreen()
    W, H = size
    canvas = np.full((H, W, 3), PANEL[0], np.uint8)
    lay = layout(size, (r.motion.width, r.motion.height), card=True)
    v = lay.video
    canvas[v.y : v.y1, v.x : v.x1] = STAGE
    state, pose = state_at(r, i), r.motion.pose(i)
    pts = draw_skeleton(canvas, pose, v, view.mirror)
    if pts is not None:
        draw_fault_marks(canvas, pose, pts, state, H * 0.045)
    _draw_top(canvas, r, view, state, lay, H)
    pad = int(H * 0.02)
    side = lay.side
    card_h = int(side.h * 0.72)
    draw_card_in(canvas, _card(r, view), Rect(side.x, side.y, side.w, card_h), H)
    draw_timeline(
        canvas, r, float(r.motion.t_s[i]), Rect(side.x + pad, side.y + card_h, side.w - 2 * pad, side.h - card_h - pad)
    )
    cue = cue_text(state, _caption(r, i, view), lay.bottom.w - 2 * int(H * 0.012), H)
    draw_cue(canvas, cue, lay.bottom, H)
    return canvas


def _draw_top(img: np.ndarray, r: ReplayRep, view: ReplayScreen, state: LiveState, lay: Layout, H: int) -> None:
    """As the coach's top bar (``overlay.draw_top``): the exercise, which rep this is, and the gauge
    with the rep's peak marked."""
    side = f" {r.rep.side}" if r.rep.side else ""
    words = f"Replay: rep {r.rep.index}{side}" + (" - paused" if view.paused else "")
    parts = top_parts(lay, r.title, words, H)
    rect, pad = lay.top, int(H * 0.02)
    x, y = rect.x + pad, rect.y + pad
    for k, line in enumerate(parts.title):
        y += int(parts.title_h) + (pad // 2 if k else 0)
        text(img, line, (x, y), parts.title_h, WHITE)
    y += pad + int(parts.phase_h)
    text(img, words, (x, y), parts.phase_h, ORANGE if view.paused else SKY)
    draw_gauge(img, state, parts.gauge, view.mirror, peak=judged_peak(r))
    if not parts.stacked:
        draw_reading(img, state, parts.gauge.x1 + pad, rect, H)


def _card(r: ReplayRep, view: ReplayScreen) -> Card:
    rep = r.rep
    side = rep.side or "no side"
    trust = f"{rep.confidence:.2f}" + (" (low)" if rep.low_confidence else "")
    reasons = f": {', '.join(rep.confidence_reasons)}" if rep.confidence_reasons else ""
    faults = ", ".join(rep.faults) or "none"
    body = (  # the faults first: a narrow card keeps its first lines
        f"Faults: {faults}.  Peak {rep.peak_deg:+.0f} deg at {rep.peak_s:.1f} s, target {r.target_deg:g}.  "
        f"Score {rep.score}.  Confidence {trust}{reasons}."
    )
    footer = "  ".join(part for part in (view.position, KEYS_HINT if view.keys else "") if part)
    return Card(f"Rep {rep.index} of {r.reps_in_block}, {side}", body, footer or None)


def _caption(r: ReplayRep, i: int, view: ReplayScreen) -> str:
    t = float(r.motion.t_s[i])
    rep = r.rep
    where = "before the rep" if t < rep.start_s else "after the rep" if t > rep.end_s else "in the rep"
    peak = "  - the peak" if abs(t - rep.peak_s) <= 0.5 / FPS + 1e-6 else ""
    return f"{t:.1f} s, {where}{peak}"


def draw_timeline(img: np.ndarray, r: ReplayRep, t_s: float, box: Rect) -> None:
    """The rep's angle curve over the replay's time: the rep shaded, the peak ticked, fault spans
    as bars under it, and a cursor at ``t_s``."""
    if box.w < 20 or box.h < 20:
        return
    t0, t1 = r.start_s, max(r.end_s, r.start_s + 1e-3)
    bars_h = max(6, box.h // 8)
    plot = Rect(box.x, box.y, box.w, box.h - bars_h - 4)

    def x_at(t: float) -> int:
        return int(plot.x + (min(max(t, t0), t1) - t0) / (t1 - t0) * plot.w)

    cv2.rectangle(img, (plot.x, plot.y), (plot.x1, plot.y1), (38, 38, 38), -1)
    cv2.rectangle(img, (x_at(r.rep.start_s), plot.y), (x_at(r.rep.end_s), plot.y1), TRACK, -1)
    values = r.curve[np.isfinite(r.curve)] if len(r.curve) else np.zeros(0)
    span = max(r.target_deg + r.tolerance_deg, float(np.abs(values).max()) if len(values) else 0.0, 5.0) * 1.1
    mid = plot.y + plot.h // 2

    def y_at(deg: float) -> int:
        return int(mid - deg / span * (plot.h / 2))

    for sign in (1, -1):
        cv2.line(img, (plot.x, y_at(sign * r.target_deg)), (plot.x1, y_at(sign * r.target_deg)), (178, 114, 0), 1)
    cv2.line(img, (plot.x, mid), (plot.x1, mid), GREY, 1)
    points = [(x_at(t), y_at(v)) for t, v in zip(r.curve_t, r.curve) if math.isfinite(v)]
    if len(points) > 1:
        cv2.polylines(img, [np.array(points, np.int32)], False, WHITE, 2, cv2.LINE_AA)
    px = x_at(r.rep.peak_s)
    cv2.line(img, (px, plot.y), (px, plot.y + plot.h // 6), YELLOW, 2)
    for f in r.faults:  # orange: the vermillion ring marks the body alone
        cv2.rectangle(img, (x_at(f.start_s), plot.y1 + 4), (x_at(f.end_s), plot.y1 + 4 + bars_h), ORANGE, -1)
    cx = x_at(t_s)
    cv2.line(img, (cx, plot.y), (cx, box.y1), BLACK, 5)
    cv2.line(img, (cx, plot.y), (cx, box.y1), YELLOW, 2)
    text(img, "angle", (plot.x + 4, plot.y + int(LABEL_H * img.shape[0] * 0.8)), LABEL_H * img.shape[0] * 0.6, GREY)
