"""The AI Act data: complete for every inventory key, sourced, dated by the newest act, and
overridable without copying the shipped files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from audit.ai_act import load_ai_act_data
from audit.errors import InputError
from audit.inventory.schema import ANNEX_III_AREAS, PROHIBITED_PRACTICES


def test_every_inventory_key_has_a_reference_and_description() -> None:
    data = load_ai_act_data()
    assert list(data.areas) == list(ANNEX_III_AREAS)
    assert list(data.practices) == list(PROHIBITED_PRACTICES)
    assert data.practices["social-scoring"].reference == "Art. 5(1)(c)"
    assert data.areas["employment"].reference == "Annex III point 4"
    for entry in (*data.areas.values(), *data.practices.values()):
        assert entry.description.strip() and entry.source.url.startswith("http")


def test_a_later_act_wins_and_the_older_date_is_kept() -> None:
    data = load_ai_act_data()
    annex_iii = data.dated("annex-iii")
    assert annex_iii.applies_from == dt.date(2027, 12, 2)
    assert annex_iii.act.citation == "Reg. (EU) 2026/1744"
    assert [d.applies_from for d, _ in annex_iii.superseded] == [dt.date(2026, 8, 2)]
    assert data.dated("annex-i").applies_from == dt.date(2028, 8, 2)
    assert data.dated("transparency-marking-legacy").applies_from == dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("milestone", "date"),
    [
        ("prohibitions", dt.date(2025, 2, 2)),
        ("ai-literacy", dt.date(2025, 2, 2)),
        ("gpai", dt.date(2025, 8, 2)),
        ("gpai-legacy", dt.date(2027, 8, 2)),
        ("transparency", dt.date(2026, 8, 2)),
    ],
)
def test_application_dates(milestone: str, date: dt.date) -> None:
    dated = load_ai_act_data().dated(milestone)
    assert dated.applies_from == date
    assert not dated.in_force(date - dt.timedelta(days=1)) and dated.in_force(date)


def test_secondary_facts_say_so() -> None:
    data = load_ai_act_data()
    assert data.dated("annex-iii").source.source.confidence == "secondary"
    assert data.acts["digital-omnibus"].source.confidence == "secondary"
    assert "[OJ reference unverified in primary]" in data.legal_basis_version


def test_every_obligation_names_a_known_milestone_and_a_source() -> None:
    data = load_ai_act_data()
    for key, obligation in data.obligations.items():
        assert obligation.milestone in data.milestones, key
        assert obligation.source.confidence in ("primary", "secondary", "unverified")


def test_thresholds_are_exact() -> None:
    data = load_ai_act_data()
    share = data.threshold("new-model-compute-share").amount
    assert share * 3 == 1
    assert data.threshold("systemic-risk-compute").amount == pytest.approx(1e25)


def test_an_override_file_moves_a_date_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "dates.yaml").write_text(
        "milestones:\n"
        "  annex-iii:\n"
        "    covers: Annex III duties (local reading)\n"
        "    dates:\n"
        "      - act: digital-omnibus\n"
        "        applies_from: 2028-03-01\n"
        "        source: {url: https://example.org/oj, confidence: unverified}\n",
        encoding="utf-8",
    )
    data = load_ai_act_data(tmp_path)
    assert data.dated("annex-iii").applies_from == dt.date(2028, 3, 1)
    assert data.dated("gpai").applies_from == dt.date(2025, 8, 2)
    assert load_ai_act_data().dated("annex-iii").applies_from == dt.date(2027, 12, 2)


def test_a_broken_override_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.yaml"
    path.write_text(
        "thresholds:\n  systemic-risk-compute:\n    value: lots\n    unit: FLOP\n"
        "    reference: Art. 51(2)\n    description: x\n"
        "    source: {url: https://example.org, confidence: primary}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_ai_act_data(tmp_path)
    [problem] = error.value.problems
    assert problem.path == str(path) and problem.line == 3
    assert problem.field == "thresholds.systemic-risk-compute.value"


def test_an_override_with_an_unknown_file_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dates.yml.bak.yaml").write_text("{}\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an AI Act data file"):
        load_ai_act_data(tmp_path)
