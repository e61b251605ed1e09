"""Playing replays: in a window (its keys), or written to an MP4 (OpenCV) or GIF (Pillow) file."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import cv2
import numpy as np

from posecoach.errors import PosecoachError
from posecoach.store.motion import JITTER_S
from posecoach.store.replays import ReplayRep
from posecoach.ui.replay import FPS, ReplayScreen, draw_replay
from posecoach.ui.window import Window

SUFFIXES = (".mp4", ".gif")
FILE_SIZE = {".mp4": (960, 540), ".gif": (640, 360)}  # a GIF's every frame is a full picture: kept small
#: A GIF is built whole in memory (a 640x360 frame takes 230 KB): longer replays go to an MP4.
GIF_MAX_FRAMES = 1800
# Keys by the code cv2.waitKeyEx gives: X11 key symbols for the arrows (OpenCV's Qt and GTK windows
# on Linux), then the codes of its Windows and macOS windows.
KEYS = {
    ord(" "): "pause",
    ord("n"): "next",
    ord("p"): "previous",
    ord("q"): "quit",
    27: "quit",
    ord("f"): "fullscreen",
    65361: "back",
    65363: "forward",
    2424832: "back",
    2555904: "forward",
    63234: "back",
    63235: "forward",
}


def schedule(r: ReplayRep, fps: float = FPS) -> list[int]:
    """The motion's frame to show at each tick of ``fps`` from its first frame to its last: the
    replay keeps the rep's own pace whatever rate its motion was kept at."""
    ticks = np.arange(r.start_s, r.end_s + JITTER_S, 1.0 / fps)
    return [r.motion.at(float(t)) for t in ticks]


def frames(reps: Sequence[ReplayRep], size: tuple[int, int]) -> Iterator[np.ndarray]:
    """Every frame of the replays, one rep after another."""
    for k, r in enumerate(reps):
        position = f"{k + 1} of {len(reps)} replayed" if len(reps) > 1 else ""
        for i in schedule(r):
            yield draw_replay(r, i, size, ReplayScreen(position=position))


def check_replay_options(
    rep: int | None,
    worst: bool,
    best: bool,
    exercise: str | None,
    window_size: str | None,
    out: Path | None,
) -> tuple[str | None, tuple[int, int] | None, Path | None]:
    """``posecoach replay``'s choice of reps and of output checked, before the database is read:
    (the exercise's name, the window's size, the file to write), or a one-line error naming the fix."""
    from posecoach.exercises import get_exercise
    from posecoach.paths import check_output_path
    from posecoach.ui.layout import parse_size

    if rep is not None and (worst or best) or (worst and best):
        raise PosecoachError("choose one of --rep, --worst and --best")
    if exercise is not None:
        exercise = get_exercise(exercise).name
    try:
        size = parse_size(window_size) if window_size is not None else None
    except ValueError as error:
        raise PosecoachError(str(error)) from None
    if out is not None:
        out = check_output_path(out, "--out")
        if out.suffix.lower() not in SUFFIXES:
            raise PosecoachError(f"--out {out}: a replay is written as .mp4 or .gif; name the file so")
    return exercise, size, out


