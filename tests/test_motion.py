"""Each rep's motion: captured around the rep, packed, stored, migrated, deleted and exported."""

from __future__ import annotations

import json
import shutil
import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posecoach.cli import main
from posecoach.coach.events import Rep
from posecoach.exercises.registry import EXERCISES
from posecoach.pose.types import NUM_LANDMARKS, SKELETON_EDGES, Pose
from posecoach.store import Store
from posecoach.store.db import schema_version
from posecoach.store.migrations import LATEST
from posecoach.store.motion import DRAWN, MotionCapture, RepMotion, decode, encode
from posecoach.store.recorder import save_analysis
from scenarios import side_bends, synthetic_result

QUANTUM = 0.5 / 10000  # half the step image coordinates are kept in (store/motion.py's XY_SCALE)


def error_lines(capsys) -> list[str]:
    """The lines the command line printed as its error (in this process the log echoes them too)."""
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("posecoach: error:")]


def pose_at(t_s: float, rng: np.random.Generator, width: int = 640, height: int = 480) -> Pose:
    image = np.c_[rng.uniform(-0.2, 1.2, (NUM_LANDMARKS, 2)), rng.normal(0, 0.1, NUM_LANDMARKS)]
    return Pose(round(t_s * 1000), width, height, image, rng.random(NUM_LANDMARKS), np.ones(NUM_LANDMARKS), image)


def make_rep(index: int, start: float, end: float, side: str | None = "left") -> Rep:
    return Rep(index, side, start, (start + end) / 2, end, 20.0, 1.0, 90, (), 20.0)


def feed(capture: MotionCapture, fps: float, seconds: float, reps: dict[float, Rep], seed: int = 0):
    """Frames at ``fps`` for ``seconds``; ``reps[t]`` is counted at frame time t. Returns the
    motions cut (as frame() and finish() hand them over) and the poses given."""
    rng, out, poses, waiting = np.random.default_rng(seed), [], [], dict(reps)
    for k in range(int(seconds * fps)):
        t = k / fps
        for at in [at for at in waiting if t >= at]:
            capture.rep(waiting.pop(at))
        pose = pose_at(t, rng)
        poses.append(pose)
        out += capture.frame(pose, 10.0 * np.sin(t), None)
    return out + capture.finish(), poses


def test_every_landmark_the_overlay_draws_is_kept():
    drawn = {i for edge in SKELETON_EDGES for i in edge} | set(range(11, 33))
    drawn |= {i for spec in EXERCISES.values() for rule in spec.fault_rules for i in rule.parts}
    assert drawn <= set(DRAWN)


@pytest.mark.parametrize("fps", [10.0, 15.0, 24.0, 25.0, 29.97, 30.0, 60.0])
def test_frames_are_kept_at_up_to_15_a_second_with_a_second_either_side(fps):
    rep = make_rep(1, 3.0, 7.0)
    (motion,), _ = feed(MotionCapture(), fps, 12.0, {7.5: rep})
    t = motion.t_s
    assert t[0] == pytest.approx(2.0, abs=1.0 / min(fps, 15) + 1e-6)
    assert t[-1] == pytest.approx(8.0, abs=1.0 / min(fps, 15) + 1e-6)
    # never two frames closer than 1/15 s (their times are whole milliseconds), so 15 a second at most
    assert np.diff(t).min() >= 1 / 15 - 0.002 and (len(t) - 1) / (t[-1] - t[0]) <= 15.0 + 1e-6
    if fps >= 15:  # no gap longer than 1/15 s and one of the camera's frames
        assert np.diff(t).max() <= 1 / 15 + 1 / fps + 0.0011


def test_a_rep_is_cut_once_its_second_after_has_passed():
    capture, rng, cut_at = MotionCapture(), np.random.default_rng(1), None
    for k in range(120):
        t = k / 30
        if k == 63:  # counted a moment after it ended, as the exercise coach counts
            capture.rep(make_rep(1, 1.0, 2.0))
        if capture.frame(pose_at(t, rng), None, None):
            cut_at = t
            break
    assert cut_at == pytest.approx(3.0, abs=1 / 30 + 1e-6) and not capture.waiting


def test_a_two_minute_hold_is_kept_whole_and_the_buffer_stays_bounded():
    capture = MotionCapture()
    (motion,), _ = feed(capture, 15.0, 200.0, {132.0: make_rep(1, 10.0, 131.0, None)})
    assert motion.t_s[0] == pytest.approx(9.0, abs=0.07) and motion.t_s[-1] == pytest.approx(132.0, abs=0.07)
    assert len(capture._frames) <= 15 * 180 + 1


