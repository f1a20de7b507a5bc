"""Hosting checks against the provider and region catalogue: provider ids, region codes,
residency options (``hosting.deployment``) and custom locations.

A typo in a provider or region id would otherwise turn into a guess or a quiet "unknown"
finding; here it is unusable input (exit 2) with a suggestion. A code the catalogue lacks is
accepted only when ``hosting.locations`` names it with its country.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from audit.errors import InputProblem
from audit.inventory.yaml_lines import PathKey, quoted
from audit.jurisdictions import Jurisdictions, Provider, load_jurisdictions

ProblemAt = Callable[[PathKey, str], InputProblem]
"""Builds a problem at a path of the document (file and line filled in)."""


def hosting_problems(models: list[tuple[int, dict[str, Any]]], at: ProblemAt) -> list[InputProblem]:
    """Every provider, region, deployment and location problem of the models' entries."""
    if not models:
        return []
    j = load_jurisdictions()
    found: list[InputProblem] = []
    for i, model in models:
        found.extend(_model_problems(j, i, model, at))
    return found


def _model_problems(
    j: Jurisdictions, i: int, model: Mapping[str, Any], at: ProblemAt
) -> Iterator[InputProblem]:
    provider: Provider | None = None
    given = model.get("provider")
    if isinstance(given, str) and given.strip():
        provider = j.provider(given)
        if provider is None:
            yield at(("models", i, "provider"), unknown_provider_message(j, given))
    hosting = model.get("hosting")
    if not isinstance(hosting, dict):
        return
    custom = _location_names(hosting)
    regions = hosting.get("regions")
    if isinstance(regions, list):
        for k, code in enumerate(regions):
            if isinstance(code, str) and code not in custom and j.region(code) is None:
                yield at(("models", i, "hosting", "regions", k), _unknown_region(j, code))
    deployment = hosting.get("deployment")
    if isinstance(deployment, str):
        yield from _deployment_problems(j, i, model, provider, deployment, at)


def _location_names(hosting: Mapping[str, Any]) -> set[str]:
    locations = hosting.get("locations")
    if not isinstance(locations, list):
        return set()
    return {
        entry["name"]
        for entry in locations
        if isinstance(entry, dict) and isinstance(entry.get("name"), str)
    }


def _deployment_problems(
    j: Jurisdictions,
    i: int,
    model: Mapping[str, Any],
    provider: Provider | None,
    deployment: str,
    at: ProblemAt,
) -> Iterator[InputProblem]:
    where: PathKey = ("models", i, "hosting", "deployment")
    if provider is None:
        if not isinstance(model.get("provider"), str):
            offering = sorted(p.key for p in j.providers() if p.deployments)
            yield at(
                where,
                "a deployment option needs the provider that offers it; set provider: "
                f"({', '.join(offering)})",
            )
        return  # an unknown provider is reported on its own line
    option = provider.deployment(deployment)
    ids = [d.id for d in provider.deployments]
    if option is None:
        if not ids:
            yield at(
                where,
                f"{provider.name} offers no deployment options; remove hosting.deployment and "
                "list the regions under hosting.regions",
            )
            return
        close = difflib.get_close_matches(deployment.lower(), ids, n=1)
        hint = f"did you mean {quoted(close[0])}? " if close else ""
        yield at(
            where,
            f"unknown deployment {quoted(deployment)} for {provider.key}; {hint}"
            f"{provider.key} offers: {', '.join(ids)} (see `model-audit providers {provider.key}`)",
        )
        return
    name = model.get("name")
    by_name = provider.profile_deployment(name) if isinstance(name, str) else None
    if by_name is not None and by_name.id != option.id:
        yield at(
            where,
            f"the model name {quoted(str(name))} is a '{by_name.id}' inference profile, but "
            f"hosting.deployment says {quoted(deployment)}; make them agree",
        )


def unknown_provider_message(j: Jurisdictions, given: str) -> str:
    """Why ``given`` names no provider: ambiguous (with the choices) or unknown (with a
    suggestion)."""
    choices = j.ambiguous_provider(given)
    if choices:
        return (
            f"provider {quoted(given)} is ambiguous: write one of {', '.join(choices)} "
            "(`model-audit providers` says what each is)"
        )
    names = sorted({p.key for p in j.providers()} | {a for p in j.providers() for a in p.aliases})
    close = difflib.get_close_matches(given.strip().lower(), names, n=1, cutoff=0.6)
    text = f"unknown provider {quoted(given)}"
    if close:
        text += f"; did you mean {quoted(close[0])}?"
    return text + " (`model-audit providers` lists them)"


def _unknown_region(j: Jurisdictions, code: str) -> str:
    codes = sorted(r.code for r in j.regions())
    close = difflib.get_close_matches(code.strip().lower(), codes, n=2, cutoff=0.6)
    text = f"unknown region {quoted(code)}"
    if close:
        text += "; did you mean " + " or ".join(quoted(c) for c in close) + "?"
    return (
        text + " (`model-audit regions` lists the codes; for a place the catalogue lacks, name it "
        "under hosting.locations with its country)"
    )
