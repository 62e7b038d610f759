"""The shared runtime: real Python in ``generator/runtime/``, copied into the output with the header line.

``generator/runtime/client/`` holds the modules every generated package shares, ``generator/runtime/tests/``
the fixed code of the generated test suite. Each is copied as ``header + "\\n" + text`` (never through
black: the files are black-clean in the repository, ``make lint-code``). A file in the user's templates
folder named like the file's template name (``_request.py.jinja``, ``tests_support.py.jinja``) replaces
the copy: it is rendered like any template, and formatted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RUNTIME = Path(__file__).resolve().parent.parent / "runtime"
#: Files of ``runtime/client/`` that are not copied: the package's ``__init__.py`` and
#: ``_constants.py`` are rendered from templates (the runtime's copies exist for type checking).
NOT_COPIED = frozenset({"__init__.py", "_constants.py"})


@dataclass(frozen=True)
class RuntimeFile:
    """One file of the shared runtime and where it goes."""

    source: Path  # in generator/runtime/
    output: str  # path in the generated project
    template: str  # file name of a user template that replaces it


def client_runtime(package: str) -> tuple[RuntimeFile, ...]:
    """The modules every generated package shares, as ``<package>/<name>``."""
    sources = sorted(p for p in (RUNTIME / "client").glob("*.py") if p.name not in NOT_COPIED)
    return tuple(RuntimeFile(p, f"{package}/{p.name}", f"{p.name}.jinja") for p in sources)


def suite_runtime() -> tuple[RuntimeFile, ...]:
    """The generated suite's fixed code, as ``tests/<name>`` (template names ``tests_<stem>.py.jinja``)."""
    sources = sorted((RUNTIME / "tests").glob("*.py"))
    return tuple(RuntimeFile(p, f"tests/{p.name}", f"tests_{_template_stem(p.stem)}.py.jinja") for p in sources)


def _template_stem(stem: str) -> str:
    """``__init__`` -> ``init``, ``_support`` -> ``support``, ``test_models`` -> ``models``, ``conftest`` as is."""
    return stem.strip("_").removeprefix("test_")


def overridden(file: RuntimeFile, user_templates: Path | None) -> bool:
    """Whether the user's templates folder replaces ``file``."""
    return user_templates is not None and (user_templates / file.template).is_file()


def emit(
    files: tuple[RuntimeFile, ...], header: str, user_templates: Path | None, render: Callable[[str], str]
) -> dict[str, str]:
    """Each file's output: its text after the header line, or the user's template rendered by ``render``."""
    return {
        f.output: render(f.template) if overridden(f, user_templates) else f"{header}\n{f.source.read_text('utf-8')}"
        for f in files
    }


def copied_paths(package: str, user_templates: Path | None) -> frozenset[str]:
    """Output paths copied from the runtime (not replaced by a user template): never formatted."""
    files = (*client_runtime(package), *suite_runtime())
    return frozenset(f.output for f in files if not overridden(f, user_templates))
