"""Every kind of change ``specgen diff`` reports, with its severity and the reason for it.

The severity is judged from the view of a user of the generated client: an existing client
talking to the new server (the wire), and code calling a client regenerated from the new
spec (the Python API). ``docs/diff.md`` shows this table; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diff.model import Severity

B, C, D = Severity.BREAKING, Severity.COMPATIBLE, Severity.DOCS


@dataclass(frozen=True)
class Rule:
    """The severity of a kind of change, and why."""

    severity: Severity
    why: str


RULES: dict[str, Rule] = {
    # operations
    "operation-added": Rule(C, "a new method; existing calls are untouched"),
    "operation-removed": Rule(B, "calls fail on the wire and the generated method disappears"),
    "operation-path-changed": Rule(B, "an existing client calls a URL the spec no longer has (matched by operationId)"),
    "operation-method-changed": Rule(B, "an existing client sends the old HTTP method (matched by operationId)"),
    "operation-id-changed": Rule(
        B, "generated names derive from it (inline body model classes, clashing method names)"
    ),
    "path-parameter-renamed": Rule(B, "same URL on the wire, but the Python keyword argument is renamed"),
    "deprecated-changed": Rule(C, "still works; generated code may warn"),
    # parameters
    "parameter-added": Rule(C, "a new optional keyword argument"),
    "parameter-added-required": Rule(B, "existing calls lack the new required argument"),
    "parameter-removed": Rule(B, "callers passing the keyword get a TypeError"),
    "parameter-became-required": Rule(B, "calls omitting it now fail"),
    "parameter-became-optional": Rule(C, "calls passing it still work"),
    "parameter-location-changed": Rule(B, "an existing client sends it in the wrong place"),
    "parameter-serialization-changed": Rule(B, "style/explode/allowReserved change how an existing client encodes it"),
    # request bodies
    "request-body-added": Rule(C, "a new optional body"),
    "request-body-added-required": Rule(B, "existing calls send no body"),
    "request-body-removed": Rule(B, "the body keyword arguments disappear"),
    "request-body-became-required": Rule(B, "calls without a body now fail"),
    "request-body-became-optional": Rule(C, "calls with a body still work"),
    "request-media-type-added": Rule(C, "the client keeps sending the media type it knows"),
    "request-media-type-removed": Rule(B, "an existing client sends a media type the server no longer accepts"),
    # responses
    "response-success-status-added": Rule(C, "a new documented success; the body model of the others is unchanged"),
    "response-success-status-removed": Rule(B, "code relying on that status (or its body model) breaks"),
    "response-error-status-added": Rule(C, "errors are raised as typed exceptions whatever the status"),
    "response-error-status-removed": Rule(C, "the server documents one error less"),
    "response-media-type-added": Rule(C, "the client asks for and parses the media type it knows"),
    "response-media-type-removed": Rule(B, "the client cannot parse the success body any more"),
    "error-response-media-type-removed": Rule(C, "error bodies are parsed leniently"),
    "response-header-added": Rule(C, "a new header the client may read"),
    "response-header-removed": Rule(C, "the header was optional: readers already handle its absence"),
    "response-required-header-removed": Rule(B, "code reading the header (e.g. a poll interval) breaks"),
    "response-header-became-optional": Rule(B, "code reading the header must now handle its absence"),
    "response-link-added": Rule(C, "may add a generated *_and_poll method"),
    "response-link-removed": Rule(B, "a generated *_and_poll method disappears"),
    "response-link-changed": Rule(B, "the generated *_and_poll method calls something else"),
    # security and servers
    "security-requirement-tightened": Rule(B, "existing credentials no longer satisfy the operation"),
    "security-requirement-relaxed": Rule(C, "existing credentials still work"),
    "security-scheme-added": Rule(C, "a new way to authenticate"),
    "security-scheme-removed": Rule(B, "clients using that scheme can no longer authenticate"),
    "security-scheme-changed": Rule(B, "clients send credentials the old way"),
    "server-added": Rule(C, "the client's default base URL is unchanged or one more is documented"),
    "server-removed": Rule(B, "an existing client's default base URL is gone"),
    "server-variables-changed": Rule(B, "the base URL an existing client builds may no longer be served"),
    "callbacks-changed": Rule(C, "the client does not serve callbacks"),
    "webhooks-changed": Rule(C, "the client does not serve webhooks"),
    "openapi-version-changed": Rule(C, "the format version alone changes nothing; 3.0 and 3.1 spellings compare equal"),
    # specgen extensions (the Python API)
    "specgen-resource-changed": Rule(B, "the method moves to another client attribute"),
    "specgen-method-changed": Rule(B, "the Python method is renamed"),
    "specgen-pagination-changed": Rule(B, "the method's return type (page object) changes"),
    "specgen-poll-changed": Rule(B, "the generated poll method changes name or behaviour"),
    "specgen-client-changed": Rule(B, "the environment variables the client reads change"),
    "specgen-extension-changed": Rule(C, "an x-specgen-* key specgen does not know (lint reports it)"),
    "specgen-aliases-changed": Rule(C, "only which other spellings readers accept changes"),
    "schema-name-changed": Rule(B, "the generated model class is renamed (x-specgen-name or component key)"),
    "request-invariant-added": Rule(B, "requests valid before may now be refused before sending"),
    "request-invariant-removed": Rule(C, "every request valid before is still valid"),
    "response-invariants-changed": Rule(C, "a broken response invariant only warns"),
    # schemas: types and formats
    "request-type-changed": Rule(B, "values callers send may no longer be accepted; the Python type changes"),
    "request-type-widened": Rule(C, "every value accepted before still is (integer counts as number)"),
    "response-type-changed": Rule(B, "code reading the value gets another Python type"),
    "response-type-narrowed": Rule(C, "the value is one of the types readers already handle"),
    "request-format-changed": Rule(B, "the Python type or wire encoding of the value changes"),
    "response-format-changed": Rule(B, "the Python type or wire encoding of the value changes"),
    "format-annotation-changed": Rule(C, "both formats give the same Python type (no format, unknown, int32/int64...)"),
    "request-became-nullable": Rule(C, "callers may now send null"),
    "request-became-non-nullable": Rule(B, "callers sending None now fail"),
    "response-became-nullable": Rule(B, "code reading the value must now handle None"),
    "response-became-non-nullable": Rule(C, "readers already handle the non-null value"),
    # schemas: values
    "request-enum-value-added": Rule(C, "callers may send one more value"),
    "request-enum-value-removed": Rule(B, "callers sending that value now fail"),
    "response-enum-value-added": Rule(C, "response enums are open: a Literal of the known values, or any str"),
    "response-enum-value-removed": Rule(C, "readers see fewer values"),
    "request-enum-added": Rule(B, "the value becomes restricted; other values now fail"),
    "request-enum-removed": Rule(C, "any value is accepted"),
    "response-enum-added": Rule(C, "readers see a subset of what they handled"),
    "response-enum-removed": Rule(C, "response enums were already open"),
    "request-const-changed": Rule(B, "the constant the client sends changes"),
    "response-const-changed": Rule(B, "the generated Literal (often a discriminator tag) changes"),
    "default-changed": Rule(C, "values are accepted as before; only what an omitted value means changes"),
    # schemas: constraints
    "request-constraint-tightened": Rule(B, "values valid before are refused (lower max, higher min, new pattern...)"),
    "request-constraint-widened": Rule(C, "every value valid before still is"),
    "response-constraint-tightened": Rule(C, "readers get a subset of what they handled"),
    "response-constraint-widened": Rule(C, "generated models do not validate response constraints"),
    # schemas: objects
    "request-property-added": Rule(C, "a new optional keyword/field"),
    "request-property-added-required": Rule(B, "existing calls lack the new required field"),
    "request-property-removed": Rule(B, "callers passing the field get an error"),
    "request-property-became-required": Rule(B, "calls omitting the field now fail"),
    "request-property-became-optional": Rule(C, "calls passing the field still work"),
    "request-required-alternatives-tightened": Rule(
        B, "a body valid before (which of several fields is present) is refused"
    ),
    "request-required-alternatives-widened": Rule(C, "every body valid before still is"),
    "response-property-added": Rule(C, "a new attribute on the model"),
    "response-property-removed": Rule(B, "code reading the attribute breaks"),
    "response-property-became-optional": Rule(B, "code reading the attribute must now handle its absence"),
    "response-property-became-required": Rule(C, "the attribute is always there now"),
    "response-required-alternatives-changed": Rule(C, "which properties are always present is reported per property"),
    # schemas: composition
    "request-union-variant-added": Rule(C, "callers may send one more shape"),
    "request-union-variant-removed": Rule(B, "callers sending that shape now fail"),
    "response-union-variant-added": Rule(B, "existing clients cannot parse the new shape into a model"),
    "response-union-variant-removed": Rule(C, "readers get fewer shapes"),
    "schema-combinator-changed": Rule(B, "a plain schema became a union or the reverse: the Python type changes"),
    "discriminator-added": Rule(C, "same variants; parsing picks them by tag"),
    "discriminator-removed": Rule(C, "same variants; parsing tries each"),
    "discriminator-property-changed": Rule(B, "variants are told apart by another property"),
    "discriminator-mapping-changed": Rule(B, "a tag now selects another variant"),
    "schema-keyword-changed": Rule(
        B, "a keyword specgen does not classify (not, if, prefixItems...): assumed breaking"
    ),
    # unreached components
    "component-added": Rule(C, "not used by any operation"),
    "component-removed": Rule(C, "not used by any operation"),
    "component-changed": Rule(C, "not used by any operation"),
    "component-docs-changed": Rule(D, "prose of a component no operation uses"),
    # documentation
    "description-changed": Rule(D, "prose only"),
    "summary-changed": Rule(D, "prose only"),
    "title-changed": Rule(D, "prose only"),
    "example-changed": Rule(D, "examples are documentation (example, examples)"),
    "external-docs-changed": Rule(D, "links to documentation"),
    "x-oaiMeta-changed": Rule(D, "vendor documentation (code samples, names)"),
    "x-codeSamples-changed": Rule(D, "vendor documentation (code samples)"),
    "extension-changed": Rule(D, "another vendor extension (x-*); specgen does not read it"),
    "annotation-changed": Rule(D, "$comment or xml: no effect on a JSON client"),
    "info-changed": Rule(D, "document metadata (title, version, contact...)"),
    "tags-changed": Rule(D, "grouping in documentation"),
}


def severity_of(kind: str) -> Severity:
    """The severity of ``kind``; an unknown kind is a bug."""
    return RULES[kind].severity
