"""Loading specs safely: refusals (exit 2, one line, file:line:col), positions, what real specs contain."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import SpecInputError
from generator.spec import pointer as jp
from generator.spec.document import load_document
from generator.spec.json_text import parse_json
from generator.spec.limits import Limits
from generator.spec.load import load_spec
from generator.spec.yaml12 import index_positions, parse_yaml

pytestmark = pytest.mark.usefixtures("no_network")
REPO = Path(__file__).resolve().parents[1]
BAD_SPECS = REPO / "tests" / "data" / "bad_specs"
UPSTREAM = REPO / "spec" / "upstream"
UPSTREAM_VERSIONS = ("f85dbe2", "5162af9", "498c71d")
InputError = Callable[..., str]
RunCli = Callable[..., Any]


def upstream_file(version: str) -> Path:
    return UPSTREAM / f"openai-openapi.{version}.yaml"


# file, (line, column) or None when the problem has no place, words the message must contain
REFUSALS: list[tuple[str, tuple[int, int] | None, str]] = [
    ("invalid_yaml.yaml", (4, 11), "invalid YAML: mapping values are not allowed"),
    ("trailing_comma.json", (4, 14), "invalid JSON: trailing comma"),
    ("trailing_comma_inner.json", (3, 40), "invalid JSON: trailing comma"),
    ("empty.yaml", None, "empty document"),
    ("comment_only.yaml", (1, 1), "document root must be a mapping, found empty"),
    ("not_mapping.yaml", (1, 1), "document root must be a mapping, found a list"),
    ("scalar_root.json", (1, 1), "document root must be a mapping, found a string"),
    ("duplicate_key.yaml", (11, 9), "duplicate key '200'"),
    ("duplicate_key.json", (5, 3), "duplicate key 'openapi'"),
    ("alias_bomb.yaml", (9, 38), "alias expansion exceeds 100000 nodes"),
    ("deep_nesting.yaml", (4, 264), "nesting deeper than 256 levels"),
    ("deep_nesting.json", (2, 267), "nesting deeper than 256 levels"),
    ("swagger2.yaml", (1, 10), "Swagger 2.0 documents are not supported"),
    ("unknown_version.yaml", (4, 10), "unsupported OpenAPI version '4.0.0'"),
    ("unquoted_version.yaml", (1, 10), "'openapi' must be a string"),
    ("no_version.yaml", (1, 1), "no 'openapi' version field"),
    ("ref_http.yaml", (14, 23), "URL reference 'http://example.com/schemas.yaml#/Pet' refused"),
    ("ref_https.yaml", (14, 23), "URL reference 'https://example.com/schemas.yaml#/Pet' refused"),
    ("ref_file.yaml", (14, 23), "URL reference 'file:///etc/passwd' refused"),
    ("ref_leaves_folder.yaml", (9, 13), "leaves the spec's folder"),
    ("ref_missing_target.yaml", (12, 17), "reference '#/components/schemas/Owner': target not found"),
    ("ref_missing_file.yaml", (9, 13), "file not found"),
    ("ref_cycle.yaml", (9, 13), "reference cycle that never reaches a value"),
]


def test_every_bad_spec_has_a_case() -> None:
    assert sorted(p.name for p in BAD_SPECS.iterdir()) == sorted(name for name, _, _ in REFUSALS)


@pytest.mark.parametrize(("name", "place", "words"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_loader_refuses(name: str, place: tuple[int, int] | None, words: str) -> None:
    with pytest.raises(SpecInputError) as caught:
        load_spec(BAD_SPECS / name)
    error = caught.value
    assert words in error.message
    assert error.file == str(BAD_SPECS / name)
    assert (error.line, error.column) == (place or (0, 0))


@pytest.mark.parametrize(("name", "place", "words"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_cli_refuses_with_exit_2_and_one_line(
    run_module: RunCli, input_error: InputError, tmp_path: Path, *, name: str, place: tuple[int, int] | None, words: str
) -> None:
    output = tmp_path / "out.yaml"
    result = run_module(
        "extract", "--upstream", name, "--output", output, "--operation", "createVectorStoreFileBatch", cwd=BAD_SPECS
    )
    line, column = place or (None, None)
    input_error(result, name, line=line, column=column, contains=words)
    assert not output.exists()
    assert result.out == ""


def test_in_process_cli_reports_the_same_line(run_cli: RunCli, input_error: InputError, tmp_path: Path) -> None:
    result = run_cli("extract", "--upstream", "duplicate_key.yaml", "--output", tmp_path / "o.yaml", cwd=BAD_SPECS)
    input_error(result, "duplicate_key.yaml", line=11, column=9, contains="duplicate key '200'")


# ---------------------------------------------------------------- what real specs contain


class _ReferenceLoader(yaml.CSafeLoader):
    """PyYAML's SafeLoader, except that timestamps stay strings and keys keep their text."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else self.construct_object(key_node, deep)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_ReferenceLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)


