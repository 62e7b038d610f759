"""Refuse, before generation, a spec whose structure has the wrong JSON type somewhere.

Specs come from sources their users do not control, and the generator reads every part of
the OpenAPI object model: a ``responses`` that is a number, a ``properties`` that is a list
or a ``required: true`` on a property would otherwise surface as a crash deep inside code
generation. :func:`check_shape` walks the document as the OpenAPI 3.0/3.1 object model
describes it (operations, parameters, bodies, responses, components and every schema below
them, following ``$ref`` to check each target as what it is used for) and raises
:class:`SpecInputError` at the first value of the wrong type, naming the file, line and
column. It checks types only: missing fields, unknown keywords and semantic mistakes are
``specgen lint``'s job, and generation warns about what it approximates.

The walk uses an explicit stack (no recursion) and visits each (node, role) pair once, so
reference loops and deep documents cost nothing extra.
"""

from __future__ import annotations

import re
from typing import Any

from generator import pointer as jp
from generator.diagnostics import Diagnostic, Severity, SpecInputError
from generator.document import DEFAULT_LIMITS, Limits
from generator.ir.credentials import BEARER, credential_header, scheme_header
from generator.load import Spec

_JSON_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# A rule is (check, role). Checks: "text" (any scalar), "string", "regex", "bool", "number",
# "positive", "count" (a non-negative integer), "bound" (number or boolean), "strings" (a list of
# strings), "string-map", "any-map", "type" (JSON Schema type names), "any"; "object" (one object
# of ``role``), "map" / "list" (a mapping or list of objects of ``role``). The role "schema" is a
# JSON Schema (a mapping or a boolean).
_Rule = tuple[str, str]
_TEXT: _Rule = ("text", "")
_STRING: _Rule = ("string", "")
_BOOL: _Rule = ("bool", "")
_ANY: _Rule = ("any", "")

