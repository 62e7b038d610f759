"""Security: the schemes a spec declares and what each operation requires (OpenAPI's Security
Requirement semantics: a list of alternatives, each naming schemes used together; an operation's
own ``security`` replaces the document's, and ``[]`` or ``{}`` allow a call without credentials)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.spec import pointer as jp

if TYPE_CHECKING:
    from generator.spec.load import Spec
    from generator.spec.walk import Operation

#: Alternatives, each the names of the schemes sent together; ``()`` is "no credentials".
Requirements = tuple[tuple[str, ...], ...]
ANONYMOUS: Requirements = ((),)


@dataclass(frozen=True)
class SecurityScheme:
    """One entry of ``components/securitySchemes`` (references followed)."""

    name: str
    type: str  # apiKey | http | oauth2 | openIdConnect | mutualTLS | anything a spec writes
    location: str  # apiKey: header | query | cookie ("" otherwise)
    key_name: str  # apiKey: the header, query or cookie name ("" otherwise)
    http_scheme: str  # http: the scheme, lowercased (basic, bearer, digest...)
    description: str
    pointer: str


def security_schemes(spec: Spec) -> dict[str, SecurityScheme]:
    """The declared schemes by name, in document order (entries that are not objects left out)."""
    components = spec.data.get("components")
    declared = components.get("securitySchemes") if isinstance(components, dict) else None
    found: dict[str, SecurityScheme] = {}
    for name, raw in declared.items() if isinstance(declared, dict) else []:
        node, pointer = spec.follow(raw, jp.join(["components", "securitySchemes", str(name)]))
        if not isinstance(node, dict):
            continue
        found[str(name)] = SecurityScheme(
            name=str(name),
            type=_text(node.get("type")),
            location=_text(node.get("in")),
            key_name=_text(node.get("name")),
            http_scheme=_text(node.get("scheme")).lower(),
            description=_text(node.get("description")),
            pointer=pointer,
        )
    return found


def requirements(spec: Spec, operation: Operation | None = None) -> Requirements:
    """What ``operation`` requires (the document's requirements when it has none, or when ``None``)."""
    own = operation.node.get("security") if operation is not None else None
    chosen = own if isinstance(own, list) else spec.data.get("security")
    if not isinstance(chosen, list) or not chosen:
        return ANONYMOUS
    alternatives: list[tuple[str, ...]] = []
    for requirement in chosen:
        if isinstance(requirement, dict):
            alternative = tuple(str(name) for name in requirement)
            if alternative not in alternatives:
                alternatives.append(alternative)
    return tuple(alternatives) or ANONYMOUS


def declares_security(spec: Spec, operation: Operation) -> bool:
    """Whether the operation has its own ``security`` (an override of the document's)."""
    return isinstance(operation.node.get("security"), list)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
