"""Which way a side-on body faces, held steady against frames where the nose says otherwise. Pure.

Side-on, every angle is signed by the facing (``Measures.facing``), read from the nose's lead over
the ears. When the head hangs (a deep fold, a cat) the nose leads by a few pixels only, and
landmark noise then flips the facing for a frame or two: the fold reads as a backbend, and a held
fold breaks into pieces. Nobody turns around that fast, so a new facing is taken only once it has
lasted ``SWITCH_S``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from posecoach.body.metrics import Measures

#: Turning to face the other way takes a person a second or more; a flip shorter than half that is noise.
SWITCH_S = 0.5


@dataclass
class SteadyFacing:
    """Feed every side-on frame in order; ``facing`` 0 takes the first known one (or the neutral's)."""

    facing: int = 0
    _since: float | None = None

    def __call__(self, m: Measures) -> Measures:
        """``m`` with its side-on angles signed by the steady facing."""
        if m.facing == 0 or m.facing == self.facing or self.facing == 0:
            self.facing = self.facing or m.facing
            self._since = None
            return m
        if self._since is None:
            self._since = m.t_s
        if m.t_s - self._since >= SWITCH_S:
            self.facing, self._since = m.facing, None
            return m
        return replace(
            m, facing=self.facing, neck_flexion_deg=-m.neck_flexion_deg, trunk_forward_deg=-m.trunk_forward_deg
        )
