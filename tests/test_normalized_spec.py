"""The normalized fragment (spec/file_batches.yaml): one test per row of DESIGN.md's decisions
table, the x-specgen extensions of docs/extensions.md, and every example checked against its schema.

Examples are validated with jsonschema (2020-12) using the whole normalized document as the
schema root, so ``#/components/...`` references resolve as they do for any OAS 3.1 tool.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from openapi_spec_validator import OpenAPIV31SpecValidator

from generator.spec import invariants
from generator.spec import pointer as jp

pytestmark = pytest.mark.usefixtures("no_network")
REPO = Path(__file__).resolve().parents[1]
NORMALIZED = REPO / "spec" / "file_batches.yaml"
EXTENSIONS_DOC = REPO / "docs" / "extensions.md"
DOC: dict[str, Any] = yaml.safe_load(NORMALIZED.read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = DOC["components"]["schemas"]
SERVER = DOC["servers"][0]["url"]
JSON = "application/json"
BASE = "/vector_stores/{vector_store_id}/file_batches"
CREATE = (BASE, "post")
RETRIEVE = (BASE + "/{batch_id}", "get")
CANCEL = (BASE + "/{batch_id}/cancel", "post")
LIST = (BASE + "/{batch_id}/files", "get")
OPERATIONS = {
    "createVectorStoreFileBatch": CREATE,
    "getVectorStoreFileBatch": RETRIEVE,
    "cancelVectorStoreFileBatch": CANCEL,
    "listFilesInVectorStoreBatch": LIST,
}
SCHEMA_REF = "#/components/schemas/"


# ---------------------------------------------------------------- helpers


def _op(route: tuple[str, str]) -> dict[str, Any]:
    operation: dict[str, Any] = DOC["paths"][route[0]][route[1]]
    return operation


def _op_pointer(route: tuple[str, str]) -> str:
    return jp.join(["paths", route[0], route[1]])


def _deref(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = jp.resolve(DOC, jp.from_fragment(node["$ref"][1:]))
    return node


def _validator(pointer: str) -> Draft202012Validator:
    """A validator for the schema at ``pointer``, with the whole document as the schema root."""
    root = {**DOC, "$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#" + quote(pointer, safe="/~")}
    return Draft202012Validator(root, format_checker=FormatChecker())


def _errors(instance: Any, pointer: str) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(pointer).iter_errors(instance)]


def _schema_errors(instance: Any, name: str) -> list[str]:
    return _errors(instance, jp.join(["components", "schemas", name]))


def strict_json(text: str) -> Any:
    """``json.loads`` that also refuses duplicate keys and NaN/Infinity (trailing commas always fail)."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        if len(keys) != len(set(keys)):
            raise ValueError(f"duplicate key in {keys}")
        return dict(items)

    def constant(token: str) -> Any:
        raise ValueError(f"{token} is not JSON")

    return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)


def _body_schema_pointer(route: tuple[str, str]) -> str:
    return _op_pointer(route) + "/requestBody/content/application~1json/schema"


def _success_schema_pointer(route: tuple[str, str]) -> str:
    codes = [c for c in _op(route)["responses"] if c.startswith("2")]
    assert len(codes) == 1, codes
    return _op_pointer(route) + f"/responses/{codes[0]}/content/application~1json/schema"


@dataclass(frozen=True)
class Curl:
    """The parts of a curl sample that matter: method, URL, headers, data."""

    method: str
    url: str
    headers: dict[str, str]
    data: str | None


def parse_curl(text: str) -> Curl:
    """Split a curl sample like a POSIX shell would (raises ValueError on unbalanced quotes)."""
    words = shlex.split(text.replace("\\\n", " "))
    assert words[0] == "curl", words
    method, url, data, headers = None, None, None, {}
    rest = iter(words[1:])
    for word in rest:
        if word in ("-X", "--request"):
            method = next(rest)
        elif word in ("-H", "--header"):
            name, _, value = next(rest).partition(":")
            headers[name.strip()] = value.strip()
        elif word in ("-d", "--data", "--data-raw"):
            data = next(rest)
        elif word.startswith("http"):
            url = word
        else:
            raise AssertionError(f"unexpected curl word {word!r}")
    assert url is not None
    return Curl(method or ("POST" if data is not None else "GET"), url, headers, data)


