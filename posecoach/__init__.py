"""posecoach: a webcam coach for back-pain relief stretches, built on MediaPipe Pose Landmarker."""

__version__ = "0.2.0"
