import threading
import time

import numpy as np
import pytest

from posecoach.errors import SourceError
from posecoach.video import CameraSource, MemorySource, VideoFileSource, open_source


def test_memory_source_timestamps_follow_its_rate():
    images = [np.zeros((4, 4, 3), np.uint8)] * 4
    frames = list(MemorySource(images, fps=25))
    assert [f.t_ms for f in frames] == [0, 40, 80, 120]
    assert [f.index for f in frames] == [0, 1, 2, 3]


def test_memory_source_without_frames_is_an_error():
    with pytest.raises(SourceError, match="no frames"):
        MemorySource([])


def test_video_file_is_read_in_order_at_its_own_timestamps(data_dir):
    with VideoFileSource(data_dir / "pose2sim_single_cam01.mp4") as source:
        assert source.fps == pytest.approx(60.0)
        frames = list(source)
    assert len(frames) == 100
    assert frames[0].image.shape == (640, 360, 3)
    stamps = [f.t_ms for f in frames]
    assert all(b > a for a, b in zip(stamps, stamps[1:]))
    assert stamps[-1] == round(99 * 1000 / 60)


def test_missing_video_names_the_path(tmp_path):
    with pytest.raises(SourceError, match=r"video file not found: .*nope\.mp4"):
        VideoFileSource(tmp_path / "nope.mp4")


def test_corrupt_video_gives_a_clear_error(tmp_path):
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(np.random.default_rng(0).bytes(50_000))
    with pytest.raises(SourceError, match="cannot read .*broken.mp4"):
        VideoFileSource(bad)


def test_truncated_video_gives_a_clear_error(tmp_path, data_dir):
    bad = tmp_path / "cut.mp4"
    bad.write_bytes((data_dir / "pose2sim_single_cam01.mp4").read_bytes()[:2000])
    with pytest.raises(SourceError, match="cannot read .*cut.mp4"):
        VideoFileSource(bad)


def test_empty_video_file_gives_a_clear_error(tmp_path):
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match="cannot read"):
        open_source(video=empty)


class FakeCapture:
    """A camera that delivers a numbered frame every ``period_s`` and may fail after ``fail_after``."""

    def __init__(self, period_s: float = 0.002, fail_after: int | None = None, opened: bool = True):
        self.period_s, self.fail_after, self.opened = period_s, fail_after, opened
        self.count = 0
        self.released = threading.Event()

    def isOpened(self):
        return self.opened

    def set(self, *_):
        return True

    def get(self, _):
        return 30.0

    def read(self):
        time.sleep(self.period_s)
        if self.fail_after is not None and self.count >= self.fail_after:
            return False, None
        self.count += 1
        return True, np.full((4, 4, 3), self.count % 256, np.uint8)

    def release(self):
        self.released.set()


def test_camera_hands_over_only_the_newest_frame_and_drops_stale_ones():
    fake = FakeCapture(period_s=0.002)
    with CameraSource(0, capture_factory=lambda i: fake) as camera:
        seen = []
        for frame in camera:
            seen.append(frame)
            time.sleep(0.02)  # a consumer 10x slower than the camera
            if len(seen) == 10:
                break
        dropped = camera.dropped
    indices = [f.index for f in seen]
    assert all(b > a for a, b in zip(indices, indices[1:]))
    assert indices[-1] - indices[0] >= 40  # frames in between were skipped, not queued
    assert dropped >= 30
    stamps = [f.t_ms for f in seen]
    assert all(b > a for a, b in zip(stamps, stamps[1:]))
    assert fake.released.is_set()


def test_no_camera_lists_the_indices_tried_and_suggests_video():
    with pytest.raises(SourceError, match=r"tried index 0, 1, 2, 3, 4.*--video"):
        CameraSource(capture_factory=lambda i: FakeCapture(opened=False))
    with pytest.raises(SourceError, match=r"tried index 7\b"):
        CameraSource(7, capture_factory=lambda i: FakeCapture(opened=False))


def test_first_working_camera_is_taken_when_no_index_is_given():
    captures = {0: FakeCapture(opened=False), 1: FakeCapture(fail_after=0), 2: FakeCapture()}
    with CameraSource(capture_factory=captures.__getitem__) as camera:
        assert camera.index == 2 and camera.name == "camera 2"


def test_a_camera_that_stops_mid_stream_ends_with_a_clear_error():
    fake = FakeCapture(fail_after=5)
    with CameraSource(0, capture_factory=lambda i: fake, stall_timeout_s=0.5) as camera:
        got = 0
        with pytest.raises(SourceError, match="stopped delivering frames"):
            for _ in camera:
                got += 1
    assert 1 <= got <= 5


def test_a_video_played_as_a_camera_drops_frames_a_slow_consumer_cannot_take(data_dir):
    from posecoach.video import PacedFileSource

    with PacedFileSource(data_dir / "pose2sim_single_cam01.mp4", speed=2.0) as source:  # 100 frames, 0.83 s
        started = time.monotonic()
        seen = []
        for frame in source:
            seen.append(frame)
            time.sleep(0.05)  # a consumer at 20 fps against frames arriving at 120 fps
        elapsed = time.monotonic() - started
    stamps = [f.t_ms for f in seen]
    assert all(b > a for a, b in zip(stamps, stamps[1:]))  # the file's own times, in order
    assert 10 <= len(seen) <= 30 and source.dropped >= 60  # newest frame only, the rest dropped
    assert 0.7 < elapsed < 2.0  # played at the file's pace (x2), not as fast as decoding allows
    assert seen[-1].index >= 90  # and to its end


def test_a_phone_video_stored_sideways_with_a_rotation_tag_comes_out_upright(tmp_path, data_dir):
    # A phone records portrait as landscape pixels plus a display rotation: store the upright
    # lab clip turned a quarter clockwise, tagged to be turned back on display.
    import av

    with VideoFileSource(data_dir / "pose2sim_single_cam01.mp4") as source:
        upright = [frame.image.copy() for _, frame in zip(range(12), source)]
    path = tmp_path / "phone.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=60, options={"crf": "18"})
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        stream.set_display_rotation(90)  # counter-clockwise, as FFmpeg's display matrix says
        for image in upright:
            sideways = np.ascontiguousarray(np.rot90(image, -1))
            out.mux(stream.encode(av.VideoFrame.from_ndarray(sideways, format="bgr24")))
        out.mux(stream.encode())
    with VideoFileSource(path) as source:
        assert (source.width, source.height) == (360, 640)
        frames = list(source)
    assert len(frames) == len(upright)
    for frame, want in zip(frames, upright):
        assert frame.image.shape == want.shape
        assert np.abs(frame.image.astype(int) - want).mean() < 6  # the same picture, up to coding loss
        assert np.array_equal(frame.rgb, frame.image[:, :, ::-1])


def test_reading_from_a_start_frame_gives_the_same_frames_as_reading_through(data_dir):
    path = data_dir / "sports2d_two_walkers.mp4"
    with VideoFileSource(path) as source:
        whole = {frame.index: (frame.t_ms, frame.image.copy()) for frame in source}
    with VideoFileSource(path, start=117, stop=150) as source:
        part = list(source)
    assert [f.index for f in part] == list(range(117, 150))
    for frame in part:
        t_ms, image = whole[frame.index]
        assert frame.t_ms == t_ms and np.array_equal(frame.image, image)