def test_the_clock_starting_again_starts_a_new_buffer():
    capture, rng = MotionCapture(), np.random.default_rng(2)
    for k in range(100):
        capture.frame(pose_at(10 + k / 30, rng), None, None)
    capture.rep(make_rep(1, 0.5, 1.0))
    for k in range(60):
        capture.frame(pose_at(k / 30, rng), None, None)
    (motion,) = capture.finish()
    assert motion.t_s.max() < 2.1


@settings(max_examples=40, deadline=None)
@given(
    frames=st.integers(1, 40),
    seed=st.integers(0, 2**16),
    width=st.sampled_from([320, 640, 1920, 3840]),
)
def test_packing_keeps_landmarks_to_a_fraction_of_a_pixel_and_the_visibility_threshold(frames, seed, width):
    rng = np.random.default_rng(seed)
    t = np.sort(rng.uniform(0, 100, frames)).round(3)
    vis = rng.random((frames, len(DRAWN)))
    vis[0, :3] = [0.5, 0.4999, 0.5001]
    value = rng.normal(0, 30, frames)
    value[rng.random(frames) < 0.2] = np.nan
    motion = RepMotion(
        3, width, width * 3 // 4, DRAWN, t, rng.uniform(-1.5, 2.5, (frames, len(DRAWN), 2)), vis, value, value * 0.5
    )
    back = decode(
        encode(motion),
        rep_index=3,
        t0_s=float(t[0]),
        frames=frames,
        width=width,
        height=width * 3 // 4,
        landmarks=DRAWN,
    )
    assert np.abs(back.xy - motion.xy).max() <= QUANTUM + 1e-9  # 0.2 px on a 3840 px frame
    assert np.abs(back.t_s - motion.t_s).max() <= 0.0005 + 1e-9
    assert ((back.visibility >= 0.5) == (motion.visibility >= 0.5)).all()
    assert np.array_equal(np.isnan(back.value), np.isnan(motion.value))
    finite = np.isfinite(motion.value)
    assert np.abs(back.value[finite] - motion.value[finite]).max(initial=0) <= 0.05 + 1e-9


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    path = tmp_path_factory.mktemp("motion") / "m.db"
    result = synthetic_result(side_bends(4, 30.0), "side_bend", "x.mp4")
    with Store(path) as store:
        save_analysis(store, result, user="ana")
    return path, result


def test_each_reps_motion_is_stored_and_read_back(stored):
    path, result = stored
    with Store(path) as store:
        (session,) = store.sessions("ana")
        motions = store.motions(session.blocks[0].id)
    assert sorted(motions) == [rep.index for rep in result.reps] == [1, 2, 3, 4]
    for want in result.motions:
        got = motions[want.rep_index]
        assert len(got) == len(want) and np.abs(got.xy - want.xy).max() <= QUANTUM + 1e-7
        assert np.abs(got.t_s - want.t_s).max() <= 0.0005


def test_delete_removes_the_motion_with_the_session(stored, tmp_path, capsys):
    path = tmp_path / "d.db"
    shutil.copy(stored[0], path)
    assert main(["delete", "1", "--yes", "--db", str(path)]) == 0
    with Store(path) as store:
        assert store.db.execute("SELECT COUNT(*) FROM rep_motion").fetchone()[0] == 0
    assert main(["replay", "1", "--db", str(path), "--out", str(tmp_path / "r.mp4")]) == 2
    (err,) = error_lines(capsys)
    assert "there is no session 1" in err


def test_export_json_includes_the_motion_only_when_asked(stored, capsys):
    path, result = stored
    assert main(["export", "1", "--format", "json", "--db", str(path)]) == 0
    (plain,) = json.loads(capsys.readouterr().out)
    assert "motion" not in plain["blocks"][0]
    assert main(["export", "1", "--format", "json", "--motion", "--db", str(path)]) == 0
    (full,) = json.loads(capsys.readouterr().out)
    motion = full["blocks"][0]["motion"]
    assert [m["rep"] for m in motion] == [1, 2, 3, 4] and motion[0]["landmarks"] == list(DRAWN)
    first = result.motions[0]
    assert len(motion[0]["t_s"]) == len(first) and np.allclose(motion[0]["x"], first.xy[:, :, 0], atol=QUANTUM + 1e-4)
    assert main(["export", "1", "--motion", "--db", str(path)]) == 2
    assert "--motion goes with --format json" in capsys.readouterr().err


