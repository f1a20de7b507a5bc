"""Licence expressions (``MIT OR Apache-2.0``, ``Apache-2.0 WITH LLVM-exception``) as structure.

Parsing is license-expression's; what an operator means for an audit is ours:

- ``AND``: every part binds. A part the knowledge base does not know is named, so the
  model is LIC001 rather than passed on the parts that are known.
- ``WITH``: the exception is recorded and the base licence binds.
- ``OR``: the licensee chooses one alternative. An expression is expanded into its
  alternatives (each a set of licences that bind together), in the order written; the
  choice itself is made later, by the inventory's ``licence_choice`` or by the audit
  (least restrictive known alternative, see ``audit.resolve.choice``).

Nothing here depends on set or dict order: every tuple keeps the order of the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from licences import KnowledgeBase

MAX_ALTERNATIVES = 16
"""An expression with more alternatives than this (after expanding ``A AND (B OR C)``) is
not expanded further: the first ones are kept and the model is LIC001 naming the cap."""


@dataclass(frozen=True)
class ExpressionPart:
    """One licence of an expression as written, with its knowledge-base key if known."""

    written: str
    key: str | None
    exception: str | None = None
    """The ``WITH`` exception attached to this licence, as written."""


@dataclass(frozen=True)
class Alternative:
    """Licences that bind together (one side of an ``OR``; the whole expression without one)."""

    parts: tuple[ExpressionPart, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Known keys of the parts, in the order written, each once."""
        return tuple(dict.fromkeys(p.key for p in self.parts if p.key is not None))

    @property
    def unknown(self) -> tuple[str, ...]:
        """Parts the knowledge base does not know, as written."""
        return tuple(dict.fromkeys(p.written for p in self.parts if p.key is None))

    @property
    def known(self) -> bool:
        """True when every part is a licence the knowledge base knows."""
        return not self.unknown and bool(self.parts)

    def describe(self) -> str:
        """The alternative as an expression of knowledge-base keys (``apache-2.0 AND mit``)."""
        return " AND ".join(
            (p.key or p.written) + (f" WITH {p.exception}" if p.exception else "")
            for p in self.parts
        )


@dataclass(frozen=True)
class ParsedExpression:
    """A licence statement as alternatives of licences that bind together."""

    text: str
    alternatives: tuple[Alternative, ...]
    truncated: bool = False
    """More than ``MAX_ALTERNATIVES`` alternatives were written; only the first are kept."""

    @property
    def is_choice(self) -> bool:
        """True when the licensee may choose between alternatives (an ``OR``)."""
        return len(self.alternatives) > 1

    @property
    def exceptions(self) -> tuple[str, ...]:
        """Every ``WITH`` exception written, in order, each once."""
        return tuple(
            dict.fromkeys(p.exception for a in self.alternatives for p in a.parts if p.exception)
        )


def parse_expression(text: str, kb: KnowledgeBase) -> ParsedExpression | None:
    """Parse a licence id or SPDX expression; None when ``text`` is neither.

    A text the knowledge base knows as a whole (``llama3.1``, a licence name with spaces)
    is one licence, even when it contains the word "and" or "or".
    """
    direct = kb.get(text)
    if direct is not None:
        return ParsedExpression(text, (Alternative((ExpressionPart(text, direct.key),)),))
    try:
        from license_expression import ExpressionError, Licensing

        parsed = Licensing().parse(text, simple=False)
    except ExpressionError:
        return None
    except Exception:  # noqa: BLE001 - license-expression raises other errors on odd input
        return None
    if parsed is None:
        return None
    alternatives, truncated = _expand(parsed, kb)
    if not alternatives:
        return None
    return ParsedExpression(text, alternatives, truncated)


def _expand(node: Any, kb: KnowledgeBase) -> tuple[tuple[Alternative, ...], bool]:
    """The alternatives of an expression node, in the order written (disjunctive form)."""
    kind = type(node).__name__
    if kind == "LicenseWithExceptionSymbol":
        base = str(node.license_symbol.key)
        entry = kb.get(base)
        part = ExpressionPart(base, entry.key if entry else None, str(node.exception_symbol.key))
        return (Alternative((part,)),), False
    if kind == "LicenseSymbol":
        written = str(node.key)
        entry = kb.get(written)
        return (Alternative((ExpressionPart(written, entry.key if entry else None),)),), False
    children = [_expand(arg, kb) for arg in node.args]
    truncated = any(t for _, t in children)
    if kind == "OR":
        flat = tuple(a for alts, _ in children for a in alts)
    elif kind == "AND":
        combined: list[tuple[ExpressionPart, ...]] = [()]
        for alts, _ in children:
            combined = [left + right.parts for left in combined for right in alts]
            if len(combined) > MAX_ALTERNATIVES:
                combined, truncated = combined[:MAX_ALTERNATIVES], True
        flat = tuple(Alternative(parts) for parts in combined)
    else:  # an operator license-expression may add one day: not understood, not guessed
        return (), truncated
    if len(flat) > MAX_ALTERNATIVES:
        flat, truncated = flat[:MAX_ALTERNATIVES], True
    return flat, truncated
