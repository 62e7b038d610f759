"""Validate instances against the document's own schemas, compiled once with jsonschema-rs.

The whole document is registered as one JSON Schema resource, so ``$ref``s such as
``#/components/schemas/X`` resolve wherever the validated schema sits. OpenAPI 3.0
schemas are draft-04 plus ``nullable``, which is rewritten into a type list. Errors are
reduced to leaves: for a failed ``oneOf``/``anyOf`` the branch the instance was most
likely meant for is explained, rather than the whole union.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jsonschema_rs

from generator.spec import pointer as jp
from generator.spec.facts import is_nullable_marker
from generator.spec.refs import local_ref
from generator.spec.walk import SchemaSite, index_document

_URI = "urn:specgen:spec"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_FRAGMENT_SAFE = "/~:@!$&'()*+,;=-._"
_UNION_KINDS = (jsonschema_rs.ValidationErrorKind.OneOfNotValid, jsonschema_rs.ValidationErrorKind.AnyOf)


@dataclass(frozen=True)
class Problem:
    """One reason an instance fails: where in the instance, what, and (for ``required``) which names."""

    path: tuple[str | int, ...]
    message: str
    kind: str
    missing: tuple[str, ...] = ()
    textual: bool = False  # a type mismatch that sending the value as text removes ("2.5" for 2.5, 42 for "42")

    @property
    def pointer(self) -> str:
        """The instance path as a JSON pointer (``""`` for the root)."""
        return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in self.path)


def spells(value: Any, types: Iterable[str]) -> bool:
    """Whether the string ``value`` spells a value of one of ``types`` (``"2.5"`` a number,
    ``"10"`` an integer, ``"false"`` a boolean), as text on the wire (a form field) does."""
    if not isinstance(value, str):
        return False
    for name in types:
        if name == "boolean" and value in ("true", "false"):
            return True
        if name == "number" and _NUMBER.fullmatch(value):
            return True
        if name == "integer" and _NUMBER.fullmatch(value) and float(value).is_integer():
            return True
    return False


class SchemaValidation:
    """Validators for the schemas of one document, keyed by the schema's JSON pointer.

    :meth:`problems_many` validates many instances against many schemas with one compiled
    validator (an array schema whose ``prefixItems`` refer to each schema), so the schemas
    they share are compiled once: on the 3 MB OpenAI spec that is 0.1 s instead of 1 s.
    """

    def __init__(self, data: dict[str, Any], minor: int, sites: list[SchemaSite] | None = None) -> None:
        self.data = data
        self.minor = minor
        self.sites = sites if sites is not None else index_document(data).schemas
        self._prepared: Any = None
        self._registry: jsonschema_rs.Registry | None = None
        self._validators: dict[str, jsonschema_rs.Validator | None] = {}

    @property
    def registry(self) -> jsonschema_rs.Registry:
        """The document, prepared for JSON Schema, as the one resource of a registry."""
        if self._registry is None:
            # 3.0 is draft-04, where boolean exclusive bounds are right; only 3.1 is sanitized
            self._prepared = prepare(self.data, self.sites, sanitize=self.minor == 1)
            draft = jsonschema_rs.Draft4 if self.minor == 0 else jsonschema_rs.Draft202012
            self._registry = jsonschema_rs.Registry([(_URI, self._prepared)], draft=draft, retriever=_refuse)
        return self._registry

    def _compile(self, schema: dict[str, Any]) -> jsonschema_rs.Validator:
        cls = jsonschema_rs.Draft4Validator if self.minor == 0 else jsonschema_rs.Draft202012Validator
        return cls(schema, registry=self.registry, validate_formats=False, offline=True)

    def validator(self, pointer: str) -> jsonschema_rs.Validator | None:
        """The compiled validator for the schema at ``pointer``; None when it cannot be compiled
        (the schema, or one it refers to, breaks the meta-schema: ``oas-schema`` reports it)."""
        if pointer not in self._validators:
            try:
                self._validators[pointer] = self._compile(_ref(pointer))
            except (ValueError, jsonschema_rs.ReferencingError):
                self._validators[pointer] = None
        return self._validators[pointer]

    def is_valid(self, pointer: str, instance: Any) -> bool | None:
        """Whether ``instance`` is valid under the schema at ``pointer`` (None: uncompilable)."""
        validator = self.validator(pointer)
        return None if validator is None else validator.is_valid(instance)

    def problems(self, pointer: str, instance: Any, limit: int = 50) -> list[Problem] | None:
        """Why ``instance`` fails the schema at ``pointer`` (empty when valid; None if the schema
        cannot be compiled or the instance is not JSON data).

        Overlapping ``oneOf`` branches that both accept the instance are not counted."""
        validator = self.validator(pointer)
        if validator is None:
            return None
        try:
            if validator.is_valid(instance):
                return []
            return _collect(validator.iter_errors(instance), self._prepared, limit, shift=False).get(0, [])
        except (ValueError, OverflowError):
            return None

    def problems_many(self, items: list[tuple[str, Any]], limit: int = 50) -> list[list[Problem] | None]:
        """:meth:`problems` for each ``(schema pointer, instance)``, compiled as one validator."""
        if not items:
            return []
        try:
            refs = [_ref(pointer) for pointer, _ in items]
            # draft-04 (OpenAPI 3.0) spells a tuple ``items: [...]``; 2020-12 ``prefixItems``
            batch = self._compile({"type": "array", "items" if self.minor == 0 else "prefixItems": refs})
            instances = [instance for _, instance in items]
            if batch.is_valid(instances):
                return [[] for _ in items]
            found = _collect(batch.iter_errors(instances), self._prepared, limit, shift=True)
        except (ValueError, OverflowError, jsonschema_rs.ReferencingError):
            return [self.problems(pointer, instance, limit) for pointer, instance in items]
        return [found.get(index, []) for index in range(len(items))]


def _collect(
    errors: Iterable[jsonschema_rs.ValidationError], schema_root: Any, limit: int, *, shift: bool
) -> dict[int, list[Problem]]:
    """Problems per batch index (``shift``: the first path element is the index), at most ``limit`` each."""
    found: dict[int, list[Problem]] = {}
    for error in errors:
        index = error.instance_path[0] if shift and error.instance_path else 0
        if not isinstance(index, int):
            continue
        bucket = found.setdefault(index, [])
        if len(bucket) < limit:
            problems = explain(error, schema_root, ambiguous=False)
            bucket.extend([_shift(p) for p in problems] if shift else problems)
            del bucket[limit:]
    return found


def _refuse(uri: str) -> Any:
    """specgen never fetches: a reference to anything outside the document does not resolve."""
    raise ValueError(f"{uri}: not fetched (specgen never opens network connections)")


def _ref(pointer: str) -> dict[str, Any]:
    return {"$ref": f"{_URI}#{quote(pointer, safe=_FRAGMENT_SAFE)}"}


def _shift(problem: Problem) -> Problem:
    """``problem`` with the batch index dropped from the front of its path."""
    return Problem(problem.path[1:], problem.message, problem.kind, problem.missing, problem.textual)


def summarize(problems: list[Problem]) -> list[tuple[str, str]]:
    """``(path inside the instance, message)`` per failing place, sorted by path: ``required``
    failures merged per object ("missing required properties `a`, `b`"), then the other
    failures at the same place joined with "; "."""
    missing: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for problem in problems:
        if problem.missing:
            missing.setdefault(problem.pointer, []).extend(problem.missing)
        else:
            others.setdefault(problem.pointer, []).append(problem.message)
    merged: dict[str, list[str]] = {}
    for pointer, names in missing.items():
        plural = "properties" if len(names) > 1 else "property"
        merged.setdefault(pointer, []).append(f"missing required {plural} {', '.join(f'`{n}`' for n in names)}")
    for pointer, messages in others.items():
        merged.setdefault(pointer, []).extend(dict.fromkeys(messages))
    return [(pointer, "; ".join(merged[pointer])) for pointer in sorted(merged)]


def prepare(data: dict[str, Any], sites: Iterable[SchemaSite], *, sanitize: bool) -> dict[str, Any]:
    """The document as JSON Schema sees it: ``nullable: true`` becomes a type list (3.0 meaning,
    also applied to 3.1 documents that use it); with ``sanitize``, keywords that break the
    2020-12 meta-schema (boolean ``exclusiveMinimum``, ``$recursiveAnchor``, repeated
    ``required`` names) are rewritten or dropped.

    Only the schema ``sites`` that need it are rewritten, in copies: the containers on the
    way to them are copied too, everything else is shared with ``data``, which is unchanged.
    """
    root: dict[str, Any] = data
    copied: dict[str, Any] = {}
    for site in sites:
        schema = site.schema
        needs = _is_nullable(schema) or (sanitize and _needs_sanitizing(schema))
        if not needs:
            continue
        if not copied:
            root = copied[""] = dict(data)
        target = _writable(root, site.pointer, copied)
        if target is None:
            continue
        if _is_nullable(target):
            rewritten = _nullable(target)
            target.clear()
            target.update(rewritten)
        if sanitize:
            _sanitize(target)
    return root


def _writable(root: dict[str, Any], pointer: str, copied: dict[str, Any]) -> dict[str, Any] | None:
    """The container at ``pointer`` in ``root``, copied (with its ancestors) if not yet copied."""
    node: Any = root
    where = ""
    for part in jp.split(pointer):
        key: str | int = int(part) if isinstance(node, list) and part.isdigit() else part
        try:
            child = node[key]
        except (KeyError, IndexError, TypeError):
            return None
        where = f"{where}/{part}"
        if where not in copied:
            copied[where] = child = dict(child) if isinstance(child, dict) else list(child)
            node[key] = child
        node = copied[where]
    return node if isinstance(node, dict) else None


def _needs_sanitizing(schema: dict[str, Any]) -> bool:
    required = schema.get("required")
    return (
        isinstance(schema.get("exclusiveMinimum"), bool)
        or isinstance(schema.get("exclusiveMaximum"), bool)
        or "$recursiveAnchor" in schema
        or "$recursiveRef" in schema
        or (isinstance(required, list) and len(set(map(str, required))) != len(required))
    )


def _is_nullable(schema: dict[str, Any]) -> bool:
    """3.0 ``nullable: true`` on the schema or as an ``allOf`` member of its own."""
    members = schema.get("allOf")
    return schema.get("nullable") is True or (
        isinstance(members, list) and any(is_nullable_marker(member) for member in members)
    )


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    rest = {k: v for k, v in schema.items() if k != "nullable"}
    if isinstance(rest.get("allOf"), list):  # a marker member allows null; it keeps its place (pointers)
        rest["allOf"] = [{} if is_nullable_marker(member) else member for member in rest["allOf"]]
    kind = rest.get("type")
    if isinstance(kind, str):
        rest["type"] = [kind, "null"]
        if isinstance(rest.get("enum"), list) and None not in rest["enum"]:
            rest["enum"] = [*rest["enum"], None]
        return rest
    if isinstance(kind, list):
        if "null" not in kind:
            rest["type"] = [*kind, "null"]
        return rest
    # Keep every existing subschema where it is, so pointers into them stay valid.
    for keyword in ("oneOf", "anyOf"):
        if isinstance(rest.get(keyword), list):
            rest[keyword] = [*rest[keyword], {"type": "null"}]
            return rest
    moved = {k: rest.pop(k) for k in ("$ref", "allOf") if k in rest}
    if moved:
        rest["anyOf"] = [moved, {"type": "null"}]
    return rest


def _sanitize(schema: dict[str, Any]) -> bool:
    changed = False
    for bound, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = schema.get(bound)
        if isinstance(flag, bool):
            changed = True
            del schema[bound]
            if flag and isinstance(schema.get(plain), (int, float)):
                schema[bound] = schema.pop(plain)
    for key in ("$recursiveAnchor", "$recursiveRef"):
        if key in schema:
            del schema[key]
            changed = True
    required = schema.get("required")
    if isinstance(required, list) and len(set(map(str, required))) != len(required):
        schema["required"] = [item for index, item in enumerate(required) if item not in required[:index]]
        changed = True
    return changed


def explain(error: jsonschema_rs.ValidationError, schema_root: Any, ambiguous: bool = True) -> list[Problem]:
    """Leaf problems behind ``error``; ``schema_root`` is the document its schema path is in.

    With ``ambiguous`` False, "valid under more than one ``oneOf`` branch" is not a problem:
    for an example that is the union's fault (overlapping branches), not the example's.
    """
    kind = error.kind
    path = tuple(error.instance_path)
    if not ambiguous and isinstance(kind, jsonschema_rs.ValidationErrorKind.OneOfMultipleValid):
        return []
    if isinstance(kind, _UNION_KINDS) and kind.context:
        branch = _best_branch(error)
        if branch is not None:
            return [problem for sub in branch for problem in explain(sub, schema_root, ambiguous)]
        return [Problem(path, _union_message(error, schema_root), kind.name)]
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
        return [Problem(path, f"missing required property `{kind.property}`", "required", (str(kind.property),))]
    textual = isinstance(kind, jsonschema_rs.ValidationErrorKind.Type) and (
        spells(error.instance, kind.types)
        or (isinstance(error.instance, (int, float)) and "string" in kind.types)  # bool is an int too
    )
    return [Problem(path, _message(error), kind.name, textual=textual)]


def _best_branch(error: jsonschema_rs.ValidationError) -> list[jsonschema_rs.ValidationError] | None:
    """The branch whose failures look least like "this is a different alternative"."""
    depth = len(error.instance_path)
    ranked: list[tuple[int, int, int, list[jsonschema_rs.ValidationError]]] = []
    for index, branch in enumerate(error.kind.context):  # type: ignore[attr-defined]
        wrong = any(_selects_other_branch(sub, depth) for sub in branch)
        ranked.append((int(wrong), len(branch), index, branch))
    ranked.sort(key=lambda item: item[:3])
    best = ranked[0]
    if best[0]:
        return None
    if len(ranked) > 1 and ranked[1][:2] == best[:2]:
        return None  # two equally plausible branches: explain the union instead
    return best[3]


def _selects_other_branch(error: jsonschema_rs.ValidationError, depth: int) -> bool:
    """A const/enum mismatch on a direct property, or a type mismatch of the value itself."""
    level = len(error.instance_path)
    name = error.kind.name
    if name in ("const", "enum") and level == depth + 1:
        return True
    if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Required) and level == depth:
        return error.kind.property == "$ref"  # not a Reference Object: the other branch was meant
    return name == "type" and level == depth


def _union_message(error: jsonschema_rs.ValidationError, data: Any) -> str:
    keyword = "oneOf" if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.OneOfNotValid) else "anyOf"
    branches = _branch_labels(error, data, keyword)
    shown = f" ({', '.join(branches)})" if branches else ""
    count = len(error.kind.context)  # type: ignore[attr-defined]
    return f"{_show(error.instance)} matches none of the {count} `{keyword}` alternatives{shown}"


def _branch_labels(error: jsonschema_rs.ValidationError, data: Any, keyword: str) -> list[str]:
    """Names of the union's branches: the component a ``$ref`` names, else its ``type``."""
    node: Any = data
    try:
        for part in error.schema_path:
            node = node[part]
    except (KeyError, IndexError, TypeError):
        return []
    if isinstance(node, dict):
        node = node.get(keyword)
    if not isinstance(node, list):
        return []
    labels = []
    for branch in node:
        target = local_ref(branch)
        if target:
            labels.append(target.rsplit("/", 1)[-1])
        elif isinstance(branch, dict) and "type" in branch:
            labels.append(str(branch["type"]) if not isinstance(branch["type"], list) else "|".join(branch["type"]))
        else:
            labels.append("inline schema")
    return labels


def _message(error: jsonschema_rs.ValidationError) -> str:
    kind = error.kind
    value = _show(error.instance)
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Enum):
        return f"{value} is not one of {', '.join(_show(o) for o in kind.options)}"
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Constant):
        return f"{value} is not the constant {_show(kind.expected_value)}"
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Type):
        return f"{value} is not of type {' or '.join(kind.types)}"
    if isinstance(
        kind,
        (
            jsonschema_rs.ValidationErrorKind.AdditionalProperties,
            jsonschema_rs.ValidationErrorKind.UnevaluatedProperties,
        ),
    ):
        names = [str(n) for n in kind.unexpected]
        plural = "properties" if len(names) > 1 else "property"
        return f"unexpected {plural} {', '.join(f'`{n}`' for n in names)} (not allowed by the schema)"
    message = error.message
    return message if len(message) <= 200 else message[:197] + "..."


def _show(value: Any, width: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return text if len(text) <= width else text[: width - 3] + "..."