def check_output(path: Path, reps: Sequence[ReplayRep]) -> None:
    """A one-line error, before any drawing, for a file that cannot be written as asked."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise PosecoachError(f"--out {path}: a replay is written as .mp4 or .gif; name the file so")
    if suffix == ".gif":
        count = sum(len(schedule(r)) for r in reps)
        if count > GIF_MAX_FRAMES:
            raise PosecoachError(
                f"a GIF of these {len(reps)} reps would hold {count} frames (at most {GIF_MAX_FRAMES}); "
                "write an .mp4, or choose reps with --rep, --worst or --best"
            )


def write(path: Path, reps: Sequence[ReplayRep], size: tuple[int, int] | None = None) -> int:
    """Write the replays to ``path`` (.mp4 or .gif); returns the number of frames written."""
    check_output(path, reps)
    suffix = path.suffix.lower()
    size = size or FILE_SIZE[suffix]
    return _write_mp4(path, reps, size) if suffix == ".mp4" else _write_gif(path, reps, size)


def _write_mp4(path: Path, reps: Sequence[ReplayRep], size: tuple[int, int]) -> int:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), FPS, size)
    if not writer.isOpened():
        raise PosecoachError(f"cannot write {path}; check the folder exists and is writable")
    count = 0
    try:
        for image in frames(reps, size):
            writer.write(image)
            count += 1
    finally:
        writer.release()
    return count


def _write_gif(path: Path, reps: Sequence[ReplayRep], size: tuple[int, int]) -> int:
    from PIL import Image

    pictures = [
        Image.fromarray(np.ascontiguousarray(image[..., ::-1])).quantize(colors=64, dither=Image.Dither.NONE)
        for image in frames(reps, size)
    ]
    # A GIF times its frames in hundredths of a second: 70, 70, 60 ms... keeps 15 a second on the whole.
    ends = [round((k + 1) * 100 / FPS) * 10 for k in range(len(pictures))]
    durations = [b - a for a, b in zip([0, *ends], ends)]
    try:
        pictures[0].save(path, save_all=True, append_images=pictures[1:], duration=durations, loop=0, optimize=False)
    except OSError as error:
        raise PosecoachError(f"cannot write {path} ({error.strerror or error}); choose another path") from None
    return len(pictures)


class Player:
    """Where a replay is: which rep, which moment, paused or not. Pure: commands and elapsed time in."""

    def __init__(self, reps: Sequence[ReplayRep]) -> None:
        if not reps:
            raise ValueError("nothing to replay")
        self.reps, self.k, self.paused = list(reps), 0, False
        self.t = self.current.start_s

    @property
    def current(self) -> ReplayRep:
        return self.reps[self.k]

    @property
    def index(self) -> int:
        """The motion's frame shown now."""
        return self.current.motion.at(self.t)

    def tick(self, dt: float) -> None:
        """``dt`` seconds passed; a rep that ends starts again (n goes on to the next)."""
        if self.paused:
            return
        self.t += dt
        if self.t > self.current.end_s + 0.5 / FPS:
            self.t = self.current.start_s

    def apply(self, command: str) -> bool:
        """Obey a key's command; False to stop."""
        if command in ("quit", "closed"):
            return False
        if command == "pause":
            self.paused = not self.paused
        elif command in ("back", "forward"):
            self.paused = True
            i = min(max(self.index + (1 if command == "forward" else -1), 0), len(self.current.motion) - 1)
            self.t = float(self.current.motion.t_s[i])
        elif command in ("next", "previous"):
            self.k = (self.k + (1 if command == "next" else -1)) % len(self.reps)
            self.t = self.current.start_s
        return True


def play(reps: Sequence[ReplayRep], window: Window, until: float | None = None) -> None:
    """Play the replays in ``window`` until the user quits (or ``until`` seconds, for tests)."""
    player = Player(reps)
    started = last = time.monotonic()
    try:
        while until is None or time.monotonic() - started < until:
            position = f"{player.k + 1} of {len(player.reps)} replayed" if len(player.reps) > 1 else ""
            view = ReplayScreen(paused=player.paused, keys=True, position=position)
            window.show(draw_replay(player.current, player.index, window.size, view))
            wait = max(1, int((1.0 / FPS - (time.monotonic() - last)) * 1000))
            key = window.read_key(wait)
            now = time.monotonic()
            player.tick(now - last)
            last = now
            command = "closed" if key == "closed" else KEYS.get(key) if isinstance(key, int) else None
            if command == "fullscreen":
                window.toggle_fullscreen()
            elif command is not None and not player.apply(command):
                return
    finally:
        window.close()
