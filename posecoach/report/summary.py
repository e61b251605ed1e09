"""What the summary for a physiotherapist says about a period: pure, sessions in, figures out.

Range per side per week, left/right asymmetry, adherence, pain, faults and the routine as done.
Angles follow ``report/progress.py``: the median of the reps' |peak|, low-confidence reps and
sessions measured otherwise (``measured_as_now``) left out, changes under ``NOISE_DEG`` called
noise. ``report/summary_html.py`` lays them out.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from posecoach.errors import PosecoachError
from posecoach.exercises.registry import EXERCISES
from posecoach.report.progress import NOISE_DEG, measured_reps, side_medians
from posecoach.store.sessions import SessionInfo


@dataclass(frozen=True)
class Period:
    """The summary's time window: ``start`` <= a session's start < ``end`` (aware datetimes)."""

    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        last = (self.end - timedelta(microseconds=1)).astimezone().date()
        return f"{self.start.astimezone().date().isoformat()} to {last.isoformat()}"

    def holds(self, session: SessionInfo) -> bool:
        started = started_at(session)
        return started is not None and self.start <= started < self.end


def started_at(session: SessionInfo) -> datetime | None:
    """When ``session`` started (a stamp without a zone is UTC, as the store writes them); None if unreadable."""
    try:
        stamp = datetime.fromisoformat(session.started_at)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def _local_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PosecoachError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-10-01") from None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone()  # the local midnight that starts ``day``


def parse_period(since: str | None, start: str | None, end: str | None, now: datetime | None = None) -> Period:
    """The period from ``--since 30d`` (days, or weeks: ``8w``) or ``--from``/``--to`` (local dates,
    both included); a one-line ``PosecoachError`` for anything else."""
    now = now or datetime.now(timezone.utc)
    if since is not None and (start is not None or end is not None):
        raise PosecoachError("give --since, or --from and --to, not both")
    if since is not None:
        match = re.fullmatch(r"\s*(\d+)\s*([dw])\s*", since.lower())
        if not match or int(match.group(1)) == 0:
            raise PosecoachError(f"--since {since!r}: give days or weeks, e.g. --since 30d or --since 8w")
        days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        return Period(now - timedelta(days=days), now + timedelta(seconds=1))
    first = _midnight(_local_day(start, "--from")) if start else datetime(1970, 1, 1, tzinfo=timezone.utc)
    last = _midnight(_local_day(end, "--to") + timedelta(days=1)) if end else now + timedelta(seconds=1)
    if last <= first:
        raise PosecoachError(f"--to {end} is before --from {start}; swap them")
    return Period(first, last)


def week_of(session: SessionInfo) -> date:
    """The Monday (local date) of the week the session started in."""
    started = started_at(session) or datetime.now(timezone.utc)
    day = started.astimezone().date()
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class RangeWeek:
    week: date
    left_deg: float | None
    right_deg: float | None
    range_deg: float | None  # all reps (the measure for exercises without sides)
    reps: int


def weekly_range(sessions: list[SessionInfo], exercise: str) -> list[RangeWeek]:
    """Median |peak| per side per week, oldest week first."""
    weeks: dict[date, list] = {}
    for s, reps in measured_reps(sessions, exercise):
        weeks.setdefault(week_of(s), []).extend(reps)
    return [RangeWeek(week, *side_medians(reps), len(reps)) for week, reps in sorted(weeks.items())]


@dataclass(frozen=True)
class Asymmetry:
    left_deg: float
    right_deg: float

    @property
    def difference_deg(self) -> float:
        """Right minus left (positive: the right side goes further)."""
        return round(self.right_deg - self.left_deg, 1)

    @property
    def beyond_noise(self) -> bool:
        return abs(self.difference_deg) >= NOISE_DEG


def asymmetry(sessions: list[SessionInfo], exercise: str) -> Asymmetry | None:
    """Left against right over the whole period (None for exercises without sides or reps)."""
    reps = [r for _, rs in measured_reps(sessions, exercise) for r in rs]
    left, right, _ = side_medians(reps)
    return None if left is None or right is None else Asymmetry(left, right)


@dataclass(frozen=True)
class AdherenceWeek:
    week: date
    sessions: int
    minutes: float


def adherence(sessions: list[SessionInfo], minutes: dict[int, float], period: Period) -> list[AdherenceWeek]:
    """Sessions and minutes exercising per week, every week of the period (none done: zero)."""
    first = period.start.astimezone().date()
    last = (period.end - timedelta(microseconds=1)).astimezone().date()
    week = first - timedelta(days=first.weekday())
    out = []
    while week <= last:
        done = [s for s in sessions if week_of(s) == week]
        out.append(AdherenceWeek(week, len(done), round(sum(minutes.get(s.id, 0.0) for s in done), 1)))
        week += timedelta(days=7)
    return out


@dataclass(frozen=True)
class Pain:
    rated: int  # sessions with both ratings
    mean_before: float | None
    mean_after: float | None
    first_week_before: float | None  # mean rating before sessions, in the first and last week rated
    last_week_before: float | None
    worse_after: int  # sessions that ended in more pain than they started

    @property
    def mean_change(self) -> float | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return round(self.mean_after - self.mean_before, 1)


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def pain(sessions: list[SessionInfo]) -> Pain:
    """Pain before and after the sessions (0-10, as rated), and how the rating before went."""
    both = [s for s in sessions if s.pain_before is not None and s.pain_after is not None]
    before = [s for s in sessions if s.pain_before is not None]
    weeks = sorted({week_of(s) for s in before})

    def week_mean(week: date) -> float | None:
        return _mean([s.pain_before for s in before if week_of(s) == week and s.pain_before is not None])

    return Pain(
        rated=len(both),
        mean_before=_mean([s.pain_before for s in both if s.pain_before is not None]),
        mean_after=_mean([s.pain_after for s in both if s.pain_after is not None]),
        first_week_before=week_mean(weeks[0]) if weeks else None,
        last_week_before=week_mean(weeks[-1]) if len(weeks) > 1 else None,
        worse_after=sum(1 for s in both if (s.pain_after or 0) > (s.pain_before or 0)),
    )


@dataclass(frozen=True)
class Done:
    """One exercise as it was done over the period."""

    exercise: str
    title: str
    sessions: int
    left: int
    right: int
    total: int
    targets: tuple[float, ...]  # the targets it was done to, lowest first
    mean_hold_s: float | None  # holds only
    faults: dict[str, int]  # code -> reps flagged with it
    low_confidence: int

    def share(self, count: int) -> str:
        return f"{count / self.total:.0%}" if self.total else "-"


def routine_done(sessions: list[SessionInfo]) -> list[Done]:
    """Every exercise done in the period, in the order first done."""
    order: list[str] = []
    for s in sessions:
        for b in s.blocks:
            if b.exercise not in order and b.reps:
                order.append(b.exercise)
    out = []
    for name in order:
        blocks = [b for s in sessions for b in s.blocks if b.exercise == name]
        reps = [r for b in blocks for r in b.reps]
        spec = EXERCISES.get(name)
        holds = spec is not None and spec.hold_s > 0
        out.append(
            Done(
                exercise=name,
                title=spec.title if spec else name,
                sessions=len({s.id for s in sessions for b in s.blocks if b.exercise == name and b.reps}),
                left=sum(r.side == "left" for r in reps),
                right=sum(r.side == "right" for r in reps),
                total=len(reps),
                targets=tuple(sorted({round(b.target_deg, 1) for b in blocks if b.reps})),
                mean_hold_s=round(statistics.mean(r.hold_s for r in reps), 1) if holds and reps else None,
                faults=dict(Counter(code for r in reps for code in r.faults).most_common()),
                low_confidence=sum(r.low_confidence for r in reps),
            )
        )
    return out
