"""The generate pipeline in one call: load -> ir -> render -> format, plus the inputs' fingerprint."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.diagnostics import Diagnostic, SpecInputError
from generator.document import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class Options:
    """What a generation depends on besides the spec and the templates."""

    package: str
    spec_name: str
    templates: Path | None = None

    def fingerprint(self) -> str:
        """Stable text of the options, for the inputs hash."""
        return json.dumps(
            {"package": self.package, "spec_name": self.spec_name, "version": __version__}, sort_keys=True
        )


def template_files(templates: Path | None) -> list[Path]:
    """Every template file generation may read: built-in ones and the user's overrides."""
    from generator.render import builtin_templates

    folders = [builtin_templates(), *([templates] if templates else [])]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def generator_files() -> list[Path]:
    """specgen's own source files: a change to the generator is a change of the inputs."""
    package = Path(__file__).resolve().parent
    return sorted(package.rglob("*.py"))


def inputs_hash(spec_files: list[Path], options: Options) -> str:
    """sha256 over the spec files, every template, specgen's source, the options and version."""
    digest = hashlib.sha256(options.fingerprint().encode())
    for path in [*sorted(spec_files), *template_files(options.templates), *generator_files()]:
        digest.update(str(path.name).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Generated:
    """The files of a generated project and the diagnostics of generating them."""

    files: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]
    sources: tuple[Path, ...]


def generate(spec_path: Path, options: Options, limits: Limits = DEFAULT_LIMITS) -> Generated:
    """Run every stage up to formatting; nothing is written."""
    from generator.formatter import format_files
    from generator.ir import build_ir
    from generator.load import load_spec
    from generator.render import render_package

    spec = load_spec(spec_path, limits)
    ir = build_ir(spec, options.package)
    if not ir.all_resources():
        raise SpecInputError("no operations to generate a client for", file=str(spec_path))
    files = render_package(ir, spec_name=options.spec_name, user_templates=options.templates)
    return Generated(format_files(files), ir.diagnostics, (spec_path,))
