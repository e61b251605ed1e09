"""Exporting sessions as JSON (everything) or CSV (one row per rep)."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from posecoach.coach.events import Rep
from posecoach.store.motion import RepMotion
from posecoach.store.sessions import SessionInfo

#: Stored motion by block id, then rep number (``Store.motions``), for ``--motion``.
Motions = dict[int, dict[int, RepMotion]]

CSV_COLUMNS = (
    "session",
    "started_at",
    "user",
    "routine",
    "status",
    "pain_before",
    "pain_after",
    "exercise",
    "target_deg",
    "rep",
    "side",
    "start_s",
    "peak_s",
    "end_s",
    "peak_deg",
    "hold_s",
    "score",
    "faults",
    "drive_peak_deg",
    "confidence",
    "low_confidence",
    "confidence_reasons",
)


def session_dict(session: SessionInfo, motions: Motions | None = None) -> dict[str, Any]:
    """Everything stored about ``session``; with ``motions``, each block's rep motion too."""
    out: dict[str, Any] = {
        "id": session.id,
        "user": session.user,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "routine": session.routine,
        "source": session.source,
        "model": session.model,
        "app_version": session.app_version,
        "status": session.status,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "mean_score": session.mean_score,
        "blocks": [
            {
                "exercise": b.exercise,
                "metric": b.metric,
                "target_deg": b.target_deg,
                "tolerance_deg": b.tolerance_deg,
                "hold_s": b.hold_s,
                "calibration": b.calibration,
                "counts": b.counts(),
                "reps": [_rep_dict(rep) for rep in b.reps],
                "faults": [f.as_dict() for f in b.faults],
            }
            for b in session.blocks
        ],
    }
    if motions is not None:
        for block, info in zip(out["blocks"], session.blocks):
            block["motion"] = [motion_dict(m) for _, m in sorted(motions.get(info.id, {}).items())]
    return out


def _numbers(values: Any, digits: int) -> Any:
    """Nested lists of rounded floats, None for NaN (JSON has no NaN)."""
    if isinstance(values, np.ndarray):
        values = values.tolist()
    if isinstance(values, list):
        return [_numbers(v, digits) for v in values]
    return None if not math.isfinite(values) else round(values, digits)


def motion_dict(m: RepMotion) -> dict[str, Any]:
    """One rep's motion: frame times, and per frame the landmarks' normalised image x, y and
    visibility (in the order of ``landmarks``, MediaPipe's numbering), and the readings."""
    return {
        "rep": m.rep_index,
        "width": m.width,
        "height": m.height,
        "landmarks": list(m.landmarks),
        "t_s": _numbers(m.t_s, 3),
        "x": _numbers(m.xy[:, :, 0], 4),
        "y": _numbers(m.xy[:, :, 1], 4),
        "visibility": _numbers(m.visibility, 2),
        "metric_deg": _numbers(m.value, 1),
        "drive_deg": _numbers(m.drive, 1),
    }


def _rep_dict(rep: Rep) -> dict[str, Any]:
    out = rep.as_dict()
    out["drive_peak_deg"] = round(rep.drive_peak_deg, 1) if math.isfinite(rep.drive_peak_deg) else None
    out["low_confidence"] = rep.low_confidence
    return out


def to_json(sessions: Sequence[SessionInfo], motions: Motions | None = None) -> str:
    return json.dumps([session_dict(s, motions) for s in sessions], indent=2) + "\n"


def to_csv(sessions: Sequence[SessionInfo]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        for b in s.blocks:
            for r in b.reps:
                writer.writerow(
                    [
                        s.id,
                        s.started_at,
                        s.user,
                        s.routine or "",
                        s.status,
                        "" if s.pain_before is None else s.pain_before,
                        "" if s.pain_after is None else s.pain_after,
                        b.exercise,
                        b.target_deg,
                        r.index,
                        r.side or "",
                        round(r.start_s, 3),
                        round(r.peak_s, 3),
                        round(r.end_s, 3),
                        round(r.peak_deg, 2),
                        round(r.hold_s, 2),
                        r.score,
                        ";".join(r.faults),
                        round(r.drive_peak_deg, 2) if math.isfinite(r.drive_peak_deg) else "",
                        round(r.confidence, 2),
                        int(r.low_confidence),
                        ";".join(r.confidence_reasons),
                    ]
                )
    return out.getvalue()
