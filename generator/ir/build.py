"""Build the IR from a loaded spec: operations, parameters, bodies, responses, resources."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl

from generator import pointer as jp
from generator.diagnostics import Diagnostic, Severity
from generator.ir.cases import build_test_plan
from generator.ir.client_options import client_options
from generator.ir.content import (
    JSON,
    RAW,
    ResponseContent,
    base_type,
    choose_request_media,
    is_file_schema,
    object_members,
    request_kind,
    response_content,
)
from generator.ir.credentials import credential_header
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
from generator.ir.resources import COLLECTION_METHODS, Placement, build_tree, derive, resolve_placements
from generator.ir.schemas import Planner
from generator.ir.types import TypeHints
from generator.load import Spec
from generator.naming import argument_name, class_name, module_name, resolve_collisions, snake_name

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_CHECK_KEYS = (
    "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "minItems", "maxItems", "items",
)  # fmt: skip


@dataclass
class _RawOperation:
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


@dataclass
class Builder:
    """Turns one spec into a :class:`ClientIR`."""

    spec: Spec
    package: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def warn(self, pointer: str, rule: str, message: str) -> None:
        """A warning at ``pointer``: something generated approximately (never dropped silently)."""
        line, column = self.spec.locate(pointer)
        self.diagnostics.append(Diagnostic(rule, Severity.WARNING, message, self.spec.name, pointer, line, column))

    def note(self, pointer: str, rule: str, message: str) -> None:
        """Information about a choice made, not an approximation (does not fail --strict)."""
        line, column = self.spec.locate(pointer)
        self.diagnostics.append(Diagnostic(rule, Severity.INFO, message, self.spec.name, pointer, line, column))

    def build(self) -> ClientIR:
        """The IR of the whole spec."""
        data = self.spec.data
        raw = self._collect()
        planner = Planner(data, self.spec.name)
        for op in raw:
            op.content = response_content(
                _mapping(op.data.get("responses")), jp.child(op.pointer, "responses"), self.resolve
            )
            op.body_pointer = self._schema_root(planner, op, "request")
            op.response_pointer = self._schema_root(planner, op, "response")
            op.stream_pointer = self._schema_root(planner, op, "stream")
        planner.prepare()
        names = planner.class_for_pointer
        requests = {names[p] for op in raw if (p := op.body_pointer) and p in names}
        responses = {names[p] for op in raw for p in (op.response_pointer, op.stream_pointer) if p and p in names}
        plan = planner.finish(requests, responses)
        for diagnostic in planner.diagnostics:
            record = self.note if diagnostic.severity is Severity.INFO else self.warn
            record(diagnostic.pointer, diagnostic.rule, diagnostic.message)
        models = {name for name, schema in plan.document["components"]["schemas"].items() if _is_model(schema)}
        hints = TypeHints(data, plan.class_for_pointer, models)
        placements = self._placements(raw)
        by_id = {id(op): op for op in raw}
        operations = {key: self._operation(by_id[key], hints, plan.class_for_pointer) for key in by_id}
        self._link_polls(raw, operations, placements)
        placed = [(placements[id(op)], operations[id(op)]) for op in raw]
        client = _mapping(data.get("x-specgen-client"))
        options, problems = client_options(client)
        for problem in problems:
            self.warn("/x-specgen-client/options", "client-option-invalid", f"x-specgen-client {problem}; ignored")
        info = _mapping(data.get("info"))
        prefix = self.package.upper()
        credential = credential_header(data) or ("Authorization", "Bearer")
        return ClientIR(
            package=self.package,
            title=str(info.get("title") or self.package),
            api_version=str(info.get("version") or "0"),
            description=str(info.get("description") or ""),
            base_url=self._base_url(),
            api_key_env=str(client.get("api-key-env") or f"{prefix}_API_KEY"),
            base_url_env=str(client.get("base-url-env") or f"{prefix}_BASE_URL"),
            auth_header=credential[0],
            auth_scheme=credential[1],
            resources=build_tree(placed, reserved=models | set(plan.document["components"]["schemas"])),
            models=plan,
            diagnostics=tuple(sorted(self.diagnostics, key=Diagnostic.sort_key)),
            client_options=options,
        )

    # ---------------------------------------------------------------- collection

    def _collect(self) -> list[_RawOperation]:
        found = []
        for path, item in (self.spec.data.get("paths") or {}).items():
            where = jp.child("/paths", path)
            if not isinstance(item, dict):
                self.warn(where, "path-item-invalid", "path item is not a mapping; skipped")
                continue
            shared = self._params(item.get("parameters"), jp.child(where, "parameters"))
            for method in HTTP_METHODS:
                op = item.get(method)
                if op is None:
                    continue
                op_where = jp.child(where, method)
                if not isinstance(op, dict):
                    self.warn(op_where, "operation-invalid", "operation is not a mapping; skipped")
                    continue
                own = self._params(op.get("parameters"), jp.child(op_where, "parameters"))
                merged = {(p["in"], p["name"]): (w, p) for w, p in shared}
                merged.update({(p["in"], p["name"]): (w, p) for w, p in own})
                # A path key with a query string (`/responses?beta=true`) is that path plus fixed query items.
                template, _, fixed = str(path).partition("?")
                found.append(
                    _RawOperation(
                        op_where, template, method, op, list(merged.values()), fixed_query=tuple(parse_qsl(fixed))
                    )
                )
        return found

    def _params(self, value: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
        result = []
        for index, param in enumerate(value if isinstance(value, list) else []):
            at = jp.child(where, index)
            if isinstance(param, dict) and isinstance(param.get("$ref"), str):
                at = jp.from_fragment(param["$ref"].partition("#")[2])
                param = _resolve(self.spec.data, param)
            if (
                not isinstance(param, dict)
                or not isinstance(param.get("name"), str)
                or param.get("in") not in ("path", "query", "header", "cookie")
            ):
                self.warn(at, "parameter-invalid", "parameter without a string 'name' and a valid 'in'; skipped")
                continue
            if param["in"] == "cookie":
                self.warn(at, "parameter-cookie", f"cookie parameter {param['name']!r} is not supported; not generated")
                continue
            result.append((at, param))
        return result

    def resolve(self, value: Any) -> Any:
        """``value`` with ``$ref`` objects followed."""
        return _resolve(self.spec.data, value)

    def _schema_root(self, planner: Planner, op: _RawOperation, kind: str) -> str | None:
        """Pointer of the schema of the request body (JSON only), the response, or one streamed event."""
        content = op.content
        if kind == "request":
            request = self.resolve(op.data.get("requestBody"))
            chosen = choose_request_media(_mapping(_mapping(request).get("content")))
            if chosen is None or request_kind(chosen[0]) != JSON:
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
        schema = media["schema"]
        if isinstance(schema.get("$ref"), str):
            return jp.from_fragment(schema["$ref"].partition("#")[2])
        name = str(op.data.get("operationId") or f"{op.method} {op.path}") + f" {kind}"
        return planner.add_inline_root(jp.child(media_where, "schema"), schema, "event" if kind == "stream" else name)

    # ---------------------------------------------------------------- operations

    def _placements(self, raw: list[_RawOperation]) -> dict[int, Placement]:
        wanted: dict[str, Placement] = {}
        explicit: set[str] = set()
        ids: dict[str, str] = {}
        for op in raw:
            key = str(id(op))
            resource = op.data.get("x-specgen-resource")
            method = op.data.get("x-specgen-method")
            derived = derive(op.path, op.method)
            if isinstance(resource, str) and resource.strip():
                derived = Placement(tuple(module_name(p) for p in resource.split(".") if p), derived.method)
            if isinstance(method, str) and method.strip():
                derived = Placement(derived.resource, snake_name(method, empty="call"))
                explicit.add(key)
            wanted[key] = derived
            ids[key] = str(op.data.get("operationId") or f"{op.method}_{op.path}")
        # A derived action named like a nested resource (POST /a/{id}/b next to GET /a/{id}/b) is that
        # resource's collection operation instead: `a.b.create`, not a method `b` beside the resource `a.b`.
        resources = {placement.resource for placement in wanted.values()}
        for key, placement in wanted.items():
            nested = (*placement.resource, placement.method)
            if key not in explicit and nested in resources:
                method = next(op for op in raw if str(id(op)) == key).method
                wanted[key] = Placement(nested, COLLECTION_METHODS.get(method, method))
        resolved = resolve_placements(wanted, ids, explicit)
        return {int(key): placement for key, placement in resolved.items()}

    def _operation(self, op: _RawOperation, hints: TypeHints, classes: dict[str, str]) -> Operation:
        data = op.data
        path_params, query, headers, defaults = [], [], [], []
        for at, param in op.params:
            raw_schema, schema_at, media_type = _parameter_schema(param, at)
            schema = _resolve(self.spec.data, raw_schema) if isinstance(raw_schema, dict) else {}
            required = bool(param.get("required")) or param["in"] == "path"
            hint, imports = hints.hint_and_names(raw_schema if isinstance(raw_schema, dict) else {}, schema_at)
            style = param.get("style")
            explode = param.get("explode")
            built = Param(
                name=argument_name(param["name"]),
                wire=param["name"],
                location=param["in"],
                type_hint=hint,
                required=required,
                description=str(param.get("description") or ""),
                schema=_checks(self.spec.data, schema),
                imports=imports,
                style=style if isinstance(style, str) else "",
                explode=explode if isinstance(explode, bool) else None,
                media_type=media_type,
            )
            if param["in"] == "path":
                path_params.append(built)
            elif param["in"] == "query":
                query.append(built)
            elif not required and isinstance(schema.get("default"), str):
                defaults.append((param["name"], schema["default"]))
            else:
                headers.append(built)
        body = self._body(op, hints, classes)
        names = self._unique_names(path_params, query, headers, body)
        path_params = [names[("path", p.wire)] for p in path_params]
        query = [names[("query", p.wire)] for p in query]
        headers = [names[("header", p.wire)] for p in headers]
        if body is not None and body.whole is None:
            body = replace(body, fields=tuple(names[("body", p.wire)] for p in body.fields))
        order = [name.strip("{}") for name in op.path.split("/") if name.startswith("{")]
        path_params.sort(key=lambda p: order.index(p.wire) if p.wire in order else len(order))
        positional = tuple(path_params[-1:])
        response_model = classes.get(op.response_pointer) if op.response_pointer else None
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
        )

    def _streaming(
        self, op: _RawOperation, content: ResponseContent, body: Body | None, classes: dict[str, str]
    ) -> Streaming | None:
        if content.stream_media is None:
            return None
        event_model = classes.get(op.stream_pointer) if op.stream_pointer else None
        flag = next(
            (p.wire for p in (body.fields if body else ()) if p.wire == "stream" and "bool" in p.type_hint), None
        )
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
        everything = [*path, *query, *headers, *(body.fields if body else ())]
        wanted = {(p.location, p.wire): p.name for p in everything}
        qualified = {(p.location, p.wire): f"{p.name}_{p.location}" for p in everything}
        keys = {f"{loc}\0{wire}": name for (loc, wire), name in wanted.items()}
        final = resolve_collisions(keys, {f"{loc}\0{wire}": name for (loc, wire), name in qualified.items()})
        result = {}
        for p in everything:
            result[(p.location, p.wire)] = replace(p, name=final[f"{p.location}\0{p.wire}"])
        return result

    def _body(self, op: _RawOperation, hints: TypeHints, classes: dict[str, str]) -> Body | None:
        request = self.resolve(op.data.get("requestBody"))
        if not isinstance(request, dict):
            return None
        where = jp.child(op.pointer, "requestBody")
        chosen = choose_request_media(_mapping(request.get("content")))
        if chosen is None:
            self.warn(where, "body-unsupported", "request body without content; not generated")
            return None
        media_type, media = chosen
        kind = request_kind(media_type)
        media_where = jp.child(jp.child(where, "content"), media_type)
        schema_where = jp.child(media_where, "schema")
        required_body = bool(request.get("required"))
        if kind == RAW:
            if base_type(media_type) != "application/octet-stream":
                self.warn(media_where, "body-raw", f"request body {media_type} is sent as raw bytes or text")
            whole = Param("body", "body", "body", "bytes | str", required_body, _description(self.spec.data, request))
            return Body(media_type, None, (), required_body, RAW, whole)
        members = object_members(media.get("schema"), self.resolve)
        model = classes.get(op.body_pointer) if op.body_pointer else None
        if members is None:
            if kind != JSON:
                self.warn(schema_where, "body-not-object", f"{media_type} body is not an object; sent as raw `body`")
                whole = Param("body", "body", "body", "bytes | str", required_body)
                return Body(media_type, None, (), required_body, RAW, whole)
            hint, imports = hints.hint_and_names(media.get("schema"), schema_where)
            whole = Param(
                "body",
                "body",
                "body",
                hint,
                required_body,
                _description(self.spec.data, media.get("schema")),
                imports=imports,
            )
            return Body(media_type, model, (), required_body, JSON, whole)
        properties, required = members
        base = _schema_pointer(media.get("schema"), schema_where)
        fields = []
        for name, sub in properties.items():
            sub_where = jp.child(jp.child(base, "properties"), name)
            resolved = self.resolve(sub)
            if kind != JSON and _holds_files(resolved, self.resolve):
                hint, imports = _file_hint(resolved, self.resolve), ("FileInput",)
                checks: dict[str, Any] = {"format": "binary"}
            else:
                hint, imports = hints.hint_and_names(sub, sub_where)
                checks = _checks(self.spec.data, resolved) if isinstance(resolved, dict) and kind != JSON else {}
            fields.append(
                Param(
                    name=argument_name(str(name)),
                    wire=str(name),
                    location="body",
                    type_hint=hint,
                    required=name in required,
                    description=_description(self.spec.data, sub),
                    schema=checks,
                    imports=imports,
                )
            )
        return Body(media_type, model if kind == JSON else None, tuple(fields), required_body, kind)

    def _pagination(self, op: _RawOperation, query: list[Param], classes: dict[str, str]) -> Pagination | None:
        spec = op.data.get("x-specgen-pagination")
        if spec is None:
            return None
        where = jp.child(op.pointer, "x-specgen-pagination")
        if not isinstance(spec, dict) or spec.get("style", "cursor") != "cursor":
            self.warn(where, "pagination-invalid", "only `style: cursor` pagination is supported; ignored")
            return None
        cursor = next((p for p in query if p.wire == spec.get("cursor-param")), None)
        items = spec.get("items")
        response = classes.get(op.response_pointer or "")
        item_model = self._item_model(op, str(items), classes)
        if cursor is None or not isinstance(items, str) or response is None or item_model is None:
            self.warn(
                where, "pagination-invalid", "pagination needs a query `cursor-param`, `items` and a JSON response"
            )
            return None
        has_more = spec.get("has-more")
        return Pagination(
            items=items,
            has_more=has_more if isinstance(has_more, str) else None,
            cursor_param=cursor.name,
            cursor_field=str(spec.get("cursor-field") or "id"),
            item_model=item_model,
        )

    def _item_model(self, op: _RawOperation, items: str, classes: dict[str, str]) -> str | None:
        try:
            schema = jp.resolve(self.spec.data, op.response_pointer or "")
        except (KeyError, ValueError):
            schema = None
        schema = _resolve(self.spec.data, schema)
        prop = (schema.get("properties") or {}).get(items) if isinstance(schema, dict) else None
        item = prop.get("items") if isinstance(prop, dict) else None
        if isinstance(item, dict) and isinstance(item.get("$ref"), str):
            return classes.get(jp.from_fragment(item["$ref"].partition("#")[2]))
        return None

    def _polling(self, op: _RawOperation) -> Polling | None:
        spec = op.data.get("x-specgen-poll")
        if spec is None:
            return None
        where = jp.child(op.pointer, "x-specgen-poll")
        terminal = spec.get("terminal") if isinstance(spec, dict) else None
        if not isinstance(terminal, list) or not terminal or not isinstance(spec.get("status"), str):
            self.warn(where, "poll-invalid", "x-specgen-poll needs `status` and a non-empty `terminal` list; ignored")
            return None
        interval = spec.get("default-interval-ms", 1000)
        header = spec.get("interval-header")
        return Polling(
            method=module_name(str(spec.get("method") or "poll")),
            status=spec["status"],
            terminal=tuple(str(t) for t in terminal),
            pending=tuple(str(t) for t in spec.get("pending") or []),
            interval_header=header if isinstance(header, str) else None,
            default_interval_ms=interval if isinstance(interval, int) and interval >= 0 else 1000,
            pending_count=count if isinstance(count := spec.get("pending-count"), str) else None,
        )

    def _link_polls(
        self, raw: list[_RawOperation], operations: dict[int, Operation], placed: dict[int, Placement]
    ) -> None:
        by_operation_id = {str(op.data.get("operationId")): op for op in raw if op.data.get("operationId")}
        for op in raw:
            responses = _mapping(op.data.get("responses"))
            for status, response in responses.items():
                links = (
                    _resolve(self.spec.data, response).get("links")
                    if isinstance(_resolve(self.spec.data, response), dict)
                    else None
                )
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

    def _base_url(self) -> str:
        servers = self.spec.data.get("servers")
        if (
            isinstance(servers, list)
            and servers
            and isinstance(servers[0], dict)
            and isinstance(servers[0].get("url"), str)
        ):
            url = str(servers[0]["url"])
            for name, variable in (servers[0].get("variables") or {}).items():
                if isinstance(variable, dict) and "default" in variable:
                    url = url.replace("{" + str(name) + "}", str(variable["default"]))
            return url
        self.warn(
            "/servers", "servers-missing", "no server URL; the client needs base_url=... or the environment variable"
        )
        return "http://localhost"


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


def _file_hint(schema: Any, resolve: Any) -> str:
    if isinstance(schema, dict) and schema.get("type") == "array":
        return "Sequence[FileInput]"
    return "FileInput"


def _with_link(operation: Operation, link: PollLink) -> Operation:
    return replace(operation, poll_link=link)


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one (specs may put anything anywhere)."""
    return value if isinstance(value, dict) else {}


