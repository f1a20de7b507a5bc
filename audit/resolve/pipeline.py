"""Combine the resolvers for every model of an inventory (placeholder: declared licence only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from audit.inventory.loader import LoadedInventory
from audit.resolve.interface import LicenceEvidence, ModelResolution

if TYPE_CHECKING:
    from audit.engine import AuditOptions


def resolve_models(loaded: LoadedInventory, options: AuditOptions) -> Mapping[str, ModelResolution]:
    """Resolve every model of the inventory; never raises for a model that cannot be resolved."""
    from licences import load_knowledge_base

    kb = load_knowledge_base()
    out: dict[str, ModelResolution] = {}
    for i, model in enumerate(loaded.inventory.models):
        where = f"{loaded.path}:{loaded.line_of('models', i, 'licence')}"
        entry = kb.get(model.licence) if model.licence else None
        evidence = (
            (LicenceEvidence("declared", entry.key if entry else None, model.licence, where),)
            if model.licence
            else ()
        )
        out[model.id] = ModelResolution(
            model_id=model.id,
            licence=entry.key if entry else None,
            licence_source="declared" if entry else None,
            licence_where=where if entry else None,
            evidence=evidence,
            modalities=tuple(model.modalities or ("text",)),
            modalities_source="inventory" if model.modalities else "default",
            training_compute_flops=model.training_compute_flops,
            compute_source="inventory" if model.training_compute_flops else None,
            problems=() if entry else ("no licence source available yet",),
        )
    return out
