"""The generated package's name: given (``--package``, ``[tool.specgen] package`` for the configured
spec), else from the spec's ``info.title`` (``Swagger Petstore`` -> ``swagger_petstore``), else from
its file name; never a name that cannot be imported or that hides a module generated code imports."""

from __future__ import annotations

import keyword
import sys
from pathlib import Path

from generator.diagnostics import SpecInputError
from generator.naming import snake_name
from generator.spec.document import load_document
from generator.spec.limits import DEFAULT_LIMITS, Limits

# Top-level modules the generated package (and its tests) import: a package of the same name would shadow them.
SHADOWED_MODULES = frozenset(sys.stdlib_module_names) | {
    "httpx", "httpcore", "h11", "anyio", "sniffio", "certifi", "idna", "pydantic", "pydantic_core",
    "typing_extensions", "annotated_types", "typing_inspection", "pytest", "generator", "tests",
}  # fmt: skip
_MAX_LENGTH = 48


def package_from_title(title: str, stem: str) -> str:
    """The package name for a spec titled ``title`` in a file called ``stem`` (without its extension)."""
    name = snake_name(title, empty="client") if any(c.isalnum() for c in title) else snake_name(stem, empty="client")
    if len(name) > _MAX_LENGTH:
        name = name[:_MAX_LENGTH].rstrip("_")
    if name in SHADOWED_MODULES or keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name = f"{name.rstrip('_')}_client"
    return name


def default_package(spec: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The package name of a spec nobody named one for: from its ``info.title``, else its file name."""
    data = load_document(spec, limits).data
    info = data.get("info") if isinstance(data, dict) else None
    title = info.get("title") if isinstance(info, dict) else None
    return package_from_title(title if isinstance(title, str) else "", spec.stem)


def check_package_name(package: str, file: str) -> None:
    """Refuse a package name that cannot be imported, or that would shadow a module the client imports."""
    if not package.isidentifier():
        raise SpecInputError(f"package name {package!r} is not a Python identifier", file=file)
    if keyword.iskeyword(package) or keyword.issoftkeyword(package):
        raise SpecInputError(f"package name {package!r} is a Python keyword", file=file)
    if package in SHADOWED_MODULES:
        raise SpecInputError(
            f"package name {package!r} would shadow the module {package!r} that generated code imports", file=file
        )
