"""The calls of one operation: arguments, bodies, replies, the request each is expected to send, and the
argument checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from generator.ir.model import Operation, Param, Resource
from generator.ir.typetree import ArrayOf
from generator.spec import pointer as jp
from generator.testplan.builder import PlanBuilder, Spot
from generator.testplan.check import ref_pointer
from generator.testplan.constraints import ConstraintFinder
from generator.testplan.examples import json_media, media_examples
from generator.testplan.model import (
    ArgumentCase,
    Call,
    ConstraintCase,
    Edit,
    ExpectedRequest,
    Omission,
    OperationCase,
    Reply,
)
from generator.testplan.probes import UNKNOWN_MEMBER, Probe, Slot, edit, materialize
from generator.testplan.replies import Replies
from generator.testplan.requests import (
    COOKIE_SAFE,
    HTTPX_PATH_SAFE,
    joined_value,
    path_segment,
    query_items,
    sent_credentials,
)
from generator.testplan.samples import NoSample


@dataclass
class CallBuilder:
    """The calls of one operation: arguments, expected requests, replies, argument constraints."""

    builder: PlanBuilder
    resource: Resource
    op: Operation
    label: str
    op_pointer: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    spots: dict[tuple[str, str], Spot] = field(default_factory=dict)
    body_pointer: str | None = None
    request_media: dict[str, Any] | None = None
    omissions: list[Omission] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.op_pointer, self.data = self.builder.operation_data(self.op)
        self.spots = self.builder.spots(self.op_pointer, self.op)
        request = self.builder.resolve(self.data.get("requestBody"))
        media_where, media = json_media(request, jp.child(self.op_pointer, "requestBody"))
        if media is not None and self.op.body is not None:
            schema = media.get("schema")
            self.body_pointer = (
                ref_pointer(schema["$ref"])
                if isinstance(schema, dict) and "$ref" in schema
                else jp.child(media_where, "schema")
            )
        self.request_media = media
        body = self.op.body
        if body is not None and body.kind in ("multipart", "form"):
            content = request.get("content") if isinstance(request, dict) else None
            form_media = content.get(body.content_type) if isinstance(content, dict) else None
            schema = form_media.get("schema") if isinstance(form_media, dict) else None
            where = jp.child(jp.child(jp.child(self.op_pointer, "requestBody"), "content"), body.content_type)
            if isinstance(schema, dict):
                self.form_pointer = ref_pointer(schema["$ref"]) if "$ref" in schema else jp.child(where, "schema")

    form_pointer: str | None = None

    def form_body(self, everything: bool) -> dict[str, Any]:
        """Members of a form body: files as bytes, other members sampled from their schemas."""
        assert self.op.body is not None
        body: dict[str, Any] = {}
        pointer = self.builder.check.resolve(self.form_pointer)[0] if self.form_pointer else None
        for member in self.op.body.fields:
            if not (member.required or everything):
                continue
            if member.schema.get("format") == "binary":
                body[member.wire] = [b"specgen file"] if isinstance(member.type, ArrayOf) else b"specgen file"
                continue
            if pointer is None:
                continue
            try:
                body[member.wire] = self.builder.synth.sample(
                    jp.child(jp.child(pointer, "properties"), member.wire), non_null=True
                )
            except NoSample:
                if member.required:
                    self.omissions.append(Omission(f"{self.label}: {member.name}", "no valid value could be built"))
        return body

    @property
    def name(self) -> str:
        return self.op.operation_id or f"{self.op.http_method} {self.op.path}"

    def spot(self, param: Param) -> Spot | None:
        return self.spots.get((param.location, param.wire))

    def required_arguments(self) -> dict[str, Any]:
        """Path parameters and required query/header parameters."""
        arguments = {}
        for param in (*self.op.wire_params,):
            if param.location == "path" or param.required:
                arguments[param.name] = self.builder.argument_value(param, self.spot(param))
        return arguments

    def optional_params(self) -> list[Param]:
        return [p for p in (*self.op.headers, *self.op.query) if not p.required]

    def body_variants(self) -> list[tuple[str, dict[str, Any]]]:
        """(label, JSON body) of the request examples, else a synthesized minimal body; then uncovered shapes."""
        if self.op.body is not None and self.op.body.kind in ("multipart", "form"):
            return [
                ("form body", self.form_body(everything=False)),
                ("every form member", self.form_body(everything=True)),
            ]
        if self.op.body is not None and self.op.body.kind == "raw":
            return [("raw body", {"body": b"specgen raw body"})]
        if self.op.body is not None and self.op.body.whole is not None and self.body_pointer is not None:
            try:
                return [("synthesized body", {"body": self.builder.synth.sample(self.body_pointer, non_null=True)})]
            except NoSample:
                return []
        if self.op.body is None or self.body_pointer is None:
            return []
        fields = {f.wire for f in self.op.body.fields}
        variants: list[tuple[str, dict[str, Any]]] = []
        if self.request_media is not None:
            for label, value in media_examples(self.request_media, self.builder.spec):
                if (
                    isinstance(value, dict)
                    and set(value) <= fields
                    and self.builder.check.valid(self.body_pointer, value)
                ):
                    variants.append((f"request example {label}", value))
        if not variants:
            try:
                value = self.builder.synth.sample(self.body_pointer, non_null=True)
            except NoSample:
                return []
            if isinstance(value, dict) and set(value) <= fields:
                variants.append(("synthesized body", value))
        variants.extend(self._uncovered(variants))
        return variants

    def _uncovered(self, variants: list[tuple[str, dict[str, Any]]]) -> Iterator[tuple[str, dict[str, Any]]]:
        """Bodies giving members (and union variants) no example shows."""
        assert self.op.body is not None and self.body_pointer is not None
        body_pointer, schema = self.builder.check.resolve(self.body_pointer)
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(properties, dict) or not variants:
            return
        for member in properties:
            where = jp.child(jp.child(body_pointer, "properties"), member)
            shown = [body[member] for _, body in variants if member in body]
            for label, value in self._member_shapes(where, str(member), shown):
                for _, body in variants:
                    candidate = {**body, member: value}
                    if self.builder.check.valid(self.body_pointer, candidate):
                        yield (label, candidate)
                        break

    def _member_shapes(self, where: str, member: str, shown: list[Any]) -> Iterator[tuple[str, Any]]:
        target, schema = self.builder.check.resolve(where)
        if not isinstance(schema, dict):
            return
        discriminator = schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        tag = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
        if isinstance(mapping, dict) and isinstance(tag, str):
            seen = {v.get(tag) for v in shown if isinstance(v, dict)}
            for value, ref in mapping.items():
                if value in seen:
                    continue
                pointer = ref_pointer(str(ref)) if "#" in str(ref) else f"/components/schemas/{ref}"
                try:
                    sample = self.builder.synth.sample(pointer, non_null=True)
                except NoSample:
                    continue
                if isinstance(sample, dict):
                    yield (f"{member} {tag}={value}", {**sample, tag: value})
        elif not shown:
            try:
                yield (f"with {member}", self.builder.synth.sample(target, hint=member, non_null=True))
            except NoSample:
                return

    def replies(self) -> list[tuple[str, Reply]]:
        """(label, reply) for every example of the success response (at least one), then one per other
        success status with another body (read by status)."""
        return Replies(self.builder, self.op, self.op_pointer, self.data, self.label, self.omissions).all()

    def success(self) -> tuple[int, str | None, list[tuple[str, Any]]]:
        """The first 2xx response: status, schema pointer, examples (media type, then x-oaiMeta)."""
        return Replies(self.builder, self.op, self.op_pointer, self.data, self.label, self.omissions).success()

    def call(self, arguments: dict[str, Any]) -> Call:
        return Call(self.resource.reach, self.op.name, tuple(p.name for p in self.op.positional), arguments)

    def expected(self, arguments: dict[str, Any]) -> ExpectedRequest:
        """The request the client must send for ``arguments``."""
        op = self.op
        path = op.path
        for param in (*op.positional, *op.path_params):
            path = path.replace("{" + param.wire + "}", path_segment(joined_value(param, arguments[param.name])))
        query: list[tuple[str, str]] = list(op.fixed_query)
        for param in op.query:
            if param.name in arguments and arguments[param.name] is not None:
                query.extend(query_items(param, arguments[param.name]))
        headers = [*op.default_headers]
        for param in op.headers:
            if param.name in arguments and arguments[param.name] is not None:
                headers.append((param.wire, joined_value(param, arguments[param.name])))
        cookies = [
            (param.wire, joined_value(param, arguments[param.name]))
            for param in op.cookies
            if param.name in arguments and arguments[param.name] is not None
        ]
        sent = sent_credentials(self.builder.ir.security, op.security, self.builder.credentials)
        headers.extend(sent[0])
        query.extend(sent[1])
        cookies.extend(sent[2])
        if cookies:
            headers.append(("Cookie", "; ".join(f"{k}={quote(v, safe=COOKIE_SAFE)}" for k, v in cookies)))
        body_fields = op.body.arguments if op.body else ()
        body: Any = {f.wire: arguments[f.name] for f in body_fields if f.name in arguments}
        has_body = bool(body) or bool(op.body and op.body.required)
        form = None
        if op.body is not None and op.body.kind in ("multipart", "form", "raw"):
            given = tuple(k for k, v in body.items() if v != [])
            form = given if op.body.kind != "raw" and has_body else None
            body = None
        elif op.body is not None and op.body.whole is not None:
            body = body.get("body")
        if has_body and form is None and body is not None:
            headers.append(("Content-Type", op.body.content_type if op.body else "application/json"))
        base = urlsplit(self.builder.base_url).path.rstrip("/")
        return ExpectedRequest(
            op.http_method,
            quote(base + path, safe=HTTPX_PATH_SAFE),  # what httpx sends for non-ASCII and spaces in the path
            tuple(query),
            tuple(headers),
            body if has_body else None,
            has_body,
            form,
        )

    def named(self, body: dict[str, Any]) -> dict[str, Any]:
        """A body (members by wire name) as keyword arguments."""
        names = {f.wire: f.name for f in self.op.body.arguments} if self.op.body else {}
        return {names[k]: v for k, v in body.items()}

    def cases(self) -> list[OperationCase]:
        """Calls covering every parameter, body shape and reply example of the operation."""
        required = self.required_arguments()
        bodies = self.body_variants()
        needed = {p.wire for p in (self.op.body.arguments if self.op.body else ()) if p.required}
        bodies = [(label, body) for label, body in bodies if needed <= set(body)]
        if needed and not bodies:
            self.omissions.append(Omission(self.label, "no request body with every required member could be built"))
            return []
        calls: list[tuple[str, dict[str, Any]]] = []
        minimal = dict(required)
        if self.op.body is not None and (self.op.body.required or needed) and bodies:
            minimal.update(self.named(self._minimal_body(bodies)))
        calls.append(("required arguments", minimal))
        for label, body in bodies:
            calls.append((label, {**required, **self.named(body)}))
        optional = []
        everything = dict(minimal)
        for param in self.optional_params():
            try:
                everything[param.name] = self.builder.argument_value(param, self.spot(param))
            except NoSample:
                self.omissions.append(Omission(f"{self.label}: {param.name}", "no valid value could be built"))
                continue
            optional.append(param)
        if optional:
            calls.append(("every parameter", everything))
            for param in optional:
                spot = self.spot(param)
                schema = self.builder.check.resolve(spot.schema)[1] if spot else None
                values: list[Any] = (
                    schema["enum"] if isinstance(schema, dict) and isinstance(schema.get("enum"), list) else []
                )
                for value in values:
                    if (
                        value is not None
                        and value != everything[param.name]
                        and spot
                        and self.builder.check.valid(spot.schema, value)
                    ):
                        calls.append((f"{param.wire}={value}", {**minimal, param.name: value}))
        replies = self.replies()
        cases = []
        for index, (label, arguments) in enumerate(calls):
            reply_label, reply = replies[index % len(replies)]
            cases.append(self._case(f"{label}, reply {reply_label}", arguments, reply))
        for reply_label, reply in replies[len(calls) :]:
            cases.append(self._case(f"required arguments, reply {reply_label}", minimal, reply))
        return cases

    def _minimal_body(self, bodies: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        if self.body_pointer is None or (self.op.body is not None and self.op.body.whole is not None):
            return bodies[0][1]  # form, raw and whole bodies: the first variant is the minimal one
        try:
            value = self.builder.synth.sample(self.body_pointer, non_null=True)
        except NoSample:
            return bodies[0][1]
        return value if isinstance(value, dict) else bodies[0][1]

    def _case(self, label: str, arguments: dict[str, Any], reply: Reply) -> OperationCase:
        return OperationCase(
            self.name,
            f"{self.label}: {label}",
            self.call(arguments),
            self.expected(arguments),
            reply,
            self.response_schema(),
        )

    def response_schema(self) -> dict[str, Any] | None:
        """The JSON Schema of the success response body, refs left to the plan's schema document."""
        _, pointer, _ = self.success()
        if pointer is None:
            return None
        return {"$ref": "#" + quote(pointer, safe="/~:@!$&'()*+,;=-._")}

    # ---------------------------------------------------------------- argument constraints

    def argument_cases(self, body_cases: list[ConstraintCase]) -> tuple[list[ArgumentCase], list[Omission]]:
        """Constraints of parameters and of the body's own members, as calls."""
        found: list[ArgumentCase] = []
        omissions: list[Omission] = []
        reply = self.replies()[0][1]
        base = dict(self.required_arguments())
        needed = {p.wire for p in (self.op.body.arguments if self.op.body else ()) if p.required}
        if self.op.body is not None and (self.op.body.required or needed):
            variants = [(label, body) for label, body in self.body_variants() if needed <= set(body)]
            if variants:
                base.update(self.named(self._minimal_body(variants)))
            elif needed:  # every call needs the body's required members: none can be made
                return [], [Omission(f"{self.label}: arguments", "no request body with every required member")]
        pointers = {p.name: s.schema for p in self.op.wire_params if (s := self.spot(p)) is not None}

        def valid(arguments: Any) -> bool:
            return all(self.builder.check.valid(pointers[k], v) for k, v in arguments.items() if k in pointers)

        for param in self.op.wire_params:
            spot = self.spot(param)
            if spot is None:
                continue
            finder = ConstraintFinder(
                self.builder.spec,
                self.builder.check,
                self.builder.synth,
                set(),
                lenient=False,
                by_shape=self.builder.by_shape,
            )
            slots = (Slot(param.name, spot.schema),)
            finder.walk(spot.schema, slots, f"{self.label}: {param.name}")
            probes = list(finder.probes)
            if param.location == "path":
                value = base[param.name]
                probes.append(
                    Probe(
                        f"{self.label}: {param.name} empty path segment",
                        "client",
                        spot.schema,
                        slots,
                        accepted=(value,),
                        rejected=("",),
                        client_rule=True,
                    )
                )
            omissions.extend(finder.omissions)
            for probe in probes:
                result = materialize(probe, [("arguments", base)], valid, self.builder.synth)
                if isinstance(result, str):
                    omissions.append(Omission(probe.label, result))
                    continue
                _, done = result
                found.append(
                    ArgumentCase(self.name, probe.label, self.call(done.base), done.accepted, done.rejected, reply)
                )
        found.extend(self._body_cases(body_cases, base, reply))
        return found, omissions

    def _body_cases(
        self, body_cases: list[ConstraintCase], base: dict[str, Any], reply: Reply
    ) -> Iterator[ArgumentCase]:
        if self.op.body is None:
            return
        names = {f.wire: f.name for f in self.op.body.fields}
        wires = set(names)
        outside = {k: v for k, v in base.items() if k not in names.values()}
        for case in body_cases:
            body = self.builder.bases[case.base]
            if not isinstance(body, dict) or not set(body) <= wires:
                continue
            edits = [*case.accepted, *case.rejected]
            top_level = [e for e in edits if len(e.path) == 1]
            if case.keyword == "required" and top_level:
                continue  # a missing required keyword argument is a TypeError, not a request check
            if any(e.path and e.path[-1] == UNKNOWN_MEMBER and len(e.path) == 1 for e in edits):
                continue  # unknown keyword arguments are TypeErrors
            if any(e.path and e.path[0] not in names for e in edits):
                continue

            def moved(change: Edit) -> Edit:
                if not change.path:
                    return edit((), {**outside, **{names[k]: v for k, v in change.new_value.items()}})
                return Edit((names[str(change.path[0])], *change.path[1:]), change.value, change.repeat, change.remove)

            accepted = tuple(moved(e) for e in case.accepted)
            rejected = tuple(moved(e) for e in case.rejected)
            arguments = {**outside, **{names[k]: v for k, v in body.items()}}
            yield ArgumentCase(
                self.name, f"{self.label}: body {case.label}", self.call(arguments), accepted, rejected, reply
            )