def _first_difference(ours: Any, theirs: Any, where: str = "") -> str | None:
    """Pointer of the first place the two values differ, in type or value (bool is not int)."""
    stack = [(ours, theirs, where)]
    while stack:
        a, b, here = stack.pop()
        if type(a) is not type(b):
            return f"{here}: {type(a).__name__} != {type(b).__name__}"
        if isinstance(a, dict):
            if list(a) != list(b):
                return f"{here}: keys {list(a)[:5]} != {list(b)[:5]}"
            stack.extend((a[k], b[k], jp.child(here, k)) for k in a)
        elif isinstance(a, list):
            if len(a) != len(b):
                return f"{here}: {len(a)} items != {len(b)}"
            stack.extend((x, y, jp.child(here, i)) for i, (x, y) in enumerate(zip(a, b, strict=True)))
        elif a != b:
            return f"{here}: {a!r} != {b!r}"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("version", UPSTREAM_VERSIONS)
def test_loader_matches_pyyaml_safe_loader(version: str) -> None:
    path = upstream_file(version)
    ours = load_document(path).data
    theirs = yaml.load(path.read_text(encoding="utf-8"), Loader=_ReferenceLoader)
    assert _first_difference(ours, theirs) is None


def test_reference_loader_differs_only_in_timestamps_and_keys() -> None:
    # Guards the comparison above: plain SafeLoader turns these into date and int.
    text = "when: 2024-04-17\ncodes:\n  200: ok\n"
    assert yaml.safe_load(text) == {"when": __import__("datetime").date(2024, 4, 17), "codes": {200: "ok"}}
    assert yaml.load(text, Loader=_ReferenceLoader) == {"when": "2024-04-17", "codes": {"200": "ok"}}
    assert parse_yaml(text, "t.yaml") == {"when": "2024-04-17", "codes": {"200": "ok"}}


def _line_of(lines: list[str], text: str, start: int = 0) -> int:
    """1-based number of the first line at or after ``start`` (0-based) that equals ``text``."""
    return lines.index(text, start) + 1


