"""Overlay drawing: skeleton, live angle gauge against the target band, counts, hold timer, cues.

Sizes scale with the frame height so the overlay stays legible from a couple of metres away.
"""

from __future__ import annotations

import cv2
import numpy as np

from posecoach.coach.analyzer import LiveState
from posecoach.exercises.spec import get_exercise
from posecoach.pose.types import SKELETON_EDGES, Pose

FONT = cv2.FONT_HERSHEY_DUPLEX
WHITE, BLACK = (255, 255, 255), (0, 0, 0)
GREEN, AMBER, RED, GREY, BLUE = (90, 200, 90), (40, 180, 250), (70, 70, 230), (150, 150, 150), (230, 160, 60)
PANEL = (30, 30, 30)


def _text(img: np.ndarray, text: str, org: tuple[int, int], scale: float, color=WHITE, thick: int = 1) -> int:
    """Draw text with a dark outline; returns its width in pixels."""
    # An outline of shifted copies (a thicker copy would run longer: Hershey glyphs widen with it).
    x, y = org
    for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1), (0, 2)):
        cv2.putText(img, text, (x + dx, y + dy), FONT, scale, BLACK, thick, cv2.LINE_AA)
    cv2.putText(img, text, org, FONT, scale, color, thick, cv2.LINE_AA)
    return cv2.getTextSize(text, FONT, scale, thick)[0][0]


def _panel(img: np.ndarray, x0: int, y0: int, x1: int, y1: int, alpha: float = 0.6) -> None:
    roi = img[max(y0, 0):y1, max(x0, 0):x1]
    roi[:] = (roi * (1 - alpha) + np.array(PANEL) * alpha).astype(np.uint8)


def draw_skeleton(img: np.ndarray, pose: Pose, color=WHITE, mirror: bool = False) -> None:
    """The user's skeleton; landmarks MediaPipe is unsure of are left out."""
    if pose.is_empty:
        return
    h, w = img.shape[:2]
    px = pose.image[:, :2] * [w, h]
    if mirror:
        px[:, 0] = w - px[:, 0]
    pts = px.astype(int)
    thick = max(2, h // 160)
    for a, b in SKELETON_EDGES:
        if min(pose.visibility[a], pose.visibility[b]) >= 0.5:
            cv2.line(img, tuple(pts[a]), tuple(pts[b]), color, thick, cv2.LINE_AA)
    for i in range(11, 33):
        if pose.visibility[i] >= 0.5:
            cv2.circle(img, tuple(pts[i]), thick + 1, GREEN, -1, cv2.LINE_AA)


def draw_gauge(img: np.ndarray, state: LiveState, x: int, y: int, width: int, height: int) -> None:
    """A horizontal gauge from -max to +max degrees: target bands on both sides, a live marker."""
    span = max(45.0, state.target_deg * 1.6)
    _panel(img, x, y, x + width, y + height)
    mid, half = x + width // 2, (width - 20) / 2

    def at(deg: float) -> int:
        return int(mid + max(-1.0, min(1.0, deg / span)) * half)

    bar_y0, bar_y1 = y + height // 2 - height // 8, y + height // 2 + height // 8
    cv2.rectangle(img, (at(-span), bar_y0), (at(span), bar_y1), GREY, -1)
    low = max(state.target_deg - state.tolerance_deg, 0.0)
    gauge = get_exercise(state.exercise).gauge
    for sign in gauge.sides:
        a, b = sorted((at(sign * low), at(sign * (state.target_deg + state.tolerance_deg))))
        cv2.rectangle(img, (a, bar_y0), (b, bar_y1), GREEN, -1)
    cv2.line(img, (mid, bar_y0 - 4), (mid, bar_y1 + 4), WHITE, 2)
    scale = height / 90
    if gauge.labels:
        _text(img, gauge.labels[0], (x + 6, y + int(height * 0.35)), scale * 0.6, BLUE)
        _text(img, gauge.labels[1], (x + width - 22, y + int(height * 0.35)), scale * 0.6, RED)
    if state.value is not None:
        shown = state.drive if state.drive is not None else state.value
        cx = at(shown)
        colour = GREEN if abs(shown) >= low else AMBER
        cv2.circle(img, (cx, (bar_y0 + bar_y1) // 2), height // 6, colour, -1, cv2.LINE_AA)
        cv2.circle(img, (cx, (bar_y0 + bar_y1) // 2), height // 6, WHITE, 2, cv2.LINE_AA)
        label = f"{state.value:+.0f} deg"
        _text(img, label, (mid - 40, y + height - 6), scale * 0.55)


def draw_overlay(
    img: np.ndarray, pose: Pose, state: LiveState, cue: str | None = None, *, mirror: bool = False,
    fps: float | None = None, latency_ms: float | None = None, set_label: str | None = None,
) -> np.ndarray:
    """Draw the coach's view onto ``img`` (in place) and return it."""
    h, w = img.shape[:2]
    s = h / 480
    draw_skeleton(img, pose, RED if state.faults else WHITE, mirror=mirror)
    spec = get_exercise(state.exercise)
    title = spec.title

    _panel(img, 0, 0, w, int(58 * s))
    _text(img, title, (int(12 * s), int(26 * s)), 0.75 * s, WHITE, max(1, int(s)))
    status = {"setup": "Get into position", "calibrating": "Hold still...", "active": "Go"}[state.phase]
    _text(img, status, (int(12 * s), int(50 * s)), 0.55 * s, AMBER if state.phase != "active" else GREEN)
    counts = state.counts
    if not spec.per_side:
        count_text = f"{counts['total']}"
    else:
        count_text = f"L {counts['left']}   R {counts['right']}"
    if set_label:
        count_text = f"{set_label}   {count_text}"
    width = cv2.getTextSize(count_text, FONT, 0.8 * s, 2)[0][0]
    _text(img, count_text, (w - width - int(14 * s), int(32 * s)), 0.8 * s, WHITE, 2)

    draw_gauge(img, state, int(w * 0.2), int(62 * s), int(w * 0.6), int(56 * s))
    if state.hold_target_s > 0 and state.hold_s > 0:
        left = max(0.0, state.hold_target_s - state.hold_s)
        _text(img, f"Hold {left:0.0f}s" if left > 0 else "Held!", (int(w * 0.82), int(100 * s)),
              0.7 * s, GREEN if left == 0 else WHITE, 2)

    lines = [spec.cue(code) for code in state.faults][:2]
    message = state.message or cue
    y = h - int(12 * s)
    for text, colour in [(m, RED) for m in reversed(lines)] + ([(message, AMBER)] if message else []):
        _panel(img, 0, y - int(26 * s), w, y + int(8 * s), 0.5)
        _text(img, text, (int(12 * s), y), 0.6 * s, colour)
        y -= int(34 * s)
    if fps is not None:
        info = f"{fps:4.1f} fps" + (f"  {latency_ms:3.0f} ms" if latency_ms is not None else "")
        width = cv2.getTextSize(info, FONT, 0.42 * s, 1)[0][0]
        cv2.putText(img, info, (w - width - int(14 * s), int(52 * s)), FONT, 0.42 * s, GREY, 1, cv2.LINE_AA)
    return img
