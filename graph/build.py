"""The one orchestrator: load -> anchor -> validate -> enrich -> analyse -> export, atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .analysis import records
from .analysis.run import Analysis, DocumentCounts, analyse
from .anchor import anchor_file
from .aside import give_back_memory
from .cache import Cache
from .collector import paused, settle, settling
from .config import Config
from .dump import dumping
from .enrich import attribution_quads
from .errors import relative
from .export.html import write_html
from .export.networks import write_networks
from .export.rdf import rdf_written
from .export.tables import write_tables
from .export.views import Corpus as Pages
from .load import Corpus, read_sources
from .namespaces import DOC
from .publish import check_destination, publishing
from .store import STORE_DIR, store_written
from .validate import oxigraph_store, validate

Progress = Callable[[str], None]


DocumentSummary = DocumentCounts
"""Counts per document, printed by the build so that gaps in annotation show."""


@dataclass(frozen=True)
class BuildResult:
    out: Path
    files: list[Path]
    documents: list[DocumentSummary]
    triples: int


def add_derived(corpus: Corpus, store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    """Add derived quads to the store, once (and to rdflib's memory store when that holds the dataset).

    Streamed into Oxigraph's store: at 10,000 documents half a million quads as Python objects
    were 0.1 GiB at the build's peak.
    """
    if corpus.store is not None:
        store.extend(quads)
        return
    quads = list(quads)
    store.extend(quads)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    corpus.dataset.parse(data=data.decode("utf-8"), format="nquads")


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
    with settling(), closing(Cache(config, enabled=use_cache)) as cache:
        return built(config, cache, progress, notice)


def built(config: Config, cache: Cache, progress: Progress, notice: Progress) -> BuildResult:
    """``build``, its stages one after the other; what each leaves for the rest is ``settle``d."""
    progress("loading seeds, annotations and ontology")
    with paused():  # what loading and anchoring make lasts: no collection would free any of it
        corpus = read_sources(config, cache.reuse)  # unchanged documents come from the cache, anchors included
        progress("anchoring quotes in the seeds")
        anchored = {f.name: anchor_file(corpus, f) for f in cache.changed(corpus)}
        corpus.add(q for quads, _ in anchored.values() for q in quads)
    settle()
    anchor_problems = [p for _, found in anchored.values() for p in found]
    store = oxigraph_store(corpus)  # the corpus's own; on rdflib's memory store, a copy
    whole = config.networks == "all"
    documents = {f"{f.stem}.txt": str(DOC[f.stem]) for f in corpus.document_files()}
    with publishing(config, notice) as tmp, dumping(tmp) as dump:
        first = dump.annotations(store, documents.values())  # the store's writer loads it meanwhile
        with store_written(first, tmp, relative(config.out / STORE_DIR, config.root)) as load_last:
            progress("validating")
            validate(corpus, anchor_problems, graphs=cache.to_validate(corpus))  # after a one-file edit: that file
            entries = cache.entries(corpus, {name: quads for name, (quads, _) in anchored.items()})
            del anchored  # their quads are in the store and, as N-Quads, in ``entries``
            corpus.drop_parses()
            with rdf_written(dump.index, tmp, relative(config.out, config.root)) as rdf:  # beside the analysis
                analysis = analysed(corpus, store, documents, progress)
                settle()
                derived = dump.derived(store)  # the writers' last part: they finish beside what follows
                load_last(derived)
                rdf.last(derived)
                counts = analysis.document_counts(documents)
                tables = analysis.tables()  # last: its entities wait for the bridging computed meanwhile
                progress("writing networks")
                entities = tables["entities"].to_dict("records")
                networks = write_networks(analysis.network, analysis.labels, store, entities, tmp, whole=whole)
                del store
                memory_store = corpus.store is None
                corpus.close()  # the dump holds every quad: the store's memory is the writers' now
                give_back_memory(collect=memory_store)
                progress("writing tables")
                files = write_tables(tables, tmp)
                progress("writing HTML")
                pages = Pages(tables, analysis.network, analysis.records.links, corpus.seeds, analysis.labels, counts)
                html = write_html(pages, tmp, [path.name for path in networks])
                cache.write(tmp, corpus, entries)
                del pages
                give_back_memory()  # the writers beside the build are still at work
                progress("finishing RDF and the store")
    files = [config.out / f.relative_to(tmp) for f in [*html, *rdf.files, *files, *networks, tmp / STORE_DIR]]
    return BuildResult(config.out, files, counts, rdf.triples)


def analysed(corpus: Corpus, store: ox.Store, documents: dict[str, str], progress: Progress) -> Analysis:
    """Enrich and analyse: the analysis, its derived quads added to the store (``documents``: the
    documents' IRIs by seed file name)."""
    progress("deriving attributions")
    add_derived(corpus, store, attribution_quads(store))
    progress("analysing echoes and recurring figures")
    analysis = analyse(records.read(store))
    add_derived(corpus, store, analysis.quads(documents))
    return analysis
