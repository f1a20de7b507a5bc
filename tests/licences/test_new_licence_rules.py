"""The new AI licences through the existing rules: thresholds, display duties, territory,
registration and non-commercial terms are read from the terms, never from names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from support import audit, hits, inventory, model, organisation, resolution

from audit.findings import Severity


def _served(name: str, **overrides: Any) -> dict[str, Any]:
    entry = model(name=name, **overrides)
    entry["use_cases"][0]["audience"] = "customers"
    return entry


# Tencent Hunyuan: no rights for any use in the EU, the UK or South Korea (LIC008) ---------

HUNYUAN = "tencent/Hunyuan-A13B-Instruct"


@pytest.mark.parametrize(
    ("country", "regions", "fires"),
    [
        ("DE", ["eu-central-1"], True),  # an EU organisation
        ("GB", ["us-east-1"], True),  # a UK organisation hosting in the US
        ("KR", ["us-east-1"], True),
        ("US", ["eu-central-1"], True),  # a US organisation using it in the EU
        ("US", ["us-east-1"], False),
        ("CH", ["us-east-1"], False),
    ],
)
def test_hunyuan_territory(tmp_path: Path, country: str, regions: list[str], fires: bool) -> None:
    entry = model(name=HUNYUAN, hosting={"mode": "self-hosted", "regions": regions})
    result = audit(tmp_path, inventory(entry, organisation=organisation(country=country)))
    assert result.resolutions["m1"].licence == "tencent-hunyuan-community"
    found = hits(result, "LIC008")
    assert bool(found) is fires
    if fires:
        assert found[0].severity is Severity.CRITICAL
        assert "any use or distribution in" in found[0].message


def test_hunyuan_has_no_end_user_carve_out(tmp_path: Path) -> None:
    entry = model(
        name=HUNYUAN,
        source="api",
        provider="amazon-bedrock",  # a catalogued provider that serves open models by API
        hosting={"mode": "api", "regions": ["us-east-1"]},
    )
    res = resolution("m1", "tencent-hunyuan-community")
    data = inventory(entry, organisation=organisation(country="FR"))
    assert hits(audit(tmp_path, data, resolutions={"m1": res}), "LIC008")


def test_hunyuan_user_ceiling_is_evaluated(tmp_path: Path) -> None:
    org = organisation(country="US", monthly_active_users=150_000_000)
    entry = model(name=HUNYUAN, hosting={"mode": "self-hosted", "regions": ["us-east-1"]})
    assert hits(audit(tmp_path, inventory(entry, organisation=org)), "LIC003")


# Kimi K2: display "Kimi K2" above 100M MAU or USD 20M monthly revenue (LIC006) -------------

KIMI = "moonshotai/Kimi-K2-Instruct"


def _kimi(tmp_path: Path, notices: list[str] | None = None, **org: Any) -> list[Any]:
    entry = _served(KIMI)
    if notices is not None:
        entry["attribution"] = {"notices": notices}
    result = audit(tmp_path, inventory(entry, organisation=organisation(**org)))
    return [f for f in hits(result, "LIC006") if "Kimi K2" in f.message]


def test_kimi_display_above_100m_users(tmp_path: Path) -> None:
    (finding,) = _kimi(tmp_path, monthly_active_users=150_000_000)
    assert finding.severity is Severity.HIGH
    assert "150,000,000 monthly active users" in finding.message


def test_kimi_display_above_20m_monthly_revenue(tmp_path: Path) -> None:
    found = _kimi(tmp_path, monthly_active_users=1_000, monthly_revenue_usd=25_000_000)
    assert found and "monthly revenue" in found[0].message


def test_kimi_display_given(tmp_path: Path) -> None:
    assert _kimi(tmp_path, ["Powered by Kimi K2"], monthly_active_users=150_000_000) == []


def test_kimi_small_product_owes_nothing(tmp_path: Path) -> None:
    assert _kimi(tmp_path, monthly_active_users=5_000_000, monthly_revenue_usd=100_000) == []


def test_kimi_unknown_size_is_a_review_not_a_pass(tmp_path: Path) -> None:
    (finding,) = _kimi(tmp_path, monthly_active_users=None)
    assert finding.severity is Severity.MEDIUM
    assert "does not give the figures" in finding.message


# FLUX.1 [dev], FLUX.2 [dev] and other non-commercial licences (LIC005) --------------------


@pytest.mark.parametrize(
    "repo",
    [
        "black-forest-labs/FLUX.1-dev",
        "black-forest-labs/FLUX.1-Kontext-dev",
        "black-forest-labs/FLUX.2-dev",
        "stabilityai/stable-diffusion-xl-base-0.9",
        "LGAI-EXAONE/EXAONE-4.0-32B",
    ],
)
def test_non_commercial_models_used_commercially(tmp_path: Path, repo: str) -> None:
    result = audit(tmp_path, inventory(model(name=repo)))
    (finding,) = hits(result, "LIC005")
    assert finding.severity is Severity.CRITICAL


def test_flux_schnell_is_apache(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(model(name="black-forest-labs/FLUX.1-schnell")))
    assert result.resolutions["m1"].licence == "apache-2.0"
    assert hits(result, "LIC005") == []


def test_flux_dev_in_a_non_commercial_organisation(tmp_path: Path) -> None:
    org = organisation(commercial=False)
    data = inventory(model(name="black-forest-labs/FLUX.1-dev"), organisation=org)
    assert hits(audit(tmp_path, data), "LIC005") == []


# Mistral's modified MIT: no rights above USD 20M monthly revenue (LIC004) -----------------


def _mistral(tmp_path: Path, **org: Any) -> list[Any]:
    entry = model(name="mistralai/Devstral-2-123B-Instruct-2512")
    data = inventory(entry, organisation=organisation(**org))
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", "mistral-modified-mit")})
    return hits(result, "LIC004")


def test_mistral_cut_off_above_20m_a_month(tmp_path: Path) -> None:
    (finding,) = _mistral(tmp_path, monthly_revenue_usd=30_000_000)
    assert finding.severity is Severity.CRITICAL and "monthly revenue" in finding.message
    assert "secondary" in " ".join(finding.evidence)


def test_mistral_cut_off_needs_the_monthly_figure(tmp_path: Path) -> None:
    (finding,) = _mistral(tmp_path)
    assert finding.severity is Severity.MEDIUM and "monthly_revenue_usd" in finding.message


def test_mistral_below_the_cut_off(tmp_path: Path) -> None:
    assert _mistral(tmp_path, monthly_revenue_usd=2_000_000) == []


# Registration duties (Yi, ChatGLM3, GLM-4) --------------------------------------------------


def test_yi_commercial_use_needs_registration(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(model(name="01-ai/Yi-34B-Chat")))
    (finding,) = hits(result, "LIC005")
    assert finding.severity is Severity.MEDIUM and "registration" in finding.message


# Cards: license_name and license_link are read whatever license: says (LIC002) ------------


def _card_model(tmp_path: Path, **front: Any) -> dict[str, Any]:
    folder = tmp_path / "models" / "card"
    folder.mkdir(parents=True)
    front_matter = yaml.safe_dump(front, sort_keys=False)
    (folder / "README.md").write_text(f"---\n{front_matter}---\n# Model\n", encoding="utf-8")
    return model(source="local", path="models/card", name="acme/card")


def test_license_name_contradicting_license_is_a_conflict(tmp_path: Path) -> None:
    entry = _card_model(tmp_path, license="apache-2.0", license_name="jamba-open-model-license")
    result = audit(tmp_path, inventory(entry))
    (finding,) = hits(result, "LIC002")
    assert "jamba-open-model-license" in finding.message and "apache-2.0" in finding.message


def test_license_name_agreeing_with_license_is_no_conflict(tmp_path: Path) -> None:
    entry = _card_model(tmp_path, license="apache-2.0", license_name="apache-2.0")
    result = audit(tmp_path, inventory(entry))
    assert hits(result, "LIC002") == []
    assert result.resolutions["m1"].licence == "apache-2.0"


def test_unknown_license_name_beside_a_licence_is_kept_as_evidence(tmp_path: Path) -> None:
    entry = _card_model(tmp_path, license="mit", license_name="acme-special-terms")
    result = audit(tmp_path, inventory(entry))
    notes = [e.note for e in result.resolutions["m1"].evidence]
    assert any("acme-special-terms" in note for note in notes)
