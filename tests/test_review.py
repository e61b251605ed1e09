"""Review commands over a temporary database: history, show, progress, export, report, delete."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess

import cv2
import numpy as np
import pytest
from conftest import need_tool

from posecoach.cli import main
from posecoach.store import Store
from posecoach.store.recorder import save_analysis
from scenarios import side_bends, synthetic_result


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """Two side-bend sessions a few weeks apart: 20 degrees, then 30 (progress beyond noise)."""
    path = tmp_path_factory.mktemp("review") / "review.db"
    with Store(path) as store:
        for when, deg in (("2026-10-01T09:00:00+00:00", 20.0), ("2026-10-29T09:00:00+00:00", 30.0)):
            result = synthetic_result(side_bends(4, deg), "side_bend", f"week-{deg:.0f}.mp4")
            sid = save_analysis(store, result, user="ana", pain_before=4, pain_after=2)
            store.db.execute("UPDATE sessions SET started_at = ? WHERE id = ?", (when, sid))
    return path


def run_cli(capsys, *args: str) -> str:
    code = main([*args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return " ".join(out.out.split())


def test_history_lists_both_sessions_with_counts_scores_and_pain(db, capsys):
    out = run_cli(capsys, "history", "--db", str(db), "--user", "ana")
    assert "side_bend L2/R2" in out and out.count("completed") == 2 and "4 → 2" in out
    assert "No sessions yet for bob" in run_cli(capsys, "history", "--db", str(db), "--user", "bob")


def test_show_prints_each_rep(db, capsys):
    out = run_cli(capsys, "show", "1", "--db", str(db))
    assert "Session 1 (completed)" in out and "partial_range" in out  # 20 deg against a 25 deg target
    assert len(re.findall(r"\b(left|right)\b", out)) == 4


def test_progress_reports_change_beyond_noise_and_writes_a_plot(db, capsys, tmp_path):
    png = tmp_path / "progress.png"
    out = run_cli(capsys, "progress", "--exercise", "side_bend", "--db", str(db), "--user", "ana", "--out", str(png))
    assert "left +10.0 deg; right +10.0 deg" in out
    image = cv2.imread(str(png))
    assert image is not None and image.shape[0] > 300 and image.std() > 10


def test_a_small_change_is_labelled_as_noise(tmp_path, capsys):
    path = tmp_path / "noise.db"
    with Store(path) as store:
        for deg in (28.0, 31.0):
            save_analysis(store, synthetic_result(side_bends(2, deg), "side_bend", "x.mp4"), user="ana")
    out = run_cli(capsys, "progress", "--db", str(path), "--user", "ana")
    assert "within measurement noise" in out


def test_export_csv_and_json(db, capsys, tmp_path):
    code = main(["export", "--all", "--format", "csv", "--db", str(db), "--user", "ana"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert code == 0 and len(rows) == 8 and {r["side"] for r in rows} == {"left", "right"}
    out = tmp_path / "s.json"
    run_cli(capsys, "export", "2", "--format", "json", "--db", str(db), "--out", str(out))
    (session,) = json.loads(out.read_text())
    assert session["blocks"][0]["counts"] == {"left": 2, "right": 2, "total": 4}
    assert all(abs(abs(r["peak_deg"]) - 30) < 3 for r in session["blocks"][0]["reps"])
    assert main(["export", "--format", "xml", "--all", "--db", str(db)]) == 2


def test_delete_asks_and_removes(tmp_path, capsys):
    path = tmp_path / "del.db"
    with Store(path) as store:
        save_analysis(store, synthetic_result(side_bends(2), "side_bend", "x.mp4"), user="ana")
    run_cli(capsys, "delete", "1", "--yes", "--db", str(path))
    with Store(path) as store:
        assert store.sessions() == []
    assert main(["show", "1", "--db", str(path)]) == 2
    assert "no session 1" in capsys.readouterr().err


def test_a_corrupt_database_is_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 500)
    assert main(["history", "--db", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "cannot be read as a database" in err and "Traceback" not in err


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_html_report_in_headless_chromium_shows_its_plots_and_tables(db, capsys, tmp_path, output_dir):
    browser = need_tool("chromium", "chromium-browser")
    report = tmp_path / "report.html"
    run_cli(capsys, "report", "2", "--db", str(db), "--out", str(report))
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run(
        [browser, *CHROMIUM_FLAGS, *profile, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert "<h1>Session 2: side_bend</h1>" in dom
    rep_rows = re.findall(r"<tr><td>\d+</td><td>(left|right)</td>", dom)
    assert rep_rows == ["left", "right", "left", "right"]
    images = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,([^"]+)"', dom)
    assert [alt for alt, _ in images] == ["lateral_flexion_deg over time", "progress of Standing side bend"]
    for _, data in images:  # each embedded plot decodes to a real picture
        import base64

        picture = cv2.imdecode(np.frombuffer(base64.b64decode(data), np.uint8), cv2.IMREAD_COLOR)
        assert picture is not None and picture.shape[1] > 500 and picture.std() > 10
    shot = output_dir / "report_screenshot.png"
    subprocess.run(
        [browser, *CHROMIUM_FLAGS, *profile, "--window-size=1100,2200", f"--screenshot={shot}", report.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    page = cv2.imread(str(shot))
    assert page is not None and page.shape[:2] == (2200, 1100)
    assert (page < 200).any(axis=2).mean() > 0.03  # text and plots were painted, not a blank page


def test_low_confidence_reps_are_marked_in_show_exports_and_the_report(tmp_path, capsys):
    from dataclasses import replace

    path = tmp_path / "conf.db"
    result = synthetic_result(side_bends(2, 30.0), "side_bend", "x.mp4")
    result.reps = [
        replace(result.reps[0], confidence=0.2, confidence_reasons=("too_far", "oblique_view")),
        *result.reps[1:],
    ]
    with Store(path) as store:
        save_analysis(store, result, user="ana")
    out = run_cli(capsys, "show", "1", "--db", str(path))
    assert "low 0.20: too_far, oblique_view" in out and "left out of progress and adaptive targets" in out
    assert main(["export", "1", "--db", str(path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["low_confidence"] for r in rows] == ["1", "0"] and rows[0]["confidence_reasons"] == "too_far;oblique_view"
    assert main(["export", "1", "--format", "json", "--db", str(path)]) == 0
    reps = json.loads(capsys.readouterr().out)[0]["blocks"][0]["reps"]
    assert [r["low_confidence"] for r in reps] == [True, False]
    report = tmp_path / "r.html"
    run_cli(capsys, "report", "1", "--db", str(path), "--out", str(report))
    page = report.read_text()
    assert len(re.findall(r"<tr class=lowconf>", page)) == 1 and "low 0.20: too_far, oblique_view" in page
