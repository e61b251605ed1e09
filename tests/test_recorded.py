"""The recorded poses the analysis tests read (tests/recorded.py) stand for real MediaPipe."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import recorded

from posecoach.pose.offline import FilePoses


@pytest.mark.parametrize("clip", recorded.CLIPS)
def test_every_recording_is_current(clip):
    # Stale, the clip is estimated afresh (the tests stay right, only slower): record it again.
    assert recorded.path_of(clip).exists(), f"{clip} has no recording: run python tests/recorded.py"
    made, now = recorded.Recording(clip).meta["provenance"], recorded.provenance(recorded.DATA / clip)
    changed = sorted(key for key in now if made.get(key) != now[key])
    assert not changed, f"{clip}: {', '.join(changed)} changed since it was recorded: run python tests/recorded.py"


@pytest.mark.slow  # real MediaPipe over the first seconds of a clip
def test_a_recording_holds_the_poses_mediapipe_gives_now():
    clip = "clips/side_bend_hip_shift.mp4"
    want = recorded.Recording(clip).poses()
    with FilePoses(recorded.DATA / clip, workers=recorded.WORKERS) as source:
        got = [pose for _, pose, _ in itertools.islice(source, 90)]  # past calibration: a person in view
    assert sum(not pose.is_empty for pose in got) >= 60
    # Here the values are equal to the bit. Another CPU may round MediaPipe's arithmetic otherwise:
    # 0.001 (0.6 px in a 640-px frame, 1 mm in the world) is far below MediaPipe's frame-to-frame
    # jitter and far above rounding, while another clip or a stale recording is off by far more.
    for new, old in zip(got, want):
        assert (new.t_ms, new.is_empty, new.width, new.height) == (old.t_ms, old.is_empty, old.width, old.height)
        for name in ("image", "world", "visibility", "presence"):
            np.testing.assert_allclose(getattr(new, name), getattr(old, name), rtol=0, atol=1e-3)


def test_a_stale_recording_is_not_used(monkeypatch):
    clip = "clips/side_bend_front.mp4"
    assert recorded.current(recorded.DATA / clip) is not None
    monkeypatch.setattr(recorded, "provenance", lambda video: {"mediapipe": "another"})
    assert recorded.current(recorded.DATA / clip) is None
