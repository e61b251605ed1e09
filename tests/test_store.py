"""The session store against temporary databases: durability, concurrency, damage, migration."""

from __future__ import annotations

import hashlib
import math
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace

import pytest

import posecoach
from posecoach.coach.events import FaultSpan, Rep
from posecoach.store import Store, StoreError, default_db_path
from posecoach.store.db import APPLICATION_ID, schema_version
from posecoach.store.migrations import LATEST, MIGRATIONS
from posecoach.store.sessions import past_performances


def make_rep(index: int, side: str | None = "left", peak: float = -25.0, faults=()) -> Rep:
    return Rep(
        index=index,
        side=side,
        start_s=index * 5.0,
        peak_s=index * 5.0 + 2,
        end_s=index * 5.0 + 4,
        peak_deg=peak,
        hold_s=1.0,
        score=90,
        faults=tuple(faults),
        drive_peak_deg=peak,
    )


def test_default_path_follows_xdg_and_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("POSECOACH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "posecoach" / "posecoach.db"
    monkeypatch.setenv("POSECOACH_DB", str(tmp_path / "mine.db"))
    assert default_db_path() == tmp_path / "mine.db"


def test_roundtrip_in_wal_mode(tmp_path):
    path = tmp_path / "a.db"
    with Store(path) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert schema_version(store.db) == LATEST
        sid = store.start_session("ana", routine="side_bend", pain_before=3)
        block = store.start_block(sid, position=1, exercise="side_bend", metric="lateral_flexion_deg", target_deg=25)
        store.set_calibration(block, {"trunk_tilt_deg": 1.25, "knee_ratio": float("nan")})
        store.add_rep(block, make_rep(1, "left", -27.0, ["hip_shift"]))
        store.add_rep(block, make_rep(2, "right", 26.0))
        store.add_fault(block, FaultSpan("hip_shift", 5.0, 6.5, "Keep your hips still."))
        store.add_trace(block, [0.0, 0.033, 0.066], [None, 1.5, 2.5])
        store.finish_session(sid, pain_after=1)
    with Store(path) as store:
        (session,) = store.sessions("ana")
        assert (session.status, session.pain_before, session.pain_after) == ("completed", 3, 1)
        (block_info,) = session.blocks
        assert block_info.counts() == {"left": 1, "right": 1, "total": 2}
        assert block_info.reps[0].faults == ("hip_shift",) and block_info.reps[1].peak_deg == 26.0
        assert block_info.calibration == {"trunk_tilt_deg": 1.25}
        t, v = store.trace(block_info.id)
        assert t.tolist() == pytest.approx([0.0, 0.033, 0.066]) and v[1:].tolist() == [1.5, 2.5]
        assert store.sessions("bob") == []


def test_users_share_one_database_without_seeing_each_others_sessions(tmp_path):
    with Store(tmp_path / "h.db") as store:
        for user in ("ana", "ben", "ana"):
            store.finish_session(store.start_session(user, routine="cat_cow"))
        assert len(store.sessions("ana")) == 2 and len(store.sessions("ben")) == 1


def test_pain_ratings_are_checked(tmp_path):
    with Store(tmp_path / "p.db") as store, pytest.raises(StoreError, match="0 \\(none\\) to 10"):
        store.start_session("ana", routine="x", pain_before=11)


WRITER = textwrap.dedent("""
    import sys, time
    from posecoach.coach.events import Rep
    from posecoach.store import Store
    store = Store(sys.argv[1])
    sid = store.start_session("ana", routine="side_bend")
    block = store.start_block(sid, position=1, exercise="side_bend", metric="lateral_flexion_deg", target_deg=25)
    i = 0
    while True:
        i += 1
        store.add_rep(block, Rep(index=i, side="left" if i % 2 else "right", start_s=i, peak_s=i + .5,
                                 end_s=i + .9, peak_deg=20.0 + i % 7, hold_s=.5, score=80, faults=(),
                                 drive_peak_deg=20.0))
        store.add_trace(block, [i + k / 30 for k in range(30)], [float(k) for k in range(30)])
        print(i, flush=True)
        time.sleep(0.01)
""")


def test_kill_9_mid_session_loses_no_counted_rep(tmp_path):
    path = tmp_path / "k.db"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    counted = 0
    assert proc.stdout is not None
    while counted < 40:
        line = proc.stdout.readline()
        assert line, "the writer died on its own"
        counted = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        (session,) = store.sessions("ana")
        indices = [rep.index for rep in session.reps]
        assert indices[:counted] == list(range(1, counted + 1))  # every rep printed was committed
        assert session.status == "interrupted"  # its writer is gone
        assert session.ended_at is None


def test_a_reader_while_a_session_is_being_written(tmp_path):
    path = tmp_path / "r.db"
    with Store(path) as writer:
        sid = writer.start_session("ana", routine="side_bend")
        block = writer.start_block(sid, position=1, exercise="side_bend", metric="lateral_flexion_deg", target_deg=25)
        seen, errors = [], []

        def read() -> None:
            try:
                with Store(path) as reader:
                    for _ in range(40):
                        (session,) = reader.sessions("ana")
                        seen.append(len(session.reps))
                        time.sleep(0.005)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

        thread = threading.Thread(target=read)
        thread.start()
        for i in range(1, 81):
            writer.add_rep(block, make_rep(i))
            time.sleep(0.003)  # a rep every few ms, while the reader reads
        thread.join()
        writer.finish_session(sid)
    assert errors == []
    assert seen == sorted(seen) and seen[-1] > seen[0]  # it saw reps arrive, never went back
    with Store(path) as store:
        assert store.sessions("ana")[0].status == "completed"


def assert_refused_untouched(path, message: str) -> None:
    """Opening ``path`` fails with ``message`` and leaves the file byte-identical."""
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match=message):
        Store(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(8192))
    assert_refused_untouched(junk, "cannot be read as a database.*left untouched")


