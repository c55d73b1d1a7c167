"""The one orchestrator: load -> anchor -> validate -> enrich -> analyse -> export, atomically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.graph import ReadOnlyGraphAggregate

from .analysis import records
from .analysis.coincidences import coincidence_triples, coincidences
from .analysis.derived import echo_triples, overlap_triples, recurrence_triples, reliance_triples
from .analysis.echoes import echo_network
from .analysis.recurrence import recurring_figures
from .analysis.reliance import document_overlap
from .analysis.tables import all_tables, labels
from .anchor import anchor_file
from .cache import Cache
from .config import Config
from .enrich import attribution_triples, enrich, own_voices
from .export.html import write_html
from .export.networks import write_networks
from .export.rdf import write_rdf
from .export.tables import write_tables
from .export.views import Corpus as Pages
from .load import Corpus, read_sources
from .namespaces import CG, DERIVED_GRAPH, DOC
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
    config: Config,
    progress: Progress = lambda step: None,
    notice: Progress = lambda message: None,
    use_cache: bool = True,
) -> BuildResult:
    """Build everything from the sources into ``config.out``; on any error ``out`` is untouched.

    ``out`` is checked first (never a folder the build did not write); ``notice`` receives what
    the user must read even in a pipe, such as waiting for another build of the same ``out``.
    With ``use_cache``, documents unchanged since the previous build of ``out`` are not parsed or
    anchored again (``graph/cache.py``); the outputs are the same either way.
    """
    check_destination(config)
    progress("loading seeds, annotations and ontology")
    cache = Cache(config, enabled=use_cache)
    corpus = read_sources(config, cache.reuse)  # unchanged documents come from the cache, anchors included
    progress("anchoring quotes in the seeds")
    anchored = {f.name: anchor_file(corpus, f) for f in cache.changed(corpus)}
    corpus.add(q for quads, _ in anchored.values() for q in quads)
    anchor_problems = [p for _, found in anchored.values() for p in found]
    progress("validating")
    validate(corpus, anchor_problems)
    data = corpus.dataset  # every graph: queries on it see the union
    derived_graph = corpus.dataset.graph(DERIVED_GRAPH)  # enrich's second copy is then the same graph
    progress("deriving attributions")
    enrich(corpus, derived_graph, attribution_triples(data))
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
    enrich(corpus, derived_graph, *derived)
    with publishing(config, notice) as tmp:
        progress("writing RDF")
        files = write_rdf(corpus.dataset, tmp)
        files += write_store(tmp)
        progress("writing tables and networks")
        files += write_tables(tables, tmp)
        every = ReadOnlyGraphAggregate(list(corpus.dataset.graphs()))  # triples of every graph, not quads
        files += write_networks(network, names, every, tables["entities"].to_dict("records"), tmp)
        progress("writing HTML")
        pages = Pages(tables, network, rows.links, corpus.seeds, names)
        files = write_html(pages, tmp) + files
        cache.write(tmp, corpus, {name: quads for name, (quads, _) in anchored.items()})
    files = [config.out / f.relative_to(tmp) for f in files]
    return BuildResult(config.out, files, summarise(corpus, data), len(data))
