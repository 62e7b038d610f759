"""Sample URLs against an operation: base paths from ``servers``, path templates, differences."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from generator.lint.context import LintContext
from generator.spec.walk import Operation

_TEMPLATE = re.compile(r"\{[^{}/]*\}")
_PLACEHOLDER = re.compile(r"^(?:\{.*\}|\$\{?\w+\}?|<.*>|:\w+)$")


def url_problem(ctx: LintContext, op: Operation, url: str) -> str:
    """Why ``url`` is not a URL of ``op`` ("" when it is, or when it cannot be read)."""
    path = url_path(url)
    if path is None:
        return ""
    bases = server_paths(ctx, op)
    template = op.path.split("?", 1)[0]
    if any(path_matches(template, path, base) for base in bases):
        return ""
    base = next((b for b in bases if _split(path)[: len(_split(b))] == _split(b) or not b), bases[0])
    if _split(path)[: len(_split(base))] != _split(base) and not _has_template(base):
        return f"curl calls `{url}`, which is not under the server path `{base}` of {op.label}"
    rest = _split(path)[len(_split(base)) :]
    reason = _difference(_split(template), rest)
    others = [o for o in ctx.operations if o is not op and o.path and path_matches(o.path.split("?")[0], path, base)]
    others.sort(key=lambda o: o.method != op.method)
    also = f"; it is the URL of {others[0].label}" if others else ""
    return f"curl calls `{'/' + '/'.join(rest)}`, which does not match the path of {op.label}: {reason}{also}"


def url_path(url: str) -> str | None:
    """The path of a sample URL (``$BASE_URL/...`` and relative paths too); None when unreadable."""
    url = url.strip()
    if url.startswith(("http://", "https://")):
        path = urlsplit(url).path
    else:
        variable = re.match(r"^\$\{?\w+\}?", url)
        if variable:
            path = url[variable.end() :]
        elif url.startswith("/"):
            path = url
        else:
            return None
        path = path.split("?", 1)[0].split("#", 1)[0]
    return unquote(path)


def server_paths(ctx: LintContext, op: Operation) -> list[str]:
    """Path parts of the servers that apply to ``op`` (``""`` when there are none)."""
    for holder in (op.node, op.path_item, ctx.data):
        servers = holder.get("servers")
        if isinstance(servers, list) and servers:
            paths = []
            for server in servers:
                url = server.get("url") if isinstance(server, dict) else None
                if isinstance(url, str):
                    path = urlsplit(url).path if "://" in url else url
                    paths.append(path.rstrip("/"))
            if paths:
                return [*dict.fromkeys(paths), ""] if "" not in paths else list(dict.fromkeys(paths))
    return [""]


def _split(path: str) -> list[str]:
    return [part for part in path.strip("/").split("/") if part]


def _has_template(part: str) -> bool:
    return bool(_TEMPLATE.search(part))


def _segment_matches(template: str, segment: str) -> bool:
    if not _has_template(template):
        return template == segment
    if _TEMPLATE.fullmatch(template):
        return bool(segment)
    return _fills(template, segment) or bool(_PLACEHOLDER.match(segment))


def _fills(template: str, segment: str) -> bool:
    """Whether ``segment`` is ``template`` with each ``{name}`` replaced by one character or more.

    Not a regular expression: ``[^/]+`` per expression backtracks exponentially on templates such as
    ``{a}x{b}x{c}...`` (spec text is untrusted). Literals are found leftmost-first, which is
    optimal: an earlier literal leaves the most room for the rest; the last one must end the segment.
    """
    pieces = [piece for piece in re.split(r"(\{[^{}/]*\})", template) if piece]
    position, gap = 0, 0  # gap: characters the expressions before the next literal need
    for index, piece in enumerate(pieces):
        if _TEMPLATE.fullmatch(piece):
            gap += 1
            continue
        if index == len(pieces) - 1:
            if not gap:
                return segment[position:] == piece
            return segment.endswith(piece) and len(segment) - len(piece) >= position + gap
        found = (
            segment.find(piece, position + gap) if gap else (position if segment.startswith(piece, position) else -1)
        )
        if found < 0:
            return False
        position, gap = found + len(piece), 0
    return len(segment) - position >= gap


def path_matches(template: str, path: str, base: str) -> bool:
    """Whether ``path`` is ``base`` followed by a path the ``template`` describes."""
    parts, base_parts = _split(path), _split(base)
    if len(parts) < len(base_parts):
        return False
    if not all(_segment_matches(b, p) for b, p in zip(base_parts, parts, strict=False)):
        return False
    rest, expected = parts[len(base_parts) :], _split(template)
    return len(rest) == len(expected) and all(_segment_matches(t, p) for t, p in zip(expected, rest, strict=True))


def _difference(template: list[str], parts: list[str]) -> str:
    for index, (expected, actual) in enumerate(zip(template, parts, strict=False)):
        if not _segment_matches(expected, actual):
            return f"segment {index + 1} is `{actual}` where the template has `{expected}`"
    return f"it has {len(parts)} segments, the template `{'/' + '/'.join(template)}` has {len(template)}"
