"""Neutral without a still start: infer the user's neutral from the movement itself. Pure.

People rarely begin a recording with a long, still, upright pose. Between reps, though, they come
back to the same place again and again: the neutral is the resting value of the exercise's raw
measure that the user *returns to* most often (each rep starts and ends there; each side's peak is
visited once per rep). The other measures' neutral values are their medians over those visits.

``NeutralFinder`` combines this with the still-pose ``Calibrator``: whichever comes first gives
the neutral; a still pose that comes later replaces an inferred neutral (it is more precise).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from posecoach.body.calibration import (
    DEFAULT_LIMITS,
    FRONT_MIN_FRONTNESS,
    Calibrator,
    Neutral,
    View,
    ViewLimits,
    finite_median,
    in_view_while_tracking,
    neutral_of,
    view_of,
)
from posecoach.body.confidence import TOO_FAR
from posecoach.body.metrics import WORLD_YAW_GAIN, WORLD_YAW_NOISE_DEG, Measures

MAX_UPRIGHT_DEG = 15.0  # a neutral trunk further than this from the image vertical is not upright


@dataclass(frozen=True)
class NeutralRule:
    """How an exercise's neutral is found from the movement: a field of its definition.

    ``raw`` is the raw (uncalibrated) measure behind the counted signal. ``near_zero``: it is an
    angle from upright or square-on, so the starting pose reads near 0 (a camera is rarely rolled
    by more than a few degrees), which breaks ties between equally visited values; an inferred
    neutral further than ``max_from_zero_deg`` from 0 is not the starting pose. ``square_on``: the
    measure is the shoulders' turn, so a neutral faces the camera: within two entries of square
    (``max_from_zero_deg`` does not apply) unless the user turns both ways from it, and a still
    pose turned further, or narrower than the shoulders have been, is a twist's held end.
    """

    raw: str
    near_zero: bool = False
    max_from_zero_deg: float = math.inf
    square_on: bool = False

    def too_far(self, centre: float, enter: float, twist: float = math.nan, both_ways: bool = False) -> bool:
        """Is ``centre`` too far from 0 for the starting pose? What is known there: ``twist``, the
        shoulders' turn past the hips (world yaw, degrees), and ``both_ways``, whether the movement
        leaves it by ``enter`` to either side."""
        if self.square_on:
            # A camera off the body's axis can turn the whole body far round in MediaPipe's world
            # yaw: three of six rendered bodies standing at rest 10-20 deg off-axis read 47-62 deg
            # (the others within 25). Such a rest is the neutral all the same where the shoulders
            # are square to the hips (the end of a twist turns them an entry past, as
            # ``NeutralFinder._plausible`` tests a still pose), or where the user twists both ways
            # from it, as the end of a twist never is.
            return abs(centre) > 2 * enter and not (abs(twist) <= enter or both_ways)
        return abs(centre) > self.max_from_zero_deg


#: The neutral's arm elevations (``Sample.arms``), kept beside the raw measures.
ARM_NEUTRALS = ("arm_low_deg", "arm_high_deg")
MIN_VISIT_S = 0.15  # a visit shorter than this is a pass through, not a stay
MAX_FRAME_GAP_S = 0.5  # frames further apart than this break a visit


@dataclass(frozen=True)
class Sample:
    """One in-view frame's raw measures plus the arm elevations (3-D, degrees, low and high)."""

    m: Measures
    arms: tuple[float, float] = (math.nan, math.nan)


def _values(samples: list[Sample], raw: str) -> np.ndarray:
    return np.array([getattr(s.m, raw) for s in samples], dtype=float)


