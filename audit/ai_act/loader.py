"""Load and check the EU AI Act data shipped in ``audit/ai_act/data``.

The shipped files can be overridden without copying them: point ``MODEL_AUDIT_AI_ACT_DATA``
at a directory holding files of the same names. In an override file, each entry of a keyed
section (``acts``, ``milestones``, ``areas``, ``practices``, ``thresholds``, ``obligations``)
replaces the shipped entry of that key or adds one; other top-level values replace the
shipped value. Everything then passes the same checks as the shipped data.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from audit.ai_act.schema import (
    Act,
    AreasFile,
    ClassifiedUse,
    DatedApplication,
    DatesFile,
    LegislationFile,
    Milestone,
    Obligation,
    ObligationsFile,
    PracticesFile,
    Threshold,
    ThresholdsFile,
)
from audit.errors import InputError, InputProblem, ToolError
from audit.inventory.schema import ANNEX_I_LEGISLATION, ANNEX_III_AREAS, PROHIBITED_PRACTICES
from audit.inventory.yaml_lines import LineMap, dotted, load_document

OVERRIDE_ENV = "MODEL_AUDIT_AI_ACT_DATA"
"""Environment variable naming a directory of override files."""

DATA_FILES: Mapping[str, type[BaseModel]] = {
    "dates.yaml": DatesFile,
    "annex_iii.yaml": AreasFile,
    "prohibited_practices.yaml": PracticesFile,
    "annex_i.yaml": LegislationFile,
    "thresholds.yaml": ThresholdsFile,
    "obligations.yaml": ObligationsFile,
}
"""Every data file and the model that validates it."""

_KEYED_SECTIONS = frozenset(
    {"acts", "milestones", "areas", "practices", "legislation", "thresholds", "obligations"}
)

_Model = TypeVar("_Model", bound=BaseModel)


@dataclass(frozen=True)
class DatedDuty:
    """When a milestone's duties apply, after weighing every act that dated them."""

    key: str
    covers: str
    applies_from: dt.date
    """The date set by the newest act."""
    act: Act
    """The act that set ``applies_from``."""
    source: DatedApplication
    superseded: tuple[tuple[DatedApplication, Act], ...]
    """Dates set by older acts, newest first, kept so reports can show what moved."""

    def in_force(self, as_of: dt.date) -> bool:
        """True when the duties apply on ``as_of``."""
        return as_of >= self.applies_from

    def describe(self) -> str:
        """The date with the act behind it, and what it replaced: for messages."""
        text = f"{self.applies_from.isoformat()} ({self.act.citation}"
        if self.superseded:
            older = "; ".join(
                f"{act.citation} had {dated.applies_from.isoformat()}"
                for dated, act in self.superseded
            )
            text += f"; {older}"
        return text + ")"

    def evidence(self) -> str:
        """One evidence line: the date, its source and how sure we are."""
        return (
            f"Application date of {self.covers}: {self.applies_from.isoformat()} per "
            f"{self.act.citation} ({self.source.source.cite()})"
        )


@dataclass(frozen=True)
class AiActData:
    """The checked AI Act data: dates, classifications, thresholds and obligations."""

    legal_basis_version: str
    acts: Mapping[str, Act]
    milestones: Mapping[str, Milestone]
    areas: Mapping[str, ClassifiedUse]
    """Annex III areas by inventory key, in ``ANNEX_III_AREAS`` order."""
    practices: Mapping[str, ClassifiedUse]
    """Art. 5 practices by inventory key, in ``PROHIBITED_PRACTICES`` order."""
    legislation: Mapping[str, ClassifiedUse]
    """Annex I Union harmonisation acts by inventory key, in ``ANNEX_I_LEGISLATION`` order."""
    thresholds: Mapping[str, Threshold]
    obligations: Mapping[str, Obligation]

    def dated(self, milestone: str) -> DatedDuty:
        """When the duties of ``milestone`` apply; the newest act that dates them wins."""
        entry = self.milestones[milestone]
        ranked = sorted(entry.dates, key=lambda d: self.acts[d.act].order, reverse=True)
        winner, older = ranked[0], ranked[1:]
        return DatedDuty(
            key=milestone,
            covers=entry.covers,
            applies_from=winner.applies_from,
            act=self.acts[winner.act],
            source=winner,
            superseded=tuple((d, self.acts[d.act]) for d in older),
        )

    def threshold(self, key: str) -> Threshold:
        """The threshold ``key`` (``systemic-risk-compute``, ``new-model-compute-share``...)."""
        return self.thresholds[key]


