"""``model-audit compare``: table, JSON contract and determinism, PDF, input errors, exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from support import ROOT, RunCli, inventory, model, organisation, write_inventory

from audit.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "compare"))
from compare_builders import (  # noqa: E402  (the compare tests' builders live beside them)
    DEEPSEEK,
    FOUR,
    GPT4O,
    LLAMA,
    QWEN,
    frontier_inventory,
    health_inventory,
    run_compare,
)

from audit.compare import build_comparison_document
from reports.compare_pdf import comparison_html, render_comparison_pdf_report

AS_OF = ["--offline", "--as-of", "2026-11-26"]


def candidates(*names: str) -> list[str]:
    return [arg for name in names for arg in ("--candidate", name)]


@pytest.fixture
def health_path(tmp_path: Path) -> Path:
    return write_inventory(tmp_path, health_inventory())


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_table_shows_every_candidate_cost_and_verdict(health_path: Path) -> None:
    result = invoke(
        "compare", str(health_path), "--use-case", "patient-notes", *candidates(*FOUR), *AS_OF
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for label in ("Kind", "Hosting", "Licence", "Attribution", "Residency", "Monthly cost"):
        assert label in text
    assert "USD 3,640" in text and "USD 175" in text
    assert f"break-even {LLAMA} vs {GPT4O}: 832,000,000 tokens a month" in text
    assert f"break-even {QWEN} vs {GPT4O}: never" in text
    assert "Recommendation: open-weight model, self-hosted" in text
    assert "example prices as of 2026-11-26, source https://models.wingman.actor" in text
    assert "supply --pricing with your own" in text
    assert "LIC006" in text


def test_json_to_stdout_is_deterministic_and_keeps_the_contract(health_path: Path) -> None:
    args = ["compare", str(health_path), "--use-case", "patient-notes", *candidates(*FOUR)]
    first = invoke(*args, *AS_OF, "--json", "-")
    second = invoke(*args, *AS_OF, "--json", "-")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes
    document = json.loads(first.stdout)  # only JSON on stdout: no table
    assert list(document) == sorted(document)
    assert document["schema"] == "model-audit/compare/v1"
    assert document["as_of"] == "2026-11-26"
    assert {"id", "data", "monthly_tokens"} <= set(document["use_case"])
    assert document["use_case"]["data"] == ["personal", "health"]
    assert document["use_case"]["monthly_tokens"] == 40_000_000
    assert [c["name"] for c in document["candidates"]] == list(FOUR)
    for candidate in document["candidates"]:
        assert {"name", "kind", "hosting", "licence", "findings", "monthly_cost_usd"} <= set(
            candidate
        )
        assert candidate["kind"] in ("open-weight", "closed-api")
        assert {"mode", "regions"} <= set(candidate["hosting"])
        assert {"id", "source"} <= set(candidate["licence"])
        for finding in candidate["findings"]:
            assert {"rule", "severity", "message"} <= set(finding)
    recommendation = document["recommendation"]
    assert recommendation["choice"] in ("open-weight-self-hosted", "closed-api", "hybrid")
    assert [set(s) for s in recommendation["steps"]] == [
        {"question", "answer", "leads_to", "reason"}
    ] * 4
    assert all({"open", "closed", "monthly_tokens"} <= set(b) for b in document["break_even"])


def test_json_and_pdf_files_together(health_path: Path, tmp_path: Path) -> None:
    json_path, pdf_path = tmp_path / "c.json", tmp_path / "c.pdf"
    args = ["compare", str(health_path), "--use-case", "patient-notes", *candidates(LLAMA, GPT4O)]
    result = invoke(*args, *AS_OF, "--json", str(json_path), "--pdf", str(pdf_path))
    assert result.exit_code == 0, result.output
    assert "Recommendation" in result.output  # the table still prints
    assert json.loads(json_path.read_text())["recommendation"]["choice"] == (
        "open-weight-self-hosted"
    )
    reader = PdfReader(str(pdf_path))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Procurement comparison: patient-notes" in text
    assert "Self-hosted open-weight model" in text
    assert "832,000,000" in text
    assert "supply --pricing with your own" in text
    assert reader.metadata is not None and reader.metadata.creator == "model-audit 0.1.0"
    again = tmp_path / "again.pdf"
    invoke(*args, *AS_OF, "--pdf", str(again))
    assert again.read_bytes() == pdf_path.read_bytes()


def test_pdf_loads_only_bundled_assets_and_escapes_input_text(tmp_path: Path) -> None:
    data = health_inventory()
    data["models"][0]["use_cases"][0]["purpose"] = '<img src="file:///etc/passwd"> & co'
    document = build_comparison_document(run_compare(tmp_path, data, "patient-notes", (LLAMA,)))
    html = comparison_html(document, embed_fonts=True)
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; &amp; co" in html
    rendered = render_comparison_pdf_report(document)
    assert rendered.refused == ()
    assert rendered.served and all(
        url.startswith("https://model-audit.invalid/") for url in rendered.served
    )


def test_frontier_use_case_recommends_the_closed_api(tmp_path: Path) -> None:
    path = write_inventory(tmp_path, frontier_inventory())
    result = invoke(
        "compare",
        str(path),
        "--use-case",
        "market-research",
        *candidates(*FOUR),
        *AS_OF,
        "--json",
        "-",
    )
    recommendation = json.loads(result.stdout)["recommendation"]
    assert recommendation["choice"] == "closed-api"
    assert "needs frontier capability" in recommendation["summary"]


def test_a_user_pricing_file_replaces_the_examples(health_path: Path, tmp_path: Path) -> None:
    prices = tmp_path / "prices.yaml"
    prices.write_text(
        "version: 1\n"
        "api:\n"
        "  - {model: 'openai:gpt-4o', input_usd_per_million: 5, output_usd_per_million: 20,\n"
        "     example: false, as_of: 2026-11-20, source: our enterprise agreement}\n"
        "self_hosting:\n"
        "  - {size: any, infrastructure_usd_per_month: 1000, engineering_usd_per_month: 1000,\n"
        "     example: false, as_of: 2026-11-20, source: our invoices}\n",
        encoding="utf-8",
    )
    result = invoke(
        "compare",
        str(health_path),
        "--use-case",
        "patient-notes",
        *candidates(LLAMA, DEEPSEEK, GPT4O),
        *AS_OF,
        "--pricing",
        str(prices),
        "--json",
        "-",
    )
    document = json.loads(result.stdout)
    assert document["pricing"] == {
        "path": str(prices),
        "currency": "USD",
        "shipped_example": False,
        "notices": [],
    }
    costs = {c["name"]: c["monthly_cost_usd"] for c in document["candidates"]}
    assert costs == {LLAMA: 2000.0, DEEPSEEK: 2000.0, GPT4O: 40 * (0.75 * 5 + 0.25 * 20)}
    first = document["break_even"][0]
    assert (first["open"], first["closed"], first["monthly_tokens"]) == (
        LLAMA,
        GPT4O,
        228_571_429,
    )


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--use-case", "nope", "--candidate", LLAMA], "--use-case: no use case 'nope'"),
        (["--use-case", "patient-notes", "--candidate", "bare"], "is not an inventory model id"),
        (
            ["--use-case", "patient-notes", "--candidate", LLAMA, "--hosting", f"{LLAMA}=moon"],
            "mode must be one of self-hosted, managed, api",
        ),
        (
            ["--use-case", "patient-notes", "--candidate", LLAMA, "--as-of", "someday"],
            "expected a date YYYY-MM-DD",
        ),
    ],
)
def test_unusable_input_exits_2(health_path: Path, extra: list[str], expected: str) -> None:
    result = CliRunner().invoke(cli, ["compare", str(health_path), *extra, "--offline"])
    assert result.exit_code == 2
    assert expected in result.output


def test_a_bad_pricing_file_exits_2_naming_file_line_and_field(
    health_path: Path, tmp_path: Path
) -> None:
    prices = tmp_path / "prices.yaml"
    prices.write_text("version: 1\napi:\n  - model: openai:gpt-4o\n    example: yes\n", "utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "compare",
            str(health_path),
            "--use-case",
            "patient-notes",
            "--candidate",
            GPT4O,
            "--pricing",
            str(prices),
            "--offline",
        ],
    )
    assert result.exit_code == 2
    assert f"{prices}:3: api[0].input_usd_per_million: required field is missing" in result.output
    assert f"{prices}:3: api[0].source: required field is missing" in result.output


def test_candidate_and_use_case_are_required(health_path: Path) -> None:
    result = CliRunner().invoke(cli, ["compare", str(health_path), "--use-case", "patient-notes"])
    assert result.exit_code == 2
    assert "--candidate" in result.output


def test_subprocess_run_prints_the_comparison(model_audit: RunCli, tmp_path: Path) -> None:
    path = write_inventory(
        tmp_path,
        inventory(
            model(
                "bot",
                use_cases=[
                    {
                        "id": "faq",
                        "audience": "public",
                        "data": ["public"],
                        "monthly_tokens": 2_000_000_000,
                        "ai_act": {"role": "deployer", "area": "none"},
                    }
                ],
            ),
            organisation=organisation(),
        ),
    )
    done = model_audit(
        "compare",
        str(path),
        "--use-case",
        "faq",
        *candidates(LLAMA, GPT4O),
        *AS_OF,
        "--json",
        "-",
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    document = json.loads(done.stdout)
    # public data, 2 billion tokens, no frontier need, the team can self-host
    assert document["recommendation"]["choice"] == "open-weight-self-hosted"
    assert document["recommendation"]["steps"][1]["leads_to"] == "open-weight-self-hosted"


def test_the_hybrid_plan_is_printed(model_audit: RunCli) -> None:
    result = model_audit(
        "compare",
        str(ROOT / "examples" / "inventory.yaml"),
        "--use-case",
        "customer-chat",
        "--candidate",
        "meta-llama/Llama-3.1-8B-Instruct",
        "--candidate",
        "openai:gpt-4o",
        "--hybrid",
        "--offline",
        "--as-of",
        "2026-11-26",
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "Hybrid plan" in text and "blended USD" in text
    assert "all-frontier USD" in text and ("saves" in text or "more)" in text)
    assert "the closed tier receives only: personal" in text
    assert "verdict rule V2" in text
