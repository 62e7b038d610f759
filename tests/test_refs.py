"""``$ref`` checks and bundling: local refs only, confined to the spec's folder, ending in a value."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from generator.diagnostics import SpecInputError
from generator.spec.document import load_document
from generator.spec.load import load_spec
from generator.spec.walk import index_document

pytestmark = pytest.mark.usefixtures("no_network")
BUNDLE = Path(__file__).resolve().parent / "data" / "refs" / "bundle"


def _spec(tmp_path: Path, components: str, name: str = "spec.yaml", paths: str = "{}") -> Path:
    path = tmp_path / name
    path.write_text(
        f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {paths}\ncomponents:\n{components}", encoding="utf-8"
    )
    return path


def _refused(path: Path) -> SpecInputError:
    with pytest.raises(SpecInputError) as caught:
        load_spec(path)
    return caught.value


def test_same_folder_refs_are_bundled_into_components(broken_refs: Callable[[dict[str, Any]], list[str]]) -> None:
    data = load_spec(BUNDLE / "root.yaml").data
    schemas = data["components"]["schemas"]
    # The root's own Pet keeps its name; common.yaml's Pet is renamed after its file.
    assert schemas["Pet"] == {"type": "string", "description": "a root schema with the same name as one in common.yaml"}
    assert schemas["Pet_common"]["properties"] == {
        "tag": {"$ref": "#/components/schemas/Tag"},
        "owner": {"$ref": "#/components/schemas/Holder"},  # a ref back into the root file
    }
    assert schemas["Tag"] == {"type": "string"}
    # A whole-file ref from a subfolder, whose own ref climbs back up (still inside the folder).
    assert schemas["thing"] == {"type": "object", "properties": {"tag": {"$ref": "#/components/schemas/Tag"}}}
    assert schemas["Holder"]["properties"]["default"] == {"$ref": "#/components/schemas/thing"}
    assert schemas["Holder"]["properties"]["example"] == {"$ref": "#/components/schemas/Pet"}
    assert data["components"]["responses"]["Error"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    operation = data["paths"]["/pets"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Pet_common"
    }
    assert operation["responses"]["default"] == {"$ref": "#/components/responses/Error"}
    # Payloads are data, never references: left as they are.
    example = operation["responses"]["200"]["content"]["application/json"]["examples"]["one"]["value"]
    assert example == {"$ref": "https://example.com/this/is/data/not/a/reference"}
    assert schemas["Holder"]["x-notes"] == {"$ref": "not/checked/either.yaml"}
    broken = broken_refs({k: v for k, v in data.items()})
    assert broken == ["https://example.com/this/is/data/not/a/reference", "not/checked/either.yaml"]
    validate({k: v for k, v in data.items()})


def test_bundling_leaves_the_source_document_alone() -> None:
    before = load_document(BUNDLE / "root.yaml").data
    spec = load_spec(BUNDLE / "root.yaml")
    assert spec.document.data == before
    assert "Pet_common" not in spec.document.data["components"]["schemas"]


def test_bundling_is_deterministic() -> None:
    first = load_spec(BUNDLE / "root.yaml").data
    second = load_spec(BUNDLE / "root.yaml").data
    assert list(first["components"]["schemas"]) == list(second["components"]["schemas"])
    assert first == second


def test_local_only_refs_keep_the_document(tmp_path: Path) -> None:
    path = _spec(tmp_path, "  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {type: string}\n")
    spec = load_spec(path)
    assert spec.data is spec.document.data


def test_bundling_into_a_spec_without_components(tmp_path: Path) -> None:
    (tmp_path / "pet.yaml").write_text("type: object\n", encoding="utf-8")
    path = tmp_path / "spec.yaml"
    for components in ("", "components:\n", "components:\n  schemas:\n"):
        path.write_text(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /p:\n    get:\n      responses:\n"
            "        '200':\n          description: ok\n          content:\n            application/json:\n"
            "              schema: {$ref: 'pet.yaml'}\n" + components,
            encoding="utf-8",
        )
        data = load_spec(path).data
        assert data["components"]["schemas"] == {"pet": {"type": "object"}}, components


def test_recursive_schemas_are_accepted(tmp_path: Path) -> None:
    path = _spec(
        tmp_path,
        "  schemas:\n    Node:\n      type: object\n      properties:\n"
        "        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n"
        "    Alias: {$ref: '#/components/schemas/Node'}\n",
    )
    assert load_spec(path).data["components"]["schemas"]["Alias"] == {"$ref": "#/components/schemas/Node"}


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("http://example.com/a.yaml", "URL reference 'http://example.com/a.yaml' refused"),
        ("https://example.com/a.yaml#/A", "URL reference 'https://example.com/a.yaml#/A' refused"),
        ("file:///etc/passwd", "URL reference 'file:///etc/passwd' refused"),
        ("//example.com/a.yaml", "URL reference '//example.com/a.yaml' refused"),
        ("/etc/passwd", "absolute file reference '/etc/passwd' refused"),
        ("../outside.yaml#/A", "reference '../outside.yaml#/A' leaves the spec's folder"),
        ("sub/../../outside.yaml", "leaves the spec's folder"),
        ("missing.yaml#/A", "reference 'missing.yaml#/A': file not found"),
        ("#/components/schemas/Nope", "reference '#/components/schemas/Nope': target not found"),
        ("#/components/schemas/A/properties/x", "target not found"),
        ("#A", "only JSON-pointer fragments are supported"),
        ("#/components/schemas/A", "reference cycle that never reaches a value"),
    ],
)
def test_refusals_name_the_ref_and_its_place(tmp_path: Path, ref: str, words: str) -> None:
    (tmp_path / "outside.yaml").write_text("A: {type: string}\n", encoding="utf-8")
    folder = tmp_path / "spec"
    folder.mkdir()
    path = _spec(folder, f"  schemas:\n    A:\n      $ref: '{ref}'\n")
    error = _refused(path)
    assert words in error.message
    assert (error.file, error.line, error.column) == (str(path), 7, 13)
    assert error.pointer == "/components/schemas/A/$ref"


def test_cycle_through_two_files(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text("B:\n  $ref: 'spec.yaml#/components/schemas/A'\n", encoding="utf-8")
    path = _spec(tmp_path, "  schemas:\n    A:\n      $ref: 'other.yaml#/B'\n")
    error = _refused(path)
    assert error.message.startswith("reference cycle that never reaches a value: other.yaml#/B -> spec.yaml#/")
    assert (error.line, error.column) == (7, 13)


def test_missing_target_in_another_file_is_reported_there(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text("B:\n  type: object\n  properties:\n    c: {$ref: '#/C'}\n", encoding="utf-8")
    path = _spec(tmp_path, "  schemas:\n    A:\n      $ref: 'other.yaml#/B'\n")
    error = _refused(path)
    assert error.message == "reference '#/C': target not found"
    assert (error.file, error.line, error.column) == (str(tmp_path / "other.yaml"), 4, 15)


def test_referenced_file_is_loaded_safely(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text("B: {type: object}\nB: {type: string}\n", encoding="utf-8")
    path = _spec(tmp_path, "  schemas:\n    A:\n      $ref: 'other.yaml#/B'\n")
    error = _refused(path)
    assert (error.file, error.line, error.column, error.message) == (
        str(tmp_path / "other.yaml"),
        2,
        1,
        "duplicate key 'B'",
    )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("A: {type: string}\n", encoding="utf-8")
    folder = tmp_path / "spec"
    folder.mkdir()
    (folder / "inside.yaml").symlink_to(tmp_path / "outside.yaml")
    path = _spec(folder, "  schemas:\n    A:\n      $ref: 'inside.yaml#/A'\n")
    assert "leaves the spec's folder" in _refused(path).message


def test_refs_under_names_that_look_like_keywords_are_checked(tmp_path: Path) -> None:
    # A response called `default` and a property called `example` hold real references.
    path = _spec(
        tmp_path,
        "  schemas:\n    A: {type: string}\n",
        paths="\n  /a:\n    get:\n      responses:\n        default:\n          $ref: '#/components/responses/Nope'\n",
    )
    error = _refused(path)
    assert error.message == "reference '#/components/responses/Nope': target not found"
    assert (error.line, error.column) == (8, 17)
    path = _spec(
        tmp_path,
        "  schemas:\n    A:\n      type: object\n      properties:\n        example: {$ref: 'https://x.test/a'}\n",
    )
    assert "URL reference" in _refused(path).message


def test_the_walk_finds_references_by_what_they_stand_for_and_skips_payloads() -> None:
    schema = {
        "properties": {
            "enum": {"$ref": "#/1"},
            "x-name": {"$ref": "#/2"},
            "a": {"example": {"$ref": "#/no"}, "default": {"$ref": "#/no"}, "enum": [{"$ref": "#/no"}]},
        },
        "examples": [{"$ref": "#/no"}],
        "allOf": [{"$ref": "#/5"}],
        "x-ext": {"$ref": "#/6"},
    }
    operation = {
        "requestBody": {
            "content": {"application/json": {"examples": {"value": {"value": {"$ref": "#/no"}, "$ref": "#/3"}}}}
        },
        "responses": {"default": {"$ref": "#/4"}, "x-ext": {"$ref": "#/7"}},
    }
    data = {"paths": {"/a": {"get": operation}}, "components": {"schemas": {"S": schema}}}
    found = [(ref.holder, ref.ref, ref.kind) for ref in index_document(data).refs]
    assert found == [
        ("/paths/~1a/get/requestBody/content/application~1json/examples/value", "#/3", "example"),
        ("/paths/~1a/get/responses/default", "#/4", "response"),
        ("/paths/~1a/get/responses/x-ext", "#/7", "extension"),
        ("/components/schemas/S/properties/enum", "#/1", "schema"),
        ("/components/schemas/S/properties/x-name", "#/2", "schema"),
        ("/components/schemas/S/allOf/0", "#/5", "schema"),
        ("/components/schemas/S/x-ext", "#/6", "extension"),
    ]


def test_bundle_copy_in_tmp_dir_validates(tmp_path: Path) -> None:
    # The same split spec anywhere on disk bundles the same way (paths are relative).
    shutil.copytree(BUNDLE, tmp_path / "b")
    assert load_spec(tmp_path / "b" / "root.yaml").data == load_spec(BUNDLE / "root.yaml").data
