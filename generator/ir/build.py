"""Build the IR from a loaded spec: operations, parameters, bodies, responses, resources."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.diagnostics import Diagnostic, Severity
from generator.ir.bodies import BodyContext, request_body
from generator.ir.checks import checks
from generator.ir.content import (
    JSON,
    ResponseContent,
    choose_request_media,
    mapping,
    request_kind,
    response_content,
    send_as,
)
from generator.ir.credentials import Security, plan_security
from generator.ir.model import (
    Body,
    ClientIR,
    Operation,
    Pagination,
    Param,
    Streaming,
)
from generator.ir.models import ModelPlanner
from generator.ir.notices import notice
from generator.ir.polling import link_polls, polling_of
from generator.ir.resources import Placement, Wanted, build_tree, derive, place
from generator.ir.statuses import Alternative, plan_alternatives, status_responses
from generator.ir.typetree import ModelPlan, Scalar, TypeNode, UnionOf
from generator.ir.webhooks import build_webhooks, plan_webhooks
from generator.naming import argument_name, class_name, module_name, resolve_collisions, snake_name
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.security import requirements
from generator.spec.walk import Operation as SpecOperation
from generator.spec.walk import parameters

#: Arguments of every generated client's constructor (credential arguments avoid them).
CLIENT_ARGUMENTS = frozenset(
    {"base_url", "timeout", "max_retries", "default_headers", "default_query", "http_client", "self"}
)


@dataclass
class _RawOperation:
    source: SpecOperation
    pointer: str
    path: str
    method: str
    data: dict[str, Any]
    params: list[tuple[str, dict[str, Any]]]
    body_pointer: str | None = None
    response_pointer: str | None = None
    stream_pointer: str | None = None
    content: ResponseContent | None = None
    fixed_query: tuple[tuple[str, str], ...] = ()
    alternatives: list[Alternative] = field(default_factory=list)


@dataclass
class Builder:
    """Turns one spec into a :class:`ClientIR`."""

    spec: Spec
    package: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    plan_types: dict[str, TypeNode] = field(default_factory=dict)  # types of body schemas that are no class
    plan: ModelPlan | None = None

    def warn(self, pointer: str, rule: str, message: str) -> None:
        """A warning at ``pointer``: something generated approximately (never dropped silently)."""
        self.diagnostics.append(notice(self.spec, rule, Severity.WARNING, message, pointer))

    def note(self, pointer: str, rule: str, message: str) -> None:
        """Information about a choice made, not an approximation (does not fail --strict)."""
        self.diagnostics.append(notice(self.spec, rule, Severity.INFO, message, pointer))

    def build(self) -> ClientIR:
        """The IR of the whole spec."""
        data = self.spec.data
        self._check_operation_ids()
        raw = self._collect()
        planner = ModelPlanner(self.spec)
        for op in raw:
            op.content = response_content(
                mapping(op.data.get("responses")), jp.child(op.pointer, "responses"), self.resolve
            )
            op.body_pointer = self._schema_root(planner, op, "request")
            op.response_pointer = self._schema_root(planner, op, "response")
            op.stream_pointer = self._schema_root(planner, op, "stream")
            name = str(op.data.get("operationId") or f"{op.method} {op.path}")
            responses_where = jp.child(op.pointer, "responses")
            responses = mapping(op.data.get("responses"))
            op.alternatives = plan_alternatives(
                self.spec, planner, responses, responses_where, name=name, warn=self.warn
            )
        hooks = plan_webhooks(self.spec, planner)
        plan = planner.plan()
        self.planner, self.plan = planner, plan
        self.plan_types = plan.types
        for problem in self.spec.extensions.problems:
            self.warn(problem.pointer, "specgen-extension", problem.message)
        for diagnostic in planner.diagnostics:
            record = self.note if diagnostic.severity is Severity.INFO else self.warn
            record(diagnostic.pointer, diagnostic.rule, diagnostic.message)
        client = self.spec.extensions.client
        prefix = self.package.upper()
        arguments = {*CLIENT_ARGUMENTS, *(option.name for option in client.options)}
        security = plan_security(self.spec, prefix, client.api_key_env, arguments)
        for scheme in security.unsupported:
            self.warn(
                scheme.pointer,
                "security-unsupported",
                f"security scheme {scheme.name!r} ({scheme.what}) cannot be sent by the client: "
                "operations that require it are sent with what the caller adds (default_headers, http_client)",
            )
        placements = self._placements(raw)
        by_id = {id(op): op for op in raw}
        operations = {key: self._operation(by_id[key], plan.class_for_pointer, security) for key in by_id}
        link_polls(raw, operations, placements, resolve=self.resolve, warn=self.warn)
        placed = [(placements[id(op)], operations[id(op)]) for op in raw]
        info = mapping(data.get("info"))
        server_url = self._server_url(required=bool(raw))
        client_attributes = [*(option.name for option in client.options), *(c.name for c in security.credentials)]
        return ClientIR(
            package=self.package,
            title=str(info.get("title") or self.package),
            api_version=str(info.get("version") or "0"),
            description=str(info.get("description") or ""),
            base_url=server_url if urlsplit(server_url).scheme else "",
            server_url=server_url,
            webhooks=build_webhooks(hooks, plan, self.note),
            base_url_env=client.base_url_env or f"{prefix}_BASE_URL",
            security=security,
            resources=build_tree(placed, set(plan.names), client_attributes),
            models=plan,
            diagnostics=tuple(sorted(self.diagnostics, key=Diagnostic.sort_key)),
            client_options=client.options,
        )

    # ---------------------------------------------------------------- collection

    def _check_operation_ids(self) -> None:
        """OpenAPI: an operationId is unique among all operations (paths, webhooks, callbacks); a
        duplicate is invalid input (exit 2 at its place), not something to generate around."""
        first: dict[str, str] = {}
        for op in self.spec.operations:
            if op.section == "x-webhooks" or op.operation_id is None:
                continue  # x-webhooks is extension data, often a copy of webhooks
            where = jp.child(op.pointer, "operationId")
            if op.operation_id in first and first[op.operation_id] != where:
                seen = self.spec.place(first[op.operation_id])
                raise self.spec.error(
                    where,
                    f"duplicate operationId {op.operation_id!r} (first at {seen.file}:{seen.line}:{seen.column}): "
                    "OpenAPI requires operationIds to be unique",
                )
            first.setdefault(op.operation_id, where)

    def _collect(self) -> list[_RawOperation]:
        found = []
        for op in self.spec.operations:
            if not op.is_call:
                continue
            params = []
            for param in parameters(self.spec, op):
                if param.location not in ("path", "query", "header", "cookie"):
                    self.warn(param.pointer, "parameter-invalid", "parameter without a valid 'in'; skipped")
                else:
                    params.append((param.pointer, param.node))
            # A path key with a query string (`/responses?beta=true`) is that path plus fixed query items;
            # a fragment (mistral's `/v1/conversations#stream`) tells operations apart and is never sent.
            template, _, fixed = op.path.partition("#")[0].partition("?")
            found.append(
                _RawOperation(op, op.pointer, template, op.method, op.node, params, fixed_query=tuple(parse_qsl(fixed)))
            )
        return found

    def resolve(self, value: Any) -> Any:
        """``value`` with ``$ref`` objects followed."""
        return self.spec.resolve(value)

    def _schema_root(self, planner: ModelPlanner, op: _RawOperation, kind: str) -> str | None:
        """Pointer of the schema of the request body (JSON only), the response, or one streamed event."""
        content = op.content
        if kind == "request":
            request = self.resolve(op.data.get("requestBody"))
            chosen = choose_request_media(mapping(mapping(request).get("content")))
            if chosen is None or request_kind(send_as(chosen[0], chosen[1], self.resolve)) != JSON:
                return None
            media_where = jp.child(jp.child(jp.child(op.pointer, "requestBody"), "content"), chosen[0])
            media: dict[str, Any] | None = chosen[1]
        elif kind == "response":
            if content is None or content.kind != "json":
                return None
            media_where, media = content.where, content.media
        else:
            if content is None or content.stream_media is None:
                return None
            media_where, media = content.stream_where, content.stream_media
        if media is None or not isinstance(media.get("schema"), dict):
            return None
        schema, pointer = self.spec.follow(media["schema"], jp.child(media_where, "schema"))
        name = str(op.data.get("operationId") or f"{op.method} {op.path}") + f" {kind}"
        planner.add_root(pointer, schema, "event" if kind == "stream" else name, kind)
        return pointer

    # ---------------------------------------------------------------- operations

    def _placements(self, raw: list[_RawOperation]) -> dict[int, Placement]:
        wanted: dict[str, Wanted] = {}
        for op in raw:
            settings = self.spec.extensions.of(op.source)
            resource, method = settings.resource, settings.method
            derived = derive(op.path, op.method)
            if isinstance(resource, str) and resource.strip():
                derived = replace(derived, resource=tuple(module_name(p) for p in resource.split(".") if p))
            explicit = isinstance(method, str) and bool(method.strip())
            if explicit:
                derived = Placement(derived.resource, snake_name(str(method), empty="call"))
            operation_id = str(op.data.get("operationId") or f"{op.method}_{op.path}")
            wanted[str(id(op))] = Wanted(derived, operation_id, op.method, explicit)
        return {int(key): placement for key, placement in place(wanted).items()}

    def _operation(self, op: _RawOperation, classes: dict[str, str], security: Security) -> Operation:
        data = op.data
        path_params, query, headers, cookies, defaults = [], [], [], [], []
        for at, param in op.params:
            raw_schema, schema_at, media_type = _parameter_schema(param, at)
            schema = self.resolve(raw_schema) if isinstance(raw_schema, dict) else {}
            required = bool(param.get("required")) or param["in"] == "path"
            kind = self.planner.argument_type(raw_schema if isinstance(raw_schema, dict) else {}, schema_at)
            style = param.get("style")
            explode = param.get("explode")
            built = Param(
                name=argument_name(param["name"]),
                wire=param["name"],
                location=param["in"],
                type=kind,
                required=required,
                description=str(param.get("description") or ""),
                schema=checks(self.spec, schema),
                style=style if isinstance(style, str) else "",
                explode=explode if isinstance(explode, bool) else None,
                media_type=media_type,
            )
            if param["in"] == "path":
                path_params.append(built)
            elif param["in"] == "query":
                query.append(built)
            elif param["in"] == "cookie":
                cookies.append(built)
            elif not required and isinstance(schema.get("default"), str):
                defaults.append((param["name"], schema["default"]))
            else:
                headers.append(built)
        body = request_body(BodyContext(self.spec, self.planner, self.plan, self.warn), op, classes)
        names = self._unique_names(path_params, query, [*headers, *cookies], body)
        cookies = [names[("cookie", p.wire)] for p in cookies]
        path_params = [names[("path", p.wire)] for p in path_params]
        query = [names[("query", p.wire)] for p in query]
        headers = [names[("header", p.wire)] for p in headers]
        if body is not None and body.whole is None:
            body = replace(body, fields=tuple(names[("body", p.wire)] for p in body.fields))
        elif body is not None and body.whole is not None:
            body = replace(body, whole=names[("body", body.whole.wire)])
        order = [name.strip("{}") for name in op.path.split("/") if name.startswith("{")]
        path_params.sort(key=lambda p: order.index(p.wire) if p.wire in order else len(order))
        positional = tuple(path_params[-1:])
        response_model = classes.get(op.response_pointer) if op.response_pointer else None
        response_type = self.plan_types.get(op.response_pointer or "") if response_model is None else None
        content = op.content or ResponseContent("", "none", "", "", None)
        return Operation(
            operation_id=str(data.get("operationId") or ""),
            name="",
            http_method=op.method.upper(),
            path=op.path,
            summary=str(data.get("summary") or ""),
            description=str(data.get("description") or ""),
            deprecated=bool(data.get("deprecated")),
            positional=positional,
            path_params=tuple(path_params[:-1]),
            query=tuple(query),
            headers=tuple(headers),
            default_headers=tuple(defaults),
            body=body,
            response_model=response_model,
            pagination=self._pagination(op, query, classes),
            polling=polling_of(self.spec, op.source),
            response_kind=content.kind,
            fixed_query=op.fixed_query,
            streaming=self._streaming(op, content, body, classes),
            pointer=op.pointer,
            response_type=response_type,
            cookies=tuple(cookies),
            alternatives=status_responses(op.alternatives, self.plan) if self.plan is not None else (),
            security=own if (own := requirements(self.spec, op.source)) != security.default else None,
        )

    def _streaming(
        self, op: _RawOperation, content: ResponseContent, body: Body | None, classes: dict[str, str]
    ) -> Streaming | None:
        if content.stream_media is None:
            return None
        event_model = classes.get(op.stream_pointer) if op.stream_pointer else None
        flag = next((p.wire for p in (body.fields if body else ()) if p.wire == "stream" and _is_boolean(p.type)), None)
        if content.kind != "stream" and flag is None:
            self.note(
                content.stream_where,
                "stream-without-flag",
                "the response can be an event stream but no boolean `stream` body member asks for it: "
                "the streaming method sends `Accept: text/event-stream` and the caller's arguments as given",
            )
        return Streaming(method="", event_model=event_model, flag=flag)

    def _unique_names(
        self, path: list[Param], query: list[Param], headers: list[Param], body: Body | None
    ) -> dict[tuple[str, str], Param]:
        everything = [*path, *query, *headers, *(body.arguments if body else ())]
        wanted = {(p.location, p.wire): p.name for p in everything}
        qualified = {(p.location, p.wire): f"{p.name}_{p.location}" for p in everything}
        keys = {f"{loc}\0{wire}": name for (loc, wire), name in wanted.items()}
        final = resolve_collisions(keys, {f"{loc}\0{wire}": name for (loc, wire), name in qualified.items()})
        result = {}
        for p in everything:
            result[(p.location, p.wire)] = replace(p, name=final[f"{p.location}\0{p.wire}"])
        return result

    def _pagination(self, op: _RawOperation, query: list[Param], classes: dict[str, str]) -> Pagination | None:
        spec = self.spec.extensions.of(op.source).pagination
        if spec is None:
            return None  # none, or one with a problem (reported as `specgen-extension`)
        cursor = next((p for p in query if p.wire == spec.cursor_param), None)
        response = classes.get(op.response_pointer or "")
        item_model = self._item_model(op, spec.items, classes)
        if cursor is None or response is None or item_model is None:
            where = jp.child(op.pointer, "x-specgen-pagination")
            self.warn(where, "pagination-invalid", "pagination needs its items to be models of a JSON response")
            return None
        return Pagination(
            items=spec.items,
            has_more=spec.has_more,
            cursor_param=cursor.name,
            cursor_field=spec.cursor_field,
            item_model=item_model,
        )

    def _item_model(self, op: _RawOperation, items: str, classes: dict[str, str]) -> str | None:
        try:
            schema = jp.resolve(self.spec.data, op.response_pointer or "")
        except (KeyError, ValueError):
            schema = None
        schema = self.resolve(schema)
        prop = (schema.get("properties") or {}).get(items) if isinstance(schema, dict) else None
        item = prop.get("items") if isinstance(prop, dict) else None
        if isinstance(item, dict) and isinstance(item.get("$ref"), str):
            return classes.get(jp.from_fragment(item["$ref"].partition("#")[2]))
        return None

    def _server_url(self, *, required: bool) -> str:
        """The first server's URL with its variables' defaults ("" when there is none; a note when
        ``required``: the spec has operations to call)."""
        servers = self.spec.data.get("servers")
        server = servers[0] if isinstance(servers, list) and servers else None
        url = server.get("url") if isinstance(server, dict) else None
        if not isinstance(url, str) or not url:
            if required:
                self.note("/servers", "servers-missing", "no server URL: the client needs base_url=... or its variable")
            return ""
        for name, variable in mapping(server.get("variables") if isinstance(server, dict) else None).items():
            if isinstance(variable, dict) and "default" in variable:
                url = url.replace("{" + str(name) + "}", str(variable["default"]))
        if not urlsplit(url).scheme and required:
            self.note(
                "/servers/0/url",
                "servers-relative",
                f"the server URL {url!r} is relative to where the spec is served: "
                "the client needs base_url=... or its environment variable",
            )
        return url


def _parameter_schema(param: dict[str, Any], at: str) -> tuple[Any, str, str]:
    """A parameter's schema, where it is, and the media type it is serialized with (`content` parameters)."""
    content = param.get("content")
    if isinstance(content, dict) and content:
        media_type, media = next(iter(content.items()))
        schema = media.get("schema") if isinstance(media, dict) else None
        where = jp.child(jp.child(jp.child(at, "content"), str(media_type)), "schema")
        return schema if isinstance(schema, dict) else {}, where, str(media_type)
    return param.get("schema", {}), jp.child(at, "schema"), ""


def _is_boolean(node: TypeNode) -> bool:
    """A boolean (or a boolean or null)."""
    if isinstance(node, UnionOf):
        return any(_is_boolean(v) for v in node.variants)
    return isinstance(node, Scalar) and node.kind == "boolean"


def build_ir(spec: Spec, package: str) -> ClientIR:
    """The IR of ``spec`` for a package called ``package`` (the test plan is built from it: ``generator.testplan``)."""
    return Builder(spec, package).build()


__all__ = ["build_ir", "class_name"]
