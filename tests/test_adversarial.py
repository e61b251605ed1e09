"""Hostile use of the command line: every bad input gives one line on stderr, a non-zero exit
when the command could not do its job, no traceback, no native library noise, and leaves every
stored byte as it was. Each case runs the real program in a subprocess, as a user would."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import decodable_frames

from posecoach.coach.events import Rep
from posecoach.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
CLIP = DATA / "clips" / "idle_front.mp4"
#: Lines that only native libraries print (OpenCV's logger, FFmpeg's demuxer and decoders).
NATIVE_NOISE = ("[ERROR:", "[ WARN:", "moov atom", "[mov,", "[h264", "obsensor", "VIDEOIO")


def _snapshot(folder: Path) -> dict[str, str]:
    """Every stored byte under ``folder``; the diagnostic log (posecoach.log beside the database,
    which notes the refused command) is not stored data."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith("posecoach.log")
    }


@pytest.fixture
def home(tmp_path):
    """A user's world: XDG folders and a database holding one session."""
    folder = tmp_path / "home"
    db = folder / "data" / "posecoach" / "posecoach.db"
    with Store(db) as store:
        sid = store.start_session("ana", routine="side_bend", pain_before=3)
        block = store.start_block(sid, position=1, exercise="side_bend", metric="lateral_flexion_deg", target_deg=25)
        store.add_rep(
            block,
            Rep(
                index=1,
                side="left",
                start_s=1,
                peak_s=2,
                end_s=3,
                peak_deg=-24.0,
                hold_s=1,
                score=90,
                faults=(),
                drive_peak_deg=-24.0,
            ),
        )
        store.add_trace(block, [0.0, 0.1], [1.0, 2.0])
        store.finish_session(sid, pain_after=2)
    return folder


def cli(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSECOACH_", "XDG_", "OPENCV_"))}
    cache = Path(tempfile.gettempdir()) / "posecoach-adv-cache"
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(cache),
        MPLCONFIGDIR=str(cache / "matplotlib"),
        PYTHONPATH=str(ROOT),
        COLUMNS="80",
    )
    return subprocess.run(
        [sys.executable, "-m", "posecoach", *args], capture_output=True, text=True, env=env, timeout=timeout, cwd=home
    )


@contextmanager
def read_only(folder: Path):
    """Make ``folder`` and its files unwritable, even for root (immutable), for the block."""
    paths = [*sorted(folder.rglob("*")), folder]
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True)
        if done.returncode != 0:
            subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True)
            pytest.skip(f"cannot make files immutable here: {done.stderr.decode().strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
    else:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p in reversed(paths):
                p.chmod(modes[p])


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str, code: int | None = 2) -> str:
    err = result.stderr
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err, err
    assert not [line for line in lines if any(noise in line for noise in NATIVE_NOISE)], err
    assert len(lines) == 1, err
    if code is not None:
        assert result.returncode == code, (result.returncode, err)
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# -- bad output paths: refused before any frame is read -----------------------------------------

OUTPUTS = {
    "analyze --json into a missing folder": ("analyze", str(CLIP), "-e", "side_bend", "--json", "{missing}/r.json"),
    "analyze --json onto a folder": ("analyze", str(CLIP), "-e", "side_bend", "--json", "{folder}"),
    "analyze --trace into a missing folder": ("analyze", str(CLIP), "-e", "side_bend", "--trace", "{missing}/t.csv"),
    "analyze --annotated into a missing folder": (
        "analyze",
        str(CLIP),
        "-e",
        "side_bend",
        "--annotated",
        "{missing}/a.mp4",
    ),
    "analyze --trace below a file": ("analyze", str(CLIP), "-e", "side_bend", "--trace", "{file}/t.csv"),
    "report --out into a missing folder": ("report", "1", "--out", "{missing}/r.html"),
    "report --out onto a folder": ("report", "1", "--out", "{folder}"),
    "progress --out into a missing folder": ("progress", "--user", "ana", "--out", "{missing}/p.png"),
    "export --out into a missing folder": ("export", "--all", "--user", "ana", "--out", "{missing}/e.csv"),
    "export --out onto a folder": ("export", "--all", "--user", "ana", "--out", "{folder}"),
    "run --record into a missing folder": (
        "run",
        "side_bend",
        "--video",
        str(CLIP),
        "--no-window",
        "--record",
        "{missing}/r.mp4",
    ),
}


