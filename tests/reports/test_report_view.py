"""What the HTML/PDF report shows, computed from the document."""

from __future__ import annotations

from report_fixtures import finding, sample_document

from reports.report_view import FIELD_LIMIT, build_view, clip_strings


def test_clip_strings_cuts_every_long_string_and_keeps_the_rest() -> None:
    data = {"a": "x" * (FIELD_LIMIT + 5), "b": ["short", "y" * 3000], "c": 3, "d": None}
    clipped = clip_strings(data)
    assert clipped["a"].startswith("x" * FIELD_LIMIT + " [… truncated: 2,005 characters")
    assert clipped["b"][0] == "short"
    assert clipped["b"][1].startswith("y" * FIELD_LIMIT + " [… truncated: 3,000 characters")
    assert clipped["c"] == 3 and clipped["d"] is None
    assert data["a"] == "x" * (FIELD_LIMIT + 5), "the document itself is not changed"


def test_counts_exclude_waived_findings() -> None:
    view = build_view(sample_document())
    counts = {c.severity: c.count for c in view.severity_counts}
    assert counts == {"critical": 2, "high": 3, "medium": 3, "low": 1, "info": 3}
    assert view.waived == 1
    licence = next(a for a in view.areas if a.family == "licence")
    assert licence.total == 3  # LIC004 (expired waiver counts), LIC001, LIC011; LIC006 waived
    assert [a.title for a in view.areas] == ["Licence", "GDPR", "EU AI Act", "Advisory"]


def test_top_findings_prefer_different_rules() -> None:
    document = sample_document()
    copies = [dict(document["findings"][0], model=f"m{i}") for i in range(5)]
    document["findings"] = copies + document["findings"]
    top = build_view(document).top_findings
    assert [f.rule for f in top] == ["GDPR001", "LIC004", "GDPR002"]


def test_top_findings_never_list_info() -> None:
    document = sample_document()
    document["findings"] = [finding("ADV001", "notes-gpt", "cost", line=5)]
    assert build_view(document).top_findings == ()


def test_verdict_reason_counts_findings_at_or_above_the_gate() -> None:
    document = sample_document()
    assert build_view(document).verdict_reason == "5 unwaived findings of severity high or above."
    document["summary"]["fail_on"] = "critical"
    assert build_view(document).verdict_reason == "2 unwaived findings of severity critical."
    document["summary"]["fail_on"] = "medium"
    assert build_view(document).verdict_reason == "8 unwaived findings of severity medium or above."


def test_routing_map_joins_use_case_tags_with_flows_and_policy() -> None:
    routing = build_view(sample_document()).routing
    health = next(e for e in routing.exposures if e.tag == "health")
    assert health.reaches == ("chat-small (patient-chat)", "notes-gpt (clinical-notes)")
    assert health.places == ("DE (eu-central-1)", "IN (ap-south-1)", "US (us-east-1)")
    assert health.permitted == ("chat-small", "notes-gpt")
    internal = next(e for e in routing.exposures if e.tag == "internal")
    assert internal.places == ("region eu-central-1",), "without flows, the hosting regions"
    assert routing.flows_known
    bases = {(f.model, f.country): f.basis for f in routing.flows}
    assert bases[("chat-small", "DE")] == "no transfer (EEA)"
    assert bases[("notes-gpt", "US")] == "adequacy: EU-US Data Privacy Framework (dpf)"
    assert bases[("notes-gpt", "IN")] == "none"
    unlawful = [f for f in routing.flows if f.lawful == "no"]
    assert [(f.model, f.country) for f in unlawful] == [("notes-gpt", "IN")]


def test_obligations_read_annotation_or_raw_fields() -> None:
    blocks = {b.use_case: b for b in build_view(sample_document()).obligations}
    annotated = dict(blocks["patient-chat"].classification)
    assert annotated["Risk class"] == "limited (transparency)"
    assert annotated["GPAI provider"] == "no"
    raw = dict(blocks["claims-triage"].classification)
    assert raw["Area"] == "essential-services"
    assert raw["Use-case traits"] == "automated decision"
    assert [o.in_force for o in blocks["claims-triage"].obligations] == ["from 2027-12-02"] * 2
    assert dict(blocks["photo-tags"].classification)["Area"] == "not classified"
    assert not blocks["clinical-notes"].obligations_known


def test_waiver_rows_and_stale_list() -> None:
    view = build_view(sample_document())
    assert [w.status for w in view.waivers] == ["active", "expired", "stale"]
    assert [w.rule for w in view.stale_waivers] == ["GDPR005"]
    assert view.waivers[2].expires == "no expiry"


def test_classes_only_take_known_values() -> None:
    document = sample_document()
    document["models"][0]["status"] = 'x" onload="alert(1)'
    document["waivers"][0]["status"] = "<b>"
    document["findings"][0]["severity"] = "apocalyptic"
    view = build_view(document)
    assert view.models[0].status == "unknown"
    assert view.waivers[0].status == "unknown"
    assert view.inventory[0].status == "unknown"
    assert {f.severity for f in view.models[1].findings} <= {
        "critical",
        "high",
        "medium",
        "low",
        "info",
    }


def test_pdf_dates_and_header() -> None:
    view = build_view(sample_document(organisation={"name": "N" * 500, "country": "DE"}))
    assert view.created == "2026-11-26T00:00:00Z"
    assert view.as_of_long == "26 November 2026"
    assert len(view.organisation_short) == 80 and view.organisation_short.endswith("…")
    assert len(view.organisation_cover) == 200


def test_ai_act_table_says_unknown_where_a_rule_could_not_decide() -> None:
    document = sample_document()
    document["findings"].append(
        finding(
            "AIA005", "chat-small", "whether Acme-Med-8B is a new GPAI model is unknown", line=9
        )
    )
    blocks = {b.use_case: b for b in build_view(document).obligations}
    assert dict(blocks["patient-chat"].classification)["GPAI provider"] == "unknown (see AIA005)"
    assert dict(blocks["patient-chat"].classification)["Systemic risk"] == "no"
    document["models"][0]["use_cases"][0]["ai_act"]["systemic_risk"] = None
    blocks = {b.use_case: b for b in build_view(document).obligations}
    assert dict(blocks["patient-chat"].classification)["Systemic risk"] == "unknown"
