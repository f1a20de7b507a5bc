"""Licence resolution: one resolver per source, combined per model, lineage followed."""

from audit.resolve.interface import LicenceEvidence, LineageStep, ModelResolution
from audit.resolve.pipeline import resolve_models

__all__ = ["LicenceEvidence", "LineageStep", "ModelResolution", "resolve_models"]
