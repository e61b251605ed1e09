"""Estimating a file in parts on several threads gives every frame once, in order, and falls
back to one pass where the parts disagree about the user (a fake estimator; no MediaPipe)."""

import numpy as np
import pytest
from conftest import decodable_frames

from posecoach.pose import offline
from posecoach.pose.offline import FilePoses, plan_parts
from posecoach.pose.types import Pose


def test_parts_cover_the_file_and_are_never_shorter_than_the_minimum():
    assert plan_parts(1800, 30.0, 2) == [(0, 900), (900, 1800)]
    assert plan_parts(300, 30.0, 4) == [(0, 300)]  # 10 s: one part of 8 s at least
    assert plan_parts(None, 30.0, 2) == [(0, 0)]
    parts = plan_parts(10_001, 25.0, 3)
    assert parts[0][0] == 0 and parts[-1][1] == 10_001 and all(a[1] == b[0] for a, b in zip(parts, parts[1:]))


def test_parts_that_warm_up_first_are_shorter_so_that_every_part_estimates_as_many_frames():
    # 600 frames on 2 cores, the second part starting 60 frames early: 330 frames each.
    assert plan_parts(600, 30.0, 2, warmup=60) == [(0, 330), (330, 600)]
    parts = plan_parts(9_000, 30.0, 3, warmup=60)
    work = [stop - start + (60 if i else 0) for i, (start, stop) in enumerate(parts)]
    assert parts[0][0] == 0 and parts[-1][1] == 9_000 and max(work) - min(work) <= 1


def fake_estimator(place):
    """A PoseEstimator stand-in: the estimator of part k puts the person at ``place(k, frame index)``."""

    class Fake:
        def __init__(self, settings):
            self.k = None

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

        def estimate(self, frame):
            if self.k is None:  # the first part starts at frame 0
                self.k = 0 if frame.index == 0 else 1
            x = place(self.k, frame.index)
            image = np.column_stack([np.linspace(x, x + 0.1, 33), np.linspace(0.2, 0.9, 33), np.zeros(33)])
            world = np.zeros((33, 3))
            world[0, 0] = self.k  # which part's estimator made it
            return Pose(
                t_ms=frame.t_ms,
                width=frame.width,
                height=frame.height,
                image=image,
                visibility=np.ones(33),
                presence=np.ones(33),
                world=world,
            )

    return Fake


@pytest.fixture
def short_parts(monkeypatch):
    monkeypatch.setattr(offline, "MIN_PART_S", 3.0)  # the 230-frame clip in two parts


def run(data_dir, monkeypatch, place):
    monkeypatch.setattr(offline, "PoseEstimator", fake_estimator(place))
    poses = FilePoses(data_dir / "sports2d_two_walkers.mp4", workers=2, warmup_s=1.0)
    assert len(poses.parts) == 2
    return poses, list(poses)


def test_parts_that_agree_about_the_user_are_joined_at_the_cut(data_dir, monkeypatch, short_parts):
    poses, out = run(data_dir, monkeypatch, lambda k, i: 0.4)
    cut = poses.parts[1].cut
    assert [index for index, _, _ in out] == list(range(230))
    assert [pose.world[0, 0] for _, pose, _ in out] == [0] * cut + [1] * (230 - cut)
    assert poses.carried_on == 0


def test_where_the_parts_disagree_the_first_carries_on_through_the_file(data_dir, monkeypatch, short_parts):
    # The second part's tracker settles on someone else (x=0.8): its work is thrown away.
    poses, out = run(data_dir, monkeypatch, lambda k, i: 0.4 if k == 0 else 0.8)
    assert [index for index, _, _ in out] == list(range(230))
    assert all(pose.world[0, 0] == 0 for _, pose, _ in out)
    assert poses.carried_on == 1


def test_a_file_cut_short_before_a_later_part_begins_gives_the_frames_it_holds(data_dir, monkeypatch):
    # Its index announces 600 frames (two parts), but the frames stop before the second part's start.
    video = data_dir / "truncated_idle_front.mp4"
    decodable = decodable_frames(video)
    monkeypatch.setattr(offline, "PoseEstimator", fake_estimator(lambda k, i: 0.4))
    poses = FilePoses(video, workers=2)
    assert len(poses.parts) == 2 and poses.parts[1].start > decodable
    assert [index for index, _, _ in poses] == list(range(decodable))
