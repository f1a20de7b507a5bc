"""Benchmark licence-text identification: corpus texts identified per second, on one core.

Run from the repository root::

    .venv/bin/python benchmarks/licence_id.py [--seconds 3] [--corpus PATH]

The corpus is ``../shared/corpus/licence-texts`` (or ``$MODEL_AUDIT_SHARED/corpus``). The
script also reports how long the knowledge base takes to load, and exits with status 0
and a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def default_corpus() -> Path:
    """The shared licence-text corpus, honouring ``MODEL_AUDIT_SHARED``."""
    shared = os.environ.get("MODEL_AUDIT_SHARED")
    base = Path(shared) if shared else REPO.parent / "shared"
    return base / "corpus" / "licence-texts"


def main() -> int:
    """Time identification over the corpus and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to run (default 3)")
    parser.add_argument("--corpus", type=Path, default=default_corpus(), help="licence texts")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: licence-text corpus not found at {args.corpus}")
        return 0
    texts = [path.read_text(encoding="utf-8") for path in sorted(args.corpus.glob("*.txt"))]
    if not texts:
        print(f"skipped: no *.txt files in {args.corpus}")
        return 0

    from licences import identify_licence_text, load_knowledge_base

    started = time.perf_counter()
    kb = load_knowledge_base()
    load_ms = (time.perf_counter() - started) * 1000
    identify_licence_text(texts[0], kb)  # build the fingerprint index outside the timing

    count = 0
    started = time.perf_counter()
    deadline = started + args.seconds
    while time.perf_counter() < deadline:
        for text in texts:
            identify_licence_text(text, kb)
        count += len(texts)
    elapsed = time.perf_counter() - started
    size_kib = sum(len(text) for text in texts) / len(texts) / 1024
    print(f"knowledge base: {len(kb.entries)} licences, loaded in {load_ms:.1f} ms")
    print(f"corpus: {len(texts)} texts, mean {size_kib:.1f} KiB")
    print(f"identified {count} texts in {elapsed:.2f} s: {count / elapsed:,.0f} texts/s (one core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