def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    foreign = tmp_path / "contacts.db"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE contacts (name TEXT)")
    db.execute("INSERT INTO contacts VALUES ('Ana')")
    db.commit()
    db.close()
    assert_refused_untouched(foreign, "not a posecoach database \\(tables: contacts\\)")


def _fill(path):
    """A database of a few pages: one session of 399 reps, all in the main file (WAL checkpointed)."""
    with Store(path) as store:
        sid = store.start_session("ana", routine="side_bend")
        block = store.start_block(sid, position=1, exercise="side_bend", metric="m", target_deg=25)
        for i in range(1, 400):
            store.add_rep(block, make_rep(i))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_a_damaged_posecoach_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "d.db"
    _fill(path)
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(data) - 4096, 4096):  # scribble over every page but the first two
        data[offset + 100 : offset + 400] = os.urandom(300)
    path.write_bytes(bytes(data))
    assert_refused_untouched(path, "(damaged|cannot be read).*left untouched")


def test_migration_from_the_first_schema_version_keeps_the_data(tmp_path):
    path = tmp_path / "v1.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    MIGRATIONS[1](db)
    db.execute("PRAGMA user_version = 1")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("COMMIT")
    db.execute("INSERT INTO users (name, created_at) VALUES ('ana', '2026-01-05T10:00:00+00:00')")
    db.execute(
        "INSERT INTO sessions (user_id, started_at, ended_at, routine, status) VALUES "
        "(1, '2026-01-05T10:00:00+00:00', '2026-01-05T10:12:00+00:00', 'back_relief', 'completed')"
    )
    db.execute(
        "INSERT INTO blocks (session_id, position, exercise, metric, target_deg) VALUES "
        "(1, 1, 'side_bend', 'lateral_flexion_deg', 25)"
    )
    db.execute(
        "INSERT INTO reps (block_id, idx, side, start_s, peak_s, end_s, peak_deg, hold_s, score, faults) "
        "VALUES (1, 1, 'left', 1, 2, 3, -24.5, 1, 88, 'hip_shift')"
    )
    db.close()
    with Store(path) as store:
        assert schema_version(store.db) == LATEST
        columns = {row[1] for row in store.db.execute("PRAGMA table_info(sessions)")}
        assert {"last_seen_at", "writer"} <= columns
        (session,) = store.sessions("ana")
        assert session.status == "completed" and session.routine == "back_relief"
        assert session.reps[0].peak_deg == -24.5 and session.reps[0].faults == ("hip_shift",)


def test_a_database_from_a_newer_posecoach_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer posecoach"):
        Store(path)


