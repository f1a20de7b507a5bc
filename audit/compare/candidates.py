"""Candidates: what ``--candidate`` and ``--hosting`` name, turned into inventory models.

A candidate is an inventory model id, a provider model (``openai:gpt-4o``) or a Hugging Face
Hub id (``meta-llama/Llama-3.1-8B-Instruct``), tried in that order. Each becomes one
inventory ``Model`` that serves a copy of the compared use case, hosted as the organisation
would host it unless ``--hosting`` says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from audit.errors import InputError, InputProblem
from audit.inventory.schema import Contracts, Hosting, HostingMode, Model, UseCase

CandidateKind = Literal["open-weight", "closed-api"]
CandidateOrigin = Literal["inventory", "provider", "hub"]

_PROVIDER_MODEL = re.compile(r"^(?P<provider>[A-Za-z0-9][A-Za-z0-9_ -]*):(?P<model>\S.*)$")
_HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")
_MODES: tuple[str, ...] = get_args(HostingMode)


@dataclass(frozen=True)
class HostingOverride:
    """A ``--hosting NAME=MODE:REGION[,REGION]`` option."""

    name: str
    mode: HostingMode
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    """One candidate model, ready to be evaluated as if it served the use case."""

    name: str
    """As given to ``--candidate``."""
    origin: CandidateOrigin
    kind: CandidateKind
    model: Model
    """The inventory entry evaluated for it (its ``id`` is the candidate's name)."""
    inventory_index: int | None
    """Index of the inventory model it copies (origin ``inventory``), else None."""
    provider: str | None
    """Provider catalogue key of a closed API model."""
    assumptions: tuple[str, ...]
    """What was assumed on the organisation's behalf (hosting, contracts, notices)."""


@dataclass(frozen=True)
class ComparedUseCase:
    """The use case under review and where it sits in the inventory."""

    use_case: UseCase
    model_index: int
    """Index of the (first) inventory model that serves it."""
    use_case_index: int
    served_by: tuple[str, ...]
    """Ids of every inventory model that lists a use case with this id."""


def find_use_case(models: Sequence[Model], use_case_id: str) -> ComparedUseCase:
    """The first use case with this id; ``InputError`` naming the known ids when none has it."""
    found: list[tuple[int, int]] = [
        (i, j)
        for i, model in enumerate(models)
        for j, use_case in enumerate(model.use_cases)
        if use_case.id == use_case_id
    ]
    if not found:
        known = sorted({uc.id for m in models for uc in m.use_cases})
        listing = ", ".join(known) if known else "none: add one under a model's use_cases"
        raise InputError(
            [InputProblem("--use-case", 0, "", f"no use case {use_case_id!r}; known: {listing}")]
        )
    i, j = found[0]
    return ComparedUseCase(
        models[i].use_cases[j], i, j, tuple(dict.fromkeys(models[k].id for k, _ in found))
    )


def parse_hosting(values: Sequence[str], candidates: Sequence[str]) -> dict[str, HostingOverride]:
    """Parse ``--hosting`` values; each must name a candidate and a known hosting mode."""
    problems: list[InputProblem] = []
    out: dict[str, HostingOverride] = {}
    for value in values:
        name, sep, spec = value.rpartition("=")
        mode, colon, region_list = spec.partition(":")
        regions = tuple(r.strip() for r in region_list.split(",") if r.strip())
        if not sep or not name:
            problems.append(_bad_hosting(value, "expected NAME=MODE:REGION[,REGION]"))
        elif name not in candidates:
            problems.append(_bad_hosting(value, f"{name!r} is not one of the --candidate values"))
        elif mode not in _MODES:
            problems.append(
                _bad_hosting(value, f"mode must be one of {', '.join(_MODES)}; got {mode!r}")
            )
        elif colon and not regions:
            problems.append(_bad_hosting(value, "give at least one region after ':'"))
        elif name in out:
            problems.append(_bad_hosting(value, f"{name!r} is given --hosting twice"))
        else:
            out[name] = HostingOverride(name, mode, regions)  # type: ignore[arg-type]
    if problems:
        raise InputError(problems)
    return out


def _bad_hosting(value: str, message: str) -> InputProblem:
    return InputProblem("--hosting", 0, "", f"{value!r}: {message}")


def build_candidate(
    name: str,
    models: Sequence[Model],
    compared: ComparedUseCase,
    country: str,
    hosting: HostingOverride | None,
    provider_keys: ProviderLookup,
) -> Candidate:
    """Turn one ``--candidate`` value into the model that would serve the use case.

    Defaults: an inventory model keeps its own hosting, contracts and notices; an open-weight
    Hub model is self-hosted in the organisation's country; a provider model is reached
    through the provider's API at its default region, with no contract signed yet.
    """
    use_case = compared.use_case
    owner = models[compared.model_index]
    for index, model in enumerate(models):
        if model.id == name:
            return _inventory_candidate(name, index, model, use_case, hosting)
    provider_match = _PROVIDER_MODEL.match(name)
    if provider_match:
        key = provider_keys.resolve(provider_match["provider"])
        return _provider_candidate(name, key, provider_match["model"], use_case, owner, hosting)
    if _HUB_ID.match(name):
        return _hub_candidate(name, country, use_case, owner, hosting)
    raise InputError(
        [
            InputProblem(
                "--candidate",
                0,
                "",
                f"{name!r} is not an inventory model id ({', '.join(m.id for m in models)}), "
                "a provider model (provider:model, e.g. openai:gpt-4o) or a Hugging Face Hub "
                "id (owner/name)",
            )
        ]
    )


class ProviderLookup:
    """Provider keys of the provider catalogue (``audit.jurisdictions``), aliases resolved."""

    def __init__(self) -> None:
        try:
            from audit.jurisdictions import load_jurisdictions
        except ImportError:  # the catalogue ships with the tool; tolerate a partial checkout
            self._catalogue = None
        else:
            self._catalogue = load_jurisdictions()

    def resolve(self, given: str) -> str:
        """The catalogue key for ``given`` (a key or alias); ``InputError`` when unknown."""
        if self._catalogue is None:
            return given.strip().lower()
        provider = self._catalogue.provider(given)
        if provider is None:
            from audit.inventory.hosting_refs import unknown_provider_message

            why = unknown_provider_message(self._catalogue, given)
            raise InputError([InputProblem("--candidate", 0, "", f"{why}; write provider:model")])
        return provider.key


def _inventory_candidate(
    name: str, index: int, model: Model, use_case: UseCase, hosting: HostingOverride | None
) -> Candidate:
    closed = model.source == "api" or model.hosting.mode == "api"
    _check_mode(name, "closed-api" if closed else "open-weight", hosting)
    assumptions = [
        f"inventory model {name}: its own hosting, contracts, notices and assessments apply"
    ]
    update: dict[str, object] = {"use_cases": [use_case]}
    if hosting is not None:
        update["hosting"] = Hosting(mode=hosting.mode, regions=list(hosting.regions))
        assumptions.append(f"hosting as given by --hosting: {_describe(hosting)}")
    return Candidate(
        name,
        "inventory",
        "closed-api" if closed else "open-weight",
        model.model_copy(update=update),
        index,
        model.provider if closed else None,
        tuple(assumptions),
    )


def _provider_candidate(
    name: str,
    provider: str,
    model_name: str,
    use_case: UseCase,
    owner: Model,
    hosting: HostingOverride | None,
) -> Candidate:
    _check_mode(name, "closed-api", hosting)
    assumptions = [
        "no contract signed yet: contracts.dpa false, no transfer_mechanism; the findings "
        "show what would have to be signed",
        _assessments(owner),
    ]
    if hosting is None:
        chosen = Hosting(mode="api", regions=[])
        assumptions.insert(
            0, f"hosting: {provider} API at the provider's default region (no regions given)"
        )
    else:
        chosen = Hosting(mode=hosting.mode, regions=list(hosting.regions))
        assumptions.insert(0, f"hosting as given by --hosting: {_describe(hosting)}")
    model = Model(
        id=name,
        name=model_name,
        source="api",
        provider=provider,
        hosting=chosen,
        contracts=Contracts(),
        dpia=owner.dpia,
        fria=owner.fria,
        use_cases=[use_case],
    )
    return Candidate(name, "provider", "closed-api", model, None, provider, tuple(assumptions))


def _hub_candidate(
    name: str, country: str, use_case: UseCase, owner: Model, hosting: HostingOverride | None
) -> Candidate:
    _check_mode(name, "open-weight", hosting)
    assumptions = [
        "no attribution notices shown yet (attribution.notices empty)",
        _assessments(owner),
    ]
    if hosting is None:
        chosen = Hosting(mode="self-hosted", regions=[country])
        assumptions.insert(0, f"hosting: self-hosted in the organisation's country ({country})")
    else:
        chosen = Hosting(mode=hosting.mode, regions=list(hosting.regions))
        assumptions.insert(0, f"hosting as given by --hosting: {_describe(hosting)}")
    if chosen.mode != "self-hosted":
        assumptions.append("no contract with the host signed yet (contracts.dpa false)")
    model = Model(
        id=name,
        name=name,
        source="huggingface",
        hosting=chosen,
        dpia=owner.dpia,
        fria=owner.fria,
        use_cases=[use_case],
    )
    return Candidate(name, "hub", "open-weight", model, None, None, tuple(assumptions))


def _check_mode(name: str, kind: CandidateKind, hosting: HostingOverride | None) -> None:
    """Refuse a hosting mode that would change what kind of model the candidate is."""
    if hosting is None:
        return
    if kind == "closed-api" and hosting.mode == "self-hosted":
        problem = "a closed API model cannot be self-hosted; use api or managed"
    elif kind == "open-weight" and hosting.mode == "api":
        problem = "an open-weight model that a third party runs for you is 'managed', not 'api'"
    else:
        return
    raise InputError([_bad_hosting(f"{name}={hosting.mode}", problem)])


def _assessments(owner: Model) -> str:
    return (
        f"DPIA and FRIA as recorded for inventory model {owner.id}, which serves the use case "
        f"(dpia: {str(owner.dpia).lower()}, fria: {str(owner.fria).lower()})"
    )


def _describe(hosting: HostingOverride) -> str:
    regions = ", ".join(hosting.regions) if hosting.regions else "provider default region"
    return f"{hosting.mode} in {regions}"
