"""specgen's models against datamodel-code-generator's (the reference), on the fragment, the whole
OpenAI spec and every spec of the real corpus: both must accept and reject the same instances.

A disagreement is a bug in one of the two. Ours get fixed; theirs are listed in
``known_differences.yaml`` with the reason, and an entry that no longer matches anything fails too
(a listing that outlives its bug would hide the next one).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.spec.load import load_spec
from tests.models.differential import Comparison, Verdict, compare, our_models, their_models
from tests.real.corpus import REPO, real_specs

KNOWN = Path(__file__).with_name("known_differences.yaml")
#: Of our classes for component schemas, the share datamodel-code-generator must have a class for
#: with the same members (the rest are compared nowhere: it names or shapes them differently).
MIN_PAIRED = 0.9


@dataclass(frozen=True)
class Target:
    name: str
    path: Path
    root: Path | None

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class KnownDifference:
    """datamodel-code-generator's bug, seen on these components of one spec (``*``: on any of them)."""

    spec: str
    components: tuple[str, ...]
    label: str  # a substring of the instance's label ("" for any instance of the components)
    why: str

    def matches(self, verdict: Verdict) -> bool:
        return verdict.spec == self.spec and self.covers(verdict.component) and self.label in verdict.label

    def covers(self, component: str) -> bool:
        return self.components == ("*",) or component in self.components


def _targets() -> list[Target]:
    found = [
        Target("fragment", REPO / "spec" / "file_batches.yaml", None),
        Target("openai-whole", REPO / "spec" / "upstream" / "openai-openapi.f85dbe2.yaml", None),
    ]
    return found + [Target(spec.name, spec.path, spec.root) for spec in real_specs()]


@functools.cache
def known_differences() -> tuple[KnownDifference, ...]:
    entries = yaml.safe_load(KNOWN.read_text(encoding="utf-8"))
    return tuple(
        KnownDifference(entry["spec"], tuple(entry["components"]), entry.get("label", ""), entry["why"])
        for entry in entries
    )


def test_known_differences_name_specs_of_the_test() -> None:
    names = {str(target) for target in _targets()}
    for known in known_differences():
        assert known.spec in names, known
        assert known.components and known.why.strip(), known


@pytest.fixture(scope="module", params=_targets(), ids=str)
def comparison(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Comparison:
    target: Target = request.param
    folder = tmp_path_factory.mktemp(f"differential-{target.name}")
    spec = load_spec(target.path, root=target.root)
    slug = target.name.replace("-", "_")
    theirs = their_models(spec, folder, f"reference_{slug}")
    ours, ir = our_models(spec, folder, f"specgen_{slug}")
    return compare(target.name, spec, ir, ours, theirs)


@pytest.mark.slow
def test_both_generators_judge_every_instance_alike(comparison: Comparison) -> None:
    unexplained = [v for v in comparison.disagreements if not any(k.matches(v) for k in known_differences())]
    lines = [
        f"{v.component} | {v.label}: specgen {'accepts' if v.ours else 'rejects'}, "
        f"datamodel-code-generator {'accepts' if v.theirs else 'rejects'} {str(v.instance)[:300]}"
        for v in unexplained[:20]
    ]
    assert not unexplained, f"{len(unexplained)} disagreements on {comparison.spec}:\n" + "\n".join(lines)


@pytest.mark.slow
def test_every_known_difference_is_still_seen(comparison: Comparison) -> None:
    for known in known_differences():
        if known.spec == comparison.spec:
            for component in known.components:
                seen = [v for v in comparison.disagreements if known.matches(v) and component in ("*", v.component)]
                assert seen, f"{comparison.spec} {component} ({known.label!r}) agrees now: remove it from {KNOWN.name}"


@pytest.mark.slow
def test_most_classes_are_compared_on_many_instances(comparison: Comparison) -> None:
    assert comparison.classes > 0
    assert comparison.pairs >= MIN_PAIRED * comparison.classes, comparison
    assert comparison.instances >= comparison.pairs, comparison
