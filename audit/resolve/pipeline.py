"""Resolve every model of an inventory: own sources, then lineage, then one verdict each.

Precedence for the licence that binds a model: its licence text, then an SPDX document,
then its model card (local, then the Hub's), then the inventory's declaration, then the
knowledge base's model facts; with none of these, the nearest ancestor's licence. Every
source found stays in the evidence, so disagreements surface as findings (LIC002).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from audit.inventory.loader import LoadedInventory
from audit.inventory.schema import Model
from audit.resolve.interface import LicenceEvidence, ModelResolution
from audit.resolve.lineage import Ancestor, LineageWalker
from audit.resolve.sources import OwnFacts, declared_facts, hub_facts, local_facts

if TYPE_CHECKING:
    from audit.engine import AuditOptions
    from audit.resolve.hub import HubClient
    from licences import KnowledgeBase, ModelFact

PRECEDENCE = ("licence-text", "spdx", "card", "hub", "declared", "model-facts")
"""Sources from most to least authoritative for the model's own licence."""


def resolve_models(loaded: LoadedInventory, options: AuditOptions) -> Mapping[str, ModelResolution]:
    """Resolve every model; a model that cannot be resolved gets problems, never an exception."""
    from licences import load_knowledge_base

    kb = load_knowledge_base()
    models = loaded.inventory.models
    hub = _hub_client(options) if any(m.source == "huggingface" for m in models) else None
    lookups = {}
    if hub is not None:
        refs = [(m.name, m.revision) for m in models if m.source == "huggingface"]
        lookups = hub.lookup_many(refs, progress=options.progress)
    own: dict[str, OwnFacts] = {}
    for i, model in enumerate(models):
        facts = declared_facts(model, i, loaded, kb)
        fact = kb.model_fact(model.name)
        if fact is not None:  # before the Hub: an offline miss is then a note, not a problem
            facts.evidence.append(
                LicenceEvidence(
                    "model-facts",
                    fact.licence,
                    f"{fact.family} family",
                    f"knowledge base model facts: {model.name}",
                    note=f"source: {fact.source.url} [{fact.source.confidence}]",
                )
            )
        if model.source == "local":
            local_facts(facts, model, loaded, kb)
        elif model.source == "huggingface" and hub is not None:
            hub_facts(facts, model, lookups[(model.name, model.revision)], hub, kb)
        own[model.id] = facts

    if hub is None and any(_bases(own[m.id], kb.model_fact(m.name)) for m in models):
        hub = _hub_client(options)  # a card names a base model: its lineage is looked up
    chosen = {m.id: _choose(own[m.id].evidence) for m in models}
    own_licence = {mid: (e.licence if e else None) for mid, e in chosen.items()}
    walker = LineageWalker(
        kb,
        hub,
        {
            m.name: Ancestor(
                m.name,
                own_licence[m.id],
                f"inventory model {m.id}",
                _bases(own[m.id], kb.model_fact(m.name)),
            )
            for m in models
        },
        progress=options.progress,
    )
    lineages = walker.walk(
        {
            m.id: (m.name, _bases(own[m.id], kb.model_fact(m.name)), _relation(own[m.id]))
            for m in models
        }
    )
    return {
        m.id: _finish(m, kb, own[m.id], chosen[m.id], lineages[m.id], kb.model_fact(m.name))
        for m in models
    }


def _hub_client(options: AuditOptions) -> HubClient:
    from audit.resolve.hub import HubClient

    return HubClient(offline=options.offline)


def _choose(evidence: list[LicenceEvidence]) -> LicenceEvidence | None:
    """The most authoritative evidence naming a licence; code licences never bind weights."""
    usable = [e for e in evidence if e.licence and "licenses the code" not in e.note]
    return min(usable, key=lambda e: PRECEDENCE.index(e.source), default=None)


def _bases(facts: OwnFacts, fact: ModelFact | None) -> tuple[str, ...]:
    if facts.card is not None and facts.card.base_models:
        return facts.card.base_models
    return (fact.base_model,) if fact is not None and fact.base_model else ()


def _relation(facts: OwnFacts) -> str | None:
    return facts.card.base_model_relation if facts.card is not None else None


