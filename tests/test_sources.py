import math
import threading

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
    """A camera that delivers numbered frames: freely, or (``stepped``) only as many as the test
    lets it with ``deliver``; it fails after ``fail_after`` frames and once ``unplug`` is called."""

    def __init__(self, fail_after: int | None = None, opened: bool = True, stepped: bool = False):
        self.fail_after, self.opened = fail_after, opened
        self.count = 0
        self.allowed = 1 if stepped else None  # the frame CameraSource reads when it opens
        self.waiting = False
        self.unplugged = False
        self.released = threading.Event()
        self._cond = threading.Condition()

    def isOpened(self):
        return self.opened

    def set(self, *_):
        return True

    def get(self, _):
        return 30.0

    def read(self):
        with self._cond:
            while self.allowed is not None and self.count >= self.allowed and not self.unplugged:
                self.waiting = True
                self._cond.notify_all()
                self._cond.wait()
            self.waiting = False
            if self.unplugged or (self.fail_after is not None and self.count >= self.fail_after):
                return False, None
            self.count += 1
            return True, np.full((4, 4, 3), self.count % 256, np.uint8)

    def deliver(self, frames: int) -> None:
        """Let the camera deliver ``frames`` more, and return once the source has taken them all."""
        with self._cond:
            self.allowed += frames
            self._cond.notify_all()
            assert self._cond.wait_for(lambda: self.waiting and self.count == self.allowed, timeout=10)

    def unplug(self) -> None:
        with self._cond:
            self.unplugged = True
            self._cond.notify_all()

    def release(self):
        self.released.set()


def test_camera_hands_over_only_the_newest_frame_and_drops_stale_ones():
    # Five frames arrive while the consumer works on each one: it gets the fifth, the newest; the
    # four before it are dropped, never queued.
    fake = FakeCapture(stepped=True)
    with CameraSource(0, capture_factory=lambda i: fake) as camera:
        frames = iter(camera)
        seen = []
        for _ in range(10):
            fake.deliver(5)
            seen.append(next(frames))
        dropped = camera.dropped
        fake.unplug()
    assert [f.index for f in seen] == [4 + 5 * k for k in range(10)]
    assert [int(f.image[0, 0, 0]) for f in seen] == [1 + 5 * (k + 1) for k in range(10)]  # the camera's own count
    assert dropped == 4 * 10
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


class FakeClock:
    """Time that moves only when the test moves it, in whole milliseconds. ``advance`` returns once
    the source's thread has done everything due by the new time and waits for a later one (or has
    ended)."""

    def __init__(self) -> None:
        self.ms = 0
        self._waiting_until: int | None = None  # the millisecond the source's thread waits for
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()

    def now(self) -> float:
        with self._cond:
            return self.ms / 1000

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        with self._cond:
            self._thread = threading.current_thread()
            # Due times are whole milliseconds here; the source's float subtraction may leave an ulp.
            self._waiting_until = math.ceil(self.ms + seconds * 1000 - 1e-6)
            self._cond.notify_all()
            while self.ms < self._waiting_until and not stop.is_set():
                self._cond.wait(timeout=0.05)  # close() sets stop without notifying this clock
            self._waiting_until = None
            return stop.is_set()

    def advance(self, ms: int) -> None:
        with self._cond:
            self.ms += ms
            self._cond.notify_all()

            def settled() -> bool:
                waiting = self._waiting_until is not None and self._waiting_until > self.ms
                return waiting or (self._thread is not None and not self._thread.is_alive())

            while not settled():
                self._cond.wait(timeout=0.05)  # a thread that ends notifies nobody


def test_a_video_played_as_a_camera_hands_over_the_newest_frame_due_and_drops_the_rest(data_dir):
    from posecoach.video import PacedFileSource

    path = data_dir / "pose2sim_single_cam01.mp4"  # 100 frames at 60 fps
    with VideoFileSource(path) as source:
        due_ms = [frame.t_ms for frame in source]  # the file's own times
    clock = FakeClock()
    with PacedFileSource(path, clock=clock) as paced:
        seen = []
        for frame in paced:  # a consumer that takes 50 ms a frame, against a frame every 16.7 ms
            seen.append((clock.ms, frame))
            clock.advance(50)
        dropped = paced.dropped
    # Each frame handed over is the newest the file had reached by then: never ahead of the file's
    # pace, never a stale one; the last frame is handed over too.
    newest = [max(i for i, t in enumerate(due_ms) if t <= now) for now, _ in seen]
    assert [frame.index for _, frame in seen] == newest
    assert [frame.t_ms for _, frame in seen] == [due_ms[i] for i in newest]
    assert seen[-1][1].index == len(due_ms) - 1
    assert len(seen) == 1 + -(-due_ms[-1] // 50)  # one frame every 50 ms of the file, and its first
    assert dropped == len(due_ms) - len(seen)


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
