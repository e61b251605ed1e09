"""The coach's screen: camera image, skeleton, gauge against the target band, counts, hold timer, cues.

Type is sized as a share of the screen's height (readable from 3 m: counts >= 8%, the cue >= 5%,
exercise and phase >= 4%) in a Hershey font, which OpenCV draws as vectors and so stays crisp at
any size. Light text on dark panels. Colours come from the Okabe-Ito palette (distinguishable with
red-green colour blindness) and never carry a meaning alone: words, shapes and positions do too.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from posecoach.coach.analyzer import LiveState
from posecoach.exercises.spec import Counting, ExerciseSpec, get_exercise
from posecoach.pose.types import LM, SKELETON_EDGES, Pose
from posecoach.ui.layout import Layout, Rect, fit, layout

FONT = cv2.FONT_HERSHEY_DUPLEX
# BGR. Okabe-Ito: blue, sky blue, yellow, orange, vermillion; plus neutrals.
WHITE, BLACK = (255, 255, 255), (0, 0, 0)
BLUE, SKY, YELLOW, ORANGE, VERMILLION = (178, 114, 0), (233, 180, 86), (66, 228, 240), (0, 159, 230), (0, 94, 213)
GREY, TRACK = (170, 170, 170), (75, 75, 75)
PANEL = (28, 28, 28)
# Older names, kept for callers: "good" is sky blue, warnings are orange, faults vermillion.
GREEN, AMBER, RED = SKY, ORANGE, VERMILLION

# Shares of the screen's height.
COUNT_H = 0.10  # counts and the hold countdown (>= 8%)
CUE_H = 0.055  # the current cue (>= 5%)
TITLE_H = 0.045  # exercise name and phase (>= 4%)
LABEL_H = 0.032  # labels and captions
COUNTDOWN_H = 0.30  # the countdown to the start
# What long text may shrink to, to fit its line: the minimum and a pixel for rounding.
MIN_CUE_H, MIN_TITLE_H = 0.052, 0.042


def _ink_height() -> float:
    """Rendered height in pixels of digits and capitals at font scale 1 (what a reader sees)."""
    probe = np.zeros((200, 600), np.uint8)
    cv2.putText(probe, "0123456789LRH", (10, 150), FONT, 4.0, 255, 4, cv2.LINE_AA)
    rows = np.flatnonzero(probe.max(axis=1) > 127)
    return (rows[-1] - rows[0] + 1) / 4.0


INK_PER_SCALE = _ink_height()


def scale_for(pixels: float) -> float:
    """The font scale whose capitals and digits are ``pixels`` high."""
    return pixels / INK_PER_SCALE


def text(img: np.ndarray, s: str, org: tuple[int, int], height: float, colour=WHITE, bold: bool = False) -> int:
    """Draw ``s`` with its baseline at ``org``, capitals ``height`` px high, outlined in black;
    returns its width."""
    scale = scale_for(height)
    thick = max(1, round(height / (9 if bold else 14)))
    cv2.putText(img, s, org, FONT, scale, BLACK, thick + max(2, thick // 2), cv2.LINE_AA)
    cv2.putText(img, s, org, FONT, scale, colour, thick, cv2.LINE_AA)
    return cv2.getTextSize(s, FONT, scale, thick)[0][0]


def text_width(s: str, height: float, bold: bool = False) -> int:
    thick = max(1, round(height / (9 if bold else 14)))
    return cv2.getTextSize(s, FONT, scale_for(height), thick)[0][0]


def fitted(s: str, height: float, width: float, floor: float) -> float:
    """``height``, shrunk so that ``s`` fits in ``width``, but never below ``floor``."""
    w = text_width(s, height)
    return max(floor, height * min(1.0, width / w)) if w else height


def panel(img: np.ndarray, r: Rect, colour=PANEL) -> None:
    cv2.rectangle(img, (r.x, r.y), (r.x1 - 1, r.y1 - 1), colour, -1)


def wrap(s: str, height: float, width: float) -> list[str]:
    """Greedy word wrap of ``s`` into lines no wider than ``width`` at ``height``."""
    lines: list[str] = []
    for word in s.split():
        if lines and text_width(f"{lines[-1]} {word}", height) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def headline(message: str) -> str:
    """The short form of a cue for the big one-line display: up to its first colon."""
    return message.split(":", 1)[0].rstrip(".") if ":" in message else message


# Where on the body each fault is marked: landmark indices whose mean is the spot. The neck is
# taken a third of the way from the shoulders' midpoint to the nose.
FAULT_PARTS: dict[str, tuple[int, ...]] = {
    "hip_shift": (LM.LEFT_HIP, LM.RIGHT_HIP),
    "hips_rotating": (LM.LEFT_HIP, LM.RIGHT_HIP),
    "leaning_forward": (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER),
    "torso_rotation": (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER),
    "leaning": (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER),
    "knees_bent": (LM.LEFT_KNEE, LM.RIGHT_KNEE),
    "knees_locked": (LM.LEFT_KNEE, LM.RIGHT_KNEE),
    "neck_over_rotation": (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER, LM.NOSE, LM.NOSE),
    "neck_hyperextension": (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER, LM.NOSE, LM.NOSE),
}


@dataclass(frozen=True)
class Card:
    """Instructions, rest, set-up or pause: shown in the side band, never over the person."""

    title: str
    body: str
    footer: str | None = None
    colour: tuple[int, int, int] = WHITE


@dataclass(frozen=True)
class View:
    """What the screen shows besides the analyzer's state."""

    caption: str | None = None  # the latest spoken cue, word for word
    set_label: str = ""
    flash: float = 0.0  # 1 just after a counted rep, fading to 0
    flash_side: str | None = None  # the side whose count flashes (None: the total)
    low_confidence: bool = False  # the flashed rep's measurement is uncertain
    card: Card | None = None
    countdown: float | None = None  # seconds to the start, shown large in the middle
    stats: str | None = None  # fps and latency, with --stats
    mirror: bool = True