@dataclass(frozen=True)
class PythonCall:
    """The SDK call of a python sample: the method path and its keyword arguments."""

    target: str
    kwargs: dict[str, Any]


def parse_python(text: str) -> PythonCall:
    calls = [
        node
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Call) and ast.unparse(node.func).startswith("client.")
    ]
    assert len(calls) == 1, [ast.unparse(c) for c in calls]
    call = calls[0]
    assert call.args == [], "samples pass everything by keyword"
    kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords if kw.arg is not None}
    return PythonCall(ast.unparse(call.func), kwargs)


def _path_regex(path: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
    return re.compile(re.escape(SERVER) + pattern)


def _params(route: tuple[str, str], where: str) -> dict[str, dict[str, Any]]:
    params = [_deref(p) for p in _op(route).get("parameters", [])]
    return {p["name"]: p for p in params if p["in"] == where}


def _operations() -> Iterator[tuple[str, tuple[str, str]]]:
    yield from OPERATIONS.items()


# ---------------------------------------------------------------- every example, with its schema


@dataclass(frozen=True)
class Example:
    """An example value (already parsed) and the pointer of the schema it must satisfy."""

    where: str
    value: Any
    schema: str


_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SUBSCHEMA_ONE = ("items", "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains")


def _schemas_under(schema: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (sub)schema object under ``schema``, with its pointer."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in _SUBSCHEMA_MAPS:
        for name, sub in (schema.get(key) or {}).items():
            yield from _schemas_under(sub, jp.join([*jp.split(pointer), key, name]))
    for key in _SUBSCHEMA_LISTS:
        for index, sub in enumerate(schema.get(key) or []):
            yield from _schemas_under(sub, jp.join([*jp.split(pointer), key, index]))
    for key in _SUBSCHEMA_ONE:
        if isinstance(schema.get(key), dict):
            yield from _schemas_under(schema[key], jp.child(pointer, key))


def _all_schemas() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, schema in SCHEMAS.items():
        yield from _schemas_under(schema, jp.join(["components", "schemas", name]))
    for pointer, node in _walk(DOC):
        if pointer.startswith("/components/schemas/"):
            continue
        if isinstance(node, dict) and isinstance(node.get("schema"), dict):
            yield from _schemas_under(node["schema"], jp.child(pointer, "schema"))


def _walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, jp.child(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, jp.child(pointer, index))


def collect_examples() -> list[Example]:
    found: list[Example] = []
    for pointer, schema in _all_schemas():
        for key in ("example", "default"):
            if key in schema:
                found.append(Example(f"{pointer}/{key}", schema[key], pointer))
        for index, value in enumerate(schema.get("examples") or []):
            found.append(Example(f"{pointer}/examples/{index}", value, pointer))
        meta = schema.get("x-oaiMeta")
        if isinstance(meta, dict) and "example" in meta:
            found.append(Example(pointer + "/x-oaiMeta/example", strict_json(meta["example"]), pointer))
    for pointer, node in _walk(DOC):
        if not isinstance(node, dict) or "schema" not in node:
            continue
        is_media = jp.split(pointer)[-2:-1] == ["content"]
        is_param = "in" in node
        if is_media or is_param:
            target = pointer + "/schema"
            if "example" in node:
                found.append(Example(pointer + "/example", node["example"], target))
            for name, example in (node.get("examples") or {}).items():
                found.append(Example(f"{pointer}/examples/{name}/value", _deref(example)["value"], target))
    for _, route in _operations():
        meta = _op(route)["x-oaiMeta"]["examples"]
        where = _op_pointer(route) + "/x-oaiMeta/examples"
        found.append(Example(where + "/response", strict_json(meta["response"]), _success_schema_pointer(route)))
        curl = parse_curl(meta["request"]["curl"])
        if curl.data is not None:
            found.append(Example(where + "/request/curl", strict_json(curl.data), _body_schema_pointer(route)))
        body = _python_body(route, parse_python(meta["request"]["python"]))
        if body:
            found.append(Example(where + "/request/python", body, _body_schema_pointer(route)))
    return found


def _python_body(route: tuple[str, str], call: PythonCall) -> dict[str, Any]:
    """The keyword arguments of an SDK call that are not path or query parameters."""
    named = set(_params(route, "path")) | set(_params(route, "query"))
    return {k: v for k, v in call.kwargs.items() if k not in named}


EXAMPLES = collect_examples()


def _instances() -> Iterator[Any]:
    """Every dict inside every example."""
    for example in EXAMPLES:
        for _, node in _walk(example.value):
            if isinstance(node, dict):
                yield node


def test_examples_were_found() -> None:
    kinds = [e.where.rsplit("/", 2)[-2:] for e in EXAMPLES]
    assert len(EXAMPLES) >= 27
    assert sum(1 for e in EXAMPLES if e.where.endswith("/default")) == 3  # limit, order, OpenAI-Beta
    assert sum(1 for e in EXAMPLES if e.where.endswith("/request/curl")) == 1  # only create sends a body
    assert sum(1 for e in EXAMPLES if e.where.endswith("/request/python")) == 1
    assert sum(1 for e in EXAMPLES if e.where.endswith("/x-oaiMeta/examples/response")) == 4
    assert sum(1 for e in EXAMPLES if e.where.endswith("/x-oaiMeta/example")) == 2
    assert sum(1 for k in kinds if k[-1] == "value") == 8  # standard media examples


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.where for e in EXAMPLES])
def test_example_validates_against_its_schema(example: Example) -> None:
    assert _errors(example.value, example.schema) == []


