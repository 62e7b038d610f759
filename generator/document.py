"""Parse one YAML or JSON file safely, keeping line and column for every node.

Safety bounds (all configurable through :class:`Limits`): file size, nesting depth,
total node count and nodes created by YAML alias expansion (billion laughs). YAML is
read from libyaml's event stream with an explicit stack, so no input can exhaust the
C stack; only the standard YAML tags are accepted, so no spec text becomes an object.
JSON is parsed strictly (no trailing commas, no NaN, no duplicate keys).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import pointer as jp
from generator.diagnostics import SpecInputError

try:  # the C parser when libyaml is present, the pure-Python one otherwise
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile input from exhausting time or memory."""

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 256
    max_nodes: int = 5_000_000
    max_alias_nodes: int = 100_000
    max_schema_depth: int = 64  # inline schemas inside schemas, for generation


DEFAULT_LIMITS = Limits()
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null")}
_COLLECTION_TAGS = {f"{_STD}map", f"{_STD}seq", "!"}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CONVERT = {
    f"{_STD}int": _CONSTRUCTOR.construct_yaml_int,
    f"{_STD}float": _CONSTRUCTOR.construct_yaml_float,
    f"{_STD}bool": _CONSTRUCTOR.construct_yaml_bool,
    f"{_STD}null": _CONSTRUCTOR.construct_yaml_null,
}


