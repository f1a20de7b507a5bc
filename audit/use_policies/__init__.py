"""Licence use policies and the activities vocabulary, as data (``audit/use_policies/data``).

``activities.yaml`` is the vocabulary of ``use_cases[].activities``; each activity may also
follow from an AI Act area, an ``ai_act`` flag, an Annex I act or a data tag.
``policies.yaml`` says, per use policy, which licences it binds and which activities it forbids
or allows only on a condition, each with its clause and source. Rule LIC012 applies them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from audit.errors import ToolError

Verdict = Literal["forbidden", "conditional"]
Confidence = Literal["primary", "secondary", "unverified"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Activity(_Frozen):
    """One activity of the vocabulary, and the inventory facts it follows from."""

    description: str = Field(min_length=1)
    from_areas: tuple[str, ...] = ()
    """``ai_act.area`` values that imply the activity."""
    from_flags: tuple[str, ...] = ()
    """``ai_act`` boolean flags that imply it when true."""
    from_annex_i: tuple[str, ...] = ()
    """``ai_act.annex_i`` acts that imply it."""
    from_data: tuple[str, ...] = ()
    """Data tags that imply it."""


class PolicySource(_Frozen):
    """Where the policy was read and how sure we are."""

    url: str = Field(min_length=1)
    section: str | None = None
    confidence: Confidence

    def cite(self) -> str:
        """``section, url (confidence)``."""
        where = f"{self.section}, {self.url}" if self.section else self.url
        return f"{where} ({self.confidence})"


class PolicyRule(_Frozen):
    """What one use policy says about one activity."""

    activity: str
    verdict: Verdict
    clause: str = Field(min_length=1)
    condition: str | None = None

    @model_validator(mode="after")
    def _condition_for_conditional(self) -> PolicyRule:
        if (self.verdict == "conditional") != (self.condition is not None):
            raise ValueError(f"{self.activity}: a condition is given exactly when conditional")
        return self


class UsePolicy(_Frozen):
    """A licence's use policy: the licences it binds and its rules per activity."""

    name: str = Field(min_length=1)
    licences: tuple[str, ...] = Field(min_length=1)
    source: PolicySource
    rules: tuple[PolicyRule, ...] = Field(min_length=1)


class _ActivitiesFile(_Frozen):
    activities: dict[str, Activity] = Field(min_length=1)


class _PoliciesFile(_Frozen):
    policies: dict[str, UsePolicy] = Field(min_length=1)


@dataclass(frozen=True)
class UsePolicies:
    """The checked vocabulary and policies."""

    activities: Mapping[str, Activity]
    policies: Mapping[str, UsePolicy]

    def for_licence(self, licence_key: str) -> tuple[tuple[str, UsePolicy], ...]:
        """The policies (key, policy) that bind a licence, in file order."""
        return tuple((k, p) for k, p in self.policies.items() if licence_key in p.licences)


def _read(name: str) -> object:
    text = (resources.files("audit.use_policies") / "data" / name).read_text("utf-8")
    return yaml.safe_load(text)


@functools.cache
def use_policies() -> UsePolicies:
    """Load and check the shipped data once; broken data is the tool's defect (exit 3)."""
    try:
        activities = _ActivitiesFile.model_validate(_read("activities.yaml")).activities
        policies = _PoliciesFile.model_validate(_read("policies.yaml")).policies
    except (ValidationError, yaml.YAMLError) as exc:
        raise ToolError(f"use-policy data is invalid: {exc}") from exc
    problems = [
        f"policies.{key}: unknown activity {rule.activity!r}"
        for key, policy in policies.items()
        for rule in policy.rules
        if rule.activity not in activities
    ]
    if problems:
        raise ToolError("use-policy data is invalid:\n" + "\n".join(problems))
    return UsePolicies(activities, policies)


def activity_keys() -> tuple[str, ...]:
    """Every activity key of the vocabulary, in file order."""
    return tuple(use_policies().activities)
