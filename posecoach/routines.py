"""Routine files: the schema, loading with errors a person can act on, and where routines live.

A routine is a YAML file (see routines/back_relief.yaml). Validation rejects unknown keys, names
the file, the field path, the bad value and what is allowed, and refuses targets outside safe
physiological ranges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from posecoach.errors import PosecoachError
from posecoach.exercises.registry import EXERCISES, ExerciseSpec
from posecoach.paths import CHECKOUT_DIR, PACKAGE_DIR, config_dir

#: The targets (degrees from neutral) that are safe to ask of anyone, per exercise: its definition's.
SAFE_TARGET_DEG: dict[str, tuple[float, float]] = {name: spec.safe_target_deg for name, spec in EXERCISES.items()}


#: A routine is a few KB; anything far bigger is not one (and could be a YAML bomb).
MAX_ROUTINE_BYTES = 64 * 1024
#: Values after expanding YAML aliases: a long routine has a few hundred; nested anchors that
#: multiply (a "billion laughs" file) reach millions and would take minutes and gigabytes.
MAX_ROUTINE_NODES = 10_000
#: Longest value quoted back in an error message.
MAX_QUOTED = 60
#: Most problems listed for one file.
MAX_PROBLEMS = 20


class RoutineError(PosecoachError):
    """A routine file is missing or invalid. The message names file, field, value and fix."""


class ExerciseEntry(BaseModel):
    """One exercise of a routine."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    exercise: str
    sets: Annotated[int, Field(ge=1, le=10)] = 1
    reps: Annotated[int, Field(ge=1, le=30, description="per side (reps or holds); cat-cow: cycles")] = 8
    hold_s: Annotated[float, Field(ge=0, le=120)] | None = None
    target: Union[Annotated[float, Field(gt=0)], Literal["auto"]] = "auto"
    tolerance: Annotated[float, Field(ge=1, le=20)] | None = None
    tempo_s: Annotated[float, Field(ge=2, le=30)] | None = None
    rest_s: Annotated[float, Field(ge=0, le=300)] = 0.0
    instructions: str | None = None
    safety: str | None = None

    @field_validator("exercise")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in EXERCISES:
            raise ValueError(f"{_quote(value)} is not an exercise; choose one of {', '.join(EXERCISES)}")
        return value

    @model_validator(mode="after")
    def _safe_target(self) -> ExerciseEntry:
        if self.target != "auto":
            low, high = SAFE_TARGET_DEG[self.exercise]
            if not low <= float(self.target) <= high:
                raise ValueError(
                    f"target: {self.target:g} degrees is outside the safe range for "
                    f"{self.exercise}, {low:g} to {high:g} degrees (or 'auto')"
                )
        return self

    @property
    def spec(self) -> ExerciseSpec:
        return EXERCISES[self.exercise]

    @property
    def hold(self) -> float:
        return self.hold_s if self.hold_s is not None else self.spec.hold_s

    @property
    def tempo(self) -> float:
        return self.tempo_s if self.tempo_s is not None else self.spec.tempo_s

    def estimated_s(self) -> float:
        """A rough duration: set-up and calibration, the reps at their tempo and holds, rests."""
        sides = 2 if self.spec.per_side else 1
        per_rep = self.tempo + self.hold
        return 15.0 + self.sets * self.reps * sides * per_rep + (self.sets - 1) * self.rest_s


