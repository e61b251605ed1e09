"""``posecoach replay``: a stored rep played again as a stick figure, in a window or to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from posecoach.cli import EXERCISE_NAMES, DbOption, UserOption, app, console
from posecoach.errors import PosecoachError

if TYPE_CHECKING:
    from posecoach.store import SessionInfo, Store
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
    from posecoach.store.replays import choose

    if rep is not None and (worst or best) or (worst and best):
        raise PosecoachError("choose one of --rep, --worst and --best")
    if exercise is not None:
        from posecoach.exercises import get_exercise

        exercise = get_exercise(exercise).name
    size = _checked_size(window_size)
    if out is not None:
        from posecoach.paths import check_output_path
        from posecoach.ui.replay_player import SUFFIXES

        out = check_output_path(out, "--out")
        if out.suffix.lower() not in SUFFIXES:
            raise PosecoachError(f"--out {out}: a replay is written as .mp4 or .gif; name the file so")
    with _open(db) as store:
        info = _session(store, session, user)
        replays = _replays(store, info, user)
    chosen = choose(replays, info, exercise=exercise, rep=rep, worst=worst, best=best)
    if out is None:
        _need_display()
    _play(chosen, out, size)


def _checked_size(window_size: str | None) -> tuple[int, int] | None:
    if window_size is None:
        return None
    from posecoach.ui.layout import parse_size

    try:
        return parse_size(window_size)
    except ValueError as error:
        raise PosecoachError(str(error)) from None


def _need_display() -> None:
    from posecoach.ui.window import display_available

    if not display_available():
        raise PosecoachError("no display here to play a replay on; write it to a file with --out FILE.mp4 (or .gif)")


def _open(db: Path | None) -> Store:
    from posecoach.store import Store

    return Store(db, readonly=True)


def _with_motion(store: Store, user: str | None) -> str:
    """'sessions with replays: 4, 5' (the user's), or that there are none yet."""
    from posecoach.store.sessions import default_user

    counts = store.motion_counts(user or default_user())
    if not counts:
        return "none of your sessions has replays yet (they are kept from this version on)"
    return "sessions with replays: " + ", ".join(str(s) for s in sorted(counts))


def _session(store: Store, session: int, user: str | None) -> SessionInfo:
    from posecoach.store import StoreError

    try:
        return store.session(session)
    except StoreError:
        raise PosecoachError(f"there is no session {session}; {_with_motion(store, user)}") from None


def _replays(store: Store, info: SessionInfo, user: str | None) -> list[ReplayRep]:
    from posecoach.store.replays import session_replays

    replays = session_replays(store, info)
    if not replays:
        why = "it has no counted reps" if not info.reps else "it was recorded before posecoach kept the motion of reps"
        raise PosecoachError(f"session {info.id} has no stored motion to replay ({why}); {_with_motion(store, user)}")
    return replays


def _play(chosen: list[ReplayRep], out: Path | None, size: tuple[int, int] | None) -> None:
    from posecoach.ui import replay_player

    if out is not None:
        replay_player.check_output(out, chosen)
        count = replay_player.write(out, chosen, size)
        console.print(f"wrote {out}: {len(chosen)} rep(s), {count} frames")
        return
    from posecoach.ui.window import Window

    replay_player.play(chosen, Window(title="posecoach replay", size=size))
