"""The naming tree (docs/naming.md): no resource, method or module hides another, every operation is
reachable from ``Client()``, and the self-check after rendering fails generation when one is not.

Each case is a minimal inline spec of a construct found in public specs (GitHub's ``/teams/{id}/teams``,
Discord-like ``/things/{id}/opts`` next to ``/things/{id}/opts/insert``, a ``body`` argument).
"""

from __future__ import annotations

import inspect
import subprocess
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from generator.ir import build_ir
from generator.pipeline import Options, generate
from generator.selfcheck import SelfCheckError, check_client
from generator.spec.load import load_spec
from tests.generate.conftest import VENV_BIN, run

Make = Callable[[dict[str, object]], tuple[ModuleType, list[str]]]
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
STRING = {"type": "string"}
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}


def _spec(paths: dict[str, Any]) -> dict[str, object]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Tree", "version": "1"},
        "servers": [{"url": "https://tree.example"}],
        "paths": paths,
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}},
    }


def _op(operation_id: str, **extra: Any) -> dict[str, Any]:
    return {"operationId": operation_id, "responses": OK, **extra}


def _client(module: ModuleType, seen: list[httpx.Request]) -> Any:
    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "x"})

    return module.Client(http_client=httpx.Client(transport=httpx.MockTransport(reply)))


def test_a_resource_with_a_child_of_the_same_name_keeps_both(generated_client: Make) -> None:
    """``/teams/{team_id}`` and ``/teams/{team_id}/teams`` once wrote one ``resources/teams/teams.py``."""
    team = {"name": "team_id", "in": "path", "required": True, "schema": {"type": "string"}}
    module, _ = generated_client(
        _spec(
            {
                "/teams/{team_id}": {"get": _op("getTeam", parameters=[team])},
                "/teams/{team_id}/teams": {"get": _op("listChildTeams", parameters=[team])},
            }
        )
    )
    seen: list[httpx.Request] = []
    client = _client(module, seen)
    client.teams.retrieve("t1")
    client.teams.teams.list("t1")
    assert [r.url.path for r in seen] == ["/teams/t1", "/teams/t1/teams"]
    files = {p.name for p in Path(module.__file__).parent.joinpath("resources", "teams").iterdir()}
    assert {"teams.py", "teams_.py"} <= files


def test_a_resource_named_like_another_resources_async_class_keeps_both(generated_client: Make) -> None:
    """Elasticsearch's ``/_search`` (class ``Search``, async class ``AsyncSearch``) next to ``/_async_search``
    (class ``AsyncSearch``): the client imported one over the other and ``client.search`` reached the wrong one."""
    module, _ = generated_client(
        _spec({"/search": {"get": _op("getSearch")}, "/async_search": {"get": _op("getAsyncSearch")}})
    )
    seen: list[httpx.Request] = []
    client = _client(module, seen)
    client.search.list()
    client.async_search.list()
    assert [r.url.path for r in seen] == ["/search", "/async_search"]
    assert type(client.search).__name__ == "Search"
    assert type(client.async_search).__name__ == "AsyncSearch2"
    assert type(module.AsyncClient().async_search).__name__ == "AsyncAsyncSearch2"


def test_an_action_named_like_a_sub_resource_becomes_its_collection_method(generated_client: Make) -> None:
    """``POST /things/{id}/opts`` (method ``opts``) would replace the sub-resource ``things.opts``."""
    module, _ = generated_client(
        _spec(
            {
                "/things/{id}/opts": {"post": _op("setOpts", parameters=[ID])},
                "/things/{id}/opts/insert": {"post": _op("insertOpt", parameters=[ID])},
            }
        )
    )
    seen: list[httpx.Request] = []
    client = _client(module, seen)
    client.things.opts.create("a")
    client.things.opts.insert.create("a")
    assert [r.url.path for r in seen] == ["/things/a/opts", "/things/a/opts/insert"]


def test_an_explicit_method_named_like_a_sub_resource_gets_the_next_free_name(generated_client: Make) -> None:
    module, _ = generated_client(
        _spec(
            {
                "/things/{id}": {"post": _op("setOpts", parameters=[ID], **{"x-specgen-method": "opts"})},
                "/things/{id}/opts/insert": {"post": _op("insertOpt", parameters=[ID])},
            }
        )
    )
    seen: list[httpx.Request] = []
    client = _client(module, seen)
    client.things.opts_("a")
    client.things.opts.insert.create("a")
    assert [r.url.path for r in seen] == ["/things/a", "/things/a/opts/insert"]


