"""Stage 3, overlay: apply an OpenAPI Overlay 1.0.0 document to a spec.

Each action selects nodes with an RFC 9535 JSONPath ``target`` and either removes them
(``remove: true``) or merges ``update`` into them: into an object, objects merge
recursively and any other value replaces the one it names; into an array, ``update``
is appended. An action whose target selects nothing is an error naming the action,
so a fix that upstream has made unnecessary is noticed instead of silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonpath_rfc9535

from generator.config import project_path
from generator.diagnostics import SpecInputError
from generator.spec import pointer as jp
from generator.spec.document import Document, load_document
from generator.spec.limits import DEFAULT_LIMITS, Limits
from generator.spec.load import load_spec
from generator.spec.plain_data import copy_data
from generator.yaml_text import to_yaml

SUPPORTED_VERSIONS = ("1.0.0",)


@dataclass(frozen=True)
class Action:
    """One overlay action, with where it sits in the overlay file."""

    index: int
    target: str
    description: str
    update: Any
    remove: bool
    line: int
    column: int

    @property
    def title(self) -> str:
        """First line of the description, for messages."""
        first = self.description.strip().splitlines()[0] if self.description.strip() else ""
        return f"action #{self.index + 1} ({first})" if first else f"action #{self.index + 1}"


@dataclass(frozen=True)
class Overlay:
    """A parsed overlay document."""

    path: Path
    title: str
    version: str
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Applied:
    """What an action did: the pointers of the nodes it changed."""

    action: Action
    pointers: tuple[str, ...]


def load_overlay(path: Path, limits: Limits = DEFAULT_LIMITS) -> Overlay:
    """Read and check an overlay document; any structural problem is a SpecInputError."""
    document = load_document(path, limits)
    data = document.data

    def fail(pointer: str, message: str) -> SpecInputError:
        line, column = document.locate(pointer)
        return SpecInputError(message, file=document.name, line=line, column=column, pointer=pointer)

    version = data.get("overlay")
    if version not in SUPPORTED_VERSIONS:
        raise fail("/overlay", f"'overlay' must be one of {', '.join(SUPPORTED_VERSIONS)}, found {version!r}")
    info = data.get("info")
    if not isinstance(info, dict) or not isinstance(info.get("title"), str) or not isinstance(info.get("version"), str):
        raise fail("/info", "'info' must be a mapping with string 'title' and 'version'")
    raw_actions = data.get("actions")
    if not isinstance(raw_actions, list) or not raw_actions:
        raise fail("/actions", "'actions' must be a non-empty list")
    actions = tuple(_parse_action(document, index, raw, fail) for index, raw in enumerate(raw_actions))
    return Overlay(path=path, title=info["title"], version=info["version"], actions=actions)


def _parse_action(document: Document, index: int, raw: Any, fail: Any) -> Action:
    where = f"/actions/{index}"
    if not isinstance(raw, dict):
        raise fail(where, "an action must be a mapping")
    target = raw.get("target")
    if not isinstance(target, str) or not target.startswith("$"):
        raise fail(f"{where}/target", "'target' must be a JSONPath query starting with '$'")
    try:
        jsonpath_rfc9535.compile(target)
    except jsonpath_rfc9535.JSONPathError as exc:
        raise fail(f"{where}/target", f"invalid JSONPath {target!r}: {exc}") from None
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise fail(f"{where}/description", "'description' must be a string")
    remove = raw.get("remove", False)
    if not isinstance(remove, bool):
        raise fail(f"{where}/remove", "'remove' must be true or false")
    if not remove and "update" not in raw:
        raise fail(where, "an action needs 'update' or 'remove: true'")
    unknown = sorted(
        k for k in raw if k not in ("target", "description", "update", "remove") and not k.startswith("x-")
    )
    if unknown:
        raise fail(where, f"unknown action field(s): {', '.join(unknown)}")
    line, column = document.locate(where)
    return Action(index, target, description, raw.get("update"), remove, line, column)


def apply_overlay(data: dict[str, Any], overlay: Overlay) -> tuple[dict[str, Any], list[Applied]]:
    """A new document with every action of ``overlay`` applied in order to a copy of ``data``."""
    result = copy_data(data)
    applied: list[Applied] = []
    for action in overlay.actions:
        applied.append(_apply(result, action, overlay))
    return result, applied


def _apply(data: dict[str, Any], action: Action, overlay: Overlay) -> Applied:
    def fail(message: str) -> SpecInputError:
        return SpecInputError(
            f"{action.title}: {message}", file=str(overlay.path), line=action.line, column=action.column
        )

    # A query may select one node twice (``$['a','a']``, overlapping descendants): act once.
    nodes = list({tuple(node.location): node for node in jsonpath_rfc9535.find(action.target, data)}.values())
    if not nodes:
        raise fail(
            f"target {action.target} selects nothing; upstream may have changed or fixed this, "
            "so update or remove the action"
        )
    pointers = tuple(jp.join(node.location) for node in nodes)
    if action.remove:
        # Deepest and last first, so earlier removals do not shift later locations.
        for node in sorted(nodes, key=lambda n: (len(n.location), n.location), reverse=True):
            if not node.location:
                raise fail("cannot remove the document root")
            parent = jp.resolve(data, jp.join(node.location[:-1]))
            del parent[node.location[-1]]
        return Applied(action, pointers)
    for node in nodes:
        target = node.value
        if isinstance(target, dict):
            if not isinstance(action.update, dict):
                raise fail(f"target {jp.join(node.location)} is an object, so 'update' must be an object")
            _merge(target, action.update)
        elif isinstance(target, list):
            target.append(copy_data(action.update))
        else:
            raise fail(f"target {jp.join(node.location)} is a {type(target).__name__}, not an object or array")
    return Applied(action, pointers)


def _merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy_data(value)


def render_normalized(source: Path, overlay_path: Path, root: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """YAML text of the normalized spec, with a header naming its inputs (relative to ``root``)."""
    spec = load_spec(source, limits)
    overlay = load_overlay(overlay_path, limits)
    data, _ = apply_overlay(spec.data, overlay)
    names = [project_path(p, root) for p in (source, overlay_path)]
    header = (
        f"Generated by `specgen normalize` from {names[0]} and {names[1]} "
        f"({overlay.title} {overlay.version}, {len(overlay.actions)} actions).\n"
        "Do not edit: change the overlay and run `specgen normalize`."
    )
    return to_yaml(data, header)
