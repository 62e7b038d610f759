"""Descriptions that contradict their schema, common typos, one object described as a list."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any

from generator.lint.context import LintContext
from generator.spec import pointer as jp
from generator.spec.facts import object_parts, types
from generator.spec.walk import SchemaSite

_ALWAYS = re.compile(r"\balways(?:\s+(?:be|is|set\s+to|equal\s+to|the\s+string))?\s+`([^`]+)`", re.IGNORECASE)
_LISTING = re.compile(
    r"\b(?:one\s+of|either|can\s+be|must\s+be|possible\s+values(?:\s+are)?|valid\s+values(?:\s+are)?|"
    r"supported\s+values(?:\s+are)?|values?\s+(?:is|are))\b([^.;\n]*(?:\.[^\s][^.;\n]*)*)",
    re.IGNORECASE,
)
_TICKED = re.compile(r"`([^`\s]+)`")
_CODE = re.compile(r"```[^\0]*?```|`[^`\0]*`")
_WHERE = re.compile(r"\b(that|which|who|they|files|items)\s+where\s+(\w+ed)\b", re.IGNORECASE)
_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b")
_SMALL_WORDS = frozenset(
    ["the", "a", "an", "to", "of", "is", "be", "and", "in", "for", "that", "with", "on", "by", "as", "it", "or"]
)
_MISSPELLED = {
    "recieve": "receive",
    "recieved": "received",
    "occured": "occurred",
    "occurence": "occurrence",
    "seperate": "separate",
    "seperated": "separated",
    "seperately": "separately",
    "definately": "definitely",
    "accomodate": "accommodate",
    "untill": "until",
    "sucessful": "successful",
    "succesful": "successful",
    "sucessfully": "successfully",
    "paramter": "parameter",
    "paramters": "parameters",
    "arguement": "argument",
    "arguements": "arguments",
    "wich": "which",
    "teh": "the",
    "adress": "address",
    "enviroment": "environment",
    "existant": "existent",
    "retreive": "retrieve",
    "retreived": "retrieved",
    "responce": "response",
    "reponse": "response",
    "lenght": "length",
    "maximun": "maximum",
    "minumum": "minimum",
    "identifer": "identifier",
    "refered": "referred",
    "prefered": "preferred",
    "publically": "publicly",
    "cancelation": "cancellation",
}
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})
_MISSPELLING = re.compile(r"\b(?:" + "|".join(_MISSPELLED) + r")\b", re.IGNORECASE)
_LIST_START = re.compile(r"^\s*(?:a|an|the)?\s*(?:list|array)\s+of\b", re.IGNORECASE)


def check(ctx: LintContext) -> None:
    """Report ``description-const-mismatch``, ``description-typo`` and ``description-list-object``."""
    if ctx.wants("description-const-mismatch"):
        for site in ctx.schemas:
            described(ctx, site.pointer, site.schema, site.schema)
        for pointer, parameter in parameters(ctx):
            described(ctx, pointer, parameter, ctx.deref(parameter.get("schema"))[0])
    if ctx.wants("description-typo"):
        typos(ctx, ctx.index.texts)
    if ctx.wants("description-list-object"):
        for site in ctx.schemas:
            list_object(ctx, site)


def parameters(ctx: LintContext) -> Iterator[tuple[str, dict[str, Any]]]:
    """Parameter objects (references followed), each once."""
    seen: set[str] = set()
    candidates: list[tuple[str, Any]] = []
    for op in ctx.operations:
        for holder_pointer, holder in ((op.pointer.rsplit("/", 1)[0], op.path_item), (op.pointer, op.node)):
            items = holder.get("parameters")
            if isinstance(items, list):
                base = jp.child(holder_pointer, "parameters")
                candidates += [(jp.child(base, i), p) for i, p in enumerate(items)]
    for pointer, node in candidates:
        node, where = ctx.deref(node, pointer)
        if isinstance(node, dict) and where not in seen:
            seen.add(where)
            yield where, node


def allowed_values(schema: Any) -> list[Any] | None:
    """The values a schema allows when it lists them (``const`` or ``enum``), else None."""
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return [schema["const"]]
    enum = schema.get("enum")
    return enum if isinstance(enum, list) and enum else None


def described(ctx: LintContext, pointer: str, holder: dict[str, Any], schema: Any) -> None:
    """Compare the backticked values a description names with the schema's const/enum."""
    text = holder.get("description")
    if not isinstance(text, str):
        return
    if isinstance(schema, dict) and "$ref" in schema and "enum" not in schema and "const" not in schema:
        schema = ctx.deref(schema)[0]
    allowed = allowed_values(schema)
    if allowed is None or not all(isinstance(v, (str, type(None))) for v in allowed):
        return
    names = [v for v in allowed if isinstance(v, str)]
    where = jp.child(pointer, "description")
    shown = ", ".join(f"`{v}`" for v in names)
    for match in _ALWAYS.finditer(text):
        said = match.group(1)
        if said not in names:
            ctx.report(
                "description-const-mismatch",
                where,
                f"the description says the value is always `{said}`, but the schema allows {shown}",
            )
    if len(names) < 2:
        return
    for match in _LISTING.finditer(text):
        ticked = _TICKED.findall(match.group(1))
        known = [t for t in ticked if t in names]
        unknown = [t for t in ticked if t not in names]
        if len(ticked) >= 2 and known and unknown:
            listed = ", ".join(f"`{t}`" for t in unknown)
            ctx.report(
                "description-const-mismatch",
                where,
                f"the description lists {listed} among the values, but the schema's enum is {shown}",
            )


