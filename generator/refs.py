"""``$ref`` checks and bundling: every reference resolves, stays local, and ends in a value.

Refused (as :class:`SpecInputError`): remote references (any URI scheme or ``//host``,
never fetched), absolute paths, relative paths that leave the root spec's folder,
missing files or targets, and reference chains that loop without reaching a value.
References into other files in the folder are bundled into the root document's
``components`` so later stages see one self-contained document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from generator import pointer as jp
from generator.diagnostics import SpecInputError
from generator.document import DEFAULT_LIMITS, Document, Limits, copy_data, load_document

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DATA_KEYS = frozenset({"example", "default", "const", "enum"})
# Mappings whose keys are names chosen by the spec author, not keywords: a property called
# `default` or a response called `default` must not be mistaken for a data payload.
_SCHEMA_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_NAME_MAPS = frozenset(
    {
        "paths",
        "webhooks",
        "callbacks",
        "responses",
        "schemas",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "pathItems",
        "content",
        "encoding",
    }
)
_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_CHAIN = 64
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FRAGMENT_SAFE = "/~:@!$&'()*+,;=-._"

# What a node is, for the walk: an object whose keys are keywords, a map of author-chosen names
# (schema names keep even `x-` keys), a map of Example objects, or one Example object.
_OBJECT, _NAMES, _SCHEMA_NAMES, _EXAMPLES, _EXAMPLE = range(5)


@dataclass(frozen=True)
class RefSite:
    """A ``$ref`` found in a document: the pointer of the object holding it and its text."""

    pointer: str
    ref: str
    holder: dict[str, Any]


def iter_objects(data: Any, start: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping under ``data`` that is spec structure, with its pointer, in document order.

    Data payloads are skipped: ``example``, ``default``, ``const`` and ``enum`` values, the
    ``value`` of Example objects, JSON Schema ``examples`` arrays and ``x-`` extensions; a
    property, response or component *named* like one of these is still walked.
    """
    stack: list[tuple[Any, str, int]] = [(data, start, _OBJECT)]
    while stack:
        node, where, kind = stack.pop()
        if isinstance(node, list):
            stack.extend(
                (node[i], f"{where}/{i}", _OBJECT)
                for i in range(len(node) - 1, -1, -1)
                if isinstance(node[i], (dict, list))
            )
            continue
        if not isinstance(node, dict):
            continue
        if kind in (_OBJECT, _EXAMPLE):
            yield where, node
        children: list[tuple[Any, str, int]] = []
        for key, value in node.items():
            if not isinstance(value, (dict, list)):
                continue  # a scalar holds no object: no pointer to build
            if kind == _SCHEMA_NAMES:
                children.append((value, jp.child(where, key), _OBJECT))
                continue
            if key.startswith("x-"):
                continue
            if kind == _NAMES:
                children.append((value, jp.child(where, key), _OBJECT))
            elif kind == _EXAMPLES:
                children.append((value, jp.child(where, key), _EXAMPLE))
            elif key in _DATA_KEYS or (kind == _EXAMPLE and key == "value"):
                continue
            elif key == "examples":
                if isinstance(value, dict):
                    children.append((value, jp.child(where, key), _EXAMPLES))
            elif isinstance(value, dict) and key in _SCHEMA_NAME_MAPS:
                children.append((value, jp.child(where, key), _SCHEMA_NAMES))
            elif isinstance(value, dict) and key in _NAME_MAPS:
                children.append((value, jp.child(where, key), _NAMES))
            else:
                children.append((value, jp.child(where, key), _OBJECT))
        stack.extend(reversed(children))


def iter_refs(data: Any, start: str = "") -> Iterator[RefSite]:
    """Every reference object under ``data``, skipping example and extension payloads."""
    for where, node in iter_objects(data, start):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield RefSite(where, ref, node)


@dataclass(frozen=True)
class Target:
    """Where a reference points: a document and a pointer inside it."""

    document: Document
    pointer: str


