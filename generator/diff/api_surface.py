"""The public API of a generated package, read with ``ast`` (the generated code is never imported).

Public modules are the package's ``.py`` files with no path part starting with ``_``
(``__init__.py`` counts as its package). A module's public names are its ``__all__`` when it
has one (names imported from elsewhere in the package are followed to their definition),
else the classes, functions and variables it defines whose names do not start with ``_``.
Every symbol gets a dotted path (``pkg.models.FileCounts.total``); classes contribute their
public methods, properties, fields (annotated class attributes), attributes and nested classes.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

POSITIONAL_ONLY = "positional-only"
POSITIONAL_OR_KEYWORD = "positional-or-keyword"
VAR_POSITIONAL = "var-positional"
KEYWORD_ONLY = "keyword-only"
VAR_KEYWORD = "var-keyword"

_PROPERTY_DECORATORS = {"property", "cached_property"}
_MAX_DEPTH = 20


@dataclass(frozen=True)
class Param:
    """One parameter: name, kind (``positional-only`` ... ``var-keyword``), annotation and default as text."""

    name: str
    kind: str
    annotation: str | None = None
    default: str | None = None

    @property
    def required(self) -> bool:
        """Whether a call must pass it."""
        return self.default is None and self.kind not in (VAR_POSITIONAL, VAR_KEYWORD)

    @property
    def positional(self) -> bool:
        """Whether it can be passed by position (``*args`` excluded)."""
        return self.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)


@dataclass(frozen=True)
class Signature:
    """A callable's parameters (without ``self``/``cls``), return annotation and binding."""

    params: tuple[Param, ...]
    returns: str | None
    is_async: bool = False
    binding: str = "function"  # function, instance, class or static

    def text(self) -> str:
        """``(a: int, *, b: str = 'x') -> bool``."""
        parts: list[str] = []
        kinds = [p.kind for p in self.params]
        for index, param in enumerate(self.params):
            if param.kind == KEYWORD_ONLY and VAR_POSITIONAL not in kinds and KEYWORD_ONLY not in kinds[:index]:
                parts.append("*")
            prefix = {VAR_POSITIONAL: "*", VAR_KEYWORD: "**"}.get(param.kind, "")
            text = prefix + param.name + (f": {param.annotation}" if param.annotation else "")
            if param.default is not None:
                text += f" = {param.default}" if param.annotation else f"={param.default}"
            parts.append(text)
            if param.kind == POSITIONAL_ONLY and (index + 1 == len(kinds) or kinds[index + 1] != POSITIONAL_ONLY):
                parts.append("/")
        returns = f" -> {self.returns}" if self.returns else ""
        return f"{'async ' if self.is_async else ''}({', '.join(parts)}){returns}"


@dataclass(frozen=True)
class Symbol:
    """One public thing: its dotted path, kind, docstring and what its kind makes comparable.

    ``kind`` is module, class, function, method, property, field, attribute, variable or
    import (a re-exported name defined outside the package; ``value`` names its origin).
    """

    path: str
    kind: str
    doc: str | None = None
    signature: Signature | None = None
    overloads: tuple[str, ...] = ()
    annotation: str | None = None
    value: str | None = None
    has_default: bool = False
    bases: tuple[str, ...] = ()


@dataclass
class _Module:
    name: str
    tree: ast.Module
    is_package: bool
    defs: dict[str, list[ast.stmt]] = field(default_factory=dict)
    values: dict[str, ast.Assign | ast.AnnAssign] = field(default_factory=dict)
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    exported: list[str] | None = None


def read_tree(folder: Path, package: str) -> dict[str, str]:
    """The ``.py`` files of ``folder/package`` as ``{"package/…/x.py": text}`` (empty when absent)."""
    root = folder / package
    if not root.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.py"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def public_surface(files: Mapping[str, str], package: str) -> dict[str, Symbol]:
    """Every public symbol of ``package`` among ``files`` (relative POSIX paths -> source text).

    Raises SyntaxError when a module of the package cannot be parsed.
    """
    modules = _index(files, package)
    surface: dict[str, Symbol] = {}
    for name in sorted(modules):
        module = modules[name]
        if any(part.startswith("_") for part in name.split(".")):
            continue
        surface[name] = Symbol(name, "module", doc=ast.get_docstring(module.tree))
        for exported in _exported_names(module):
            for symbol in _resolve(modules, module, exported, f"{name}.{exported}", 0):
                surface.setdefault(symbol.path, symbol)
    return surface


