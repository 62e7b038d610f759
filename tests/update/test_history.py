"""``specgen update`` on the real upstream history (498c71d -> 5162af9 -> f85dbe2).

The reports committed under ``docs/examples/`` are built again and compared byte for byte
(rewrite them with ``.venv/bin/python -m tests.update.history``, or ``SPECGEN_UPDATE_SNAPSHOTS=1``,
after an intended change, and review the diff). Then their classifications are checked
against what was verified by hand in the three upstream snapshots.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonpath_rfc9535
import pytest

from generator.extract import extract
from generator.overlay import load_overlay
from generator.spec.load import load_spec
from tests.update.history import REGENERATE, STEPS, Step, build_report, make_project, run

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("no_network")]

OLD_NEW, NEW_NEWEST = STEPS
OPS = ("createVectorStoreFileBatch", "getVectorStoreFileBatch", "cancelVectorStoreFileBatch")
LIST = "listFilesInVectorStoreBatch"
REQUEST = "/components/schemas/CreateVectorStoreFileBatchRequest"
PKG = "openai_file_batches"
RESOURCE = f"{PKG}.resources.vector_stores.file_batches"
PATHS = {
    "createVectorStoreFileBatch": "/paths/~1vector_stores~1{vector_store_id}~1file_batches/post",
    "getVectorStoreFileBatch": "/paths/~1vector_stores~1{vector_store_id}~1file_batches~1{batch_id}/get",
    "cancelVectorStoreFileBatch": "/paths/~1vector_stores~1{vector_store_id}~1file_batches~1{batch_id}~1cancel/post",
    LIST: "/paths/~1vector_stores~1{vector_store_id}~1file_batches~1{batch_id}~1files/get",
}

Rows = dict[str, dict[str, set[tuple[str, ...]]]]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Both reports, built in temporary projects."""
    folder = tmp_path_factory.mktemp("history")
    return {step.name: build_report(step, folder / step.name.removesuffix(".md")) for step in STEPS}


def classified(report: str) -> Rows:
    """Rows of each section: ``{"Breaking": {"spec": {(operation, kind, pointer)}, "api": {(kind, symbol)}}, ...}``."""
    rows: Rows = {}
    section = part = ""
    for line in report.splitlines():
        if line.startswith("### "):
            section, part = line[4:], ""
            rows[section] = {"spec": set(), "api": set()}
        elif line.startswith("Spec"):
            part = "spec"
        elif line.startswith("Python API"):
            part = "api"
        elif line.startswith("| `") and part:
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            if part == "spec":
                rows[section]["spec"].add((cells[0].strip("`"), cells[1].strip("`"), cells[2].split("`")[1]))
            else:
                rows[section]["api"].add((cells[1].strip("`"), cells[0].strip("`")))
        elif line.startswith("| (document) |") and part == "spec":
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            rows[section]["spec"].add(("(document)", cells[1].strip("`"), cells[2].split("`")[1]))
    return rows


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.name)
def test_committed_report_is_current(reports: dict[str, str], step: Step) -> None:
    built = reports[step.name]
    if os.environ.get("SPECGEN_UPDATE_SNAPSHOTS") == "1":
        step.report.write_text(built, encoding="utf-8")
    assert step.report.read_text(encoding="utf-8") == built, f"stale: run `{REGENERATE}` and review the diff"


def test_498c71d_to_5162af9_classifications(reports: dict[str, str]) -> None:
    """Checked by hand in the two snapshots (OpenAPI 3.0.0 -> 3.1.0)."""
    report = reports[OLD_NEW.name]
    rows = classified(report)
    created_at = "/components/schemas/VectorStoreFileBatchObject/properties/created_at/format"
    assert rows["Breaking"]["spec"] == set()
    assert rows["Compatible"]["spec"] == {
        # 3.0.0 -> 3.1.0; `nullable: true` and `anyOf: [X, {type: null}]` compare equal
        ("(document)", "openapi-version-changed", "/openapi"),
        # file_ids: required, maxItems 500 -> one of file_ids/files required, maxItems 2000
        ("createVectorStoreFileBatch", "request-constraint-widened", f"{REQUEST}/properties/file_ids/maxItems"),
        ("createVectorStoreFileBatch", "request-property-became-optional", f"{REQUEST}/properties/file_ids"),
        ("createVectorStoreFileBatch", "request-required-alternatives-widened", f"{REQUEST}/anyOf"),
        # the new per-file `files` property
        ("createVectorStoreFileBatch", "request-property-added", f"{REQUEST}/properties/files"),
        # the request chunking-strategy union gets `discriminator: {propertyName: type}`
        (
            "createVectorStoreFileBatch",
            "discriminator-added",
            "/components/schemas/ChunkingStrategyRequestParam/discriminator",
        ),
        # created_at gains `format: unixtime`, an unknown format on an integer: same Python type
        *{(op, "format-annotation-changed", created_at) for op in OPS},
        (LIST, "format-annotation-changed", "/components/schemas/VectorStoreFileObject/properties/created_at/format"),
    }
    assert "maxItems 500 -> 2000" in report
    docs = rows["Docs"]["spec"]
    assert {(op, "x-oaiMeta-changed", f"{pointer}/x-oaiMeta") for op, pointer in PATHS.items()} <= docs
    assert ("createVectorStoreFileBatch", "description-changed", f"{REQUEST}/properties/file_ids/description") in docs
    # the nullable attributes map changed only its prose at the spec level...
    attributes = {row for row in docs if "VectorStoreFileAttributes" in row[2]}
    assert {kind for _, kind, _ in attributes} == {"description-changed"}
    # ...and its generated Python type too: both spellings give the same annotation, constraints included
    assert rows["Breaking"]["api"] == {
        # readers of the request model's file_ids may now get None
        ("field-annotation-changed", f"{PKG}.models.CreateVectorStoreFileBatchRequest.file_ids"),
    }
    assert rows["Compatible"]["api"] == {
        ("field-constraints-changed", f"{PKG}.models.CreateVectorStoreFileBatchRequest.chunking_strategy"),
        ("field-became-optional", f"{PKG}.models.CreateVectorStoreFileBatchRequest.file_ids"),
        ("field-constraints-changed", f"{PKG}.models.CreateVectorStoreFileBatchRequest.file_ids"),
        ("field-added", f"{PKG}.models.CreateVectorStoreFileBatchRequest.files"),
        ("class-added", f"{PKG}.models.CreateVectorStoreFileRequest"),
        ("class-added", f"{PKG}.params.CreateVectorStoreFileRequestParam"),  # its TypedDict
        *{
            (kind, f"{RESOURCE}.{cls}.create({param})")
            for cls in ("FileBatches", "AsyncFileBatches")
            for kind, param in (
                ("parameter-added", "files"),
                ("parameter-became-optional", "file_ids"),
                ("parameter-annotation-widened", "file_ids"),
            )
        },
    }
    assert rows["Docs"]["api"] == {
        ("docstring-changed", f"{PKG}.models.CreateVectorStoreFileBatchRequest.attributes"),
        ("docstring-changed", f"{PKG}.models.VectorStoreFileObject.attributes"),
        ("docstring-changed", f"{PKG}.models.CreateVectorStoreFileBatchRequest.file_ids"),
        ("docstring-changed", f"{PKG}.models.LastError.code"),
        ("docstring-changed", f"{RESOURCE}.FileBatches.create"),
        ("docstring-changed", f"{RESOURCE}.AsyncFileBatches.create"),
    }
    assert "> **BREAKING**: 0 breaking spec change(s) and 1 breaking Python API change(s)" in report
    assert "`spec/file_batches.yaml`: 0 error(s)," in report  # upstream's mistakes are warnings in the demo


