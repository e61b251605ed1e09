"""Full-frame screens around the live overlay: instructions, rest, pause and the summary."""

from __future__ import annotations

import textwrap

import cv2
import numpy as np

from posecoach.ui.overlay import AMBER, GREEN, WHITE, _panel, _text

FONT = cv2.FONT_HERSHEY_DUPLEX


def _wrapped(img: np.ndarray, text: str, x: int, y: int, scale: float, width_chars: int, colour=WHITE) -> int:
    step = int(34 * scale)
    for line in textwrap.wrap(text, width_chars):
        _text(img, line, (x, y), scale, colour)
        y += step
    return y


def draw_card(img: np.ndarray, title: str, body: str, footer: str | None = None, colour=WHITE) -> np.ndarray:
    """A centred card over the camera image (instructions, rest, pause)."""
    h, w = img.shape[:2]
    s = h / 480
    x0, y0, x1, y1 = int(w * 0.08), int(h * 0.24), int(w * 0.92), int(h * 0.86)
    _panel(img, x0, y0, x1, y1, 0.78)
    _text(img, title, (x0 + int(18 * s), y0 + int(40 * s)), 0.9 * s, colour, 2)
    chars = max(24, int((x1 - x0 - 36 * s) / (11 * s)))
    y = _wrapped(img, body, x0 + int(18 * s), y0 + int(84 * s), 0.6 * s, chars)
    if footer:
        _wrapped(img, footer, x0 + int(18 * s), y + int(16 * s), 0.6 * s, chars, AMBER)
    return img


def draw_summary(img: np.ndarray, lines: list[tuple[str, str]], title: str = "Session complete") -> np.ndarray:
    """The end screen: one line per exercise (name, result)."""
    h, w = img.shape[:2]
    s = h / 480
    img[:] = (img * 0.25).astype(np.uint8)
    _text(img, title, (int(30 * s), int(60 * s)), 1.0 * s, GREEN, 2)
    y = int(110 * s)
    for name, result in lines:
        _text(img, name, (int(30 * s), y), 0.62 * s, WHITE)
        _text(img, result, (int(w * 0.45), y), 0.62 * s, WHITE)
        y += int(36 * s)
    _text(img, "Stretch gently; stop if anything hurts.", (int(30 * s), h - int(24 * s)), 0.55 * s, AMBER)
    return img
