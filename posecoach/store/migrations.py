"""Schema migrations. Each is applied in one transaction together with its version record."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from posecoach.exercises.legacy import DRIVE_IS_METRIC_AT_SCHEMA_3

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, Migration] = {}


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run statements one by one (``executescript`` would commit the open transaction)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def migration(version: int) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS[version] = fn
        return fn

    return register


@migration(1)
def _initial(db: sqlite3.Connection) -> None:
    """The first schema: users and their sessions, then what each session records.

    Frozen, as every applied migration is: sqlite keeps each CREATE statement's text as written."""
    _create_users_and_sessions(db)
    _create_session_records(db)


def _create_users_and_sessions(db: sqlite3.Connection) -> None:
    """Who exercises, and one row per coached or analysed session."""
    _script(
        db,
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            started_at TEXT NOT NULL,
            ended_at TEXT,
            routine TEXT,
            source TEXT,
            model TEXT,
            app_version TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted')),
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10)
        );
    """,
    )


def _create_session_records(db: sqlite3.Connection) -> None:
    """What a session records: its exercise blocks, their reps, fault spans and traces."""
    _script(
        db,
        """
        CREATE TABLE blocks (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            exercise TEXT NOT NULL,
            metric TEXT NOT NULL,
            target_deg REAL NOT NULL,
            tolerance_deg REAL,
            hold_s REAL,
            calibration TEXT
        );
        CREATE TABLE reps (
            id INTEGER PRIMARY KEY,
            block_id INTEGER NOT NULL REFERENCES blocks(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            side TEXT CHECK (side IN ('left', 'right')),
            start_s REAL NOT NULL,
            peak_s REAL NOT NULL,
            end_s REAL NOT NULL,
            peak_deg REAL NOT NULL,
            hold_s REAL NOT NULL,
            score INTEGER NOT NULL,
            faults TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE fault_events (
            id INTEGER PRIMARY KEY,
            block_id INTEGER NOT NULL REFERENCES blocks(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            start_s REAL NOT NULL,
            end_s REAL NOT NULL,
            message TEXT NOT NULL
        );
        CREATE TABLE trace_chunks (
            block_id INTEGER NOT NULL REFERENCES blocks(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            t BLOB NOT NULL,
            value BLOB NOT NULL,
            PRIMARY KEY (block_id, seq)
        );
    """,
    )


@migration(2)
def _heartbeat_and_indexes(db: sqlite3.Connection) -> None:
    """Tell a live session from a crashed one (heartbeat, writer host:pid), and look sessions up
    by user and date quickly."""
    _script(
        db,
        """
        ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
        ALTER TABLE sessions ADD COLUMN writer TEXT;
        ALTER TABLE blocks ADD COLUMN started_at TEXT;
        UPDATE sessions SET last_seen_at = COALESCE(ended_at, started_at);
        CREATE INDEX sessions_by_user ON sessions (user_id, started_at);
        CREATE INDEX reps_by_block ON reps (block_id, idx);
    """,
    )


@migration(3)
def _drive_peak_and_confidence(db: sqlite3.Connection) -> None:
    """Each rep's counted signal's peak beside the primary metric's (twists count the shoulders'
    turn but score trunk rotation), and how far its measurement can be trusted. Older reps of the
    exercises whose counted signal is the primary metric get their peak copied; older twist reps
    keep NULL, because their shoulders' peak was never stored."""
    _script(
        db,
        """
        ALTER TABLE reps ADD COLUMN drive_peak_deg REAL;
        ALTER TABLE reps ADD COLUMN confidence REAL NOT NULL DEFAULT 1.0;
        ALTER TABLE reps ADD COLUMN confidence_reasons TEXT NOT NULL DEFAULT ''
    """,
    )
    same = list(DRIVE_IS_METRIC_AT_SCHEMA_3)
    db.execute(
        "UPDATE reps SET drive_peak_deg = peak_deg WHERE block_id IN "
        f"(SELECT id FROM blocks WHERE exercise IN ({', '.join('?' * len(same))}))",
        same,
    )


@migration(4)
def _rep_motion(db: sqlite3.Connection) -> None:
    """Each rep's motion, to replay it: the drawn landmarks around the rep, packed
    (``store/motion.py``). Older sessions have none: they simply cannot be replayed."""
    _script(
        db,
        """
        CREATE TABLE rep_motion (
            block_id INTEGER NOT NULL REFERENCES blocks(id) ON DELETE CASCADE,
            rep_idx INTEGER NOT NULL,
            t0_s REAL NOT NULL,
            frames INTEGER NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            landmarks TEXT NOT NULL,
            format INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (block_id, rep_idx)
        )
    """,
    )


LATEST = max(MIGRATIONS)