def _index(files: Mapping[str, str], package: str) -> dict[str, _Module]:
    modules: dict[str, _Module] = {}
    for path, text in files.items():
        pure = PurePosixPath(path)
        if pure.suffix != ".py" or not pure.parts or pure.parts[0] != package:
            continue
        parts = list(pure.with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        name = ".".join(parts)
        module = _Module(name, ast.parse(text, filename=path), is_package)
        _collect(module, module.tree.body)
        modules[name] = module
    return modules


def _collect(module: _Module, body: list[ast.stmt]) -> None:
    """Record the module-level bindings of ``body`` (``if``/``try`` blocks included)."""
    for node in body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            module.defs.setdefault(node.name, []).append(node)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    if target.id == "__all__":
                        module.exported = _string_list(node.value)
                    else:
                        module.values[target.id] = node
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node.module, node.level)
            for alias in node.names:
                if alias.name != "*":
                    module.imports[alias.asname or alias.name] = (source, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                module.imports[alias.asname or alias.name.split(".")[0]] = (
                    (alias.name, None) if alias.asname else (alias.name.split(".")[0], None)
                )
        elif isinstance(node, ast.If):
            _collect(module, node.body)
            _collect(module, node.orelse)
        elif isinstance(node, ast.Try):
            _collect(module, node.body)
            for handler in node.handlers:
                _collect(module, handler.body)
            _collect(module, node.orelse)
            _collect(module, node.finalbody)


def _string_list(node: ast.expr | None) -> list[str] | None:
    if isinstance(node, ast.List | ast.Tuple):
        names = [item.value for item in node.elts if isinstance(item, ast.Constant) and isinstance(item.value, str)]
        return names if len(names) == len(node.elts) else None
    return None


def _absolute(module: _Module, name: str | None, level: int) -> str:
    if not level:
        return name or ""
    parts = module.name.split(".")
    base = parts if module.is_package else parts[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, name] if name else base)


def _exported_names(module: _Module) -> list[str]:
    if module.exported is not None:
        return sorted(set(module.exported))
    return sorted(name for name in {*module.defs, *module.values} if not name.startswith("_"))


def _resolve(modules: dict[str, _Module], module: _Module, name: str, path: str, depth: int) -> list[Symbol]:
    """The symbols ``name`` of ``module`` stands for, published under ``path``."""
    if depth > _MAX_DEPTH:
        return [Symbol(path, "import", value=f"{module.name}.{name}")]
    if name in module.defs:
        return list(_definition(module.defs[name], path))
    if name in module.values:
        return [_variable(module.values[name], path, "variable")]
    if name in module.imports:
        source, original = module.imports[name]
        if original is None:
            return [Symbol(path, "import", value=source)]
        if source in modules and original in _bound(modules[source]):
            return _resolve(modules, modules[source], original, path, depth + 1)
        if f"{source}.{original}" in modules:
            return [Symbol(path, "import", value=f"module {source}.{original}")]
        return [Symbol(path, "import", value=f"{source}.{original}")]
    return [Symbol(path, "import", value="(undefined)")]


def _bound(module: _Module) -> set[str]:
    return {*module.defs, *module.values, *module.imports}


def _definition(nodes: list[ast.stmt], path: str) -> Iterator[Symbol]:
    node = nodes[-1]
    if isinstance(node, ast.ClassDef):
        yield from _class(node, path)
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        functions = [n for n in nodes if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        yield _function(functions, path, "function")


def _class(node: ast.ClassDef, path: str) -> Iterator[Symbol]:
    bases = tuple(_text(base) for base in node.bases) + tuple(
        f"{keyword.arg}={_text(keyword.value)}" for keyword in node.keywords if keyword.arg
    )
    yield Symbol(path, "class", doc=ast.get_docstring(node), bases=bases)
    functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
    body = node.body
    for index, item in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        if isinstance(item, ast.ClassDef) and _public_member(item.name):
            yield from _class(item, f"{path}.{item.name}")
        elif isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and _public_member(item.name):
            if not any(_decorator_name(d) in ("setter", "deleter") for d in item.decorator_list):
                functions.setdefault(item.name, []).append(item)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and _public_member(item.target.id):
            yield _variable(item, f"{path}.{item.target.id}", "field", _field_doc(following))
        elif isinstance(item, ast.Assign):
            for target in item.targets:
                if isinstance(target, ast.Name) and _public_member(target.id):
                    yield _variable(item, f"{path}.{target.id}", "attribute", _field_doc(following))
    for name, defs in functions.items():
        yield _function(defs, f"{path}.{name}", "method")


def _public_member(name: str) -> bool:
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__") and len(name) > 4)


def _field_doc(node: ast.stmt | None) -> str | None:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return _clean_doc(node.value.value)
    return None


def _clean_doc(text: str) -> str:
    return inspect.cleandoc(text)


def _variable(node: ast.Assign | ast.AnnAssign, path: str, kind: str, doc: str | None = None) -> Symbol:
    annotation = _annotation(node.annotation) if isinstance(node, ast.AnnAssign) else None
    value = _text(node.value) if node.value is not None else None
    return Symbol(path, kind, doc=doc, annotation=annotation, value=value, has_default=node.value is not None)


def _function(nodes: list[ast.FunctionDef | ast.AsyncFunctionDef], path: str, kind: str) -> Symbol:
    overloads = [n for n in nodes if any(_decorator_name(d) == "overload" for d in n.decorator_list)]
    implementation = next((n for n in reversed(nodes) if n not in overloads), nodes[-1])
    names = {_decorator_name(d) for d in implementation.decorator_list}
    doc = ast.get_docstring(implementation)
    if kind == "method" and names & _PROPERTY_DECORATORS:
        return Symbol(path, "property", doc=doc, annotation=_annotation(implementation.returns))
    binding = "function"
    if kind == "method":
        binding = "static" if "staticmethod" in names else "class" if "classmethod" in names else "instance"
    signature = _signature(implementation, binding)
    texts = tuple(_signature(n, binding).text() for n in overloads)
    return Symbol(path, kind, doc=doc, signature=signature, overloads=texts)


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef, binding: str) -> Signature:
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    params: list[Param] = []
    for index, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
        kind = POSITIONAL_ONLY if index < len(args.posonlyargs) else POSITIONAL_OR_KEYWORD
        params.append(Param(arg.arg, kind, _annotation(arg.annotation), _text(default) if default else None))
    if args.vararg:
        params.append(Param(args.vararg.arg, VAR_POSITIONAL, _annotation(args.vararg.annotation)))
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append(
            Param(arg.arg, KEYWORD_ONLY, _annotation(arg.annotation), _text(kw_default) if kw_default else None)
        )
    if args.kwarg:
        params.append(Param(args.kwarg.arg, VAR_KEYWORD, _annotation(args.kwarg.annotation)))
    if binding in ("instance", "class") and params and params[0].positional:
        params.pop(0)
    return Signature(tuple(params), _annotation(node.returns), isinstance(node, ast.AsyncFunctionDef), binding)


