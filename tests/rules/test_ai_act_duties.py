"""The AI Act duties of issue 15, each beside its near miss: the Art. 27(1) FRIA scope per use
case, the provider of an AI system built in house, the Omnibus Art. 5 practices and their
date, Art. 50(4) public-interest text, Annex I products (AIA009) and Art. 54(6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from support import audit, hits, inventory, model, organisation, resolution

from audit.engine import AuditResult
from audit.findings import Severity

AFTER_ANNEX_III = dt.date(2028, 1, 10)
AFTER_ANNEX_I = dt.date(2028, 8, 2)


def use_case(uc_id: str, data: tuple[str, ...] = ("personal",), **fields: Any) -> dict[str, Any]:
    """A use case; ``ai_act`` keys and other use-case fields are told apart by name."""
    top = {k: fields.pop(k) for k in list(fields) if k in ("public_service", "fria", "dpia")}
    top.update({k: fields.pop(k) for k in list(fields) if k == "annex_iii_point"})
    return {"id": uc_id, "data": list(data), "ai_act": {"area": "none", **fields}, **top}


def run(
    tmp_path: Path, *use_cases: dict[str, Any], as_of: dt.date = AFTER_ANNEX_III, **org: Any
) -> AuditResult:
    data = inventory(model("m1", use_cases=list(use_cases)), organisation=organisation(**org))
    return audit(tmp_path, data, as_of=as_of)


def fria_rows(result: AuditResult, uc_id: str) -> list[dict[str, Any]]:
    rows = result.annotations[("m1", uc_id)]["obligations"]
    return [row for row in rows if row["article"] == "Art. 27"]


# FRIA scope (Art. 27(1)) -----------------------------------------------------------------

FRIA_CASES = [
    # (name, use case, organisation, FRIA due?)
    (
        "private hospital providing a public service, Annex III use",
        use_case("triage", area="essential-services", public_service=True),
        {},
        True,
    ),
    (
        "near miss: the same hospital, Annex III point 2 use",
        use_case("grid", area="critical-infrastructure", public_service=True),
        {},
        False,
    ),
    (
        "public body, Annex III point 2: still never",
        use_case("grid", area="critical-infrastructure"),
        {"public_body": True},
        False,
    ),
    (
        "private deployer, creditworthiness 5(b)",
        use_case("credit", area="essential-services", annex_iii_point="5(b)"),
        {},
        True,
    ),
    (
        "near miss: private deployer, emergency triage 5(d), no public service",
        use_case("dispatch", area="essential-services", annex_iii_point="5(d)"),
        {},
        False,
    ),
    (
        "private deployer, employment, no public service",
        use_case("cv", area="employment"),
        {},
        False,
    ),
]


@pytest.mark.parametrize(
    ("uc", "org", "due"), [c[1:] for c in FRIA_CASES], ids=[c[0] for c in FRIA_CASES]
)
def test_fria_scope(tmp_path: Path, uc: dict[str, Any], org: dict[str, Any], due: bool) -> None:
    result = run(tmp_path, uc, **org)
    [finding] = hits(result, "AIA002")
    assert bool(fria_rows(result, uc["id"])) is due
    if due:
        assert f"set fria: true on use case '{uc['id']}'" in finding.message
    else:
        assert "No Art. 27 fundamental-rights impact assessment is required" in finding.message


def test_one_fria_on_one_use_case_does_not_cover_another(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        use_case("triage", area="essential-services", public_service=True, fria=True),
        use_case("benefits", area="essential-services", public_service=True),
    )
    by_uc = {f.use_case: f.message for f in hits(result, "AIA002")}
    assert ": done." in by_uc["triage"]
    assert "none is recorded" in by_uc["benefits"]


# Who is the provider (Art. 3(3)) ---------------------------------------------------------


def test_in_house_chatbot_bears_art_50_1_in_its_own_name(tmp_path: Path) -> None:
    chat = use_case("chat", role="provider", built_in_house=True, interacts_with_people=True)
    [finding] = hits(run(tmp_path, chat), "AIA004")
    assert "The organisation bears this duty itself" in finding.message
    assert "Art. 3(3)" in finding.message
    assert "the provider bears" not in finding.message.lower()
    assert hits(run(tmp_path, chat), "AIA010") == []


def test_deployer_with_built_in_house_is_a_contradiction(tmp_path: Path) -> None:
    chat = use_case("chat", role="deployer", built_in_house=True, interacts_with_people=True)
    result = run(tmp_path, chat)
    [contradiction] = hits(result, "AIA010")
    assert "role: deployer but built_in_house: true" in contradiction.message
    [duty] = hits(result, "AIA004")
    assert "The organisation bears this duty itself" in duty.message


def test_near_miss_a_vendor_system_used_as_supplied(tmp_path: Path) -> None:
    chat = use_case("chat", role="deployer", interacts_with_people=True)
    result = run(tmp_path, chat)
    assert hits(result, "AIA010") == []
    [duty] = hits(result, "AIA004")
    assert "a third party here" in duty.message


def test_high_risk_built_in_house_carries_provider_and_deployer_duties(tmp_path: Path) -> None:
    result = run(tmp_path, use_case("cv", area="employment", role="provider", built_in_house=True))
    assert len(hits(result, "AIA002")) == 1 and len(hits(result, "AIA003")) == 1


# Art. 5(1)(ba)/(bb), from 2026-12-02 ------------------------------------------------------


@pytest.mark.parametrize("area", ["child-sexual-abuse-material", "non-consensual-intimate-imagery"])
@pytest.mark.parametrize(
    ("day", "severity"),
    [(dt.date(2026, 12, 2), Severity.CRITICAL), (dt.date(2026, 12, 1), Severity.INFO)],
)
def test_omnibus_practices_apply_from_2026_12_02(
    tmp_path: Path, area: str, day: dt.date, severity: Severity
) -> None:
    [finding] = hits(run(tmp_path, use_case("gen", area=area), as_of=day), "AIA001")
    assert finding.severity is severity
    assert "2026-12-02" in finding.message and "2026/1744" in finding.message


# Art. 50(4) second subparagraph ------------------------------------------------------------


def test_public_interest_text_must_be_disclosed(tmp_path: Path) -> None:
    [finding] = hits(run(tmp_path, use_case("news", public_interest_text=True)), "AIA004")
    assert finding.citation == "EU AI Act Art. 50(4), second subparagraph"


def test_near_miss_public_interest_text_under_editorial_control(tmp_path: Path) -> None:
    uc = use_case(
        "news",
        public_interest_text=True,
        human_editorial_review=True,
        editorial_responsibility_holder=True,
    )
    assert hits(run(tmp_path, uc), "AIA004") == []


# Annex I products (Art. 6(1)) ---------------------------------------------------------------


def test_medical_device_software_is_a_high_risk_product(tmp_path: Path) -> None:
    uc = use_case("diagnosis", ("personal", "health"), role="provider", annex_i="medical-devices")
    [finding] = hits(run(tmp_path, uc, as_of=AFTER_ANNEX_I), "AIA009")
    assert finding.severity is Severity.HIGH
    assert "Annex I Section A point 11" in finding.message
    assert "2028-08-02" in finding.message and "2024/1689 had 2027-08-02" in finding.message
    [early] = hits(run(tmp_path, uc, as_of=dt.date(2028, 8, 1)), "AIA009")
    assert early.severity is Severity.INFO


def test_near_miss_product_without_a_notified_body(tmp_path: Path) -> None:
    uc = use_case(
        "wellness",
        role="provider",
        annex_i="medical-devices",
        third_party_conformity_assessment=False,
    )
    assert hits(run(tmp_path, uc, as_of=AFTER_ANNEX_I), "AIA009") == []


# Art. 54(6) --------------------------------------------------------------------------------


def _us_fine_tune(tmp_path: Path, licence: str) -> AuditResult:
    entry = model(
        "ft",
        name="acme/base",
        derivative={
            "name": "Acme-7B",
            "fine_tuned": True,
            "distributed": True,
            "licence": licence,
            "training_compute_flops": 5e23,
        },
        use_cases=[use_case("assistant", ("internal",), role="provider")],
    )
    resolved = {"ft": resolution("ft", licence, training_compute_flops=6e23)}
    data = inventory(entry, organisation=organisation(country="US"))
    return audit(tmp_path, data, resolutions=resolved)


def test_open_source_non_systemic_release_needs_no_authorised_representative(
    tmp_path: Path,
) -> None:
    result = _us_fine_tune(tmp_path, "apache-2.0")
    [finding] = hits(result, "AIA005")
    assert "Art. 54(6) lifts the duty" in finding.message
    rows = result.annotations[("ft", "assistant")]["obligations"]
    assert not any(row["article"] == "Art. 54" for row in rows)


def test_near_miss_a_non_open_licence_needs_the_representative(tmp_path: Path) -> None:
    result = _us_fine_tune(tmp_path, "llama3.1")
    [finding] = hits(result, "AIA005")
    assert "must appoint an EU authorised representative (Art. 54)" in finding.message


# Art. 5(1a): a generator without NCII/CSAM safeguards -----------------------------------


def _image_generator(tmp_path: Path, day: dt.date, **ai_act: Any) -> AuditResult:
    uc_ = use_case("studio", ("internal",), generates_synthetic_content=True, **ai_act)
    entry = model("m1", use_cases=[uc_])
    resolved = {"m1": resolution("m1", "apache-2.0", modalities=("text", "image"))}
    return audit(tmp_path, inventory(entry), as_of=day, resolutions=resolved)


@pytest.mark.parametrize(
    ("day", "severity"),
    [(dt.date(2026, 12, 2), Severity.HIGH), (dt.date(2026, 12, 1), Severity.INFO)],
)
def test_image_generator_without_safeguards_is_an_art_5_risk(
    tmp_path: Path, day: dt.date, severity: Severity
) -> None:
    [finding] = hits(_image_generator(tmp_path, day, role="provider"), "AIA001")
    assert finding.severity is severity
    assert "intimate_imagery_safeguards" in finding.message and "Art. 5(1a)" in finding.message


def test_near_miss_generator_with_safeguards(tmp_path: Path) -> None:
    result = _image_generator(
        tmp_path, dt.date(2026, 12, 2), role="provider", intimate_imagery_safeguards=True
    )
    assert hits(result, "AIA001") == []


def test_near_miss_a_text_only_generator(tmp_path: Path) -> None:
    uc_ = use_case("drafts", ("internal",), generates_synthetic_content=True, role="provider")
    result = run(tmp_path, uc_, as_of=dt.date(2026, 12, 2))
    assert hits(result, "AIA001") == []
