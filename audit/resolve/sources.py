"""Gather a model's own licence evidence from each source: inventory, Hub, local folder."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from audit.inventory.loader import LoadedInventory
from audit.inventory.schema import Model
from audit.resolve.card import CardFacts, card_facts, parse_card_text
from audit.resolve.interface import LicenceEvidence
from audit.resolve.licence_files import (
    FileRead,
    gather_licence_files,
    identify,
    plan_licence_files,
)
from audit.resolve.local_folder import ModelFolder
from audit.resolve.statements import card_evidence, statement_evidence
from audit.settings import LICENCE_FILES

if TYPE_CHECKING:
    from audit.resolve.hub import HubClient, HubLookup
    from licences import KnowledgeBase


@dataclass
class OwnFacts:
    """What the model's own sources say (built up source by source)."""

    evidence: list[LicenceEvidence] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    card: CardFacts | None = None
    closest: tuple[str, float] | None = None
    gated: bool = False
    infrastructure: list[str] = field(default_factory=list)
    """Problems the infrastructure caused (the Hub unreachable): the audit is incomplete."""
    verification: str | None = None
    """A manual verification recorded in the inventory (``licence_verification``)."""


def declared_facts(
    model: Model, index: int, loaded: LoadedInventory, kb: KnowledgeBase
) -> OwnFacts:
    """The inventory's own statement (``licence:``; closed API terms for api models)."""
    facts = OwnFacts()
    if model.licence:
        where = f"{loaded.path}:{loaded.line_of('models', index, 'licence')}"
        declared = statement_evidence(model.licence, "declared", where, kb)
        check = model.licence_verification
        if check is not None:
            facts.verification = (
                f"verified by {check.by} on {check.on.isoformat()} ({check.evidence})"
            )
            declared = dataclasses.replace(
                declared,
                note="; ".join(n for n in (declared.note, facts.verification) if n),
            )
        facts.evidence.append(declared)
    elif model.source == "api":
        where = f"{loaded.path}:{loaded.line_of('models', index, 'provider')}"
        facts.evidence.append(
            LicenceEvidence(
                "declared",
                "proprietary",
                f"api: {model.provider}",
                where,
                note="a closed model used under its provider's terms of service",
            )
        )
    return facts


def _established(facts: OwnFacts, problem: str) -> bool:
    """True when the licence stands without the Hub: verified by hand, or established by
    the knowledge base's sourced model facts. The note says what it rests on."""
    if facts.verification is not None:
        facts.notes.append(f"{problem}; the declared licence was {facts.verification}")
        return True
    fact = next((e for e in facts.evidence if e.source == "model-facts" and e.licence), None)
    if fact is not None:
        facts.notes.append(
            f"{problem}; the licence {fact.licence} is established by the knowledge base "
            f"({fact.found}, {fact.note})"
        )
        return True
    return False


def _unverified(facts: OwnFacts, problem: str) -> str:
    """``declared mit, not verified: <why>`` when the inventory declares a licence."""
    declared = next((e for e in facts.evidence if e.source == "declared"), None)
    if declared is not None:
        return f"declared {declared.licence or declared.found}, not verified: {problem}"
    return problem


def local_facts(facts: OwnFacts, model: Model, loaded: LoadedInventory, kb: KnowledgeBase) -> None:
    """Read the model folder: README.md front matter, LICENSE* texts and SPDX documents."""
    assert model.path is not None  # the schema requires it for local models
    folder = ModelFolder.open(loaded.base_dir, model.path)
    if folder.problem:
        facts.problems.append(folder.problem)
        return
    names = folder.names()
    readme = next((n for n in names if n.lower() == "readme.md"), None)
    if readme:
        read = folder.read_text(readme)
        if read.text is None:
            facts.problems.append(read.problem or f"{read.display} cannot be read")
        else:
            facts.card = parse_card_text(read.text, read.display)
            facts.notes.extend(p for p in facts.card.problems if "no YAML front matter" not in p)

            def linked(name: str) -> LicenceEvidence | None:
                text = folder.read_text(name.lstrip("./"))
                return identify(text.text, text.display, kb, facts) if text.text else None

            facts.evidence.extend(card_evidence(facts.card, "card", kb, linked))

    def read_local(path: str) -> FileRead:
        read = folder.read_path(path)
        return FileRead(read.text, read.problem or (None if read.text is not None else
                        f"{read.display} cannot be read"))  # fmt: skip

    plan = folder.licence_plan()
    gather_licence_files(plan, read_local, folder.display, kb, facts, LICENCE_FILES.value())
    for name in folder.spdx_files():
        _spdx_facts(facts, folder, name, kb)


def hub_facts(
    facts: OwnFacts, model: Model, lookup: HubLookup, hub: HubClient, kb: KnowledgeBase
) -> None:
    """Use the Hub's answer: card data, ``license:*`` tags, gated status, LICENSE files."""
    if lookup.status != "ok" or lookup.card is None:
        problem = lookup.problem or f"Hub look-up failed ({lookup.status})"
        facts.gated = lookup.status == "gated"
        if lookup.status in ("unreachable", "offline-miss") and _established(facts, problem):
            return
        facts.problems.append(_unverified(facts, problem))
        if lookup.status == "unreachable":
            facts.infrastructure.append(problem)
        return
    card = lookup.card
    where = f"hub:{card.repo_id}@{card.sha or card.revision}"
    facts.card = card_facts(card.card_data, card.tags, where)
    facts.gated = card.gated
    budget = hub.budget(model.name, model.revision)  # the look-up's: one budget per model

    def linked(name: str) -> LicenceEvidence | None:
        text = hub.read_text_file(card.repo_id, name.lstrip("./"), card.revision, budget=budget)
        return identify(text, f"{where}/{name}", kb, facts) if text else None

    facts.evidence.extend(card_evidence(facts.card, "hub", kb, linked))

    def read_remote(path: str) -> FileRead:
        read = hub.fetch_text_file(card.repo_id, path, card.revision, budget=budget)
        if read.text is not None:
            return FileRead(read.text)
        if read.status == "over-cap":  # one sentence for every file the cap left unread
            return FileRead(None, f"{where}: {read.problem}")
        why = read.problem or f"{read.status}"
        if read.status == "gated":
            why += " (gated: accept the licence on the Hub or set HF_TOKEN)"
        return FileRead(None, f"{where}/{path} could not be read: {why}",
                        read.status == "unreachable")  # fmt: skip

    plan = plan_licence_files(card.siblings)
    gather_licence_files(plan, read_remote, where, kb, facts, LICENCE_FILES.value())


def _spdx_facts(facts: OwnFacts, folder: ModelFolder, name: str, kb: KnowledgeBase) -> None:
    from audit.resolve.spdx_document import read_folder_spdx

    display = f"{folder.display}/{name}"
    result = read_folder_spdx(folder, name)
    facts.problems.extend(result.problems)
    subjects = [s for s in result.statements if s.described]
    if result.statements and not subjects:
        facts.problems.append(
            f"{display}: the SPDX document has {len(result.statements)} packages and says "
            "(DESCRIBES) none of them is the model; their licences are not used"
        )
    for statement in subjects:
        for label, expression in (
            ("concluded", statement.concluded),
            ("declared", statement.declared),
        ):
            if expression and expression.upper() not in ("NOASSERTION", "NONE"):
                where = f"{statement.where} ({label})"
                facts.evidence.append(statement_evidence(expression, "spdx", where, kb))
