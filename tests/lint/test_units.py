"""The lint building blocks: embedded JSON, shell words and curl, SDK calls, schema validation."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.lint.jsontext import looks_like_json, parse, positions, relax
from generator.lint.sdk import UNKNOWN, javascript_call, python_call
from generator.lint.shell import parse_curl, split_commands
from generator.lint.validation import SchemaValidation, prepare
from generator.spec.walk import SchemaSite, index_document
from generator.spec.yaml12 import index_positions

PRINTABLE = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=8)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | PRINTABLE,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(PRINTABLE, inner, max_size=4),
    max_leaves=20,
)


# --- embedded JSON


def test_strict_parse_names_trailing_commas_and_recovers_content() -> None:
    parsed = parse('{\n  "a": 1,\n  "b": [1, 2,],\n}')
    assert (parsed.ok, parsed.strict) == (True, False)
    assert parsed.reason == "trailing comma before `]`"
    assert (parsed.line, parsed.column) == (3, 13)
    assert parsed.value == {"a": 1, "b": [1, 2]}


def test_strict_parse_other_failures() -> None:
    assert parse('{"a": 1, "a": 2}').reason == 'duplicate key "a"'
    assert parse('{"a": [ ... ]}').reason == "`...` elision is not JSON"
    assert parse('{"a": [ ... ]}').value == {"a": []}
    assert parse('{"a": NaN}').strict is False
    broken = parse('{"a": }')
    assert (broken.ok, broken.value) == (False, None)


def test_relax_leaves_strings_alone() -> None:
    text = '{"a": "x, ] // not a comment", "b": [1, ...], /* c */ "c": [..., 2],}'
    assert json.loads(relax(text)) == {"a": "x, ] // not a comment", "b": [1], "c": [2]}


@given(JSON_VALUES, st.booleans())
@settings(max_examples=200, deadline=None)
def test_positions_agree_with_the_yaml_indexer(value: Any, indent: bool) -> None:
    text = json.dumps(value, indent=2 if indent else None)
    assert parse(text).strict
    assert positions(text) == index_positions(text)


@given(JSON_VALUES)
@settings(max_examples=100, deadline=None)
def test_relaxed_json_is_unchanged_json(value: Any) -> None:
    text = json.dumps(value)
    assert json.loads(relax(text)) == value


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_parsers_never_raise(text: str) -> None:
    parse(text)
    positions(text)
    split_commands(text)
    python_call(text)
    javascript_call(text)
    assert looks_like_json(text) in (True, False)


# --- shell and curl


def test_curl_words_options_and_body() -> None:
    text = (
        "curl https://x.example/v1/items \\\n  -H 'Authorization: Bearer $KEY' \\\n  -X POST -d '{\"a\": 1}' | jq .\n"
    )
    commands, error = split_commands(text)
    assert error is None
    curl = parse_curl(commands[0])
    assert curl is not None
    assert curl.url == "https://x.example/v1/items"
    assert curl.headers == [("Authorization", "Bearer $KEY", text.index("'Authorization"))]
    assert curl.effective_method == "POST"
    assert [body for body, _, _ in curl.bodies] == ['{"a": 1}']
    assert commands[1][0].text == "jq"


def test_unterminated_quote_points_at_the_likely_culprit() -> None:
    text = 'curl https://x.example \\\n  -H "A: b \\\n  -H "C: d" \\\n  -d \'{"e": 1}\'\n'
    _, error = split_commands(text)
    assert error is not None
    assert error.quote == '"'
    assert text[error.offset :].startswith('"A: b')
    assert error.excerpt == '-H "A: b \\'


def test_process_substitution_and_comments() -> None:
    commands, error = split_commands("# say hi\ncurl -s -D >(grep -i x-id >&2) https://x.example/a | jq .\n")
    assert error is None
    curl = parse_curl(commands[0])
    assert curl is not None and curl.url == "https://x.example/a"


def test_methods() -> None:
    def method(text: str) -> str:
        curl = parse_curl(split_commands(text)[0][0])
        assert curl is not None
        return curl.effective_method

    assert method("curl https://x") == "GET"
    assert method("curl -F file=@a.txt https://x") == "POST"
    assert method("curl --request=DELETE https://x") == "DELETE"
    assert method("curl -XPATCH https://x") == "PATCH"


# --- SDK calls


def test_python_call_keywords_and_literals() -> None:
    call = python_call(
        "from x import C\nc = C()\nfile = open('a')\n"
        "r = c.vector_stores.file_batches.cancel('vs', batch_id='b', data={'k': (1,)}, file=file, raw=b'x')\n"
        "print(r.id)\n"
    )
    assert call is not None
    assert call.name == "c.vector_stores.file_batches.cancel"
    assert call.positional == 1
    assert call.keywords == {"batch_id": "b", "data": {"k": [1]}, "file": UNKNOWN, "raw": UNKNOWN}


def test_javascript_call_object_arguments() -> None:
    call = javascript_call(
        'const c = new C();\nconst r = await c.vectorStores.fileBatches.create("vs", {\n'
        "  files: [{ file_id: 'f', attributes: { a: true } }],\n  // comment\n  chunking_strategy: strategy,\n"
        "  'quoted-key': `t`,\n});\nconsole.log(r);\n"
    )
    assert call is not None
    assert call.name == "c.vectorStores.fileBatches.create"
    assert call.positional == 1
    assert call.keywords == {
        "files": [{"file_id": "f", "attributes": {"a": True}}],
        "chunking_strategy": UNKNOWN,
        "quoted-key": "t",
    }


# --- schema validation


def test_prepare_reads_nullable_without_moving_subschemas() -> None:
    data = {
        "a": {"type": "string", "nullable": True, "enum": ["x"]},
        "b": {"oneOf": [{"type": "string"}], "nullable": True},
        "c": {"$ref": "#/a", "nullable": True, "description": "d"},
        "d": {"type": "number", "minimum": 1, "exclusiveMinimum": True},
    }
    original = copy.deepcopy(data)
    sites = [SchemaSite(f"/{name}", schema) for name, schema in data.items()]
    prepared = prepare(data, sites, sanitize=True)
    assert data == original
    assert prepared["a"] == {"type": ["string", "null"], "enum": ["x", None]}
    assert prepared["b"]["oneOf"] == [{"type": "string"}, {"type": "null"}]
    assert prepared["c"] == {"description": "d", "anyOf": [{"$ref": "#/a"}, {"type": "null"}]}
    assert prepared["d"] == {"type": "number", "exclusiveMinimum": 1}
    unchanged = {"x": {"type": "string"}}
    assert prepare(unchanged, [SchemaSite("/x", unchanged["x"])], sanitize=True) is unchanged
    assert prepared["b"] is not data["b"] and prepared["d"] is not data["d"]


def test_batch_and_single_validation_agree(paths: Any) -> None:
    from generator.spec.load import load_spec

    spec = load_spec(paths.fragment)
    validation = SchemaValidation(spec.data, spec.minor)
    schema = "/components/schemas/VectorStoreFileBatchObject"
    good = {
        "id": "b",
        "object": "vector_store.files_batch",
        "created_at": 1,
        "vector_store_id": "v",
        "status": "completed",
        "file_counts": {"in_progress": 0, "completed": 1, "failed": 0, "cancelled": 0, "total": 1},
    }
    bad = dict(good, object="vector_store.file_batch", status=3)
    single = [validation.problems(schema, value) for value in (good, bad)]
    assert validation.problems_many([(schema, good), (schema, bad)]) == single
    assert single[0] == []
    assert {p.pointer for p in single[1] or []} == {"/object", "/status"}


def test_union_failure_explains_the_intended_branch(paths: Any) -> None:
    from generator.spec.load import load_spec

    spec = load_spec(paths.fragment)
    validation = SchemaValidation(spec.data, spec.minor)
    flat = {"type": "static", "max_chunk_size_tokens": 1200, "chunk_overlap_tokens": 200}
    problems = validation.problems("/components/schemas/ChunkingStrategyRequestParam", flat) or []
    messages = sorted(p.message for p in problems)
    assert messages == [
        "missing required property `static`",
        "unexpected properties `max_chunk_size_tokens`, `chunk_overlap_tokens` (not allowed by the schema)",
    ]
    other = validation.problems("/components/schemas/ChunkingStrategyRequestParam", {"type": "other"}) or []
    assert [p.message for p in other] == [
        '{"type": "other"} matches none of the 2 `oneOf` alternatives '
        "(AutoChunkingStrategyRequestParam, StaticChunkingStrategyRequestParam)"
    ]


def test_schema_walk_reaches_nested_schemas(paths: Any) -> None:
    from generator.spec.load import load_spec

    spec = load_spec(paths.normalized)
    pointers = {site.pointer for site in index_document(spec.data).schemas}
    assert "/components/schemas/VectorStoreFileBatchObject/properties/file_counts/properties/total" in pointers
    assert "/components/parameters/OpenAIBeta/schema" in pointers
    assert "/components/schemas/VectorStoreFileAttributes/anyOf/0/additionalProperties/oneOf/0" in pointers
    assert not any("/examples/" in p for p in pointers)


@pytest.mark.parametrize("broken", ["description-number", "bad-parameter", "schema-keyword"])
def test_oas_schema_agrees_with_openapi_spec_validator(broken: str, paths: Any, tmp_path: Path) -> None:
    """Where openapi-spec-validator finds a structural error, so does ``oas-schema``, and vice versa."""
    import yaml
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    from generator.lint import LintOptions, lint_file

    data = yaml.safe_load(paths.normalized.read_text(encoding="utf-8"))
    operation = data["paths"]["/vector_stores/{vector_store_id}/file_batches"]["post"]
    if broken == "description-number":
        operation["responses"]["200"]["description"] = 200
    elif broken == "bad-parameter":
        operation["parameters"][0]["in"] = "body"
    else:
        data["components"]["schemas"]["StaticChunkingStrategy"]["properties"]["max_chunk_size_tokens"]["minimum"] = "x"
    target = tmp_path / "spec.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(OpenAPIValidationError):
        validate(data)
    found = lint_file(target, LintOptions(select=("oas-schema",)))
    assert found and all(d.rule == "oas-schema" for d in found)
    clean = yaml.safe_load(paths.normalized.read_text(encoding="utf-8"))
    validate(clean)
    assert lint_file(paths.normalized, LintOptions(select=("oas-schema",))) == []


def test_deeply_nested_samples_are_skipped_not_fatal() -> None:
    deep = "[" * 5000 + "]" * 5000
    assert python_call(f"c.a.b(x={deep})\n") is None
    assert javascript_call(f"c.a.b({{x: {deep}}});\n") is None
    assert parse(deep).ok is False
    assert len(positions(deep)) == 5000
