"""What real specs do that specgen once misread: each a minimal case, read through ``generator.spec``."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from generator.diagnostics import SpecInputError
from generator.ir import build_ir
from generator.lint import lint_file
from generator.spec import facts
from generator.spec.graph import used_roots
from generator.spec.load import load_spec
from generator.spec.walk import responses


def _spec(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


_DEFAULT_RESPONSE = """\
    openapi: 3.0.3
    info: {title: t, version: '1'}
    paths:
      /a:
        get:
          operationId: getA
          responses:
            '200': {description: ok}
            default:
              description: failure
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Error'}
    components:
      schemas:
        Error:
          type: object
          properties:
            kind: {type: string, enum: [a, 1]}
    """


def test_default_is_a_response_whose_references_are_uses(tmp_path: Path) -> None:
    spec = load_spec(_spec(tmp_path, _DEFAULT_RESPONSE))
    assert [r.status for r in responses(spec, spec.operations[0])] == ["200", "default"]
    assert "/components/schemas/Error" in spec.graph.reachable(used_roots(spec))
    rules = [(d.rule, d.pointer) for d in lint_file(tmp_path / "spec.yaml")]
    assert ("component-unused", "/components/schemas/Error") not in rules
    # Schema rules run under `default` too.
    assert ("typed-enum", "/components/schemas/Error/properties/kind/enum/1") in rules


def test_an_inline_schema_under_default_is_checked(tmp_path: Path) -> None:
    text = _DEFAULT_RESPONSE.replace(
        "schema: {$ref: '#/components/schemas/Error'}", "schema: {type: string, enum: [x, 2]}"
    )
    findings = lint_file(_spec(tmp_path, text))
    pointers = {d.pointer for d in findings if d.rule == "typed-enum"}
    assert "/paths/~1a/get/responses/default/content/application~1json/schema/enum/1" in pointers


def test_references_inside_extensions_are_uses(tmp_path: Path) -> None:
    path = _spec(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths: {}
        x-webhooks:
          created:
            post:
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Event'}
              responses:
                '200': {description: ok}
        x-other:
          payload: {$ref: '#/components/schemas/Other'}
        components:
          schemas:
            Event: {type: object, properties: {id: {type: string}}}
            Other: {type: object, properties: {id: {type: string}}}
            Unused: {type: string}
        """,
    )
    spec = load_spec(path)
    assert [op.label for op in spec.operations] == ["webhook 'created' POST"]
    unused = [d.pointer for d in lint_file(path) if d.rule == "component-unused"]
    assert unused == ["/components/schemas/Unused"]


def test_a_broken_reference_inside_an_extension_is_vendor_data(tmp_path: Path) -> None:
    path = _spec(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths: {}
        x-notes: {$ref: 'missing.yaml'}
        """,
    )
    assert load_spec(path).data["x-notes"] == {"$ref": "missing.yaml"}


_NULLABLE = """\
    openapi: 3.0.3
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
                  schema: {$ref: '#/components/schemas/Holder'}
                  example: {beside: null, inside: null, plain: null}
    components:
      schemas:
        Inner: {type: object, properties: {x: {type: string}}}
        Holder:
          type: object
          required: [beside, inside, plain]
          properties:
            beside:
              allOf: [{$ref: '#/components/schemas/Inner'}]
              nullable: true
            inside:
              allOf:
                - $ref: '#/components/schemas/Inner'
                - nullable: true
            plain:
              allOf: [{$ref: '#/components/schemas/Inner'}]
    """


def test_nullable_beside_or_inside_all_of_allows_null(tmp_path: Path) -> None:
    path = _spec(tmp_path, _NULLABLE)
    spec = load_spec(path)
    properties = spec.data["components"]["schemas"]["Holder"]["properties"]
    assert facts.allows_null(spec, properties["beside"])
    assert facts.allows_null(spec, properties["inside"])
    assert not facts.allows_null(spec, properties["plain"])
    invalid = [d.pointer for d in lint_file(path) if d.rule == "example-invalid"]
    assert invalid == ["/paths/~1a/get/responses/200/content/application~1json/example/plain"]


def test_required_names_defined_by_a_sibling_all_of_member(tmp_path: Path) -> None:
    path = _spec(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths: {}
        components:
          schemas:
            Base: {type: object, properties: {id: {type: string}}}
            Thing:
              allOf:
                - $ref: '#/components/schemas/Base'
                - type: object
                  required: [id, name, missing]
                  properties:
                    name: {type: string}
            Composed:
              type: object
              required: [id, own]
              properties:
                own: {type: string}
              allOf: [{$ref: '#/components/schemas/Base'}]
        """,
    )
    spec = load_spec(path)
    parts = facts.object_parts(spec, spec.data["components"]["schemas"]["Thing"], "/components/schemas/Thing")
    assert set(parts.properties) == {"id", "name"}
    assert parts.required == {"id", "name", "missing"}
    undefined = [d.message for d in lint_file(path) if d.rule == "required-property-undefined"]
    assert undefined == ["`missing` is required but the schema defines no such property"]


