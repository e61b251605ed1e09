"""Spoken cues through espeak-ng, when it is installed: one at a time, rate-limited, never blocking."""

from __future__ import annotations

import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence


def espeak_command() -> list[str] | None:
    for name in ("espeak-ng", "espeak"):
        path = shutil.which(name)
        if path:
            return [path, "-s", "150"]
    return None


class Voice:
    """Speaks short cues on a background thread. A cue that arrives while another is being
    spoken, or sooner than ``min_interval_s`` after the last (by ``clock``), is dropped (the
    newest matters)."""

    def __init__(
        self,
        command: Sequence[str] | None = None,
        min_interval_s: float = 2.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.command = list(command) if command is not None else espeak_command()
        self.min_interval_s = min_interval_s
        self.clock = clock
        self.spoken: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue(maxsize=1)
        self._busy = threading.Event()
        self._last = -float("inf")
        self._thread = threading.Thread(target=self._run, name="posecoach-voice", daemon=True)
        if self.command:
            self._thread.start()

    @property
    def available(self) -> bool:
        return bool(self.command)

    def say(self, text: str) -> bool:
        """Queue ``text``; False when it was dropped (busy, too soon, or no speech engine)."""
        if not self.command or self._busy.is_set() or self.clock() - self._last < self.min_interval_s:
            return False
        try:
            self._queue.put_nowait(text)
        except queue.Full:
            return False
        self._last = self.clock()
        return True

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            if text is None:
                return
            self._busy.set()
            spoke = False
            try:
                subprocess.run(
                    [*(self.command or ()), text],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=15,
                    check=False,
                )
                spoke = True
            except (OSError, subprocess.TimeoutExpired):
                pass
            finally:
                self._busy.clear()
            if spoke:
                self.spoken.append(text)  # once the voice is free for the next cue

    def close(self) -> None:
        if self.command:
            try:
                self._queue.put(None, timeout=1.0)
            except queue.Full:
                pass
            self._thread.join(timeout=5.0)