def _modes(values: np.ndarray, separation: float) -> list[float]:
    """Values the signal dwells at: peaks of a smoothed histogram at least ``separation`` apart."""
    finite = values[np.isfinite(values)]
    if len(finite) < 5:
        return []
    lo, hi = float(finite.min()) - separation, float(finite.max()) + separation
    step = max(separation / 8, 0.25)
    edges = np.arange(lo, hi + step, step)
    hist, _ = np.histogram(finite, edges)
    sigma = max(1.0, separation / 4 / step)
    kernel = np.exp(-0.5 * (np.arange(-int(3 * sigma), int(3 * sigma) + 1) / sigma) ** 2)
    density = np.convolve(hist, kernel, mode="same")
    centres = (edges[:-1] + edges[1:]) / 2
    peaks = [i for i in range(1, len(density) - 1) if density[i] >= density[i - 1] and density[i] > density[i + 1]]
    peaks.sort(key=lambda i: -density[i])
    chosen: list[float] = []
    for i in peaks:
        if density[i] < 0.05 * density[peaks[0]]:
            break
        if all(abs(centres[i] - c) >= separation for c in chosen):
            chosen.append(float(centres[i]))
    return chosen


def _visits(t: np.ndarray, near: np.ndarray) -> list[tuple[int, int]]:
    """Index ranges [a, b] of consecutive frames that are ``near`` and last at least MIN_VISIT_S."""
    runs, start = [], None
    for i in range(len(near) + 1):
        broken = i == len(near) or not near[i] or (i > 0 and t[i] - t[i - 1] > MAX_FRAME_GAP_S)
        if start is not None and broken:
            if t[i - 1] - t[start] >= MIN_VISIT_S:
                runs.append((start, i - 1))
            start = None
        if i < len(near) and near[i] and start is None:
            start = i
    return runs


def _excursions(
    values: np.ndarray, visits: list[tuple[int, int]], enter: float, centre: float, ok: np.ndarray
) -> tuple[int, bool]:
    """Complete excursions (beyond ``enter`` between two visits), and whether one is open at the end."""
    beyond = (np.abs(values - centre) >= enter) & ok
    complete = sum(bool(beyond[a_end + 1 : b_start].any()) for (_, a_end), (b_start, _) in zip(visits, visits[1:]))
    open_end = bool(visits) and bool(beyond[visits[-1][1] + 1 :].any())
    return complete, open_end


REST_SETTLE_S = 0.5  # the user has settled when the measure has stopped drifting over this long


def _settled(t: np.ndarray, values: np.ndarray, exit: float) -> float | None:
    """Where the measure rests over the last REST_SETTLE_S (None while it is still moving): the medians
    of the two halves agree within half the exit band (medians: robust to landmark jitter)."""
    recent = values[(t >= t[-1] - REST_SETTLE_S) & np.isfinite(values)]
    if t[-1] - t[0] < REST_SETTLE_S or len(recent) < 4:
        return None
    half = len(recent) // 2
    if abs(float(np.median(recent[:half])) - float(np.median(recent[half:]))) > exit / 2:
        return None
    return float(np.median(recent))


