"""specgen's own ``x-specgen-*`` extensions (docs/extensions.md), parsed once.

Each extension becomes a dataclass that generation uses; each problem (an unknown or misplaced
extension, a malformed value, a name the spec does not have) becomes an
:class:`ExtensionProblem` that ``specgen lint`` reports as ``specgen-extension`` and
``specgen generate`` as a warning: both see the same problems, and a value with a problem is
not used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from generator.spec import facts, invariants
from generator.spec import pointer as jp
from generator.spec.walk import Operation, SchemaSite, parameters, success_schema

if TYPE_CHECKING:
    from generator.spec.load import Spec

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")
_PAGINATION_KEYS = frozenset({"style", "items", "has-more", "cursor-param", "cursor-field"})
_POLL_KEYS = frozenset(
    {"method", "status", "terminal", "pending", "pending-count", "interval-header", "default-interval-ms"}
)
_CLIENT_KEYS = frozenset({"api-key-env", "base-url-env", "options"})
_OPTION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an RFC 9110 token
# Arguments and attributes every generated client has already (an option must not replace one).
RESERVED_OPTION_NAMES = frozenset(
    {
        "api_key", "base_url", "timeout", "max_retries", "default_headers", "default_query", "http_client",
        "set_default_headers", "set_default_query", "options", "copy", "with_options", "close", "send", "call",
        "call_stream", "page", "with_raw_response", "with_streaming_response",
    }
)  # fmt: skip
_PLACES = {
    "x-specgen-client": "the document root",
    "x-specgen-resource": "an operation under `paths`",
    "x-specgen-method": "an operation under `paths`",
    "x-specgen-pagination": "an operation under `paths`",
    "x-specgen-poll": "an operation under `paths`",
    "x-specgen-name": "a component schema",
    "x-specgen-invariants": "an object schema",
    "x-specgen-aliases": "a property with `const` or a one-value `enum`",
}


@dataclass(frozen=True)
class ExtensionProblem:
    """Something wrong with an ``x-specgen-*`` extension, at ``pointer``."""

    pointer: str
    message: str


@dataclass(frozen=True)
class ClientOption:
    """A client option the spec declares (``x-specgen-client`` ``options``): an argument sent as a header."""

    name: str  # the client's argument and attribute
    header: str  # the header it is sent in
    env: str  # the environment variable it defaults to ("" for none)
    description: str = ""


@dataclass(frozen=True)
class ClientSettings:
    """``x-specgen-client``: environment variables the client reads (None: the fallback), and the
    options it takes besides the key."""

    api_key_env: str | None = None
    base_url_env: str | None = None
    options: tuple[ClientOption, ...] = ()


@dataclass(frozen=True)
class Pagination:
    """``x-specgen-pagination``: cursor pagination of a list operation."""

    items: str
    cursor_param: str
    cursor_field: str = "id"
    has_more: str | None = None
    style: str = "cursor"


@dataclass(frozen=True)
class Poll:
    """``x-specgen-poll``: how to poll the resource an operation retrieves."""

    status: str
    terminal: tuple[str, ...]
    pending: tuple[str, ...] = ()
    pending_count: str | None = None  # a JSON pointer into the response: a count of items in progress
    method: str = "poll"
    interval_header: str | None = None
    default_interval_ms: int = 1000


@dataclass(frozen=True)
class OperationSettings:
    """The extensions of one operation."""

    resource: str | None = None
    method: str | None = None
    pagination: Pagination | None = None
    poll: Poll | None = None


@dataclass
class Extensions:
    """Every ``x-specgen-*`` extension of a spec. Schema extensions are keyed by schema pointer,
    operation extensions by operation pointer."""

    client: ClientSettings = field(default_factory=ClientSettings)
    operations: dict[str, OperationSettings] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    invariants: dict[str, tuple[invariants.Invariant, ...]] = field(default_factory=dict)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: list[ExtensionProblem] = field(default_factory=list)

    def of(self, operation: Operation) -> OperationSettings:
        """The extensions of ``operation`` (none set: all None)."""
        return self.operations.get(operation.pointer, OperationSettings())


def parse_extensions(spec: Spec) -> Extensions:
    """Parse every ``x-specgen-*`` key of ``spec``."""
    reader = _Reader(spec)
    for holder, key, value in spec.index.extensions:
        if key.startswith("x-specgen-"):
            reader.read(holder, key, value)
    return reader.found


class _Reader:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.found = Extensions()
        self.operations = {op.pointer: op for op in spec.operations}
        self.schemas = {site.pointer: site for site in spec.index.schemas}
        self.pointer = ""
        self.key = ""

    def problem(self, message: str, *below: str | int) -> None:
        pointer = self.pointer
        for part in below:
            pointer = jp.child(pointer, part)
        self.found.problems.append(ExtensionProblem(pointer, f"`{self.key}`: {message}"))

    def read(self, holder: str, key: str, value: Any) -> None:
        self.pointer, self.key = jp.child(holder, key), key
        place = _PLACES.get(key)
        if place is None:
            known = ", ".join(sorted(_PLACES))
            self.problem(f"unknown specgen extension (known: {known}; see docs/extensions.md)")
            return
        operation = self.operations.get(holder)
        site = self.schemas.get(holder)
        if key == "x-specgen-client" and holder == "":
            self.client(value)
        elif place.startswith("an operation") and operation is not None and operation.is_call:
            self.operation(operation, key, value)
        elif key == "x-specgen-name" and site is not None and site.parent is None and _is_component(holder):
            if self.string(value, _IDENTIFIER, "a Python class name"):
                self.found.names[holder] = value
        elif key == "x-specgen-invariants" and site is not None:
            self.invariants(site)
        elif key == "x-specgen-aliases" and site is not None:
            self.aliases(site, value)
        else:
            self.problem(f"belongs on {place}; it has no effect here")

    def string(self, value: Any, pattern: re.Pattern[str], what: str, *below: str | int) -> bool:
        if not isinstance(value, str) or not pattern.match(value):
            self.problem(f"{value!r} is not {what}", *below)
            return False
        return True

    def mapping(self, value: Any, allowed: frozenset[str], required: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem("must be a mapping")
            return None
        unknown = [name for name in value if name not in allowed]
        for name in unknown:
            self.problem(f"unknown key `{name}` (allowed: {', '.join(sorted(allowed))})", name)
        missing = sorted(required - set(value))
        for name in missing:
            self.problem(f"missing key `{name}`")
        return None if missing else value

    def client(self, value: Any) -> None:
        found = self.mapping(value, _CLIENT_KEYS, set())
        if found is None:
            return
        names = {key: found[key] for key in ("api-key-env", "base-url-env") if key in found}
        what = "an environment variable name"
        good = {key: item for key, item in names.items() if self.string(item, _IDENTIFIER, what, key)}
        options = self.options(found.get("options"))
        self.found.client = ClientSettings(good.get("api-key-env"), good.get("base-url-env"), options)

    def options(self, entries: Any) -> tuple[ClientOption, ...]:
        """The client options listed under ``options``; an entry with a problem is left out."""
        if entries is None:
            return ()
        if not isinstance(entries, list):
            self.problem("`options` must be a list of {name, header, env, description}", "options")
            return ()
        found: list[ClientOption] = []
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                self.problem("must be a mapping", "options", index)
                continue
            name, header, env = entry.get("name"), entry.get("header"), entry.get("env")
            description = entry.get("description")
            if not isinstance(name, str) or not _OPTION_NAME.match(name) or name in RESERVED_OPTION_NAMES:
                self.problem(f"`name` {name!r} is not a free snake_case argument name", "options", index)
            elif not isinstance(header, str) or not _HEADER.match(header):
                self.problem(f"`header` {header!r} is not an HTTP header name", "options", index)
            elif env is not None and (not isinstance(env, str) or not _IDENTIFIER.match(env)):
                self.problem(f"`env` {env!r} is not an environment variable name", "options", index)
            elif any(option.name == name for option in found):
                self.problem(f"`{name}` is listed twice", "options", index)
            else:
                text = description if isinstance(description, str) else ""
                found.append(ClientOption(name, header, env or "", text))
        return tuple(found)

    def operation(self, operation: Operation, key: str, value: Any) -> None:
        current = self.found.operations.get(operation.pointer, OperationSettings())
        if key == "x-specgen-resource":
            if self.string(value, _DOTTED, "a dotted Python name such as `vector_stores.file_batches`"):
                current = replace(current, resource=value)
        elif key == "x-specgen-method":
            if self.string(value, _IDENTIFIER, "a Python identifier"):
                current = replace(current, method=value)
        elif key == "x-specgen-pagination":
            current = replace(current, pagination=self.pagination(operation, value))
        else:
            current = replace(current, poll=self.poll(operation, value))
        self.found.operations[operation.pointer] = current

    def response_properties(self, operation: Operation) -> dict[str, Any]:
        pointer = success_schema(self.spec, operation)
        if not pointer:
            return {}
        schema, where = self.spec.follow(self.spec.get(pointer), pointer)
        if not isinstance(schema, dict):
            return {}
        parts = facts.object_parts(self.spec, schema, where)
        return {name: self.spec.resolve(raw) for name, (raw, _) in parts.properties.items()}

    def pagination(self, operation: Operation, value: Any) -> Pagination | None:
        found = self.mapping(value, _PAGINATION_KEYS, {"items", "cursor-param"})
        if found is None:
            return None
        problems = len(self.found.problems)
        style = found.get("style", "cursor")
        if style != "cursor":
            self.problem(f"style {style!r} is not supported (only `cursor`)", "style")
        for name in ("items", "cursor-param", "cursor-field", "has-more"):
            if name in found and not isinstance(found[name], str):
                self.problem("must be a string", name)
        properties = self.response_properties(operation)
        if not properties:
            self.problem(f"needs a JSON object in the success response of {operation.label}")
        items, cursor_field = found.get("items"), found.get("cursor-field", "id")
        item_schema = properties.get(items) if isinstance(items, str) else None
        if isinstance(items, str) and properties and facts.types(item_schema or {}) - {"array"} != set():
            self.problem(f"the success response has no array property `{items}`", "items")
        elif isinstance(item_schema, dict) and isinstance(cursor_field, str) and "cursor-field" in found:
            inner = self.spec.resolve(item_schema.get("items"))
            names = facts.object_parts(self.spec, inner, "").properties if isinstance(inner, dict) else {}
            if names and cursor_field not in names:
                self.problem(f"the items of `{items}` have no property `{cursor_field}`", "cursor-field")
        has_more = found.get("has-more")
        if isinstance(has_more, str) and properties and has_more not in properties:
            self.problem(f"the success response has no property `{has_more}`", "has-more")
        cursor = found.get("cursor-param")
        query = {p.name for p in parameters(self.spec, operation) if p.location == "query"}
        if isinstance(cursor, str) and cursor not in query:
            self.problem(f"`{cursor}` is not a query parameter of {operation.label}", "cursor-param")
        if len(self.found.problems) > problems:
            return None
        has_more_name = found.get("has-more")
        return Pagination(str(items), str(cursor), str(cursor_field), has_more_name, str(style))

    def poll(self, operation: Operation, value: Any) -> Poll | None:
        found = self.mapping(value, _POLL_KEYS, {"status", "terminal"})
        if found is None:
            return None
        problems = len(self.found.problems)
        method = found.get("method", "poll")
        self.string(method, _IDENTIFIER, "a Python identifier", "method")
        count = found.get("pending-count")
        if count is not None and (not isinstance(count, str) or not count.startswith("/")):
            self.problem(
                "must be a JSON pointer into the response, such as `/file_counts/in_progress`", "pending-count"
            )
        interval = found.get("default-interval-ms", 1000)
        if not isinstance(interval, int) or isinstance(interval, bool) or interval <= 0:
            self.problem("must be a positive integer (milliseconds)", "default-interval-ms")
        header = found.get("interval-header")
        if header is not None and not isinstance(header, str):
            self.problem("must be a header name", "interval-header")
        status = found.get("status")
        properties = self.response_properties(operation)
        status_schema = properties.get(status) if isinstance(status, str) else None
        if not isinstance(status, str):
            self.problem("must be a property name", "status")
        elif properties and status_schema is None:
            self.problem(f"the success response has no property `{status}`", "status")
        enum = status_schema.get("enum") if isinstance(status_schema, dict) else None
        for key in ("terminal", "pending"):
            values = found.get(key, [])
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                self.problem("must be a list of strings", key)
            elif key == "terminal" and not values:
                self.problem("must name at least one value", key)
            elif isinstance(enum, list):
                for index, item in enumerate(values):
                    if item not in enum:
                        shown = ", ".join(map(str, enum))
                        self.problem(f"`{item}` is not a value of `{status}` ({shown})", key, index)
        if len(self.found.problems) > problems:
            return None
        return Poll(
            status=str(status),
            terminal=tuple(found["terminal"]),
            pending=tuple(found.get("pending", ())),
            pending_count=count,
            method=str(method),
            interval_header=header,
            default_interval_ms=int(interval),
        )

    def invariants(self, site: SchemaSite) -> None:
        if not isinstance(site.schema.get("properties"), dict):
            self.problem("needs an object schema with `properties` to name")
            return
        try:
            parsed = invariants.from_schema(site.schema)
        except invariants.InvariantError as exc:
            self.problem(str(exc))
            return
        self.found.invariants[site.pointer] = tuple(parsed)

    def aliases(self, site: SchemaSite, value: Any) -> None:
        constant = facts.constant(site.schema)
        if constant is None:
            self.problem("belongs on a property with `const` or a one-value `enum`")
            return
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem("must be a list of strings")
            return
        for index, alias in enumerate(value):
            if alias == constant[0]:
                self.problem(f"`{alias}` is the canonical value itself", index)
                return
        self.found.aliases[site.pointer] = tuple(value)


def _is_component(pointer: str) -> bool:
    parts = pointer.split("/")
    return len(parts) == 4 and parts[1:3] == ["components", "schemas"]
