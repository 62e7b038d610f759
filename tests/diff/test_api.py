"""The public-API comparison of two generated packages (``generator.diff.api``), one rule at a time.

Each case is a pair of small module sources; the package is ``pkg`` with ``pkg/__init__.py``
and ``pkg/mod.py`` (public) and ``pkg/_private.py`` (re-exported through ``__init__``).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.diff.api import API_RULES, ApiChange, compare_generated, diff_api
from generator.diff.api_surface import public_surface

Spec = dict[str, Any]


def files(mod: str, private: str = "", init: str = "") -> dict[str, str]:
    return {
        "pkg/__init__.py": textwrap.dedent(init) or "from ._private import *\n",
        "pkg/mod.py": textwrap.dedent(mod),
        "pkg/_private.py": textwrap.dedent(private),
        "pyproject.toml": "[project]\n",
    }


def changes(old: str, new: str) -> set[tuple[str, str, str]]:
    return {(c.kind, c.severity.value, c.symbol) for c in diff_api(files(old), files(new), "pkg")}


CASES: list[tuple[str, str, str, set[tuple[str, str, str]]]] = [
    # name, old pkg/mod.py, new pkg/mod.py, expected (kind, severity, symbol)
    ("same", "def f(a: int) -> int: ...", "def f(a: int) -> int: ...", set()),
    ("function-added", "", "def f() -> None: ...", {("function-added", "compatible", "pkg.mod.f")}),
    ("function-removed", "def f() -> None: ...", "", {("function-removed", "breaking", "pkg.mod.f")}),
    ("class-added", "", "class C: ...", {("class-added", "compatible", "pkg.mod.C")}),
    ("class-removed", "class C:\n    def m(self) -> None: ...", "", {("class-removed", "breaking", "pkg.mod.C")}),
    (
        "method-added/removed",
        "class C:\n    def a(self) -> None: ...",
        "class C:\n    def b(self) -> None: ...",
        {("method-removed", "breaking", "pkg.mod.C.a"), ("method-added", "compatible", "pkg.mod.C.b")},
    ),
    (
        "property-added/removed",
        "class C:\n    @property\n    def a(self) -> int: ...",
        "class C:\n    @cached_property\n    def b(self) -> int: ...",
        {("property-removed", "breaking", "pkg.mod.C.a"), ("property-added", "compatible", "pkg.mod.C.b")},
    ),
    ("variable-added", "", "LIMIT: int = 3", {("variable-added", "compatible", "pkg.mod.LIMIT")}),
    ("variable-removed", "LIMIT = 3", "", {("variable-removed", "breaking", "pkg.mod.LIMIT")}),
    ("value-changed", "LIMIT = 3", "LIMIT = 4", {("value-changed", "compatible", "pkg.mod.LIMIT")}),
    (
        "annotation-changed",
        "LIMIT: int = 3",
        "LIMIT: str = '3'",
        {("annotation-changed", "breaking", "pkg.mod.LIMIT"), ("value-changed", "compatible", "pkg.mod.LIMIT")},
    ),
    (
        "attribute-added/removed",
        "class C:\n    a = 1",
        "class C:\n    b = 1",
        {("attribute-removed", "breaking", "pkg.mod.C.a"), ("attribute-added", "compatible", "pkg.mod.C.b")},
    ),
    (
        "field-added",
        "class M:\n    a: int",
        "class M:\n    a: int\n    b: str | None = None",
        {("field-added", "compatible", "pkg.mod.M.b")},
    ),
    (
        "field-added-required",
        "class M:\n    a: int",
        "class M:\n    a: int\n    b: str",
        {("field-added-required", "breaking", "pkg.mod.M.b")},
    ),
    (
        "field-removed",
        "class M:\n    a: int\n    b: int",
        "class M:\n    a: int",
        {("field-removed", "breaking", "pkg.mod.M.b")},
    ),
    (
        "field-became-required",
        "class M:\n    a: int = 1",
        "class M:\n    a: int",
        {("field-became-required", "breaking", "pkg.mod.M.a")},
    ),
    (
        "field-became-optional",
        "class M:\n    a: int",
        "class M:\n    a: int = 1",
        {("field-became-optional", "compatible", "pkg.mod.M.a")},
    ),
    (
        "field-annotation-changed",
        "class M:\n    a: int",
        "class M:\n    a: int | None",
        {("field-annotation-changed", "breaking", "pkg.mod.M.a")},
    ),
    (
        # an open enum gains a value: every string was accepted before and still is (not breaking)
        "open-enum-values-changed",
        "class M:\n    status: Literal['a', 'b'] | str | None = None\n\n"
        "def f(s: Literal['a'] | str) -> Literal['a'] | str: ...",
        "class M:\n    status: Literal['a', 'b', 'c'] | str | None = None\n\n"
        "def f(s: Literal['a', 'z'] | str) -> Literal['z'] | str: ...",
        {
            ("open-enum-values-changed", "compatible", "pkg.mod.M.status"),
            ("open-enum-values-changed", "compatible", "pkg.mod.f"),
            ("open-enum-values-changed", "compatible", "pkg.mod.f(s)"),
        },
    ),
    (
        "closed-enum-value-added",
        "class M:\n    status: Literal['a', 'b']",
        "class M:\n    status: Literal['a', 'b', 'c']",
        {("field-annotation-changed", "breaking", "pkg.mod.M.status")},
    ),
    (
        "field-constraints-changed",
        "class M:\n    a: Annotated[int, Field(le=10)]",
        "class M:\n    a: Annotated[int, Field(le=20)]",
        {("field-constraints-changed", "compatible", "pkg.mod.M.a")},
    ),
    (
        "field-default-changed",
        "class M:\n    a: int = 1",
        "class M:\n    a: int = 2",
        {("field-default-changed", "compatible", "pkg.mod.M.a")},
    ),
    (
        "kind-changed",
        "class C:\n    def a(self) -> int: ...",
        "class C:\n    @property\n    def a(self) -> int: ...",
        {("kind-changed", "breaking", "pkg.mod.C.a")},
    ),
    (
        "base-added/removed",
        "class C(A): ...",
        "class C(B): ...",
        {("base-removed", "breaking", "pkg.mod.C"), ("base-added", "compatible", "pkg.mod.C")},
    ),
    (
        "property-type-changed",
        "class C:\n    @property\n    def a(self) -> int: ...",
        "class C:\n    @property\n    def a(self) -> str: ...",
        {("property-type-changed", "breaking", "pkg.mod.C.a")},
    ),
    (
        "property-type-narrowed",
        "class C:\n    @property\n    def a(self) -> int | None: ...",
        "class C:\n    @property\n    def a(self) -> int: ...",
        {("property-type-narrowed", "compatible", "pkg.mod.C.a")},
    ),
    (
        "async-changed",
        "def f() -> None: ...",
        "async def f() -> None: ...",
        {("async-changed", "breaking", "pkg.mod.f")},
    ),
    (
        "binding-changed",
        "class C:\n    def m(self, a: int) -> None: ...",
        "class C:\n    @staticmethod\n    def m(a: int) -> None: ...",
        {("binding-changed", "breaking", "pkg.mod.C.m")},
    ),
    (
        "overloads-changed",
        "def f(a: int | str) -> int: ...",
        "@overload\ndef f(a: int) -> int: ...\n@overload\ndef f(a: str) -> int: ...\ndef f(a: int | str) -> int: ...",
        {("overloads-changed", "breaking", "pkg.mod.f")},
    ),
    (
        "return-annotation-changed",
        "def f() -> int: ...",
        "def f() -> str: ...",
        {("return-annotation-changed", "breaking", "pkg.mod.f")},
    ),
    (
        "return-annotation-narrowed",
        "def f() -> Optional[int]: ...",
        "def f() -> int: ...",
        {("return-annotation-narrowed", "compatible", "pkg.mod.f")},
    ),
    (
        "parameter-added",
        "def f(a: int) -> None: ...",
        "def f(a: int, *, b: int = 0) -> None: ...",
        {("parameter-added", "compatible", "pkg.mod.f(b)")},
    ),
    (
        "parameter-added (**kwargs)",
        "def f() -> None: ...",
        "def f(**extra: object) -> None: ...",
        {("parameter-added", "compatible", "pkg.mod.f(extra)")},
    ),
    (
        "parameter-added-required",
        "def f(a: int) -> None: ...",
        "def f(a: int, *, b: int) -> None: ...",
        {("parameter-added-required", "breaking", "pkg.mod.f(b)")},
    ),
    (
        "parameter-removed",
        "def f(a: int, b: int = 0) -> None: ...",
        "def f(a: int) -> None: ...",
        {("parameter-removed", "breaking", "pkg.mod.f(b)")},
    ),
    (
        "parameter-became-required",
        "def f(*, a: int = 0) -> None: ...",
        "def f(*, a: int) -> None: ...",
        {("parameter-became-required", "breaking", "pkg.mod.f(a)")},
    ),
    (
        "parameter-became-optional",
        "def f(*, a: int) -> None: ...",
        "def f(*, a: int = 0) -> None: ...",
        {("parameter-became-optional", "compatible", "pkg.mod.f(a)")},
    ),
    (
        "parameter-became-keyword-only",
        "def f(a: int) -> None: ...",
        "def f(*, a: int) -> None: ...",
        {("parameter-became-keyword-only", "breaking", "pkg.mod.f(a)")},
    ),
    (
        "parameter-became-positional-only",
        "def f(a: int) -> None: ...",
        "def f(a: int, /) -> None: ...",
        {("parameter-became-positional-only", "breaking", "pkg.mod.f(a)")},
    ),
    (
        "parameter-kind-relaxed",
        "def f(*, a: int) -> None: ...",
        "def f(a: int) -> None: ...",
        {("parameter-kind-relaxed", "compatible", "pkg.mod.f(a)")},
    ),
    (
        "parameter-kind-changed",
        "def f(*, a: int) -> None: ...",
        "def f(a: int, /) -> None: ...",
        {("parameter-kind-changed", "breaking", "pkg.mod.f(a)")},
    ),
    (
        "parameter-moved",
        "def f(a: int, b: int) -> None: ...",
        "def f(b: int, a: int) -> None: ...",
        {("parameter-moved", "breaking", "pkg.mod.f(a)"), ("parameter-moved", "breaking", "pkg.mod.f(b)")},
    ),
    (
        "parameter-annotation-changed",
        "def f(a: int | str) -> None: ...",
        "def f(a: int) -> None: ...",
        {("parameter-annotation-changed", "breaking", "pkg.mod.f(a)")},
    ),
    (
        "parameter-annotation-widened",
        "def f(a: int) -> None: ...",
        "def f(a: Union[int, str]) -> None: ...",
        {("parameter-annotation-widened", "compatible", "pkg.mod.f(a)")},
    ),
    (
        "parameter-default-changed",
        "def f(a: int = 1) -> None: ...",
        "def f(a: int = 2) -> None: ...",
        {("parameter-default-changed", "compatible", "pkg.mod.f(a)")},
    ),
    (
        "docstring-changed",
        'def f() -> None:\n    """Old."""',
        'def f() -> None:\n    """New."""',
        {("docstring-changed", "docs", "pkg.mod.f")},
    ),
    (
        "field docstring-changed",
        'class M:\n    a: int\n    """Old."""',
        'class M:\n    a: int\n    """New."""',
        {("docstring-changed", "docs", "pkg.mod.M.a")},
    ),
    (
        "self is not a parameter",
        "class C:\n    def m(self) -> None: ...",
        "class C:\n    def m(me) -> None: ...",
        set(),
    ),
    ("private names are not API", "def _f() -> None: ...\n_X = 1", "", set()),
    (
        "formatting is not a change",
        "def f(a: 'int|None'=None)->None: ...",
        "def f(a: int | None = None) -> None: ...",
        set(),
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(old: str, new: str, expected: set[tuple[str, str, str]]) -> None:
    assert changes(old, new) == expected


def test_every_rule_has_a_case() -> None:
    covered = {kind for case in CASES for kind, _, _ in case[3]}
    covered |= {"module-added", "module-removed", "import-added", "import-removed", "reexport-changed"}  # below
    assert covered == set(API_RULES)


def test_expected_severities_match_the_rules() -> None:
    for _, _, _, expected in CASES:
        for kind, severity, _ in expected:
            assert API_RULES[kind][0].value == severity, kind


def test_modules_and_reexports() -> None:
    old = files(
        "",
        private="class Client:\n    def close(self) -> None: ...\n",
        init="from ._private import Client\n" "from httpx import Timeout\n__all__ = ['Client', 'Timeout']\n",
    )
    new = files(
        "",
        private="class Client:\n    def close(self) -> None: ...\n",
        init="from ._private import Client\n"
        "from httpx import URL as Timeout\nfrom httpx import Limits\n__all__ = ['Client', 'Limits', 'Timeout']\n",
    )
    del new["pkg/mod.py"]
    new["pkg/extra/__init__.py"] = ""
    found = {(c.kind, c.severity.value, c.symbol) for c in diff_api(old, new, "pkg")}
    assert found == {
        ("module-removed", "breaking", "pkg.mod"),
        ("module-added", "compatible", "pkg.extra"),
        ("import-added", "compatible", "pkg.Limits"),
        ("reexport-changed", "breaking", "pkg.Timeout"),
    }
    renamed = {**old, "pkg/__init__.py": "from ._private import Client as Session\n__all__ = ['Session']\n"}
    found = {(c.kind, c.symbol) for c in diff_api(old, renamed, "pkg")}
    assert found == {
        ("class-removed", "pkg.Client"),
        ("import-removed", "pkg.Timeout"),
        ("class-added", "pkg.Session"),
    }


def test_surface_follows_reexports_to_private_modules() -> None:
    source = files(
        "X = 1\n",
        private=(
            "class Client:\n"
            "    def __init__(self, *, key: str | None = None) -> None: ...\n"
            "    def _hidden(self): ...\n"
        ),
        init="from ._private import Client\n__all__ = ['Client']\n",
    )
    surface = public_surface(source, "pkg")
    assert sorted(surface) == ["pkg", "pkg.Client", "pkg.Client.__init__", "pkg.mod", "pkg.mod.X"]
    signature = surface["pkg.Client.__init__"].signature
    assert signature is not None
    assert signature.text() == "(*, key: str | None = None) -> None"


def test_members_of_removed_classes_are_not_listed() -> None:
    found = changes("class C:\n    a: int\n    def m(self) -> None: ...", "")
    assert found == {("class-removed", "breaking", "pkg.mod.C")}


def test_unparsable_code_is_a_skip_reason() -> None:
    result = compare_generated(files("def f(:\n"), files(""), "pkg")
    assert result.changes == ()
    assert result.skipped.startswith("cannot parse pkg/mod.py: ")
    missing = compare_generated(files(""), {"other/__init__.py": ""}, "pkg")
    assert missing.skipped == "the new side has no package 'pkg'"


def test_change_json() -> None:
    change = diff_api(files("def f() -> None: ..."), files(""), "pkg")[0]
    assert isinstance(change, ApiChange)
    assert change.to_json() == {
        "kind": "function-removed",
        "severity": "breaking",
        "symbol": "pkg.mod.f",
        "message": "function removed",
    }


# ---------------------------------------------------------------- specgen diff integration


@pytest.fixture
def api_pair(base: Callable[[], Spec], write_spec: Callable[[str, Spec], Path]) -> Callable[[str], tuple[Path, Path]]:
    """Two specs: ``api-only`` (a response property became required: compatible on the wire, breaking in
    Python), ``compatible`` (a response property added), ``no-operations`` (nothing to generate)."""

    def make(kind: str) -> tuple[Path, Path]:
        old, new = base(), base()
        thing = new["components"]["schemas"]["Thing"]
        if kind == "api-only":
            thing["required"].append("name")
        elif kind == "compatible":
            thing["properties"]["color"] = {"type": "string"}
        elif kind == "no-operations":
            old["paths"], new["paths"] = {}, {}
        return write_spec("old.yaml", old), write_spec("new.yaml", new)

    return make


def test_text_report_has_an_api_section(run_cli: Any, api_pair: Callable[[str], tuple[Path, Path]]) -> None:
    old, new = api_pair("api-only")
    result = run_cli("diff", old, new, cwd=old.parent)
    assert result.code == 1, result.out  # only the API change is breaking
    lines = result.out.splitlines()
    assert "summary: 0 breaking, 2 compatible, 0 docs" in lines
    start = lines.index("api things")
    assert lines[start + 1 :] == [
        "  breaking field-annotation-changed things.models.Thing.name: type str | None -> str",
        "  breaking field-became-required things.models.Thing.name: default None removed",
        "api summary: 2 breaking, 0 compatible, 0 docs",
    ]
    assert run_cli("diff", old, new, "--no-api", cwd=old.parent).code == 0


def test_json_report_has_api_members(run_cli: Any, api_pair: Callable[[str], tuple[Path, Path]]) -> None:
    old, new = api_pair("compatible")
    result = run_cli("diff", old, new, "--format", "json", cwd=old.parent)
    assert result.code == 0
    document = json.loads(result.out)
    assert document["api"] == [
        {
            "kind": "field-added",
            "severity": "compatible",
            "symbol": "things.models.Thing.color",
            "message": "field added: str | None",
        }
    ]
    assert document["api_summary"] == {"breaking": 0, "compatible": 1, "docs": 0}
    assert (document["api_package"], document["api_skipped"]) == ("things", "")
    no_api = json.loads(run_cli("diff", old, new, "--format", "json", "--no-api").out)
    assert set(no_api) == {"old", "new", "changes", "summary"}


def test_markdown_report_has_an_api_section(run_cli: Any, api_pair: Callable[[str], tuple[Path, Path]]) -> None:
    old, new = api_pair("api-only")
    out = run_cli("diff", old, new, "--format", "markdown", cwd=old.parent).out
    assert "\n## Python API changes\n\nPackage `things`: 2 breaking, 0 compatible, 0 docs.\n" in out
    assert "| `things.models.Thing.name` | `field-became-required` | default None removed |" in out
    assert "### Compatible API changes (0)\n\nNone." in out


def test_api_comparison_is_skipped_when_a_client_cannot_be_generated(
    run_cli: Any, api_pair: Callable[[str], tuple[Path, Path]]
) -> None:
    old, new = api_pair("no-operations")
    result = run_cli("diff", old, new)
    assert result.code == 0
    assert result.out.endswith(
        "api: skipped (cannot generate a client from the old spec: "
        "no operations (paths) or webhooks with a body to generate a client for)\n"
    )
    document = json.loads(run_cli("diff", old, new, "--format", "json").out)
    assert document["api"] == []
    assert document["api_skipped"].startswith("cannot generate a client from the old spec")
    assert "Skipped: cannot generate" in run_cli("diff", old, new, "--format", "markdown").out


def test_package_name_comes_from_the_project(
    run_cli: Any, api_pair: Callable[[str], tuple[Path, Path]], tmp_path: Path
) -> None:
    old, new = api_pair("compatible")
    (tmp_path / "pyproject.toml").write_text('[tool.specgen]\npackage = "acme"\n', encoding="utf-8")
    result = run_cli("diff", old, new, cwd=tmp_path)
    assert "  compatible field-added acme.models.Thing.color: field added: str | None" in result.out


def test_docs_table_matches_the_rules() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "workflows.md"
    row = re.compile(r"^\| `([^`]+)` \| (breaking|compatible|docs) \| (.+) \|$")
    found = [m for m in (row.match(line) for line in doc.read_text(encoding="utf-8").splitlines()) if m]
    documented = [(m.group(1), m.group(2), m.group(3)) for m in found]
    assert len(documented) == len({kind for kind, _, _ in documented}), "a kind is listed twice"
    assert {kind: (severity, why) for kind, severity, why in documented} == {
        kind: (severity.value, why) for kind, (severity, why) in API_RULES.items()
    }


def test_a_value_added_to_an_open_enum_is_not_breaking(run_cli: Any, tmp_path: Path) -> None:
    """A response enum is open in the client (``Literal[...] | str``): a new value changes no accepted type."""
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Statuses", "version": "1"},
        "servers": [{"url": "https://s.example"}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [{"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["x", "y"]}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"status": {"enum": ["a", "b"]}}}}},
    }
    (tmp_path / "old.yaml").write_text(json.dumps(document), encoding="utf-8")
    document["components"]["schemas"]["Thing"]["properties"]["status"]["enum"].append("c")
    document["paths"]["/things"]["get"]["parameters"][0]["schema"]["enum"].append("z")
    (tmp_path / "new.yaml").write_text(json.dumps(document), encoding="utf-8")
    result = run_cli("diff", tmp_path / "old.yaml", tmp_path / "new.yaml", cwd=tmp_path)
    assert result.code == 0, result.out
    assert "compatible open-enum-values-changed statuses.models.Thing.status" in result.out
    assert "compatible parameter-annotation-widened statuses.resources.things.Things.list(kind)" in result.out
    assert "api summary: 0 breaking" in result.out
