"""Build the IR from a loaded spec: operations, parameters, bodies, responses, resources."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.diagnostics import Diagnostic, Severity
from generator.ir.checks import checks
from generator.ir.content import (
    JSON,
    RAW,
    ResponseContent,
    choose_request_media,
    form_members,
    is_file_schema,
    object_members,
    request_kind,
    response_content,
    send_as,
    structured,
)
from generator.ir.credentials import Security, plan_security
from generator.ir.model import (
    Body,
    ClientIR,
    LinkArgument,
    Operation,
    Pagination,
    Param,
    Polling,
    PollLink,
    Streaming,
)
from generator.ir.models import ModelPlanner
from generator.ir.notices import notice
from generator.ir.resources import Placement, Wanted, build_tree, derive, place
from generator.ir.statuses import Alternative, plan_alternatives, status_responses
from generator.ir.typetree import ArrayOf, BinaryValue, FileValue, ModelPlan, Scalar, TypeNode, UnionOf
from generator.ir.webhooks import build_webhooks, plan_webhooks
from generator.naming import argument_name, class_name, module_name, resolve_collisions, snake_name
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.security import requirements
from generator.spec.walk import Operation as SpecOperation
from generator.spec.walk import parameters

_RAW_TYPE = UnionOf((BinaryValue(), Scalar("string")))  # a body sent as it is: bytes or text
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
                _mapping(op.data.get("responses")), jp.child(op.pointer, "responses"), self.resolve
            )
            op.body_pointer = self._schema_root(planner, op, "request")
            op.response_pointer = self._schema_root(planner, op, "response")
            op.stream_pointer = self._schema_root(planner, op, "stream")
            name = str(op.data.get("operationId") or f"{op.method} {op.path}")
            responses_where = jp.child(op.pointer, "responses")
            responses = _mapping(op.data.get("responses"))
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
        self._link_polls(raw, operations, placements)
        placed = [(placements[id(op)], operations[id(op)]) for op in raw]
        info = _mapping(data.get("info"))
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
            chosen = choose_request_media(_mapping(_mapping(request).get("content")))
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
        body = self._body(op, classes)
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
            polling=self._polling(op),
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

    def _body(self, op: _RawOperation, classes: dict[str, str]) -> Body | None:
        request = self.resolve(op.data.get("requestBody"))
        if not isinstance(request, dict):
            return None
        where = jp.child(op.pointer, "requestBody")
        chosen = choose_request_media(_mapping(request.get("content")))
        if chosen is None:
            self.warn(where, "body-unsupported", "request body without content; not generated")
            return None
        key, media = chosen
        media_type = send_as(key, media, self.resolve)  # */* with an object schema: sent as JSON
        kind = request_kind(media_type)
        media_where = jp.child(jp.child(where, "content"), key)
        schema_where = jp.child(media_where, "schema")
        required_body = bool(request.get("required"))
        if kind == RAW:
            if structured(self.resolve(media.get("schema"))):  # text, bytes, files: sent exactly as given
                self.warn(
                    media_where,
                    "body-raw",
                    f"request body {media_type} describes structured data the client does not serialize: "
                    "the caller passes it as bytes or text",
                )
            whole = Param("body", "body", "body", _RAW_TYPE, required_body, _description(self.spec, request))
            return Body(media_type, None, (), required_body, RAW, whole)
        members = object_members(media.get("schema"), self.resolve)
        model = classes.get(op.body_pointer) if op.body_pointer else None
        form_checks: dict[str, Any] = {}
        if members is None and kind != JSON:
            found = form_members(media.get("schema"), self.resolve)
            if found is not None:
                members = (found[0], found[1])
                form_checks = checks(self.spec, media.get("schema")) if found[2] else {}
        if members is None:
            if kind != JSON:
                self.warn(schema_where, "body-not-object", f"{media_type} body is not an object; sent as raw `body`")
                whole = Param("body", "body", "body", _RAW_TYPE, required_body)
                return Body(media_type, None, (), required_body, RAW, whole)
            kind_of_body = self.planner.argument_type(media.get("schema"), schema_where)
            whole = Param(
                "body", "body", "body", kind_of_body, required_body, _description(self.spec, media.get("schema"))
            )
            return Body(media_type, model, (), required_body, JSON, whole)
        properties, required = members
        base = _schema_pointer(media.get("schema"), schema_where)
        body_class = self.plan.model(model) if self.plan is not None and model and kind == JSON else None
        fields = []
        for name, sub in properties.items():
            sub_where = jp.child(jp.child(base, "properties"), name)
            resolved = self.resolve(sub)
            member = body_class.field_named(str(name)) if body_class else None
            if kind != JSON and _holds_files(resolved, self.resolve):
                is_list = isinstance(resolved, dict) and resolved.get("type") == "array"
                value: TypeNode = ArrayOf(FileValue()) if is_list else FileValue()
                member_checks: dict[str, Any] = {"format": "binary"}
            else:
                value = member.type if member is not None else self.planner.argument_type(sub, sub_where)
                member_checks = checks(self.spec, resolved) if kind != JSON else {}
            fields.append(
                Param(
                    name=argument_name(str(name)),
                    wire=str(name),
                    location="body",
                    type=value,
                    required=name in required,
                    description=_description(self.spec, sub),
                    schema=member_checks,
                )
            )
        return Body(media_type, model if kind == JSON else None, tuple(fields), required_body, kind, checks=form_checks)

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

    def _polling(self, op: _RawOperation) -> Polling | None:
        spec = self.spec.extensions.of(op.source).poll
        if spec is None:
            return None  # none, or one with a problem (reported as `specgen-extension`)
        return Polling(
            method=module_name(spec.method),
            status=spec.status,
            terminal=spec.terminal,
            pending=spec.pending,
            interval_header=spec.interval_header,
            default_interval_ms=spec.default_interval_ms,
            pending_count=spec.pending_count,
        )

    def _link_polls(
        self, raw: list[_RawOperation], operations: dict[int, Operation], placed: dict[int, Placement]
    ) -> None:
        by_operation_id = {str(op.data.get("operationId")): op for op in raw if op.data.get("operationId")}
        for op in raw:
            responses = _mapping(op.data.get("responses"))
            for status, response in responses.items():
                found = self.resolve(response)
                links = found.get("links") if isinstance(found, dict) else None
                for link_name, link in (links or {}).items() if isinstance(links, dict) else []:
                    target = by_operation_id.get(str(link.get("operationId"))) if isinstance(link, dict) else None
                    if target is None or operations[id(target)].polling is None:
                        continue
                    where = jp.join(["paths", op.path, op.method, "responses", str(status), "links", str(link_name)])
                    if placed[id(target)].resource != placed[id(op)].resource:
                        self.warn(
                            where, "poll-link", "a poll link must target an operation of the same resource; ignored"
                        )
                        continue
                    arguments = self._link_arguments(link, operations[id(target)], operations[id(op)], where)
                    if arguments is None:
                        continue
                    polling = operations[id(target)].polling
                    assert polling is not None
                    current = operations[id(op)]
                    operations[id(op)] = _with_link(
                        current, PollLink(f"{placed[id(op)].method}_and_{polling.method}", polling.method, arguments)
                    )

    def _link_arguments(
        self, link: dict[str, Any], target: Operation, source: Operation, where: str
    ) -> tuple[LinkArgument, ...] | None:
        parameters = _mapping(link.get("parameters"))
        arguments = []
        wanted = {p.wire: p for p in target.wire_params if p.required}
        for wire, param in wanted.items():
            expression = parameters.get(wire)
            if not isinstance(expression, str):
                self.warn(where, "poll-link", f"link gives no value for required parameter {wire!r}; ignored")
                return None
            positional = param in target.positional
            if expression.startswith("$response.body#"):
                arguments.append(LinkArgument(param.name, "response", expression.partition("#")[2], positional))
            elif expression.startswith("$request.path."):
                name = expression[len("$request.path.") :]
                match = next((p for p in source.wire_params if p.wire == name), None)
                if match is None:
                    self.warn(where, "poll-link", f"{expression} names no parameter of the operation; ignored")
                    return None
                arguments.append(LinkArgument(param.name, "argument", match.name, positional))
            else:
                self.warn(where, "poll-link", f"unsupported link expression {expression!r}; ignored")
                return None
        return tuple(sorted(arguments, key=lambda a: not a.positional))

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
        for name, variable in _mapping(server.get("variables") if isinstance(server, dict) else None).items():
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


def _holds_files(schema: Any, resolve: Any) -> bool:
    """A member that is a file, or an array of files."""
    if is_file_schema(schema):
        return True
    return isinstance(schema, dict) and schema.get("type") == "array" and is_file_schema(resolve(schema.get("items")))


def _is_boolean(node: TypeNode) -> bool:
    """A boolean (or a boolean or null)."""
    if isinstance(node, UnionOf):
        return any(_is_boolean(v) for v in node.variants)
    return isinstance(node, Scalar) and node.kind == "boolean"


def _with_link(operation: Operation, link: PollLink) -> Operation:
    return replace(operation, poll_link=link)


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one (specs may put anything anywhere)."""
    return value if isinstance(value, dict) else {}


def _schema_pointer(schema: Any, where: str) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        return jp.from_fragment(schema["$ref"].partition("#")[2])
    return where


def _description(spec: Spec, schema: Any) -> str:
    """The description of a schema, else of what it refers to, else of its first described variant."""
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        return str(schema["description"])
    resolved = spec.resolve(schema)
    if isinstance(resolved, dict) and isinstance(resolved.get("description"), str):
        return str(resolved["description"])
    for key in ("anyOf", "oneOf", "allOf"):
        for variant in (resolved.get(key) or []) if isinstance(resolved, dict) else []:
            text = _description(spec, variant) if isinstance(variant, dict) else ""
            if text:
                return text
    return ""


def build_ir(spec: Spec, package: str) -> ClientIR:
    """The IR of ``spec`` for a package called ``package`` (the test plan is built from it: ``generator.testplan``)."""
    return Builder(spec, package).build()


__all__ = ["build_ir", "class_name"]
