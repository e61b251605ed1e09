"""A self-contained HTML report of one session: summary, reps, trace with faults, progress."""

from __future__ import annotations

import base64
import html
from pathlib import Path

from posecoach.coach.events import Rep
from posecoach.exercises.registry import EXERCISES
from posecoach.report.plots import progress_png, trace_png
from posecoach.report.progress import describe_progress, progress
from posecoach.report.replays import STYLE as REPLAY_STYLE
from posecoach.report.replays import panels_html, script_html
from posecoach.store.replays import block_replays
from posecoach.store.sessions import SessionInfo, Store

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } .muted { color: #666; }
table { border-collapse: collapse; margin: 0.8rem 0 1.6rem; width: 100%; font-size: 0.92rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: right; }
th:nth-child(2), td:nth-child(2), td.faults, th.faults { text-align: left; }
.summary td, .summary th { text-align: left; }
img { max-width: 100%; border: 1px solid #eee; }
.fault { color: #b3261e; } tr.lowconf td { color: #8a6d00; font-style: italic; } .safety { background: #fff4e5; padding: 0.6rem 1rem; border-radius: 6px; }
"""


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _fmt(value: object, spec: str = "") -> str:
    return "-" if value is None else format(value, spec)


def _reps_table(reps: list[Rep]) -> list[str]:
    """A block's reps, one row each, low-confidence ones marked."""
    e = html.escape
    parts: list[str] = []
    parts.append(
        "<table class=reps><tr><th>#</th><th>side</th><th>start s</th><th>peak s</th><th>end s</th>"
        "<th>peak deg</th><th>hold s</th><th>score</th><th class=faults>faults</th>"
        "<th class=faults>confidence</th></tr>"
    )
    for rep in reps:
        faults = ", ".join(rep.faults)
        trust = f"{rep.confidence:.2f}"
        if rep.low_confidence:
            trust = f"low {trust}" + (f": {', '.join(rep.confidence_reasons)}" if rep.confidence_reasons else "")
        parts.append(
            f"<tr{' class=lowconf' if rep.low_confidence else ''}><td>{rep.index}</td><td>{rep.side or '-'}</td>"
            f"<td>{rep.start_s:.1f}</td><td>{rep.peak_s:.1f}</td>"
            f"<td>{rep.end_s:.1f}</td><td>{rep.peak_deg:+.1f}</td><td>{rep.hold_s:.1f}</td><td>{rep.score}</td>"
            f"<td class='faults{' fault' if faults else ''}'>{e(faults) or '-'}</td>"
            f"<td class=faults>{e(trust)}</td></tr>"
        )
    parts.append("</table>")
    if any(rep.low_confidence for rep in reps):
        parts.append(
            "<p class=muted>Reps marked low confidence count, but their angles are left out of "
            "progress and of adaptive targets.</p>"
        )
    return parts


def render_report(store: Store, session: SessionInfo) -> str:
    """The report page as one string (plots embedded as PNG data URIs, replays drawn by a script
    inside the page)."""
    e = html.escape
    replay_data: list[dict[str, object]] = []
    parts = [
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>posecoach session {session.id}</title>",
        f"<style>{STYLE}{REPLAY_STYLE}</style></head><body>",
        f"<h1>Session {session.id}: {e(session.routine or '')}</h1>",
        f"<p class=muted>{e(session.started_at)} &middot; {e(session.user)} &middot; {e(session.status)}</p>",
        "<table class=summary><tr><th>Pain before</th><th>Pain after</th><th>Reps</th><th>Mean score</th>"
        "<th>Source</th></tr>",
        f"<tr><td>{_fmt(session.pain_before)}</td><td>{_fmt(session.pain_after)}</td>"
        f"<td>{len(session.reps)}</td><td>{_fmt(session.mean_score)}</td><td>{e(session.source or '-')}</td></tr>"
        "</table>",
    ]
    for block in session.blocks:
        spec = EXERCISES.get(block.exercise)
        title = spec.title if spec else block.exercise
        counts = block.counts()
        parts.append(
            f"<h2>{e(title)}</h2><p>Target {block.target_deg:g} deg; reps: left {counts['left']}, "
            f"right {counts['right']}, total {counts['total']}</p>"
        )
        parts += _reps_table(block.reps)
        sided = bool(spec and spec.per_side)
        t, values = store.trace(block.id)
        replays = block_replays(store, session, block, (t, values))
        if replays:
            parts.append(f"<h3>Replay: {'best and worst rep' if len(replays) > 1 else 'the rep'}</h3>")
            parts.append(panels_html(replays, str(block.id), sided, replay_data))
        parts.append(
            _img(
                trace_png(t, values, block.reps, block.faults, block.metric, block.target_deg, sided),
                f"{block.metric} over time",
            )
        )
        if block.faults:
            parts.append("<table class=faultlist><tr><th>from s</th><th>to s</th><th class=faults>fault</th></tr>")
            for f in block.faults:
                parts.append(
                    f"<tr><td>{f.start_s:.1f}</td><td>{f.end_s:.1f}</td>"
                    f"<td class='faults fault'>{e(f.code)}: {e(f.message)}</td></tr>"
                )
            parts.append("</table>")
        points = progress(
            [s for s in store.sessions(session.user) if s.started_at <= session.started_at], block.exercise
        )
        if points:
            parts.append(f"<h3>Progress: {e(title)}</h3>")
            parts.append(_img(progress_png(points, f"{title}: peak range per session"), f"progress of {title}"))
            prefix = "This is " if len(points) == 1 else f"Since {e(points[0].started_at[:10])}: "
            parts.append(f"<p>{prefix}{describe_progress(points)}.</p>")
    parts.append(
        "<p class=safety>Stretch within what is comfortable; pain is always a reason to stop. If you have "
        "a back condition, check with a health professional.</p>"
    )
    parts.append(script_html(replay_data) + "</body></html>")
    return "\n".join(parts)


def write_report(store: Store, session_id: int, out: str | Path) -> Path:
    path = Path(out)
    path.write_text(render_report(store, store.session(session_id)), encoding="utf-8")
    return path
