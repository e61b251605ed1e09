"""The summary a user can hand to a physiotherapist: one self-contained page over a period, with a
stylesheet that prints it on A4. Figures from ``report/summary.py``; charts as inline SVG."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime, timezone

from posecoach.exercises.registry import EXERCISES
from posecoach.report.progress import NOISE_DEG
from posecoach.report.summary import (
    Done,
    Period,
    RangeWeek,
    adherence,
    asymmetry,
    pain,
    routine_done,
    started_at,
    weekly_range,
)
from posecoach.store.sessions import SessionInfo, Store

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 52rem; color: #111; padding: 0 1rem;
  font-size: 14px; line-height: 1.35; }
h1 { font-size: 1.45rem; margin: 0 0 0.2rem; } h2 { font-size: 1.1rem; margin: 1.1rem 0 0.3rem;
  border-bottom: 1px solid #999; } h3 { font-size: 0.98rem; margin: 0.6rem 0 0.2rem; }
p { margin: 0.25rem 0; } .muted { color: #555; } .note { font-size: 0.85rem; color: #333; }
table { border-collapse: collapse; margin: 0.3rem 0 0.5rem; font-size: 0.88rem; }
th, td { border-bottom: 1px solid #ccc; padding: 0.15rem 0.5rem; text-align: left; }
td.n { text-align: right; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.6rem; align-items: start; }
svg { width: 100%; height: auto; display: block; } svg text { font: 10px sans-serif; fill: #333; }
.flag { font-weight: bold; } .safety { border: 1px solid #999; padding: 0.4rem 0.6rem; margin-top: 0.8rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 8.5pt; line-height: 1.25; }
  h1 { font-size: 14pt; } h2 { font-size: 10.5pt; margin: 0.7rem 0 0.2rem; break-after: avoid; }
  h3 { font-size: 9pt; margin: 0.3rem 0 0.1rem; } table { font-size: 8pt; margin: 0.2rem 0 0.3rem; }
  th, td { padding: 0.05rem 0.4rem; } table, svg, .keep { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _deg(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    e = html.escape
    out = ["<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>"]
    out += ["<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows]
    return "".join(out) + "</table>"


def _cell(value: object) -> str:
    """A table cell: numbers to the right, words to the left."""
    text = str(value)
    number = bool(re.fullmatch(r"[-+]?[\d.]+( s|%)?|-|\d+ / \d+|[\d.]+ (/|to) [\d.]+", text))
    return f"<td{' class=n' if number else ''}>{html.escape(text)}</td>"


def session_minutes(store: Store, session: SessionInfo) -> float:
    """Minutes the camera followed the session's exercises (from the stored per-frame trace; rests
    between sets included, rests between exercises not)."""
    total = 0.0
    for block in session.blocks:
        t, _ = store.trace(block.id)
        if len(t):
            total += float(t.max() - t.min())
    return total / 60.0


def range_svg(weeks: list[RangeWeek], sided: bool) -> str:
    """Range per week as lines (left, right, or all reps), with the noise band around the first week."""
    w, h, pad = 330, 110, 30
    series = [("left", "#0072b2", [x.left_deg for x in weeks]), ("right", "#d55e00", [x.right_deg for x in weeks])]
    if not sided:
        series = [("range", "#333333", [x.range_deg for x in weeks])]
    values = [v for _, _, vs in series for v in vs if v is not None]
    if not values:
        return ""
    top = max(values) + NOISE_DEG + 2
    step = (w - 2 * pad) / max(len(weeks) - 1, 1)

    def xy(k: int, v: float) -> str:
        return f"{pad + k * step:.1f},{h - pad - v / top * (h - 1.5 * pad):.1f}"

    parts = [f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="range per week">']
    for name, colour, vs in series:
        first = next((v for v in vs if v is not None), None)
        if first is not None:  # the noise band: a change inside it cannot be told from measuring error
            y0, y1 = (h - pad - (first + d) / top * (h - 1.5 * pad) for d in (NOISE_DEG, -NOISE_DEG))
            parts.append(
                f'<rect x="{pad}" y="{y0:.1f}" width="{w - 2 * pad}" height="{y1 - y0:.1f}" '
                f'fill="{colour}" fill-opacity="0.12"/>'
            )
        points = " ".join(xy(k, v) for k, v in enumerate(vs) if v is not None)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for k, v in enumerate(vs):
            if v is not None:
                cx, cy = xy(k, v).split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')
    parts.append(f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#999"/>')
    for tick in (0.0, float(round(max(values)))):  # the axis' ends, in degrees
        at = h - pad - tick / top * (h - 1.5 * pad)
        parts.append(f'<text x="{pad - 4}" y="{at + 3:.1f}" text-anchor="end">{tick:.0f}</text>')
    for k, week in enumerate(weeks):
        parts.append(f'<text x="{pad + k * step:.1f}" y="{h - pad + 13}" text-anchor="middle">{week.week:%d %b}</text>')
    parts.append(f'<text x="2" y="12">deg (shaded: first week +/-{NOISE_DEG:.0f}, measurement noise)</text>')
    legend = " ".join(f'<tspan fill="{colour}" font-weight="bold">{name}</tspan>' for name, colour, _ in series)
    parts.append(f'<text x="{w - pad}" y="{h - 4}" text-anchor="end">{legend}</text></svg>')
    return "".join(parts)


def _range_section(sessions: list[SessionInfo], done: list[Done]) -> list[str]:
    parts = ["<h2>Range of movement per week</h2><div class=cols>"]
    shown = False
    for d in done:
        weeks = weekly_range(sessions, d.exercise)
        if not weeks:
            continue
        shown = True
        spec = EXERCISES.get(d.exercise)
        sided = bool(spec and spec.per_side)
        head = ["week of", "left deg", "right deg", "reps"] if sided else ["week of", "range deg", "reps"]
        rows = [
            [f"{x.week:%d %b %Y}", _deg(x.left_deg), _deg(x.right_deg), x.reps]
            if sided
            else [f"{x.week:%d %b %Y}", _deg(x.range_deg), x.reps]
            for x in weeks
        ]
        parts.append(
            f"<div class=keep><h3>{html.escape(d.title)}</h3>{range_svg(weeks, sided)}{_table(head, rows)}</div>"
        )
    parts.append("</div>")
    if not shown:
        parts.append("<p>No rep in the period could be measured with confidence.</p>")
    parts.append(
        f"<p class=note>Median of the week's peak angles, in degrees from the person's own neutral posture. A change "
        f"under {NOISE_DEG:.0f} degrees is within measurement noise (the shaded band).</p>"
    )
    return parts


def _asymmetry_section(sessions: list[SessionInfo], done: list[Done]) -> list[str]:
    rows = []
    for d in done:
        a = asymmetry(sessions, d.exercise)
        if a is None:
            continue
        diff = a.difference_deg
        verdict = f"{'right' if diff > 0 else 'left'} further" if a.beyond_noise else "within noise"
        rows.append([d.title, _deg(a.left_deg), _deg(a.right_deg), f"{diff:+.1f}", verdict])
    if not rows:
        return []
    return [
        "<h2>Left and right</h2>",
        _table(["exercise", "left", "right", "R-L", ""], rows),
        f"<p class=note>Median peaks over the period, degrees; under {NOISE_DEG:.0f} degrees apart is within "
        "measurement noise.</p>",
    ]


def _adherence_section(sessions: list[SessionInfo], minutes: dict[int, float], period: Period) -> list[str]:
    weeks = adherence(sessions, minutes, period)
    rows = [[f"{w.week:%d %b %Y}", w.sessions, f"{w.minutes:.0f}"] for w in weeks]
    total = sum(minutes.get(s.id, 0.0) for s in sessions)
    per_week = len(sessions) / max(len(weeks), 1)
    return [
        "<h2>Adherence</h2>",
        f"<p>{len(sessions)} sessions, {total:.0f} minutes exercising: {per_week:.1f} sessions a week on average.</p>",
        _table(["week of", "sessions", "minutes"], rows),
    ]


def _pain_section(sessions: list[SessionInfo]) -> list[str]:
    p = pain(sessions)
    parts = ["<h2>Pain (0 none to 10 worst, as rated)</h2>"]
    if not p.rated and p.first_week_before is None:
        return parts + ["<p>No pain ratings were given in the period.</p>"]
    if p.rated:
        change = p.mean_change or 0.0
        parts.append(
            f"<p>Before a session {_deg(p.mean_before)}, after {_deg(p.mean_after)} on average "
            f"({change:+.1f}; {p.rated} sessions rated both times). "
            f"<span class={'flag' if p.worse_after else 'muted'}>{p.worse_after} ended in more pain "
            "than they started.</span></p>"
        )
    if p.first_week_before is not None and p.last_week_before is not None:
        parts.append(
            f"<p>Trend: pain before a session averaged {p.first_week_before:.1f} in the first week rated and "
            f"{p.last_week_before:.1f} in the last.</p>"
        )
    return parts


def _faults_section(done: list[Done]) -> list[str]:
    rows = []
    for d in done:
        faults = ", ".join(f"{code} {d.share(n)}" for code, n in d.faults.items()) or "none"
        rows.append([d.title, d.total, faults, d.share(d.low_confidence)])
    return [
        "<h2>Form faults and measurement confidence</h2>",
        _table(["exercise", "reps", "reps flagged with each fault", "low confidence"], rows),
        "<p class=note>A low-confidence rep (an oblique view, hidden landmarks, a body too far away...) counts, "
        "but is left out of the ranges above.</p>",
    ]


def _routine_section(done: list[Done]) -> list[str]:
    rows = []
    for d in done:
        sides = f"{d.left} / {d.right}" if d.left or d.right else "-"
        targets = (
            " to ".join(f"{t:g}" for t in (d.targets[0], d.targets[-1]))
            if len(d.targets) > 1
            else (f"{d.targets[0]:g}" if d.targets else "-")
        )
        hold = "-" if d.mean_hold_s is None else f"{d.mean_hold_s:.0f} s"
        rows.append([d.title, d.sessions, sides, d.total, targets, hold])
    return [
        "<h2>The routine as it was done</h2>",
        _table(["exercise", "sessions", "reps left / right", "reps", "target deg", "mean hold"], rows),
    ]


def _sessions_section(sessions: list[SessionInfo], minutes: dict[int, float]) -> list[str]:
    rows = []
    for s in sessions:
        started = started_at(s)
        pain_text = (
            "-" if s.pain_before is None and s.pain_after is None else f"{_opt(s.pain_before)} to {_opt(s.pain_after)}"
        )
        rows.append(
            [
                f"{started.astimezone():%a %d %b %Y %H:%M}" if started else "-",
                s.routine or "-",
                f"{minutes.get(s.id, 0.0):.0f}",
                len(s.reps),
                pain_text,
            ]
        )
    return ["<h2>Sessions</h2>", _table(["date", "routine", "minutes", "reps", "pain before to after"], rows)]


def _opt(value: int | None) -> str:
    return "-" if value is None else str(value)


def _accuracy(exercise: str) -> str:
    """The exercise's measured accuracy (``ExerciseSpec.accuracy``), or that there is none."""
    spec = EXERCISES.get(exercise)
    return spec.accuracy if spec and spec.accuracy else "not measured by the benchmark yet"