def to_video(pose: Pose, r: Rect, mirror: bool) -> np.ndarray:
    """The pose's landmarks in screen pixels inside the image rectangle ``r``."""
    px = pose.image[:, :2].copy()
    if mirror:
        px[:, 0] = 1.0 - px[:, 0]
    return px * [r.w, r.h] + [r.x, r.y]


def draw_skeleton(img: np.ndarray, pose: Pose, r: Rect, mirror: bool) -> np.ndarray | None:
    """The user's skeleton (landmarks MediaPipe is unsure of are left out); their screen points."""
    if pose.is_empty:
        return None
    pts = to_video(pose, r, mirror).astype(int)
    thick = max(2, r.h // 140)
    for a, b in SKELETON_EDGES:
        if min(pose.visibility[a], pose.visibility[b]) >= 0.5:
            cv2.line(img, tuple(pts[a]), tuple(pts[b]), WHITE, thick, cv2.LINE_AA)
    for i in range(11, 33):
        if pose.visibility[i] >= 0.5:
            cv2.circle(img, tuple(pts[i]), thick + 2, SKY, -1, cv2.LINE_AA)
    return pts


def draw_fault_marks(img: np.ndarray, pose: Pose, pts: np.ndarray, faults: tuple[str, ...], size: float) -> None:
    """A ring with an exclamation mark on the body part each fault concerns."""
    for code in faults:
        parts = FAULT_PARTS.get(code)
        if not parts or min(pose.visibility[i] for i in set(parts)) < 0.5:
            continue
        cx, cy = pts[list(parts)].mean(axis=0).astype(int)
        radius = int(size)
        cv2.circle(img, (cx, cy), radius, BLACK, max(3, radius // 4) + 4, cv2.LINE_AA)
        cv2.circle(img, (cx, cy), radius, VERMILLION, max(3, radius // 4), cv2.LINE_AA)
        text(img, "!", (cx + radius + 4, cy + int(size * 0.5)), size * 1.1, YELLOW, bold=True)


def _gauge_range(spec: ExerciseSpec, state: LiveState) -> tuple[float, list[tuple[float, float]], tuple[str, str]]:
    """The gauge's span, its target bands and the words at its (negative, positive) ends."""
    span = max(45.0, state.target_deg * 1.6, spec.counter_target_deg * 1.6)
    tol = state.tolerance_deg
    bands = [(max(state.target_deg - tol, 0.0), state.target_deg + tol)]
    if spec.per_side:
        bands.append((-bands[0][1], -bands[0][0]))
        ends = ("your left", "your right")  # a positive drive is a bend or turn to the user's right
    elif spec.counting is Counting.CYCLE and spec.counter_target_deg > 0:
        bands.append((-(spec.counter_target_deg + tol), -max(spec.counter_target_deg - tol, 0.0)))
        ends = ("arch", "round")  # negative flexion is extension
    else:
        ends = ("", "further")
    return span, bands, ends


def draw_gauge(img: np.ndarray, state: LiveState, r: Rect, mirror: bool = True, peak: float | None = None) -> None:
    """Where the user is against the target band, as a big horizontal gauge in ``r``.

    The band is dark blue on a grey track; the marker light yellow with a black rim (the two differ
    in luminance, so they stay apart for every kind of colour vision). Inside the band the marker
    grows a white ring and the words "in range" appear. ``peak`` (a replay's) is a white tick."""
    spec = get_exercise(state.exercise)
    span, bands, (neg, pos) = _gauge_range(spec, state)
    label_h = r.h * 0.19
    # On the mirrored view the user's right is on the screen's right; unmirrored it is on the left.
    flip = 1 if mirror else -1
    left_word, right_word = (neg, pos) if mirror else (pos, neg)
    bar = max(4, int(r.h * 0.12))
    x0, x1 = r.x + 2 * bar, r.x1 - 2 * bar
    mid, half = (x0 + x1) // 2, (x1 - x0) / 2
    cy = r.y + int(r.h * 0.36)

    def at(deg: float) -> int:
        return int(mid + flip * max(-1.0, min(1.0, deg / span)) * half)

    cv2.rectangle(img, (x0, cy - bar), (x1, cy + bar), TRACK, -1)
    for lo, hi in bands:
        a, b = sorted((at(lo), at(hi)))
        cv2.rectangle(img, (a, cy - bar), (b, cy + bar), BLUE, -1)
    cv2.line(img, (mid, cy - 2 * bar), (mid, cy + 2 * bar), WHITE, max(2, bar // 3))
    base = r.y1 - int(r.h * 0.08)  # the words under the gauge's ends
    if left_word:
        text(img, left_word, (x0, base), label_h, WHITE)
    if right_word:
        text(img, right_word, (x1 - text_width(right_word, label_h), base), label_h, WHITE)
    if peak is not None:
        px = at(peak)
        cv2.line(img, (px, cy - 3 * bar), (px, cy + 3 * bar), BLACK, max(4, bar // 2) + 2)
        cv2.line(img, (px, cy - 3 * bar), (px, cy + 3 * bar), WHITE, max(2, bar // 2))
    if state.value is None:
        return
    shown = _judged(state)
    inside = any(lo <= shown <= hi for lo, hi in bands)
    cx, radius = at(shown), int(bar * 1.9)
    if inside:
        cv2.circle(img, (cx, cy), radius + max(3, bar // 2), WHITE, -1, cv2.LINE_AA)
    cv2.circle(img, (cx, cy), radius, BLACK, -1, cv2.LINE_AA)
    cv2.circle(img, (cx, cy), radius - max(2, bar // 3), YELLOW, -1, cv2.LINE_AA)


def _judged(state: LiveState) -> float:
    """The reading the target is judged on: the counted signal's, or the metric's where the
    exercise says (``ExerciseSpec.judge_on_metric``). Call only when ``state.value`` is set."""
    assert state.value is not None
    if state.drive is None or get_exercise(state.exercise).judge_on_metric:
        return state.value
    return state.drive


def in_range(state: LiveState) -> bool | None:
    """Whether the user is inside a target band now (None: nothing measured)."""
    if state.value is None:
        return None
    shown = _judged(state)
    _, bands, _ = _gauge_range(get_exercise(state.exercise), state)
    return any(lo <= shown <= hi for lo, hi in bands)


def draw_reading(img: np.ndarray, state: LiveState, x: int, r: Rect, H: int) -> None:
    """The angle now, and "in range" in words when it is, right of the gauge."""
    inside = in_range(state)
    if inside is None:
        return
    h = H * TITLE_H
    text(img, f"{abs(state.value or 0.0):.0f} deg", (x, r.y + int(r.h * 0.42)), h, YELLOW if inside else WHITE)
    if inside:
        text(img, "in range", (x, r.y + int(r.h * 0.80)), H * LABEL_H, YELLOW)


def _count_rows(spec: ExerciseSpec, state: LiveState) -> list[tuple[str, str, str | None]]:
    """(label, number, side) rows of the counts."""
    counts = state.counts
    if spec.per_side:
        return [("Left", str(counts["left"]), "left"), ("Right", str(counts["right"]), "right")]
    return [("Holds" if spec.counting is Counting.HOLD else "Reps", str(counts["total"]), None)]


def draw_counts(img: np.ndarray, state: LiveState, view: View, r: Rect, H: int) -> None:
    """Counts (a counted rep flashes its number) and the hold countdown, down the side column."""
    spec = get_exercise(state.exercise)
    pad, label_h, count_h = int(H * 0.02), H * TITLE_H, H * COUNT_H
    x, y = r.x + pad, r.y + pad
    if view.set_label:
        y += int(label_h)
        text(img, view.set_label, (x, y), label_h, GREY)
        y += pad
    for label, number, side in _count_rows(spec, state):
        y += int(label_h)
        text(img, label, (x, y), label_h, WHITE)
        y += int(pad * 0.8) + int(count_h)
        flashing = view.flash > 0 and (side == view.flash_side or view.flash_side is None)
        if flashing:
            w = text_width(number, count_h, bold=True)
            box = Rect(x - pad // 2, y - int(count_h) - pad // 2, w + pad, int(count_h) + pad)
            cv2.rectangle(img, (box.x, box.y), (box.x1, box.y1), YELLOW, -1)
            cv2.rectangle(img, (box.x, box.y), (box.x1, box.y1), WHITE, max(2, pad // 4))
            text(img, number, (x, y), count_h, BLACK, bold=True)
            text(img, "+1", (x + w + pad, y), LABEL_H * H, YELLOW)
            if view.low_confidence:  # the rep counts, but its measurement is uncertain
                y += int(LABEL_H * H) + pad
                text(img, "low confidence", (x, y), LABEL_H * H, YELLOW)
        else:
            text(img, number, (x, y), count_h, WHITE, bold=True)
        y += pad
    if state.hold_target_s > 0 and state.hold_s > 0:
        left = max(0.0, state.hold_target_s - state.hold_s)
        y += int(label_h)
        text(img, "Hold", (x, y), label_h, WHITE)
        y += int(pad * 0.8) + int(count_h)
        text(img, f"{left:0.0f} s" if left > 0 else "Held", (x, y), count_h, YELLOW if left == 0 else WHITE, bold=True)


def draw_card_in(img: np.ndarray, card: Card, r: Rect, H: int) -> None:
    """A card (title, wrapped body, footer) in the band ``r``."""
    pad = int(H * 0.025)
    title_h, body_h = H * TITLE_H, H * 0.035
    y = r.y + pad + int(title_h)
    for line in wrap(card.title, title_h, r.w - 2 * pad):
        text(img, line, (r.x + pad, y), title_h, card.colour, bold=True)
        y += int(title_h * 1.6)
    y += pad // 2
    for line in wrap(card.body, body_h, r.w - 2 * pad):
        if y > r.y1 - pad:
            break
        text(img, line, (r.x + pad, y), body_h, WHITE)
        y += int(body_h * 1.55)
    if card.footer:
        y += pad // 2
        for line in wrap(card.footer, body_h, r.w - 2 * pad):
            if y > r.y1:
                break
            text(img, line, (r.x + pad, y), body_h, ORANGE)
            y += int(body_h * 1.55)


def compose(
    frame: np.ndarray, pose: Pose, state: LiveState, view: View, size: tuple[int, int], out: np.ndarray | None = None
) -> np.ndarray:
    """The whole screen, ``size`` (width, height), around the camera image ``frame`` (not mirrored)."""
    W, H = size
    canvas = out if out is not None and out.shape[:2] == (H, W) else np.empty((H, W, 3), np.uint8)
    canvas.fill(PANEL[0])  # the panels' grey: top, bottom and side bars need no more
    lay: Layout = layout(size, (frame.shape[1], frame.shape[0]), card=view.card is not None)
    v = lay.video
    roi = canvas[v.y : v.y1, v.x : v.x1]
    # Bilinear both ways: INTER_AREA's finer downscaling costs ten times as much on the draw thread.
    rgb = frame[..., ::-1]
    if frame.strides[2] < 0 and rgb.flags.c_contiguous:
        # The decoder's RGB seen as BGR (a view): OpenCV would first copy that view in numpy,
        # holding the GIL (2 ms a frame) while the pose worker waits for it. Swap on the way instead.
        image = cv2.resize(rgb, (v.w, v.h), interpolation=cv2.INTER_LINEAR)
        cv2.cvtColor(cv2.flip(image, 1) if view.mirror else image, cv2.COLOR_RGB2BGR, dst=roi)
    else:
        cv2.resize(cv2.flip(frame, 1) if view.mirror else frame, (v.w, v.h), dst=roi, interpolation=cv2.INTER_LINEAR)
    pts = draw_skeleton(canvas, pose, v, view.mirror)
    if pts is not None:
        draw_fault_marks(canvas, pose, pts, state.faults, H * 0.045)

    spec = get_exercise(state.exercise)
    pad = int(H * 0.02)
    title_w = int(W * 0.34)
    title_h = fitted(spec.title, H * TITLE_H, title_w, H * MIN_TITLE_H)
    text(canvas, spec.title, (pad, pad + int(title_h)), title_h, WHITE)
    phase = {"setup": "Get into position", "calibrating": "Hold still...", "active": "Go"}[state.phase]
    phase_h = fitted(phase, H * TITLE_H, title_w, H * MIN_TITLE_H)
    text(
        canvas,
        phase,
        (pad, pad + int(title_h) + pad + int(phase_h)),
        phase_h,
        SKY if state.phase == "active" else ORANGE,
    )
    gauge = Rect(int(W * 0.35), pad // 2, int(W * 0.35), lay.top.h - pad)
    draw_gauge(canvas, state, gauge, view.mirror)
    draw_reading(canvas, state, gauge.x1 + pad, lay.top, H)

    if view.card is not None:
        draw_card_in(canvas, view.card, lay.side, H)
    else:
        draw_counts(canvas, state, view, lay.side, H)
    if view.stats:
        text(canvas, view.stats, (lay.side.x + pad, lay.side.y1 - pad), H * 0.025, GREY)

    draw_cue(canvas, state, view.caption, lay.bottom, H)

    if view.countdown is not None and view.countdown > 0:
        draw_countdown(canvas, f"{view.countdown:.0f}", v, H * COUNTDOWN_H)
    return canvas


def draw_countdown(img: np.ndarray, s: str, r: Rect, height: float) -> None:
    """``s`` large in the middle of ``r``, as outlines only, so the person shows through it."""
    scale, thick = scale_for(height), max(2, round(height / 9))
    (w, _), _ = cv2.getTextSize(s, FONT, scale, thick)
    mask = np.zeros((r.h, r.w), np.uint8)
    cv2.putText(mask, s, ((r.w - w) // 2, (r.h + int(height)) // 2), FONT, scale, 255, thick, cv2.LINE_AA)
    edge = max(3, int(height / 30))
    outer = cv2.dilate(mask, np.ones((edge, edge), np.uint8)) > 127
    ring = outer & (cv2.erode(mask, np.ones((edge, edge), np.uint8)) <= 127)
    roi = img[r.y : r.y1, r.x : r.x1]
    roi[cv2.dilate(ring.astype(np.uint8), np.ones((edge, edge), np.uint8)) > 0] = BLACK
    roi[ring] = YELLOW


def draw_cue(img: np.ndarray, state: LiveState, caption: str | None, r: Rect, H: int) -> None:
    """The bottom bar: a fault or set-up problem as one big line (a warning sign before a fault),
    and under it the last spoken cue, word for word."""
    pad = int(H * 0.012)
    big, marked = None, False
    if state.faults:
        big, marked = headline(get_exercise(state.exercise).cue(state.faults[0])), True
    elif state.message:
        big = headline(state.message)
    elif caption:
        big = headline(caption)
    y = r.y + pad
    x = pad
    if big:
        h = fitted(big, H * 0.058, r.w - 2 * pad - (H * 0.08 if marked else 0), H * MIN_CUE_H)
        y += int(h)
        if marked:  # a warning triangle: a fault is never told by colour alone
            s = int(h * 1.1)
            tri = np.array([[x, y], [x + s, y], [x + s // 2, y - s]], np.int32)
            cv2.fillConvexPoly(img, tri, VERMILLION, cv2.LINE_AA)
            cv2.polylines(img, [tri], True, WHITE, max(2, s // 12), cv2.LINE_AA)
            text(img, "!", (x + s // 2 - int(h * 0.12), y - int(s * 0.12)), h * 0.6, WHITE, bold=True)
            x += s + pad
        text(img, big, (x, y), h, YELLOW if marked else WHITE, bold=True)
    if caption and caption != big:
        h = fitted(caption, H * LABEL_H, r.w - 2 * pad, H * 0.022)
        text(img, caption, (pad, r.y1 - pad), h, GREY)


def draw_overlay(
    img: np.ndarray, pose: Pose, state: LiveState, cue: str | None = None, *, mirror: bool = False, set_label: str = ""
) -> np.ndarray:
    """The coach's screen at ``img``'s size, written into ``img`` (for recorded videos)."""
    h, w = img.shape[:2]
    img[:] = compose(img.copy(), pose, state, View(caption=cue, set_label=set_label, mirror=mirror), (w, h))
    return img


__all__ = ["Card", "View", "compose", "draw_overlay", "draw_gauge", "fit", "headline", "scale_for", "text"]
