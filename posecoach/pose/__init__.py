"""Pose estimation: the Pose type, the model bundle, choosing the user, the MediaPipe adapter.

Import ``posecoach.pose.estimator`` explicitly: it loads MediaPipe, which the analysis code
never needs.
"""

from posecoach.pose.types import LM, Pose

__all__ = ["LM", "Pose"]