def _rows(path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    rows = {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    db.close()
    return rows


def test_a_database_from_the_previous_version_migrates_with_its_data_unchanged(data_dir, tmp_path, capsys):
    path = tmp_path / "old.db"
    shutil.copy(data_dir / "db" / "schema3.db", path)
    before = _rows(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 3 and "rep_motion" not in before
    with Store(path) as store:
        assert schema_version(store.db) == LATEST
        (first, second) = store.sessions("ana")
        assert [r.faults for r in first.reps] == [(), ("hip_shift",), (), ()] and first.pain_before == 4
    after = _rows(path)
    assert after.pop("rep_motion") == []
    assert after == before  # every row of every older table, as it was
    assert main(["replay", "1", "--db", str(path), "--user", "ana"]) == 2
    (err,) = error_lines(capsys)
    assert "session 1 has no stored motion to replay (it was recorded before" in err and "none of your" in err


def test_the_database_grows_under_150_kb_a_minute_of_analysed_video(tmp_path, data_dir):
    """The budget, on a rendered clip's real MediaPipe landmarks (its recording): the growth from
    storing the same 36 s analysis a second time, per minute of video."""
    from recorded import analyze_clip

    result = analyze_clip(data_dir / "clips" / "side_bend_hip_shift.mp4", "side_bend")
    assert len(result.motions) == len(result.reps) == 6
    path = tmp_path / "budget.db"
    sizes = []
    with Store(path) as store:
        for _ in range(3):
            save_analysis(store, result, user="ana")
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            sizes.append(path.stat().st_size)
    minutes = result.frames / result.fps / 60
    growth = (sizes[2] - sizes[0]) / 2 / minutes / 1024
    assert 0 < growth <= 150, f"{growth:.0f} KB a minute"


def test_a_live_run_keeps_each_reps_motion_the_last_of_an_exercise_too(tmp_path, clip_images, replay):
    """The live loop's sink: the clip's bend each way, then an exercise that is never done. The
    second bend ends the side bend, so its second after comes while the next exercise is shown."""
    from posecoach.coach.guided import GuidedSession
    from posecoach.live import LiveCoach, LiveSettings
    from posecoach.routines import find_routine
    from posecoach.store.recorder import RoutineRecorder
    from posecoach.video import MemorySource

    plan = find_routine("side_bend")
    bend = plan.exercises[0].model_copy(update={"reps": 1, "target": 25.0})
    twist = bend.model_copy(update={"exercise": "standing_twist"})
    plan = plan.model_copy(update={"exercises": [bend, twist]})
    given: dict[int, Pose] = {}

    class Recording(type(replay)):  # the poses the coach was given, by time
        def estimate(self, frame):
            given[frame.t_ms] = pose = super().estimate(frame)
            return pose

    estimator = Recording(replay._images, [replay._known[id(image)] for image in replay._images])
    images = clip_images + clip_images[:45]  # 1.5 s of standing still after the second bend
    with Store(tmp_path / "live.db") as store:
        session = GuidedSession(plan, targets={0: 25.0}, instruct_s=6.0)
        sid = store.start_session("ana", routine="two")
        coach = LiveCoach(
            MemorySource(images, fps=30),
            estimator,
            session,
            RoutineRecorder(store, sid, session),
            LiveSettings(window=False, summary_s=0, quiet=True),
        )
        coach.run()
        (info,) = store.sessions("ana")
        block = info.blocks[0]
        motions = store.motions(block.id)
    assert [r.side for r in block.reps] == ["left", "right"] and sorted(motions) == [1, 2]
    for rep in block.reps:
        motion = motions[rep.index]
        assert motion.t_s[0] == pytest.approx(rep.start_s - 1, abs=1 / 15)
        assert motion.t_s[-1] == pytest.approx(rep.end_s + 1, abs=1 / 15)
        for i in range(len(motion)):
            pose = given[round(motion.t_s[i] * 1000)]
            seen = pose.visibility[list(DRAWN)] >= 0.5
            assert np.abs(motion.xy[i][seen] - pose.image[list(DRAWN), :2][seen]).max() <= QUANTUM + 1e-7
