"""Malformed input: every command refuses it with exit 2 and one line naming the file and place.

The corpus (``tests/data/hostile/malformed/``) holds unreadable files: invalid YAML and JSON,
binary and non-UTF-8 files, empty files, non-mapping roots, duplicate keys, deep nesting,
alias bombs, YAML tags that would run code, huge numbers. Each file is given to each command
(lint, extract, normalize as the spec and as the overlay, generate, diff as old and as new) in
this process for speed, and to every command as a child process (exit code, stderr, a memory
limit and a timeout) for a representative subset. Nothing may be written.

Wrong JSON types at any level of a readable spec (``paths: 5``, ``responses: []``, ...) are a
second family: ``generate`` refuses them at their place, the other commands do their job
(lint reports them, extract and normalize copy them, diff compares them) without crashing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.support import DATA, assert_no_crash, assert_refused, cli, dump, snapshot, specgen

CORPUS = DATA / "malformed"
GOOD = {
    "openapi": "3.1.0",
    "info": {"title": "good", "version": "1"},
    "servers": [{"url": "https://api.example"}],
    "paths": {
        "/things": {
            "get": {
                "operationId": "getA",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}
                        },
                    }
                },
            }
        }
    },
}
OVERLAY = {
    "overlay": "1.0.0",
    "info": {"title": "fixes", "version": "1"},
    "actions": [{"target": "$.info", "update": {"description": "fixed"}}],
}

# file, (line, column) or None when the problem has no place, words of the message, and whether the
# problem is in the text itself (so an overlay file is refused the same way as a spec).
REFUSALS: list[tuple[str, tuple[int, int] | None, str, bool]] = [
    ("invalid_yaml.yaml", (3, 1), "invalid YAML: did not find expected ',' or '}'", True),
    ("invalid_json.json", (3, 25), "invalid JSON: Expecting ',' delimiter", True),
    ("trailing_comma.json", (4, 14), "invalid JSON: trailing comma", True),
    ("nan.json", (1, 69), "invalid JSON: NaN is not a JSON value", True),
    ("lone_surrogate.json", (3, 63), "\\ud800 is half of a surrogate pair", True),
    ("empty.yaml", None, "empty document", True),
    ("blank.yaml", None, "empty document", True),
    ("comment_only.yaml", (1, 1), "document root must be a mapping, found empty", True),
    ("root_list.yaml", (1, 1), "document root must be a mapping, found a list", True),
    ("root_scalar.json", (1, 1), "document root must be a mapping, found a string", True),
    ("root_null.yaml", (1, 1), "document root must be a mapping, found empty", True),
    ("binary.yaml", (3, 1), "binary data (NUL byte)", True),
    ("latin1.yaml", (2, 18), "not valid UTF-8 text", True),
    ("utf16.json", (1, 1), "UTF-16 text (byte order mark)", True),
    ("duplicate_key.yaml", (7, 5), "duplicate key 'get'", True),
    ("duplicate_key.json", (4, 23), "duplicate key '/a'", True),
    ("deep_nesting.yaml", (4, 264), "nesting deeper than 256 levels", True),
    ("deep_nesting.json", (2, 1542), "nesting deeper than 256 levels", True),
    ("alias_bomb.yaml", (9, 47), "alias expansion exceeds 100000 nodes", True),
    ("merge_bomb.yaml", (17, 33), "alias expansion exceeds 100000 nodes", True),
    ("python_tag.yaml", (4, 8), "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'", True),
    ("two_documents.yaml", (4, 1), "more than one YAML document in the file", True),
    ("huge_integer.yaml", (4, 8), "as int", True),
    ("paths_number.yaml", (3, 8), "'paths' must be a mapping", False),
    ("info_list.json", (1, 30), "'info' must be a mapping", False),
    ("unquoted_version.yaml", (1, 10), "'openapi' must be a string", False),
    ("swagger2.json", (1, 13), "Swagger 2.0 documents are not supported", False),
]
IDS = [name for name, *_ in REFUSALS]

# How each command is given the malformed file ``bad`` (the other inputs are good files).
COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "lint": lambda bad: ["lint", "--no-cache", bad],
    "extract": lambda bad: ["extract", "--upstream", bad, "--output", "fragment.yaml", "--operation", "getA"],
    "normalize": lambda bad: ["normalize", "--input", bad, "--overlay", "overlay.yaml", "--output", "normal.yaml"],
    "normalize-overlay": lambda bad: ["normalize", "--input", "good.yaml", "--overlay", bad, "--output", "n.yaml"],
    "generate": lambda bad: ["generate", "--spec", bad, "--out", "generated"],
    "diff-old": lambda bad: ["diff", "--no-api", bad, "good.yaml"],
    "diff-new": lambda bad: ["diff", "good.yaml", bad],
}
# diff without generating both clients (the API comparison): for the many wrong-type cases.
QUICK = {**COMMANDS, "diff-new": lambda bad: ["diff", "--no-api", "good.yaml", bad]}


def test_every_corpus_file_has_a_case() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(IDS)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder with a good spec, a good overlay and the whole corpus (no pyproject.toml: defaults apply)."""
    dump(tmp_path / "good.yaml", GOOD)
    dump(tmp_path / "overlay.yaml", OVERLAY)
    for path in CORPUS.iterdir():
        shutil.copyfile(path, tmp_path / path.name)
    return tmp_path


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(("name", "place", "words", "textual"), REFUSALS, ids=IDS)
def test_every_command_refuses_in_process(  # noqa: PLR0917 (one argument per parameter)
    workdir: Path, command: str, name: str, place: tuple[int, int] | None, words: str, textual: bool
) -> None:
    if command == "normalize-overlay" and not textual:
        words = ""  # as an overlay, the file is refused for not being an overlay: checked below
    before = snapshot(workdir)
    result = cli(*COMMANDS[command](name), cwd=workdir)
    assert_refused(result, name, place=place if textual or command != "normalize-overlay" else None, words=words)
    if place is None:
        assert f"{name}:" not in result.err.replace(f"{name}: ", "")
    assert result.out == ""
    assert snapshot(workdir) == before, "a refused run wrote something"


