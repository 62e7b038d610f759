"""The false positives and misses of issue 17, each as a small spec: what must stay silent, and
what must be found (the wording of each case is the issue's)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.lint import LintOptions, lint_file
from generator.lint.limits_in_prose import claims

pytestmark = pytest.mark.usefixtures("no_network")


def spec(tmp_path: Path, schemas: dict[str, Any], minor: int = 1, **extra: Any) -> Path:
    """A one-operation spec whose response is ``schemas['Thing']``, with ``schemas`` as components."""
    document = {
        "openapi": "3.1.0" if minor else "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/things/{thing_id}": {
                "post": {
                    "operationId": "updateThing",
                    "parameters": [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
                    },
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
        **extra,
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def found(path: Path, rule: str) -> list[str]:
    return [d.message for d in lint_file(path, LintOptions(select=(rule,)))]


def thing(**properties: Any) -> dict[str, Any]:
    return {"Thing": {"type": "object", "properties": properties}}


# --- prose-constraint


@pytest.mark.parametrize(
    ("text", "schema"),
    [
        ("The amount, up to 2 decimal places.", {"type": "number"}),
        ("Only matches that are more than 98% confident are returned.", {"type": "number"}),
        ("Comma-separated seed values, up to 5 seed values across the three parameters.", {"type": "string"}),
        ("A year between 1900 and 2100.", {"type": "string"}),
        ("How long to keep the data, up to 32 days.", {"type": "integer", "maximum": 768}),
        ("A temperature less than 1 favors correctness.", {"type": "number"}),
        ("If this value is set to be less than 1, accuracy typically improves.", {"type": "number"}),
        ("A boost value between 0 and 1.0 decreases the score.", {"type": "number"}),
        ("Must be an octal value between 0000 and 0777.", {"type": "integer"}),
        ("Up to 10 VLANs can be created in each data center.", {"type": "string", "maxLength": 64}),
        ("It is an array of integer values where the minimum value is 1.", {"type": "array", "items": {}}),
        ("Lassie gives up if there have been more than 5 boot jobs.", {"type": "boolean"}),
    ],
)
def test_numbers_that_are_not_limits_of_the_value_are_silent(tmp_path: Path, text: str, schema: dict[str, Any]) -> None:
    assert found(spec(tmp_path, thing(value={**schema, "description": text})), "prose-constraint") == []


@pytest.mark.parametrize(
    ("text", "schema", "expected"),
    [
        ("Max length: 12 characters.", {"type": "string"}, "Max length: 12"),
        ("The name, at most 64 characters.", {"type": "string"}, "at most 64 characters"),
        ("Limit can range between 1 and 100, and the default is 20.", {"type": "integer"}, "between 1 and 100"),
        ("Up to 10000 items are allowed in each filter.", {"type": "array", "items": {}}, "Up to 10000 items"),
        ("Value is an integer between 1 and 12", {"type": "integer"}, "between 1 and 12"),
        ("Delta needs to be greater than 0.", {"type": "number"}, "greater than 0"),
        ("(max length = 50)", {"type": "string"}, "max length = 50"),
    ],
)
def test_limits_said_of_the_value_are_found(tmp_path: Path, text: str, schema: dict[str, Any], expected: str) -> None:
    messages = found(spec(tmp_path, thing(value={**schema, "description": text})), "prose-constraint")
    assert len(messages) == 1 and expected in messages[0], messages


def test_a_description_with_several_limits_is_one_finding(tmp_path: Path) -> None:
    text = "The minimum value is `10` and the maximum is `65,536`."
    messages = found(spec(tmp_path, thing(size={"type": "integer", "description": text})), "prose-constraint")
    assert len(messages) == 1
    assert "minimum value is `10`" in messages[0] and "65536" in messages[0]


def test_a_bounded_side_is_not_asked_again(tmp_path: Path) -> None:
    text = "The maximum total length of the label key is 128 characters; domain labels can be up to 62 characters."
    schema = {"type": "string", "maxLength": 128, "description": text}
    assert found(spec(tmp_path, thing(key=schema)), "prose-constraint") == []


def test_claims_keep_the_unit() -> None:
    assert [(c.phrase, c.unit) for c in claims("Keys must be at most 40 characters.")] == [
        ("at most 40 characters", "characters")
    ]
    assert [c.unit for c in claims("Must be less than 98%.")] == ["%"]


# --- prose-exclusive-anyof


def test_exclusive_lists_of_the_same_values_mean_no_overlap(tmp_path: Path) -> None:
    products = {"type": "array", "items": {"type": "string", "enum": ["auth", "identity"]}}
    schemas = thing(
        billed_products=products,
        optional_products={**products, "description": "Mutually exclusive with `billed_products`."},
    )
    assert found(spec(tmp_path, schemas), "prose-exclusive-anyof") == []


def test_two_optional_exclusive_properties_get_not_required_advice(tmp_path: Path) -> None:
    schemas = thing(
        hours={"type": "integer"},
        days={"type": "integer", "description": "Note that this is mutually exclusive with `hours`."},
    )
    (message,) = found(spec(tmp_path, schemas), "prose-exclusive-anyof")
    assert "not: {required: [days, hours]}" in message and "oneOf" not in message


def test_max_properties_one_keeps_them_apart(tmp_path: Path) -> None:
    schemas = thing(a={"type": "array", "description": "Mutually exclusive with `b`."}, b={"type": "array"})
    schemas["Thing"]["maxProperties"] = 1
    assert found(spec(tmp_path, schemas), "prose-exclusive-anyof") == []


# --- formats


def test_custom_formats_are_notes_and_misspellings_warnings(tmp_path: Path) -> None:
    path = spec(
        tmp_path,
        thing(
            created={"type": "integer", "format": "unix-time"},
            method={"type": "string", "format": "http-method"},
            site={"type": "string", "format": "url", "example": "https://example.com"},
            path={"type": "string", "format": "url", "example": "/v4/things/1"},
            weight={"type": "number", "format": "integer"},
        ),
    )
    by_rule: dict[str, list[str]] = {}
    for d in lint_file(path, LintOptions(select=("format-*",))):
        by_rule.setdefault(d.rule, []).append(d.message)
    assert len(by_rule["format-unknown"]) == 2
    assert sorted(m.split(";")[0] for m in by_rule["format-misused"]) == [
        "`format: integer` names a JSON type, not a format, and no validator reads it: this `number` schema "
        "accepts values that are not integers (write `type: integer`)",
        "format `url` is not a registered format",
        "format `url` is not a registered format",
    ]
    assert any("`uri-reference`" in m for m in by_rule["format-misused"])


# --- discriminator-missing, tag-undefined, required-property-undefined


def test_constant_branches_without_discriminator_are_only_a_note(tmp_path: Path) -> None:
    branch = {"type": "object", "properties": {"op": {"type": "integer", "const": 0}}}
    schemas = {"Thing": {"oneOf": [branch, {**branch, "properties": {"op": {"type": "integer", "const": 1}}}]}}
    (finding,) = [d for d in lint_file(spec(tmp_path, schemas)) if d.rule == "discriminator-missing"]
    assert finding.severity.value == "info"


def test_no_top_level_tags_is_allowed(tmp_path: Path) -> None:
    path = spec(tmp_path, thing(a={"type": "string"}))
    document = json.loads(path.read_text(encoding="utf-8"))
    document["paths"]["/things/{thing_id}"]["post"]["tags"] = ["Things"]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert found(path, "tag-undefined") == []
    document["tags"] = [{"name": "Other"}]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert len(found(path, "tag-undefined")) == 1


def test_required_names_defined_in_a_union_member_or_at_the_mixin_users(tmp_path: Path) -> None:
    schemas = {
        "Thing": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"$ref": "#/components/schemas/Kinds"}]},
        "Base": {"type": "object", "required": ["kind", "name"], "properties": {"id": {"type": "string"}}},
        "Kinds": {"oneOf": [{"properties": {"kind": {"const": "a"}}}, {"properties": {"kind": {"const": "b"}}}]},
        "Named": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"name": {"type": "string"}}}]},
    }
    assert found(spec(tmp_path, schemas), "required-property-undefined") == []


# --- samples


def samples(tmp_path: Path, *code: tuple[str, str], body: dict[str, Any] | None = None) -> Path:
    schemas = {
        "Thing": body
        or {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "autoscaling": {"type": "object", "properties": {"min_replicas": {"type": "integer"}}},
            },
        }
    }
    path = spec(tmp_path, schemas)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["paths"]["/things/{thing_id}"]["post"]["x-codeSamples"] = [
        {"lang": lang, "source": source} for lang, source in code
    ]
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def test_sdk_arguments_renamed_by_hand_written_sdks_are_known(tmp_path: Path) -> None:
    path = samples(
        tmp_path,
        ("python", 'client.things.update(thing_id="t1", name="x", min_replicas=2)\n'),
        ("python", 'client.things.update(thingId="t1", name="x")\n'),
    )
    assert found(path, "sample-sdk-params") == []
    path = samples(tmp_path, ("python", 'client.things.update(thing_id="t1", nmae="x")\n'))
    (message,) = found(path, "sample-sdk-params")
    assert "`nmae=`" in message and "did you mean `name`" in message


def test_a_header_without_its_colon_is_named_as_such(tmp_path: Path) -> None:
    source = 'curl https://api.example.com/things/t1 \\\n  -H "Authorization Bearer $KEY" \\\n  -H "X-Trace: 1"\n'
    path = samples(tmp_path, ("curl", source))
    (message,) = found(path, "sample-curl-header")
    assert "`-H 'Authorization Bearer $KEY'` has no `:`" in message and "Authorization: Bearer $KEY" in message
    undeclared = found(path, "sample-undeclared-header")
    assert len(undeclared) == 1 and "`X-Trace: 1`" in undeclared[0]


def test_curl_json_without_content_type(tmp_path: Path) -> None:
    sent = 'curl https://api.example.com/things/t1 \\\n  -d \'{"name": "x"}\'\n'
    assert len(found(samples(tmp_path, ("curl", sent)), "sample-curl-content-type")) == 1
    typed = sent.replace("-d", "-H 'Content-Type: application/json' \\\n  -d")
    assert found(samples(tmp_path, ("curl", typed)), "sample-curl-content-type") == []
    as_json = 'curl https://api.example.com/things/t1 --json \'{"name": "x"}\'\n'
    assert found(samples(tmp_path, ("curl", as_json)), "sample-curl-content-type") == []


# --- messages and other new rules


def test_webhook_without_operation_id_reads_well(tmp_path: Path) -> None:
    path = spec(tmp_path, thing(a={"type": "string"}))
    document = json.loads(path.read_text(encoding="utf-8"))
    document["webhooks"] = {"thing.created": {"post": {"responses": {"200": {"description": "OK"}}}}}
    path.write_text(json.dumps(document), encoding="utf-8")
    (message,) = found(path, "operation-operationId")
    assert message.startswith("webhook 'thing.created' POST has no operationId; ")
    assert "method names" not in message


def test_oas31_nullable_false_is_not_reported_and_true_is_advised_right(tmp_path: Path) -> None:
    schemas = thing(a={"type": "string", "nullable": False}, b={"type": "string", "nullable": True})
    (message,) = found(spec(tmp_path, schemas), "oas31-nullable")
    assert "add 'null' to `type`" in message


def test_mirrored_x_webhooks_are_one_webhook(tmp_path: Path) -> None:
    hook = {"post": {"operationId": "thing.created", "responses": {"200": {"description": "OK"}}}}
    path = spec(tmp_path, thing(a={"type": "string"}), webhooks={"thing.created": hook})
    document = json.loads(path.read_text(encoding="utf-8"))
    document["x-webhooks"] = {"thing.created": hook}
    path.write_text(json.dumps(document), encoding="utf-8")
    assert found(path, "operation-id-duplicate") == []


def test_form_examples_and_sdk_form_bodies_are_text(tmp_path: Path) -> None:
    path = spec(tmp_path, thing(width={"type": "number"}, zip={"type": "string"}))
    document = json.loads(path.read_text(encoding="utf-8"))
    operation = document["paths"]["/things/{thing_id}"]["post"]
    operation["requestBody"]["content"] = {
        "multipart/form-data": {
            "schema": {"$ref": "#/components/schemas/Thing"},
            "example": {"width": "2.5", "zip": 94107},
        },
        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}, "example": {"width": "2.5"}},
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    (message,) = found(path, "example-invalid")
    assert "(application/json)" in message and '"2.5" is not of type number' in message


def test_json_text_inside_a_string_example_is_named(tmp_path: Path) -> None:
    path = spec(tmp_path, {"Thing": {"type": "object", "properties": {"id": {"type": "integer"}}}})
    document = json.loads(path.read_text(encoding="utf-8"))
    response = document["paths"]["/things/{thing_id}"]["post"]["responses"]["200"]["content"]["application/json"]
    response["examples"] = {"one": {"value": '{\n  "id": "x"\n}'}}
    path.write_text(json.dumps(document), encoding="utf-8")
    (message,) = found(path, "example-invalid")
    assert "is JSON text inside a string" in message and "at /id" in message
