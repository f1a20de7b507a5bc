"""The ``model-audit`` command line: a lazy Click group, one module per command.

Commands are imported only when run, so ``model-audit --help`` stays fast and never loads
weasyprint, huggingface_hub or spdx_tools.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from audit import __version__

COMMANDS: dict[str, str] = {
    "scan": "audit.cli.scan",
    "validate": "audit.cli.validate",
    "compare": "audit.cli.compare",
    "licences": "audit.cli.licences",
    "rules": "audit.cli.rules",
    "bom": "audit.cli.bom",
    "schema": "audit.cli.schema",
    "init": "audit.cli.init",
    "providers": "audit.cli.providers",
    "regions": "audit.cli.regions",
    "history": "audit.cli.history",
    "diff": "audit.cli.diff",
    "watch": "audit.cli.watch",
    "discover": "audit.cli.discover",
    "verify": "audit.cli.verify",
}
"""Command name -> module exposing a Click command named ``command``."""

SHORT_HELP: dict[str, str] = {
    "scan": "Resolve every model, evaluate every rule, print findings.",
    "validate": "Check an inventory against the schema only (exit 0 or 2).",
    "compare": "Procurement review: compare candidate models for one use case.",
    "licences": "List the licence knowledge base, or show one licence's terms.",
    "rules": "List the rule catalogue, or explain one rule.",
    "bom": "Export the inventory as an SPDX 3.0 or CycloneDX AI bill of materials.",
    "schema": "Print the inventory's JSON Schema (for editors).",
    "init": "Write a commented starter inventory.",
    "providers": "List the providers (ids, default places, residency options).",
    "regions": "List region codes with country, EEA status and source.",
    "history": "List the audits recorded in the ledger; --verify its hash chain.",
    "diff": "What changed between two audits (ledger runs or JSON reports).",
    "watch": "Check Hub models' upstream licences against the ledger (LIC013).",
    "discover": "Find the models code and configs use; propose inventory entries.",
    "verify": "Check a signed PDF report or signed statement (exit 0, 1 or 2).",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return _unavailable(cmd_name)
        command: click.Command = module.command
        return command

    def invoke(self, ctx: click.Context) -> Any:
        return run_guarded(ctx, super().invoke)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # List commands from the static table: --help must not import every command module.
        with formatter.section("Commands"):
            formatter.write_dl([(name, SHORT_HELP[name]) for name in COMMANDS])


def _unavailable(name: str) -> click.Command:
    @click.command(name, help=SHORT_HELP[name], context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def missing(args: tuple[str, ...]) -> None:
        raise click.ClickException(f"'{name}' is not available in this build")

    return missing


EPILOG = """\b
Exit status:
  0  no unwaived finding at or above --fail-on
  1  at least one unwaived finding at or above --fail-on
  2  the input is unusable (the message names file, line and field)
  3  the tool itself failed (e.g. the Hugging Face Hub is unreachable)
  141  standard output was closed by its reader (as by "| head")

\b
Start here:
  model-audit init > inventory.yaml      write a starter inventory
  model-audit validate inventory.yaml    check it
  model-audit scan inventory.yaml        audit it (add --pdf report.pdf)
  model-audit rules LIC006               what a rule checks and how to fix it
"""


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="model-audit")
def cli() -> None:
    """Audit an organisation's AI models for licence, GDPR and EU AI Act compliance.

    Reads a model inventory (YAML), resolves each model's licence (declared, Hugging Face Hub,
    model card, LICENSE text, SPDX, base-model lineage), evaluates the licence, data-residency
    and AI Act rules, and writes findings as a table, JSON, SARIF, HTML or PDF.
    """


def main(argv: list[str] | None = None) -> None:
    """Run the CLI (the console script ``model-audit``)."""
    cli.main(args=argv, prog_name="model-audit")


def _exit_now_if_workers_run(status: int) -> None:
    """End the process at once when worker threads (Hub look-ups) are still running.

    Python would wait for them at exit, up to a request's whole deadline; Ctrl-C must end
    a scan within a second. Nothing is lost: reports are only ever renamed into place
    whole, so no half-written one can be left.
    """
    import threading

    if any(t.is_alive() and not t.daemon for t in threading.enumerate()
           if t is not threading.main_thread()):  # fmt: skip
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def run_guarded(ctx: click.Context, invoke: Any) -> Any:
    """Invoke a command, turning every failure into its exit status; never a traceback.

    Input problems exit 2, tool failures 3. Set MODEL_AUDIT_DEBUG=1 to see the traceback of
    an internal error.
    """
    from audit.errors import InputError, ToolError
    from audit.safe_text import install_safe_logging, shown

    install_safe_logging()
    try:
        result = invoke(ctx)
        sys.stdout.flush()  # a reader that went away is found here, not at interpreter exit
        return result
    except (click.exceptions.Exit, click.ClickException, click.Abort):
        raise
    except BrokenPipeError:
        _reader_gone(ctx)
    except InputError as exc:
        report_input_error(exc)
        ctx.exit(2)
    except ToolError as exc:
        click.echo(f"model-audit: error: {shown(str(exc))}", err=True)
        ctx.exit(3)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        _exit_now_if_workers_run(130)
        ctx.exit(130)
    except Exception as exc:  # the last line of defence: a defect must not print a traceback
        if os.environ.get("MODEL_AUDIT_DEBUG"):
            raise
        if _is_knowledge_base_error(exc):
            # A broken override file is the user's input (2); broken shipped data is ours (3).
            user_data = bool(os.environ.get("MODEL_AUDIT_LICENCE_DATA"))
            click.echo(f"model-audit: licence knowledge base: {shown(str(exc))}", err=True)
            ctx.exit(2 if user_data else 3)
        click.echo(
            f"model-audit: internal error: {type(exc).__name__}: {shown(str(exc))}\n"
            "This is a defect in model-audit; rerun with MODEL_AUDIT_DEBUG=1 for details.",
            err=True,
        )
        ctx.exit(3)


def _reader_gone(ctx: click.Context) -> None:
    """End quietly with 141 (128 + SIGPIPE, as a shell reports it) when the reader of
    standard output closed it, as ``model-audit rules | head`` does: no message, and not 1,
    which would mean findings."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail again
    ctx.exit(141)


def _is_knowledge_base_error(exc: Exception) -> bool:
    from licences import KnowledgeBaseError

    return isinstance(exc, KnowledgeBaseError)


def report_input_error(exc: Any) -> None:
    """Print every input problem on its own line (outside text escaped), then a count."""
    from audit.safe_text import shown

    for problem in exc.problems:
        click.echo(shown(str(problem).removeprefix(": ")), err=True)
    count = len(exc.problems)
    click.echo(
        f"model-audit: {count} problem{'s' if count != 1 else ''} found; nothing was audited.",
        err=True,
    )
