"""AIA005 and AIA006: when modifying and distributing a model makes the organisation a GPAI
provider, when that model is presumed of systemic risk, and the Art. 53(2) exemption."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support import AS_OF, audit, hits, inventory, model, organisation, resolution

from audit.engine import AuditResult
from audit.findings import Severity
from audit.resolve.interface import LineageStep
from audit.rules.ai_act import gpai_role

LLAMA_BASE_FLOPS = 3.8e25


def fine_tune(
    flops: float | None, *, licence: str = "llama3.1", distributed: bool = True
) -> dict[str, Any]:
    """A Llama 3.1 405B fine-tune the organisation ships as Llama-Acme-405B."""
    derivative: dict[str, Any] = {
        "name": "Llama-Acme-405B",
        "fine_tuned": True,
        "distributed": distributed,
        "licence": licence,
    }
    if flops is not None:
        derivative["training_compute_flops"] = flops
    return model(
        "acme-llama",
        name="meta-llama/Llama-3.1-405B",
        derivative=derivative,
        use_cases=[
            {
                "id": "assistant",
                "data": ["internal"],
                "ai_act": {"role": "provider", "area": "none"},
            }
        ],
    )


def run(
    tmp_path: Path,
    entry: dict[str, Any],
    *,
    base_flops: float | None = LLAMA_BASE_FLOPS,
    as_of: dt.date = AS_OF,
    **org: Any,
) -> AuditResult:
    """Audit ``entry`` with the original model's compute fixed (no Hub, no model facts)."""
    extra = {"training_compute_flops": base_flops, "compute_source": "test resolution"}
    resolved = {entry["id"]: resolution(entry["id"], "llama3.1", **extra)}
    data = inventory(entry, organisation=organisation(**org))
    return audit(tmp_path, data, as_of=as_of, resolutions=resolved)


def test_fine_tune_above_a_third_of_the_base_makes_a_gpai_provider(tmp_path: Path) -> None:
    result = run(tmp_path, fine_tune(1.5e25))
    [finding] = hits(result, "AIA005")
    assert finding.severity is Severity.HIGH
    assert finding.model == "acme-llama" and finding.use_case is None
    assert "1.5e25" in finding.message and "3.8e25" in finding.message
    assert "more than one third" in finding.message and "Art. 53(1)" in finding.message
    assert "No Art. 53(2) open-source exemption" in finding.message
    assert any(
        "Original training compute 3.8e25 FLOP from test resolution" in e for e in finding.evidence
    )
    assert any(e.startswith("Legal basis: ") for e in finding.evidence)


def test_systemic_risk_counts_base_plus_modification(tmp_path: Path) -> None:
    [finding] = hits(run(tmp_path, fine_tune(1.5e25)), "AIA006")
    assert finding.severity is Severity.CRITICAL
    assert "3.8e25 (original) + 1.5e25 (modification) = 5.3e25" in finding.message
    assert "Art. 52" in finding.message and "Art. 55" in finding.message


def test_fine_tune_below_a_third_is_not_a_provider(tmp_path: Path) -> None:
    result = run(tmp_path, fine_tune(1e24))
    assert hits(result, "AIA005") == [] and hits(result, "AIA006") == []
    summary = result.annotations[("acme-llama", "assistant")]["ai_act"]
    assert summary["gpai_provider"] is False
    # the base model itself is above 10^25 FLOP; its duties stay with its provider
    assert summary["systemic_risk"] is True
    obligations = result.annotations[("acme-llama", "assistant")]["obligations"]
    assert not any(row["role"] == "gpai-provider" for row in obligations)


def test_exactly_one_third_is_not_more_than_one_third(tmp_path: Path) -> None:
    result = run(tmp_path, fine_tune(1e24), base_flops=3e24)
    assert hits(result, "AIA005") == []


def test_not_distributed_is_not_placing_on_the_market(tmp_path: Path) -> None:
    assert hits(run(tmp_path, fine_tune(1.5e25, distributed=False)), "AIA005") == []


def test_small_models_are_not_general_purpose_by_the_indicative_test(tmp_path: Path) -> None:
    result = run(tmp_path, fine_tune(5e20), base_flops=1e21)
    assert hits(result, "AIA005") == []