class Routine(BaseModel):
    """A routine: exercises done in order with rests between them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(pattern=r"^[a-z0-9_\-]+$", max_length=40)]
    title: str
    description: str | None = None
    safety: str | None = None
    rest_between_exercises_s: Annotated[float, Field(ge=0, le=600)] = 30.0
    exercises: Annotated[list[ExerciseEntry], Field(min_length=1, max_length=20)]

    def estimated_s(self) -> float:
        rests = self.rest_between_exercises_s * (len(self.exercises) - 1)
        return sum(e.estimated_s() for e in self.exercises) + rests


def _location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("float", "constrained-float", "literal['auto']", "function-after[_safe_target(), ExerciseEntry]"):
            continue
        elif isinstance(part, str) and ("[" in part or "(" in part):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _quote(value: object) -> str:
    """``repr(value)``, cut to ``MAX_QUOTED`` characters."""
    text = repr(value)
    return text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 3] + "..."


def _describe(error: Mapping[str, Any]) -> str:
    kind, message, value = error["type"], error["msg"], error.get("input")
    if kind == "extra_forbidden":
        return f"unknown key (remove it or check its spelling; value {_quote(value)})"
    if kind == "missing":
        return "missing (it is required)"
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind == "literal_error":
        return f"{_quote(value)} is not allowed; use a number of degrees or 'auto'"
    return f"{_quote(value)}: {message}" if value is not None and not isinstance(value, (dict, list)) else message


def parse_routine(text: str, source: str) -> Routine:
    """Validate routine YAML; ``RoutineError`` carries every problem, one per line."""
    if len(text) > MAX_ROUTINE_BYTES:
        raise RoutineError(
            f"{source}: {len(text) // 1024} KB is far too big for a routine (at most "
            f"{MAX_ROUTINE_BYTES // 1024} KB); check that this is a routine file"
        )
    try:
        data = _safe_load(text, source)
    except RecursionError:
        raise RoutineError(f"{source}: nested too deeply to be a routine; check that this is a routine file") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise RoutineError(f"{source}: {where}: not valid YAML ({problem})") from None
    if not isinstance(data, dict):
        raise RoutineError(
            f"{source}: a routine is a mapping with name, title and exercises; got {type(data).__name__}"
        )
    try:
        return Routine.model_validate(data)
    except ValidationError as error:
        lines = []
        for item in error.errors():
            loc = _location(item["loc"])
            if "target" in item["msg"] and "safe range" in item["msg"]:
                loc = f"{loc}.target" if not loc.endswith("target") else loc
                lines.append(f"{source}: {loc}: {_describe(item).removeprefix('target: ')}")
            else:
                lines.append(f"{source}: {loc}: {_describe(item)}")
        unique = list(dict.fromkeys(lines))
        if len(unique) > MAX_PROBLEMS:
            unique = [*unique[:MAX_PROBLEMS], f"{source}: ... and {len(unique) - MAX_PROBLEMS} more problems"]
        raise RoutineError("\n".join(unique)) from None


def _safe_load(text: str, source: str) -> Any:
    """``yaml.safe_load`` that refuses documents whose aliases expand to more than
    ``MAX_ROUTINE_NODES`` values, counted on the node graph before anything is built."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        sizes: dict[int, int] = {}

        def expanded(n: yaml.Node) -> int:
            if id(n) not in sizes:
                sizes[id(n)] = 0  # a recursive alias counts once
                if isinstance(n, yaml.SequenceNode):
                    sizes[id(n)] = 1 + sum(expanded(child) for child in n.value)
                elif isinstance(n, yaml.MappingNode):
                    sizes[id(n)] = 1 + sum(expanded(k) + expanded(v) for k, v in n.value)
                else:
                    sizes[id(n)] = 1
            return sizes[id(n)]

        if expanded(node) > MAX_ROUTINE_NODES:
            raise RoutineError(
                f"{source}: its aliases expand to more than {MAX_ROUTINE_NODES} values, far more "
                "than a routine has; write the values out instead of nesting anchors"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_routine_file(path: str | Path) -> Routine:
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_ROUTINE_BYTES:
            raise RoutineError(
                f"{path}: {path.stat().st_size // 1024} KB is far too big for a routine (at most "
                f"{MAX_ROUTINE_BYTES // 1024} KB); check that this is a routine file"
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RoutineError(f"{path}: no such routine file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RoutineError(f"{path}: cannot be read ({error.__class__.__name__})") from None
    return parse_routine(text, str(path))


# -- where routines live ---------------------------------------------------------------------


@dataclass(frozen=True)
class RoutineFile:
    name: str
    path: Path
    builtin: bool


def builtin_dir() -> Path:
    """The shipped routines: inside the installed package, or routines/ of a checkout."""
    for candidate in (PACKAGE_DIR / "data" / "routines", CHECKOUT_DIR / "routines"):
        if candidate.is_dir():
            return candidate
    return PACKAGE_DIR / "data" / "routines"


def user_dir() -> Path:
    """Your own routines: ``$XDG_CONFIG_HOME/posecoach/routines``."""
    return config_dir() / "routines"


def routine_files() -> list[RoutineFile]:
    """Built-in routines, then yours (yours win when names clash)."""
    found: dict[str, RoutineFile] = {}
    for folder, builtin in ((builtin_dir(), True), (user_dir(), False)):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found[path.stem] = RoutineFile(path.stem, path, builtin)
    return list(found.values())


def routine_text(name_or_path: str) -> str | None:
    """A routine file's text byte for byte, by name (built-in or yours) or by path; None when no
    such file exists. A file named by path is checked first, so that one that is not a routine
    (or is a YAML bomb) is never echoed."""
    for item in routine_files():
        if item.name == name_or_path:
            return item.path.read_text(encoding="utf-8")
    path = Path(name_or_path)
    if path.is_file():
        load_routine_file(path)
        return path.read_text(encoding="utf-8")
    return None


def find_routine(name_or_path: str) -> Routine:
    """A routine by name (built-in or yours) or by file path."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_routine_file(path)
    for item in routine_files():
        if item.name == name_or_path:
            return load_routine_file(item.path)
    names = ", ".join(item.name for item in routine_files())
    raise RoutineError(f"no routine called '{name_or_path}'; choose one of {names}, or give a .yaml file")
