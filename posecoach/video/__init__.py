"""Frame sources: camera, video file and in-memory frames behind one interface."""

from posecoach.video.sources import (
    CameraSource,
    Frame,
    FrameSource,
    MemorySource,
    PacedFileSource,
    VideoFileSource,
    open_source,
)

__all__ = ["CameraSource", "Frame", "FrameSource", "MemorySource", "PacedFileSource", "VideoFileSource", "open_source"]