def test_locate_points_into_the_upstream_file() -> None:
    path = upstream_file("f85dbe2")
    document = load_document(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    create = jp.join(["paths", "/vector_stores/{vector_store_id}/file_batches", "post"])

    assert document.locate("/openapi") == (1, lines[0].index("3.1.0") + 1)
    path_line = _line_of(lines, "  /vector_stores/{vector_store_id}/file_batches:")
    post_line = _line_of(lines, "    post:", path_line)
    # A mapping value starts at its first key, on the line after `post:`.
    assert document.locate(create) == (post_line + 1, 7)
    op_line = _line_of(lines, "      operationId: createVectorStoreFileBatch", post_line)
    assert document.locate(create + "/operationId") == (op_line, len("      operationId: ") + 1)

    schema_line = _line_of(lines, "    VectorStoreFileBatchObject:")
    enum_line = _line_of(lines, "            - vector_store.files_batch", schema_line)
    pointer = "/components/schemas/VectorStoreFileBatchObject/properties/object/enum/0"
    assert document.locate(pointer) == (enum_line, len("            - ") + 1)
    assert document.data["components"]["schemas"]["VectorStoreFileBatchObject"]["properties"]["object"]["enum"] == [
        "vector_store.files_batch"
    ]
    # Response codes are quoted upstream; the pointer uses the string key.
    ok_line = _line_of(lines, '        "200":', post_line)
    assert document.locate(create + "/responses/200") == (ok_line + 1, 11)
    # A pointer that does not exist falls back to its nearest ancestor.
    assert document.locate(create + "/operationId/nothing/here") == document.locate(create + "/operationId")


@pytest.mark.parametrize("version", UPSTREAM_VERSIONS)
def test_positions_indexed_while_parsing_match_the_separate_index(version: str) -> None:
    document = load_document(upstream_file(version), index=True)
    assert document._positions == index_positions(document.text)
    assert len(document._positions) > 20_000


def test_positions_indexed_while_parsing_cover_aliases_merges_and_escapes() -> None:
    text = "base: &b {a: 1, list: [x, {y: 2}]}\n" "merged:\n  <<: *b\n  c: 3\n" "again: *b\n" "'a/b~c': [1, [2, 3]]\n"
    positions: dict[str, tuple[int, int]] = {}
    parse_yaml(text, "inline.yaml", positions=positions)
    assert positions == index_positions(text)
    assert positions["/a~1b~0c/1/0"] == (6, 15)
    assert positions["/merged/<<"] == (3, 7)


def test_locate_in_json_and_escaped_keys(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text('{\n  "paths": {\n    "/a/b~c": {\n      "get": {"x": [10, 20]}\n    }\n  }\n}\n', encoding="utf-8")
    document = load_document(path)
    assert document.format == "json"
    line = document.text.splitlines()[3]
    assert document.locate("/paths/~1a~1b~0c/get/x/1") == (4, line.index("20") + 1)
    assert document.locate("/paths/~1a~1b~0c/get") == (4, line.index("{") + 1)


def test_json_with_utf8_bom(tmp_path: Path) -> None:
    spec = {"openapi": "3.0.3", "info": {"title": "ü", "version": "1"}, "paths": {}}
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(spec, ensure_ascii=False).encode("utf-8"))
    loaded = load_spec(path)
    assert loaded.data == spec
    assert loaded.minor == 0
    assert loaded.locate("/openapi") == (1, len('{"openapi": ') + 1)


def test_yaml_with_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfopenapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    assert load_spec(path).is_31


def test_integer_response_codes_become_string_keys(tmp_path: Path) -> None:
    path = tmp_path / "codes.yaml"
    path.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        "        200: {description: ok}\n        404: {description: missing}\n        default: {description: other}\n",
        encoding="utf-8",
    )
    spec = load_spec(path)
    responses = spec.data["paths"]["/a"]["get"]["responses"]
    assert list(responses) == ["200", "404", "default"]
    assert spec.locate("/paths/~1a/get/responses/404") == (8, 14)


def test_openapi_30_and_31_accepted(tmp_path: Path) -> None:
    for version, minor in (("3.0.0", 0), ("3.0.3", 0), ("3.1.0", 1), ("3.1.1", 1)):
        path = tmp_path / f"v{version}.yaml"
        path.write_text(f"openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n", encoding="utf-8")
        assert load_spec(path).minor == minor
    path = tmp_path / "v32.yaml"
    path.write_text("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n", encoding="utf-8")
    with pytest.raises(SpecInputError, match=r"unsupported OpenAPI version '3\.2\.0'"):
        load_spec(path)


