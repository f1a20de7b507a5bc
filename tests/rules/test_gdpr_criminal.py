"""GDPR004 also covers criminal-offence data (Art. 10 via Art. 35(3)(b))."""

from __future__ import annotations

from pathlib import Path

from support import audit, hits, inventory, model, resolution


def _with(data: list[str], dpia: bool) -> dict[str, object]:
    entry = model(dpia=dpia)
    entry["use_cases"][0]["data"] = data
    return inventory(entry)


def test_criminal_data_needs_a_dpia(tmp_path: Path) -> None:
    result = audit(
        tmp_path, _with(["criminal"], False), resolutions={"m1": resolution("m1", "mit")}
    )
    (finding,) = hits(result, "GDPR004")
    assert "criminal-offence data" in finding.message


def test_criminal_data_with_a_dpia_is_fine(tmp_path: Path) -> None:
    result = audit(tmp_path, _with(["criminal"], True), resolutions={"m1": resolution("m1", "mit")})
    assert hits(result, "GDPR004") == []
