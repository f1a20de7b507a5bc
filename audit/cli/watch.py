"""``model-audit watch INVENTORY --ledger URL``: upstream licence changes of Hub models."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from audit.cli.ledger_option import check_ledger_address, inventory_key, ledger_option
from audit.cli.options import inventory_argument, known_rule_ids, parse_as_of

if TYPE_CHECKING:
    from audit.findings import Finding
    from audit.inventory.loader import LoadedInventory
    from audit.ledger.watch import Observation, UpstreamChange

WATCH_SCHEMA = "model-audit/watch/v1"


@click.command("watch")
@inventory_argument
@ledger_option(required=True)
@click.option("--json", "json_path", metavar="PATH", help="Write the watch report as JSON ('-').")
@click.option("--markdown", "markdown_path", metavar="PATH", help="Write a markdown summary ('-').")
@click.option("--sarif", "sarif_path", metavar="PATH", help="Write SARIF 2.1.0 ('-').")
@click.option("--as-of", metavar="YYYY-MM-DD", help="The date the report carries (default: today).")
def command(
    inventory: str,
    ledger: str,
    json_path: str | None,
    markdown_path: str | None,
    sarif_path: str | None,
    as_of: str | None,
) -> None:
    """Ask the Hub for every Hub model's current licence terms and compare them with the
    last run recorded in the ledger (or, for a model pinned with `revision:`, the pinned
    revision with the repository's head). Each change is a LIC013 finding: high when the
    terms became more restrictive, medium for any other licence-relevant change; an unpinned
    Hub model gets an info finding suggesting a pin. The observation is recorded in the
    ledger, so the next watch compares with it.

    Exit status: 1 when a change was found, 0 when none; 2 for unusable input; 3 when the Hub
    or the ledger could not be reached (the reports are still written).

    \b
    Example (a nightly job):
      model-audit watch inventory.yaml --ledger audits.db --markdown - --sarif watch.sarif
    """
    from audit.ledger.store import open_ledger
    from audit.outputs import OutputTarget, plan_outputs

    check_ledger_address(ledger)
    targets = [
        OutputTarget(option, path, what)
        for option, path, what in (
            ("--json", json_path, "JSON watch report"),
            ("--markdown", markdown_path, "markdown summary"),
            ("--sarif", sarif_path, "SARIF watch report"),
        )
        if path is not None
    ]
    if sum(1 for t in targets if t.to_stdout) > 1:
        raise click.UsageError("only one report may go to standard output ('-')")
    plan = plan_outputs(targets, inputs=[inventory])
    from audit.inventory import load_inventory

    loaded = load_inventory(inventory, known_rules=known_rule_ids())
    day = parse_as_of(as_of)
    with open_ledger(ledger) as store:
        records = [run.record for run in store.runs(inventory=inventory_key(loaded.path))]
        observations, findings, unreachable = _watch(loaded, records)
        document = _document(loaded, day, observations, findings, unreachable)
        contents = _render(document, targets)
        plan.write_all(contents)
        _record(store, loaded, document, observations, contents)
    if not any(t.to_stdout for t in targets):
        _print(document)
    if unreachable:
        click.echo(
            f"model-audit: {len(unreachable)} Hub model(s) could not be observed: "
            + "; ".join(unreachable),
            err=True,
        )
        click.get_current_context().exit(3)
    changed = any(f.severity.value in ("high", "medium") for f in findings)
    click.get_current_context().exit(1 if changed else 0)


def _watch(
    loaded: LoadedInventory, records: list[dict[str, Any]]
) -> tuple[dict[str, Observation], list[Finding], list[str]]:
    from audit.ledger.watch import compare, observe, previous_state
    from audit.resolve.hub import HubClient
    from licences import load_knowledge_base

    kb = load_knowledge_base()
    client = HubClient()
    observations: dict[str, Observation] = {}
    findings: list[Finding] = []
    unreachable: list[str] = []
    for index, model in enumerate(loaded.inventory.models):
        if model.source != "huggingface":
            continue
        head = observe(client, kb, model.id, model.name, None)
        observations[model.id] = head
        if head.status != "ok":
            reason = f"{model.id}: {head.problem or head.status}"
            (unreachable if head.status in ("unreachable", "offline-miss") else []).append(reason)
            if head.status not in ("unreachable", "offline-miss"):
                findings.append(_problem_finding(loaded, index, model.id, head))
            continue
        change: UpstreamChange | None
        if model.revision:
            pinned = observe(client, kb, model.id, model.name, model.revision)
            if pinned.status != "ok":
                unreachable.append(f"{model.id}@{model.revision}: {pinned.problem}")
                continue
            change = compare(kb, pinned.as_json(), head, f"the pinned revision {model.revision}")
        else:
            findings.append(_pin_suggestion(loaded, index, model.id, head))
            before = previous_state(records, model.id)
            change = compare(kb, before[0], head, before[1]) if before else None
        if change is not None:
            findings.append(_change_finding(loaded, index, change))
    return observations, findings, unreachable


def _finding(
    loaded: LoadedInventory, index: int, model: str, severity: str, message: str,
    evidence: tuple[str, ...], *path: str,
) -> Finding:  # fmt: skip
    from audit.findings import Finding, Location, Severity
    from audit.rules.registry import get_rule

    rule = get_rule("LIC013")
    assert rule is not None
    return Finding(
        rule=rule.id,
        name=rule.name,
        family=rule.family,
        severity=Severity(severity),
        model=model,
        use_case=None,
        message=message,
        citation=rule.citation,
        remediation=rule.remediation,
        location=Location(loaded.path, loaded.line_of("models", index, *path)),
        evidence=evidence,
    )


def _change_finding(loaded: LoadedInventory, index: int, change: UpstreamChange) -> Finding:
    parts = "; ".join(
        f"{field}: {before!r} -> {after!r}" for field, before, after in change.changes
    )
    more = (
        f"; the terms became more restrictive ({', '.join(change.gained)})" if change.gained else ""
    )
    message = f"{change.repo_id} changed upstream since {change.compared_with}: {parts}{more}"
    evidence = tuple(f"{f} before: {b!r}; after: {a!r}" for f, b, a in change.changes)
    return _finding(loaded, index, change.model, change.severity, message, evidence)


def _pin_suggestion(loaded: LoadedInventory, index: int, model: str, head: Observation) -> Finding:
    commit = head.head_commit or "the reviewed commit"
    return _finding(
        loaded, index, model, "info",
        f"{head.repo_id} is not pinned: an upstream licence change would reach the next "
        f"deployment unseen; pin it with `revision: {commit}`",
        (),
    )  # fmt: skip


def _problem_finding(loaded: LoadedInventory, index: int, model: str, head: Observation) -> Finding:
    return _finding(
        loaded, index, model, "medium",
        f"{head.repo_id} could not be observed upstream ({head.status}): {head.problem}",
        (),
    )  # fmt: skip


def _document(
    loaded: LoadedInventory,
    day: dt.date,
    observations: dict[str, Observation],
    findings: list[Finding],
    unreachable: list[str],
) -> dict[str, Any]:
    from collections import Counter

    from audit import __version__
    from audit.findings import SEVERITIES
    from audit.rules.registry import get_rule
    from licences import load_knowledge_base
    from reports.document import finding_to_dict

    ordered = sorted(findings, key=lambda f: f.sort_key())
    counts = Counter(f.severity.value for f in ordered)
    rule = get_rule("LIC013")
    assert rule is not None
    changed = any(f.severity.value in ("high", "medium") for f in ordered)
    return {
        "schema": WATCH_SCHEMA,
        "tool": {"name": "model-audit", "version": __version__},
        "knowledge_base": {"version": load_knowledge_base().version},
        "as_of": day.isoformat(),
        "offline": False,
        "inventory": {"path": loaded.path, "sha256": loaded.sha256},
        "models": [
            {
                "id": o.model,
                "name": o.repo_id,
                "revision": o.revision,
                "licence": {"id": o.licence, "source": "hub"},
                "gated": o.gated,
                "observation": o.as_json(),
            }
            for o in observations.values()
        ],
        "findings": [finding_to_dict(f) for f in ordered],
        "rules": [
            {
                "id": rule.id,
                "name": rule.name,
                "family": rule.family,
                "severity": rule.severity.value,
                "summary": rule.summary,
                "citation": rule.citation,
                "remediation": rule.remediation,
            }
        ],
        "summary": {
            **{s.value: counts.get(s.value, 0) for s in SEVERITIES},
            "status": "changed" if changed else "unchanged",
            "incomplete": bool(unreachable),
            "incomplete_reasons": list(unreachable),
            "models": len(observations),
            "waived": 0,
        },
    }


def _render(document: dict[str, Any], targets: list[Any]) -> dict[str, str | bytes]:
    from reports.json_report import render_json

    contents: dict[str, str | bytes] = {}
    for target in targets:
        if target.option == "--json":
            contents["--json"] = render_json(document)
        elif target.option == "--markdown":
            contents["--markdown"] = _markdown(document)
        else:
            from reports.writers import renderer

            contents["--sarif"] = renderer("sarif")(document)
    return contents


def _markdown(document: dict[str, Any]) -> str:
    from audit.ledger.present import cell

    summary = document["summary"]
    verdict = "**upstream changes found**" if summary["status"] == "changed" else "no changes"
    lines = [
        "### model-audit watch",
        "",
        f"{verdict} · {summary['models']} Hub models observed · as of {document['as_of']}",
        "",
    ]
    if document["findings"]:
        lines += ["| severity | model | message |", "|---|---|---|"]
        lines += [
            f"| {cell(f['severity'])} | {cell(f['model'])} | {cell(f['message'])} |"
            for f in document["findings"]
        ]
    for reason in summary["incomplete_reasons"]:
        lines.append(f"- not observed: {cell(reason)}")
    return "\n".join(lines) + "\n"


def _record(
    store: Any,
    loaded: LoadedInventory,
    document: dict[str, Any],
    observations: dict[str, Observation],
    contents: dict[str, str | bytes],
) -> None:
    import hashlib

    from audit.ledger.record import build_record

    record = build_record(
        {**document, "summary": {**document["summary"], "status": document["summary"]["status"]}},
        kind="watch",
        inventory_key=inventory_key(loaded.path),
        inputs={loaded.path: loaded.sha256},
        reports={
            k: hashlib.sha256(v.encode("utf-8") if isinstance(v, str) else v).hexdigest()
            for k, v in contents.items()
        },
        extra={"observations": {k: o.as_json() for k, o in sorted(observations.items())}},
    )
    store.append(record)


def _print(document: dict[str, Any]) -> None:
    from audit.ledger.present import plain

    summary = document["summary"]
    for f in document["findings"]:
        click.echo(plain(f"{f['severity'].upper():<8} {f['rule']} {f['model']}: {f['message']}"))
    state = "changes found" if summary["status"] == "changed" else "no upstream changes"
    click.echo(f"watch: {state}; {summary['models']} Hub models observed")
