"""Names: keywords, builtins, collisions, non-ASCII, empty, 1,000 characters, paths, imported names.

Schema, property, parameter and operation names, tags and path segments come from the spec;
the generated package must compile and import, keep every wire name on the wire, give every
member its own attribute, never shadow what its modules import, and never write a file
outside the output folder whatever a name looks like (``../../x``).
"""

from __future__ import annotations

import json
import keyword
import re
import sys
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

from tests.hostile.support import (
    assert_no_crash,
    assert_refused,
    cli,
    compile_tree,
    dump,
    imported,
    json_body,
    json_response,
    ref,
    run_generated_tests,
    spec,
    specgen,
    written,
)

LONG = "L" * 1000
KEYWORDS = ["class", "def", "None", "True", "from", "import", "async", "await", "lambda", "match", "case", "_", "type"]
BUILTINS = ["list", "dict", "print", "id", "object", "str", "int", "property", "self", "cls", "json", "model_config"]
IMPORTED = [
    "BaseModel",
    "Field",
    "Literal",
    "Optional",
    "Client",
    "httpx",
    "Any",
    "Annotated",
    "RootModel",
    "annotations",
]
WEIRD = [
    "",
    "ünïcødé",
    "日本語",
    LONG,
    "../../x",
    "a/b",
    "a b",
    "a-b",
    "A_B",
    "a_b",
    "aB",
    "1st",
    "__init__",
    "__class__",
]
WEIRD += ["_private", "x" * 79 + "y", "x" * 79 + "z", "$ref", "~0~1", "\t", "🙂", "null", "..", "."]
NAMES = KEYWORDS + BUILTINS + IMPORTED + WEIRD
SAFE_PART = re.compile(r"^[A-Za-z0-9_.\-]+$")
CACHE_NAME = re.compile(r"^(?:[0-9a-f]{64}|\.tmp-[A-Za-z0-9_]{1,16})\.txt$")  # digests and their temporary files


