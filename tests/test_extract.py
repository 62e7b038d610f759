"""``specgen extract``: chosen operations + every component they reach, verbatim and self-contained."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from generator.commands.extract import render_fragment
from generator.diagnostics import SpecInputError
from generator.extract import extract
from generator.spec import pointer as jp
from generator.spec.load import Spec, load_spec

pytestmark = pytest.mark.usefixtures("no_network")
REPO = Path(__file__).resolve().parents[1]
UPSTREAM = REPO / "spec" / "upstream"
FRAGMENT = UPSTREAM / "file_batches.yaml"
VERSIONS = ("f85dbe2", "5162af9", "498c71d")
OPERATIONS = (
    "createVectorStoreFileBatch",
    "getVectorStoreFileBatch",
    "cancelVectorStoreFileBatch",
    "listFilesInVectorStoreBatch",
)
BASE = "/vector_stores/{vector_store_id}/file_batches"
ROUTES = {
    "createVectorStoreFileBatch": (BASE, "post"),
    "getVectorStoreFileBatch": (BASE + "/{batch_id}", "get"),
    "cancelVectorStoreFileBatch": (BASE + "/{batch_id}/cancel", "post"),
    "listFilesInVectorStoreBatch": (BASE + "/{batch_id}/files", "get"),
}
RunCli = Callable[..., Any]


def upstream_file(version: str) -> Path:
    return UPSTREAM / f"openai-openapi.{version}.yaml"


@cache
def _upstream(version: str) -> Spec:
    return load_spec(upstream_file(version))


@cache
def _fragment_text(version: str) -> str:
    return render_fragment(upstream_file(version), OPERATIONS, REPO)


def _all_refs(node: Any) -> Iterator[str]:
    """Every ``$ref`` string and discriminator mapping value, found without specgen's walker."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key == "mapping" and isinstance(value, dict):
                yield from (v if v.startswith("#") else f"#/components/schemas/{v}" for v in value.values())
            elif key not in ("example", "examples") and not key.startswith("x-"):
                yield from _all_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_refs(value)


def _closure(data: dict[str, Any]) -> set[tuple[str, str]]:
    """(section, name) of every component reachable from the paths and security of ``data``."""
    seen: set[tuple[str, str]] = set()
    todo: list[Any] = [data["paths"]]
    for requirement in data.get("security", []):
        seen.update(("securitySchemes", name) for name in requirement)
    while todo:
        for ref in _all_refs(todo.pop()):
            parts = jp.split(jp.from_fragment(ref[1:]))
            key = (parts[1], parts[2])
            if key not in seen:
                seen.add(key)
                todo.append(data["components"][parts[1]][parts[2]])
    return seen


def test_committed_fragment_is_up_to_date(run_cli: RunCli) -> None:
    result = run_cli("extract", "--check")
    assert result.code == 0, result.out + result.err
    assert result.out.strip() == f"extract: {FRAGMENT} is up to date"


def test_extract_is_deterministic_and_matches_the_committed_file() -> None:
    first = render_fragment(upstream_file("f85dbe2"), OPERATIONS, REPO)
    second = render_fragment(upstream_file("f85dbe2"), OPERATIONS, REPO)
    assert first == second == FRAGMENT.read_text(encoding="utf-8")


def test_header_records_source_digest_and_operations() -> None:
    text = _fragment_text("f85dbe2")
    digest = hashlib.sha256(upstream_file("f85dbe2").read_bytes()).hexdigest()
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert (
        header[0]
        == f"# Extracted by `specgen extract` from spec/upstream/openai-openapi.f85dbe2.yaml (sha256 {digest})."
    )
    assert header[1] == f"# Operations: {', '.join(OPERATIONS)}."


def test_fragment_round_trips() -> None:
    data = extract(_upstream("f85dbe2"), OPERATIONS)
    text = _fragment_text("f85dbe2")
    assert yaml.safe_load(text) == data
    assert load_spec(FRAGMENT).data == data
    # Extracting again from the fragment changes nothing.
    assert extract(load_spec(FRAGMENT), OPERATIONS) == data


def test_fragment_contents_of_the_newest_upstream() -> None:
    data = extract(_upstream("f85dbe2"), OPERATIONS)
    assert list(data) == ["openapi", "info", "servers", "security", "paths", "components"]
    assert sorted(data["components"]["schemas"]) == [
        "AutoChunkingStrategyRequestParam",
        "ChunkingStrategyRequestParam",
        "CreateVectorStoreFileBatchRequest",
        "CreateVectorStoreFileRequest",
        "Error",
        "ErrorResponse",
        "ListVectorStoreFilesResponse",
        "OtherChunkingStrategyResponseParam",
        "StaticChunkingStrategy",
        "StaticChunkingStrategyRequestParam",
        "StaticChunkingStrategyResponseParam",
        "VectorStoreFileAttributes",
        "VectorStoreFileBatchObject",
        "VectorStoreFileObject",
    ]
    assert list(data["components"]["responses"]) == ["TooManyRequests"]
    assert list(data["components"]["securitySchemes"]) == ["ApiKeyAuth"]
    assert "tags" not in data  # upstream never defines the "Vector stores" tag


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_extract_each_upstream_version(version: str, broken_refs: Callable[[dict[str, Any]], list[str]]) -> None:
    upstream = _upstream(version).data
    data = yaml.safe_load(_fragment_text(version))
    assert data["openapi"] == upstream["openapi"] == ("3.0.0" if version == "498c71d" else "3.1.0")
    # The four operations, verbatim, and nothing else.
    found = {op["operationId"]: (path, method) for path, item in data["paths"].items() for method, op in item.items()}
    assert found == ROUTES
    for path, method in ROUTES.values():
        assert data["paths"][path][method] == upstream["paths"][path][method]
    # Self-contained: every reference resolves inside the fragment...
    assert broken_refs(data) == []
    # ...every component is reachable from the operations, and each is upstream's, verbatim.
    components = {(kind, name) for kind, members in data["components"].items() for name in members}
    assert components == _closure(data)
    for kind, name in components:
        assert data["components"][kind][name] == upstream["components"][kind][name]
    assert ("schemas", "VectorStoreFileBatchObject") in components