def test_resources_named_like_the_clients_own_attributes_do_not_hide_them(generated_client: Make) -> None:
    module, _ = generated_client(
        _spec({"/copy": {"get": _op("getCopy")}, "/call": {"get": _op("getCall")}, "/close": {"get": _op("close")}})
    )
    seen: list[httpx.Request] = []
    client = _client(module, seen)
    client.copy_.list()
    client.call_.list()
    client.close_.list()
    assert [r.url.path for r in seen] == ["/copy", "/call", "/close"]
    assert isinstance(client.copy(), module.Client)  # still the client's own copy()
    client.close()


def test_a_stream_twin_named_like_another_method_gets_the_next_free_name(generated_client: Make) -> None:
    both = {
        "200": {
            "description": "ok",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                "text/event-stream": {"schema": {"$ref": "#/components/schemas/Thing"}},
            },
        }
    }
    module, _ = generated_client(
        _spec(
            {
                "/things": {"post": {"operationId": "create", "responses": both}},
                "/things/stream": {
                    "get": _op("streamThings", **{"x-specgen-resource": "things", "x-specgen-method": "create_stream"})
                },
            }
        )
    )
    things = module.Client().things
    assert callable(things.create) and callable(things.create_stream) and callable(things.create_stream_)
    assert "Stream" in str(inspect.signature(things.create_stream_).return_annotation)


def test_arguments_are_snake_case_and_the_wire_names_stay_on_the_wire(generated_client: Make) -> None:
    pet = {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}
    page = {"name": "pageSize", "in": "query", "schema": {"type": "integer"}}
    trace = {"name": "X-Trace-Id", "in": "header", "schema": {"type": "string"}}
    module, _ = generated_client(_spec({"/pets/{petId}": {"get": _op("getPet", parameters=[pet, page, trace])}}))
    seen: list[httpx.Request] = []
    client = _client(module, seen)
    assert list(inspect.signature(client.pets.retrieve).parameters)[:3] == ["pet_id", "x_trace_id", "page_size"]
    client.pets.retrieve("p1", page_size=3, x_trace_id="t")
    assert seen[0].url.path == "/pets/p1"
    assert dict(seen[0].url.params) == {"pageSize": "3"}
    assert seen[0].headers["X-Trace-Id"] == "t"


