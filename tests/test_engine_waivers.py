"""Waivers: matching by rule and model, expiry on --as-of, stale waivers reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support import audit, hits, inventory, model, resolution


def _nc_inventory(**waiver: object) -> dict[str, object]:
    return inventory(
        model("m1"),
        model("m2"),
        waivers=[
            {
                "rule": "LIC005",
                "reason": "Research exemption agreed",
                "approved_by": "DPO",
                **waiver,
            }
        ],
    )


def _resolutions() -> dict[str, object]:
    return {"m1": resolution("m1", "cc-by-nc-4.0"), "m2": resolution("m2", "cc-by-nc-4.0")}


def test_waiver_for_one_model_leaves_the_other_active(tmp_path: Path) -> None:
    result = audit(tmp_path, _nc_inventory(model="m1"), resolutions=_resolutions())  # type: ignore[arg-type]
    waived = {f.model: f.waived for f in hits(result, "LIC005", active_only=False)}
    assert waived == {"m1": True, "m2": False}
    assert not result.passed


def test_waiver_without_model_covers_every_model(tmp_path: Path) -> None:
    result = audit(tmp_path, _nc_inventory(), resolutions=_resolutions())  # type: ignore[arg-type]
    assert hits(result, "LIC005") == []
    assert result.passed


def test_expired_waiver_leaves_the_finding_active_and_says_so(tmp_path: Path) -> None:
    data = _nc_inventory(expires="2026-01-31")
    result = audit(tmp_path, data, resolutions=_resolutions(), as_of=dt.date(2026, 11, 26))  # type: ignore[arg-type]
    active = hits(result, "LIC005")
    assert len(active) == 2 and all(f.waiver and f.waiver.expired for f in active)
    assert [w.status for w in result.waivers] == ["expired"]
    before = audit(tmp_path, data, resolutions=_resolutions(), as_of=dt.date(2026, 1, 31))  # type: ignore[arg-type]
    assert hits(before, "LIC005") == [] and [w.status for w in before.waivers] == ["active"]


def test_waiver_matching_nothing_is_stale(tmp_path: Path) -> None:
    data = inventory(
        model("m1"),
        waivers=[{"rule": "LIC005", "model": "m1", "reason": "x", "approved_by": "y"}],
    )
    result = audit(tmp_path, data, resolutions={"m1": resolution("m1", "apache-2.0")})
    (outcome,) = result.waivers
    assert outcome.status == "stale" and outcome.matched == 0
    assert outcome.location.line > 0


def test_one_use_case_served_by_several_models_is_valid_and_not_locked_in(tmp_path: Path) -> None:
    from support import inventory as build

    api = model(
        "frontier",
        source="api",
        provider="openai",
        hosting={"mode": "api", "regions": ["US"]},
        contracts={"dpa": True, "transfer_mechanism": "dpf"},
    )
    small = model("small")
    api["use_cases"][0]["id"] = small["use_cases"][0]["id"] = "drafts"
    result = audit(tmp_path, build(small, api), resolutions={"small": resolution("small", "mit")})
    assert hits(result, "ADV002") == []
    alone = audit(tmp_path, build(api))
    assert [f.use_case for f in hits(alone, "ADV002")] == ["drafts"]
