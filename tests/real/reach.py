"""Walk a generated client at run time, from ``Client()`` and ``AsyncClient()``: every request it can send.

Run in a fresh interpreter (``python reach.py OUT PACKAGE``), so that imported packages never mix:
it prints JSON ``{"Client": [[method, path, fixed query], ...], "AsyncClient": [...], "webhooks": [...]}``.
A resource is an attribute of the client (or of a resource) that has ``with_raw_response``. Each of
its public methods is called (``None`` for every required argument) with the resource's HTTP client
replaced by a recorder, which keeps the ``Endpoint`` the method sends and stops it there. Only what
Python actually runs counts: a method hidden by a later definition, or a resource module that does
not import, is not reached.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from typing import Any


class _Sent(Exception):
    """Raised by the recorder with the endpoint a method sends."""

    def __init__(self, endpoint: Any) -> None:
        super().__init__(endpoint)
        self.endpoint = endpoint


class _Recorder:
    """Stands in for the HTTP client: a request stops at it with the endpoint it would send."""

    def call(self, endpoint: Any, *args: Any, **kwargs: Any) -> Any:
        raise _Sent(endpoint)

    call_stream = page = call


def _sent(method: Any) -> Any:
    """The endpoint ``method`` sends (called with ``None`` for every required argument), or None."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = None
        elif parameter.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            args.append(None)
    try:
        result = method(*args, **kwargs)
        if inspect.iscoroutine(result):
            try:
                result.send(None)
            finally:
                result.close()
    except _Sent as sent:
        return sent.endpoint
    except Exception:  # a method that fails before it sends is not reached (the test names it)
        return None
    return None


def walk(root: Any) -> set[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """Every (HTTP method, path, fixed query) a method reachable from ``root`` sends."""
    reached: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if hasattr(node, "with_raw_response"):
            node._client = _Recorder()
        for name in dir(type(node)):
            if name.startswith("_") or name in ("with_raw_response", "with_streaming_response"):
                continue
            member = inspect.getattr_static(type(node), name)
            if isinstance(member, property) or type(member).__name__ == "cached_property":
                value = getattr(node, name)
                if hasattr(value, "with_raw_response"):
                    stack.append(value)
            elif inspect.isfunction(member):
                endpoint = _sent(getattr(node, name))
                if type(endpoint).__name__ == "Endpoint":
                    reached.add((endpoint.method, endpoint.path, tuple(map(tuple, endpoint.fixed_query))))
    return reached


def main(out: str, package: str) -> None:
    sys.path.insert(0, out)
    module = importlib.import_module(package)
    constants = importlib.import_module(f"{package}._constants")
    credentials = {name: "k" for name, _ in constants.CREDENTIALS}
    result: dict[str, Any] = {}
    for client_class in ("Client", "AsyncClient"):
        client = getattr(module, client_class)(**credentials, base_url="https://reach.example")
        result[client_class] = sorted(walk(client))
    try:
        webhooks = importlib.import_module(f"{package}.webhooks")
    except ModuleNotFoundError:
        result["webhooks"] = []
    else:
        result["webhooks"] = sorted(webhooks.WEBHOOKS)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
