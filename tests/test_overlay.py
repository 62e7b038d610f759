"""OpenAPI Overlay 1.0.0: JSONPath targets, update (merge / append), remove, errors naming the action."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import SpecInputError
from generator.overlay import Overlay, apply_overlay, load_overlay
from generator.spec.plain_data import copy_data

pytestmark = pytest.mark.usefixtures("no_network")
REPO = Path(__file__).resolve().parents[1]
FRAGMENT = REPO / "spec" / "upstream" / "file_batches.yaml"
RunCli = Callable[..., Any]


def _overlay(tmp_path: Path, actions: str, header: str = "overlay: 1.0.0\ninfo: {title: test, version: '1'}\n") -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text(header + "actions:\n" + textwrap.indent(textwrap.dedent(actions), "  "), encoding="utf-8")
    return path


def _apply(tmp_path: Path, data: dict[str, Any], actions: str) -> dict[str, Any]:
    result, _ = apply_overlay(data, load_overlay(_overlay(tmp_path, actions)))
    return result


def _load_error(tmp_path: Path, actions: str, **kwargs: str) -> SpecInputError:
    with pytest.raises(SpecInputError) as caught:
        load_overlay(_overlay(tmp_path, actions, **kwargs))
    return caught.value


def _apply_error(tmp_path: Path, data: dict[str, Any], actions: str) -> SpecInputError:
    with pytest.raises(SpecInputError) as caught:
        _apply(tmp_path, data, actions)
    return caught.value


DOC: dict[str, Any] = {
    "a": {"b": 1, "c": {"d": 1, "e": [1]}, "s": "text"},
    "l": [1, 2, 3, 4],
    "items": [{"name": "x", "format": "unixtime"}, {"name": "y", "inner": {"format": "unixtime"}}],
}


def test_update_merges_objects_recursively(tmp_path: Path) -> None:
    result = _apply(
        tmp_path,
        DOC,
        """\
        - target: $.a
          description: merge
          update: {c: {d: 2, f: 3}, g: 4, s: {now: object}}
        """,
    )
    assert result["a"] == {"b": 1, "c": {"d": 2, "e": [1], "f": 3}, "s": {"now": "object"}, "g": 4}
    # New keys come last, existing keys keep their place.
    assert list(result["a"]) == ["b", "c", "s", "g"]


def test_update_replaces_a_nested_array_and_appends_to_a_targeted_one(tmp_path: Path) -> None:
    result = _apply(
        tmp_path,
        DOC,
        """\
        - target: $.a.c
          description: an array inside an update replaces the old one
          update: {e: [9]}
        - target: $.l
          description: an array target takes the update as one new entry
          update: 5
        - target: $.a.c.e
          description: objects are appended as they are
          update: {x: 1}
        """,
    )
    assert result["a"]["c"]["e"] == [9, {"x": 1}]
    assert result["l"] == [1, 2, 3, 4, 5]


def test_remove_keys_and_array_entries(tmp_path: Path) -> None:
    result = _apply(
        tmp_path,
        DOC,
        """\
        - target: $.l[?@ > 1 && @ != 3]
          description: several entries of one array (later indices must not shift)
          remove: true
        - target: $.a['b', 's']
          description: two keys at once
          remove: true
          update: {ignored: true}
        - target: $..[?@.format == 'unixtime'].format
          description: descendants at any depth
          remove: true
        """,
    )
    assert result["l"] == [1, 3]
    assert result["a"] == {"c": {"d": 1, "e": [1]}}
    assert result["items"] == [{"name": "x"}, {"name": "y", "inner": {}}]


def test_actions_apply_in_order_to_a_copy(tmp_path: Path) -> None:
    source = copy_data(DOC)
    overlay = load_overlay(
        _overlay(
            tmp_path,
            """\
            - target: $
              description: adds a key
              update: {added: {n: 1}}
            - target: $.added
              description: sees the key the previous action added
              update: {n: 2}
            - target: $['l', 'l']
              description: a node selected twice is changed once
              update: 5
            """,
        )
    )
    result, applied = apply_overlay(source, overlay)
    assert result["added"] == {"n": 2}
    assert result["l"] == [1, 2, 3, 4, 5]
    assert source == DOC  # the input is never changed
    assert [a.pointers for a in applied] == [("",), ("/added",), ("/l",)]
    assert [a.action.index for a in applied] == [0, 1, 2]


def test_duplicate_selection_is_removed_once(tmp_path: Path) -> None:
    result = _apply(tmp_path, DOC, "- target: $.a['b', 'b']\n  description: twice\n  remove: true\n")
    assert result["a"] == {"c": {"d": 1, "e": [1]}, "s": "text"}


def test_stale_target_is_an_error_naming_the_action(tmp_path: Path) -> None:
    error = _apply_error(
        tmp_path,
        DOC,
        """\
        - target: $.a
          description: fine
          update: {z: 1}
        - target: $.a.nothing
          description: |
            Fixes something upstream has fixed already.
            More lines of explanation.
          update: {z: 2}
        """,
    )
    assert error.message == (
        "action #2 (Fixes something upstream has fixed already.): target $.a.nothing selects nothing; "
        "upstream may have changed or fixed this, so update or remove the action"
    )
    assert (error.file, error.line, error.column) == (str(tmp_path / "overlay.yaml"), 7, 5)


def test_invalid_jsonpath_is_reported_at_its_place(tmp_path: Path) -> None:
    error = _load_error(tmp_path, "- target: $.a\n  update: {}\n- target: $.paths[\n  update: {}\n")
    assert error.message.startswith("invalid JSONPath '$.paths[': ")
    assert "unbalanced brackets" in error.message
    assert (error.line, error.column, error.pointer) == (6, 13, "/actions/1/target")


@pytest.mark.parametrize(
    ("actions", "header", "words", "pointer"),
    [
        (
            "- {target: $, update: {}}\n",
            "overlay: 1.1.0\ninfo: {title: t, version: '1'}\n",
            "'overlay' must be",
            "/overlay",
        ),
        ("- {target: $, update: {}}\n", "overlay: 1.0.0\ninfo: {title: t}\n", "'info' must be a mapping", "/info"),
        ("[]\n", "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n", "'actions' must be a non-empty list", "/actions"),
        ("- just a string\n", None, "an action must be a mapping", "/actions/0"),
        (
            "- {target: paths, update: {}}\n",
            None,
            "'target' must be a JSONPath query starting with '$'",
            "/actions/0/target",
        ),
        (
            "- {target: $, description: 3, update: {}}\n",
            None,
            "'description' must be a string",
            "/actions/0/description",
        ),
        ("- {target: $, remove: 'yes'}\n", None, "'remove' must be true or false", "/actions/0/remove"),
        ("- {target: $, description: d}\n", None, "an action needs 'update' or 'remove: true'", "/actions/0"),
        ("- {target: $, update: {}, delete: true}\n", None, "unknown action field(s): delete", "/actions/0"),
    ],
)
def test_structural_errors(tmp_path: Path, actions: str, header: str | None, words: str, pointer: str) -> None:
    if header is None:
        error = _load_error(tmp_path, actions)
    else:
        path = tmp_path / "overlay.yaml"
        path.write_text(header + "actions: " + actions if actions.startswith("[") else header + "actions:\n" + actions)
        with pytest.raises(SpecInputError) as caught:
            load_overlay(path)
        error = caught.value
    assert words in error.message
    assert error.pointer == pointer
    assert error.line > 0


def test_update_errors(tmp_path: Path) -> None:
    error = _apply_error(tmp_path, DOC, "- target: $.a.s\n  description: a string\n  update: {x: 1}\n")
    assert error.message == "action #1 (a string): target /a/s is a str, not an object or array"
    error = _apply_error(tmp_path, DOC, "- target: $.a\n  description: wrong type\n  update: [1]\n")
    assert error.message == "action #1 (wrong type): target /a is an object, so 'update' must be an object"
    error = _apply_error(tmp_path, DOC, "- target: $\n  description: root\n  remove: true\n")
    assert error.message == "action #1 (root): cannot remove the document root"


def test_extension_fields_on_actions_are_allowed(tmp_path: Path) -> None:
    overlay: Overlay = load_overlay(_overlay(tmp_path, "- {target: $.a, update: {b: 2}, x-reason: why}\n"))
    assert overlay.actions[0].title == "action #1"
    assert apply_overlay(DOC, overlay)[0]["a"]["b"] == 2


def test_cli_normalize_with_a_stale_action(run_module: RunCli, input_error: Callable[..., str], tmp_path: Path) -> None:
    overlay = _overlay(
        tmp_path,
        """\
        - target: $.components.schemas.VectorStoreFileBatchObject.properties.object
          description: still applies
          update: {const: vector_store.files_batch}
        - target: $.components.schemas.NoSuchSchema
          description: A fix for a schema upstream dropped.
          remove: true
        """,
    )
    output = tmp_path / "out.yaml"
    result = run_module("normalize", "--input", FRAGMENT, "--overlay", overlay, "--output", output)
    message = input_error(
        result, overlay, line=7, column=5, contains="action #2 (A fix for a schema upstream dropped.)"
    )
    assert "target $.components.schemas.NoSuchSchema selects nothing" in message
    assert not output.exists()


def test_cli_normalize_with_an_invalid_jsonpath(
    run_module: RunCli, input_error: Callable[..., str], tmp_path: Path
) -> None:
    overlay = _overlay(tmp_path, "- target: $.paths[?@.x ==]\n  description: broken\n  remove: true\n")
    result = run_module("normalize", "--input", FRAGMENT, "--overlay", overlay, "--output", tmp_path / "o.yaml")
    input_error(result, overlay, line=4, column=13, contains="invalid JSONPath '$.paths[?@.x ==]'")
