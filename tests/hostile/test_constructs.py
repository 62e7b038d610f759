"""Constructs the generated client cannot express exactly: generated with a warning naming what was
approximated (file, line, column and JSON pointer), or refused with a clear message; never dropped
silently. Mixed-type enums and integer response codes are generated exactly.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

from tests.hostile.support import (
    assert_no_crash,
    assert_refused,
    cli,
    dump,
    imported,
    json_body,
    json_response,
    ref,
    run_generated_tests,
    spec,
    specgen,
)

# property name, its schema, the rule and words of the warning it must get (at .../properties/<name>[/keyword])
APPROXIMATED: list[tuple[str, Any, str, str, str]] = [
    ("not", {"type": "string", "not": {"const": "x"}}, "schema-approximated", "'not' is not checked", "/not"),
    ("conditional", {"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}}, "schema-approximated",
     "'if' (a conditional schema) is not checked", "/if"),
    ("contains", {"type": "array", "contains": {"const": 1}}, "schema-approximated", "'contains'", "/contains"),
    ("dependent", {"type": "object", "dependentRequired": {"a": ["b"]}}, "schema-approximated", "'dependentRequired'",
     "/dependentRequired"),
    ("dependent_schemas", {"type": "object", "dependentSchemas": {"a": {"required": ["b"]}}}, "schema-approximated",
     "'dependentSchemas'", "/dependentSchemas"),
    ("unevaluated", {"type": "object", "properties": {"a": {"type": "string"}}, "unevaluatedProperties": False},
     "schema-approximated", "'unevaluatedProperties'", "/unevaluatedProperties"),
    ("pair", {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}, "schema-approximated",
     "'prefixItems' is approximated", "/prefixItems"),
    ("decimal_enum", {"type": "number", "enum": [1.5, 2.5]}, "enum-approximated", "checked only by type", "/enum"),
    ("object_enum", {"enum": [{"a": 1}, [1, 2], "x"]}, "enum-approximated", "list, mapping", "/enum"),
    ("object_const", {"const": {"a": 1}}, "enum-approximated", "const values of type mapping", "/const"),
    ("nothing", False, "schema-approximated", "a false schema (no value is valid) accepts any value", ""),
    ("impossible", {"allOf": [{"type": "string"}, {"type": "integer"}]}, "schema-approximated",
     "allOf members of different types (integer, string)", "/allOf"),
]  # fmt: skip
OPERATION_LEVEL: list[tuple[str, str, str]] = [
    ("parameter-approximated", "parameter 'filter': serialized as application/xml, which the client sends as plain "
     "text", "/paths/~1things/post/parameters/1/content"),
    ("parameter-approximated", "query parameter 'ids': style 'label' is not supported",
     "/paths/~1things/post/parameters/2"),
    ("response-approximated", "success responses 200, 201 have different bodies", "/paths/~1things/post/responses"),
    ("security-unsupported", "security scheme 'key' (http scheme 'digest') cannot be sent by the client",
     "/components/securitySchemes/key"),
    ("callbacks-ignored", "callbacks are requests the API sends", "/paths/~1things/post/callbacks"),
    ("webhook-without-body", "webhook 'thingMade' has no request body: nothing to parse", "/webhooks/thingMade/post"),
]  # fmt: skip

# parameters the client serializes exactly as OpenAPI says: no warning (parameters 3 and on)
SERIALIZED_EXACTLY: list[dict[str, Any]] = [
    {"name": "json_filter", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}},
    {"name": "deep", "in": "query", "style": "deepObject", "schema": {"type": "object"}},
    {"name": "X-Tags", "in": "header", "schema": {"type": "array", "items": {"type": "string"}}},
    {"name": "csv", "in": "query", "explode": False, "schema": {"type": "array", "items": {"type": "string"}}},
    {
        "name": "piped",
        "in": "query",
        "style": "pipeDelimited",
        "schema": {"type": "array", "items": {"type": "string"}},
    },
]


def _constructs_spec() -> dict[str, Any]:
    holder = {"type": "object", "properties": {name: schema for name, schema, *_ in APPROXIMATED}}
    operation = {
        "operationId": "makeThing",
        "parameters": [
            {"name": "session", "in": "cookie", "schema": {"type": "string"}},
            {"name": "filter", "in": "query", "content": {"application/xml": {"schema": {"type": "object"}}}},
            {"name": "ids", "in": "query", "style": "label", "schema": {"type": "array", "items": {"type": "string"}}},
            *SERIALIZED_EXACTLY,
        ],
        "requestBody": json_body(ref("Holder")),
        # 200 JSON and 201 bytes: different kinds of body cannot be read by status (two JSON bodies can)
        "responses": {
            **json_response(ref("Holder")),
            "201": {"description": "raw", "content": {"application/octet-stream": {"schema": {"type": "string"}}}},
        },
        "callbacks": {"done": {"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}}},
    }
    document = spec({"/things": {"post": operation}}, {"Holder": holder})
    document["components"]["securitySchemes"] = {"key": {"type": "http", "scheme": "digest"}}
    document["security"] = [{"key": []}]
    document["webhooks"] = {"thingMade": {"post": {"responses": {"200": {"description": "ok"}}}}}
    return document


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("constructs")
    dump(folder / "constructs.yaml", _constructs_spec())
    result = cli("generate", "--spec", "constructs.yaml", "--out", "out", "--package", "constructs", cwd=folder)
    assert_no_crash(result, allowed=(0,))
    return folder, result.err


@pytest.mark.parametrize(("name", "schema", "rule", "words", "suffix"), APPROXIMATED, ids=[c[0] for c in APPROXIMATED])
def test_each_approximated_schema_construct_is_named_in_a_warning(  # noqa: PLR0917 (one per parameter)
    generated: tuple[Path, str], name: str, schema: Any, rule: str, words: str, suffix: str
) -> None:
    _, err = generated
    pointer = f"/components/schemas/Holder/properties/{name}{suffix}"
    lines = [line for line in err.splitlines() if line.endswith(f"({pointer})")]
    assert lines, f"no warning for {pointer}: {name} was approximated silently\n{err}"
    assert re.match(rf"^constructs\.yaml:\d+:\d+: warning {rule}: ", lines[0]), lines[0]
    assert words in lines[0], lines[0]


@pytest.mark.parametrize(("rule", "words", "pointer"), OPERATION_LEVEL, ids=[c[2] for c in OPERATION_LEVEL])
def test_each_approximated_operation_construct_is_named(
    generated: tuple[Path, str], rule: str, words: str, pointer: str
) -> None:
    _, err = generated
    lines = [line for line in err.splitlines() if line.endswith(f"({pointer})") and f" {rule}: " in line]
    assert lines, f"no {rule} for {pointer}\n{err}"
    assert words in lines[0], lines[0]
    level = "info" if rule.endswith(("-ignored", "-without-body")) else "warning"
    assert re.match(rf"^constructs\.yaml:\d+:\d+: {level} {rule}: ", lines[0]), lines[0]


@pytest.mark.parametrize("index", range(3, 3 + len(SERIALIZED_EXACTLY)))
def test_parameters_serialized_exactly_get_no_warning(generated: tuple[Path, str], index: int) -> None:
    _, err = generated
    pointer = f"/paths/~1things/post/parameters/{index}"
    assert not [line for line in err.splitlines() if pointer in line], err


def test_the_approximated_package_still_imports_and_checks_what_it_can(generated: tuple[Path, str]) -> None:
    folder, _ = generated
    with imported(folder / "out", "constructs"):
        models = sys.modules["constructs.models"]
        holder = models.Holder.model_validate({"not": "y", "pair": ["a", 1], "decimal_enum": 1.5})
        assert holder.pair == ["a", 1]
        for bad in ({"not": 5}, {"decimal_enum": "x"}, {"contains": "not a list"}):
            with pytest.raises(pydantic.ValidationError):
                models.Holder.model_validate(bad)


def test_strict_fails_on_approximations_and_writes_nothing(generated: tuple[Path, str]) -> None:
    folder, _ = generated
    result = cli("generate", "--spec", "constructs.yaml", "--out", "strict", "--strict", cwd=folder)
    assert result.code == 1 and "not generated faithfully (--strict)" in result.err, result.err
    assert not (folder / "strict").exists()


def test_a_spec_without_approximations_gets_no_warning(tmp_path: Path) -> None:
    exact = {
        "type": "object",
        "properties": {
            "mixed": {"enum": [1, "a", True, None]},
            "unique": {"type": "array", "items": {"type": "integer"}, "uniqueItems": False},
            "distinct": {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
            "closed": {"type": "object", "additionalProperties": False, "properties": {"a": {"type": "string"}}},
            "tuple_end": {"type": "array", "items": False},
            "no": {"not": False},
            # opensearch's ScriptLanguage: a built-in name, or any other string (the union is every string)
            "language": {
                "oneOf": [
                    {"title": "builtin", **ref("Builtin")},
                    {"title": "custom", "type": "string", "not": ref("Builtin")},
                ]
            },
        },
    }
    operation = {"operationId": "postE", "requestBody": json_body(ref("E")), "responses": json_response(ref("E"))}
    document = spec({"/e": {"post": operation}}, {"E": exact, "Builtin": {"type": "string", "enum": ["java", "sql"]}})
    dump(tmp_path / "exact.yaml", document)
    result = cli("generate", "--spec", "exact.yaml", "--out", "out", "--package", "exact", cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))
    assert "approximated" not in result.err, result.err


# ---------------------------------------------------------------- exact: mixed-type enums, integer response codes


def test_mixed_type_enums_are_generated_exactly(tmp_path: Path) -> None:
    values = [1, "a", True, None, "1", 0]
    schemas = {"M": {"type": "object", "properties": {"v": {"enum": values}}}}
    document = spec({"/m": {"get": {"operationId": "getM", "responses": json_response(ref("M"))}}}, schemas)
    dump(tmp_path / "mixed.yaml", document)
    result = cli("generate", "--spec", "mixed.yaml", "--out", "out", "--package", "mixed", cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))
    assert "enum-approximated" not in result.err
    with imported(tmp_path / "out", "mixed"):
        model = sys.modules["mixed.models"].M
        for value in values:
            got = model.model_validate({"v": value}).v
            assert got == value and type(got) is type(value), (value, got)


INTEGER_CODES = """\
openapi: 3.0.3
info: {title: codes, version: '1'}
servers: [{url: 'https://api.example/v1'}]
paths:
  /things:
    get:
      operationId: getThing
      responses:
        200:
          description: ok
          content:
            application/json:
              schema: {type: object, required: [id], properties: {id: {type: integer}}}
        404: {description: missing}
        default: {description: error}
  /ranges:
    get:
      operationId: getRange
      responses:
        2XX:
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {ok: {type: boolean}}}
        5XX: {description: boom}
