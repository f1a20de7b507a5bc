"""Helpers for tests/hostile/test_every_string_field.py: the inventory's string fields, read
from its JSON Schema, hostile text, and the checks that find unsafe characters in each
output medium.

A character is unsafe when its Unicode category is control (``Cc``: C0, DEL, C1), format
(``Cf``: bidi embeddings, overrides, isolates and marks, zero-width characters, the soft
hyphen, tags), surrogate (``Cs``), line or paragraph separator (``Zl``, ``Zp``). The checks
are written here, not taken from audit/safe_text.py, so they do not agree with the
sanitiser by construction.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ITEM = "[]"
"""A path step into every element of an array."""
KEY = "{key}"
"""A path step that is the key of a mapping with free keys (e.g. months)."""
VALUE = "{value}"
"""A path step into the value of a mapping with free keys."""

FieldPath = tuple[str, ...]

UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

CONSTRAINTS = ("enum", "const", "pattern", "format")
"""Keywords that restrict a string to a vocabulary or a shape."""


def string_fields(schema: dict[str, Any]) -> dict[FieldPath, frozenset[str]]:
    """Every path of the schema at which a string may stand (object properties, array
    items, free mapping keys, through ``$ref``, ``anyOf``, ``oneOf`` and ``allOf``), each
    with the constraint keywords (``CONSTRAINTS``) its string schema carries; sorted."""
    definitions: dict[str, Any] = schema.get("$defs", {})
    found: dict[FieldPath, set[str]] = {}

    def walk(node: Any, path: FieldPath, seen: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                walk(definitions[name], path, seen | {name})
        for combinator in ("anyOf", "oneOf", "allOf"):
            for branch in node.get(combinator, []):
                walk(branch, path, seen)
        types = node.get("type")
        if "string" in (types if isinstance(types, list) else [types]):
            found.setdefault(path, set()).update(k for k in CONSTRAINTS if k in node)
        for name, child in node.get("properties", {}).items():
            walk(child, (*path, name), seen)
        walk(node.get("items"), (*path, ITEM), seen)
        free: list[tuple[Any, set[str]]] = [(node.get("additionalProperties"), set())]
        patterns = node.get("patternProperties", {}).items()
        free += [(child, {"pattern"}) for key, child in patterns if key != "^x-"]
        for child, key_constraints in free:  # ``^x-`` keys: anything, read by nobody
            if isinstance(child, dict):
                found.setdefault((*path, KEY), set()).update(key_constraints)
                walk(child, (*path, VALUE), seen)

    walk(schema, (), frozenset())
    return {path: frozenset(found[path]) for path in sorted(found)}


def dotted(path: FieldPath) -> str:
    """``('models', '[]', 'use_cases', '[]', 'purpose')`` as ``models[].use_cases[].purpose``."""
    text = ""
    for step in path:
        text += step if step in (ITEM, KEY, VALUE) else f".{step}"
    return text.lstrip(".")


def places(document: Any, path: FieldPath) -> Iterator[tuple[Any, Any]]:
    """(container, key) of every place ``path`` reaches in ``document``; for a KEY step,
    (mapping, one of its keys), the key being what is to change."""
    if not path:
        return
    step, rest = path[0], path[1:]
    if step in (ITEM, VALUE, KEY):
        keys = list(range(len(document))) if isinstance(document, list) else list(document)
    else:
        keys = [step] if isinstance(document, dict) and step in document else []
    for key in keys:
        if not rest or step == KEY:
            yield document, key
        else:
            yield from places(document[key], rest)


def put(container: Any, key: Any, text: str, *, append: bool, is_key: bool) -> None:
    """Write ``text`` at ``container[key]``: instead of the value, or after it; for a key of
    a mapping, rename the key."""
    if is_key:
        container[key + text if append else text] = container.pop(key)
    elif append and isinstance(container[key], str):
        container[key] += text
    else:
        container[key] = text


SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
"""Lone surrogates; two of them side by side in JSON escapes are a pair (U+10FC00)."""
HOSTILE_CHARACTERS = (
    [chr(c) for c in range(0x20)]  # C0, NUL, BEL, ESC, CR, LF, TAB included
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]  # C1, CSI (U+009B) and OSC (U+009D) included
    + SURROGATES
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
    + ["\u200e", "\u200f", "\u061c"]  # directional marks
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]  # zero-width, soft hyphen
    + ["\u2028", "\u2029", "\U000e0041"]  # separators, a tag character
)
SEQUENCES = [
    "\x1b[2J\x1b[H",
    "\x1b[1A\x1b[2K",
    "\x1b]0;pwned\x07",
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "\x9b31m",
    "\x1b[32mPASS\x1b[0m",
    "\r\nPASS 0 critical\n",
    "\u202egnp.exe",
]
ORDINARY = ["Acme", "mit", " ", "<b>&amp;</b>", "\U0010fc00"]  # the last has no glyph


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    """Controls, format characters, escape sequences and ordinary text mixed; one text in
    four holds a lone surrogate (most fields refuse those, so not more)."""
    parts = st.one_of(
        st.sampled_from([c for c in HOSTILE_CHARACTERS if c not in SURROGATES]),
        st.sampled_from(SEQUENCES),
        st.characters(categories=["Cc", "Cf", "Zl", "Zp"]),
        st.text(max_size=6),
        st.sampled_from(ORDINARY),
    )
    text = "".join(draw(st.lists(parts, min_size=1, max_size=10)))
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(SURROGATES)) + text[at:]
    return text


def containers(node: Any) -> Iterator[Any]:
    """Every mapping and list inside ``node``, ``node`` included."""
    if isinstance(node, (dict, list)):
        yield node
        for child in node.values() if isinstance(node, dict) else node:
            yield from containers(child)


def leaks(text: str, allowed: str = "\n") -> list[str]:
    """The unsafe characters in ``text`` as ``U+001B``..., those in ``allowed`` apart."""
    found = {c for c in text if c not in allowed and unicodedata.category(c) in UNSAFE_CATEGORIES}
    return [f"U+{ord(c):04X}" for c in sorted(found)]


_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def html_leaks(text: str) -> list[str]:
    """Unsafe characters in HTML other than newline and tab: raw, as named references
    (``&rlm;``), or as numeric ones (``&#27;``, ``&#x9b;``: browsers turn those into U+FFFD
    or look-alikes, but they show that the text went out unsanitised)."""
    found = leaks(text, "\n\t") + leaks(html.unescape(text), "\n\t")
    for hexadecimal, decimal in _REFERENCE.findall(text):
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        if code > 0x10FFFF or (code not in (0x09, 0x0A) and (code < 0x20 or 0x7F <= code < 0xA0)):
            found.append(f"&#{hexadecimal or decimal};")
        elif leaks(chr(code), "\n\t"):
            found.append(f"U+{code:04X} as a reference")
    return sorted(set(found))


def strings_in(value: Any) -> Iterator[str]:
    """Every string of a JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from strings_in(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings_in(child)


def json_leaks(path: Path) -> list[str]:
    """Unsafe characters other than newline in the decoded strings of a JSON file (read as
    strict UTF-8, so a lone surrogate written raw fails too)."""
    document = json.loads(path.read_bytes().decode("utf-8"))
    return sorted({leak for text in strings_in(document) for leak in leaks(text)})


def pdf_leaks(path: Path) -> list[str]:
    """Unsafe characters other than newline in the text pypdf extracts from every page, in
    the document information (title, author, subject...) and in link targets."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    texts = [str(value) for value in (reader.metadata or {}).values()]
    for page in reader.pages:
        _read_weasyprint_encodings_as_identity(page.get("/Resources"))
        texts.append(page.extract_text())
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            texts.append(str(action.get("/URI", "")))
    return sorted({leak for text in texts for leak in leaks(text)})


def _read_weasyprint_encodings_as_identity(resources: Any, depth: int = 0) -> None:
    """Let pypdf read the text of fonts that lack a glyph the report used.

    For such a font WeasyPrint writes an embedded CMap (``/WP-Encod-0``) that is the
    identity except that missing glyphs map to ``.notdef``; pypdf reads an embedded CMap
    encoding as one byte per character and extracts ``\\x00C\\x00O...``. The codes and
    the ToUnicode map are those of ``/Identity-H``, so naming that encoding instead makes
    pypdf extract exactly the text the PDF carries.
    """
    from pypdf.generic import NameObject, StreamObject

    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, dict) or depth > 8:
        return
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        encoding = font.get("/Encoding")
        encoding = encoding.get_object() if encoding is not None else None
        if isinstance(encoding, StreamObject) and encoding.get("/CMapName") == "/WP-Encod-0":
            font[NameObject("/Encoding")] = NameObject("/Identity-H")
    for form in (resources.get("/XObject") or {}).values():
        _read_weasyprint_encodings_as_identity(form.get_object().get("/Resources"), depth + 1)