def test_unknown_base_compute_between_the_fallbacks_needs_the_systemic_status(
    tmp_path: Path,
) -> None:
    # 1e24 lies between 1e23/3 and 1e25/3: para 64 decides only with the original's status
    [finding] = hits(run(tmp_path, fine_tune(1e24), base_flops=None), "AIA005")
    assert finding.severity is Severity.MEDIUM
    assert "cannot be decided" in finding.message
    assert "`models[0].derivative.original_systemic_risk`" in finding.message
    assert hits(run(tmp_path, fine_tune(1e24), base_flops=None), "AIA006") == []


def with_status(entry: dict[str, Any], systemic: bool) -> dict[str, Any]:
    entry["derivative"]["original_systemic_risk"] = systemic
    return entry


@pytest.mark.parametrize(
    ("flops", "systemic", "provider", "aia006"),
    [
        (1e24, True, False, False),  # at most 1e25/3 of a systemic-risk original
        (4e24, True, True, True),  # above 1e25/3: provider, and systemic risk is kept
        (1e24, False, True, False),  # above 1e23/3 of a non-systemic original
        (3e22, False, False, False),  # not above 1e23/3
    ],
)
def test_fallback_thresholds_when_the_original_compute_is_unknown(
    tmp_path: Path, flops: float, systemic: bool, provider: bool, aia006: bool
) -> None:
    result = run(tmp_path, with_status(fine_tune(flops), systemic), base_flops=None)
    found = hits(result, "AIA005")
    assert bool(found) is provider
    if provider:
        assert found[0].severity is Severity.HIGH
        assert "fallback applies (Commission GPAI Guidelines C(2025) 5045, para 64)" in (
            found[0].message
        )
    assert bool(hits(result, "AIA006")) is aia006


def test_modification_above_both_fallbacks_decides_without_the_status(tmp_path: Path) -> None:
    [finding] = hits(run(tmp_path, fine_tune(1.5e25), base_flops=None), "AIA005")
    assert finding.severity is Severity.HIGH
    assert "is not recorded" in finding.message


def test_a_modified_systemic_risk_model_stays_one(tmp_path: Path) -> None:
    # known compute, 2e25 original (<1e25 would not be systemic by compute), status recorded
    entry = with_status(fine_tune(1e24), True)
    result = run(tmp_path, entry, base_flops=2e24)
    [finding] = hits(result, "AIA006")
    assert "para 70" in finding.message


def test_unknown_modification_compute_names_the_derivative_field(tmp_path: Path) -> None:
    [finding] = hits(run(tmp_path, fine_tune(None)), "AIA005")
    assert finding.severity is Severity.MEDIUM
    assert "`models[0].derivative.training_compute_flops`" in finding.message


def test_provider_checklist_adds_gpai_and_systemic_risk_duties(tmp_path: Path) -> None:
    result = run(tmp_path, fine_tune(1.5e25))
    summary = result.annotations[("acme-llama", "assistant")]["ai_act"]
    assert summary["gpai_provider"] is True and summary["systemic_risk"] is True
    rows = result.annotations[("acme-llama", "assistant")]["obligations"]
    gpai = {row["article"] for row in rows if row["role"] == "gpai-provider"}
    assert {"Art. 53(1)(a), Annex XI", "Art. 53(1)(c)", "Art. 52(1)", "Art. 55(1)(a)"} <= gpai
    assert "Art. 54" not in gpai  # established in Germany
    assert all(
        row["applies_from"] == "2025-08-02" and row["in_force"]
        for row in rows
        if row["role"] == "gpai-provider"
    )


def test_provider_outside_the_eu_needs_an_authorised_representative(tmp_path: Path) -> None:
    result = run(tmp_path, fine_tune(1.5e25), country="US")
    assert "Art. 54" in hits(result, "AIA005")[0].message
    rows = result.annotations[("acme-llama", "assistant")]["obligations"]
    assert "Art. 54" in {row["article"] for row in rows}


