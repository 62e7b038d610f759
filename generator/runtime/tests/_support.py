"""Helpers of the generated tests: the test plan (``cases.json``), edits of JSON instances, calls on a
client, a recording mock transport."""

from __future__ import annotations

import asyncio
import base64
import copy
import datetime
import importlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel


def _decode(value: dict[str, Any]) -> Any:
    """A JSON object of ``cases.json`` as the value it stands for (``{"$py": kind, ...}``: what JSON cannot hold)."""
    kind = value.get("$py")
    if kind is None:
        return value
    if kind == "tuple":
        return tuple(value["items"])
    if kind == "bytes":
        return base64.b64decode(value["base64"])
    if kind == "float":
        return float(value["value"])
    if kind == "dict":
        return {key: item for key, item in value["items"]}
    raise ValueError(f"cases.json: unknown value kind {kind!r}")


#: What the generated tests check, from the spec (written by specgen; see ``cases.json``).
PLAN: dict[str, Any] = json.loads(Path(__file__).with_name("cases.json").read_text("utf-8"), object_hook=_decode)
_PACKAGE = importlib.import_module(PLAN["package"])
_MODELS = importlib.import_module(f"{PLAN['package']}.models")
Client: Any = _PACKAGE.Client
AsyncClient: Any = _PACKAGE.AsyncClient
RequestValidationError: type[Exception] = _PACKAGE.RequestValidationError

#: The base URL the mock-transport tests give the client (never contacted).
BASE_URL: str = PLAN["base_url"]
#: The credentials of every test client, by argument name (``SPECGEN_<ARGUMENT>`` overrides one for live runs).
CREDENTIALS: dict[str, str] = PLAN["credentials"]


def model_named(name: str) -> type[BaseModel]:
    """The model class ``name`` of the client's ``models`` module."""
    model: type[BaseModel] = getattr(_MODELS, name)
    return model


@dataclass(frozen=True)
class Edit:
    """Set ``path`` of a JSON instance to ``value`` (``value * repeat`` when repeat > 0), or remove it."""

    path: tuple[str | int, ...]
    value: Any = None
    repeat: int = 0
    remove: bool = False

    def apply(self, instance: Any) -> Any:
        """A copy of ``instance`` with the edit made (an empty path replaces the whole instance)."""
        value = self.value * self.repeat if self.repeat else copy.deepcopy(self.value)
        if not self.path:
            return value
        result = copy.deepcopy(instance)
        node = result
        for part in self.path[:-1]:
            node = node[part]
        if self.remove:
            del node[self.path[-1]]
        else:
            node[self.path[-1]] = value
        return result

    def describe(self) -> str:
        """The edit in a few words, for failure messages."""
        where = "/".join(map(str, self.path)) or "(root)"
        if self.remove:
            return f"{where} removed"
        shown = f"{self.value!r} * {self.repeat}" if self.repeat else repr(self.value)
        return f"{where} = {shown if len(shown) <= 200 else shown[:197] + '...'}"


@dataclass(frozen=True)
class Call:
    """``client.<resource...>.<method>(*positional, **keywords)``, arguments by name."""

    resource: tuple[str, ...]
    method: str
    positional: tuple[str, ...]
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Expected:
    """The request the spec says the call must send."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body: Any
    has_body: bool
    form: tuple[str, ...] | None = None  # members of a multipart or form-encoded body


@dataclass(frozen=True)
class Reply:
    """What the mock transport answers, and what the call must return."""

    status: int
    body: Any
    model: type[BaseModel] | None
    page_items: str | None = None
    item_model: type[BaseModel] | None = None
    kind: str = "json"  # json | binary | text | stream | none

    @property
    def parsed(self) -> bool:
        """Whether the call parses the reply (a JSON reply without a body cannot be parsed)."""
        return not (self.kind == "json" and self.model is not None and self.body is None) and self.kind != "stream"


def edits_of(items: list[dict[str, Any]]) -> tuple[Edit, ...]:
    """The edits a case of ``cases.json`` lists."""
    return tuple(
        Edit(tuple(e["path"]), e.get("value"), repeat=e.get("repeat", 0), remove=e.get("remove", False)) for e in items
    )


def call_of(data: dict[str, Any]) -> Call:
    """The call a case of ``cases.json`` makes."""
    return Call(tuple(data["resource"]), data["method"], tuple(data["positional"]), data["arguments"])


def expected_of(data: dict[str, Any]) -> Expected:
    """The request a case of ``cases.json`` expects."""
    form = data.get("form")
    return Expected(
        method=data["method"],
        path=data["path"],
        query=tuple((name, value) for name, value in data["query"]),
        headers=tuple((name, value) for name, value in data["headers"]),
        body=data["body"],
        has_body=data["has_body"],
        form=None if form is None else tuple(form),
    )


def reply_of(data: dict[str, Any]) -> Reply:
    """The reply of a case of ``cases.json``, its model names resolved."""
    return Reply(
        status=data["status"],
        body=data["body"],
        model=None if data["model"] is None else model_named(data["model"]),
        page_items=data["page_items"],
        item_model=None if data["item_model"] is None else model_named(data["item_model"]),
        kind=data["kind"],
    )


@dataclass
class Recorder:
    """A mock transport handler: records every request and answers with ``reply`` (None: no request may be sent)."""

    reply: Reply | None
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.reply is None:
            raise AssertionError(f"no request may be sent, but {request.method} {request.url} was")
        if self.reply.body is None:
            return httpx.Response(self.reply.status)
        if isinstance(self.reply.body, bytes):
            return httpx.Response(self.reply.status, content=self.reply.body)
        if self.reply.kind == "text":
            return httpx.Response(self.reply.status, text=str(self.reply.body))
        return httpx.Response(self.reply.status, json=self.reply.body)


def method_of(client: Any, call: Call, *, raw: bool = False) -> Callable[..., Any]:
    """The bound method ``call`` names (its ``with_raw_response`` twin when ``raw``)."""
    target = client
    for name in call.resource:
        target = getattr(target, name)
    if raw:
        target = target.with_raw_response
    method: Callable[..., Any] = getattr(target, call.method)
    return method


def invoke(method: Callable[..., Any], call: Call, arguments: dict[str, Any] | None = None) -> Any:
    """Call ``method`` with the call's arguments (or ``arguments``): positional ones first."""
    given = call.arguments if arguments is None else arguments
    positional = [given[name] for name in call.positional]
    keywords = {name: value for name, value in given.items() if name not in call.positional}
    return method(*positional, **keywords)


