"""The test plan of a spec: examples, constraint edges and calls the generated suite checks.

Inputs are the loaded spec (examples, constraints, parameters: what the API promises) and
the built IR (class, method and argument names: what the client offers). Values come from
the spec's examples first — schema ``example``/``examples``, media-type examples, JSON in
``x-oaiMeta`` — and are otherwise synthesized; every value is checked against the spec's
schemas (:mod:`generator.testplan.samples`) before a test relies on it.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from generator.ir.credentials import Security
from generator.ir.model import ClientIR, Operation, Param, Resource
from generator.ir.typetree import ArrayOf
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.media import is_json
from generator.spec.walk import Operation as SpecOperation
from generator.spec.walk import parameters, responses
from generator.testplan.constraints import UNKNOWN_MEMBER, ConstraintFinder, Probe, Slot, edit, materialize
from generator.testplan.model import (
    ArgumentCase,
    Call,
    ConstraintCase,
    Edit,
    ExampleCase,
    ExpectedRequest,
    Omission,
    OperationCase,
    Reply,
    TestPlan,
)
from generator.testplan.samples import NoSample, SchemaCheck, Synthesizer, json_schema_document, mapping, ref_pointer
from generator.testplan.webhooks import webhook_cases

API_KEY = "specgen-test-key"
TEST_HOST = "https://api.example.test/"  # never contacted: the generated tests use a mock transport
_DOC_KEYS = frozenset(
    {"description", "title", "example", "examples", "externalDocs", "xml", "deprecated", "readOnly", "writeOnly",
     "discriminator", "$comment", "summary"}
)  # fmt: skip
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_VALUES = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
                  "unevaluatedProperties", "unevaluatedItems")  # fmt: skip


# What planning a spec construct it cannot handle may raise; the construct is then an Omission.
_PLANNING_ERRORS = (NoSample, KeyError, IndexError, TypeError, ValueError, RecursionError)
_NO_SAMPLE = object()
_HTTPX_PATH_SAFE = "".join(chr(i) for i in range(0x21, 0x7F) if chr(i) not in '"<>`{}')  # "%" kept: %xx stays


@dataclass(frozen=True)
class _Spot:
    """Where an argument's spec lives: the parameter object and its schema pointer."""

    param: dict[str, Any]
    schema: str


