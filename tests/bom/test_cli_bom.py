"""``model-audit bom``: both formats from an inventory, read back; usage and input errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from cyclonedx_validation import assert_cyclonedx_valid
from spdx_validation import assert_spdx3_conformant, read_back, spdx_files_dir

from audit.cli import cli

NO_ASSERTION_LICENSE = "expandedlicensing_NoAssertionLicense"
ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "spdx"
EXAMPLE = ROOT / "examples" / "inventory.yaml"
AS_OF = ["--offline", "--as-of", "2026-11-26"]

CARD = """---
license: llama3.1
base_model: meta-llama/Llama-3.1-8B-Instruct
datasets:
  - acme/claims-2025
---
# Acme Med 8B

A fine-tune of Llama 3.1 8B Instruct on Acme's claims notes.
"""

INVENTORY = """version: 1
organisation:
  name: Acme Health GmbH
  country: DE
  ai_literacy_programme: true
models:
  - id: chat
    name: meta-llama/Llama-3.1-8B-Instruct
    source: huggingface
    licence: llama3.1
    hosting: {mode: self-hosted, regions: [DE]}
  - id: med
    name: acme/med-8b
    source: local
    path: models/med
    hosting: {mode: self-hosted, regions: [eu-central-1]}
    use_cases:
      - id: triage
        purpose: Rank claims for review
        data: [health]
        ai_act: {area: essential-services}
  - id: triage-model
    name: triage-model
    source: local
    path: models/triage
    hosting: {mode: self-hosted, regions: [DE]}
"""


@pytest.fixture
def inventory_path(tmp_path: Path) -> Path:
    """An inventory whose local models carry a model card and an SPDX 2.3 document."""
    (tmp_path / "models" / "med").mkdir(parents=True)
    (tmp_path / "models" / "med" / "README.md").write_text(CARD, encoding="utf-8")
    (tmp_path / "models" / "triage").mkdir()
    spdx = (FIXTURES / "triage-model.spdx").read_text(encoding="utf-8")
    (tmp_path / "models" / "triage" / "model.spdx").write_text(spdx, encoding="utf-8")
    path = tmp_path / "inventory.yaml"
    path.write_text(INVENTORY, encoding="utf-8")
    return path


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _spdx_models(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each root AI package by name, with its licences and parents read from the graph."""
    graph = {n.get("spdxId", n.get("@id")): n for n in document["@graph"]}
    (doc,) = [n for n in document["@graph"] if n["type"] == "SpdxDocument"]

    def targets(source: str, kind: str) -> list[str]:
        return [
            t
            for n in document["@graph"]
            if n["type"] == "Relationship" and n["from"] == source and n["relationshipType"] == kind
            for t in n["to"]
        ]

    def licence(source: str, kind: str) -> str | None:
        (target,) = targets(source, kind)
        return (
            None
            if target == NO_ASSERTION_LICENSE
            else graph[target]["simplelicensing_licenseExpression"]
        )

    def lineage(source: str) -> list[str]:
        names = []
        parents = targets(source, "descendantOf")
        while parents:
            names.append(graph[parents[0]]["name"])
            parents = targets(parents[0], "descendantOf")
        return names

    return {
        graph[root]["name"]: {
            "concluded": licence(root, "hasConcludedLicense"),
            "declared": licence(root, "hasDeclaredLicense"),
            "lineage": lineage(root),
            "package": graph[root],
        }
        for root in doc["rootElement"]
    }


