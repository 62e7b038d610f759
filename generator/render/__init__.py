"""Stage 6, render: IR -> files (relative path -> text) through Jinja templates.

Templates live in ``templates/``, one per emitted file kind (``resource.py.jinja`` serves every
resource module); the shared runtime, the same for every spec, is real Python copied from
``generator/runtime/`` (:mod:`generator.render.runtime`). ``--templates DIR`` puts a folder first
in a ChoiceLoader, so a file of the same name there overrides the built-in one, and a file named
like a runtime file's template name replaces that copy. Spec text reaches templates only as data,
through the filters in :mod:`generator.render.filters`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from generator import __version__
from generator.ir.model import ClientIR, Operation, Param, Resource
from generator.render.filters import comment, docstring, pyrepr
from generator.render.layout import render_expression
from generator.render.model_modules import plan_modules
from generator.render.models import models_context
from generator.render.params import param_names, params_context
from generator.render.pytypes import Speller
from generator.render.runtime import client_runtime, emit
from generator.render.shadowing import qualify_hidden_builtins
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


# Templates whose every statement arrives laid out as black writes it (generator/render/layout/):
# their output is never formatted, unless a user's template of the same name replaces them.
LAID_OUT_TEMPLATES = ("models.py.jinja", "models_init.py.jinja", "params.py.jinja")


def laid_out_paths(files: dict[str, str], package: str, user_templates: Path | None) -> frozenset[str]:
    """Output paths rendered from built-in templates that lay their code out themselves."""
    if user_templates is not None and any((user_templates / t).is_file() for t in LAID_OUT_TEMPLATES):
        return frozenset()
    prefix = f"{package}/"
    return frozenset(
        path
        for path in files
        if path in (f"{prefix}models.py", f"{prefix}params.py") or path.startswith(f"{prefix}models/")
    )


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
    files[f"{package}/__init__.py"] = render("__init__.py.jinja")
    files[f"{package}/py.typed"] = render("py.typed.jinja")
    runtime_context = _runtime_context(ir)
    files[f"{package}/_constants.py"] = render("_constants.py.jinja", **runtime_context)
    files.update(emit(client_runtime(package), header, user_templates, lambda t: render(t, **runtime_context)))
    top = [_child_info(r, ()) for r in ir.resources]
    files[f"{package}/_client.py"] = render("_client.py.jinja", top=top)
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
        text = render("resource.py.jinja", **_resource_context(resource, set(typed_dicts.values())))
        files[f"{package}/{resource.module_file}"] = qualify_hidden_builtins(text)
    if ir.webhooks:
        files[f"{package}/webhooks.py"] = render("webhooks.py.jinja", **webhooks_context(ir))
    if tests is not None:
        files.update(render_tests(ir, tests, render, header, user_templates))
    return dict(sorted(files.items()))


def _runtime_context(ir: ClientIR) -> dict[str, Any]:
    return {
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


def _resource_packages(ir: ClientIR) -> list[tuple[str, ...]]:
    folders: set[tuple[str, ...]] = {()}
    for resource in ir.all_resources():
        parts = tuple(resource.module.split(".")[1:-1])
        for depth in range(len(parts) + 1):
            folders.add(parts[:depth])
    return sorted(folders)


def _child_info(child: Resource, parent_folder: tuple[str, ...]) -> dict[str, Any]:
    parts = child.module.split(".")
    relative = ".".join(parts[1 + len(parent_folder) :])
    classes = [f"{prefix}{child.class_name}{suffix}" for prefix in ("", "Async") for suffix in WRAPPER_SUFFIXES]
    return {
        "attr": child.attr,
        "class_name": child.class_name,
        "module": relative if parent_folder else child.module,
        "imports": sorted(classes, key=import_order),
    }


#: The classes a resource module defines besides the resource: its methods' raw and streaming wrappers.
WRAPPER_SUFFIXES = ("", "WithRawResponse", "WithStreamingResponse")


def _resource_context(resource: Resource, typed_dicts: set[str]) -> dict[str, Any]:
    folder = tuple(resource.module.split(".")[1:-1])
    children = [_child_info(child, folder) for child in resource.children]
    operations = resource.operations
    names = {name for op in operations for p in op.all_params for name in p.imports}
    response_types = Speller(constraints=False)
    for op in operations:
        for type_ in (op.response_type, *(a.type for a in op.alternatives)):
            if type_ is not None:
                response_types.annotation(type_)
    names |= response_types.imports.names.get("typing", set())
    params = sorted(names & typed_dicts, key=import_order)
    models = sorted(
        {name for name in names - typed_dicts if name not in (*_TYPING_NAMES, *_ABC_NAMES, "FileInput")}
        | {op.response_model for op in operations if op.response_model}
        | {a.model for op in operations for a in op.alternatives if a.model}
        | {op.pagination.item_model for op in operations if op.pagination}
        | {op.body.model for op in operations if op.body and op.body.model},
        key=import_order,
    )
    models = sorted(
        set(models)
        | {op.streaming.event_model for op in operations if op.streaming and op.streaming.event_model}
        | response_types.imports.models,
        key=import_order,
    )
    return {
        "resource": resource,
        "rel": "." * len(resource.module.split(".")),
        "models": models,
        "params": params,
        "children": children,
        "uses": _uses(operations, names, bool(children)),
        "calls": {op.name: _call_info(op) for op in operations},
    }


_PARSERS = re.compile(r"\b(parse_[a-z_]+)\b")
_KIND_RETURNS = {"binary": ("bytes", "parse_bytes"), "text": ("str", "parse_text"), "none": ("None", "parse_none")}


def _call_info(op: Operation) -> dict[str, str]:
    """Return annotations and parse expressions of an operation's methods (computed here, not in templates)."""
    event = op.streaming.event_model if op.streaming else None
    event_type = event or "Any"
    info = {
        "cast": "",  # the returned type, when the parser's is Any (a type that is not a class)
        "event_parse": f"event_parser({event})" if event else "raw_event",
        "stream_returns": f"Stream[{event_type}]",
        "async_stream_returns": f"AsyncStream[{event_type}]",
    }
    if op.pagination:
        item = op.pagination.item_model
        info.update(
            returns=f"SyncCursorPage[{item}]",
            async_returns=f"AsyncPaginator[{item}, AsyncCursorPage[{item}]]",
            parse="",
        )
    elif op.response_kind == "stream":
        info.update(returns=info["stream_returns"], async_returns=info["async_stream_returns"], parse="")
    else:
        returns, parse = _reader(op.response_kind, op.response_model, op.response_type)
        info.update(returns=returns, async_returns=returns, parse=parse)
        if op.response_kind == "json" and not op.response_model and op.response_type is not None:
            info["cast"] = returns
        if op.alternatives:  # success statuses with other bodies: read by status
            readers = [_reader(a.kind, a.model, a.type) for a in op.alternatives]
            members = [m for annotation in (returns, *(r for r, _ in readers)) for m in _members(annotation)]
            unique = list(dict.fromkeys(m for m in members if m != "None"))
            returns = " | ".join([*unique, "None"] if "None" in members else unique)
            table = ", ".join(f"{a.status}: {reader}" for a, (_, reader) in zip(op.alternatives, readers, strict=True))
            info.update(
                returns=returns,
                async_returns=returns,
                cast=returns,
                parse=f"partial(parse_by_status, {{{table}}}, {parse})",
            )
    return info


