"""The generation notices: what ``specgen generate`` reports about a spec it generates from.

A warning says something is generated approximately or left out (``--strict`` fails on it); an
info note explains a choice made where the spec is vague (never fails). Every id is registered
here with its severity and documented in ``docs/notices.md``; an id never changes meaning.
``specgen-extension`` shares its id with the lint rule that finds the same problems. No other id
is a lint rule's (lint rules: :mod:`generator.lint.registry`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagnostics import Diagnostic, Severity
from generator.spec.load import Spec

W, N = Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Notice:
    """A generation notice: id, severity, and what it means."""

    id: str
    severity: Severity
    summary: str


NOTICES: dict[str, Notice] = {
    notice.id: notice
    for notice in (
        Notice("body-not-object", W, "A form or multipart body that is not an object: sent as a raw `body` argument."),
        Notice("body-raw", W, "A request body of structured data in a media type the client does not serialize."),
        Notice("body-unsupported", W, "A request body without content: the operation is generated without one."),
        Notice("callbacks-ignored", N, "Callbacks are requests the API sends: no client code is generated for them."),
        Notice("default-ignored", N, "A default value that does not fit its schema is not used."),
        Notice("discriminator-by-shape", N, "A union whose tag cannot tell its variants apart: resolved by shape."),
        Notice("discriminator-ignored", N, "A discriminator without oneOf or anyOf has nothing to choose between."),
        Notice("discriminator-mapping-unresolved", W, "A discriminator mapping entry naming no object component."),
        Notice("enum-approximated", W, "Enum or const values checked only by type (lists, mappings, decimals)."),
        Notice("model-approximated", W, "A schema referring to itself with no object between: depths accept anything."),
        Notice("pagination-invalid", W, "An `x-specgen-pagination` whose items are not models of a JSON response."),
        Notice("parameter-approximated", W, "A parameter serialization (style, media type) not sent exactly."),
        Notice("parameter-invalid", W, "A parameter without a valid `in`: skipped."),
        Notice("poll-link", W, "An OpenAPI link used for polling that cannot be followed: ignored."),
        Notice("ref-unresolved", W, "A reference to nothing: generated as any value."),
        Notice("response-approximated", W, "Success responses with different bodies: all are read as the main one."),
        Notice("schema-approximated", W, "A schema keyword the models do not check (not, if, contains, ...)."),
        Notice("schema-not-object", W, "A schema that is not a mapping: generated as any value."),
        Notice("security-unsupported", W, "A security scheme the client cannot send (digest, mutual TLS, ...)."),
        Notice("servers-missing", N, "No server URL: the client needs `base_url`."),
        Notice("servers-relative", N, "A relative server URL: the client needs `base_url`."),
        Notice("specgen-extension", W, "A malformed or misplaced `x-specgen-*` extension (also a lint rule)."),
        Notice("stream-without-flag", N, "An event-stream response no boolean `stream` member asks for."),
        Notice("webhook-without-body", N, "A webhook without a request body: nothing to parse."),
    )
}  # fmt: skip


def notice(spec: Spec, rule: str, severity: Severity, message: str, pointer: str) -> Diagnostic:
    """A diagnostic of the registered notice ``rule`` at ``pointer``; an unregistered id, or a severity
    other than the registered one, is a bug in specgen."""
    registered = NOTICES.get(rule)
    if registered is None or registered.severity is not severity:
        raise ValueError(f"generation notice {rule!r} ({severity.value}) is not registered as such")
    return spec.diagnostic(rule, severity, message, pointer)