@pytest.mark.parametrize("args", OUTPUTS.values(), ids=OUTPUTS.keys())
def test_a_bad_output_path_is_refused_in_one_line_before_any_work(home, args):
    (home / "out").mkdir()
    (home / "a_file").write_text("x")
    fill = {"missing": str(home / "nowhere"), "folder": str(home / "out"), "file": str(home / "a_file")}
    args = tuple(a.format(**fill) for a in args)
    before = _snapshot(home)
    started = time.monotonic()
    result = cli(home, *args)
    # Before any work: the whole analysis of this 20 s clip, or coaching it live, takes far longer.
    assert time.monotonic() - started < 15
    option = next(a for a in args if a in ("--json", "--trace", "--annotated", "--out", "--record"))
    assert_one_line_error(result, "posecoach: error:", option)
    assert _snapshot(home) == before


# -- the database: damaged, foreign, read-only, misplaced ---------------------------------------


def _db(home: Path) -> Path:
    return home / "data" / "posecoach" / "posecoach.db"


def test_a_database_written_over_with_junk(home):
    db = _db(home)
    db.write_bytes(os.urandom(16384))
    before = _snapshot(home)
    assert_one_line_error(cli(home, "history"), "cannot be read as a database", "left untouched")
    assert _snapshot(home) == before


def test_another_programs_database(home):
    db = _db(home)
    db.unlink()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    before = _snapshot(home)
    assert_one_line_error(cli(home, "history"), "not a posecoach database")
    assert _snapshot(home) == before


def test_a_database_from_a_newer_posecoach(home):
    con = sqlite3.connect(_db(home))
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = _snapshot(home)
    assert_one_line_error(cli(home, "show", "1"), "newer posecoach")
    assert _snapshot(home) == before


def test_a_folder_given_as_the_database(home):
    before = _snapshot(home)
    assert_one_line_error(cli(home, "history", "--db", str(home / "data")), "is a folder")
    assert _snapshot(home) == before


def test_a_database_below_a_file(home):
    (home / "a_file").write_text("x")
    before = _snapshot(home)
    assert_one_line_error(cli(home, "history", "--db", str(home / "a_file" / "p.db")), "cannot create the folder")
    assert _snapshot(home) == before


def test_a_read_only_database_can_be_read_but_not_written(home):
    before = _snapshot(home)
    with read_only(_db(home).parent):
        shown = cli(home, "history", "--user", "ana")
        assert shown.returncode == 0 and "side_bend L1/R0" in shown.stdout, shown.stderr
        assert_one_line_error(cli(home, "delete", "1", "--yes"), "read-only")
    assert _snapshot(home) == before


def test_analyze_save_into_a_read_only_database_fails_before_the_analysis(home):
    before = _snapshot(home)
    with read_only(_db(home).parent):
        # The video does not exist either: the database is checked first, before any video is read.
        result = cli(home, "analyze", str(home / "no_such_video.mp4"), "-e", "side_bend", "--save")
    assert_one_line_error(result, "read-only")
    assert _snapshot(home) == before


def test_run_into_a_read_only_database_fails_before_coaching(home):
    before = _snapshot(home)
    started = time.monotonic()
    with read_only(_db(home).parent):
        result = cli(home, "run", "side_bend", "--video", str(CLIP), "--no-window")
    assert_one_line_error(result, "read-only")
    assert time.monotonic() - started < 15  # the clip alone plays for 20 s
    assert _snapshot(home) == before


# -- bad routine files --------------------------------------------------------------------------

BOMB = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")]
)


@pytest.mark.parametrize(
    "text, words",
    [
        (BOMB, ("aliases expand",)),
        ("name: x\n" + "# padding\n" * 10_000, ("too big",)),
        ("[" * 5000 + "]" * 5000, ("posecoach: error:",)),
        ("name: x\ntitle: y\nexercises:\n  - exercise: " + "side-bend" * 2000 + "\n", ("is not an exercise",)),
        ("name: " + "q" * 5000 + "\ntitle: t\nexercises: [{exercise: side_bend}]\n", ("name",)),
        ("\x00\x01\x02 binary", ("posecoach: error:",)),
    ],
    ids=["yaml-bomb", "huge-file", "deep-nesting", "long-value", "long-name", "binary"],
)
def test_a_hostile_routine_file_is_one_short_line_and_quick(home, text, words):
    bad = home / "bad.yaml"
    bad.write_text(text)
    before = _snapshot(home)
    started = time.monotonic()
    line = assert_one_line_error(cli(home, "routines", "validate", str(bad), timeout=60), *words)
    assert time.monotonic() - started < 20
    assert len(line) < 400
    assert_one_line_error(cli(home, "routines", "show", str(bad), "--yaml", timeout=60), *words)
    assert _snapshot(home) == before


