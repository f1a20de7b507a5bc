"""``model-audit licences [ID]``: the licence knowledge base, or one licence's terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # imported lazily at run time: ``--help`` must stay fast
    from rich.table import Table

    from licences import KnowledgeBase, LicenceEntry, Source
    from licences.schema import DisplayThreshold


class UnknownLicenceError(click.ClickException):
    """The ID names no entry of the knowledge base (exit status 2: unusable input)."""

    exit_code = 2


@click.command("licences")
@click.argument("licence_id", metavar="[ID]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def command(licence_id: str | None, as_json: bool) -> None:
    """List every licence in the knowledge base, or show licence ID's terms with sources.

    ID is a key, alias, SPDX id or name ("llama3.1", "Apache 2.0", "CC-BY-NC-4.0").
    Every term is shown with the document and section it comes from and how sure we are
    of it (primary, secondary or unverified); the list gives each licence's weakest
    confidence, its SPDX id (or LicenseRef-) and, in JSON, its ScanCode key. The Hub ids
    "unknown" and "other" are listed as "not a licence".

    \b
    Examples:
      model-audit licences               the whole knowledge base
      model-audit licences llama3.2      one licence in full
      model-audit licences mit --json    one licence as JSON
      model-audit licences --json        the whole base, for other tools
    """
    from licences import load_knowledge_base

    kb = load_knowledge_base()
    if licence_id is None:
        if as_json:
            _echo_json({"knowledge_base": {"version": kb.version}, "licences": _dump_all(kb)})
        else:
            _print_list(kb)
        return
    entry = kb.get(licence_id, include_placeholders=True)
    if entry is None:
        closest = kb.closest(licence_id)
        hint = ", ".join(closest) if closest else "none; run `model-audit licences` for the list"
        raise UnknownLicenceError(f"unknown licence {licence_id!r}; closest: {hint}")
    if as_json:
        _echo_json({"knowledge_base": {"version": kb.version}, "licence": _dump(entry)})
    else:
        _print_entry(entry, kb.version)


def _echo_json(value: Any) -> None:
    import json

    click.echo(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False))


def _dump_all(kb: KnowledgeBase) -> list[dict[str, Any]]:
    return [_dump(entry) for entry in kb.entries]


def _dump(entry: LicenceEntry) -> dict[str, Any]:
    """The entry as JSON, plus ``confidence``: the weakest confidence among its terms."""
    return {**entry.model_dump(mode="json"), "confidence": confidence_summary(entry)}


def commercial_summary(entry: LicenceEntry) -> str:
    """A one-word answer to "may a company use it?", qualified by any threshold."""
    terms = entry.commercial_use
    if entry.not_a_licence:
        return "not a licence"
    if not terms.allowed:
        return "no"
    if not terms.production_use:
        return "no (non-production)"
    if entry.user_threshold or entry.revenue_threshold:
        return "yes, below threshold"
    return "yes"


def threshold_summary(entry: LicenceEntry) -> str:
    """The licence's user and revenue ceilings in a few words, or an empty string."""
    parts = []
    if entry.user_threshold:
        users = entry.user_threshold
        when = "in the month before release" if users.measured == "release-month" else "ongoing"
        parts.append(f">{_millions(users.monthly_active_users)} MAU ({when})")
    if entry.revenue_threshold:
        revenue = entry.revenue_threshold
        sign = ">" if revenue.comparison == "more-than" else ">="
        if revenue.monthly_revenue_usd is not None:
            parts.append(f"monthly revenue {sign} USD {_millions(revenue.monthly_revenue_usd)}")
        else:
            parts.append(f"revenue {sign} USD {_millions(revenue.annual_revenue_usd or 0)}")
    return "; ".join(parts)


def _millions(value: int) -> str:
    return f"{value / 1_000_000:g}M" if value >= 1_000_000 else f"{value:,}"


def _print_list(kb: KnowledgeBase) -> None:
    from rich.table import Table

    from reports.terminal import TerminalConsole

    table = Table(title=f"Licence knowledge base {kb.version}", title_justify="left")
    table.add_column("key", no_wrap=True)
    for column in ("name", "category", "commercial", "thresholds", "SPDX id", "confidence"):
        table.add_column(column, overflow="fold")
    for entry in kb.entries:
        table.add_row(
            entry.key,
            entry.name,
            entry.category,
            commercial_summary(entry),
            threshold_summary(entry),
            entry.spdx_id,
            confidence_summary(entry),
        )
    console = TerminalConsole()
    console.print(table)
    console.print("Show one licence with its sources: model-audit licences ID")


_CONFIDENCE_STYLE = {"primary": "green", "secondary": "yellow", "unverified": "red"}


