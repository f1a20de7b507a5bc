"""Cross-reference checks the schema cannot express: unique ids, known tags, models, rules,
and model folders that stay inside the inventory's folder.

They read the raw parsed document, not the validated models, so they also run when the
schema has failed: the user sees every problem in one pass. Values of the wrong type are
skipped here (the schema reports them), and a check whose answer would be a guess, such as
"unknown model" while some model has no usable id, stays silent.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.errors import InputProblem
from audit.inventory.datatags import BUILTIN_TAGS
from audit.inventory.hosting_refs import hosting_problems
from audit.inventory.identifiers import identity_key, nfc
from audit.inventory.yaml_lines import LineMap, PathKey, dotted, quoted

_RULE_ID = re.compile(r"^(LIC|GDPR|AIA|ADV|INV)\d{3}$")
_TAG_HINT = "define it under data_classes"


@dataclass(frozen=True)
class _Context:
    path: str
    lines: LineMap
    base_dir: Path

    def problem(self, loc: PathKey, message: str) -> InputProblem:
        return InputProblem(self.path, self.lines.line_of(loc), dotted(loc), message)


def reference_problems(
    data: Mapping[str, Any],
    path: str,
    lines: LineMap,
    base_dir: Path,
    known_rules: Collection[str] = (),
) -> list[InputProblem]:
    """Every cross-reference problem of the parsed document ``data``, located by ``lines``.

    ``base_dir`` is the (resolved) folder of the inventory; ``known_rules`` the rule ids a
    waiver may name (empty: not checked).
    """
    ctx = _Context(path, lines, base_dir)
    model_ids, check_models, problems = _unique_ids(ctx, data, "models", "model id")
    tags, check_tags, tag_problems = _unique_ids(ctx, data, "data_classes", "data class")
    problems.extend(tag_problems)
    for tag in BUILTIN_TAGS:
        tags.first.setdefault(tag, ())

    for i, model in _entries(data, "models"):
        if isinstance(model.get("path"), str):
            problems.extend(_path_problems(ctx, ("models", i, "path"), model["path"]))
        # Unique within a model. The same id under several models is one use case that a
        # router serves with more than one model (ADV002 and `compare` read it that way).
        use_case_ids = _IdIndex()
        for j, use_case in _entries(model, "use_cases"):
            loc: PathKey = ("models", i, "use_cases", j)
            problems.extend(use_case_ids.add(ctx, (*loc, "id"), use_case.get("id"), "use-case id"))
            if check_tags:
                problems.extend(_tag_problems(ctx, (*loc, "data"), use_case.get("data"), tags))

    problems.extend(hosting_problems(_entries(data, "models"), ctx.problem))

    for i, route in _entries(data, "routes"):
        if check_tags:
            problems.extend(_tag_problems(ctx, ("routes", i, "data"), route.get("data"), tags))
        targets = route.get("to")
        if check_models and isinstance(targets, list):
            for k, target in enumerate(targets):
                if isinstance(target, str) and nfc(target) not in model_ids.first:
                    problems.append(
                        ctx.problem(
                            ("routes", i, "to", k), _unknown("model", target, model_ids.first)
                        )
                    )

    for i, waiver in _entries(data, "waivers"):
        named = waiver.get("model")
        if check_models and isinstance(named, str) and nfc(named) not in model_ids.first:
            problems.append(
                ctx.problem(("waivers", i, "model"), _unknown("model", named, model_ids.first))
            )
        rule_id = waiver.get("rule")
        if (
            isinstance(rule_id, str)
            and _RULE_ID.match(rule_id)  # a malformed id is the schema's message
            and known_rules  # asked last: the catalogue may load lazily
            and rule_id not in known_rules
        ):
            problems.append(
                ctx.problem(
                    ("waivers", i, "rule"),
                    _unknown("rule", rule_id, known_rules, "see `model-audit rules`"),
                )
            )
    return problems


class _IdIndex:
    """Ids seen so far (NFC-normalised, as the schema keeps them) and where each was first
    given; two ids equal but for case, width or invisible characters collide."""

    def __init__(self) -> None:
        self.first: dict[str, PathKey] = {}
        self._by_key: dict[str, tuple[str, PathKey]] = {}

    def add(self, ctx: _Context, loc: PathKey, value: Any, kind: str) -> list[InputProblem]:
        """Record ``value`` found at ``loc``; a problem when it, or an id a reader could not
        tell from it, was given before."""
        if not isinstance(value, str):
            return []
        value = nfc(value)
        key = identity_key(value)
        if key in self._by_key:
            earlier, where = self._by_key[key]
            first_line = ctx.lines.line_of(where)
            if earlier == value:
                message = (
                    f"duplicate {kind} {quoted(value)} (first given on line {first_line}); "
                    "ids must be unique"
                )
            else:
                message = (
                    f"{kind} {quoted(value)} collides with {quoted(earlier)} (line "
                    f"{first_line}): ids must differ in more than case, width, white space "
                    "or invisible characters"
                )
            return [ctx.problem(loc, message)]
        self._by_key[key] = (value, loc)
        self.first[value] = loc
        return []


def _entries(parent: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings in the list ``parent[key]``, with their indexes; nothing when malformed."""
    if not isinstance(parent, dict):
        return []
    items = parent.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _unique_ids(
    ctx: _Context, data: Mapping[str, Any], section: str, kind: str
) -> tuple[_IdIndex, bool, list[InputProblem]]:
    """Index the ids under ``section``: the index, whether every entry has a usable id
    (else "unknown" answers would be guesses), and the duplicates."""
    index = _IdIndex()
    problems: list[InputProblem] = []
    items = data.get(section)
    all_named = items is None or isinstance(items, list)
    for i, entry in enumerate(items if isinstance(items, list) else []):
        value = entry.get("id") if isinstance(entry, dict) else None
        all_named = all_named and isinstance(value, str) and bool(value)
        problems.extend(index.add(ctx, (section, i, "id"), value, kind))
    return index, all_named, problems