TAGS = {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": STRING}}}}
RAW_AND_ARRAY_BODIES = _spec(
    {
        "/blobs": {
            "post": _op(
                "upload",
                requestBody={"required": True, "content": {"application/octet-stream": {"schema": {"type": "string"}}}},
            )
        },
        "/tags": {
            # elasticsearch: a method `list` hides the builtin in the class's later annotations (list[str])
            "get": {"operationId": "listTags", "responses": {"200": TAGS}},
            "put": _op(
                "setTags",
                requestBody={"content": {"application/json": {"schema": {"type": "array", "items": STRING}}}},
                parameters=[{"name": "body", "in": "query", "schema": {"type": "string"}}],
            ),
            "post": {"operationId": "addTag", "responses": {"200": TAGS}},
        },
    }
)


def test_a_whole_body_argument_is_body_and_type_checks(tmp_path: Path) -> None:
    """mypy --strict once failed on every raw body: the ``body`` argument collided with a local ``body``; and
    on a list[...] annotation after a method named ``list``."""
    spec = tmp_path / "bodies.yaml"
    spec.write_text(yaml.safe_dump(RAW_AND_ARRAY_BODIES, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run(VENV_BIN / "specgen", "generate", "--spec", spec, "--out", out, "--package", "bodies", "--strict")
    assert result.returncode == 0, result.stderr
    mypy = subprocess.run(
        [str(VENV_BIN / "mypy"), "--strict", "--cache-dir", str(tmp_path / "cache"), "bodies", "tests"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    text = (out / "bodies" / "resources" / "tags.py").read_text(encoding="utf-8")
    assert "body: Sequence[str] | Omit = omit" in text and "body_query: str | Omit = omit" in text
    assert ") -> builtins.list[str]:" in text


# ---------------------------------------------------------------- the self-check after rendering


def _rendered(tmp_path: Path, document: dict[str, object]) -> tuple[dict[str, str], Any, Any]:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    files = generate(path, Options(package="pkg", spec_name="spec.yaml")).files
    spec = load_spec(path)
    return dict(files), build_ir(spec, "pkg"), spec


def test_the_self_check_passes_on_what_specgen_renders(tmp_path: Path) -> None:
    files, ir, spec = _rendered(tmp_path, _spec({"/things/{id}": {"get": _op("getThing", parameters=[ID])}}))
    check_client(files, ir, spec)


def test_the_self_check_finds_a_method_hidden_by_a_later_definition(tmp_path: Path) -> None:
    files, ir, spec = _rendered(
        tmp_path,
        _spec({"/things/{id}": {"get": _op("getThing", parameters=[ID])}, "/things/{id}/opts": {"get": _op("x")}}),
    )
    module = "pkg/resources/things/things.py"
    anchor = "    @cached_property\n    def with_raw_response"
    files[module] = files[module].replace(anchor, "    opts = None\n\n" + anchor)
    with pytest.raises(SelfCheckError, match=r"GET /things/\{id\}/opts is not reachable from Client\(\)"):
        check_client(files, ir, spec)


def test_the_self_check_finds_a_response_bound_to_another_class(tmp_path: Path) -> None:
    document = _spec({"/things/{id}": {"get": _op("getThing", parameters=[ID])}})
    files, ir, spec = _rendered(tmp_path, document)
    module = "pkg/resources/things.py"
    files[module] = files[module] + "\n\nThing = dict\n"  # the model name rebound after its import
    with pytest.raises(SelfCheckError, match="Thing is not the class imported from models"):
        check_client(files, ir, spec)


def test_the_self_check_finds_a_parameter_not_sent(tmp_path: Path) -> None:
    flag = {"name": "flag", "in": "query", "schema": {"type": "boolean"}}
    files, ir, spec = _rendered(tmp_path, _spec({"/things": {"get": _op("listThings", parameters=[flag])}}))
    module = "pkg/resources/things.py"
    files[module] = files[module].replace(
        'Param("flag", location="query"', 'Param("flag", location="query", wire="flog"'
    )
    with pytest.raises(SelfCheckError, match="does not send the parameters query 'flag'"):
        check_client(files, ir, spec)


def test_generation_fails_with_exit_3_when_a_template_loses_an_operation(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(_spec({"/things": {"get": _op("listThings")}})), encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    builtin = Path(__file__).resolve().parents[2] / "templates" / "_client.py.jinja"
    # A user template whose clients hide their resources: the operation is generated but unreachable.
    text = builtin.read_text(encoding="utf-8").replace(
        "{% for member in class.members %}",
        '{% for member in class.members if "from .resources" not in member | join("\\n") %}',
    )
    assert 'if "from .resources" not in member' in text
    (templates / "_client.py.jinja").write_text(text, encoding="utf-8")
    result = run(VENV_BIN / "specgen", "generate", "--spec", spec, "--out", tmp_path / "out", "--templates", templates)
    assert result.returncode == 3, result.stderr
    assert "GET /things is not reachable from Client()" in result.stderr
    assert not (tmp_path / "out").exists()


def test_duplicate_operation_ids_are_refused_at_their_place(tmp_path: Path) -> None:
    """OpenAPI requires unique operationIds; a duplicate is invalid input (exit 2, file:line:col)."""
    spec = tmp_path / "dup.yaml"
    spec.write_text(
        yaml.safe_dump(_spec({"/a": {"get": _op("same")}, "/b": {"get": _op("same")}}), sort_keys=False),
        encoding="utf-8",
    )
    result = run(VENV_BIN / "specgen", "generate", "--spec", spec, "--out", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    lines = spec.read_text(encoding="utf-8").splitlines()
    first, second = (next(n for n, text in enumerate(lines, 1) if f"/{p}:" in text) + 2 for p in "ab")
    assert f"dup.yaml:{second}:" in result.stderr and "duplicate operationId 'same'" in result.stderr
    assert f"(first at {spec}:{first}:" in result.stderr


def test_a_leading_path_parameter_is_no_item(generated_client: Make) -> None:
    """linode: every path starts with /{apiVersion}; POST /{apiVersion}/vpcs creates a VPC (was root.vpcs)."""
    version = {"name": "apiVersion", "in": "path", "required": True, "schema": {"type": "string", "enum": ["v4"]}}
    module, _ = generated_client(
        _spec(
            {
                "/{apiVersion}/vpcs": {
                    "get": _op("getVpcs", parameters=[version]),
                    "post": _op("postVpc", parameters=[version]),
                },
                "/{apiVersion}/vpcs/{id}/reboot": {"post": _op("rebootVpc", parameters=[version, ID])},
            }
        )
    )
    seen: list[httpx.Request] = []
    vpcs = _client(module, seen).vpcs
    vpcs.list("v4")
    vpcs.create("v4")
    vpcs.reboot("a", api_version="v4")
    assert [(r.method, r.url.path) for r in seen] == [
        ("GET", "/v4/vpcs"),
        ("POST", "/v4/vpcs"),
        ("POST", "/v4/vpcs/a/reboot"),
    ]
