"""A short tone for a counted rep: best effort, never blocking, never failing (no audio device,
no player installed: silence)."""

from __future__ import annotations

import io
import shutil
import subprocess
import wave

import numpy as np

RATE = 22050


def tone_wav(freq_hz: float = 880.0, seconds: float = 0.12) -> bytes:
    """A sine beep with soft edges, as WAV bytes (16-bit mono)."""
    t = np.arange(int(RATE * seconds)) / RATE
    envelope = np.minimum(1.0, np.minimum(t, seconds - t) / 0.01)  # 10 ms ramps: no click
    samples = (0.4 * 32767 * envelope * np.sin(2 * np.pi * freq_hz * t)).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def player_command() -> list[str] | None:
    """A command that plays WAV from stdin: PulseAudio/PipeWire's paplay, or ALSA's aplay."""
    for name, args in (("paplay", []), ("aplay", ["-q"])):
        path = shutil.which(name)
        if path:
            return [path, *args]
    return None


class Tone:
    """Plays a short beep in a child process; a beep still playing is not interrupted or queued."""

    def __init__(self, command: list[str] | None = None) -> None:
        self.command = command if command is not None else player_command()
        self._wav = tone_wav()
        self._child: subprocess.Popen[bytes] | None = None
        self.played = 0

    def __call__(self) -> None:
        self.played += 1
        if not self.command or (self._child is not None and self._child.poll() is None):
            return
        try:
            self._child = subprocess.Popen(
                self.command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            assert self._child.stdin is not None
            self._child.stdin.write(self._wav)
            self._child.stdin.close()
        except (OSError, ValueError):
            self._child = None
