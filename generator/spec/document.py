"""One spec file read safely: bounded, UTF-8 text, parsed as YAML 1.2 or strict JSON.

Safety bounds (all configurable through :class:`Limits`): file size, nesting depth,
total node count and nodes created by YAML alias expansion (billion laughs). The parsers
(:mod:`generator.spec.yaml12`, :mod:`generator.spec.json_text`) keep the line and column of
every node, so every problem names its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import SpecInputError
from generator.spec.json_text import parse_json
from generator.spec.limits import DEFAULT_LIMITS, Limits
from generator.spec.messages import kind_of, offset_position
from generator.spec.yaml12 import index_positions, parse_yaml

_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


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
        line, col = offset_position(raw, nul)
        raise SpecInputError("binary data (NUL byte): not a YAML or JSON text file", file=name, line=line, column=col)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = offset_position(raw, exc.start)
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
        kind = "empty" if data is None else f"a {kind_of(data)}"
        raise SpecInputError(f"document root must be a mapping, found {kind}", file=name, line=1, column=1)
    return Document(path=path, text=text, data=data, format="json" if is_json else "yaml", _positions=positions)
