"""Builders for tests: inventories as dicts, audits with chosen resolutions."""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from audit.engine import AuditOptions, AuditResult, run_audit
from audit.findings import Finding, Severity
from audit.inventory import LoadedInventory, load_inventory
from audit.resolve.interface import ModelResolution

AS_OF = dt.date(2026, 11, 26)

ROOT = Path(__file__).resolve().parents[1]
"""The repository's root folder."""

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]
"""The ``model_audit`` fixture of tests/cli: runs ``python -m audit`` in a subprocess."""


def organisation(**overrides: Any) -> dict[str, Any]:
    """A commercial EU organisation with AI literacy in place, overridable field by field."""
    org: dict[str, Any] = {
        "name": "Acme Health GmbH",
        "country": "DE",
        "monthly_active_users": 1_000_000,
        "annual_revenue_usd": 50_000_000,
        "commercial": True,
        "ai_literacy_programme": True,
        "can_self_host": True,
    }
    org.update(overrides)
    return org


def model(model_id: str = "m1", **overrides: Any) -> dict[str, Any]:
    """A self-hosted Hugging Face model in Frankfurt with one internal use case."""
    entry: dict[str, Any] = {
        "id": model_id,
        "name": "example/model",
        "source": "huggingface",
        "hosting": {"mode": "self-hosted", "regions": ["eu-central-1"]},
        "use_cases": [
            {
                "id": f"{model_id}-uc",
                "purpose": "Summarise internal documents",
                "data": ["internal"],
                "ai_act": {"role": "deployer", "area": "none"},
            }
        ],
    }
    entry.update(overrides)
    return entry


def inventory(*models: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A version-1 inventory with the given models (and routes, waivers, ... as keywords)."""
    data: dict[str, Any] = {"version": 1, "organisation": top.pop("organisation", organisation())}
    data["models"] = [copy.deepcopy(m) for m in models]
    data.update(top)
    return data


def write_inventory(
    tmp_path: Path, data: Mapping[str, Any] | str, name: str = "inventory.yaml"
) -> Path:
    """Write an inventory (dict or YAML text) into ``tmp_path`` and return its path."""
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(dict(data), sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, data: Mapping[str, Any] | str) -> LoadedInventory:
    """Write and load an inventory (raises InputError like the CLI would)."""
    from audit.rules.registry import all_rules

    return load_inventory(
        str(write_inventory(tmp_path, data)), known_rules={r.id for r in all_rules()}
    )


def audit(
    tmp_path: Path,
    data: Mapping[str, Any] | str,
    *,
    as_of: dt.date = AS_OF,
    resolutions: Mapping[str, ModelResolution] | None = None,
    fail_on: Severity | None = Severity.HIGH,
    discover: tuple[str, ...] = (),
) -> AuditResult:
    """Audit an inventory offline. ``resolutions`` replaces resolution for the models it names;
    ``discover`` are the paths of ``scan --discover``."""
    loaded = load(tmp_path, data)
    options = AuditOptions(as_of=as_of, offline=True, fail_on=fail_on, discover=discover)

    def resolver(inv: LoadedInventory, opts: AuditOptions) -> Mapping[str, ModelResolution]:
        from audit.resolve import resolve_models

        resolved = dict(resolve_models(inv, opts))
        resolved.update(resolutions or {})
        return resolved

    return run_audit(loaded, options, resolver=resolver)


def resolution(model_id: str, licence: str | None, **fields: Any) -> ModelResolution:
    """A resolution as if the licence had been found on the Hub."""
    return ModelResolution(
        model_id=model_id,
        licence=licence,
        licence_source="hub" if licence else None,
        licence_where="cardData.license" if licence else None,
        **fields,
    )


def hits(result: AuditResult, rule: str, *, active_only: bool = True) -> list[Finding]:
    """The findings of one rule (unwaived ones unless ``active_only`` is False)."""
    return [f for f in result.findings if f.rule == rule and (not active_only or not f.waived)]


LICENCE_CORPUS_FOLDERS = ("licence-texts", "licence-texts-2026-12")
"""Both gatherings of real licence texts in the shared corpus (November and December 2026)."""


def licence_corpus_texts() -> list[Path]:
    """Licence texts of the shared corpus, both folders (empty when the corpus is absent)."""
    import os

    corpus = Path(os.environ.get("MODEL_AUDIT_SHARED", ROOT.parent / "shared")) / "corpus"
    found: list[Path] = []
    for name in LICENCE_CORPUS_FOLDERS:
        folder = corpus / name
        if folder.is_dir():
            found.extend(folder.glob("*.txt"))
    return sorted(found, key=lambda path: (path.parent.name, path.name))


def corpus_key(path: Path) -> str:
    """The knowledge-base key a corpus licence text must be identified as (its prefix)."""
    return path.name.split("__", 1)[0]
