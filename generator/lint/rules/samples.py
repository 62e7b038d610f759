"""Code samples of an operation: curl URL, method, headers, quoting, bodies, SDK parameters."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.lint.catalog import schema_name
from generator.lint.context import LintContext
from generator.lint.embedded import Embedded
from generator.lint.jsontext import looks_like_json, parse, positions
from generator.lint.params import body_properties, declared_headers, nested_property_names, operation_parameters
from generator.lint.sdk import UNKNOWN, Call, javascript_call, python_call
from generator.lint.shell import Curl, Word, parse_curl, scrape_curl, split_commands
from generator.lint.urls import url_problem
from generator.lint.validation import Problem, summarize
from generator.spec import pointer as jp
from generator.spec.media import base_type, is_json
from generator.spec.walk import Operation, request_body, request_schema

_STANDARD_HEADERS = {
    "authorization", "content-type", "accept", "user-agent", "accept-encoding", "content-length",
    "cache-control", "connection", "host", "idempotency-key", "x-request-id",
}  # fmt: skip
_SDK_OPTIONS = {"extra_headers", "extra_query", "extra_body", "timeout", "idempotency_key", "options"}
MAX_BODY_PROBLEMS = 10


@dataclass(frozen=True)
class Body:
    """A request body a sample sends, to be validated (all bodies at once, see :func:`check`)."""

    sample: Embedded
    schema: str
    value: Any
    label: str
    place: Callable[[str], tuple[int, int] | None]
    textual: bool = False  # may be sent as a form, where every value is text


def check(ctx: LintContext) -> None:
    """Check every code sample that belongs to an operation."""
    bodies: list[Body] = []
    for sample in ctx.embedded:
        if sample.kind != "code" or sample.operation is None:
            continue
        if sample.language == "shell":
            check_shell(ctx, sample, sample.operation, bodies)
        elif sample.language in ("python", "javascript"):
            check_sdk(ctx, sample, sample.operation, bodies)
    if ctx.wants("sample-request-body"):
        results = ctx.validation.problems_many([(body.schema, body.value) for body in bodies])
        for body, problems in zip(bodies, results, strict=True):
            if problems and body.textual:
                problems = [problem for problem in problems if not problem.textual]
            if problems:
                report_body(ctx, body, problems)


def line_of(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def at(ctx: LintContext, sample: Embedded, offset: int) -> tuple[int, int] | None:
    """File position of ``offset`` inside the sample (None when it cannot be placed)."""
    return ctx.text_position(sample.pointer, sample.text, *line_of(sample.text, offset))


def check_shell(ctx: LintContext, sample: Embedded, op: Operation, bodies: list[Body]) -> None:
    """Quoting, then each curl command's URL, method, headers and body."""
    commands, error = split_commands(sample.text)
    commands = join_continuations(ctx, sample, commands)
    curls = [c for c in (parse_curl(words) for words in commands) if c is not None]
    if error is not None:
        line, _ = line_of(sample.text, error.offset)
        ctx.report(
            "sample-shell-quoting",
            sample.pointer,
            f"unbalanced quotes: the {error.quote} opened on line {line} of the sample (`{error.excerpt}`) "
            "is not closed there, so the shell reads the following lines into it and the command cannot run",
            at(ctx, sample, error.offset),
        )
        scraped = scrape_curl(sample.text)
        curls = [scraped] if scraped is not None else []
    for curl in curls:
        check_curl(ctx, sample, op, curl, bodies)


def join_continuations(ctx: LintContext, sample: Embedded, commands: list[list[Word]]) -> list[list[Word]]:
    """Commands that start with an option continue the command before them (a forgotten
    trailing backslash): reported, then joined so the other checks see the intended command."""
    joined: list[list[Word]] = []
    for words in commands:
        if joined and joined[-1][0].text == "curl" and words[0].text.startswith("-"):
            line, _ = line_of(sample.text, words[0].start)
            ctx.report(
                "sample-shell-quoting",
                sample.pointer,
                f"line {line} of the sample starts with `{words[0].text}` but the line before it does not end "
                "with `\\`, so the shell runs it as a separate command and curl never receives it",
                at(ctx, sample, words[0].start),
            )
            joined[-1] = joined[-1] + words
        else:
            joined.append(words)
    return joined


