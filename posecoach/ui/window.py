"""The OpenCV window: sized to the screen, no toolbar; showing frames, reading keys, noticing when
the user closes it."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys

import cv2
import numpy as np

from posecoach.errors import PosecoachError

KEYS = {
    ord(" "): "pause",
    ord("n"): "next",
    ord("b"): "back",
    ord("r"): "recalibrate",
    ord("q"): "quit",
    27: "quit",
    ord("f"): "fullscreen",
}
# Share of the screen the window takes: room for a window manager's title bar and a task bar.
SCREEN_SHARE = (0.98, 0.92)
DEFAULT_SIZE = (1280, 720)  # when the screen's size cannot be found out


def display_available() -> bool:
    """False on Linux without an X or Wayland display (a server, a container, SSH)."""
    return not sys.platform.startswith("linux") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def parse_xrandr(output: str) -> tuple[int, int] | None:
    """The primary monitor's size from ``xrandr --current`` (else the first connected one's, else
    the whole screen's)."""
    monitors = re.findall(r" connected (primary )?(\d+)x(\d+)\+\d+\+\d+", output)
    for primary, w, h in sorted(monitors, key=lambda m: not m[0]):
        return int(w), int(h)
    whole = re.search(r"current (\d+) x (\d+)", output)
    return (int(whole.group(1)), int(whole.group(2))) if whole else None


def _xlib_screen_size() -> tuple[int, int] | None:
    """The X screen's size through libX11 (all monitors together), which any X display has."""
    name = ctypes.util.find_library("X11")
    if not name:
        return None
    x = ctypes.CDLL(name)
    x.XOpenDisplay.restype, x.XOpenDisplay.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
    for fn in (x.XDefaultScreen, x.XCloseDisplay):
        fn.argtypes = [ctypes.c_void_p]
    for fn in (x.XDisplayWidth, x.XDisplayHeight):
        fn.argtypes = [ctypes.c_void_p, ctypes.c_int]
    display = x.XOpenDisplay(None)
    if not display:
        return None
    try:
        screen = x.XDefaultScreen(display)
        return int(x.XDisplayWidth(display, screen)), int(x.XDisplayHeight(display, screen))
    finally:
        x.XCloseDisplay(display)


def screen_size() -> tuple[int, int] | None:
    """The size of the screen the window opens on, or None when it cannot be found out: the
    primary monitor from xrandr, else the X screen from libX11, else tkinter's idea of it."""
    if os.environ.get("DISPLAY"):
        xrandr = shutil.which("xrandr")
        if xrandr:
            try:
                out = subprocess.run([xrandr, "--current"], capture_output=True, text=True, timeout=5).stdout
                size = parse_xrandr(out)
                if size:
                    return size
            except (OSError, subprocess.TimeoutExpired):
                pass
        try:
            size = _xlib_screen_size()
            if size:
                return size
        except (OSError, AttributeError):
            pass
    try:
        import tkinter

        root = tkinter.Tk()
        root.withdraw()
        size = root.winfo_screenwidth(), root.winfo_screenheight()
        root.destroy()
        return size
    except Exception:  # no tkinter, or it cannot reach the display
        return None


def window_size(screen: tuple[int, int] | None, requested: tuple[int, int] | None = None) -> tuple[int, int]:
    """The window's size: as requested, else most of the screen, else a default."""
    if requested:
        return requested
    if screen is None:
        return DEFAULT_SIZE
    return int(screen[0] * SCREEN_SHARE[0]), int(screen[1] * SCREEN_SHARE[1])


class Window:
    """One window without OpenCV's toolbar or status bar, filling most of the screen (or of
    ``size``); what is shown is drawn at that size. ``poll()`` returns a command for a key press,
    or 'closed'; 'f' toggles full screen here and is not passed on."""

    def __init__(self, title: str = "posecoach", size: tuple[int, int] | None = None) -> None:
        if not display_available():
            raise PosecoachError(
                "no display to open a window on; use --no-window (and --record FILE), or run under xvfb-run"
            )
        self.title = title
        self.size = window_size(None if size else screen_size(), size)
        try:
            # GUI_NORMAL: no Qt toolbar or status bar; KEEPRATIO: letterboxed when resized.
            cv2.namedWindow(title, cv2.WINDOW_GUI_NORMAL | cv2.WINDOW_KEEPRATIO)
        except cv2.error as error:
            raise PosecoachError(
                f"cannot open a window ({str(error).strip().splitlines()[-1]}); use --no-window"
            ) from None
        self.fullscreen = False
        self._shown = False

    def show(self, image: np.ndarray) -> None:
        if not self._shown:
            cv2.resizeWindow(self.title, *self.size)
            cv2.moveWindow(self.title, 0, 0)
        cv2.imshow(self.title, image)
        self._shown = True

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        cv2.setWindowProperty(
            self.title, cv2.WND_PROP_FULLSCREEN, cv2.WINDOW_FULLSCREEN if self.fullscreen else cv2.WINDOW_NORMAL
        )

    def poll(self) -> str | None:
        key = cv2.waitKey(1) & 0xFF
        if self._shown and cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) < 1:
            return "closed"
        command = KEYS.get(key)
        if command == "fullscreen":
            self.toggle_fullscreen()
            return None
        return command

    def read_key(self, wait_ms: int = 1) -> int | str | None:
        """The code of a key pressed within ``wait_ms`` as ``cv2.waitKeyEx`` gives it (arrows
        included), 'closed' once the user has closed the window, else None."""
        key = cv2.waitKeyEx(max(1, wait_ms))
        if self._shown and cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) < 1:
            return "closed"
        return None if key == -1 else key

    def close(self) -> None:
        try:
            cv2.destroyWindow(self.title)
            cv2.waitKey(1)
        except cv2.error:
            pass