@pytest.mark.parametrize(("name", "place", "words", "textual"), REFUSALS, ids=IDS)
def test_generate_refuses_as_a_child_process(
    workdir: Path, name: str, place: tuple[int, int] | None, words: str, textual: bool
) -> None:
    """The real exit code and stderr of ``python -m generator``, under a 2 GiB memory limit and a timeout."""
    before = snapshot(workdir)
    result = specgen("generate", "--spec", name, "--out", "generated", cwd=workdir)
    assert_refused(result, name, place=place, words=words)
    assert snapshot(workdir) == before


CHILD_SUBSET = ["alias_bomb.yaml", "deep_nesting.json", "binary.yaml", "duplicate_key.json", "paths_number.yaml"]


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - {"generate"}))
def test_other_commands_refuse_as_child_processes(workdir: Path, command: str) -> None:
    before = snapshot(workdir)
    for name in CHILD_SUBSET:
        place, words, textual = next((p, w, t) for n, p, w, t in REFUSALS if n == name)
        result = specgen(*COMMANDS[command](name), cwd=workdir)
        expected_words = words if textual or command != "normalize-overlay" else ""
        assert_refused(
            result, name, place=place if textual or command != "normalize-overlay" else None, words=expected_words
        )
    assert snapshot(workdir) == before


def test_a_spec_file_as_overlay_is_refused_as_not_an_overlay(workdir: Path) -> None:
    result = cli("normalize", "--input", "good.yaml", "--overlay", "good.yaml", "--output", "n.yaml", cwd=workdir)
    assert_refused(result, "good.yaml", place=(1, 1), words="'overlay' must be one of 1.0.0, found None")


# ---------------------------------------------------------------- size bounds