def _names_spec() -> dict[str, Any]:
    properties = {name: {"type": "string", "description": f"member {name!r}"} for name in NAMES}
    schemas: dict[str, Any] = {"Everything": {"type": "object", "properties": properties}}
    for index, name in enumerate(NAMES):
        schemas[name] = {
            "type": "object",
            "required": ["tag"],
            "properties": {"tag": {"type": "integer", "enum": [index]}},
        }
    parameters = [{"name": name, "in": "query", "schema": {"type": "string"}} for name in NAMES]
    headers = [{"name": name, "in": "header", "schema": {"type": "string"}} for name in ("x-" + n for n in KEYWORDS)]
    paths: dict[str, Any] = {
        "/everything": {
            "get": {
                "operationId": "../../everything",
                "tags": ["../../x", LONG],
                "parameters": parameters + headers,
                "responses": json_response(ref("Everything")),
            },
            "post": {
                "operationId": "Class",  # unique, but its method name collides with the one of operationId `class`
                "tags": ["../../x"],
                "requestBody": json_body(ref("Everything")),
                "responses": json_response(ref("Everything")),
            },
        }
    }
    for index, name in enumerate(NAMES):
        # Path keys must be URL paths: no white space, slashes or braces inside a segment, no dot segments.
        segment = re.sub(r"[\s/{}]", "-", name) if name not in ("", ".", "..") else "dots"
        variable = re.sub(r"[\s/{}?#%]", "_", name) or "id"
        paths[f"/{segment}/n{index}/{{{variable}}}"] = {
            "get": {
                "operationId": name,
                "tags": [name],
                "parameters": [{"name": variable, "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": json_response(ref(name)),
            }
        }
    return spec(paths, schemas)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    """The names spec generated once, in the audit sandbox (every write recorded): (folder, out, writes)."""
    folder = tmp_path_factory.mktemp("names") / "deep" / "er"
    folder.mkdir(parents=True)
    dump(folder / "names.json", _names_spec())
    log = folder / "audit.log"
    result = specgen("generate", "--spec", "names.json", "--out", "out", "--package", "names_pkg", cwd=folder, log=log)
    assert_no_crash(result, allowed=(0,))
    return folder, folder / "out", written(log)


def test_every_file_stays_inside_the_output_folder(generated: tuple[Path, Path, list[Path]]) -> None:
    folder, out, writes = generated
    assert writes, "the sandbox recorded no writes at all"
    cache = folder / ".specgen-cache"
    for path in writes:
        if path.is_relative_to(cache):  # the content-addressed formatter cache: names are digests, never spec text
            assert all(CACHE_NAME.match(part) for part in path.relative_to(cache).parts[1:]), path
            continue
        inside = path.is_relative_to(out) or out.is_relative_to(path)  # (mkdir of an existing parent)
        sibling = path.is_relative_to(folder) and path != folder
        staged = sibling and path.relative_to(folder).parts[0].startswith((".specgen-staging-out-", ".specgen-old-out"))
        assert inside or staged, f"wrote outside the output folder: {path}"
    assert sorted(p.name for p in folder.iterdir() if p.name != ".specgen-cache") == ["audit.log", "names.json", "out"]
    assert not (folder.parent.parent / "x").exists() and not (folder.parent / "x").exists()
    for path in out.rglob("*"):
        relative = path.relative_to(out)
        assert all(SAFE_PART.match(part) and part not in (".", "..") for part in relative.parts), relative
        assert len(path.name) <= 100, path.name


def test_the_package_compiles_and_imports(generated: tuple[Path, Path, list[Path]]) -> None:
    _, out, _ = generated
    assert len(compile_tree(out)) > 10
    with imported(out, "names_pkg") as package:
        models = sys.modules["names_pkg.models"]
        for name in ("Field", "RootModel", "ConfigDict"):  # what models.py imports stays what it is
            assert getattr(models, name, getattr(pydantic, name)) is getattr(pydantic, name), name
        assert models.BaseModel is sys.modules["names_pkg._models"].BaseModel  # the runtime's base, not a schema
        assert issubclass(models.BaseModel, pydantic.BaseModel)
        own = [
            value
            for value in vars(models).values()
            if isinstance(value, type) and value.__module__ == models.__name__ and issubclass(value, pydantic.BaseModel)
        ]
        assert len(own) >= len(NAMES)
        for cls in own:
            assert cls.__name__.isidentifier() and cls.__name__.isascii() and not keyword.iskeyword(cls.__name__)
            assert cls.__name__ not in IMPORTED and cls.__name__ not in dir(__builtins__)
            for name in cls.model_fields:
                assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name), (cls, name)
        client = package.Client(base_url="https://api.example")
        assert not any(keyword.iskeyword(a) for a in dir(client))


def test_every_wire_name_survives_a_round_trip(generated: tuple[Path, Path, list[Path]]) -> None:
    _, out, _ = generated
    with imported(out, "names_pkg"):
        models = sys.modules["names_pkg.models"]
        wire = {name: f"value of {name!r}" for name in NAMES}
        everything = models.Everything.model_validate(wire)
        assert everything.model_dump(by_alias=True, exclude_none=True) == wire
        attributes = {getattr(everything, attr) for attr in type(everything).model_fields}
        assert attributes == set(wire.values()), "two wire names share one attribute"


def test_parameters_with_hostile_names_are_sent_under_their_wire_names(
    generated: tuple[Path, Path, list[Path]],
) -> None:
    _, out, _ = generated
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    with imported(out, "names_pkg") as package:
        client = package.Client(
            base_url="https://api.example/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        )
        method = client.everything.list
        arguments = {name: f"{index}" for index, name in enumerate(_keyword_names(method))}
        assert len(arguments) == len(NAMES) + len(KEYWORDS), sorted(arguments)
        method(**arguments)
        query = seen[-1].url.params.multi_items()
        assert sorted(wire for wire, _ in query) == sorted(NAMES), "a query parameter was dropped, renamed or doubled"
        headers = [seen[-1].headers[f"x-{name}"] for name in KEYWORDS]
        assert sorted([value for _, value in query] + headers) == sorted(arguments.values()), "an argument was lost"


def _keyword_names(method: Any) -> list[str]:
    import inspect

    return [
        name
        for name, parameter in inspect.signature(method).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and name not in ("extra_headers", "extra_query", "extra_body", "timeout", "max_retries")
    ]


def test_operations_with_hostile_names_are_reachable(generated: tuple[Path, Path, list[Path]]) -> None:
    """Each of the ~60 operations is a method somewhere on the client; its path parameter is encoded."""
    _, out, _ = generated
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        index = int(request.url.path.split("/")[3][1:])
        return httpx.Response(200, json={"tag": index})

    with imported(out, "names_pkg") as package:
        client = package.Client(
            base_url="https://api.example/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        )
        reached: set[int] = set()
        for resource, method in _all_methods(client):
            try:
                answer = method("a/../b?c#d")
            except TypeError:
                continue
            path = seen[-1].url.raw_path.decode()
            index = int(path.split("/")[3][1:])
            assert path.endswith("/a%2F..%2Fb%3Fc%23d"), path
            assert answer.tag == index, (resource, method, answer)
            reached.add(index)
        assert reached == set(range(len(NAMES)))


def _all_methods(node: Any, depth: int = 0) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for name in dir(node):
        if name.startswith("_") or name in ("with_raw_response", "with_streaming_response"):
            continue
        value = getattr(node, name, None)
        if hasattr(value, "with_raw_response") and depth < 4:
            found += _all_methods(value, depth + 1)
        elif depth > 0 and callable(value) and not isinstance(value, type):
            found.append((name, value))
    return found


def test_the_generated_tests_pass(generated: tuple[Path, Path, list[Path]]) -> None:
    _, out, _ = generated
    proc = run_generated_tests(out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


@pytest.mark.parametrize(
    ("stem", "package"),
    [
        ("import", "import_"),
        ("1st", "client_1st"),
        ("ünï", "uni"),
        ("BaseModel", "base_model"),
        ("Swagger Petstore - OpenAPI 3.0", "swagger_petstore_open_api_3_0"),
        ("x" * 200, None),
        ("httpx", "httpx_client"),
        ("json", "json_client"),
    ],
)
def test_package_names_from_spec_titles(tmp_path: Path, stem: str, package: str | None) -> None:
    document = spec({"/a": {"get": {"operationId": "getA", "responses": json_response({"type": "object"})}}})
    document["info"]["title"] = stem
    dump(tmp_path / "spec.yaml", document)
    result = cli("generate", "--spec", "spec.yaml", "--out", "out", cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))
    names = [p.name for p in (tmp_path / "out").iterdir() if p.is_dir() and p.name != "tests"]
    assert len(names) == 1 and names[0].isidentifier() and not keyword.iskeyword(names[0])
    if package is not None:
        assert names == [package]
    with imported(tmp_path / "out", names[0]) as module:
        assert module.Client(base_url="https://api.example").a is not None


@pytest.mark.parametrize(
    ("package", "words"),
    [
        ("../../x", "is not a Python identifier"),
        ("a.b", "is not a Python identifier"),
        ("x/y", "is not a Python identifier"),
        ("class", "is a Python keyword"),
        ("match", "is a Python keyword"),
        ("httpx", "would shadow the module 'httpx'"),
        ("json", "would shadow the module 'json'"),
        ("pydantic", "would shadow the module 'pydantic'"),
    ],
)
def test_a_package_name_that_cannot_work_is_refused(tmp_path: Path, package: str, words: str) -> None:
    document = spec({"/a": {"get": {"operationId": "getA", "responses": json_response({"type": "object"})}}})
    dump(tmp_path / "spec.yaml", document)
    result = cli("generate", "--spec", "spec.yaml", "--out", "out", "--package", package, cwd=tmp_path)
    assert_refused(result, "spec.yaml", words=words)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.yaml"]


def test_names_only_differing_after_sanitizing_get_distinct_classes(tmp_path: Path) -> None:
    variants = ["a-b", "a_b", "A B", "aB", "AB", "a.b", "a/b", "a~b", "á-b"]
    schemas = {
        name: {"type": "object", "properties": {"which": {"type": "string", "const": name}}} for name in variants
    }
    paths = {
        f"/v{index}": {"get": {"operationId": f"get{index}", "responses": json_response(ref(name))}}
        for index, name in enumerate(variants)
    }
    dump(tmp_path / "clash.yaml", spec(paths, schemas))
    result = cli("generate", "--spec", "clash.yaml", "--out", "out", "--package", "clash", cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))

    def handler(request: httpx.Request) -> httpx.Response:
        index = int(request.url.path.rsplit("/v", 1)[1])
        return httpx.Response(200, json={"which": variants[index]})

    with imported(tmp_path / "out", "clash") as package:
        client = package.Client(
            base_url="https://api.example/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        )
        classes = set()
        for index, name in enumerate(variants):
            answer = getattr(client, f"v{index}").list()
            assert answer.which == name
            classes.add(type(answer))
        assert len(classes) == len(variants), "two schemas share one class"
    again = json.loads((tmp_path / "out" / ".specgen-manifest.json").read_text(encoding="utf-8"))
    shuffled = spec(dict(reversed(list(paths.items()))), dict(reversed(list(schemas.items()))))
    dump(tmp_path / "clash.yaml", shuffled)
    assert_no_crash(cli("generate", "--spec", "clash.yaml", "--out", "out2", "--package", "clash", cwd=tmp_path))
    models = (tmp_path / "out" / "clash" / "models.py").read_text(encoding="utf-8")
    assert (tmp_path / "out2" / "clash" / "models.py").read_text(encoding="utf-8") == models, "names depend on order"
    assert again["files"]
