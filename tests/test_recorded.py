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
    for new, old in zip(got, want):
        assert (new.t_ms, new.is_empty, new.width, new.height) == (old.t_ms, old.is_empty, old.width, old.height)
        for name in ("image", "world", "visibility", "presence"):
            np.testing.assert_array_equal(getattr(new, name), getattr(old, name))


def test_a_stale_recording_is_not_used(monkeypatch):
    clip = "clips/side_bend_front.mp4"
    assert recorded.current(recorded.DATA / clip) is not None
    monkeypatch.setattr(recorded, "provenance", lambda video: {"code": "changed"})
    assert recorded.current(recorded.DATA / clip) is None
