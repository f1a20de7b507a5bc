"""``model-audit discover`` as a real process: references with evidence, proposals that
validate, the diff against an inventory, deterministic output, bad input exits 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import ROOT, inventory, model, write_inventory

APP = """\
from openai import OpenAI
from transformers import AutoModelForCausalLM

BASE = "meta-llama/Llama-3.1-8B-Instruct"
client = OpenAI()


def answer(question):
    # AutoModelForCausalLM.from_pretrained("org/commented-out")
    reply = client.chat.completions.create(model="gpt-4o", messages=[])
    return reply


local = AutoModelForCausalLM.from_pretrained(BASE)
"""

LITELLM = """\
model_list:
  - model_name: claude
    litellm_params:
      model: bedrock/eu.anthropic.claude-3-7-sonnet-20250219-v1:0
      aws_region_name: eu-central-1
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "audit", "discover", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "app").mkdir(parents=True)
    (root / "app" / "chat.py").write_text(APP, encoding="utf-8")
    (root / "litellm").mkdir()
    (root / "litellm" / "config.yaml").write_text(LITELLM, encoding="utf-8")
    return root


def test_json_lists_every_reference_with_file_and_line(project: Path) -> None:
    done = run("project", "--format", "json", cwd=project.parent)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    got = [(r["model"], r["file"], r["line"], r["kind"]) for r in data["references"]]
    assert got == [
        ("gpt-4o", "project/app/chat.py", 10, "api-client"),
        ("meta-llama/Llama-3.1-8B-Instruct", "project/app/chat.py", 14, "from_pretrained"),
        ("eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "project/litellm/config.yaml", 4,
         "litellm"),
    ]  # fmt: skip
    assert data["diff"] is None
    assert "3 references to 3 models" in done.stderr


def test_yaml_proposals_validate_and_carry_their_evidence(project: Path) -> None:
    done = run("project", "-o", "proposed.yaml", cwd=project.parent)
    assert done.returncode == 0, done.stderr
    proposed = yaml.safe_load((project.parent / "proposed.yaml").read_text(encoding="utf-8"))
    by_name = {m["name"]: m for m in proposed["models"]}
    claude = by_name["eu.anthropic.claude-3-7-sonnet-20250219-v1:0"]
    assert claude["provider"] == "amazon-bedrock"
    assert claude["hosting"] == {"mode": "managed", "regions": ["eu-central-1"]}
    assert any("proposed from the code or config" in p for p in claude["x-discovered"]["proposed"])
    llama = by_name["meta-llama/Llama-3.1-8B-Instruct"]
    assert llama["source"] == "huggingface"
    assert llama["x-discovered"]["evidence"] == ["project/app/chat.py:14 (from_pretrained, high)"]
    validated = subprocess.run(
        [sys.executable, "-m", "audit", "validate", "proposed.yaml"],
        cwd=project.parent, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert validated.returncode == 0, validated.stderr
    assert "3 models" in validated.stdout


def test_the_diff_against_an_inventory(project: Path) -> None:
    data = inventory(
        model("llama", name="meta-llama/Llama-3.1-8B-Instruct"),
        model("old", name="google/gemma-2-9b-it"),
    )
    write_inventory(project.parent, data)
    done = run("project", "--inventory", "inventory.yaml", "--format", "json", cwd=project.parent)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["diff"] == {
        "undeclared": ["eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "gpt-4o"],
        "unseen": ["old"],
    }
    declared = {m["name"]: m["declared_as"] for m in report["models"]}
    assert declared["meta-llama/Llama-3.1-8B-Instruct"] == "llama"
    assert [m["name"] for m in report["proposed"]["models"]] == [
        "eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "gpt-4o",
    ]
    assert report["proposed"]["organisation"]["name"] == "Acme Health GmbH"
    assert "2 undeclared, 1 unseen" in done.stderr


def test_output_is_byte_identical_across_runs_and_hash_seeds(project: Path) -> None:
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "audit", "discover", "project", "--format", "json"],
            cwd=project.parent, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_a_missing_path_or_bad_inventory_exits_2(project: Path) -> None:
    missing = run("nowhere", cwd=project.parent)
    assert missing.returncode == 2
    assert "nowhere" in missing.stderr
    (project.parent / "bad.yaml").write_text("version: 1\nmodels: 3\n", encoding="utf-8")
    bad = run("project", "--inventory", "bad.yaml", cwd=project.parent)
    assert bad.returncode == 2
    assert "bad.yaml" in bad.stderr and "Traceback" not in bad.stderr


def test_hf_cache_models_are_listed_with_their_revision(project: Path) -> None:
    from model_files import write_hf_cache

    write_hf_cache(project.parent / "cache", "acme/cached-7b", "c" * 40, "---\nlicense: mit\n---\n")
    done = run("project", "--format", "json", "--hf-cache", "cache", cwd=project.parent)
    assert done.returncode == 0, done.stderr
    cached = [r for r in json.loads(done.stdout)["references"] if r["kind"] == "hf-cache"]
    assert [(r["model"], r["revision"], r["licence"]) for r in cached] == [
        ("acme/cached-7b", "c" * 40, "mit")
    ]


def test_text_from_scanned_files_is_escaped_in_every_format(project: Path) -> None:
    (project / "app" / "evil.py").write_text(
        "from openai import OpenAI\n"
        'OpenAI().chat.completions.create(model="gpt-4o\\u202e\\x1b[2J")\n',
        encoding="utf-8",
    )
    for fmt in ("yaml", "json"):
        done = run("project", "--format", fmt, cwd=project.parent)
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
        assert "\\x1b" in done.stdout or "\\\\x1b" in done.stdout
