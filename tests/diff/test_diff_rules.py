"""One small spec pair per severity rule of ``specgen diff``: kind, severity and pointer of what it reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from generator.diff.model import Change

Spec = dict[str, Any]
Diff = Callable[[Spec, Spec], list[Change]]
Triples = Callable[[list[Change]], set[tuple[str, str, str]]]

THING = "/components/schemas/Thing"
CREATE = "/components/schemas/CreateThing"
POST = "/paths/~1things/post"
GET = "/paths/~1things~1{thing_id}/get"


def schemas(spec: Spec) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"]
    return result


def get_op(spec: Spec) -> dict[str, Any]:
    result: dict[str, Any] = spec["paths"]["/things/{thing_id}"]["get"]
    return result


# --- breaking -----------------------------------------------------------------------------------


def test_removed_operation(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    del new["paths"]["/things/{thing_id}"]
    changes = diff(base(), new)
    assert triples(changes) == {("operation-removed", "breaking", GET)}
    assert changes[0].side == "old"
    assert changes[0].operation == "getThing"


def test_removed_parameter(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    get_op(new)["parameters"].pop(1)
    assert triples(diff(base(), new)) == {("parameter-removed", "breaking", f"{GET}/parameters/1")}


def test_removed_response_property(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    del schemas(new)["Thing"]["properties"]["name"]
    assert triples(diff(base(), new)) == {("response-property-removed", "breaking", f"{THING}/properties/name")}


def test_new_required_request_field(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["CreateThing"]["properties"]["color"] = {"type": "string"}
    schemas(new)["CreateThing"]["required"].append("color")
    expected = {("request-property-added-required", "breaking", f"{CREATE}/properties/color")}
    assert triples(diff(base(), new)) == expected


def test_new_required_parameter(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    get_op(new)["parameters"].append({"name": "region", "in": "query", "required": True, "schema": {"type": "string"}})
    assert triples(diff(base(), new)) == {("parameter-added-required", "breaking", f"{GET}/parameters/2")}


def test_optional_request_field_becomes_required(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["CreateThing"]["required"].append("mode")
    expected = {("request-property-became-required", "breaking", f"{CREATE}/properties/mode")}
    assert triples(diff(base(), new)) == expected


def test_optional_parameter_becomes_required(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    get_op(new)["parameters"][1]["required"] = True
    assert triples(diff(base(), new)) == {("parameter-became-required", "breaking", f"{GET}/parameters/1")}


@pytest.mark.parametrize(
    ("schema", "prop", "kind"),
    [("Thing", "created_at", "response-type-changed"), ("CreateThing", "size", "request-type-changed")],
)
def test_type_change(
    base: Callable[[], Spec], diff: Diff, triples: Triples, *, schema: str, prop: str, kind: str
) -> None:
    new = base()
    schemas(new)[schema]["properties"][prop]["type"] = "string"
    pointer = f"/components/schemas/{schema}/properties/{prop}/type"
    assert triples(diff(base(), new)) == {(kind, "breaking", pointer)}


def test_format_change(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old, new = base(), base()
    schemas(old)["Thing"]["properties"]["created_at"] = {"type": "string", "format": "date"}
    schemas(new)["Thing"]["properties"]["created_at"] = {"type": "string", "format": "date-time"}
    expected = {("response-format-changed", "breaking", f"{THING}/properties/created_at/format")}
    assert triples(diff(old, new)) == expected


@pytest.mark.parametrize(
    ("path", "value", "pointer"),
    [
        (("name", "maxLength"), 32, "/properties/name/maxLength"),
        (("name", "minLength"), 2, "/properties/name/minLength"),
        (("name", "pattern"), "^[a-z]+$", "/properties/name/pattern"),
        (("size", "minimum"), 2, "/properties/size/minimum"),
        (("size", "maximum"), 5, "/properties/size/maximum"),
        (("size", "exclusiveMaximum"), 10, "/properties/size/exclusiveMaximum"),
        (("labels", "maxItems"), 5, "/properties/labels/maxItems"),
        (("labels", "uniqueItems"), True, "/properties/labels/uniqueItems"),
        ((None, "additionalProperties"), False, "/additionalProperties"),
    ],
)
def test_tightened_request_constraint(
    base: Callable[[], Spec], diff: Diff, triples: Triples, *, path: tuple[str | None, str], value: Any, pointer: str
) -> None:
    new = base()
    prop, keyword = path
    target = schemas(new)["CreateThing"]
    (target["properties"][prop] if prop else target)[keyword] = value
    assert triples(diff(base(), new)) == {("request-constraint-tightened", "breaking", CREATE + pointer)}


def test_tightened_constraint_30_exclusive_spelling(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old, new = base(), base()
    old["openapi"] = new["openapi"] = "3.0.3"
    schemas(new)["CreateThing"]["properties"]["size"]["exclusiveMaximum"] = True
    expected = {("request-constraint-tightened", "breaking", f"{CREATE}/properties/size/maximum")}
    assert triples(diff(old, new)) == expected


def test_request_enum_value_removed(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["CreateThing"]["properties"]["mode"]["enum"] = ["fast"]
    changes = diff(base(), new)
    assert triples(changes) == {("request-enum-value-removed", "breaking", f"{CREATE}/properties/mode/enum/1")}
    assert changes[0].side == "old"


def test_request_enum_added(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["CreateThing"]["properties"]["name"]["enum"] = ["a", "b"]
    assert triples(diff(base(), new)) == {("request-enum-added", "breaking", f"{CREATE}/properties/name/enum")}


@pytest.mark.parametrize(
    ("version", "nullable_name"),
    [
        ("3.1.0", {"type": ["string", "null"]}),
        ("3.1.0", {"anyOf": [{"type": "string"}, {"type": "null"}]}),
        ("3.0.3", {"type": "string", "nullable": True}),
    ],
)
def test_response_property_becomes_nullable(
    base: Callable[[], Spec], diff: Diff, triples: Triples, version: str, nullable_name: dict[str, Any]
) -> None:
    old, new = base(), base()
    old["openapi"] = new["openapi"] = version
    schemas(new)["Thing"]["properties"]["name"] = nullable_name
    assert triples(diff(old, new)) == {("response-became-nullable", "breaking", f"{THING}/properties/name")}


def test_response_property_becomes_optional(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["Thing"]["required"].remove("status")
    expected = {("response-property-became-optional", "breaking", f"{THING}/properties/status")}
    assert triples(diff(base(), new)) == expected


def test_renamed_path_parameter(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    operation = new["paths"].pop("/things/{thing_id}")
    operation["get"]["parameters"][0]["name"] = "id"
    new["paths"]["/things/{id}"] = operation
    changes = diff(base(), new)
    assert triples(changes) == {("path-parameter-renamed", "breaking", "/paths/~1things~1{id}/get/parameters/0")}
    assert "Python keyword" in changes[0].message


def test_path_changed_matched_by_operation_id(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    new["paths"]["/items/{thing_id}"] = new["paths"].pop("/things/{thing_id}")
    assert triples(diff(base(), new)) == {("operation-path-changed", "breaking", "/paths/~1items~1{thing_id}/get")}


def test_parameter_location_changed(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    get_op(new)["parameters"][1]["in"] = "header"
    assert triples(diff(base(), new)) == {("parameter-location-changed", "breaking", f"{GET}/parameters/1")}


def test_const_change(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["Thing"]["properties"]["object"] = {"const": "thing.v2"}
    assert triples(diff(base(), new)) == {("response-const-changed", "breaking", f"{THING}/properties/object/const")}


def test_one_value_enum_equals_const(base: Callable[[], Spec], diff: Diff) -> None:
    new = base()
    schemas(new)["Thing"]["properties"]["object"] = {"type": "string", "enum": ["thing"]}
    assert diff(base(), new) == []


def test_request_body_becomes_required(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old = base()
    old["paths"]["/things"]["post"]["requestBody"]["required"] = False
    expected = {("request-body-became-required", "breaking", f"{POST}/requestBody/required")}
    assert triples(diff(old, base())) == expected


def test_success_status_removed(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    get_op(new)["responses"]["201"] = get_op(new)["responses"].pop("200")
    assert triples(diff(base(), new)) == {
        ("response-success-status-removed", "breaking", f"{GET}/responses/200"),
        ("response-success-status-added", "compatible", f"{GET}/responses/201"),
    }


def test_response_media_type_removed(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    content = get_op(new)["responses"]["200"]["content"]
    content["application/xml"] = content.pop("application/json")
    assert triples(diff(base(), new)) == {
        ("response-media-type-removed", "breaking", f"{GET}/responses/200/content/application~1json"),
        ("response-media-type-added", "compatible", f"{GET}/responses/200/content/application~1xml"),
    }


def test_specgen_method_renamed(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old, new = base(), base()
    get_op(old)["x-specgen-method"] = "retrieve"
    get_op(new)["x-specgen-method"] = "get"
    assert triples(diff(old, new)) == {("specgen-method-changed", "breaking", f"{GET}/x-specgen-method")}


def test_specgen_name_renamed(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["Thing"]["x-specgen-name"] = "Item"
    assert triples(diff(base(), new)) == {("schema-name-changed", "breaking", f"{THING}/x-specgen-name")}


def test_new_required_auth(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old, new = base(), base()
    get_op(old)["security"] = []
    assert triples(diff(old, new)) == {("security-requirement-tightened", "breaking", "/security")}


def test_extra_auth_alternative_is_compatible(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    get_op(new)["security"] = [{"ApiKey": []}, {}]
    assert triples(diff(base(), new)) == {("security-requirement-relaxed", "compatible", f"{GET}/security")}


def _with_shapes(spec: Spec, names: list[str]) -> Spec:
    for name in ("Circle", "Square", "Triangle"):
        schemas(spec)[name] = {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"const": name.lower()}, "size": {"type": "number"}},
        }
    union = {"oneOf": [{"$ref": f"#/components/schemas/{n}"} for n in names], "discriminator": {"propertyName": "kind"}}
    schemas(spec)["Thing"]["properties"]["shape"] = union
    schemas(spec)["CreateThing"]["properties"]["shape"] = union
    return spec


def test_union_member_added(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old = _with_shapes(base(), ["Circle", "Square"])
    new = _with_shapes(base(), ["Circle", "Square", "Triangle"])
    assert triples(diff(old, new)) == {
        ("response-union-variant-added", "breaking", f"{THING}/properties/shape/oneOf/2"),
        ("request-union-variant-added", "compatible", f"{CREATE}/properties/shape/oneOf/2"),
    }


def test_union_member_removed(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old = _with_shapes(base(), ["Circle", "Square", "Triangle"])
    new = _with_shapes(base(), ["Circle", "Square"])
    assert triples(diff(old, new)) == {
        ("response-union-variant-removed", "compatible", f"{THING}/properties/shape/oneOf/2"),
        ("request-union-variant-removed", "breaking", f"{CREATE}/properties/shape/oneOf/2"),
    }


def test_change_inside_union_member(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old = _with_shapes(base(), ["Circle", "Square"])
    new = _with_shapes(base(), ["Square", "Circle"])
    schemas(new)["Circle"]["properties"]["size"]["minimum"] = 1
    pointer = "/components/schemas/Circle/properties/size/minimum"
    assert triples(diff(old, new)) == {
        ("request-constraint-tightened", "breaking", pointer),
        ("response-constraint-tightened", "compatible", pointer),
    }


# --- compatible ---------------------------------------------------------------------------------


def test_added_optional_request_field(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["CreateThing"]["properties"]["color"] = {"type": "string"}
    assert triples(diff(base(), new)) == {("request-property-added", "compatible", f"{CREATE}/properties/color")}


def test_new_operation(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    new["paths"]["/things/{thing_id}"]["delete"] = {
        "operationId": "deleteThing",
        "responses": {"204": {"description": "gone"}},
    }
    changes = diff(base(), new)
    assert triples(changes) == {("operation-added", "compatible", "/paths/~1things~1{thing_id}/delete")}
    assert changes[0].operation == "deleteThing"


def test_new_optional_parameter(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    get_op(new)["parameters"].append({"name": "region", "in": "query", "schema": {"type": "string"}})
    assert triples(diff(base(), new)) == {("parameter-added", "compatible", f"{GET}/parameters/2")}


@pytest.mark.parametrize(
    ("prop", "keyword", "value", "pointer"),
    [
        ("name", "maxLength", 128, "/properties/name/maxLength"),
        ("size", "minimum", 0, "/properties/size/minimum"),
        ("size", "maximum", None, "/properties/size/maximum"),
        ("labels", "maxItems", 100, "/properties/labels/maxItems"),
    ],
)
def test_widened_request_constraint(
    base: Callable[[], Spec], diff: Diff, triples: Triples, *, prop: str, keyword: str, value: Any, pointer: str
) -> None:
    new = base()
    target = schemas(new)["CreateThing"]["properties"][prop]
    if value is None:
        del target[keyword]
    else:
        target[keyword] = value
    changes = diff(base(), new)
    assert triples(changes) == {("request-constraint-widened", "compatible", CREATE + pointer)}
    assert changes[0].side == ("old" if value is None else "new")


def test_added_response_enum_value(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["Thing"]["properties"]["status"]["enum"].append("deleted")
    expected = {("response-enum-value-added", "compatible", f"{THING}/properties/status/enum/2")}
    assert triples(diff(base(), new)) == expected


def test_removed_response_enum_value(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["Thing"]["properties"]["status"]["enum"] = ["active", "paused"]
    assert triples(diff(base(), new)) == {
        ("response-enum-value-removed", "compatible", f"{THING}/properties/status/enum/1"),
        ("response-enum-value-added", "compatible", f"{THING}/properties/status/enum/1"),
    }


def test_added_request_enum_value(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["CreateThing"]["properties"]["mode"]["enum"].append("auto")
    expected = {("request-enum-value-added", "compatible", f"{CREATE}/properties/mode/enum/2")}
    assert triples(diff(base(), new)) == expected


def test_new_response_property(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["Thing"]["properties"]["color"] = {"type": "string"}
    schemas(new)["Thing"]["required"].append("color")
    assert triples(diff(base(), new)) == {("response-property-added", "compatible", f"{THING}/properties/color")}


def test_required_request_field_becomes_optional(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["CreateThing"]["required"] = []
    expected = {("request-property-became-optional", "compatible", f"{CREATE}/properties/name")}
    assert triples(diff(base(), new)) == expected


def test_required_alternatives(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old, new = base(), base()
    schemas(new)["CreateThing"]["properties"]["title"] = {"type": "string"}
    schemas(new)["CreateThing"]["required"] = []
    schemas(new)["CreateThing"]["anyOf"] = [{"required": ["name"]}, {"required": ["title"]}]
    assert triples(diff(old, new)) == {
        ("request-property-added", "compatible", f"{CREATE}/properties/title"),
        ("request-property-became-optional", "compatible", f"{CREATE}/properties/name"),
        ("request-required-alternatives-widened", "compatible", f"{CREATE}/anyOf"),
    }
    exclusive = base()
    schemas(exclusive)["CreateThing"] = {**schemas(new)["CreateThing"]}
    schemas(exclusive)["CreateThing"]["oneOf"] = schemas(exclusive)["CreateThing"].pop("anyOf")
    assert triples(diff(new, exclusive)) == {
        ("request-required-alternatives-tightened", "breaking", f"{CREATE}/oneOf"),
    }


def test_format_annotation_only(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["Thing"]["properties"]["created_at"]["format"] = "unixtime"
    expected = {("format-annotation-changed", "compatible", f"{THING}/properties/created_at/format")}
    assert triples(diff(base(), new)) == expected


def test_response_constraint_tightened(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["Thing"]["properties"]["name"]["maxLength"] = 10
    expected = {("response-constraint-tightened", "compatible", f"{THING}/properties/name/maxLength")}
    assert triples(diff(base(), new)) == expected


def test_openapi_30_to_31_spellings_compare_equal(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old, new = base(), base()
    old["openapi"] = "3.0.3"
    schemas(old)["Thing"]["properties"]["name"] = {"type": "string", "nullable": True}
    schemas(old)["Thing"]["properties"]["owner"] = {
        "allOf": [{"$ref": "#/components/schemas/Owner"}],
        "nullable": True,
    }
    schemas(old)["CreateThing"]["properties"]["size"].update({"maximum": 10, "exclusiveMaximum": True})
    schemas(new)["Thing"]["properties"]["name"] = {"type": ["string", "null"]}
    schemas(new)["Thing"]["properties"]["owner"] = {"anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]}
    del schemas(new)["CreateThing"]["properties"]["size"]["maximum"]
    schemas(new)["CreateThing"]["properties"]["size"]["exclusiveMaximum"] = 10
    assert triples(diff(old, new)) == {("openapi-version-changed", "compatible", "/openapi")}


# --- docs ---------------------------------------------------------------------------------------


def test_docs_changes(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    new = base()
    schemas(new)["Thing"]["description"] = "A thing, described better."
    new["paths"]["/things"]["post"]["summary"] = "Create one thing."
    media = get_op(new)["responses"]["200"]["content"]["application/json"]
    media["examples"] = {"one": {"value": {"id": "t_1"}}}
    get_op(new)["x-oaiMeta"] = {"name": "Get a thing"}
    schemas(new)["CreateThing"]["properties"]["name"]["example"] = "my thing"
    changes = diff(base(), new)
    assert triples(changes) == {
        ("description-changed", "docs", f"{THING}/description"),
        ("summary-changed", "docs", f"{POST}/summary"),
        ("example-changed", "docs", f"{GET}/responses/200/content/application~1json/examples"),
        ("x-oaiMeta-changed", "docs", f"{GET}/x-oaiMeta"),
        ("example-changed", "docs", f"{CREATE}/properties/name/example"),
    }


# --- references ---------------------------------------------------------------------------------


def test_component_change_reported_once_per_operation(base: Callable[[], Spec], diff: Diff) -> None:
    new = base()
    del schemas(new)["Thing"]["properties"]["name"]
    changes = diff(base(), new)
    assert sorted(c.operation for c in changes) == ["createThing", "getThing"]
    for change in changes:
        assert change.pointer == f"{THING}/properties/name"
        assert f"reached from {change.operation}" in change.message


def test_same_change_reached_twice_in_one_operation_once(base: Callable[[], Spec], diff: Diff) -> None:
    old, new = base(), base()
    for spec in (old, new):
        schemas(spec)["Thing"]["properties"]["reviewer"] = {"$ref": "#/components/schemas/Owner"}
        schemas(spec)["Owner"]["properties"]["manager"] = {"$ref": "#/components/schemas/Owner"}  # recursive
    schemas(new)["Owner"]["properties"]["login"]["type"] = "integer"
    changes = diff(old, new)
    assert [(c.operation, c.kind, c.pointer) for c in changes] == [
        ("createThing", "response-type-changed", "/components/schemas/Owner/properties/login/type"),
        ("getThing", "response-type-changed", "/components/schemas/Owner/properties/login/type"),
    ]


def test_component_used_in_request_and_response(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old, new = base(), base()
    for spec in (old, new):
        schemas(spec)["CreateThing"]["properties"]["owner"] = {"$ref": "#/components/schemas/Owner"}
    schemas(new)["Owner"]["properties"]["team"] = {"type": "string"}
    schemas(new)["Owner"]["required"] = ["team"]
    changes = diff(old, new)
    pointer = "/components/schemas/Owner/properties/team"
    assert triples(changes) == {
        ("request-property-added-required", "breaking", pointer),
        ("response-property-added", "compatible", pointer),
    }


def test_unreached_component(base: Callable[[], Spec], diff: Diff, triples: Triples) -> None:
    old, new = base(), base()
    schemas(old)["Unused"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    schemas(new)["Unused"] = {"type": "object", "properties": {"a": {"type": "integer"}}}
    schemas(new)["Spare"] = {"type": "string"}
    changes = diff(old, new)
    assert triples(changes) == {
        ("component-changed", "compatible", "/components/schemas/Unused"),
        ("component-added", "compatible", "/components/schemas/Spare"),
    }
    assert all(c.operation == "" for c in changes)
    docs_only = base()
    schemas(docs_only)["Unused"] = {"type": "object", "description": "x", "properties": {"a": {"type": "string"}}}
    assert triples(diff(old, docs_only)) == {("component-docs-changed", "docs", "/components/schemas/Unused")}


def test_identical_specs(base: Callable[[], Spec], diff: Diff) -> None:
    assert diff(base(), base()) == []


def test_report_order(base: Callable[[], Spec], diff: Diff) -> None:
    new = base()
    del schemas(new)["Thing"]["properties"]["name"]
    schemas(new)["Thing"]["description"] = "changed"
    schemas(new)["CreateThing"]["properties"]["color"] = {"type": "string"}
    changes = diff(base(), new)
    keys = [(c.severity.rank, c.pointer, c.kind, c.operation) for c in changes]
    assert keys == sorted(keys)
    assert [c.severity.value for c in changes] == ["breaking", "breaking", "compatible", "docs", "docs"]