def check_curl(ctx: LintContext, sample: Embedded, op: Operation, curl: Curl, bodies: list[Body]) -> None:
    """URL against the path template, method, headers, and each JSON body against the request schema."""
    if "&" in curl.url and sample.text[curl.url_offset : curl.url_offset + 1] not in ("'", '"'):
        ctx.report(
            "sample-shell-quoting",
            sample.pointer,
            f"the URL `{curl.url}` is not quoted, so the shell ends the command at `&` (running curl in the "
            "background without the rest of the query); quote the URL",
            at(ctx, sample, curl.url_offset),
        )
    if curl.url:
        problem = url_problem(ctx, op, curl.url)
        if problem:
            ctx.report("sample-curl-path", sample.pointer, problem, at(ctx, sample, curl.url_offset))
    method = curl.effective_method
    if method != op.method.upper():
        how = "with -X" if curl.method else ("because it sends data" if method == "POST" else "by default")
        ctx.report(
            "sample-curl-method",
            sample.pointer,
            f"curl sends {method} ({how}) but the operation is {op.label}",
            at(ctx, sample, curl.url_offset),
        )
    for raw, offset in curl.malformed_headers:
        ctx.report(
            "sample-curl-header",
            sample.pointer,
            f"`-H {_shown(raw)}` has no `:` between the header's name and its value, so curl sends no such "
            f"header{_colon_hint(raw)}",
            at(ctx, sample, offset),
        )
    declared = declared_headers(ctx, op)
    reported: set[str] = set()
    for name, value, offset in curl.headers:
        lowered = name.lower()
        if lowered in declared or lowered in _STANDARD_HEADERS or lowered in reported or not name:
            continue
        reported.add(lowered)
        ctx.report(
            "sample-undeclared-header",
            sample.pointer,
            f"the sample sends header `{name}: {value}`, which {op.label} does not declare "
            "(no `in: header` parameter or security scheme names it)",
            at(ctx, sample, offset),
        )
    for body, offset, kind in curl.bodies:
        if kind != "urlencoded" and not body.startswith("@") and looks_like_json(body):
            curl_body(ctx, sample, op, (body, offset), bodies)
            if kind == "data":
                content_type(ctx, sample, op, curl, offset)


def content_type(ctx: LintContext, sample: Embedded, op: Operation, curl: Curl, offset: int) -> None:
    """``sample-curl-content-type``: ``-d '{...}'`` with no Content-Type header makes curl send
    ``application/x-www-form-urlencoded``, which an operation that takes JSON refuses."""
    if any(name.lower() == "content-type" for name, _, _ in curl.headers):
        return
    body = request_body(ctx.spec, op)
    content = body[0].get("content") if body else None
    if not isinstance(content, dict) or not any(isinstance(m, str) and is_json(m) for m in content):
        return
    ctx.report(
        "sample-curl-content-type",
        sample.pointer,
        f"the curl sample sends a JSON body with `-d` but no `Content-Type` header, so curl labels it "
        f"`application/x-www-form-urlencoded` and {op.label}, which takes JSON, may refuse it; add "
        "`-H 'Content-Type: application/json'` (or use `--json`)",
        at(ctx, sample, offset),
    )


def _shown(text: str, width: int = 50) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


def _colon_hint(raw: str) -> str:
    name, _, rest = raw.strip().partition(" ")
    if rest and name.replace("-", "").isalnum():
        return f" (write `{name}: {rest.strip()}`)"
    return ""


def curl_body(ctx: LintContext, sample: Embedded, op: Operation, data: tuple[str, int], bodies: list[Body]) -> None:
    """A curl ``-d`` body (text, offset in the sample): strict JSON, then valid against the request schema."""
    body, offset = data
    parsed = parse(body)
    start_line, start_column = line_of(sample.text, offset)
    if not parsed.strict:
        position = None
        if parsed.line:
            column = start_column + parsed.column - 1 if parsed.line == 1 else parsed.column
            position = ctx.text_position(sample.pointer, sample.text, start_line + parsed.line - 1, column)
        ctx.report(
            "sample-request-body",
            sample.pointer,
            f"the curl request body is not strict JSON: {parsed.reason}",
            position,
        )
    if not parsed.ok:
        return
    places = positions(body)

    def place(inner: str) -> tuple[int, int] | None:
        probe = inner
        while probe not in places and probe:
            probe = probe[: probe.rfind("/")]
        line, column = places.get(probe, (1, 1))
        column = start_column + column - 1 if line == 1 else column
        return ctx.text_position(sample.pointer, sample.text, start_line + line - 1, column)

    schema = request_schema(ctx.spec, op)
    if schema:
        bodies.append(Body(sample, schema, parsed.value, "the curl request body", place))


