"""The test plan (generator/testplan/): samples, edges, calls, and how they are rendered."""

from __future__ import annotations

import ast
import base64
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.ir import ClientIR, build_ir
from generator.render import environment
from generator.render.runtime import RUNTIME, suite_runtime
from generator.render.tests import cases_json, encode, render_tests
from generator.spec.invariants import parse
from generator.spec.load import load_spec
from generator.testplan import build_test_plan
from generator.testplan.check import SchemaCheck, json_schema_document, solve
from generator.testplan.model import ConstraintCase, Edit, TestPlan
from generator.testplan.pattern_strings import pattern_strings
from generator.testplan.samples import Synthesizer
from tests.generated_suite.suite import PACKAGE, SPEC, generate_project, report, run_suite


def plan_of(ir: ClientIR, spec: Path = SPEC) -> TestPlan:
    return build_test_plan(load_spec(spec), ir)


def constraint(plan: TestPlan, label: str) -> ConstraintCase:
    found = [case for case in plan.constraints if case.label == label]
    assert found, sorted(case.label for case in plan.constraints)
    return found[0]


def edges(case: ConstraintCase) -> tuple[list[Any], list[Any]]:
    return [e.new_value for e in case.accepted], [e.new_value for e in case.rejected]


# ---------------------------------------------------------------- samples


@pytest.mark.parametrize(
    ("expression", "name", "values", "expected"),
    [
        (
            "2 * chunk_overlap_tokens <= max_chunk_size_tokens",
            "chunk_overlap_tokens",
            {"max_chunk_size_tokens": 1200},
            (600, 601),
        ),
        (
            "2 * chunk_overlap_tokens <= max_chunk_size_tokens",
            "chunk_overlap_tokens",
            {"max_chunk_size_tokens": 1201},
            (600, 601),
        ),
        (
            "2 * chunk_overlap_tokens <= max_chunk_size_tokens",
            "max_chunk_size_tokens",
            {"chunk_overlap_tokens": 200},
            (400, 399),
        ),
        ("total == a + b", "total", {"a": 1, "b": 2}, (3, 4)),
        ("total == a + b", "a", {"total": 5, "b": 2}, (3, 4)),
        ("a < b", "a", {"b": 10}, (9, 10)),
        ("a > b - 3", "a", {"b": 10}, (8, 7)),
        ("a >= 2 * b", "b", {"a": 7}, (3, 4)),
        ("a != b", "a", {"b": 4}, (5, 4)),
        ("2 * a == b", "a", {"b": 3}, None),
        ("a <= b", "a", {}, None),
    ],
)
def test_solve_finds_the_edge_of_an_invariant(
    expression: str, name: str, values: dict[str, int], expected: tuple[int, int] | None
) -> None:
    invariant = parse(expression)
    assert solve(invariant, name, values) == expected
    if expected is not None:
        edge, past = expected
        assert invariant.holds({**values, name: edge}) is True
        assert invariant.holds({**values, name: past}) is False


def test_json_schema_document_rewrites_openapi_30_in_place() -> None:
    data = {
        "components": {
            "schemas": {
                "A": {"type": "string", "nullable": True, "enum": ["x"], "example": {"nullable": True}},
                "B": {
                    "type": "integer",
                    "minimum": 0,
                    "exclusiveMinimum": True,
                    "maximum": 9,
                    "exclusiveMaximum": False,
                },
                "C": {"oneOf": [{"type": "integer"}], "nullable": True},
            }
        }
    }
    document = json_schema_document(data)
    schemas = document["components"]["schemas"]
    assert schemas["A"] == {"type": ["string", "null"], "enum": ["x", None], "example": {"nullable": True}}
    assert schemas["B"] == {"type": "integer", "exclusiveMinimum": 0, "maximum": 9}
    assert schemas["C"] == {"oneOf": [{"type": "integer"}, {"type": "null"}]}
    assert data["components"]["schemas"]["A"]["nullable"] is True  # the spec itself is untouched