_ROLES: dict[str, dict[str, _Rule]] = {
    "document": {
        "info": ("object", "info"),
        "servers": ("list", "server"),
        "paths": ("map", "path item"),
        "webhooks": ("map", "path item"),
        "components": ("object", "components"),
        "security": ("list", "security requirement"),
        "tags": ("list", "tag"),
        "externalDocs": ("object", "external documentation"),
        "jsonSchemaDialect": _STRING,
    },
    "info": {
        "title": _TEXT,
        "version": _TEXT,
        "summary": _TEXT,
        "description": _TEXT,
        "termsOfService": _TEXT,
        "contact": ("object", "contact"),
        "license": ("object", "license"),
    },
    "contact": {"name": _TEXT, "url": _TEXT, "email": _TEXT},
    "license": {"name": _TEXT, "url": _TEXT, "identifier": _TEXT},
    "server": {"url": _STRING, "description": _TEXT, "variables": ("map", "server variable")},
    "server variable": {"enum": ("list", "scalar"), "default": _TEXT, "description": _TEXT},
    "external documentation": {"url": _TEXT, "description": _TEXT},
    "tag": {"name": _STRING, "description": _TEXT, "externalDocs": ("object", "external documentation")},
    "security requirement": {"*": ("strings", "")},
    "path item": {
        "$ref": _STRING,
        "summary": _TEXT,
        "description": _TEXT,
        "servers": ("list", "server"),
        "parameters": ("list", "parameter"),
        **{method: ("object", "operation") for method in _METHODS},
    },
    "operation": {
        "tags": ("strings", ""),
        "summary": _TEXT,
        "description": _TEXT,
        "externalDocs": ("object", "external documentation"),
        "operationId": _STRING,
        "parameters": ("list", "parameter"),
        "requestBody": ("object", "request body"),
        "responses": ("map", "response"),
        "callbacks": ("map", "callback"),
        "deprecated": _BOOL,
        "security": ("list", "security requirement"),
        "servers": ("list", "server"),
    },
    "callback": {"*": ("object", "path item")},
    "parameter": {
        "name": _STRING,
        "in": _STRING,
        "description": _TEXT,
        "required": _BOOL,
        "deprecated": _BOOL,
        "allowEmptyValue": _BOOL,
        "style": _STRING,
        "explode": _BOOL,
        "allowReserved": _BOOL,
        "schema": ("object", "schema"),
        "example": _ANY,
        "examples": ("map", "example"),
        "content": ("map", "media type"),
    },
    "header": {
        "description": _TEXT,
        "required": _BOOL,
        "deprecated": _BOOL,
        "style": _STRING,
        "explode": _BOOL,
        "schema": ("object", "schema"),
        "example": _ANY,
        "examples": ("map", "example"),
        "content": ("map", "media type"),
    },
    "request body": {"description": _TEXT, "content": ("map", "media type"), "required": _BOOL},
    "media type": {
        "schema": ("object", "schema"),
        "example": _ANY,
        "examples": ("map", "example"),
        "encoding": ("map", "encoding"),
    },
    "encoding": {
        "contentType": _STRING,
        "headers": ("map", "header"),
        "style": _STRING,
        "explode": _BOOL,
        "allowReserved": _BOOL,
    },
    "response": {
        "description": _TEXT,
        "headers": ("map", "header"),
        "content": ("map", "media type"),
        "links": ("map", "link"),
    },
    "link": {
        "operationRef": _STRING,
        "operationId": _STRING,
        "parameters": ("any-map", ""),
        "requestBody": _ANY,
        "description": _TEXT,
        "server": ("object", "server"),
    },
    "example": {"summary": _TEXT, "description": _TEXT, "value": _ANY, "externalValue": _TEXT},
    "components": {
        "schemas": ("map", "schema"),
        "responses": ("map", "response"),
        "parameters": ("map", "parameter"),
        "examples": ("map", "example"),
        "requestBodies": ("map", "request body"),
        "headers": ("map", "header"),
        "securitySchemes": ("map", "security scheme"),
        "links": ("map", "link"),
        "callbacks": ("map", "callback"),
        "pathItems": ("map", "path item"),
    },
    "security scheme": {
        "type": _STRING,
        "description": _TEXT,
        "name": _STRING,
        "in": _STRING,
        "scheme": _STRING,
        "bearerFormat": _TEXT,
        "flows": ("object", "oauth flows"),
        "openIdConnectUrl": _TEXT,
    },
    "oauth flows": {"*": ("object", "oauth flow")},
    "oauth flow": {
        "authorizationUrl": _TEXT,
        "tokenUrl": _TEXT,
        "refreshUrl": _TEXT,
        "scopes": ("string-map", ""),
    },
    "schema": {
        "type": ("type", ""),
        "properties": ("map", "schema"),
        "patternProperties": ("map", "schema"),
        "$defs": ("map", "schema"),
        "definitions": ("map", "schema"),
        "dependentSchemas": ("map", "schema"),
        "items": ("object", "schema"),
        "additionalProperties": ("object", "schema"),
        "additionalItems": ("object", "schema"),
        "not": ("object", "schema"),
        "contains": ("object", "schema"),
        "propertyNames": ("object", "schema"),
        "if": ("object", "schema"),
        "then": ("object", "schema"),
        "else": ("object", "schema"),
        "unevaluatedProperties": ("object", "schema"),
        "unevaluatedItems": ("object", "schema"),
        "contentSchema": ("object", "schema"),
        "allOf": ("list", "schema"),
        "anyOf": ("list", "schema"),
        "oneOf": ("list", "schema"),
        "prefixItems": ("list", "schema"),
        "required": ("strings", ""),
        "enum": ("list", "any"),
        "discriminator": ("object", "discriminator"),
        "nullable": _BOOL,
        "readOnly": _BOOL,
        "writeOnly": _BOOL,
        "deprecated": _BOOL,
        "uniqueItems": _BOOL,
        "minLength": ("count", ""),
        "maxLength": ("count", ""),
        "minItems": ("count", ""),
        "maxItems": ("count", ""),
        "minProperties": ("count", ""),
        "maxProperties": ("count", ""),
        "minContains": ("count", ""),
        "maxContains": ("count", ""),
        "minimum": ("number", ""),
        "maximum": ("number", ""),
        "exclusiveMinimum": ("bound", ""),
        "exclusiveMaximum": ("bound", ""),
        "multipleOf": ("positive", ""),
        "pattern": ("regex", ""),
        "format": _STRING,
        "title": _TEXT,
        "description": _TEXT,
        "$ref": _STRING,
        "externalDocs": ("object", "external documentation"),
    },
    "discriminator": {"propertyName": _STRING, "mapping": ("string-map", "")},
}
# Roles whose objects may be Reference Objects (``{"$ref": ...}``) instead.
_REFERABLE = frozenset(
    {"parameter", "request body", "response", "header", "example", "link", "callback", "security scheme", "path item"}
)
_ARTICLE = re.compile(r"^[aeiou]")
# Schema keywords datamodel-code-generator (and so the generated models) do not check.
UNCHECKED = {
    "not": "is not checked by the generated models",
    "if": "(a conditional schema) is not checked by the generated models",
    "contains": "is not checked by the generated models",
    "minContains": "is not checked by the generated models",
    "maxContains": "is not checked by the generated models",
    "dependentSchemas": "is not checked by the generated models",
    "dependentRequired": "is not checked by the generated models",
    "dependencies": "is not checked by the generated models",
    "unevaluatedProperties": "is not checked by the generated models",
    "unevaluatedItems": "is not checked by the generated models",
    "uniqueItems": "is not checked by the generated models (duplicates are accepted)",
    "prefixItems": "is approximated: each item may have the type of any position",
    "additionalItems": "is not checked by the generated models",
}
# Where a false schema is understood: no more members or items (or `not: false`, no constraint).
_FALSE_SUPPORTED = frozenset({"additionalProperties", "items", "unevaluatedProperties", "unevaluatedItems", "not"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas"})
# A path is text without white space or control characters, and template expressions ``{name}``.
_PATH_PIECE = re.compile(r"\{[^{}]*\}?|[^{]+|\{")
_TEMPLATE = re.compile(r"\{[^{}/?#%\x00-\x1f\x7f]+\}")
_PATH_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f}]")