def _print_entry(entry: LicenceEntry, version: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    from reports.terminal import TerminalConsole

    console = TerminalConsole()
    console.print(f"[bold]{escape(entry.name)}[/] ({entry.key}, knowledge base {version})")
    facts = [
        ("aliases", ", ".join(entry.aliases) or "-"),
        ("SPDX id", entry.spdx_id),
        ("version", entry.version or "-"),
        ("release date", entry.release_date.isoformat() if entry.release_date else "-"),
        ("category", entry.category),
    ]
    for label, value in facts:
        console.print(f"  {label}: {escape(value)}")
    table = Table(show_lines=True)
    for column in ("term", "value", "source", "confidence"):
        table.add_column(column, overflow="fold")
    for term, value, source in _term_rows(entry):
        _add_row(table, term, value, source)
    console.print(table)
    for note in entry.notes:
        console.print(f"  note: {escape(note)}")


def _add_row(table: Table, term: str, value: str, source: Source) -> None:
    from rich.markup import escape

    where = source.url + (f"\nsection {source.section}" if source.section else "")
    style = _CONFIDENCE_STYLE[source.confidence]
    table.add_row(term, escape(value), escape(where), f"[{style}]{source.confidence}[/]")


def _term_rows(entry: LicenceEntry) -> list[tuple[str, str, Source]]:
    """Every term of the entry as (term, plain-language value, source)."""
    rows: list[tuple[str, str, Source]] = [
        ("licence text", entry.name, entry.source),
        (
            "free and open source (AI Act Art. 53(2))",
            entry.free_and_open_source_status or "no",
            entry.free_and_open_source_source,
        ),
    ]
    use = entry.commercial_use
    value = f"allowed: {_yes(use.allowed)}; production use: {_yes(use.production_use)}"
    rows.append(
        ("commercial use", value + (f"\n{use.conditions}" if use.conditions else ""), use.source)
    )
    if entry.user_threshold:
        users = entry.user_threshold
        value = (
            f"more than {users.monthly_active_users:,} monthly active users, measured "
            f"{users.measured}, affiliates counted: {_yes(users.includes_affiliates)}\n"
            f"{users.consequence}"
        )
        rows.append(("user threshold", value, users.source))
    if entry.revenue_threshold:
        revenue = entry.revenue_threshold
        figure = revenue.monthly_revenue_usd or revenue.annual_revenue_usd or 0
        period = "monthly" if revenue.monthly_revenue_usd else "annual"
        value = (
            f"{period} revenue {revenue.comparison} USD {figure:,}, "
            f"affiliates counted: {_yes(revenue.includes_affiliates)}\n{revenue.consequence}"
        )
        rows.append(("revenue threshold", value, revenue.source))
    for notice in entry.attribution:
        value = f'"{notice.notice}" ({notice.kind}) in {notice.where}'
        if notice.alternatives:
            value += "; or " + ", ".join(f'"{alt}"' for alt in notice.alternatives)
        value += f"\nwhen: {', '.join(notice.applies_when)}"
        if notice.scope:
            value += f"; scope: {notice.scope}"
        if notice.model_scope != "all":
            value += f" ({notice.model_scope} models)"
        if notice.threshold:
            value += "; only above: " + _display_threshold(notice.threshold)
        if notice.certainty == "interpretation":
            value += " (interpretation)"
        rows.append(("attribution", value, notice.source))
    if entry.derivative_naming:
        naming = entry.derivative_naming
        value = f'name must start with "{naming.prefix}": {naming.applies_to}'
        rows.append(("derivative naming", value, naming.source))
    copy = entry.licence_copy
    value = f"copy required on distribution: {_yes(copy.required_on_distribution)}"
    if copy.notice_file_text:
        value += f'\nNotice file: "{copy.notice_file_text}"'
    rows.append(("licence copy", value, copy.source))
    for exclusion in entry.territorial_exclusions:
        whom = (
            "licensees domiciled in"
            if exclusion.applies_to == "licensee-domicile"
            else "any use or distribution in"
        )
        value = (
            f"no rights for {whom} {', '.join(exclusion.regions)}; "
            f"models: {exclusion.model_scope}; end users exempt: "
            f"{_yes(exclusion.end_users_exempt)}"
        )
        rows.append(("territorial exclusion", value, exclusion.source))
    if entry.use_policy:
        policy = entry.use_policy
        value = f"{policy.name} ({policy.url}); must flow down: {_yes(policy.flows_down)}"
        rows.append(("use policy", value, policy.source))
    rows.extend(
        (
            "output restriction",
            restriction.description
            + ("\n(interpretation)" if restriction.certainty == "interpretation" else ""),
            restriction.source,
        )
        for restriction in entry.output_restrictions
    )
    if entry.litigation_termination:
        suit = entry.litigation_termination
        whom = "the licensor" if suit.against == "licensor" else "the licensor or any entity"
        rows.append(
            ("litigation termination", f"a suit against {whom}: {suit.covers}", suit.source)
        )
    if entry.registration:
        reg = entry.registration
        rows.append(("registration", f"required for {reg.required_for}: {reg.how}", reg.source))
    return rows


def _display_threshold(threshold: DisplayThreshold) -> str:
    parts = []
    if threshold.monthly_active_users:
        parts.append(f"{threshold.monthly_active_users:,} monthly active users")
    if threshold.monthly_revenue_usd:
        parts.append(f"USD {threshold.monthly_revenue_usd:,} monthly revenue")
    if threshold.annual_recurring_revenue_usd:
        parts.append(f"USD {threshold.annual_recurring_revenue_usd:,} annual recurring revenue")
    return " or ".join(parts)


def confidence_summary(entry: LicenceEntry) -> str:
    """The weakest confidence among the entry's terms: how far its verdicts can be trusted."""
    found = {source.confidence for _, _, source in _term_rows(entry)}
    for level in ("unverified", "secondary"):
        if level in found:
            return level
    return "primary"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
