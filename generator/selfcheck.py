"""The self-check after rendering: walk the generated client's source from ``Client`` and ``AsyncClient``
and prove that every operation of the spec is reachable and bound as planned.

The walk follows Python's own rules on the rendered text (no import, no execution): a class body's
later definition replaces an earlier one of the same name, a module's later assignment replaces an
earlier one, a resource property leads to the class its ``from .module import Class`` names. From
each client it reaches every method that sends a request (``self._client.call``/``call_stream``/
``page`` with the ``Endpoint`` written in the call) and checks, for every operation of the spec:

- the method the naming tree planned for it (and its stream twin) is reached from the sync and from
  the async client, and sends it (its HTTP method, path and fixed query);
- that method's ``Endpoint`` carries every parameter of the operation (location and wire name),
  and the method passes each one to the request from the argument of that name;
- a JSON response is parsed into the class the model plan gives its schema, imported from
  ``models`` (not hidden by another name of the module), and ``models.py`` defines that class;
- every webhook with a body has its parser in the ``webhooks`` module, registered in ``WEBHOOKS``
  under the webhook's name and parsing into the planned class.

Anything else is a bug in specgen: :class:`SelfCheckError` (exit 3) lists what is wrong.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from generator.ir.model import ClientIR, Operation
from generator.spec.load import Spec
from generator.spec.walk import parameters

_REQUESTS = frozenset({"call", "call_stream", "page"})
_PROPERTIES = frozenset({"cached_property", "property"})
_MAX_PROBLEMS = 20
_LOCATIONS = frozenset({"path", "query", "header", "cookie"})


class SelfCheckError(Exception):
    """The generated client loses or misbinds something the spec describes (a bug in specgen)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:_MAX_PROBLEMS])
        more = f"; and {len(problems) - _MAX_PROBLEMS} more" if len(problems) > _MAX_PROBLEMS else ""
        super().__init__(f"the generated client fails its self-check: {shown}{more}")


@dataclass(frozen=True)
class Reached:
    """A method reached from a client, and what it sends."""

    dotted: str  # client.a.b.method
    method: str
    path: str
    fixed_query: tuple[tuple[str, str], ...]
    params: frozenset[tuple[str, str]]  # (location, wire) of the Endpoint's parameters and default headers
    unbound: tuple[str, ...]  # Endpoint parameters the method does not pass from an argument of their name
    response: str | None  # the model class the response (one event, for a stream) is parsed into
    response_problem: str = ""
    stream: bool = False  # the method answers with a stream of events
    by_status: dict[int, tuple[str | None, str]] = field(default_factory=dict)  # other success statuses


@dataclass
class _Module:
    """A parsed module's top-level names (the statement that binds each last)."""

    name: str  # dotted, inside the package: "resources.pets"
    globals: dict[str, ast.stmt] = field(default_factory=dict)

    @classmethod
    def parse(cls, name: str, text: str) -> _Module:
        module = cls(name)
        for stmt in ast.parse(text).body:
            for bound in _bound_names(stmt):
                module.globals[bound] = stmt
        return module


@dataclass(frozen=True)
class _Member:
    """A public member of a client or resource class: a property leading to another class, or a request."""

    attr: str
    target: tuple[str, str] | None = None  # (module, class) a property returns
    request: Reached | None = None  # what a method sends (its ``dotted`` is filled in by the walk)


@dataclass
class _Summary:
    """What the walk needs of a client or resource module: its classes' members. The syntax tree is
    dropped once this is taken (a large spec's resource modules are tens of megabytes of source)."""

    name: str
    classes: dict[str, list[_Member]] = field(default_factory=dict)


