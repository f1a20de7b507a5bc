"""``model-audit init``: write a commented starter inventory."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click


def starter_inventory() -> str:
    """The starter inventory text (it validates as it is)."""
    return resources.files("audit.inventory").joinpath("starter.yaml").read_text(encoding="utf-8")


@click.command("init")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def command(path: str | None, force: bool) -> None:
    """Write a commented starter inventory to PATH (or to standard output).

    The starter describes an example organisation with one self-hosted open-weight model
    and one API model; edit it to describe yours. An existing PATH is kept unless --force.

    \b
    Examples:
      model-audit init inventory.yaml && model-audit validate inventory.yaml
      model-audit init > inventory.yaml
    """
    text = starter_inventory()
    if path is None:
        click.echo(text, nl=False)
        return
    target = Path(path)
    if (target.exists() or target.is_symlink()) and not force:
        raise click.UsageError(f"{path} exists; pass --force to overwrite it")
    try:
        if target.is_symlink():  # --force replaces the link, never the file it points to
            target.unlink()
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    click.echo(f"wrote {path}; next: model-audit validate {path}", err=True)
