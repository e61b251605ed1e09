"""Real MediaPipe, one short low-resolution clip per failure mode: no still start, arms moving,
an oblique view, an empty video and a rotated one (rendered bodies not used for tuning: an older
woman, a woman, an average body turned 50 degrees)."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from conftest import write_video

from posecoach.cli import main
from posecoach.coach.exercise_coach import ExerciseCoach
from posecoach.exercises import EXERCISES
from posecoach.offline import analyze_file
from posecoach.pose.estimator import PoseEstimator
from posecoach.video import VideoFileSource

pytestmark = pytest.mark.slow  # real MediaPipe over whole clips


def _poses(path):
    with VideoFileSource(path) as source, PoseEstimator() as est:
        return [est.estimate(frame) for frame in source]


@pytest.fixture(scope="module")
def robust(data_dir):
    return data_dir / "robust"


def test_a_twist_recording_without_a_still_start_counts_every_rep(robust):
    truth = json.loads((robust / "tw_nolead.truth.json").read_text())
    assert truth["reps"][0]["start_s"] < 0.3  # the first turn starts with the recording
    result = analyze_file(robust / "tw_nolead.mp4", "standing_twist")
    assert result.counts == truth["counts"]
    assert [r.side for r in result.reps] == [r["side"] for r in truth["reps"]]
    assert result.as_dict()["calibration"] in ("still", "inferred") and result.notice is None


def test_arm_raises_give_no_reps_in_any_exercise(robust):
    poses = _poses(robust / "arm_raises.mp4")
    for exercise in EXERCISES:
        exercise_coach = ExerciseCoach(exercise)
        for pose in poses:
            exercise_coach.update(pose)
        exercise_coach.finish()
        assert exercise_coach.counts["total"] == 0, exercise


def test_twists_filmed_obliquely_are_not_counted_and_the_user_is_told_to_face_the_camera(robust):
    truth = json.loads((robust / "tw_oblique.truth.json").read_text())
    assert truth["counts"]["total"] == 2  # the body does twist, 50 degrees off the camera axis
    result = analyze_file(robust / "tw_oblique.mp4", "standing_twist")
    assert result.counts["total"] == 0
    assert "facing the camera" in (result.notice or "")


def test_a_video_of_too_few_frames_a_second_says_so(tmp_path, clip_images, capsys):
    slow = tmp_path / "three_fps.mp4"
    write_video(slow, clip_images[::10], fps=3.0)  # the standing side bend clip, every tenth frame
    result = analyze_file(slow, "side_bend")
    assert result.frames_with_person > 0
    assert result.notice == "The video has 3 frames a second, too few to measure: film at 5 or more."
    assert main(["analyze", str(slow), "--exercise", "side_bend"]) in (0, None)
    assert "too few to measure" in capsys.readouterr().out


def test_a_video_with_no_person_says_so_and_exits_0(tmp_path, capsys):
    empty = tmp_path / "empty.mp4"
    write_video(empty, [np.full((120, 160, 3), 90 + i % 5, np.uint8) for i in range(30)], fps=15.0)
    result = analyze_file(empty, "side_bend")
    assert result.frames == 30 and result.frames_with_person == 0
    assert result.notice and "no one was seen" in result.notice.lower()
    assert main(["analyze", str(empty), "--exercise", "side_bend"]) in (0, None)
    assert "no one was seen" in capsys.readouterr().out.lower()


def test_a_body_lying_sideways_in_the_video_gets_a_rotate_hint(robust, tmp_path):
    cap = cv2.VideoCapture(str(robust / "tw_nolead.mp4"))
    frames = []
    while len(frames) < 90:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(cv2.rotate(frame, cv2.ROTATE_90_CLOCKWISE))
    rotated = tmp_path / "rotated.mp4"
    write_video(rotated, frames, fps=15.0)
    result = analyze_file(rotated, "standing_twist")
    assert result.counts["total"] == 0
    assert result.notice and "sideways" in result.notice and "counter-clockwise" in result.notice
