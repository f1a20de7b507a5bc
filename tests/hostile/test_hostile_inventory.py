"""Hostile inventories: each is refused with a clear message and exit 2, never a traceback.

The threat is an inventory written by someone else (a pull request, say) that CI audits:
it must not exhaust memory or the stack, run code, or make the tool read files outside the
inventory's folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from audit.cli import cli
from audit.inventory.loader import MAX_INVENTORY_BYTES
from audit.inventory.yaml_lines import MAX_DEPTH

HEADER = "version: 1\norganisation:\n  name: Acme\n  country: DE\n"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symlinks and paths are POSIX here")


@pytest.fixture(autouse=True)
def _fixed_rule_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep these tests about the loader: the catalogue only matters for waivers.
    monkeypatch.setattr("audit.cli.options.known_rule_ids", lambda: {"LIC006"})


def validate(path: Path | str) -> Result:
    return CliRunner().invoke(cli, ["validate", str(path)])


def assert_refused(result: Result, *phrases: str) -> str:
    """Exit 2, no traceback, and a message that contains every phrase; returns stderr."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for phrase in phrases:
        assert phrase in result.stderr
    return result.stderr


def write(tmp_path: Path, text: str, name: str = "inventory.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_billion_laughs_alias_bomb_is_refused_before_it_is_built(tmp_path: Path) -> None:
    lines = [HEADER, 'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"x-{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    assert_refused(validate(path), "expands to more than 2,000,000 values", "alias bomb")


def test_an_alias_inside_its_own_value_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "x-loop: &loop [1, *loop]\n")
    err = assert_refused(validate(path), "refers to the value that contains it")
    assert err.startswith(f"{path}:5: ")


def test_a_few_honest_aliases_are_fine(tmp_path: Path) -> None:
    text = HEADER + (
        "models:\n"
        "  - id: a\n    name: x/a\n    source: huggingface\n"
        "    hosting: &eu {mode: self-hosted, regions: [eu-central-1]}\n"
        "  - id: b\n    name: x/b\n    source: huggingface\n    hosting: *eu\n"
    )
    result = validate(write(tmp_path, text))
    assert result.exit_code == 0, result.output


def test_duplicate_keys_are_all_reported(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "  name: Other\n  country: FR\n")
    err = assert_refused(validate(path))
    assert f"{path}:5: organisation.name: duplicate key 'name' (first given on line 3)" in err
    assert f"{path}:6: organisation.country: duplicate key 'country' (first given on line 4)" in err


def nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


def test_fifty_levels_under_an_extension_key_are_accepted(tmp_path: Path) -> None:
    result = validate(write(tmp_path, HEADER + f"x-deep: {nested(50)}\n"))
    assert result.exit_code == 0, result.output


def test_fifty_levels_where_a_mapping_belongs_is_a_schema_message(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + f"models: {nested(50)}\n")
    assert_refused(
        validate(path), f"{path}:5: models[0]: expected a mapping of keys to values; got a list"
    )


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 5000])
def test_deep_flow_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    path = write(tmp_path, HEADER + f"x-deep: {nested(depth)}\n")
    assert_refused(validate(path), f"{path}:5: nesting is deeper than {MAX_DEPTH} levels")


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    block = "".join(" " * level + "k:\n" for level in range(5000))
    path = write(tmp_path, HEADER + "x-deep:\n" + " " + block)
    assert_refused(validate(path), f"nesting is deeper than {MAX_DEPTH} levels")


def test_nesting_through_aliases_counts_where_the_alias_is_used(tmp_path: Path) -> None:
    text = HEADER + f"x-a: &a {nested(60)}\nx-b: {nested(60, '*a')}\n"
    assert_refused(validate(write(tmp_path, text)), f"nesting is deeper than {MAX_DEPTH} levels")