def test_top_level_sections_must_be_mappings(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  - /a\n", encoding="utf-8")
    with pytest.raises(SpecInputError, match="'paths' must be a mapping") as caught:
        load_spec(path)
    assert (caught.value.line, caught.value.column) == (4, 3)


# ---------------------------------------------------------------- safety bounds and strictness


def _refusal(text: str, name: str = "t.yaml", limits: Limits | None = None) -> SpecInputError:
    parse = parse_json if name.endswith(".json") else parse_yaml
    with pytest.raises(SpecInputError) as caught:
        if limits is None:
            parse(text, name)
        else:
            parse(text, name, limits)
    return caught.value


def test_depth_bound_is_configurable() -> None:
    text = "a:\n  b:\n    c:\n      d: 1\n"
    assert parse_yaml(text, "t.yaml", Limits(max_depth=4)) == {"a": {"b": {"c": {"d": 1}}}}
    error = _refusal(text, limits=Limits(max_depth=3))
    assert error.message == "nesting deeper than 3 levels"
    assert (error.line, error.column) == (4, 7)  # the fourth mapping, {d: 1}


def test_alias_bound_is_configurable() -> None:
    text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
    assert parse_yaml(text, "t.yaml", Limits(max_alias_nodes=8)) == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}
    error = _refusal(text, limits=Limits(max_alias_nodes=7))
    assert "alias expansion exceeds 7 nodes" in error.message
    assert (error.line, error.column) == (2, 9)


def test_aliases_cannot_nest_deeper_than_the_bound() -> None:
    # Each alias nests the previous chain one level deeper: 10 levels from a few bytes.
    chain = "a0: &a0 []\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 10))
    assert parse_yaml(chain, "t.yaml", Limits(max_depth=11))["a9"] == [[[[[[[[[[]]]]]]]]]]
    error = _refusal(chain, limits=Limits(max_depth=10))
    assert error.message == "alias *a8 nests deeper than 10 levels"
    assert (error.line, error.column) == (10, 10)


def test_node_and_size_bounds(tmp_path: Path) -> None:
    error = _refusal("a: [1, 2, 3, 4]\n", limits=Limits(max_nodes=4))
    assert error.message == "more than 4 nodes"
    path = tmp_path / "big.yaml"
    path.write_text("openapi: 3.1.0\n" + "#" * 200 + "\n", encoding="utf-8")
    with pytest.raises(SpecInputError, match="over the limit of 100 bytes"):
        load_document(path, Limits(max_bytes=100))


def test_json_node_bound_counts_values_and_names_the_first_one_over() -> None:
    limits = Limits(max_nodes=4)
    text = '{"a": 1, "b": {"c": [], "d": "x, y: [z"}}'  # root, 1, {...}, [] , "x..." = 5 values
    error = _refusal(text, "t.json", limits=limits)
    assert (error.message, error.line, error.column) == ("more than 4 nodes", 1, text.index('"x') + 1)
    # root, 1, 2, the list, 3: commas between members and an empty list count no extra value
    parse_json('{"a": 1, "b": 2, "c": [3], "d": []}', "t.json", Limits(max_nodes=6))
    assert _refusal('{"a": 1, "b": 2, "c": [3], "d": []}', "t.json", Limits(max_nodes=5)).column == 33


def test_json_is_strict() -> None:
    assert _refusal('{"a": NaN}', "t.json").message == "invalid JSON: NaN is not a JSON value"
    error = _refusal('{"s": "NaN, Infinity", "a": [1, -Infinity]}', "t.json")
    assert (error.message, error.line, error.column) == ("invalid JSON: -Infinity is not a JSON value", 1, 33)
    error = _refusal('{"a": [1, 2,]}', "t.json")
    assert (error.message, error.line, error.column) == ("invalid JSON: trailing comma", 1, 12)
    assert "invalid JSON" in _refusal("{'a': 1}", "t.json").message


def test_json_duplicate_keys_are_found_where_yaml_cannot_read_them() -> None:
    # Keys over 1024 characters and lone surrogates are valid JSON but not YAML; the position
    # of the duplicate must still be found (it used to be reported as a YAML error).
    long_key = "k" * 1500
    error = _refusal(f'{{"{long_key}": 1,\n "{long_key}": 2}}', "t.json")
    assert error.message.startswith("duplicate key 'kkkk") and error.message.endswith("...")
    assert (error.line, error.column) == (2, 2)
    error = _refusal('{"a": "\\ud800", "b": {"x": 1, "\\u0078": 2}}', "t.json")
    assert (error.message, error.line, error.column) == ("duplicate key 'x'", 1, 31)


