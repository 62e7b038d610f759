"""Output safety: a killed run leaves the previous output byte-identical or the new one complete;
output paths that cannot be written are one clear error and change nothing.

SIGKILL trials (complementing ``tests/generate/test_write.py``): 50 kills of the write stage,
slowed down (``os.fsync``, ``os.link``, the swap, the removal of the old tree) and announcing its
phases, so that kills land while the new tree is staged (15), just before and at the swap (20)
and while the old tree is removed (15); 10 kills of
the same stage on the two-rename path used where ``renameat2`` is missing (then the next run
repairs the interrupted swap); and 4 kills of the whole ``specgen generate`` command at times
spread over its run. Every state is compared byte for byte with the previous and the new tree.

Read-only output: as root, file permissions do not stop writes, so a real read-only file
system is used: a read-only bind mount in a private mount namespace (``unshare --mount``),
an immutable folder (``chattr +i``) and a full file system (a small tmpfs).
"""

from __future__ import annotations

import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import Options, generate, inputs_hash
from generator.write import digest
from tests.hostile.support import REPO, assert_refused, child_env, cli, dump, json_response, ref, snapshot, spec

# The write stage of `specgen generate` in a child, slowed down, announcing its phases on stdout:
# "go" (staging starts), "swap" (just before the swap), "swapped" (old tree being removed), and on the
# two-rename path "renamed" after each rename.
_WRITER = """
import os, pickle, shutil, sys, time
from pathlib import Path
import generator.write as w

out, data, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
files, inputs, sources = pickle.loads(Path(data).read_bytes())
real_fsync, real_link, real_swap, real_rename, real_rmtree = os.fsync, os.link, w._swap, os.rename, shutil.rmtree

def say(word):
    sys.stdout.write(word + "\\n")
    sys.stdout.flush()

def fsync(fd):
    time.sleep(0.004)
    real_fsync(fd)

def link(src, dst, **kw):
    time.sleep(0.002)
    real_link(src, dst, **kw)

def swap(staging, target):
    say("swap")
    time.sleep(0.02)
    real_swap(staging, target)
    say("swapped")

def rename(src, dst):
    real_rename(src, dst)
    say("renamed")
    time.sleep(0.02)

def rmtree(path, *args, **kwargs):
    for child in sorted(Path(path).rglob("*"), reverse=True):
        time.sleep(0.001)
        (child.rmdir if child.is_dir() and not child.is_symlink() else child.unlink)()
    real_rmtree(path, *args, **kwargs)

w.os.fsync, w.os.link, w._swap = fsync, link, swap
shutil.rmtree = rmtree
if mode == "no-exchange":
    w._renameat2 = lambda: None
    w.os.rename = rename
say("go")
w.write(out, files, inputs, sources, w.compare_output(out, files))
say("done")
"""

