"""``claimgraph check``: the build's own load, anchor and validate stages, without writing any output.

Checking one document runs the checks on that document's graph, the shared entities, sources and
quantities it names, and the claims of other documents it links to, so it stays fast enough to run
on every save; the messages are the build's, from the same functions. Checking a shared file, or
every file, checks the whole corpus.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Literal, URIRef

from .anchor import anchor
from .config import Config
from .errors import BuildError, Problem, ValidationError, relative
from .load import AnnotationFile, Corpus, load
from .namespaces import CG, CLAIM_LINKS, DOC, ONTOLOGY_GRAPH, PREFIXES, SHARED_GRAPH
from .terms import to_ox as oxigraph_term
from .validate import validate

LINKS = (*CLAIM_LINKS, CG.dateEvidence)
"""Links from a document's file to claims of other documents (a document's dates included)."""


@dataclass(frozen=True)
class CheckResult:
    """The problems of the files checked, how many other files have problems, and how long it took."""

    files: list[str]
    problems: list[Problem]
    elsewhere: int
    seconds: float
    error: type[BuildError] | None = field(default=None)

    @property
    def exit_code(self) -> int:
        return 0 if not self.problems else (self.error.exit_code if self.error else 1)


class UnknownFile(BuildError):
    """A FILE argument that is not an annotation file of the project (exit 2)."""

    exit_code = 2
    headline = "cannot check"


def selected(config: Config, paths: list[Path]) -> list[str]:
    """Annotation files as the build names them; a seed stands for its annotation file."""
    names, problems = [], []
    for path in paths:
        path = Path(path)
        if path.suffix == ".txt":
            path = config.annotations / f"{path.stem}.ttl"
        if not path.is_absolute() and (config.root / path).exists():
            path = config.root / path  # relative to the project first, then to the working folder
        if path.suffix != ".ttl" or path.resolve().parent != config.annotations.resolve() or not path.exists():
            problems.append(
                Problem(
                    str(path),
                    None,
                    f"not an annotation file of this project: give a .ttl file of "
                    f"{relative(config.annotations, config.root)}/",
                )
            )
            continue
        names.append(relative(path, config.root))
    if problems:
        raise UnknownFile(problems)
    return names


def oxigraph_quad(s: object, p: object, o: object, g: object) -> ox.Quad:
    return ox.Quad(oxigraph_term(s), oxigraph_term(p), oxigraph_term(o), oxigraph_term(g))


def quads(corpus: Corpus, store: ox.Store | None, s: object, p: object, o: object, g: URIRef) -> Iterable[ox.Quad]:
    """The quads of graph ``g`` matching a pattern, read from the Oxigraph store when there is one."""
    if store is not None:
        pattern = [None if t is None else oxigraph_term(t) for t in (s, p, o, g)]
        return store.quads_for_pattern(*pattern)
    return (oxigraph_quad(*t, g) for t in corpus.dataset.graph(g).triples((s, p, o)))


def restrict(corpus: Corpus, names: set[str]) -> Corpus:
    """The chosen document files, what they refer to, and nothing else: what one file's checks read.

    Kept: the ontology (SHACL follows its subclasses), every shared node a chosen file names (an
    entity, source or quantity, with all its statements), and every claim of another document it
    links to or dates itself by (so that links and date evidence resolve). What the
    checks then say about other files is partial and is not reported. The copy is made of
    Oxigraph's own quads into a fresh Oxigraph store, the engine validation queries.
    """
    into = ox.Store()  # what validation queries, filled with Oxigraph's own quads (no term conversion)
    dataset = Dataset(store=OxigraphStore(store=into), default_union=True)
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns)
    source_store = corpus.store
    keep: list[AnnotationFile] = []
    others: dict[str, AnnotationFile] = {}
    for f in corpus.files:
        if f.stem is None:
            keep.append(f)
        elif f.name in names:
            keep.append(f)
            into.extend(quads(corpus, source_store, None, None, None, f.graph))
        else:
            others[str(DOC[f.stem])] = f
    into.extend(quads(corpus, source_store, None, None, None, ONTOLOGY_GRAPH))
    mentioned = {
        o for f in keep if f.stem for o in corpus.dataset.graph(f.graph).objects() if not isinstance(o, Literal)
    }
    for node in mentioned:
        into.extend(quads(corpus, source_store, node, None, None, SHARED_GRAPH))
    linked = {o for f in keep if f.stem for p in LINKS for o in corpus.dataset.graph(f.graph).objects(None, p)}
    for claim in linked:
        source = others.get(str(claim).rsplit("/", 1)[0])
        if source is None:
            continue
        document = DOC[source.stem]
        into.extend(
            q
            for q in quads(corpus, source_store, claim, None, None, source.graph)
            if q.predicate.value != str(CG.states) and URIRef(q.predicate.value) not in LINKS
        )
        into.add(oxigraph_quad(claim, CG.reportedIn, document, source.graph))
        into.extend(quads(corpus, source_store, document, None, None, source.graph))
    restricted = Config(**{**corpus.config.__dict__, "store": "oxigraph"})
    return Corpus(restricted, dataset, corpus.seeds, keep)


def check(config: Config, paths: list[Path] | None = None) -> CheckResult:
    """Load, anchor and validate as the build does; report the problems of ``paths`` (all files if none)."""
    started = time.perf_counter()
    names = selected(config, paths) if paths else None
    restricted = False
    found: list[Problem] = []
    error: type[BuildError] | None = None
    try:
        corpus = load(config)
        if names is not None and not set(names) & {f.name for f in corpus.files if f.stem is None}:
            corpus, restricted = restrict(corpus, set(names)), True
        anchors, problems = anchor(corpus)
        corpus.add(anchors)
        validate(corpus, problems)
    except BuildError as failure:
        found, error = failure.problems, type(failure)
    if names is None:
        mine = found
    else:
        mine = [p for p in found if p.file in names]
        if error is not None and error is not ValidationError and not mine:
            mine = found  # the sources could not be loaded at all: say why, wherever it is
    # A restricted check sees other documents only in part: what it finds there is not theirs to report.
    elsewhere = 0 if restricted else len({p.file for p in found} - {p.file for p in mine})
    return CheckResult(names or [], sorted(mine), elsewhere, time.perf_counter() - started, error)