def test_json_deeper_than_the_interpreter_can_parse() -> None:
    error = _refusal("[" * 100_000 + "]" * 100_000, "t.json")
    assert (error.message, error.line, error.column) == ("nesting deeper than 256 levels", 1, 257)


@pytest.mark.parametrize(
    ("text", "words", "place"),
    [
        (
            "a: !!python/object:os.system ls\n",
            "unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'",
            (1, 4),
        ),
        ("a: !!binary aGk=\n", "unsupported YAML tag 'tag:yaml.org,2002:binary'", (1, 4)),
        ("a: !custom x\n", "unsupported YAML tag '!custom'", (1, 4)),
        ("? [a, b]\n: c\n", "mapping keys must be plain scalars", (1, 3)),
        ("a: 1\n---\nb: 2\n", "more than one YAML document in the file", (2, 1)),
        ("a: *nowhere\n", "alias *nowhere refers to no finished anchor", (1, 4)),
        ("a: &x [*x]\n", "alias *x refers to no finished anchor", (1, 8)),
        ("a: " + "9" * 5000 + "\n", "cannot read '" + "9" * 60 + "'... as int", (1, 4)),
    ],
)
def test_yaml_refusals(text: str, words: str, place: tuple[int, int]) -> None:
    error = _refusal(text)
    assert error.message == words or words in error.message
    assert (error.line, error.column) == place


def test_yaml_merge_keys_and_anchors_match_pyyaml() -> None:
    text = "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\nl: [&s str, *s]\n"
    assert (
        parse_yaml(text, "t.yaml")
        == yaml.safe_load(text)
        == {
            "base": {"x": 1, "y": 2},
            "d": {"x": 1, "y": 3},
            "l": ["str", "str"],
        }
    )


def test_aliased_values_are_copies() -> None:
    data = parse_yaml("a: &a {x: [1]}\nb: *a\n", "t.yaml")
    data["b"]["x"].append(2)
    assert data["a"] == {"x": [1]}


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"openapi: 3.1.0\n\x00")
    with pytest.raises(SpecInputError, match="binary data") as caught:
        load_document(path)
    assert (caught.value.line, caught.value.column) == (2, 1)
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"openapi: 3.1.0\ninfo: caf\xe9\n")
    with pytest.raises(SpecInputError, match="not valid UTF-8") as caught:
        load_document(path)
    assert (caught.value.line, caught.value.column) == (2, 10)


def test_missing_file_and_directory(run_module: RunCli, input_error: InputError, tmp_path: Path) -> None:
    result = run_module(
        "extract", "--upstream", tmp_path / "nope.yaml", "--output", tmp_path / "o.yaml", "--operation", "x"
    )
    input_error(result, tmp_path / "nope.yaml", contains="cannot read file")
    result = run_module("extract", "--upstream", tmp_path, "--output", tmp_path / "o.yaml", "--operation", "x")
    input_error(result, tmp_path, contains="is a directory")


def test_limits_from_pyproject_apply_to_the_cli(run_cli: RunCli, input_error: InputError, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.specgen.limits]\nmax-depth = 3\n", encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-a: {b: {c: {d: 1}}}\n", encoding="utf-8"
    )
    result = run_cli("extract", "--upstream", "spec.yaml", "--output", "out.yaml", "--operation", "x", cwd=tmp_path)
    input_error(result, "spec.yaml", line=4, column=14, contains="nesting deeper than 3 levels")
    (tmp_path / "pyproject.toml").write_text("[tool.specgen.limits]\nmax-depth = 0\n", encoding="utf-8")
    result = run_cli("extract", "--upstream", "spec.yaml", "--output", "out.yaml", "--operation", "x", cwd=tmp_path)
    input_error(
        result, tmp_path / "pyproject.toml", contains="[tool.specgen.limits] max-depth: must be a positive integer"
    )
