"""Long explanations for ``model-audit rules GDPR00x``, written from the jurisdiction data.

Computed when the rules register, so a new adequacy decision or provider shows up here
without a code change. If the data cannot load, the text says so instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable

from audit.jurisdictions import JurisdictionError, Jurisdictions, load_jurisdictions


def _from_data(build: Callable[[Jurisdictions], str]) -> str:
    try:
        return build(load_jurisdictions())
    except JurisdictionError as exc:
        return f"(the jurisdiction data could not be loaded: {exc})"


def transfer_details() -> str:
    """Mechanisms GDPR001 understands and the adequacy decisions it knows."""

    def build(j: Jurisdictions) -> str:
        lines = [
            "A transfer is personal data reaching a region whose country is outside the EEA "
            f"({len(j.eea_states())} states: the EU-27 plus Iceland, Liechtenstein, Norway).",
            "Mechanisms (contracts.transfer_mechanism), checked in the order of Chapter V:",
            "  adequacy   - the country has a decision in force on --as-of, and its scope is met",
            "  dpf        - only for the United States: the importer is DPF-certified",
            "  scc        - standard contractual clauses (Art. 46(2)(c)); do a transfer impact "
            "assessment",
            "  bcr        - binding corporate rules (Art. 46(2)(b), Art. 47)",
            "  derogation - Art. 49: lawful only as a last resort; reported at medium severity",
            "  none       - no basis: a finding wherever the country lacks adequacy",
            "A region spanning several countries is judged by its worst one; a global endpoint "
            "or an area of unknown countries counts as a third country.",
            "An api model without hosting.regions is placed at its provider's default, a "
            "self-hosted one in the organisation's own country; the finding says so.",
            "Adequacy decisions in the data:",
        ]
        for d in j.adequacy_decisions():
            window = f"from {d.in_force_from.isoformat()}"
            if d.valid_until:
                window += f" to {d.valid_until.isoformat()}"
            extra = f"; {d.status_note}" if d.status_note else ""
            lines.append(
                f"  {d.country} {j.country_name(d.country)}: {d.reference}, {window}, scope "
                f"{d.scope}, {d.status}{extra} [{d.source.confidence}]"
            )
            for limit in d.scope_limits:
                flag = f" (data_classes[].{limit.data_flag}: true)" if limit.data_flag else ""
                lines.append(f"    not covered: {limit.text}{flag} [{limit.source.confidence}]")
        return "\n".join(lines)

    return _from_data(build)


def region_details() -> str:
    """What the region catalogue holds."""

    def build(j: Jurisdictions) -> str:
        counts = ", ".join(
            f"{cloud} {len(j.regions(cloud))}" for cloud in ("aws", "azure", "gcp", "multi")
        )
        multi = ", ".join(r.code for r in j.regions("multi"))
        return "\n".join(
            [
                f"Region codes in the catalogue: {counts} (data version {j.version}).",
                f"Multi-region and geography codes: {multi}.",
                f"Any ISO 3166-1 alpha-2 country code is accepted too ({len(j.countries())}).",
                "An api or managed model without hosting.regions uses its provider's default; "
                "a provider without a default region (e.g. Amazon Bedrock) or one missing from "
                "the catalogue leaves the region unknown.",
                "Add regions, providers or adequacy changes without editing the package: set "
                "MODEL_AUDIT_JURISDICTIONS to an override YAML file.",
            ]
        )

    return _from_data(build)


def processor_details() -> str:
    """What counts as a third party, and what the provider catalogue says about DPAs."""

    def build(j: Jurisdictions) -> str:
        lines = [
            "A third party hosts the model when hosting.mode is managed or api: the provider "
            "processes the data on the organisation's behalf (a processor, Art. 28). A "
            "self-hosted model is run by the organisation itself.",
            "Provider catalogue (default processing place; DPA offered):",
        ]
        for p in j.providers():
            where = ", ".join(p.default_regions) or "no default"
            offered = {True: "yes", False: "no", None: "unknown"}[p.dpa.offered]
            lines.append(
                f"  {p.key} ({p.name}): default {where} [{p.default_confidence}]; DPA "
                f"{offered} [{p.dpa.source.confidence}]; aliases {', '.join(p.aliases) or '-'}"
            )
        return "\n".join(lines)

    return _from_data(build)