def _method_section(done: list[Done]) -> list[str]:
    rows = [[d.title, _accuracy(d.exercise)] for d in done]
    return [
        "<h2>How these numbers were measured, and how accurate they are</h2>",
        "<p class=note>posecoach measures each stretch from one ordinary camera with Google's MediaPipe Pose "
        "Landmarker (its full model), in degrees from the person's own neutral posture, which it takes when they "
        "stand or sit still at the start of each exercise. Peaks are the furthest each rep went. Minutes are the "
        "time the camera followed the exercises. Pain is the person's own rating before and after a session. "
        "No video is stored.</p>",
        "<p class=note>Accuracy, measured on rendered bodies of known angles (several bodies and cameras): the "
        "error of a rep's peak, degrees, mean / 90th percentile. Real bodies, clothes and rooms may do worse. "
        "Sources: posecoach's <i>benchmarks/accuracy.py</i> and <i>docs/measurement.md</i>.</p>",
        _table(["exercise", "peak error"], rows),
    ]


def _columns(left: list[str], right: list[str]) -> list[str]:
    return ["<div class=cols><div>", *left, "</div><div>", *right, "</div></div>"]


def render_summary(store: Store, user: str, period: Period, sessions: list[SessionInfo]) -> str:
    """The page for ``user``'s ``sessions`` in ``period`` (already chosen), as one HTML string."""
    e = html.escape
    minutes = {s.id: session_minutes(store, s) for s in sessions}
    done = routine_done(sessions)
    made = datetime.now(timezone.utc).astimezone()
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>posecoach summary: {e(user)}, {e(period.label)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Stretching for back pain: summary for {e(user)}</h1>",
        f"<p class=muted>{e(period.label)} &middot; {len(sessions)} sessions &middot; made by posecoach on "
        f"{made:%d %b %Y}</p>",
    ]
    parts += _range_section(sessions, done)
    parts += _columns(
        _asymmetry_section(sessions, done) + _pain_section(sessions), _adherence_section(sessions, minutes, period)
    )
    parts += _faults_section(done)
    parts += _routine_section(done)
    parts += _sessions_section(sessions, minutes)
    parts += _method_section(done)
    parts.append(
        "<p class=safety>posecoach is a coach for stretching, not a medical device: these figures describe the "
        "movement it measured, not a diagnosis.</p></body></html>"
    )
    return "\n".join(parts)
