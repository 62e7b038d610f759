"""The generated tests' webhook cases: every webhook with a JSON body parses its examples (or a
synthesized instance when the spec has none) into its class, and dumps them back unchanged."""

from __future__ import annotations

from typing import Any

from generator.ir.model import ClientIR
from generator.spec.load import Spec
from generator.spec.walk import Operation, request_body
from generator.testplan.check import SchemaCheck
from generator.testplan.model import Omission, WebhookCase
from generator.testplan.samples import NoSample, Synthesizer


def webhook_cases(
    spec: Spec, ir: ClientIR, check: SchemaCheck, synth: Synthesizer
) -> tuple[list[WebhookCase], list[Omission]]:
    """Cases and omissions (a webhook with no example that fits, and none can be synthesized)."""
    operations = {op.pointer: op for op in spec.operations}
    cases: list[WebhookCase] = []
    omissions: list[Omission] = []
    for hook in ir.webhooks:
        if not hook.json or not hook.schema_pointer:
            continue
        examples = [(label, v) for label, v in _examples(spec, operations.get(hook.pointer), hook.media_type)]
        fitting = [(label, v) for label, v in examples if check.valid(hook.schema_pointer, v)]
        if not fitting:
            try:
                fitting = [("synthesized", synth.sample(hook.schema_pointer, non_null=True))]
            except NoSample:
                omissions.append(Omission(f"{hook.function}: payload", "no valid payload could be synthesized"))
                continue
        cases.extend(WebhookCase(f"{hook.function}: {label}", hook.function, hook.model, v) for label, v in fitting)
    return cases, omissions


def _examples(spec: Spec, operation: Operation | None, media_type: str) -> list[tuple[str, Any]]:
    """The examples of the webhook's body (media-type ``example``/``examples``, schema ``example``)."""
    body = request_body(spec, operation) if operation is not None else None
    content = body[0].get("content") if body else None
    media = content.get(media_type) if isinstance(content, dict) else None
    if not isinstance(media, dict):
        return []
    found: list[tuple[str, Any]] = []
    if "example" in media:
        found.append(("example", media["example"]))
    examples = media.get("examples")
    for name, example in examples.items() if isinstance(examples, dict) else []:
        example = spec.resolve(example)
        if isinstance(example, dict) and "value" in example:
            found.append((f"example {name}", example["value"]))
    schema = spec.resolve(media.get("schema"))
    if isinstance(schema, dict) and "example" in schema:
        found.append(("schema example", schema["example"]))
    return found
