"""Choosing the user among several people in view, and keeping that choice stable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from posecoach.pose.types import Pose

Box = tuple[float, float, float, float]


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two (x0, y0, x1, y1) boxes."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


_BODY = [11, 12, 23, 24, 25, 26, 27, 28]  # shoulders, hips, knees, ankles


def prominence(pose: Pose, box: Box) -> float:
    """How likely a person is the user: large, near the middle and clearly seen scores high."""
    x0, y0, x1, y1 = (min(max(v, 0.0), 1.0) for v in box)
    area = (x1 - x0) * (y1 - y0)
    off_centre = abs((x0 + x1) / 2 - 0.5) * 2  # 0 in the middle, 1 at an edge
    # False detections (a tree, a coat on a chair) come with low landmark visibility.
    clarity = float(pose.visibility[_BODY].mean()) ** 2
    return area * (1.0 - 0.7 * off_centre) * clarity


def _area(box: Box) -> float:
    return max(box[2] - box[0], 0.0) * max(box[3] - box[1], 0.0)


def _centre_distance(a: Box, b: Box) -> float:
    """Distance between box centres, in units of the larger box height."""
    ca = ((a[0] + a[2]) / 2, (a[1] + a[3]) / 2)
    cb = ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
    scale = max(a[3] - a[1], b[3] - b[1], 1e-6)
    return float(((ca[0] - cb[0]) ** 2 + (ca[1] - cb[1]) ** 2) ** 0.5 / scale)


@dataclass
class UserSelector:
    """Pick the most prominent person, then follow that person frame to frame.

    A person becomes the user after being the most prominent for ``confirm_frames`` frames in a
    row (one-frame false detections never do). Once chosen, the user is followed by overlap with the last box seen; someone else is never
    taken instead while the user was seen within ``hold_ms`` (a bystander walking through does
    not steal the session). After that, the most prominent person is chosen afresh.
    """

    hold_ms: int = 1500
    min_iou: float = 0.1
    max_jump: float = 0.6
    confirm_frames: int = 3
    # A body's box changes area by well under 2x as it bends or folds (standing 0.15x0.8 vs folded
    # 0.35x0.45 of the frame: 1.3x); 4x is a landmarker that smeared one pose over two people.
    max_area_ratio: float = 4.0
    # Consecutive frames of one tracked person overlap far more than this; less means the
    # tracker may have moved to someone else, which is worth a look at everyone in view.
    follow_iou: float = 0.5
    _last_box: Box | None = None
    _last_seen_ms: int | None = None
    _candidate_box: Box | None = None
    _candidate_count: int = 0

    def reset(self) -> None:
        self._last_box = None
        self._last_seen_ms = None
        self._candidate_box = None
        self._candidate_count = 0

    def _matches(self, box: Box, reference: Box) -> bool:
        if not 1 / self.max_area_ratio <= _area(box) / max(_area(reference), 1e-9) <= self.max_area_ratio:
            return False
        return iou(box, reference) >= self.min_iou or _centre_distance(box, reference) <= self.max_jump

    def tracking(self, t_ms: int) -> bool:
        """Whether the user was seen within ``hold_ms`` before ``t_ms``."""
        return self._last_seen_ms is not None and t_ms - self._last_seen_ms <= self.hold_ms

    def follows(self, pose: Pose, t_ms: int) -> bool:
        """Whether ``pose`` is where the user was last seen, within ``hold_ms`` (the user is tracked)."""
        box = pose.bbox()
        if box is None or self._last_box is None or self._last_seen_ms is None:
            return False
        return self.tracking(t_ms) and iou(box, self._last_box) >= self.follow_iou

    def choose(self, candidates: Sequence[Pose], t_ms: int, width: int, height: int) -> Pose:
        """Return the user's pose among ``candidates`` (an empty pose when the user is not seen)."""
        boxes = [(pose, pose.bbox()) for pose in candidates if not pose.is_empty]
        boxed: list[tuple[Pose, Box]] = [(pose, box) for pose, box in boxes if box is not None]
        tracking = (
            self._last_box is not None and self._last_seen_ms is not None and t_ms - self._last_seen_ms <= self.hold_ms
        )
        chosen: tuple[Pose, Box] | None = None
        if tracking and boxed:
            assert self._last_box is not None
            last = self._last_box
            best = max(boxed, key=lambda item: (iou(item[1], last), -_centre_distance(item[1], last)))
            if self._matches(best[1], last):
                chosen = best
        elif boxed:
            best = max(boxed, key=lambda item: prominence(*item))
            if self._candidate_box is not None and self._matches(best[1], self._candidate_box):
                self._candidate_count += 1
            else:
                self._candidate_count = 1
            self._candidate_box = best[1]
            if self._candidate_count >= self.confirm_frames:
                chosen = best
        else:
            self._candidate_box, self._candidate_count = None, 0
        if chosen is None:
            return Pose.empty(t_ms, width, height)
        self._last_box, self._last_seen_ms = chosen[1], t_ms
        return chosen[0]
