"""Where each model class goes: one ``models.py``, or for large specs a lazy ``models`` package.

A client of thousands of classes should not import them all to make one call. Above
:data:`SPLIT_AT` classes, the classes only one top-level resource uses go to that resource's
module (``models/_files.py``), the ones several use to ``models/_shared.py``, the others to
``models/_other.py``. A class refers only to its own module and to ``_shared`` (what two
resources reach, everything it refers to reaches too), so importing a resource's models imports
that module and the shared one. ``models/__init__.py`` imports a module when one of its names is
first asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir.model import ClientIR, Operation, Resource
from generator.ir.typetree import ArrayOf, MapOf, ModelClass, ModelRef, TypeNode, UnionOf
from generator.naming import module_name
from generator.render.pytypes import from_import_lines, import_order

SPLIT_AT = 300
SHARED, OTHER = "_shared", "_other"


@dataclass(frozen=True)
class ModelModules:
    """Module (relative to the package, ``models`` or ``models._<part>``) -> its classes."""

    modules: dict[str, tuple[ModelClass, ...]]

    @property
    def split(self) -> bool:
        """Whether the models are a package of several modules."""
        return set(self.modules) != {"models"}

    def type_imports(self) -> list[str]:
        """Imports for type checkers (inside ``if TYPE_CHECKING:``), one per module, laid out as black would."""
        lines = []
        for module, classes in self.modules.items():
            names = sorted((model.name for model in classes), key=import_order)
            lines.extend(from_import_lines("." + module.rsplit(".", 1)[-1], names, 4))
        return lines

    def module_of(self) -> dict[str, str]:
        """Class name -> the module defining it."""
        return {model.name: module for module, classes in self.modules.items() for model in classes}


def plan_modules(ir: ClientIR) -> ModelModules:
    """The modules of ``ir``'s model classes."""
    classes = ir.models.classes
    if len(classes) <= SPLIT_AT:
        return ModelModules({"models": classes})
    reached: dict[str, set[str]] = {}
    for resource in ir.resources:
        for name in _closure(ir, _roots(resource)):
            reached.setdefault(name, set()).add(resource.attr)
    modules: dict[str, list[ModelClass]] = {}
    for model in classes:
        users = reached.get(model.name, set())
        part = OTHER if not users else SHARED if len(users) > 1 else "_" + module_name(next(iter(users)))
        modules.setdefault(f"models.{part}", []).append(model)
    return ModelModules({module: tuple(found) for module, found in sorted(modules.items())})


def _roots(resource: Resource) -> set[str]:
    found: set[str] = set()
    stack = [resource]
    while stack:
        current = stack.pop()
        stack.extend(current.children)
        for op in current.operations:
            found.update(_operation_classes(op))
    return found


def _operation_classes(op: Operation) -> set[str]:
    found = {name for name in (op.response_model, op.body.model if op.body else None) if name}
    if op.pagination:
        found.add(op.pagination.item_model)
    if op.streaming and op.streaming.event_model:
        found.add(op.streaming.event_model)
    for node in [p.type for p in op.all_params] + ([op.response_type] if op.response_type else []):
        found.update(references(node))
    return found


def _closure(ir: ClientIR, roots: set[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        model = ir.models.model(name)
        if model is None:
            continue
        for member in model.fields:
            stack.extend(references(member.type))
        if model.extra_type is not None:
            stack.extend(references(model.extra_type))
    return seen


def references(node: TypeNode) -> list[str]:
    """The classes a type names (the fallback class of an open union included)."""
    if isinstance(node, ModelRef):
        return [node.name]
    if isinstance(node, ArrayOf):
        return references(node.items)
    if isinstance(node, MapOf):
        return references(node.values)
    if isinstance(node, UnionOf):
        found = [name for variant in node.variants for name in references(variant)]
        if node.discriminator is not None:
            found.extend(target for _, target in node.discriminator.mapping)
            if node.discriminator.fallback is not None:
                found.append(node.discriminator.fallback)
        return found
    return []
