"""Walk a generated client at run time, from ``Client()`` and ``AsyncClient()``: every request it can send.

Run in a fresh interpreter (``python reach.py OUT PACKAGE``), so that imported packages never mix:
it prints JSON ``{"Client": [[method, path, fixed query], ...], "AsyncClient": [...], "webhooks": [...]}``.
A resource is an attribute of the client (or of a resource) that has ``with_raw_response``; a method
sends the module-level ``Endpoint`` its code names. Only what Python actually resolves counts: a
method hidden by a later definition, or a resource module that does not import, is not reached.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from typing import Any


def _endpoints(function: Any) -> list[Any]:
    code = getattr(function, "__code__", None)
    names = getattr(function, "__globals__", {})
    found = []
    for name in code.co_names if code is not None else ():
        value = names.get(name)
        if type(value).__name__ == "Endpoint" and hasattr(value, "path"):
            found.append(value)
    return found


def walk(root: Any) -> set[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """Every (HTTP method, path, fixed query) a method reachable from ``root`` sends."""
    reached: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for name in dir(type(node)):
            if name.startswith("_") or name in ("with_raw_response", "with_streaming_response"):
                continue
            member = inspect.getattr_static(type(node), name)
            if isinstance(member, property) or type(member).__name__ == "cached_property":
                value = getattr(node, name)
                if hasattr(value, "with_raw_response"):
                    stack.append(value)
            elif inspect.isfunction(member):
                for endpoint in _endpoints(member):
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
