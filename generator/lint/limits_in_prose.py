"""Limits stated in prose about the value being described ("between 1 and 100", "at most 64
characters", "Max length: 12"), told apart from numbers that are about something else.

Descriptions are full of numbers that are not limits of the value: conditions ("if this value
is less than 1, accuracy improves"), effects ("a boost between 0 and 1.0 decreases the score"),
other things ("up to 10 VLANs can be created", "more than 98% confident", "up to 2 decimal
places"), octal literals ("between 0000 and 0777"). A phrase counts as a claim about the value
only when its sentence has no condition, it is said of the value (after a modal or copula,
"must be", "can range", "is", or at the start of a clause, "…, at most 64 characters"), or it
is a label ("Max length: 12"); the word after the number is kept as its unit for the caller
to check against the schema's type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"`?(-?\d(?:[\d,]*\d)?(?:\.\d+)?)(?!\w|-\w)`?"
_UNIT = r"(?:\s*(?P<percent>%)|\s+(?P<unit>[A-Za-z][A-Za-z-]*))?"
_MODALS = (
    r"must|should|shall|can|cannot|can't|may|needs?\s+to|has\s+to|have\s+to|is|are|be|accepts?|allowed|"
    r"valid|ranges?|limited|restricted|expected"
)
_RANGE = re.compile(
    r"\b(?:between|from)\s+" + _NUMBER.replace("(-?", "(?P<low>-?") + r"\s+(?:and|to)\s+"
    + _NUMBER.replace("(-?", "(?P<high>-?") + _UNIT,
    re.IGNORECASE,
)  # fmt: skip
_LABEL = r"(?:\s+[a-z]+){0,2}\s*(?::|=|\bis\b|\bof\b)"
_UPPER = re.compile(
    r"\b(?:max(?:imum)?" + _LABEL + r"|max(?:imum)?(?:\s+of)?|at\s+most|up\s+to|no\s+more\s+than|"
    r"(?:must\s+not|cannot|can't|may\s+not|should\s+not)\s+exceed|not\s+exceeding|"
    r"less\s+than\s+or\s+equal\s+to|limited\s+to|(?<!no\s)(?:less|fewer)\s+than)\s+"
    + _NUMBER.replace("(-?", "(?P<number>-?") + _UNIT,
    re.IGNORECASE,
)  # fmt: skip
_LOWER = re.compile(
    r"\b(?:min(?:imum)?" + _LABEL + r"|min(?:imum)?(?:\s+of)?|at\s+least|no\s+(?:fewer|less)\s+than|"
    r"greater\s+than\s+or\s+equal\s+to|(?<!no\s)(?:greater|more)\s+than)\s+"
    + _NUMBER.replace("(-?", "(?P<number>-?") + _UNIT,
    re.IGNORECASE,
)  # fmt: skip
_IS_LABEL = re.compile(r"^(?:max|min)(?:imum)?" + _LABEL, re.IGNORECASE)
_TAG = re.compile(r"<[^<>\n]*>")  # HTML, and `<Name>` placeholders ("2 <TrackingCategory> elements")
_DEFAULT = re.compile(r"\bdefaults?\b(?:\s+(?:value|is|to|of|at))*\s+`?-?\d[\d,.]*`?", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]*(?:\.(?=\S)[^.!?\n]*)*[.!?]?")
_CONDITION = re.compile(
    r"\b(?:if|when|whenever|unless|until|once|otherwise|whether|e\.g|for\s+example|such\s+as|per|each\s+time|"
    r"for\s+each|will|so\s+that)\b",
    re.IGNORECASE,
)
_SAID_OF_VALUE = re.compile(r"\b(?:" + _MODALS + r")\b[^,;:()]*$", re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:^|[,;:(—]|\s-)\s*(?:(?:and|or|but|which\s+is|it\s+is)\s+)?$", re.IGNORECASE)
_OTHER_SUBJECT = re.compile(r"`[\w.]+`\s+(?:is|are|was|were)\s+$")
# Words after a number that continue the phrase rather than name a unit.
_FOLLOWERS = frozenset({"and", "or", "inclusive", "exclusive", "including", "included", "but", "which", "where"})


@dataclass(frozen=True)
class Claim:
    """A limit the text states about the described value.

    ``side``: ``range``, ``upper`` or ``lower``; ``strict``: "less/fewer/greater/more than";
    ``unit``: the noun after the (last) number, lower case ("" when none, "%" for a percentage)."""

    phrase: str
    numbers: tuple[float, ...]
    side: str
    strict: bool
    unit: str


def claims(text: str) -> list[Claim]:
    """The limit phrases of ``text`` said of the value itself (see the module docstring)."""
    if not re.search(r"\d", text):
        return []
    # a line break inside a paragraph is a space; one before a list item or blank line ends a sentence
    prose = re.sub(r"\n(?!\s*(?:[-*•]\s|\d+\.\s|\n))", " ", _DEFAULT.sub(" ", _TAG.sub(" ", text)))
    found: list[Claim] = []
    for sentence in _SENTENCE.findall(prose):
        if not re.search(r"\d", sentence) or _CONDITION.search(sentence):
            continue
        for side, pattern in (("range", _RANGE), ("upper", _UPPER), ("lower", _LOWER)):
            for match in pattern.finditer(sentence):
                claim = _claim(sentence, match, side)
                if claim is not None:
                    found.append(claim)
    return found


def _claim(sentence: str, match: re.Match[str], side: str) -> Claim | None:
    raw = [match.group("low"), match.group("high")] if side == "range" else [match.group("number")]
    if any(_is_octal(number) for number in raw):
        return None
    before = sentence[: match.start()]
    if _OTHER_SUBJECT.search(before[-40:]):
        return None  # "if `n` is greater than 1": a condition on another field
    label = bool(_IS_LABEL.match(match.group(0)))
    if not (label or _SAID_OF_VALUE.search(before) or _CLAUSE_START.search(before)):
        return None
    unit = "%" if match.group("percent") else (match.group("unit") or "").lower()
    if unit in _FOLLOWERS:
        unit = ""
    end = match.end("high" if side == "range" else "number")
    phrase = " ".join(sentence[match.start() : end + (sentence[end : end + 1] == "`")].split())
    if unit and unit != "%":
        phrase += f" {unit}"
    lowered = phrase.lower()
    strict = any(word in lowered for word in ("less than", "fewer than", "greater than", "more than"))
    strict = strict and "equal" not in lowered
    numbers = tuple(float(number.replace(",", "")) for number in raw)
    return Claim(phrase, numbers, side, strict, unit)


def _is_octal(number: str) -> bool:
    """``0777``: a file mode written in octal, not the decimal 777."""
    digits = number.lstrip("-")
    return len(digits) > 1 and digits.startswith("0") and "." not in digits and "," not in digits