def test_external_references_are_placed_by_what_they_are(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    _spec(tmp_path, "name: check_id\nin: path\nrequired: true\nschema: {type: string}\n", "parts/check_id.yaml")
    _spec(tmp_path, "description: ok\ncontent: {$ref: 'content.yaml'}\n", "parts/ok.yaml")
    _spec(tmp_path, "application/json:\n  schema: {$ref: 'thing.yaml'}\n", "parts/content.yaml")
    _spec(tmp_path, "type: object\nproperties:\n  id: {type: string}\nrequired: 7\n", "parts/thing.yaml")
    _spec(
        tmp_path,
        "get:\n  operationId: getCheck\n  parameters: [{$ref: 'check_id.yaml'}]\n"
        "  responses:\n    '200': {$ref: 'ok.yaml'}\n",
        "parts/item.yaml",
    )
    root = _spec(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /checks/{check_id}: {$ref: 'parts/item.yaml'}
        """,
    )
    spec = load_spec(root)
    components = spec.data["components"]
    assert components["parameters"]["check_id"]["in"] == "path"
    assert components["responses"]["ok"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/thing"
    }
    assert "pathItems" not in components  # 3.0: the path item is copied in place
    operation = spec.data["paths"]["/checks/{check_id}"]["get"]
    assert operation["parameters"] == [{"$ref": "#/components/parameters/check_id"}]
    # A problem in a bundled part is reported in its own file, at its own line.
    place = spec.place("/components/schemas/thing/required")
    assert place.file == str(tmp_path / "parts" / "thing.yaml")
    assert (place.pointer, place.line) == ("/required", 4)
    place = spec.place("/paths/~1checks~1{check_id}/get/operationId")
    assert place.file.endswith("item.yaml") and place.line == 2


def test_path_items_go_to_components_in_3_1(tmp_path: Path) -> None:
    _spec(tmp_path, "get:\n  operationId: getA\n  responses:\n    '200': {description: ok}\n", "item.yaml")
    root = _spec(
        tmp_path,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: 'item.yaml'}\n",
    )
    spec = load_spec(root)
    assert spec.data["paths"]["/a"] == {"$ref": "#/components/pathItems/item"}
    [operation] = spec.operations
    assert (operation.key, operation.method, operation.pointer) == ("/a", "get", "/components/pathItems/item/get")
    assert spec.place(operation.pointer).file.endswith("item.yaml")


def test_a_reference_in_place_of_text_is_copied_in(tmp_path: Path) -> None:
    _spec(tmp_path, "long: A long description kept in another file.\n", "texts.yaml")
    root = _spec(
        tmp_path,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "tags:\n  - name: pets\n    description: {$ref: 'texts.yaml#/long'}\n",
    )
    spec = load_spec(root)
    assert spec.data["tags"][0]["description"] == "A long description kept in another file."


def test_the_folder_references_may_read_is_settable(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "api").mkdir()
    _spec(tmp_path, "type: string\n", "schemas/name.yaml")
    root = _spec(
        tmp_path,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    Name: {$ref: '../schemas/name.yaml'}\n",
        "api/root.yaml",
    )
    with pytest.raises(SpecInputError) as caught:
        load_spec(root)
    assert "leaves the spec's folder" in caught.value.message and "--spec-root" in caught.value.message
    assert (caught.value.line, caught.value.column) == (6, 18)  # the reference's value
    spec = load_spec(root, root=tmp_path)
    assert spec.data["components"]["schemas"]["name"] == {"type": "string"}
    with pytest.raises(SpecInputError) as caught:
        load_spec(root, root=tmp_path / "api")
    assert f"leaves the folder specgen may read ({(tmp_path / 'api').resolve()})" in caught.value.message


def test_discriminator_mapping_references_are_bundled_like_refs(tmp_path: Path) -> None:
    """lob: a mapping value ``#/oneOf/0`` in a schema file refers to that file, as a ``$ref`` there would."""
    _spec(
        tmp_path,
        """\
        oneOf:
          - {type: object, properties: {kind: {type: string, enum: [cat]}, meows: {type: boolean}}}
          - $ref: 'dog.yaml'
        discriminator:
          propertyName: kind
          mapping: {cat: '#/oneOf/0', dog: 'dog.yaml', bird: Bird}
        """,
        "pet.yaml",
    )
    _spec(tmp_path, "type: object\nproperties:\n  kind: {type: string, enum: [dog]}\n", "dog.yaml")
    root = _spec(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        servers: [{url: 'https://pets.example'}]
        paths:
          /pet:
            get:
              operationId: getPet
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {$ref: 'pet.yaml'}}}
        """,
    )
    spec = load_spec(root)
    mapping = spec.data["components"]["schemas"]["pet"]["discriminator"]["mapping"]
    assert mapping == {"cat": "#/components/schemas/pet/oneOf/0", "dog": "#/components/schemas/dog", "bird": "Bird"}
    ir = build_ir(spec, "pets")  # cat and dog name their classes; only the missing Bird is reported
    assert [d.message for d in ir.diagnostics if d.rule == "discriminator-mapping-unresolved"] == [
        "mapping 'bird' -> 'Bird' names no object component"
    ]
