"""Real people doing the stretches their own way, as MediaPipe landmarks, against hand-counted truth.

The recordings in tests/data/real are landmarks only (the videos' licences forbid copying them):
side bends with a dumbbell or both arms overhead, a twist with straight arms turned 60-70 deg and
more, cat-cows on all fours side-on and oblique, holds to the end, and real negatives. Each goes
through ``analyze_recording``, the analysis ``posecoach analyze`` runs on a video.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from real_truth import PEAK_TOL_S, RecordingSet, expected
from recording_changes import Change, load, noise

from posecoach.errors import SourceError
from posecoach.exercises import get_exercise
from posecoach.offline import analyze_recording
from posecoach.pose.recording import LandmarkRecording

REAL = Path(__file__).parent / "data" / "real"
SET = RecordingSet(REAL)
CLIPS, RUNS, meta = SET.clips, SET.runs, SET.meta
#: A head bob of ~35 deg as she settles on all fours reads as a small cat by the exercise's own
#: thresholds (cat 15 deg from neutral); the hand count does not count it.
KNOWN_MISSES = {("cc01_all_fours_one_cycle_side", "cat_cow_all_fours")}


@pytest.fixture(scope="module")
def results():
    return {(clip, exercise): analyze_recording(REAL / f"{clip}.npz", exercise) for clip, exercise in RUNS}


@pytest.mark.parametrize(
    ("clip", "exercise"),
    [
        pytest.param(*run, marks=pytest.mark.xfail(strict=True, reason="a head bob counts as a cycle"))
        if run in KNOWN_MISSES
        else run
        for run in RUNS
    ],
)
def test_counts_match_the_hand_count(results, clip, exercise):
    counts = results[clip, exercise].counts
    allowed = expected(meta(clip))
    assert allowed.allows(counts, get_exercise(exercise).per_side), (counts, allowed)


@pytest.mark.parametrize(
    "clip", ["sb01_dumbbell_right_front", "sb02_overhead_alternating_front", "tw01_arms_extended_front"]
)
def test_each_rep_peaks_when_the_hand_timing_says(results, clip):
    truth = meta(clip)
    reps = results[clip, truth["exercise"]].reps
    firm = [rep for rep in truth["truth"]["reps"] if not rep.get("optional")]
    assert len(reps) == len(firm)
    for rep, want in zip(reps, firm):
        assert rep.side == want["side"]
        assert abs(rep.peak_s - want["peak_s"]) <= PEAK_TOL_S, (rep.index, rep.peak_s, want["peak_s"])


def test_the_first_rep_counts_without_a_still_start(results):
    """The dumbbell side bends begin about a second in, from a stance never held still before."""
    first = results["sb01_dumbbell_right_front", "side_bend"].reps[0]
    want = meta("sb01_dumbbell_right_front")["truth"]["reps"][0]
    assert first.start_s <= want["start_s"] + PEAK_TOL_S and abs(first.peak_s - want["peak_s"]) <= PEAK_TOL_S


@pytest.mark.parametrize(("clip", "exercise"), RUNS)
def test_the_notice_never_contradicts_the_camera(results, clip, exercise):
    spec = get_exercise(exercise)
    notice = results[clip, exercise].notice or ""
    description = meta(clip)["description"].lower()
    if any(pose in description for pose in ("all fours", "plank", "child's pose")):
        assert "rotate" not in notice  # a body on all fours or in a plank is level because it is
    assert "upside down" not in notice  # none was filmed upside down (one folds forward, head down)
    if spec.posture != "standing":
        assert "standing" not in notice.lower() and "stand " not in notice.lower()
    if "facing the camera" in description and spec.view == "front":
        assert "Turn to face" not in notice


def test_a_rotated_recording_is_still_told_to_rotate(tmp_path):
    """The rules for bodies level for real do not hide a real rotation: a standing body turned a quarter in the
    image (its legs along its trunk, none hanging down) is told to rotate the video."""
    source = REAL / "neg07_standing_still_front.npz"
    with np.load(source) as data:
        arrays = {key: data[key] for key in data.files}
    image = arrays["image"].copy()
    w, h = float(arrays["width"]), float(arrays["height"])
    image[..., 0], image[..., 1] = (h - arrays["image"][..., 1] * h) / h, arrays["image"][..., 0] * w / w
    arrays.update(image=image, width=arrays["height"], height=arrays["width"])
    rotated = tmp_path / "rotated.npz"
    np.savez(rotated, **arrays)
    notice = analyze_recording(rotated, "side_bend").notice or ""
    assert "rotate it 90 degrees" in notice


def test_a_file_that_is_not_a_recording_gets_one_clear_line(tmp_path):
    bad = tmp_path / "notes.npz"
    np.savez(bad, something=np.zeros(3))
    with pytest.raises(SourceError, match="not a landmark recording"):
        LandmarkRecording(bad)
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip")
    with pytest.raises(SourceError, match="cannot read the landmark recording"):
        LandmarkRecording(broken)


def test_posecoach_analyze_takes_a_landmark_recording(tmp_path, capsys):
    from posecoach.cli import main

    out = tmp_path / "result.json"
    clip = REAL / "sb01_dumbbell_right_front.npz"
    assert main(["analyze", str(clip), "--exercise", "side_bend", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["counts"] == meta("sb01_dumbbell_right_front")["expected_counts"]
    assert main(["analyze", str(clip), "--exercise", "side_bend", "--annotated", str(tmp_path / "a.mp4")]) != 0
    assert "nothing to annotate" in capsys.readouterr().err


def test_no_set_up_cue_asks_a_seated_or_kneeling_user_to_stand():
    from posecoach.coach.exercise_coach import SETUP_MESSAGES

    for code, message in SETUP_MESSAGES.items():
        assert not message.lower().startswith("stand"), (code, message)


FOLD = "ff01_fold_and_hold_side"


def _changed(recording: Path, tmp_path: Path, change: Change) -> Path:
    """The recording as ``change`` gives it, saved under ``tmp_path``."""
    arrays, _ = change(load(recording), {})
    path = tmp_path / recording.name
    np.savez(path, **arrays)
    return path


def test_a_deep_fold_stays_in_the_side_view(results):
    """She stays side-on while her shoulders come down to her knees: every frame of the held fold is
    measured (the trunk shortens in the image, the shoulders and hips keep their width)."""
    start = meta(FOLD)["truth"]["reps"][0]["start_s"]
    held = [row for row in results[FOLD, "forward_fold"].trace if row.t_s >= start + 2.0 and row.person]
    assert len(held) > 200
    measured = sum(row.metric is not None for row in held)
    assert measured / len(held) >= 0.95, measured / len(held)


def test_a_fold_held_to_the_end_is_one_hold_on_a_noisier_camera(tmp_path):
    """Noise of 0.002 of the frame, twice the noisiest real recording's (``benchmarks/perturbed.py``):
    the head hangs, the nose barely leads the ears, and a facing read per frame would flip the fold
    into a backbend and break the hold into pieces."""
    recording = _changed(REAL / f"{FOLD}.npz", tmp_path, noise(0.002))
    result = analyze_recording(recording, "forward_fold")
    assert len(result.reps) == 1, [(rep.start_s, rep.end_s) for rep in result.reps]
    with np.load(recording) as data:
        last_s = float(data["t_s"][-1])
    assert result.reps[0].end_s >= last_s - 0.5  # held to the end of the clip, as the truth says