def test_validation_is_not_vacuous() -> None:
    batch = strict_json(_op(RETRIEVE)["x-oaiMeta"]["examples"]["response"])
    assert _errors(batch, _success_schema_pointer(RETRIEVE)) == []
    assert _errors({**batch, "object": "vector_store.file_batch"}, _success_schema_pointer(RETRIEVE)) != []
    assert _errors({**batch, "status": "paused"}, _success_schema_pointer(RETRIEVE)) != []
    assert (
        _errors(
            {"file_ids": ["f"], "chunking_strategy": {"type": "static", "max_chunk_size_tokens": 800}},
            _body_schema_pointer(CREATE),
        )
        != []
    )


def test_every_oaimeta_json_string_parses_strictly() -> None:
    texts = [
        (pointer, node)
        for pointer, node in _walk(DOC)
        if isinstance(node, str) and "x-oaiMeta" in pointer and node.lstrip().startswith("{")
    ]
    assert len(texts) == 6
    for _, text in texts:
        strict_json(text)  # raises on a trailing comma, a duplicate key or NaN
    with pytest.raises(ValueError, match="Expecting property name"):
        strict_json('{"total": 0,\n}')


# ---------------------------------------------------------------- the spec as a whole


def test_passes_openapi_spec_validator_as_oas_31() -> None:
    assert DOC["openapi"].startswith("3.1.")
    assert list(OpenAPIV31SpecValidator(DOC).iter_errors()) == []


def test_every_curl_has_balanced_quoting_and_its_operations_url() -> None:
    for operation_id, route in _operations():
        operation = _op(route)
        assert operation["operationId"] == operation_id
        curl = parse_curl(operation["x-oaiMeta"]["examples"]["request"]["curl"])
        match = _path_regex(route[0]).fullmatch(curl.url)
        assert match is not None, (operation_id, curl.url)
        assert curl.method == route[1].upper(), operation_id
        assert set(match.groupdict()) == set(_params(route, "path"))
        # The python sample addresses the same resources as the curl sample.
        call = parse_python(operation["x-oaiMeta"]["examples"]["request"]["python"])
        assert call.target == f"client.{operation['x-specgen-resource']}.{operation['x-specgen-method']}"
        assert {k: v for k, v in call.kwargs.items() if k in match.groupdict()} == match.groupdict()


