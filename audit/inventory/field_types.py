"""Field types of the inventory schema that a plain ``str`` or ``date`` would read too
loosely: a calendar date that is never a number, and text that must be visible.

pydantic's lax mode reads ``expires: 0`` as 1970-01-01 (Unix seconds) and accepts a waiver
whose reason is a zero-width space; each of these would silence a finding. The checks
here make such values schema errors with their line.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _calendar_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, (bool, int, float)):
        raise ValueError(
            f"expected a date (YYYY-MM-DD); got {value!r}, a "
            f"{'boolean' if isinstance(value, bool) else 'number'} (never read as a date)"
        )
    shown = repr(value[:40]) if isinstance(value, str) else type(value).__name__
    raise ValueError(f"expected a date (YYYY-MM-DD); got {shown}")


CalendarDate = Annotated[dt.date, BeforeValidator(_calendar_date)]
"""A day written YYYY-MM-DD; never a number, a time or another format."""


def has_visible_text(value: str) -> bool:
    """True when ``value`` holds at least one character a reader can see: not white space,
    not a control, format (zero-width, bidi) or unassigned character, not a lone mark."""
    return any(not c.isspace() and unicodedata.category(c)[0] not in "CZM" for c in value)


def _visible(value: str) -> str:
    if not has_visible_text(value):
        raise ValueError(
            f"expected visible text (who approved it, and why); got {value!r}, which a "
            "reader cannot see"
        )
    return value


VisibleText = Annotated[str, AfterValidator(_visible)]
"""Text that must say something: blank, invisible-only or control-only text is refused."""


def whole_number_input(value: Any) -> Any:
    """Before validation of a count: refuse a boolean, turn ``9e8`` into 900000000."""
    if isinstance(value, bool):
        raise ValueError(
            f"expected a whole number; got {value!r}, a boolean (YAML reads yes/no/true/false "
            "as booleans, never as 1 or 0)"
        )
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 9e8 is how people write 900,000,000; 9.5e8 is not exact
    return value


WholeNumber = Annotated[int, BeforeValidator(whole_number_input)]
"""A count: an integer, or a float with no fraction (``9e8``); never a boolean. (Bounds go
before the validator in an ``Annotated``, or the JSON Schema loses minimum/maximum.)"""