SAMPLES_SPEC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Code": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "Padded": {"type": "string", "minLength": 12},
            "Tags": {"type": "array", "minItems": 2, "uniqueItems": True, "items": {"type": "string", "maxLength": 3}},
            "Map": {"type": "object", "minProperties": 2, "additionalProperties": {"type": "integer", "minimum": 5}},
            "Choice": {
                "type": "object",
                "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                "oneOf": [{"required": ["a"]}, {"required": ["b"]}],
            },
            "Range": {
                "type": "object",
                "required": ["low", "high"],
                "properties": {"low": {"type": "integer", "minimum": 10}, "high": {"type": "integer"}},
                "x-specgen-invariants": [{"expression": "low < high"}],
            },
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Cat"}],
                "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}},
            },
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
            "LetterId": {"type": "string", "pattern": "^(ltr|lt)_[a-zA-Z0-9]{2,}$"},
            "Described": {"allOf": [{"description": "no constraint"}, {"$ref": "#/components/schemas/LetterId"}]},
            "Spread": {
                "allOf": [
                    {"type": "object", "properties": {"from": {"$ref": "#/components/schemas/Cat"}}},
                    {"type": "object", "required": ["from", "id"], "properties": {"id": {"type": "integer"}}},
                ]
            },
            "Flag": {"oneOf": [{"type": "boolean"}, {"type": "object"}], "properties": {"id": {"type": "string"}}},
        }
    }
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Code", "ABC"),
        ("Padded", "stringxxxxxx"),
        ("Tags", ["str", "st1"]),
        ("Map", {"key1": 5, "key2": 5}),
        ("Choice", {"a": 0}),
        ("Range", {"low": 10, "high": 11}),
        ("Pet", {"kind": "cat"}),
        ("LetterId", "ltr_aa"),  # built from the pattern: no stock string matches it
        ("Described", "ltr_aa"),  # a member that only annotates constrains nothing
        ("Spread", {"from": {"kind": "kind"}, "id": 0}),  # a required member described by another allOf member
        ("Flag", True),
    ],
)
def test_synthesizer_builds_a_minimal_valid_value(name: str, expected: Any) -> None:
    check = SchemaCheck(SAMPLES_SPEC)
    pointer = f"/components/schemas/{name}"
    value = Synthesizer(check).sample(pointer)
    assert value == expected
    assert check.valid(pointer, value)


def test_a_class_instance_is_an_object_even_when_the_schema_allows_more() -> None:
    check = SchemaCheck(SAMPLES_SPEC)
    assert Synthesizer(check).sample("/components/schemas/Flag", object_only=True) == {}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"^ltr_[a-zA-Z0-9]+$", ["ltr_a", "ltr_aaa"]),
        (r"^(cmp|camp)_\d{2}$", ["cmp_00"]),
        (r"^[^@\s]+@[^.]+\.\w{2,}$", ["a@a.aa", "aaa@aaa.aaa"]),
        (r"(ab)-\1", ["ab-ab"]),
        (r"x{3,5}?", ["xxx"]),
        (r"(?=a)a*", ["", "a", "aaa"]),
        ("(", []),  # not a regex
        ("a{99999}", []),  # too long to be a useful sample
    ],
)
def test_pattern_strings_follow_the_pattern(pattern: str, expected: list[str]) -> None:
    assert list(pattern_strings(pattern)) == expected


def test_edit_applies_to_a_copy() -> None:
    base = {"a": {"b": [1, 2]}, "c": 1}
    assert Edit(("a", "b", 0), 9).apply(base) == {"a": {"b": [9, 2]}, "c": 1}
    assert Edit(("c",), remove=True).apply(base) == {"a": {"b": [1, 2]}}
    assert Edit(("a",), "x", repeat=3).apply(base) == {"a": "xxx", "c": 1}
    assert Edit(("a",), [0], repeat=2).apply(base) == {"a": [0, 0], "c": 1}
    assert Edit((), {"new": True}).apply(base) == {"new": True}
    assert base == {"a": {"b": [1, 2]}, "c": 1}


# ---------------------------------------------------------------- the shipped spec's plan


def test_model_constraints_sit_at_their_edges(shipped_ir: ClientIR) -> None:
    plan = plan_of(shipped_ir)
    assert edges(constraint(plan, "StaticChunkingStrategy.max_chunk_size_tokens maximum 4096")) == ([4096], [4097])
    assert edges(constraint(plan, "StaticChunkingStrategy.max_chunk_size_tokens minimum 100")) == ([100], [99])
    assert edges(constraint(plan, "StaticChunkingStrategy.chunk_overlap_tokens minimum 0")) == ([0], [-1])
    overlap = constraint(plan, "StaticChunkingStrategy invariant 2 * chunk_overlap_tokens <= max_chunk_size_tokens")
    assert plan.bases[overlap.base] == {"max_chunk_size_tokens": 1200, "chunk_overlap_tokens": 200}  # from an example
    assert edges(overlap) == ([600], [601])
    counts = constraint(plan, "FileCounts invariant total == in_progress + completed + failed + cancelled")
    assert edges(counts) == ([2], [3])
    accepted, rejected = edges(constraint(plan, "CreateVectorStoreFileBatchRequest.file_ids maxItems 2000"))
    assert (len(accepted[0]), len(rejected[0])) == (2000, 2001)
    accepted, rejected = edges(constraint(plan, "CreateVectorStoreFileBatchRequest.attributes maxProperties 16"))
    assert (len(accepted[0]), len(rejected[0])) == (16, 17)
    accepted, rejected = edges(constraint(plan, "CreateVectorStoreFileBatchRequest.attributes.* maxLength 512"))
    assert (len(accepted[0]), len(rejected[0])) == (512, 513)
    accepted, rejected = edges(
        constraint(plan, "CreateVectorStoreFileBatchRequest.attributes propertyNames maxLength 64")
    )
    assert ([len(k) for k in accepted[0]], [len(k) for k in rejected[0]]) == ([64], [65])
    both = constraint(plan, "CreateVectorStoreFileBatchRequest exactly one of file_ids / files: two given")
    assert {"file_ids", "files"} <= set(both.rejected[0].new_value)
    none = constraint(plan, "CreateVectorStoreFileBatchRequest one of file_ids / files: none given")
    assert not {"file_ids", "files"} & set(none.rejected[0].new_value)


