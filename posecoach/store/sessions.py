"""Reading and writing sessions. Every write that records the user's work commits at once."""

from __future__ import annotations

import getpass
import json
import math
import os
import re
import socket
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from posecoach.coach.adaptive import PastPerformance
from posecoach.coach.events import FaultSpan, Rep
from posecoach.exercises.registry import EXERCISES
from posecoach.store.db import StoreError, default_db_path, open_store
from posecoach.store.motion import FORMAT, RepMotion, decode, encode

#: A session still marked running but silent this long was cut off (crash, kill, power).
STALE_AFTER = timedelta(seconds=60)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def local_time(stamp: str) -> str:
    """A stored UTC timestamp as local 'YYYY-MM-DD HH:MM'."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16]


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return os.environ.get("USER", "me")


@dataclass(frozen=True)
class BlockInfo:
    id: int
    position: int
    exercise: str
    metric: str
    target_deg: float
    tolerance_deg: float | None
    hold_s: float | None
    calibration: dict[str, float] | None
    reps: list[Rep] = field(default_factory=list)
    faults: list[FaultSpan] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        left = sum(r.side == "left" for r in self.reps)
        right = sum(r.side == "right" for r in self.reps)
        return {"left": left, "right": right, "total": len(self.reps)}


@dataclass(frozen=True)
class SessionInfo:
    id: int
    user: str
    started_at: str
    ended_at: str | None
    routine: str | None
    source: str | None
    model: str | None
    app_version: str | None
    status: str  # completed, interrupted or running
    pain_before: int | None
    pain_after: int | None
    blocks: list[BlockInfo] = field(default_factory=list)

    @property
    def reps(self) -> list[Rep]:
        return [rep for block in self.blocks for rep in block.reps]

    @property
    def mean_score(self) -> float | None:
        scores = [rep.score for rep in self.reps]
        return round(sum(scores) / len(scores), 1) if scores else None


class Store:
    """The posecoach database. A context manager; safe to read while another process writes."""

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False) -> None:
        """``readonly``: the caller only reads, so a read-only file with the current schema will do."""
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self.db = open_store(self.path, readonly=readonly)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- writing ------------------------------------------------------------------------------

    def user_id(self, name: str) -> int:
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO users (name, created_at) VALUES (?, ?)", (name, now_iso()))
            return int(db.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()[0])

    def start_session(
        self,
        user: str,
        *,
        routine: str | None,
        source: str | None = None,
        model: str | None = None,
        pain_before: int | None = None,
        started_at: str | None = None,
    ) -> int:
        from posecoach import __version__

        _check_pain(pain_before)
        uid = self.user_id(user)
        stamp = started_at or now_iso()
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO sessions (user_id, started_at, routine, source, model, app_version, status, "
                "pain_before, last_seen_at, writer) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)",
                (uid, stamp, routine, source, model, __version__, pain_before, now_iso(), _writer_id()),
            )
            return int(cur.lastrowid or 0)

    def start_block(
        self,
        session_id: int,
        *,
        position: int,
        exercise: str,
        metric: str,
        target_deg: float,
        tolerance_deg: float | None = None,
        hold_s: float | None = None,
    ) -> int:
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO blocks (session_id, position, exercise, metric, target_deg, tolerance_deg, "
                "hold_s, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, position, exercise, metric, target_deg, tolerance_deg, hold_s, now_iso()),
            )
            self._touch(db, session_id)
            return int(cur.lastrowid or 0)

    def set_calibration(self, block_id: int, values: dict[str, float]) -> None:
        clean = {k: round(v, 4) for k, v in values.items() if isinstance(v, float) and math.isfinite(v)}
        with self._tx() as db:
            db.execute("UPDATE blocks SET calibration = ? WHERE id = ?", (json.dumps(clean), block_id))

    def set_target(self, block_id: int, target_deg: float) -> None:
        with self._tx() as db:
            db.execute("UPDATE blocks SET target_deg = ? WHERE id = ?", (target_deg, block_id))

    def add_rep(self, block_id: int, rep: Rep) -> None:
        """Record a counted rep: committed before this returns."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO reps (block_id, idx, side, start_s, peak_s, end_s, peak_deg, hold_s, score, faults, "
                "drive_peak_deg, confidence, confidence_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    block_id,
                    rep.index,
                    rep.side,
                    rep.start_s,
                    rep.peak_s,
                    rep.end_s,
                    rep.peak_deg,
                    rep.hold_s,
                    rep.score,
                    ",".join(rep.faults),
                    _finite_or_none(rep.drive_peak_deg),
                    rep.confidence,
                    ",".join(rep.confidence_reasons),
                ),
            )
            self._touch_block(db, block_id)

    def add_fault(self, block_id: int, span: FaultSpan) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO fault_events (block_id, code, start_s, end_s, message) VALUES (?, ?, ?, ?, ?)",
                (block_id, span.code, span.start_s, span.end_s, span.message),
            )

    def add_trace(self, block_id: int, t_s: Sequence[float], values: Sequence[float | None]) -> None:
        """Append a chunk of the per-frame metric (float32; NaN where there was none)."""
        if not len(t_s):
            return
        t = np.asarray(t_s, dtype=np.float32)
        v = np.array([np.nan if x is None else x for x in values], dtype=np.float32)
        with self._tx() as db:
            seq = db.execute(
                "SELECT COALESCE(MAX(seq), -1) + 1 FROM trace_chunks WHERE block_id = ?", (block_id,)
            ).fetchone()[0]
            db.execute(
                "INSERT INTO trace_chunks (block_id, seq, t, value) VALUES (?, ?, ?, ?)",
                (block_id, seq, t.tobytes(), v.tobytes()),
            )
            self._touch_block(db, block_id)

    def add_motion(self, block_id: int, motion: RepMotion) -> None:
        """Record a rep's motion (``store/motion.py``), replacing any kept for that rep."""
        if not len(motion):
            return
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO rep_motion (block_id, rep_idx, t0_s, frames, width, height, landmarks, "
                "format, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    block_id,
                    motion.rep_index,
                    float(motion.t_s[0]),
                    len(motion),
                    motion.width,
                    motion.height,
                    ",".join(map(str, motion.landmarks)),
                    FORMAT,
                    encode(motion),
                ),
            )
            self._touch_block(db, block_id)

    def finish_session(self, session_id: int, *, status: str = "completed", pain_after: int | None = None) -> None:
        if status not in ("completed", "interrupted"):
            raise ValueError(f"status must be completed or interrupted, got {status!r}")
        _check_pain(pain_after)
        with self._tx() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, last_seen_at = ?, pain_after = "
                "COALESCE(?, pain_after) WHERE id = ?",
                (status, now_iso(), now_iso(), pain_after, session_id),
            )

    def set_pain(self, session_id: int, *, before: int | None = None, after: int | None = None) -> None:
        _check_pain(before)
        _check_pain(after)
        with self._tx() as db:
            db.execute(
                "UPDATE sessions SET pain_before = COALESCE(?, pain_before), "
                "pain_after = COALESCE(?, pain_after) WHERE id = ?",
                (before, after, session_id),
            )

    def delete_session(self, session_id: int) -> None:
        self.session(session_id)  # raises a clear error if there is none
        with self._tx() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def _touch(self, db: sqlite3.Connection, session_id: int) -> None:
        db.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", (now_iso(), session_id))

    def _touch_block(self, db: sqlite3.Connection, block_id: int) -> None:
        db.execute(
            "UPDATE sessions SET last_seen_at = ? WHERE id = (SELECT session_id FROM blocks WHERE id = ?)",
            (now_iso(), block_id),
        )

    # -- reading ------------------------------------------------------------------------------

    def sessions(self, user: str | None = None) -> list[SessionInfo]:
        """All sessions (of ``user``), oldest first, with their blocks and reps."""
        query = "SELECT s.*, u.name AS user FROM sessions s JOIN users u ON u.id = s.user_id"
        args: tuple[object, ...] = ()
        if user is not None:
            query += " WHERE u.name = ?"
            args = (user,)
        rows = self.db.execute(query + " ORDER BY s.started_at, s.id", args).fetchall()
        return [self._session(row) for row in rows]

    def session(self, session_id: int) -> SessionInfo:
        row = self.db.execute(
            "SELECT s.*, u.name AS user FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?", (session_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"there is no session {session_id}; `posecoach history` lists them")
        return self._session(row)

    def trace(self, block_id: int) -> tuple[np.ndarray, np.ndarray]:
        rows = self.db.execute(
            "SELECT t, value FROM trace_chunks WHERE block_id = ? ORDER BY seq", (block_id,)
        ).fetchall()
        if not rows:
            return np.zeros(0, np.float32), np.zeros(0, np.float32)
        return (
            np.concatenate([np.frombuffer(r["t"], np.float32) for r in rows]),
            np.concatenate([np.frombuffer(r["value"], np.float32) for r in rows]),
        )

    def motions(self, block_id: int) -> dict[int, RepMotion]:
        """The stored motion of a block's reps, by rep number (none for sessions stored before
        motion was kept)."""
        rows = self.db.execute("SELECT * FROM rep_motion WHERE block_id = ? ORDER BY rep_idx", (block_id,))
        return {
            row["rep_idx"]: decode(
                row["data"],
                rep_index=row["rep_idx"],
                t0_s=row["t0_s"],
                frames=row["frames"],
                width=row["width"],
                height=row["height"],
                landmarks=tuple(int(i) for i in row["landmarks"].split(",")),
            )
            for row in rows
            if row["format"] == FORMAT
        }

    def motion_counts(self, user: str | None = None) -> dict[int, int]:
        """How many reps of each session (of ``user``) have stored motion (sessions with none are left out)."""
        query = (
            "SELECT b.session_id, COUNT(*) FROM rep_motion m JOIN blocks b ON b.id = m.block_id "
            "JOIN sessions s ON s.id = b.session_id JOIN users u ON u.id = s.user_id"
        )
        args: tuple[object, ...] = ()
        if user is not None:
            query += " WHERE u.name = ?"
            args = (user,)
        return {int(r[0]): int(r[1]) for r in self.db.execute(query + " GROUP BY b.session_id", args)}

    def _session(self, row: sqlite3.Row) -> SessionInfo:
        status = row["status"]
        if status == "running" and (_writer_gone(row["writer"]) or _stale(row["last_seen_at"])):
            status = "interrupted"  # the process that was writing it is gone
        blocks = []
        for b in self.db.execute("SELECT * FROM blocks WHERE session_id = ? ORDER BY position, id", (row["id"],)):
            reps = [
                Rep(
                    index=r["idx"],
                    side=r["side"],
                    start_s=r["start_s"],
                    peak_s=r["peak_s"],
                    end_s=r["end_s"],
                    peak_deg=r["peak_deg"],
                    hold_s=r["hold_s"],
                    score=r["score"],
                    faults=tuple(c for c in r["faults"].split(",") if c),
                    # NaN: an old twist rep whose counted signal's peak was never stored
                    drive_peak_deg=math.nan if r["drive_peak_deg"] is None else r["drive_peak_deg"],
                    confidence=r["confidence"],
                    confidence_reasons=tuple(c for c in r["confidence_reasons"].split(",") if c),
                )
                for r in self.db.execute("SELECT * FROM reps WHERE block_id = ? ORDER BY idx, id", (b["id"],))
            ]
            faults = [
                FaultSpan(f["code"], f["start_s"], f["end_s"], f["message"])
                for f in self.db.execute(
                    "SELECT * FROM fault_events WHERE block_id = ? ORDER BY start_s, id", (b["id"],)
                )
            ]
            blocks.append(
                BlockInfo(
                    id=b["id"],
                    position=b["position"],
                    exercise=b["exercise"],
                    metric=b["metric"],
                    target_deg=b["target_deg"],
                    tolerance_deg=b["tolerance_deg"],
                    hold_s=b["hold_s"],
                    calibration=json.loads(b["calibration"]) if b["calibration"] else None,
                    reps=reps,
                    faults=faults,
                )
            )
        return SessionInfo(
            id=row["id"],
            user=row["user"],
            started_at=row["started_at"],
            ended_at=row["ended_at"],
            routine=row["routine"],
            source=row["source"],
            model=row["model"],
            app_version=row["app_version"],
            status=status,
            pain_before=row["pain_before"],
            pain_after=row["pain_after"],
            blocks=blocks,
        )


def _version(text: str | None) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text or "")[:3]) or (0,)


