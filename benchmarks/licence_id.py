"""Benchmark licence-text identification: speed on one core, false matches and misses.

Run from the repository root::

    .venv/bin/python benchmarks/licence_id.py [--seconds 3] [--corpus PATH ...]

The corpus is ``../shared/corpus/licence-texts`` and ``licence-texts-2026-12`` (or under
``$MODEL_AUDIT_SHARED/corpus``); each file is named ``<key>__<source>.txt``. Besides texts
per second, the script counts, over the real texts and disguised variants of them:

- misses: a real text of a licence the knowledge base knows that is not identified as it;
- false matches: a text identified as a licence it is not: a real text of a licence the
  knowledge base does not know, or a known licence with an added clause (a commercial
  ban, an EU exclusion, a display duty above 100M monthly users, a revenue cap), which
  must not be identified as the licence it extends;
- concatenations: two different licences one after the other, which must be identified
  as both (an AND).

It exits with status 0 and a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


ADDED_CLAUSES = (
    "The Software may not be used for commercial purposes.",
    "Use of the Software within the European Union is not permitted.",
    "If the Software is used in a product with more than 100 million monthly active users, "
    "you shall prominently display the name of the licensor on its user interface.",
    "This licence ends for any licensee whose annual revenue exceeds 20 million US dollars.",
)


def default_corpus() -> list[Path]:
    """The shared licence-text corpus folders, honouring ``MODEL_AUDIT_SHARED``."""
    shared = os.environ.get("MODEL_AUDIT_SHARED")
    base = Path(shared) if shared else REPO.parent / "shared"
    return [base / "corpus" / "licence-texts", base / "corpus" / "licence-texts-2026-12"]


def accuracy(paths: list[Path], kb: object) -> dict[str, int]:
    """Misses, false matches and concatenations over the real texts and their variants."""
    from licences import identify_licence_text

    counts = dict.fromkeys(
        ("texts", "misses", "unknown_texts", "false_matches", "variants", "variant_false_matches",
         "pairs", "pairs_found"), 0,
    )  # fmt: skip
    known: list[tuple[str, str]] = []
    for path in paths:
        key = path.name.split("__", 1)[0]
        text = path.read_text(encoding="utf-8")
        found = identify_licence_text(text, kb).key  # type: ignore[arg-type]
        if kb.get(key) is None:  # type: ignore[attr-defined]
            counts["unknown_texts"] += 1
            counts["false_matches"] += found is not None
            continue
        counts["texts"] += 1
        counts["misses"] += found != key
        if "USE_POLICY" in path.name:
            continue
        known.append((key, text))
        paragraphs = text.split("\n\n")
        for clause in ADDED_CLAUSES:
            middle = len(paragraphs) // 2
            for variant in (
                text + "\n\n" + clause + "\n",
                "\n\n".join([*paragraphs[:middle], clause, *paragraphs[middle:]]),
            ):
                counts["variants"] += 1
                counts["variant_false_matches"] += (
                    identify_licence_text(variant, kb).key == key  # type: ignore[arg-type]
                )  # fmt: skip
    by_key = dict(known)
    keys = sorted(by_key)
    for first, second in zip(keys, keys[1:], strict=False):
        if first.rstrip("0123456789.") == second.rstrip("0123456789."):
            continue  # versions of one family share most of their text
        found = identify_licence_text(by_key[first] + "\n\n" + by_key[second], kb)  # type: ignore[arg-type]
        counts["pairs"] += 1
        counts["pairs_found"] += {found.key, *found.also} == {first, second}
    return counts


def main() -> int:
    """Time identification over the corpus and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to run (default 3)")
    parser.add_argument(
        "--corpus", type=Path, nargs="+", default=default_corpus(), help="licence-text folders"
    )
    args = parser.parse_args()
    folders = [folder for folder in args.corpus if folder.is_dir()]
    paths = sorted(path for folder in folders for path in folder.glob("*.txt"))
    if not paths:
        print(f"skipped: no licence-text corpus (*.txt) in {', '.join(map(str, args.corpus))}")
        return 0
    texts = [path.read_text(encoding="utf-8") for path in paths]

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
    from licences.coverage import MIN_COVERAGE, MIN_TERM_WORDS

    found = accuracy(paths, kb)
    print(f"thresholds: coverage >= {MIN_COVERAGE}, no unexplained run of {MIN_TERM_WORDS}+ words")
    print(f"misses: {found['misses']} of {found['texts']} real texts of known licences")
    print(
        f"false matches: {found['false_matches']} of {found['unknown_texts']} real texts of "
        f"licences the knowledge base does not know; {found['variant_false_matches']} of "
        f"{found['variants']} known licences with an added clause"
    )
    print(f"concatenations identified as both licences: {found['pairs_found']} of {found['pairs']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