def _cyclonedx_models(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for component in document["components"]:
        chain, current = [], component
        while current.get("pedigree"):
            (current,) = current["pedigree"]["ancestors"]
            chain.append(current["name"])
        out[component["name"]] = {"component": component, "lineage": chain}
    return out


def test_both_formats_are_written_and_read_back(inventory_path: Path, tmp_path: Path) -> None:
    spdx, cdx = tmp_path / "bom.spdx3.json", tmp_path / "bom.cdx.json"

    done = _run("bom", str(inventory_path), "--spdx", str(spdx), "--cyclonedx", str(cdx), *AS_OF)

    assert done.exit_code == 0, done.output
    assert f"{spdx}: SPDX 3.0.1 JSON-LD with 3 models" in done.output
    spdx_document = json.loads(spdx.read_text(encoding="utf-8"))
    bindings, objects = read_back(spdx_document)
    assert len(list(objects.foreach_type(bindings.ai_AIPackage))) >= 3
    models = _spdx_models(spdx_document)
    assert set(models) == {"meta-llama/Llama-3.1-8B-Instruct", "acme/med-8b", "triage-model"}
    # the SPDX-only folder's licence came from its SPDX 2.3 document
    assert models["triage-model"]["concluded"] == "Apache-2.0"
    assert models["triage-model"]["declared"] == "Apache-2.0"
    assert models["acme/med-8b"]["lineage"] == ["meta-llama/Llama-3.1-8B-Instruct"]
    assert models["acme/med-8b"]["package"]["ai_safetyRiskAssessment"] == "high"
    llama = models["acme/med-8b"]["concluded"]
    assert llama and llama.startswith("LicenseRef-")

    text = cdx.read_text(encoding="utf-8")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    components = _cyclonedx_models(json.loads(text))
    assert set(components) == set(models)
    assert components["acme/med-8b"]["lineage"] == ["meta-llama/Llama-3.1-8B-Instruct"]
    assert components["triage-model"]["component"]["licenses"][0]["license"]["id"] == "Apache-2.0"
    card = components["acme/med-8b"]["component"]["modelCard"]
    assert card["modelParameters"]["datasets"] == [{"type": "dataset", "name": "acme/claims-2025"}]


def test_output_is_byte_identical_across_runs(inventory_path: Path) -> None:
    first = _run("bom", str(inventory_path), "--spdx", "-", *AS_OF)
    second = _run("bom", str(inventory_path), "--spdx", "-", *AS_OF)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["@graph"][0]["created"] == "2026-11-26T00:00:00Z"
    cdx_first = _run("bom", str(inventory_path), "--cyclonedx", "-", *AS_OF)
    cdx_second = _run("bom", str(inventory_path), "--cyclonedx", "-", *AS_OF)
    assert cdx_first.stdout == cdx_second.stdout


def test_bytes_do_not_depend_on_hash_seed_time_zone_or_folder(
    inventory_path: Path, tmp_path: Path
) -> None:
    outputs = []
    for seed, zone, cwd in (("1", "UTC", ROOT), ("4242", "Asia/Kolkata", tmp_path)):
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "PYTHONHASHSEED": seed,
            "TZ": zone,
            "HF_HUB_OFFLINE": "1",
        }
        done = subprocess.run(
            [sys.executable, "-m", "audit", "bom", str(inventory_path), *AS_OF]
            + ["--spdx", str(tmp_path / f"{seed}.spdx.json")]
            + ["--cyclonedx", str(tmp_path / f"{seed}.cdx.json")],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(
            [(tmp_path / f"{seed}.{kind}.json").read_bytes() for kind in ("spdx", "cdx")]
        )

    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give --spdx PATH, --cyclonedx PATH or both"),
        (["--spdx", "-", "--cyclonedx", "-"], "only one of --spdx or --cyclonedx"),
        (["--spdx", "x.json", "--as-of", "26.11.2026"], "expected a date YYYY-MM-DD"),
    ],
)
def test_usage_errors_exit_2(inventory_path: Path, args: list[str], message: str) -> None:
    done = _run("bom", str(inventory_path), *args)

    assert done.exit_code == 2
    assert message in done.output


def test_unusable_inventory_and_destination_exit_2(inventory_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\norganisation: {name: Acme}\n", encoding="utf-8")
    done = _run("bom", str(broken), "--spdx", str(tmp_path / "x.json"), *AS_OF)
    assert done.exit_code == 2
    assert "organisation.country" in done.output
    assert not (tmp_path / "x.json").exists()

    nowhere = tmp_path / "no-such-folder" / "bom.json"
    done = _run("bom", str(inventory_path), "--cyclonedx", str(nowhere), *AS_OF)
    assert done.exit_code == 2
    assert f"--cyclonedx: cannot write '{nowhere}': its folder" in done.output
    assert "Traceback" not in done.output


def test_help_does_not_import_the_bom_libraries() -> None:
    probe = (
        "import sys\n"
        "from audit.cli import main\n"
        "for args in (['--help'], ['bom', '--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('spdx_tools', 'spdx_python_model', 'cyclonedx', 'license_expression')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert "--cyclonedx PATH" in done.stdout


def test_example_inventory_exports_every_model(tmp_path: Path, shared_dir: Path) -> None:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} is not there")
    spdx, cdx = tmp_path / "example.spdx3.json", tmp_path / "example.cdx.json"

    done = _run("bom", str(EXAMPLE), "--spdx", str(spdx), "--cyclonedx", str(cdx), *AS_OF)

    if done.exit_code == 2 and "unknown rule" in done.output:
        pytest.skip(f"the example inventory waives a rule not registered yet: {done.output}")
    assert done.exit_code == 0, done.output
    inventory = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    names = {m["name"] for m in inventory["models"]}
    assert_spdx3_conformant(spdx, spdx_files_dir(shared_dir))
    spdx_document = json.loads(spdx.read_text(encoding="utf-8"))
    for package in spdx_document["@graph"]:
        if package["type"] == "ai_AIPackage":
            assert package["releaseTime"] and package["software_packageVersion"], package
            assert package["software_downloadLocation"], package
    models = _spdx_models(spdx_document)
    assert set(models) == names
    report = json.loads(
        _run("scan", str(EXAMPLE), "--json", "-", "--fail-on", "never", *AS_OF).stdout
    )
    assert_cyclonedx_valid(cdx)
    components = _cyclonedx_models(json.loads(cdx.read_text(encoding="utf-8")))
    assert set(components) == names
    for entry in report["models"]:
        spdx_model, cdx_model = models[entry["name"]], components[entry["name"]]
        assert spdx_model["lineage"] == entry["lineage"]
        assert cdx_model["lineage"] == entry["lineage"]
        assert (spdx_model["concluded"] is None) == (entry["licence"]["id"] is None)
        assert ("licenses" in cdx_model["component"]) == (entry["licence"]["id"] is not None)