def test_response_leniency_is_tested_as_designed(shipped_ir: ClientIR) -> None:
    plan = plan_of(shipped_ir)
    status = constraint(plan, "VectorStoreFileBatch.status enum (open in responses: unknown strings are kept)")
    assert edges(status) == (["in_progress", "completed", "cancelled", "failed", "cancelling"], [12345])
    union = next(c for c in plan.constraints if c.label.startswith("VectorStoreFile.chunking_strategy discriminator"))
    assert [v["type"] for v in edges(union)[0]] == ["static", "other"]
    assert "type" not in edges(union)[1][0]
    assert {o.label: o.reason for o in plan.omissions} == {
        f"{model} additionalProperties false": "response models keep unknown members by design"
        for model in (
            "OtherChunkingStrategyResponseParam",
            "StaticChunkingStrategy",
            "StaticChunkingStrategyResponseParam",
        )
    }


def test_calls_cover_every_parameter_body_shape_and_reply(shipped_ir: ClientIR) -> None:
    plan = plan_of(shipped_ir)
    list_files = [case for case in plan.operations if case.call.method == "list_files"]
    sent = {name for case in list_files for name, _ in case.request.query}
    assert sent == {"after", "before", "filter", "limit", "order"}
    assert {value for case in list_files for name, value in case.request.query if name == "filter"} == {
        "in_progress", "completed", "failed", "cancelled"
    }  # fmt: skip
    bodies = [case.request.body for case in plan.operations if case.call.method == "create"]
    assert any("file_ids" in body and body.get("chunking_strategy", {}).get("type") == "static" for body in bodies)
    assert any("file_ids" in body and body.get("chunking_strategy", {}).get("type") == "auto" for body in bodies)
    assert any("files" in body for body in bodies)
    for case in plan.operations:
        headers = dict(case.request.headers)
        assert headers["OpenAI-Beta"] == "assistants=v2"
        assert headers["Authorization"] == "Bearer specgen-test-key"
        assert case.request.path.startswith("/v1/vector_stores/vs_abc123/file_batches")
    replies = {(case.operation_id, json.dumps(case.reply.body, sort_keys=True)) for case in plan.operations}
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    for path in spec["paths"].values():
        for operation in path.values():
            for example in operation["responses"]["200"]["content"]["application/json"]["examples"].values():
                assert (operation["operationId"], json.dumps(example["value"], sort_keys=True)) in replies


def test_argument_checks_cover_parameters_and_body(shipped_ir: ClientIR) -> None:
    labels = {case.label for case in plan_of(shipped_ir).arguments}
    assert {
        "list_files: limit minimum 1",
        "list_files: limit maximum 100",
        "retrieve: batch_id empty path segment",
    } <= labels
    assert "create: body CreateVectorStoreFileBatchRequest.file_ids maxItems 2000" in labels
    assert "create: body CreateVectorStoreFileBatchRequest exactly one of file_ids / files: two given" in labels


def test_plan_and_rendered_tests_are_deterministic(shipped_ir: ClientIR) -> None:
    again = build_ir(load_spec(SPEC), PACKAGE)
    plan, again_plan = plan_of(shipped_ir), plan_of(again)
    assert again_plan == plan
    env = environment()

    def render(template: str, **context: Any) -> str:
        return env.get_template(template).render(header="# header", ir=shipped_ir, **context)

    first = render_tests(shipped_ir, plan, render, "# header")
    second = render_tests(again, again_plan, render, "# header")
    assert first == second
    # The webhook tests are copied only for a spec with webhooks (this one has none).
    assert set(first) == {"tests/cases.json", *(f.output for f in suite_runtime())} - {"tests/test_webhooks.py"}