def check_shape(spec: Spec, limits: Limits = DEFAULT_LIMITS) -> list[Diagnostic]:
    """Raise :class:`SpecInputError` at the first value whose JSON type the OpenAPI model forbids.

    Also refuses inline schemas nested deeper than ``limits.max_schema_depth``: code generation
    (and Python's parser) cannot nest that deep. Returns warnings for valid constructs the
    generated client only approximates (see :data:`UNCHECKED`), so none is dropped silently.
    """
    walk = _Walk(spec, limits.max_schema_depth)
    walk.run()
    walk.document_notes()
    return sorted(walk.notes, key=Diagnostic.sort_key)


class _Walk:
    def __init__(self, spec: Spec, max_schema_depth: int) -> None:
        self.spec = spec
        self.data = spec.data
        self.seen: set[tuple[int, str]] = set()
        self.max_depth = max_schema_depth
        self.notes: list[Diagnostic] = []
        self.callbacks: list[str] = []
        self.security_names: set[str] = set()
        # (node, pointer, role, label, depth): role is a key of _ROLES; depth counts nested inline schemas.
        self.stack: list[tuple[Any, str, str, str, int]] = [(spec.data, "", "document", "the document", 0)]

    def fail(self, pointer: str, message: str) -> SpecInputError:
        return self.spec.error(pointer, message)

    def note(self, pointer: str, rule: str, message: str, severity: Severity = Severity.WARNING) -> None:
        line, column = self.spec.locate(pointer)
        self.notes.append(Diagnostic(rule, severity, message, self.spec.name, pointer, line, column))

    def document_notes(self) -> None:
        """What the client does not do: webhooks and callbacks (information), other credentials (warning)."""
        data = self.data
        if isinstance(data.get("webhooks"), dict) and data["webhooks"]:
            self.note(
                "/webhooks", "webhooks-ignored", "webhooks are requests the API sends: no client code", Severity.INFO
            )
        for pointer in self.callbacks:
            self.note(
                pointer, "callbacks-ignored", "callbacks are requests the API sends: no client code", Severity.INFO
            )
        components = _mapping(data.get("components"))
        schemes = _mapping(components.get("securitySchemes"))
        header, scheme_prefix = credential_header(data) or BEARER
        sent = f"{header}: {scheme_prefix} <key>" if scheme_prefix else f"{header}: <key>"
        for name in sorted(self.security_names & set(schemes)):
            scheme = self.resolved(schemes[name])
            if not isinstance(scheme, dict):
                continue
            if scheme_header(scheme) is not None:
                continue  # bearer, or an apiKey header: the client sends it as the spec says
            kind, where = scheme.get("type"), scheme.get("in")
            shown = f"{kind} in {where} {scheme.get('name')!r}" if kind == "apiKey" else f"{kind}"
            self.note(
                jp.join(["components", "securitySchemes", name]),
                "security-approximated",
                f"security scheme {name!r} ({shown}): the client sends its key as {sent!r}",
            )

    def run(self) -> None:
        while self.stack:
            node, pointer, role, label, depth = self.stack.pop()
            if role == "schema":
                self.schema(node, pointer, label, depth)
            else:
                self.object(node, pointer, role, label)

    def push(self, node: Any, pointer: str, role: str, label: str, depth: int = 0) -> None:
        if isinstance(node, (dict, list)):
            key = (id(node), role)
            if key in self.seen:
                return
            self.seen.add(key)
        self.stack.append((node, pointer, role, label, depth + 1 if role == "schema" else 0))

    def follow(self, node: dict[str, Any], pointer: str, role: str) -> bool:
        """When ``node`` is a reference, check its target as ``role``; True when it is one."""
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
        self.push(value, target, role, f"the target of {ref!r}")
        return True

    def object(self, node: Any, pointer: str, role: str, label: str) -> None:
        if not isinstance(node, dict):
            raise self.fail(pointer, f"{label} must be {_a(role)} object, found {_describe(node)}")
        if role in _REFERABLE and self.follow(node, pointer, role) and role != "path item":
            return
        self.fields(node, pointer, role, 0)
        if role == "security requirement":
            self.security_names.update(key for key in node if isinstance(key, str))
        if role == "operation":
            self.operation(node, pointer)
        elif role == "path item":
            self.parameters(node, pointer)

    def schema(self, node: Any, pointer: str, label: str, depth: int) -> None:
        if isinstance(node, bool):
            parts = jp.split(pointer)
            keyword = len(parts) >= 2 and parts[-2] not in _SCHEMA_MAPS and not parts[-1].isdigit()
            union_member = len(parts) >= 2 and parts[-2] in ("oneOf", "anyOf") and parts[-1].isdigit()
            if node is False and not (keyword and parts[-1] in _FALSE_SUPPORTED) and not union_member:
                what = (
                    "makes allOf match nothing; generated without it"
                    if "allOf" in parts[-2:-1]
                    else "accepts any value"
                )
                self.note(pointer, "schema-approximated", f"a false schema (no value is valid) {what}")
            return
        if not isinstance(node, dict):
            raise self.fail(pointer, f"{label} must be a schema (a mapping), found {_describe(node)}")
        if depth > self.max_depth:
            raise self.fail(
                pointer, f"schemas nested more than {self.max_depth} levels deep inline (limit max-schema-depth)"
            )
        self.follow(node, pointer, "schema")  # keywords next to a $ref (3.1) are checked too
        self.fields(node, pointer, "schema", depth)
        self.approximations(node, pointer)

    def approximations(self, schema: dict[str, Any], pointer: str) -> None:
        """Warn about what the generated models do not check (the types are known right here)."""
        for key, what in UNCHECKED.items():
            value = schema.get(key)
            required_only = key == "not" and isinstance(value, dict) and set(value) == {"required"}
            if key in schema and not (key in ("uniqueItems", "not") and schema[key] is False) and not required_only:
                self.note(jp.child(pointer, key), "schema-approximated", f"{key!r} {what}")
        for key in ("enum", "const"):
            found = schema.get(key) if key == "enum" else [schema.get(key)] if key in schema else []
            values: list[Any] = found if isinstance(found, list) else []
            inexact = [
                v for v in values if isinstance(v, (dict, list)) or (isinstance(v, float) and not v.is_integer())
            ]
            if inexact:
                shown = ", ".join(sorted({_describe(v) for v in inexact}))
                self.note(
                    jp.child(pointer, key),
                    "enum-approximated",
                    f"{key} values of type {shown.replace('a ', '')} are checked only by type, not by value",
                )
        members = schema.get("allOf")
        if isinstance(members, list):
            types = {str(m["type"]) for m in members if isinstance(m, dict) and isinstance(m.get("type"), str)}
            if len(types) > 1:
                self.note(
                    jp.child(pointer, "allOf"),
                    "schema-approximated",
                    f"allOf members of different types ({', '.join(sorted(types))}): no value can be valid; "
                    "generated from one of them",
                )

    def operation(self, node: dict[str, Any], pointer: str) -> None:
        """Approximations of an operation: several success bodies, parameter serializations."""
        if isinstance(node.get("callbacks"), dict) and node["callbacks"] and "/webhooks/" not in pointer:
            self.callbacks.append(jp.child(pointer, "callbacks"))
        responses = node.get("responses")
        if isinstance(responses, dict):
            bodies = {}
            for status, response in responses.items():
                target = self.resolved(response)
                content = target.get("content") if isinstance(target, dict) else None
                if str(status).startswith("2") and isinstance(content, dict):
                    bodies[str(status)] = [
                        self.resolved(m.get("schema")) if isinstance(m, dict) else None for m in content.values()
                    ]
            distinct = {json_key(v) for v in bodies.values()}
            if len(distinct) > 1:
                first = sorted(bodies)[0]
                self.note(
                    jp.child(pointer, "responses"),
                    "response-approximated",
                    f"success responses {', '.join(sorted(bodies))} have different bodies: "
                    f"the client reads every success response as {first} describes it",
                )
        self.parameters(node, pointer)

    def parameters(self, node: dict[str, Any], pointer: str) -> None:
        parameters = node.get("parameters")
        for index, parameter in enumerate(parameters if isinstance(parameters, list) else []):
            self.parameter(self.resolved(parameter), jp.child(jp.child(pointer, "parameters"), index))

    def parameter(self, parameter: Any, pointer: str) -> None:
        if not isinstance(parameter, dict):
            return
        name, where = parameter.get("name"), parameter.get("in")
        content = parameter.get("content")
        if isinstance(content, dict) and content:
            media_type = str(next(iter(content)))
            base = media_type.split(";", maxsplit=1)[0].strip().lower()
            if not (base == "application/json" or base.endswith("+json")):
                self.note(
                    jp.child(pointer, "content"),
                    "parameter-approximated",
                    f"parameter {name!r}: serialized as {media_type}, which the client sends as plain text",
                )
            return
        schema = self.resolved(parameter.get("schema"))
        kind = schema.get("type") if isinstance(schema, dict) else None
        kinds = set(kind) if isinstance(kind, list) else {kind}
        if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
            kinds.add("object")
        style = parameter.get("style")
        supported = {
            "query": {None, "form", "deepObject", "spaceDelimited", "pipeDelimited"},
            "header": {None, "simple"},
            "path": {None, "simple"},
        }.get(str(where), {None})
        if ("object" in kinds or "array" in kinds) and style not in supported:
            self.note(
                pointer,
                "parameter-approximated",
                f"{where} parameter {name!r}: style {style!r} is not supported; "
                "the value is sent with the default style",
            )

    def resolved(self, value: Any) -> Any:
        """``value`` with a chain of references followed (the loader checked they end in a value)."""
        for _ in range(64):
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                return value
            try:
                value = jp.resolve(self.data, jp.from_fragment(value["$ref"].partition("#")[2]))
            except (KeyError, ValueError):
                return None
        return value

    def fields(self, node: dict[str, Any], pointer: str, role: str, depth: int) -> None:
        rules = _ROLES[role]
        wildcard = rules.get("*")
        for key, value in node.items():
            if not isinstance(key, str) or (key.startswith("x-") and role != "security requirement"):
                continue
            rule = rules.get(key, wildcard)
            if rule is None or key == "$ref":
                continue  # unknown fields are lint's business; references were followed
            if role == "document" and value is None:
                continue  # an empty top-level section (``paths:``) reads as absent
            self.value(value, jp.child(pointer, key), rule, repr(key), depth)

    def value(self, value: Any, pointer: str, rule: _Rule, label: str, depth: int) -> None:
        check, role = rule
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
            self.push(value, pointer, role, label, depth)
        elif check == "map":
            if not isinstance(value, dict):
                raise self.fail(pointer, f"{label} must be a mapping, found {_describe(value)}")
            extensible = role in ("path item", "response")  # the Paths and Responses objects allow x- keys
            for key, item in reversed(value.items()):
                if extensible and isinstance(key, str) and key.startswith("x-"):
                    continue
                if pointer == "/paths":
                    self.path_key(key, jp.child(pointer, key))
                self.push(item, jp.child(pointer, key), role, f"{label} entry {key!r}", depth)
        elif check == "list":
            if not isinstance(value, list):
                raise self.fail(pointer, f"{label} must be a list, found {_describe(value)}")
            if role == "schema" and not value:
                raise self.fail(pointer, f"{label} must list at least one schema")
            if role in ("any", "scalar"):
                for index, item in enumerate(value):
                    if role == "scalar" and isinstance(item, (dict, list)):
                        raise self.fail(jp.child(pointer, index), f"item {index} of {label} must be text")
                return
            for index in range(len(value) - 1, -1, -1):
                self.push(value[index], jp.child(pointer, index), role, f"item {index} of {label}", depth)

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


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def json_key(value: Any) -> str:
    """A stable text of plain data, to compare schemas."""
    import json

    return json.dumps(value, sort_keys=True, default=repr)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _a(role: str) -> str:
    return f"an {role}" if _ARTICLE.match(role) else f"a {role}"


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
