"""References: missing, remote, escaping the spec's folder, looping, recursive, escaped.

Remote references (http, https, file:, any scheme, ``//host``) are refused without any
connection attempt. The proof runs each command in a child process under two independent
watchers: a Python audit hook (``sandbox.py``: socket creation, name lookups and connections
from Python code, refused and recorded) and, where available, ``strace -f`` recording every
network system call of the process and its threads (native code included). Positive
controls show both watchers do see a connection attempt.

Recursive schemas are valid and must generate recursive models that validate recursive data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.hostile.support import (
    SANDBOX,
    Result,
    assert_no_crash,
    assert_refused,
    child_env,
    cli,
    dump,
    imported,
    json_body,
    json_response,
    outside_world,
    ref,
    snapshot,
    spec,
    specgen,
)

STRACE = shutil.which("strace")
# Every network system call of the process and its threads; seccomp-bpf keeps the others untraced (fast).
_STRACE_ARGS = [STRACE or "strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=%network"]
OVERLAY = {
    "overlay": "1.0.0",
    "info": {"title": "fixes", "version": "1"},
    "actions": [{"target": "$.info", "update": {"description": "fixed"}}],
}


def _with_ref(value: str, where: str = "schema") -> dict[str, Any]:
    """A spec whose one operation uses the reference ``value`` at ``where``."""
    operation: dict[str, Any] = {"operationId": "getA", "responses": json_response({"type": "object"})}
    if where == "schema":
        operation["responses"] = json_response({"$ref": value})
    elif where == "parameter":
        operation["parameters"] = [{"$ref": value}]
    elif where == "response":
        operation["responses"] = {"200": {"$ref": value}}
    elif where == "body":
        operation["requestBody"] = {"$ref": value}
    elif where == "path-item":
        return spec({"/a": {"$ref": value}, "/b": {"get": operation}})
    elif where == "property":
        operation["responses"] = json_response({"type": "object", "properties": {"p": {"$ref": value}}})
    return spec({"/a": {"get": operation}})


def _commands(bad: str) -> dict[str, list[str]]:
    return {
        "lint": ["lint", "--no-cache", bad],
        "extract": ["extract", "--upstream", bad, "--output", "fragment.yaml", "--operation", "getA"],
        "normalize": ["normalize", "--input", bad, "--overlay", "overlay.yaml", "--output", "normal.yaml"],
        "generate": ["generate", "--spec", bad, "--out", "generated"],
        "diff-old": ["diff", bad, "good.yaml"],
        "diff-new": ["diff", "good.yaml", bad],
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The spec folder: a good spec and overlay, next to a secret file outside it."""
    work = tmp_path / "specs"
    work.mkdir()
    dump(work / "good.yaml", _with_ref("#/components/schemas/Thing") | {"components": {"schemas": {"Thing": {}}}})
    dump(work / "overlay.yaml", OVERLAY)
    (tmp_path / "outside.yaml").write_text("secret: {type: string}\n", encoding="utf-8")
    return work


# ---------------------------------------------------------------- remote references: no connection attempt

REMOTE = [
    "http://127.0.0.1:9/schemas.yaml#/Pet",
    "https://example.com/schemas.yaml#/Pet",
    "HTTPS://EXAMPLE.COM/x.json",
    "file:///etc/passwd",
    "file:../outside.yaml",
    "ftp://example.com/x.yaml",
    "//example.com/x.yaml#/Pet",
    "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
    "data:application/json,{}",
    "jar:http://example.com/x.jar!/x.yaml",
]
WHERE = ["schema", "parameter", "response", "body", "path-item", "property"]


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("remote", REMOTE)
def test_remote_references_are_refused_by_every_command(folder: Path, remote: str, where: str) -> None:
    dump(folder / "remote.yaml", _with_ref(remote, where))
    before = snapshot(folder)
    for name, args in _commands("remote.yaml").items():
        result = cli(*args, cwd=folder)
        message = assert_refused(result, "remote.yaml", words=f"reference {remote!r} refused")
        assert "remote.yaml:" in message and "(at /" in message, (name, message)
    assert snapshot(folder) == before