# ---------------------------------------------------------------- spec text stays data


HOSTILE = 'x"""; raise SystemExit(3) #\n\\'


def test_spec_text_reaches_the_tests_only_as_data(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": HOSTILE, "version": "1"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "example": HOSTILE},
                        },
                        {"name": "mode", "in": "query", "schema": {"type": "string", "enum": [HOSTILE, "plain"]}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"},
                                    "examples": {HOSTILE: {"value": {"name": HOSTILE}}},
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string", "pattern": "^x"}},
                }
            }
        },
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    ir = build_ir(load_spec(path), "hostile")
    env = environment()
    files = render_tests(
        ir,
        plan_of(ir, path),
        lambda template, **context: env.get_template(template).render(header="# h", ir=ir, **context),
        "# h",
    )
    for name, text in files.items():
        if not name.endswith(".py"):
            continue
        assert HOSTILE not in text and "SystemExit" not in text, name  # the test code is the same for every spec
    cases = json.loads(files["tests/cases.json"])  # the payload is a value in the data, intact
    assert any(case["call"]["arguments"].get("id") == HOSTILE for case in cases["operations"])


# ---------------------------------------------------------------- cases.json: values JSON cannot hold


def _generated_decoder() -> Any:
    """``_decode`` as the generated ``tests/_support.py`` defines it (compiled alone: the module imports the client)."""
    source = (RUNTIME / "tests" / "_support.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_decode")
    namespace: dict[str, Any] = {"base64": base64, "Any": Any}
    exec(compile(ast.Module(body=[function], type_ignores=[]), "_support.py", "exec"), namespace)
    return namespace["_decode"]


ODD_VALUES: list[Any] = [
    b"\x00\xffbinary",
    (1, "two", (3,)),
    float("inf"),
    float("-inf"),
    {"$py": "tuple", "items": [1]},  # spec data that looks like a tag stays data
    {"$py": {"$py": "bytes"}, "x": [b"", ()]},
    ["\u00e9t\u00e9", "\U0001f600", "line\nbreak", 'quote"', "back\\slash"],
    {"nested": {"deeper": [1.5, -0.0, 10**30, None, True, False]}},
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=[type(v).__name__ + str(i) for i, v in enumerate(ODD_VALUES)])
def test_the_generated_decoder_reads_back_what_the_encoder_wrote(value: Any) -> None:
    text = cases_json({"value": encode(value)})
    assert json.loads(text, object_hook=_generated_decoder())["value"] == value
    json.loads(text)  # strict JSON: no NaN or Infinity tokens


def test_nan_is_read_back_as_nan() -> None:
    decoded = json.loads(cases_json({"value": encode(float("nan"))}), object_hook=_generated_decoder())["value"]
    assert isinstance(decoded, float) and math.isnan(decoded)


def test_cases_json_keeps_short_values_on_one_line() -> None:
    text = cases_json({"short": [1, 2, 3], "long": ["x" * 60, "y" * 60]})
    assert '"short": [1, 2, 3]' in text
    assert '"long": [\n    "' + "x" * 60 in text


def _reference_layout(value: Any, indent: int = 0, column: int | None = None) -> str:
    """The layout rule of cases.json written the plain way (every value dumped whole), as the oracle."""
    flat = json.dumps(value, ensure_ascii=False)
    if (indent if column is None else column) + len(flat) <= 100 or not isinstance(value, (list, dict)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, list):
        return "[\n" + ",\n".join(pad + _reference_layout(v, indent + 2) for v in value) + "\n" + " " * indent + "]"
    members = []
    for key, item in value.items():
        name = json.dumps(key, ensure_ascii=False) + ": "
        members.append(pad + name + _reference_layout(item, indent + 2, indent + 2 + len(name)))
    return "{\n" + ",\n".join(members) + "\n" + " " * indent + "}"


def test_cases_json_lays_out_what_dumping_every_value_whole_would() -> None:
    """cases.json stops reading a value once it is too long for a line (the plain rule dumped every
    subtree at every depth: 11 s and several copies of a 58 MB document on a large spec)."""
    import random

    chooser = random.Random(7)

    def value(depth: int = 0) -> Any:
        roll = chooser.random()
        if depth > 5 or roll < 0.3:
            return chooser.choice([1, -2.5, None, True, "é\u2028", "x" * chooser.randint(0, 70), "a"])
        if roll < 0.65:
            return [value(depth + 1) for _ in range(chooser.randint(0, 6))]
        return {f"k{chooser.randint(0, 99)}é": value(depth + 1) for _ in range(chooser.randint(0, 6))}

    for _ in range(3000):
        document = {"v": value()}
        assert cases_json(document) == _reference_layout(document) + "\n"


