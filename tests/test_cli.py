import subprocess
import sys

import pytest

from posecoach import __version__
from posecoach.cli import main


def test_version_through_python_dash_m():
    out = subprocess.run([sys.executable, "-m", "posecoach", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == f"posecoach {__version__}"


def test_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    assert "doctor" in capsys.readouterr().out


def test_doctor_says_the_model_works(capsys):
    assert main(["doctor"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # undo the table's line wrapping
    assert "checksum OK" in out and "finds the person in a test picture, landmarks in place" in out
    assert "Ready to coach" in out


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken zip"])
def test_doctor_fails_with_a_broken_model(tmp_path, capsys, content):
    broken = tmp_path / "broken.task"
    broken.write_bytes(content)
    assert main(["doctor", "--model", str(broken)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "FAIL" in out and "not a MediaPipe .task bundle" in out


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["stretch-harder"]) == 2


def test_doctor_fails_when_the_model_misplaces_a_person(capsys, monkeypatch):
    """The test picture upside down: the model still finds someone, but not standing the way the
    picture shows; a check that only looked for "somebody" would pass it."""
    import cv2

    from posecoach import doctor

    person = doctor._person_frame()
    assert person is not None
    monkeypatch.setattr(doctor, "_person_frame", lambda: cv2.flip(person, 0))
    assert main(["doctor"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "FAIL model runs on a test picture of a person standing" in out


def test_landmark_sanity_rejects_swapped_sides_and_accepts_the_real_thing():
    from posecoach.doctor import _person_frame, landmark_problem
    from posecoach.pose.estimator import EstimatorSettings, PoseEstimator
    from posecoach.video.sources import Frame

    image = _person_frame()
    with PoseEstimator(EstimatorSettings()) as estimator:
        for i in range(5):
            pose = estimator.estimate(Frame(image=image, t_ms=33 * i, index=i))
    assert landmark_problem(pose) is None
    assert landmark_problem(pose.swapped_sides()) == "left and right are swapped"


def test_doctor_shows_the_database_that_posecoach_db_selects(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("POSECOACH_DB", str(tmp_path / "mine.db"))
    assert main(["doctor"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"sessions {tmp_path / 'mine.db'} (from $POSECOACH_DB)" in out


def test_exercises_json_lists_what_is_checked_and_what_one_camera_cannot_see(capsys):
    """The four faults one camera cannot see are listed as not checked, with a reason, where they
    apply; the faults it can see, at the magnitudes a coach calls visible, stay checked."""
    import json

    assert main(["exercises", "--json"]) == 0
    listed = {item["name"]: item for item in json.loads(capsys.readouterr().out)}
    assert all(
        set(item) == {"name", "title", "view", "posture", "faults_checked", "faults_not_checked"}
        for item in listed.values()
    )
    unseen = {name: {n["code"]: n["reason"] for n in item["faults_not_checked"]} for name, item in listed.items()}
    assert {"leaning_forward", "torso_rotation", "knees_bent"} <= set(unseen["side_bend"])  # lean, chest turn, knees
    assert "hips_rotating" in unseen["seated_twist"]  # the pelvis turning seated
    assert {"leaning_forward", "knees_bent"} <= set(unseen["standing_twist"])
    assert all(reason.strip() for reasons in unseen.values() for reason in reasons.values())
    for name, item in listed.items():
        assert not set(item["faults_checked"]) & set(unseen[name]), name
    wanted = {
        "side_bend": {"hip_shift", "too_fast", "partial_range"},
        "standing_twist": {"hips_rotating", "neck_over_rotation"},
        "cat_cow": {"knees_locked", "neck_hyperextension"},
        "forward_fold": {"knees_bent", "hold_too_short"},
    }
    for name, codes in wanted.items():
        assert codes <= set(listed[name]["faults_checked"]), name


def test_exercises_table_and_routines_show_say_what_is_not_checked(capsys):
    assert main(["exercises"]) == 0
    table = " ".join(capsys.readouterr().out.split())
    assert "leaning_forward: From the front a 10 deg forward lean" in table
    assert main(["routines", "show", "back_relief"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "Checked: hips, speed, range. Not checked from the front: forward lean, chest turn, knee bend." in shown
