"""The log: a small rotating file beside the database, with what a user needs to report a problem
(calibration, set-up and view changes, reps, dropped frames, errors) and without per-frame floods."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from posecoach.cli import main
from posecoach.coach.exercise_coach import ExerciseCoach
from posecoach.coach.journal import EventJournal
from posecoach.logs import LOG_FILE, log_path, setup_logging
from scenarios import SIDE_BEND, side_bends
from synthetic import Camera, Script


@pytest.fixture()
def restore_logging():
    """The posecoach logger as it was before the test (its handlers closed): setup_logging stops it
    propagating, which would hide its records from pytest's caplog in the tests that follow."""
    log = logging.getLogger("posecoach")
    level, propagate = log.level, log.propagate
    yield
    for handler in [h for h in log.handlers if getattr(h, "_posecoach", False)]:
        log.removeHandler(handler)
        handler.close()
    log.setLevel(level)
    log.propagate = propagate


def test_log_file_sits_beside_the_database(tmp_path, monkeypatch, restore_logging):
    monkeypatch.delenv("POSECOACH_NO_LOG", raising=False)
    monkeypatch.setenv("POSECOACH_DB", str(tmp_path / "data" / "mine.db"))
    assert log_path() == tmp_path / "data" / LOG_FILE
    assert log_path(tmp_path / "elsewhere" / "x.db") == tmp_path / "elsewhere" / LOG_FILE
    assert main(["--verbose", "routines", "validate", "no-such-file.yaml"]) == 2
    text = (tmp_path / "data" / LOG_FILE).read_text()
    assert "ERROR" in text and "no-such-file.yaml: no such routine file" in text


def test_log_rotates_and_stays_small(tmp_path, monkeypatch, restore_logging):
    monkeypatch.delenv("POSECOACH_NO_LOG", raising=False)
    monkeypatch.setenv("POSECOACH_DB", str(tmp_path / "mine.db"))
    monkeypatch.setattr("posecoach.logs.MAX_BYTES", 2000)
    setup_logging(False)
    for i in range(200):
        logging.getLogger("posecoach.test").info("line %d of a long session", i)
    files = sorted(p.name for p in tmp_path.glob(LOG_FILE + "*"))
    assert files == [LOG_FILE, LOG_FILE + ".1", LOG_FILE + ".2"]  # two backups kept, the rest dropped
    assert all(p.stat().st_size <= 2100 for p in tmp_path.glob(LOG_FILE + "*"))


class _Lines(logging.Handler):
    """Keeps each record's message."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_journal_logs_changes_not_frames():
    # Turned away for 2 s (the wrong view on every frame), then the clip's stance and 4 side bends.
    turned = Script(SIDE_BEND, [], lead_in_s=2.0, tail_s=0.0, camera=replace(Camera(), view="left"))
    logger, kept = logging.Logger("journal"), _Lines()  # outside the logger tree: only this test sees it
    logger.setLevel(logging.INFO)
    logger.addHandler(kept)
    exercise_coach, journal = ExerciseCoach("side_bend"), EventJournal(logger)
    frames = turned.poses() + [replace(p, t_ms=p.t_ms + 2000) for p in side_bends(4).poses()]
    for index, pose in enumerate(frames):
        if index % 10 == 5:
            continue  # the source skipped a frame
        journal.frame(index, pose.t_s)
        journal.record(exercise_coach.update(pose))
    journal.record(exercise_coach.finish())
    journal.close()
    lines = kept.lines
    assert sum("set-up: wrong_view_front" in line for line in lines) == 1  # once, though every frame had it
    assert sum("calibrated" in line for line in lines) == 1
    assert sum(" rep " in f" {line}" for line in lines) == 4 == exercise_coach.counts["total"]
    skipped = sum(1 for i in range(len(frames) - 1) if i % 10 == 5)  # a gap shows when the next frame comes
    assert lines[-1] == f"{skipped} frame(s) dropped in all"