"""


def test_integer_and_range_response_codes(tmp_path: Path) -> None:
    (tmp_path / "codes.yaml").write_text(INTEGER_CODES, encoding="utf-8")
    result = cli("generate", "--spec", "codes.yaml", "--out", "out", "--package", "codes", cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/things"):
            return httpx.Response(200, json={"id": 7})
        return httpx.Response(202, json={"ok": True})

    with imported(tmp_path / "out", "codes") as package:
        client = package.Client(
            base_url="https://api.example/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        )
        assert client.things.list().id == 7
        assert client.ranges.list().ok is True
    (tmp_path / "dup.yaml").write_text(INTEGER_CODES.replace("        404:", "        '200':"), encoding="utf-8")
    assert_refused(cli("generate", "--spec", "dup.yaml", "--out", "o", cwd=tmp_path), "dup.yaml", place=(14, 9),
                   words="duplicate key '200'")  # fmt: skip


def test_the_generated_tests_pass_with_an_api_key_header_scheme(tmp_path: Path) -> None:
    """The client sends the key where an ``apiKey`` header scheme says (here ``X-Api-Key``, no ``Bearer``), as
    its generated tests expect; no ``security-approximated`` warning, and no ``Authorization`` header."""
    document = spec({"/a": {"get": {"operationId": "getA", "responses": json_response({"type": "object"})}}})
    document["components"] = {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}}
    document["security"] = [{"key": []}]
    dump(tmp_path / "keyed.yaml", document)
    result = cli("generate", "--spec", "keyed.yaml", "--out", "out", "--package", "keyed", cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))
    proc = run_generated_tests(tmp_path / "out")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "security-approximated" not in result.err, result.err
    with imported(tmp_path / "out", "keyed"):
        client_module = sys.modules["keyed"]
        sent: list[httpx.Request] = []

        def reply(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            if len(sent) == 1:
                return httpx.Response(200, json={"echo": "secret-key"})
            return httpx.Response(400, text="bad key secret-key")  # a server echoing the credential

        client = client_module.Client(
            api_key="secret-key", base_url="https://api.example/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(reply)),
        )  # fmt: skip
        client.a.list()
        with pytest.raises(client_module.APIError) as caught:
            client.a.list()
        assert "secret-key" not in str(caught.value), "the echoed key must be redacted from the error"
    assert sent[0].headers["X-Api-Key"] == "secret-key"
    assert "authorization" not in sent[0].headers


# ---------------------------------------------------------------- no hang on catastrophic patterns


def test_catastrophic_patterns_and_templates_do_not_hang(tmp_path: Path) -> None:
    """``(x+x+)+y`` against ``stringxxx...x`` backtracks for hours in Python's ``re`` (generation used it to pick
    sample values); ``/{a}x{b}x...z`` did the same in lint's sample URL check. Both must finish in seconds."""
    templates = "".join(f"{{p{i}}}" for i in range(25))
    document = spec(
        {
            f"/x/{templates}z": {
                "get": {
                    "operationId": "getX",
                    "parameters": [
                        {"name": f"p{i}", "in": "path", "required": True, "schema": {"type": "string"}}
                        for i in range(25)
                    ],
                    "responses": json_response(ref("R")),
                    "x-codeSamples": [{"lang": "curl", "source": "curl https://api.example/v1/x/" + "a" * 40 + "\n"}],
                }
            }
        },
        {
            "R": {
                "type": "object",
                "properties": {
                    "a": {"type": "string", "minLength": 40, "pattern": "(x+x+)+y"},
                    "b": {"type": "string", "pattern": "^(a|aa)+$", "example": "a" * 50 + "!"},
                },
            }
        },
    )
    dump(tmp_path / "slow.yaml", document)
    for args in (["lint", "--no-cache", "slow.yaml"], ["generate", "--spec", "slow.yaml", "--out", "out"]):
        start = time.monotonic()
        result = specgen(*args, cwd=tmp_path, timeout=120)
        assert_no_crash(result)
        assert time.monotonic() - start < 60, f"{args[0]} took {time.monotonic() - start:.0f} s"


