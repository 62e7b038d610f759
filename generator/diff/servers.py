"""Servers (document, path or operation level): base URLs added or removed."""

from __future__ import annotations

from typing import Any

from generator.diff.prose import compare_annotations
from generator.diff.recorder import Recorder
from generator.spec import pointer as jp


def _urls(holder: dict[str, Any], at: str) -> dict[str, tuple[dict[str, Any], str]]:
    servers = holder.get("servers")
    found: dict[str, tuple[dict[str, Any], str]] = {}
    if isinstance(servers, list):
        for index, server in enumerate(servers):
            if isinstance(server, dict) and isinstance(server.get("url"), str):
                found.setdefault(server["url"].rstrip("/"), (server, jp.child(jp.child(at, "servers"), index)))
    return found


def compare_servers(rec: Recorder, before: dict[str, Any], old_at: str, after: dict[str, Any], new_at: str) -> None:
    """Record servers added, removed, or with changed variables or descriptions."""
    old, new = _urls(before, old_at), _urls(after, new_at)
    for url, (_, where) in new.items():
        if url not in old:
            rec.add("server-added", where, f"server {url} added")
    for url, (_, where) in old.items():
        if url not in new:
            rec.add("server-removed", where, f"server {url} removed", side="old")
    for url, (server, where) in new.items():
        if url in old:
            old_server, old_where = old[url]
            if old_server.get("variables") != server.get("variables"):
                rec.add("server-variables-changed", jp.child(where, "variables"), f"server {url}: variables changed")
            compare_annotations(rec, old_server, old_where, server, where, what=f"server {url}")
