import numpy as np
import pytest

from posecoach.pose.types import LM, NUM_LANDMARKS, Pose


def make_pose(t_ms: int = 0) -> Pose:
    rng = np.random.default_rng(1)
    return Pose(
        t_ms=t_ms,
        width=640,
        height=480,
        image=rng.random((33, 3)),
        visibility=rng.random(33),
        presence=rng.random(33),
        world=rng.random((33, 3)),
    )


def test_empty_pose_is_falsy_and_has_no_box():
    pose = Pose.empty(t_ms=40, width=640, height=480)
    assert pose.is_empty and not pose
    assert pose.bbox() is None
    assert pose.t_s == pytest.approx(0.04)


@pytest.mark.parametrize("field,shape", [("image", (33, 2)), ("visibility", (32,)), ("world", (33, 4))])
def test_wrong_shapes_are_rejected_with_the_field_named(field, shape):
    good = make_pose()
    kwargs = {name: getattr(good, name) for name in ("image", "visibility", "presence", "world")}
    kwargs[field] = np.zeros(shape)
    with pytest.raises(ValueError, match=f"Pose.{field}"):
        Pose(t_ms=0, width=640, height=480, **kwargs)


def test_swapping_sides_exchanges_left_and_right_and_is_an_involution():
    pose = make_pose()
    swapped = pose.swapped_sides()
    assert np.array_equal(swapped.image[LM.LEFT_SHOULDER], pose.image[LM.RIGHT_SHOULDER])
    assert np.array_equal(swapped.world[LM.RIGHT_HIP], pose.world[LM.LEFT_HIP])
    assert np.array_equal(swapped.image[LM.NOSE], pose.image[LM.NOSE])
    assert np.array_equal(swapped.swapped_sides().image, pose.image)
    assert len(swapped.image) == NUM_LANDMARKS


def test_pixels_scale_by_frame_size():
    pose = make_pose()
    assert np.allclose(pose.pixels()[5], pose.image[5, :2] * [640, 480])