def test_deleting_a_session_removes_everything_in_it(tmp_path):
    with Store(tmp_path / "x.db") as store:
        sid = store.start_session("ana", routine="side_bend")
        block = store.start_block(sid, position=1, exercise="side_bend", metric="m", target_deg=25)
        store.add_rep(block, make_rep(1))
        store.add_trace(block, [0.0], [1.0])
        store.delete_session(sid)
        assert store.sessions() == []
        assert store.db.execute("SELECT COUNT(*) FROM reps").fetchone()[0] == 0
        assert store.db.execute("SELECT COUNT(*) FROM trace_chunks").fetchone()[0] == 0
        with pytest.raises(StoreError, match="no session 1"):
            store.delete_session(sid)


# -- recorded data is never lost or altered ---------------------------------------------------


def test_a_damaged_database_with_a_wal_left_by_a_killed_writer_is_never_written(tmp_path):
    """The inspection must not checkpoint the WAL into a damaged file, nor remove the WAL."""
    path = tmp_path / "w.db"
    _fill(path)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    while int(proc.stdout.readline() or "0") < 20:
        pass
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 0  # the killed writer left its WAL behind
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(data) - 4096, 4096):
        data[offset + 100 : offset + 400] = os.urandom(300)
    path.write_bytes(bytes(data))
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (path, wal)}
    with pytest.raises(StoreError, match="(damaged|cannot be read).*left untouched"):
        Store(path)
    assert wal.exists()
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (path, wal)} == before


