"""Stage 6, render: IR -> files (relative path -> text) through Jinja templates.

Templates live in ``templates/``, one per emitted file kind (``resource.py.jinja`` serves every
resource module); the shared runtime, the same for every spec, is real Python copied from
``generator/runtime/`` (:mod:`generator.render.runtime`). ``--templates DIR`` puts a folder first
in a ChoiceLoader, so a file of the same name there overrides the built-in one, and a file named
like a runtime file's template name replaces that copy. Spec text reaches templates only as data,
through the filters in :mod:`generator.render.filters`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from generator import __version__
from generator.ir.model import ClientIR, Operation, Param, Resource
from generator.render.client import client_context, constant_statements, package_docstring
from generator.render.filters import comment, docstring, pyrepr
from generator.render.layout import render_expression
from generator.render.model_modules import plan_modules
from generator.render.models import models_context
from generator.render.params import param_names, params_context
from generator.render.pytypes import Speller
from generator.render.resources import child_info, resource_context
from generator.render.runtime import client_runtime, emit
from generator.render.tests import render_tests
from generator.render.webhooks import webhooks_context
from generator.testplan.model import TestPlan

_TYPING_NAMES = ("Any", "Literal")
_PARTIAL_PARSERS = frozenset({"parse_model", "parse_value"})
_ABC_NAMES = ("Mapping", "Sequence")


def builtin_templates() -> Path:
    """The folder of built-in templates (next to the package when installed, else the repo's)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("specgen's templates folder is missing")


def environment(user_templates: Path | None = None) -> Environment:
    """The Jinja environment: user templates first, strict undefined, our filters only."""
    loaders = [FileSystemLoader(str(user_templates))] if user_templates else []
    loaders.append(FileSystemLoader(str(builtin_templates())))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(pyrepr=pyrepr, docstring=docstring, comment=comment)
    env.globals.update(dict=dict)
    return env


# Templates whose every statement arrives laid out as black writes it (generator/render/layout/): their
# output is never formatted, unless a user's template of the same name replaces them.
LAID_OUT_TEMPLATES = (
    "__init__.py.jinja",
    "_client.py.jinja",
    "_constants.py.jinja",
    "models.py.jinja",
    "models_init.py.jinja",
    "params.py.jinja",
    "resource.py.jinja",
    "resources_init.py.jinja",
    "webhooks.py.jinja",
)


def laid_out_paths(files: dict[str, str], package: str, user_templates: Path | None) -> frozenset[str]:
    """Output paths rendered from built-in templates that lay their code out themselves."""
    overridden = {t for t in LAID_OUT_TEMPLATES if user_templates is not None and (user_templates / t).is_file()}
    templates = {path: _template_of(path, package) for path in files}
    return frozenset(path for path, template in templates.items() if template and template not in overridden)


def _template_of(path: str, package: str) -> str | None:
    """The template a generated module is rendered from (None: a runtime copy, or not Python)."""
    inside = path.removeprefix(f"{package}/")
    if inside == path or not inside.endswith(".py"):
        return None
    fixed = {
        "__init__.py": "__init__.py.jinja",
        "_client.py": "_client.py.jinja",
        "_constants.py": "_constants.py.jinja",
    }
    fixed |= {"webhooks.py": "webhooks.py.jinja", "models.py": "models.py.jinja", "params.py": "params.py.jinja"}
    if inside in fixed:
        return fixed[inside]
    if inside.startswith("models/"):
        return "models_init.py.jinja" if inside == "models/__init__.py" else "models.py.jinja"
    if inside.startswith("resources/"):
        return "resources_init.py.jinja" if inside.endswith("__init__.py") else "resource.py.jinja"
    return None


def with_argument_hints(ir: ClientIR, typed_dicts: dict[str, str]) -> ClientIR:
    """``ir`` with every method argument's Python type hint (and the names it needs) filled in."""

    def spelled(param: Param) -> Param:
        speller = Speller(param_names=typed_dicts)
        hint = render_expression(speller.argument(param.type))
        found = speller.imports
        names = {*found.models, *found.params, *(n for module in found.names.values() for n in module)}
        return replace(param, type_hint=hint, imports=tuple(sorted(names)))

    def operation(op: Operation) -> Operation:
        body = op.body
        if body is not None:
            whole = spelled(body.whole) if body.whole is not None else None
            body = replace(body, fields=tuple(spelled(p) for p in body.fields), whole=whole)
        return replace(
            op,
            positional=tuple(spelled(p) for p in op.positional),
            path_params=tuple(spelled(p) for p in op.path_params),
            query=tuple(spelled(p) for p in op.query),
            headers=tuple(spelled(p) for p in op.headers),
            cookies=tuple(spelled(p) for p in op.cookies),
            body=body,
        )

    def resource(found: Resource) -> Resource:
        return replace(
            found,
            operations=tuple(operation(op) for op in found.operations),
            children=tuple(resource(child) for child in found.children),
        )

    return replace(ir, resources=tuple(resource(r) for r in ir.resources))


def render_package(
    ir: ClientIR, tests: TestPlan | None, *, spec_name: str, user_templates: Path | None = None
) -> dict[str, str]:
    """Every file of the generated project, keyed by path relative to the output folder (``tests/``
    from the test plan; none without one)."""
    typed_dicts = param_names(ir)
    ir = with_argument_hints(ir, typed_dicts)
    env = environment(user_templates)
    header = f"# File generated by specgen {__version__} from {comment(spec_name)}. Do not edit."
    version = "0.1.0"
    package = ir.package
    files: dict[str, str] = {}

    def render(template: str, **context: Any) -> str:
        return env.get_template(template).render(header=header, ir=ir, version=version, **context)

    files["pyproject.toml"] = render("client_pyproject.toml.jinja", header_toml=header)
    files[f"{package}/__init__.py"] = render("__init__.py.jinja", docstring=package_docstring(ir))
    files[f"{package}/py.typed"] = render("py.typed.jinja")
    runtime_context = _runtime_context(ir, version)
    files[f"{package}/_constants.py"] = render("_constants.py.jinja", **runtime_context)
    files.update(emit(client_runtime(package), header, user_templates, lambda t: render(t, **runtime_context)))
    top = [child_info(r, ()) for r in ir.resources]
    files[f"{package}/_client.py"] = render("_client.py.jinja", top=top, **client_context(ir, top))
    modules = plan_modules(ir)
    if not modules.split:
        files[f"{package}/models.py"] = render("models.py.jinja", **models_context(ir.models))
    else:
        module_of = modules.module_of()
        names = sorted((name, module.rsplit(".", 1)[-1]) for name, module in module_of.items())
        type_imports = modules.type_imports()
        files[f"{package}/models/__init__.py"] = render("models_init.py.jinja", names=names, type_imports=type_imports)
        for module, classes in modules.modules.items():
            context = models_context(ir.models, classes, module_of=module_of, module=module)
            files[f"{package}/{module.replace('.', '/')}.py"] = render("models.py.jinja", **context)
    if typed_dicts:
        files[f"{package}/params.py"] = render("params.py.jinja", **params_context(ir.models, typed_dicts))
    for folder in _resource_packages(ir):
        path = "/".join((package, "resources", *folder, "__init__.py"))
        files[path] = render("resources_init.py.jinja", path=folder)
    for resource in ir.all_resources():
        context = resource_context(resource, ir.models, typed_dicts)
        files[f"{package}/{resource.module_file}"] = render("resource.py.jinja", **context)
    if ir.webhooks:
        files[f"{package}/webhooks.py"] = render("webhooks.py.jinja", **webhooks_context(ir))
    if tests is not None:
        files.update(render_tests(ir, tests, render, header, user_templates))
    return dict(sorted(files.items()))


def _runtime_context(ir: ClientIR, version: str) -> dict[str, Any]:
    context = {
        "package": ir.package,
        "user_agent": f"{ir.package}/0.1.0 (specgen {__version__})",
        "base_url": ir.base_url,
        "base_url_env": ir.base_url_env,
        "credentials": tuple((c.name, c.env) for c in ir.security.credentials),
        "credentials_required": ir.security.required,
        "security_schemes": {s.name: (s.location, s.wire, s.prefix, s.credentials) for s in ir.security.schemes},
        "default_security": ir.security.default,
        "client_options": tuple((o.name, o.header, o.env) for o in ir.client_options),
    }
    return {**context, "statements": constant_statements({**context, "version": version})}


def _resource_packages(ir: ClientIR) -> list[tuple[str, ...]]:
    folders: set[tuple[str, ...]] = {()}
    for resource in ir.all_resources():
        parts = tuple(resource.module.split(".")[1:-1])
        for depth in range(len(parts) + 1):
            folders.add(parts[:depth])
    return sorted(folders)