def _configure(folder: Path, **limits: int) -> None:
    lines = "".join(f"{key.replace('_', '-')} = {value}\n" for key, value in limits.items())
    (folder / "pyproject.toml").write_text(f"[tool.specgen.limits]\n{lines}", encoding="utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_file_over_the_configured_size_bound_is_refused(workdir: Path, command: str) -> None:
    _configure(workdir, max_bytes=2048)
    padded = dict(GOOD, info={"title": "padded", "version": "1", "description": "x" * 4000})
    dump(workdir / "big.yaml", padded)
    size = (workdir / "big.yaml").stat().st_size
    result = cli(*COMMANDS[command]("big.yaml"), cwd=workdir)
    if command == "normalize-overlay":  # the overlay is read after the (good) spec: same bound
        assert_refused(result, "big.yaml", words=f"file is {size} bytes, over the limit of 2048 bytes")
        return
    assert_refused(result, "big.yaml", words=f"file is {size} bytes, over the limit of 2048 bytes")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_file_over_the_default_size_bound_is_refused_without_reading_it(workdir: Path, command: str) -> None:
    """64 MiB + 1 (sparse): refused from its size, in a child limited to 2 GiB, quickly."""
    huge = workdir / "huge.yaml"
    with huge.open("wb") as handle:
        handle.write(b"openapi: 3.1.0\n")
        handle.truncate(64 * 1024 * 1024 + 1)
    result = specgen(*COMMANDS[command]("huge.yaml"), cwd=workdir, timeout=60)
    assert_refused(result, "huge.yaml", words="over the limit of 67108864 bytes")


def test_an_endless_device_is_read_only_up_to_the_bound(workdir: Path) -> None:
    _configure(workdir, max_bytes=4096)
    for command in ("lint", "generate", "extract"):
        result = specgen(*COMMANDS[command]("/dev/zero"), cwd=workdir, timeout=60)
        assert_refused(result, "/dev/zero", words="over the limit of 4096 bytes")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_the_node_bound_is_configurable(workdir: Path, suffix: str) -> None:
    _configure(workdir, max_nodes=500)
    many = dict(GOOD, **{"x-many": list(range(1000))})
    dump(workdir / f"many{suffix}", many)
    for arguments in COMMANDS.values():
        result = cli(*arguments(f"many{suffix}"), cwd=workdir)
        assert_refused(result, f"many{suffix}", words="more than 500 nodes")


def test_json_with_too_many_values_is_refused_before_it_is_parsed(workdir: Path) -> None:
    """An 18 MB JSON array of 6 million empty objects would take gigabytes once parsed.

    The root, ``"3.1.0"`` and the list are nodes 1-3, so object k (from 0) is node k + 4: the first one
    over the limit is object 4,999,997, at column 28 + 3 * 4,999,997 (each ``{},`` is three characters).
    """
    (workdir / "objects.json").write_text('{"openapi": "3.1.0", "x": [' + "{}," * 6_000_000 + "{}]}", "utf-8")
    result = specgen("lint", "--no-cache", "objects.json", cwd=workdir, timeout=120)
    assert_refused(result, "objects.json", place=(1, 28 + 3 * 4_999_997), words="more than 5000000 nodes")


# ---------------------------------------------------------------- wrong types at any level

_HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example'}]\n"
_OP = "paths:\n  /a:\n    get:\n      operationId: getA\n"
_OK = "      responses:\n        '200': {description: ok}\n"
_SCHEMA_OP = (
    _OP + "      responses:\n        '200':\n          description: ok\n          content:\n"
    "            application/json: {schema: {$ref: '#/components/schemas/A'}}\n"
)

# spec text, (line, column) of the wrong value, words of generate's refusal
WRONG_TYPES: list[tuple[str, str, tuple[int, int], str]] = [
    ("path-item", _HEAD + "paths:\n  /a: 5\n", (5, 7), "'paths' entry '/a' must be a path item object"),
    ("operation", _HEAD + "paths:\n  /a:\n    get: [1]\n", (6, 10), "'get' must be an operation object"),
    ("responses", _HEAD + _OP + "      responses: 5\n", (8, 18), "'responses' must be a mapping"),
    ("response", _HEAD + _OP + "      responses: {'200': [ok]}\n", (8, 26), "'responses' entry '200' must be a"),
    ("parameters", _HEAD + _OP + "      parameters: {a: 1}\n" + _OK, (8, 19), "'parameters' must be a list"),
    ("parameter", _HEAD + _OP + "      parameters: [5]\n" + _OK, (8, 20), "item 0 of 'parameters' must be a param"),
    ("operationId", _HEAD + "paths:\n  /a:\n    get:\n      operationId: [x]\n" + _OK, (7, 20), "'operationId'"),
    ("requestBody", _HEAD + _OP + "      requestBody: yes\n" + _OK, (8, 20), "'requestBody' must be a request body"),
    (
        "content",
        _HEAD + _OP + "      responses: {'200': {description: ok, content: [json]}}\n",
        (8, 53),
        "'content' must be a mapping",
    ),
    ("tags", _HEAD + _OP + "      tags: web\n" + _OK, (8, 13), "'tags' must be a list of strings"),
    ("servers", _HEAD.replace("[{url: 'https://api.example'}]", "{url: x}") + _OP + _OK, (3, 10), "'servers'"),
    ("components", _HEAD + _OP + _OK + "components: [1]\n", (10, 13), "'components' must be a mapping"),
    ("schemas", _HEAD + _OP + _OK + "components:\n  schemas: 5\n", (11, 12), "'schemas' must be a mapping"),
    (
        "properties",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: {type: object, properties: [a]}\n",
        (15, 35),
        "'properties' must be a mapping",
    ),
    (
        "required",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: {properties: {a: {type: string, required: true}}}\n",
        (15, 50),
        "'required' must be a list of strings",
    ),
    (
        "type",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: {type: 5}\n",
        (15, 15),
        "'type' must be a type name",
    ),
    (
        "unknown-type",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: {type: file}\n",
        (15, 15),
        "unknown type 'file'",
    ),
    (
        "items",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: {type: array, items: [x]}\n",
        (15, 29),
        "'items' must be a schema",
    ),
    (
        "enum",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: {type: string, enum: abc}\n",
        (15, 29),
        "'enum' must be a list",
    ),
    (
        "oneOf-empty",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: {oneOf: []}\n",
        (15, 16),
        "'oneOf' must list at least one schema",
    ),
    (
        "discriminator",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: {oneOf: [{type: object}], discriminator: kind}\n",
        (15, 49),
        "'discriminator' must be a discriminator object",
    ),
    (
        "mapping",
        _HEAD
        + _SCHEMA_OP
        + "components:\n  schemas:\n"
        + "    A: {oneOf: [{type: object}], discriminator: {propertyName: k, mapping: {a: 1}}}\n",
        (15, 80),
        "'mapping' entry 'a' must be a string",
    ),
    (
        "maxLength",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: {type: string, maxLength: -1}\n",
        (15, 34),
        "'maxLength' must be a non-negative integer",
    ),
    (
        "pattern",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: {type: string, pattern: '(unclosed'}\n",
        (15, 32),
        "is not a valid regular expression",
    ),
    (
        "ref",
        _HEAD + _OP + "      responses: {'200': {$ref: 5}}\n",
        (8, 33),
        "'$ref' must be a string",
    ),
    (
        "ref-target",
        _HEAD + _OP + "      responses: {'200': {$ref: '#/x-r'}}\nx-r: [1]\n",
        (9, 6),
        "the target of '#/x-r' must be a response object",
    ),
    (
        "deep-inline",
        _HEAD + _SCHEMA_OP + "components:\n  schemas:\n    A: " + "{type: array, items: " * 70 + "{}" + "}" * 70 + "\n",
        (15, 1352),
        "schemas nested more than 64 levels deep inline",
    ),
    (
        "path-key-space",
        _HEAD + "paths:\n  /a b:\n    get:\n      operationId: getA\n" + _OK,
        (6, 5),
        "' ' is not allowed",
    ),
    ("path-key-brace", _HEAD + "paths:\n  /a/{id:\n    get:\n      operationId: getA\n" + _OK, (6, 5), "'{id'"),
]
WRONG_IDS = [case[0] for case in WRONG_TYPES]


@pytest.mark.parametrize(("case", "text", "place", "words"), WRONG_TYPES, ids=WRONG_IDS)
def test_generate_refuses_wrong_types_at_their_place(
    tmp_path: Path, case: str, text: str, place: tuple[int, int], words: str
) -> None:
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    result = cli("generate", "--spec", "spec.yaml", "--out", "generated", cwd=tmp_path)
    assert_refused(result, "spec.yaml", place=place, words=words)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("case", "text", "place", "words"), WRONG_TYPES, ids=WRONG_IDS)
