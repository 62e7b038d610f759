"""The peer tools, installed into ``benchmarks/.work`` (git-ignored), never globally.

- a virtualenv ``.work/peers`` with ``requirements-peers.txt`` (openapi-python-client,
  datamodel-code-generator with black and isort, the official ``openai`` package);
- an npm prefix ``.work`` with ``package.json`` + ``package-lock.json`` (Redocly CLI, Spectral).

Each is (re)installed only when its pinned file changed since the last install (a stamp
file holds the sha256 of what was installed).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from harness import REPO, WORK

BENCH = REPO / "benchmarks"
PEERS_VENV = WORK / "peers"
PEERS_BIN = PEERS_VENV / "bin"
NODE_BIN = WORK / "node_modules" / ".bin"
REQUIREMENTS = BENCH / "requirements-peers.txt"
NPM_FILES = (BENCH / "package.json", BENCH / "package-lock.json")


def _fingerprint(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _current(stamp: Path, fingerprint: str) -> bool:
    try:
        return stamp.read_text(encoding="utf-8").strip() == fingerprint
    except OSError:
        return False


def base_python() -> str:
    """The interpreter specgen's venv was made from (the same Python for both venvs)."""
    return str(getattr(sys, "_base_executable", sys.executable))


def install_python_peers(log: bool = True) -> None:
    """Create ``.work/peers`` and install the pinned Python peers into it."""
    stamp = PEERS_VENV / ".installed"
    fingerprint = _fingerprint(REQUIREMENTS)
    if _current(stamp, fingerprint):
        return
    if log:
        print(f"setting up {PEERS_VENV.relative_to(REPO)} from {REQUIREMENTS.name} ...", file=sys.stderr)
    shutil.rmtree(PEERS_VENV, ignore_errors=True)
    subprocess.run([base_python(), "-m", "venv", str(PEERS_VENV)], check=True)
    pip = [str(PEERS_BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(fingerprint + "\n", encoding="utf-8")


def install_npm_peers(log: bool = True) -> None:
    """``npm ci`` Redocly CLI and Spectral into the ``.work`` prefix, from the committed lock file."""
    stamp = WORK / ".npm-installed"
    fingerprint = _fingerprint(*NPM_FILES)
    if _current(stamp, fingerprint) and (NODE_BIN / "redocly").exists() and (NODE_BIN / "spectral").exists():
        return
    if shutil.which("npm") is None:
        raise SystemExit("npm not found: Redocly CLI and Spectral need node and npm")
    if log:
        print("installing Redocly CLI and Spectral into benchmarks/.work (npm ci) ...", file=sys.stderr)
    WORK.mkdir(parents=True, exist_ok=True)
    for path in NPM_FILES:
        shutil.copyfile(path, WORK / path.name)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(WORK)], check=True)
    stamp.write_text(fingerprint + "\n", encoding="utf-8")


def install(python: bool = True, npm: bool = True) -> None:
    """Everything the cases need."""
    WORK.mkdir(parents=True, exist_ok=True)
    if python:
        install_python_peers()
    if npm:
        install_npm_peers()


def versions() -> dict[str, str]:
    """Installed versions of the peers (for the results' header)."""
    found: dict[str, str] = {}
    script = (
        "import importlib.metadata as m, json\n"
        "names = ['openapi-python-client', 'datamodel-code-generator', 'black', 'isort', 'ruff', 'openai', "
        "'httpx', 'httpx2', 'pydantic']\n"
        "out = {}\n"
        "for n in names:\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: pass\n"
        "print(json.dumps(out))\n"
    )
    if (PEERS_BIN / "python").exists():
        result = subprocess.run([str(PEERS_BIN / "python"), "-c", script], capture_output=True, text=True, check=False)
        if result.returncode == 0:
            found.update(json.loads(result.stdout))
    for package in ("@redocly/cli", "@stoplight/spectral-cli"):
        manifest = WORK / "node_modules" / Path(package) / "package.json"
        if manifest.exists():
            found[package] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return found
