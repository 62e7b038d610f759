"""The plan-wide builder: the spec's models, their examples and constraint edges, and what every
operation's cases share (argument values, response schemas).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any
from urllib.parse import urljoin

from generator.ir.model import ClientIR, Operation, Param, Resource
from generator.spec import pointer as jp
from generator.spec.load import Spec
from generator.spec.walk import Operation as SpecOperation
from generator.spec.walk import parameters, responses
from generator.testplan.check import SchemaCheck, member_pointer, ref_pointer
from generator.testplan.constraints import ConstraintFinder
from generator.testplan.examples import json_media, media_examples, meta_json, param_examples, schema_examples
from generator.testplan.model import (
    ConstraintCase,
    ExampleCase,
    Omission,
)
from generator.testplan.probes import Probe, materialize
from generator.testplan.requests import is_empty
from generator.testplan.samples import NoSample, Synthesizer

API_KEY = "specgen-test-key"
TEST_HOST = "https://api.example.test/"  # never contacted: the generated tests use a mock transport
# What planning a spec construct it cannot handle may raise; the construct is then an Omission.
PLANNING_ERRORS = (NoSample, RecursionError)
NO_SAMPLE = object()


@dataclass(frozen=True)
class Spot:
    """Where an argument's spec lives: the parameter object and its schema pointer."""

    param: dict[str, Any]
    schema: str


@dataclass
class PlanBuilder:
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
            media_where, media = json_media(request, jp.child(op_pointer, "requestBody"))
            if media is not None and op.body and op.body.model:
                for label, value in media_examples(media, self.spec):
                    found.append(ExampleCase(op.body.model, f"{op.body.model}: {name} request example {label}", value))
            for status, response_where, response in self.responses(op_pointer, data):
                media_where, media = json_media(response, response_where)
                if media is None:
                    continue
                model = self.model_of(media.get("schema"), jp.child(media_where, "schema"))
                if model is None:
                    continue
                for label, value in media_examples(media, self.spec):
                    found.append(ExampleCase(model, f"{model}: {name} {status} example {label}", value))
            if op.response_model:
                for value in meta_json(data.get("x-oaiMeta"), "response"):
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
                for v in meta_json(schema.get("x-oaiMeta"), "example")
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
            yield self.models[pointer], dotted(path), value
        if isinstance(value, dict):
            for name, member in value.items():
                where = member_pointer(pointer, schema, name)
                if where is not None:
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
                self.spec, self.check, self.synth, stops, lenient=model in self.lenient, by_shape=self.by_shape
            )
            try:
                finder.model(pointer, model)
            except PLANNING_ERRORS as exc:
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
                    self._samples[key] = NO_SAMPLE
            if self._samples[key] is not NO_SAMPLE:
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

    def spots(self, op_pointer: str, op: Operation) -> dict[tuple[str, str], Spot]:
        """Spec parameter objects of an operation by (location, name)."""
        return {
            (param.location, param.name): Spot(param.node, jp.child(param.pointer, "schema"))
            for param in parameters(self.spec, self.spec_operations[op_pointer])
        }

    def argument_value(self, param: Param, spot: Spot | None) -> Any:
        """A valid value for a path, query or header parameter: its examples first, then its schema's."""
        candidates: list[Any] = []
        if spot is not None:
            candidates.extend(param_examples(spot.param, self.spec))
            schema = self.check.resolve(spot.schema)[1]
            if isinstance(schema, dict):
                candidates.extend(schema_examples(schema))
            candidates.extend(self._same_name_examples(param))
            if isinstance(schema, dict) and "default" in schema:
                candidates.append(schema["default"])
            path = param.location == "path"  # the client refuses an empty path segment
            for candidate in candidates:
                if self.check.valid(spot.schema, candidate) and not (path and is_empty(candidate)):
                    return candidate
            value = self.synth.sample(spot.schema, hint=param.wire, non_null=True)
            if path and is_empty(value) and isinstance(schema, dict) and isinstance(schema.get("items"), dict):
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
                    found.extend(param_examples(spot.param, self.spec))
                    schema = self.check.resolve(spot.schema)[1]
                    if isinstance(schema, dict):
                        found.extend(schema_examples(schema))
        return self._named_examples.get((param.location, param.wire), [])


def unique_labels(items: list[Any]) -> list[Any]:
    """``items`` with repeated labels numbered (pytest ids must be unique)."""
    from dataclasses import replace

    seen: dict[str, int] = {}
    result = []
    for item in items:
        count = seen.get(item.label, 0) + 1
        seen[item.label] = count
        result.append(item if count == 1 else replace(item, label=f"{item.label} #{count}"))
    return result


def dotted(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
