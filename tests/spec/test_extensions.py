"""``x-specgen-*`` extensions are parsed once: lint and generate see the same problems."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from generator.diagnostics import Severity
from generator.lint import lint_file
from generator.pipeline import Options, generate
from generator.spec.load import load_spec

_SPEC = """\
    openapi: 3.0.3
    info: {title: t, version: '1'}
    servers: [{url: 'https://x.test'}]
    x-specgen-client: {api-key-env: 'not a name'}
    paths:
      /things:
        get:
          operationId: listThings
          x-specgen-pagination: {items: data, cursor-param: after}
          x-specgen-colour: blue
          parameters:
            - {name: after, in: query, schema: {type: string}}
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Page'}
      /things/{id}:
        get:
          operationId: getThing
          x-specgen-poll: {status: state, terminal: [done, gone]}
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Thing'}
    components:
      schemas:
        Page:
          type: object
          properties:
            data: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        Thing:
          type: object
          x-specgen-name: Item
          properties:
            id: {type: string, x-specgen-name: Nope}
            state: {type: string, enum: [running, done]}
    """


def test_lint_and_generate_report_the_same_extension_problems(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(dedent(_SPEC), encoding="utf-8")
    linted = {(d.pointer, d.message) for d in lint_file(path) if d.rule == "specgen-extension"}
    generated = generate(path, Options(package="things", spec_name="spec.yaml"))
    warned = {(d.pointer, d.message) for d in generated.diagnostics if d.rule == "specgen-extension"}
    assert all(d.severity is Severity.WARNING for d in generated.diagnostics if d.rule == "specgen-extension")
    assert linted == warned
    assert linted == {
        ("/x-specgen-client/api-key-env", "`x-specgen-client`: 'not a name' is not an environment variable name"),
        (
            "/paths/~1things/get/x-specgen-colour",
            "`x-specgen-colour`: unknown specgen extension (known: x-specgen-aliases, x-specgen-client, "
            "x-specgen-invariants, x-specgen-method, x-specgen-name, x-specgen-pagination, x-specgen-poll, "
            "x-specgen-resource; see docs/extensions.md)",
        ),
        (
            "/paths/~1things~1{id}/get/x-specgen-poll/terminal/1",
            "`x-specgen-poll`: `gone` is not a value of `state` (running, done)",
        ),
        (
            "/components/schemas/Thing/properties/id/x-specgen-name",
            "`x-specgen-name`: belongs on a component schema; it has no effect here",
        ),
    }
    # A pagination without `style` is cursor pagination (the documented default), with no problem.
    spec = load_spec(path)
    settings = spec.extensions.of(spec.operations[0])
    assert settings.pagination is not None and settings.pagination.style == "cursor"
    assert spec.extensions.of(spec.operations[1]).poll is None  # a value with a problem is not used
    assert spec.extensions.names == {"/components/schemas/Thing": "Item"}
    assert "class Item(" in generated.files["things/models.py"]