def test_unbalanced_quoting_would_be_caught() -> None:
    with pytest.raises(ValueError, match="No closing quotation"):
        parse_curl("curl https://api.openai.com/v1/x \\\n  -H \"Content-Type: application/json \\\n  -d '{}'")


def test_every_operation_has_one_success_response_and_429() -> None:
    for _, route in _operations():
        assert list(_op(route)["responses"]) == ["200", "429"]
        assert _op(route)["responses"]["429"] == {"$ref": "#/components/responses/TooManyRequests"}


# ---------------------------------------------------------------- decision table, one test per row


def test_row_batch_object() -> None:
    prop = SCHEMAS["VectorStoreFileBatchObject"]["properties"]["object"]
    assert prop["const"] == "vector_store.files_batch"
    assert "enum" not in prop and "x-stainless-const" not in prop
    assert prop["x-specgen-aliases"] == ["vector_store.file_batch"]
    assert "vector_store.files_batch" in prop["description"]
    # The singular spelling survives only as the alias: prose and examples are fixed.
    singular = [p for p, n in _walk(DOC) if isinstance(n, str) and re.search(r"vector_store\.file_batch\b", n)]
    assert singular == ["/components/schemas/VectorStoreFileBatchObject/properties/object/x-specgen-aliases/0"]
    batches = [i for i in _instances() if str(i.get("id", "")).startswith("vsfb_")]
    assert len(batches) >= 7
    assert {b["object"] for b in batches} == {"vector_store.files_batch"}


def test_row_batch_status() -> None:
    status = SCHEMAS["VectorStoreFileBatchObject"]["properties"]["status"]
    assert status["enum"] == ["in_progress", "completed", "cancelled", "failed", "cancelling"]
    assert "cancelling" in status["description"]
    poll = _op(RETRIEVE)["x-specgen-poll"]
    assert poll["status"] == "status"
    assert poll["terminal"] == ["completed", "cancelled", "failed"]
    assert "cancelling" in poll["pending"] and "cancelling" not in poll["terminal"]
    assert set(poll["terminal"]) | set(poll["pending"]) == set(status["enum"])
    # Response-only: no request body can carry a batch object.
    assert "VectorStoreFileBatchObject" not in _reachable_schemas(_body_schema_pointer(CREATE))
    cancel = strict_json(_op(CANCEL)["x-oaiMeta"]["examples"]["response"])
    assert cancel["status"] == "cancelling"


def test_row_curl_urls() -> None:
    assert not [p for p, n in _walk(DOC) if isinstance(n, str) and "files_batches" in n]
    for _, route in _operations():
        url = parse_curl(_op(route)["x-oaiMeta"]["examples"]["request"]["curl"]).url
        assert "/file_batches" in url and _path_regex(route[0]).fullmatch(url), url


def test_row_file_counts() -> None:
    file_counts = SCHEMAS["VectorStoreFileBatchObject"]["properties"]["file_counts"]
    [rule] = file_counts["x-specgen-invariants"]
    invariant = invariants.parse(rule["expression"], rule["message"])
    assert set(invariant.names) == {"total", "in_progress", "completed", "failed", "cancelled"}
    assert set(invariant.names) == set(file_counts["required"])
    assert invariant.holds({"in_progress": 1, "completed": 1, "failed": 0, "cancelled": 0, "total": 0}) is False
    counts = [i["file_counts"] for i in _instances() if "file_counts" in i]
    assert len(counts) >= 7
    for value in counts:
        assert value["total"] == value["in_progress"] + value["completed"] + value["failed"] + value["cancelled"]
        assert invariant.holds(value) is True


