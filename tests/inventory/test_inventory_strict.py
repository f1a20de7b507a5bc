"""Inputs that used to switch checks off silently are errors with file:line: field:.

Infinite or huge numbers, YAML booleans in number fields and numbers in boolean fields,
blank or invisible waiver text, numbers as dates, duplicate merge keys, and ids that a
reader cannot tell apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import inventory, model

from audit.errors import InputError
from audit.inventory import load_inventory

HEAD = "version: 1\norganisation:\n  name: Acme\n  country: DE\n"
MODEL = """models:
  - id: m1
    name: acme/m
    source: huggingface
    licence: mit
    hosting: {mode: self-hosted}
"""


def problems(tmp_path: Path, text: str, name: str = "inventory.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_inventory(str(path), known_rules={"LIC001", "LIC006"})
    return [str(p).removeprefix(f"{path}:") for p in raised.value.problems]


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1e309", "-1e309"])
@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("    training_compute_flops: {}\n", 11),
        ("    derivative: {{training_compute_flops: {}}}\n", 11),
    ],
)
def test_infinite_numbers_are_refused(tmp_path: Path, value: str, where: str, line: int) -> None:
    found = problems(tmp_path, HEAD + MODEL.rstrip("\n") + "\n" + where.format(value))
    assert len(found) == 1, found
    assert found[0].startswith(f"{line}: models[0].")
    assert "training_compute_flops: expected a finite number" in found[0]


def test_numbers_have_an_upper_bound(tmp_path: Path) -> None:
    found = problems(tmp_path, HEAD + "  monthly_active_users: 1e20\n" + MODEL)
    assert found == [
        "5: organisation.monthly_active_users: expected a number of at most 1e+11; "
        "got 100000000000000000000"
    ]
    found = problems(tmp_path, HEAD + MODEL + "    training_compute_flops: 1e40\n")
    assert found == [
        "11: models[0].training_compute_flops: expected a number of at most 1e+35; got 1e+40"
    ]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (
            "  monthly_active_users: true\n",
            "organisation.monthly_active_users: expected a whole number; got True, a boolean (YAML "
            "reads yes/no/true/false as booleans, never as 1 or 0)",
        ),
        ("  commercial: 'false'\n", "organisation.commercial: expected true or false; got 'false'"),
        ("  public_body: 1\n", "organisation.public_body: expected true or false; got 1"),
    ],
)
def test_yaml_booleans_and_numbers_do_not_cross_over(tmp_path: Path, line: str, field: str) -> None:
    assert problems(tmp_path, HEAD + line + MODEL) == [f"5: {field}"]


def test_version_true_is_not_version_1(tmp_path: Path) -> None:
    found = problems(tmp_path, HEAD.replace("version: 1", "version: true") + MODEL)
    assert found == [
        "1: version: unsupported inventory version 'true'; this model-audit reads version 1"
    ]


WAIVER = "waivers:\n  - rule: LIC001\n    model: m1\n    reason: {reason}\n    approved_by: {by}\n"


@pytest.mark.parametrize(
    "blank", ['" "', '"\\t"', '"\\0"', '"\\u200b"', '"\\u200e\\u00a0"', '"\\u0301"']
)
@pytest.mark.parametrize("field", ["reason", "approved_by"])
def test_a_blank_or_invisible_waiver_is_refused(tmp_path: Path, blank: str, field: str) -> None:
    values = {"reason": '"accepted risk"', "by": '"Jane Doe (DPO)"'}
    values["reason" if field == "reason" else "by"] = blank
    found = problems(tmp_path, HEAD + MODEL + WAIVER.format(**values))
    assert len(found) == 1, found
    assert f"waivers[0].{field}: expected visible text" in found[0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "got 0, a number (never read as a date)"),
        ("1767225600", "got 1767225600, a number"),
        ("2027-02-30", "got '2027-02-30'"),
        ("2027-01-01T00:00:00Z", "got '2027-01-01T00:00:00Z'"),
        ("'31/12/2027'", "got '31/12/2027'"),
    ],
)
def test_expires_must_be_a_calendar_date(tmp_path: Path, value: str, message: str) -> None:
    text = HEAD + MODEL + WAIVER.format(reason="ok", by="me") + f"    expires: {value}\n"
    (found,) = problems(tmp_path, text)
    assert found.startswith("16: waivers[0].expires: expected a date (YYYY-MM-DD); ")
    assert message in found


def test_two_merge_keys_in_one_waiver_are_an_error(tmp_path: Path) -> None:
    text = (
        HEAD
        + "x-a: &a {rule: LIC001, reason: fine, approved_by: me}\n"
        + "x-b: &b {rule: LIC006, reason: ' ', approved_by: you}\n"
        + MODEL
        + "waivers:\n  - <<: *a\n    <<: *b\n"
    )
    found = problems(tmp_path, text)
    assert any(
        p.startswith(
            "15: waivers[0]['<<']: a second merge key '<<' in one mapping (the first is on line 14)"
        )
        for p in found
    ), found


def test_two_merged_mappings_giving_one_key_are_an_error(tmp_path: Path) -> None:
    text = (
        HEAD
        + "x-a: &a {rule: LIC001, reason: fine, approved_by: me}\n"
        + "x-b: &b {rule: LIC006, reason: other, approved_by: you}\n"
        + MODEL
        + "waivers:\n  - <<: [*a, *b]\n    approved_by: me\n"
    )
    found = problems(tmp_path, text)
    assert (
        "14: waivers[0].reason: 'reason' comes from two merged mappings (lines 5 and 6); "
        "give it in this mapping to choose" in found
    )
    assert not any("approved_by" in p for p in found)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Model-A", "model-a"),
        ("m1", "m1 "),
        ("m1", "m\u200b1"),
        ("acme", "\uff41cme"),
        ("caf\u00e9", "cafe\u0301"),
    ],
)
def test_model_ids_that_look_alike_are_an_error(tmp_path: Path, first: str, second: str) -> None:
    data = inventory(model(first, licence="mit"), model(second, licence="mit"))
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_inventory(str(path))
    messages = [p.message for p in raised.value.problems]
    assert any(
        "collides with" in m
        or "duplicate model id" in m
        or "ids must be visible" in m
        or "white space" in m
        or "compatibility form" in m
        for m in messages
    ), messages


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("m\u200b1", "invisible character U+200B ZERO WIDTH SPACE"),
        ("m1 ", "begins or ends with white space"),
        ("\uff4d1", "compatibility form of 'm'"),
        ("p\u0430yroll", "mixes scripts"),  # a Cyrillic а
        ("m\u202e1", "invisible character U+202E"),
    ],
)
def test_an_id_with_invisible_or_confusable_characters_is_an_error(
    tmp_path: Path, value: str, expected: str
) -> None:
    data = inventory(model(value, licence="mit"))
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_inventory(str(path))
    assert any(expected in str(p) and "models[0].id" in str(p) for p in raised.value.problems), [
        str(p) for p in raised.value.problems
    ]


def test_ids_are_nfc_normalised_so_references_match(tmp_path: Path) -> None:
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    data = inventory(
        model(composed, licence="mit"),
        routes=[{"data": ["internal"], "to": [decomposed]}],
        waivers=[{"rule": "LIC006", "model": decomposed, "reason": "ok", "approved_by": "me"}],
    )
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_inventory(str(path), known_rules={"LIC006"})
    assert loaded.inventory.models[0].id == composed
    assert loaded.inventory.waivers[0].model == composed
    assert loaded.inventory.routes[0].to == [composed]


def test_a_whole_number_may_be_written_with_an_exponent(tmp_path: Path) -> None:
    path = tmp_path / "inventory.yaml"
    path.write_text(HEAD + "  monthly_active_users: 9e8\n" + MODEL, encoding="utf-8")
    loaded = load_inventory(str(path))
    assert loaded.inventory.organisation.monthly_active_users == 900_000_000
    found = problems(tmp_path, HEAD + "  monthly_active_users: 2.5\n" + MODEL)
    assert found == ["5: organisation.monthly_active_users: expected an integer; got 2.5"]
