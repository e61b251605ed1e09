"""The OpenCV window: showing frames, reading keys, noticing when the user closes it."""

from __future__ import annotations

import os
import sys

import cv2
import numpy as np

from posecoach.errors import PosecoachError

KEYS = {ord(" "): "pause", ord("n"): "next", ord("b"): "back", ord("r"): "recalibrate", ord("q"): "quit",
        27: "quit"}


def display_available() -> bool:
    """False on Linux without an X or Wayland display (a server, a container, SSH)."""
    return not sys.platform.startswith("linux") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class Window:
    """One resizable window. ``poll()`` returns a command for a key press, or 'closed'."""

    def __init__(self, title: str = "posecoach") -> None:
        if not display_available():
            raise PosecoachError("no display to open a window on; use --no-window (and --record FILE), "
                                 "or run under xvfb-run")
        self.title = title
        try:
            cv2.namedWindow(title, cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO)
        except cv2.error as error:
            raise PosecoachError(f"cannot open a window ({str(error).strip().splitlines()[-1]}); "
                                 "use --no-window") from None
        self._shown = False

    def show(self, image: np.ndarray) -> None:
        if not self._shown:
            cv2.resizeWindow(self.title, image.shape[1], image.shape[0])
        cv2.imshow(self.title, image)
        self._shown = True

    def poll(self) -> str | None:
        key = cv2.waitKey(1) & 0xFF
        if self._shown and cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) < 1:
            return "closed"
        return KEYS.get(key)

    def close(self) -> None:
        try:
            cv2.destroyWindow(self.title)
            cv2.waitKey(1)
        except cv2.error:
            pass
