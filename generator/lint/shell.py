"""Shell samples: POSIX-style word splitting with quote diagnostics, and curl command lines.

Only what documentation samples use is understood: quotes, backslash escapes and line
continuations, comments, ``;``/``&&``/``||``/``|`` between commands, and ``$(...)``.
Nothing is expanded or executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SEPARATORS = ("&&", "||", ";", "|", "\n")
_CURL_VALUE_OPTIONS = {
    "-H": "header",
    "--header": "header",
    "-X": "method",
    "--request": "method",
    "-d": "data",
    "--data": "data",
    "--data-raw": "data",
    "--data-binary": "data",
    "--data-ascii": "data",
    "--data-urlencode": "urlencoded",
    "--json": "json",
    "-F": "form",
    "--form": "form",
    "--form-string": "form",
    "--url": "url",
}
_CURL_OTHER_VALUES = {
    "-o", "--output", "-u", "--user", "-A", "--user-agent", "-e", "--referer", "-b", "--cookie", "-c",
    "--cookie-jar", "-T", "--upload-file", "-w", "--write-out", "-m", "--max-time", "--connect-timeout",
    "--retry", "-x", "--proxy", "-K", "--config", "--cacert", "--cert", "--key", "-r", "--range",
    "-D", "--dump-header",
}  # fmt: skip


@dataclass(frozen=True)
class Word:
    """A shell word after quote removal, with the offset in the sample where it starts."""

    text: str
    start: int


@dataclass(frozen=True)
class QuoteError:
    """An unterminated quote: which quote character and where the culprit quote opens."""

    quote: str
    offset: int
    excerpt: str


@dataclass
class Curl:
    """What a curl command line sends."""

    url: str = ""
    url_offset: int = 0
    method: str = ""
    headers: list[tuple[str, str, int]] = field(default_factory=list)
    malformed_headers: list[tuple[str, int]] = field(default_factory=list)  # -H text without a colon
    bodies: list[tuple[str, int, str]] = field(default_factory=list)
    form: bool = False

    @property
    def effective_method(self) -> str:
        """The HTTP method curl uses: ``-X``, else POST when sending data, else GET."""
        if self.method:
            return self.method.upper()
        return "POST" if self.bodies or self.form else "GET"


def split_commands(text: str) -> tuple[list[list[Word]], QuoteError | None]:
    """The sample's commands as word lists; an unterminated quote stops splitting and is returned."""
    commands: list[list[Word]] = []
    words: list[Word] = []
    current: list[str] = []
    start = -1
    index = 0
    spans: list[tuple[int, int, str]] = []

    def finish_word() -> None:
        nonlocal current, start
        if start >= 0:
            words.append(Word("".join(current), start))
        current, start = [], -1

    def finish_command() -> None:
        nonlocal words
        finish_word()
        if words:
            commands.append(words)
        words = []

    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            if text[index + 1] == "\n":
                index += 2
                continue
            start = index if start < 0 else start
            current.append(text[index + 1])
            index += 2
            continue
        if char in "'\"":
            start = index if start < 0 else start
            end = _closing(text, index)
            if end < 0:
                spans.append((index, len(text), char))
                return commands, _culprit(text, spans)
            spans.append((index, end, char))
            current.append(_unquote(text[index + 1 : end], char))
            index = end + 1
            continue
        if char in "$<>" and text[index + 1 : index + 2] == "(":
            end = _balanced(text, index + 1)
            start = index if start < 0 else start
            current.append(text[index:end])
            index = end
            continue
        if char == "#" and start < 0:
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
            continue
        separator = next((s for s in _SEPARATORS if text.startswith(s, index)), None) if char in "&|;\n" else None
        if separator:
            finish_command()
            index += len(separator)
            continue
        if char in " \t\r":
            finish_word()
            index += 1
            continue
        start = index if start < 0 else start
        current.append(char)
        index += 1
    finish_command()
    return commands, None


def _closing(text: str, index: int) -> int:
    quote = text[index]
    position = index + 1
    while position < len(text):
        char = text[position]
        if quote == '"' and char == "\\":
            position += 2
            continue
        if char == quote:
            return position
        position += 1
    return -1


def _unquote(body: str, quote: str) -> str:
    if quote == "'":
        return body
    return re.sub(r'\\([$`"\\\n])', lambda m: "" if m.group(1) == "\n" else m.group(1), body)