def _tag_problems(
    ctx: _Context, loc: PathKey, tags: Any, known: _IdIndex
) -> Iterator[InputProblem]:
    if not isinstance(tags, list):
        return
    for k, tag in enumerate(tags):
        if isinstance(tag, str) and nfc(tag) not in known.first:
            yield ctx.problem((*loc, k), _unknown("data tag", tag, known.first, _TAG_HINT))


def _path_problems(ctx: _Context, loc: PathKey, value: str) -> Iterator[InputProblem]:
    """A model folder must be relative and stay inside the inventory's folder."""
    candidate = Path(value)
    if candidate.is_absolute():
        yield ctx.problem(
            loc,
            f"expected a folder relative to the inventory's folder; got absolute path {value!r}",
        )
        return
    base = ctx.base_dir
    lexical = Path(os.path.normpath(base / candidate))
    if not lexical.is_relative_to(base):
        yield ctx.problem(
            loc,
            f"expected a folder inside the inventory's folder; {quoted(value)} climbs out of it "
            "with '..' (keep model folders beside or below the inventory)",
        )
        return
    try:
        resolved = (base / candidate).resolve()
    except (OSError, ValueError, RuntimeError) as exc:
        yield ctx.problem(loc, f"{quoted(value)} is not a usable path ({exc})")
        return
    if not resolved.is_relative_to(base):
        yield ctx.problem(
            loc,
            f"expected a folder inside the inventory's folder; {quoted(value)} leads to {resolved} "
            "through a symbolic link (copy the model folder in instead)",
        )


def _unknown(kind: str, value: str, known: Collection[str], hint: str = "") -> str:
    choices = sorted(k for k in known if isinstance(k, str))
    close = difflib.get_close_matches(value, choices, n=1)
    text = f"unknown {kind} {quoted(value)}"
    if close:
        text += f"; did you mean {quoted(close[0])}?"
    elif choices and len(choices) <= 30:
        text += f"; known: {', '.join(choices)}"
    return f"{text} ({hint})" if hint else text
