"""The replies a generated test serves an operation's call: the success response's examples (else a
synthesized value), a fixed body for binary, text, empty and streamed responses, and one reply per
other success status with another body."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.ir.model import Operation
from generator.spec import pointer as jp
from generator.testplan.builder import PlanBuilder
from generator.testplan.check import ref_pointer
from generator.testplan.examples import json_media, media_examples, meta_json
from generator.testplan.model import Omission, Reply
from generator.testplan.samples import NoSample


@dataclass
class Replies:
    """The replies of one operation (``omissions`` collects what could not be built)."""

    builder: PlanBuilder
    op: Operation
    op_pointer: str
    data: dict[str, Any]
    label: str
    omissions: list[Omission]

    def all(self) -> list[tuple[str, Reply]]:
        """(label, reply) for every example of the success response (at least one), then one per other
        success status with another body (read by status)."""
        return [*self._main_replies(), *self._status_replies()]

    def _status_replies(self) -> Iterator[tuple[str, Reply]]:
        for alternative in self.op.alternatives:
            if alternative.kind == "none":
                yield f"status {alternative.status}", Reply(alternative.status, None, None, kind="none")
                continue
            for status, where, response in self.builder.responses(self.op_pointer, self.data):
                media_where, media = json_media(response, where)
                if status != str(alternative.status) or media is None:
                    continue
                schema = media.get("schema")
                pointer = ref_pointer(schema["$ref"]) if isinstance(schema, dict) and "$ref" in schema else None
                pointer = pointer or jp.child(media_where, "schema")
                examples = [
                    v for _, v in media_examples(media, self.builder.spec) if self.builder.check.valid(pointer, v)
                ]
                try:
                    value = examples[0] if examples else self.builder.synth.sample(pointer, non_null=True)
                except NoSample:
                    self.omissions.append(Omission(f"{self.label}: status {status}", "no reply could be built"))
                    continue
                yield f"status {status}", Reply(alternative.status, value, alternative.model)

    def _main_replies(self) -> list[tuple[str, Reply]]:
        op = self.op
        status, schema_where, examples = self.success()
        fixed = {
            "binary": Reply(status, b"specgen binary reply", None, kind="binary"),
            "text": Reply(status, "specgen text reply", None, kind="text"),
            "none": Reply(status, None, None, kind="none"),
            "stream": Reply(status, None, None, kind="stream"),
        }.get(op.response_kind)
        if fixed is not None:
            return [(f"{op.response_kind} reply", fixed)]
        page = op.pagination
        item_model = page.item_model if page else None
        items = page.items if page else None
        replies = [(label, Reply(status, value, op.response_model, items, item_model)) for label, value in examples]
        if replies:
            return replies
        if schema_where is None:
            return [("no body", Reply(status, None, op.response_model, items, item_model))]
        try:
            value = self.builder.synth.sample(schema_where, non_null=True)
        except NoSample:
            value = None
        return [("synthesized", Reply(status, value, op.response_model, items, item_model))]

    def success(self) -> tuple[int, str | None, list[tuple[str, Any]]]:
        """The first 2xx response: status, schema pointer, examples (media type, then x-oaiMeta)."""
        for status, where, response in self.builder.responses(self.op_pointer, self.data):
            if not status.startswith("2") and status not in ("default",):
                continue
            code = int(status) if status.isdigit() else 200
            media_where, media = json_media(response, where)
            if media is None:
                return code, None, []
            schema = media.get("schema")
            pointer = (
                ref_pointer(schema["$ref"])
                if isinstance(schema, dict) and "$ref" in schema
                else jp.child(media_where, "schema")
            )
            examples = [(label, v) for label, v in media_examples(media, self.builder.spec)]
            shown = {json.dumps(v, sort_keys=True) for _, v in examples}
            for value in meta_json(self.data.get("x-oaiMeta"), "response"):
                if json.dumps(value, sort_keys=True) not in shown:
                    examples.append(("x-oaiMeta", value))
            return code, pointer, [(label, v) for label, v in examples if self.builder.check.valid(pointer, v)]
        return 200, None, []