def ai_act_data() -> AiActData:
    """The AI Act data, with the overrides of ``MODEL_AUDIT_AI_ACT_DATA`` when it is set."""
    override = os.environ.get(OVERRIDE_ENV, "").strip()
    return load_ai_act_data(Path(override) if override else None)


@functools.lru_cache(maxsize=4)
def load_ai_act_data(override_dir: Path | None = None) -> AiActData:
    """Load, merge and check the data files; cached per ``override_dir``.

    Raises ``ToolError`` when a shipped file is broken and ``InputError`` (naming the file,
    line and field) when an override file is.
    """
    if override_dir is not None and not override_dir.is_dir():
        raise InputError(
            [InputProblem(str(override_dir), 0, "", f"{OVERRIDE_ENV}: not a directory")]
        )
    if override_dir is not None:
        unknown = sorted(p.name for p in override_dir.glob("*.y*ml") if p.name not in DATA_FILES)
        if unknown:
            raise InputError(
                [
                    InputProblem(
                        str(override_dir / name),
                        0,
                        "",
                        f"not an AI Act data file; expected one of {', '.join(DATA_FILES)}",
                    )
                    for name in unknown
                ]
            )
    parsed = {name: _load_file(name, override_dir) for name in DATA_FILES}
    dates = _as(parsed["dates.yaml"], DatesFile)
    areas = _as(parsed["annex_iii.yaml"], AreasFile)
    practices = _as(parsed["prohibited_practices.yaml"], PracticesFile)
    legislation = _as(parsed["annex_i.yaml"], LegislationFile)
    thresholds = _as(parsed["thresholds.yaml"], ThresholdsFile)
    obligations = _as(parsed["obligations.yaml"], ObligationsFile)
    data = AiActData(
        legal_basis_version=dates.legal_basis_version.strip(),
        acts=dates.acts,
        milestones=dates.milestones,
        areas={key: areas.areas[key] for key in ANNEX_III_AREAS if key in areas.areas},
        practices={
            key: practices.practices[key]
            for key in PROHIBITED_PRACTICES
            if key in practices.practices
        },
        legislation={
            key: legislation.legislation[key]
            for key in ANNEX_I_LEGISLATION
            if key in legislation.legislation
        },
        thresholds=thresholds.thresholds,
        obligations=obligations.obligations,
    )
    problems = _cross_check(data, areas, practices, legislation)
    if problems:
        where = str(override_dir) if override_dir is not None else "audit/ai_act/data"
        raise _error(
            [InputProblem(where, 0, "", p) for p in problems], user=override_dir is not None
        )
    return data


REQUIRED_MILESTONES: tuple[str, ...] = (
    "prohibitions",
    "ai-literacy",
    "gpai",
    "gpai-legacy",
    "transparency",
    "transparency-marking-legacy",
    "annex-iii",
    "annex-i",
    "prohibitions-ncii-csam",
)
"""Milestones the rules ask for by name."""

REQUIRED_THRESHOLDS: tuple[str, ...] = (
    "systemic-risk-compute",
    "new-model-compute-share",
    "gpai-indicative-compute",
    "modifier-fallback-systemic",
    "modifier-fallback-gpai",
)
"""Thresholds the rules ask for by name."""


