"""AIA001-AIA004, AIA007, AIA008: each fires on its scenario and stays silent on the near miss;
a duty before its application date fires at info and says from when it applies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from support import AS_OF, audit, hits, inventory, model, organisation

from audit.engine import AuditResult
from audit.findings import Severity

AFTER_ANNEX_III = dt.date(2028, 1, 10)
"""A day on which the Annex III duties apply (from 2027-12-02 under the Digital Omnibus)."""


def use_case(uc_id: str, **ai_act: Any) -> dict[str, Any]:
    """A use case on personal data with the given ``ai_act`` block."""
    return {"id": uc_id, "purpose": f"{uc_id} purpose", "data": ["personal"], "ai_act": ai_act}


def run(
    tmp_path: Path, *use_cases: dict[str, Any], as_of: dt.date = AS_OF, **org: Any
) -> AuditResult:
    """Audit one self-hosted model serving ``use_cases`` for an organisation with ``org``."""
    data = inventory(model("m1", use_cases=list(use_cases)), organisation=organisation(**org))
    return audit(tmp_path, data, as_of=as_of)


def line_of(tmp_path: Path, text: str, after: str) -> int:
    """The 1-based line of the first ``text`` after the line containing ``after``."""
    lines = (tmp_path / "inventory.yaml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines)) if text in lines[i]) + 1


# AIA001 prohibited-practice ------------------------------------------------------------


def test_social_scoring_is_a_prohibited_practice(tmp_path: Path) -> None:
    result = run(tmp_path, use_case("tenant-score", area="social-scoring"))
    [finding] = hits(result, "AIA001")
    assert finding.severity is Severity.CRITICAL
    assert (finding.model, finding.use_case) == ("m1", "tenant-score")
    assert "'social-scoring'" in finding.message
    assert "Art. 5(1)(c)" in finding.message and "2025-02-02" in finding.message
    assert finding.citation == "EU AI Act Art. 5(1)(c)"
    assert finding.location.line == line_of(tmp_path, "area: social-scoring", "tenant-score")
    assert any("Legal basis: Reg. (EU) 2024/1689 as amended" in e for e in finding.evidence)
    assert not result.passed


def test_credit_scoring_is_not_social_scoring(tmp_path: Path) -> None:
    result = run(tmp_path, use_case("credit", area="essential-services"))
    assert hits(result, "AIA001") == []
    assert len(hits(result, "AIA002")) == 1


def test_prohibition_before_its_date_is_information_only(tmp_path: Path) -> None:
    result = run(tmp_path, use_case("s", area="social-scoring"), as_of=dt.date(2025, 1, 15))
    [finding] = hits(result, "AIA001")
    assert finding.severity is Severity.INFO
    assert "applies from 2025-02-02" in finding.message


# AIA002 high-risk-deployer and AIA003 high-risk-provider ------------------------------------


def test_cv_screening_as_deployer_carries_article_26(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        use_case("cv-screening", role="deployer", area="employment"),
        as_of=AFTER_ANNEX_III,
    )
    [finding] = hits(result, "AIA002")
    assert finding.severity is Severity.HIGH
    assert "Annex III point 4" in finding.message and "Art. 26" in finding.message
    assert "applies since 2027-12-02" in finding.message
    assert "No Art. 27 fundamental-rights impact assessment is required" in finding.message
    assert hits(result, "AIA003") == []


def test_cv_screening_as_provider_carries_the_provider_duties(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        use_case("cv-screening", role="provider", area="employment"),
        as_of=AFTER_ANNEX_III,
    )
    [finding] = hits(result, "AIA003")
    assert finding.severity is Severity.CRITICAL
    for article in ("Art. 9", "Art. 10", "Art. 43", "Art. 49"):
        assert article in finding.message
    assert finding.location.line == line_of(tmp_path, "role: provider", "cv-screening")
    assert hits(result, "AIA002") == []


def test_a_use_case_outside_annex_iii_is_not_high_risk(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        use_case("summaries", role="provider", area="none"),
        use_case("notes", role="deployer", area="none"),
        as_of=AFTER_ANNEX_III,
    )
    assert hits(result, "AIA002") == [] and hits(result, "AIA003") == []


def test_public_body_without_fria_is_told_to_do_one(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        use_case("benefits", role="deployer", area="essential-services"),
        as_of=AFTER_ANNEX_III,
        public_body=True,
    )
    [finding] = hits(result, "AIA002")
    assert "body governed by public law" in finding.message
    assert "none is recorded: carry it out and set fria: true on use case" in finding.message


def test_recorded_fria_is_acknowledged(tmp_path: Path) -> None:
    entry = model("m1", fria=True, use_cases=[use_case("b", role="deployer", area="education")])
    data = inventory(entry, organisation=organisation(public_body=True))
    [finding] = hits(audit(tmp_path, data, as_of=AFTER_ANNEX_III), "AIA002")
    assert (
        "Art. 27) is due, as the organisation is a body governed by public law" in finding.message
    )
    assert finding.message.count(": done.") == 1


def test_private_credit_scoring_gets_the_fria_note(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        use_case("credit", role="deployer", area="essential-services"),
        as_of=AFTER_ANNEX_III,
    )
    [finding] = hits(result, "AIA002")
    assert "credit" in finding.message and "5(b)" in finding.message and "5(c)" in finding.message


def test_high_risk_before_the_omnibus_date_is_information(tmp_path: Path) -> None:
    # 2026-11-26 is after the original 2026-08-02 date but before the Omnibus date.
    result = run(tmp_path, use_case("cv", role="deployer", area="employment"), as_of=AS_OF)
    [finding] = hits(result, "AIA002")
    assert finding.severity is Severity.INFO
    assert "applies from 2027-12-02" in finding.message
    assert "2024/1689 had 2026-08-02" in finding.message


# AIA004 transparency -------------------------------------------------------------------


def test_customer_chatbot_must_disclose_ai(tmp_path: Path) -> None:
    chat = use_case("support-chat", role="provider", area="none", interacts_with_people=True)
    chat["audience"] = "customers"
    [finding] = hits(run(tmp_path, chat), "AIA004")
    assert finding.severity is Severity.MEDIUM
    assert "Art. 50(1)" in finding.message and "ai_act.interacts_with_people" in finding.message
    assert "The organisation bears this duty itself: it is the provider" in finding.message
    assert finding.citation == "EU AI Act Art. 50(1)"
    assert finding.location.line == line_of(tmp_path, "interacts_with_people", "support-chat")


def test_internal_summariser_without_flags_has_no_transparency_duty(tmp_path: Path) -> None:
    assert hits(run(tmp_path, use_case("summaries", area="none")), "AIA004") == []


def test_each_article_50_flag_is_its_own_finding(tmp_path: Path) -> None:
    flags = {
        "interacts_with_people": True,
        "generates_synthetic_content": True,
        "deep_fake": True,
        "emotion_recognition": True,
    }
    found = hits(run(tmp_path, use_case("studio", role="deployer", area="none", **flags)), "AIA004")
    paragraphs = sorted(f.citation for f in found)
    assert paragraphs == [f"EU AI Act Art. 50({n})" for n in (1, 2, 3, 4)]
    marking = next(f for f in found if f.citation.endswith("50(2)"))
    assert "have until 2026-12-02" in marking.message
    disclose = next(f for f in found if f.citation.endswith("50(1)"))
    assert (
        "The duty lies with the provider of the AI system, a third party here" in disclose.message
    )


def test_emotion_recognition_at_work_points_to_the_ban(tmp_path: Path) -> None:
    uc = use_case("mood", role="deployer", area="employment", emotion_recognition=True)
    [finding] = hits(run(tmp_path, uc), "AIA004")
    assert "Art. 5(1)(f)" in finding.message


# AIA007 ai-literacy --------------------------------------------------------------------


def test_missing_literacy_programme_is_an_organisation_finding(tmp_path: Path) -> None:
    result = run(tmp_path, use_case("u", area="none"), ai_literacy_programme=False)
    [finding] = hits(result, "AIA007")
    assert finding.severity is Severity.LOW
    assert finding.model is None and finding.use_case is None
    assert "organisation.ai_literacy_programme" in finding.message and "Art. 4" in finding.message
    assert finding.location.line == line_of(
        tmp_path, "ai_literacy_programme: false", "organisation"
    )


def test_literacy_programme_in_place_passes(tmp_path: Path) -> None:
    assert (
        hits(run(tmp_path, use_case("u", area="none"), ai_literacy_programme=True), "AIA007") == []
    )


def test_literacy_before_2025_02_02_is_information(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        use_case("u", area="none"),
        as_of=dt.date(2024, 12, 1),
        ai_literacy_programme=False,
    )
    [finding] = hits(result, "AIA007")
    assert finding.severity is Severity.INFO and "applies from 2025-02-02" in finding.message


# AIA008 unclassified-use ---------------------------------------------------------------


def test_use_case_without_area_is_unclassified(tmp_path: Path) -> None:
    result = run(tmp_path, use_case("mystery", role="deployer"))
    [finding] = hits(result, "AIA008")
    assert finding.severity is Severity.MEDIUM
    assert finding.use_case == "mystery"
    assert "no ai_act.area" in finding.message and "social-scoring" in finding.message


def test_area_none_is_a_classification(tmp_path: Path) -> None:
    assert hits(run(tmp_path, use_case("known", area="none")), "AIA008") == []


# as-of: the same inventory on two dates -----------------------------------------------


def _severities(result: AuditResult) -> dict[tuple[str, str | None], Severity]:
    return {(f.rule, f.use_case): f.severity for f in result.findings if f.rule.startswith("AIA")}


def test_as_of_changes_only_the_duties_whose_date_lies_between(tmp_path: Path) -> None:
    use_cases = (
        use_case("cv", role="deployer", area="employment"),
        use_case("chat", role="provider", area="none", interacts_with_people=True),
        use_case("score", area="social-scoring"),
        use_case("mystery"),
    )
    early = run(tmp_path, *use_cases, as_of=dt.date(2025, 6, 1), ai_literacy_programme=False)
    late = run(tmp_path, *use_cases, as_of=dt.date(2026, 11, 26), ai_literacy_programme=False)
    before, after = _severities(early), _severities(late)
    assert before.keys() == after.keys()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {("AIA004", "chat")}
    assert before[("AIA004", "chat")] is Severity.INFO
    assert after[("AIA004", "chat")] is Severity.MEDIUM
    # already in force on both days: the ban, literacy, classification
    assert before[("AIA001", "score")] is after[("AIA001", "score")] is Severity.CRITICAL
    assert before[("AIA007", None)] is after[("AIA007", None)] is Severity.LOW
    assert before[("AIA008", "mystery")] is Severity.MEDIUM
    # in force on neither day: Annex III moved to 2027-12-02
    assert before[("AIA002", "cv")] is after[("AIA002", "cv")] is Severity.INFO
    [chat_early] = hits(early, "AIA004")
    assert "applies from 2026-08-02" in chat_early.message and "2025-06-01" in chat_early.message


# annotations ---------------------------------------------------------------------------


def test_risk_class_annotation_for_every_class(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        use_case("ban", area="social-scoring"),
        use_case("hr", area="employment"),
        use_case("bot", area="none", interacts_with_people=True),
        use_case("plain", area="none"),
        use_case("open"),
    )
    classes = {
        uc: result.annotations[("m1", uc)]["ai_act"]["risk_class"]
        for uc in ("ban", "hr", "bot", "plain", "open")
    }
    assert classes == {
        "ban": "prohibited",
        "hr": "high-risk",
        "bot": "transparency",
        "plain": "minimal",
        "open": "unclassified",
    }
    summary = result.annotations[("m1", "hr")]["ai_act"]
    assert summary["area"] == "employment" and summary["role"] == "deployer"
    assert summary["gpai_provider"] is False and summary["systemic_risk"] is False
    assert summary["legal_basis"].startswith(
        "Reg. (EU) 2024/1689 as amended by Reg. (EU) 2026/1744"
    )


def test_obligations_checklist_lists_deployer_duties_with_dates(tmp_path: Path) -> None:
    uc = use_case("hr", role="deployer", area="employment", interacts_with_people=True)
    before = run(tmp_path, uc, as_of=AS_OF).annotations[("m1", "hr")]["obligations"]
    after = run(tmp_path, uc, as_of=AFTER_ANNEX_III).annotations[("m1", "hr")]["obligations"]
    assert all(
        set(row) == {"role", "article", "duty", "applies_from", "in_force", "source"}
        for row in before
    )
    by_article = {row["article"]: row for row in before}
    assert by_article["Art. 4"]["in_force"] is True and by_article["Art. 4"]["role"] == "deployer"
    assert by_article["Art. 26(6)"] == {
        **by_article["Art. 26(6)"],
        "applies_from": "2027-12-02",
        "in_force": False,
        "role": "deployer",
    }
    assert by_article["Art. 50(1)"]["role"] == "provider"  # listed whoever bears it
    assert not any(row["article"].startswith(("Art. 9", "Art. 43", "Art. 53")) for row in before)
    assert {row["article"]: row["in_force"] for row in after}["Art. 26(6)"] is True


def test_fria_is_on_the_checklist_only_where_article_27_reaches(tmp_path: Path) -> None:
    def articles(result: AuditResult, uc: str) -> set[str]:
        return {row["article"] for row in result.annotations[("m1", uc)]["obligations"]}

    private = run(
        tmp_path, use_case("credit", area="essential-services"), use_case("cv", area="employment")
    )
    assert "Art. 27" in articles(private, "credit")
    assert "Art. 27" not in articles(private, "cv")
    public = run(tmp_path, use_case("cv", area="employment"), public_body=True)
    assert {"Art. 27", "Art. 26(8)"} <= articles(public, "cv")
