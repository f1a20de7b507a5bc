"""Upstream watch: what the Hub says about each Hub model now, against what was recorded.

An observation is one model's licence-relevant state on the Hub: ``license``,
``license_name``, ``license_link``, gated and EU-gate status, base models, the digest of the
card data and of the licence file, and the head commit. ``watch`` compares each model's
observation with the previous one: the last ``watch`` run of the inventory in the ledger, else
the last ``scan`` run (licence and gated status only); for a model pinned with ``revision:``
it compares the pinned revision with the repository's head instead, since the pin is what
runs. Changes become LIC013 findings; restrictions gained make them high.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.resolve.hub import HubClient, HubLookup
    from licences import KnowledgeBase

LICENCE_FIELDS = ("licence", "licence_name", "licence_link", "gated", "eu_gated",
                  "base_models", "licence_file_sha256")  # fmt: skip
"""The observed fields whose change is licence-relevant (head commit and card digest are
recorded, but a new commit alone changes no terms)."""

LICENCE_FILE_PREFIXES = ("license", "licence")


@dataclass(frozen=True)
class Observation:
    """One Hub model's licence-relevant state, as the Hub answered."""

    model: str
    """The inventory model id."""
    repo_id: str
    revision: str | None
    """The revision observed (None: the repository's head)."""
    status: str
    """The Hub's answer: ``ok``, ``not-found``, ``gated``, ``unreachable``, ..."""
    problem: str | None = None
    licence: str | None = None
    """The knowledge-base key the card's licence fields name (or the raw value if unknown)."""
    licence_name: str | None = None
    licence_link: str | None = None
    gated: bool | None = None
    eu_gated: bool | None = None
    base_models: tuple[str, ...] | None = None
    head_commit: str | None = None
    card_sha256: str | None = None
    licence_file_sha256: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Plain JSON types."""
        out = asdict(self)
        out["base_models"] = list(self.base_models) if self.base_models is not None else None
        return out


def observe(
    client: HubClient, kb: KnowledgeBase, model: str, repo_id: str, revision: str | None
) -> Observation:
    """Ask the Hub about ``repo_id`` at ``revision`` (the head when None)."""
    lookup: HubLookup = client.lookup(repo_id, revision)
    if lookup.status != "ok" or lookup.card is None:
        return Observation(model, repo_id, revision, lookup.status, lookup.problem)
    card = lookup.card
    data = card.card_data
    raw = _first_text(data.get("license"))
    name = _first_text(data.get("license_name"))
    key = _licence_key(kb, raw, name)
    licence_file = next(
        (s for s in sorted(card.siblings) if s.lower().startswith(LICENCE_FILE_PREFIXES)), None
    )
    file_digest = None
    if licence_file is not None:
        text = client.fetch_text_file(repo_id, licence_file, revision)
        file_digest = _text_digest(text)
    return Observation(
        model=model,
        repo_id=repo_id,
        revision=revision,
        status="ok",
        licence=key,
        licence_name=name,
        licence_link=_first_text(data.get("license_link")),
        gated=card.gated,
        eu_gated=card.eu_disallowed,
        base_models=tuple(sorted(_texts(data.get("base_model")))),
        head_commit=card.sha,
        card_sha256=hashlib.sha256(
            json.dumps(data, sort_keys=True, default=str).encode("utf-8")
        ).hexdigest(),
        licence_file_sha256=file_digest,
    )


def _text_digest(answer: object) -> str | None:
    text = getattr(answer, "text", None)
    if isinstance(text, str):
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    return None


def _first_text(value: object) -> str | None:
    texts = _texts(value)
    return texts[0] if texts else None


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def _licence_key(kb: KnowledgeBase, raw: str | None, name: str | None) -> str | None:
    """The knowledge-base key the card names; ``other`` defers to ``license_name``."""
    for candidate in (name, raw) if raw in (None, "other") else (raw, name):
        if candidate:
            entry = kb.get(candidate)
            if entry is not None:
                return entry.key
    return name if raw in (None, "other") and name else raw


@dataclass(frozen=True)
class UpstreamChange:
    """One model whose licence-relevant state differs from the previous observation."""

    model: str
    repo_id: str
    severity: str
    """``high`` (more restrictive) or ``medium`` (another licence-relevant change)."""
    changes: tuple[tuple[str, Any, Any], ...]
    """(field, before, after) for every field that changed."""
    gained: tuple[str, ...]
    """Restrictions the new state adds."""
    compared_with: str


def restrictions(kb: KnowledgeBase, key: str | None) -> frozenset[str]:
    """The restrictions of a licence, as terms (never names): what a rule would ask about."""
    entry = kb.get(key) if key else None
    if entry is None:
        return frozenset({"unknown licence"})
    found = set()
    if not entry.commercial_use.allowed:
        found.add("non-commercial")
    if not entry.commercial_use.production_use:
        found.add("no production use")
    if entry.user_threshold is not None:
        found.add("user threshold")
    if entry.revenue_threshold is not None:
        found.add("revenue threshold")
    if entry.attribution:
        found.add("attribution")
    if entry.territorial_exclusions:
        found.add("territorial exclusion")
    if entry.use_policy is not None:
        found.add("use policy")
    return frozenset(found)


def compare(
    kb: KnowledgeBase, before: Mapping[str, Any], after: Observation, compared_with: str
) -> UpstreamChange | None:
    """The change from ``before`` (an earlier observation, or a scan's model record) to
    ``after``; None when nothing licence-relevant differs. Fields ``before`` lacks are not
    compared."""
    now = after.as_json()
    changes = tuple(
        (field, before.get(field), now[field])
        for field in LICENCE_FIELDS
        if field in before and _norm(before.get(field)) != _norm(now[field])
    )
    if not changes:
        return None
    gained = restrictions(kb, now["licence"]) - restrictions(kb, before.get("licence"))
    gained_list = sorted(gained)
    if "licence" not in {c[0] for c in changes}:
        gained_list = []
    for field, label in (("gated", "gated"), ("eu_gated", "closed to EU users")):
        if field in before and not before.get(field) and now[field]:
            gained_list.append(f"newly {label}")
    severity = "high" if gained_list else "medium"
    return UpstreamChange(
        after.model, after.repo_id, severity, changes, tuple(gained_list), compared_with
    )


def _norm(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


def previous_state(
    records: Sequence[Mapping[str, Any]], model: str
) -> tuple[dict[str, Any], str] | None:
    """The model's last recorded state, newest record first: a watch observation (every
    field) or a scan's model entry (licence and gated); None when never recorded."""
    for record in reversed(records):
        if record.get("kind") == "watch":
            observed = (record.get("observations") or {}).get(model)
            if observed and observed.get("status") == "ok":
                return dict(observed), f"watch run of {record.get('recorded_at', '')[:10]}"
        else:
            for entry in record.get("models", []):
                if entry.get("id") == model and entry.get("licence") is not None:
                    state: dict[str, Any] = {"licence": entry.get("licence")}
                    if entry.get("gated") is not None:
                        state["gated"] = entry.get("gated")
                    return state, f"scan run of {record.get('recorded_at', '')[:10]}"
    return None
