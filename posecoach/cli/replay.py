"""``posecoach replay``: a stored rep played again as a stick figure, in a window or to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from posecoach.cli import EXERCISE_NAMES, DbOption, UserOption, app, console
from posecoach.errors import PosecoachError

if TYPE_CHECKING:
    from posecoach.store.replays import ReplayRep


@app.command()
def replay(
    session: Annotated[int, typer.Argument(help="The session number (see `posecoach history`).")],
    rep: Annotated[
        Optional[int], typer.Option("--rep", help="One rep, numbered as `posecoach show` lists them.")
    ] = None,
    worst: Annotated[bool, typer.Option("--worst", help="The rep with the lowest score.")] = False,
    best: Annotated[bool, typer.Option("--best", help="The rep with the highest score.")] = False,
    exercise: Annotated[
        Optional[str], typer.Option("--exercise", "-e", help=f"Only this exercise's reps: {', '.join(EXERCISE_NAMES)}.")
    ] = None,
    out: Annotated[
        Optional[Path], typer.Option("--out", help="Write the replay to FILE.mp4 or FILE.gif instead of a window.")
    ] = None,
    window_size: Annotated[
        Optional[str], typer.Option("--window-size", metavar="WxH", help="Window size (default: fill the screen).")
    ] = None,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Replay reps as a stick figure drawn from their stored landmarks (no video is ever stored).

    The window's keys: space pause, left/right arrows step a frame, n/p next/previous rep, q quit."""
    from posecoach.store import Store
    from posecoach.store.replays import find_replays
    from posecoach.store.sessions import default_user
    from posecoach.ui.replay_player import check_replay_options

    exercise, size, out = check_replay_options(rep, worst, best, exercise, window_size, out)
    with Store(db, readonly=True) as store:
        chosen = find_replays(
            store, session, user or default_user(), exercise=exercise, rep=rep, worst=worst, best=best
        )
    if out is None:
        _need_display()
    _play(chosen, out, size)


def _need_display() -> None:
    from posecoach.ui.window import display_available

    if not display_available():
        raise PosecoachError("no display here to play a replay on; write it to a file with --out FILE.mp4 (or .gif)")


def _play(chosen: list[ReplayRep], out: Path | None, size: tuple[int, int] | None) -> None:
    from posecoach.ui import replay_player

    if out is not None:
        count = replay_player.write(out, chosen, size)  # checks the file before drawing
        console.print(f"wrote {out}: {len(chosen)} rep(s), {count} frames")
        return
    from posecoach.ui.window import Window

    replay_player.play(chosen, Window(title="posecoach replay", size=size))
