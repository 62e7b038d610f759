"""Injection: spec text carrying quotes, backslashes, line breaks, NUL, Jinja syntax, shell and
Python code stays data.

The payloads go into every place spec text reaches generated code: titles, descriptions and
summaries (docstrings), enums, defaults, constants, patterns and examples (literals), tags,
paths, header defaults, discriminator tags, invariant messages and expressions, the client's
environment variable names (refused: not a variable name) and the generated ``pyproject.toml``.
The generated package must compile, import, run its own generated tests, round-trip every
payload unchanged, and no
payload may run: each command payload would create a marker file, and generation runs in the
audit sandbox, which refuses (and records) any attempt to start a process.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

from tests.hostile.support import (
    assert_no_crash,
    compile_tree,
    dump,
    imported,
    json_body,
    json_response,
    outside_world,
    ref,
    run_generated_tests,
    spec,
    specgen,
)

PACKAGE = "injected"


def _payloads(markers: Path) -> list[str]:
    touch = f"touch {markers}/"
    return [
        f'"""; __import__("os").system("{touch}m1"); """',
        f"'''; __import__('os').system('{touch}m2'); '''",
        "\\",
        "ends with a backslash \\",
        'ends with a quote "',
        "ends with a single quote '",
        '\\"""\\',
        "line1\nline2\r\nline3\rline4",
        "NUL\x00byte",
        "\x1b[31mred\x1b[0m\x07",
        "sep\u2028ara\u2029tor\x85nel\x0c",
        "{{ 7*7*1234567 }} {% for x in range(3) %}{{ x }}{% endfor %} {# comment #} {% raw %}",
        f"$({touch}m3) `{touch}m4`",
        f'__import__("os").system("{touch}m5")',
        f'"); import os; os.system("{touch}m6"); ("',
        f"# -*- coding: utf-7 -*-\n+AAo-import os+ADs-os.system(+ACI-{touch}m7+ACI-)",
        "\\N{LATIN SMALL LETTER A} \\u0041 \\x41 \\0 %s %(x)s {0} {x!r}",
        "\t tabs \t and trailing spaces   ",
        "*/ --> ]]> </script> ${x} #{x} <%= x %>",
        f"f\"{{__import__('os').system('{touch}m8')}}\"",
    ]


CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")  # PEP 263: only on the first two lines
PATTERN = r'^(?:"""|' + r"'''" + r"|\\|[a-z{}%$`])+$"


def _header_text(markers: Path) -> str:
    """Header values must be sendable (no line breaks or NUL); quotes, backslashes and code are fine."""
    return f"\"\"\"'''\\ $(touch {markers}/m9) {{{{ 7*7*1234567 }}}} __import__('os')"