def test_a_routine_file_in_latin_1(home):
    bad = home / "latin.yaml"
    bad.write_bytes("name: caf\xe9\n".encode("latin-1"))
    assert_one_line_error(cli(home, "routines", "validate", str(bad)), "cannot be read")


# -- bad videos ---------------------------------------------------------------------------------


def test_a_video_cut_off_before_its_index_is_one_line_without_ffmpeg_noise(home):
    cut = home / "cut.mp4"
    data = CLIP.read_bytes()
    cut.write_bytes(data[: len(data) // 2])  # the index (moov) is at the end of this file
    before = _snapshot(home)
    assert_one_line_error(cli(home, "analyze", str(cut), "-e", "side_bend"), "cannot read")
    assert_one_line_error(cli(home, "run", "side_bend", "--video", str(cut), "--no-window"), "cannot read")
    assert _snapshot(home) == before
    # --verbose lets the libraries speak: the noise above was really there, and silenced.
    assert "moov atom not found" in cli(home, "--verbose", "analyze", str(cut), "-e", "side_bend").stderr


@pytest.mark.parametrize("content", [b"", b"this is not a video\n" * 100], ids=["empty", "text"])
def test_a_file_that_is_not_a_video(home, content):
    fake = home / "fake.mp4"
    fake.write_bytes(content)
    assert_one_line_error(cli(home, "analyze", str(fake), "-e", "side_bend"), "posecoach: error:")


def test_a_truncated_video_says_when_it_ended(home):
    """Cut in the middle of its frames (its index, at the front, still announces 20 s)."""
    video = DATA / "truncated_idle_front.mp4"
    decodable = decodable_frames(video)
    assert 0 < decodable < 600  # the file holds part of its 600 frames
    before = _snapshot(home)
    result = cli(home, "analyze", str(video), "-e", "side_bend")
    # The part that is there was analysed (exit 0); the warning names the time the file ended.
    line = assert_one_line_error(result, "ended early", f"at {decodable / 30:.1f} s", "20.0 s", code=0)
    assert line.startswith("posecoach: warning:")
    assert _snapshot(home) == before


# -- other bad arguments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, words",
    [
        (("show", "999"), ("no session 999",)),
        (("export", "--all", "--format", "xml"), ("--format",)),
        (("export", "1", "--all"), ("not both",)),
        (("analyze", str(CLIP), "-e", "side_bend", "--target", "500"), ("outside 0-90",)),
        (("analyze", str(CLIP), "-e", "side-bend"), ("posecoach: error:",)),
        (("run", "no_such_routine", "--no-window"), ("no routine called",)),
        (("progress", "--exercise", "yoga"), ("posecoach: error:",)),
    ],
    ids=["show-missing", "export-format", "export-both", "target", "exercise", "routine", "progress-exercise"],
)
def test_bad_arguments(home, args, words):
    before = _snapshot(home)
    assert_one_line_error(cli(home, *args), *words)
    assert _snapshot(home) == before


def test_a_camera_that_is_not_there_says_so_without_native_noise(home):
    before = _snapshot(home)
    assert_one_line_error(cli(home, "run", "side_bend", "--camera", "7", "--no-window"), "camera")
    assert _snapshot(home) == before


def test_piped_output_is_not_cut(home):
    with Store(_db(home)) as store:
        sid = store.start_session("ana", routine="back_relief")
        for position, exercise in enumerate(
            ("cat_cow", "side_bend", "standing_twist", "seated_twist", "forward_fold"), 1
        ):
            store.start_block(sid, position=position, exercise=exercise, metric="m", target_deg=20)
        store.finish_session(sid)
    result = cli(home, "history", "--user", "ana")  # COLUMNS=80, stdout a pipe
    assert result.returncode == 0 and "…" not in result.stdout
    assert "standing_twist 0, seated_twist 0, forward_fold 0" in result.stdout


def test_routines_show_yaml_redirected_is_the_file_and_validates(home):
    out = cli(home, "routines", "show", "back_relief", "--yaml")
    assert out.returncode == 0 and out.stdout == (ROOT / "routines" / "back_relief.yaml").read_text()
    mine = home / "mine.yaml"
    mine.write_text(out.stdout)
    assert cli(home, "routines", "validate", str(mine)).returncode == 0
