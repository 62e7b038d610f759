"""The decision table of DESIGN.md on the verbatim upstream fragment; the normalized spec is clean."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator.lint import lint_file

pytestmark = pytest.mark.usefixtures("no_network")

REPO = Path(__file__).resolve().parents[2]
C = "/paths/~1vector_stores~1{vector_store_id}~1file_batches/post"
R = "/paths/~1vector_stores~1{vector_store_id}~1file_batches~1{batch_id}/get"
X = "/paths/~1vector_stores~1{vector_store_id}~1file_batches~1{batch_id}~1cancel/post"
L = "/paths/~1vector_stores~1{vector_store_id}~1file_batches~1{batch_id}~1files/get"
S = "/components/schemas"
EXAMPLES = "/x-oaiMeta/examples"
BATCH = f"{S}/VectorStoreFileBatchObject/properties"
FILE = f"{S}/VectorStoreFileObject"

# (decision-table row, rule, pointer, a word the message must contain)
ROWS = [
    ("batch object", "description-const-mismatch", f"{BATCH}/object/description", "vector_store.file_batch"),
    *[("batch object", "example-invalid", f"{op}{EXAMPLES}/response", "vector_store.file_batch") for op in (C, R, X)],
    *[("curl URLs", "sample-curl-path", f"{op}{EXAMPLES}/request/curl", "files_batches") for op in (X, L)],
    *[("file_counts totals", "count-invariant", f"{op}{EXAMPLES}/response", "`total` is 0") for op in (C, R)],
    *[("trailing commas", "example-json-strict", f"{op}{EXAMPLES}/response", "trailing comma") for op in (C, R, X)],
    *[
        ("create examples: flat static strategy", "sample-request-body", f"{C}{EXAMPLES}/request/{lang}", "`static`")
        for lang in ("curl", "python", "javascript")
    ],
    ("create examples: unterminated quote", "sample-shell-quoting", f"{C}{EXAMPLES}/request/curl", "Content-Type"),
    ("python cancel example", "sample-sdk-params", f"{X}{EXAMPLES}/request/python", "file_batch_id"),
    ("list example items", "example-invalid", f"{L}{EXAMPLES}/response", "`usage_bytes`, `status`, `last_error`"),
    ("chunking unions: request", "discriminator-mapping", f"{S}/ChunkingStrategyRequestParam/discriminator", "auto"),
    ("chunking unions: response", "discriminator-missing", f"{FILE}/properties/chunking_strategy/oneOf", "other"),
    ("overlap rule", "prose-constraint", f"{S}/StaticChunkingStrategy/properties/chunk_overlap_tokens/description",
     "half"),
    ("file_ids / files", "prose-exclusive-anyof", f"{S}/CreateVectorStoreFileBatchRequest/anyOf", "mutually exclusive"),
    ("limit", "prose-constraint", f"{L}/parameters/2/description", "between 1 and 100"),
    ("list envelope", "object-type-missing", f"{S}/ListVectorStoreFilesResponse", "type: object"),
    *[("OpenAI-Beta", "sample-undeclared-header", f"{op}{EXAMPLES}/request/curl", "Beta") for op in (C, R, X, L)],
    ("format unixtime", "format-unknown", f"{BATCH}/created_at/format", "unixtime"),
    ("format unixtime", "format-unknown", f"{FILE}/properties/created_at/format", "unixtime"),
    ("cosmetic: where", "description-typo", f"{BATCH}/file_counts/properties/cancelled/description", "were"),
    ("cosmetic: list of files", "description-list-object", f"{FILE}/description", "A list of"),
]  # fmt: skip
# The fragment has no top-level `tags` (extract copies operations and schemas), and a spec without
# that list may use tags freely: `tag-undefined` reports `Vector stores` on the whole spec only.


@pytest.fixture(scope="module")
def fragment_findings() -> list[tuple[str, str, str, int]]:
    return [(d.rule, d.pointer, d.message, d.line) for d in lint_file(REPO / "spec" / "upstream" / "file_batches.yaml")]


@pytest.mark.parametrize(("row", "rule", "pointer", "word"), ROWS, ids=[f"{r[0]}:{r[1]}" for r in ROWS])
def test_fragment_reports_the_row(
    fragment_findings: list[tuple[str, str, str, int]], row: str, rule: str, pointer: str, word: str
) -> None:
    matching = [message for r, p, message, _ in fragment_findings if r == rule and p == pointer]
    assert matching, f"{row}: no {rule} at {pointer}"
    assert any(word in message for message in matching), (row, matching)


def test_every_fragment_finding_belongs_to_a_row(fragment_findings: list[tuple[str, str, str, int]]) -> None:
    rows = {(rule, pointer) for _, rule, pointer, _ in ROWS}
    assert {(rule, pointer) for rule, pointer, _, _ in fragment_findings} == rows


def test_list_example_items_are_grouped_per_item(fragment_findings: list[tuple[str, str, str, int]]) -> None:
    messages = [m for r, p, m, _ in fragment_findings if r == "example-invalid" and p == f"{L}{EXAMPLES}/response"]
    assert len(messages) == 2
    assert [m.split(" at ")[1].split(":")[0] for m in sorted(messages)] == ["/data/0", "/data/1"]


def test_doc_table_is_the_linter_output(fragment_findings: list[tuple[str, str, str, int]]) -> None:
    text = (REPO / "docs" / "lint-upstream.md").read_text(encoding="utf-8")
    short = {"C": C, "R": R, "X": X, "L": L, "S": S}
    table = []
    for match in re.finditer(r"^\| [^|]+ \| \[`([a-z0-9-]+)`\]\([^)]*\) \| `([^`]+)` \| (\d+) \|$", text, re.MULTILINE):
        rule, pointer, line = match.groups()
        prefix, _, rest = pointer.partition("/")
        table.append((rule, short[prefix] + "/" + rest if prefix in short else pointer, int(line)))
    assert Counter(table) == Counter((r, p, line) for r, p, _, line in fragment_findings)


def test_normalized_spec_has_no_findings() -> None:
    found = lint_file(REPO / "spec" / "file_batches.yaml")
    assert found == [], [str(d) for d in found]


@pytest.mark.slow
def test_whole_upstream_spec() -> None:
    found = lint_file(REPO / "spec" / "upstream" / "openai-openapi.f85dbe2.yaml")
    pairs = {(d.rule, d.pointer) for d in found}
    # The file-batch findings sit at the same pointers in the whole spec.
    for _, rule, pointer, _ in ROWS:
        assert (rule, pointer) in pairs, (rule, pointer)
    assert any(d.rule == "tag-undefined" and "`Vector stores`" in d.message for d in found)
    rules = Counter(d.rule for d in found)
    assert rules["oas-schema"] == 10  # what Spectral's oas3-schema finds too
    assert rules["sample-curl-path"] == 3  # the two files_batches URLs and the evals cancel URL
    assert all(d.line > 0 for d in found)
