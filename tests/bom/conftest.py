"""Fixtures of the BOM tests: the audited scenario and its facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from bom_scenario import fake_lookup, scenario_inventory, scenario_resolutions
from support import audit

from audit.bom.facts import BomFacts, collect_facts
from audit.engine import AuditResult
from reports.document import build_report


@pytest.fixture
def scenario_result(tmp_path: Path) -> AuditResult:
    """The audited scenario (offline, as of 2026-11-26)."""
    for folder in ("models/med", "models/classifier"):
        (tmp_path / folder).mkdir(parents=True)
    return audit(tmp_path, scenario_inventory(), resolutions=scenario_resolutions())


@pytest.fixture
def scenario_facts(scenario_result: AuditResult) -> BomFacts:
    """The BOM facts of the scenario, with the two-licence fake knowledge base."""
    return collect_facts(scenario_result, build_report(scenario_result), lookup=fake_lookup)
