import shutil
import zipfile

import pytest

from posecoach.errors import ModelError
from posecoach.pose import model as model_module
from posecoach.pose.model import DEFAULT_MODEL_SHA256, default_model_path, resolve_model, sha256_of


def test_the_shipped_bundle_is_found_and_matches_its_checksum():
    info = resolve_model(None)
    assert info.is_default and info.sha256 == DEFAULT_MODEL_SHA256
    with zipfile.ZipFile(info.path) as bundle:
        members = {i.filename: i for i in bundle.infolist()}
    assert set(members) == {"pose_detector.tflite", "pose_landmarks_detector.tflite"}
    assert all(i.compress_type == zipfile.ZIP_STORED for i in members.values())


def test_models_readme_records_the_same_checksum():
    from posecoach.paths import CHECKOUT_DIR

    if not (CHECKOUT_DIR / "pyproject.toml").is_file():
        pytest.skip("an installed package: models/README.md ships only with the source")
    readme = CHECKOUT_DIR / "models" / "README.md"
    assert readme.is_file(), "the source checkout must document its model in models/README.md"
    assert DEFAULT_MODEL_SHA256 in readme.read_text()


def test_missing_model_file(tmp_path):
    with pytest.raises(ModelError, match=r"model file not found: .*absent\.task.*--model"):
        resolve_model(tmp_path / "absent.task")


def test_a_file_that_is_not_a_bundle(tmp_path):
    junk = tmp_path / "junk.task"
    junk.write_bytes(b"not a zip at all" * 100)
    with pytest.raises(ModelError, match="not a MediaPipe .task bundle"):
        resolve_model(junk)


def test_a_zip_without_the_pose_models(tmp_path):
    other = tmp_path / "other.task"
    with zipfile.ZipFile(other, "w") as bundle:
        bundle.writestr("hand_detector.tflite", b"x")
    with pytest.raises(ModelError, match="missing pose_detector.tflite, pose_landmarks_detector.tflite"):
        resolve_model(other)


def test_a_damaged_shipped_model_is_refused(tmp_path, monkeypatch):
    damaged = tmp_path / "pose_landmarker_full.task"
    shutil.copy(default_model_path(), damaged)
    with damaged.open("r+b") as handle:
        handle.seek(5_000_000)
        byte = handle.read(1)
        handle.seek(5_000_000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    assert sha256_of(damaged) != DEFAULT_MODEL_SHA256
    monkeypatch.setattr(model_module, "default_model_path", lambda: damaged)
    with pytest.raises(ModelError, match="is damaged.*reinstall"):
        resolve_model(None)
