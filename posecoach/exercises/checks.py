"""What each exercise checks and what one camera in its view cannot: the one list that the
``exercises`` command, ``routines show``, the instruction card and the README's table all say."""

from __future__ import annotations

from typing import Any

from posecoach.exercises.spec import ExerciseSpec

#: How the card names the exercise's view in "Not checked ...".
VIEW_WORDS = {"front": "from the front", "side": "side-on"}


def describe(spec: ExerciseSpec) -> dict[str, Any]:
    """``{name, title, view, posture, faults_checked, faults_not_checked: [{code, reason}]}``."""
    return {
        "name": spec.name,
        "title": spec.title,
        "view": spec.view,
        "posture": spec.posture,
        "faults_checked": list(spec.faults_checked),
        "faults_not_checked": [{"code": item.code, "reason": item.reason} for item in spec.not_checked],
    }


def checked_labels(spec: ExerciseSpec) -> list[str]:
    """The posture and rep checks in a word or two each, in order, once each (set-up checks such as
    being in view are not a posture check)."""
    labels: list[str] = []
    for rule in spec.fault_rules:
        if rule.check != "setup" and rule.label and rule.label not in labels:
            labels.append(rule.label)
    return labels


def checks_line(spec: ExerciseSpec) -> str:
    """ "Checked: hips, speed, range. Not checked from the front: forward lean, chest turn." """
    line = f"Checked: {', '.join(checked_labels(spec))}."
    if spec.not_checked:
        unseen = ", ".join(item.label for item in spec.not_checked)
        line += f" Not checked {VIEW_WORDS.get(spec.view, '')}: {unseen}.".replace("  ", " ")
    return line
