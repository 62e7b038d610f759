"""The lint rules: stable ids, default severities, one-line summaries, the family that checks them.

A rule id never changes meaning once released; a rule that goes away keeps its id reserved.
Each id has a page ``docs/rules/<id>.md``. The ids of rules taken from Spectral's ``oas``
ruleset keep Spectral's spelling so that findings can be compared across tools.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagnostics import Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: a note


@dataclass(frozen=True)
class Rule:
    """A lint rule: id, default severity, summary, and the rule family module that checks it."""

    id: str
    severity: Severity
    summary: str
    family: str

    @property
    def doc(self) -> str:
        """Path of the rule's documentation page, relative to the repository root."""
        return f"docs/rules/{self.id}.md"


def _rules(family: str, *entries: tuple[str, Severity, str]) -> tuple[Rule, ...]:
    return tuple(Rule(rule_id, severity, summary, family) for rule_id, severity, summary in entries)


RULES: tuple[Rule, ...] = (
    *_rules(
        "structure",
        ("oas-schema", E, "The document does not conform to the OpenAPI 3.0/3.1 schema."),
        ("oas31-nullable", W, "`nullable` in an OpenAPI 3.1 schema, where it means nothing."),
    ),
    *_rules(
        "examples",
        ("example-invalid", E, "An example does not validate against its schema."),
        ("example-json-strict", E, "A JSON example embedded in a string is not strict JSON."),
        ("default-invalid", E, "A schema's `default` does not validate against the schema."),
    ),
    *_rules(
        "counts",
        ("example-invariant", E, "An example breaks an `x-specgen-invariants` rule of its schema."),
        ("count-invariant", W, "A `total` that its sibling counts add up to elsewhere does not add up here."),
    ),
    *_rules(
        "descriptions",
        ("description-const-mismatch", W, "A description names a constant or enum value the schema does not have."),
        ("description-typo", N, "A common misspelling or doubled word in a description."),
        ("description-list-object", N, "A single object described as a list."),
    ),
    *_rules(
        "prose",
        ("prose-constraint", W, "A limit stated in a description that no schema keyword or extension states."),
        ("prose-exclusive-anyof", W, "Properties described as mutually exclusive that the schema allows together."),
    ),
    *_rules(
        "samples",
        ("sample-curl-path", E, "A curl sample's URL does not match the operation's path template."),
        ("sample-curl-method", E, "A curl sample uses a different HTTP method than the operation."),
        ("sample-shell-quoting", E, "A shell sample's quoting or line continuations are broken."),
        ("sample-request-body", E, "The request body sent by a code sample does not validate."),
        ("sample-sdk-params", E, "An SDK sample passes a parameter the operation does not have."),
        ("sample-undeclared-header", W, "A sample sends a header that the operation does not declare."),
        ("sample-curl-content-type", W, "A curl sample sends JSON without `Content-Type: application/json`."),
        ("sample-curl-header", E, "A curl `-H` argument without the `:` between name and value."),
    ),
    *_rules(
        "schemas",
        ("discriminator-mapping", E, "A discriminator without a mapping whose values are not the schema names."),
        ("discriminator-missing", N, "A union of objects told apart by a constant property, without discriminator."),
        ("object-type-missing", W, "A schema with `properties` but no `type: object`."),
        ("required-property-undefined", W, "A `required` name that no property of the schema defines."),
        ("typed-enum", E, "An enum value that does not have the schema's type."),
        ("duplicated-entry-in-enum", W, "The same value twice in an enum."),
        ("array-items", E, "An OpenAPI 3.0 array schema without `items`."),
    ),
    *_rules(
        "keywords",
        ("format-unknown", N, "A `format` that is not in the OpenAPI format registry (allowed, but tools ignore it)."),
        ("format-misused", W, "A misspelled registered format, a type name as format, or a format the type ignores."),
        ("schema-keyword-unknown", W, "A key of a 3.1 schema that is no keyword, or a keyword nested too deep."),
        ("schema-keyword-inapplicable", W, "A keyword for another type than the schema's (`maxLength` on an integer)."),
        ("nullable-type-sibling", W, "OpenAPI 3.0 `nullable: true` without `type` in the same schema."),
    ),
    *_rules(
        "operations",
        ("operation-id-duplicate", E, "Two operations share an operationId."),
        ("operation-operationId", W, "An operation without operationId."),
        ("operation-operationId-valid-in-url", W, "An operationId with characters that are not URL-safe."),
        ("operation-success-response", W, "An operation without any 2xx or 3xx response."),
        ("operation-parameters", E, "An operation declares the same parameter twice."),
        ("operation-security-defined", E, "A security requirement names a scheme that is not defined."),
        ("path-params", E, "Path template variables and declared path parameters disagree."),
        ("path-identical", E, "Two paths that differ only in the names of their parameters."),
        ("path-keys-no-trailing-slash", N, "A path key ending with a slash."),
        ("path-not-include-query", W, "A path key containing a query string."),
        ("path-declarations-must-exist", E, "An empty `{}` in a path template."),
        ("tag-undefined", W, "An operation tag that the top-level `tags` does not define."),
        ("oas3-api-servers", N, "No `servers`, so clients have no base URL."),
        ("oas3-server-trailing-slash", W, "A server URL ending with a slash."),
    ),
    *_rules(
        "components",
        ("component-unused", N, "A component that nothing reachable from the paths refers to."),
        ("extension-ref-unresolved", W, "A `$ref` inside an `x-` extension that resolves to nothing."),
    ),
    *_rules(
        "extensions",
        ("specgen-extension", E, "A malformed or misplaced `x-specgen-*` extension."),
    ),
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(rule.family for rule in RULES))


def rule(rule_id: str) -> Rule:
    """The rule with ``rule_id``; KeyError when there is none."""
    return BY_ID[rule_id]