def test_row_create_examples() -> None:
    samples = _op(CREATE)["x-oaiMeta"]["examples"]["request"]
    curl = parse_curl(samples["curl"])  # balanced quotes, or this raises
    assert curl.headers["Content-Type"] == "application/json"
    body = strict_json(curl.data or "")
    python_body = _python_body(CREATE, parse_python(samples["python"]))
    for sent in (body, python_body):
        strategies = [i["chunking_strategy"] for i in _walk_dicts(sent) if "chunking_strategy" in i]
        assert strategies == [
            {"type": "static", "static": {"max_chunk_size_tokens": 1200, "chunk_overlap_tokens": 200}}
        ]
    assert re.search(
        r'chunking_strategy: \{\s*type: "static",\s*static: \{\s*max_chunk_size_tokens', samples["javascript"]
    )
    assert body == python_body
    # The flat shape upstream had is what the schema rejects.
    flat = {
        "files": [
            {
                "file_id": "f",
                "chunking_strategy": {"type": "static", "max_chunk_size_tokens": 1200, "chunk_overlap_tokens": 200},
            }
        ]
    }
    assert _errors(flat, _body_schema_pointer(CREATE)) != []


def test_row_python_cancel_example() -> None:
    call = parse_python(_op(CANCEL)["x-oaiMeta"]["examples"]["request"]["python"])
    assert call.target == "client.vector_stores.file_batches.cancel"
    assert call.kwargs == {"vector_store_id": "vs_abc123", "batch_id": "vsfb_abc123"}
    assert "file_batch_id" not in _op(CANCEL)["x-oaiMeta"]["examples"]["request"]["python"]


def test_row_list_example_items() -> None:
    required = SCHEMAS["VectorStoreFileObject"]["required"]
    assert {"usage_bytes", "status", "last_error"} <= set(required)
    pages = [e.value for e in EXAMPLES if e.schema == _success_schema_pointer(LIST)]
    items = [item for page in pages for item in page["data"]]
    assert len(pages) == 3 and len(items) == 4
    for item in items:
        assert [k for k in required if k not in item] == []
        assert _schema_errors(item, "VectorStoreFileObject") == []


def test_row_last_error_code() -> None:
    last_error = SCHEMAS["VectorStoreFileObject"]["properties"]["last_error"]
    assert last_error["anyOf"][1] == {"type": "null"}
    code = last_error["anyOf"][0]["properties"]["code"]
    assert code["enum"] == ["server_error", "unsupported_file", "invalid_file"]
    assert "unknown" in code["description"]
    assert not [p for p, n in _walk(DOC) if isinstance(n, str) and "rate_limit_exceeded" in n]


def test_row_chunking_unions() -> None:
    request = SCHEMAS["ChunkingStrategyRequestParam"]
    response = SCHEMAS["VectorStoreFileObject"]["properties"]["chunking_strategy"]
    expected = {
        "request": (
            request,
            {"auto": "AutoChunkingStrategyRequestParam", "static": "StaticChunkingStrategyRequestParam"},
        ),
        "response": (
            response,
            {"static": "StaticChunkingStrategyResponseParam", "other": "OtherChunkingStrategyResponseParam"},
        ),
    }
    for side, (union, names) in expected.items():
        assert union["discriminator"] == {
            "propertyName": "type",
            "mapping": {value: SCHEMA_REF + name for value, name in names.items()},
        }, side
        assert [v["$ref"] for v in union["oneOf"]] == [SCHEMA_REF + name for name in names.values()], side
        for value, name in names.items():  # each mapped schema really has that `type`
            assert SCHEMAS[name]["properties"]["type"]["enum"] == [value]
            assert "type" in SCHEMAS[name]["required"]
    requests = _body_schema_pointer(CREATE)
    static = {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}
    assert _errors({"file_ids": ["f"], "chunking_strategy": {"type": "auto"}}, requests) == []
    assert _errors({"file_ids": ["f"], "chunking_strategy": {"type": "other"}}, requests) != []
    file_object = {
        "id": "f",
        "object": "vector_store.file",
        "usage_bytes": 1,
        "created_at": 1,
        "vector_store_id": "vs",
        "status": "completed",
        "last_error": None,
    }
    assert _schema_errors({**file_object, "chunking_strategy": {"type": "other"}}, "VectorStoreFileObject") == []
    assert _schema_errors({**file_object, "chunking_strategy": static}, "VectorStoreFileObject") == []
    assert _schema_errors({**file_object, "chunking_strategy": {"type": "auto"}}, "VectorStoreFileObject") != []