def test_other_commands_do_their_job_on_wrong_types(
    tmp_path: Path, case: str, text: str, place: tuple[int, int], words: str
) -> None:
    """Lint reports (or refuses top-level sections), extract and normalize copy, diff compares: never a crash."""
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    dump(tmp_path / "good.yaml", GOOD)
    dump(tmp_path / "overlay.yaml", OVERLAY)
    lint = cli("lint", "--no-cache", "spec.yaml", cwd=tmp_path)
    assert_no_crash(lint)
    assert lint.code == 0 or "spec.yaml:" in (lint.out if lint.code == 1 else lint.err)
    for command in ("extract", "normalize", "diff-old", "diff-new"):
        assert_no_crash(cli(*QUICK[command]("spec.yaml"), cwd=tmp_path))
    expected = {"spec.yaml", "good.yaml", "overlay.yaml", "fragment.yaml", "normal.yaml"}
    assert {p.name for p in tmp_path.iterdir()} <= expected


def test_wrong_types_found_by_mutating_every_node_of_a_real_spec(tmp_path: Path) -> None:
    """Replace each structural value of a complete spec by a number: generation succeeds or refuses at the place."""
    base = _rich_spec()
    pointers = [p for p, value in _walk(base) if p and isinstance(value, (dict, list))]
    assert len(pointers) > 50
    refused = 0
    for index, pointer in enumerate(pointers):
        mutated = _replace(base, pointer, 5)
        name = f"m{index}.yaml"
        dump(tmp_path / name, mutated)
        result = cli("generate", "--spec", name, "--out", f"out{index}", cwd=tmp_path)
        assert_no_crash(result, allowed=(0, 2))
        if result.code == 2:
            refused += 1
            assert f"{name}:" in result.err and "(at " in result.err, (pointer, result.err)
        shutil.rmtree(tmp_path / f"out{index}", ignore_errors=True)
    assert refused >= 30, refused