def typos(ctx: LintContext, texts: list[tuple[str, str]]) -> None:
    """Report "where" for "were", common misspellings and doubled words (code spans skipped).

    The texts are joined and each pattern runs once over the whole, which is several times
    faster than running every pattern on each of thousands of descriptions."""
    starts: list[int] = []
    offset = 0
    for _, text in texts:
        starts.append(offset)
        offset += len(text) + 1
    # code spans become same-length filler, so offsets still map to their description
    joined = _CODE.sub(lambda m: "`" + "_" * (len(m.group(0)) - 2) + "`", "\0".join(text for _, text in texts))

    def owner(position: int) -> str:
        return texts[bisect.bisect_right(starts, position) - 1][0]

    for match in _WHERE.finditer(joined):
        ctx.report(
            "description-typo",
            owner(match.start()),
            f"“{match.group(0)}” should probably read “{match.group(1)} were {match.group(2)}”",
        )
    lowered = joined.lower()
    if any(word in lowered for word in _MISSPELLED):
        for match in _MISSPELLING.finditer(joined):
            fix = _MISSPELLED[match.group(0).lower()]
            ctx.report("description-typo", owner(match.start()), f"“{match.group(0)}” is misspelled: “{fix}”")
    for match in _DOUBLED.finditer(joined):
        if match.group(1).lower() in _SMALL_WORDS:
            ctx.report("description-typo", owner(match.start()), f"doubled word “{match.group(0)}”")


def list_object(ctx: LintContext, site: SchemaSite) -> None:
    """An object schema (no array property, its ``allOf`` members' included) whose description
    starts "A list of"."""
    schema = site.schema
    text = schema.get("description")
    if not isinstance(text, str) or not _LIST_START.match(text):
        return
    if schema.get("type") != "object" and "properties" not in schema:
        return
    parts = object_parts(ctx.spec, schema, site.pointer)
    if not parts.properties and "additionalProperties" in schema:
        return  # a map keyed by name: "a list of" describes its entries
    for raw, _ in parts.properties.values():
        target = ctx.deref(raw)[0]
        if isinstance(target, dict) and ("array" in types(target) or _wraps_array(ctx, target)):
            return
    ctx.report(
        "description-list-object",
        jp.child(site.pointer, "description"),
        f"the description starts “{text.strip()[:40]}…” but the schema is one object, not a list",
    )


def _wraps_array(ctx: LintContext, schema: dict[str, Any]) -> bool:
    """A property that is an array through a wrapper (``allOf: [Array]``, ``anyOf: [Array, null]``)."""
    members = [m for key in ("allOf", "anyOf", "oneOf") for m in schema.get(key) or [] if isinstance(m, dict)]
    return any("array" in types(ctx.spec.resolve(member)) for member in members)
