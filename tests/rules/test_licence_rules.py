"""LIC001-LIC011: each rule fires on a scenario built for it and stays silent on its near-miss."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import audit, hits, inventory, model, organisation, resolution

from audit.resolve.interface import LineageStep


def _customer_model(model_id: str = "m1", **overrides: Any) -> dict[str, Any]:
    entry = model(model_id, **overrides)
    entry["use_cases"][0]["audience"] = "customers"
    return entry


def _local(
    tmp_path: Path, folder: str, readme: str | None, files: dict[str, str] | None = None
) -> str:
    root = tmp_path / "models" / folder
    root.mkdir(parents=True)
    if readme is not None:
        (root / "README.md").write_text(readme, encoding="utf-8")
    for name, text in (files or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    return f"models/{folder}"


def _card(**front: Any) -> str:
    import yaml

    return f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n# Model\n"


# LIC001 -------------------------------------------------------------------------------------


def test_lic001_fires_when_nothing_names_a_licence(tmp_path: Path) -> None:
    path = _local(tmp_path, "bare", "# no front matter\n")
    result = audit(tmp_path, inventory(model(source="local", path=path, name="acme/bare")))
    (finding,) = hits(result, "LIC001")
    assert "no licence could be resolved" in finding.message
    assert finding.location.line > 0


def test_lic001_silent_when_the_card_names_a_known_licence(tmp_path: Path) -> None:
    path = _local(tmp_path, "ok", _card(license="apache-2.0"))
    result = audit(tmp_path, inventory(model(source="local", path=path)))
    assert hits(result, "LIC001") == []
    assert result.resolutions["m1"].licence == "apache-2.0"
    assert result.resolutions["m1"].licence_source == "card"


def test_lic001_names_the_closest_licence_for_an_unidentified_text(tmp_path: Path) -> None:
    text = "You may use these weights on Tuesdays only, and never for profit.\n" * 5
    path = _local(tmp_path, "odd", None, {"LICENSE": text})
    result = audit(tmp_path, inventory(model(source="local", path=path)))
    (finding,) = hits(result, "LIC001")
    assert "matches no known licence" in finding.message


def test_lic001_for_an_unknown_licence_name(tmp_path: Path) -> None:
    path = _local(tmp_path, "odd", _card(license="other", license_name="my-special-licence"))
    result = audit(tmp_path, inventory(model(source="local", path=path)))
    (finding,) = hits(result, "LIC001")
    assert "my-special-licence" in finding.message


# LIC002 -------------------------------------------------------------------------------------


def test_lic002_declared_differs_from_card(tmp_path: Path) -> None:
    path = _local(tmp_path, "m", _card(license="llama3.1"))
    result = audit(tmp_path, inventory(model(source="local", path=path, licence="apache-2.0")))
    (finding,) = hits(result, "LIC002")
    assert "declares apache-2.0" in finding.message and "llama3.1" in finding.message
    assert result.resolutions["m1"].licence == "llama3.1"


def test_lic002_silent_when_sources_agree(tmp_path: Path) -> None:
    path = _local(tmp_path, "m", _card(license="apache-2.0"))
    result = audit(tmp_path, inventory(model(source="local", path=path, licence="Apache-2.0")))
    assert hits(result, "LIC002") == []


# LIC003 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("users", "fires"), [(701_000_000, True), (699_000_000, False)])
def test_lic003_llama_threshold_measured_the_month_before_release(
    tmp_path: Path, users: int, fires: bool
) -> None:
    org = organisation(monthly_active_users=1_000, monthly_active_users_history={"2024-06": users})
    data = inventory(model(licence="llama3.1"), organisation=org)
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", "llama3.1")})
    found = hits(result, "LIC003")
    assert bool(found) is fires
    if fires:
        assert "2024-06" in found[0].message and found[0].severity.value == "critical"


def test_lic003_uses_current_users_when_no_history_and_says_so(tmp_path: Path) -> None:
    data = inventory(model(), organisation=organisation(monthly_active_users=800_000_000))
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", "llama3.1")})
    (finding,) = hits(result, "LIC003")
    assert "no figure for 2024-06" in finding.message


def test_lic003_applies_through_the_lineage(tmp_path: Path) -> None:
    data = inventory(model(), organisation=organisation(monthly_active_users=900_000_000))
    lineage = (LineageStep("meta-llama/Llama-3.1-8B-Instruct", "llama3.1", "test"),)
    result = audit(
        tmp_path, data, resolutions={"m1": resolution("m1", "apache-2.0", lineage=lineage)}
    )
    assert hits(result, "LIC003")


def test_lic003_unknown_figure_is_reported_not_passed(tmp_path: Path) -> None:
    data = inventory(model(), organisation=organisation(monthly_active_users=None))
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", "llama3.1")})
    (finding,) = hits(result, "LIC003")
    assert finding.severity.value == "medium"


# LIC004 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("revenue", "severity"), [(2_000_000, "critical"), (1_000_000, "medium"), (500_000, None)]
)
def test_lic004_stability_revenue_threshold(
    tmp_path: Path, revenue: int, severity: str | None
) -> None:
    data = inventory(model(), organisation=organisation(annual_revenue_usd=revenue))
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", "stabilityai-ai-community")})
    found = hits(result, "LIC004")
    assert [f.severity.value for f in found] == ([severity] if severity else [])


# LIC005 -------------------------------------------------------------------------------------


def test_lic005_non_commercial_licence_in_a_commercial_organisation(tmp_path: Path) -> None:
    result = audit(
        tmp_path, inventory(model()), resolutions={"m1": resolution("m1", "cc-by-nc-4.0")}
    )
    (finding,) = hits(result, "LIC005")
    assert finding.severity.value == "critical"


def test_lic005_silent_for_a_non_commercial_organisation(tmp_path: Path) -> None:
    data = inventory(model(), organisation=organisation(commercial=False))
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", "cc-by-nc-4.0")})
    assert hits(result, "LIC005") == []


def test_lic005_mistral_non_production_licence(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(model()), resolutions={"m1": resolution("m1", "mnpl")})
    assert hits(result, "LIC005")


# LIC006 -------------------------------------------------------------------------------------


def test_lic006_built_with_llama_missing_for_a_customer_service(tmp_path: Path) -> None:
    result = audit(
        tmp_path, inventory(_customer_model()), resolutions={"m1": resolution("m1", "llama3.1")}
    )
    found = hits(result, "LIC006")
    assert any("Built with Llama" in f.message for f in found)


def test_lic006_silent_when_the_notice_is_shown(tmp_path: Path) -> None:
    entry = _customer_model(attribution={"notices": ["Built with Llama"]})
    result = audit(tmp_path, inventory(entry), resolutions={"m1": resolution("m1", "llama3.1")})
    assert hits(result, "LIC006") == []


def test_lic006_silent_for_internal_use(tmp_path: Path) -> None:
    result = audit(tmp_path, inventory(model()), resolutions={"m1": resolution("m1", "llama3.1")})
    assert hits(result, "LIC006") == []


# LIC007 -------------------------------------------------------------------------------------


def _distributed(name: str, **extra: Any) -> dict[str, Any]:
    return model(derivative={"name": name, "fine_tuned": True, "distributed": True, **extra})


def test_lic007_distributed_llama_derivative_without_prefix(tmp_path: Path) -> None:
    result = audit(
        tmp_path,
        inventory(_distributed("Acme-Med-8B")),
        resolutions={"m1": resolution("m1", "llama3.1")},
    )
    (finding,) = hits(result, "LIC007")
    assert "Acme-Med-8B" in finding.message and '"Llama"' in finding.message


def test_lic007_silent_with_the_prefix(tmp_path: Path) -> None:
    result = audit(
        tmp_path,
        inventory(_distributed("Llama-Acme-Med-8B")),
        resolutions={"m1": resolution("m1", "llama3.1")},
    )
    assert hits(result, "LIC007") == []


# LIC008 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "modalities", "fires"),
    [("DE", ("text", "image"), True), ("US", ("text", "image"), False), ("DE", ("text",), False)],
)
def test_lic008_llama_3_2_multimodal_in_the_eu(
    tmp_path: Path, country: str, modalities: tuple[str, ...], fires: bool
) -> None:
    data = inventory(model(), organisation=organisation(country=country))
    res = resolution("m1", "llama3.2", modalities=modalities)
    result = audit(tmp_path, data, resolutions={"m1": res})
    assert bool(hits(result, "LIC008")) is fires


def test_lic008_end_users_of_an_api_are_exempt(tmp_path: Path) -> None:
    entry = model(
        source="api", provider="amazon-bedrock", hosting={"mode": "api", "regions": ["US"]}
    )
    res = resolution("m1", "llama3.2", modalities=("text", "image"))
    result = audit(tmp_path, inventory(entry), resolutions={"m1": res})
    assert hits(result, "LIC008") == []


# LIC009 -------------------------------------------------------------------------------------


def test_lic009_fine_tune_relabelled_apache(tmp_path: Path) -> None:
    lineage = (LineageStep("meta-llama/Llama-3.1-8B-Instruct", "llama3.1", "test"),)
    res = resolution("m1", "apache-2.0", lineage=lineage)
    result = audit(tmp_path, inventory(model()), resolutions={"m1": res})
    (finding,) = hits(result, "LIC009")
    assert "llama3.1" in finding.message


def test_lic009_silent_when_base_is_apache_too(tmp_path: Path) -> None:
    lineage = (LineageStep("Qwen/Qwen2.5-14B", "apache-2.0", "test"),)
    res = resolution("m1", "apache-2.0", lineage=lineage)
    result = audit(tmp_path, inventory(model()), resolutions={"m1": res})
    assert hits(result, "LIC009") == []


def test_lic009_silent_for_an_mit_base_under_apache(tmp_path: Path) -> None:
    lineage = (LineageStep("microsoft/Phi-3-mini-4k-instruct", "mit", "test"),)
    res = resolution("m1", "apache-2.0", lineage=lineage)
    result = audit(tmp_path, inventory(model()), resolutions={"m1": res})
    assert hits(result, "LIC009") == []


# LIC010 / LIC011 ----------------------------------------------------------------------------


def test_lic010_gemma_derivative_shipped_under_apache(tmp_path: Path) -> None:
    entry = _distributed("Acme-Gemma", licence="apache-2.0")
    result = audit(tmp_path, inventory(entry), resolutions={"m1": resolution("m1", "gemma")})
    assert hits(result, "LIC010")


def test_lic010_silent_when_shipped_under_the_base_licence(tmp_path: Path) -> None:
    entry = _distributed("Acme-Gemma", licence="gemma")
    result = audit(tmp_path, inventory(entry), resolutions={"m1": resolution("m1", "gemma")})
    assert hits(result, "LIC010") == []


def test_lic011_licence_copy_missing_on_distribution(tmp_path: Path) -> None:
    entry = _distributed("Llama-Acme")
    result = audit(tmp_path, inventory(entry), resolutions={"m1": resolution("m1", "llama3.1")})
    assert hits(result, "LIC011")
    entry["attribution"] = {"licence_copy_included": True}
    result = audit(tmp_path, inventory(entry), resolutions={"m1": resolution("m1", "llama3.1")})
    assert hits(result, "LIC011") == []


# Whole-model scenarios with real licence texts from the shared corpus -------------------------


def test_deepseek_r1_under_mit_has_no_licence_findings(tmp_path: Path, corpus_dir: Path) -> None:
    text = (corpus_dir / "licence-texts" / "mit__deepseek-ai-DeepSeek-R1_LICENSE.txt").read_text()
    path = _local(tmp_path, "r1", _card(license="mit"), {"LICENSE": text})
    entry = _customer_model(source="local", path=path, name="deepseek-ai/DeepSeek-R1")
    result = audit(tmp_path, inventory(entry))
    licence_findings = [f for f in result.findings if f.rule.startswith("LIC")]
    assert licence_findings == []
    assert result.resolutions["m1"].licence == "mit"


def test_deepseek_v3_weights_bound_by_the_model_licence_not_the_code_licence(
    tmp_path: Path, corpus_dir: Path
) -> None:
    texts = corpus_dir / "licence-texts"
    files = {
        "LICENSE-CODE": (texts / "mit__deepseek-ai-DeepSeek-V3_LICENSE-CODE.txt").read_text(),
        "LICENSE-MODEL": (
            texts / "deepseek__deepseek-ai-DeepSeek-V3_LICENSE-MODEL.txt"
        ).read_text(),
    }
    path = _local(tmp_path, "v3", None, files)
    result = audit(
        tmp_path, inventory(model(source="local", path=path, name="deepseek-ai/DeepSeek-V3"))
    )
    res = result.resolutions["m1"]
    assert res.licence == "deepseek"
    assert res.licence_source == "licence-text"
    assert any(e.licence == "mit" and "code" in e.note for e in res.evidence)
    assert hits(result, "LIC002") == []
