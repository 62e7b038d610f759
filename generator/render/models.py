"""Models: datamodel-code-generator writes the pydantic classes; our template adds what it cannot.

datamodel-code-generator gets a prepared OpenAPI document (see generator.ir.schemas) with
explicit options. Validators it has no keyword for (cross-field invariants, "exactly one
of", accepted aliases of constants, open discriminated unions) are rendered from the
``model_extras.py.jinja`` template and spliced into the classes: they are model behaviour
our IR knows about and datamodel-code-generator cannot express, and a template keeps them
overridable like every other part of the output.
"""

from __future__ import annotations

import ast
import json
import sys
from typing import Any

from jinja2 import Environment

from generator.ir.model import ModelExtras, ModelPlan


def generate_models(plan: ModelPlan, header: str) -> str:
    """Model source from datamodel-code-generator, before our additions."""
    from datamodel_code_generator import (  # imported here: it is the slowest import of the pipeline
        DataModelType,
        InputFileType,
        LiteralType,
        PythonVersion,
        generate,
    )

    aliases = {
        f"{model}.{wire}": python
        for model, names in sorted(plan.field_names.items())
        for wire, python in sorted(names.items())
        if wire != python
    }
    result = generate(
        json.dumps(plan.document, sort_keys=False),
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        disable_timestamp=True,
        custom_file_header=header,
        strict_nullable=True,
        use_annotated=True,
        field_constraints=True,
        enum_field_as_literal=LiteralType.All,
        use_double_quotes=True,
        use_schema_description=True,
        use_field_description=True,
        keep_model_order=True,
        allow_population_by_field_name=True,
        collapse_root_models=True,
        aliases=aliases or None,
        formatters=[],  # black runs once over every file in generator.formatter
    )
    if not isinstance(result, str):
        raise TypeError("datamodel-code-generator returned several modules; expected one")
    return result


def add_extras(source: str, plan: ModelPlan, environment: Environment) -> str:
    """Splice the rendered extras into their classes and add the imports they use."""
    tree = ast.parse(source)
    if not plan.extras:  # still group the imports: datamodel-code-generator does not separate them
        return "\n".join(_merge_imports(source.splitlines(), tree, {})) + "\n"
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    lines = source.splitlines()
    template = environment.get_template("model_extras.py.jinja")
    insertions: list[tuple[int, str]] = []
    used: set[str] = set()
    names: set[str] = set()
    for model in sorted(plan.extras):
        node = classes.get(model)
        if node is None or node.end_lineno is None:
            raise ValueError(f"datamodel-code-generator did not generate class {model}")
        extras = plan.extras[model]
        context = _context(model, extras, plan)
        used.update(context["helpers"])
        names.update(context["names"])
        insertions.append((node.end_lineno, template.render(**context).rstrip("\n")))
    for line_number, text in sorted(insertions, reverse=True):
        lines[line_number:line_number] = ["", *text.split("\n")]
    additions = {"typing": {n for n in names if n in ("Any", "Self")}, "._validation": used}
    additions["pydantic"] = {n for n in names if n not in ("Any", "Self")}
    lines = _merge_imports(lines, tree, additions)
    return "\n".join(lines) + "\n"


def _merge_imports(lines: list[str], tree: ast.Module, additions: dict[str, set[str]]) -> list[str]:
    """Rewrite the module's import block with ``additions`` merged in, grouped and sorted like isort."""
    from generator.render import import_order

    nodes = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) and not _is_future(n)]
    if not nodes:
        return lines
    modules: dict[str, set[str]] = {}
    plain: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            modules.setdefault(module, set()).update(
                a.name if not a.asname else f"{a.name} as {a.asname}" for a in node.names
            )
        else:
            plain.update(a.name for a in node.names)
    for module, extra in additions.items():
        if extra:
            modules.setdefault(module, set()).update(extra)
    groups: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for name in sorted(plain):
        groups[_group_of(name)].append(f"import {name}")
    for module in sorted(modules, key=lambda m: (m.startswith("."), m.lstrip(".").lower())):
        names = ", ".join(sorted(modules[module], key=import_order))
        groups[_group_of(module)].append(f"from {module} import {names}")
    block: list[str] = []
    for key in (0, 1, 2):
        if groups[key]:
            block.extend([*groups[key], ""])
    start = min(n.lineno for n in nodes) - 1
    end = max(n.end_lineno or n.lineno for n in nodes)
    return [*lines[:start], *block[:-1], *lines[end:]]


def _is_future(node: ast.Import | ast.ImportFrom) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"


def _group_of(module: str) -> int:
    if module.startswith("."):
        return 2
    return 0 if module.split(".", maxsplit=1)[0] in sys.stdlib_module_names else 1


def _context(model: str, extras: ModelExtras, plan: ModelPlan) -> dict[str, Any]:
    name = plan.field_name
    helpers: set[str] = set()
    invariants = []
    for (condition, message), wire_names in zip(extras.invariants, extras.invariant_names, strict=True):
        invariants.append(
            {
                "condition": condition,
                "message": message,
                "values": [(wire, name(model, wire)) for wire in wire_names],
            }
        )
        helpers.add("check_invariant")
    groups = []
    for mode, members in [("exactly", g) for g in extras.exactly_one_of] + [
        ("at_least", g) for g in extras.at_least_one_of
    ]:
        groups.append({"mode": mode, "members": [tuple(name(model, w) for w in m.split("+")) for m in members]})
        helpers.add("require_groups")
    aliases = [{"field": name(model, wire), "pairs": dict(pairs)} for wire, pairs in extras.aliases]
    if aliases:
        helpers.add("canonical")
    unions = [
        {
            "field": "root" if wire == "root" else name(model, wire),
            "tag": tag,
            "mapping": list(mapping),
            "fallback": fallback,
        }
        for wire, tag, mapping, fallback in extras.open_unions
    ]
    if unions:
        helpers.add("discriminate")
    counts = [{"field": name(model, wire), "low": low, "high": high} for wire, low, high in extras.member_counts]
    if counts:
        helpers.add("check_member_count")
    names = set()
    if invariants or groups:
        names.update({"Self", "ValidationInfo", "model_validator"})
    if aliases:
        names.update({"Any", "field_validator"})
    if unions:
        names.update({"Any", "ValidationInfo", "ValidatorFunctionWrapHandler", "field_validator"})
    if counts:
        names.update({"Any", "field_validator"})
    return {
        "names": sorted(names),
        "model": model,
        "invariants": invariants,
        "groups": groups,
        "aliases": aliases,
        "unions": unions,
        "counts": counts,
        "helpers": sorted(helpers),
    }
