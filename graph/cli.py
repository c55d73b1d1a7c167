"""The ``claimgraph`` command: parses arguments, calls the package, maps errors to exit codes.

Each command imports what it needs when it runs: reading the built graph (``query``, ``find``)
never loads the build stack (rdflib, pySHACL, networkx, pyvis, jinja2).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .config import Config

if TYPE_CHECKING:
    from .build import BuildResult
    from .query import Rows


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
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Annotated documents", show_edge=False)
    for column in ("seed", "claims", "attributed", "entities", "sources", "figures"):
        table.add_column(column, justify="left" if column == "seed" else "right")
    for d in result.documents:
        table.add_row(d.seed, *(str(v) for v in (d.claims, d.attributed, d.entities, d.sources, d.figures)))
    Console().print(table)
    click.echo(f"{result.triples} triples; {len(result.files)} files in {result.out}")
    for path in result.files:
        if path.suffix != ".html" and path.parent == result.out:
            click.echo(f"  {path.name}")
    click.echo(f"  tables/: {', '.join(p.name for p in result.files if p.parent.name == 'tables')}")
    click.echo(f"Open the HTML views: {result.files[0].resolve().as_uri()}")


built_graph_option = click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the built graph (default: this project's out/).",
)
"""The option of every command that reads the built graph rather than the sources."""


@click.group()
@click.version_option(package_name="claimgraph")
def main() -> None:
    """Claim-provenance knowledge graph of the DeepSeek corpus."""


@main.command("build")
@project_options
@click.option(
    "--no-cache",
    is_flag=True,
    help="Parse, anchor and validate every document again, ignoring (and not keeping) out/cache/.",
)
@click.option(
    "--networks",
    type=click.Choice(["analyses", "all"]),
    default="analyses",
    show_default=True,
    help="GraphML/GEXF to write: the echo network only, or also the whole graph (graph.graphml, graph.gexf).",
)
def build_command(root: Path | None, out: Path | None, store: str, no_cache: bool, networks: str) -> None:
    """Build the validated graph and every output from seeds/, annotations/ and ontology.ttl.

    The whole graph as GraphML and GEXF (large on a large corpus) is written only with
    ``--networks all``. Exit codes: 0 built, 1 the annotations do not validate, 2 the sources
    could not be loaded. On failure the earlier outputs are left as they were.
    """
    from rich.console import Console

    from .build import build
    from .errors import BuildError

    config = Config(**{**config_from(root, out, store).__dict__, "networks": networks})
    notice = lambda message: click.echo(message, err=True)  # noqa: E731
    try:
        if interactive():
            with Console(stderr=True).status("building") as status:
                result = build(
                    config, progress=lambda step: status.update(step), notice=notice, use_cache=not no_cache
                )
        else:
            result = build(config, notice=notice, use_cache=not no_cache)
    except BuildError as error:
        click.echo(error.report(), err=True)
        sys.exit(error.exit_code)
    print_summary(result)


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{pair!r}: write --param name=value", param_hint="--param")
        values[name] = value
    return values


format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
    help="table: for reading (fits the terminal; one result as a record); csv, json: machine values.",
)
wide_option = click.option("--wide", is_flag=True, help="Print every cell in full, however wide the table.")


@main.command("query")
@click.argument("spec")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a declared parameter (repeatable). An IRI may be written ent:elon-musk, elon-musk, "
    "\"Elon Musk\" (a label or surface form) or, for a document, 002.",
)
@format_option
@wide_option
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL endpoint instead of the built graph.")
@built_graph_option
def query_command(
    spec: str, params: tuple[str, ...], fmt: str, wide: bool, endpoint: str | None, out: Path | None
) -> None:
    """Run SPEC on the built graph: a named query (see `claimgraph queries`), a .rq file, or SPARQL text.

    \b
    Exit codes: 0 answered, 1 the query cannot run, 2 a parameter names nothing or several things.
    \b
    Examples:
      claimgraph query claims-by-speaker -p speaker="Elon Musk"
      claimgraph query document-claims -p document=002
      claimgraph query figure-provenance -p measure=qty:deepseek-v3-training-cost --format csv
      claimgraph query 'SELECT ?l WHERE { ?e a schema:Person ; rdfs:label ?l }'
    """
    from .query import NamedQuery, resolve

    try:
        named: NamedQuery = resolve(spec)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    answer(named, parse_params(params), fmt, wide, out, endpoint)


def answer(
    named: object, values: dict[str, str], fmt: str, wide: bool, out: Path | None, endpoint: str | None = None
) -> int:
    """Run a query (on the built graph, or on ``endpoint``) and print its result in ``fmt``; the rows printed."""
    from .query import ParameterError, QueryError, csv_bytes, open_store, select_rows

    try:
        if endpoint:
            from .remote import remote_csv, remote_rows

            if fmt == "csv":
                sys.stdout.flush()
                sys.stdout.buffer.write(remote_csv(endpoint, named, values))
                sys.stdout.buffer.flush()
                return -1
            result = remote_rows(endpoint, named, values)
        else:
            result = None
        store = None if endpoint else open_store(out or Config().out)
        if store is not None and fmt == "csv":
            sys.stdout.flush()
            sys.stdout.buffer.write(csv_bytes(store, named, values))  # as the endpoint sends it: CRLF, lexical forms
            sys.stdout.buffer.flush()
            return -1
        if store is not None:
            result = select_rows(store, named, values)
    except ParameterError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except QueryError as error:
        raise click.ClickException(str(error)) from None
    if isinstance(result, bool):
        click.echo("true" if result else "false")
        return -1
    show(result, fmt, wide)
    return len(result.rows)


def show(result: Rows, fmt: str, wide: bool) -> None:
    from .display import record, table

    if fmt == "json":
        records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    terminal = shutil.get_terminal_size().columns
    if len(result.rows) == 1 and not wide:
        click.echo(record(result.columns, result.rows[0], terminal))
    elif result.rows:
        click.echo(table(result.columns, result.rows, terminal, wide))
    sys.stdout.flush()
    click.echo(f"{len(result.rows)} row(s)", err=True)


def find_and_show(words: tuple[str, ...], kinds: tuple[str, ...], fmt: str, wide: bool, out: Path | None) -> None:
    from .query import Rows, library, open_store, select_rows

    text = " ".join(words)
    named = library()["find"]
    try:
        store = open_store(out or Config().out)
        result = select_rows(store, named, {"text": text})
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if kinds:
        result = Rows(result.columns, [r for r in result.rows if r[result.columns.index("kind")] in kinds])
    if not result.rows:
        from .find import Names

        names = Names.of(store)
        near = [names.describe(i) for i in names.suggest(text)]
        hint = ("; nearest names:\n  " + "\n  ".join(near)) if near else ""
        click.echo(f"nothing matches {text!r} as whole words{hint}", err=True)
        sys.exit(1)
    show(result, fmt, wide)


@main.command("find")
@click.argument("words", nargs=-1, required=True)
@format_option
@wide_option
@built_graph_option
def find_command(words: tuple[str, ...], fmt: str, wide: bool, out: Path | None) -> None:
    """Find entities, sources, measured quantities, documents and claims by name or words.

    Matches labels, surface forms (skos:altLabel), quotes and glosses, ignoring case and accents,
    on whole words: `find tremie` finds Nvidia's Hopper chips ("Trémie"). Each match comes with its
    type, its prefixed IRI (what --param accepts) and the documents it occurs in. The same as
    `claimgraph query find -p text=WORDS`. Exit 1 when nothing matches.
    """
    find_and_show(words, (), fmt, wide, out)


@main.command("entities")
@click.argument("words", nargs=-1, required=True)
@format_option
@wide_option
@built_graph_option
def entities_command(words: tuple[str, ...], fmt: str, wide: bool, out: Path | None) -> None:
    """Look up entities, sources and measured quantities by name: `find` without documents and claims."""
    find_and_show(words, ("entity", "source", "quantity"), fmt, wide, out)


@main.command("coverage")
@project_options
def coverage_command(root: Path | None, out: Path | None, store: str) -> None:
    """List what the annotations leave out: numbers outside figures, quotations and reporting cues
    outside claims, not excluded in annotations/<stem>.coverage.toml. Exit 1 if anything is left."""
    from .anchor import anchor
    from .coverage import document_gaps, exclusion_problems
    from .errors import BuildError, LoadError, relative
    from .load import load

    config = config_from(root, out, store)
    try:
        corpus = load(config)
        anchors, problems = anchor(corpus)
        corpus.add(anchors)
        unreadable = [
            p
            for source in corpus.document_files()
            for p in exclusion_problems(
                config.annotations / f"{source.stem}.coverage.toml",
                relative(config.annotations / f"{source.stem}.coverage.toml", config.root),
            )
        ]
        if unreadable:
            raise LoadError(unreadable)
    except BuildError as error:
        click.echo(error.report(), err=True)
        sys.exit(error.exit_code)
    data = corpus.dataset
    total = 0
    for source in corpus.document_files():
        found = document_gaps(data, corpus.seeds[f"{source.stem}.txt"], source.stem, config.annotations)
        total += len(found)
        click.echo(f"{source.stem}.txt: {len(found)} gap(s)")
        for gap in found:
            click.echo(f"  {gap}")
    for problem in problems:
        click.echo(f"anchoring: {problem}", err=True)
    sys.exit(1 if total or problems else 0)


@main.command("new")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--stem", help="Name of the new seed without .txt (default: the file's own name).")
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Project folder holding seeds/ and annotations/ (default: this project).",
)
def new_command(path: Path, stem: str | None, root: Path | None) -> None:
    """Add the French text PATH as a seed and write a starter annotations/<stem>.ttl of candidates to confirm.

    The text must be UTF-8 and new (a seed is never overwritten, nor added twice); line ends become
    LF. The starter holds the document's metadata and every quotation, reporting cue and figure
    found, with a proposed speaker; each is a cg:Candidate until you confirm it. Then run
    `claimgraph check`. Exit codes: 0 written, 2 nothing written (the reason is printed).
    """
    from rich.console import Console

    from .errors import BuildError
    from .newdoc import new_document

    config = Config.under(root) if root else Config()
    try:
        if interactive():
            with Console(stderr=True).status("finding candidates (spaCy fr_core_news_sm)"):
                result = new_document(config, path, stem)
        else:
            result = new_document(config, path, stem)
    except BuildError as error:
        click.echo(error.report(), err=True)
        sys.exit(error.exit_code)
    figures = sum(len(c.figures) for c in result.claims)
    known = sum(1 for c in result.claims if c.speaker and c.speaker.entity is not None)
    click.echo(f"seed: {result.seed} (SHA-256 {result.sha256})")
    for change in result.changes:
        click.echo(f"  {change}")
    click.echo(f"starter: {result.annotation}")
    click.echo(f"  {len(result.claims)} candidate claim(s), {figures} candidate figure(s), {known} known speaker(s)")
    click.echo("Confirm each candidate (see docs/annotating.md), then run: claimgraph check " + str(result.annotation))


@main.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--store", type=click.Choice(["oxigraph", "memory"]), default="oxigraph", show_default=True,
              help="rdflib store engine.")
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Project folder holding seeds/ and annotations/ (default: this project).",
)
def check_command(files: tuple[Path, ...], store: str, root: Path | None) -> None:
    """Validate annotation FILES (default: all) as the build does, writing no output.

    Same messages as `claimgraph build`. Exit codes: 0 valid, 1 the annotations do not validate,
    2 the sources could not be loaded.
    """
    from .check import check
    from .errors import BuildError, ValidationError

    config = Config.under(root, store=store) if root else Config(store=store)
    try:
        result = check(config, list(files))
    except BuildError as error:
        click.echo(error.report(), err=True)
        sys.exit(error.exit_code)
    what = ", ".join(result.files) if result.files else "all annotation files"
    if result.problems:
        failure = result.error or ValidationError
        click.echo(failure(result.problems).report(), err=True)  # the build's own format
    else:
        click.echo(f"{what}: valid ({result.seconds:.2f} s)")
    if result.elsewhere:
        click.echo(f"({result.elsewhere} other file(s) have problems: run `claimgraph check` to see them)", err=True)
    sys.exit(result.exit_code)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (local only by default).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--cors", metavar="ORIGIN", help="Let browser pages from ORIGIN (or '*') query the endpoint.")
@click.option(
    "--allow-host", "allowed_hosts", multiple=True, metavar="NAME", help="Another Host name to answer for (a proxy)."
)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Query worker processes.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1), help="Seconds per query.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1), help="Rows per result.")
@click.option("--memory", default=1024, show_default=True, type=click.IntRange(256), help="MiB per worker.")
@built_graph_option
def serve_command(
    host: str,
    port: int,
    cors: str | None,
    allowed_hosts: tuple[str, ...],
    workers: int,
    timeout: float,
    max_rows: int,
    memory: int,
    out: Path | None,
) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint: / (query page), /sparql, /queries."""
    from .pool import Limits
    from .query import QueryError
    from .serve import Options, make_server

    limits = Limits(timeout=timeout, max_rows=max_rows, memory=memory * 1024 * 1024)
    options = Options(workers=workers, limits=limits, cors=cors, allowed_hosts=allowed_hosts)
    try:
        server = make_server(out or Config().out, host, port, options)
    except QueryError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from None
    url = f"http://{f'[{host}]' if ':' in host else host}:{server.server_address[1]}"
    click.echo(f"SPARQL endpoint on {url}/sparql (read-only), query page on {url}/ ; Ctrl-C to stop")
    if not server.pool.isolated:
        click.echo("warning: workers could not leave the network here; SERVICE is still refused by parsing", err=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop as on Ctrl-C: close the socket and the workers
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command("push")
@click.option("--endpoint", required=True, metavar="URL", help="The store's Graph Store Protocol URL.")
@click.option("--user", help="User name, if the store asks for one.")
@click.option("--password", envvar="CLAIMGRAPH_PASSWORD", help="Password (or set CLAIMGRAPH_PASSWORD).")
@click.option("--auth", type=click.Choice(["digest", "basic"]), default="digest", show_default=True)
@click.option("--graph-param", default="graph", show_default=True, help="Name of the graph URL parameter.")
@click.option("--query-endpoint", metavar="URL", help="The store's SPARQL query URL (found beside --endpoint).")
@built_graph_option
def push_command(
    endpoint: str,
    user: str | None,
    password: str | None,
    auth: str,
    graph_param: str,
    query_endpoint: str | None,
    out: Path | None,
) -> None:
    """Load the built graph into a triple store: one PUT per named graph (documents, shared, ontology, derived).

    Graphs of the project's namespace that the build no longer has (a removed document's) are
    deleted; no other graph is touched.

    \b
    Examples:
      claimgraph push --endpoint http://127.0.0.1:7878/store
      claimgraph push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --password dba
    """
    from .push import Credentials, push
    from .query import QueryError, open_store

    credentials = Credentials(user, password or "", auth) if user else None
    try:
        store = open_store(out or Config().out)
        pushed = push(store, endpoint, credentials, graph_param, query_endpoint=query_endpoint)
    except QueryError as error:
        raise click.ClickException(str(error)) from None
    for graph, triples in pushed.sent.items():
        click.echo(f"{triples:>7} triples  <{graph}>")
    for graph in pushed.removed:
        click.echo(f"removed  <{graph}> (no longer built)")
    click.echo(f"{sum(pushed.sent.values())} triples in {len(pushed.sent)} graphs replaced at {endpoint}")


@main.command("queries")
def queries_command() -> None:
    """List the named queries of queries/, with what they answer and their parameters."""
    import textwrap

    from .query import QUERIES, library

    queries = library()
    if not queries:
        raise click.ClickException(f"no named queries in {QUERIES}: reinstall claimgraph (`pip install .`)")
    terminal = max(shutil.get_terminal_size().columns, 40)
    for q in queries.values():
        params = " ".join(f"--param {p.name}=<{p.type}>" for p in q.params)
        click.echo(f"{q.name}  {params}".rstrip())
        text = f"{q.title}: {q.description}"
        click.echo(textwrap.fill(text, terminal - 1, initial_indent="    ", subsequent_indent="    "))


if __name__ == "__main__":
    main()
