"""The ``webhooks`` module's context: one parser per webhook with a body, and what it imports."""

from __future__ import annotations

from typing import Any

from generator.ir.model import ClientIR
from generator.render.layout import render_expression
from generator.render.pytypes import Speller


def webhooks_context(ir: ClientIR) -> dict[str, Any]:
    """``parsers`` (per webhook: the webhook, its return annotation and how it parses) and ``imports``."""
    speller = Speller(constraints=False)
    parsers: list[dict[str, Any]] = []
    for hook in ir.webhooks:
        if hook.model is not None:
            speller.imports.models.add(hook.model)
            parsers.append({"hook": hook, "returns": hook.model, "parse": "model", "type": hook.model})
        elif hook.json and hook.payload_type is not None:
            spelled = render_expression(speller.annotation(hook.payload_type))
            parsers.append({"hook": hook, "returns": spelled, "parse": "type", "type": spelled})
        elif hook.json:
            speller.imports.need("typing", "Any")
            parsers.append({"hook": hook, "returns": "Any", "parse": "json", "type": "Any"})
        else:
            parsers.append({"hook": hook, "returns": "bytes", "parse": "raw", "type": "bytes"})
    imports = {module: sorted(names) for module, names in speller.imports.names.items()}
    typing = set(imports.pop("typing", [])) | {"Any"}
    if any(p["parse"] == "type" for p in parsers):
        typing.add("cast")
    functions = {"model": "parse_payload", "type": "parse_payload_as", "json": "parse_payload_as"}
    runtime = {"Payload", "WebhookPayloadError"} | {functions.get(str(p["parse"]), "raw_payload") for p in parsers}
    return {
        "parsers": parsers,
        "typing": sorted(typing, key=lambda n: (n[:1].islower(), n)),
        "other_imports": sorted(imports.items()),
        "runtime": sorted(runtime, key=lambda n: (n[:1].islower(), n)),
        "models": sorted(speller.imports.models),
    }
