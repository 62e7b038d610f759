"""Differential testing of specgen's models against datamodel-code-generator's, on the same spec.

For every component schema both generators make a class for, both classes get the same instances
(the test plan's examples, its constraint edges accepted and rejected, and mutations of the
examples: a required member removed, a member of another JSON type) and must agree on which
they accept. A disagreement is a bug in one of the two.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import json
import re
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic

from generator.ir import build_ir
from generator.ir.model import ClientIR
from generator.render import render_package
from generator.spec import facts
from generator.spec.load import Spec
from generator.testplan import TestPlan, build_test_plan

# Constraints only specgen's extensions state: datamodel-code-generator cannot know them.
SPECGEN_ONLY = frozenset({"x-specgen-invariants", "x-specgen-aliases"})
_OTHER_TYPE = {str: 12345, int: "not a number", float: "not a number", bool: "not a boolean", list: {}, dict: []}


@dataclass(frozen=True)
class Verdict:
    """What each side made of one instance."""

    spec: str
    component: str
    label: str
    ours: bool | None
    theirs: bool | None
    instance: Any

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.spec, self.component, self.label)


@dataclass
class Pair:
    """Our class and theirs for one component schema."""

    component: str
    pointer: str
    ours: type[pydantic.BaseModel]
    theirs: type[pydantic.BaseModel]
    ours_name: str


# JSON Schema makes ``format`` an annotation (2020-12, section 7.2): specgen keeps string formats
# as text except those it parses into a value (docs/naming.md, "Types"). The reference gets the
# same document without the others, so the comparison is of everything else.
PARSED_FORMATS = frozenset({"date-time", "date", "time", "duration"})
_SCHEMAS = "#/components/schemas/"


def reference_document(spec: Spec) -> dict[str, Any]:
    """The bundled document as datamodel-code-generator gets it: string formats specgen keeps as
    text removed, and component names with dots spelled with underscores (with dots it writes a
    package of modules instead of one module) and no leading underscore (it would prefix ``Field``)."""

    def flat(name: str) -> str:
        return name.replace(".", "_").lstrip("_")

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        found = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(_SCHEMAS):
                value = _SCHEMAS + flat(value[len(_SCHEMAS) :])
            elif key == "mapping" and isinstance(value, dict):
                value = {
                    tag: _SCHEMAS + flat(target[len(_SCHEMAS) :]) if str(target).startswith(_SCHEMAS) else target
                    for tag, target in value.items()
                }
            elif key == "format" and isinstance(value, str) and value not in PARSED_FORMATS and _is_string(node):
                continue
            found[key] = walk(value)
        return found

    data = walk(spec.data)
    schemas = data.get("components", {}).get("schemas")
    if isinstance(schemas, dict):
        data["components"]["schemas"] = {flat(name): schema for name, schema in schemas.items()}
    return data


def their_models(spec: Spec, folder: Path, name: str) -> ModuleType:
    """datamodel-code-generator's models for ``spec`` (library API), imported."""
    from datamodel_code_generator import DataModelType, InputFileType, LiteralType, PythonVersion
    from datamodel_code_generator import generate as dcg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = dcg(
            json.dumps(reference_document(spec)),
            input_file_type=InputFileType.OpenAPI,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            disable_timestamp=True,
            strict_nullable=True,
            use_annotated=True,
            field_constraints=True,
            enum_field_as_literal=LiteralType.All,
            formatters=[],
        )
    if not isinstance(source, str):
        raise TypeError(f"datamodel-code-generator wrote modules {sorted(source)[:5]}..., not one module")
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    loader = importlib.util.spec_from_file_location(name, path)
    assert loader is not None and loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    sys.modules[name] = module
    loader.loader.exec_module(module)
    return module


def our_models(spec: Spec, folder: Path, package: str) -> tuple[ModuleType, ClientIR]:
    """specgen's models for the spec (rendered, not formatted: black changes no behaviour),
    imported; and the IR they come from."""
    ir = build_ir(spec, package)
    for relative, text in render_package(ir, None, spec_name="spec.yaml").items():
        if relative.startswith(f"{package}/") and relative.endswith(".py"):
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        module = importlib.import_module(f"{package}.models")
    finally:
        sys.path.remove(str(folder))
    return module, ir