def check_client(files: dict[str, str], ir: ClientIR, spec: Spec) -> None:
    """Raise :class:`SelfCheckError` when the rendered ``files`` lose or misbind an operation of ``spec``."""
    walker = _Walker(files, ir.package)
    problems: list[str] = []
    planned = {op.pointer: (resource.reach, op) for resource in ir.all_resources() for op in resource.operations}
    models = walker.model_classes()
    for client in ("Client", "AsyncClient"):
        reached = {found.dotted: found for found in walker.walk(client)}
        for operation in spec.operations:
            if not operation.is_call:
                continue
            if operation.pointer not in planned:
                problems.append(f"{operation.label} is not planned on the client")
                continue
            reach, op = planned[operation.pointer]
            expected = {(p.location, p.name) for p in parameters(spec, operation) if p.location in _LOCATIONS}
            names = [op.name]
            if op.streaming is not None and op.streaming.method != op.name:
                names.append(op.streaming.method)
            for name in names:
                found = reached.get(".".join(("client", *reach, name)))
                if found is None:
                    problems.append(f"{operation.label} is not reachable from {client}() as {'.'.join((*reach, name))}")
                elif (found.method, found.path, found.fixed_query) != (op.http_method, op.path, op.fixed_query):
                    problems.append(f"{found.dotted} sends {found.method} {found.path}, not {operation.label}")
                else:
                    problems.extend(_binding_problems(found, op, expected, models))
    problems.extend(_webhook_problems(walker, ir, spec, models))
    if problems:
        raise SelfCheckError(sorted(set(problems)))


def _webhook_problems(walker: _Walker, ir: ClientIR, spec: Spec, models: set[str]) -> Iterator[str]:
    """Every webhook of the spec with a body has its parser in ``webhooks``, parsing into the planned class."""
    planned = {hook.pointer: hook for hook in ir.webhooks}
    module = walker.module("webhooks") if planned else None
    for operation in spec.operations:
        if operation.section != "webhooks" or not isinstance(spec.resolve(operation.node.get("requestBody")), dict):
            continue
        hook = planned.get(operation.pointer)
        if hook is None:
            content = spec.resolve(operation.node.get("requestBody")).get("content")
            if isinstance(content, dict) and content:
                yield f"{operation.label} has no parser"
            continue
        function = module.globals.get(hook.function) if module is not None else None
        if not isinstance(function, ast.FunctionDef):
            yield f"{operation.label}: webhooks.{hook.function} is not defined"
            continue
        registry = module.globals.get("WEBHOOKS") if module is not None else None
        value = registry.value if isinstance(registry, (ast.Assign, ast.AnnAssign)) else None
        entries = (
            {ast.literal_eval(k): _name_of(v) for k, v in zip(value.keys, value.values, strict=True) if k is not None}
            if isinstance(value, ast.Dict)
            else {}
        )
        if entries.get(hook.key) != hook.function:
            yield f"{operation.label}: WEBHOOKS[{hook.key!r}] is not webhooks.{hook.function}"
        if hook.model is not None:
            parsed = next(
                (
                    c.args[0].id
                    for c in _calls(function)
                    if _name_of(c.func) == "parse_payload" and c.args and isinstance(c.args[0], ast.Name)
                ),
                None,
            )
            if parsed != hook.model or parsed not in models:
                yield f"webhooks.{hook.function} parses into {parsed}, planned {hook.model}"


def _binding_problems(found: Reached, op: Operation, expected: set[tuple[str, str]], models: set[str]) -> Iterator[str]:
    missing = sorted(f"{where} {name!r}" for where, name in expected - found.params)
    if missing:
        yield f"{found.dotted} does not send the parameters {', '.join(missing)}"
    if found.unbound:
        yield f"{found.dotted} does not pass {', '.join(found.unbound)} from its arguments"
    if found.response_problem:
        yield f"{found.dotted}: {found.response_problem}"
    if found.stream:
        event = op.streaming.event_model if op.streaming else None
        if found.response != event:
            yield f"{found.dotted} parses its events as {found.response}, planned {event}"
        return
    for alternative in op.alternatives:
        model, problem = found.by_status.get(alternative.status, (None, f"status {alternative.status} is not read"))
        if problem:
            yield f"{found.dotted}: {problem}"
        elif alternative.model is not None and model != alternative.model:
            yield f"{found.dotted} parses status {alternative.status} as {model}, planned {alternative.model}"
    if op.response_kind == "json" and op.response_model is not None:
        if found.response != op.response_model:
            yield f"{found.dotted} parses its response as {found.response}, planned {op.response_model}"
        elif found.response not in models:
            yield f"{found.dotted} parses its response as {found.response}, which the models do not define"