def report_body(ctx: LintContext, body: Body, problems: list[Problem]) -> None:
    """``sample-request-body`` findings for one body, at most :data:`MAX_BODY_PROBLEMS`."""
    target = schema_name(ctx.spec, body.schema)
    for inner, message in summarize(problems)[:MAX_BODY_PROBLEMS]:
        ctx.report(
            "sample-request-body",
            body.sample.pointer,
            f"{body.label} does not match {target} at {inner or '/'}: {message}",
            body.place(inner),
        )


def check_sdk(ctx: LintContext, sample: Embedded, op: Operation, bodies: list[Body]) -> None:
    """Named arguments of the SDK call against the operation's parameters and body properties.

    Hand-written SDKs rename: ``endpoint_id`` for the path parameter ``{endpointId}``, and
    arguments for properties nested in the body (``min_replicas`` under ``autoscaling``). A name
    is known when it is a parameter, a body property at any depth, or one of them spelled in
    another case style."""
    call = python_call(sample.text) if sample.language == "python" else javascript_call(sample.text)
    if call is None:
        return
    parameters = operation_parameters(ctx, op)
    properties = body_properties(ctx, op)
    if properties is not None:
        known = set(parameters) | properties | _SDK_OPTIONS
        spellings = {_spelling(name) for name in known | nested_property_names(ctx, op)}
        for name in call.keywords:
            if name not in known and _spelling(name) not in spellings:
                report_unknown_argument(
                    ctx, sample, op, call, name, known=sorted(known - _SDK_OPTIONS), parameters=parameters
                )
    path_count = sum(1 for where in parameters.values() if where == "path")
    # with the path parameters passed by position (`upsert("name", {name: ...})`), a keyword that is
    # also a body property is the body's, not the path parameter's
    positional_path = path_count > 0 and call.positional >= path_count
    body = {
        k: v
        for k, v in call.keywords.items()
        if k not in _SDK_OPTIONS and (k not in parameters or (positional_path and properties and k in properties))
    }
    if body and not call.spread and not _has_unknown(body) and (properties is None or set(body) <= properties):

        def place(inner: str) -> tuple[int, int] | None:
            key = jp.split(inner)[0] if inner else next(iter(body))
            offset = call.offsets.get(key)
            return at(ctx, sample, offset) if offset is not None else None

        schema = request_schema(ctx.spec, op)
        if schema:
            label = f"the request body the {sample.language} sample sends"
            bodies.append(Body(sample, schema, body, label, place, textual=_takes_forms(ctx, op)))


def _takes_forms(ctx: LintContext, op: Operation) -> bool:
    """Whether the operation takes a form body (an SDK may send its arguments that way, as text)."""
    body = request_body(ctx.spec, op)
    content = body[0].get("content") if body else None
    return isinstance(content, dict) and any(
        isinstance(media, str) and base_type(media) in ("application/x-www-form-urlencoded", "multipart/form-data")
        for media in content
    )


def _spelling(name: str) -> str:
    """A name with case style set aside: ``endpoint_id``, ``endpointId`` and ``endpoint-id`` agree."""
    return name.replace("_", "").replace("-", "").lower()


def report_unknown_argument(
    ctx: LintContext,
    sample: Embedded,
    op: Operation,
    call: Call,
    name: str,
    *,
    known: list[str],
    parameters: dict[str, str],
) -> None:
    """``sample-sdk-params`` for ``name``, with the closest known name as a suggestion."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    path_params = [p for p, where in parameters.items() if where == "path"]
    listed = f" (path parameters: {', '.join(f'`{p}`' for p in path_params)})" if path_params else ""
    assign = "=" if sample.language == "python" else ":"
    ctx.report(
        "sample-sdk-params",
        sample.pointer,
        f"`{call.name}` is called with `{name}{assign}`, but {op.label} has no parameter or body property "
        f"`{name}`{listed}{hint}",
        at(ctx, sample, call.offsets[name]),
    )


def _has_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_unknown(v) for v in value)
    return False