class RefResolver:
    """Resolves references relative to the documents of one spec folder."""

    def __init__(self, root: Document, limits: Limits = DEFAULT_LIMITS) -> None:
        self.root = root
        self.limits = limits
        self.folder = root.path.resolve().parent
        self.documents: dict[Path, Document] = {root.path.resolve(): root}

    def error(self, document: Document, site_pointer: str, message: str) -> SpecInputError:
        line, column = document.locate(jp.child(site_pointer, "$ref"))
        return SpecInputError(
            message, file=document.name, line=line, column=column, pointer=jp.child(site_pointer, "$ref")
        )

    def target(self, document: Document, site: RefSite) -> Target:
        """The document and pointer ``site`` refers to; refuses anything not local."""
        ref = site.ref
        if _SCHEME.match(ref) or ref.startswith("//"):
            raise self.error(
                document,
                site.pointer,
                f"URL reference {_show(ref)} refused: specgen never fetches URLs (only files in the spec's folder)",
            )
        file_part, _, fragment = ref.partition("#")
        if fragment and not fragment.startswith("/"):
            raise self.error(
                document, site.pointer, f"reference {_show(ref)}: only JSON-pointer fragments are supported"
            )
        if not file_part:
            return Target(document, jp.from_fragment(fragment))
        if file_part.startswith(("/", "\\")):
            raise self.error(document, site.pointer, f"absolute file reference {_show(ref)} refused")
        relative = unquote(file_part)
        if _CONTROL.search(relative):
            raise self.error(document, site.pointer, f"reference {_show(ref)} contains control characters")
        try:
            path = (document.path.resolve().parent / relative).resolve()
            if not path.is_relative_to(self.folder):
                raise self.error(document, site.pointer, f"reference {_show(ref)} leaves the spec's folder")
            loaded = self.documents.get(path)
            if loaded is None:
                if not path.is_file():
                    raise self.error(document, site.pointer, f"reference {_show(ref)}: file not found")
                loaded = load_document(path, self.limits)
                self.documents[path] = loaded
        except (OSError, ValueError, RuntimeError) as exc:  # a name too long, a loop of symlinks (RuntimeError)...
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise self.error(
                document, site.pointer, f"reference {_show(ref)}: cannot read the file: {reason}"
            ) from None
        return Target(loaded, jp.from_fragment(fragment))

    def value(self, document: Document, site: RefSite) -> tuple[Target, Any]:
        """Follow ``site`` through chains of references to a value that is not one."""
        seen: list[Target] = []
        current_doc, current = document, site
        while True:
            target = self.target(current_doc, current)
            if target in seen or len(seen) > _MAX_CHAIN:
                chain = " -> ".join(f"{t.document.path.name}#{t.pointer}" for t in [*seen, target])
                raise self.error(document, site.pointer, f"reference cycle that never reaches a value: {chain}")
            seen.append(target)
            try:
                value = jp.resolve(target.document.data, target.pointer)
            except (KeyError, ValueError):
                raise self.error(
                    current_doc, current.pointer, f"reference {_show(current.ref)}: target not found"
                ) from None
            nested = value.get("$ref") if isinstance(value, dict) else None
            if not isinstance(nested, str):
                return target, value
            current_doc, current = target.document, RefSite(target.pointer, nested, value)


def check_and_bundle(root: Document, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Check every reference of ``root`` (and of the files it refers to); return bundled data."""
    resolver = RefResolver(root, limits)
    external = False
    for site in iter_refs(root.data):
        target, _ = resolver.value(root, site)
        external = external or target.document is not root or not site.ref.startswith("#")
    if not external:
        data: dict[str, Any] = root.data
        return data
    return _Bundler(resolver).run()


class _Bundler:
    """Copies externally referenced values into the root document's components."""

    def __init__(self, resolver: RefResolver) -> None:
        self.resolver = resolver
        self.data: dict[str, Any] = copy_data(resolver.root.data)
        self.placed: dict[tuple[Path, str], str] = {}

    def run(self) -> dict[str, Any]:
        # Each entry: a node of the bundle, the document it was copied from and its pointer
        # there (so problems are reported at their place in that document).
        queue: list[tuple[Any, Document, str]] = [(self.data, self.resolver.root, "")]
        while queue:
            node, owner, origin = queue.pop()
            for site in list(iter_refs(node, origin)):
                self.resolver.value(owner, site)  # checks the whole chain
                target = self.resolver.target(owner, site)
                if target.document is self.resolver.root:
                    if owner is not self.resolver.root or not site.ref.startswith("#"):
                        site.holder["$ref"] = "#" + quote(target.pointer, safe=_FRAGMENT_SAFE)
                    continue
                key = (target.document.path.resolve(), target.pointer)
                local = self.placed.get(key)
                if local is None:
                    local = self.place(target)
                    self.placed[key] = local
                    queue.append((jp.resolve(self.data, local), target.document, target.pointer))
                site.holder["$ref"] = "#" + quote(local, safe=_FRAGMENT_SAFE)
        return self.data

    def place(self, target: Target) -> str:
        parts = jp.split(target.pointer)
        if len(parts) == 3 and parts[0] == "components":
            kind, name = parts[1], parts[2]
        else:
            kind, name = "schemas", parts[-1] if parts else target.document.path.stem
        name = _NAME_UNSAFE.sub("_", name) or "Ref"
        if not isinstance(self.data.get("components"), dict):
            self.data["components"] = {}
        components = self.data["components"]
        if not isinstance(components.get(kind), dict):
            components[kind] = {}
        section = components[kind]
        candidate, number = name, 1
        while candidate in section:
            number += 1
            candidate = f"{name}_{target.document.path.stem}" if number == 2 else f"{name}_{number}"
        section[candidate] = copy_data(jp.resolve(target.document.data, target.pointer))
        return jp.join(["components", kind, candidate])


def _show(ref: str, limit: int = 200) -> str:
    """``ref`` quoted for a message, shortened when long (a message stays one readable line)."""
    return repr(ref) if len(ref) <= limit else repr(ref[:limit]) + f"... ({len(ref)} characters)"
