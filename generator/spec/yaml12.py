"""YAML 1.2 (core schema) from libyaml's event stream, within bounds, with every node's position.

OpenAPI 3.1 asks for YAML 1.2, and 3.0 authors write as if they had it: plain scalars resolve
by the 1.2 core schema, so ``NO``, ``on`` and ``yes`` stay strings, ``18:00`` stays a string
(not the sexagesimal 1080), ``1e-08`` is a float, and dates stay text as in JSON. Only the
standard tags are accepted, so no spec text becomes an object; events are read with an
explicit stack, so no input can exhaust the C stack.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.diagnostics import SpecInputError
from generator.spec import pointer as jp
from generator.spec.limits import DEFAULT_LIMITS, Limits
from generator.spec.messages import shown
from generator.spec.plain_data import copy_data

try:  # the C parser when libyaml is present, the pure-Python one otherwise
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

_STD = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null"))
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL}
_COLLECTION_TAGS = {f"{_STD}map", f"{_STD}seq", "!"}
# The YAML 1.2 core schema (spec 1.2.2, section 10.3.2): the only plain scalars that are not strings.
_CORE_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_CORE_SPECIAL = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


def resolve_plain(text: str) -> str:
    """The core-schema tag of a plain (unquoted, untagged) scalar."""
    if text in _CORE_NULL:
        return _NULL
    if text in _CORE_BOOL:
        return _BOOL
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _CORE_INT.fullmatch(text):
            return _INT
        if _CORE_FLOAT.fullmatch(text) or _CORE_SPECIAL.fullmatch(text):
            return _FLOAT
    return _STR


def convert(tag: str, text: str) -> Any:
    """The value of a scalar of core tag ``tag``; ValueError when ``text`` is not one."""
    if tag == _STR:
        return text
    if tag == _NULL:
        if text not in _CORE_NULL:
            raise ValueError(text)
        return None
    if tag == _BOOL:
        if text not in _CORE_BOOL:
            raise ValueError(text)
        return _CORE_BOOL[text]
    if tag == _INT:
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        if not _CORE_INT.fullmatch(text):
            raise ValueError(text)
        return int(text)
    special = _CORE_SPECIAL.fullmatch(text)
    if special:
        body = text.lstrip("+-").lower()
        return float("nan") if body == ".nan" else float(("-" if text.startswith("-") else "") + "inf")
    if not _CORE_FLOAT.fullmatch(text) and not _CORE_INT.fullmatch(text):
        raise ValueError(text)
    return float(text)


def parse_yaml(
    text: str, name: str, limits: Limits = DEFAULT_LIMITS, positions: dict[str, tuple[int, int]] | None = None
) -> Any:
    """YAML 1.2 (core schema) from libyaml events, within ``limits``.

    ``positions``: filled with what :func:`index_positions` would return, in the same pass.
    """
    try:
        return _YamlBuilder(name, limits, positions).build(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise SpecInputError(f"invalid YAML: {problem}", file=name, line=line, column=col) from None
    except yaml.YAMLError as exc:
        raise SpecInputError(f"invalid YAML: {exc}", file=name) from None


class _YamlBuilder:
    """Builds plain Python data from YAML events with an explicit stack."""

    def __init__(self, name: str, limits: Limits, positions: dict[str, tuple[int, int]] | None = None) -> None:
        self.name = name
        self.limits = limits
        self.positions = positions
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # value, node count, nesting height
        self.nodes = 0
        self.alias_nodes = 0

    def fail(self, message: str, event: yaml.Event) -> SpecInputError:
        line, column = event_position(event)
        return SpecInputError(message, file=self.name, line=line, column=column)

    def build(self, text: str) -> Any:
        # Each frame: [container, anchor, pending_key, merges, start_nodes, start_event, height, pointer]
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        positions = self.positions
        for event in yaml.parse(text, Loader=_EventLoader):
            if isinstance(event, yaml.ScalarEvent):
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    self.take_key(stack[-1], event)
                    continue
                value = self.scalar(event)
                self.count(event)
                if positions is not None:
                    positions.setdefault(_pointer_of_next(stack), event_position(event))
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1, 0)
                root = self.add(stack, value, event, root)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self.expect_value(stack, event)
                tag = event.tag
                if tag and tag not in _COLLECTION_TAGS:
                    raise self.fail(f"unsupported YAML tag {tag!r}", event)
                if len(stack) >= self.limits.max_depth:
                    raise self.fail(f"nesting deeper than {self.limits.max_depth} levels", event)
                self.count(event)
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                pointer = ""
                if positions is not None:
                    pointer = _pointer_of_next(stack)
                    positions.setdefault(pointer, event_position(event))
                stack.append([container, event.anchor, None, [], self.nodes, event, 0, pointer])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container, anchor, _key, merges, start, start_event, inner, _pointer = stack.pop()
                if merges:
                    for merged in merges:
                        for key, value in merged.items():
                            container.setdefault(key, value)
                if anchor:
                    self.anchors[anchor] = (container, self.nodes - start + 1, inner + 1)
                self.raise_height(stack, inner + 1)
                root = self.add(stack, container, start_event, root)
            elif isinstance(event, yaml.AliasEvent):
                self.expect_value(stack, event)
                if event.anchor not in self.anchors:
                    raise self.fail(f"alias *{event.anchor} refers to no finished anchor", event)
                value, size, height = self.anchors[event.anchor]
                if len(stack) + height > self.limits.max_depth:
                    raise self.fail(f"alias *{event.anchor} nests deeper than {self.limits.max_depth} levels", event)
                self.raise_height(stack, height)
                self.alias_nodes += size
                if self.alias_nodes > self.limits.max_alias_nodes:
                    raise self.fail(
                        f"alias expansion exceeds {self.limits.max_alias_nodes} nodes (a YAML alias bomb?)",
                        event,
                    )
                self.nodes += size
                if positions is not None:
                    positions.setdefault(_pointer_of_next(stack), event_position(event))
                root = self.add(stack, copy_data(value), event, root)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.fail("more than one YAML document in the file", event)
        return root

    @staticmethod
    def raise_height(stack: list[list[Any]], height: int) -> None:
        """Record that the open container on top of ``stack`` holds a node ``height`` levels deep."""
        if stack and stack[-1][6] < height:
            stack[-1][6] = height

    def count(self, event: yaml.Event) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise self.fail(f"more than {self.limits.max_nodes} nodes", event)

    def expect_value(self, stack: list[list[Any]], event: yaml.Event) -> None:
        if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
            raise self.fail("mapping keys must be plain scalars", event)

    def take_key(self, frame: list[Any], event: yaml.ScalarEvent) -> None:
        if event.tag not in (None, "!", *_SCALAR_TAGS):
            raise self.fail(f"unsupported YAML tag {event.tag!r} on a key", event)
        key = event.value
        if key == "<<" and event.implicit[0]:
            frame[2] = _MergeKey
            return
        if key in frame[0]:
            raise self.fail(f"duplicate key {shown(key)}", event)
        frame[2] = key

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None and event.implicit[0]:
            tag = resolve_plain(event.value)
        elif tag is None or tag == "!":
            tag = _STR
        if tag not in _SCALAR_TAGS:
            if tag == f"{_STD}timestamp":
                return event.value  # dates stay text, as in JSON
            raise self.fail(f"unsupported YAML tag {tag!r}", event)
        try:
            return convert(tag, event.value)
        except ValueError:
            raise self.fail(f"cannot read {shown(event.value)} as {tag.rsplit(':', 1)[-1]}", event) from None

    def add(self, stack: list[list[Any]], value: Any, event: yaml.Event, root: Any) -> Any:
        if not stack:
            return value
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
            return root
        key = frame[2]
        frame[2] = None
        if key is _MergeKey:
            merges = value if isinstance(value, list) else [value]
            if not all(isinstance(m, dict) for m in merges):
                raise self.fail("a merge key (<<) needs a mapping or a list of mappings", event)
            frame[3].extend(merges)
            return root
        container[key] = value
        return root


class _MergeKey:
    """Marker for a pending YAML merge key."""


def _pointer_of_next(stack: list[list[Any]]) -> str:
    """The pointer of the value about to be added to the open container on top of ``stack``."""
    if not stack:
        return ""
    frame = stack[-1]
    container = frame[0]
    if isinstance(container, list):
        return f"{frame[7]}/{len(container)}"
    key = frame[2]
    return jp.child(frame[7], "<<" if key is _MergeKey else key)


def event_position(event: yaml.Event) -> tuple[int, int]:
    """1-based (line, column) where ``event`` starts; (0, 0) when libyaml gave no mark."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def index_positions(text: str) -> dict[str, tuple[int, int]]:
    """Map every node's JSON pointer to its 1-based (line, column), from YAML events.

    Works for JSON too, JSON being YAML flow syntax. Returns what it could index if the
    text stops parsing part way (positions are a convenience, never a failure).
    """
    positions: dict[str, tuple[int, int]] = {}
    # Frame: [pointer, is_mapping, expecting_key, pending_key, next_index]
    stack: list[list[Any]] = []

    def place(event: yaml.Event) -> str | None:
        if not stack:
            return ""
        frame = stack[-1]
        if frame[1]:
            if frame[2]:
                return None
            frame[2] = True
            return jp.child(frame[0], frame[3])
        index = frame[4]
        frame[4] += 1
        return jp.child(frame[0], index)

    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                if stack and stack[-1][1] and stack[-1][2]:
                    stack[-1][2] = False
                    stack[-1][3] = event.value if isinstance(event, yaml.ScalarEvent) else ""
                    continue
                where = place(event)
                if where is not None:
                    positions.setdefault(where, event_position(event))
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                where = place(event)
                where = "" if where is None else where
                positions.setdefault(where, event_position(event))
                stack.append([where, isinstance(event, yaml.MappingStartEvent), True, None, 0])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except yaml.YAMLError:
        pass
    return positions