def _resolve(data: dict[str, Any], value: Any, depth: int = 0) -> Any:
    """Follow a ``$ref`` object (refs were checked at load) to its value."""
    while isinstance(value, dict) and isinstance(value.get("$ref"), str) and depth < 64:
        value = jp.resolve(data, jp.from_fragment(value["$ref"].partition("#")[2]))
        depth += 1
    return value


def _schema_pointer(schema: Any, where: str) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        return jp.from_fragment(schema["$ref"].partition("#")[2])
    return where


def _description(data: dict[str, Any], schema: Any) -> str:
    """The description of a schema, else of what it refers to, else of its first described variant."""
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        return str(schema["description"])
    resolved = _resolve(data, schema)
    if isinstance(resolved, dict) and isinstance(resolved.get("description"), str):
        return str(resolved["description"])
    for key in ("anyOf", "oneOf", "allOf"):
        for variant in (resolved.get(key) or []) if isinstance(resolved, dict) else []:
            text = _description(data, variant) if isinstance(variant, dict) else ""
            if text:
                return text
    return ""


def _checks(data: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """The subset of a parameter schema the runtime checks (refs resolved)."""
    result: dict[str, Any] = {}
    for key in _CHECK_KEYS:
        if key not in schema:
            continue
        value = schema[key]
        if key == "items" and isinstance(value, dict) and depth < 4:
            result[key] = _checks(data, _resolve(data, value), depth + 1)
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and bound in schema:
                result[key] = schema[bound]
        elif isinstance(value, (str, int, float, bool, list)) and key != "items":
            result[key] = value
    if schema.get("nullable") is True and isinstance(result.get("type"), str):
        result["type"] = [result["type"], "null"]
    if (
        isinstance(result.get("exclusiveMinimum"), (int, float))
        and "minimum" in result
        and schema.get("exclusiveMinimum") is True
    ):
        del result["minimum"]
    if (
        isinstance(result.get("exclusiveMaximum"), (int, float))
        and "maximum" in result
        and schema.get("exclusiveMaximum") is True
    ):
        del result["maximum"]
    return result


def _is_model(schema: dict[str, Any]) -> bool:
    return isinstance(schema.get("properties"), dict) and bool(schema["properties"])


def build_ir(spec: Spec, package: str) -> ClientIR:
    """The IR of ``spec`` for a package called ``package`` (with the plan of its generated tests)."""
    ir = Builder(spec, package).build()
    return replace(ir, tests=build_test_plan(spec, ir))


__all__ = ["build_ir", "class_name"]