def _text(node: ast.expr) -> str:
    return ast.unparse(node)


def _annotation(node: ast.expr | None) -> str | None:
    """Canonical text of an annotation; string annotations are parsed first."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return ast.unparse(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return node.value
    return ast.unparse(node)


def union_members(annotation: str | None) -> frozenset[str]:
    """The members of a union annotation (``A | B``, ``Optional[A]``, ``Union[A, B]``); ``Any`` when absent."""
    if annotation is None:
        return frozenset({"Any"})
    try:
        node = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return frozenset({annotation})
    return frozenset(_members(node))


def _members(node: ast.expr) -> Iterator[str]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        yield from _members(node.left)
        yield from _members(node.right)
        return
    if isinstance(node, ast.Subscript) and _decorator_name(node.value) in ("Optional", "Union"):
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for item in items:
            yield from _members(item)
        if _decorator_name(node.value) == "Optional":
            yield "None"
        return
    if isinstance(node, ast.Subscript) and _decorator_name(node.value) == "Literal":
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for item in items:  # Literal["a", "b"] is the union of Literal["a"] and Literal["b"]
            yield f"Literal[{ast.unparse(item)}]"
        return
    yield ast.unparse(node)


def open_enums_erased(annotation: str | None) -> str | None:
    """``annotation`` with the known values of every open enum erased: in a union that has ``str`` as a
    member, a ``Literal`` of strings adds no type (``Literal["a", "b"] | str`` is ``str``)."""
    if annotation is None:
        return None
    try:
        node = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return annotation

    class _Erase(ast.NodeTransformer):
        def visit_BinOp(self, union: ast.BinOp) -> ast.AST:
            if not isinstance(union.op, ast.BitOr):
                return self.generic_visit(union)
            members = [self.visit(ast.parse(m, mode="eval").body) for m in _members(union)]
            if any(isinstance(m, ast.Name) and m.id == "str" for m in members):
                members = [m for m in members if not _string_literal(m)]
            kept = sorted({ast.unparse(m) for m in members})
            return ast.parse(" | ".join(kept), mode="eval").body

    return ast.unparse(_Erase().visit(node))


def _string_literal(node: ast.AST) -> bool:
    """``Literal["a", "b"]``: a Literal of strings only."""
    if not (isinstance(node, ast.Subscript) and _decorator_name(node.value) == "Literal"):
        return False
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return all(isinstance(item, ast.Constant) and isinstance(item.value, str) for item in items)


def split_annotated(annotation: str | None) -> tuple[str | None, str]:
    """The type an annotation names with every ``Annotated[T, ...]`` in it reduced to ``T``, and the
    metadata taken out (``Annotated[A | B, Field(discriminator="type")] | None`` -> (``A | B | None``,
    ``Field(discriminator='type')``)): the Python type and what validates it, told apart."""
    if annotation is None:
        return None, ""
    try:
        node = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return annotation, ""
    metadata: list[str] = []

    class _Strip(ast.NodeTransformer):
        def visit_Subscript(self, sub: ast.Subscript) -> ast.AST:
            if _decorator_name(sub.value) == "Annotated":
                items = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
                if items:
                    metadata.extend(ast.unparse(item) for item in items[1:])
                    inner: ast.AST = self.visit(items[0])
                    return inner
            self.generic_visit(sub)
            return sub

    stripped = _Strip().visit(node)
    return ast.unparse(stripped), ", ".join(metadata)
