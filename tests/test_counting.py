"""The counting state machine and the One Euro filter, on hand-made signals."""

import math

import numpy as np
import pytest

from posecoach.body.smoothing import OneEuroFilter, PassThrough
from posecoach.exercises.counter import ExcursionTracker


def feed(tracker, values, fps=30.0, start=0.0):
    done = []
    for i, v in enumerate(values):
        ex = tracker.update(start + i / fps, v)
        if ex is not None:
            done.append(ex)
    return done


def test_jitter_around_the_enter_threshold_counts_once():
    # Up to 12-13 degrees, dithering across enter=12 for a second, then back down.
    up = np.linspace(0, 12.5, 30)
    dither = 12 + 0.8 * np.sin(np.arange(30) * 2.5)
    down = np.linspace(12.5, 0, 30)
    done = feed(ExcursionTracker(enter=12, exit=6), [*up, *dither, *down, *np.zeros(10)])
    assert len(done) == 1 and done[0].sign == 1


def test_jitter_around_the_exit_threshold_does_not_start_a_new_rep():
    out = np.linspace(0, 30, 30)
    back = np.linspace(30, 6.5, 30)
    dither = 6 + 0.8 * np.sin(np.arange(40) * 2.5)  # crosses exit=6 repeatedly, never enter
    done = feed(ExcursionTracker(enter=12, exit=6), [*out, *back, *dither, *np.zeros(10)])
    assert len(done) == 1


def test_too_short_excursions_are_jitter_not_reps():
    spike = [0, 0, 15, 16, 14, 3, 0, 0]
    assert feed(ExcursionTracker(enter=12, exit=6, min_rep_s=0.6), spike) == []


def test_a_smooth_swing_through_neutral_counts_each_side():
    t = np.arange(0, 4, 1 / 30)
    signal = 30 * np.sin(2 * math.pi * t / 4)  # right, then left, without pausing at zero
    done = feed(ExcursionTracker(enter=12, exit=6), list(signal) + [0] * 10)
    assert [ex.sign for ex in done] == [1, -1]


def test_crossing_straight_to_the_other_side_closes_one_rep_and_opens_the_next():
    # From +20 to -20 between two frames (a fast swing at a low frame rate): the signal is never
    # seen within exit=6 of neutral, so only the straight-crossing rule can end the first rep.
    right = [*np.linspace(0, 30, 20), *np.linspace(30, 20, 10)]
    left = [*np.linspace(-20, -30, 10), *np.linspace(-30, 0, 20)]
    done = feed(ExcursionTracker(enter=12, exit=6), right + left + [0] * 10)
    crossing_s = len(right) / 30
    assert [ex.sign for ex in done] == [1, -1]
    assert done[0].end_s == pytest.approx(crossing_s) and done[1].start_s == pytest.approx(crossing_s)


def test_a_return_that_settles_short_of_neutral_still_ends_the_rep():
    # A 42-degree turn that comes back to 8.5 degrees and stays there (a shoulder span that never
    # quite recovers its width), above exit=7.5: the rep ends where the return stopped, and the
    # next turn, which starts from there, counts too.
    jitter = 0.3 * np.sin(np.arange(45) * 2.1)
    first = [*np.linspace(0, 42, 30), *[42] * 15, *np.linspace(42, 8.5, 30), *(8.5 + jitter)]
    second = [*np.linspace(8.5, 42, 30), *[42] * 15, *np.linspace(42, 0, 30), *[0] * 10]
    done = feed(ExcursionTracker(enter=15, exit=7.5), first + second)
    assert [ex.sign for ex in done] == [1, 1]
    assert done[0].end_s == pytest.approx(75 / 30, abs=0.1)  # where the return stopped
    assert done[1].peak_drive == pytest.approx(42)


def test_a_pause_on_the_way_back_above_half_the_peak_does_not_end_the_rep():
    pause = [*np.linspace(0, 42, 30), *[42] * 15, *np.linspace(42, 25, 15), *[25] * 30]
    done = feed(ExcursionTracker(enter=15, exit=7.5), pause + [*np.linspace(25, 0, 15), *[0] * 10])
    assert len(done) == 1 and done[0].end_s > (60 + 30) / 30