def run_sync(
    call: Call, reply: Reply | None, arguments: dict[str, Any] | None = None, *, raw: bool = False
) -> tuple[Any, Recorder]:
    """Make the call on a sync client whose transport is a :class:`Recorder` (``raw``: do not parse the reply)."""
    recorder = Recorder(reply)
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    with Client(**CREDENTIALS, base_url=BASE_URL, max_retries=0, http_client=http) as client, http:
        return invoke(method_of(client, call, raw=raw), call, arguments), recorder


def run_async(
    call: Call, reply: Reply | None, arguments: dict[str, Any] | None = None, *, raw: bool = False
) -> tuple[Any, Recorder]:
    """Make the call on an async client whose transport is a :class:`Recorder` (``raw``: do not parse the reply)."""
    recorder = Recorder(reply)

    async def main() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
        async with AsyncClient(**CREDENTIALS, base_url=BASE_URL, max_retries=0, http_client=http) as client, http:
            return await invoke(method_of(client, call, raw=raw), call, arguments)

    return asyncio.run(main()), recorder


def check_request(request: httpx.Request, expected: Expected) -> None:
    """The request has the method, path, query, headers and JSON body the spec asks for."""
    assert request.method == expected.method, f"method: sent {request.method}, expected {expected.method}"
    path = request.url.raw_path.decode("ascii").partition("?")[0]
    assert path == expected.path, f"path: sent {path}, expected {expected.path}"
    query = sorted(request.url.params.multi_items())
    assert query == sorted(expected.query), f"query: sent {query}, expected {sorted(expected.query)}"
    for name, value in expected.headers:
        sent = request.headers.get(name)
        assert sent == value, f"header {name}: sent {sent!r}, expected {value!r}"
    if expected.form is not None:
        kind = request.headers.get("content-type", "")
        assert kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")), f"content type {kind!r}"
        content = request.read()
        for name in expected.form:
            assert f'name="{name}"'.encode() in content or f"{name}=".encode() in content, f"member {name} not sent"
    elif expected.has_body and expected.body is None:
        assert request.content, "body: none sent"  # raw content: anything but empty
    elif expected.has_body:
        body = json.loads(request.content)
        assert body == expected.body, f"JSON body: sent {body!r}, expected {expected.body!r}"
    else:
        assert request.content == b"", f"body: sent {request.content!r}, expected none"


def same_json(found: Any, expected: Any) -> bool:
    """Whether two JSON values are equal, date-times, dates and times compared as the instants they
    name (``2025-12-02T00:44:09.923`` comes back as ``...09.923000``, ``+00:00`` as ``Z``)."""
    if isinstance(found, dict) and isinstance(expected, dict):
        return found.keys() == expected.keys() and all(same_json(found[k], expected[k]) for k in found)
    if isinstance(found, list) and isinstance(expected, list):
        return len(found) == len(expected) and all(same_json(f, e) for f, e in zip(found, expected, strict=True))
    if isinstance(found, str) and isinstance(expected, str) and found != expected:
        for kind in (datetime.datetime, datetime.date, datetime.time):
            try:
                return bool(kind.fromisoformat(found) == kind.fromisoformat(expected))
            except ValueError:
                continue
        return False
    return bool(found == expected)


def dump(model: BaseModel) -> Any:
    """A model as the JSON it was read from (wire names, unset members left out)."""
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


def check_result(result: Any, reply: Reply) -> None:
    """The call returned the reply's body as its model (a page of items for paginated operations)."""
    if not reply.parsed:
        return
    if reply.kind in ("binary", "text"):
        assert result == reply.body, f"returned {result!r}, the reply was {reply.body!r}"
        return
    if reply.model is None:
        if reply.body is None:
            assert result is None, f"expected no result, got {result!r}"
        return
    model = result.envelope if reply.page_items is not None else result
    assert isinstance(model, reply.model), f"returned {type(model).__name__}, expected {reply.model.__name__}"
    assert same_json(dump(model), reply.body), f"returned {dump(model)!r}, the reply was {reply.body!r}"
    if reply.page_items is not None:
        items = list(result.data)
        expected = reply.body[reply.page_items]
        assert len(items) == len(expected), f"page holds {len(items)} items, the reply {len(expected)}"
        if reply.item_model is not None:
            assert all(
                isinstance(item, reply.item_model) for item in items
            ), f"items are not {reply.item_model.__name__}"


def live_credentials() -> dict[str, str]:
    """The credentials for live runs: ``SPECGEN_<ARGUMENT>`` (``SPECGEN_API_KEY``...) over the test values."""
    return {name: os.environ.get(f"SPECGEN_{name.upper()}", value) for name, value in CREDENTIALS.items()}