def _finish(
    model: Model,
    kb: KnowledgeBase,
    facts: OwnFacts,
    chosen: LicenceEvidence | None,
    lineage: object,
    fact: ModelFact | None,
) -> ModelResolution:
    steps = getattr(lineage, "steps", ())
    problems = list(facts.problems) + list(getattr(lineage, "problems", ()))
    problems.extend(_unknown_statements(facts.evidence, kb))
    notes = list(facts.notes)
    infrastructure = list(facts.infrastructure)
    for step in steps:
        if not step.licence:
            problems.append(f"base model {step.name} could not be verified: {step.where}")
            if step.infrastructure:
                infrastructure.append(f"base model {step.name}: {step.where}")
    licence, source, where = (
        (chosen.licence, chosen.source, chosen.where) if chosen else (None, None, None)
    )
    co_licences = chosen.also if chosen else ()
    alternatives = chosen.alternatives if chosen else ()
    choice: str | None = None
    if alternatives and model.licence_choice:
        picked = _alternative_for(model.licence_choice, alternatives, kb)
        if picked is None:
            problems.append(
                f"licence_choice '{model.licence_choice}' is not one of the known alternatives "
                f"of '{chosen.found if chosen else ''}' "
                f"({'; '.join(' AND '.join(a) for a in alternatives)})"
            )
        else:
            licence, co_licences = picked[0], picked[1:]
            choice = f"{' AND '.join(picked)}, chosen by the inventory's licence_choice"
            notes.append(f"licence choice: {choice}")
        alternatives = ()
    if licence is None:
        inherited = next((s for s in steps if s.licence), None)
        if inherited is not None:
            licence, source, where = (
                inherited.licence,
                "base-model",
                f"{inherited.name} ({inherited.where})",
            )
            notes.append(f"no licence of its own found; bound by its base model {inherited.name}")
        elif not problems:
            problems.append("no licence found: the inventory, the card and the files name none")
    modalities, modalities_source = _modalities(model, facts, fact)
    compute = model.training_compute_flops
    compute_source = "inventory" if compute is not None else None
    if compute is None and fact is not None and fact.training_compute_flops is not None:
        compute = fact.training_compute_flops
        confidence = (
            fact.compute_source.confidence if fact.compute_source else fact.source.confidence
        )
        url = fact.compute_source.url if fact.compute_source else fact.source.url
        compute_source = f"model facts ({fact.family}): {url} [{confidence}]"
    card = facts.card
    return ModelResolution(
        model_id=model.id,
        licence=licence,
        licence_source=source,
        licence_where=where,
        evidence=tuple(facts.evidence),
        lineage=steps,
        modalities=modalities,
        modalities_source=modalities_source,
        training_compute_flops=compute,
        compute_source=compute_source,
        problems=tuple(dict.fromkeys(problems)),
        notes=tuple(dict.fromkeys(notes)),
        closest=facts.closest,
        gated=facts.gated,
        eu_gated=bool(card and card.eu_disallowed),
        datasets=card.datasets if card else (),
        family=fact.family if fact else None,
        extra={"pipeline_tag": card.pipeline_tag} if card and card.pipeline_tag else {},
        co_licences=co_licences if licence is not None and source != "base-model" else (),
        alternatives=alternatives if source != "base-model" else (),
        choice=choice,
        verification=facts.verification,
        infrastructure=tuple(dict.fromkeys(infrastructure)),
    )


def _alternative_for(
    choice: str, alternatives: tuple[tuple[str, ...], ...], kb: KnowledgeBase
) -> tuple[str, ...] | None:
    """The alternative ``licence_choice`` names (a key or SPDX id of one of its licences)."""
    entry = kb.get(choice)
    wanted = entry.key if entry is not None else choice.strip().lower()
    return next((a for a in alternatives if wanted in a), None)


def _unknown_statements(evidence: list[LicenceEvidence], kb: KnowledgeBase) -> list[str]:
    """Licence names a source states that the knowledge base does not know (LIC001)."""
    out = []
    for e in evidence:
        if e.unknown_parts and e.licence is not None:
            parts = ", ".join(f"'{p}'" for p in e.unknown_parts)
            out.append(
                f"{e.where} names '{e.found}': every part binds, and the knowledge base does "
                f"not know {parts}"
            )
            continue
        if e.licence is not None or e.source in ("licence-text", "model-facts"):
            continue  # unidentified texts are reported where they are identified
        closest = kb.closest(e.found.split("/")[-1].split("(")[0].strip()) if e.found else []
        hint = f"; closest known: {', '.join(closest)}" if closest else ""
        out.append(
            f"{e.where} names licence '{e.found}', which the knowledge base does not know{hint}"
        )
    return out


def _modalities(
    model: Model, facts: OwnFacts, fact: ModelFact | None
) -> tuple[tuple[str, ...], str]:
    if model.modalities:
        return tuple(model.modalities), "inventory"
    if facts.card is not None and facts.card.modalities:
        return facts.card.modalities, f"{facts.card.where} pipeline_tag {facts.card.pipeline_tag}"
    if fact is not None and fact.modalities:
        return tuple(fact.modalities), f"model facts ({fact.family})"
    return ("text",), "default (nothing says otherwise)"