def test_a_discriminator_over_non_objects_is_resolved_by_shape(tmp_path: Path) -> None:
    """Found by the fuzzer: a mapping naming a string schema made pydantic refuse to build the models at import
    ("'str' is not a valid discriminated union variant"). Such a union is resolved by shape, with a note."""
    union = {
        "oneOf": [{"type": "string"}, ref("Obj")],
        "discriminator": {"propertyName": "kind", "mapping": {"s": ref("Str")["$ref"], "o": ref("Obj")["$ref"]}},
    }
    lone = {"type": "object", "properties": {"kind": {"type": "string"}}, "discriminator": {"propertyName": "kind"}}
    schemas = {
        "U": union,
        "Str": {"type": "string"},
        "Obj": {"type": "object", "properties": {"kind": {"type": "string"}, "lone": lone}},
    }
    dump(
        tmp_path / "disc.yaml",
        spec({"/a": {"get": {"operationId": "getA", "responses": json_response(ref("U"))}}}, schemas),
    )
    result = cli("generate", "--spec", "disc.yaml", "--out", "out", "--package", "disc", cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))
    assert re.search(r"^disc\.yaml:\d+:\d+: info discriminator-by-shape: a variant or mapping target is not an object",
                     result.err, re.MULTILINE), result.err  # fmt: skip
    assert re.search(r"^disc\.yaml:\d+:\d+: info discriminator-ignored: a discriminator without oneOf or anyOf has "
                     r"nothing to choose between; ignored \(/components/schemas/Obj/properties/lone/discriminator\)$",
                     result.err, re.MULTILINE), result.err  # fmt: skip
    with imported(tmp_path / "out", "disc"):
        replies = iter([httpx.Response(200, json="text"), httpx.Response(200, json={"kind": "o"})])
        client = sys.modules["disc"].Client(
            base_url="https://api.example",
            http_client=httpx.Client(transport=httpx.MockTransport(lambda _: next(replies))),
        )  # fmt: skip
        assert client.a.list() == "text"  # `U` is a type, not a class: the method returns `str | Obj`
        assert client.a.list().kind == "o"


