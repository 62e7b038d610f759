"""The formatter cache: content-addressed, self-checking, and never a change to the output."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from generator.cache import TextCache, key_of
from generator.formatter import black_fingerprint, format_files
from tests.generate.conftest import ROOT, run, tree

SPEC = ROOT / "spec" / "file_batches.yaml"
SPECGEN = Path(sys.executable).parent / "specgen"

UNFORMATTED = {
    "pkg/a.py": "x  =  {'a':1}\n",
    "pkg/b.py": "def f( y ):\n  return y\n",
    "pkg/c.py": "x  =  {'a':1}\n",  # the same text as a.py
    "pkg/d.txt": "not  python\n",
}


def test_keys_depend_on_every_part_and_its_boundaries() -> None:
    assert key_of("ab", "c") != key_of("a", "bc")
    assert key_of("a") != key_of("a", "")
    assert key_of("x", b"y") == key_of("x", "y")


def test_a_stored_text_comes_back(tmp_path: Path) -> None:
    cache = TextCache(tmp_path / "c")
    assert cache.get(key_of("k")) is None
    cache.put(key_of("k"), "text ü\n")
    assert cache.get(key_of("k")) == "text ü\n"
    assert (cache.hits, cache.misses) == (1, 1)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-3],  # truncated
        lambda data: data.replace(b"text", b"TEXT"),  # changed
        lambda data: b"",  # emptied
        lambda data: data.split(b"\n", 1)[1],  # digest line lost
        lambda data: data.replace(b"\xc3\xbc", b"\xff\xfe"),  # not UTF-8 any more
    ],
)
def test_a_damaged_entry_is_a_miss(tmp_path: Path, damage: object) -> None:
    cache = TextCache(tmp_path)
    cache.put("k", "text ü\n")
    entry = tmp_path / "k.txt"
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert cache.get("k") is None


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    cache = TextCache(blocker / "cache")  # a folder inside a file: cannot exist
    cache.put("k", "text")
    assert cache.get("k") is None
    cache.prune()


def test_prune_keeps_the_most_recently_used(tmp_path: Path) -> None:
    cache = TextCache(tmp_path, keep=3)
    for number in range(5):
        cache.put(f"k{number}", str(number))
        os.utime(tmp_path / f"k{number}.txt", ns=(number * 10**9, number * 10**9))
    os.utime(tmp_path / "k0.txt", ns=(10 * 10**9, 10 * 10**9))  # used last
    cache.prune()
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == ["k0.txt", "k3.txt", "k4.txt"]


def test_cached_formatting_is_black_formatting(tmp_path: Path) -> None:
    expected = format_files(UNFORMATTED)
    assert expected["pkg/a.py"] == 'x = {"a": 1}\n'
    assert expected["pkg/d.txt"] == UNFORMATTED["pkg/d.txt"]
    cache = TextCache(tmp_path)
    assert format_files(UNFORMATTED, cache=cache) == expected
    assert cache.hits == 0
    again = TextCache(tmp_path)
    assert format_files(UNFORMATTED, cache=again) == expected
    assert again.hits == 3 and again.misses == 0
    assert list(format_files(UNFORMATTED, cache=again)) == list(UNFORMATTED)  # order kept


def test_stable_files_are_left_as_they_are() -> None:
    result = format_files(UNFORMATTED, stable={"pkg/b.py"})
    assert result["pkg/b.py"] == UNFORMATTED["pkg/b.py"]
    assert result["pkg/a.py"] == 'x = {"a": 1}\n'


def test_the_black_fingerprint_names_the_version_and_mode() -> None:
    import black

    fingerprint = black_fingerprint()
    assert f"black={black.__version__}" in fingerprint
    assert "line_length=120" in fingerprint


@pytest.mark.slow
def test_the_built_in_templates_need_no_formatting(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    result = run(SPECGEN, "generate", "--spec", SPEC, "--out", tmp_path / "out", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (project / ".specgen-cache" / "format").exists()  # nothing was given to black


def test_cold_and_warm_generation_write_the_same_bytes(tmp_path: Path) -> None:
    # Outside the repository, so the cache is tmp_path/.specgen-cache (no pyproject.toml there).
    project = tmp_path / "project"
    project.mkdir()
    templates = tmp_path / "templates"  # a user's template: its output is formatted (and cached)
    templates.mkdir()
    (templates / "resources_init.py.jinja").write_text('{{ header }}\n"""Mine."""\nPATH  =  {{ path | pyrepr }}\n')
    args: list[str | Path] = ["generate", "--spec", SPEC, "--package", "openai_file_batches", "--templates", templates]
    cold = run(SPECGEN, *args, "--out", tmp_path / "cold", "--no-cache", cwd=project)
    assert cold.returncode == 0, cold.stderr
    assert not (project / ".specgen-cache").exists()  # --no-cache writes nothing
    for name in ("fill", "warm"):
        result = run(SPECGEN, *args, "--out", tmp_path / name, cwd=project)
        assert result.returncode == 0, result.stderr
    assert any((project / ".specgen-cache" / "format").iterdir())
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold") == tree(tmp_path / "fill")


def test_memoized_computes_without_an_active_cache(tmp_path: Path) -> None:
    from generator.cache import active, memoized

    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return "result"

    assert memoized("tool", ["input"], compute) == "result"
    with active(TextCache(tmp_path)):
        assert memoized("tool", ["input"], compute) == "result"
        assert memoized("tool", ["input"], compute) == "result"  # a hit
        assert memoized("tool", ["other input"], compute) == "result"
    assert memoized("tool", ["input"], compute) == "result"  # no cache outside the block
    assert len(calls) == 4


def test_a_tool_fingerprint_names_python_and_the_version() -> None:
    from generator.cache import tool_fingerprint

    fingerprint = tool_fingerprint("datamodel-code-generator", "datamodel_code_generator")
    assert "datamodel-code-generator=0." in fingerprint and "python=" in fingerprint
    assert "=?" in tool_fingerprint("no-such-distribution", "no_such_module")


def test_formatting_in_worker_processes_gives_what_one_process_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import formatter

    files = {f"pkg/m{i}.py": f"def f{i}( y ):\n  return [y,{i}]\n" for i in range(6)} | UNFORMATTED
    alone = format_files(files)
    spawned: list[int] = []
    pool = formatter.multiprocessing.get_context("fork").Pool

    def counting_pool(workers: int) -> object:
        spawned.append(workers)
        return pool(workers)

    monkeypatch.setattr(formatter, "PARALLEL_FROM", 0)
    monkeypatch.setattr(formatter.multiprocessing.get_context("fork"), "Pool", counting_pool)
    together = format_files(files)
    assert together == alone and list(together) == list(files)
    assert spawned == [min(8, os.cpu_count() or 1)] or (os.cpu_count() or 1) < 2  # 8 distinct sources
    assert alone["pkg/m3.py"] == "def f3(y):\n    return [y, 3]\n"