@dataclass
class Document:
    """A parsed spec file: its data plus a lazily built pointer -> (line, column) index."""

    path: Path
    text: str
    data: Any
    format: str
    _positions: dict[str, tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """The file name as given, for messages."""
        return str(self.path)

    def locate(self, pointer: str) -> tuple[int, int]:
        """1-based (line, column) of the node at ``pointer``, or of its nearest ancestor."""
        if self._positions is None:
            self._positions = index_positions(self.text)
        probe = pointer
        while True:
            found = self._positions.get(probe)
            if found is not None:
                return found
            if not probe:
                return (1, 1)
            probe = probe[: probe.rfind("/")]


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """File contents, never reading more than ``limits.max_bytes`` (devices and pipes included)."""
    name = str(path)
    try:
        if path.is_dir():
            raise SpecInputError("is a directory, not a spec file", file=name)
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise SpecInputError(f"file is {size} bytes, over the limit of {limits.max_bytes} bytes", file=name)
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except SpecInputError:
        raise
    except OSError as exc:
        raise SpecInputError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    if len(raw) > limits.max_bytes:
        raise SpecInputError(f"file is over the limit of {limits.max_bytes} bytes", file=name)
    return raw


def read_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """File contents as text: bounded size, UTF-8 (BOM allowed), no binary data."""
    name = str(path)
    raw = read_bytes(path, limits)
    for bom, encoding in _OTHER_BOMS:
        if raw.startswith(bom):
            raise SpecInputError(
                f"{encoding} text (byte order mark): save the file as UTF-8", file=name, line=1, column=1
            )
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _offset_position(raw, nul)
        raise SpecInputError("binary data (NUL byte): not a YAML or JSON text file", file=name, line=line, column=col)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _offset_position(raw, exc.start)
        raise SpecInputError("not valid UTF-8 text", file=name, line=line, column=col) from None
    if not text.strip():
        raise SpecInputError("empty document", file=name)
    return text


def load_document(path: Path, limits: Limits = DEFAULT_LIMITS, *, index: bool = False) -> Document:
    """Parse ``path`` as JSON (``.json`` or text starting with ``{``) or YAML.

    ``index``: also index every node's position now (YAML: in the same pass), for callers that
    will locate many nodes; otherwise the index is built on the first :meth:`Document.locate`.
    """
    text = read_text(path, limits)
    name = str(path)
    is_json = path.suffix.lower() == ".json" or (
        path.suffix.lower() not in (".yaml", ".yml") and text.lstrip()[:1] in ("{", "[")
    )
    positions: dict[str, tuple[int, int]] | None = {} if index and not is_json else None
    data = parse_json(text, name, limits) if is_json else parse_yaml(text, name, limits, positions)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {_kind(data)}"
        raise SpecInputError(f"document root must be a mapping, found {kind}", file=name, line=1, column=1)
    return Document(path=path, text=text, data=data, format="json" if is_json else "yaml", _positions=positions)


def parse_json(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Strict JSON: duplicate keys, NaN/Infinity and trailing commas are errors."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise _DuplicateKey(key)
            result[key] = value
        return result

    def constant(token: str) -> Any:
        raise _BadConstant(token)

    _check_json_size(text, name, limits)
    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        comma = _trailing_comma(text, exc.pos)
        if comma is not None:
            line, col = _offset_position(text, comma)
            raise SpecInputError("invalid JSON: trailing comma", file=name, line=line, column=col) from None
        raise SpecInputError(f"invalid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno) from None
    except _DuplicateKey as exc:
        key, line, col = _json_duplicate(text) or (exc.key, 0, 0)
        raise SpecInputError(f"duplicate key {_shown(key)}", file=name, line=line, column=col) from None
    except _BadConstant as exc:
        line, col = _json_token_position(text, exc.token)
        raise SpecInputError(
            f"invalid JSON: {exc.token} is not a JSON value", file=name, line=line, column=col
        ) from None
    except RecursionError:
        line, col = _json_depth_position(text, limits.max_depth)
        raise SpecInputError(
            f"nesting deeper than {limits.max_depth} levels", file=name, line=line, column=col
        ) from None
    except ValueError as exc:
        raise SpecInputError(f"invalid JSON: {exc}", file=name) from None
    _check_json_shape(data, name, text, limits)
    return data


def parse_yaml(
    text: str, name: str, limits: Limits = DEFAULT_LIMITS, positions: dict[str, tuple[int, int]] | None = None
) -> Any:
    """YAML 1.1 (core types only) from libyaml events, within ``limits``.

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


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _BadConstant(Exception):
    def __init__(self, token: str) -> None:
        self.token = token


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
        line, column = _event_position(event)
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
                    positions.setdefault(_pointer_of_next(stack), _event_position(event))
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
                    positions.setdefault(pointer, _event_position(event))
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
                    positions.setdefault(_pointer_of_next(stack), _event_position(event))
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
        if event.tag not in (None, "!", f"{_STD}str", f"{_STD}int", f"{_STD}bool", f"{_STD}null", f"{_STD}float"):
            raise self.fail(f"unsupported YAML tag {event.tag!r} on a key", event)
        key = event.value
        if key == "<<" and event.implicit[0]:
            frame[2] = _MergeKey
            return
        if key in frame[0]:
            raise self.fail(f"duplicate key {_shown(key)}", event)
        frame[2] = key

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None and event.implicit[0]:
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
        elif tag is None or tag == "!":
            tag = f"{_STD}str"
        if tag not in _SCALAR_TAGS:
            if tag == f"{_STD}timestamp":
                return event.value  # dates stay text, as in JSON
            raise self.fail(f"unsupported YAML tag {tag!r}", event)
        convert = _CONVERT.get(tag)
        if convert is None:
            return event.value
        try:
            return convert(yaml.ScalarNode(tag, event.value))
        except (ValueError, yaml.YAMLError):
            raise self.fail(f"cannot read {_shown(event.value)} as {tag.rsplit(':', 1)[-1]}", event) from None

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


def copy_data(value: Any) -> Any:
    """Deep copy of plain data (dicts, lists, scalars); much faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {k: copy_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_data(v) for v in value]
    return value


_JSON_SEPARATOR = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')
_JSON_SPACE = re.compile(r"[ \t\r\n]*")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _check_json_size(text: str, name: str, limits: Limits) -> None:
    """Refuse JSON with more than ``limits.max_nodes`` values before parsing it (parsing costs memory).

    Every value but the root follows a ``:``, a ``[`` or a ``,`` inside a list, outside strings;
    counting those bounds the node count cheaply, and the exact scan (which names the place of
    the first value over the limit) runs only when that count is over the limit.
    """
    if text.count("[") + text.count(",") + text.count(":") < limits.max_nodes:
        return
    nodes = 1
    in_list: list[bool] = []
    for match in _JSON_SEPARATOR.finditer(text):
        token = match.group()[0]
        if token in "{[":
            in_list.append(token == "[")
        elif token in "}]":
            if in_list:
                in_list.pop()
            continue
        if token == '"' or (token == "," and not (in_list and in_list[-1])) or token == "{":
            continue
        spaces = _JSON_SPACE.match(text, match.end())
        start = spaces.end() if spaces else match.end()
        if token == "[" and text.startswith("]", start):
            continue  # an empty list holds no value
        nodes += 1
        if nodes > limits.max_nodes:
            line, col = _offset_position(text, start)
            raise SpecInputError(f"more than {limits.max_nodes} nodes", file=name, line=line, column=col)


def _check_json_shape(data: Any, name: str, text: str, limits: Limits) -> None:
    """Depth and node-count bounds for parsed JSON; no lone surrogates (``"\\ud800"``: not text)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > limits.max_nodes:
            raise SpecInputError(f"more than {limits.max_nodes} nodes", file=name)
        if isinstance(node, str) and _SURROGATE.search(node):
            _refuse_surrogate(text, name)
        if isinstance(node, (dict, list)):
            if depth > limits.max_depth:
                line, col = _json_depth_position(text, limits.max_depth)
                raise SpecInputError(f"nesting deeper than {limits.max_depth} levels", file=name, line=line, column=col)
            if isinstance(node, dict):
                for key in node:
                    if _SURROGATE.search(key):
                        _refuse_surrogate(text, name)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)


def _refuse_surrogate(text: str, name: str) -> None:
    """A string holds half of a UTF-16 surrogate pair: valid JSON syntax, but not Unicode text."""
    for match in _SURROGATE_ESCAPE.finditer(text):
        code = int(match.group()[2:], 16)
        after = text[match.end() : match.end() + 6]
        paired = code < 0xDC00 and _SURROGATE_ESCAPE.fullmatch(after) is not None and int(after[2:], 16) >= 0xDC00
        before = text[max(0, match.start() - 6) : match.start()]
        follows_high = (
            code >= 0xDC00 and _SURROGATE_ESCAPE.fullmatch(before) is not None and int(before[2:], 16) < 0xDC00
        )
        if not paired and not follows_high:
            line, col = _offset_position(text, match.start())
            raise SpecInputError(
                f"invalid JSON: {match.group()} is half of a surrogate pair, not a character",
                file=name,
                line=line,
                column=col,
            )
    raise SpecInputError("invalid JSON: a string holds half of a surrogate pair, not a character", file=name)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth_position(text: str, max_depth: int) -> tuple[int, int]:
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                return _offset_position(text, match.start())
        elif token in "]}":
            depth -= 1
    return (0, 0)


_JSON_SCAN = re.compile(r'"(?:[^"\\]|\\.)*"\s*:?|[\[\]{}]')


def _json_duplicate(text: str) -> tuple[str, int, int] | None:
    """The first key (in text order) that repeats within its object, and where it is."""
    stack: list[set[str] | None] = []  # one entry per open container: its keys, or None for an array
    for match in _JSON_SCAN.finditer(text):
        token = match.group()
        if token in ("{", "["):
            stack.append(set() if token == "{" else None)
        elif token in ("}", "]"):
            if stack:
                stack.pop()
        elif token.endswith(":") and stack and stack[-1] is not None:
            key = json.loads(token[:-1].rstrip())
            if key in stack[-1]:
                line, col = _offset_position(text, match.start())
                return key, line, col
            stack[-1].add(key)
    return None


def _trailing_comma(text: str, offset: int) -> int | None:
    """Offset of the comma when the JSON error at ``offset`` is a ``]`` or ``}`` right after one."""
    if text[offset : offset + 1] not in ("]", "}"):
        return None
    before = text[:offset].rstrip()
    return len(before) - 1 if before.endswith(",") else None


def _json_token_position(text: str, token: str) -> tuple[int, int]:
    """Where the bare ``token`` (not inside a string) first occurs, or (0, 0)."""
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|' + re.escape(token), text):
        if match.group() == token:
            return _offset_position(text, match.start())
    return (0, 0)


def _offset_position(data: bytes | str, offset: int) -> tuple[int, int]:
    newline: Any = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, offset) + 1
    start = data.rfind(newline, 0, offset) + 1
    return line, offset - start + 1


def _event_position(event: yaml.Event) -> tuple[int, int]:
    """1-based (line, column) where ``event`` starts; (0, 0) when libyaml gave no mark."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _shown(text: str, limit: int = 60) -> str:
    """``text`` quoted for a message, shortened when long."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "..."


def _kind(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


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
                    positions.setdefault(where, _event_position(event))
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                where = place(event)
                where = "" if where is None else where
                positions.setdefault(where, _event_position(event))
                stack.append([where, isinstance(event, yaml.MappingStartEvent), True, None, 0])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except yaml.YAMLError:
        pass
    return positions