def _rich_spec() -> dict[str, object]:
    body = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "pattern": "^[a-z]+$"},
            "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
            "owner": {"$ref": "#/components/schemas/Owner"},
            "extra": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "rich", "version": "1"},
        "servers": [{"url": "https://api.example"}],
        "paths": {
            "/pets/{pet_id}": {
                "parameters": [{"name": "pet_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {
                    "operationId": "getPet",
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 5}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                        }
                    },
                },
                "post": {
                    "operationId": "makePet",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                    "responses": {"204": {"description": "made"}},
                },
            }
        },
        "components": {
            "schemas": {
                "Owner": {"type": "object", "properties": {"email": {"type": "string", "nullable": True}}},
                "Pet": {
                    "oneOf": [{"$ref": "#/components/schemas/Owner"}, body],
                    "discriminator": {"propertyName": "name", "mapping": {"o": "#/components/schemas/Owner"}},
                },
            }
        },
    }


def _walk(node: object, pointer: str = "") -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = [(pointer, node)]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _walk(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _walk(value, f"{pointer}/{index}")
    return found


def _replace(document: dict[str, object], pointer: str, value: object) -> dict[str, object]:
    import copy

    result = copy.deepcopy(document)
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    node: object = result
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
    if isinstance(node, list):
        node[int(parts[-1])] = value
    else:
        node[parts[-1]] = value  # type: ignore[index]
    return result


@pytest.mark.parametrize("case", ["response", "properties", "deep-inline"])
def test_diff_compares_the_apis_of_specs_with_wrong_types(tmp_path: Path, case: str) -> None:
    """With the API comparison, a spec that cannot be generated is a skipped comparison, never a crash."""
    text = next(text for name, text, _, _ in WRONG_TYPES if name == case)
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    dump(tmp_path / "good.yaml", GOOD)
    result = cli("diff", "good.yaml", "spec.yaml", cwd=tmp_path)
    assert_no_crash(result, allowed=(0, 1))
    assert "cannot generate a client from the new spec" in result.out, result.out
