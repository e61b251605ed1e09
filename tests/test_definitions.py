"""Each exercise is one declarative definition in posecoach/exercises/: nothing else names one,
and every definition is complete and consistent."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from posecoach.body.signals import Signals
from posecoach.exercises import measures
from posecoach.exercises.definitions import ALL
from posecoach.exercises.faults import FRAME_RULES, REP_RULES
from posecoach.exercises.registry import EXERCISES, Counting

PACKAGE = Path(__file__).resolve().parent.parent / "posecoach"
ROOT = PACKAGE.parent


def test_no_module_outside_exercises_names_an_exercise():
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, EXERCISES)) + r")(?![A-Za-z0-9_])")
    found = []
    for path in PACKAGE.rglob("*.py"):
        if (PACKAGE / "exercises") in path.parents:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in pattern.finditer(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(1)}")
    assert not found, "\n".join(found)


def test_each_definition_is_its_own_module_and_registered_once():
    modules = {p.stem for p in (PACKAGE / "exercises" / "definitions").glob("*.py") if not p.stem.startswith("_")}
    assert modules == set(EXERCISES) == {spec.name for spec in ALL}
    assert len(ALL) == len(EXERCISES)


@pytest.mark.parametrize("spec", ALL, ids=[s.name for s in ALL])
def test_definition_is_complete(spec):
    low, high = spec.safe_target_deg
    assert 0 < low <= spec.target_deg <= high <= 90
    if spec.counting is Counting.CYCLE:
        assert low <= spec.counter_target_deg <= high
    assert spec.instructions and spec.safety and spec.title
    assert spec.per_side == (spec.counting in (Counting.SIDED_REPS, Counting.SIDED_HOLDS))
    # A gauge with the user's left and right at its ends exactly when counted per side, and a band
    # on its negative side only for a second side or a counter target.
    assert spec.per_side == (spec.gauge.ends == ("your left", "your right"))
    assert (-1 in spec.gauge.sides) == (spec.per_side or spec.counter_target_deg > 0)
    signal_names = {f.name for f in dataclasses.fields(Signals)} | {"trunk_rotation_deg"}
    assert spec.metric in signal_names and spec.drive in signal_names
    assert spec.faults == tuple(rule.code for rule in spec.fault_rules)
    assert {"too_fast", "partial_range", "out_of_frame"} <= set(spec.faults)
    for rule in spec.fault_rules:
        assert rule.check in FRAME_RULES or rule.check in REP_RULES or rule.check == "setup", rule
        assert rule.cue.strip(), rule
        for limit in rule.limits:
            # a threshold names what it limits and carries its reason
            assert limit.reason.strip(), rule
            known = (
                limit.signal in signal_names
                or hasattr(measures, limit.signal)
                or limit.signal.endswith("share")
                or any(limit.signal.startswith(name + "_") for name in signal_names)  # a signal's qualifier
            )
            assert known, (rule.code, limit.signal)


@pytest.mark.parametrize("spec", ALL, ids=[s.name for s in ALL])
def test_every_exercise_has_its_own_routine(spec):
    from posecoach.routines import load_routine_file

    routine = load_routine_file(ROOT / "routines" / f"{spec.name}.yaml")
    assert [entry.exercise for entry in routine.exercises] == [spec.name]


def test_seated_routine_holds_only_exercises_done_off_your_feet():
    from posecoach.routines import find_routine

    routine = find_routine("back_relief_seated")
    postures = {entry.spec.posture for entry in routine.exercises}
    assert postures <= {"seated", "all_fours"} and len(routine.exercises) >= 3


def test_the_guided_walker_loads_no_routine_parser_camera_or_database():
    import subprocess
    import sys

    code = (
        "import sys, posecoach.coach.guided; "
        "print(sorted(m for m in ('yaml', 'pydantic', 'cv2', 'sqlite3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("spec", ALL, ids=[s.name for s in ALL])
def test_each_definition_names_the_arm_positions_it_counts(spec):
    from posecoach.exercises.spec import ARM_POSITIONS

    assert spec.arm_positions, f"{spec.name} says nothing of the arms"
    assert set(spec.arm_positions) <= set(ARM_POSITIONS)


def test_the_readme_exercise_table_says_what_exercises_json_says():
    """The README's promise about what is checked is the one list: each row's checked and not
    checked codes, and every reason word for word."""
    from posecoach.exercises.checks import describe

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in readme.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].strip("`") in EXERCISES:
            rows[cells[0].strip("`")] = (re.findall(r"`(\w+)`", cells[5]), re.findall(r"`(\w+)`", cells[6]))
    assert set(rows) == set(EXERCISES)
    for spec in ALL:
        listed = describe(spec)
        unseen = [item["code"] for item in listed["faults_not_checked"]]
        assert rows[spec.name] == (listed["faults_checked"], unseen), spec.name
        for item in listed["faults_not_checked"]:
            assert item["reason"] in readme, item
