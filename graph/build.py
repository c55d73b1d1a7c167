"""The one orchestrator: load -> anchor -> validate -> enrich -> analyse -> export, atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .analysis import records
from .analysis.coincidences import coincidence_triples, coincidences
from .analysis.derived import echo_triples, overlap_triples, recurrence_triples, reliance_triples
from .analysis.echoes import echo_network
from .analysis.recurrence import recurring_figures
from .analysis.reliance import document_overlap
from .analysis.tables import all_tables, labels
from .anchor import anchor
from .config import Config
from .enrich import attribution_triples, enrich, own_voices
from .export.html import write_html
from .export.networks import write_networks
from .export.rdf import exported_quads, store_of, write_rdf
from .export.tables import write_tables
from .export.views import Corpus as Pages
from .load import Corpus, read_sources
from .namespaces import CG, DOC
from .publish import check_destination, publishing
from .store import write_store
from .validate import validate

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DocumentSummary:
    """Counts per document, printed by the build so that gaps in annotation show."""

    seed: str
    claims: int
    attributed: int
    entities: int
    sources: int
    figures: int


@dataclass(frozen=True)
class BuildResult:
    out: Path
    files: list[Path]
    documents: list[DocumentSummary]
    triples: int


def summarise(corpus: Corpus, data: Graph) -> list[DocumentSummary]:
    summaries = []
    for source in corpus.document_files():
        document = DOC[source.stem]
        claims = set(data.subjects(CG.reportedIn, document))
        own = own_voices(data, document)
        speakers = {data.value(c, CG.assertedBy) for c in claims}
        mentioned = {o for c in claims for o in data.objects(c, CG.about)}
        sources = {o for c in claims for p in (CG.cites, CG.deliveredThrough) for o in data.objects(c, p)}
        figures = {f for c in claims for f in data.objects(c, CG.states)}
        attributed = sum(1 for c in claims if data.value(c, CG.assertedBy) not in own)
        summaries.append(
            DocumentSummary(
                f"{source.stem}.txt",
                len(claims),
                attributed,
                len((speakers | mentioned) - {None}),
                len(sources),
                len(figures),
            )
        )
    return summaries


def build(
    config: Config, progress: Progress = lambda step: None, notice: Progress = lambda message: None
) -> BuildResult:
    """Build everything from the sources into ``config.out``; on any error ``out`` is untouched.

    ``out`` is checked first (never a folder the build did not write); ``notice`` receives what
    the user must read even in a pipe, such as waiting for another build of the same ``out``.
    """
    check_destination(config)
    progress("loading seeds, annotations and ontology")
    corpus = read_sources(config)
    progress("anchoring quotes in the seeds")
    anchor_problems = anchor(corpus)
    progress("validating")
    data = validate(corpus, anchor_problems)
    progress("deriving attributions")
    enrich(corpus, data, attribution_triples(data))
    progress("analysing echoes and recurring figures")
    rows = records.read(corpus.dataset)
    network = echo_network(rows)
    recurring = recurring_figures(rows)
    overlap = document_overlap(rows)
    names = labels(corpus.dataset)
    tables = all_tables(corpus.dataset, rows, network, recurring, overlap, names)
    coinciding = coincidences(corpus.dataset, rows)
    tables["figure_coincidences"] = coinciding.pairs
    documents = {f"{f.stem}.txt": str(DOC[f.stem]) for f in corpus.document_files()}
    derived = (
        echo_triples(network),
        recurrence_triples(recurring),
        reliance_triples(tables["sources"]),
        overlap_triples(overlap, documents),
        coincidence_triples(coinciding),
    )
    enrich(corpus, data, *derived)
    with publishing(config, notice) as tmp:
        progress("writing RDF")
        store = corpus.store or store_of(corpus.dataset)
        quads = exported_quads(store)
        files = write_rdf(quads, tmp)
        files += write_store(quads, tmp)
        progress("writing tables and networks")
        files += write_tables(tables, tmp)
        entities = tables["entities"].to_dict("records")
        whole = config.networks == "all"
        networks = write_networks(network, names, store, entities, tmp, whole=whole)
        files += networks
        progress("writing HTML")
        pages = Pages(tables, network, rows.links, corpus.seeds, names)
        files = write_html(pages, tmp, [path.name for path in networks]) + files
    files = [config.out / f.relative_to(tmp) for f in files]
    return BuildResult(config.out, files, summarise(corpus, data), len(data))