# The whole command, its fsync slowed down.
_SLOW_CLI = """
import os, sys, time
import generator.write as w
real = os.fsync
def fsync(fd):
    time.sleep(0.003)
    real(fd)
w.os.fsync = fsync
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _spec(version: str) -> dict[str, Any]:
    """Two versions that differ in most files, and in which files exist."""
    if version == "old":
        paths = {
            "/alpha": {"get": {"operationId": "getAlpha", "description": "old", "responses": json_response(ref("A"))}},
            "/beta": {"delete": {"operationId": "dropBeta", "responses": {"204": {"description": "gone"}}}},
        }
        schemas = {"A": {"type": "object", "properties": {"a": {"type": "string"}}}}
    else:
        paths = {
            "/alpha": {"get": {"operationId": "getAlpha", "description": "new", "responses": json_response(ref("A"))}},
            "/gamma": {"post": {"operationId": "makeGamma", "responses": json_response(ref("G"))}},
        }
        schemas = {
            "A": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}},
            "G": {"type": "object", "properties": {"g": {"type": "boolean"}}},
        }
    return spec(paths, schemas)


class Trees:
    """The two output trees, and how to put the output folder back to the old one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.out = folder / "out"
        dump(folder / "old.yaml", _spec("old"))
        dump(folder / "new.yaml", _spec("new"))
        assert (
            cli("generate", "--spec", "old.yaml", "--out", "reference_old", "--package", "safe", cwd=folder).code == 0
        )
        self.old = snapshot(folder / "reference_old")
        options = Options(package="safe", spec_name="new.yaml")
        result = generate(folder / "new.yaml", options)
        sources = {"new.yaml": digest((folder / "new.yaml").read_bytes())}
        self.data = folder / "new.pickle"
        self.data.write_bytes(pickle.dumps((result.files, inputs_hash([folder / "new.yaml"], options), sources)))
        self.writer = folder / "writer.py"
        self.writer.write_text(_WRITER, encoding="utf-8")
        self.restore()
        probe = self.start("exchange")
        assert probe.wait(timeout=60) == 0, probe.stderr.read() if probe.stderr else ""
        self.new = snapshot(self.out)
        assert self.new != self.old and set(self.new) != set(self.old)

    def restore(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.copytree(self.folder / "reference_old", self.out)
        assert snapshot(self.out) == self.old

    def start(self, mode: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, str(self.writer), str(self.out), str(self.data), mode],
            cwd=REPO,
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stdout.readline() == b"go\n"
        return process

    def leftovers(self) -> list[str]:
        """Staging or swapped-out folders next to the output (the formatter cache is not one)."""
        return sorted(
            p.name for p in self.folder.iterdir() if p.name.startswith((".specgen-staging-", ".specgen-old-"))
        )


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> Trees:
    return Trees(tmp_path_factory.mktemp("kill"))


def _kill_after(process: subprocess.Popen[bytes], delay: float, marker: bytes = b"") -> None:
    """SIGKILL ``process`` ``delay`` seconds after it printed ``marker`` (or now)."""
    if marker:
        assert process.stdout is not None
        while process.stdout.readline() not in (marker + b"\n", b""):
            pass
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_50_kills_in_the_staging_and_swap_window_leave_old_or_new(trees: Trees) -> None:
    """Kills while staging (15), in the 20 ms before and at the swap (20), while the old tree is removed (15)."""
    start = time.monotonic()
    timing = trees.start("exchange")
    timing.wait(timeout=60)
    staging = time.monotonic() - start
    trees.restore()
    rng = random.Random(20261122)
    outcomes = {"old": 0, "new": 0}
    for trial in range(50):
        process = trees.start("exchange")
        if trial < 15:
            _kill_after(process, rng.uniform(0.0, 0.8) * staging)
        elif trial < 35:
            _kill_after(process, rng.uniform(0.0, 0.03), b"swap")
        else:
            _kill_after(process, rng.uniform(0.0, 0.05), b"swapped")
        state = snapshot(trees.out)
        assert state in (trees.old, trees.new), f"trial {trial}: a killed run left a mixed output folder"
        outcomes["old" if state == trees.old else "new"] += 1
        if trial % 2:  # half the trials start from the old tree; the others from whatever the kill left
            trees.restore()
    print(f"SIGKILL outcomes (write stage, renameat2): {outcomes}")
    assert outcomes["old"] >= 10 and outcomes["new"] >= 10, f"kills did not land on both sides of the swap: {outcomes}"
    final = trees.start("exchange")
    assert final.wait(timeout=60) == 0
    assert snapshot(trees.out) == trees.new
    assert trees.leftovers() == [], "a later run did not clean the staging folders of killed runs"


def test_kills_between_the_two_renames_are_repaired_by_the_next_run(trees: Trees) -> None:
    """Without renameat2 the swap is two renames; a kill right after the first leaves the old tree aside, which the
    next run puts back before anything else."""
    from generator.write import _recover

    rng = random.Random(7)
    missing = 0
    for trial in range(10):
        trees.restore()
        _kill_after(trees.start("no-exchange"), rng.uniform(0.0, 0.015), b"renamed")
        if not trees.out.exists():
            missing += 1
            assert (trees.folder / ".specgen-old-out").is_dir()
        _recover(trees.out)
        assert snapshot(trees.out) in (trees.old, trees.new), f"trial {trial}: not repaired to old or new"
    assert missing >= 5, f"only {missing} of 10 kills landed between the renames"
    trees.restore()
    final = trees.start("no-exchange")
    assert final.wait(timeout=60) == 0 and snapshot(trees.out) == trees.new
    assert trees.leftovers() == []


def test_kills_at_random_points_of_the_whole_command(trees: Trees) -> None:
    script = trees.folder / "slow_cli.py"
    script.write_text(_SLOW_CLI, encoding="utf-8")
    command = [sys.executable, str(script), "generate", "--spec", "new.yaml", "--out", "out", "--package", "safe"]
    trees.restore()
    start = time.monotonic()
    probe = subprocess.run(command, cwd=trees.folder, env=child_env(), capture_output=True, timeout=120, check=False)
    duration = time.monotonic() - start
    assert probe.returncode == 0, probe.stderr
    full_new = snapshot(trees.out)
    rng = random.Random(11)
    for trial in range(4):
        trees.restore()
        process = subprocess.Popen(
            command, cwd=trees.folder, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _kill_after(process, rng.uniform(0.1, 1.0) * duration)
        assert snapshot(trees.out) in (trees.old, full_new), f"trial {trial}: mixed output"
    assert subprocess.run(command, cwd=trees.folder, env=child_env(), timeout=120, check=False).returncode == 0
    assert snapshot(trees.out) == full_new and trees.leftovers() == []


# ---------------------------------------------------------------- output paths that cannot be written


def _can_unshare() -> bool:
    try:
        return (
            subprocess.run(["unshare", "--mount", "true"], capture_output=True, timeout=30, check=False).returncode == 0
        )
    except (OSError, subprocess.SubprocessError):
        return False


needs_mount_namespace = pytest.mark.skipif(
    not _can_unshare(), reason="needs `unshare --mount` (root or user namespaces) for a read-only file system"
)


def _in_namespace(setup: str, folder: Path, *args: str) -> tuple[int, str]:
    """Run ``specgen args`` in a private mount namespace after the shell ``setup`` (mounts)."""
    command = " ".join(f"'{a}'" for a in (sys.executable, "-m", "generator", *args))
    proc = subprocess.run(
        ["unshare", "--mount", "sh", "-c", f"{setup} && exec {command}"],
        cwd=folder,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return proc.returncode, proc.stderr


def _one_error(code: int, err: str, out: Path, words: str) -> None:
    lines = [line for line in err.splitlines() if " warning " not in line]
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("specgen: error: ") and str(out) in lines[0], err
    assert words in lines[0] and "Traceback" not in err, err


@pytest.fixture
def old_output(tmp_path: Path) -> tuple[Path, dict[str, bytes | None]]:
    dump(tmp_path / "old.yaml", _spec("old"))
    dump(tmp_path / "new.yaml", _spec("new"))
    assert cli("generate", "--spec", "old.yaml", "--out", "area/out", "--package", "safe", cwd=tmp_path).code == 0
    return tmp_path, snapshot(tmp_path / "area")


@needs_mount_namespace
def test_a_read_only_file_system_is_a_clear_error(old_output: tuple[Path, dict[str, bytes | None]]) -> None:
    folder, before = old_output
    area = folder / "area"
    setup = f"mount --bind '{area}' '{area}' && mount -o remount,ro,bind '{area}' '{area}'"
    code, err = _in_namespace(setup, folder, "generate", "--spec", "new.yaml", "--out", "area/out", "--package", "safe")
    _one_error(code, err, Path("area/out"), "Read-only file system")
    assert snapshot(area) == before
    arguments = ("generate", "--spec", "new.yaml", "--out", "area/fresh/out", "--package", "safe")
    code, err = _in_namespace(setup, folder, *arguments)
    _one_error(code, err, Path("area/fresh/out"), "Read-only file system")
    assert snapshot(area) == before


@needs_mount_namespace
def test_a_full_file_system_leaves_the_old_output(old_output: tuple[Path, dict[str, bytes | None]]) -> None:
    """On a tmpfs just big enough for the old output the new one cannot be staged: the old stays, nothing is left."""
    folder, _ = old_output
    area = folder / "area"
    saved = folder / "saved"
    shutil.copytree(area, saved)
    check = f"cd '{area}' && find . -type f -exec sha256sum {{}} + | sort && ls -A"
    used = sum(-(-p.stat().st_size // 4096) * 4096 + 4096 for p in area.rglob("*"))  # blocks, and one per inode
    setup = f"mount -t tmpfs -o size={used + 8192} tmpfs '{area}' && cp -a '{saved}/.' '{area}/'"
    script = f"{setup} && ({check}) > '{folder}/before.txt'"
    command = " ".join(f"'{a}'" for a in (sys.executable, "-m", "generator", "generate", "--spec", "new.yaml", "--out",
                                          "area/out", "--package", "safe"))  # fmt: skip
    proc = subprocess.run(
        [
            "unshare",
            "--mount",
            "sh",
            "-c",
            f"{script} && {command}; echo exit=$? >&2; ({check}) > '{folder}/after.txt'",
        ],
        cwd=folder,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    code = int(proc.stderr.rsplit("exit=", 1)[1].split()[0])
    _one_error(code, proc.stderr.rsplit("exit=", 1)[0], Path("area/out"), "No space left on device")
    # The same files with the same hashes, and the same names in the folder (so no staging folder was left).
    assert (folder / "after.txt").read_text() == (folder / "before.txt").read_text(), "the old output changed"


@pytest.mark.skipif(shutil.which("chattr") is None, reason="needs chattr")
def test_an_immutable_output_folder_is_a_clear_error(old_output: tuple[Path, dict[str, bytes | None]]) -> None:
    folder, before = old_output
    out = folder / "area" / "out"
    if subprocess.run(["chattr", "+i", str(out)], capture_output=True, check=False).returncode != 0:
        pytest.skip("the file system does not support immutable folders")
    try:
        result = cli("generate", "--spec", "new.yaml", "--out", "area/out", "--package", "safe", cwd=folder)
        assert_refused(result, "area/out", words="Operation not permitted")
    finally:
        subprocess.run(["chattr", "-i", str(out)], check=True)
    assert snapshot(folder / "area") == before
    assert not [p for p in (folder / "area").iterdir() if p.name.startswith(".specgen-")]


@pytest.mark.parametrize(
    ("out", "words"),
    [
        ("a_file", "output path exists and is not a folder"),
        ("a_file/child", "output path is inside a_file, which is not a folder"),
        ("a_file/deeper/child", "output path is inside a_file, which is not a folder"),
        ("/dev/null", "output path exists and is not a folder"),
        ("/proc/self/specgen", "cannot write output"),
        ("/sys/kernel/specgen", "cannot write output"),
    ],
)
def test_output_paths_that_cannot_be_folders(tmp_path: Path, out: str, words: str) -> None:
    dump(tmp_path / "new.yaml", _spec("new"))
    (tmp_path / "a_file").write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path, cache=False)
    result = cli("generate", "--spec", "new.yaml", "--out", out, "--package", "safe", cwd=tmp_path)
    assert_refused(result, out, words=words)
    assert snapshot(tmp_path, cache=False) == before


def test_a_file_where_a_package_folder_goes_is_not_replaced(tmp_path: Path) -> None:
    dump(tmp_path / "new.yaml", _spec("new"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "safe").write_text("not a package\n", encoding="utf-8")
    before = snapshot(tmp_path, cache=False)
    result = cli("generate", "--spec", "new.yaml", "--out", "out", "--package", "safe", cwd=tmp_path)
    assert_refused(result, "out", words="refusing to replace safe: a file where specgen needs a folder")
    assert snapshot(tmp_path, cache=False) == before


def test_os_level_write_errors_never_leave_staging_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error half way through staging (here: the 5th file cannot be written) is one line; the old output stays."""
    import generator.write as w

    dump(tmp_path / "old.yaml", _spec("old"))
    dump(tmp_path / "new.yaml", _spec("new"))
    assert cli("generate", "--spec", "old.yaml", "--out", "out", "--package", "safe", cwd=tmp_path).code == 0
    before = snapshot(tmp_path, cache=False)
    calls = {"n": 0}
    real = os.fsync

    def failing(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(w.os, "fsync", failing)
    result = cli("generate", "--spec", "new.yaml", "--out", "out", "--package", "safe", cwd=tmp_path)
    assert_refused(result, "out", words="cannot write output: No space left on device")
    assert snapshot(tmp_path, cache=False) == before