def test_row_attributes() -> None:
    attributes = SCHEMAS["VectorStoreFileAttributes"]
    mapping = attributes["anyOf"][0]
    assert attributes["anyOf"][1] == {"type": "null"}
    assert mapping["maxProperties"] == 16
    assert mapping["propertyNames"] == {"type": "string", "maxLength": 64}
    assert mapping["additionalProperties"] == {
        "oneOf": [{"type": "string", "maxLength": 512}, {"type": "number"}, {"type": "boolean"}]
    }
    assert "Up to 16" in mapping["description"] and "\n" not in mapping["description"]
    ok = {f"k{i}": "v" for i in range(16)}
    assert _schema_errors(ok, "VectorStoreFileAttributes") == []
    assert _schema_errors(None, "VectorStoreFileAttributes") == []
    assert _schema_errors({**ok, "k16": "v"}, "VectorStoreFileAttributes") != []
    assert _schema_errors({"k" * 65: "v"}, "VectorStoreFileAttributes") != []
    assert _schema_errors({"k": "v" * 513}, "VectorStoreFileAttributes") != []
    assert _schema_errors({"k": "v" * 512, "n": 1.5, "b": True}, "VectorStoreFileAttributes") == []
    assert _schema_errors({"k": ["list"]}, "VectorStoreFileAttributes") != []


