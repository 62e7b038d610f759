"""Property-based fuzzing of ``specgen generate`` with structure-aware random specs.

Hypothesis builds OpenAPI 3.0 and 3.1 documents that look like real ones (paths with random
methods, parameters, bodies and responses; components with objects, arrays, maps, enums of
mixed types, ``oneOf``/``anyOf``/``allOf`` with and without discriminators, references to
existing and missing components, nullable schemas, names that are keywords, unicode, empty or
long), sometimes with a wrong type somewhere, written as YAML or JSON. For each one,
``specgen generate`` (the CLI entry, in this process) must either succeed with a package that
compiles and imports (imported in a child process, so a crash cannot take the suite down), or
refuse with exit 2 and one line naming the file. Exit 3 or any exception is a failure, which
Hypothesis shrinks to a minimal spec.

The CI run is bounded (``SPECGEN_FUZZ_EXAMPLES``, default 25, derandomized so every run sees the
same specs). A longer run::

    SPECGEN_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/hostile/test_fuzz.py -p no:cacheprovider -q

``SPECGEN_FUZZ_SEED=<n>`` explores other specs than the derandomized ones.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.hostile.support import assert_no_crash, cli, compile_tree, import_in_child

EXAMPLES = int(os.environ.get("SPECGEN_FUZZ_EXAMPLES", "25"))
OUTCOMES: Counter[str] = Counter()  # what the examples did: generated, refused (and the rule of the refusal)
SEED = os.environ.get("SPECGEN_FUZZ_SEED")

NAMES = [
    "id",
    "name",
    "type",
    "class",
    "def",
    "None",
    "True",
    "self",
    "json",
    "model_config",
    "BaseModel",
    "Field",
    "Literal",
    "Client",
    "httpx",
    "list",
    "dict",
    "print",
    "async",
    "match",
    "_",
    "__init__",
    "a-b",
    "a b",
    "ünï",
    "日本",
    "1st",
    "",
    "x" * 120,
    "../../x",
    "a/b",
    "~0~1",
    "$ref",
    "items",
    "properties",
    "default",
]
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
names = st.one_of(st.sampled_from(NAMES), _TEXT)
words = st.one_of(
    st.sampled_from(["a", "b", "pets", "users", "items", "x1", "ü", "class", "v2"]),
    st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=False, allow_infinity=False), _TEXT
)
STATUS = ["200", "201", "204", "2XX", "default", "400", "404", "500", 200, 202]


def _schemas(refs: list[str]) -> st.SearchStrategy[Any]:
    """JSON Schemas, recursively; ``refs`` are the component names a $ref may name."""
    ref_targets = refs or ["Missing"]  # (discriminator mappings may name a missing component: a warning)
    refers = st.sampled_from(refs).map(_ref) if refs else st.nothing()
    leaf = st.one_of(
        st.sampled_from([{"type": t} for t in ("string", "integer", "number", "boolean", "null")]),
        refers,
        st.builds(lambda v: {"enum": v}, st.lists(scalars, min_size=1, max_size=4)),
        st.builds(lambda v: {"type": "string", "enum": v}, st.lists(_TEXT, min_size=1, max_size=4, unique=True)),
        st.builds(lambda v: {"const": v}, scalars),
        st.fixed_dictionaries(
            {"type": st.just("string")},
            optional={
                "minLength": st.integers(0, 5),
                "maxLength": st.integers(5, 50),
                "format": st.sampled_from(["date-time", "uuid", "email", "byte", "weird"]),
                # an invalid pattern ("[") refuses the whole spec: rare, so most specs reach generation
                "pattern": st.sampled_from(["^[a-z]+$", "\\d{3}", "^(?!x)", "a{2,}"] * 4 + ["["]),
                "default": _TEXT,
                "description": _TEXT,
                "nullable": st.booleans(),
            },
        ),
        st.fixed_dictionaries(
            {"type": st.sampled_from(["integer", "number"])},
            optional={
                "minimum": st.integers(-10, 0),
                "maximum": st.integers(1, 100),
                "exclusiveMinimum": st.one_of(st.booleans(), st.integers(-5, 0)),
                "multipleOf": st.sampled_from([1, 2, 0.5]),
                "default": st.integers(0, 3),
            },
        ),
        st.just({}),
        st.booleans(),
    )

    def extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        members = st.lists(children, min_size=1, max_size=3)
        return st.one_of(
            st.fixed_dictionaries(
                {"type": st.just("object"), "properties": st.dictionaries(names, children, max_size=4)},
                optional={
                    "required": st.lists(names, max_size=2),
                    "additionalProperties": st.one_of(st.booleans(), children),
                    "description": _TEXT,
                    "nullable": st.booleans(),
                    "title": _TEXT,
                },
            ),
            st.fixed_dictionaries(
                {"type": st.just("array"), "items": children},
                optional={"minItems": st.integers(0, 2), "uniqueItems": st.booleans()},
            ),
            st.fixed_dictionaries({"type": st.just("object"), "additionalProperties": children}),
            st.builds(lambda m: {"oneOf": m}, members),
            st.builds(lambda m: {"anyOf": m}, members),
            st.builds(lambda m: {"allOf": m}, members),
            st.builds(lambda m, p: {"oneOf": m, "discriminator": {"propertyName": p}}, members, names),
            st.builds(
                lambda m, p, tags: {"oneOf": m, "discriminator": {"propertyName": p, "mapping": dict(tags)}},
                members,
                names,
                st.lists(
                    st.tuples(names, st.sampled_from(ref_targets).map(lambda n: "#/components/schemas/" + n)),
                    max_size=3,
                ),
            ),
            st.builds(
                lambda t: {"type": t},
                st.lists(st.sampled_from(["string", "integer", "null", "array"]), min_size=1, max_size=3, unique=True),
            ),
        )

    return st.recursive(leaf, extend, max_leaves=8)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": "#/components/schemas/" + name.replace("~", "~0").replace("/", "~1")}


def _media(schemas: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(
        st.sampled_from(
            ["application/json", "application/vnd.x+json; charset=utf-8", "text/plain", "multipart/form-data"]
        ),
        st.fixed_dictionaries({}, optional={"schema": schemas, "example": scalars}),
        min_size=1,
        max_size=2,
    )


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    """A structurally plausible OpenAPI document (sometimes with one wrong type in it)."""
    component_names = draw(st.lists(names, max_size=4, unique=True))
    schemas = _schemas(component_names)
    components = {name: draw(schemas) for name in component_names}
    paths: dict[str, Any] = {}
    for _ in range(draw(st.integers(1, 3))):
        segments = draw(st.lists(st.one_of(words, words.map(lambda w: "{" + w + "}")), min_size=0, max_size=3))
        path = "/" + "/".join(segments)
        item: dict[str, Any] = {}
        for method in draw(
            st.lists(
                st.sampled_from(["get", "post", "put", "patch", "delete", "head", "options", "trace"]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        ):
            operation: dict[str, Any] = {"responses": {}}
            if draw(st.booleans()):
                operation["operationId"] = draw(names)
            templated = [s[1:-1] for s in segments if s.startswith("{")]
            parameters = [{"name": n, "in": "path", "required": True, "schema": draw(schemas)} for n in templated]
            for _ in range(draw(st.integers(0, 3))):
                parameters.append(
                    draw(
                        st.fixed_dictionaries(
                            {"name": names, "in": st.sampled_from(["query", "header", "cookie", "path"])},
                            optional={
                                "schema": schemas,
                                "required": st.booleans(),
                                "description": _TEXT,
                                "style": st.sampled_from(["form", "deepObject", "simple"]),
                                "explode": st.booleans(),
                            },
                        )
                    )
                )
            if parameters:
                operation["parameters"] = parameters
            if draw(st.booleans()):
                operation["requestBody"] = {"content": draw(_media(schemas)), "required": draw(st.booleans())}
            for status in draw(st.lists(st.sampled_from(STATUS), min_size=1, max_size=3, unique_by=str)):
                response: dict[str, Any] = {"description": draw(_TEXT)}
                if draw(st.booleans()):
                    response["content"] = draw(_media(schemas))
                operation["responses"][status] = response
            for key in draw(
                st.lists(st.sampled_from(["summary", "description", "deprecated", "tags"]), max_size=2, unique=True)
            ):
                operation[key] = draw(
                    {"deprecated": st.booleans(), "tags": st.lists(names, max_size=2)}.get(key, _TEXT)
                )
            item[method] = operation
        paths[path] = item
    version = draw(st.sampled_from(["3.0.3", "3.1.0"]))
    document: dict[str, Any] = {
        "openapi": version,
        "info": {"title": draw(_TEXT), "version": draw(st.one_of(_TEXT, st.just("1.0")))},
        "paths": paths,
        "components": {"schemas": components},
    }
    if draw(st.booleans()):
        document["servers"] = [
            {
                "url": draw(
                    st.sampled_from(
                        ["https://api.example/v1", "http://localhost:8080", "/relative", "https://{host}/x"]
                    )
                )
            }
        ]
    spoil = draw(st.sampled_from(["none"] * 8 + ["wrong type", "missing reference"]))
    if spoil != "none":  # now and then, a wrong type or a reference to nothing somewhere
        _spoil(document, draw(st.randoms(use_true_random=False)), spoil)
    return document


def _spoil(document: dict[str, Any], rng: Any, how: str) -> None:
    """Replace one value below ``paths`` or ``components`` by a wrong type, or by a reference to nothing."""
    places: list[tuple[Any, Any]] = []
    stack: list[Any] = [document["paths"], document["components"]]
    while stack:
        node = stack.pop()
        children = (
            list(node.items()) if isinstance(node, dict) else list(enumerate(node)) if isinstance(node, list) else []
        )
        for key, value in children:
            places.append((node, key))
            stack.append(value)
    if places:
        node, key = rng.choice(places)
        wrong = [5, "text", [], {}, None, True, [1, {"a": 2}]]
        node[key] = rng.choice(wrong) if how == "wrong type" else _ref("Missing")


_settings = settings(
    max_examples=EXAMPLES,
    derandomize=SEED is None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    database=None,
)


def _run(document: dict[str, Any], as_json: bool, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    name = "fuzz.json" if as_json else "fuzz.yaml"
    text = json.dumps(document, ensure_ascii=False) if as_json else yaml.safe_dump(document, allow_unicode=True)
    (folder / name).write_text(text, encoding="utf-8")
    result = cli("generate", "--spec", name, "--out", "out", "--package", "fuzzed", cwd=folder)
    assert_no_crash(result, allowed=(0, 2))
    OUTCOMES["generated" if result.code == 0 else "refused"] += 1
    if result.code == 2:
        assert result.err_lines[0].startswith(f"specgen: error: {name}"), result.err
        assert not (folder / "out").exists(), "a refused run wrote output"
        return
    compile_tree(folder / "out")
    proc = import_in_child(folder / "out", "fuzzed")
    assert proc.returncode == 0, f"the generated package does not import:\n{proc.stderr[-3000:]}"


@_settings
@given(document=specs(), as_json=st.booleans())
def _generate_succeeds_or_refuses(document: dict[str, Any], as_json: bool, folder: Path) -> None:
    _run(document, as_json, folder)


def test_generate_succeeds_or_refuses(tmp_path: Path) -> None:
    """The property over EXAMPLES specs; then, most of them must have reached a generated package (a fuzzer whose
    specs are all refused would test only the loader)."""
    OUTCOMES.clear()
    _generate_succeeds_or_refuses(folder=tmp_path / "fuzz")
    print(f"fuzz outcomes: {dict(OUTCOMES)}")
    total = sum(OUTCOMES.values())
    assert total >= EXAMPLES // 2, OUTCOMES  # (Hypothesis may stop early when it runs out of distinct specs)
    assert OUTCOMES["generated"] >= total // 2, OUTCOMES


OVERLAY = "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n- target: $.info\n  update: {description: x}\n"


@settings(_settings, max_examples=EXAMPLES * 2)
@given(old=specs(), new=specs())
def _others_never_crash(old: dict[str, Any], new: dict[str, Any], folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (folder / "new.yaml").write_text(yaml.safe_dump(new, allow_unicode=True), encoding="utf-8")
    (folder / "overlay.yaml").write_text(OVERLAY, encoding="utf-8")
    for args in (
        ["lint", "--no-cache", "--format", "sarif", "old.json", "new.yaml"],
        ["extract", "--upstream", "new.yaml", "--output", "fragment.yaml", "--operation", "a"],
        ["normalize", "--input", "old.json", "--overlay", "overlay.yaml", "--output", "normal.yaml"],
        ["diff", "--no-api", "--format", "json", "old.json", "new.yaml"],
    ):
        assert_no_crash(cli(*args, cwd=folder))


def test_lint_extract_normalize_and_diff_never_crash(tmp_path: Path) -> None:
    """The other commands on random specs (and pairs of them): findings, refusals, never an internal error."""
    _others_never_crash(folder=tmp_path / "others")


if SEED is not None:
    _generate_succeeds_or_refuses = seed(int(SEED))(_generate_succeeds_or_refuses)
    _others_never_crash = seed(int(SEED))(_others_never_crash)
