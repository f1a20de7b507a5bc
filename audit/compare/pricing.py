"""The pricing file: API list prices and self-hosting costs by model size, each with a source.

A pricing file is YAML, validated with pydantic; every problem is reported at once as
``file:line: field: message`` (exit status 2). Every figure says whether it is an example
(``example: true``), the day it was read (``as_of``) and where (``source``): comparisons
print a notice for each example figure they use, so an example is never shown as a
current price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from audit.errors import InputError, InputProblem
from audit.inventory.messages import describe_error
from audit.inventory.yaml_lines import LineMap, dotted, load_document

SECONDS_PER_MONTH = 730 * 3600
"""A month of serving, as cloud price lists count it (730 hours)."""

MAX_PRICING_BYTES = 1024 * 1024
"""A pricing file is a short list; anything above 1 MiB is refused rather than parsed."""

SHIPPED_PRICING_NAME = "examples/pricing.yaml"
"""How the shipped example pricing file is named in messages and reports (the repository's
``examples/pricing.yaml``; the package carries an identical copy so a wheel works)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PricedFigure(_Strict):
    """What every priced entry carries: whether it is an example, when and where it was read."""

    example: bool
    """True for illustrative figures (the shipped file); outputs then print a notice."""
    as_of: dt.date
    """The day the figure was read at its source."""
    source: str = Field(min_length=1)
    """A URL, or a short description of an assumption that has no published source."""
    note: str | None = None


class ApiPrice(PricedFigure):
    """List price of one closed model behind a provider's API, in USD per million tokens."""

    model: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*:\S+$")
    """``provider:model`` as given to ``--candidate``, e.g. ``openai:gpt-4o``."""
    aliases: list[str] = Field(default_factory=list)
    """Other ``provider:model`` names billed at this price (dated snapshots, say)."""
    input_usd_per_million: float = Field(ge=0)
    output_usd_per_million: float = Field(ge=0)
    input_share: float | None = Field(default=None, gt=0, lt=1)
    """Share of the monthly tokens that are input tokens; the file's default when absent."""


class SelfHostingClass(PricedFigure):
    """Monthly cost of running one model of a size class on the organisation's infrastructure."""

    size: str = Field(min_length=1)
    """A label such as ``<=10B`` or ``>80B``."""
    max_parameters_billions: float | None = Field(default=None, gt=0)
    """Upper bound of the class (inclusive); None for the open-ended largest class."""
    infrastructure_usd_per_month: float = Field(ge=0)
    """GPU servers for one serving replica, per month."""
    engineering_usd_per_month: float = Field(ge=0)
    """Staff time to run, patch, monitor and evaluate the deployment, per month."""
    capacity_tokens_per_month: int | None = Field(default=None, gt=0)
    """Tokens one replica serves in a month at realistic load; more volume adds replicas.
    When absent it is derived from ``throughput_tokens_per_second`` and ``utilisation``;
    when all are absent, one replica serves any volume."""
    throughput_tokens_per_second: float | None = Field(default=None, gt=0)
    """Tokens a second one replica serves at full load (the figure the capacity rests on)."""
    utilisation: float | None = Field(default=None, gt=0, le=1)
    """Share of the month the replica runs at that throughput (traffic is not flat)."""

    @model_validator(mode="after")
    def _capacity_agrees(self) -> SelfHostingClass:
        derived = self.derived_capacity()
        given = self.capacity_tokens_per_month
        if derived is not None and given is not None and abs(derived - given) > 0.1 * given:
            raise ValueError(
                f"capacity_tokens_per_month ({given:,}) disagrees with "
                f"throughput_tokens_per_second x utilisation x {SECONDS_PER_MONTH:,} s "
                f"({derived:,}) by more than 10%; give one or make them agree"
            )
        return self

    def derived_capacity(self) -> int | None:
        """Monthly tokens from throughput and utilisation, when both are given."""
        if self.throughput_tokens_per_second is None or self.utilisation is None:
            return None
        return round(self.throughput_tokens_per_second * self.utilisation * SECONDS_PER_MONTH)

    def monthly_capacity(self) -> int | None:
        """Tokens one replica serves a month: given, else derived, else None (unlimited)."""
        if self.capacity_tokens_per_month is not None:
            return self.capacity_tokens_per_month
        return self.derived_capacity()


class ModelSize(_Strict):
    """Parameter counts the knowledge base and the name do not give (or that you correct)."""

    model: str = Field(min_length=1)
    """Hub id (or inventory name) the figure is for."""
    parameters_billions: float = Field(gt=0)
    """All parameters (for a mixture of experts, the total): decides the size class."""
    active_parameters_billions: float | None = Field(default=None, gt=0)
    """For a mixture of experts: the parameters that work on each token."""
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _active_within_total(self) -> ModelSize:
        active = self.active_parameters_billions
        if active is not None and active > self.parameters_billions:
            raise ValueError("active_parameters_billions cannot exceed parameters_billions")
        return self


