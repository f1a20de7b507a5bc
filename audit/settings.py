"""Settings read from the environment, parsed when they are used (never at import).

Each override has a documented range (docs/limits.md); a value outside it, or one that is
not a whole number, is unusable input: exit status 2 with a message naming the variable,
what it expects and what it got. ``check_environment`` parses every setting a command
will use before the command does any work, so a bad one costs nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from audit.errors import InputError, InputProblem
from audit.safe_text import endpoint_problem, shown

MIB = 1024 * 1024


@dataclass(frozen=True)
class ByteLimit:
    """A size limit that an environment variable may override."""

    variable: str
    default: int
    """Bytes when the variable is not set."""
    minimum: int
    maximum: int
    what: str
    """What the limit bounds, for messages (``a README or LICENSE file``)."""

    def value(self) -> int:
        """The limit in force: the variable's value when set, else the default.

        A set value must be a whole number of bytes from ``minimum`` to ``maximum`` (``_``
        between digits allowed); anything else raises ``InputError``.
        """
        setting = os.environ.get(self.variable)
        if setting is None:
            return self.default
        text = setting.strip()
        try:
            limit: int | None = int(text)
        except ValueError:
            limit = None
        if limit is None or not self.minimum <= limit <= self.maximum:
            raise InputError(
                [
                    InputProblem(
                        self.variable,
                        0,
                        "",
                        f"expected a whole number of bytes from {self.minimum:,} to "
                        f"{self.maximum:,} ({human_size(self.maximum)}); got "
                        f"{shown(setting)!r} (unset it for the default, "
                        f"{human_size(self.default)})",
                    )
                ]
            )
        return limit


INVENTORY_BYTES = ByteLimit(
    "MODEL_AUDIT_MAX_INVENTORY_BYTES", 16 * MIB, 1, 1024 * MIB, "an inventory file"
)
TEXT_BYTES = ByteLimit(
    "MODEL_AUDIT_MAX_TEXT_BYTES", 1 * MIB, 1, 1024 * MIB, "a model card or licence file"
)
SPDX_BYTES = ByteLimit("MODEL_AUDIT_MAX_SPDX_BYTES", 5 * MIB, 1, 1024 * MIB, "an SPDX document")

MODEL_BYTES = ByteLimit(
    "MODEL_AUDIT_MAX_MODEL_BYTES", 8 * MIB, 1024, 1024 * MIB, "the downloads for one model"
)


@dataclass(frozen=True)
class CountLimit:
    """A cap on how much work one model may cause, which an environment variable may
    override (a whole number from ``minimum`` to ``maximum``)."""

    variable: str
    default: int
    minimum: int
    maximum: int
    what: str
    """What is counted, for messages (``base models followed per card``)."""

    def value(self) -> int:
        """The cap in force; a set value outside the range raises ``InputError``."""
        setting = os.environ.get(self.variable)
        if setting is None:
            return self.default
        try:
            count: int | None = int(setting.strip())
        except ValueError:
            count = None
        if count is None or not self.minimum <= count <= self.maximum:
            raise _bad(
                self.variable,
                f"expected a whole number from {self.minimum:,} to {self.maximum:,} ({self.what})",
                setting,
                f"{self.default:,}",
            )
        return count


@dataclass(frozen=True)
class SecondsLimit:
    """A deadline in seconds that an environment variable may override."""

    variable: str
    default: float
    minimum: float
    maximum: float
    what: str

    def value(self) -> float:
        """The deadline in force: a plain decimal number of seconds (``2`` or ``0.5``) from
        ``minimum`` to ``maximum``; anything else raises ``InputError``."""
        setting = os.environ.get(self.variable)
        if setting is None:
            return self.default
        text = setting.strip()
        seconds = float(text) if _DECIMAL.fullmatch(text) else None
        if seconds is None or not self.minimum <= seconds <= self.maximum:
            raise _bad(
                self.variable,
                f"expected a number of seconds from {self.minimum:g} to {self.maximum:g} "
                f"({self.what})",
                setting,
                f"{self.default:g} s",
            )
        return seconds


_DECIMAL = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,3})?")


def _bad(variable: str, expected: str, setting: str, default: str) -> InputError:
    return InputError(
        [
            InputProblem(
                variable,
                0,
                "",
                f"{expected}; got {shown(setting)!r} (unset it for the default, {default})",
            )
        ]
    )


BASE_MODELS = CountLimit(
    "MODEL_AUDIT_MAX_BASE_MODELS", 32, 1, 1000, "base models followed per model card"
)
LICENCE_FILES = CountLimit(
    "MODEL_AUDIT_MAX_LICENCE_FILES", 32, 1, 1000, "licence files read per repository"
)
REQUEST_SECONDS = SecondsLimit(
    "MODEL_AUDIT_HUB_REQUEST_SECONDS", 30.0, 0.1, 600.0, "the whole of one Hub request"
)
MODEL_SECONDS = SecondsLimit(
    "MODEL_AUDIT_HUB_MODEL_SECONDS", 60.0, 0.1, 3600.0, "all Hub requests for one model"
)

BYTE_LIMITS = (INVENTORY_BYTES, TEXT_BYTES, SPDX_BYTES)
WORK_LIMITS: tuple[ByteLimit | CountLimit | SecondsLimit, ...] = (
    LICENCE_FILES, BASE_MODELS, MODEL_BYTES, REQUEST_SECONDS, MODEL_SECONDS,
)  # fmt: skip
"""Caps on the work one model may cause (docs/limits.md, "Bounded work per model")."""


def human_size(size: int) -> str:
    """A size for people: bytes below 1 MiB, else whole GiB or MiB where exact, else MiB
    with one decimal."""
    if size < MIB:
        return f"{size:,} byte{'s' if size != 1 else ''}"
    if size % (1024 * MIB) == 0:
        return f"{size // (1024 * MIB)} GiB"
    return f"{size // MIB} MiB" if size % MIB == 0 else f"{size / MIB:.1f} MiB"


HUB_ENDPOINT_VARIABLE = "HF_ENDPOINT"


def check_hub_endpoint() -> None:
    """Refuse a malformed ``HF_ENDPOINT`` with one message, before any look-up."""
    endpoint = os.environ.get(HUB_ENDPOINT_VARIABLE)
    if endpoint is None:
        return
    problem = endpoint_problem(endpoint)
    if problem is not None:
        raise InputError([InputProblem(HUB_ENDPOINT_VARIABLE, 0, "", problem)])


def check_environment() -> None:
    """Parse every override the audit commands read; raise one ``InputError`` listing each
    bad one (exit 2) before any work is done."""
    problems: list[InputProblem] = []
    checks = (limit.value for limit in (*BYTE_LIMITS, *WORK_LIMITS))
    for check in (check_hub_endpoint, *checks):
        problems.extend(_problems_of(check))
    problems.extend(_data_override_problems())
    if problems:
        raise InputError(problems)


def _problems_of(check: Callable[[], object]) -> list[InputProblem]:
    try:
        check()
    except InputError as exc:
        return list(exc.problems)
    return []


def _data_override_problems() -> list[InputProblem]:
    """Load the jurisdiction override now, when one is set, so a broken one is an input
    error here rather than a failing rule later."""
    from audit.jurisdictions.loader import OVERRIDE_ENV, load_jurisdictions

    if not os.environ.get(OVERRIDE_ENV, "").strip():
        return []
    try:
        load_jurisdictions()
    except InputError as exc:
        return list(exc.problems)
    except Exception as exc:  # noqa: BLE001 - any failure of the user's file is theirs
        return [InputProblem(OVERRIDE_ENV, 0, "", shown(str(exc)))]
    return []