def _injection_spec(markers: Path) -> dict[str, Any]:
    payloads = _payloads(markers)
    text = " | ".join(payloads)
    short = f'"""\\$(touch {markers}/m13){{{{x}}}}'
    thing = {
        "type": "object",
        "title": text,
        "description": text,
        "required": ["kind"],
        "properties": {
            "kind": {"type": "string", "enum": payloads, "description": text},
            "label": {"type": "string", "default": text, "description": text, "example": text},
            "code": {"type": "string", "pattern": PATTERN, "example": '"""', "description": text},
            "fixed": {"type": "string", "const": text, "description": text},
            "number": {"type": "integer", "minimum": 0, "maximum": 50, "default": 3, "description": text},
            f"\"); __import__('os').system('touch {markers}/m11') #": {"type": "string", "description": text},
            "nested": {"type": "object", "description": text, "properties": {"inner": {"type": "string"}}},
        },
        "x-specgen-invariants": [{"expression": "2 * number <= 100", "message": text}],
        "example": {"kind": payloads[3], "label": text, "code": "'''"},
    }
    circle = {
        "type": "object",
        "required": ["kind"],
        "description": text,
        "properties": {"kind": {"type": "string", "enum": [short]}, "radius": {"type": "number"}},
    }
    square = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"type": "string", "enum": ["square"]}, "side": {"type": "number"}},
        "x-specgen-invariants": [
            {"expression": f"__import__('os').system('touch {markers}/m12') == 1", "message": "x"}
        ],
    }
    shape = {
        "oneOf": [ref("Circle"), ref("Square")],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {short: ref("Circle")["$ref"], "square": ref("Square")["$ref"]},
        },
        "description": text,
    }
    operation = {
        "operationId": text,
        "summary": text,
        "description": text,
        "tags": [text],
        "parameters": [
            {"name": "id", "in": "path", "required": True, "description": text, "schema": {"type": "string"}},
            {"name": "mode", "in": "query", "description": text, "schema": {"type": "string", "enum": payloads}},
            {"name": "free", "in": "query", "description": text, "schema": {"type": "string", "pattern": PATTERN}},
            {"name": "X-Inject", "in": "header", "schema": {"type": "string", "default": _header_text(markers)}},
        ],
        "requestBody": json_body(ref("Thing")),
        "responses": {"200": {"description": text, "content": {"application/json": {"schema": ref("Thing")}}}},
    }
    return spec(
        {
            "/things/{id}": {"post": operation},
            "/shapes": {
                "get": {"operationId": "getShape", "description": text, "responses": json_response(ref("Holder"))}
            },
            "/q'$(x)`\\/{id}": {
                "get": {
                    "operationId": "quoted",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"204": {"description": text}},
                }
            },
        },
        {
            "Thing": thing,
            "Circle": circle,
            "Square": square,
            "Shape": shape,
            "Holder": {"type": "object", "description": text, "properties": {"shape": ref("Shape")}},
        },
        info={"title": text, "version": text, "description": text},
        tags=[{"name": text, "description": text}],
        **{"x-specgen-client": {"api-key-env": text, "base-url-env": text}},
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, list[str]]]:
    """(out, markers folder, payloads): the injection spec generated once, in the audit sandbox."""
    folder = tmp_path_factory.mktemp("injection")
    markers = folder / "markers"
    markers.mkdir()
    dump(folder / "inject.json", _injection_spec(markers))
    dump(folder / "inject.yaml", _injection_spec(markers))
    log = folder / "audit.log"
    result = specgen("generate", "--spec", "inject.json", "--out", "out", "--package", PACKAGE, cwd=folder, log=log)
    assert_no_crash(result, allowed=(0,))
    assert outside_world(log) == [], "generation tried to run a program or reach the network"
    # The code-like invariant and the environment variable names are refused, with a warning each.
    assert "specgen-extension: `x-specgen-invariants`: unexpected text at" in result.err, result.err
    assert result.err.count("is not an environment variable name") == 2, result.err
    yaml_result = specgen("generate", "--spec", "inject.yaml", "--out", "out_yaml", "--package", PACKAGE, cwd=folder)
    assert_no_crash(yaml_result, allowed=(0,))
    yield folder / "out", markers, _payloads(markers)
    assert list(markers.iterdir()) == [], "a payload ran"


def test_yaml_and_json_give_the_same_package(generated: tuple[Path, Path, list[str]]) -> None:
    out, _, _ = generated
    other = out.parent / "out_yaml"
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and p.name != ".specgen-manifest.json")
    assert files == sorted(
        p.relative_to(other) for p in other.rglob("*") if p.is_file() and p.name != ".specgen-manifest.json"
    )
    for relative in files:  # the same bytes, but for the header naming the spec file
        ours, theirs = ((o / relative).read_text(encoding="utf-8") for o in (out, other))
        assert ours.replace("inject.json", "inject.yaml") == theirs, relative


