"""Running a window under Xvfb and reading back what the screen shows (tests only)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
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
