"""Property tests: whatever the file holds, the loader and ``validate`` never crash.

Random text, random nested data, and random mutations of a valid inventory (as data and as
text) give either a loaded inventory or an ``InputError`` whose every problem is located at
``path:line``; the CLI exits 0 or 2 with those lines and no traceback.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.cli import cli
from audit.cli.init import starter_inventory
from audit.errors import InputError
from audit.inventory import load_inventory

FUZZ = settings(
    # Modest by default so `make test` stays quick; raise it for a deeper hunt.
    max_examples=int(os.environ.get("MODEL_AUDIT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
STARTER_TEXT = starter_inventory()
STARTER: dict[str, Any] = yaml.safe_load(STARTER_TEXT)
RULES = {"LIC006", "GDPR001"}

FIELD_NAMES = [
    "version",
    "organisation",
    "name",
    "country",
    "models",
    "id",
    "source",
    "path",
    "provider",
    "hosting",
    "mode",
    "regions",
    "use_cases",
    "data",
    "ai_act",
    "area",
    "routes",
    "to",
    "waivers",
    "rule",
    "model",
    "expires",
    "data_classes",
    "monthly_active_users_history",
    "x-note",
    "<<",
]

printable = st.characters(codec="utf-8")  # no lone surrogates: they cannot be saved
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(printable, max_size=20),
    st.sampled_from(["1", "DE", "self-hosted", "personal", "LIC006", "../x", "/etc", "2024-13"]),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(printable, max_size=12), st.integers())
nested = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)


def located(path: str, error: InputError) -> None:
    """Every problem names ``path`` and a line, and they come in line order."""
    assert error.problems
    for problem in error.problems:
        assert problem.path == path
        assert problem.line >= 1, problem
        assert problem.message
    lines = [p.line for p in error.problems]
    assert lines == sorted(lines)


@mock.patch("audit.cli.options.known_rule_ids", lambda: set(RULES))
def check_file(content: bytes, suffix: str = ".yaml") -> None:
    """Load ``content`` directly and through ``validate``; assert both behave."""
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / f"inventory{suffix}")
        Path(path).write_bytes(content)
        try:
            load_inventory(path, known_rules=RULES)
            loaded = True
        except InputError as error:
            located(path, error)
            loaded = False

        result = CliRunner().invoke(cli, ["validate", path])
        assert "Traceback" not in result.output
        assert result.exit_code == (0 if loaded else 2), result.output
        if not loaded:
            *problems, summary = result.stderr.splitlines()
            assert summary.startswith("model-audit: ") and "nothing was audited" in summary
            where = re.compile(re.escape(path) + r":\d+: ")
            assert problems and all(where.match(line) for line in problems), result.stderr


@FUZZ
@given(st.text(printable, max_size=300))
def test_random_text_never_crashes(text: str) -> None:
    check_file(text.encode("utf-8"))


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(content: bytes) -> None:
    check_file(content)


@FUZZ
@given(nested)
def test_random_nested_data_never_crashes(data: Any) -> None:
    check_file(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


@FUZZ
@given(st.dictionaries(keys, nested, max_size=6))
def test_random_data_beside_a_version_never_crashes(extra: dict[Any, Any]) -> None:
    data = {"version": 1, "organisation": {"name": "A", "country": "DE"}, **extra}
    check_file(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


def containers(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of every dict and list inside ``node``, the root included."""
    if isinstance(node, (dict, list)):
        yield path
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            yield from containers(child, (*path, key))


def at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


@st.composite
def mutated_starters(draw: st.DrawFn) -> Any:
    """The starter inventory with a few random deletions, replacements and insertions."""
    data = copy.deepcopy(STARTER)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        target = at(data, draw(st.sampled_from(list(containers(data)))))
        action = draw(st.sampled_from(["delete", "replace", "insert", "duplicate"]))
        if isinstance(target, dict):
            key = draw(st.sampled_from(list(target) or ["id"]))
            if action == "delete":
                target.pop(key, None)
            elif action == "insert":
                target[draw(keys)] = draw(nested)
            elif action == "duplicate" and key in target:
                target[f"{key}_copy"] = copy.deepcopy(target[key])
            else:
                target[key] = draw(nested)
        elif target:
            index = draw(st.integers(min_value=0, max_value=len(target) - 1))
            if action == "delete":
                del target[index]
            elif action == "insert":
                target.insert(index, draw(nested))
            elif action == "duplicate":
                target.append(copy.deepcopy(target[index]))
            else:
                target[index] = draw(nested)
    return data


@FUZZ
@given(mutated_starters(), st.booleans())
def test_mutated_inventories_never_crash(data: Any, as_json: bool) -> None:
    if as_json:
        text = json.dumps(data, indent=2, default=str)
        check_file(text.encode("utf-8"), ".json")
    else:
        check_file(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(STARTER_TEXT)),
            st.integers(min_value=0, max_value=8),
            st.lists(
                st.sampled_from(list(" \t\n:-[]{}&*!|>'\"#,?%@`x0") + ["<<: *a", "&a ", "\u00e9"]),
                max_size=4,
            ).map("".join),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_text_edits_of_the_starter_never_crash(edits: list[tuple[int, int, str]]) -> None:
    text = STARTER_TEXT
    for position, removed, inserted in edits:
        position = min(position, len(text))
        text = text[:position] + inserted + text[position + removed :]
    check_file(text.encode("utf-8"))


def test_the_harness_accepts_a_valid_file_and_rejects_a_broken_one() -> None:
    """The checks above must be able to fail: a valid file exits 0, a broken one 2."""
    check_file(STARTER_TEXT.encode("utf-8"))
    check_file(STARTER_TEXT.replace("mode: self-hosted", "mode: selfhosted").encode("utf-8"))