class PricingFile(_Strict):
    """A pricing file, version 1."""

    version: Literal[1]
    currency: Literal["USD"] = "USD"
    input_share: float = Field(default=0.75, gt=0, lt=1)
    """Default share of input tokens in the monthly volume (0.75: three input tokens for
    every output token)."""
    api: list[ApiPrice] = Field(default_factory=list)
    self_hosting: list[SelfHostingClass] = Field(default_factory=list)
    model_sizes: list[ModelSize] = Field(default_factory=list)

    @model_validator(mode="after")
    def _classes_ascend(self) -> PricingFile:
        bounds = [c.max_parameters_billions for c in self.self_hosting]
        if None in bounds[:-1]:
            raise ValueError(
                "self_hosting: only the last size class may leave out max_parameters_billions"
            )
        finite = [b for b in bounds if b is not None]
        if finite != sorted(set(finite)):
            raise ValueError(
                "self_hosting: list the size classes from smallest to largest, each "
                "max_parameters_billions once"
            )
        return self


@dataclass(frozen=True)
class Pricing:
    """A validated pricing file and where it came from, with the look-ups comparisons need."""

    table: PricingFile
    path: str
    """The path as the user gave it, or ``examples/pricing.yaml`` for the shipped file."""
    lines: LineMap
    shipped: bool
    """True when this is the shipped example file (no ``--pricing`` given)."""

    def api_price(self, provider: str, model: str) -> ApiPrice | None:
        """The price entry for ``provider:model`` (case-insensitive, aliases included)."""
        wanted = f"{provider}:{model}".strip().lower()
        for entry in self.table.api:
            if wanted in (name.lower() for name in (entry.model, *entry.aliases)):
                return entry
        return None

    def size_class(self, parameters_billions: float) -> SelfHostingClass | None:
        """The smallest size class that holds a model of this many billion parameters."""
        for entry in self.table.self_hosting:
            bound = entry.max_parameters_billions
            if bound is None or parameters_billions <= bound:
                return entry
        return None

    def model_size(self, name: str) -> ModelSize | None:
        """A parameter count the file gives for this model name (case-insensitive)."""
        wanted = name.strip().lower()
        return next((m for m in self.table.model_sizes if m.model.lower() == wanted), None)

    def input_share(self, price: ApiPrice) -> float:
        """The share of input tokens assumed for this API model."""
        return price.input_share if price.input_share is not None else self.table.input_share


def load_pricing(path: str | None) -> Pricing:
    """Load and validate a pricing file; ``None`` loads the shipped example file.

    Raises ``InputError`` listing every problem as ``file:line: field: message``.
    """
    if path is None:
        text = resources.files("audit.compare").joinpath("data/pricing.yaml").read_text("utf-8")
        return parse_pricing(text, SHIPPED_PRICING_NAME, shipped=True)
    return parse_pricing(_read(path), path, shipped=False)


def parse_pricing(text: str, path: str, *, shipped: bool = False) -> Pricing:
    """Validate pricing-file text; ``path`` is used in messages only."""
    try:
        data, lines, problems = load_document(text, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise InputError(
            [InputProblem(path, line, "", f"not valid YAML: {exc.problem or exc}")]
        ) from None
    except yaml.YAMLError as exc:
        raise InputError([InputProblem(path, 0, "", f"not valid YAML: {exc}")]) from None
    if data is None and problems:
        raise InputError(problems)
    if not isinstance(data, dict):
        raise InputError(
            [InputProblem(path, lines.line_of(()), "", "expected a mapping with 'version: 1'")]
        )
    try:
        table = PricingFile.model_validate(data)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, path, lines))
        table = None
    if problems or table is None:
        ordered = sorted(set(problems), key=lambda p: (p.line, p.field, p.message))
        raise InputError(ordered)
    return Pricing(table=table, path=path, lines=lines, shipped=shipped)


def _read(path: str) -> str:
    file = Path(path)

    def refuse(message: str) -> InputError:
        return InputError([InputProblem(path, 0, "", message)])

    try:
        if not file.is_file():
            raise refuse("does not exist" if not file.exists() else "is not a regular file")
        with file.open("rb") as stream:
            raw = stream.read(MAX_PRICING_BYTES + 1)
    except OSError as exc:
        raise refuse(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_PRICING_BYTES:
        raise refuse("is larger than 1 MiB; a pricing file lists prices, keep it short")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse("is not UTF-8 text; save it as UTF-8") from None


def _schema_problems(exc: ValidationError, path: str, lines: LineMap) -> list[InputProblem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc, message = describe_error(error, PricingFile)
        if loc == ("version",):
            message = (
                "required field is missing; start the file with 'version: 1'"
                if error["type"] == "missing"
                else f"unsupported pricing-file version {_shown(error.get('input'))}; "
                "this model-audit reads version 1"
            )
        problems.append(InputProblem(path, lines.line_of(loc), dotted(loc), message))
    return problems


def _shown(value: Any) -> str:
    return repr(value) if not isinstance(value, (dict, list)) else "a " + type(value).__name__