def _watched(folder: Path, args: list[str], name: str) -> tuple[Any, list[dict[str, Any]], list[str]]:
    """Run specgen under the audit sandbox and strace; the result, audited events, network syscalls."""
    log = folder.parent / f"{name}.audit"
    if STRACE is None:
        return specgen(*args, cwd=folder, log=log), outside_world(log), []
    trace = folder.parent / f"{name}.strace"
    wrapped = [*_STRACE_ARGS, "-o", str(trace), sys.executable, str(SANDBOX)]
    proc = subprocess.run(
        [*wrapped, str(log), "--", *args],
        cwd=folder,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    calls = [line for line in trace.read_text(encoding="utf-8").splitlines() if "(" in line and "---" not in line]
    return Result(proc.returncode, proc.stdout, proc.stderr), outside_world(log), calls


@pytest.mark.parametrize(
    "remote", ["http://127.0.0.1:9/schemas.yaml#/Pet", "https://example.com/x.yaml", "file:///etc/passwd"]
)
def test_no_socket_is_opened_for_remote_references(folder: Path, remote: str) -> None:
    """Every command, as a child process: refused at the place, no socket event, no network system call."""
    dump(folder / "remote.yaml", _with_ref(remote))
    nested = folder / "nested"
    nested.mkdir()
    dump(nested / "remote.yaml", {"Pet": {"$ref": remote}})
    dump(folder / "indirect.yaml", _with_ref("nested/remote.yaml#/Pet"))
    for spec_name, shown in (("remote.yaml", "remote.yaml"), ("indirect.yaml", str(Path("nested") / "remote.yaml"))):
        for name, args in _commands(spec_name).items():
            result, audited, calls = _watched(folder, args, f"{spec_name}-{name}")
            assert_refused(result, shown, words=f"reference {remote!r} refused")
            assert audited == [], f"{name}: Python-level network or process events: {audited}"
            assert calls == [], f"{name}: network system calls: {calls}"


def test_the_watchers_do_see_a_connection_attempt(tmp_path: Path) -> None:
    """Positive controls: the audit hook records (and stops) a connection; strace sees one from any code."""
    log = tmp_path / "control.audit"
    proc = subprocess.run(
        [sys.executable, str(SANDBOX), str(log), "--", "--self-test-connect"],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.stdout.strip() == "refused", proc.stdout + proc.stderr
    assert any(e["event"].startswith("socket.") for e in outside_world(log))
    if STRACE is not None:
        trace = tmp_path / "control.strace"
        connect = (
            "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError:\n    pass"
        )
        subprocess.run(
            [*_STRACE_ARGS, "-o", str(trace), sys.executable, "-c", connect],
            env=child_env(),
            timeout=60,
            check=False,
        )
        assert "connect(" in trace.read_text(encoding="utf-8")


# ---------------------------------------------------------------- escaping the folder, unreadable references

ESCAPES = [
    ("../outside.yaml#/secret", "leaves the spec's folder"),
    ("%2e%2e/outside.yaml#/secret", "leaves the spec's folder"),
    ("sub/../../outside.yaml#/secret", "leaves the spec's folder"),
    ("/etc/passwd", "absolute file reference"),
    ("\\\\server\\share\\x.yaml", "absolute file reference"),
    ("link.yaml#/secret", "leaves the spec's folder"),
    ("loop1.yaml#/x", "Symlink loop"),
    ("a" * 5000 + ".yaml", "File name too long"),
    ("a.yaml\x00.png", "contains control characters"),
    ("%00.yaml", "contains control characters"),
    ("missing.yaml#/x", "file not found"),
    ("#/components/schemas/Nope", "target not found"),
    ("parts.yaml#/Nope", "target not found"),
    ("#components/schemas/A", "only JSON-pointer fragments are supported"),
    ("fifo.yaml", "file not found"),
    ("huge.yaml#/x", "over the limit of"),
    ("bad.yaml#/x", "invalid YAML"),
]


@pytest.mark.parametrize(("value", "words"), ESCAPES, ids=[w + ":" + v[:20] for v, w in ESCAPES])
def test_unusable_references_are_refused_at_their_place(folder: Path, value: str, words: str) -> None:
    (folder / "link.yaml").symlink_to(folder.parent / "outside.yaml")
    (folder / "loop1.yaml").symlink_to(folder / "loop2.yaml")
    (folder / "loop2.yaml").symlink_to(folder / "loop1.yaml")
    (folder / "parts.yaml").write_text("Here: {type: string}\n", encoding="utf-8")
    (folder / "bad.yaml").write_text("x: [unclosed\n", encoding="utf-8")
    os.mkfifo(folder / "fifo.yaml")
    with (folder / "huge.yaml").open("wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)
    dump(folder / "spec.json", _with_ref(value))
    before = snapshot_names(folder)
    for name, args in _commands("spec.json").items():
        result = cli(*args, cwd=folder)
        shown = "parts.yaml" if value.startswith("parts.yaml") else "bad.yaml" if "bad.yaml" in value else "spec.json"
        shown = "huge.yaml" if value.startswith("huge") else shown
        message = assert_refused(result, shown, words=words)
        assert len(message) < 3000, f"{name}: message of {len(message)} characters"
    assert snapshot_names(folder) == before
    assert (folder.parent / "outside.yaml").read_text(encoding="utf-8") == "secret: {type: string}\n"


def snapshot_names(folder: Path) -> list[str]:
    """The names in ``folder`` (a FIFO and a 64 MiB file are not read)."""
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------- loops


def test_reference_cycles_are_refused(folder: Path) -> None:
    cycles = {
        "self.yaml": spec(
            {"/a": {"get": {"operationId": "getA", "responses": json_response(ref("A"))}}}, {"A": ref("A")}
        ),
        "pair.yaml": spec(
            {"/a": {"get": {"operationId": "getA", "responses": json_response(ref("A"))}}},
            {"A": ref("B"), "B": ref("A")},
        ),
        "files.yaml": _with_ref("other.yaml#/A"),
    }
    dump(
        folder / "other.yaml",
        {"A": {"$ref": "files.yaml#/paths/~1a/get/responses/200/content/application~1json/schema"}},
    )
    for name, document in cycles.items():
        dump(folder / name, document)
        for args in _commands(name).values():
            result = cli(*args, cwd=folder)
            assert_refused(result, name, words="reference cycle that never reaches a value")


def test_yaml_alias_loops_cannot_be_written(folder: Path) -> None:
    (folder / "alias.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-a: &a\n  self: *a\n", encoding="utf-8"
    )
    for args in _commands("alias.yaml").values():
        assert_refused(
            cli(*args, cwd=folder), "alias.yaml", place=(5, 9), words="alias *a refers to no finished anchor"
        )


# ---------------------------------------------------------------- JSON pointer escapes


def test_json_pointer_escapes_reach_the_right_schemas(tmp_path: Path) -> None:
    """``~1`` is ``/``, ``~0`` is ``~``, ``%xx`` is percent-decoded; look-alike names stay apart."""
    schemas = {
        "a/b": {"type": "object", "properties": {"slash": {"type": "string"}}},
        "a~1b": {"type": "object", "properties": {"tilde_one": {"type": "string"}}},
        "c~d": {"type": "object", "properties": {"tilde": {"type": "string"}}},
        "e f%": {"type": "object", "properties": {"percent": {"type": "string"}}},
    }
    uses = {
        "/slash": "#/components/schemas/a~1b",
        "/tilde-one": "#/components/schemas/a~01b",
        "/tilde": "#/components/schemas/c~0d",
        "/percent": "#/components/schemas/e%20f%25",
    }
    paths = {
        path: {"get": {"operationId": path.strip("/").replace("-", "_"), "responses": json_response({"$ref": target})}}
        for path, target in uses.items()
    }
    dump(tmp_path / "escapes.yaml", spec(paths, schemas))
    result = cli("generate", "--spec", "escapes.yaml", "--out", "out", "--package", "escapes_pkg", cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))
    replies = {"/slash": "slash", "/tilde-one": "tilde_one", "/tilde": "tilde", "/percent": "percent"}

    def handler(request: httpx.Request) -> httpx.Response:
        member = replies[request.url.path.removeprefix("/v1")]
        return httpx.Response(200, json={member: "x"})

    with imported(tmp_path / "out", "escapes_pkg") as package:
        client = package.Client(
            base_url="https://api.example/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        )
        for path, member in replies.items():
            resource = getattr(client, path.strip("/").replace("-", "_"))
            answer = resource.list()
            assert getattr(answer, member) == "x", (path, answer)
            assert set(type(answer).model_fields) == {member}, (path, type(answer).model_fields)


# ---------------------------------------------------------------- recursive schemas generate recursive models

RECURSIVE = {
    "Node": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": ref("Node")},
            "parent": {"anyOf": [ref("Node"), {"type": "null"}]},
        },
    },
    "Folder": {"type": "object", "properties": {"files": {"type": "array", "items": ref("File")}}},
    "File": {"type": "object", "required": ["path"], "properties": {"path": {"type": "string"}, "in": ref("Folder")}},
    "Tree": {"type": "array", "items": {"anyOf": [ref("Tree"), {"type": "integer"}]}},
    "Forest": {"type": "object", "properties": {"trees": ref("Tree")}},
    "Expr": {
        "oneOf": [ref("Number"), ref("Sum")],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"number": ref("Number")["$ref"], "sum": ref("Sum")["$ref"]},
        },
    },
    "Number": {
        "type": "object",
        "required": ["kind", "value"],
        "properties": {"kind": {"type": "string", "enum": ["number"]}, "value": {"type": "integer"}},
    },
    "Sum": {
        "type": "object",
        "required": ["kind", "terms"],
        "properties": {"kind": {"type": "string", "enum": ["sum"]}, "terms": {"type": "array", "items": ref("Expr")}},
    },
    "Formula": {"type": "object", "properties": {"expr": ref("Expr")}},
    "Catalog": {
        "type": "object",
        "properties": {"entries": {"type": "object", "additionalProperties": ref("Catalog")}},
    },
    "Derived": {"allOf": [ref("Node"), {"type": "object", "properties": {"extra": ref("Derived")}}]},
}


