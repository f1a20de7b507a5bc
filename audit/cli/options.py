"""Options shared by several commands, and the parsing that goes with them."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Collection, Iterator
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "info", "never")


def parse_as_of(value: str | None) -> dt.date:
    """``--as-of`` as a date; today when absent. A bad value is a usage error (exit 2)."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"expected a date YYYY-MM-DD; got {value!r}", param_hint="--as-of"
        ) from None


def audit_options(func: F) -> F:
    """Add ``--as-of``, ``--offline`` and ``--fail-on`` to a command."""
    func = click.option(
        "--fail-on",
        type=click.Choice(FAIL_ON_CHOICES, case_sensitive=False),
        default="high",
        show_default=True,
        help="Lowest severity that makes the exit status 1; 'never' always exits 0.",
    )(func)
    func = click.option(
        "--offline",
        is_flag=True,
        help="Read no network: Hub metadata only from the local cache; a model that cannot be "
        "resolved gets LIC001. HF_HUB_OFFLINE=1 has the same effect.",
    )(func)
    func = click.option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Evaluate dated rules and waiver expiry on this day (default: today). The same "
        "inputs and --as-of give byte-identical JSON.",
    )(func)
    return func


def inventory_argument(func: F) -> F:
    """The INVENTORY argument: a YAML or JSON inventory file."""
    return click.argument("inventory", metavar="INVENTORY", type=click.Path(dir_okay=False))(func)


def known_rule_ids() -> set[str]:
    """Ids of every registered rule (waivers may name only these)."""
    from audit.rules.registry import all_rules

    return {r.id for r in all_rules()}


class LazyRuleIds(Collection[str]):
    """The registered rule ids, read from the registry only when first asked.

    Importing every rule family takes a noticeable part of a second; ``validate`` needs the
    ids only for an inventory that has waivers, so it passes this instead of a set.
    """

    def __init__(self) -> None:
        self._ids: frozenset[str] | None = None

    def _loaded(self) -> frozenset[str]:
        if self._ids is None:
            self._ids = frozenset(known_rule_ids())
        return self._ids

    def __contains__(self, item: object) -> bool:
        return item in self._loaded()

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while an audit builds its many small objects.

    An audit allocates hundreds of thousands of long-lived objects (YAML nodes, pydantic
    models, findings) and frees almost none of them until it ends; the collector's repeated
    scans of them cost about a tenth of a 10,000-model scan and reclaim nothing. Reference
    counting still frees everything that is not in a cycle.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