def test_5162af9_to_f85dbe2_classifications(reports: dict[str, str]) -> None:
    """Checked by hand in the two snapshots, with this repository's overlay."""
    report = reports[NEW_NEWEST.name]
    rows = classified(report)
    assert rows["Breaking"] == {"spec": set(), "api": set()}
    # every operation gains `429: $ref #/components/responses/TooManyRequests`
    assert rows["Compatible"]["spec"] == {
        (op, "response-error-status-added", f"{pointer}/responses/429") for op, pointer in PATHS.items()
    }
    # ...whose ErrorResponse/Error schemas become two new model classes
    assert rows["Compatible"]["api"] == {
        ("class-added", f"{PKG}.models.Error"),
        ("class-added", f"{PKG}.models.ErrorResponse"),
    }
    # info.license gains an SPDX identifier and loses its url; the x-oaiMeta examples changed
    assert rows["Docs"]["spec"] == {
        ("(document)", "info-changed", "/info/license"),
        *{(op, "x-oaiMeta-changed", f"{pointer}/x-oaiMeta") for op, pointer in PATHS.items()},
    }
    assert rows["Docs"]["api"] == set()
    assert "\nNo breaking changes.\n" in report
    assert "`spec/file_batches.yaml`: 0 error(s), 0 warning(s), 0 info." in report
    assert "| `spec/upstream/file_batches.yaml` | changed |" in report


def test_shipped_overlay_is_stale_for_498c71d(tmp_path: Path, fingerprint: Callable[[Path], str]) -> None:
    """From 5162af9 back to the 3.0 spec, the repository's overlay names the action that no longer applies."""
    project = make_project(NEW_NEWEST, tmp_path / "project")
    source = Path(__file__).resolve().parents[2] / "spec" / "upstream" / "openai-openapi.498c71d.yaml"
    shutil.copyfile(source, project / "spec" / "upstream" / source.name)
    before = fingerprint(project)
    result = run(project, "update", "--upstream", f"spec/upstream/{source.name}")
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    match = re.match(r"specgen: error: (.*spec/overlay\.yaml):(\d+):(\d+): action #(\d+) \(", lines[0])
    assert match, lines[0]
    overlay = load_overlay(project / "spec" / "overlay.yaml")
    action = overlay.actions[int(match.group(4)) - 1]
    assert (int(match.group(2)), int(match.group(3))) == (action.line, action.column)
    assert f"target {action.target} selects nothing" in lines[0]
    # verified by hand: 498c71d has no `format: unixtime` (action #18 drops it from newer snapshots)
    assert action.target == "$..[?@.format == 'unixtime'].format"
    fragment = extract(load_spec(source), [*OPS, LIST])
    assert not jsonpath_rfc9535.find(action.target, fragment)
    assert fingerprint(project) == before


def test_update_reproduces_the_committed_spec(tmp_path: Path, paths: Any) -> None:
    """Updating a 5162af9 project to f85dbe2 writes exactly the committed fragment and normalized spec."""
    project = make_project(NEW_NEWEST, tmp_path / "project")
    result = run(project, "update", "--upstream", NEW_NEWEST.upstream(NEW_NEWEST.new))
    assert result.code == 0, result.err
    for name in ("spec/upstream/file_batches.yaml", "spec/file_batches.yaml"):
        assert (project / name).read_bytes() == (paths.repo / name).read_bytes(), name
    assert run(project, "generate", "--check").code == 0
