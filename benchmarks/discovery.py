"""Discovery's precision, recall and speed: prints figures, asserts nothing.

    python benchmarks/discovery.py [--files N] [--skip-tree]

1. The labelled corpus (tests/fixtures/discovery: four repositories written for it, plus a
   GGUF file written here with the gguf package and a Hugging Face cache laid out here):
   precision and recall of the discovered (file, line, model) triples against labels.yaml,
   and files per second.
2. A generated tree of N files (default 100,000) shaped like a large monorepo: Python
   modules (one in ten mentions "model", one in a hundred loads one), Markdown, JSON,
   TypeScript, YAML configs (some with a MODEL_ID), text and binary files, and a
   .gitignored build folder. Files listed per second by the whole walk-and-read.

Aims: precision and recall >= 0.95, >= 5,000 files per second.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "discover"))

from corpus import found_labels, prepare  # noqa: E402

from audit.discover import discover  # noqa: E402

AIM_SCORE = 0.95
AIM_FILES_PER_SECOND = 5_000

PLAIN_MODULE = '''"""Helpers for {name}."""

from __future__ import annotations

import json
from pathlib import Path


def load_{name}(path: Path) -> dict[str, object]:
    """Read the {name} file."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def total_{name}(rows: list[dict[str, float]]) -> float:
    return sum(row.get("amount", 0.0) for row in rows)
'''

ORM_MODULE = '''"""The {name} data model."""

from dataclasses import dataclass


@dataclass
class {cls}Model:
    id: int
    name: str
    model_version: str = "v1"


def to_model(row: dict) -> {cls}Model:
    print("building model for", row.get("name"))
    return {cls}Model(**row)
'''

LOADER_MODULE = """from transformers import AutoModel

# legacy: AutoModel.from_pretrained("org/old-{n}")
MODEL_ID = "acme/model-{n}"
model = AutoModel.from_pretrained(MODEL_ID)
"""


def corpus_figures() -> None:
    """Precision, recall and speed on the labelled corpus."""
    with tempfile.TemporaryDirectory() as scratch:
        corpus = prepare(Path(scratch))
        start = time.perf_counter()
        result = discover(list(corpus.roots), hf_cache=corpus.cache)
        seconds = time.perf_counter() - start
        found = found_labels(corpus, result.references)
    hits = found & corpus.truth
    precision = len(hits) / len(found) if found else 0.0
    recall = len(hits) / len(corpus.truth) if corpus.truth else 0.0
    print("Labelled corpus (tests/fixtures/discovery, 4 repositories + GGUF + HF cache)")
    print(f"  labelled references   {len(corpus.truth)}")
    print(f"  discovered references {len(found)}")
    print(f"  precision             {precision:.3f}   (aim >= {AIM_SCORE})")
    print(f"  recall                {recall:.3f}   (aim >= {AIM_SCORE})")
    for label in sorted(corpus.truth - found):
        print(f"    missed:        {label[0]}:{label[1]} {label[2]}")
    for label in sorted(found - corpus.truth):
        print(f"    false positive: {label[0]}:{label[1]} {label[2]}")
    print(f"  files listed          {result.files_seen} in {seconds:.3f} s")


def generate_tree(root: Path, count: int) -> int:
    """Write ``count`` files under ``root``; the number of planted model loaders."""
    rng = random.Random(22)
    (root / ".gitignore").write_text("build/\nnode_modules/\n*.log\n", encoding="utf-8")
    planted = 0
    per_folder = 500
    for i in range(count):
        folder = root / f"pkg{i // (per_folder * 20):02d}" / f"mod{(i // per_folder) % 20:02d}"
        if i % 50 == 49:
            folder = root / "build" / f"b{i // 5000}"
        if i % per_folder == 0 or i % 50 == 49:
            folder.mkdir(parents=True, exist_ok=True)
        kind = rng.random()
        name = f"f{i}"
        if kind < 0.40:
            if i % 100 == 7 and "build" not in folder.parts:
                text, planted = LOADER_MODULE.format(n=i), planted + 1
            elif i % 10 == 3:
                text = ORM_MODULE.format(name=name, cls=f"C{i}")
            else:
                text = PLAIN_MODULE.format(name=name)
            (folder / f"{name}.py").write_text(text, encoding="utf-8")
        elif kind < 0.55:
            (folder / f"{name}.md").write_text(f"# {name}\n\nUses gpt-4o.\n", encoding="utf-8")
        elif kind < 0.70:
            (folder / f"{name}.json").write_text('{"a": 1, "model": "x"}\n', encoding="utf-8")
        elif kind < 0.80:
            (folder / f"{name}.ts").write_text("export const x = 1;\n", encoding="utf-8")
        elif kind < 0.90:
            env = "MODEL_ID: acme/served\n" if i % 200 == 11 else ""
            (folder / f"{name}.yaml").write_text(f"name: {name}\n{env}", encoding="utf-8")
        elif kind < 0.95:
            (folder / f"{name}.txt").write_text("notes\n", encoding="utf-8")
        else:
            (folder / f"{name}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return planted


def tree_figures(count: int) -> None:
    """Throughput on a generated tree of ``count`` files."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "tree"
        root.mkdir()
        made = time.perf_counter()
        planted = generate_tree(root, count)
        made = time.perf_counter() - made
        start = time.perf_counter()
        result = discover([str(root)])
        seconds = time.perf_counter() - start
    loaders = sum(1 for r in result.references if r.kind == "from_pretrained")
    rate = count / seconds
    print(f"Generated tree ({count:,} files, written in {made:.1f} s)")
    print(f"  files listed          {result.files_seen:,} (the rest .gitignored)")
    print(f"  files read            {result.files_read:,}")
    print(f"  planted loaders found {loaders} of {planted}")
    print(f"  wall time             {seconds:.2f} s")
    print(f"  files per second      {rate:,.0f}   (aim >= {AIM_FILES_PER_SECOND:,})")


def main() -> None:
    """Run both parts and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--skip-tree", action="store_true")
    args = parser.parse_args()
    corpus_figures()
    if not args.skip_tree:
        tree_figures(args.files)


if __name__ == "__main__":
    main()
