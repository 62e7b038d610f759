"""Every real spec loads, bundles and type-checks; positions point into the file the text is in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import SpecInputError
from generator.spec.load import load_spec
from generator.spec.refs import local_target
from generator.spec.shape import check_shape
from tests.real.corpus import CORPUS, RealSpec, lint_real, real_specs

SPECS = real_specs()


def test_the_corpus_is_all_there() -> None:
    assert len(SPECS) == 15
    for spec in SPECS:
        assert spec.path.is_file(), spec.path


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_loads_bundles_and_type_checks(spec: RealSpec) -> None:
    loaded = load_spec(spec.path, root=spec.root)
    check_shape(loaded)
    assert loaded.operations, "every spec of the corpus has operations or webhooks"
    # Every reference of the bundle (but vendor data) is local and resolves.
    for reference in loaded.index.refs:
        if reference.kind != "extension":
            target = local_target(reference.ref)
            assert target is not None and loaded.get(target) is not None, (reference.holder, reference.ref)


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_lints_without_crashing_and_places_every_finding_in_a_real_file(spec: RealSpec) -> None:
    findings = lint_real(spec)
    files = {Path(finding.file).resolve() for finding in findings}
    for file in files:
        assert file.is_file(), file
        assert file.is_relative_to(CORPUS.resolve()), file
    for finding in findings:
        assert finding.line >= 1, finding
        text = Path(finding.file).read_text(encoding="utf-8").splitlines()
        assert finding.line <= len(text), finding


def test_a_split_spec_names_the_file_its_text_is_in() -> None:
    """lob keeps every path item, parameter and response in its own file."""
    lob = next(spec for spec in SPECS if spec.name == "lob")
    loaded = load_spec(lob.path)
    parameters = loaded.data["components"]["parameters"]
    assert "limit" in parameters
    place = loaded.place("/components/parameters/limit/schema")
    assert place.file.endswith("shared/parameters/limit.yml")
    assert place.pointer == "/schema"
    lines = Path(place.file).read_text(encoding="utf-8").splitlines()
    assert lines[place.line - 2].strip() == "schema:"  # a mapping's position is where its first key is
    # A path item (OpenAPI 3.0 has no components/pathItems) is copied in place and placed in its file.
    place = loaded.place("/paths/~1addresses/get")
    assert place.file.endswith("resources/addresses/addresses.yml")
    assert Path(place.file).read_text(encoding="utf-8").splitlines()[place.line - 2].startswith("get:")


def test_a_spec_that_refers_above_its_folder_needs_a_wider_root() -> None:
    opensearch = next(spec for spec in SPECS if spec.name == "opensearch-cluster")
    with pytest.raises(SpecInputError) as caught:
        load_spec(opensearch.path)
    assert "leaves the spec's folder" in caught.value.message
    assert "--spec-root" in caught.value.message
    assert caught.value.file.endswith("cluster.yaml") and caught.value.line > 0
    loaded = load_spec(opensearch.path, root=opensearch.root)
    # `../schemas/cluster.weighted_routing.yaml#/components/schemas/WeightsBase` is a schema, placed as one.
    place = loaded.place("/components/schemas/WeightsBase")
    assert place.file.endswith("spec/schemas/cluster.weighted_routing.yaml")
    assert place.pointer == "/components/schemas/WeightsBase"


def test_a_well_kept_spec_passes_lint_with_the_defaults(run_cli: Callable[..., Any]) -> None:
    """petstore3, Swagger's reference spec, is the corpus's well-kept spec: `specgen lint` with the
    default rules and `fail-on = warning` exits 0 (its two notes: request bodies it defines but
    inlines). iceberg-rest-catalog, also carefully kept, does not pass and should not: 5 `nullable:
    true` that OpenAPI 3.1 ignores and 16 examples that do not match their schemas (see
    docs/rules/precision.md)."""
    petstore = next(spec for spec in SPECS if spec.name == "petstore3")
    result = run_cli("lint", petstore.path, "--no-cache")
    assert result.code == 0, result.out
    assert result.out.splitlines()[-1] == "2 findings (0 errors, 0 warnings, 2 info)"
    iceberg = next(spec for spec in SPECS if spec.name == "iceberg-rest-catalog")
    assert run_cli("lint", iceberg.path, "--no-cache").code == 1
