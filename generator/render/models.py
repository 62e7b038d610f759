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
import warnings
from pathlib import Path
from typing import Any

from jinja2 import Environment

from generator.cache import memoized, tool_fingerprint
from generator.ir.model import ModelExtras, ModelPlan


def generate_models(plan: ModelPlan, header: str) -> tuple[str, list[str]]:
    """Model source from datamodel-code-generator (before our additions) and the warnings it gave."""
    if not plan.document["components"]["schemas"]:  # datamodel-code-generator refuses an empty input
        return f"{header}\n\nfrom __future__ import annotations\n", []
    aliases = {
        f"{model}.{wire}": python
        for model, names in sorted(plan.field_names.items())
        for wire, python in sorted(names.items())
        if wire != python
    }

    def compute() -> str:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = _generate(plan, aliases, header)
        if not isinstance(result, str):
            raise TypeError("datamodel-code-generator returned several modules; expected one")
        notes = sorted({str(w.message) for w in caught if not issubclass(w.category, DeprecationWarning)})
        return json.dumps({"source": result, "notes": notes})

    # A warm run reuses the output for the same input document, options and tool version.
    parts: list[str | bytes] = [
        tool_fingerprint("datamodel-code-generator", "datamodel_code_generator"),
        Path(__file__).read_bytes(),
        json.dumps(plan.document),
        json.dumps(aliases, sort_keys=True),
        header,
    ]
    cached = json.loads(memoized("datamodel-code-generator", parts, compute))
    return str(cached["source"]), [str(note) for note in cached["notes"]]


def _generate(plan: ModelPlan, aliases: dict[str, str], header: str) -> object:
    from datamodel_code_generator import DataModelType, InputFileType, LiteralType, PythonVersion, generate

    return generate(
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


def add_extras(source: str, plan: ModelPlan, environment: Environment) -> str:
    """Finish datamodel-code-generator's output: our validators, deferred schemas, grouped imports.

    - the rendered extras are spliced at the end of their classes;
    - every model gets ``defer_build=True`` and the trailing ``model_rebuild()`` calls go: pydantic
      then builds a model's validator on first use instead of at import, which keeps importing a
      module of thousands of models fast (forward references resolve at that first use);
    - imports are merged and grouped like isort.
    """
    tree = ast.parse(source)
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    missing = sorted(set(plan.document["components"]["schemas"]) - set(classes))
    if missing:  # a class the client names was renamed or merged away: fail loudly, never misbind
        raise ValueError(f"datamodel-code-generator did not generate the planned classes {', '.join(missing[:10])}")
    lines = source.splitlines()
    template = environment.get_template("model_extras.py.jinja")
    edits: list[tuple[int, int, list[str]]] = []  # (start line index, lines removed, lines inserted)
    used: set[str] = set()
    names: set[str] = set()
    for model in sorted(plan.extras):
        cls = classes.get(model)
        if cls is None or cls.end_lineno is None:
            raise ValueError(f"datamodel-code-generator did not generate class {model}")
        context = _context(model, plan.extras[model], plan)
        used.update(context["helpers"])
        names.update(context["names"])
        edits.append((cls.end_lineno, 0, ["", *template.render(**context).rstrip("\n").split("\n")]))
    deferred = _defer_builds(tree, lines)
    edits.extend(deferred)
    if deferred:
        names.add("ConfigDict")
    for statement in tree.body:
        if _is_rebuild_call(statement):
            edits.append((statement.lineno - 1, 1, []))
    for start, removed, inserted in sorted(edits, key=lambda e: (e[0], -e[1]), reverse=True):
        lines[start : start + removed] = inserted
    additions = {"typing": {n for n in names if n in ("Any", "Self")}, "._validation": used}
    additions["pydantic"] = {n for n in names if n not in ("Any", "Self")}
    lines = _merge_imports(lines, ast.parse("\n".join(lines)), additions)
    return "\n".join(lines) + "\n"


def _defer_builds(tree: ast.Module, lines: list[str]) -> list[tuple[int, int, list[str]]]:
    """Edits giving every model ``defer_build=True``."""
    edits: list[tuple[int, int, list[str]]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        config = next((s for s in node.body if _is_model_config(s)), None)
        if config is not None:
            # datamodel-code-generator writes `model_config = ConfigDict(` alone on its line
            if lines[config.lineno - 1].rstrip().endswith("ConfigDict("):
                edits.append((config.lineno, 0, ["        defer_build=True,"]))
            continue
        body = node.body
        first = body[0]
        after_docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
        anchor = (first.end_lineno or first.lineno) if after_docstring else first.lineno - 1
        edits.append((anchor, 0, ["    model_config = ConfigDict(defer_build=True)"]))
    return edits


def _is_model_config(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and statement.targets[0].id == "model_config"
    )


def _is_rebuild_call(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "model_rebuild"
        and not node.value.args
    )


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
    if "BaseModel" in modules.get("pydantic", ()):  # the models' base: pydantic's, plus the runtime's to_dict/to_json
        modules["pydantic"].discard("BaseModel")
        modules.setdefault("._models", set()).add("BaseModel")
    groups: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for name in sorted(plain):
        groups[_group_of(name)].append(f"import {name}")
    for module in sorted(modules, key=lambda m: (m.startswith("."), m.lstrip(".").lower())):
        if not modules[module]:
            continue
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
    modes = [
        *[("exactly", g) for g in extras.exactly_one_of],
        *[("at_least", g) for g in extras.at_least_one_of],
        *[("not_all", g) for g in extras.never_all_of],
    ]
    for mode, members in modes:
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
    checks = [
        {"field": "root" if wire == "root" else name(model, wire), "schema": schema}
        for wire, schema in extras.value_checks
    ]
    if checks:
        helpers.add("check_value")
    names = set()
    if invariants or groups:
        names.update({"Self", "ValidationInfo", "model_validator"})
    if aliases:
        names.update({"Any", "field_validator"})
    if unions:
        names.update({"Any", "ValidationInfo", "ValidatorFunctionWrapHandler", "field_validator"})
    if counts or checks:
        names.update({"Any", "field_validator"})
    return {
        "names": sorted(names),
        "model": model,
        "invariants": invariants,
        "groups": groups,
        "aliases": aliases,
        "unions": unions,
        "counts": counts,
        "checks": checks,
        "helpers": sorted(helpers),
    }
