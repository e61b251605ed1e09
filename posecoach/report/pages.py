"""``posecoach report``'s page written to a file: one session's report, or a period's summary for a
physiotherapist, its options checked before the database is read."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from posecoach.errors import PosecoachError
from posecoach.paths import check_output_path, write_file

if TYPE_CHECKING:
    from posecoach.report.summary import Period
    from posecoach.store import Store


def write_report_page(
    session: int | None,
    since: str | None,
    start: str | None,
    end: str | None,
    out: Path | None,
    db: Path | None,
    user: str | None,
) -> Path:
    """Write session ``session``'s report (default ``report.html``), or the summary of the period
    that ``since`` or ``start``/``end`` give (default ``summary.html``); the path written."""
    from posecoach.store import Store

    period_given = since is not None or start is not None or end is not None
    if (session is None) == (not period_given):
        raise PosecoachError("name one session, or give a period with --since 30d or --from/--to (not both)")
    if session is None:
        from posecoach.report.summary import parse_period
        from posecoach.store.sessions import default_user

        period = parse_period(since, start, end)
        target = check_output_path(out or Path("summary.html"), "--out")
        with Store(db, readonly=True) as store:
            page = summary_page(store, user or default_user(), period)
    else:
        from posecoach.report.html import render_report

        target = check_output_path(out or Path("report.html"), "--out")
        with Store(db, readonly=True) as store:
            page = render_report(store, store.session(session))
    write_file(target, page.encode("utf-8"))
    return target


def summary_page(store: Store, user: str, period: Period) -> str:
    """The physiotherapist's summary of ``user``'s sessions in ``period``; an error naming the
    sessions there are when none falls in it."""
    from posecoach.report.summary_html import render_summary
    from posecoach.store.sessions import local_time

    everything = store.sessions(user)
    chosen = [s for s in everything if period.holds(s)]
    if not chosen:
        if not everything:
            raise PosecoachError(f"no sessions yet for {user}; nothing to summarise")
        first, last = local_time(everything[0].started_at)[:10], local_time(everything[-1].started_at)[:10]
        raise PosecoachError(
            f"no session of {user} falls in {period.label}; their {len(everything)} sessions run from {first} to {last}"
        )
    return render_summary(store, user, period, chosen)
