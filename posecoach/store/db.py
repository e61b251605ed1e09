"""Opening the database: where it lives, WAL mode, refusing damaged or foreign files, migrating."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from posecoach.errors import PosecoachError
from posecoach.paths import default_db_path
from posecoach.store.migrations import LATEST, MIGRATIONS

#: PRAGMA application_id marking a posecoach database ("PCDB").
APPLICATION_ID = 0x50434442


class StoreError(PosecoachError):
    """The database cannot be used as it is."""


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=10.0, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _connect_readonly(path: Path, immutable: bool | None = None) -> sqlite3.Connection:
    """A connection that cannot write the file: no checkpoint, no WAL removal on close. Without a
    WAL beside it the file is read as immutable (by default), which creates no -wal or -shm file
    either, but takes no lock: a writer can change the file under it."""
    if immutable is None:
        immutable = not path.with_name(path.name + "-wal").exists()
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    db = sqlite3.connect(
        f"{path.resolve().as_uri()}?{flags}", uri=True, timeout=10.0, isolation_level=None, check_same_thread=False
    )
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA busy_timeout = 10000")
    return db


def _writable(db_path: Path) -> bool:
    """Can we write the file and, for its -wal and -shm files, its folder?"""
    folder_ok = os.access(db_path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not db_path.exists() or os.access(db_path, os.W_OK))


def _readonly_error(db_path: Path) -> StoreError:
    return StoreError(
        f"{db_path} is read-only here (it or its folder cannot be written); make both writable, "
        "or pass --db with another file"
    )


def _inspect(db_path: Path) -> tuple[int, int, list[str]]:
    """(application_id, user_version, tables) of an existing file, read without ever writing to it.

    Raises StoreError when it is not a database, is damaged or belongs to another program. A file
    read as immutable takes no lock, so a verdict against it is checked again a moment later:
    another process may have been creating it (and checkpointing its first WAL) just then."""
    for attempt in range(3):
        immutable = not db_path.with_name(db_path.name + "-wal").exists()
        try:
            return _inspect_once(db_path, immutable)
        except StoreError:
            if not immutable or attempt == 2:
                raise
            time.sleep(0.2)
    raise AssertionError("unreachable")


def _inspect_once(db_path: Path, immutable: bool) -> tuple[int, int, list[str]]:
    try:
        db = _connect_readonly(db_path, immutable)
    except sqlite3.Error as error:
        raise _unreadable(db_path, error) from None
    try:
        # One read transaction: read one by one, the tables could be seen after another opener's
        # first migration committed and its application id before it (a posecoach file refused).
        db.execute("BEGIN")
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if app_id != APPLICATION_ID and (tables or version):  # an empty database holds nothing to protect
            listed = ", ".join(tables[:5]) or "none"
            raise StoreError(
                f"{db_path} is not a posecoach database (tables: {listed}); it was left untouched: "
                "pass --db with another file"
            )
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            first = check.replace("*** in database main ***", "").strip().splitlines()[0]
            raise StoreError(
                f"{db_path} is damaged ({first[:120]}); it was left untouched: move it aside to start a "
                f"new one, or try `sqlite3 {db_path} .recover` to rescue its sessions"
            )
        return app_id, version, tables
    except sqlite3.Error as error:
        raise _unreadable(db_path, error) from None
    finally:
        db.close()


def _unreadable(db_path: Path, error: sqlite3.Error) -> StoreError:
    return StoreError(
        f"{db_path} cannot be read as a database ({str(error)[:120]}); it was left untouched: move it aside "
        "to start a new one, or pass --db with another file"
    )


def open_store(path: str | Path | None = None, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection to a ready, migrated posecoach database (created if missing).

    A file that is not SQLite, is damaged, or belongs to another program is never written to: it
    is inspected through a read-only connection first, and the error says so and how to proceed.
    ``readonly``: only reading is needed, so a read-only file with the current schema will do.
    """
    db_path = Path(path).expanduser() if path is not None else default_db_path()
    if db_path.is_dir():
        raise StoreError(f"{db_path} is a folder; pass --db with a file path")
    exists = db_path.exists() and db_path.stat().st_size > 0
    if exists:
        app_id, version, _ = _inspect(db_path)
        if version > LATEST:
            raise StoreError(
                f"this database was written by a newer posecoach (schema {version}, this one knows {LATEST}); "
                "upgrade posecoach"
            )
        if not _writable(db_path):
            if readonly and app_id == APPLICATION_ID and version == LATEST:
                try:
                    return _connect_readonly(db_path)
                except sqlite3.Error as error:
                    raise _unreadable(db_path, error) from None
            raise _readonly_error(db_path)
    else:
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder {db_path.parent} ({error.strerror}); pass --db with another file"
            ) from None
        if not _writable(db_path):
            raise _readonly_error(db_path)
    # Switching a new file to WAL needs an exclusive lock, and SQLite answers "locked" at once
    # (without waiting on busy_timeout) while another process is creating the same file: retry.
    deadline = time.monotonic() + 10.0
    while True:
        db = None
        try:
            db = _connect(db_path)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")  # durable against crashes of the app in WAL mode
            _migrate(db)
            return db
        except sqlite3.OperationalError as error:
            if db is not None:
                db.close()
            if "locked" in str(error) and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            if "readonly" in str(error):
                raise _readonly_error(db_path) from None
            raise _unreadable(db_path, error) from None
        except sqlite3.DatabaseError as error:
            if db is not None:
                db.close()
            raise _unreadable(db_path, error) from None


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _migrate(db: sqlite3.Connection) -> None:
    """Bring the schema up to date, one transaction per step. Safe against concurrent openers: each
    step re-reads the version under the write lock, and a file someone else filled meanwhile with
    tables of their own is refused."""
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
            if target == 1 and db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
                raise StoreError(
                    "the database file was filled by another program while opening it; pass --db with another file"
                )
            MIGRATIONS[target](db)
            db.execute(f"PRAGMA user_version = {target}")
            if target == 1:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
