"""Strings that identify things (model ids, use-case ids, data tags): one spelling each.

Two ids that a reader cannot tell apart must not name two different models, or a waiver,
route or finding could silently attach to the wrong one. So an id is NFC-normalised when
it is read; one that holds invisible characters (zero-width spaces, bidi controls, control
characters), begins or ends with white space, uses compatibility forms (full-width
letters, ligatures) or mixes scripts with look-alike letters (a Cyrillic ``о`` in a Latin
word) is refused; and two ids that are equal once case, width and such characters are
ignored collide (``identity_key``).

Mixed-script look-alikes are found with ``confusable_homoglyphs``, which carries the
Unicode confusables data (UTS #39); the rest is the standard library's ``unicodedata``.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _describe(character: str) -> str:
    name = unicodedata.name(character, "")
    code = f"U+{ord(character):04X}"
    return f"{code} {name}" if name else code


def identifier_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id (see the module docstring), or None when it can."""
    for character in value:
        if unicodedata.category(character) in _INVISIBLE_CATEGORIES:
            return (
                f"contains the invisible character {_describe(character)}; ids must be visible text"
            )
    if value != value.strip():
        return "begins or ends with white space; remove it"
    if any(c.isspace() and c != " " for c in value):
        space = next(c for c in value if c.isspace() and c != " ")
        return f"contains the white-space character {_describe(space)}; use a plain space"
    compatible = unicodedata.normalize("NFKC", value)
    if compatible != value:
        odd = next((c for c in value if unicodedata.normalize("NFKC", c) != c), value[:1] or "?")
        return (
            f"contains {odd!r} ({_describe(odd)}), a compatibility form of "
            f"{unicodedata.normalize('NFKC', odd)!r}; write {compatible!r} instead"
        )
    if _dangerous_mix(value):
        return (
            "mixes scripts with letters that look alike (such as a Cyrillic 'о' among "
            "Latin letters); write it in one script"
        )
    return None


def _dangerous_mix(value: str) -> bool:
    if value.isascii():
        return False
    from confusable_homoglyphs import confusables

    return bool(confusables.is_dangerous(value))


def identity_key(value: str) -> str:
    """The key two ids collide on: NFKC, case folded, without invisible characters and
    white space at either end."""
    visible = "".join(
        c for c in value if unicodedata.category(c) not in _INVISIBLE_CATEGORIES
    ).strip()
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", visible).casefold())


def nfc(value: str) -> str:
    """``value`` in Unicode normalisation form C (how every id is kept and compared)."""
    return unicodedata.normalize("NFC", value)


def _checked_identifier(value: str) -> str:
    normalised = nfc(value)
    problem = identifier_problem(normalised)
    if problem is not None:
        raise ValueError(problem)
    return normalised


Identifier = Annotated[str, AfterValidator(_checked_identifier)]
"""An id field: NFC-normalised, refused when invisible, compatibility or look-alike
characters make it ambiguous."""