def _open_at_once(path, openers: int) -> list[str]:
    barrier, errors = threading.Barrier(openers), []

    def open_one() -> None:
        barrier.wait()
        try:
            Store(path).close()
        except StoreError as error:
            errors.append(str(error))

    threads = [threading.Thread(target=open_one) for _ in range(openers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_many_openers_of_a_brand_new_database_all_succeed(tmp_path):
    for trial in range(30):
        path = tmp_path / f"new{trial}.db"
        assert _open_at_once(path, 6) == [], f"trial {trial}"
        with Store(path) as store:
            assert schema_version(store.db) == LATEST
            assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_an_empty_sqlite_file_is_not_mistaken_for_a_foreign_database(tmp_path):
    path = tmp_path / "empty.db"
    sqlite3.connect(path).execute("PRAGMA journal_mode = WAL").fetchone()  # a header, no tables
    with Store(path) as store:
        assert schema_version(store.db) == LATEST


def test_migration_3_keeps_old_reps_and_stores_both_peaks_and_the_confidence(tmp_path):
    path = tmp_path / "v2.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    MIGRATIONS[1](db)
    MIGRATIONS[2](db)
    db.execute("PRAGMA user_version = 2")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("COMMIT")
    db.execute("INSERT INTO users (name, created_at) VALUES ('ana', '2026-01-05T10:00:00+00:00')")
    db.execute(
        "INSERT INTO sessions (user_id, started_at, status) VALUES (1, '2026-01-05T10:00:00+00:00', 'completed')"
    )
    for block, exercise in ((1, "side_bend"), (2, "standing_twist"), (3, "forward_fold")):
        db.execute(
            "INSERT INTO blocks (session_id, position, exercise, metric, target_deg) VALUES (1, ?, ?, 'm', 25)",
            (block, exercise),
        )
        db.execute(
            "INSERT INTO reps (block_id, idx, side, start_s, peak_s, end_s, peak_deg, hold_s, score) "
            "VALUES (?, 1, 'left', 1, 2, 3, -24.5, 1, 88)",
            (block,),
        )
    db.close()
    with Store(path) as store:
        assert schema_version(store.db) == LATEST
        side_bend, twist, fold = store.sessions("ana")[0].blocks
        # The side bend and (then) the fold counted their primary metric, so its peak is the counted
        # one; the old twist rep never had its shoulders' peak stored: unknown, not the trunk's.
        assert side_bend.reps[0].drive_peak_deg == -24.5 and side_bend.reps[0].confidence == 1.0
        assert fold.reps[0].drive_peak_deg == -24.5
        assert math.isnan(twist.reps[0].drive_peak_deg)
        assert past_performances(store.sessions("ana"), "standing_twist") == []
        block = store.start_block(
            store.start_session("ana", routine="standing_twist"),
            position=1,
            exercise="standing_twist",
            metric="trunk_rotation_deg",
            target_deg=30,
        )
        store.add_rep(
            block,
            replace(
                make_rep(1, "right", 20.0),
                drive_peak_deg=35.0,
                confidence=0.3,
                confidence_reasons=("oblique_view", "landmarks_hidden"),
            ),
        )
        (rep,) = store.sessions("ana")[1].reps
        assert (rep.peak_deg, rep.drive_peak_deg, rep.confidence) == (20.0, 35.0, 0.3)
        assert rep.confidence_reasons == ("oblique_view", "landmarks_hidden") and rep.low_confidence


def test_twist_targets_come_from_the_signal_they_are_judged_on(tmp_path):
    """The twist's partial_range and its target are judged on the shoulders' turn (the counted
    signal); the history must give that peak, not the trunk rotation's."""
    with Store(tmp_path / "t.db") as store:
        block = store.start_block(
            store.start_session("ana", routine="standing_twist"),
            position=1,
            exercise="standing_twist",
            metric="trunk_rotation_deg",
            target_deg=30,
        )
        store.add_rep(block, replace(make_rep(1, "left", -20.0), drive_peak_deg=-34.0))
        store.add_rep(block, replace(make_rep(2, "right", 21.0), drive_peak_deg=36.0))
        (performance,) = past_performances(store.sessions("ana"), "standing_twist")
    assert performance.peaks == {"left": [34.0], "right": [36.0]}


def test_low_confidence_reps_count_but_feed_neither_targets_nor_progress(tmp_path):
    from posecoach.report.progress import progress

    with Store(tmp_path / "c.db") as store:
        block = store.start_block(
            store.start_session("ana", routine="side_bend"),
            position=1,
            exercise="side_bend",
            metric="lateral_flexion_deg",
            target_deg=25,
        )
        store.add_rep(block, make_rep(1, "left", -22.0))
        store.add_rep(block, replace(make_rep(2, "left", -38.0), confidence=0.2, confidence_reasons=("too_far",)))
        store.add_rep(block, make_rep(3, "right", 24.0))
        sessions = store.sessions("ana")
    assert sessions[0].blocks[0].counts() == {"left": 2, "right": 1, "total": 3}
    (performance,) = past_performances(sessions, "side_bend")
    assert performance.peaks == {"left": [22.0], "right": [24.0]}
    (point,) = progress(sessions, "side_bend")
    assert (point.left_deg, point.right_deg, point.reps) == (22.0, 24.0, 2)


def test_folds_measured_by_an_older_version_feed_neither_targets_nor_progress(tmp_path):
    """Before 0.2.0 the fold was measured from the start, 4-9 deg deeper than from the vertical as
    now: its old angles stay stored but are not compared with today's. Other exercises' are."""
    from posecoach.report.progress import progress

    path = tmp_path / "v.db"
    with Store(path) as store:
        for peak in (52.0, 44.0):  # the older session, then today's
            session = store.start_session("ana", routine="back_relief")
            for position, (exercise, metric) in enumerate(
                (("forward_fold", "fold_deg"), ("side_bend", "lateral_flexion_deg")), start=1
            ):
                block = store.start_block(session, position=position, exercise=exercise, metric=metric, target_deg=30)
                store.add_rep(block, make_rep(1, None if exercise == "forward_fold" else "left", peak))
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE sessions SET app_version = '0.1.0' WHERE id = (SELECT MIN(id) FROM sessions)")
    db.close()
    with Store(path) as store:
        sessions = store.sessions("ana")
    assert [s.app_version for s in sessions] == ["0.1.0", posecoach.__version__]
    assert [p.peaks for p in past_performances(sessions, "forward_fold")] == [{"all": [44.0]}]
    assert [p.range_deg for p in progress(sessions, "forward_fold")] == [44.0]
    assert [p.peaks for p in past_performances(sessions, "side_bend")] == [{"left": [52.0]}, {"left": [44.0]}]
    assert sessions[0].blocks[0].reps[0].peak_deg == 52.0  # kept as stored


OPENER = textwrap.dedent("""
    import sys
    from posecoach.store import StoreError, open_store
    try:
        open_store(sys.argv[1]).close()
    except StoreError as error:
        print(error)
        sys.exit(3)
""")


def test_six_processes_creating_one_database_at_once_all_succeed(tmp_path):
    for trial in range(5):
        path = tmp_path / f"p{trial}.db"
        procs = [
            subprocess.Popen([sys.executable, "-c", OPENER, str(path)], stdout=subprocess.PIPE, text=True)
            for _ in range(6)
        ]
        failures = [out for proc in procs for out in [proc.communicate(timeout=60)[0]] if proc.returncode]
        assert failures == [], f"trial {trial}"
