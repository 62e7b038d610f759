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
from generator.pipeline import Options, generate
from generator.spec import facts
from generator.spec.load import Spec, load_spec

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


def their_models(spec: Spec, folder: Path, name: str) -> ModuleType:
    """datamodel-code-generator's models for ``spec`` (library API), imported."""
    from datamodel_code_generator import DataModelType, InputFileType, LiteralType, PythonVersion
    from datamodel_code_generator import generate as dcg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = dcg(
            json.dumps(spec.data),
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
    assert isinstance(source, str)
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    loader = importlib.util.spec_from_file_location(name, path)
    assert loader is not None and loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    sys.modules[name] = module
    loader.loader.exec_module(module)
    return module


def our_models(spec_path: Path, folder: Path, package: str, root: Path | None) -> tuple[ModuleType, ClientIR]:
    """specgen's generated package for the spec, imported; and its IR."""
    result = generate(spec_path, Options(package=package, spec_name=spec_path.name, spec_root=root))
    for relative, text in result.files.items():
        if relative.startswith(f"{package}/"):
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        module = importlib.import_module(f"{package}.models")
    finally:
        sys.path.remove(str(folder))
    return module, build_ir(load_spec(spec_path, root=root), package)


def _normal(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def pairs(ir: ClientIR, ours: ModuleType, theirs: ModuleType) -> list[Pair]:
    """Component schemas that both sides made a class for (theirs found by its normalized name)."""
    their_classes: dict[str, list[type[pydantic.BaseModel]]] = {}
    for name, value in vars(theirs).items():
        if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value.__module__ == theirs.__name__:
            their_classes.setdefault(_normal(name), []).append(value)
    found = []
    for pointer, name in sorted(ir.models.class_for_pointer.items()):
        parts = pointer.split("/")
        model = ir.models.model(name)
        if len(parts) != 4 or parts[1:3] != ["components", "schemas"] or model is None:
            continue
        candidates = their_classes.get(_normal(parts[3]), [])
        if len(candidates) == 1 and not issubclass(candidates[0], pydantic.RootModel) and _builds(candidates[0]):
            found.append(Pair(parts[3], pointer, getattr(ours, name), candidates[0], name))
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


def instances(spec: Spec, ir: ClientIR, pair: Pair) -> Iterator[tuple[str, Any]]:
    """(label, instance) for one class: examples, constraint edges, mutations of the examples."""
    plan = ir.tests
    assert plan is not None
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


def compare(spec_name: str, spec: Spec, ir: ClientIR, ours: ModuleType, theirs: ModuleType) -> list[Verdict]:
    """Every instance both sides judged differently."""
    found = []
    for pair in pairs(ir, ours, theirs):
        for label, instance in instances(spec, ir, pair):
            mine, other = accepts(pair.ours, instance, ours=True), accepts(pair.theirs, instance, ours=False)
            if other is not None and mine != other:
                found.append(Verdict(spec_name, pair.component, label, mine, other, instance))
    return found


def count_pairs(ir: ClientIR, ours: ModuleType, theirs: ModuleType) -> int:
    """How many classes were compared."""
    return len(pairs(ir, ours, theirs))