def _cross_check(
    data: AiActData, areas: AreasFile, practices: PracticesFile, legislation: LegislationFile
) -> list[str]:
    """References between files, and coverage of every inventory key."""
    problems = [
        f"milestones.{key}: dated by unknown act {dated.act!r}"
        for key, milestone in data.milestones.items()
        for dated in milestone.dates
        if dated.act not in data.acts
    ]
    problems += [
        f"milestones: {key!r} is missing"
        for key in REQUIRED_MILESTONES
        if key not in data.milestones
    ]
    problems += [
        f"thresholds: {key!r} is missing"
        for key in REQUIRED_THRESHOLDS
        if key not in data.thresholds
    ]
    problems += [
        f"obligations.{key}.milestone: unknown milestone {ob.milestone!r}"
        for key, ob in data.obligations.items()
        if ob.milestone not in data.milestones
    ]
    problems += [
        f"practices.{key}.milestone: unknown milestone {entry.milestone!r}"
        for key, entry in {**data.areas, **data.practices}.items()
        if entry.milestone is not None and entry.milestone not in data.milestones
    ]
    for label, have, want in (
        ("areas", set(areas.areas), set(ANNEX_III_AREAS)),
        ("practices", set(practices.practices), set(PROHIBITED_PRACTICES)),
        ("legislation", set(legislation.legislation), set(ANNEX_I_LEGISLATION)),
    ):
        problems += [f"{label}: inventory key {key!r} has no entry" for key in sorted(want - have)]
        problems += [f"{label}: {key!r} is not an inventory key" for key in sorted(have - want)]
    return problems


@dataclass(frozen=True)
class _Parsed:
    """One data file after merging: its content and where each value came from."""

    name: str
    data: Any
    origins: Mapping[str, tuple[str, LineMap]]
    """Top-level key (or ``section.entry``) -> (file shown in messages, its line map)."""


def _load_file(name: str, override_dir: Path | None) -> _Parsed:
    shipped_text = (resources.files("audit.ai_act") / "data" / name).read_text("utf-8")
    shipped_name = f"audit/ai_act/data/{name}"
    data, lines = _parse(shipped_text, shipped_name, shipped=True)
    origins: dict[str, tuple[str, LineMap]] = dict.fromkeys(data, (shipped_name, lines))
    override = override_dir / name if override_dir is not None else None
    if override is None or not override.is_file():
        return _Parsed(name, data, origins)
    extra, extra_lines = _parse(override.read_text("utf-8"), str(override), shipped=False)
    for key, value in extra.items():
        if key in _KEYED_SECTIONS and isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
            for entry in value:
                origins[f"{key}.{entry}"] = (str(override), extra_lines)
        else:
            data[key] = value
            origins[key] = (str(override), extra_lines)
    return _Parsed(name, data, origins)


def _parse(text: str, display: str, *, shipped: bool) -> tuple[dict[str, Any], LineMap]:
    try:
        data, lines, problems = load_document(text, display)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise _error([InputProblem(display, line, "", str(exc))], user=not shipped) from exc
    if problems:
        raise _error(problems, user=not shipped)
    if not isinstance(data, dict):
        problem = InputProblem(display, 1, "", "expected a mapping at the top level")
        raise _error([problem], user=not shipped)
    return data, lines


def _as(parsed: _Parsed, model: type[_Model]) -> _Model:
    try:
        return model.model_validate(parsed.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            display, lines = _origin(parsed, loc)
            problems.append(InputProblem(display, lines.line_of(loc), dotted(loc), err["msg"]))
        user = any(not p.path.startswith("audit/ai_act/data") for p in problems)
        raise _error(problems, user=user) from exc


def _origin(parsed: _Parsed, loc: tuple[str | int, ...]) -> tuple[str, LineMap]:
    if len(loc) >= 2 and f"{loc[0]}.{loc[1]}" in parsed.origins:
        return parsed.origins[f"{loc[0]}.{loc[1]}"]
    if loc and str(loc[0]) in parsed.origins:
        return parsed.origins[str(loc[0])]
    return f"audit/ai_act/data/{parsed.name}", LineMap({})


def _error(problems: list[InputProblem], *, user: bool) -> Exception:
    """A broken override is the user's input (exit 2); broken shipped data is our defect."""
    if user:
        return InputError(problems)
    return ToolError("AI Act data is invalid:\n" + "\n".join(str(p) for p in problems))
