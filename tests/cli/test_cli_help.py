"""``model-audit --help``: every command listed, each command's help works, and a fast start.

A fast start means ``--help`` imports none of the heavy libraries: they load only when a
command that needs them runs.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from support import ROOT, RunCli

from audit import __version__
from audit.cli import COMMANDS, SHORT_HELP, cli

HEAVY = (
    "weasyprint", "huggingface_hub", "spdx_tools", "rich", "pydantic", "jinja2", "yaml",
    "libcst", "gguf", "pathspec", "numpy",
    "pyhanko", "pyhanko_certvalidator", "cryptography", "asn1crypto",
)  # fmt: skip
"""Packages ``--help`` must not import (PyYAML too: no command's help needs a file read)."""


def imported_modules(stderr: str) -> set[str]:
    """Module names from ``python -X importtime`` output."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def heavy_among(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def test_help_lists_every_command_with_its_summary() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.stdout
        assert " ".join(SHORT_HELP[name].split()[:4]) in " ".join(result.stdout.split())
    for status in ("0  no unwaived finding", "2  the input is unusable", "3  the tool itself"):
        assert status in result.stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: cli {name}" in result.stdout or f"Usage: model-audit {name}" in result.stdout


def test_short_help_covers_exactly_the_commands() -> None:
    assert set(SHORT_HELP) == set(COMMANDS)


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["sacn"])
    assert result.exit_code == 2
    assert "No such command 'sacn'" in result.stderr


def test_help_in_a_real_process(model_audit: RunCli) -> None:
    result = model_audit("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: model-audit [OPTIONS] COMMAND [ARGS]...")
    assert result.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        ["validate", "--help"],
        ["schema", "--help"],
        ["rules", "--help"],
        ["discover", "--help"],
    ],  # fmt: skip
)
def test_start_up_imports_no_heavy_library(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "audit", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Usage:" in result.stdout
    modules = imported_modules(result.stderr)
    assert "click" in modules  # the parse worked: the output really lists imports
    assert heavy_among(modules) == []
