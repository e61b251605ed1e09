"""Scoring flagged faults against a rendered clip's truth, per exercise and code, fit and check clips apart.

A flag is right when the truth's rep carries that fault, or when the rule itself calls for it on the
truth's values: a rep faster than its tempo share, short of the target's band, or a hold under its
share of the hold asked for (a rep's own faults are judged on the rep the user did, not only on the
faults the renderer injected). Recall is over the truth's faulted reps, for the codes the exercise
checks; a faulted rep that was not counted is a miss. A fault the exercise lists as not checked is
counted apart (it cannot be found, and is never flagged).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from posecoach.coach.events import Rep
from posecoach.coach.exercise_coach import ExerciseCoach
from posecoach.exercises.registry import ExerciseSpec

#: The twists' truth calls a forward lean (the renderer's flex_coupling) "leaning", which posecoach
#: keeps for the sideways lean it checks; the forward lean is its own code, not checked from the front.
FORWARD_LEAN_FAULT = "flex_coupling"
ROLES = ("fit", "check")


def injected(truth: dict) -> dict[int, set[str]]:
    """Renderer fault names per truth rep index ("name[:value][@rep,rep]"; no reps: every rep)."""
    out: dict[int, set[str]] = defaultdict(set)
    indices = [r["index"] for r in truth["reps"]]
    for item in truth["render_args"].get("fault") or []:
        match = re.match(r"([a-z_]+)(?::[^@]*)?(?:@([\d,]+))?$", item)
        if not match:
            continue
        reps = [int(i) for i in match.group(2).split(",")] if match.group(2) else indices
        for i in reps:
            out[i].add(match.group(1))
    return out


def truth_faults(truth: dict, spec: ExerciseSpec) -> dict[int, set[str]]:
    """Fault codes per truth rep index (whole-clip faults on every rep), in posecoach's codes."""
    whole = {f["code"] for f in truth["faults"] if f["rep"] is None}
    renderer = injected(truth)
    out = {}
    for r in truth["reps"]:
        codes = set(r["faults"]) | whole
        if FORWARD_LEAN_FAULT in renderer.get(r["index"], set()) and spec.drive == "shoulder_yaw_deg":
            codes.discard("leaning")
            codes.add("leaning_forward")
            codes |= {"leaning"} & whole  # a sideways lean held from the start stays
        out[r["index"]] = codes
    return out


def called_for(code: str, want: dict, exercise_coach: ExerciseCoach) -> bool:
    """Whether ``code``'s own rule calls for it on the truth's rep ``want`` (rep faults only)."""
    a, spec = exercise_coach, exercise_coach.spec
    cow = want.get("cow_peak_deg")
    if code == "partial_range":
        short = abs(want["peak_deg"]) < a.target - a.tolerance
        return short or (cow is not None and abs(cow) < spec.counter_target_deg - a.tolerance)
    if code == "too_fast":
        holds = want["scripted_hold_s"] * (2 if cow is not None else 1)
        return want["end_s"] - want["start_s"] - holds < 0.6 * a.tempo
    if code == "hold_too_short":
        return a.hold_target > 0 and want["scripted_hold_s"] < 0.5 * a.hold_target
    return False


@dataclass
class Code:
    flagged: int = 0
    right: int = 0
    faulted: int = 0  # truth reps carrying it
    found: int = 0


@dataclass
class FaultTally:
    """Per (role, code) counts; clean clips and their wrong flags; the clips of each role."""

    codes: dict[tuple[str, str], Code] = field(default_factory=lambda: defaultdict(Code))
    not_checked: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    clean: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # clips, wrong flags
    wrong: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # clips, wrong flags
    clips: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(
        self, name: str, role: str, truth: dict, exercise_coach: ExerciseCoach, pairs: list[tuple[Rep, dict]]
    ) -> int:
        """Score one clip's reps; returns its wrong flags."""
        spec = exercise_coach.spec
        wanted = truth_faults(truth, spec)
        unseen = {item.code for item in getattr(spec, "not_checked", ())}
        wrong = 0
        matched = {id(rep): want for rep, want in pairs}
        for rep in exercise_coach.reps:
            want = matched.get(id(rep))
            for code in rep.faults:
                c = self.codes[role, code]
                c.flagged += 1
                ok = want is not None and (code in wanted[want["index"]] or called_for(code, want, exercise_coach))
                c.right += ok
                wrong += not ok
        found = {want["index"]: rep for rep, want in pairs}
        for want in truth["reps"]:
            for code in wanted[want["index"]]:
                if code in unseen:
                    self.not_checked[role, code] += 1
                    continue
                c = self.codes[role, code]
                c.faulted += 1
                c.found += want["index"] in found and code in found[want["index"]].faults
        self.clips[role].append(name)
        self.wrong[role][0] += 1
        self.wrong[role][1] += wrong
        if not truth["faults"]:
            self.clean[role][0] += 1
            self.clean[role][1] += wrong
        return wrong

    def merge(self, other: FaultTally) -> None:
        for key, c in other.codes.items():
            mine = self.codes[key]
            mine.flagged += c.flagged
            mine.right += c.right
            mine.faulted += c.faulted
            mine.found += c.found
        for key, n in other.not_checked.items():
            self.not_checked[key] += n
        for role in ROLES:
            for mine, theirs in ((self.clean[role], other.clean[role]), (self.wrong[role], other.wrong[role])):
                mine[0] += theirs[0]
                mine[1] += theirs[1]
            self.clips[role] += other.clips[role]

    def report(self) -> None:
        """Per code and role: precision and recall; then false flags per clean clip."""
        print(f"  {'code':22s} {'clips':6s} {'precision (right/flagged)':27s} recall (found/faulted)")
        for code in sorted({code for _, code in self.codes}):
            for role in ROLES:
                c = self.codes.get((role, code))
                if c is None or not (c.flagged or c.faulted):
                    continue
                print(f"  {code:22s} {role:6s} {_ratio(c.right, c.flagged):27s} {_ratio(c.found, c.faulted)}")
        for role in ROLES:
            total = sum(c.flagged for (r, _), c in self.codes.items() if r == role)
            right = sum(c.right for (r, _), c in self.codes.items() if r == role)
            faulted = sum(c.faulted for (r, code), c in self.codes.items() if r == role)
            found = sum(c.found for (r, code), c in self.codes.items() if r == role)
            n_clean, clean_wrong = self.clean[role]
            n, wrong = self.wrong[role]
            if not n:
                continue
            per_clean = f"{clean_wrong / n_clean:.2f} ({clean_wrong} over {n_clean})" if n_clean else "- (none clean)"
            print(
                f"  {role} clips ({n}): precision {_ratio(right, total)}, recall {_ratio(found, faulted)}; "
                f"false flags per clean clip {per_clean}, per clip {wrong / n:.2f}"
            )
        counts: dict[str, int] = defaultdict(int)
        for (_, code), n in self.not_checked.items():
            counts[code] += n
        if counts:
            print("  not checked (faulted reps, never flagged): " + ", ".join(f"{c} {n}" for c, n in counts.items()))


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.2f}" if b else "-"