def _normal(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _aliases(model: type[pydantic.BaseModel]) -> frozenset[str]:
    return frozenset(field.alias or name for name, field in model.model_fields.items())


def _is_string(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "string" or (isinstance(kind, list) and "string" in kind)


def pairs(ir: ClientIR, ours: ModuleType, theirs: ModuleType) -> list[Pair]:
    """Component schemas that both sides made a class for. Theirs is found by its name, less the
    number it appends when it renames, and must have the same members as ours: it gives a
    component's name to another schema at times, and a component must not be compared with that."""
    their_classes: dict[str, list[type[pydantic.BaseModel]]] = {}
    for name, value in vars(theirs).items():
        if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value.__module__ == theirs.__name__:
            their_classes.setdefault(_normal(name).rstrip("0123456789"), []).append(value)
    found = []
    for pointer, name in sorted(ir.models.class_for_pointer.items()):
        parts = pointer.split("/")
        model = ir.models.model(name)
        if len(parts) != 4 or parts[1:3] != ["components", "schemas"] or model is None:
            continue
        mine = getattr(ours, name)
        if issubclass(mine, pydantic.RootModel):
            continue
        candidates = [
            other
            for other in their_classes.get(_normal(parts[3]).rstrip("0123456789"), [])
            if not issubclass(other, pydantic.RootModel) and _aliases(other) == _aliases(mine) and _builds(other)
        ]
        if len(candidates) == 1:
            found.append(Pair(parts[3], pointer, mine, candidates[0], name))
    return found


def _builds(model: type[pydantic.BaseModel]) -> bool:
    """Whether one of their classes can validate at all (some cannot even be built)."""
    try:
        model.model_rebuild()
        model.model_validate({})
    except pydantic.ValidationError:
        return True
    except Exception:
        return False
    return True


def accepts(model: type[pydantic.BaseModel], instance: Any, *, ours: bool) -> bool | None:
    """Whether ``model`` validates ``instance``. Our model failing other than by refusing the value
    is a bug (raised); theirs failing so is their bug: None (not compared)."""
    try:
        model.model_validate(copy.deepcopy(instance))
    except (pydantic.ValidationError, ValueError):
        return False
    except Exception:
        if ours:
            raise
        return None
    return True


def instances(spec: Spec, plan: TestPlan, pair: Pair) -> Iterator[tuple[str, Any]]:
    """(label, instance) for one class: examples, constraint edges, mutations of the examples."""
    examples = [case.data for case in plan.examples if case.model == pair.ours_name and isinstance(case.data, dict)]
    for index, data in enumerate(examples):
        yield f"example {index}", data
    for case in plan.constraints:
        if case.model != pair.ours_name or case.keyword in SPECGEN_ONLY:
            continue
        base = plan.bases[case.base]
        for index, edit in enumerate(case.accepted):
            yield f"{case.label}: accepted {index}", edit.apply(base)
        for index, edit in enumerate(case.rejected):
            yield f"{case.label}: rejected {index}", edit.apply(base)
    schema = spec.get(pair.pointer)
    if not isinstance(schema, dict) or not examples:
        return
    parts = facts.object_parts(spec, schema, pair.pointer)
    data = examples[0]
    for name in sorted(parts.required):
        if name in data:
            yield f"without required {name}", {k: v for k, v in data.items() if k != name}
    for name, value in data.items():
        other = _OTHER_TYPE.get(type(value))
        if other is not None and name in parts.properties:
            yield f"{name} of another type", {**data, name: other}


@dataclass(frozen=True)
class Comparison:
    """What comparing one spec's models found."""

    spec: str
    classes: int  # our classes for component schemas, root models aside
    pairs: int  # of them, those datamodel-code-generator has a class for with the same members
    instances: int
    disagreements: tuple[Verdict, ...]


def compare(spec_name: str, spec: Spec, ir: ClientIR, ours: ModuleType, theirs: ModuleType) -> Comparison:
    """Both sides' verdict on every instance; the instances they judged differently."""
    found = []
    compared = 0
    matched = pairs(ir, ours, theirs)
    plan = build_test_plan(spec, ir)
    for pair in matched:
        for label, instance in instances(spec, plan, pair):
            mine, other = accepts(pair.ours, instance, ours=True), accepts(pair.theirs, instance, ours=False)
            compared += other is not None
            if other is not None and mine != other:
                found.append(Verdict(spec_name, pair.component, label, mine, other, instance))
    classes = sum(
        1
        for pointer, name in ir.models.class_for_pointer.items()
        if pointer.split("/")[1:3] == ["components", "schemas"]
        and pointer.count("/") == 3
        and ir.models.model(name) is not None
        and not issubclass(getattr(ours, name), pydantic.RootModel)
    )
    return Comparison(spec_name, classes, len(matched), compared, tuple(found))
