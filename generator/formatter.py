"""Stage 7, format: black, in process, over every generated Python file.

Black is the slowest stage (about 0.1 s per 10 KB of source, twice that when it changes
anything), so it is run only where it can change something:

- files rendered from a built-in template listed in :data:`BLACK_STABLE_TEMPLATES` are left
  as rendered. Such a template uses no Jinja construct but ``{{ header }}`` (one comment
  line) and comments, so its rendering is the template text plus a comment, and black leaves
  it unchanged whatever the spec (the shared runtime and the generated tests' code are such
  templates: what depends on the spec is in ``_constants.py`` and ``tests/cases.json``).
  Each entry holds the sha256 of the template text it was verified for, so an edited
  template is formatted again until it is re-verified (``tests/perf/test_black_stable.py``
  checks and prints the entries);
- with a :class:`~generator.cache.TextCache` (``specgen generate`` without ``--no-cache``),
  black's output is looked up by the sha256 of its input, black's version and the mode;
- identical inputs in one run are formatted once.

None of these changes a byte of the output: each returns what black would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from pathlib import Path

from generator.cache import TextCache, key_of, tool_fingerprint

LINE_LENGTH = 120
TARGET_VERSION = "PY311"

# Built-in template -> sha256 of the template text verified black-stable (see the module docstring).
BLACK_STABLE_TEMPLATES: dict[str, str] = {
    "_base_client.py.jinja": "f24aa7c36c3b99963b528d4e6c7c5f1dda7b75ac23fd88b675f67477db80c511",
    "_checks.py.jinja": "c3de4e9fe16cb4ec3d8e0a40347f519dcccf4f296eb624dcb85b3bd28d5d8421",
    "_exceptions.py.jinja": "6cc56226a32da61fad54c32adbc3a08ccf5663a4a4f21221de48ffe14f18b6d5",
    "_files.py.jinja": "2107689a4ca53ec1b8d410e2c1a1deeeaff145dd14e525941a1ebb1581d9c057",
    "_pagination.py.jinja": "988fdfad316159f023993f574a4e7ed61f33525864158a1c8437aec033006c71",
    "_polling.py.jinja": "4644ae1bbafbf467eb0273792155ba111667575c0f3de18058285ba8a561ab57",
    "_request.py.jinja": "27f632ccd7bcbd42077e6dcaaa36f205f0f48a43deab954dfafdaa7d0345ac47",
    "_response.py.jinja": "f04d75c2e735883d5e3556d4d1b98b9d8045b1582f6a9bbea232f2496364b7e5",
    "_streaming.py.jinja": "f94b4ed44e7f4445e8d45a864ee0c5fc594fd2e0e9066f3d0d0c07b0583de2e1",
    "_types.py.jinja": "3c46bfabc418122ad9c0a1e738304ec1e064e9d0d4fdf5690211cb0aeed33398",
    "_validation.py.jinja": "dbc725dadc8b212a5a11194d14468316f7d5c49ad9078b7811957102963e0879",
    "tests_conftest.py.jinja": "902de1df213d213a8b9ffe7c9a41f7b14e99f53d7132c3e58e88009a8cb74e2a",
    "tests_init.py.jinja": "28800926a39af222742feed45038767f121f52313690b530a0f67372f5d00de9",
    "tests_live.py.jinja": "8f146627ab3e54fa55fc017d15698ddd23bf3e73caa061a05a55d278819ce2e2",
    "tests_models.py.jinja": "9cf5cd5b3284b10563c587fac6b148fe43d77c2acdee0c48804fb004acda1824",
    "tests_operations.py.jinja": "47e95d07a4229e8339152464179640a234c38997ed30da94cb9e9084c4226b67",
    "tests_support.py.jinja": "c0b1fe539da90fce636584f2b7a82683dfbe59f4b7fd13e02cf4c2495fc44f80",
}


def format_files(
    files: dict[str, str], *, stable: Collection[str] = (), cache: TextCache | None = None
) -> dict[str, str]:
    """The same files with ``.py`` sources formatted by black (others unchanged).

    ``stable``: paths known to be black-stable (not formatted). ``cache``: black's outputs by input.
    """
    result: dict[str, str] = {}
    pending: dict[str, str] = {}
    keys: dict[str, str] = {}
    fingerprint = black_fingerprint() if cache is not None else ""
    for path, text in files.items():
        if not path.endswith(".py") or path in stable:
            result[path] = text
            continue
        if cache is not None:
            key = keys[path] = key_of("black", fingerprint, text)
            hit = cache.get(key)
            if hit is not None:
                result[path] = hit
                continue
        pending[path] = text
    if pending:
        done: dict[str, str] = {}
        for path, text in pending.items():
            if text not in done:
                done[text] = format_source(text, path)
                if cache is not None:
                    cache.put(keys[path], done[text])
            result[path] = done[text]
    if cache is not None:
        cache.prune()
    return {path: result[path] for path in files}


def format_source(text: str, path: str = "<string>") -> str:
    """``text`` formatted by black with specgen's mode."""
    import black  # imported here: only generation needs it, and not when every file is cached

    mode = black.Mode(line_length=LINE_LENGTH, target_versions={black.TargetVersion[TARGET_VERSION]})
    try:
        formatted: str = black.format_str(text, mode=mode)
    except black.InvalidInput as exc:  # a template bug, not bad input: say where
        raise ValueError(f"generated {path} is not valid Python: {exc}") from None
    return formatted


def black_fingerprint() -> str:
    """What black's output depends on besides its input: its version, its installed code and our mode."""
    return f"line_length={LINE_LENGTH}\ntarget={TARGET_VERSION}\n{tool_fingerprint('black', 'black')}"


def stable_paths(outputs: Mapping[str, str], builtin: Path, user_templates: Path | None) -> frozenset[str]:
    """Output paths rendered from unmodified, verified black-stable built-in templates.

    ``outputs``: template name -> the one file it renders (``generator.render.fixed_outputs``).
    """
    paths = set()
    for name, expected in BLACK_STABLE_TEMPLATES.items():
        if name not in outputs or not expected or (user_templates is not None and (user_templates / name).exists()):
            continue  # never verified, or the user's template replaces ours
        try:
            actual = hashlib.sha256((builtin / name).read_bytes()).hexdigest()
        except OSError:
            continue
        if actual == expected:
            paths.add(outputs[name])
    return frozenset(paths)