def infer_neutral(
    samples: list[Sample], rule: NeutralRule, enter: float, exit: float, *, allow_open: bool = False
) -> Neutral | None:
    """The neutral the user keeps returning to: where they have settled now, having left it at least
    once before for an excursion beyond ``enter`` (with ``allow_open``, e.g. at the end of a
    recording, the most visited value that one excursion left and never returned to: a hold to the
    end). None when the movement does not show a neutral yet."""
    raw = rule.raw
    if len(samples) < 10:
        return None
    values = _values(samples, raw)
    t = np.array([s.m.t_s for s in samples])
    arms = np.array([s.arms for s in samples], dtype=float)
    now = _settled(t, values, exit)
    if now is None and not allow_open:
        return None  # on the move: a value passed through on the way out is not a neutral
    best: tuple[tuple[float, ...], float, list[tuple[int, int]]] | None = None
    for centre in _modes(values, separation=enter):
        near = np.abs(values - centre) <= exit
        visits = _visits(t, near)
        if not visits:
            continue
        if not allow_open and (now is None or abs(centre - now) > exit or visits[-1][1] != len(values) - 1):
            continue
        # Frames whose arms have moved far from where they were at this neutral measure the arms,
        # not the trunk: they are no evidence of an excursion.
        at = np.concatenate([np.arange(a, b + 1) for a, b in visits])
        arms_here = np.nanmedian(arms[at], axis=0) if np.isfinite(arms[at]).any() else np.array([np.nan, np.nan])
        moved = (
            np.nanmax(np.abs(arms - arms_here), axis=1) > ARMS_MOVED_DEG
            if np.isfinite(arms_here).all()
            else np.zeros(len(values), dtype=bool)
        )
        complete, open_end = _excursions(values, visits, enter, centre, ~moved)
        if not complete and not (allow_open and open_end):
            continue
        prior = 0.0 if rule.near_zero else float(np.nanmedian(values))
        twist = _twist([samples[i] for i in at]) if rule.square_on else math.nan
        still_arms = values[~moved]
        both_ways = bool((still_arms >= centre + enter).any() and (still_arms <= centre - enter).any())
        if rule.too_far(centre, enter, twist, both_ways):
            continue  # not upright, or (a twist's end) not square to the camera
        score = (float(len(visits)), -abs(centre - prior))
        if best is None or score > best[0]:
            best = (score, centre, visits)
    if best is None:
        return None if allow_open else _between_sides(samples, values, rule, enter, exit)
    centre, visits = best[1], best[2]
    # The visits' edges are on the way out or back: the neutral is the core of the stays.
    core = max(exit / 3, 1.0)
    cores = [i for a, b in visits for i in range(a, b + 1) if abs(values[i] - centre) <= core]
    chosen = [samples[i] for i in cores] or [samples[i] for a, b in visits for i in range(a, b + 1)]
    return neutral_from(chosen, start_s=float(t[visits[0][0]]), end_s=float(t[visits[-1][1]]))


def _twist(samples: list[Sample]) -> float:
    """The shoulders' median turn past the hips over ``samples`` (world yaw, degrees)."""
    return finite_median([s.m.shoulder_yaw_world_deg - s.m.hip_yaw_world_deg for s in samples])


#: Crossings from one side's end to the other's that show a neutral passed through (two: out, over, back).
MIN_CROSSINGS = 2


def _between_sides(
    samples: list[Sample], values: np.ndarray, rule: NeutralRule, enter: float, exit: float
) -> Neutral | None:
    """For someone who rests at the ends of the movement and only passes through the neutral (a
    twist held at each side, turned straight over to the other): the neutral is midway between the
    two ends they dwell at, taken from the frames that pass it. None unless the ends lie on either
    side of an upright (or square-on) pose and the movement crossed between them."""
    ends = _modes(values, separation=enter)
    sides = [(a, b) for a in ends for b in ends if b - a >= 2 * enter]
    if not sides:
        return None
    low, high = max(sides, key=lambda pair: pair[1] - pair[0])
    centre = (low + high) / 2.0
    if rule.near_zero and rule.too_far(centre, enter):
        return None
    side = np.where(values >= high - exit, 1, np.where(values <= low + exit, -1, 0))
    visited = side[side != 0]
    if int(np.count_nonzero(np.diff(visited))) < MIN_CROSSINGS:
        return None
    passing = [samples[i] for i in np.nonzero(np.abs(values - centre) <= exit)[0]]
    if len(passing) < 3:
        return None
    return neutral_from(passing, start_s=passing[0].m.t_s, end_s=passing[-1].m.t_s)


ARMS_MOVED_DEG = 50.0  # an arm this far from its neutral elevation is raised or reaching (swinging: less)


def neutral_from(samples: list[Sample], start_s: float, end_s: float) -> Neutral:
    """Median of every raw measure (and the arm elevations) over ``samples``."""
    arms = {name: finite_median([float(s.arms[k]) for s in samples]) for k, name in enumerate(ARM_NEUTRALS)}
    return neutral_of([s.m for s in samples], start_s, end_s, arms)


