"""Start-up time of the ``model-audit`` command: prints figures, asserts nothing.

    python benchmarks/startup.py [--runs N]

Measures, as the median wall time of N fresh processes:
  * ``model-audit --help`` (aim: under 0.3 s; it must import no heavy library);
  * ``model-audit validate`` on a tiny inventory;
  * ``model-audit scan --offline`` on the same tiny inventory (one API model, no network),
    skipped with a message when ``scan`` cannot run in this build.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELP_TARGET_SECONDS = 0.3

TINY_INVENTORY = """\
version: 1
organisation: {name: Tiny GmbH, country: DE}
models:
  - id: frontier
    name: gpt-4o
    source: api
    provider: openai
    hosting: {mode: api, regions: [US]}
    contracts: {dpa: true, transfer_mechanism: dpf}
    use_cases:
      - id: drafts
        data: [internal]
        ai_act: {role: deployer, area: none}
"""


def run_once(args: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall time of one ``python -m audit ARGS`` process, and its result."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "HF_HUB_OFFLINE": "1",
    }
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "audit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - start, result


def median_time(args: list[str], cwd: Path, runs: int, ok: tuple[int, ...]) -> float | str:
    """Median wall time over ``runs``; a message instead when the command fails."""
    times = []
    for _ in range(runs):
        seconds, result = run_once(args, cwd)
        if result.returncode not in ok:
            last = (result.stderr.strip().splitlines() or ["no message"])[0]
            return f"cannot run yet (exit {result.returncode}: {last})"
        times.append(seconds)
    return statistics.median(times)


def interpreter_floor(runs: int) -> float:
    """Median wall time of ``python -c pass``: what no command can go below."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the start-up figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="processes per figure (median)")
    runs = parser.parse_args().runs

    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        (cwd / "inventory.yaml").write_text(TINY_INVENTORY, encoding="utf-8")
        figures: list[tuple[str, float | str]] = [
            ("python -c pass (floor)", interpreter_floor(runs)),
            ("model-audit --help", median_time(["--help"], cwd, runs, (0,))),
            ("model-audit validate", median_time(["validate", "inventory.yaml"], cwd, runs, (0,))),
            (
                "model-audit scan --offline",
                median_time(
                    ["scan", "inventory.yaml", "--offline", "--as-of", "2026-11-26", "--quiet"],
                    cwd,
                    runs,
                    (0, 1),
                ),
            ),
        ]

    print(f"start-up, median of {runs} fresh processes ({sys.executable})")
    for label, figure in figures:
        shown = f"{figure * 1000:7.0f} ms" if isinstance(figure, float) else figure
        print(f"  {label:<28} {shown}")
    help_time = figures[1][1]
    if isinstance(help_time, float):
        verdict = "within" if help_time < HELP_TARGET_SECONDS else "OVER"
        print(f"  --help is {verdict} the {HELP_TARGET_SECONDS * 1000:.0f} ms target")


if __name__ == "__main__":
    main()
