"""Load a spec: parse its root file, check the version, check and bundle its references.

:class:`Spec` is what every stage reads: the bundled data, the OpenAPI minor version, and where
the text of any node really is (the root file or the file a bundled node was copied from).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic, Severity, SpecInputError
from generator.spec import pointer as jp
from generator.spec.bundle import Origin, bundle, origin_of
from generator.spec.document import Document, load_document
from generator.spec.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from generator.spec.extensions import Extensions
    from generator.spec.graph import Graph
    from generator.spec.walk import Index, Operation

_VERSION = re.compile(r"^3\.([01])\.\d+$")
_TOP_LEVEL_MAPPINGS = ("info", "paths", "components", "webhooks")
_MAX_CHAIN = 64


@dataclass(frozen=True)
class Place:
    """Where a node's text is: file, pointer in that file, 1-based line and column."""

    file: str
    pointer: str
    line: int
    column: int


@dataclass(eq=False)
class Spec:
    """A loaded OpenAPI document: bundled data, its version, and the files its text comes from."""

    document: Document
    data: dict[str, Any]
    minor: int
    documents: tuple[Document, ...] = ()
    origins: dict[str, Origin] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The root file name as given."""
        return self.document.name

    @property
    def is_31(self) -> bool:
        """OpenAPI 3.1 (JSON Schema 2020-12) rather than 3.0."""
        return self.minor == 1

    def place(self, pointer: str) -> Place:
        """Where the text of the node at ``pointer`` (of the bundled data) is."""
        document, source = origin_of(self.origins, self.document, pointer)
        line, column = document.locate(source)
        return Place(document.name, source, line, column)

    def locate(self, pointer: str) -> tuple[int, int]:
        """1-based line and column of ``pointer`` in the file its text is in (see :meth:`place`)."""
        found = self.place(pointer)
        return found.line, found.column

    def error(self, pointer: str, message: str) -> SpecInputError:
        """A :class:`SpecInputError` at ``pointer`` of this spec."""
        found = self.place(pointer)
        return SpecInputError(message, file=found.file, line=found.line, column=found.column, pointer=found.pointer)

    def diagnostic(self, rule: str, severity: Severity, message: str, pointer: str) -> Diagnostic:
        """A :class:`Diagnostic` of ``rule`` at ``pointer``, placed in the file its text is in."""
        found = self.place(pointer)
        return Diagnostic(rule, severity, message, found.file, found.pointer, found.line, found.column)

    def get(self, pointer: str) -> Any:
        """The value at ``pointer``, or None when there is none."""
        try:
            return jp.resolve(self.data, pointer)
        except (KeyError, ValueError):
            return None

    def follow(self, value: Any, pointer: str = "") -> tuple[Any, str]:
        """Follow a chain of local ``$ref`` s from ``value`` (at ``pointer``): the value reached and
        its pointer. An unresolvable or looping chain stops at its last reference object."""
        seen: set[str] = set()
        for _ in range(_MAX_CHAIN):
            ref = value.get("$ref") if isinstance(value, dict) else None
            if not isinstance(ref, str) or not ref.startswith("#"):
                break
            target = jp.from_fragment(ref[1:])
            if target in seen:
                break
            seen.add(target)
            try:
                value = jp.resolve(self.data, target)
            except (KeyError, ValueError):
                break
            pointer = target
        return value, pointer

    def resolve(self, value: Any) -> Any:
        """``value`` with a chain of local references followed."""
        return self.follow(value)[0]

    @cached_property
    def index(self) -> Index:
        """Schemas, extensions, texts and references of the document, found in one walk."""
        from generator.spec.walk import index_document

        return index_document(self.data)

    @cached_property
    def operations(self) -> list[Operation]:
        """Every operation (paths, webhooks, callbacks), in document order."""
        from generator.spec.walk import iter_operations

        return list(iter_operations(self))

    @cached_property
    def graph(self) -> Graph:
        """The reference graph of the document."""
        from generator.spec.graph import build_graph

        return build_graph(self)

    @cached_property
    def extensions(self) -> Extensions:
        """Every ``x-specgen-*`` extension, parsed once, with the problems found in them."""
        from generator.spec.extensions import parse_extensions

        return parse_extensions(self)


def load_spec(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, *, index: bool = False, root: Path | None = None
) -> Spec:
    """Read, check and bundle the OpenAPI document at ``path``.

    ``index``: index node positions while parsing (see ``load_document``). ``root``: the folder
    whose files references may read (default: the folder of ``path``).
    """
    document = load_document(Path(path), limits, index=index)
    minor = check_version(document)
    for key in _TOP_LEVEL_MAPPINGS:
        value = document.data.get(key)
        if value is not None and not isinstance(value, dict):
            line, column = document.locate(jp.child("", key))
            raise SpecInputError(
                f"'{key}' must be a mapping, found {type(value).__name__}",
                file=document.name,
                line=line,
                column=column,
                pointer=jp.child("", key),
            )
    bundled = bundle(document, minor, limits, allowed=root)
    return Spec(document, bundled.data, minor, bundled.documents, bundled.origins)


def check_version(document: Document) -> int:
    """The minor version (0 or 1) of an OpenAPI 3.0/3.1 document; refuses anything else."""
    data = document.data
    name = document.name
    if "swagger" in data:
        line, column = document.locate("/swagger")
        raise SpecInputError(
            f"Swagger {data['swagger']} documents are not supported; convert to OpenAPI 3 first",
            file=name,
            line=line,
            column=column,
            pointer="/swagger",
        )
    if "openapi" not in data:
        raise SpecInputError("not an OpenAPI document: no 'openapi' version field", file=name, line=1, column=1)
    version = data["openapi"]
    if not isinstance(version, str):
        message = f"'openapi' must be a string such as \"3.1.0\", found {version!r} (quote it in YAML)"
    elif match := _VERSION.match(version):
        return int(match.group(1))
    else:
        message = f"unsupported OpenAPI version {version!r}: specgen reads 3.0.x and 3.1.x"
    line, column = document.locate("/openapi")  # only now: locating indexes the whole file
    raise SpecInputError(message, file=name, line=line, column=column, pointer="/openapi")
