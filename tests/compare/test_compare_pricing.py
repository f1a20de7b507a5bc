"""The pricing file: shipped example, validation errors with lines, look-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.compare.pricing import SHIPPED_PRICING_NAME, load_pricing, parse_pricing
from audit.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
VALID = """\
version: 1
api:
  - model: openai:gpt-4o
    aliases: [openai:gpt-4o-2024-08-06]
    input_usd_per_million: 2.5
    output_usd_per_million: 10
    example: false
    as_of: 2026-11-01
    source: our contract
self_hosting:
  - size: small
    max_parameters_billions: 10
    infrastructure_usd_per_month: 500
    engineering_usd_per_month: 1000
    example: false
    as_of: 2026-11-01
    source: our invoices
  - size: big
    infrastructure_usd_per_month: 9000
    engineering_usd_per_month: 4000
    example: false
    as_of: 2026-11-01
    source: our invoices
"""


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_pricing(text, "prices.yaml")
    return [str(p) for p in caught.value.problems]


def test_shipped_file_is_the_example_file_and_every_figure_is_marked() -> None:
    packaged = (ROOT / "audit" / "compare" / "data" / "pricing.yaml").read_bytes()
    assert packaged == (ROOT / "examples" / "pricing.yaml").read_bytes()
    pricing = load_pricing(None)
    assert pricing.shipped and pricing.path == SHIPPED_PRICING_NAME
    figures = [*pricing.table.api, *pricing.table.self_hosting]
    assert {f.model for f in pricing.table.api} >= {
        "openai:gpt-4o",
        "anthropic:claude-sonnet-4",
        "google-ai-studio:gemini-2.5-pro",
        "mistral:mistral-large-latest",
    }
    for figure in figures:
        assert figure.example is True
        assert figure.source.startswith("https://")
        assert figure.as_of.isoformat() == "2026-11-26"


def test_a_user_file_loads_and_answers_look_ups(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text(VALID, encoding="utf-8")
    pricing = load_pricing(str(path))
    assert not pricing.shipped and pricing.path == str(path)
    assert pricing.api_price("OpenAI", "GPT-4o-2024-08-06") is pricing.table.api[0]
    assert pricing.api_price("openai", "gpt-4.1") is None
    assert pricing.input_share(pricing.table.api[0]) == 0.75
    small, big = pricing.table.self_hosting
    assert pricing.size_class(8) is small
    assert pricing.size_class(10) is small
    assert pricing.size_class(10.5) is big
    assert pricing.size_class(671) is big


def test_errors_name_file_line_and_field() -> None:
    text = VALID.replace("output_usd_per_million: 10", "output_usd_per_million: -1").replace(
        "    source: our contract\n", "    source: our contract\n    currency: EUR\n"
    )
    found = problems(text)
    assert (
        "prices.yaml:6: api[0].output_usd_per_million: expected a number of at least 0"
        in (found[0])
    )
    assert found[1].startswith("prices.yaml:10: api[0].currency: unknown field")


def test_a_missing_source_is_an_error() -> None:
    found = problems(VALID.replace("    source: our invoices\n", "", 1))
    assert found == ["prices.yaml:11: self_hosting[0].source: required field is missing"]


def test_size_classes_must_ascend_and_only_the_last_may_be_open_ended() -> None:
    open_first = VALID.replace("    max_parameters_billions: 10\n", "")
    assert problems(open_first) == [
        "prices.yaml:10: self_hosting: only the last size class may leave out "
        "max_parameters_billions"
    ]
    descending = VALID.replace(
        "    infrastructure_usd_per_month: 9000\n",
        "    max_parameters_billions: 5\n    infrastructure_usd_per_month: 9000\n",
    )
    assert problems(descending)[0].startswith(
        "prices.yaml:10: self_hosting: list the size classes from smallest to largest"
    )


def test_version_and_shape_errors() -> None:
    assert problems("version: 2\n") == [
        "prices.yaml:1: version: unsupported pricing-file version 2; this model-audit reads "
        "version 1"
    ]
    assert problems("- a list\n") == ["prices.yaml:1: expected a mapping with 'version: 1'"]
    assert problems("version: [1\n")[0].startswith("prices.yaml:2: not valid YAML")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_pricing(str(tmp_path / "none.yaml"))
    assert str(caught.value).endswith("none.yaml: does not exist")
