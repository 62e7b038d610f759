"""Refuse, before generation, a spec whose structure has the wrong JSON type somewhere.

Specs come from sources their users do not control, and the generator reads every part of
the OpenAPI object model: a ``responses`` that is a number, a ``properties`` that is a list
or a ``required: true`` on a property would otherwise surface as a crash deep inside code
generation. :func:`check_shape` walks the document as the OpenAPI 3.0/3.1 object model
describes it (operations, parameters, bodies, responses, components and every schema below
them, following ``$ref`` to check each target as what it is used for) and raises
:class:`SpecInputError` at the first value of the wrong type, naming the file, line and
column. It checks types only: missing fields, unknown keywords and semantic mistakes are
``specgen lint``'s job, and generation warns about what it approximates (``ir.approximations``).

The walk uses an explicit stack (no recursion) and visits each (node, kind) pair once, so
reference loops and deep documents cost nothing extra.
"""

from __future__ import annotations

import re
from typing import Any

from generator.diagnostics import SpecInputError
from generator.spec import pointer as jp
from generator.spec.limits import DEFAULT_LIMITS, Limits
from generator.spec.load import Spec
from generator.spec.oas import KINDS, Field

_JSON_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})
# Kinds whose objects may be Reference Objects here (a schema's own ``$ref`` is followed separately).
_REFERABLE = frozenset(
    {"parameter", "request body", "response", "header", "example", "link", "callback", "security scheme", "path item"}
)
_ARTICLE = re.compile(r"^[aeiou]")
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas"})
# A path is text without white space or control characters, and template expressions ``{name}``.
_PATH_PIECE = re.compile(r"\{[^{}]*\}?|[^{]+|\{")
_TEMPLATE = re.compile(r"\{[^{}/?#%\x00-\x1f\x7f]+\}")
_PATH_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f}]")


