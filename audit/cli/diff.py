"""``model-audit diff OLD NEW``: what changed between two audits."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from audit.cli.ledger_option import inventory_key, ledger_option
from audit.errors import InputError, InputProblem

if TYPE_CHECKING:
    from audit.ledger.diff import Side
    from audit.ledger.store import Ledger


@click.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@ledger_option()
@click.option(
    "--inventory",
    "inventory",
    metavar="INV",
    help="With `last`/`previous`: count only the runs of this inventory file.",
)
@click.option("--json", "json_path", metavar="PATH", help="Write the diff as JSON ('-': stdout).")
@click.option(
    "--markdown",
    "markdown_path",
    metavar="PATH",
    help="Write the diff as GitHub-flavoured markdown ('-': stdout), e.g. for a PR comment.",
)
def command(
    old: str | None,
    new: str | None,
    ledger: str | None,
    inventory: str | None,
    json_path: str | None,
    markdown_path: str | None,
) -> None:
    """Compare two audits, in git's order: what NEW has that OLD had not, and back.

    OLD and NEW are ledger run numbers (see `model-audit history`), `last`, `previous`, or
    paths of two JSON reports (`scan --json`). With no arguments: `previous last`. Findings
    are matched by fingerprint: new, fixed, changed (severity, waived state or message);
    plus licence changes per model and waivers added, expired or removed.

    Exit status: 0 whether or not anything changed; 2 for unusable input; 3 when the ledger
    cannot be read.

    \b
    Examples:
      model-audit diff --ledger audits.db
      model-audit diff 12 15 --ledger audits.db --markdown -
      model-audit diff old-report.json new-report.json --json diff.json
    """
    from audit.ledger.diff import diff_audits, diff_to_json
    from audit.ledger.present import diff_lines, diff_markdown
    from audit.outputs import OutputTarget, plan_outputs

    refs = (old or "previous", new or "last")
    targets = [
        OutputTarget(option, path, what)
        for option, path, what in (
            ("--json", json_path, "JSON diff"),
            ("--markdown", markdown_path, "markdown diff"),
        )
        if path is not None
    ]
    if sum(1 for t in targets if t.to_stdout) > 1:
        raise click.UsageError("only one of --json or --markdown may write to standard output")
    plan = plan_outputs(targets, inputs=[r for r in refs if Path(r).is_file()])
    store = _open_if_needed(refs, ledger)
    try:
        sides = [_side(ref, store, inventory) for ref in refs]
    finally:
        if store is not None:
            store.close()
    diff = diff_audits(*sides)
    contents: dict[str, str | bytes] = {}
    if json_path is not None:
        from reports.json_report import render_json

        contents["--json"] = render_json(diff_to_json(diff))
    if markdown_path is not None:
        contents["--markdown"] = diff_markdown(diff)
    plan.write_all(contents)
    if not any(t.to_stdout for t in targets):
        for line in diff_lines(diff):
            click.echo(line)


def _open_if_needed(refs: tuple[str, str], ledger: str | None) -> Ledger | None:
    if all(_is_report_path(r) for r in refs):
        return None
    if ledger is None:
        raise InputError(
            [
                InputProblem(
                    "--ledger",
                    0,
                    "",
                    f"{' and '.join(r for r in refs if not _is_report_path(r))} name ledger runs: "
                    "give --ledger URL (or set MODEL_AUDIT_LEDGER), or pass two JSON reports",
                )
            ]
        )
    from audit.ledger.store import open_ledger

    return open_ledger(ledger)


def _is_report_path(ref: str) -> bool:
    return ref not in ("last", "previous") and not ref.isdigit()


def _side(ref: str, store: Ledger | None, inventory: str | None) -> Side:
    from audit.ledger.diff import side_of

    if _is_report_path(ref):
        return side_of(ref, _read_report(ref))
    assert store is not None
    if ref.isdigit():
        run = store.run(int(ref))
        if run is None:
            raise InputError([InputProblem(ref, 0, "", "no run with this number in the ledger")])
    else:
        scans = store.runs(inventory=inventory_key(inventory) if inventory else None, kind="scan")
        wanted = 1 if ref == "last" else 2
        if len(scans) < wanted:
            raise InputError(
                [
                    InputProblem(
                        ref,
                        0,
                        "",
                        f"the ledger holds {len(scans)} scan run(s)"
                        + (f" of {inventory}" if inventory else "")
                        + f": '{ref}' needs at least {wanted}",
                    )
                ]
            )
        run = scans[-wanted]
    return side_of(f"run {run.id} ({run.recorded_at[:10]}, as of {run.as_of})", run.record)


def _read_report(path: str) -> dict[str, Any]:
    import json

    file = Path(path)
    if not file.is_file():
        raise InputError([InputProblem(path, 0, "", "not a run number, last, previous or a file")])
    if file.stat().st_size > 256 * 1024 * 1024:
        raise InputError([InputProblem(path, 0, "", "larger than 256 MiB: not a report")])
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError([InputProblem(path, 0, "", f"not a JSON report: {exc}")]) from None
    if not isinstance(document, dict) or document.get("schema") != "model-audit/report/v1":
        raise InputError(
            [
                InputProblem(
                    path, 0, "schema", "not a model-audit JSON report (model-audit/report/v1)"
                )
            ]
        )
    return document
