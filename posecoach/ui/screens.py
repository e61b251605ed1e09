"""The end screen; cards (instructions, rest, set-up, pause) are drawn in a band by the overlay."""

from __future__ import annotations

import numpy as np

from posecoach.ui.overlay import ORANGE, SKY, TITLE_H, WHITE, fitted, text


def draw_summary(img: np.ndarray, lines: list[tuple[str, str]], title: str = "Session complete") -> np.ndarray:
    """The end screen: one line per exercise (name, result), over the darkened last view."""
    h, w = img.shape[:2]
    img[:] = (img * 0.2).astype(np.uint8)
    pad, line_h = int(h * 0.05), h * TITLE_H
    text(img, title, (pad, pad + int(h * 0.07)), h * 0.07, SKY, bold=True)
    y = pad + int(h * 0.07) + pad + int(line_h)
    for name, result in lines:
        size = min(fitted(name, line_h, w * 0.42, h * 0.03), fitted(result, line_h, w * 0.5, h * 0.03))
        text(img, name, (pad, y), size, WHITE)
        text(img, result, (int(w * 0.45), y), size, WHITE)
        y += int(line_h * 1.7)
    text(img, "Stretch gently; stop if anything hurts.", (pad, h - pad), h * 0.035, ORANGE)
    return img
