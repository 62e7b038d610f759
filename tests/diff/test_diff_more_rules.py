"""The rules beyond the issue's list: headers, links, bodies, unions, discriminators, security, servers..."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from generator.diff.model import Change

Spec = dict[str, Any]
Mutate = Callable[[Spec, Spec], None]

THING = "/components/schemas/Thing"
CREATE = "/components/schemas/CreateThing"
POST = "/paths/~1things/post"
GET = "/paths/~1things~1{thing_id}/get"


def s(spec: Spec, name: str) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"][name]
    return result


def op(spec: Spec, which: str = "get") -> dict[str, Any]:
    path = "/things/{thing_id}" if which == "get" else "/things"
    result: dict[str, Any] = spec["paths"][path][which]
    return result


def both(change: Callable[[Spec], None]) -> Mutate:
    """Apply ``change`` to both specs (shared setup)."""

    def run(old: Spec, new: Spec) -> None:
        change(old)
        change(new)

    return run


def then(*steps: Mutate) -> Mutate:
    def run(old: Spec, new: Spec) -> None:
        for step in steps:
            step(old, new)

    return run


def with_header(spec: Spec, required: bool) -> None:
    op(spec)["responses"]["200"]["headers"] = {"X-Poll-After": {"required": required, "schema": {"type": "integer"}}}


def with_link(spec: Spec, target: str) -> None:
    op(spec, "post")["responses"]["200"]["links"] = {
        "poll": {"operationId": target, "parameters": {"thing_id": "$response.body#/id"}}
    }


def with_shapes(spec: Spec, names: list[str], discriminator: dict[str, Any] | None = None) -> None:
    for name in ("Circle", "Square"):
        s(spec, name)["type"] = "object"
        s(spec, name)["properties"] = {"kind": {"const": name.lower()}}
    union: dict[str, Any] = {"oneOf": [{"$ref": f"#/components/schemas/{n}"} for n in names]}
    if discriminator is not None:
        union["discriminator"] = discriminator
    s(spec, "Thing")["properties"]["shape"] = union


def shapes_setup(spec: Spec) -> None:
    spec["components"]["schemas"]["Circle"] = {}
    spec["components"]["schemas"]["Square"] = {}


CASES: list[tuple[str, Mutate, set[tuple[str, str, str]]]] = [
    (
        "operation id changed",
        lambda old, new: op(new).update(operationId="retrieveThing"),
        {("operation-id-changed", "breaking", f"{GET}/operationId")},
    ),
    (
        "operation deprecated",
        lambda old, new: op(new).update(deprecated=True),
        {("deprecated-changed", "compatible", f"{GET}/deprecated")},
    ),
    (
        "parameter serialization",
        lambda old, new: op(new)["parameters"][1].update(style="deepObject"),
        {("parameter-serialization-changed", "breaking", f"{GET}/parameters/1")},
    ),
    (
        "parameter became optional",
        then(
            lambda old, new: op(old)["parameters"][1].update(required=True),
        ),
        {("parameter-became-optional", "compatible", f"{GET}/parameters/1")},
    ),
    (
        "request body removed",
        lambda old, new: op(new, "post").pop("requestBody"),
        {("request-body-removed", "breaking", f"{POST}/requestBody")},
    ),
    (
        "optional request body added",
        lambda old, new: op(new).update(requestBody={"content": {"application/json": {"schema": {"type": "object"}}}}),
        {("request-body-added", "compatible", f"{GET}/requestBody")},
    ),
    (
        "required request body added",
        lambda old, new: op(new).update(
            requestBody={"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
        ),
        {("request-body-added-required", "breaking", f"{GET}/requestBody")},
    ),
    (
        "request media type removed",
        lambda old, new: op(new, "post")["requestBody"].update(
            content={"multipart/form-data": op(new, "post")["requestBody"]["content"]["application/json"]}
        ),
        {
            ("request-media-type-removed", "breaking", f"{POST}/requestBody/content/application~1json"),
            ("request-media-type-added", "compatible", f"{POST}/requestBody/content/multipart~1form-data"),
        },
    ),
    (
        "error status added and removed",
        then(
            lambda old, new: op(old)["responses"].update({"404": {"description": "missing"}}),
            lambda old, new: op(new)["responses"].update({"429": {"description": "slow down"}}),
        ),
        {
            ("response-error-status-removed", "compatible", f"{GET}/responses/404"),
            ("response-error-status-added", "compatible", f"{GET}/responses/429"),
        },
    ),
    (
        "required response header removed",
        lambda old, new: with_header(old, True),
        {("response-required-header-removed", "breaking", f"{GET}/responses/200/headers/X-Poll-After")},
    ),
    (
        "optional response header removed",
        lambda old, new: with_header(old, False),
        {("response-header-removed", "compatible", f"{GET}/responses/200/headers/X-Poll-After")},
    ),
    (
        "response header became optional",
        then(lambda old, new: with_header(old, True), lambda old, new: with_header(new, False)),
        {("response-header-became-optional", "breaking", f"{GET}/responses/200/headers/X-Poll-After")},
    ),
    (
        "link added",
        lambda old, new: with_link(new, "getThing"),
        {("response-link-added", "compatible", f"{POST}/responses/200/links/poll")},
    ),
    (
        "link changed",
        then(lambda old, new: with_link(old, "getThing"), lambda old, new: with_link(new, "otherThing")),
        {("response-link-changed", "breaking", f"{POST}/responses/200/links/poll")},
    ),
    (
        "request became non-nullable",
        lambda old, new: s(old, "CreateThing")["properties"]["name"].update(type=["string", "null"]),
        {("request-became-non-nullable", "breaking", f"{CREATE}/properties/name")},
    ),
    (
        "request type widened",
        lambda old, new: s(new, "CreateThing")["properties"]["size"].update(type="number"),
        {("request-type-widened", "compatible", f"{CREATE}/properties/size/type")},
    ),
    (
        "response type narrowed",
        lambda old, new: s(old, "Thing")["properties"]["created_at"].update(type=["integer", "string"]),
        {("response-type-narrowed", "compatible", f"{THING}/properties/created_at/type")},
    ),
    (
        "default changed",
        lambda old, new: s(new, "CreateThing")["properties"]["mode"].update(default="slow"),
        {("default-changed", "compatible", f"{CREATE}/properties/mode/default")},
    ),
    (
        "response property removed from allOf member",
        then(
            both(lambda spec: s(spec, "Thing").update(allOf=[{"$ref": "#/components/schemas/Owner"}])),
            lambda old, new: s(new, "Owner")["properties"].pop("login"),
        ),
        {("response-property-removed", "breaking", "/components/schemas/Owner/properties/login")},
    ),
    (
        "property became read-only",
        lambda old, new: s(new, "CreateThing")["properties"]["mode"].update(readOnly=True),
        {("request-property-removed", "breaking", f"{CREATE}/properties/mode")},
    ),
    (
        "plain schema became a union",
        lambda old, new: s(new, "Thing")["properties"].update(
            created_at={"oneOf": [{"type": "string"}, {"type": "boolean"}]}
        ),
        {("schema-combinator-changed", "breaking", f"{THING}/properties/created_at/oneOf")},
    ),
    (
        "plain schema became a union with its shape as a member",
        lambda old, new: s(new, "Thing")["properties"].update(
            created_at={"anyOf": [{"type": "integer"}, {"type": "string"}]}
        ),
        {("response-union-variant-added", "breaking", f"{THING}/properties/created_at/anyOf/1")},
    ),
    (
        "discriminator added",
        then(
            both(shapes_setup),
            lambda old, new: with_shapes(old, ["Circle", "Square"]),
            lambda old, new: with_shapes(new, ["Circle", "Square"], {"propertyName": "kind"}),
        ),
        {("discriminator-added", "compatible", f"{THING}/properties/shape/discriminator")},
    ),
    (
        "discriminator mapping retargeted",
        then(
            both(shapes_setup),
            lambda old, new: with_shapes(old, ["Circle", "Square"], {"propertyName": "kind"}),
            lambda old, new: with_shapes(
                new,
                ["Circle", "Square"],
                {"propertyName": "kind", "mapping": {"circle": "#/components/schemas/Square"}},
            ),
        ),
        {("discriminator-mapping-changed", "breaking", f"{THING}/properties/shape/discriminator/mapping/circle")},
    ),
    (
        "request invariant added",
        lambda old, new: s(new, "CreateThing").update(
            {"x-specgen-invariants": [{"expression": "size <= 5", "message": "small"}]}
        ),
        {("request-invariant-added", "breaking", f"{CREATE}/x-specgen-invariants/0")},
    ),
    (
        "unclassified keyword",
        lambda old, new: s(new, "CreateThing")["properties"]["name"].update({"not": {"const": "x"}}),
        {("schema-keyword-changed", "breaking", f"{CREATE}/properties/name/not")},
    ),
    (
        "security scheme changed",
        lambda old, new: new["components"]["securitySchemes"]["ApiKey"].update(type="apiKey", name="key", scheme=None),
        {("security-scheme-changed", "breaking", "/components/securitySchemes/ApiKey")},
    ),
    (
        "server removed and added",
        then(
            lambda old, new: old.update(servers=[{"url": "https://old.example.com"}]),
            lambda old, new: new.update(servers=[{"url": "https://new.example.com"}]),
        ),
        {
            ("server-removed", "breaking", "/servers/0"),
            ("server-added", "compatible", "/servers/0"),
        },
    ),
    (
        "specgen pagination added",
        lambda old, new: op(new).update({"x-specgen-pagination": {"style": "cursor", "items": "data"}}),
        {("specgen-pagination-changed", "breaking", f"{GET}/x-specgen-pagination")},
    ),
    (
        "other vendor extension",
        lambda old, new: s(new, "Thing").update({"x-stainless-const": True}),
        {("extension-changed", "docs", f"{THING}/x-stainless-const")},
    ),
    (
        "info version",
        lambda old, new: new["info"].update(version="2.0.0"),
        {("info-changed", "docs", "/info/version")},
    ),
    (
        "component renamed",
        then(
            lambda old, new: new["components"]["schemas"].update(Person=new["components"]["schemas"].pop("Owner")),
            lambda old, new: s(new, "Thing")["properties"]["owner"].update({"$ref": "#/components/schemas/Person"}),
        ),
        {("schema-name-changed", "breaking", "/components/schemas/Person")},
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_rule(
    base: Callable[[], Spec],
    diff: Callable[[Spec, Spec], list[Change]],
    triples: Callable[[list[Change]], set[tuple[str, str, str]]],
    mutate: Mutate,
    expected: set[tuple[str, str, str]],
) -> None:
    old, new = base(), base()
    mutate(old, new)
    assert triples(diff(old, new)) == expected
