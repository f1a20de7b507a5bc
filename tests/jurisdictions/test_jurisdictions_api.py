"""The loader API: region lookups, transfer status on a date, and override files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from audit.jurisdictions import JurisdictionError, Jurisdictions, load_jurisdictions

DAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def j() -> Jurisdictions:
    return load_jurisdictions(override="")


@pytest.mark.parametrize(
    "code, status, country",
    [
        ("eu-central-1", "EEA", "DE"),
        ("norwayeast", "EEA", "NO"),
        ("DE", "EEA", "DE"),
        ("de", "EEA", "DE"),
        ("eu", "EEA", None),
        ("eu-west-2", "adequate", "GB"),
        ("ap-northeast-1", "adequate-partial", "JP"),
        ("switzerlandnorth", "adequate", "CH"),
        ("ap-southeast-6", "adequate", "NZ"),
        ("sa-east-1", "adequate", "BR"),
        ("us-east-1", "adequate-partial", "US"),
        ("US", "adequate-partial", "US"),
        ("ca-central-1", "adequate-partial", "CA"),
        ("ap-south-1", "third-country", "IN"),
        ("me-central1", "third-country", "QA"),
        ("global", "third-country", None),
        ("asia", "third-country", None),
        ("europe", "adequate", None),
        ("mars-1", "unknown", None),
        ("ZZ", "unknown", None),
    ],
)
def test_transfer_status(j: Jurisdictions, code: str, status: str, country: str | None) -> None:
    result = j.transfer_status(code, DAY)
    assert (result.status, result.country) == (status, country)
    assert result.reason


def test_iso_code_beats_multi_region_in_upper_case(j: Jurisdictions) -> None:
    assert j.region("US").cloud == "country"  # type: ignore[union-attr]
    assert j.region("us").cloud == "multi"  # type: ignore[union-attr]
    assert j.region(" eu-central-1 ").code == "eu-central-1"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "day, status",
    [(dt.date(2031, 12, 27), "adequate"), (dt.date(2031, 12, 28), "third-country")],
)
def test_uk_adequacy_ends_after_2031_12_27(j: Jurisdictions, day: dt.date, status: str) -> None:
    result = j.transfer_status("uksouth", day)
    assert result.status == status
    if status == "third-country":
        assert result.lapsed is not None and "expired after 2031-12-27" in result.reason


@pytest.mark.parametrize(
    "day, status",
    [(dt.date(2026, 1, 25), "third-country"), (dt.date(2026, 1, 26), "adequate")],
)
def test_brazil_adequacy_starts_2026_01_26(j: Jurisdictions, day: dt.date, status: str) -> None:
    assert j.transfer_status("brazilsouth", day).status == status
    assert (j.adequacy("BR", day) is not None) == (status == "adequate")


def test_override_annuls_the_dpf(tmp_path: Path) -> None:
    override = tmp_path / "override.yaml"
    override.write_text(
        "sources:\n"
        "  cjeu-test: {title: CJEU judgment (test), url: 'https://curia.europa.eu/',"
        " confidence: primary}\n"
        "adequacy:\n"
        "  - {country: US, status: annulled, status_source: cjeu-test,"
        " status_note: annulled in a test}\n",
        encoding="utf-8",
    )
    changed = load_jurisdictions(override)
    result = changed.transfer_status("us-east-1", DAY)
    assert result.status == "third-country"
    assert result.lapsed is not None and "annulled" in result.reason
    assert changed.adequacy_decision("US").scope == "DPF-certified organisations"  # type: ignore[union-attr]
    assert load_jurisdictions(override="").transfer_status("us-east-1", DAY).status == (
        "adequate-partial"
    )


def test_override_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    override = tmp_path / "regions.yaml"
    override.write_text(
        "regions:\n"
        "  - {cloud: azure, code: taiwannorth, name: Taiwan North (Taipei), country: TW,"
        " source: cl-2}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MODEL_AUDIT_JURISDICTIONS", str(override))
    region = load_jurisdictions().region("taiwannorth")
    assert region is not None and region.country == "TW" and region.cloud == "azure"


@pytest.mark.parametrize(
    "text, problem",
    [
        (
            "regions:\n  - {cloud: aws, code: xx-east-1, name: X, country: ZZ, source: cl-1}\n",
            "country 'ZZ' is not in countries.yaml",
        ),
        (
            "regions:\n  - {cloud: aws, code: xx-east-1, name: X, country: DE}\n",
            "needs its own source",
        ),
        (
            "regions:\n  - {cloud: aws, code: xx-east-1, name: X, country: DE, source: nowhere}\n",
            "unknown source 'nowhere'",
        ),
        (
            "providers:\n  - {key: openai, default_regions: [atlantis-1]}\n",
            "region 'atlantis-1' is not in the region catalogue",
        ),
        ("adequacy:\n  - {country: GB, valid_until: 2000-01-01}\n", "valid_until"),
        (
            "regions:\n  - {cloud: aws, code: xx-east-1, name: X, country: NO, source: cl-1}\n",
            "country",
        ),  # a bare NO is YAML false, not Norway
    ],
)
def test_bad_override_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    override = tmp_path / "bad.yaml"
    override.write_text(text, encoding="utf-8")
    with pytest.raises(JurisdictionError, match=problem):
        load_jurisdictions(override)