def _balanced(text: str, index: int) -> int:
    depth = 0
    for position in range(index, len(text)):
        if text[position] == "(":
            depth += 1
        elif text[position] == ")":
            depth -= 1
            if depth == 0:
                return position + 1
    return len(text)


def _culprit(text: str, spans: list[tuple[int, int, str]]) -> QuoteError:
    """The quote most likely left open: the first double-quoted span that swallows a line
    continuation (``... \\`` then a new line), else the quote left open at the end."""
    chosen = spans[-1]
    for begin, end, quote in spans:
        inside = text[begin:end]
        if quote == '"' and re.search(r"\\\n", inside):
            chosen = (begin, end, quote)
            break
    begin, _, quote = chosen
    line_end = text.find("\n", begin)
    line_start = text.rfind("\n", 0, begin) + 1
    excerpt = text[line_start : len(text) if line_end < 0 else line_end].strip()
    return QuoteError(quote, begin, excerpt)


def parse_curl(words: list[Word]) -> Curl | None:
    """The curl invocation in ``words`` (None when the command is not curl)."""
    if not words or words[0].text != "curl":
        return None
    curl = Curl()
    index = 1
    while index < len(words):
        word = words[index]
        option, value, value_start, step = _option(words, index)
        kind = _CURL_VALUE_OPTIONS.get(option)
        if kind is not None and value is not None:
            _apply(curl, kind, value, value_start)
        elif option in _CURL_OTHER_VALUES or option == "-G":
            pass
        elif not word.text.startswith("-") and not curl.url:
            curl.url, curl.url_offset = word.text, word.start
        index += step
    return curl


def _option(words: list[Word], index: int) -> tuple[str, str | None, int, int]:
    """``(option, value, value offset, words consumed)`` at ``index``."""
    text = words[index].text
    if not text.startswith("-") or text == "-":
        return "", None, 0, 1
    if text.startswith("--"):
        name, _, attached = text.partition("=")
        if attached:
            return name, attached, words[index].start, 1
        if name in _CURL_VALUE_OPTIONS or name in _CURL_OTHER_VALUES:
            following = words[index + 1] if index + 1 < len(words) else None
            return name, following.text if following else None, following.start if following else 0, 2
        return name, None, 0, 1
    name = text[:2]
    if name in _CURL_VALUE_OPTIONS or name in _CURL_OTHER_VALUES:
        if len(text) > 2:
            return name, text[2:], words[index].start, 1
        following = words[index + 1] if index + 1 < len(words) else None
        return name, following.text if following else None, following.start if following else 0, 2
    return text, None, 0, 1


def _apply(curl: Curl, kind: str, value: str, start: int) -> None:
    if kind == "header":
        if ":" not in value and not value.rstrip().endswith(";") and not value.startswith("@"):
            curl.malformed_headers.append((value, start))  # `Name;` sends an empty header, `@file` reads them
            return
        name, _, header_value = value.partition(":")
        curl.headers.append((name.strip(), header_value.strip(), start))
    elif kind == "method":
        curl.method = value
    elif kind in ("data", "json", "urlencoded"):
        curl.bodies.append((value, start, kind))
    elif kind == "form":
        curl.form = True
    elif kind == "url":
        curl.url, curl.url_offset = value, start


_URL = re.compile(r"""(?:https?://|\$\{?\w+\}?/)[^\s'"\\]+""")
_HEADER = re.compile(r"""(?:-H|--header)\s+["']?([A-Za-z0-9-]+):\s*([^"'\n\\]*)""")
_BODY = re.compile(r"""(?:-d|--data(?:-raw|-binary)?|--json)\s+'([^']*)'""")
_METHOD = re.compile(r"""(?:-X|--request)\s*["']?([A-Za-z]+)""")


def scrape_curl(text: str) -> Curl | None:
    """Best-effort reading of a curl sample whose quoting is broken, by pattern matching."""
    if "curl" not in text:
        return None
    curl = Curl()
    url = _URL.search(text)
    if url:
        curl.url, curl.url_offset = url.group(0), url.start()
    curl.headers = [(m.group(1), m.group(2).strip(), m.start(1)) for m in _HEADER.finditer(text)]
    curl.bodies = [(m.group(1), m.start(1), "data") for m in _BODY.finditer(text)]
    curl.form = bool(re.search(r"(?:^|\s)(?:-F|--form)\s", text))
    method = _METHOD.search(text)
    if method:
        curl.method = method.group(1)
    return curl