@pytest.mark.slow
@pytest.mark.parametrize("version", ["f85dbe2", "5162af9"])
def test_extracted_31_fragments_pass_openapi_spec_validator(version: str) -> None:
    data = yaml.safe_load(_fragment_text(version))
    assert list(OpenAPIV31SpecValidator(data).iter_errors()) == []


@pytest.mark.slow
def test_extracted_30_fragment_passes_openapi_spec_validator_but_for_upstream_defect() -> None:
    # 498c71d (`manual_spec`, OAS 3.0.0) gives VectorStoreFileAttributes a `propertyNames`,
    # a keyword OAS 3.0 schemas do not have: upstream's own defect, copied verbatim. Nothing
    # else in the fragment is invalid.
    data = yaml.safe_load(_fragment_text("498c71d"))
    errors = list(OpenAPIV30SpecValidator(data).iter_errors())
    assert [list(e.path) for e in errors] == [["components", "schemas", "VectorStoreFileAttributes"]]
    attributes = data["components"]["schemas"]["VectorStoreFileAttributes"]
    assert attributes == _upstream("498c71d").data["components"]["schemas"]["VectorStoreFileAttributes"]
    del attributes["propertyNames"]
    assert list(OpenAPIV30SpecValidator(data).iter_errors()) == []


def test_cli_extract_writes_the_fragment(run_cli: RunCli, tmp_path: Path) -> None:
    output = tmp_path / "out" / "fragment.yaml"
    args = ["extract", "--upstream", upstream_file("f85dbe2"), "--output", output]
    result = run_cli(*args, *[x for op in OPERATIONS for x in ("--operation", op)])
    assert result.code == 0, result.err
    assert output.read_text(encoding="utf-8") == FRAGMENT.read_text(encoding="utf-8")
    assert result.out.strip() == f"extract: wrote {output}"
    assert (output.stat().st_mode & 0o777) != 0o600  # an ordinary file, not mkstemp's private mode


def test_cli_extract_check_reports_drift(run_cli: RunCli, tmp_path: Path) -> None:
    output = tmp_path / "fragment.yaml"
    stale = FRAGMENT.read_text(encoding="utf-8").replace("maxItems: 2000", "maxItems: 500", 1)
    output.write_text(stale, encoding="utf-8")
    ops = [x for op in OPERATIONS for x in ("--operation", op)]
    result = run_cli("extract", "--upstream", upstream_file("f85dbe2"), "--output", output, "--check", *ops)
    assert result.code == 1
    assert f"--- a/{output}\n+++ b/{output}\n" in result.out
    assert "\n-          maxItems: 500\n+          maxItems: 2000\n" in result.out
    assert output.read_text(encoding="utf-8") == stale


def test_unknown_operation_is_refused(run_module: RunCli, input_error: Callable[..., str], tmp_path: Path) -> None:
    result = run_module(
        "extract",
        "--upstream",
        "spec/upstream/openai-openapi.498c71d.yaml",
        "--output",
        tmp_path / "o.yaml",
        "--operation",
        "getVectorStoreFileBatch",
        "--operation",
        "noSuchOperation",
    )
    input_error(result, "spec/upstream/openai-openapi.498c71d.yaml", contains="operation(s) not found: noSuchOperation")
    assert not (tmp_path / "o.yaml").exists()


SMALL_SPEC = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        default:
          $ref: '#/components/responses/Problem'
  /b:
    get:
      operationId: getB
      responses: {'204': {description: none}}
components:
  responses:
    Problem: {description: problem}
    Unused: {description: unused}
  schemas:
"""


def _small_spec(tmp_path: Path, schemas: str) -> Spec:
    path = tmp_path / "spec.yaml"
    path.write_text(SMALL_SPEC + schemas, encoding="utf-8")
    return load_spec(path)


def test_extract_follows_discriminator_mappings_and_keyword_like_names(tmp_path: Path) -> None:
    spec = _small_spec(
        tmp_path,
        "    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}]\n"
        "      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', dog: Dog}}\n"
        "      properties:\n        default: {$ref: '#/components/schemas/Collar'}\n"
        "    Cat: {type: object, example: {$ref: '#/components/schemas/NotAReference'}}\n"
        "    Dog: {type: object}\n    Collar: {type: string}\n    Unused: {type: string}\n",
    )
    fragment = extract(spec, ["getA"])
    assert list(fragment["paths"]) == ["/a"]
    assert list(fragment["components"]["schemas"]) == ["Pet", "Cat", "Dog", "Collar"]
    assert list(fragment["components"]["responses"]) == ["Problem"]


def test_extract_refuses_a_mapping_to_a_missing_schema(tmp_path: Path) -> None:
    spec = _small_spec(
        tmp_path, "    Pet:\n      discriminator:\n        propertyName: kind\n        mapping: {cat: Cat}\n"
    )
    with pytest.raises(SpecInputError) as caught:
        extract(spec, ["getA"])
    error = caught.value
    assert error.message == "reference to '/components/schemas/Cat': target not found"
    lines = (tmp_path / "spec.yaml").read_text(encoding="utf-8").splitlines()
    assert (error.line, error.column) == (
        lines.index("        mapping: {cat: Cat}") + 1,
        len("        mapping: {cat: ") + 1,
    )
    assert error.pointer == "/components/schemas/Pet/discriminator/mapping/cat"
