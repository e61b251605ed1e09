"""Opening the database: where it lives, WAL mode, refusing damaged or foreign files, migrating."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from posecoach.errors import PosecoachError
from posecoach.paths import data_dir
from posecoach.store.migrations import LATEST, MIGRATIONS

#: PRAGMA application_id marking a posecoach database ("PCDB").
APPLICATION_ID = 0x50434442


class StoreError(PosecoachError):
    """The database cannot be used as it is."""


def default_db_path() -> Path:
    """``$POSECOACH_DB``, else ``$XDG_DATA_HOME/posecoach/posecoach.db``."""
    env = os.environ.get("POSECOACH_DB")
    return Path(env).expanduser() if env else data_dir() / "posecoach.db"


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=10.0, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def open_store(path: str | Path | None = None) -> sqlite3.Connection:
    """A connection to a ready, migrated posecoach database (created if missing).

    A file that is not SQLite, is damaged, or belongs to another program is never touched: the
    error says so and how to proceed.
    """
    db_path = Path(path).expanduser() if path is not None else default_db_path()
    if db_path.is_dir():
        raise StoreError(f"{db_path} is a folder; pass --db with a file path")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not db_path.exists() or db_path.stat().st_size == 0
    try:
        db = _connect(db_path)
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if not fresh and app_id != APPLICATION_ID:
            db.close()
            listed = ", ".join(tables[:5]) or "none"
            raise StoreError(
                f"{db_path} is not a posecoach database (tables: {listed}); it was left untouched: "
                "pass --db with another file"
            )
        if not fresh:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                db.close()
                first = check.replace("*** in database main ***", "").strip().splitlines()[0]
                raise StoreError(
                    f"{db_path} is damaged ({first}); it was left untouched: move it aside to start a "
                    f"new one, or try `sqlite3 {db_path} .recover` to rescue its sessions"
                )
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # durable against crashes of the app in WAL mode
        _migrate(db, fresh)
        return db
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"{db_path} cannot be read as a database ({error}); it was left untouched: move it aside "
            "to start a new one, or pass --db with another file"
        ) from None


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _migrate(db: sqlite3.Connection, fresh: bool) -> None:
    version = schema_version(db)
    if version > LATEST:
        raise StoreError(
            f"this database was written by a newer posecoach (schema {version}, this one knows {LATEST}); "
            "upgrade posecoach"
        )
    for target in range(version + 1, LATEST + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db) >= target:  # another process migrated meanwhile
                db.execute("ROLLBACK")
                continue
            MIGRATIONS[target](db)
            db.execute(f"PRAGMA user_version = {target}")
            if target == 1:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
