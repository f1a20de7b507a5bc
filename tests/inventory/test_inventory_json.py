"""JSON inventories are read as JSON: standard escapes and surrogate pairs load, comments,
trailing commas, single quotes and NaN are refused with JSON messages, and every line
number stays right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import inventory, model

from audit.errors import InputError
from audit.inventory import load_inventory


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "inventory.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


def problems(path: str) -> list[str]:
    with pytest.raises(InputError) as raised:
        load_inventory(path)
    return [str(p).removeprefix(f"{path}:") for p in raised.value.problems]


def test_an_emoji_written_as_a_surrogate_pair_loads(tmp_path: Path) -> None:
    data = inventory(model("m1", licence="mit"))
    data["models"][0]["use_cases"][0]["purpose"] = "Answer customers \U0001f600"
    text = json.dumps(data, indent=2)  # ensure_ascii: the emoji becomes \ud83d\ude00
    assert "\\ud83d\\ude00" in text
    loaded = load_inventory(write(tmp_path, text))
    assert loaded.inventory.models[0].use_cases[0].purpose == "Answer customers \U0001f600"


def test_standard_escapes_are_read(tmp_path: Path) -> None:
    data = inventory(model("m1", licence="mit"))
    data["organisation"]["name"] = 'A\u00e9\t"\\/\u20ac'
    loaded = load_inventory(write(tmp_path, json.dumps(data)))
    assert loaded.inventory.organisation.name == 'A\u00e9\t"\\/\u20ac'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n  "version": 1, // the format\n  "organisation": {}\n}\n', "2: not valid JSON: "),
        ('{\n  "version": 1,\n  "models": [],\n}\n', "4: not valid JSON: "),
        ("{\n  'version': 1\n}\n", "2: not valid JSON: "),
        ('{\n  "version": NaN\n}\n', "1: not valid JSON: NaN is not a JSON number"),
        ('{"version": 1} trailing', "1: not valid JSON: Extra data"),
    ],
)
def test_what_json_does_not_allow_is_a_json_message(
    tmp_path: Path, text: str, expected: str
) -> None:
    (found,) = problems(write(tmp_path, text))
    assert found.startswith(expected), found
    assert "YAML" not in found.replace("write the inventory as YAML", "")


def test_comments_and_trailing_commas_are_named(tmp_path: Path) -> None:
    (found,) = problems(write(tmp_path, '{\n  "version": 1 // v\n}\n'))
    assert "JSON has no comments" in found
    (found,) = problems(write(tmp_path, '{\n  "version": 1,\n}\n'))
    assert "trailing comma" in found


def test_a_line_separator_in_a_string_does_not_shift_lines(tmp_path: Path) -> None:
    text = (
        "{\n"
        '  "version": 1,\n'
        '  "organisation": {\n'
        '    "name": "Acme\u2028Health\u2029GmbH\u0085",\n'
        '    "country": "Germany"\n'
        "  }\n"
        "}\n"
    )
    assert problems(write(tmp_path, text)) == [
        "5: organisation.country: expected an ISO 3166-1 alpha-2 country code in capitals, "
        "such as DE; got 'Germany'"
    ]


def test_a_repeated_key_is_an_error_with_both_lines(tmp_path: Path) -> None:
    text = (
        '{\n  "version": 1,\n  "organisation": {"name": "A", "country": "DE"},\n  "version": 1\n}\n'
    )
    assert problems(write(tmp_path, text)) == [
        "4: version: duplicate key 'version' (first given on line 2); give each key once"
    ]


def test_schema_errors_carry_json_lines(tmp_path: Path) -> None:
    data = inventory(model("m1", licence="mit"))
    data["models"][0]["hosting"]["mode"] = "cloud"
    text = json.dumps(data, indent=2)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"cloud"' in row)
    (found,) = problems(write(tmp_path, text))
    assert found.startswith(f"{line}: models[0].hosting.mode: expected one of")


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    (found,) = problems(write(tmp_path, "[" * 5000 + "]" * 5000))
    assert "nesting is deeper than 100 levels" in found


def test_a_lone_surrogate_is_named_in_the_project_s_words(tmp_path: Path) -> None:
    data = inventory(model("m1", licence="mit"))
    data["organisation"]["name"] = "Acme \ud800 GmbH"
    (found,) = problems(write(tmp_path, json.dumps(data)))
    assert "organisation.name: expected text of whole Unicode characters" in found, found
    assert "lone surrogate" in found and "unable to parse raw data" not in found