def test_black_leaves_the_package_unchanged(generated: tuple[Path, Path, list[str]]) -> None:
    """Nothing is formatted: specgen lays every module out itself, payloads in docstrings and literals included."""
    out, _, _ = generated
    black = Path(sys.executable).parent / "black"
    command = [str(black), "--check", "--line-length", "120", "--target-version", "py311", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_package_compiles_and_imports(generated: tuple[Path, Path, list[str]]) -> None:
    out, markers, _ = generated
    sources = compile_tree(out)
    assert any(p.name == "models.py" for p in sources)
    models_source = (out / PACKAGE / "models.py").read_text(encoding="utf-8")
    evaluated = "60493783" in models_source
    assert "{{ 7*7*1234567 }}" in models_source and not evaluated, "Jinja syntax in spec text was evaluated"
    for path in sources:
        head = path.read_text(encoding="utf-8").splitlines()[:2]
        assert not any(CODING.match(line) for line in head), f"{path}: a coding declaration came from spec text"
        assert "\x00" not in path.read_text(encoding="utf-8"), f"{path}: raw NUL in generated source"
    with imported(out, PACKAGE):
        pass
    assert list(markers.iterdir()) == []


def test_every_payload_round_trips_as_data(generated: tuple[Path, Path, list[str]]) -> None:
    out, markers, payloads = generated
    text = " | ".join(payloads)
    with imported(out, PACKAGE):
        models = sys.modules[f"{PACKAGE}.models"]
        for payload in payloads:
            thing = models.Thing.model_validate({"kind": payload})
            assert thing.kind == payload
            assert thing.model_dump(by_alias=True, mode="json")["kind"] == payload
        thing = models.Thing.model_validate({"kind": payloads[0]})
        assert thing.label == text and thing.number == 3
        assert models.Thing.model_validate({"kind": payloads[0], "fixed": text}).fixed == text
        with pytest.raises(pydantic.ValidationError):
            models.Thing.model_validate({"kind": payloads[0], "fixed": text + "x"})
        assert models.Thing.model_validate({"kind": payloads[0], "code": "\"\"\"'''\\a{$`"}).code == "\"\"\"'''\\a{$`"
        for bad in ("A", '""', "''", "\\\n"):
            with pytest.raises(pydantic.ValidationError):
                models.Thing.model_validate({"kind": payloads[0], "code": bad})
        with pytest.raises(pydantic.ValidationError, match="number"):
            models.Thing.model_validate({"kind": payloads[0], "number": 51})
        marker_field = next(name for name in models.Thing.model_fields if "import" in name or "system" in name)
        assert marker_field.isidentifier()
        weird = f"\"); __import__('os').system('touch {markers}/m11') #"
        assert models.Thing.model_validate({"kind": payloads[0], weird: "v"}).model_dump(by_alias=True)[weird] == "v"
        docs = models.Thing.__doc__ or ""
        assert '__import__("os").system(' in docs and "{{ 7*7*1234567 }}" in docs
        holder = models.Holder.model_validate({"shape": {"kind": f'"""\\$(touch {markers}/m13){{{{x}}}}', "radius": 1}})
        assert type(holder.shape).__name__ in ("Circle", "Shape") or "Circle" in repr(holder.shape)
    assert list(markers.iterdir()) == []


def test_the_client_sends_payloads_verbatim(generated: tuple[Path, Path, list[str]]) -> None:
    out, markers, payloads = generated
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "POST":
            return httpx.Response(200, content=request.content, headers={"content-type": "application/json"})
        return httpx.Response(204)

    with imported(out, PACKAGE) as package:
        client = package.Client(
            base_url="https://api.example/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        )
        resource = client.things
        method = next(getattr(resource, name) for name in dir(resource) if not name.startswith(("_", "with_")))
        for payload in payloads:
            answer = method("a\"b'c", kind=payload, label=payload, mode=payload, free='"""a')
            request = seen[-1]
            assert request.url.params["mode"] == payload and request.url.params["free"] == '"""a'
            assert request.headers["x-inject"] == _header_text(markers)
            assert request.url.raw_path.decode().partition("?")[0].endswith("/things/a%22b%27c")
            assert answer.kind == payload and answer.label == payload
        with pytest.raises(Exception, match="free"):
            method("x", kind=payloads[0], free="A")  # the pattern is checked before sending
        client.q_x.retrieve("id")
        assert seen[-1].url.raw_path.decode() == "/v1/q'$(x)%60\\/id"
    assert list(markers.iterdir()) == []


def test_the_generated_pyproject_is_valid_toml(generated: tuple[Path, Path, list[str]]) -> None:
    out, _, payloads = generated
    data = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["description"] == "Typed Python client for " + " | ".join(payloads)
    assert data["project"]["name"] == PACKAGE


def test_the_generated_tests_pass_and_nothing_runs(generated: tuple[Path, Path, list[str]]) -> None:
    out, markers, _ = generated
    proc = run_generated_tests(out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout
    assert list(markers.iterdir()) == []
