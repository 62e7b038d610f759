"""File arguments of multipart uploads: bytes, binary file objects, paths, or (name, content[, type])."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO, Any, Union

__all__ = ["FileInput", "to_upload"]

FileContent = Union[bytes, IO[bytes], os.PathLike[str]]  # noqa: UP007 - also used at run time
FileInput = Union[FileContent, tuple[str, FileContent], tuple[str, FileContent, str]]  # noqa: UP007


def is_file_input(value: Any) -> bool:
    """Whether ``value`` can be uploaded as a file."""
    if isinstance(value, tuple):
        return len(value) in (2, 3) and isinstance(value[0], str) and is_file_input(value[1])
    return isinstance(value, (bytes, bytearray, os.PathLike, io.IOBase)) or hasattr(value, "read")


def to_upload(value: Any, default_name: str) -> tuple[str, Any, str | None]:
    """(filename, content, content type) for httpx; paths are opened lazily by reading their bytes."""
    content_type: str | None = None
    if isinstance(value, tuple):
        name, content, *rest = value
        content_type = rest[0] if rest else None
    else:
        name, content = "", value
    if isinstance(content, os.PathLike):
        path = Path(content)
        return (name or path.name, path.read_bytes(), content_type)
    if isinstance(content, (bytes, bytearray)):
        return (name or default_name, bytes(content), content_type)
    file_name = getattr(content, "name", "")
    return (
        name or (os.path.basename(file_name) if isinstance(file_name, str) and file_name else default_name),
        content,
        content_type,
    )
