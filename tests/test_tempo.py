"""How a rep's movement is timed for its tempo (exercises/tempo.py), on drive signals built from a
minimum-jerk movement, whose timing is known exactly."""

import numpy as np
import pytest

from posecoach.exercises.counter import Excursion, ExcursionTracker
from posecoach.exercises.faults import TOO_FAST_SHARE
from posecoach.exercises.tempo import TRANSIT_GAIN, moving_s, span_s, transit_s

FPS = 30.0
PEAK = 40.0


def min_jerk(s: np.ndarray) -> np.ndarray:
    s = np.clip(s, 0.0, 1.0)
    return 10 * s**3 - 15 * s**4 + 6 * s**5


def rep(move_s: float, hold_s: float, reading=lambda x: x) -> tuple[np.ndarray, np.ndarray, Excursion]:
    """Rest 1 s, out in move_s/2, hold, back in move_s/2, rest 1 s; ``reading`` maps the true share
    of the peak (0-1) to the share the drive shows."""
    half = move_s / 2
    t = np.arange(0.0, 2.0 + move_s + hold_s, 1 / FPS)
    share = np.where(
        t < 1.0 + half + hold_s / 2, min_jerk((t - 1.0) / half), min_jerk((2.0 + move_s + hold_s - 1.0 - t) / half)
    )
    share = np.where((t >= 1.0 + half) & (t <= 1.0 + half + hold_s), 1.0, share)
    drive = PEAK * reading(share)
    return t, drive, excursion(t, drive)


def excursion(t: np.ndarray, drive: np.ndarray) -> Excursion:
    """The excursion as the exercise coach's counter finds it (entered at half the target, as a 40-deg twist)."""
    tracker = ExcursionTracker(enter=PEAK / 2, exit=PEAK / 4)
    found = [ex for ex in (tracker.update(a, b) for a, b in zip(t, drive)) if ex is not None]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("move_s", [2.0, 4.0, 8.0])
def test_a_minimum_jerk_rep_is_timed_at_its_own_movement_time(move_s):
    t, drive, ex = rep(move_s, hold_s=3.0)
    assert transit_s(t, drive, ex) == pytest.approx(move_s, rel=0.05)


def test_a_hold_s_length_does_not_change_the_timing():
    short, long_ = (transit_s(*rep(4.0, hold_s=h)) for h in (0.5, 8.0))
    assert short == pytest.approx(long_, rel=0.02)


def test_a_reading_that_lags_then_catches_up_is_not_taken_for_a_fast_rep():
    # MediaPipe's twist reading on some bodies: it stays near 12% of the turn for the first 60% of
    # the movement, then catches up in a jump (rendered seated twists; see tempo.py).
    def lagging(share):
        return np.where(share < 0.6, 0.12 * share / 0.6, 0.12 + 0.88 * (share - 0.6) / 0.4)

    t, drive, ex = rep(4.0, hold_s=3.0, reading=lagging)
    # As the exercise coach judges it: not too fast, timed from rest to peak ...
    assert moving_s(t, drive, ex, "transit") > TOO_FAST_SHARE * 4.0
    # ... while the peak speed takes the jump for a faster movement than the transit does.
    assert moving_s(t, drive, ex, "peak_speed") < 0.9 * moving_s(t, drive, ex, "transit")


def test_a_turn_read_flat_then_in_one_jump_is_not_taken_for_a_fast_rep():
    # A clean seated twist of a rendered body: MediaPipe read its turns out following them to 10%,
    # then flat there until 60% of the turn, then in one jump (4 to 43 deg in 0.4 s), and its
    # returns steeper than they were. The transit alone then reads the rep near half its time; its
    # span from rest to rest, less the hold, keeps two thirds of its length, and the rep is timed by the
    # slower of the two.
    t, true, _ = rep(4.0, hold_s=5.0)
    share = true / PEAK
    out = t < t[np.argmax(share)]
    jump = np.where(share < 0.6, np.minimum(share, 0.1), np.minimum(1.0, 0.1 + 0.9 * (share - 0.6) / 0.1))
    steep = np.clip((share - 0.2) / 0.7, 0.0, 1.0)
    drive = PEAK * np.where(out, jump, steep)
    ex = excursion(t, drive)
    assert transit_s(t, drive, ex) / TRANSIT_GAIN < TOO_FAST_SHARE * 4.0  # timed by the transit alone
    assert span_s(t, drive, ex) > 0.65 * span_s(*rep(4.0, hold_s=5.0))
    assert moving_s(t, drive, ex, "transit") > TOO_FAST_SHARE * 4.0


@pytest.mark.parametrize("timing", ["transit", "peak_speed"])
def test_a_rep_at_twice_the_tempo_reads_as_under_the_too_fast_share(timing):
    # As the exercise coach judges a rep against a 4 s tempo; and a rep at the tempo is not too fast.
    assert moving_s(*rep(2.0, hold_s=3.0), timing) < TOO_FAST_SHARE * 4.0
    assert moving_s(*rep(4.0, hold_s=3.0), timing) > TOO_FAST_SHARE * 4.0
