"""The ``claimgraph`` command: parses arguments, calls the package, maps errors to exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from .build import BuildResult, build
from .config import Config
from .errors import BuildError

err = Console(stderr=True)


def interactive() -> bool:
    """Progress only for a person at a terminal: quiet in pipes and CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def config_from(root: Path | None, out: Path | None, store: str) -> Config:
    base = Config.under(root, store=store) if root else Config(store=store)
    return Config(**{**base.__dict__, "out": out}) if out else base


def project_options(command):
    """Options every command that reads the sources shares."""
    command = click.option(
        "--store",
        type=click.Choice(["oxigraph", "memory"]),
        default="oxigraph",
        show_default=True,
        help="rdflib store engine.",
    )(command)
    command = click.option("--out", type=click.Path(path_type=Path), help="Output folder (default: out/).")(command)
    command = click.option(
        "--root",
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        help="Project folder holding seeds/ and annotations/ (default: this project).",
    )(command)
    return command


def print_summary(result: BuildResult) -> None:
    table = Table(title="Annotated documents", show_edge=False)
    for column in ("seed", "claims", "attributed", "entities", "sources", "figures"):
        table.add_column(column, justify="left" if column == "seed" else "right")
    for d in result.documents:
        table.add_row(d.seed, *(str(v) for v in (d.claims, d.attributed, d.entities, d.sources, d.figures)))
    Console().print(table)
    click.echo(f"{result.triples} triples")
    for path in result.files:
        click.echo(f"wrote {path}")


@click.group()
@click.version_option(package_name="claimgraph")
def main() -> None:
    """Claim-provenance knowledge graph of the DeepSeek corpus."""


@main.command("build")
@project_options
def build_command(root: Path | None, out: Path | None, store: str) -> None:
    """Build the validated graph and every output from seeds/, annotations/ and ontology.ttl.

    Exit codes: 0 built, 1 the annotations do not validate, 2 the sources could not be loaded.
    On failure the earlier outputs are left as they were.
    """
    config = config_from(root, out, store)
    try:
        if interactive():
            with err.status("building") as status:
                result = build(config, progress=lambda step: status.update(step))
        else:
            result = build(config)
    except BuildError as error:
        click.echo(error.report(), err=True)
        sys.exit(error.exit_code)
    print_summary(result)


if __name__ == "__main__":
    main()