def _recursive_spec() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for name in ("Node", "Folder", "Forest", "Formula", "Catalog", "Derived"):
        paths[f"/{name.lower()}"] = {
            "post": {
                "operationId": f"make{name}",
                "requestBody": json_body(ref(name)),
                "responses": json_response(ref(name)),
            }
        }
    return spec(paths, RECURSIVE)


def _deep_node(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"name": "leaf", "children": []}
    for level in range(depth):
        node = {"name": f"n{level}", "children": [node, {"name": "x"}], "parent": {"name": "up", "parent": None}}
    return node


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_recursive_schemas_generate_recursive_models(tmp_path: Path, suffix: str) -> None:
    dump(tmp_path / f"recursive{suffix}", _recursive_spec())
    package = f"recursive_{suffix[1:]}"
    result = cli("generate", "--spec", f"recursive{suffix}", "--out", "out", "--package", package, cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))
    with imported(tmp_path / "out", package) as client_package:
        models = sys.modules[f"{package}.models"]
        node = models.Node.model_validate(_deep_node(6))
        walked, depth = node, 0
        while walked.children:
            walked, depth = walked.children[0], depth + 1
        assert depth == 6 and isinstance(walked, models.Node)
        assert node.model_dump(mode="json", exclude_none=True, by_alias=True)["children"][1] == {"name": "x"}
        with pytest.raises(ValueError):
            models.Node.model_validate({"name": "n", "children": [{"children": []}]})  # nested node without name
        folder = models.Folder.model_validate({"files": [{"path": "a", "in": {"files": [{"path": "b"}]}}]})
        assert folder.files[0].in_.files[0].path == "b"
        forest = models.Forest.model_validate({"trees": [1, [2, [3, [4]]]]})
        assert json.loads(forest.model_dump_json())["trees"] == [1, [2, [3, [4]]]]
        formula = models.Formula.model_validate(
            {"expr": {"kind": "sum", "terms": [{"kind": "number", "value": 1}, {"kind": "sum", "terms": []}]}}
        )
        assert formula.model_dump(mode="json", by_alias=True)["expr"]["terms"][1] == {"kind": "sum", "terms": []}
        tree = models.Catalog.model_validate({"entries": {"a": {"entries": {"b": {"entries": {}}}}}})
        assert tree.model_dump(mode="json", by_alias=True) == {"entries": {"a": {"entries": {"b": {"entries": {}}}}}}
        derived = models.Derived.model_validate({"name": "d", "extra": {"name": "e"}})
        assert derived.extra is not None and derived.extra.name == "e"

        sent: list[Any] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(json.loads(request.content))
            return httpx.Response(200, json=sent[-1])

        client = client_package.Client(
            base_url="https://api.example/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        )
        answer = client.node.create(name="root", children=[_deep_node(3)])
        assert answer.children[0].children[0].name == "n1"
        assert sent[-1]["children"][0]["name"] == "n2"


def test_recursive_schemas_across_files_are_bundled_and_generated(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    dump(
        tmp_path / "schemas" / "node.yaml",
        {
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "next": {"$ref": "#/Node"},
                    "peer": {"$ref": "peer.yaml#/Peer"},
                },
            }
        },
    )
    dump(
        tmp_path / "schemas" / "peer.yaml",
        {"Peer": {"type": "object", "properties": {"back": {"$ref": "node.yaml#/Node"}}}},
    )
    document = spec(
        {"/nodes": {"get": {"operationId": "getNode", "responses": json_response({"$ref": "schemas/node.yaml#/Node"})}}}
    )
    dump(tmp_path / "root.yaml", document)
    result = cli("generate", "--spec", "root.yaml", "--out", "out", "--package", "crossfile", cwd=tmp_path)
    assert_no_crash(result, allowed=(0,))
    with imported(tmp_path / "out", "crossfile"):
        models = sys.modules["crossfile.models"]
        node = models.Node.model_validate({"name": "a", "next": {"name": "b", "peer": {"back": {"name": "c"}}}})
        assert node.next.peer.back.name == "c"
