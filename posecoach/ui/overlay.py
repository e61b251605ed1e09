"""The coach's screen: camera image, skeleton, gauge against the target band, counts, hold timer, cues.

Type is sized as a share of the screen's height (readable from 3 m: counts >= 8%, the cue >= 5%,
exercise and phase >= 4%) in a Hershey font, which OpenCV draws as vectors and so stays crisp at
any size. Light text on dark panels. Colours come from the Okabe-Ito palette (distinguishable with
red-green colour blindness) and never carry a meaning alone: words, shapes and positions do too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from posecoach.body.quality import MIN_VISIBILITY
from posecoach.coach.exercise_coach import LiveState
from posecoach.exercises.registry import Counting, ExerciseSpec, get_exercise, marked_parts
from posecoach.pose.types import BODY, SKELETON_EDGES, Pose
from posecoach.ui.layout import Layout, Rect, bands, fit, layout

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
# What long text may shrink to, to fit its line: the least that reads from 2-3 m (5% and 4% of
# the height, above) less a pixel for rounding.
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
    """The width ``text`` draws ``s`` at, outline included."""
    thick = max(1, round(height / (9 if bold else 14)))
    return cv2.getTextSize(s, FONT, scale_for(height), thick + max(2, thick // 2))[0][0]


def fitted(s: str, height: float, width: float, floor: float, bold: bool = False) -> float:
    """``height``, shrunk so that ``s`` fits in ``width``, but never below ``floor``."""
    w = text_width(s, height, bold)
    return max(floor, height * min(1.0, width / w)) if w else height


def panel(img: np.ndarray, r: Rect, colour=PANEL) -> None:
    cv2.rectangle(img, (r.x, r.y), (r.x1 - 1, r.y1 - 1), colour, -1)


def wrap(s: str, height: float, width: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of ``s`` into lines no wider than ``width`` at ``height``."""
    lines: list[str] = []
    for word in s.split():
        if lines and text_width(f"{lines[-1]} {word}", height, bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def headline(message: str) -> str:
    """The short form of a cue for the big one-line display: up to its first colon."""
    return message.split(":", 1)[0].rstrip(".") if ":" in message else message


@dataclass(frozen=True)
class Card:
    """Instructions, rest, set-up or pause: shown in the side band, never over the person."""

    title: str
    body: str
    footer: str | None = None
    colour: tuple[int, int, int] = WHITE
    checks: str | None = None  # what the coach checks, and what it cannot see from here


@dataclass(frozen=True)
class Screen:
    """What the screen shows besides the exercise coach's state."""

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
        if min(pose.visibility[a], pose.visibility[b]) >= MIN_VISIBILITY:
            cv2.line(img, tuple(pts[a]), tuple(pts[b]), WHITE, thick, cv2.LINE_AA)
    for i in BODY:
        if pose.visibility[i] >= MIN_VISIBILITY:
            cv2.circle(img, tuple(pts[i]), thick + 2, SKY, -1, cv2.LINE_AA)
    return pts


def draw_fault_marks(img: np.ndarray, pose: Pose, pts: np.ndarray, state: LiveState, size: float) -> None:
    """A ring with an exclamation mark on the body part each fault concerns (its rule's ``parts``)."""
    for code in state.faults:
        parts = marked_parts(state.exercise, code)
        if not parts or min(pose.visibility[i] for i in set(parts)) < MIN_VISIBILITY:
            continue
        cx, cy = pts[list(parts)].mean(axis=0).astype(int)
        radius = int(size)
        cv2.circle(img, (cx, cy), radius, BLACK, max(3, radius // 4) + 4, cv2.LINE_AA)
        cv2.circle(img, (cx, cy), radius, VERMILLION, max(3, radius // 4), cv2.LINE_AA)
        text(img, "!", (cx + radius + 4, cy + int(size * 0.5)), size * 1.1, YELLOW, bold=True)


def _gauge_range(spec: ExerciseSpec, state: LiveState) -> tuple[float, list[tuple[float, float]], tuple[str, str]]:
    """The gauge's span, its target bands and the words at its (negative, positive) ends
    (``ExerciseSpec.gauge``)."""
    span = max(45.0, state.target_deg * 1.6, spec.counter_target_deg * 1.6)
    tol = state.tolerance_deg
    bands = []
    for side in spec.gauge.sides:
        target = state.target_deg if side > 0 or spec.per_side else spec.counter_target_deg
        if target > 0:
            lo, hi = max(target - tol, 0.0), target + tol
            bands.append((lo, hi) if side > 0 else (-hi, -lo))
    return span, bands, spec.gauge.ends


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


def draw_counts(img: np.ndarray, state: LiveState, view: Screen, r: Rect, H: int) -> None:
    """Counts (a counted rep flashes its number) and the hold countdown, down the side column; the
    left and right counts side by side where the column is wider than it is tall."""
    spec = get_exercise(state.exercise)
    pad, label_h, count_h = int(H * 0.02), H * TITLE_H, H * COUNT_H
    x, y = r.x + pad, r.y + pad
    if view.set_label:
        y += int(label_h)
        text(img, view.set_label, (x, y), label_h, GREY)
        y += pad
    rows = _count_rows(spec, state)
    # Side by side where they fit (a wide column): each as wide as its label or a two-digit count.
    needed = sum(
        max(text_width(label, label_h), text_width("00", count_h, bold=True)) + 2 * pad for label, _, _ in rows
    )
    across = len(rows) > 1 and needed <= r.w - pad
    step = (r.w - pad) // len(rows) if across else 0
    bottom = y
    for i, (label, number, side) in enumerate(rows):
        cx, cy = (x + i * step, y) if across else (x, bottom)
        bottom = max(bottom, _draw_count(img, (label, number, side), view, cx, cy, (step or r.w) - 2 * pad, H))
    y = bottom
    if state.hold_target_s > 0 and state.hold_s > 0:
        left = max(0.0, state.hold_target_s - state.hold_s)
        y += int(label_h)
        text(img, "Hold", (x, y), label_h, WHITE)
        y += int(pad * 0.8) + int(count_h)
        text(img, f"{left:0.0f} s" if left > 0 else "Held", (x, y), count_h, YELLOW if left == 0 else WHITE, bold=True)


def _draw_count(
    img: np.ndarray, row: tuple[str, str, str | None], view: Screen, x: int, y: int, width: int, H: int
) -> int:
    """One count (its label, fitted to ``width``, over its number) with its top at ``y``; returns the
    y under it."""
    label, number, side = row
    pad, count_h = int(H * 0.02), H * COUNT_H
    label_h = fitted(label, H * TITLE_H, width, H * LABEL_H)
    y += int(label_h)
    text(img, label, (x, y), label_h, WHITE)
    y += int(pad * 0.8) + int(count_h)
    if view.flash > 0 and (side == view.flash_side or view.flash_side is None):
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
    return y + pad


def draw_card_in(img: np.ndarray, card: Card, r: Rect, H: int, title: bool = True) -> None:
    """A card (title, wrapped body, what is checked, footer) in the band ``r``; ``title=False``
    leaves out a title the screen already shows."""
    pad = int(H * 0.025)
    title_h, body_h = H * TITLE_H, H * 0.035
    y = r.y + pad
    for line in wrap(card.title, title_h, r.w - 2 * pad) if title else []:
        y += int(title_h)
        text(img, line, (r.x + pad, y), title_h, card.colour, bold=True)
        y += int(title_h * 0.6)
    y += int(body_h) + pad // 2
    for paragraph, colour in ((card.body, WHITE), (card.checks, SKY), (card.footer, ORANGE)):
        if not paragraph:
            continue
        if paragraph is not card.body:
            y += pad // 2
        for line in wrap(paragraph, body_h, r.w - 2 * pad):
            if y > r.y1 - pad:
                return
            text(img, line, (r.x + pad, y), body_h, colour)
            y += int(body_h * 1.55)


def compose(
    frame: np.ndarray, pose: Pose, state: LiveState, view: Screen, size: tuple[int, int], out: np.ndarray | None = None
) -> np.ndarray:
    """The whole screen, ``size`` (width, height), around the camera image ``frame`` (not mirrored)."""
    W, H = size
    canvas = out if out is not None and out.shape[:2] == (H, W) else np.empty((H, W, 3), np.uint8)
    canvas.fill(PANEL[0])  # the panels' grey: top, bottom and side bars need no more
    lay, cue = screen_layout(size, (frame.shape[1], frame.shape[0]), state, view)
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
        draw_fault_marks(canvas, pose, pts, state, H * 0.045)

    draw_top(canvas, state, view, lay, H)
    pad = int(H * 0.02)
    if view.card is not None:
        draw_card_in(canvas, view.card, lay.side, H, title=view.card.title != get_exercise(state.exercise).title)
    else:
        draw_counts(canvas, state, view, lay.side, H)
    if view.stats:
        text(canvas, view.stats, (lay.side.x + pad, lay.side.y1 - pad), H * 0.025, GREY)

    draw_cue(canvas, cue, lay.bottom, H)

    if view.countdown is not None and view.countdown > 0:
        draw_countdown(canvas, f"{view.countdown:.0f}", v, H * COUNTDOWN_H)
    return canvas


PHASES = {"setup": "Get into position", "calibrating": "Hold still...", "active": "Go"}


@dataclass(frozen=True)
class TopParts:
    """The top panel laid out: the title's lines and type sizes, where the gauge goes, and whether
    it goes under the words (else beside them)."""

    title: list[str]
    title_h: float
    phase_h: float
    gauge: Rect
    stacked: bool


def top_parts(lay: Layout, title: str, phase: str, H: int) -> TopParts:
    """Title and phase at the left of a wide window's top bar with the gauge beside them; in the
    panel column or a tall window, the title (in two lines if need be) and phase above a gauge as
    wide as the panel."""
    r, pad = lay.top, int(H * 0.02)
    stacked = lay.column or r.w < lay.bottom.y1
    title_w = r.w - 2 * pad if stacked else int(r.w * 0.34)
    title_h = fitted(title, H * TITLE_H, title_w, H * MIN_TITLE_H)
    phase_h = fitted(phase, H * TITLE_H, title_w, H * MIN_TITLE_H)
    lines = wrap(title, title_h, title_w)
    if not stacked:
        gauge = Rect(r.x + int(r.w * 0.35), r.y + pad // 2, int(r.w * 0.35), r.h - pad)
        return TopParts(lines, title_h, phase_h, gauge, False)
    words_h = pad + len(lines) * int(title_h) + (len(lines) - 1) * (pad // 2) + pad + int(phase_h)
    y = r.y + words_h + pad // 2
    return TopParts(lines, title_h, phase_h, Rect(r.x + pad // 2, y, r.w - pad, r.y1 - y - pad // 2), True)


def draw_top(img: np.ndarray, state: LiveState, view: Screen, lay: Layout, H: int) -> None:
    """Exercise and phase, the gauge and the reading (``top_parts``)."""
    r, pad, phase = lay.top, int(H * 0.02), PHASES[state.phase]
    parts = top_parts(lay, get_exercise(state.exercise).title, phase, H)
    x, y = r.x + pad, r.y + pad
    for i, line in enumerate(parts.title):
        y += int(parts.title_h) + (pad // 2 if i else 0)
        text(img, line, (x, y), parts.title_h, WHITE)
    y += pad + int(parts.phase_h)
    text(img, phase, (x, y), parts.phase_h, SKY if state.phase == "active" else ORANGE)
    draw_gauge(img, state, parts.gauge, view.mirror)
    if not parts.stacked:
        draw_reading(img, state, parts.gauge.x1 + pad, r, H)
        return
    inside = in_range(state)  # under the words, the reading goes at the phase's right
    if inside is not None:
        reading = f"{abs(state.value or 0.0):.0f} deg" + (" in range" if inside else "")
        text(img, reading, (r.x1 - pad - text_width(reading, H * LABEL_H), y), H * LABEL_H, YELLOW if inside else WHITE)


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


@dataclass(frozen=True)
class CueText:
    """The bottom bar's text, laid out for a width: the big cue's lines (a fault's marked with a
    warning sign) and the caption's lines under them."""

    big: list[str]
    big_h: float
    marked: bool
    caption: list[str]
    caption_h: float

    def height(self, H: int) -> int:
        """The pixels it needs, padding included."""
        pad = int(H * 0.012)
        # Each big line's height and spacing, and room under the last for its descenders.
        big = int(self.big_h * 1.35) * len(self.big) if self.big else 0
        return 2 * pad + big + int(self.caption_h * 1.5) * len(self.caption)


def cue_text(state: LiveState, caption: str | None, width: int, H: int) -> CueText:
    """A fault or set-up problem as the big cue (its headline), wrapped to ``width``; under it the
    last spoken cue, word for word, in up to three lines."""
    big, marked = None, False
    if state.faults:
        big, marked = headline(get_exercise(state.exercise).cue(state.faults[0])), True
    elif state.message:
        big = headline(state.message)
    elif caption:
        big = headline(caption)
    cap_h = fitted(caption, H * LABEL_H, width, H * 0.022) if caption else 0.0
    cap_lines = wrap(caption, cap_h, width)[:3] if caption and caption != big else []
    if not big:
        return CueText([], 0.0, False, cap_lines, cap_h)
    mark_w = int(H * 0.08) if marked else 0
    h = fitted(big, H * 0.058, width - mark_w, H * MIN_CUE_H, bold=True)
    return CueText(wrap(big, h, width - mark_w, bold=True), h, marked, cap_lines, cap_h)


def draw_cue(img: np.ndarray, cue: CueText, r: Rect, H: int) -> None:
    """The bottom bar: the big cue (a warning sign before a fault: never told by colour alone) and
    the caption under it, the caption at the bar's foot."""
    pad = int(H * 0.012)
    x = r.x + pad
    cap_top = r.y1 - pad - int(cue.caption_h * 1.5) * len(cue.caption)
    for i, line in enumerate(cue.caption):
        text(img, line, (x, cap_top + int(cue.caption_h * 1.5) * i + int(cue.caption_h)), cue.caption_h, GREY)
    h, mark_w, y = cue.big_h, int(H * 0.08) if cue.marked else 0, r.y + pad
    for i, line in enumerate(cue.big):
        y += int(h) if i == 0 else int(h * 1.35)
        if i and y + int(h * 0.35) > cap_top:
            break
        if cue.marked and i == 0:
            s = int(h * 1.1)
            tri = np.array([[x, y], [x + s, y], [x + s // 2, y - s]], np.int32)
            cv2.fillConvexPoly(img, tri, VERMILLION, cv2.LINE_AA)
            cv2.polylines(img, [tri], True, WHITE, max(2, s // 12), cv2.LINE_AA)
            text(img, "!", (x + s // 2 - int(h * 0.12), y - int(s * 0.12)), h * 0.6, WHITE, bold=True)
        text(img, line, (x + mark_w, y), h, YELLOW if cue.marked else WHITE, bold=True)


def screen_layout(
    size: tuple[int, int], frame: tuple[int, int], state: LiveState, view: Screen
) -> tuple[Layout, CueText]:
    """Where everything goes for this screen, and the cue's text. The cue takes the height its lines
    need (never less than the layout's): in the column, from the bottom of the column up, the counts
    or the card keeping the rest; across the bottom, the image shrinking to fit above it."""
    lay = layout(size, frame, card=view.card is not None)
    pad = int(size[1] * 0.012)
    cue = cue_text(state, view.caption, lay.bottom.w - 2 * pad, size[1])
    if cue.height(size[1]) <= lay.bottom.h:
        return lay, cue
    if not lay.column:  # the bar grows for a long cue; the image shrinks to fit above it while it shows
        return bands(size, frame, view.card is not None, min(cue.height(size[1]), size[1] // 3)), cue
    bottom_h = min(cue.height(size[1]), lay.bottom.h + lay.side.h // 2)
    bottom = Rect(lay.bottom.x, size[1] - bottom_h, lay.bottom.w, bottom_h)
    side = Rect(lay.side.x, lay.side.y, lay.side.w, bottom.y - lay.side.y)
    return replace(lay, bottom=bottom, side=side), cue


def draw_overlay(
    img: np.ndarray, pose: Pose, state: LiveState, cue: str | None = None, *, mirror: bool = False, set_label: str = ""
) -> np.ndarray:
    """The coach's screen at ``img``'s size, written into ``img`` (for recorded videos)."""
    h, w = img.shape[:2]
    img[:] = compose(img.copy(), pose, state, Screen(caption=cue, set_label=set_label, mirror=mirror), (w, h))
    return img


__all__ = ["Card", "Screen", "compose", "draw_overlay", "draw_gauge", "fit", "headline", "scale_for", "text"]
