"""What a rule sees: the inventory, each model's resolution, the audit date, and helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from audit.findings import Location
from audit.inventory.datatags import DataProfile, profile
from audit.inventory.loader import LoadedInventory
from audit.inventory.schema import Model, Organisation, UseCase
from audit.resolve.interface import ModelResolution

if TYPE_CHECKING:
    from audit.compare.pricing import Pricing
    from audit.discover.matching import Comparison
    from licences import KnowledgeBase, LicenceEntry

T = TypeVar("T")


@dataclass(frozen=True)
class ModelView:
    """One inventory model with its position in the file and its resolution."""

    index: int
    model: Model
    resolution: ModelResolution
    ctx: AuditContext

    @property
    def id(self) -> str:
        """The model's inventory id."""
        return self.model.id

    def at(self, *path: str | int) -> Location:
        """Location of a field of this model (``at("hosting", "regions")``)."""
        return self.ctx.location("models", self.index, *path)

    @property
    def licence(self) -> LicenceEntry | None:
        """The knowledge-base entry of the licence that binds this model, if resolved."""
        key = self.resolution.licence
        return self.ctx.knowledge.get(key) if key else None

    def ancestor_entries(self) -> tuple[LicenceEntry, ...]:
        """Knowledge-base entries of every ancestor licence, nearest first."""
        kb = self.ctx.knowledge
        entries = (kb.get(key) for key in self.resolution.ancestor_licences())
        return tuple(e for e in entries if e is not None)

    def use_cases(self) -> Iterator[UseCaseView]:
        """The model's use cases."""
        for j, use_case in enumerate(self.model.use_cases):
            yield UseCaseView(self, j, use_case)

    @property
    def third_party_hosted(self) -> bool:
        """True for managed and api hosting: someone else processes the data."""
        return self.model.hosting.mode in ("managed", "api")

    @property
    def is_closed_api(self) -> bool:
        """True for a closed model reached through a provider's API."""
        return self.model.source == "api" or self.model.hosting.mode == "api"


@dataclass(frozen=True)
class UseCaseView:
    """One use case of one model, with what its data tags add up to."""

    model: ModelView
    index: int
    use_case: UseCase

    @property
    def id(self) -> str:
        """The use case's id."""
        return self.use_case.id

    def at(self, *path: str | int) -> Location:
        """Location of a field of this use case."""
        return self.model.at("use_cases", self.index, *path)

    @property
    def data(self) -> DataProfile:
        """What the use case's data tags add up to (personal, special category, ...)."""
        return profile(self.use_case.data, self.model.ctx.loaded.tags)


@dataclass(frozen=True)
class AuditContext:
    """Everything a rule may read. Rules never read files or the network themselves."""

    loaded: LoadedInventory
    as_of: dt.date
    resolutions: Mapping[str, ModelResolution]
    offline: bool = False
    given_pricing: Pricing | None = None
    """The pricing file of ``--pricing``; None for the example figures shipped with the tool."""
    discovered: Comparison | None = None
    """The models ``scan --discover`` found in use, against this inventory; None without it."""
    _memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Compute a value once per audit and reuse it (rules that look across models use it
        to stay linear in the number of models)."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    @property
    def organisation(self) -> Organisation:
        """The audited organisation."""
        return self.loaded.inventory.organisation

    @cached_property
    def pricing(self) -> Pricing:
        """The pricing file cost rules price with: the given one, else the shipped examples."""
        if self.given_pricing is not None:
            return self.given_pricing
        from audit.compare.pricing import load_pricing

        return load_pricing(None)

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """The licence knowledge base."""
        from licences import load_knowledge_base

        return load_knowledge_base()

    def location(self, *path: str | int) -> Location:
        """Location of any value in the inventory by its path."""
        return Location(self.loaded.path, self.loaded.lines.line_of(tuple(path)))

    def models(self) -> Iterator[ModelView]:
        """Every model in inventory order."""
        for i, model in enumerate(self.loaded.inventory.models):
            yield ModelView(i, model, self.resolutions[model.id], self)

    def model(self, model_id: str) -> ModelView | None:
        """The model with this inventory id, or None."""
        views = self.memo(("context", "models-by-id"), lambda: {m.id: m for m in self.models()})
        return views.get(model_id)

    def use_cases(self) -> Iterator[UseCaseView]:
        """Every use case of every model."""
        for model in self.models():
            yield from model.use_cases()