#: A standing neutral has nearly straight knees (cat-cow's soft knees bend ~15 deg; a squat ~90).
MIN_STANDING_KNEE_DEG = 130.0
#: Seated, the hips are at most a shank's height above the feet (floor ~0, a chair 0.9-1.3 torso
#: lengths in the image); standing, ~1.8.
MAX_SEATED_HIP_HEIGHT = 1.5
#: Facing the camera, the neutral trunk is not leaning toward it (reaching, a squat's hinge); the
#: margin allows for a camera pitched up or down.
MAX_NEUTRAL_LEAN_DEG = 25.0
#: The lean is read from MediaPipe's world landmarks, which a body small in the image (torso under
#: this share of the frame's height, where confidence's "too far" begins) leans 20-30 deg toward
#: the camera as it stands upright: there only the image says whether the trunk is upright.
MIN_TORSO_FRAC_FOR_LEAN = TOO_FAR[0]
#: Side-on, the neutral trunk may lean forward (standing cat-cow, hands on the thighs: ~30-45 deg
#: in the image) but is not level: a level trunk is lying, or on all fours for a standing stretch.
MAX_SIDE_ON_TILT_DEG = 60.0


def posture_fits(n: Neutral, view: View, standing: bool, limits: ViewLimits = DEFAULT_LIMITS) -> bool:
    """Is this neutral the exercise's starting posture (standing or seated, upright, in its view)? A
    squat's bottom, a reach or standing for a seated stretch is not."""

    def ok(name: str, test: Callable[[float], bool]) -> bool:
        value = n.values.get(name, math.nan)
        return not math.isfinite(value) or test(value)

    if view == "front" and not (
        ok("frontness", lambda v: v >= FRONT_MIN_FRONTNESS)
        and ok("hip_yaw_world_deg", lambda v: abs(v * WORLD_YAW_GAIN) <= limits.max_hip_yaw_deg)
    ):
        return False

    if standing and not ok("knee_world_deg", lambda v: v >= MIN_STANDING_KNEE_DEG):
        return False
    if not standing and not ok("hip_height", lambda v: v <= MAX_SEATED_HIP_HEIGHT):
        return False
    if view != "front":
        return ok("trunk_tilt_deg", lambda v: abs(v) <= MAX_SIDE_ON_TILT_DEG)
    # Facing the camera, upright in the image too (as a still neutral must be): a camera is rarely
    # rolled by more than a few degrees.
    upright = ok("trunk_tilt_deg", lambda v: abs(v) <= MAX_UPRIGHT_DEG)
    if not ok("torso_frac", lambda v: v >= MIN_TORSO_FRAC_FOR_LEAN):
        return upright
    return upright and ok("pitch_world_deg", lambda v: abs(v) <= MAX_NEUTRAL_LEAN_DEG)


