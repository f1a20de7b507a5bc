"""Reference prints of whole licence texts: hashes, never the text itself.

Whole-text identification (``licences.coverage``) needs to know which parts of a text a
licence's own text explains. Shipping the texts is not an option (the knowledge base keeps
short fingerprints only), so ``licences/textprints.json`` keeps, per licence key, CRC-32
hashes of the licence's normalised segments (sentences and clauses) and of every run of
``SHINGLE_WORDS`` consecutive words. Nothing readable is stored.

The file is built from reference copies of the licences (one or more per key, plus the
key's acceptable-use policy, which the licence incorporates)::

    python -m licences.textprints FOLDER [FOLDER ...]

where each file is named ``<key>__<anything>.txt`` and ``<key>`` is a knowledge-base key;
files of keys the knowledge base does not know are skipped and listed.
"""

from __future__ import annotations

import functools
import json
import re
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from licences.textnorm import MAX_CHARS, words_of

PRINTS_FILE = Path(__file__).with_name("textprints.json")
SHINGLE_WORDS = 4
"""Words per shingle: short enough that one added word leaves its neighbours explained."""

# Segments end at sentence or clause punctuation followed by space. Line breaks and blank
# lines do not count: re-wrapping or joining the lines of a text must not change its cut.
_SEGMENT_END = re.compile(r"(?<=[.;:!?])\s+")
_LINK_TARGET = re.compile(r"\]\([^()\s]{0,2048}\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,512}>")
# Web addresses and paths, whole tokens: wrapping may break them anywhere, and no term can
# hide in a token without spaces.
_ADDRESS_MARK = re.compile(r"/|\.(?:com|org|net|io|ai)\b", re.IGNORECASE)
_SPACE = re.compile(r"\s")
_WORD_AFTER = re.compile(r"\s+\S+")
_MARK = "zq0segment0qz"
"""Joins segments for one canonical pass; a text containing it only cuts differently."""


class Segment(NamedTuple):
    """One sentence or clause of a text: as found (for messages) and as canonical words.

    A named tuple, not a dataclass: a licence has hundreds of segments, and building them
    is on the hot path of identification."""

    raw: str
    """The segment as found in the text (layout included)."""
    words: tuple[str, ...]

    @property
    def written(self) -> str:
        """The segment as written, with its layout collapsed to single spaces."""
        return " ".join(self.raw.split())


def segments(text: str) -> list[Segment]:
    """A text cut into sentences and clauses, each with its canonical words (empty ones
    dropped). Link targets, HTML tags and web addresses are removed first;
    copyright notices stay (where a line starts depends on wrapping) and are told apart
    from terms by ``licences.coverage``."""
    text = text[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    text = _LINK_TARGET.sub("] ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _without_addresses(text)
    pieces = _SEGMENT_END.split(text)
    # One pass over the whole text (a C-level translation) instead of one per segment: the
    # pieces are joined with a marker word and the canonical words split at it again.
    canonical = " ".join(words_of(f" {_MARK} ".join(pieces))).split(_MARK)
    return [
        Segment(piece, tuple(words))
        for piece, words in zip(pieces, map(str.split, canonical), strict=False)
        if words
    ]


def _without_addresses(text: str) -> str:
    """``text`` with every whitespace-delimited token holding a "/" or a domain removed.

    Linear: each mark found is widened to its token once; marks inside a token already
    removed are skipped (a regex with a leading ``\\S*`` would be quadratic on long
    tokens)."""
    kept: list[str] = []
    done = 0
    for mark in _ADDRESS_MARK.finditer(text):
        if mark.start() < done:
            continue
        start = max(text.rfind(" ", done, mark.start()), text.rfind("\n", done, mark.start()),
                    text.rfind("\t", done, mark.start()))  # fmt: skip
        start = done if start < 0 else start + 1
        space = _SPACE.search(text, mark.end())
        end = space.start() if space else len(text)
        while end < len(text) and text[end - 1] == "-":  # an address wrapped at a hyphen
            rest = _WORD_AFTER.match(text, end)
            if rest is None:
                break
            end = rest.end()
        kept.append(text[done:start])
        kept.append(" ")
        done = end
    if not kept:
        return text
    kept.append(text[done:])
    return "".join(kept)


def segment_hash(words: Sequence[str]) -> int:
    """The stable hash of a segment's canonical words (CRC-32: the same on every run)."""
    return zlib.crc32(" ".join(words).encode("ascii", "replace"))


def shingle_hashes(words: Sequence[str]) -> Iterator[int]:
    """Stable hashes of every run of ``SHINGLE_WORDS`` consecutive words."""
    for i in range(len(words) - SHINGLE_WORDS + 1):
        yield zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("ascii", "replace"))


@dataclass(frozen=True)
class TextPrints:
    """The reference hashes of one licence."""

    segments: frozenset[int]
    shingles: frozenset[int]


@functools.lru_cache(maxsize=4)
def load_prints(path: Path = PRINTS_FILE) -> dict[str, TextPrints]:
    """Reference prints by knowledge-base key; empty when the file is absent or unreadable
    (identification then falls back to fingerprints alone and says so)."""
    try:
        data = json.loads(path.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return {}
    out: dict[str, TextPrints] = {}
    for key, entry in sorted(data.get("prints", {}).items()):
        out[key] = TextPrints(_unpack(entry["segments"]), _unpack(entry["shingles"]))
    return out


def _unpack(packed: str) -> frozenset[int]:
    values = array("I")
    values.frombytes(bytes.fromhex(packed))
    if sys.byteorder != "little":
        values.byteswap()
    return frozenset(values)


def _pack(values: set[int]) -> str:
    ordered = array("I", sorted(values))
    if sys.byteorder != "little":
        ordered.byteswap()
    return ordered.tobytes().hex()


def build(folders: Sequence[Path], known: set[str]) -> tuple[dict[str, object], list[str]]:
    """Prints for every ``<key>__*.txt`` file of ``folders`` whose key is in ``known``;
    returns the document and the names of the files skipped."""
    segment_sets: dict[str, set[int]] = {}
    shingle_sets: dict[str, set[int]] = {}
    skipped: list[str] = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            key = path.name.split("__", 1)[0]
            if key not in known:
                skipped.append(path.name)
                continue
            for segment in segments(path.read_text(encoding="utf-8", errors="replace")):
                segment_sets.setdefault(key, set()).add(segment_hash(segment.words))
                shingle_sets.setdefault(key, set()).update(shingle_hashes(segment.words))
    prints = {
        key: {"segments": _pack(segment_sets[key]), "shingles": _pack(shingle_sets[key])}
        for key in sorted(segment_sets)
    }
    document = {
        "about": "CRC-32 hashes of normalised licence segments and 4-word shingles; "
        "built by python -m licences.textprints",
        "version": 1,
        "shingle_words": SHINGLE_WORDS,
        "prints": prints,
    }
    return document, skipped


def main(argv: Sequence[str] | None = None) -> int:
    """Build ``licences/textprints.json`` from the reference folders on the command line."""
    from licences.loader import load_knowledge_base

    folders = [Path(a) for a in (sys.argv[1:] if argv is None else argv)]
    if not folders or not all(f.is_dir() for f in folders):
        print("usage: python -m licences.textprints FOLDER [FOLDER ...]", file=sys.stderr)
        return 2
    known = {entry.key for entry in load_knowledge_base().entries}
    document, skipped = build(folders, known)
    PRINTS_FILE.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", "ascii")
    print(f"wrote prints of {len(document['prints'])} licences to {PRINTS_FILE}")  # type: ignore[arg-type]
    for name in skipped:
        print(f"skipped (key not in the knowledge base): {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
