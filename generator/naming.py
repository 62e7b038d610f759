"""Python names from spec text: sanitized identifiers and stable collision resolution.

Spec text never reaches generated code as a name without passing through here: the result
is always an ASCII identifier that is not a keyword, and class names avoid the builtins and
the names generated modules import.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Collection, Iterable

# Names generated modules import or define; a class of the same name would shadow them.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Any", "Annotated", "AwareDatetime", "BaseModel", "ConfigDict", "Field", "Literal", "Optional",
        "RootModel", "Union", "List", "Dict", "Self", "Enum", "StrEnum", "IntEnum", "TypeVar", "Generic",
        "ValidationInfo", "ValidatorFunctionWrapHandler", "field_validator", "model_validator",
        "Client", "AsyncClient", "httpx", "annotations", "Mapping", "Sequence", "Iterator", "Callable",
        "Awaitable", "NotGiven", "Omit", "RawResponse", "Endpoint", "Param", "RequestOptions", "Timeout",
        "SyncCursorPage", "AsyncCursorPage", "CursorSpec", "PollSpec", "StringConstraints", "date", "datetime",
        "time", "timedelta", "UUID", "Decimal", "AnyUrl", "EmailStr", "Path", "TYPE_CHECKING",
    }
)  # fmt: skip
_BUILTINS = frozenset(dir(builtins))
# Names the generated method bodies and signatures use for themselves: their own arguments, their
# locals, and the module-level and builtin names they read (an argument of that name would hide it).
RESERVED_ARGUMENT_NAMES = frozenset(
    {
        "self", "cls", "extra_headers", "extra_query", "extra_body", "timeout", "max_retries",
        "poll_interval_ms", "max_wait_seconds", "params", "request_body", "options", "found", "created",
        "arguments", "httpx", "omit", "not_given", "cast", "partial", "parse_model", "parse_value",
        "parse_bytes", "parse_text", "parse_none", "event_parser", "raw_event", "pointer_value", "poll",
        "async_poll", "poll_arguments", "dict", "str",
    }
)  # fmt: skip
MAX_NAME_LENGTH = 80
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^0-9A-Za-z]+")


def _ascii_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    spaced = _CAMEL_BOUNDARY.sub(" ", ascii_text)
    return [w for w in _NOT_WORD.split(spaced) if w]


def _shorten(name: str) -> str:
    if len(name) <= MAX_NAME_LENGTH:
        return name
    import hashlib

    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: MAX_NAME_LENGTH - 9].rstrip('_')}_{digest}"


def snake_name(text: str, *, empty: str = "value") -> str:
    """A snake_case identifier for ``text``: ASCII, no leading digit, not a keyword."""
    words = [w.lower() for w in _ascii_words(text)]
    name = "_".join(words) or empty
    if name[0].isdigit():
        name = f"{empty}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return _shorten(name)


def argument_name(wire: str) -> str:
    """A method argument for a wire name: its snake_case (``petId`` -> ``pet_id``).

    Builtins are allowed (the official SDK has ``filter=``); keywords and names the generated
    methods use themselves get a trailing ``_``. The wire name stays on the wire.
    """
    name = snake_name(wire, empty="param")
    if name in RESERVED_ARGUMENT_NAMES or keyword.issoftkeyword(name):
        name += "_"
    return _shorten(name)


_MODEL_ATTRIBUTES = frozenset(
    {
        "construct", "copy", "dict", "json", "schema", "schema_json", "validate", "parse_obj", "parse_raw",
        "parse_file", "from_orm", "update_forward_refs", "fields", "model_config", "model_fields",
        "model_computed_fields", "model_extra", "model_fields_set", "model_construct", "model_copy",
        "model_dump", "model_dump_json", "model_json_schema", "model_parametrized_name", "model_post_init",
        "model_rebuild", "model_validate", "model_validate_json", "model_validate_strings", "to_dict", "to_json",
    }
)  # fmt: skip


def field_name(wire: str) -> str:
    """A model attribute name for a member called ``wire`` on the wire."""
    if wire.isidentifier() and wire.isascii() and not keyword.iskeyword(wire) and not wire.startswith("_"):
        name = wire
    else:
        name = snake_name(wire, empty="field")
    if name in _MODEL_ATTRIBUTES or keyword.issoftkeyword(name) or name.startswith("model_"):
        name += "_"
    return _shorten(name)


def class_name(text: str, *, empty: str = "Model") -> str:
    """A PascalCase class name for ``text``, avoiding keywords, builtins and reserved names."""
    words = _ascii_words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or empty
    if name[0].isdigit():
        name = f"{empty}{name}"
    if name in RESERVED_CLASS_NAMES or name in _BUILTINS or keyword.iskeyword(name):
        name += "Model"
    return _shorten(name).replace("_", "")  # datamodel-code-generator drops underscores from class names


def module_name(text: str) -> str:
    """A module or attribute name (snake_case, never a path)."""
    name = snake_name(text, empty="resource")
    if name in _BUILTINS:
        name += "_"
    return name


def resolve_collisions(wanted: dict[str, str], qualified: dict[str, str]) -> dict[str, str]:
    """Final names for keys that asked for ``wanted[key]``, unique and order-independent.

    Keys whose wanted name is unique keep it. Every key in a clash switches to its
    ``qualified`` name; clashes that remain get a numeric suffix in the sorted order of
    the keys, so the result never depends on the order keys were found in.
    """
    taken: dict[str, list[str]] = {}
    for key, name in wanted.items():
        taken.setdefault(name, []).append(key)
    result = {key: name for name, keys in taken.items() if len(keys) == 1 for key in keys}
    clashing = sorted(key for name, keys in taken.items() if len(keys) > 1 for key in keys)
    used = set(result.values())
    second: dict[str, list[str]] = {}
    for key in clashing:
        second.setdefault(qualified.get(key, wanted[key]), []).append(key)
    for name in sorted(second):
        keys = sorted(second[name])
        if len(keys) == 1 and name not in used:
            result[keys[0]] = name
            used.add(name)
            continue
        number = 1
        for key in keys:
            while f"{name}{number}" in used:
                number += 1
            result[key] = f"{name}{number}"
            used.add(result[key])
    return result


def free_name(name: str, taken: Collection[str]) -> str:
    """``name``, else ``name_``, else ``name_2``, ``name_3``...: the first not in ``taken``."""
    if name not in taken:
        return name
    candidate, number = f"{name}_", 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    return candidate


def unique(names: Iterable[str]) -> bool:
    """Whether ``names`` has no duplicates."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return False
        seen.add(name)
    return True
