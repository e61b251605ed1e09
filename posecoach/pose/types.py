"""The per-frame pose type that flows from the estimator to the exercise coach.

Nothing of MediaPipe travels past ``posecoach.pose.estimator``: it builds these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

NUM_LANDMARKS = 33


class LM(IntEnum):
    """BlazePose landmark indices. LEFT/RIGHT are the person's own sides."""

    NOSE = 0
    LEFT_EYE_INNER = 1
    LEFT_EYE = 2
    LEFT_EYE_OUTER = 3
    RIGHT_EYE_INNER = 4
    RIGHT_EYE = 5
    RIGHT_EYE_OUTER = 6
    LEFT_EAR = 7
    RIGHT_EAR = 8
    MOUTH_LEFT = 9
    MOUTH_RIGHT = 10
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_PINKY = 17
    RIGHT_PINKY = 18
    LEFT_INDEX = 19
    RIGHT_INDEX = 20
    LEFT_THUMB = 21
    RIGHT_THUMB = 22
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT_INDEX = 31
    RIGHT_FOOT_INDEX = 32


#: The body below the face (shoulders down): what the overlay draws as joints.
BODY: tuple[int, ...] = tuple(range(LM.LEFT_SHOULDER, NUM_LANDMARKS))


#: Index pairs (left, right): swapping these mirrors a pose's sides.
LEFT_RIGHT_PAIRS: tuple[tuple[int, int], ...] = (
    (LM.LEFT_EYE_INNER, LM.RIGHT_EYE_INNER),
    (LM.LEFT_EYE, LM.RIGHT_EYE),
    (LM.LEFT_EYE_OUTER, LM.RIGHT_EYE_OUTER),
    (LM.LEFT_EAR, LM.RIGHT_EAR),
    (LM.MOUTH_LEFT, LM.MOUTH_RIGHT),
    (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER),
    (LM.LEFT_ELBOW, LM.RIGHT_ELBOW),
    (LM.LEFT_WRIST, LM.RIGHT_WRIST),
    (LM.LEFT_PINKY, LM.RIGHT_PINKY),
    (LM.LEFT_INDEX, LM.RIGHT_INDEX),
    (LM.LEFT_THUMB, LM.RIGHT_THUMB),
    (LM.LEFT_HIP, LM.RIGHT_HIP),
    (LM.LEFT_KNEE, LM.RIGHT_KNEE),
    (LM.LEFT_ANKLE, LM.RIGHT_ANKLE),
    (LM.LEFT_HEEL, LM.RIGHT_HEEL),
    (LM.LEFT_FOOT_INDEX, LM.RIGHT_FOOT_INDEX),
)

#: Skeleton edges for drawing.
SKELETON_EDGES: tuple[tuple[int, int], ...] = (
    (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER),
    (LM.LEFT_SHOULDER, LM.LEFT_ELBOW),
    (LM.LEFT_ELBOW, LM.LEFT_WRIST),
    (LM.RIGHT_SHOULDER, LM.RIGHT_ELBOW),
    (LM.RIGHT_ELBOW, LM.RIGHT_WRIST),
    (LM.LEFT_SHOULDER, LM.LEFT_HIP),
    (LM.RIGHT_SHOULDER, LM.RIGHT_HIP),
    (LM.LEFT_HIP, LM.RIGHT_HIP),
    (LM.LEFT_HIP, LM.LEFT_KNEE),
    (LM.LEFT_KNEE, LM.LEFT_ANKLE),
    (LM.LEFT_ANKLE, LM.LEFT_HEEL),
    (LM.LEFT_HEEL, LM.LEFT_FOOT_INDEX),
    (LM.LEFT_ANKLE, LM.LEFT_FOOT_INDEX),
    (LM.RIGHT_HIP, LM.RIGHT_KNEE),
    (LM.RIGHT_KNEE, LM.RIGHT_ANKLE),
    (LM.RIGHT_ANKLE, LM.RIGHT_HEEL),
    (LM.RIGHT_HEEL, LM.RIGHT_FOOT_INDEX),
    (LM.RIGHT_ANKLE, LM.RIGHT_FOOT_INDEX),
    (LM.NOSE, LM.LEFT_EAR),
    (LM.NOSE, LM.RIGHT_EAR),
)


def _swap_index() -> np.ndarray:
    """Landmark indices with every left one exchanged for its right counterpart."""
    order = np.arange(NUM_LANDMARKS)
    for left, right in LEFT_RIGHT_PAIRS:
        order[left], order[right] = right, left
    return order


SWAP_SIDES = _swap_index()


@dataclass(frozen=True)
class Pose:
    """One person's landmarks in one frame, or an empty pose when nobody was found.

    - ``image``: (33, 3) x, y normalised to [0, 1] by frame width and height (may fall outside
      when a landmark is out of frame), z relative depth in the same scale as x.
    - ``visibility``, ``presence``: (33,) in [0, 1].
    - ``world``: (33, 3) metres, origin between the hips, y pointing down.
    - ``t_ms``: the frame's timestamp; ``width``, ``height``: frame size in pixels.
    """

    t_ms: int
    width: int
    height: int
    image: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    visibility: np.ndarray = field(default_factory=lambda: np.zeros(0))
    presence: np.ndarray = field(default_factory=lambda: np.zeros(0))
    world: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))

    def __post_init__(self) -> None:
        n = len(self.image)
        if n not in (0, NUM_LANDMARKS):
            raise ValueError(f"Pose.image must have 0 or {NUM_LANDMARKS} rows, got {n}")
        expected = {"image": (n, 3), "visibility": (n,), "presence": (n,), "world": (n, 3)}
        for name, shape in expected.items():
            actual = getattr(self, name).shape
            if actual != shape:
                raise ValueError(f"Pose.{name} must have shape {shape}, got {actual}")
        if self.width <= 0 or self.height <= 0:
            raise ValueError(f"Pose frame size must be positive, got {self.width}x{self.height}")

    @classmethod
    def empty(cls, t_ms: int, width: int, height: int) -> Pose:
        """A frame in which nobody was found."""
        return cls(t_ms=t_ms, width=width, height=height)

    @property
    def is_empty(self) -> bool:
        return len(self.image) == 0

    def __bool__(self) -> bool:
        return not self.is_empty

    @property
    def t_s(self) -> float:
        return self.t_ms / 1000.0

    def pixels(self) -> np.ndarray:
        """(33, 2) image landmarks in pixels."""
        return self.image[:, :2] * np.array([self.width, self.height], dtype=float)

    def bbox(self, min_visibility: float = 0.5) -> tuple[float, float, float, float] | None:
        """Normalised (x0, y0, x1, y1) around the visible landmarks, or None."""
        if self.is_empty:
            return None
        seen = self.image[self.visibility >= min_visibility, :2]
        if len(seen) < 2:
            seen = self.image[:, :2]
        (x0, y0), (x1, y1) = seen.min(axis=0), seen.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)

    def swapped_sides(self) -> Pose:
        """The same pose with every left landmark exchanged for its right counterpart."""
        if self.is_empty:
            return self
        return Pose(
            t_ms=self.t_ms,
            width=self.width,
            height=self.height,
            image=self.image[SWAP_SIDES],
            visibility=self.visibility[SWAP_SIDES],
            presence=self.presence[SWAP_SIDES],
            world=self.world[SWAP_SIDES],
        )
