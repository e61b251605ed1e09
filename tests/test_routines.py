"""Routine files: shipped ones validate, broken ones always get the clear error (fuzzed)."""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posecoach.cli import main
from posecoach.routines import (
    SAFE_TARGET_DEG,
    RoutineError,
    builtin_dir,
    find_routine,
    load_routine_file,
    parse_routine,
    routine_files,
)

BUILTIN = sorted(builtin_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_every_shipped_routine_validates(path):
    routine = load_routine_file(path)
    assert routine.name == path.stem
    assert all(e.instructions and e.safety for e in routine.exercises)


def test_back_relief_is_the_promised_routine():
    routine = find_routine("back_relief")
    assert [e.exercise for e in routine.exercises] == [
        "cat_cow",
        "side_bend",
        "standing_twist",
        "seated_twist",
        "forward_fold",
    ]
    by_name = {e.exercise: e for e in routine.exercises}
    assert by_name["side_bend"].reps == 8 and 8 <= by_name["standing_twist"].reps <= 10
    assert 2 <= by_name["seated_twist"].sets <= 3 and by_name["seated_twist"].hold == 5
    assert by_name["forward_fold"].hold <= 60
    assert 10 * 60 <= routine.estimated_s() <= 15 * 60
    assert "pain" in (routine.safety or "").lower()
    assert {r.name for r in routine_files()} >= {"back_relief", *SAFE_TARGET_DEG}  # one per exercise


GOOD = yaml.safe_load((builtin_dir() / "back_relief.yaml").read_text())


def bad(mutate) -> str:
    data = copy.deepcopy(GOOD)
    mutate(data)
    return yaml.safe_dump(data)


@pytest.mark.parametrize(
    "mutate,message",
    [
        (
            lambda d: d["exercises"][2].update(exercise="side-bend"),
            "routines/mine.yaml: exercises[2].exercise: 'side-bend' is not an exercise; choose one of side_bend, "
            "standing_twist, cat_cow, seated_twist, forward_fold",
        ),
        (lambda d: d["exercises"][0].update(tolerence=3), "routines/mine.yaml: exercises[0].tolerence: unknown key"),
        (
            lambda d: d["exercises"][1].update(target=75),
            "routines/mine.yaml: exercises[1].target: 75 degrees is "
            "outside the safe range for side_bend, 5 to 40 degrees (or 'auto')",
        ),
        (
            lambda d: d["exercises"][1].update(target="lots"),
            "routines/mine.yaml: exercises[1].target: 'lots' is not allowed; use a number of degrees or 'auto'",
        ),
        (
            lambda d: d["exercises"][3].update(sets=0),
            "routines/mine.yaml: exercises[3].sets: 0: Input should be greater than or equal to 1",
        ),
        (lambda d: d.pop("title"), "routines/mine.yaml: title: missing (it is required)"),
        (lambda d: d.update(exercises=[]), "routines/mine.yaml: exercises:"),
    ],
)
def test_errors_name_file_field_value_and_what_is_allowed(mutate, message):
    with pytest.raises(RoutineError) as caught:
        parse_routine(bad(mutate), "routines/mine.yaml")
    assert message in str(caught.value)


def test_several_problems_are_all_listed():
    def mutate(d):
        d["exercises"][0]["exercise"] = "yoga"
        d["exercises"][4]["hold_s"] = -1

    lines = str(pytest.raises(RoutineError, parse_routine, bad(mutate), "f.yaml").value).splitlines()
    assert [line.split(":")[1].strip() for line in lines] == ["exercises[0].exercise", "exercises[4].hold_s"]


@pytest.mark.parametrize(
    "text,message",
    [
        ("name: x\ntitle: [unclosed\n", "f.yaml: line 3: not valid YAML"),
        ("- just\n- a list\n", "f.yaml: a routine is a mapping"),
        ("", "f.yaml: a routine is a mapping"),
    ],
)
def test_not_a_routine_at_all(text, message):
    with pytest.raises(RoutineError, match=message.replace("[", r"\[")):
        parse_routine(text, "f.yaml")


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["auto", "side_bend", "cat_cow", "5", "1e9"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "name",
                    "title",
                    "exercises",
                    "rest_between_exercises_s",
                    "exercise",
                    "sets",
                    "reps",
                    "target",
                    "hold_s",
                    "tolerance",
                ]
            ),
            st.integers(0, 5),
        ),
        min_size=1,
        max_size=3,
    ),
    value=values,
    drop=st.booleans(),
)
def test_fuzzed_routines_never_raise_anything_but_the_clear_error(path, value, drop):
    data = copy.deepcopy(GOOD)
    node = data
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    try:
        if drop:
            del node[path[-1]]
        else:
            node[path[-1]] = value
    except (KeyError, IndexError, TypeError):
        pass
    try:
        parse_routine(yaml.safe_dump(data), "fuzz.yaml")
    except RoutineError as error:
        assert str(error).startswith("fuzz.yaml: ")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises_anything_but_the_clear_error(text):
    try:
        parse_routine(text, "r.yaml")
    except RoutineError as error:
        assert str(error).startswith("r.yaml")


def test_cli_lists_shows_and_validates(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    mine = tmp_path / "posecoach" / "routines"
    mine.mkdir(parents=True)
    (mine / "morning.yaml").write_text(yaml.safe_dump({**GOOD, "name": "morning", "title": "Morning"}))
    assert main(["routines"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "back_relief" in out and "morning" in out and str(mine) in out
    assert main(["routines", "show", "morning"]) == 0
    assert "Morning (morning)" in capsys.readouterr().out
    assert main(["routines", "validate", str(mine / "morning.yaml")]) == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text(bad(lambda d: d["exercises"][2].update(exercise="side-bend")))
    assert main(["routines", "validate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "exercises[2].exercise: 'side-bend' is not an exercise" in err and "Traceback" not in err
    assert main(["routines", "show", "nope"]) == 2
    assert "no routine called 'nope'" in capsys.readouterr().err
