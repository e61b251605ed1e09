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
    assert "checksum OK" in out and "inference on a test frame works" in out and "Ready to coach" in out


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken zip"])
def test_doctor_fails_with_a_broken_model(tmp_path, capsys, content):
    broken = tmp_path / "broken.task"
    broken.write_bytes(content)
    assert main(["doctor", "--model", str(broken)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "FAIL" in out and "not a MediaPipe .task bundle" in out


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["stretch-harder"]) == 2