@dataclass
class _Planner:
    spec: Spec
    ir: ClientIR
    check: SchemaCheck = field(init=False)
    synth: Synthesizer = field(init=False)
    models: dict[str, str] = field(default_factory=dict)  # pointer -> class
    lenient: set[str] = field(default_factory=set)
    examples: list[ExampleCase] = field(default_factory=list)
    bases: dict[str, Any] = field(default_factory=dict)
    constraints: list[ConstraintCase] = field(default_factory=list)
    omissions: list[Omission] = field(default_factory=list)
    credentials: dict[str, str] = field(default_factory=dict)  # the test client's, by argument

    @property
    def base_url(self) -> str:
        """The base URL of the test client: the spec's, or a placeholder host before a relative server URL."""
        return self.ir.base_url or urljoin(TEST_HOST, self.ir.server_url.lstrip("/"))

    _named_examples: dict[tuple[str, str], list[Any]] | None = None
    _samples: dict[tuple[str, frozenset[str]], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.check = SchemaCheck(self.spec.data)
        self.synth = Synthesizer(self.check)

    @property
    def data(self) -> dict[str, Any]:
        return self.spec.data

    @cached_property
    def spec_operations(self) -> dict[str, SpecOperation]:
        """The spec's operations by pointer."""
        return {op.pointer: op for op in self.spec.operations}

    @property
    def by_shape(self) -> frozenset[str]:
        """Pointers of discriminators the models do not use (their unions are resolved by shape)."""
        return self.ir.models.unenforced

    # ---------------------------------------------------------------- models

    def find_models(self) -> None:
        """Pointers of the schemas that became model classes, and which classes are lenient (responses)."""
        plan = self.ir.models
        classes = {model.name for model in plan.classes}
        for pointer, name in sorted(plan.class_for_pointer.items(), key=lambda item: item[1]):
            if name in classes and jp.exists(self.data, pointer):
                self.models[pointer] = name
        self.lenient = {model.name for model in plan.classes if model.lenient}

    def model_of(self, schema: Any, where: str) -> str | None:
        """The class of a media type's schema (a reference to a model, or an inline model)."""
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            return self.models.get(ref_pointer(schema["$ref"]))
        return self.models.get(where)

    def collect_examples(self) -> None:
        """Every example in the spec that belongs to a model, deduplicated, in spec order."""
        found: list[ExampleCase] = []
        for _, op in self.operations():
            op_pointer, data = self.operation_data(op)
            name = op.operation_id or f"{op.http_method} {op.path}"
            request = self.resolve(data.get("requestBody"))
            media_where, media = _json_media(request, jp.child(op_pointer, "requestBody"))
            if media is not None and op.body and op.body.model:
                for label, value in _media_examples(media, self.spec):
                    found.append(ExampleCase(op.body.model, f"{op.body.model}: {name} request example {label}", value))
            for status, response_where, response in self.responses(op_pointer, data):
                media_where, media = _json_media(response, response_where)
                if media is None:
                    continue
                model = self.model_of(media.get("schema"), jp.child(media_where, "schema"))
                if model is None:
                    continue
                for label, value in _media_examples(media, self.spec):
                    found.append(ExampleCase(model, f"{model}: {name} {status} example {label}", value))
            if op.response_model:
                for value in _meta_json(data.get("x-oaiMeta"), "response"):
                    found.append(
                        ExampleCase(op.response_model, f"{op.response_model}: {name} x-oaiMeta response", value)
                    )
        for pointer, model in sorted(self.models.items(), key=lambda item: item[1]):
            schema = jp.resolve(self.data, pointer)
            if not isinstance(schema, dict):
                continue
            values = ([schema["example"]] if "example" in schema else []) + (
                list(schema["examples"]) if isinstance(schema.get("examples"), list) else []
            )
            found.extend(ExampleCase(model, f"{model}: schema example", v) for v in values)
            found.extend(
                ExampleCase(model, f"{model}: x-oaiMeta example", v)
                for v in _meta_json(schema.get("x-oaiMeta"), "example")
            )
        seen: set[tuple[str, str]] = set()
        pointers = {name: pointer for pointer, name in sorted(self.ir.models.class_for_pointer.items(), reverse=True)}
        for case in found:
            key = (case.model, json.dumps(case.data, sort_keys=True))
            if key in seen or case.data is None:  # null is valid for a nullable body, never for its class
                continue
            seen.add(key)
            model_pointer = pointers.get(case.model)
            if model_pointer is not None and not self.check.valid(model_pointer, case.data):
                # The spec's own example breaks its schema (`specgen lint` reports it): it tests the
                # spec, not the client, so it is left out and counted.
                self.omissions.append(Omission(case.label, "the example does not match the spec's schema"))
                continue
            self.examples.append(case)
        covered = {case.model for case in self.examples}
        nested: list[ExampleCase] = []
        for case in self.examples:
            if case.model not in pointers:
                continue
            for model, where, value in self.nested_instances(pointers[case.model], case.data, ()):
                if model not in covered:
                    nested.append(ExampleCase(model, f"{model}: {case.label.partition(': ')[2]}, at {where}", value))
        for case in nested:
            key = (case.model, json.dumps(case.data, sort_keys=True))
            if key not in seen:
                seen.add(key)
                self.examples.append(case)
        covered = {case.model for case in self.examples}
        for pointer, model in sorted(self.models.items(), key=lambda item: item[1]):
            if model in covered:
                continue
            try:
                value = self.synth.sample(pointer, non_null=True, object_only=True)
            except NoSample:
                self.omissions.append(Omission(f"{model}: round trip", "no valid instance could be synthesized"))
                continue
            self.examples.append(ExampleCase(model, f"{model}: synthesized", value, synthesized=True))
        self.examples.sort(key=lambda case: case.model)

    def nested_instances(
        self, pointer: str, value: Any, path: tuple[str | int, ...], depth: int = 0
    ) -> Iterator[tuple[str, str, Any]]:
        """(model, path, value) of the parts of an example that are instances of other models."""
        pointer, schema = self.check.resolve(pointer)
        if depth > 32 or not isinstance(schema, dict) or not self.check.schema_valid(pointer, value):
            return
        if path and pointer in self.models and value is not None:  # a null member is no instance of the model
            yield self.models[pointer], _dotted(path), value
        properties = mapping(schema.get("properties"))
        if isinstance(value, dict):
            for name, member in value.items():
                if name in properties:
                    where = jp.child(jp.child(pointer, "properties"), name)
                elif isinstance(schema.get("additionalProperties"), dict):
                    where = jp.child(pointer, "additionalProperties")
                else:
                    continue
                yield from self.nested_instances(where, member, (*path, name), depth + 1)
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            for index, item in enumerate(value):
                yield from self.nested_instances(jp.child(pointer, "items"), item, (*path, index), depth + 1)
        for key in ("allOf", "anyOf", "oneOf"):
            for index, _ in enumerate(schema.get(key) or [] if isinstance(schema.get(key), list) else []):
                yield from self.nested_instances(jp.child(jp.child(pointer, key), index), value, path, depth + 1)

    def model_constraints(self) -> None:
        """Constraint cases of every model class."""
        stops = set(self.models)
        examples_of: dict[str, list[ExampleCase]] = {}
        for case in self.examples:
            examples_of.setdefault(case.model, []).append(case)
        for pointer, model in sorted(self.models.items(), key=lambda item: item[1]):
            finder = ConstraintFinder(
                self.check, self.synth, stops, lenient=model in self.lenient, by_shape=self.by_shape
            )
            try:
                finder.model(pointer, model)
            except _PLANNING_ERRORS as exc:
                self.omissions.append(Omission(f"{model}: constraints", f"the schema could not be walked: {exc}"))
                continue
            self.omissions.extend(finder.omissions)
            examples = [(c.label, c.data) for c in examples_of.get(model, ()) if self.check.valid(pointer, c.data)]
            for probe in finder.probes:
                bases = [*examples, *self._synthesized(pointer, model, probe)]
                result = materialize(probe, bases, partial(self.check.valid, pointer), self.synth)
                if isinstance(result, str):
                    self.omissions.append(Omission(probe.label, result))
                    continue
                name, found = result
                key = self.base_key(name, found.base)
                self.constraints.append(
                    ConstraintCase(
                        model, probe.label, probe.keyword, probe.pointer, key, found.accepted, found.rejected
                    )
                )

    def _synthesized(self, pointer: str, model: str, probe: Probe) -> Iterator[tuple[str, Any]]:
        first = probe.slots[0].key if probe.slots else None
        wants = [frozenset(), *([frozenset({first})] if isinstance(first, str) else [])]
        for want in wants:
            key = (pointer, want)
            if key not in self._samples:
                try:
                    self._samples[key] = self.synth.sample(pointer, want=want, non_null=True, object_only=True)
                except NoSample:
                    self._samples[key] = _NO_SAMPLE
            if self._samples[key] is not _NO_SAMPLE:
                yield (f"{model}: synthesized" + (f" with {first}" if want else ""), self._samples[key])

    def base_key(self, name: str, value: Any) -> str:
        """A unique key for a base instance (the same instance gets the same key)."""
        key, index = name, 1
        while key in self.bases and self.bases[key] != value:
            index += 1
            key = f"{name} #{index}"
        self.bases[key] = value
        return key

    # ---------------------------------------------------------------- operations

    def operations(self) -> Iterator[tuple[Resource, Operation]]:
        """Every operation with its resource, in client order."""
        for resource in self.ir.all_resources():
            for op in resource.operations:
                yield resource, op

    def operation_data(self, op: Operation) -> tuple[str, dict[str, Any]]:
        """The operation's pointer and object in the spec."""
        data = self.spec.get(op.pointer)
        return op.pointer, data if isinstance(data, dict) else {}

    def responses(self, op_pointer: str, data: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
        """(status, pointer, resolved response) of an operation."""
        for response in responses(self.spec, self.spec_operations[op_pointer]):
            yield response.status, response.pointer, response.node

    def resolve(self, value: Any) -> Any:
        """Follow ``$ref`` objects."""
        return self.spec.resolve(value)

    def spots(self, op_pointer: str, op: Operation) -> dict[tuple[str, str], _Spot]:
        """Spec parameter objects of an operation by (location, name)."""
        return {
            (param.location, param.name): _Spot(param.node, jp.child(param.pointer, "schema"))
            for param in parameters(self.spec, self.spec_operations[op_pointer])
        }

    def argument_value(self, param: Param, spot: _Spot | None) -> Any:
        """A valid value for a path, query or header parameter: its examples first, then its schema's."""
        candidates: list[Any] = []
        if spot is not None:
            candidates.extend(_param_examples(spot.param, self.spec))
            schema = self.check.resolve(spot.schema)[1]
            if isinstance(schema, dict):
                candidates.extend(_schema_examples(schema))
            candidates.extend(self._same_name_examples(param))
            if isinstance(schema, dict) and "default" in schema:
                candidates.append(schema["default"])
            path = param.location == "path"  # the client refuses an empty path segment
            for candidate in candidates:
                if self.check.valid(spot.schema, candidate) and not (path and _empty(candidate)):
                    return candidate
            value = self.synth.sample(spot.schema, hint=param.wire, non_null=True)
            if path and _empty(value) and isinstance(schema, dict) and isinstance(schema.get("items"), dict):
                one = [self.synth.sample(jp.child(self.check.resolve(spot.schema)[0], "items"), non_null=True)]
                value = one if self.check.valid(spot.schema, one) else value
            return value
        return param.wire

    def _same_name_examples(self, param: Param) -> list[Any]:
        """Examples of the parameters of any operation with the same location and name (indexed once)."""
        if self._named_examples is None:
            self._named_examples = {}
            for _, op in self.operations():
                op_pointer, _ = self.operation_data(op)
                for key, spot in self.spots(op_pointer, op).items():
                    found = self._named_examples.setdefault(key, [])
                    found.extend(_param_examples(spot.param, self.spec))
                    schema = self.check.resolve(spot.schema)[1]
                    if isinstance(schema, dict):
                        found.extend(_schema_examples(schema))
        return self._named_examples.get((param.location, param.wire), [])


@dataclass
class _OperationPlanner:
    """The calls of one operation: arguments, expected requests, replies, argument constraints."""

    plan: _Planner
    resource: Resource
    op: Operation
    label: str
    op_pointer: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    spots: dict[tuple[str, str], _Spot] = field(default_factory=dict)
    body_pointer: str | None = None
    request_media: dict[str, Any] | None = None
    omissions: list[Omission] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.op_pointer, self.data = self.plan.operation_data(self.op)
        self.spots = self.plan.spots(self.op_pointer, self.op)
        request = self.plan.resolve(self.data.get("requestBody"))
        media_where, media = _json_media(request, jp.child(self.op_pointer, "requestBody"))
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
        pointer = self.plan.check.resolve(self.form_pointer)[0] if self.form_pointer else None
        for member in self.op.body.fields:
            if not (member.required or everything):
                continue
            if member.schema.get("format") == "binary":
                body[member.wire] = [b"specgen file"] if isinstance(member.type, ArrayOf) else b"specgen file"
                continue
            if pointer is None:
                continue
            try:
                body[member.wire] = self.plan.synth.sample(
                    jp.child(jp.child(pointer, "properties"), member.wire), non_null=True
                )
            except NoSample:
                if member.required:
                    self.omissions.append(Omission(f"{self.label}: {member.name}", "no valid value could be built"))
        return body

    @property
    def name(self) -> str:
        return self.op.operation_id or f"{self.op.http_method} {self.op.path}"

    def spot(self, param: Param) -> _Spot | None:
        return self.spots.get((param.location, param.wire))

    def required_arguments(self) -> dict[str, Any]:
        """Path parameters and required query/header parameters."""
        arguments = {}
        for param in (*self.op.wire_params,):
            if param.location == "path" or param.required:
                arguments[param.name] = self.plan.argument_value(param, self.spot(param))
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
                return [("synthesized body", {"body": self.plan.synth.sample(self.body_pointer, non_null=True)})]
            except NoSample:
                return []
        if self.op.body is None or self.body_pointer is None:
            return []
        fields = {f.wire for f in self.op.body.fields}
        variants: list[tuple[str, dict[str, Any]]] = []
        if self.request_media is not None:
            for label, value in _media_examples(self.request_media, self.plan.spec):
                if isinstance(value, dict) and set(value) <= fields and self.plan.check.valid(self.body_pointer, value):
                    variants.append((f"request example {label}", value))
        if not variants:
            try:
                value = self.plan.synth.sample(self.body_pointer, non_null=True)
            except NoSample:
                return []
            if isinstance(value, dict) and set(value) <= fields:
                variants.append(("synthesized body", value))
        variants.extend(self._uncovered(variants))
        return variants

    def _uncovered(self, variants: list[tuple[str, dict[str, Any]]]) -> Iterator[tuple[str, dict[str, Any]]]:
        """Bodies giving members (and union variants) no example shows."""
        assert self.op.body is not None and self.body_pointer is not None
        body_pointer, schema = self.plan.check.resolve(self.body_pointer)
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(properties, dict) or not variants:
            return
        for member in properties:
            where = jp.child(jp.child(body_pointer, "properties"), member)
            shown = [body[member] for _, body in variants if member in body]
            for label, value in self._member_shapes(where, str(member), shown):
                for _, body in variants:
                    candidate = {**body, member: value}
                    if self.plan.check.valid(self.body_pointer, candidate):
                        yield (label, candidate)
                        break

    def _member_shapes(self, where: str, member: str, shown: list[Any]) -> Iterator[tuple[str, Any]]:
        target, schema = self.plan.check.resolve(where)
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
                    sample = self.plan.synth.sample(pointer, non_null=True)
                except NoSample:
                    continue
                if isinstance(sample, dict):
                    yield (f"{member} {tag}={value}", {**sample, tag: value})
        elif not shown:
            try:
                yield (f"with {member}", self.plan.synth.sample(target, hint=member, non_null=True))
            except NoSample:
                return

    def replies(self) -> list[tuple[str, Reply]]:
        """(label, reply) for every example of the success response (at least one), then one per other
        success status with another body (read by status)."""
        return [*self._main_replies(), *self._status_replies()]

    def _status_replies(self) -> Iterator[tuple[str, Reply]]:
        for alternative in self.op.alternatives:
            if alternative.kind == "none":
                yield f"status {alternative.status}", Reply(alternative.status, None, None, kind="none")
                continue
            for status, where, response in self.plan.responses(self.op_pointer, self.data):
                media_where, media = _json_media(response, where)
                if status != str(alternative.status) or media is None:
                    continue
                schema = media.get("schema")
                pointer = ref_pointer(schema["$ref"]) if isinstance(schema, dict) and "$ref" in schema else None
                pointer = pointer or jp.child(media_where, "schema")
                examples = [v for _, v in _media_examples(media, self.plan.spec) if self.plan.check.valid(pointer, v)]
                try:
                    value = examples[0] if examples else self.plan.synth.sample(pointer, non_null=True)
                except NoSample:
                    self.omissions.append(Omission(f"{self.label}: status {status}", "no reply could be built"))
                    continue
                yield f"status {status}", Reply(alternative.status, value, alternative.model)

    def _main_replies(self) -> list[tuple[str, Reply]]:
        op = self.op
        status, schema_where, examples = self.success()
        fixed = {
            "binary": Reply(status, b"specgen binary reply", None, kind="binary"),
            "text": Reply(status, "specgen text reply", None, kind="text"),
            "none": Reply(status, None, None, kind="none"),
            "stream": Reply(status, None, None, kind="stream"),
        }.get(op.response_kind)
        if fixed is not None:
            return [(f"{op.response_kind} reply", fixed)]
        page = op.pagination
        item_model = page.item_model if page else None
        items = page.items if page else None
        replies = [(label, Reply(status, value, op.response_model, items, item_model)) for label, value in examples]
        if replies:
            return replies
        if schema_where is None:
            return [("no body", Reply(status, None, op.response_model, items, item_model))]
        try:
            value = self.plan.synth.sample(schema_where, non_null=True)
        except NoSample:
            value = None
        return [("synthesized", Reply(status, value, op.response_model, items, item_model))]

    def success(self) -> tuple[int, str | None, list[tuple[str, Any]]]:
        """The first 2xx response: status, schema pointer, examples (media type, then x-oaiMeta)."""
        for status, where, response in self.plan.responses(self.op_pointer, self.data):
            if not status.startswith("2") and status not in ("default",):
                continue
            code = int(status) if status.isdigit() else 200
            media_where, media = _json_media(response, where)
            if media is None:
                return code, None, []
            schema = media.get("schema")
            pointer = (
                ref_pointer(schema["$ref"])
                if isinstance(schema, dict) and "$ref" in schema
                else jp.child(media_where, "schema")
            )
            examples = [(label, v) for label, v in _media_examples(media, self.plan.spec)]
            shown = {json.dumps(v, sort_keys=True) for _, v in examples}
            for value in _meta_json(self.data.get("x-oaiMeta"), "response"):
                if json.dumps(value, sort_keys=True) not in shown:
                    examples.append(("x-oaiMeta", value))
            return code, pointer, [(label, v) for label, v in examples if self.plan.check.valid(pointer, v)]
        return 200, None, []

    def call(self, arguments: dict[str, Any]) -> Call:
        return Call(self.resource.reach, self.op.name, tuple(p.name for p in self.op.positional), arguments)

    def expected(self, arguments: dict[str, Any]) -> ExpectedRequest:
        """The request the client must send for ``arguments``."""
        op = self.op
        path = op.path
        for param in (*op.positional, *op.path_params):
            path = path.replace("{" + param.wire + "}", _segment(_joined(param, arguments[param.name])))
        query: list[tuple[str, str]] = list(op.fixed_query)
        for param in op.query:
            if param.name in arguments and arguments[param.name] is not None:
                query.extend(_query_items(param, arguments[param.name]))
        headers = [*op.default_headers]
        for param in op.headers:
            if param.name in arguments and arguments[param.name] is not None:
                headers.append((param.wire, _joined(param, arguments[param.name])))
        cookies = [
            (param.wire, _joined(param, arguments[param.name]))
            for param in op.cookies
            if param.name in arguments and arguments[param.name] is not None
        ]
        sent = _sent_credentials(self.plan.ir.security, op.security, self.plan.credentials)
        headers.extend(sent[0])
        query.extend(sent[1])
        cookies.extend(sent[2])
        if cookies:
            headers.append(("Cookie", "; ".join(f"{k}={quote(v, safe=_COOKIE_SAFE)}" for k, v in cookies)))
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
        base = urlsplit(self.plan.base_url).path.rstrip("/")
        return ExpectedRequest(
            op.http_method,
            quote(base + path, safe=_HTTPX_PATH_SAFE),  # what httpx sends for non-ASCII and spaces in the path
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
                everything[param.name] = self.plan.argument_value(param, self.spot(param))
            except NoSample:
                self.omissions.append(Omission(f"{self.label}: {param.name}", "no valid value could be built"))
                continue
            optional.append(param)
        if optional:
            calls.append(("every parameter", everything))
            for param in optional:
                spot = self.spot(param)
                schema = self.plan.check.resolve(spot.schema)[1] if spot else None
                values: list[Any] = (
                    schema["enum"] if isinstance(schema, dict) and isinstance(schema.get("enum"), list) else []
                )
                for value in values:
                    if (
                        value is not None
                        and value != everything[param.name]
                        and spot
                        and self.plan.check.valid(spot.schema, value)
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
            value = self.plan.synth.sample(self.body_pointer, non_null=True)
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
            return all(self.plan.check.valid(pointers[k], v) for k, v in arguments.items() if k in pointers)

        for param in self.op.wire_params:
            spot = self.spot(param)
            if spot is None:
                continue
            finder = ConstraintFinder(
                self.plan.check, self.plan.synth, set(), lenient=False, by_shape=self.plan.by_shape
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
                result = materialize(probe, [("arguments", base)], valid, self.plan.synth)
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
            body = self.plan.bases[case.base]
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


def build_test_plan(spec: Spec, ir: ClientIR) -> TestPlan:
    """The test plan of ``spec`` for the client ``ir`` describes."""
    planner = _Planner(spec, ir)
    # the test client has every credential; the tests expect each where the operation sends it
    planner.credentials = {
        c.name: API_KEY if c.name == "api_key" else f"specgen-test-{c.name}" for c in ir.security.credentials
    }
    planner.find_models()
    planner.collect_examples()
    planner.model_constraints()
    operations: list[OperationCase] = []
    arguments: list[ArgumentCase] = []
    omissions = list(planner.omissions)
    names = Counter(op.name for _, op in planner.operations())
    constraints_of: dict[str, list[ConstraintCase]] = {}
    for case in planner.constraints:
        constraints_of.setdefault(case.model, []).append(case)
    for resource, op in planner.operations():
        label = op.name if names[op.name] == 1 else ".".join((*resource.reach, op.name))
        op_planner = _OperationPlanner(planner, resource, op, label)
        body_cases = constraints_of.get(op.body.model, []) if op.body and op.body.model else []
        try:
            operations.extend(op_planner.cases())
            found, missing = op_planner.argument_cases(body_cases)
        except _PLANNING_ERRORS as exc:
            omissions.append(Omission(f"{label}: calls", f"no call could be planned: {exc}"))
            continue
        arguments.extend(found)
        omissions.extend([*op_planner.omissions, *missing])
    hooks, missing_hooks = webhook_cases(spec, ir, planner.check, planner.synth)
    omissions.extend(missing_hooks)
    return TestPlan(
        base_url=planner.base_url,
        credentials=dict(planner.credentials),
        examples=tuple(_unique_labels(planner.examples)),
        bases=dict(planner.bases),
        constraints=tuple(_unique_labels(planner.constraints)),
        omissions=tuple(_unique_labels(omissions)),
        operations=tuple(_unique_labels(operations)),
        arguments=tuple(_unique_labels(arguments)),
        schema_document=_schema_document(spec.data, operations),
        webhooks=tuple(_unique_labels(hooks)),
    )


# ---------------------------------------------------------------- helpers


def _unique_labels(items: list[Any]) -> list[Any]:
    """``items`` with repeated labels numbered (pytest ids must be unique)."""
    from dataclasses import replace

    seen: dict[str, int] = {}
    result = []
    for item in items:
        count = seen.get(item.label, 0) + 1
        seen[item.label] = count
        result.append(item if count == 1 else replace(item, label=f"{item.label} #{count}"))
    return result


def _dotted(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _json_media(holder: Any, where: str) -> tuple[str, dict[str, Any] | None]:
    content = holder.get("content") if isinstance(holder, dict) else None
    if not isinstance(content, dict):
        return "", None
    for media_type, media in content.items():
        if is_json(str(media_type)) and isinstance(media, dict):
            return jp.child(jp.child(where, "content"), str(media_type)), media
    return "", None


def _media_examples(media: dict[str, Any], spec: Spec) -> Iterator[tuple[str, Any]]:
    """(name, value) of a media type's (or parameter's) ``example`` and ``examples`` (external values skipped)."""
    if "example" in media:
        yield "example", media["example"]
    examples = media.get("examples")
    for name, example in examples.items() if isinstance(examples, dict) else []:
        example = spec.resolve(example)
        if isinstance(example, dict) and "value" in example and "$ref" not in example:
            yield str(name), example["value"]


def _meta_json(meta: Any, key: str) -> Iterator[Any]:
    """JSON objects and arrays in the strings found under ``key`` anywhere in an ``x-oaiMeta`` value."""
    stack = [meta]
    while stack:
        node = stack.pop(0)
        if isinstance(node, dict):
            for name, value in node.items():
                if name == key and isinstance(value, str):
                    try:
                        parsed = json.loads(value)
                    except ValueError:
                        continue
                    if isinstance(parsed, (dict, list)):
                        yield parsed
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _param_examples(param: dict[str, Any], spec: Spec) -> Iterator[Any]:
    """A parameter's ``example`` and ``examples`` values (they have a media type's form)."""
    return (value for _, value in _media_examples(param, spec))


def _schema_examples(schema: dict[str, Any]) -> Iterator[Any]:
    if "example" in schema:
        yield schema["example"]
    if isinstance(schema.get("examples"), list):
        yield from schema["examples"]


def _segment(text: str) -> str:
    return quote(text, safe="") if text not in (".", "..") else text.replace(".", "%2E")


def _empty(value: Any) -> bool:
    return value in ("", [], {}) and not isinstance(value, bool)


def _query_items(param: Param, value: Any) -> list[tuple[str, str]]:
    """What the client sends for a query parameter (the OpenAPI style rules of the runtime)."""
    if param.media_type:
        return [(param.wire, json.dumps(value))]
    style = param.style or "form"
    explode = param.explode if param.explode is not None else style == "form"
    if isinstance(value, dict):
        members = [(str(k), v) for k, v in value.items() if v is not None]
        if style == "deepObject":
            return [(f"{param.wire}[{k}]", _scalar(v)) for k, v in members]
        if explode:
            return [(k, _scalar(v)) for k, v in members]
        return [(param.wire, ",".join(f"{k},{_scalar(v)}" for k, v in members))]
    if isinstance(value, list):
        if explode and style == "form":
            return [(param.wire, _scalar(v)) for v in value]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(param.wire, separator.join(_scalar(v) for v in value))]
    return [(param.wire, _scalar(value))]


def _joined(param: Param, value: Any) -> str:
    """What the client sends for a header parameter (style simple)."""
    if param.media_type:
        return json.dumps(value)
    if isinstance(value, dict):
        separator = "=" if param.explode else ","
        return ",".join(f"{k}{separator}{_scalar(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return ",".join(_scalar(v) for v in value)
    return _scalar(value)


def _sent_credentials(
    security: Security, own: tuple[tuple[str, ...], ...] | None, values: dict[str, str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """Headers, query items and cookies a client holding every credential sends for an operation:
    those of the first alternative of its requirement the client can send (as the runtime's ``_auth``)."""
    schemes = {scheme.name: scheme for scheme in security.schemes}
    for alternative in security.default if own is None else own:
        if not alternative or not all(name in schemes for name in alternative):
            continue
        found: tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]] = ([], [], [])
        for name in alternative:
            scheme = schemes[name]
            given = [values[c] for c in scheme.credentials]
            if scheme.prefix == "Basic":
                value = "Basic " + base64.b64encode(":".join(given).encode()).decode("ascii")
            else:
                value = f"{scheme.prefix} {given[0]}" if scheme.prefix else given[0]
            where = {"header": 0, "query": 1, "cookie": 2}[scheme.location]
            found[where].append((scheme.wire, value))
        return found
    return ([], [], [])


# cookie-octet of RFC 6265 (as the runtime's ``_request``)
_COOKIE_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '",;\\%')


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _schema_document(data: dict[str, Any], operations: list[OperationCase]) -> dict[str, Any]:
    """The schemas the operations' response schemas refer to (transitively), without documentation."""
    document = json_schema_document(data)
    pending = [ref_pointer(case.response_schema["$ref"]) for case in operations if case.response_schema]
    sparse: dict[str, Any] = {}
    seen: set[str] = set()
    while pending:
        pointer = pending.pop(0)
        if pointer in seen:
            continue
        seen.add(pointer)
        try:
            schema = _strip(jp.resolve(document, pointer))
        except (KeyError, ValueError):
            continue
        _place(sparse, jp.split(pointer), schema)
        pending.extend(ref_pointer(ref) for ref in _all_refs(schema))
    return sparse


def _strip(schema: Any) -> Any:
    """A schema without annotations (descriptions, examples, vendor extensions)."""
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DOC_KEYS or key.startswith("x-"):
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            result[key] = {name: _strip(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            result[key] = [_strip(sub) for sub in value]
        elif key in _SCHEMA_VALUES and isinstance(value, dict):
            result[key] = _strip(value)
        else:
            result[key] = value
    return result


def _all_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#"):
            yield node["$ref"]
        for value in node.values():
            yield from _all_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_refs(value)


def _place(document: dict[str, Any], parts: list[str], value: Any) -> None:
    node = document
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    if parts:
        node[parts[-1]] = value
