"""``$ref`` targets: where a reference points, checked before anything is read.

Refused (as :class:`SpecInputError`, at the reference): remote references (any URI scheme or
``//host``, never fetched), absolute paths, relative paths that leave the folder specgen may
read (the root spec's folder unless the user widens it with ``--spec-root``), missing files
or targets, and reference chains that loop without reaching a value.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.diagnostics import SpecInputError
from generator.spec import pointer as jp
from generator.spec.document import Document, load_document
from generator.spec.limits import DEFAULT_LIMITS, Limits

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_MAX_CHAIN = 64
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Target:
    """Where a reference points: a document and a pointer inside it."""

    document: Document
    pointer: str


def local_target(ref: Any) -> str | None:
    """The pointer a same-document reference (``#/...``) names, else None."""
    if isinstance(ref, str) and ref.startswith("#"):
        return jp.from_fragment(ref[1:])
    return None


class RefResolver:
    """Resolves references between the files of one spec, inside the folder specgen may read."""

    def __init__(self, root: Document, limits: Limits = DEFAULT_LIMITS, *, allowed: Path | None = None) -> None:
        self.root = root
        self.limits = limits
        self.folder = (allowed or root.path.parent).resolve()
        self.widened = allowed is not None
        self.documents: dict[Path, Document] = {root.path.resolve(): root}

    def error(self, document: Document, site_pointer: str, message: str) -> SpecInputError:
        """A :class:`SpecInputError` at the ``$ref`` of the object at ``site_pointer``."""
        where = jp.child(site_pointer, "$ref")
        line, column = document.locate(where)
        return SpecInputError(message, file=document.name, line=line, column=column, pointer=where)

    def target(self, document: Document, site_pointer: str, ref: str) -> Target:
        """The document and pointer ``ref`` (held at ``site_pointer`` of ``document``) refers to."""
        if _SCHEME.match(ref) or ref.startswith("//"):
            raise self.error(
                document,
                site_pointer,
                f"URL reference {_show(ref)} refused: specgen never fetches URLs (only files in the spec's folder)",
            )
        file_part, _, fragment = ref.partition("#")
        if fragment and not fragment.startswith("/"):
            raise self.error(
                document, site_pointer, f"reference {_show(ref)}: only JSON-pointer fragments are supported"
            )
        if not file_part:
            return Target(document, jp.from_fragment(fragment))
        if file_part.startswith(("/", "\\")):
            raise self.error(document, site_pointer, f"absolute file reference {_show(ref)} refused")
        relative = unquote(file_part)
        if _CONTROL.search(relative):
            raise self.error(document, site_pointer, f"reference {_show(ref)} contains control characters")
        try:
            path = (document.path.resolve().parent / relative).resolve()
            if not path.is_relative_to(self.folder):
                raise self.error(document, site_pointer, self._outside(ref))
            loaded = self.documents.get(path)
            if loaded is None:
                if not path.is_file():
                    raise self.error(document, site_pointer, f"reference {_show(ref)}: file not found")
                shown = Path(os.path.normpath(document.path.parent / relative))  # as the user names files
                loaded = load_document(shown, self.limits)
                self.documents[path] = loaded
        except (OSError, ValueError, RuntimeError) as exc:  # a name too long, a loop of symlinks (RuntimeError)...
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise self.error(
                document, site_pointer, f"reference {_show(ref)}: cannot read the file: {reason}"
            ) from None
        return Target(loaded, jp.from_fragment(fragment))

    def _outside(self, ref: str) -> str:
        if self.widened:
            return f"reference {_show(ref)} leaves the folder specgen may read ({self.folder})"
        return (
            f"reference {_show(ref)} leaves the spec's folder; to allow a wider folder, "
            "pass --spec-root DIR or set spec-root in [tool.specgen]"
        )

    def value(self, document: Document, site_pointer: str, ref: str) -> tuple[Target, Any]:
        """Follow ``ref`` through chains of references to a value that is not one."""
        seen: list[Target] = []
        current_doc, current_site, current_ref = document, site_pointer, ref
        while True:
            target = self.target(current_doc, current_site, current_ref)
            if target in seen or len(seen) > _MAX_CHAIN:
                chain = " -> ".join(f"{t.document.path.name}#{t.pointer}" for t in [*seen, target])
                raise self.error(document, site_pointer, f"reference cycle that never reaches a value: {chain}")
            seen.append(target)
            try:
                value = jp.resolve(target.document.data, target.pointer)
            except (KeyError, ValueError):
                raise self.error(
                    current_doc, current_site, f"reference {_show(current_ref)}: target not found"
                ) from None
            nested = value.get("$ref") if isinstance(value, dict) else None
            if not isinstance(nested, str):
                return target, value
            current_doc, current_site, current_ref = target.document, target.pointer, nested


def _show(ref: str, limit: int = 200) -> str:
    """``ref`` quoted for a message, shortened when long (a message stays one readable line)."""
    return repr(ref) if len(ref) <= limit else repr(ref[:limit]) + f"... ({len(ref)} characters)"


def local_ref(node: Any) -> str | None:
    """The pointer of a mapping's same-document ``$ref`` (``{"$ref": "#/..."}``), else None."""
    return local_target(node.get("$ref")) if isinstance(node, dict) else None
