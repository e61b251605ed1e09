"""Where things go on the screen: pure geometry, no drawing.

The window is split into a top bar (exercise, phase, gauge), a bottom bar (the cue and its
caption), a side column (counts, or a card) and the camera image, fitted into what is left with its
aspect ratio kept. Nothing but the skeleton and fault marks is drawn over the camera image, so the
person is never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

TOP = 0.20  # share of the height: title, phase and gauge
BOTTOM = 0.15  # the cue (>= 5% of the height) and its caption
SIDE = 0.24  # narrowest side column: counts >= 8% of the height need about this
CARD_SIDE = 0.46  # a card's column: a dozen lines of instructions at 3.5% of the height


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def x1(self) -> int:
        return self.x + self.w

    @property
    def y1(self) -> int:
        return self.y + self.h

    def overlaps(self, other: Rect) -> bool:
        return self.x < other.x1 and other.x < self.x1 and self.y < other.y1 and other.y < self.y1


@dataclass(frozen=True)
class Layout:
    top: Rect
    bottom: Rect
    side: Rect
    video: Rect  # the camera image, scaled


def fit(width: int, height: int, box_w: int, box_h: int) -> tuple[int, int]:
    """The largest size with ``width:height``'s aspect ratio inside ``box_w`` x ``box_h``."""
    scale = min(box_w / width, box_h / height)
    return max(1, int(width * scale)), max(1, int(height * scale))


def layout(canvas: tuple[int, int], frame: tuple[int, int], card: bool = False) -> Layout:
    """Split a ``canvas`` (width, height) around a camera image of size ``frame`` (width, height)."""
    w, h = canvas
    top_h, bottom_h = int(h * TOP), int(h * BOTTOM)
    mid_h = h - top_h - bottom_h
    side_w = int(w * (CARD_SIDE if card else SIDE))
    vw, vh = fit(frame[0], frame[1], w - side_w, mid_h)
    # The image sits against the side column; the column takes whatever width the image leaves.
    side_x = (w - side_w - vw) // 2 + vw
    video = Rect((w - side_w - vw) // 2, top_h + (mid_h - vh) // 2, vw, vh)
    return Layout(
        top=Rect(0, 0, w, top_h),
        bottom=Rect(0, h - bottom_h, w, bottom_h),
        side=Rect(side_x, top_h, w - side_x, mid_h),
        video=video,
    )


def parse_size(text: str) -> tuple[int, int]:
    """'1280x800' -> (1280, 800); ValueError naming the expected form otherwise."""
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"window size '{text}' is not WIDTHxHEIGHT (e.g. 1280x800)") from None
    if not (320 <= w <= 16384 and 240 <= h <= 16384):
        raise ValueError(f"window size '{text}' is out of range: use at least 320x240")
    return w, h
