"""Probes: a constraint to test (found by :mod:`.constraints`), and how it becomes a test case.

:func:`materialize` applies a probe to the first valid base instance it works on: it completes
the base so the constrained member exists, then edits it to the value at the edge (must be
accepted) and past it (must be rejected), keeping the case only when the spec's own schemas agree.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.spec import pointer as jp
from generator.spec.invariants import Invariant
from generator.testplan.check import solve
from generator.testplan.model import Edit, Path
from generator.testplan.samples import NoSample, Synthesizer
from generator.testplan.values import matching, non_matching

UNKNOWN_MEMBER = "specgen_unknown_member"
_REPEAT_MIN = 12


@dataclass(frozen=True)
class Slot:
    """One step from an instance to the constrained value: a member (None: any member of a map) or item 0."""

    key: str | int | None
    pointer: str  # schema of the value at this step


@dataclass(frozen=True)
class Probe:
    """A constraint found in a schema, before it is applied to a base instance."""

    label: str
    keyword: str
    pointer: str
    slots: tuple[Slot, ...]
    kind: str = "values"  # values | text | required | invariant | exactly | at_least_none | unknown_member
    accepted: tuple[Any, ...] = ()
    rejected: tuple[Any, ...] = ()
    invariant: Invariant | None = None
    groups: tuple[tuple[str, ...], ...] = ()
    text: tuple[str, Any, bool] | None = None  # (minLength | maxLength | pattern, bound, has a pattern)
    client_rule: bool = False  # rejected by the client although the spec's schema allows it


@dataclass(frozen=True)
class Found:
    """A probe applied to a base: the (possibly completed) base, and the edits."""

    base: Any
    accepted: tuple[Edit, ...]
    rejected: tuple[Edit, ...]


def materialize(
    probe: Probe,
    bases: list[tuple[str, Any]],
    valid: Callable[[Any], bool],
    synth: Synthesizer,
) -> tuple[str, Found] | str:
    """The probe applied to the first base it works on: (base name, found); else the reason it cannot be tested."""
    reason = "no valid base instance holds the constrained member"
    for name, base in bases:
        try:
            completed, path = ensure(base, probe.slots, synth)
        except NoSample:
            continue
        if not valid(completed):
            continue
        try:
            accepted, rejected = _edits(probe, completed, path, synth, valid)
        except NoSample as exc:
            reason = str(exc)
            continue
        if not all(valid(e.apply(completed)) for e in accepted):
            reason = "the edge value is not valid under the spec with any base instance"
            continue
        if not probe.client_rule and any(valid(e.apply(completed)) for e in rejected):
            reason = "the spec itself accepts the value past the edge (another alternative allows it)"
            continue
        label = name if _same(completed, base) else f"{name}, with {_dotted(path)}"
        return label, Found(completed, accepted, rejected)
    return reason


def _edits(
    probe: Probe, base: Any, path: Path, synth: Synthesizer, valid: Callable[[Any], bool]
) -> tuple[tuple[Edit, ...], tuple[Edit, ...]]:
    if probe.kind == "values":
        return tuple(edit(path, v) for v in probe.accepted), tuple(edit(path, v) for v in probe.rejected)
    if probe.kind == "text":
        accepted, rejected = _text_values(probe, _at(base, path))
        return (edit(path, accepted),), (edit(path, rejected),)
    if probe.kind == "required":
        return (), (Edit(path, remove=True),)
    if probe.kind == "unknown_member":
        return (), (Edit((*path, UNKNOWN_MEMBER), 1),)
    target = _at(base, path)
    if not isinstance(target, dict):
        raise NoSample("the constrained object is absent from the base")
    if probe.kind == "invariant":
        assert probe.invariant is not None
        for name in probe.invariant.names:
            solved = solve(probe.invariant, name, target)
            if solved is None:
                continue
            edge, past = (Edit((*path, name), v) for v in solved)
            if valid(edge.apply(base)) and not valid(past.apply(base)):
                return (edge,), (past,)
        raise NoSample("no member of the invariant can be moved to its edge within its own bounds")
    given = [g for g in probe.groups if all(m in target for m in g)]
    if probe.kind == "exactly":
        missing = [g for g in probe.groups if g not in given]
        if len(given) != 1 or not missing:
            raise NoSample("the base does not give exactly one group")
        added = dict(target)
        for member in missing[0]:
            if member not in added:
                added[member] = _member_sample(synth, probe.pointer, member)
        return (), (Edit(path, added),)
    members = {m for g in probe.groups for m in g}
    return (), (Edit(path, {k: v for k, v in target.items() if k not in members}),)


def _text_values(probe: Probe, current: Any) -> tuple[str, str]:
    """The edge and past-edge strings of a length or pattern probe, built from the base's string.

    Without a pattern, lengths use one repeated character; with one, the base's string is cut
    or padded with its last character, so that it still matches when the pattern allows.
    """
    assert probe.text is not None
    keyword, bound, patterned = probe.text
    text = current if isinstance(current, str) and current else "x"
    if keyword == "pattern":
        good = text if matching(bound, [text]) == text else matching(bound, [text])
        bad = non_matching(bound, text)
        if good is None or bad is None:
            raise NoSample("no matching and non-matching strings could be built for the pattern")
        return good, bad
    step = -1 if keyword == "minLength" else 1
    return fit(text, bound, pattern=patterned), fit(text, bound + step, pattern=patterned)


def _member_sample(synth: Synthesizer, union_pointer: str, member: str) -> Any:
    owner = union_pointer.rsplit("/", 1)[0]
    return synth.sample(jp.child(jp.child(owner, "properties"), member), hint=member, non_null=True)


def ensure(base: Any, slots: tuple[Slot, ...], synth: Synthesizer) -> tuple[Any, Path]:
    """``base`` completed so that every slot exists (non-null where the walk goes deeper); and the concrete path."""
    value = copy.deepcopy(base)
    path: list[str | int] = []
    node = value
    for index, slot in enumerate(slots):
        deeper = index < len(slots) - 1
        following = slots[index + 1].key if deeper else None
        want = frozenset({following}) if isinstance(following, str) else frozenset()
        if isinstance(node, dict):
            key: str | int = slot.key if isinstance(slot.key, str) else next(iter(node), "key")
            if key not in node or (deeper and not isinstance(node[key], (dict, list))):
                node[key] = synth.sample(slot.pointer, hint=str(key), want=want, non_null=True)
        elif isinstance(node, list):
            key = 0
            if not node:
                node.append(synth.sample(slot.pointer, want=want, non_null=True))
        else:
            raise NoSample("the base has no object or array here")
        path.append(key)
        node = node[key]
    return value, tuple(path)


def edit(path: Path, value: Any) -> Edit:
    """An edit setting ``path`` to ``value``, written compactly when ``value`` repeats one item or character."""
    if isinstance(value, str) and len(value) >= _REPEAT_MIN and len(set(value)) == 1:
        return Edit(path, value[0], repeat=len(value))
    if isinstance(value, list) and len(value) >= _REPEAT_MIN and all(v is value[0] or v == value[0] for v in value):
        return Edit(path, [value[0]], repeat=len(value))
    return Edit(path, value)


def _at(instance: Any, path: Path) -> Any:
    for part in path:
        instance = instance[part]
    return instance


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=repr) == json.dumps(b, sort_keys=True, default=repr)  # bytes: files


def _dotted(path: Path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "(root)"


def fit(sample: str, length: int, *, pattern: bool = False) -> str:
    """A string of ``length`` characters: one character repeated, or ``sample`` cut or padded when a pattern applies."""
    if not pattern:
        return "x" * length
    if length <= len(sample):
        return sample[:length]
    return sample + (sample[-1:] or "x") * (length - len(sample))
