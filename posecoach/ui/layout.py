"""Where things go on the screen: pure geometry, no drawing.

The camera image gets the space the panels leave. Two arrangements are tried and the one that
shows the image larger is kept:

- bands: a top bar (exercise, phase, gauge) and a bottom bar (the cue and its caption) across the
  window, a side column (counts, or a card) and the image in what is left; this suits a wide image
  in a wide window, or any image in a tall window;
- column: the image down the window's whole height on the left, and the panels stacked in a column
  beside it (exercise and gauge, then counts or a card, then the cue); this suits a 4:3 or portrait
  camera in a wide window, where bands would leave empty space beside the image.

Nothing but the skeleton and fault marks is drawn over the camera image, so the person is never
hidden.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

TOP = 0.20  # bands: share of the height for title, phase and gauge
BOTTOM = 0.15  # bands: the cue (>= 5% of the height) and its caption
SIDE = 0.24  # bands: narrowest side column: counts >= 8% of the height need about this
CARD_SIDE = 0.46  # bands: a card's column: a dozen lines of instructions at 3.5% of the height
COLUMN = 0.30  # column: the narrowest panel column: the gauge, two counts side by side, a cue in two lines
CARD_COLUMN = 0.40  # column: with a card, whose instructions need the width
COLUMN_TOP = 0.29  # column: title, phase and the gauge under them
COLUMN_BOTTOM = 0.23  # column: the cue in up to two lines, and its caption
#: The column arrangement is kept only when it shows the image this much larger: a wide image gains
#: little from it, and the bands keep the cue on one long line.
COLUMN_GAIN = 1.25


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

    @property
    def area(self) -> int:
        return self.w * self.h

    def overlaps(self, other: Rect) -> bool:
        return self.x < other.x1 and other.x < self.x1 and self.y < other.y1 and other.y < self.y1


@dataclass(frozen=True)
class Layout:
    top: Rect  # exercise, phase, gauge
    bottom: Rect  # the cue and its caption
    side: Rect  # counts, or a card
    video: Rect  # the camera image, scaled
    column: bool = False  # the panels stacked beside a full-height image (else bands across)


def fit(width: int, height: int, box_w: int, box_h: int) -> tuple[int, int]:
    """The largest size with ``width:height``'s aspect ratio inside ``box_w`` x ``box_h``."""
    scale = min(box_w / width, box_h / height)
    return max(1, int(width * scale)), max(1, int(height * scale))


def bands(canvas: tuple[int, int], frame: tuple[int, int], card: bool = False, bottom_h: int = 0) -> Layout:
    """Bars across the top and bottom (the bottom one at least ``bottom_h`` high), a side column, the
    image in the middle."""
    w, h = canvas
    top_h, bottom_h = int(h * TOP), max(int(h * BOTTOM), bottom_h)
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


def column(canvas: tuple[int, int], frame: tuple[int, int], card: bool = False) -> Layout:
    """The image down the left at full height (as wide as the column allows), the panels beside it."""
    w, h = canvas
    vw, vh = fit(frame[0], frame[1], w - int(w * (CARD_COLUMN if card else COLUMN)), h)
    video = Rect(0, (h - vh) // 2, vw, vh)
    top_h, bottom_h = int(h * COLUMN_TOP), int(h * COLUMN_BOTTOM)
    cw = w - vw
    return Layout(
        top=Rect(vw, 0, cw, top_h),
        bottom=Rect(vw, h - bottom_h, cw, bottom_h),
        side=Rect(vw, top_h, cw, h - top_h - bottom_h),
        video=video,
        column=True,
    )


@functools.lru_cache(maxsize=16)  # drawn every frame, from a window and camera size that rarely change
def layout(canvas: tuple[int, int], frame: tuple[int, int], card: bool = False) -> Layout:
    """Split a ``canvas`` (width, height) around a camera image of size ``frame`` (width, height).

    The column is used in a landscape window where it shows the image ``COLUMN_GAIN`` larger than
    the bands; the choice is made without the card, so that a card coming and going widens its
    column but never moves the image to the other arrangement."""
    wide = canvas[0] >= canvas[1]
    if wide and column(canvas, frame).video.area >= COLUMN_GAIN * bands(canvas, frame).video.area:
        return column(canvas, frame, card)
    return bands(canvas, frame, card)


def parse_size(text: str) -> tuple[int, int]:
    """'1280x800' -> (1280, 800); ValueError naming the expected form otherwise."""
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"window size '{text}' is not WIDTHxHEIGHT (e.g. 1280x800)") from None
    if not (320 <= w <= 16384 and 240 <= h <= 16384):
        raise ValueError(f"window size '{text}' is out of range: use at least 320x240")
    return w, h