class _Walker:
    def __init__(self, files: dict[str, str], package: str) -> None:
        self.files = files
        self.package = package
        self.summaries: dict[str, _Summary | None] = {}

    def module(self, name: str) -> _Module | None:
        """The module ``name`` parsed (not kept: callers take what they need)."""
        text = self.files.get(f"{self.package}/{name.replace('.', '/')}.py")
        return _Module.parse(name, text) if text is not None else None

    def summary(self, name: str) -> _Summary | None:
        if name not in self.summaries:
            module = self.module(name)
            self.summaries[name] = self._summarize(module) if module is not None else None
        return self.summaries[name]

    def model_classes(self) -> set[str]:
        """Classes of ``models.py``; of a split ``models`` package, those its modules define and
        its ``__init__`` exports."""
        models = self.module("models")
        if models is not None:
            return _classes(models)
        exported = self.files.get(f"{self.package}/models/__init__.py")
        if exported is None:
            return set()
        found: set[str] = set()
        prefix = f"{self.package}/models/"
        for path in self.files:
            if path.startswith(prefix) and path.endswith(".py") and not path.endswith("/__init__.py"):
                part = self.module("models." + path[len(prefix) : -len(".py")].replace("/", "."))
                found |= _classes(part) if part is not None else set()
        return found & _exported_names(ast.parse(exported))

    def walk(self, client: str) -> Iterator[Reached]:
        summary = self.summary("_client")
        if summary is None:
            return
        yield from self._class(summary, client, "client", set())

    def _class(self, summary: _Summary, name: str, dotted: str, seen: set[tuple[str, str]]) -> Iterator[Reached]:
        members = summary.classes.get(name)
        if members is None or (summary.name, name) in seen:
            return
        seen = seen | {(summary.name, name)}
        for member in members:
            if member.target is not None:
                target = self.summary(member.target[0])
                if target is not None:
                    yield from self._class(target, member.target[1], f"{dotted}.{member.attr}", seen)
            elif member.request is not None:
                yield replace(member.request, dotted=f"{dotted}.{member.attr}")

    def _summarize(self, module: _Module) -> _Summary:
        summary = _Summary(module.name)
        for name, node in module.globals.items():
            if not isinstance(node, ast.ClassDef):
                continue
            members: dict[str, ast.stmt] = {}
            for stmt in node.body:
                for bound in _bound_names(stmt):
                    members[bound] = stmt
            found = summary.classes[name] = []
            for attr, stmt in members.items():
                if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) or attr.startswith("_"):
                    continue
                if any(_name_of(d) in _PROPERTIES for d in stmt.decorator_list):
                    target = _property_target(module, stmt)
                    if target is not None:
                        found.append(_Member(attr, target=target))
                    continue
                request = self._request(module, stmt, "")
                if request is not None:
                    found.append(_Member(attr, request=request))
        return summary

    def _request(self, module: _Module, function: ast.FunctionDef | ast.AsyncFunctionDef, dotted: str) -> Any:
        call = next((c for c in _calls(function) if _is_request(c)), None)
        if call is None or not call.args:
            return None
        value = call.args[0]
        if not isinstance(value, ast.Call) or _name_of(value.func) != "Endpoint" or len(value.args) != 2:
            return None
        fields = {k.arg: k.value for k in value.keywords if k.arg}
        method, path = (ast.literal_eval(a) for a in value.args)
        fixed = ast.literal_eval(fields["fixed_query"]) if "fixed_query" in fields else ()
        params: set[tuple[str, str]] = set()
        names: list[str] = []
        declared = fields.get("params")
        for param in declared.elts if isinstance(declared, ast.Tuple) else []:
            if isinstance(param, ast.Call) and len(param.args) == 1:
                name = ast.literal_eval(param.args[0])
                keywords = {k.arg: ast.literal_eval(k.value) for k in param.keywords if k.arg in ("location", "wire")}
                params.add((str(keywords.get("location")), str(keywords.get("wire", name))))
                names.append(name)
        headers = ast.literal_eval(fields["headers"]) if "headers" in fields else {}
        params |= {("header", name) for name in headers}
        passed = _passed_params(function, call)
        unbound = tuple(name for name in names if passed.get(name) != name)
        response, problem = self._response(module, call)
        stream = isinstance(call.func, ast.Attribute) and call.func.attr == "call_stream"
        return Reached(
            dotted,
            method,
            path,
            tuple(map(tuple, fixed)),
            frozenset(params),
            unbound,
            response,
            problem,
            stream,
            self.by_status(module, call),
        )

    def _response(self, module: _Module, call: ast.Call) -> tuple[str | None, str]:
        """The model class the request's response is parsed into, and what is wrong with its binding."""
        kind = call.func.attr if isinstance(call.func, ast.Attribute) else ""
        parser = call.args[1] if len(call.args) > 1 else None
        if isinstance(parser, ast.Call) and len(parser.args) == 3 and _name_of(parser.args[0]) == "parse_by_status":
            parser = parser.args[2]  # the main response's parser (the others: _by_status)
        return self._parsed(module, kind, parser)

    def by_status(self, module: _Module, call: ast.Call) -> dict[int, tuple[str | None, str]]:
        """The model each other success status is parsed into (``parse_by_status``'s table)."""
        parser = call.args[1] if len(call.args) > 1 else None
        if not (isinstance(parser, ast.Call) and len(parser.args) == 3 and isinstance(parser.args[1], ast.Dict)):
            return {}
        table = parser.args[1]
        return {
            ast.literal_eval(key): self._parsed(module, "call", value)
            for key, value in zip(table.keys, table.values, strict=True)
            if key is not None
        }

    def _parsed(self, module: _Module, kind: str, parser: ast.expr | None) -> tuple[str | None, str]:
        if kind == "page" and isinstance(parser, ast.Name):
            name = parser.id
        elif (
            kind == "call_stream"
            and isinstance(parser, ast.Call)
            and _name_of(parser.func) == "event_parser"
            and len(parser.args) == 1
            and isinstance(parser.args[0], ast.Name)
        ):
            name = parser.args[0].id
        elif (
            isinstance(parser, ast.Call)
            and _name_of(parser.func) == "partial"
            and len(parser.args) == 2
            and _name_of(parser.args[0]) == "parse_model"
            and isinstance(parser.args[1], ast.Name)
        ):
            name = parser.args[1].id
        else:
            return None, ""
        bound = module.globals.get(name)
        models = "." * (module.name.count(".") + 1) + "models"
        if not (isinstance(bound, ast.ImportFrom) and "." * bound.level + (bound.module or "") == models):
            return name, f"{name} is not the class imported from models"
        return name, ""