def _members(annotation: str) -> list[str]:
    """The members of a union annotation, split at its top level (``list[A | B] | None``: two)."""
    members, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        depth += {"[": 1, "(": 1, "]": -1, ")": -1}.get(char, 0)
        if depth == 0 and annotation.startswith(" | ", index):
            members.append(annotation[start:index])
            start = index + 3
    return [*members, annotation[start:]]


def _reader(kind: str, model: str | None, type_: Any) -> tuple[str, str]:
    """The annotation of a body of ``kind`` and the parser that reads it."""
    if kind == "json" and model:
        return model, f"partial(parse_model, {model})"
    if kind == "json" and type_ is not None:
        spelled = render_expression(Speller(constraints=False).annotation(type_))
        return spelled, f"partial(parse_value, {spelled})"
    return _KIND_RETURNS.get(kind, ("None", "parse_none"))


def import_order(name: str) -> tuple[int, str]:
    """isort's order of imported names: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return (kind, name)


def _uses(operations: tuple[Operation, ...], names: set[str], has_children: bool) -> dict[str, Any]:
    typing = {name for name in _TYPING_NAMES if name in names}
    if operations:
        typing.add("Any")
    if any(_call_info(op)["cast"] for op in operations):
        typing.add("cast")
    if has_children:
        typing.add("TYPE_CHECKING")
    abc = {name for name in _ABC_NAMES if name in names}
    if operations:
        abc.add("Mapping")
    response = set()
    for op in operations:
        parse = _call_info(op)["parse"]
        response.update(_PARSERS.findall(parse))
        if op.streaming:
            response.add("event_parser" if op.streaming.event_model else "raw_event")
    response.discard("")
    if any(op.poll_link and any(a.source == "response" for a in op.poll_link.arguments) for op in operations):
        response.add("pointer_value")
    types = set()
    if operations:
        types.update({"NotGiven", "Omit", "RequestOptions", "Timeout", "not_given"})
        if any(not p.required for op in operations for p in op.keyword_params):
            types.add("omit")
        if any(op.polling or op.poll_link for op in operations):
            types.add("omit")  # the default of poll_interval_ms
    base = {"SyncAPIResource", "AsyncAPIResource"}
    wrappers = set()
    if operations:
        wrappers = {
            "async_to_raw_response_wrapper",
            "async_to_streamed_response_wrapper",
            "to_raw_response_wrapper",
            "to_streamed_response_wrapper",
        }
    return {
        "typing": sorted(typing, key=import_order),
        "abc": sorted(abc, key=import_order),
        "functools": sorted(
            {"cached_property"}
            | ({"partial"} if response & {"parse_model", "parse_value", "parse_by_status"} else set())
        ),
        "response": sorted(response, key=import_order),
        "types": sorted(types, key=import_order),
        "base": sorted(base, key=import_order),
        "wrappers": sorted(wrappers, key=import_order),
        "pagination": any(op.pagination for op in operations),
        "polling": any(op.polling for op in operations),
        "streaming": any(op.streaming for op in operations),
        "files": "FileInput" in names,
        "param": any(op.wire_params or (op.body and op.body.kind in ("multipart", "form")) for op in operations),
    }
