"""Bundle a spec split over several files into one document, each piece placed by what it is.

A reference into another file is replaced by a local one to a copy of its target, placed in the
``components`` section of the kind of object the reference stands for (a parameter in
``components/parameters``, a response in ``components/responses``, a path item in 3.1
``components/pathItems``...), whatever file or pointer it came from. What has no section (a
path item in 3.0, and a ``$ref`` where OpenAPI allows none, such as a whole ``content`` map or a
description) is copied in place, as Redocly's bundler does. Every copy remembers the file and
pointer it came from, so a problem found later is reported where its text really is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator.diagnostics import SpecInputError
from generator.spec import pointer as jp
from generator.spec.document import Document
from generator.spec.limits import DEFAULT_LIMITS, Limits
from generator.spec.oas import EXTENSION, REFERABLE, SECTIONS, UNKNOWN, Slot, children, items, section_kind, walk
from generator.spec.plain_data import copy_data
from generator.spec.refs import RefResolver, Target

_FRAGMENT_SAFE = "/~:@!$&'()*+,;=-._"
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class Origin:
    """The file and pointer a bundled node was copied from."""

    document: Document
    pointer: str


@dataclass
class Bundle:
    """One self-contained document; ``origins`` maps the pointer of each copied node to its source."""

    data: dict[str, Any]
    documents: tuple[Document, ...]
    origins: dict[str, Origin] = field(default_factory=dict)


def bundle(root: Document, minor: int, limits: Limits = DEFAULT_LIMITS, *, allowed: Path | None = None) -> Bundle:
    """Check every reference of ``root`` (and of the files it reaches) and bundle them.

    ``allowed``: the folder whose files references may read (default: the root file's folder).
    A spec whose references all stay in the root file is returned as it is, not copied.
    """
    resolver = RefResolver(root, limits, allowed=allowed)
    external = False
    for node, pointer, slot in walk(root.data):
        ref = node.get("$ref")
        if not isinstance(ref, str):
            continue
        try:
            target, _ = resolver.value(root, pointer, ref)
        except SpecInputError:
            if slot.kind == EXTENSION:
                continue  # vendor data: a reference there need not resolve (lint reports it)
            raise
        external = external or target.document is not root or not ref.startswith("#")
    if not external:
        return Bundle(root.data, (root,))
    return _Bundler(resolver, minor).run()


@dataclass
class _Site:
    """A node to visit: where it is in the bundle, and where its text is."""

    value: Any
    pointer: str
    slot: Slot
    owner: Document
    source: str
    holder: Any = None  # the container holding ``value`` and its key, for copies made in place
    key: Any = None
    inlined: tuple[Target, ...] = ()


class _Bundler:
    def __init__(self, resolver: RefResolver, minor: int) -> None:
        self.resolver = resolver
        self.minor = minor
        self.root = resolver.root
        self.data: dict[str, Any] = copy_data(self.root.data)
        self.placed: dict[tuple[Path, str], str] = {}
        self.origins: dict[str, Origin] = {}
        self.copied = 0

    def run(self) -> Bundle:
        stack = [_Site(self.data, "", Slot("document"), self.root, "")]
        while stack:
            site = stack.pop()
            stack.extend(reversed(self.visit(site)))
        documents = tuple(self.resolver.documents.values())
        return Bundle(self.data, documents, self.origins)

    def visit(self, site: _Site) -> list[_Site]:
        value, slot = site.value, site.slot
        ref = value.get("$ref") if isinstance(value, dict) else None
        placed: list[_Site] = []
        if isinstance(ref, str):
            visit_instead, placed = self.reference(site, ref)
            if visit_instead is not None:
                return [visit_instead]
        if slot.kind == "schema" and isinstance(value, dict):
            placed.extend(self.mapping(site, value.get("discriminator")))
        if slot.container:
            found = [
                self.below(site, child.value, child.pointer, child.slot) for child in items(value, site.pointer, slot)
            ]
        elif isinstance(value, dict):
            found = [
                self.below(site, child.value, child.pointer, child.slot)
                for child in children(slot.kind, value, site.pointer)
            ]
        elif isinstance(value, list) and slot.kind in (UNKNOWN, EXTENSION):
            found = [self.below(site, item, jp.child(site.pointer, i), slot) for i, item in enumerate(value)]
        else:
            found = []
        # A copy placed in components is visited from where it was placed, not as root text.
        return [*(below for below in found if below.pointer not in self.origins), *placed]

    def below(self, site: _Site, value: Any, pointer: str, slot: Slot) -> _Site:
        """The site of a value under ``site`` (``pointer`` extends the site's pointer by one token)."""
        token = pointer[len(site.pointer) :]
        holder = site.value
        key: Any = jp.unescape(token[1:])
        if isinstance(holder, list):
            key = int(key)
        return _Site(value, pointer, slot, site.owner, site.source + token, holder, key, site.inlined)

    def reference(self, site: _Site, ref: str) -> tuple[_Site | None, list[_Site]]:
        """Handle the reference at ``site``: (the site to visit instead when the reference was
        replaced by a copy of its target, new components to visit)."""
        try:
            target, final = self.resolver.value(site.owner, site.source, ref)  # checks the whole chain
        except SpecInputError:
            if site.slot.kind == EXTENSION:
                return None, []  # vendor data: a reference there need not resolve (lint reports it)
            raise
        direct = self.resolver.target(site.owner, site.source, ref)
        if direct.document is self.root:
            if site.owner is not self.root or not ref.startswith("#"):
                site.value["$ref"] = "#" + quote(direct.pointer, safe=_FRAGMENT_SAFE)
            return None, []
        kind = site.slot.kind
        if kind in (UNKNOWN, EXTENSION):
            kind = section_kind(direct.pointer) or kind
        placeable = not site.slot.container and kind in REFERABLE and not (kind == "path item" and self.minor == 0)
        if placeable:
            key = (direct.document.path.resolve(), direct.pointer)
            local = self.placed.get(key)
            if local is None:
                local = self.place(direct, kind)
                self.placed[key] = local
                placed = jp.resolve(self.data, local)
                self.origins[local] = Origin(direct.document, direct.pointer)
                site.value["$ref"] = "#" + quote(local, safe=_FRAGMENT_SAFE)
                section = jp.resolve(self.data, local[: local.rfind("/")])
                name = jp.unescape(local[local.rfind("/") + 1 :])
                return None, [_Site(placed, local, Slot(kind), direct.document, direct.pointer, section, name)]
            site.value["$ref"] = "#" + quote(local, safe=_FRAGMENT_SAFE)
            return None, []
        return self.inline(site, target, final), []

    def mapping(self, site: _Site, discriminator: Any) -> list[_Site]:
        """Rewrite the references among a discriminator's ``mapping`` values as ``$ref`` s are rewritten
        (relative to the file they are written in): into the copy of their file where it was placed, else
        to a component placed for them. Values that name a schema (no ``#``, ``/`` or file extension) stay."""
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        placed: list[_Site] = []
        if not isinstance(mapping, dict):
            return placed
        for key, value in list(mapping.items()):
            if not isinstance(value, str) or not _is_reference(value):
                continue
            direct = self.resolver.target(site.owner, site.source, value)
            if direct.document is self.root:
                mapping[key] = "#" + quote(direct.pointer, safe=_FRAGMENT_SAFE)
                continue
            inside = self.placed_copy(direct)
            if inside is not None:
                mapping[key] = "#" + quote(inside, safe=_FRAGMENT_SAFE)
                continue
            holder = {"$ref": value}
            _, found = self.reference(_Site(holder, site.pointer, Slot("schema"), site.owner, site.source), value)
            mapping[key] = holder["$ref"]
            placed.extend(found)
        return placed

    def placed_copy(self, target: Target) -> str | None:
        """Where ``target`` is in the bundle when a copy of it (or of what holds it) was placed."""
        best: tuple[str, str] | None = None
        for (path, pointer), local in self.placed.items():
            inside = target.pointer == pointer or target.pointer.startswith(pointer + "/")
            if path == target.document.path.resolve() and inside and (best is None or len(pointer) > len(best[0])):
                best = (pointer, local)
        return None if best is None else best[1] + target.pointer[len(best[0]) :]

    def inline(self, site: _Site, target: Target, value: Any) -> _Site:
        """Copy the value a reference reaches in place of the reference (no section can hold it)."""
        if target in site.inlined:
            raise self.resolver.error(site.owner, site.source, "reference cycle: the reference includes itself")
        if site.slot.kind == "text" and isinstance(value, (dict, list)):
            raise self.resolver.error(
                site.owner, site.source, "a reference in place of text must point at text, found a structure"
            )
        if site.holder is None:
            raise self.resolver.error(site.owner, site.source, "the document root cannot be a reference")
        copy = copy_data(value)
        self.count(copy, site)
        site.holder[site.key] = copy
        self.origins[site.pointer] = Origin(target.document, target.pointer)
        slot = Slot(section_kind(target.pointer) or site.slot.kind, site.slot.container)
        if site.slot.kind not in (UNKNOWN, EXTENSION):
            slot = site.slot
        return _Site(
            copy, site.pointer, slot, target.document, target.pointer, site.holder, site.key, (*site.inlined, target)
        )

    def count(self, value: Any, site: _Site) -> None:
        """Bound what copies in place add to the document (each reference copies its target)."""
        stack = [value]
        while stack:
            node = stack.pop()
            self.copied += 1
            if isinstance(node, dict):
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        limit = self.resolver.limits.max_nodes
        if self.copied > limit:
            raise self.resolver.error(
                site.owner, site.source, f"bundling copies more than {limit} nodes (references copied in place)"
            )

    def place(self, target: Target, kind: str) -> str:
        """Copy ``target`` into ``components/<section of kind>/<name>``; its pointer there."""
        parts = jp.split(target.pointer)
        if len(parts) == 3 and parts[0] == "components":
            name = parts[2]
        else:
            name = parts[-1] if parts else target.document.path.stem
        name = "".join(c if c in _NAME_CHARS else "_" for c in name).strip("_") or "Ref"
        components = self.data.get("components")
        if not isinstance(components, dict):
            components = self.data["components"] = {}
        section = components.get(SECTIONS[kind])
        if not isinstance(section, dict):
            section = components[SECTIONS[kind]] = {}
        # A name taken: a component is told apart by its file, a whole file by its folder.
        stem, folder = target.document.path.stem, target.document.path.parent.name
        other = f"{name}_{stem}" if parts and name != stem else f"{folder}_{name}"
        candidates = [name, "".join(c if c in _NAME_CHARS else "_" for c in other)]
        chosen = next((c for c in candidates if c not in section), None)
        number = 2
        while chosen is None:
            chosen = f"{name}_{number}" if f"{name}_{number}" not in section else None
            number += 1
        section[chosen] = copy_data(jp.resolve(target.document.data, target.pointer))
        return jp.join(["components", SECTIONS[kind], chosen])


def _is_reference(value: str) -> bool:
    """A discriminator mapping value that is a URI reference, not a schema name."""
    return "#" in value or "/" in value or value.endswith((".yaml", ".yml", ".json"))


def origin_of(origins: dict[str, Origin], root: Document, pointer: str) -> tuple[Document, str]:
    """The file and pointer where the text of the bundle's node at ``pointer`` is."""
    if origins:
        probe = pointer
        while True:
            found = origins.get(probe)
            if found is not None:
                return found.document, found.pointer + pointer[len(probe) :]
            if not probe:
                break
            probe = probe[: probe.rfind("/")]
    return root, pointer