@dataclass
class NeutralFinder:
    """Feed it every in-view frame; it says when a neutral is found (still or inferred) or improved.

    ``update`` returns ``(neutral, how)`` when the neutral to use changes, else None. ``how`` is
    "still" or "inferred". An inferred neutral is replaced once by a still pose near it.
    """

    view: View
    rule: NeutralRule
    enter: float
    exit: float
    standing: bool = True
    limits: ViewLimits = DEFAULT_LIMITS
    history_s: float = 60.0
    infer_every_s: float = 0.25  # inference costs a histogram: not on every frame
    samples: deque[Sample] = field(default_factory=deque, repr=False)
    neutral: Neutral | None = None
    how: str | None = None
    later_still: Neutral | None = None  # the newest still pose found after a still neutral

    def __post_init__(self) -> None:
        self._calibrator = Calibrator(self.view, self.limits)
        self._last_try = -math.inf

    def reset(self) -> None:
        self.samples.clear()
        self._calibrator.reset()
        self.neutral, self.how, self._last_try = None, None, -math.inf

    def update(self, sample: Sample | None, drive_now: float | None = None) -> tuple[Neutral, str] | None:
        """One frame (None: not measurable in this view). ``drive_now``: the counted signal against the
        current neutral, if any (a still pose replaces an inferred neutral only near it)."""
        # The history keeps every frame a rep may pass through (a large twist goes side-on); a still
        # pose and an inferred neutral are in the exercise's own view.
        if sample is None or not in_view_while_tracking(sample.m, self.view, self.limits):
            self._calibrator.update(None)
            return None
        m = sample.m
        self.samples.append(sample)
        while self.samples and m.t_s - self.samples[0].m.t_s > self.history_s:
            self.samples.popleft()
        still = self._calibrator.update(m if view_of(m, self.limits) == self.view else None)
        if still is not None and (self.how == "still" or self._plausible(still, drive_now)):
            window = [s for s in self.samples if still.start_s <= s.m.t_s <= still.end_s] or [sample]
            found = neutral_from(window, still.start_s, still.end_s)
            if posture_fits(found, self.view, self.standing, self.limits):
                if self.how == "still":
                    self.later_still = found
                    return None
                self.neutral, self.how = found, "still"
                return self.neutral, self.how
        if self.neutral is None and m.t_s - self._last_try >= self.infer_every_s:
            self._last_try = m.t_s
            inferred = infer_neutral(list(self.samples), self.rule, self.enter, self.exit)
            if inferred is not None and posture_fits(inferred, self.view, self.standing, self.limits):
                self.neutral, self.how = inferred, "inferred"
                return self.neutral, self.how
        return None

    def finish(self) -> tuple[Neutral, str] | None:
        """End of the recording: accept a neutral left once and never returned to (a hold to the end)."""
        if self.neutral is not None:
            return None
        inferred = infer_neutral(list(self.samples), self.rule, self.enter, self.exit, allow_open=True)
        if inferred is None or not posture_fits(inferred, self.view, self.standing, self.limits):
            return None
        self.neutral, self.how = inferred, "inferred"
        return self.neutral, self.how

    def _plausible(self, still: Neutral, drive_now: float | None) -> bool:
        """A still pose is a neutral only where the user rests: near the current neutral if there is
        one (for a twist, in the world yaw as well as in the counted signal); before that, for the
        twists, with the shoulders about as wide as they have been (a turned trunk is narrower: a
        pause at the end of a twist is not the neutral)."""
        if self.neutral is not None:
            if self.rule.square_on and not abs(still[self.rule.raw] - self.neutral[self.rule.raw]) <= self.enter:
                # The twist is counted from the shoulders' width, which a camera off the body's axis
                # shows barely narrower at the end of a turn toward it than at rest (a rendered body
                # 20 deg off read 17 deg for a 50-deg turn, and settled back within the exit while
                # held there); the world yaw the neutral was inferred from still tells them apart.
                return False
            return drive_now is not None and math.isfinite(drive_now) and abs(drive_now) <= self.exit
        if self.rule.square_on:
            # Facing the camera the shoulder line is square to it: a still pose turned further than a
            # counted twist (plus the world yaw's noise) is the end of a twist, not the neutral.
            # A camera off to one side turns the hips about as far (the still pose faces it obliquely;
            # MediaPipe reads the shoulders ~10 deg further round than the hips of a rendered body
            # 15 deg off the camera's axis); the end of a counted twist turns the shoulders a whole
            # entry past the hips, which follow 0.3-0.6 of it. A narrower shoulder span (below) tells
            # a held twist too.
            twisted = abs(still["shoulder_yaw_world_deg"] - still["hip_yaw_world_deg"]) > self.enter
            if abs(still["shoulder_yaw_world_deg"]) > self.enter + WORLD_YAW_NOISE_DEG and twisted:
                return False
            ratios = np.array([s.m.shoulder_ratio for s in self.samples], dtype=float)
            ratios = ratios[np.isfinite(ratios)]
            # cos(18 deg) ~ 0.95: a turn of about the smallest counted twist.
            return len(ratios) == 0 or still["shoulder_ratio"] >= 0.95 * float(np.percentile(ratios, 90))
        return True