# ---------------------------------------------------------------- another spec, end to end

SECOND_SPEC = """
openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "https://pets.example.com/api"}]
security: [{bearer: []}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 50, default: 10}}
        - {name: kind, in: query, schema: {type: string, enum: [cat, dog]}}
        - {name: tag, in: query, schema: {type: string, pattern: "^[a-z]+$", minLength: 2, maxLength: 8}}
        - {name: X-Trace, in: header, schema: {type: string, minLength: 4}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewPet"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
              example: {id: 7, name: Rex, weight: 12.5, tags: [a, b], nickname: null, kind: dog}
  /pets/{pet_id}:
    get:
      operationId: getPet
      parameters:
        - {name: pet_id, in: path, required: true, schema: {type: integer, exclusiveMinimum: true, minimum: 0}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    NewPet:
      type: object
      additionalProperties: false
      required: [name]
      properties:
        name: {type: string, minLength: 1, maxLength: 20, pattern: "^[A-Z][a-z]+$"}
        weight: {type: number, exclusiveMinimum: true, minimum: 0, maximum: 100, multipleOf: 0.5}
        tags: {type: array, items: {type: string, maxLength: 5}, maxItems: 3}
        nickname: {type: string, nullable: true, maxLength: 10}
        kind: {type: string, enum: [cat, dog, bird]}
        extras: {type: object, minProperties: 1, maxProperties: 2, additionalProperties: {type: integer, minimum: 0}}
        age: {type: integer, minimum: 0}
        birth_year: {type: integer, minimum: 1900}
      anyOf:
        - required: [age]
        - required: [birth_year]
      example: {name: Rex, weight: 12.5, age: 3}
    Pet:
      type: object
      required: [id, name, kind]
      properties:
        id: {type: integer, minimum: 1}
        name: {type: string}
        weight: {type: number}
        tags: {type: array, items: {type: string}}
        nickname: {type: string, nullable: true}
        kind: {type: string, enum: [cat, dog, bird]}
        counts:
          type: object
          required: [a, b, total]
          properties:
            a: {type: integer, minimum: 0}
            b: {type: integer, minimum: 0}
            total: {type: integer}
          x-specgen-invariants:
            - expression: total == a + b
"""


def test_an_operation_with_a_raw_body_gets_its_argument_checks(tmp_path: Path) -> None:
    """Found on Linode (PUT .../thumbnail, an image body): comparing argument bases holding the raw body
    (bytes) raised TypeError, and all the operation's calls were silently omitted."""
    version = {"name": "version", "in": "path", "required": True, "schema": {"type": "string", "enum": ["v4"]}}
    image = {"image/png": {"schema": {"type": "string", "format": "binary"}}}
    operation = {
        "operationId": "putThumbnail",
        "parameters": [version],
        "requestBody": {"required": True, "content": image},
        "responses": {"204": {"description": "done"}},
    }
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Images", "version": "1"},
        "servers": [{"url": "https://i.example"}],
        "paths": {"/{version}/thumbnail": {"put": operation}},
    }
    path = tmp_path / "images.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    plan = plan_of(build_ir(load_spec(path), "images"), path)
    assert not [o for o in plan.omissions if o.label.endswith(": calls")], plan.omissions
    assert plan.operations
    assert any("version enum" in case.label for case in plan.arguments), [c.label for c in plan.arguments]


@pytest.mark.slow
def test_suite_generated_for_another_spec_passes(tmp_path: Path) -> None:
    spec = tmp_path / "pets.yaml"
    spec.write_text(SECOND_SPEC, encoding="utf-8")
    out = tmp_path / "pets"
    generate_project(out, spec=spec, package="pets")
    ir = build_ir(load_spec(spec), "pets")
    plan = plan_of(ir, spec)
    keywords = {case.keyword for case in plan.constraints}
    assert {
        "pattern",
        "maxLength",
        "exclusiveMinimum",
        "multipleOf",
        "minProperties",
        "maxProperties",
        "anyOf",
    } <= keywords
    assert {"list: tag minLength 2", "list: tag pattern ^[a-z]+$", "retrieve: pet_id exclusiveMinimum 0"} <= {
        case.label for case in plan.arguments
    }
    assert {o.label for o in plan.omissions} == {"NewPet.name minLength 1"}  # the pattern needs two characters
    run = run_suite(out)
    report(f"second spec (OpenAPI 3.0, pets): {run.summary}")
    assert run.code == 0, run.output