def check_shape(spec: Spec, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise :class:`SpecInputError` at the first value whose JSON type the OpenAPI model forbids.

    Also refuses inline schemas nested deeper than ``limits.max_schema_depth``: code generation
    (and Python's parser) cannot nest that deep.
    """
    _Walk(spec, limits.max_schema_depth).run()


class _Walk:
    def __init__(self, spec: Spec, max_schema_depth: int) -> None:
        self.spec = spec
        self.data = spec.data
        self.seen: set[tuple[int, str]] = set()
        self.max_depth = max_schema_depth
        # (node, pointer, kind, label, depth): kind is a key of KINDS; depth counts nested inline schemas.
        self.stack: list[tuple[Any, str, str, str, int]] = [(spec.data, "", "document", "the document", 0)]

    def fail(self, pointer: str, message: str) -> SpecInputError:
        return self.spec.error(pointer, message)

    def run(self) -> None:
        while self.stack:
            node, pointer, kind, label, depth = self.stack.pop()
            if kind == "schema":
                self.schema(node, pointer, label, depth)
            else:
                self.object(node, pointer, kind, label)

    def push(self, node: Any, pointer: str, kind: str, label: str, depth: int = 0) -> None:
        if isinstance(node, (dict, list)):
            key = (id(node), kind)
            if key in self.seen:
                return
            self.seen.add(key)
        self.stack.append((node, pointer, kind, label, depth + 1 if kind == "schema" else 0))

    def follow(self, node: dict[str, Any], pointer: str, kind: str) -> bool:
        """When ``node`` is a reference, check its target as ``kind``; True when it is one."""
        if "$ref" not in node:
            return False
        ref = node["$ref"]
        where = jp.child(pointer, "$ref")
        if not isinstance(ref, str):
            raise self.fail(where, f"'$ref' must be a string, found {_describe(ref)}")
        target = jp.from_fragment(ref.partition("#")[2])
        try:
            value = jp.resolve(self.data, target)
        except (KeyError, ValueError):
            raise self.fail(where, f"reference {ref!r}: target not found") from None
        self.push(value, target, kind, f"the target of {ref!r}")
        return True

    def object(self, node: Any, pointer: str, kind: str, label: str) -> None:
        if not isinstance(node, dict):
            raise self.fail(pointer, f"{label} must be {_a(kind)} object, found {_describe(node)}")
        if kind in _REFERABLE and self.follow(node, pointer, kind) and kind != "path item":
            return
        self.fields(node, pointer, kind, 0)

    def schema(self, node: Any, pointer: str, label: str, depth: int) -> None:
        if isinstance(node, bool):
            return
        if not isinstance(node, dict):
            raise self.fail(pointer, f"{label} must be a schema (a mapping), found {_describe(node)}")
        if depth > self.max_depth:
            raise self.fail(
                pointer, f"schemas nested more than {self.max_depth} levels deep inline (limit max-schema-depth)"
            )
        self.follow(node, pointer, "schema")  # keywords next to a $ref (3.1) are checked too
        self.fields(node, pointer, "schema", depth)

    def fields(self, node: dict[str, Any], pointer: str, kind: str, depth: int) -> None:
        rules = KINDS[kind]
        wildcard = rules.get("*")
        for key, value in node.items():
            if not isinstance(key, str) or (
                key.startswith("x-") and kind != "security requirement" and key not in rules
            ):
                continue
            rule = rules.get(key, wildcard)
            if rule is None or key == "$ref":
                continue  # unknown fields are lint's business; references were followed
            if kind == "document" and value is None:
                continue  # an empty top-level section (``paths:``) reads as absent
            self.value(value, jp.child(pointer, key), rule, repr(key), depth)

    def value(self, value: Any, pointer: str, rule: Field, label: str, depth: int) -> None:
        check, kind = rule
        if check == "any":
            return
        if check == "text":
            if isinstance(value, (dict, list)):
                raise self.fail(pointer, f"{label} must be text, found {_describe(value)}")
        elif check in ("string", "regex"):
            if not isinstance(value, str):
                raise self.fail(pointer, f"{label} must be a string, found {_describe(value)}")
            if check == "regex":
                self.regex(value, pointer, label)
        elif check == "bool":
            if not isinstance(value, bool):
                raise self.fail(pointer, f"{label} must be true or false, found {_describe(value)}")
        elif check in ("number", "positive"):
            if not _is_number(value) or (check == "positive" and value <= 0):
                expected = "a number above 0" if check == "positive" else "a number"
                raise self.fail(pointer, f"{label} must be {expected}, found {_describe(value)}")
        elif check == "count":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise self.fail(pointer, f"{label} must be a non-negative integer, found {_describe(value)}")
        elif check == "bound":
            if not _is_number(value) and not isinstance(value, bool):
                raise self.fail(
                    pointer, f"{label} must be a number (or true or false in 3.0), found {_describe(value)}"
                )
        elif check == "strings":
            self.strings(value, pointer, label)
        elif check in ("string-map", "any-map"):
            if not isinstance(value, dict):
                raise self.fail(pointer, f"{label} must be a mapping, found {_describe(value)}")
            for key, item in value.items() if check == "string-map" else ():
                if not isinstance(item, str):
                    raise self.fail(
                        jp.child(pointer, key), f"{label} entry {key!r} must be a string, found {_describe(item)}"
                    )
        elif check == "type":
            self.type(value, pointer, label)
        elif check == "object":
            self.push(value, pointer, kind, label, depth)
        elif check == "map":
            if not isinstance(value, dict):
                raise self.fail(pointer, f"{label} must be a mapping, found {_describe(value)}")
            extensible = kind in ("path item", "response")  # the Paths and Responses objects allow x- keys
            for key, item in reversed(value.items()):
                if extensible and isinstance(key, str) and key.startswith("x-"):
                    continue
                if pointer == "/paths":
                    self.path_key(key, jp.child(pointer, key))
                self.push(item, jp.child(pointer, key), kind, f"{label} entry {key!r}", depth)
        elif check == "list":
            if not isinstance(value, list):
                raise self.fail(pointer, f"{label} must be a list, found {_describe(value)}")
            if kind == "schema" and not value:
                raise self.fail(pointer, f"{label} must list at least one schema")
            if kind in ("any", "scalar"):
                for index, item in enumerate(value):
                    if kind == "scalar" and isinstance(item, (dict, list)):
                        raise self.fail(jp.child(pointer, index), f"item {index} of {label} must be text")
                return
            for index in range(len(value) - 1, -1, -1):
                self.push(value[index], jp.child(pointer, index), kind, f"item {index} of {label}", depth)

    def path_key(self, path: str, pointer: str) -> None:
        """A key of ``paths`` must be a URL path (template): what the client sends is exactly that path."""
        for match in _PATH_PIECE.finditer(path):
            piece = match.group()
            if piece.startswith("{"):
                if not _TEMPLATE.fullmatch(piece):
                    raise self.fail(
                        pointer, f"path {path!r}: {piece!r} is not a path template expression like '{{id}}'"
                    )
            else:
                bad = _PATH_FORBIDDEN.search(piece)
                if bad:
                    raise self.fail(pointer, f"path {path!r}: {bad.group()!r} is not allowed in a URL path")

    def strings(self, value: Any, pointer: str, label: str) -> None:
        if not isinstance(value, list):
            raise self.fail(pointer, f"{label} must be a list of strings, found {_describe(value)}")
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise self.fail(
                    jp.child(pointer, index), f"item {index} of {label} must be a string, found {_describe(item)}"
                )

    def type(self, value: Any, pointer: str, label: str) -> None:
        if isinstance(value, list) and not value:
            raise self.fail(pointer, f"{label} must name at least one type")
        for name in value if isinstance(value, list) else [value]:
            if not isinstance(name, str):
                raise self.fail(pointer, f"{label} must be a type name or a list of them, found {_describe(name)}")
            if name not in _JSON_TYPES:
                raise self.fail(pointer, f"unknown type {name!r}: expected one of {', '.join(sorted(_JSON_TYPES))}")

    def regex(self, pattern: str, pointer: str, label: str) -> None:
        try:
            re.compile(pattern)
        except (re.error, RecursionError, OverflowError) as exc:
            raise self.fail(pointer, f"{label} {pattern!r} is not a valid regular expression: {exc}") from None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _a(kind: str) -> str:
    return f"an {kind}" if _ARTICLE.match(kind) else f"a {kind}"


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