def measured_as_now(session: SessionInfo, exercise: str) -> bool:
    """Was ``exercise`` measured in ``session`` as it is now (``ExerciseSpec.measured_since``)?"""
    spec = EXERCISES.get(exercise)
    since = spec.measured_since if spec else ""
    return not since or _version(session.app_version) >= _version(since)


def past_performances(sessions: list[SessionInfo], exercise: str) -> list[PastPerformance]:
    """Each session's |peaks| of ``exercise`` per side, with its pain ratings (for adaptive targets).

    The peaks are the ones the target is judged on (``drive_peak_deg``: for twists the shoulders'
    turn, for the fold its tilt from the vertical). Low-confidence reps, reps without that peak
    and sessions that measured the exercise otherwise (``measured_as_now``) are left out.
    """
    out = []
    for session in sessions:
        if not measured_as_now(session, exercise):
            continue
        peaks: dict[str, list[float]] = {}
        for block in session.blocks:
            if block.exercise == exercise:
                for rep in block.reps:
                    if rep.low_confidence or not math.isfinite(rep.drive_peak_deg):
                        continue
                    peaks.setdefault(rep.side or "all", []).append(abs(rep.drive_peak_deg))
        if peaks:
            out.append(PastPerformance(session.started_at, peaks, session.pain_before, session.pain_after))
    return out


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _writer_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _writer_gone(writer: str | None) -> bool:
    """True when the writing process ran on this machine and no longer exists."""
    if not writer or ":" not in writer:
        return False
    host, _, pid = writer.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _stale(last_seen: str | None) -> bool:
    if not last_seen:
        return True
    try:
        seen = datetime.fromisoformat(last_seen)
    except ValueError:
        return True
    return datetime.now(timezone.utc) - seen > STALE_AFTER


def _check_pain(value: int | None) -> None:
    if value is not None and not 0 <= value <= 10:
        raise StoreError(f"a pain rating is 0 (none) to 10 (worst); got {value}")
