"""Real MediaPipe on video: the rendered stretch clips (tests/data/clips, with ground truth) and
real footage of people walking and moving (which must give no reps). The longer clips' poses are
MediaPipe's, recorded (tests/recorded.py)."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from recorded import analyze_clip

from posecoach.cli import main
from posecoach.coach.exercise_coach import ExerciseCoach
from posecoach.exercises import EXERCISES
from posecoach.video import VideoFileSource

CLIPS = {
    "side_bend_front": "side_bend",
    "side_bend_hip_shift": "side_bend",
    "standing_twist_front": "standing_twist",
    "standing_twist_hips_rotating": "standing_twist",
    "seated_twist_front": "seated_twist",
    "cat_cow_side": "cat_cow",
    "forward_fold_side": "forward_fold",
    "seated_side_bend_front": "seated_side_bend",
}
#: MediaPipe's image-plane angles differ from the 3-D truth by a scale (clips README): compare
#: magnitudes with a tolerance per metric, signs and timing exactly.
MAGNITUDE_TOL = {"lateral_flexion_deg": 4.0, "spine_flexion_deg": 4.0, "fold_deg": 10.0, "trunk_rotation_deg": 16.0}
TIME_TOL_S = 1.0


@pytest.fixture(scope="session")
def clip_results(data_dir, run_cache):
    """Each clip analysed once per test run, when a test first asks for it."""
    return run_cache.mapping("clips", lambda name: analyze_clip(data_dir / "clips" / f"{name}.mp4", CLIPS[name]))


def truth_of(data_dir, name):
    return json.loads((data_dir / "clips" / f"{name}.truth.json").read_text())


@pytest.mark.parametrize("name", list(CLIPS))
@pytest.mark.slow  # real MediaPipe over whole clips
def test_rendered_clip_counts_sides_timing_and_peaks_match_the_truth(clip_results, data_dir, name):
    result, truth = clip_results[name], truth_of(data_dir, name)
    assert result.counts == truth["counts"]
    assert result.frames_with_person >= 0.95 * result.frames
    tol = MAGNITUDE_TOL[result.metric]
    for rep, want in zip(result.reps, truth["reps"]):
        assert rep.side == want["side"]
        assert np.sign(rep.peak_deg) == np.sign(want["peak_deg"]), (rep, want)
        assert abs(rep.peak_deg - want["peak_deg"]) <= tol, (rep, want)
        assert abs(rep.start_s - want["start_s"]) <= TIME_TOL_S
        assert abs(rep.peak_s - want["peak_s"]) <= TIME_TOL_S
        assert abs(rep.end_s - want["end_s"]) <= TIME_TOL_S
        if "cow_peak_deg" in want:
            assert abs(rep.extra["cow_peak_deg"] - want["cow_peak_deg"]) <= tol


@pytest.mark.parametrize("name", list(CLIPS))
@pytest.mark.slow  # real MediaPipe over whole clips
def test_rendered_clip_faults_match_the_truth(clip_results, data_dir, name):
    result, truth = clip_results[name], truth_of(data_dir, name)
    injected = {f["code"] for f in truth["faults"]}
    for rep, want in zip(result.reps, truth["reps"]):
        for code in injected:
            assert (code in rep.faults) == (code in want["faults"]), (rep.index, rep.faults, want["faults"])
        if not want["faults"]:
            assert rep.faults == (), (rep.index, rep.faults)


@pytest.mark.parametrize("name", list(CLIPS))
@pytest.mark.slow  # real MediaPipe over whole clips
def test_trace_follows_the_truth_per_frame(clip_results, data_dir, name):
    result = clip_results[name]
    truth = np.genfromtxt(data_dir / "clips" / f"{name}.truth.csv", delimiter=",", names=True)
    ours = np.array([np.nan if row.metric is None else row.metric for row in result.trace])
    want = truth[result.metric][: len(ours)]
    ok = np.isfinite(ours)
    assert ok.mean() > 0.9  # calibrated within the first ~2 s
    err = np.abs(ours[ok] - want[ok])
    scale = {"fold_deg": 0.2, "trunk_rotation_deg": 0.35}.get(result.metric, 0.0)
    assert np.median(err) <= 2.0 + scale * np.abs(want[ok]).max()


@pytest.fixture(scope="session")
def idle_cli_run(data_dir, tmp_path_factory, run_cache):
    """``posecoach analyze`` on the idle clip, once per test run: its exit code, its output folder
    and the poses it estimated on every frame (so that counting the clip as every other exercise
    needs no second MediaPipe run of it)."""
    return run_cache.get("idle_cli_run", lambda: _analyze_idle(data_dir, tmp_path_factory.mktemp("idle")))


def _analyze_idle(data_dir, out):
    import posecoach.offline

    poses = []

    class Kept(posecoach.offline.FilePoses):
        def __iter__(self):
            for item in super().__iter__():
                poses.append(item[1])
                yield item

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(posecoach.offline, "FilePoses", Kept)
        code = main(
            [
                "analyze",
                str(data_dir / "clips" / "idle_front.mp4"),
                "--exercise",
                "standing_twist",
                "--json",
                str(out / "r.json"),
                "--trace",
                str(out / "t.csv"),
                "--annotated",
                str(out / "a.mp4"),
                "--save",
                "--db",
                str(out / "s.db"),
                "--user",
                "ana",
            ]
        )
    return code, out, poses


def reps_per_exercise(poses) -> dict[str, int]:
    """The reps counted in ``poses`` as every exercise, to the end of the recording as ``analyze``
    does."""
    counts = {}
    for exercise in EXERCISES:
        exercise_coach = ExerciseCoach(exercise)
        for pose in poses:
            exercise_coach.update(pose)
        exercise_coach.finish()
        counts[exercise] = exercise_coach.counts["total"]
    return counts


@pytest.mark.slow  # real MediaPipe over whole clips
def test_idle_clip_gives_no_reps_for_any_exercise(idle_cli_run):
    _, _, poses = idle_cli_run
    assert len(poses) == 600  # every frame of the clip, as `posecoach analyze` estimated them
    assert reps_per_exercise(poses) == dict.fromkeys(EXERCISES, 0)


@pytest.mark.slow  # real MediaPipe over whole clips
def test_analyze_cli_writes_json_trace_and_annotated_video_per_the_contract(idle_cli_run):
    code, out, _ = idle_cli_run
    assert code == 0
    result = json.loads((out / "r.json").read_text())
    assert {"exercise", "video", "fps", "frames", "frames_with_person", "reps", "counts", "faults"} <= set(result)
    assert result["exercise"] == "standing_twist" and result["fps"] == 30.0 and result["frames"] == 600
    assert result["counts"] == {"left": 0, "right": 0, "total": 0} and result["reps"] == []
    with open(out / "t.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 600 and {"t_s", "person", "trunk_rotation_deg"} <= set(rows[0])
    assert rows[0]["trunk_rotation_deg"] == ""  # not calibrated yet
    assert rows[-1]["person"] == "1" and rows[-1]["trunk_rotation_deg"] != ""
    with VideoFileSource(out / "a.mp4") as annotated:
        assert annotated.frame_count == 600 and (annotated.width, annotated.height) == (640, 480)


@pytest.mark.slow  # real MediaPipe over whole clips
def test_analyze_save_logs_a_session_with_its_trace(idle_cli_run):
    from posecoach.store import Store

    _, out, _ = idle_cli_run
    with Store(out / "s.db") as store:
        (session,) = store.sessions("ana")
        assert session.status == "completed" and session.routine == "standing_twist"
        (block,) = session.blocks
        assert block.calibration and block.reps == []
        t, values = store.trace(block.id)
        assert len(t) == 600 and np.isnan(values[0]) and np.isfinite(values[-1])


@pytest.mark.slow  # real MediaPipe over whole clips
def test_rep_json_has_the_contract_fields(clip_results):
    data = clip_results["side_bend_hip_shift"].as_dict()
    rep = data["reps"][1]
    assert set(rep) >= {"index", "side", "start_s", "peak_s", "end_s", "peak_deg", "hold_s", "score", "faults"}
    assert rep["side"] == "right" and rep["faults"] == ["hip_shift"]
    assert all(set(f) == {"code", "start_s", "end_s", "message"} for f in data["faults"])
    assert any(f["code"] == "hip_shift" for f in data["faults"])
    json.dumps(data)  # serialisable


@pytest.mark.parametrize("clip", ["sports2d_two_walkers.mp4", "pose2sim_single_cam01.mp4", "pose2sim_single_cam02.mp4"])
@pytest.mark.slow  # real MediaPipe over whole clips
def test_real_people_walking_and_moving_give_no_reps(data_dir, estimated, clip):
    assert reps_per_exercise([pose for pose, _ in estimated(data_dir / clip)]) == dict.fromkeys(EXERCISES, 0)


def test_analyze_errors_are_one_clear_line(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "missing.mp4"), "--exercise", "side_bend"]) == 2
    assert "video file not found" in capsys.readouterr().err
    assert main(["analyze", "--demo", "--exercise", "side-bend"]) == 2
    err = capsys.readouterr().err
    assert "'side-bend' is not an exercise; choose one of side_bend" in " ".join(err.split())
    assert main(["analyze", str(tmp_path / "x.mp4")]) == 2
    assert "--exercise" in capsys.readouterr().err
