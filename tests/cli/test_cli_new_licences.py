"""A real scan through the command line shows the new licences' findings (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from support import RunCli, inventory, model, organisation

HUNYUAN = "tencent/Hunyuan-A13B-Instruct"
KIMI = "moonshotai/Kimi-K2-Instruct"


def _served(name: str, **overrides: Any) -> dict[str, Any]:
    entry = model(name=name, **overrides)
    entry["use_cases"][0]["audience"] = "customers"
    return entry


def test_scan_shows_the_new_licence_findings(tmp_path: Path, model_audit: RunCli) -> None:
    org = organisation(country="DE", monthly_active_users=150_000_000)
    data = inventory(
        model("hunyuan", name=HUNYUAN),
        _served(KIMI, id="kimi"),
        model("flux", name="black-forest-labs/FLUX.1-dev"),
        model("sdxl", name="stabilityai/stable-diffusion-xl-base-0.9"),
        organisation=org,
    )
    for entry in data["models"]:
        entry["use_cases"][0]["id"] = f"{entry['id']}-uc"
    (tmp_path / "inventory.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    done = model_audit("scan", "inventory.yaml", "--offline", "--json", "report.json")
    assert done.returncode == 1, done.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["knowledge_base"]["version"] == "2026.12"
    found = {(f["rule"], f["model"]) for f in report["findings"]}
    assert ("LIC008", "hunyuan") in found
    assert ("LIC006", "kimi") in found
    assert ("LIC005", "flux") in found
    assert ("LIC005", "sdxl") in found
