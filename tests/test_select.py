"""Choosing the user among several people, with synthetic people (boxes of landmarks)."""

import numpy as np

from posecoach.pose.select import UserSelector, iou
from posecoach.pose.types import Pose


def person(cx: float, top: float, height: float, t_ms: int = 0, visibility: float = 0.95) -> Pose:
    """33 landmarks spread over a box of the given centre, top and height (width = height / 3)."""
    rng = np.random.default_rng(int(cx * 1000 + top * 100))
    xy = np.column_stack([cx + (rng.random(33) - 0.5) * height / 3, top + rng.random(33) * height])
    xy[0] = [cx - height / 6, top]
    xy[1] = [cx + height / 6, top + height]
    return Pose(
        t_ms=t_ms,
        width=640,
        height=480,
        image=np.column_stack([xy, np.zeros(33)]),
        visibility=np.full(33, visibility),
        presence=np.full(33, 0.99),
        world=np.zeros((33, 3)),
    )


def run(selector: UserSelector, frames: list[list[Pose]], dt: int = 33) -> list[Pose]:
    return [selector.choose(c, i * dt, 640, 480) for i, c in enumerate(frames)]


def test_iou_of_identical_and_disjoint_boxes():
    assert iou((0, 0, 1, 1), (0, 0, 1, 1)) == 1.0
    assert iou((0, 0, 1, 1), (2, 2, 3, 3)) == 0.0
    assert abs(iou((0, 0, 2, 1), (1, 0, 3, 1)) - 1 / 3) < 1e-9


def test_the_larger_central_person_is_chosen_after_confirmation():
    frames = [[person(0.15, 0.3, 0.4), person(0.5, 0.1, 0.8)] for _ in range(5)]
    chosen = run(UserSelector(confirm_frames=3), frames)
    assert [p.is_empty for p in chosen] == [True, True, False, False, False]
    assert all(abs(np.mean(p.bbox()[0::2]) - 0.5) < 0.05 for p in chosen[2:])


def test_a_bystander_growing_larger_never_steals_the_session():
    # The user stays at x=0.3; a bystander walks in from the right and comes closer (grows).
    frames = []
    for i in range(60):
        bystander = person(0.9 - i * 0.008, 0.05, 0.3 + i * 0.01)
        frames.append([bystander, person(0.3, 0.2, 0.5)] if i % 2 else [person(0.3, 0.2, 0.5), bystander])
    chosen = run(UserSelector(confirm_frames=1), [[person(0.3, 0.2, 0.5)]] + frames)
    centres = [np.mean(p.bbox()[0::2]) for p in chosen]
    assert all(abs(c - 0.3) < 0.05 for c in centres)


def test_someone_else_is_not_taken_while_the_user_is_briefly_gone_but_is_after_a_while():
    selector = UserSelector(hold_ms=1000, confirm_frames=2)
    frames = [[person(0.3, 0.2, 0.5)]] * 3 + [[person(0.8, 0.2, 0.6)]] * 60
    chosen = run(selector, frames)
    # Within hold_ms (30 frames at 33 ms) of the user's last sighting: nobody.
    assert all(p.is_empty for p in chosen[3:32])
    late = [p for p in chosen[40:] if not p.is_empty]
    assert len(late) == 23 and all(abs(np.mean(p.bbox()[0::2]) - 0.8) < 0.05 for p in late)


def test_a_one_frame_false_detection_is_never_chosen():
    frames = [[person(0.5, 0.1, 0.8, visibility=0.9)]] + [[]] * 5 + [[person(0.5, 0.1, 0.8)]] * 3
    chosen = run(UserSelector(confirm_frames=3), frames)
    assert all(p.is_empty for p in chosen[:8])
    assert not chosen[8].is_empty


def test_a_clearly_seen_person_beats_a_vague_false_detection_of_similar_size():
    frames = [[person(0.5, 0.1, 0.7, visibility=0.5), person(0.35, 0.1, 0.6, visibility=0.98)]] * 3
    chosen = run(UserSelector(confirm_frames=3), frames)
    assert abs(np.mean(chosen[-1].bbox()[0::2]) - 0.35) < 0.05


def test_a_pose_smeared_over_the_user_and_a_bystander_does_not_carry_the_choice_over():
    # The landmarker sometimes returns one pose spanning two people (a flip over a walker); the
    # next frame it has the walker alone. Neither is the user's next position.
    user, smeared, walker = person(0.45, 0.1, 0.35), person(0.4, 0.2, 0.7), person(0.32, 0.55, 0.35)
    smeared = Pose(
        t_ms=0,
        width=640,
        height=480,
        image=smeared.image * [3, 1, 1] - [0.8, 0, 0],
        visibility=smeared.visibility,
        presence=smeared.presence,
        world=smeared.world,
    )
    chosen = run(UserSelector(confirm_frames=1), [[user], [user], [smeared], [walker], [walker]])
    assert [p.is_empty for p in chosen] == [False, False, True, True, True]


def test_follows_only_the_user_where_last_seen_and_within_the_hold():
    selector = UserSelector(confirm_frames=1, hold_ms=1000)
    user = person(0.3, 0.2, 0.5)
    assert not selector.follows(user, 0) and not selector.tracking(0)
    selector.choose([user], 0, 640, 480)
    assert selector.tracking(900) and selector.follows(person(0.31, 0.2, 0.5), 33)
    assert not selector.follows(person(0.7, 0.2, 0.5), 33)  # someone elsewhere
    assert not selector.tracking(1100) and not selector.follows(user, 1100)