def test_a_hold_that_sags_below_enter_is_not_ended_by_settling():
    # A hold ends only within exit (for release_s): a sag to 10 degrees is still part of it.
    sag = [*np.linspace(0, 40, 30), *[40] * 60, *np.linspace(40, 10, 15), *[10] * 45]
    tracker = ExcursionTracker(enter=20, exit=7.5, release_s=1.0)
    assert feed(tracker, sag) == []
    done = feed(tracker, [*np.linspace(10, 0, 10), *[0] * 45], start=len(sag) / 30)
    assert len(done) == 1


def test_peak_plateau_and_time_beyond_a_level():
    values = [*np.linspace(0, 30, 31), *([30.0] * 60), *np.linspace(30, 0, 31)]
    (ex,) = feed(ExcursionTracker(enter=12, exit=6, levels=(25.0,)), values + [0] * 5)
    assert ex.peak_drive == pytest.approx(30.0)
    assert ex.peak_s == pytest.approx(29 / 30, abs=0.05)  # within 1 degree of the top
    assert ex.plateau_s == pytest.approx(2.0 + 10 / 30, abs=0.1)  # 60 frames held + 5 deg ramps
    assert ex.time_beyond[25.0] == pytest.approx(2.0 + 11 / 30, abs=0.1)


def test_a_gap_abandons_the_rep_in_progress():
    tracker = ExcursionTracker(enter=12, exit=6, max_gap_s=1.0)
    feed(tracker, np.linspace(0, 30, 30))
    assert tracker.active_sign == 1
    tracker.update(1.0, None)
    tracker.update(2.5, None)  # 1.5 s without data
    assert tracker.active_sign == 0
    assert feed(tracker, np.linspace(30, 0, 30), start=2.6) == []


def test_thresholds_are_validated():
    with pytest.raises(ValueError, match="exit"):
        ExcursionTracker(enter=5, exit=6)


def test_one_euro_treats_time_zero_as_a_real_sample_and_smooths_noise():
    f = OneEuroFilter(min_cutoff_hz=1.0, beta=0.0)
    assert f(0.0, 10.0) == 10.0
    rng = np.random.default_rng(0)
    out = [f(i / 30, 10.0 + rng.normal(0, 1.0)) for i in range(1, 300)]
    assert np.std(out[50:]) < 0.35  # raw noise std is 1.0


def test_one_euro_follows_fast_motion_with_little_lag_when_beta_is_set():
    slow, fast = OneEuroFilter(1.0, beta=0.0), OneEuroFilter(1.0, beta=0.5)
    t = np.arange(0, 1, 1 / 30)
    ramp = 60 * t  # 60 deg/s
    lag_slow = ramp[-1] - [slow(ti, v) for ti, v in zip(t, ramp)][-1]
    lag_fast = ramp[-1] - [fast(ti, v) for ti, v in zip(t, ramp)][-1]
    assert lag_fast < lag_slow / 3


def test_one_euro_does_not_bridge_a_gap_or_a_nan():
    f = OneEuroFilter(max_gap_s=0.3)
    for i in range(30):
        f(i / 30, 0.0)
    assert f(2.0, 20.0) == 20.0  # after a 1 s gap: the new value, not a glide from 0
    assert math.isnan(f(2.1, float("nan")))
    assert f(2.2, 5.0) == 5.0  # restarted after the NaN


def test_one_euro_reset_clears_all_state():
    f = OneEuroFilter()
    f(0.0, 1.0)
    f(0.1, 50.0)
    f.reset()
    assert f(0.2, 7.0) == 7.0


def test_filter_parameters_are_validated():
    with pytest.raises(ValueError, match="min_cutoff_hz"):
        OneEuroFilter(min_cutoff_hz=0)
    assert PassThrough()(0.0, 3.0) == 3.0
