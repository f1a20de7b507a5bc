"""Numbers that used to crash a rule (exit 3) are input errors at validate and scan."""

from __future__ import annotations

from pathlib import Path

from support import RunCli, write_inventory

HEAD = "version: 1\norganisation:\n  name: Acme\n  country: DE\n"
MODEL = """models:
  - id: m1
    name: acme/m
    source: huggingface
    licence: mit
    hosting: {mode: self-hosted}
"""


def test_an_infinite_number_is_exit_2_at_validate_and_scan(
    model_audit: RunCli, tmp_path: Path
) -> None:
    path = write_inventory(tmp_path, HEAD + MODEL + "    training_compute_flops: .inf\n")
    for command in (("validate",), ("scan", "--offline")):
        done = model_audit(*command, str(path))
        assert done.returncode == 2, done.stderr
        assert (
            f"{path}:11: models[0].training_compute_flops: expected a finite number" in done.stderr
        )
