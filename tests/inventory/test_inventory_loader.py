"""The inventory loader: valid files load with their lines; every problem is reported at once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from audit.cli.init import starter_inventory
from audit.errors import InputError
from audit.inventory import load_inventory
from audit.inventory.loader import SIZE_LIMIT_VARIABLE


def write(tmp_path: Path, text: str, name: str = "inventory.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def problems_of(path: str, known_rules: frozenset[str] = frozenset()) -> list[str]:
    with pytest.raises(InputError) as raised:
        load_inventory(path, known_rules=known_rules)
    return [str(p).removeprefix(f"{path}:") for p in raised.value.problems]


MINIMAL = "version: 1\norganisation:\n  name: Acme\n  country: DE\n"


def test_the_starter_inventory_loads_with_lines(tmp_path: Path) -> None:
    path = write(tmp_path, starter_inventory())
    loaded = load_inventory(path, known_rules={"LIC006"})

    assert loaded.inventory.organisation.name == "Example GmbH"
    assert [m.id for m in loaded.inventory.models] == ["assistant", "frontier"]
    text_lines = starter_inventory().splitlines()
    mode_line = loaded.line_of("models", 0, "hosting", "mode")
    assert text_lines[mode_line - 1].strip().startswith("mode: self-hosted")
    assert "customer-tickets" in loaded.tags and not loaded.tags["customer-tickets"].builtin
    assert loaded.base_dir == tmp_path.resolve()
    assert len(loaded.sha256) == 64


def test_line_of_falls_back_to_the_nearest_ancestor(tmp_path: Path) -> None:
    loaded = load_inventory(write(tmp_path, starter_inventory()))
    contracts_line = loaded.line_of("models", 0, "contracts")  # absent: defaults apply
    assert contracts_line == loaded.line_of("models", 0)


def test_schema_and_reference_problems_come_together_in_line_order(tmp_path: Path) -> None:
    text = MINIMAL + (
        "models:\n"
        "  - id: a\n"  # 6
        "    name: x/a\n"
        "    source: huggingface\n"
        "    hosting: {mode: self-hosted}\n"
        "    use_cases:\n"
        "      - id: u\n"  # 11
        "        data: [helth]\n"  # 12: unknown tag (a reference problem)
        "  - id: a\n"  # 13: duplicate id (a reference problem)
        "    name: x/b\n"
        "    source: hugginface\n"  # 15: bad enum (a schema problem)
        "    hosting: {mode: api}\n"
        "    hosting: {mode: api}\n"  # 17: duplicate key (a structural problem)
    )
    found = problems_of(write(tmp_path, text))
    assert [p.split(":")[0] for p in found] == ["12", "13", "15", "17"]
    assert "unknown data tag 'helth'; did you mean 'health'?" in found[0]
    assert "duplicate model id 'a' (first given on line 6)" in found[1]
    assert "models[1].source: expected one of huggingface, local, api; got 'hugginface'" in found[2]
    assert "duplicate key 'hosting' (first given on line 16)" in found[3]


def test_extension_keys_are_accepted_at_every_level(tmp_path: Path) -> None:
    data: dict[str, Any] = yaml.safe_load(starter_inventory())
    data["x-top"] = {"anything": [1, 2]}
    data["organisation"]["x-org"] = True
    data["organisation"]["monthly_active_users_history"] = {"2024-06": 5, "x-source": "finance"}
    data["data_classes"][0]["x-owner"] = "dpo"
    model = data["models"][0]
    model["x-model"] = 1
    model["hosting"]["x-cluster"] = "a"
    model["attribution"]["x-where"] = "footer"
    model["use_cases"][0]["x-uc"] = None
    model["use_cases"][0]["ai_act"]["x-reviewed"] = "2026-01-01"
    data["routes"][0]["x-why"] = "policy 7"
    data["waivers"] = [
        {"rule": "LIC006", "reason": "r", "approved_by": "me", "x-ticket": "LEGAL-1"}
    ]
    loaded = load_inventory(write(tmp_path, yaml.safe_dump(data)), known_rules={"LIC006"})
    assert loaded.inventory.organisation.monthly_active_users_history == {"2024-06": 5}


def test_a_key_without_the_x_prefix_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    text = MINIMAL + "  x_note: hi\n  comercial: true\n"
    found = problems_of(write(tmp_path, text))
    assert found[0].startswith("5: organisation.x_note: unknown field (allowed: name, country")
    assert found[1].startswith(
        "6: organisation.comercial: unknown field; did you mean 'commercial'?"
    )


def test_json_inventories_load_with_line_numbers(tmp_path: Path) -> None:
    data: dict[str, Any] = yaml.safe_load(starter_inventory())
    data["models"][0]["training_compute_flops"] = 3.8e25
    path = write(tmp_path, json.dumps(data, indent=2), "inventory.json")
    loaded = load_inventory(path)
    assert loaded.inventory.models[0].training_compute_flops == 3.8e25
    text_lines = (tmp_path / "inventory.json").read_text().splitlines()
    line = loaded.line_of("models", 1, "provider")
    assert text_lines[line - 1].strip() == '"provider": "openai",'


def test_exponent_numbers_without_a_dot_are_numbers(tmp_path: Path) -> None:
    text = MINIMAL + (
        "models:\n  - id: a\n    name: x/a\n    source: huggingface\n"
        "    training_compute_flops: 1e25\n    hosting: {mode: self-hosted}\n"
    )
    loaded = load_inventory(write(tmp_path, text))
    assert loaded.inventory.models[0].training_compute_flops == 1e25


def test_dates_are_read_as_dates_and_bad_ones_are_located(tmp_path: Path) -> None:
    waiver = "waivers:\n  - rule: LIC006\n    reason: r\n    approved_by: me\n    expires: {}\n"
    loaded = load_inventory(write(tmp_path, MINIMAL + waiver.format("2027-03-31")))
    assert loaded.inventory.waivers[0].expires == dt.date(2027, 3, 31)

    found = problems_of(write(tmp_path, MINIMAL + waiver.format("2027-13-45")))
    assert found == ["9: waivers[0].expires: expected a date (YYYY-MM-DD); got '2027-13-45'"]


def test_no_guessing_about_models_when_one_has_no_id(tmp_path: Path) -> None:
    """With a model lacking its id, 'unknown model' in a route would be a guess: not said."""
    text = MINIMAL + (
        "models:\n  - name: x/a\n    source: huggingface\n    hosting: {mode: self-hosted}\n"
        "routes:\n  - data: [personal]\n    to: [a]\n"
    )
    assert problems_of(write(tmp_path, text)) == ["6: models[0].id: required field is missing"]


def test_a_malformed_rule_id_is_one_message_not_two(tmp_path: Path) -> None:
    text = MINIMAL + "waivers:\n  - rule: LIC6\n    reason: r\n    approved_by: me\n"
    found = problems_of(write(tmp_path, text), known_rules=frozenset({"LIC006"}))
    assert len(found) == 1
    assert "expected a rule id such as LIC006" in found[0]


def test_waiver_rules_are_not_checked_without_a_catalogue(tmp_path: Path) -> None:
    text = MINIMAL + "waivers:\n  - rule: LIC099\n    reason: r\n    approved_by: me\n"
    assert load_inventory(write(tmp_path, text)).inventory.waivers[0].rule == "LIC099"


def test_a_custom_class_may_redefine_a_builtin_tag(tmp_path: Path) -> None:
    text = MINIMAL + "data_classes:\n  - id: internal\n    confidentiality: restricted\n"
    loaded = load_inventory(write(tmp_path, text))
    assert loaded.tags["internal"].confidentiality == "restricted"


def test_duplicate_data_classes_are_refused(tmp_path: Path) -> None:
    text = MINIMAL + "data_classes:\n  - id: notes\n  - id: notes\n"
    assert problems_of(write(tmp_path, text)) == [
        "7: data_classes[1].id: duplicate data class 'notes' (first given on line 6); "
        "ids must be unique"
    ]


def test_a_number_where_text_is_expected_suggests_quotes(tmp_path: Path) -> None:
    text = "version: 1\norganisation:\n  name: 1234\n  country: DE\n"
    assert problems_of(write(tmp_path, text)) == [
        "3: organisation.name: expected text; got 1234 (put it in quotes to make it text)"
    ]


def test_non_text_keys_are_located(tmp_path: Path) -> None:
    text = MINIMAL + "  5: five\n"
    assert problems_of(write(tmp_path, text)) == [
        "5: organisation.5: field names must be text; got 5"
    ]


def test_missing_version_says_what_to_write(tmp_path: Path) -> None:
    text = "organisation:\n  name: Acme\n  country: DE\n"
    assert problems_of(write(tmp_path, text)) == [
        "1: version: required field is missing; start the file with 'version: 1'"
    ]


def test_the_size_limit_can_be_lowered_and_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, MINIMAL)
    monkeypatch.setenv(SIZE_LIMIT_VARIABLE, "10")
    (problem,) = problems_of(path)
    size = len(MINIMAL.encode())
    assert f"file is {size} bytes, larger than the 10 bytes limit for an inventory" in problem
    assert f"raise the limit with {SIZE_LIMIT_VARIABLE}=<bytes>" in problem

    monkeypatch.setenv(SIZE_LIMIT_VARIABLE, str(len(MINIMAL)))
    assert load_inventory(path).inventory.organisation.name == "Acme"


@pytest.mark.parametrize("setting", ["lots", "-1", "0", "1.5"])
def test_a_bad_size_limit_setting_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.setenv(SIZE_LIMIT_VARIABLE, setting)
    with pytest.raises(InputError) as raised:
        load_inventory(write(tmp_path, MINIMAL))
    assert str(raised.value) == (
        f"{SIZE_LIMIT_VARIABLE}: expected a whole number of bytes from 1 to 1,073,741,824 "
        f"(1 GiB); got {setting!r} (unset it for the default, 16 MiB)"
    )


def test_a_missing_file_and_a_folder_are_input_errors(tmp_path: Path) -> None:
    assert problems_of(str(tmp_path / "nope.yaml")) == [" does not exist"]
    assert problems_of(str(tmp_path)) == [" is not a regular file"]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_inventory(str(path)).inventory.organisation.country == "DE"


def test_a_model_folder_inside_the_inventory_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "models" / "clf").mkdir(parents=True)
    text = MINIMAL + (
        "models:\n  - id: clf\n    name: acme/clf\n    source: local\n"
        "    path: models/./clf/../clf\n    hosting: {mode: self-hosted}\n"
    )
    assert load_inventory(write(tmp_path, text)).inventory.models[0].path == "models/./clf/../clf"


def test_after_a_duplicate_key_the_value_checked_is_located(tmp_path: Path) -> None:
    """PyYAML keeps the last of two values; its problems point at the last one's lines."""
    text = MINIMAL + (
        "models:\n  - id: a\n    name: x/a\n    source: huggingface\n"
        "    hosting:\n      mode: self-hosted\n"  # 9-10
        "    hosting:\n      regions: [eu]\n      mode: cloud\n"  # 11-13
    )
    assert problems_of(write(tmp_path, text)) == [
        "11: models[0].hosting: duplicate key 'hosting' (first given on line 9); "
        "give each key once",
        "13: models[0].hosting.mode: expected one of self-hosted, managed, api; got 'cloud'",
    ]