def test_gpai_duties_before_2025_08_02_are_information(tmp_path: Path) -> None:
    result = run(tmp_path, fine_tune(1.5e25), as_of=dt.date(2025, 6, 1))
    for rule in ("AIA005", "AIA006"):
        [finding] = hits(result, rule)
        assert finding.severity is Severity.INFO
        assert "applies from 2025-08-02" in finding.message


# Art. 53(2): only when the licence is free and open-source and the model not systemic -----


@dataclass(frozen=True)
class _Verdict:
    url: str = "https://example.org/licence"
    section: str = "1"
    confidence: str = "primary"


@dataclass(frozen=True)
class _Entry:
    free_and_open_source: bool
    free_and_open_source_source: _Verdict = _Verdict()


def _knowledge(entries: dict[str, _Entry]) -> Any:
    return lambda view, key: entries.get(key)


def test_open_source_release_lifts_only_53_1_a_and_b(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gpai_role, "_licence_entry", _knowledge({"apache-2.0": _Entry(True)}))
    result = run(tmp_path, fine_tune(2e24, licence="apache-2.0"), base_flops=3e24)
    [finding] = hits(result, "AIA005")
    assert "Art. 53(2) exemption" in finding.message and "(c) and training summary (d) remain" in (
        finding.message
    )
    assert hits(result, "AIA006") == []
    rows = result.annotations[("acme-llama", "assistant")]["obligations"]
    articles = {row["article"] for row in rows if row["role"] == "gpai-provider"}
    assert "Art. 53(2)" in articles and "Art. 53(1)(c)" in articles and "Art. 53(1)(d)" in articles
    assert not any(a.startswith(("Art. 53(1)(a)", "Art. 53(1)(b)")) for a in articles)


def test_open_source_licence_does_not_help_a_systemic_risk_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gpai_role, "_licence_entry", _knowledge({"apache-2.0": _Entry(True)}))
    result = run(tmp_path, fine_tune(1.5e25, licence="apache-2.0"))
    assert "not for a systemic-risk model" in hits(result, "AIA005")[0].message
    rows = result.annotations[("acme-llama", "assistant")]["obligations"]
    assert "Art. 53(1)(a), Annex XI" in {row["article"] for row in rows}


def test_licence_missing_from_the_knowledge_base_gives_no_exemption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gpai_role, "_licence_entry", _knowledge({}))
    result = run(tmp_path, fine_tune(2e24, licence="acme-open-1.0"), base_flops=3e24)
    message = hits(result, "AIA005")[0].message
    assert "No Art. 53(2) open-source exemption" in message
    assert "'acme-open-1.0' is not in the knowledge base" in message


# The inventory model is itself the derivative: the original is the nearest ancestor -------


@dataclass(frozen=True)
class _Fact:
    training_compute_flops: float | None
    compute_source: _Verdict = _Verdict()


def _own_derivative(tmp_path: Path, facts: dict[str, _Fact], flops: float = 1.5e25) -> AuditResult:
    entry = fine_tune(flops)
    entry["name"] = "acme/Llama-Acme-405B"
    lineage = (
        LineageStep("meta-llama/Llama-3.1-405B-Instruct", "llama3.1", "card"),
        LineageStep("meta-llama/Llama-3.1-405B", "llama3.1", "hub"),
    )
    resolved = {"acme-llama": resolution("acme-llama", "llama3.1", lineage=lineage)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gpai_role, "_model_fact", lambda view, name: facts.get(name))
        return audit(tmp_path, inventory(entry), resolutions=resolved)


def test_ancestor_model_facts_stand_in_for_the_original_compute(tmp_path: Path) -> None:
    result = _own_derivative(tmp_path, {"meta-llama/Llama-3.1-405B": _Fact(3.8e25)})
    [finding] = hits(result, "AIA005")
    assert finding.severity is Severity.HIGH
    assert any("model facts for meta-llama/Llama-3.1-405B" in e for e in finding.evidence)
    assert len(hits(result, "AIA006")) == 1


def test_undecided_role_names_the_ancestor_whose_compute_is_missing(tmp_path: Path) -> None:
    [finding] = hits(_own_derivative(tmp_path, {}, flops=1e24), "AIA005")
    assert finding.severity is Severity.MEDIUM
    assert "(meta-llama/Llama-3.1-405B-Instruct)" in finding.message
