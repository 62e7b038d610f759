"""The names of model classes: one rule for every class a client has (see docs/naming.md).

- A component schema's class is its ``x-specgen-name`` or its key; an inline request or
  response body's class is named after its operation (``createThing request``).
- An inline object is hoisted into a class named after where it is: the property
  (``file_counts`` -> ``FileCounts``), ``Item`` for array items, ``Value`` for map values.
- Clashes: every clashing name takes its qualified form (the class it sits in + its own name;
  ``Schema`` added for components and bodies); what still clashes is numbered in the sorted
  order of the schemas' pointers. Names are given level by level (components and bodies, then
  what they hold...), so a class's name does not depend on the order of the spec.
- A name that would shadow a builtin or a name the models import gets ``Model`` added.
"""

from __future__ import annotations

from generator.naming import class_name, resolve_collisions
from generator.spec import pointer as jp

_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


def hoisted_name(pointer: str) -> str:
    """The name an inline object at ``pointer`` asks for: its property, then Item/Value steps."""
    parts = jp.split(pointer)
    words: list[str] = []
    for index, part in enumerate(parts):
        if index and parts[index - 1] == "properties":
            words = [part]
        elif part == "items":
            words.append("Item")
        elif part == "additionalProperties":
            words.append("Value")
        elif index and parts[index - 1] in _LISTS and part.isdigit():
            words.append(f"Option{int(part) + 1}")
    cleaned = [w for w in words if w]
    if cleaned and cleaned[-1].startswith("Option"):
        cleaned = cleaned[:-1] or cleaned
    return "".join(class_name(w) for w in cleaned) or "Inline"


def name_roots(wanted: dict[str, str]) -> dict[str, str]:
    """Final names of components and bodies (pointer -> text they are named after)."""
    names = {pointer: class_name(text) for pointer, text in wanted.items()}
    return resolve_collisions(names, {p: n + "Schema" for p, n in names.items()})


def name_level(pending: dict[str, tuple[str, str]], taken: set[str]) -> dict[str, str]:
    """Final names of one level of hoisted classes: pointer -> (name, qualified name)."""
    wanted = {pointer: name for pointer, (name, _) in pending.items()}
    qualified = {pointer: name for pointer, (_, name) in pending.items()}
    for pointer in list(wanted):
        if wanted[pointer] in taken:
            wanted[pointer] = qualified[pointer]
    names = resolve_collisions(wanted, qualified)
    for pointer in sorted(names):
        while names[pointer] in taken:
            names[pointer] += "Model"
        taken.add(names[pointer])
    return names


def fallback_name(owner: str, field: str, taken: set[str]) -> str:
    """The class for variants of an open union a client does not know: ``Unknown<Field>``."""
    base = "Unknown" + (class_name(field) if field else owner)
    name = base if base not in taken else f"Unknown{owner}{class_name(field)}"
    while name in taken:
        name += "Model"
    taken.add(name)
    return name
