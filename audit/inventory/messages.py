"""Turn pydantic validation errors into ``file:line: field: what was expected; got what``."""

from __future__ import annotations

import difflib
import types
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from audit.inventory.yaml_lines import PathKey, quoted

_EXPECTED_BY_TYPE = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD) without a time",
}

_PATTERN_MEANING = {
    r"^[A-Z]{2}$": "an ISO 3166-1 alpha-2 country code in capitals, such as DE",
    r"^(LIC|GDPR|AIA|ADV|INV)\d{3}$": "a rule id such as LIC006 (see `model-audit rules`)",
    r"^[a-z0-9][a-z0-9._-]*$": "a lower-case id of letters, digits, '.', '_' or '-'",
    r"^\d{4}-(0[1-9]|1[0-2])$": "a month as YYYY-MM, such as 2024-06",
}


def describe_error(error: ErrorDetails, root: type[BaseModel]) -> tuple[PathKey, str]:
    """Return the path of the offending value and a sentence saying what was expected."""
    loc: PathKey = tuple(error["loc"])
    kind = error["type"]
    got = _show(error.get("input"))
    if loc and loc[-1] == "[key]":  # pydantic's marker for a mapping key that failed
        loc = (*loc[:-2], str(loc[-2]))  # a key, even `5:`, is looked up as text
    if kind == "invalid_key":
        return (*loc[:-1], str(loc[-1])), f"field names must be text; got {got}"
    if loc == ("version",):
        if kind == "missing":
            return loc, "required field is missing; start the file with 'version: 1'"
        return loc, f"unsupported inventory version {got}; this model-audit reads version 1"
    if kind == "missing":
        return loc, "required field is missing"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(root, loc[:-1])
        if not allowed:
            return loc, "unknown field"
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        guess = f"; did you mean '{close[0]}'?" if close else ""
        return loc, (
            f"unknown field{guess} (allowed: {', '.join(allowed)}; prefix your own keys with 'x-')"
        )
    if kind == "literal_error":
        options = _literal_options(root, loc)
        if options:
            return loc, f"expected one of {', '.join(options)}; got {got}"
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        meaning = _PATTERN_MEANING.get(pattern, f"text matching {pattern}")
        return loc, f"expected {meaning}; got {got}"
    if kind in ("too_short", "string_too_short"):
        return loc, f"must not be empty; got {got}"
    if kind in ("greater_than_equal", "greater_than"):
        limit = error.get("ctx", {}).get("ge", error.get("ctx", {}).get("gt"))
        return loc, f"expected a number of at least {limit}; got {got}"
    if kind in ("less_than_equal", "less_than"):
        limit = error.get("ctx", {}).get("le", error.get("ctx", {}).get("lt"))
        return loc, f"expected a number of at most {limit:g}; got {got}"
    if kind == "finite_number":
        return loc, f"expected a finite number; got {got}"
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        # A model-level check names its field first ("path: required when ...").
        field, sep, rest = message.partition(": ")
        if sep and field.isidentifier():
            return (*loc, field), rest
        return loc, message
    if kind == "string_type" and isinstance(error.get("input"), (int, float, bool)):
        return loc, f"expected text; got {got} (put it in quotes to make it text)"
    if kind in _EXPECTED_BY_TYPE:
        return loc, f"expected {_EXPECTED_BY_TYPE[kind]}; got {got}"
    return loc, f"{error['msg']}; got {got}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quoted(value)


def _field_type(root: type[BaseModel], loc: PathKey) -> Any:
    """Follow ``loc`` through the model classes and return the annotation found there."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = get_args(current)
            current = args[0] if get_origin(current) is list and args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        else:
            return None
        if current is None:
            return None
    return current


def _unwrap(annotation: Any) -> Any:
    """Strip ``X | None`` down to ``X``."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _literal_options(root: type[BaseModel], loc: PathKey) -> list[str]:
    annotation = _unwrap(_field_type(root, loc))
    if get_origin(annotation) is Literal:
        return [str(a) for a in get_args(annotation)]
    return []


def _allowed_fields(root: type[BaseModel], loc: PathKey) -> list[str]:
    model = _unwrap(_field_type(root, loc))
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


__all__ = ["describe_error"]
