"""The intermediate representation: frozen dataclasses, the only data templates see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic
from generator.ir.credentials import Security
from generator.ir.typetree import ModelPlan, TypeNode
from generator.spec.extensions import ClientOption


@dataclass(frozen=True)
class Param:
    """An argument of a generated method and where it goes on the wire."""

    name: str
    wire: str
    location: str  # path | query | header | cookie | body
    type: TypeNode
    required: bool
    description: str = ""
    schema: dict[str, Any] = field(default_factory=dict)
    # The Python spelling of ``type`` and the names it needs, filled by the renderer.
    type_hint: str = ""
    imports: tuple[str, ...] = ()
    style: str = ""  # OpenAPI serialization style of a path, query or header parameter ("": the default)
    explode: bool | None = None
    media_type: str = ""  # a parameter serialized by media type (`content`)

    @property
    def optional_hint(self) -> str:
        """The hint of an optional argument: ``Omit`` added, ``None`` kept last."""
        if self.type_hint.endswith(" | None"):
            return self.type_hint[: -len(" | None")] + " | Omit | None"
        return f"{self.type_hint} | Omit"


@dataclass(frozen=True)
class Body:
    """A request body: its members become keyword arguments, or it is one ``body`` argument.

    ``kind`` is json, multipart, form or raw (bytes sent as they are, with ``content_type``).
    For json, ``model`` is the request model validated before sending.
    """

    content_type: str
    model: str | None
    fields: tuple[Param, ...]
    required: bool
    kind: str = "json"
    whole: Param | None = None
    checks: dict[str, Any] = field(default_factory=dict)  # a form body's own schema (a union of objects)

    @property
    def arguments(self) -> tuple[Param, ...]:
        """The method arguments the body takes."""
        return (self.whole,) if self.whole is not None else self.fields


@dataclass(frozen=True)
class Streaming:
    """A ``text/event-stream`` response: its method and the type of one event."""

    method: str
    event_model: str | None  # class of one event's JSON data; None: events are plain text
    flag: str | None  # wire name of the boolean body member that asks for a stream (e.g. "stream")


@dataclass(frozen=True)
class Pagination:
    """Cursor pagination (``x-specgen-pagination``)."""

    items: str
    has_more: str | None
    cursor_param: str
    cursor_field: str
    item_model: str


@dataclass(frozen=True)
class Polling:
    """How to poll the resource an operation retrieves (``x-specgen-poll``)."""

    method: str
    status: str
    terminal: tuple[str, ...]
    pending: tuple[str, ...]
    interval_header: str | None
    default_interval_ms: int
    pending_count: str | None = None  # JSON pointer to a count of items still in progress (0: done)


@dataclass(frozen=True)
class LinkArgument:
    """One argument of a linked call: from the response (pointer) or from an argument (name)."""

    name: str
    source: str  # response | argument
    value: str
    positional: bool = False


@dataclass(frozen=True)
class PollLink:
    """``<method>_and_poll``: call this operation, then poll the linked one."""

    method: str
    poll_method: str
    arguments: tuple[LinkArgument, ...]


@dataclass(frozen=True)
class StatusResponse:
    """A success status whose body differs from the main response's: what the method returns for it."""

    status: int
    kind: str  # json | none
    model: str | None  # the class of a JSON body
    type: TypeNode | None  # a JSON body that is not one class


@dataclass(frozen=True)
class Operation:
    """One HTTP operation as a generated method."""

    operation_id: str
    name: str
    http_method: str
    path: str
    summary: str
    description: str
    deprecated: bool
    positional: tuple[Param, ...]
    path_params: tuple[Param, ...]
    query: tuple[Param, ...]
    headers: tuple[Param, ...]
    default_headers: tuple[tuple[str, str], ...]
    body: Body | None
    response_model: str | None
    pagination: Pagination | None = None
    response_kind: str = "json"  # json | stream | binary | text | none
    streaming: Streaming | None = None
    fixed_query: tuple[tuple[str, str], ...] = ()  # query items the path itself carries
    polling: Polling | None = None
    poll_link: PollLink | None = None
    pointer: str = ""  # where the operation is in the spec
    response_type: TypeNode | None = None  # a JSON response that is not a model (a list of models...)
    cookies: tuple[Param, ...] = ()
    alternatives: tuple[StatusResponse, ...] = ()  # other success statuses with other bodies, read by status
    # The operation's own security requirement when it differs from the spec's default: alternatives,
    # each the names of the schemes sent together (``()``: none).
    security: tuple[tuple[str, ...], ...] | None = None

    @property
    def keyword_params(self) -> tuple[Param, ...]:
        """Keyword-only arguments, in signature order."""
        body = self.body.arguments if self.body else ()
        return (*self.path_params, *self.headers, *self.cookies, *body, *self.query)

    @property
    def stream_params(self) -> tuple[Param, ...]:
        """Keyword-only arguments of the streaming method (without the flag member it sets itself)."""
        flag = self.streaming.flag if self.streaming else None
        return tuple(p for p in self.keyword_params if not (p.location == "body" and p.wire == flag))

    @property
    def all_params(self) -> tuple[Param, ...]:
        """Every argument: positional first."""
        return (*self.positional, *self.keyword_params)

    @property
    def wire_params(self) -> tuple[Param, ...]:
        """Path, query, header and cookie parameters (not body members)."""
        return (*self.positional, *self.path_params, *self.headers, *self.cookies, *self.query)


@dataclass(frozen=True)
class Webhook:
    """A request the API sends to the user's server (OpenAPI ``webhooks``), and its body's parser."""

    key: str  # its name under ``webhooks``
    method: str  # HTTP method, upper case
    function: str  # the parser in the package's ``webhooks`` module
    summary: str
    description: str
    media_type: str
    json: bool  # the body is JSON (else the parser returns its bytes)
    model: str | None  # the class of a JSON body
    payload_type: TypeNode | None  # the type of a JSON body that is not one class
    pointer: str
    schema_pointer: str = ""


@dataclass(frozen=True)
class Resource:
    """A group of operations reachable as ``client.<path>``; it may hold child resources."""

    attr: str
    class_name: str
    module: str
    path: tuple[str, ...]
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...]
    reach: tuple[str, ...] = ()  # the attributes from the client to it: ``client.<reach...>``

    @property
    def module_file(self) -> str:
        """Path of the module inside the package."""
        return self.module.replace(".", "/") + ".py"


@dataclass(frozen=True)
class ClientIR:
    """Everything needed to render one client package."""

    package: str
    title: str
    api_version: str
    description: str
    base_url: str  # the default base URL ("" when the spec names no absolute server URL)
    base_url_env: str
    resources: tuple[Resource, ...]
    models: ModelPlan
    security: Security = field(default_factory=Security)  # credentials and where they are sent
    diagnostics: tuple[Diagnostic, ...] = ()
    client_options: tuple[ClientOption, ...] = ()
    server_url: str = ""  # the spec's first server URL, variables filled in (may be relative)
    webhooks: tuple[Webhook, ...] = ()

    def all_resources(self) -> list[Resource]:
        """Every resource, parents before children, in name order."""
        found: list[Resource] = []
        stack = list(reversed(self.resources))
        while stack:
            resource = stack.pop()
            found.append(resource)
            stack.extend(reversed(resource.children))
        return found
