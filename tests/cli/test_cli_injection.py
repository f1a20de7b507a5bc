"""Strangers' text cannot drive the terminal or corrupt a report.

A card's ``license:`` (local or from the Hub) and inventory strings carry ESC and OSC
sequences, NUL bytes and bidi overrides; every output shows them escaped (``\\x1b``) and
none emits them: not the terminal, not ``validate``, not JSON, SARIF, HTML or PDF text.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hubserver import HubServer, isolate_hub_environment
from pypdf import PdfReader
from support import inventory, model, organisation, write_inventory

from audit.cli import cli
from audit.safe_text import is_unsafe_character

CLEAR_AND_FAKE_PASS = "mit\x1b[2J\x1b[1A\x1b[2K\x1b[32mPASS\x1b[0m"
OSC_TITLE_AND_LINK = "apache\x1b]0;owned\x07\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
HOSTILE = f"{CLEAR_AND_FAKE_PASS} {OSC_TITLE_AND_LINK} nul\x00 bidi\u202etxt.exe"


def _unsafe(text: str) -> list[str]:
    return sorted({repr(c) for c in text if is_unsafe_character(c) and c not in "\n"})


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        isolate_hub_environment(monkeypatch, tmp_path / "hf-home", server.endpoint)
        yield server


def _scan_everything(tmp_path: Path, inventory_path: Path) -> dict[str, str]:
    """Run scan with every report; return the terminal and each report as text."""
    outputs = {fmt: tmp_path / f"audit.{fmt}" for fmt in ("json", "sarif", "html", "pdf")}
    args = ["scan", str(inventory_path), "--as-of", "2026-11-26"]
    for fmt, path in outputs.items():
        args += [f"--{fmt}", str(path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    pdf = PdfReader(io.BytesIO(outputs["pdf"].read_bytes()))
    texts = {fmt: outputs[fmt].read_text(encoding="utf-8") for fmt in ("json", "sarif", "html")}
    texts["pdf"] = "\n".join(page.extract_text() for page in pdf.pages)
    texts["terminal"] = result.stdout
    texts["stderr"] = result.stderr
    return texts


def _assert_clean(texts: dict[str, str], marker: str = "\\x1b[2J") -> None:
    for medium, text in texts.items():
        assert _unsafe(text) == [], f"{medium} emits control characters"
    for medium in ("json", "sarif", "html", "terminal"):
        assert marker in texts[medium], f"{medium} does not show the escaped text"


def test_a_local_card_licence_cannot_drive_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "models" / "m"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(
        f"---\nlicense: {json.dumps(HOSTILE)}\n---\n# card\n", encoding="utf-8"
    )
    path = write_inventory(
        tmp_path, inventory(model("m1", source="local", path="models/m", name="stranger/m"))
    )
    texts = _scan_everything(tmp_path, path)
    _assert_clean(texts)
    assert "\\x1b]0;owned\\x07" in texts["terminal"]


def test_a_hub_answer_cannot_drive_the_terminal(tmp_path: Path, hub: HubServer) -> None:
    hub.add_model("acme/evil", card_data={"license": HOSTILE, "base_model": HOSTILE})
    path = write_inventory(tmp_path, inventory(model("m1", name="acme/evil")))
    _assert_clean(_scan_everything(tmp_path, path))


def test_inventory_strings_cannot_drive_the_terminal(tmp_path: Path) -> None:
    hostile_model = model("m1", licence="mit", name=HOSTILE)
    hostile_model["use_cases"][0]["purpose"] = HOSTILE
    data = inventory(hostile_model, organisation=organisation(name=HOSTILE))
    path = tmp_path / "inventory.json"  # JSON can carry every escape, \u0000 included
    path.write_text(json.dumps(data), encoding="utf-8")
    texts = _scan_everything(tmp_path, path)
    _assert_clean(texts)
    assert "\x00" not in texts["html"] and "\\x00" in texts["html"]


def test_validate_shows_osc_sequences_escaped(tmp_path: Path) -> None:
    data = inventory(model("m1", licence="mit"), organisation=organisation(name=OSC_TITLE_AND_LINK))
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert _unsafe(result.output) == []
    assert "apache\\x1b]0;owned\\x07" in result.output


def test_input_errors_show_outside_text_escaped(tmp_path: Path) -> None:
    path = tmp_path / "inventory.json"
    data = inventory(model("m1", licence="mit"), organisation=organisation(country=HOSTILE))
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert _unsafe(result.output) == []
    assert "organisation.country" in result.output


def test_a_lone_surrogate_in_hub_card_data_does_not_stop_the_audit(
    tmp_path: Path, hub: HubServer
) -> None:
    hub.add_model("acme/odd", card_data={"license": "mit\ud800", "base_model": "x\udfff"})
    path = write_inventory(tmp_path, inventory(model("m1", name="acme/odd")))
    texts = _scan_everything(tmp_path, path)
    for medium, text in texts.items():
        assert _unsafe(text) == [], medium
    assert "mit\\\\ud800" in texts["json"]  # the escape, itself escaped by JSON
    assert "Traceback" not in texts["stderr"] and "internal error" not in texts["stderr"]
