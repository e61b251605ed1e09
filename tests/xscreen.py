"""Running a window under Xvfb and reading back what the screen shows (tests only)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from conftest import need_tool


def xwd_to_image(path: Path) -> np.ndarray:
    """Decode an XWD screen dump (32-bit ZPixmap, as Xvfb writes it) to a BGR array."""
    data = path.read_bytes()
    header = np.frombuffer(data[:100], dtype=">u4")
    header_size, width, height, byte_order, bits, bytes_per_line, ncolors = (
        int(header[0]),
        int(header[4]),
        int(header[5]),
        int(header[7]),
        int(header[11]),
        int(header[12]),
        int(header[19]),
    )
    step = bits // 8
    assert step in (3, 4), f"unexpected XWD pixel size {bits}"
    start = header_size + ncolors * 12
    pixels = np.frombuffer(data[start : start + height * bytes_per_line], np.uint8).reshape(height, bytes_per_line)
    pixels = pixels[:, : width * step].reshape(height, width, step)
    return pixels[:, :, :3] if byte_order == 0 else pixels[:, :, step - 3 :][:, :, ::-1]


@contextmanager
def xvfb(size: tuple[int, int] = (1024, 768)) -> Iterator[str]:
    """A virtual X screen of ``size``; yields its DISPLAY. Skips the test without Xvfb."""
    server = subprocess.Popen(
        [need_tool("Xvfb"), "-displayfd", "1", "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        yield ":" + server.stdout.readline().strip()  # Xvfb picks a free display and tells us which
    finally:
        server.terminate()
        server.wait(timeout=10)


def screenshot(display: str, dump: Path) -> np.ndarray:
    """The whole screen of ``display`` as a BGR array (the XWD dump is kept at ``dump``)."""
    subprocess.run(
        [need_tool("xwd"), "-root", "-silent", "-display", display, "-out", str(dump)], check=True, timeout=30
    )
    return xwd_to_image(dump)


#: OpenCV's Qt window on a bare X server (no window manager) now and then never paints: it is
#: mapped, viewable and the size asked for, yet stays black while the program shows frames into it.
#: Here that happened to 26 of 162 launches of a 20-line OpenCV script (namedWindow, imshow,
#: waitKey in a loop), as it does to posecoach, with one X server or three, with or without MIT-SHM;
#: xrefresh does not bring it back. The window tests launch the program again when its window
#: stays black: two launches would both stay black in about 1 test in 40 (a full run failed so
#: once), three in about 1 in 250.
LAUNCHES = 3


def launch_painted(
    start: Callable[[int], subprocess.Popen], display: str, dump: Path, within_s: float
) -> tuple[subprocess.Popen, float]:
    """``start(attempt)``'s program and when it was launched (``time.monotonic()``), once something
    shows on ``display`` within ``within_s``; launched again (``LAUNCHES`` times in all) while its
    window stays black. A program that has ended is handed back as it is, for its error to be
    reported; so is the last launch, painted or not."""
    for attempt in range(LAUNCHES):
        launched = time.monotonic()
        app = start(attempt)
        while time.monotonic() < launched + within_s and app.poll() is None:
            if (screenshot(display, dump).max(axis=2) > 12).any():
                break
            time.sleep(0.5)
        else:
            if app.poll() is None and attempt < LAUNCHES - 1:
                app.kill()
                app.communicate()
                continue
        return app, launched
    raise AssertionError("unreachable")
