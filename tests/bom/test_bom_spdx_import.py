"""SPDX 2.3 import: licence statements per package, never an exception for a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import audit, inventory, model

from audit.resolve.spdx_document import (
    SpdxLicenceStatement,
    normalise_expression,
    read_spdx_licences,
)

FIXTURES = Path(__file__).parent / "fixtures" / "spdx"


def _by_package(path: Path) -> dict[str, SpdxLicenceStatement]:
    result = read_spdx_licences(path, display_path=f"models/x/{path.name}")
    return {s.package: s for s in result.statements}


def test_json_document_gives_normalised_expressions_per_package() -> None:
    found = _by_package(FIXTURES / "acme-classifier.spdx.json")

    classifier = found["acme-claims-classifier"]
    assert classifier.declared == "MIT OR Apache-2.0"
    # written in lower case in the file: normalised to the SPDX list's spelling
    assert classifier.concluded == "MIT OR Apache-2.0"
    assert classifier.version == "2.1.0"
    assert classifier.supplier == "Organization: Acme Health GmbH"
    assert classifier.where == (
        "models/x/acme-classifier.spdx.json#SPDXRef-Package-acme-claims-classifier"
    )


def test_licence_ref_is_kept_and_noassertion_becomes_none() -> None:
    found = _by_package(FIXTURES / "acme-classifier.spdx.json")

    tokenizer = found["claims-tokenizer"]
    assert tokenizer.declared == "LicenseRef-acme-research-only"
    assert tokenizer.concluded is None
    assert tokenizer.supplier is None
    assert tokenizer.licence == "LicenseRef-acme-research-only"

    labels = found["claims-label-set"]
    assert (labels.declared, labels.concluded, labels.version) == (None, None, None)
    assert labels.licence is None


def test_validation_messages_are_problems_beside_the_statements() -> None:
    result = read_spdx_licences(FIXTURES / "acme-classifier.spdx.json", display_path="m.spdx.json")

    assert len(result.statements) == 3
    assert len(result.problems) == 1
    assert result.problems[0].startswith("m.spdx.json: invalid SPDX: ")
    assert "SPDXRef-Package-claims-label-set-user" in result.problems[0]


def test_tag_value_document_is_read_without_output(capfd: pytest.CaptureFixture[str]) -> None:
    result = read_spdx_licences(FIXTURES / "triage-model.spdx")

    assert result.problems == ()
    found = {s.package: s for s in result.statements}
    assert found["triage-model"].declared == "Apache-2.0"
    assert found["triage-model"].concluded is None
    assert found["triage-vocabulary"].declared == "NONE"
    assert found["triage-vocabulary"].concluded == "CC-BY-4.0 AND LicenseRef-acme-vocabulary-terms"
    # the licence falls back to the concluded one only when nothing was declared
    assert found["triage-vocabulary"].licence == "NONE"
    out, err = capfd.readouterr()
    assert out == "" and err == ""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("broken.spdx.json", "not a readable SPDX document: Expecting property name"),
        ("missing-fields.spdx.json", "CreationInfo does not exist"),
    ],
)
def test_unparseable_document_is_a_problem_not_an_exception(name: str, expected: str) -> None:
    result = read_spdx_licences(FIXTURES / name, display_path=f"models/x/{name}")

    assert result.statements == ()
    assert len(result.problems) == 1
    assert result.problems[0].startswith(f"models/x/{name}: ")
    assert expected in result.problems[0]


def test_missing_and_oversized_files_are_refused(tmp_path: Path) -> None:
    missing = read_spdx_licences(tmp_path / "absent.spdx.json")
    assert missing.statements == ()
    assert "does not exist" in missing.problems[0]

    source = (FIXTURES / "acme-classifier.spdx.json").read_bytes()
    big = tmp_path / "big.spdx.json"
    big.write_bytes(source)
    refused = read_spdx_licences(big, max_bytes=len(source) - 1)
    assert refused.statements == ()
    assert "over the" in refused.problems[0]
    assert read_spdx_licences(big, max_bytes=len(source)).statements


def test_unknown_extension_is_a_problem(tmp_path: Path) -> None:
    other = tmp_path / "model.sbom"
    other.write_text("SPDXVersion: SPDX-2.3\n", encoding="utf-8")

    result = read_spdx_licences(other)

    assert result.statements == ()
    assert "not a readable SPDX document" in result.problems[0]


def test_normalise_expression_canonicalises_case_and_spacing() -> None:
    assert normalise_expression("(mit  and bsd-3-clause) or gpl-2.0-only") == (
        "(MIT AND BSD-3-Clause) OR GPL-2.0-only"
    )
    assert normalise_expression("LicenseRef-acme-x") == "LicenseRef-acme-x"


def test_a_folder_with_only_an_spdx_document_resolves_its_licence(tmp_path: Path) -> None:
    folder = tmp_path / "models" / "triage"
    folder.mkdir(parents=True)
    (folder / "model.spdx").write_bytes((FIXTURES / "triage-model.spdx").read_bytes())
    data = inventory(model("triage", name="triage-model", source="local", path="models/triage"))

    resolution = audit(tmp_path, data).resolutions["triage"]

    assert resolution.licence == "apache-2.0"
    assert resolution.licence_source == "spdx"
    assert resolution.licence_where is not None
    assert resolution.licence_where.endswith("model.spdx#SPDXRef-Package-triage-model (declared)")
