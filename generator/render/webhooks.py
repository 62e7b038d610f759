"""The ``webhooks`` module's context: one parser per webhook with a body, and what it imports."""

from __future__ import annotations

from typing import Any

from generator.ir.model import ClientIR, Webhook
from generator.render.filters import docstring, python_literal
from generator.render.layout import (
    BinOp,
    Call,
    Docstring,
    Expr,
    FunctionDef,
    Literal,
    Name,
    Param,
    Return,
    format_statement,
    render_expression,
)
from generator.render.pytypes import Speller, from_import_lines


def webhooks_context(ir: ClientIR) -> dict[str, Any]:
    """``parsers`` (per webhook: the webhook, its return annotation and how it parses) and ``imports``."""
    speller = Speller(constraints=False)
    parsers: list[dict[str, Any]] = []
    annotations: dict[str, Expr] = {}
    for hook in ir.webhooks:
        if hook.model is not None:
            speller.imports.models.add(hook.model)
            parsers.append({"hook": hook, "returns": hook.model, "parse": "model", "type": hook.model})
        elif hook.json and hook.payload_type is not None:
            annotation = annotations[hook.function] = speller.annotation(hook.payload_type)
            spelled = render_expression(annotation)
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
    runtime_names = sorted(runtime, key=lambda n: (n[:1].islower(), n))
    typing_names = sorted(typing, key=lambda n: (n[:1].islower(), n))
    title = docstring(ir.title)
    text = (
        f"Webhooks of {title}: parse the body of each request the API sends to your server.\n\n"
        "Give a parser the raw body (``bytes`` or ``str``) or its JSON already decoded; ``WEBHOOKS`` maps\n"
        "each webhook's name in the spec to its parser."
    )
    return {
        "parsers": parsers,
        "typing": typing_names,
        "other_imports": sorted(imports.items()),
        "runtime": runtime_names,
        "models": sorted(speller.imports.models),
        "docstring": format_statement(Docstring(text, first_line=True), 0),
        "import_lines": [
            line for module, names in sorted(imports.items()) for line in from_import_lines(module, list(names))
        ],
        "runtime_import": from_import_lines("._webhooks", runtime_names),
        "typing_import": from_import_lines("typing", typing_names),
        "functions": [_parser(parser, annotations.get(parser["hook"].function)) for parser in parsers],
    }


def _parser(parser: dict[str, Any], annotation: Expr | None) -> list[str]:
    """One webhook's parser function, laid out."""
    hook: Webhook = parser["hook"]
    payload = Name("Payload") if hook.json else BinOp("|", (Name("bytes"), Name("bytearray"), Name("str")))
    argument = Name("payload")
    parse = parser["parse"]
    returns: Expr
    if parse == "model":
        returns, value = Name(hook.model or ""), Call(Name("parse_payload"), (Name(hook.model or ""), argument))
    elif parse == "type" and annotation is not None:
        literal = Literal(python_literal(render_expression(annotation)))
        returns = annotation
        value = Call(Name("cast"), (literal, Call(Name("parse_payload_as"), (annotation, argument))))
    elif parse == "json":
        returns, value = Name("Any"), Call(Name("parse_payload_as"), (Name("Any"), argument))
    else:
        returns, value = Name("bytes"), Call(Name("raw_payload"), (argument,))
    text = (
        f"{docstring(hook.summary or hook.key, 4)}\n\nThe body of the ``{hook.method}`` request of the webhook"
        f" ``{docstring(hook.key, 4)}`` ({docstring(hook.media_type, 4)})."
    )
    if hook.description and hook.description != hook.summary:
        text += f"\n\n{docstring(hook.description, 4)}"
    body = (Docstring(text, first_line=True), Return(value))
    return format_statement(FunctionDef(hook.function, (Param("payload", payload),), returns, body), 0)