def test_a_20_mb_inventory_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:  # sparse: the size is what matters
        stream.write(HEADER.encode())
        stream.truncate(20 * 1024 * 1024)
    assert MAX_INVENTORY_BYTES == 16 * 1024 * 1024
    err = assert_refused(validate(path))
    assert err.splitlines()[0] == (
        f"{path}: file is 20 MiB, larger than the 16 MiB limit for an inventory; split it, "
        "or raise the limit with MODEL_AUDIT_MAX_INVENTORY_BYTES=<bytes>"
    )


def test_the_size_limit_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, HEADER + "# " + "x" * 2000 + "\n")
    monkeypatch.setenv("MODEL_AUDIT_MAX_INVENTORY_BYTES", "1024")
    assert_refused(validate(path), "larger than the 1,024 bytes limit")
    monkeypatch.setenv("MODEL_AUDIT_MAX_INVENTORY_BYTES", "lots")
    assert_refused(
        validate(path), "MODEL_AUDIT_MAX_INVENTORY_BYTES: expected a whole number of bytes from 1"
    )


def test_bytes_that_are_not_utf8_are_located(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(HEADER.encode() + b"  x-note: caf\xe9\n")
    assert_refused(validate(path), f"{path}:5: not UTF-8 text (byte 0xe9", "save the file as UTF-8")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\ufffe"])
def test_control_characters_are_located(tmp_path: Path, char: str) -> None:
    path = write(tmp_path, HEADER.replace("Acme", "Acmé Société") + f"  x-note: a{char}b\n")
    err = assert_refused(validate(path), f"{path}:5: not valid YAML: character U+")
    assert f"U+{ord(char):04X} is not allowed" in err


def local_model(path: str) -> str:
    return HEADER + (
        "models:\n  - id: clf\n    name: acme/clf\n    source: local\n"
        f"    path: {path}\n    hosting: {{mode: self-hosted}}\n"
    )


def test_a_model_path_climbing_out_with_dotdot_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, local_model("models/../../secrets"))
    assert_refused(
        validate(path), f"{path}:9: models[0].path: expected a folder inside the inventory's folder"
    )


def test_an_absolute_model_path_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, local_model("/etc"))
    assert_refused(validate(path), "got absolute path '/etc'")


def test_a_model_folder_linking_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "models" / "clf").symlink_to(outside, target_is_directory=True)
    path = write(project, local_model("models/clf"))
    assert_refused(validate(path), f"leads to {outside.resolve()} through a symbolic link")


def test_a_model_folder_linking_inside_is_fine(tmp_path: Path) -> None:
    (tmp_path / "models" / "real").mkdir(parents=True)
    (tmp_path / "models" / "clf").symlink_to(tmp_path / "models" / "real")
    result = validate(write(tmp_path, local_model("models/clf")))
    assert result.exit_code == 0, result.output


def test_a_symlinked_inventory_is_refused_and_names_its_target(tmp_path: Path) -> None:
    secret = write(tmp_path, "aws_secret_access_key: AKIAEXAMPLE\n", "credentials")
    link = tmp_path / "inventory.yaml"
    link.symlink_to(secret)
    err = assert_refused(validate(link), "is a symbolic link", "pass the real file's path")
    assert "AKIAEXAMPLE" not in err  # the target was never read, so never echoed


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "inventory.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    assert_refused(validate(link), "is a symbolic link")


def test_a_device_or_folder_is_not_read(tmp_path: Path) -> None:
    assert_refused(validate(tmp_path), "is a directory")
    if Path("/dev/zero").exists():
        assert_refused(validate("/dev/zero"), "is not a regular file")


def test_python_tags_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = HEADER + f'x-run: !!python/object/apply:os.system ["touch {marker}"]\n'
    assert_refused(validate(write(tmp_path, text)), "not valid YAML", "could not determine")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("value", "phrase"),
    [("!!int DE", "cannot read 'DE' as int"), ("!!bool maybe", "cannot read 'maybe' as bool")],
)
def test_explicit_tags_that_cannot_apply_are_located(
    tmp_path: Path, value: str, phrase: str
) -> None:
    path = write(tmp_path, HEADER + f"  x-flag: {value}\n")
    assert_refused(validate(path), f"{path}:5: not valid YAML: {phrase}")
