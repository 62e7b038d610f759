"""Stage 1, load: a spec file -> :class:`Spec` (checked version, checked and bundled refs)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import pointer as jp
from generator.diagnostics import SpecInputError
from generator.document import DEFAULT_LIMITS, Document, Limits, load_document
from generator.refs import check_and_bundle

_VERSION = re.compile(r"^3\.([01])\.\d+$")
_TOP_LEVEL_MAPPINGS = ("info", "paths", "components", "webhooks")


@dataclass
class Spec:
    """A loaded OpenAPI document: bundled data plus the source file for positions."""

    document: Document
    data: dict[str, Any]
    minor: int

    @property
    def name(self) -> str:
        """The root file name as given."""
        return self.document.name

    @property
    def is_31(self) -> bool:
        """OpenAPI 3.1 (JSON Schema 2020-12) rather than 3.0."""
        return self.minor == 1

    def locate(self, pointer: str) -> tuple[int, int]:
        """1-based line and column of ``pointer`` in the root file."""
        return self.document.locate(pointer)

    def error(self, pointer: str, message: str) -> SpecInputError:
        """A :class:`SpecInputError` at ``pointer`` of this spec."""
        line, column = self.locate(pointer)
        return SpecInputError(message, file=self.name, line=line, column=column, pointer=pointer)


def load_spec(path: str | Path, limits: Limits = DEFAULT_LIMITS, *, index: bool = False) -> Spec:
    """Read, check and bundle the OpenAPI document at ``path`` (``index``: see ``load_document``)."""
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
    data = check_and_bundle(document, limits)
    return Spec(document=document, data=data, minor=minor)


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
