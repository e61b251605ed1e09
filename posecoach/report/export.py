"""Exporting sessions as JSON (everything) or CSV (one row per rep)."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

from posecoach.coach.events import Rep
from posecoach.store.sessions import SessionInfo

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


def session_dict(session: SessionInfo) -> dict[str, Any]:
    return {
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


def _rep_dict(rep: Rep) -> dict[str, Any]:
    out = rep.as_dict()
    out["drive_peak_deg"] = round(rep.drive_peak_deg, 1) if math.isfinite(rep.drive_peak_deg) else None
    out["low_confidence"] = rep.low_confidence
    return out


def to_json(sessions: Sequence[SessionInfo]) -> str:
    return json.dumps([session_dict(s) for s in sessions], indent=2) + "\n"


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
