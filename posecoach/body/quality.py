"""Is a pose good enough to measure? Visibility of the landmarks an exercise needs, and frames
where MediaPipe's output jumps implausibly (a one-frame glitch)."""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from posecoach.pose.types import LM, Pose

#: MediaPipe's visibility (the chance a landmark is in view and not occluded) below which a landmark
#: is not used or drawn: its own decision threshold.
MIN_VISIBILITY = 0.5
FRAME_MARGIN = 0.02  # landmarks this far outside the frame still count as in view


def missing_landmarks(pose: Pose, required: Sequence[int], min_visibility: float = MIN_VISIBILITY) -> list[str]:
    """Names of required landmarks that are not clearly visible inside the frame."""
    if pose.is_empty:
        return [LM(i).name.lower() for i in required]
    xy = pose.image[list(required), :2]
    inside = np.all((xy >= -FRAME_MARGIN) & (xy <= 1 + FRAME_MARGIN), axis=1)
    seen = pose.visibility[list(required)] >= min_visibility
    return [LM(i).name.lower() for i, ok in zip(required, inside & seen) if not ok]


@dataclass
class GlitchFilter:
    """Rejects frames whose torso length jumps away from the recent median by more than
    ``max_ratio`` (MediaPipe now and then folds a skeleton for one frame). A change that lasts
    ``adapt_s`` is real (the user stepped closer) and is accepted."""

    max_ratio: float = 1.35
    history: int = 15
    adapt_s: float = 0.5
    _recent: deque[float] = field(default_factory=deque, repr=False)
    _rejected_since: float | None = None

    def reset(self) -> None:
        self._recent.clear()
        self._rejected_since = None

    def accept(self, t_s: float, torso_px: float) -> bool:
        if not np.isfinite(torso_px):
            return False
        if len(self._recent) >= 5:
            ratio = torso_px / statistics.median(self._recent)
            if not 1 / self.max_ratio <= ratio <= self.max_ratio:
                if self._rejected_since is None:
                    self._rejected_since = t_s
                if t_s - self._rejected_since < self.adapt_s:
                    return False
                self._recent.clear()
        self._rejected_since = None
        self._recent.append(torso_px)
        while len(self._recent) > self.history:
            self._recent.popleft()
        return True