def test_row_overlap_rule() -> None:
    static = SCHEMAS["StaticChunkingStrategy"]
    [rule] = static["x-specgen-invariants"]
    invariant = invariants.parse(rule["expression"], rule["message"])
    assert set(invariant.names) <= set(static["properties"])
    assert invariant.holds({"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}) is True
    assert invariant.holds({"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 401}) is False
    assert static["properties"]["chunk_overlap_tokens"]["minimum"] == 0
    assert (
        static["properties"]["max_chunk_size_tokens"]["minimum"],
        static["properties"]["max_chunk_size_tokens"]["maximum"],
    ) == (100, 4096)
    assert _schema_errors({"max_chunk_size_tokens": 800, "chunk_overlap_tokens": -1}, "StaticChunkingStrategy") != []
    for instance in _instances():
        if "chunk_overlap_tokens" in instance:
            assert invariant.holds(instance) is True, instance


def test_row_file_ids_files() -> None:
    request = SCHEMAS["CreateVectorStoreFileBatchRequest"]
    assert request["oneOf"] == [{"required": ["file_ids"]}, {"required": ["files"]}]
    assert "anyOf" not in request
    for name in ("file_ids", "files"):
        assert (request["properties"][name]["minItems"], request["properties"][name]["maxItems"]) == (1, 2000)
    body = _body_schema_pointer(CREATE)
    assert _errors({"file_ids": ["a"]}, body) == []
    assert _errors({"files": [{"file_id": "a"}]}, body) == []
    assert _errors({"file_ids": ["a"], "files": [{"file_id": "a"}]}, body) != []
    assert _errors({}, body) != []
    assert _errors({"file_ids": []}, body) != []
    assert _errors({"file_ids": ["f"] * 2001}, body) != []
    assert _errors({"file_ids": ["f"] * 2000}, body) == []


def test_row_limit() -> None:
    limit = _params(LIST, "query")["limit"]["schema"]
    assert limit == {"type": "integer", "default": 20, "minimum": 1, "maximum": 100}


def test_row_list_envelope() -> None:
    envelope = SCHEMAS["ListVectorStoreFilesResponse"]
    assert envelope["type"] == "object"
    assert envelope["properties"]["object"]["const"] == "list"
    assert "type" not in envelope["properties"]["object"] or envelope["properties"]["object"]["type"] == "string"
    for name in ("first_id", "last_id"):
        assert envelope["properties"][name]["type"] == ["string", "null"]
    assert envelope["properties"]["has_more"]["type"] == "boolean"
    empty: dict[str, Any] = {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}
    assert _schema_errors(empty, "ListVectorStoreFilesResponse") == []
    assert _schema_errors({**empty, "object": "page"}, "ListVectorStoreFilesResponse") != []


def test_row_openai_beta() -> None:
    header = DOC["components"]["parameters"]["OpenAIBeta"]
    assert (header["name"], header["in"], header["required"]) == ("OpenAI-Beta", "header", False)
    assert header["schema"]["default"] == "assistants=v2"
    for _, route in _operations():
        assert {"$ref": "#/components/parameters/OpenAIBeta"} in _op(route)["parameters"]
        curl = parse_curl(_op(route)["x-oaiMeta"]["examples"]["request"]["curl"])
        assert curl.headers["OpenAI-Beta"] == "assistants=v2"


def test_row_format_unixtime() -> None:
    assert not [p for p, n in _walk(DOC) if isinstance(n, dict) and n.get("format") == "unixtime"]
    for name in ("VectorStoreFileBatchObject", "VectorStoreFileObject"):
        created_at = SCHEMAS[name]["properties"]["created_at"]
        assert created_at["type"] == "integer" and "format" not in created_at
        assert "seconds" in created_at["description"] + created_at.get("title", "")


def test_row_cosmetic() -> None:
    counts = SCHEMAS["VectorStoreFileBatchObject"]["properties"]["file_counts"]["properties"]
    assert counts["cancelled"]["description"] == "The number of files that were cancelled."
    assert not [p for p, n in _walk(DOC) if isinstance(n, str) and re.search(r"\bwhere (cancelled|processed)", n)]
    before = _params(LIST, "query")["before"]["description"]
    assert "starting with obj_foo" in before and "ending with" not in before
    assert SCHEMAS["VectorStoreFileObject"]["description"] == "A file attached to a vector store."
    assert not [p for p, n in _walk(DOC) if isinstance(n, str) and "A list of files attached" in n]


# ---------------------------------------------------------------- x-specgen extensions (docs/extensions.md)


def _documented_extensions() -> set[str]:
    return set(re.findall(r"`(x-specgen-[a-z-]+)`", EXTENSIONS_DOC.read_text(encoding="utf-8")))


def _used_extensions() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for pointer, node in _walk(DOC):
        if isinstance(node, dict):
            for key in node:
                if key.startswith("x-specgen-"):
                    used.setdefault(key, []).append(pointer)
    return used


def test_every_documented_extension_is_used_and_no_other() -> None:
    documented = _documented_extensions()
    assert {"x-specgen-client", "x-specgen-pagination", "x-specgen-invariants"} <= documented
    assert set(_used_extensions()) == documented


def test_extension_client() -> None:
    assert DOC["x-specgen-client"] == {
        "api-key-env": "OPENAI_API_KEY",
        "base-url-env": "OPENAI_BASE_URL",
        "options": [
            {
                "name": "organization",
                "header": "OpenAI-Organization",
                "env": "OPENAI_ORG_ID",
                "description": "The organization the requests are billed to and counted against.",
            },
            {
                "name": "project",
                "header": "OpenAI-Project",
                "env": "OPENAI_PROJECT_ID",
                "description": "The project the requests are billed to and counted against.",
            },
        ],
    }


def test_extension_resource_and_method() -> None:
    methods = {op_id: _op(route)["x-specgen-method"] for op_id, route in _operations()}
    assert methods == {
        "createVectorStoreFileBatch": "create",
        "getVectorStoreFileBatch": "retrieve",
        "cancelVectorStoreFileBatch": "cancel",
        "listFilesInVectorStoreBatch": "list_files",
    }
    assert {_op(route)["x-specgen-resource"] for _, route in _operations()} == {"vector_stores.file_batches"}


def test_extension_names() -> None:
    names = {name: schema["x-specgen-name"] for name, schema in SCHEMAS.items() if "x-specgen-name" in schema}
    assert names == {
        "ListVectorStoreFilesResponse": "VectorStoreFileList",
        "VectorStoreFileBatchObject": "VectorStoreFileBatch",
        "VectorStoreFileObject": "VectorStoreFile",
    }
    assert all(n.isidentifier() and n[0].isupper() for n in names.values())


def test_extension_pagination_refers_to_real_fields() -> None:
    pagination = _op(LIST)["x-specgen-pagination"]
    assert pagination == {
        "style": "cursor",
        "items": "data",
        "has-more": "has_more",
        "cursor-param": "after",
        "cursor-field": "id",
    }
    envelope = _deref({"$ref": "#" + _success_schema_pointer(LIST)})
    envelope = _deref(envelope)
    assert envelope["properties"][pagination["items"]]["type"] == "array"
    assert envelope["properties"][pagination["has-more"]]["type"] == "boolean"
    assert pagination["cursor-param"] in _params(LIST, "query")
    item = _deref(envelope["properties"][pagination["items"]]["items"])
    assert pagination["cursor-field"] in item["required"]


def test_extension_poll_and_link() -> None:
    poll = _op(RETRIEVE)["x-specgen-poll"]
    assert poll == {
        "method": "poll",
        "status": "status",
        "terminal": ["completed", "cancelled", "failed"],
        "pending": ["in_progress", "cancelling"],
        "pending-count": "/file_counts/in_progress",
        "interval-header": "openai-poll-after-ms",
        "default-interval-ms": 1000,
    }
    assert poll["status"] in SCHEMAS["VectorStoreFileBatchObject"]["required"]
    counts = SCHEMAS["VectorStoreFileBatchObject"]["properties"]["file_counts"]["properties"]
    assert counts["in_progress"]["type"] == "integer"
    link = _op(CREATE)["responses"]["200"]["links"]["poll"]
    assert link["operationId"] == "getVectorStoreFileBatch"
    assert set(link["parameters"]) == set(_params(RETRIEVE, "path"))
    assert link["parameters"] == {"vector_store_id": "$request.path.vector_store_id", "batch_id": "$response.body#/id"}
    assert "vector_store_id" in _params(CREATE, "path")


def test_extension_invariants_name_properties_of_their_schema() -> None:
    sites = _used_extensions()["x-specgen-invariants"]
    assert sorted(sites) == [
        "/components/schemas/StaticChunkingStrategy",
        "/components/schemas/VectorStoreFileBatchObject/properties/file_counts",
    ]
    for pointer in sites:
        schema = jp.resolve(DOC, pointer)
        for rule in schema["x-specgen-invariants"]:
            assert set(invariants.parse(rule["expression"]).names) <= set(schema["properties"])
            assert rule["message"]


def test_extension_aliases_only_on_constants() -> None:
    for pointer in _used_extensions()["x-specgen-aliases"]:
        prop = jp.resolve(DOC, pointer)
        assert "const" in prop or len(prop.get("enum", [])) == 1
        assert prop.get("const") not in prop["x-specgen-aliases"]


# ---------------------------------------------------------------- small helpers used above


def _walk_dicts(node: Any) -> Iterator[dict[str, Any]]:
    for _, value in _walk(node):
        if isinstance(value, dict):
            yield value


def _reachable_schemas(pointer: str) -> set[str]:
    seen: set[str] = set()
    todo = [jp.resolve(DOC, pointer)]
    while todo:
        for _, node in _walk(todo.pop()):
            if isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith(SCHEMA_REF):
                name = node["$ref"][len(SCHEMA_REF) :]
                if name not in seen:
                    seen.add(name)
                    todo.append(SCHEMAS[name])
    return seen
