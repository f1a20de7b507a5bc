"""Scan benchmark: inventories of 100, 1,000 and 10,000 local models, offline.

Prints wall time and peak memory of ``model-audit scan --offline --json`` for each size, and
how time grows from one size to the next. Run: ``.venv/bin/python benchmarks/scan.py``
(``--sizes 100,1000`` to choose sizes). Each model has its own folder with a README.md
card; a tenth of them are fine-tunes whose card names a Llama base model.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LICENCES = ("apache-2.0", "mit", "llama3.1", "gemma", "cc-by-nc-4.0", "openrail++")
REGIONS = ("eu-central-1", "westeurope", "europe-west4", "us-east-1", "DE", "JP")
TAGS = ("internal", "personal", "health", "confidential", "public")


def write_inventory(root: Path, count: int) -> Path:
    """Write ``count`` model folders and an inventory naming them; return the inventory path."""
    lines = [
        "version: 1",
        "organisation:",
        "  name: Benchmark GmbH",
        "  country: DE",
        "  monthly_active_users: 5000000",
        "  annual_revenue_usd: 90000000",
        "  ai_literacy_programme: true",
        "  can_self_host: true",
        "models:",
    ]
    for i in range(count):
        licence = LICENCES[i % len(LICENCES)]
        folder = root / "models" / f"m{i:05d}"
        folder.mkdir(parents=True)
        base = "base_model: meta-llama/Llama-3.1-8B-Instruct\n" if i % 10 == 0 else ""
        folder.joinpath("README.md").write_text(
            f"---\nlicense: {licence}\n{base}pipeline_tag: text-generation\n---\n# Model {i}\n",
            encoding="utf-8",
        )
        lines += [
            f"  - id: m{i:05d}",
            f"    name: bench/model-{i:05d}",
            "    source: local",
            f"    path: models/m{i:05d}",
            f"    licence: {licence}",
            "    hosting:",
            "      mode: self-hosted",
            f"      regions: [{REGIONS[i % len(REGIONS)]}]",
            "    use_cases:",
            f"      - id: uc{i:05d}",
            f"        audience: {'customers' if i % 3 == 0 else 'internal'}",
            f"        data: [{TAGS[i % len(TAGS)]}]",
            f"        monthly_tokens: {(i % 50 + 1) * 1_000_000}",
            "        ai_act: {role: deployer, area: none}",
        ]
    path = root / "inventory.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_scan(inventory: Path) -> tuple[float, float, int]:
    """Run one offline scan in a child process; return seconds, peak MiB and exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "audit",
            "scan",
            str(inventory),
            "--offline",
            "--as-of",
            "2026-11-26",
            "--json",
            os.devnull,
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 1):
        sys.exit(f"scan failed with status {done.returncode}:\n{done.stderr}")
    return seconds, max(peak, before) / 1024, done.returncode


def main() -> None:
    """Generate each inventory, scan it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print(f"model-audit scan benchmark (offline, local folders), {os.cpu_count()} CPUs")
    print(f"{'models':>8} {'seconds':>9} {'peak MiB':>9} {'ms/model':>9} {'growth':>8}")
    previous: tuple[int, float] | None = None
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            inventory = write_inventory(Path(tmp), size)
            seconds, peak, _ = run_scan(inventory)
        growth = ""
        if previous:
            growth = f"x{seconds / previous[1]:.1f}/x{size / previous[0]:.0f}"
        print(f"{size:>8} {seconds:>9.2f} {peak:>9.0f} {seconds / size * 1000:>9.2f} {growth:>8}")
        previous = (size, seconds)
    print("peak MiB is the largest resident set of any scan so far (ru_maxrss of children)")


if __name__ == "__main__":
    main()
