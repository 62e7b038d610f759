"""The corpus of real public specs nobody here wrote (``../shared/real-specs``), as the tests see it.

The folder's README lists every spec (name, root file); a spec whose references leave its
root's folder gets the folder specgen may read here (``--spec-root``), as a user would set it.
A missing corpus is a failure, never a skip: these specs are the measure of every change.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.lint import lint_file

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("SPECGEN_REAL_SPECS", REPO.parent / "shared" / "real-specs"))
# Specs split over files that refer above their root file's folder, and the folder a user allows.
SPEC_ROOTS = {"opensearch-cluster": "opensearch-cluster/spec"}
_ROW = re.compile(r"^\| (?P<name>[\w-]+) \|.*\| (?P<root>[\w\-./]+\.(?:ya?ml|json)) \|$")


@dataclass(frozen=True)
class RealSpec:
    """One spec of the corpus."""

    name: str
    path: Path
    root: Path | None  # the folder its references may read, when wider than its own

    def __str__(self) -> str:
        return self.name


def real_specs() -> list[RealSpec]:
    """Every spec the corpus README lists; raises when the corpus is missing."""
    readme = CORPUS / "README.md"
    if not readme.is_file():
        raise FileNotFoundError(f"the real-spec corpus is missing: {readme} (set SPECGEN_REAL_SPECS)")
    found = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            name = match["name"]
            root = SPEC_ROOTS.get(name)
            found.append(RealSpec(name, CORPUS / match["root"], CORPUS / root if root else None))
    return found


@functools.cache
def lint_real(spec: RealSpec) -> tuple[Diagnostic, ...]:
    """``specgen lint`` with the default rules and severities on ``spec``, once per test session
    (the whole corpus takes about 15 s)."""
    return tuple(lint_file(spec.path, root=spec.root))