def _property_target(module: _Module, function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, str] | None:
    """(module, class) a resource property returns: ``from .x import C`` then ``return C(...)``."""
    imported: dict[str, tuple[str, str]] = {}
    returned = None
    for stmt in function.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.level > 0 and stmt.module:
            for alias in stmt.names:
                imported[alias.asname or alias.name] = (_relative(module.name, stmt.level, stmt.module), alias.name)
        elif isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Call):
            returned = _name_of(stmt.value.func)
    return imported.get(returned) if returned is not None else None


def _classes(module: _Module) -> set[str]:
    return {name for name, stmt in module.globals.items() if isinstance(stmt, ast.ClassDef)}


def _exported_names(tree: ast.Module) -> set[str]:
    """The strings of a module's ``__all__``."""
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and isinstance(
            value, (ast.List, ast.Tuple)
        ):
            return {e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def _bound_names(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [stmt.name]
    if isinstance(stmt, ast.Assign):
        return [t.id for t in stmt.targets if isinstance(t, ast.Name)]
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return [stmt.target.id]
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in stmt.names]
    return []


def _name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _relative(current: str, level: int, module: str) -> str:
    parts = current.split(".")[:-level] if level else current.split(".")
    return ".".join([*parts, module])


def _calls(function: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            yield node


def _is_request(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in _REQUESTS
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "_client"
        and isinstance(func.value.value, ast.Name)
        and func.value.value.id == "self"
    )


def _passed_params(function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call) -> dict[str, str]:
    """``{"key": argument}`` of the request's ``params={...}``, for keys bound to one of the method's arguments."""
    arguments = {a.arg for a in (*function.args.args, *function.args.kwonlyargs)}
    given = next((k.value for k in call.keywords if k.arg == "params"), None)
    if not isinstance(given, ast.Dict):
        return {}
    return {
        ast.literal_eval(k): v.id
        for k, v in zip(given.keys, given.values, strict=True)
        if isinstance(k, ast.Constant) and isinstance(v, ast.Name) and v.id in arguments
    }
