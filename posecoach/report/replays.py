"""The report's replays: each exercise's best and worst rep side by side, drawn on canvases by a
script inside the page from the stored numbers (no picture, no network, no external script).

Open the page with ``#t=SECONDS`` to hold every replay at that moment of the session (each one
within its own rep's time), for printing or checking a moment.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

from posecoach.body.quality import MIN_VISIBILITY
from posecoach.exercises.registry import marked_parts
from posecoach.pose.types import BODY, SKELETON_EDGES
from posecoach.store.replays import ReplayRep, best_rep, worst_rep
from posecoach.ui.overlay import headline

STYLE = """
.replays { display: flex; gap: 1.2rem; flex-wrap: wrap; margin: 0.6rem 0 1.4rem; }
.replay { flex: 1 1 20rem; max-width: 29rem; }
.replay canvas { width: 100%; display: block; background: #303030; border-radius: 4px; }
.replay canvas.curve { background: #fafafa; border: 1px solid #ddd; margin-top: 0.3rem; }
.replay p { margin: 0.3rem 0; font-size: 0.9rem; }
"""

# Draws each replay: the stick figure (mirrored, as the coach's screen shows you), a ring and the
# cue's words on the body part at a fault's moments, the angle curve under it with the target band,
# the rep shaded, its peak and a marker at the moment shown.
SCRIPT = r"""
(function () {
  const panels = JSON.parse(document.getElementById('replay-data').textContent);
  const hold = /(?:^#|&)t=([0-9.]+)/.exec(location.hash);
  const start = performance.now();
  function frameAt(p, t) {
    let i = 0;
    while (i + 1 < p.t.length && p.t[i + 1] <= t) i++;
    return i;
  }
  function figure(p, canvas, t) {
    const g = canvas.getContext('2d'), W = canvas.width, H = canvas.height;
    g.fillStyle = '#303030'; g.fillRect(0, 0, W, H);
    const f = p.xy[frameAt(p, t)];
    const at = (k) => f[2 * k] === null ? null : [(p.mirror ? 1000 - f[2 * k] : f[2 * k]) * W / 1000, f[2 * k + 1] * H / 1000];
    g.lineCap = 'round'; g.lineWidth = Math.max(2, H / 120); g.strokeStyle = '#ffffff';
    for (const [a, b] of p.edges) {
      const A = at(a), B = at(b);
      if (A && B) { g.beginPath(); g.moveTo(A[0], A[1]); g.lineTo(B[0], B[1]); g.stroke(); }
    }
    g.fillStyle = '#56b4e9';
    for (const k of p.dots) { const A = at(k); if (A) { g.beginPath(); g.arc(A[0], A[1], g.lineWidth + 1.5, 0, 7); g.fill(); } }
    const shown = [];
    for (const fault of p.faults) {
      if (t < fault.from || t > fault.to) continue;
      shown.push(fault.code);
      const pts = fault.part.map(at);
      if (pts.length && pts.every((q) => q)) {
        const x = pts.reduce((s, q) => s + q[0], 0) / pts.length, y = pts.reduce((s, q) => s + q[1], 0) / pts.length;
        g.lineWidth = Math.max(3, H / 60); g.strokeStyle = '#d55e00';
        g.beginPath(); g.arc(x, y, H / 18, 0, 7); g.stroke();
        g.fillStyle = '#f0e442'; g.font = 'bold ' + Math.round(H / 14) + 'px sans-serif'; g.fillText('!', x + H / 16, y + H / 40);
      }
    }
    if (shown.length) {
      const words = p.faults.find((x) => x.code === shown[0]).cue;
      g.font = 'bold ' + Math.round(H / 16) + 'px sans-serif';
      g.fillStyle = 'rgba(0,0,0,0.75)'; g.fillRect(0, H - H / 9, W, H / 9);
      g.fillStyle = '#f0e442'; g.fillText('\u26a0 ' + words, H / 40, H - H / 32);
    }
    const box = canvas.getBoundingClientRect();
    canvas.dataset.t = t.toFixed(2); canvas.dataset.faults = shown.join(',');
    canvas.dataset.box = [box.left + scrollX, box.top + scrollY, box.width, box.height].map(Math.round).join(',');
  }
  function curve(p, canvas, t) {
    const g = canvas.getContext('2d'), W = canvas.width, H = canvas.height;
    const t0 = p.t[0], t1 = p.t[p.t.length - 1], x = (s) => (Math.min(Math.max(s, t0), t1) - t0) / (t1 - t0 || 1) * W;
    const span = p.span, y = (v) => H / 2 - v / span * (H / 2 - 6);
    g.fillStyle = '#fafafa'; g.fillRect(0, 0, W, H);
    g.fillStyle = '#e4e4e4'; g.fillRect(x(p.rep[0]), 0, x(p.rep[1]) - x(p.rep[0]), H);
    g.fillStyle = 'rgba(0,114,178,0.18)';
    for (const s of p.sides) { const a = y(s * (p.target - p.tol)), b = y(s * (p.target + p.tol)); g.fillRect(0, Math.min(a, b), W, Math.abs(b - a)); }
    g.fillStyle = '#e69f00';
    for (const fault of p.faults) g.fillRect(x(fault.from), H - 5, Math.max(2, x(fault.to) - x(fault.from)), 5);
    g.strokeStyle = '#999'; g.lineWidth = 1; g.beginPath(); g.moveTo(0, y(0)); g.lineTo(W, y(0)); g.stroke();
    g.strokeStyle = '#222'; g.lineWidth = 2; g.beginPath();
    let pen = false;
    for (let i = 0; i < p.curve.t.length; i++) {
      const v = p.curve.v[i];
      if (v === null) { pen = false; continue; }
      if (pen) g.lineTo(x(p.curve.t[i]), y(v)); else g.moveTo(x(p.curve.t[i]), y(v));
      pen = true;
    }
    g.stroke();
    g.fillStyle = '#0072b2'; g.beginPath(); g.arc(x(p.peak[0]), y(p.peak[1]), 4, 0, 7); g.fill();
    g.strokeStyle = '#000'; g.lineWidth = 2; g.beginPath(); g.moveTo(x(t), 0); g.lineTo(x(t), H); g.stroke();
    canvas.dataset.t = t.toFixed(2);
  }
  function draw(now) {
    for (const p of panels) {
      const t0 = p.t[0], length = p.t[p.t.length - 1] - t0;
      const t = hold ? Math.min(Math.max(parseFloat(hold[1]), t0), t0 + length) : t0 + ((now - start) / 1000) % (length + 0.5);
      figure(p, document.getElementById(p.id), Math.min(t, t0 + length));
      curve(p, document.getElementById(p.id + '-curve'), Math.min(t, t0 + length));
    }
    if (!hold) setTimeout(() => draw(performance.now()), 1000 / 15);  // timers, unlike animation frames, also run in a page printed or captured headless
  }
  draw(start);
})();
"""


def panel_data(r: ReplayRep, panel_id: str, sided: bool) -> dict[str, Any]:
    """One replay's numbers for the page's script: times, landmarks in thousandths of the frame
    (null where the overlay would not draw them), faults with their body part, the curve."""
    m = r.motion
    index = {lm: k for k, lm in enumerate(m.landmarks)}
    frames = []
    for i in range(len(m)):
        row: list[int | None] = []
        for k in range(len(m.landmarks)):
            seen = m.visibility[i, k] >= MIN_VISIBILITY
            row += [round(m.xy[i, k, 0] * 1000), round(m.xy[i, k, 1] * 1000)] if seen else [None, None]
        frames.append(row)
    finite = [abs(v) for v in r.curve if math.isfinite(v)]
    return {
        "id": panel_id,
        "mirror": True,
        "t": [round(float(t), 3) for t in m.t_s],
        "xy": frames,
        "edges": [[index[a], index[b]] for a, b in SKELETON_EDGES if a in index and b in index],
        "dots": [index[lm] for lm in m.landmarks if lm in BODY],
        "faults": [
            {
                "code": f.code,
                "from": round(f.start_s, 3),
                "to": round(f.end_s, 3),
                "cue": headline(f.message),
                "part": [index[lm] for lm in marked_parts(r.exercise, f.code) if lm in index],
            }
            for f in r.faults
        ],
        "curve": {
            "t": [round(float(t), 3) for t in r.curve_t],
            "v": [round(float(v), 1) if math.isfinite(v) else None for v in r.curve],
        },
        "peak": [round(r.rep.peak_s, 3), round(r.rep.peak_deg, 1)],
        "rep": [round(r.rep.start_s, 3), round(r.rep.end_s, 3)],
        "target": r.target_deg,
        "tol": r.tolerance_deg,
        "sides": [1, -1] if sided else [1],
        "span": round(max(r.target_deg + r.tolerance_deg, max(finite, default=0.0), 5.0) * 1.15, 1),
    }


def best_and_worst(replays: list[ReplayRep]) -> list[tuple[str, ReplayRep]]:
    """The best and the worst scored rep (one when they are the same), labelled."""
    if not replays:
        return []
    best, worst = best_rep(replays), worst_rep(replays)
    if best is worst:
        return [("The only rep" if len(replays) == 1 else "Every rep scored alike: the first", best)]
    return [("Best", best), ("Worst", worst)]


def panels_html(replays: list[ReplayRep], block_key: str, sided: bool, data: list[dict[str, Any]]) -> str:
    """The side-by-side replays of one exercise; their numbers are appended to ``data``."""
    e = html.escape
    parts = ["<div class=replays>"]
    for k, (label, r) in enumerate(best_and_worst(replays)):
        panel_id = f"replay-{block_key}-{k}"
        data.append(panel_data(r, panel_id, sided))
        rep = r.rep
        height = round(360 * r.motion.height / max(r.motion.width, 1))
        faults = ", ".join(rep.faults) or "no faults"
        side = f", {rep.side}" if rep.side else ""
        parts.append(
            f"<div class=replay><p><b>{e(label)}: rep {rep.index}{e(side)}</b> &middot; score {rep.score} &middot; "
            f"peak {rep.peak_deg:+.1f} deg &middot; {e(faults)} &middot; confidence {rep.confidence:.2f}</p>"
            f'<canvas id="{panel_id}" width=360 height={height} aria-label="replay of rep {rep.index}"></canvas>'
            f'<canvas id="{panel_id}-curve" class=curve width=360 height=90 aria-label="angle curve of rep {rep.index}">'
            "</canvas></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def script_html(data: list[dict[str, Any]]) -> str:
    """The replays' numbers and the script that draws them (nothing when there is no replay)."""
    if not data:
        return ""
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" id="replay-data">{payload}</script><script>{SCRIPT}</script>'
