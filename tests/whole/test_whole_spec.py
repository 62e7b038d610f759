"""The whole upstream OpenAI spec (OAS 3.1, 288 operations) and its OAS 3.0 ancestor generate with --strict.

These run the real CLI once per spec (module-scoped) and then check the output: every module
compiles and imports, the operation count matches the spec, and a sample of operations of each
content type round-trips through ``httpx.MockTransport``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.spec.load import load_spec
from tests.generated_suite.suite import report, run_suite

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "spec" / "upstream"
SPECGEN = Path(sys.executable).parent / "specgen"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _generate(spec: Path, out: Path, package: str) -> subprocess.CompletedProcess[str]:
    command = [str(SPECGEN), "generate", "--spec", str(spec), "--out", str(out), "--package", package, "--strict"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1500, check=False)


@pytest.fixture(scope="module")
def newest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("whole") / "client"
    result = _generate(UPSTREAM / "openai-openapi.f85dbe2.yaml", out, "openai_whole")
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))


@pytest.fixture(scope="module")
def oldest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("whole30") / "client"
    result = _generate(UPSTREAM / "openai-openapi.498c71d.yaml", out, "openai_v30")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _operations(spec: Path) -> int:
    data = load_spec(spec).data
    return sum(1 for item in data["paths"].values() for method in HTTP_METHODS if isinstance(item.get(method), dict))


def _methods(package: Path) -> int:
    """Requests the sync resource classes send: distinct ``Endpoint(method, path, ..., fixed_query=...)``
    written in their methods (a method and its streaming twin send the same one)."""
    sent: set[str] = set()
    for path in (package / "resources").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in tree.body:
            if not (isinstance(cls, ast.ClassDef) and any(ast.unparse(b) == "SyncAPIResource" for b in cls.bases)):
                continue
            for node in ast.walk(cls):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Endpoint":
                    fixed = [k.value for k in node.keywords if k.arg == "fixed_query"]
                    sent.add(ast.unparse(ast.Tuple([*node.args, *fixed])))
    return len(sent)


def _import_everything(out: Path, package: str) -> subprocess.CompletedProcess[str]:
    script = (
        "import importlib, pkgutil, sys\n"
        f"import {package} as p\n"
        "names = [m.name for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.')]\n"
        "for name in names: importlib.import_module(name)\n"
        "print(len(names))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=out, capture_output=True, text=True, timeout=300, check=False
    )


def test_every_operation_of_the_newest_spec_is_generated(newest: Path) -> None:
    expected = _operations(UPSTREAM / "openai-openapi.f85dbe2.yaml")
    assert expected == 288
    assert _methods(newest / "openai_whole") == expected


def test_every_operation_of_the_oas30_spec_is_generated(oldest: Path) -> None:
    assert _methods(oldest / "openai_v30") == _operations(UPSTREAM / "openai-openapi.498c71d.yaml")


@pytest.mark.parametrize(("fixture", "package"), [("newest", "openai_whole"), ("oldest", "openai_v30")])
def test_every_module_compiles_and_imports(request: pytest.FixtureRequest, fixture: str, package: str) -> None:
    out: Path = request.getfixturevalue(fixture)
    for path in (out / package).rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    result = _import_everything(out, package)
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout.split()[-1]) > 100


def _json_reply(body: object, status: int = 200) -> object:
    import httpx

    return httpx.Response(status, content=json.dumps(body).encode(), headers={"content-type": "application/json"})


def test_a_sample_of_each_content_type_round_trips(newest: Path) -> None:
    import httpx
    import openai_whole  # type: ignore[import-not-found]

    seen: list[httpx.Request] = []
    completion = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-x",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "logprobs": None,
                "message": {"role": "assistant", "content": "hi", "refusal": None},
            }
        ],
    }
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []}
    sse = f"data: {json.dumps(chunk)}\n\ndata: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if path == "/v1/chat/completions" and b'"stream": true' in request.content.replace(
            b'"stream":true', b'"stream": true'
        ):
            return httpx.Response(200, content=sse, headers={"content-type": "text/event-stream"})
        if path == "/v1/chat/completions":
            return httpx.Response(200, json=completion)
        if path == "/v1/audio/speech":
            return httpx.Response(200, content=b"ID3-audio", headers={"content-type": "audio/mpeg"})
        if path == "/v1/audio/transcriptions":
            return httpx.Response(200, json={"text": "hello"})
        if path == "/v1/realtime/calls":
            return httpx.Response(201, text="v=0 answer", headers={"content-type": "application/sdp"})
        if path.startswith("/v1/containers/"):
            return httpx.Response(200)
        return httpx.Response(404, json={"error": {"message": path}})

    client = openai_whole.Client(api_key_auth="k", http_client=httpx.Client(transport=httpx.MockTransport(handle)))
    created = client.chat.completions.create(model="gpt-x", messages=[{"role": "user", "content": "hi"}])
    assert created.choices[0].message.content == "hi"
    assert json.loads(seen[-1].content) == {"model": "gpt-x", "messages": [{"role": "user", "content": "hi"}]}
    with client.chat.completions.create_stream(model="gpt-x", messages=[{"role": "user", "content": "hi"}]) as events:
        assert [event.id for event in events] == ["c", "c"]
    assert seen[-1].headers["accept"] == "text/event-stream" and json.loads(seen[-1].content)["stream"] is True
    assert client.audio.speech.create(model="tts-1", input="hi", voice="alloy") == b"ID3-audio"
    transcript = client.audio.transcriptions.create(file=("a.wav", b"RIFF-data"), model="whisper-1", language="en")
    assert transcript.model_dump(exclude_unset=True) == {"text": "hello"}
    upload = seen[-1]
    assert upload.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="a.wav"' in upload.content and b"RIFF-data" in upload.content
    assert b'name="language"' in upload.content
    assert client.realtime.calls.create(sdp="v=0 offer") == "v=0 answer"
    assert b'name="sdp"' in seen[-1].content
    assert client.containers.delete("cntr_1") is None
    assert [r.method for r in seen] == ["POST", "POST", "POST", "POST", "POST", "DELETE"]


@pytest.mark.parametrize(("fixture", "package"), [("newest", "openai_whole"), ("oldest", "openai_v30")])
def test_black_leaves_the_generated_client_unchanged(
    request: pytest.FixtureRequest, fixture: str, package: str
) -> None:
    """Models, params and resources are never formatted: their layout is black's own, to the character
    (and what is formatted, and the copied runtime, is black's output too)."""
    out: Path = request.getfixturevalue(fixture)
    assert len(list((out / package / "resources").rglob("*.py"))) > 50
    black = Path(sys.executable).parent / "black"
    command = [str(black), "--check", "--quiet", "--line-length", "120", "--target-version", "py311"]
    result = subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize(("fixture", "package"), [("newest", "openai_whole"), ("oldest", "openai_v30")])
def test_the_generated_suite_passes(request: pytest.FixtureRequest, fixture: str, package: str) -> None:
    """Issue 16's bar: the whole spec's own generated suite passes with no failure."""
    out: Path = request.getfixturevalue(fixture)
    suite = run_suite(out)
    report(f"whole spec {package}: {suite.summary}")
    assert suite.code == 0, suite.output[-4000:]
    assert suite.counts.get("passed", 0) > 5000 and not suite.counts.get("failed"), suite.summary


@pytest.mark.parametrize(("fixture", "package"), [("newest", "openai_whole"), ("oldest", "openai_v30")])
def test_mypy_strict_finds_no_error(request: pytest.FixtureRequest, fixture: str, package: str, tmp_path: Path) -> None:
    out: Path = request.getfixturevalue(fixture)
    mypy = Path(sys.executable).parent / "mypy"
    command = [str(mypy), "--strict", "--cache-dir", str(tmp_path / "cache"), package, "tests"]
    result = subprocess.run(command, cwd=out, capture_output=True, text=True, timeout=1800, check=False)
    assert result.returncode == 0, result.stdout[-4000:]