def test_a_request_union_whose_variant_tag_is_optional_is_resolved_by_shape(tmp_path: Path) -> None:
    """Found on Elasticsearch (ObjectProperty's `type` is optional): a sent union with a discriminator made
    pydantic refuse to build the models ("needs field 'type' to be of type Literal") because one variant's
    tag was `Literal[...] | None`. Such a union is resolved by shape, with a note, and a value without its
    tag is sent."""
    tagged = {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["text"]}}}
    untagged = {
        "type": "object",
        "properties": {"type": {"type": "string", "enum": ["object"]}, "n": {"type": "integer"}},
    }
    union = {
        "oneOf": [ref("Text"), ref("Obj")],
        "discriminator": {
            "propertyName": "type",
            "mapping": {"text": ref("Text")["$ref"], "object": ref("Obj")["$ref"]},
        },
    }
    body = {"required": True, "content": {"application/json": {"schema": ref("U")}}}
    operation = {"operationId": "putA", "requestBody": body, "responses": {"204": {"description": "done"}}}
    dump(tmp_path / "tag.yaml", spec({"/a": {"put": operation}}, {"U": union, "Text": tagged, "Obj": untagged}))
    result = cli("generate", "--spec", "tag.yaml", "--out", "out", "--package", "tag", cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))
    assert re.search(r"^tag\.yaml:\d+:\d+: info discriminator-by-shape: a variant's tag is optional", result.err,
                     re.MULTILINE), result.err  # fmt: skip
    sent: list[httpx.Request] = []
    with imported(tmp_path / "out", "tag"):
        module = sys.modules["tag"]
        client = module.Client(
            base_url="https://api.example",
            http_client=httpx.Client(transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(204))),
        )  # fmt: skip
        client.a.update(body=module.models.Obj(n=1))
    assert sent and sent[0].content == b'{"n":1}'
