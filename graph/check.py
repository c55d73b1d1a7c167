"""``claimgraph check``: the build's own load, anchor and validate stages, without writing any output.

Checking one document runs the checks on that document's graph, the shared files, and only the
claims of other documents it links to, so it stays fast enough to run on every save; the messages
are the build's, from the same functions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .anchor import anchor
from .config import Config
from .errors import BuildError, Problem, ValidationError, relative
from .load import AnnotationFile, Corpus, load, new_dataset
from .namespaces import CG, CITO, DOC, ONTOLOGY_GRAPH
from .validate import validate

LINKS = (
    CG.echoes,
    CG.repeats,
    CITO.agreesWith,
    CITO.supports,
    CITO.disputes,
    CITO.disagreesWith,
    CITO.refutes,
    CITO.confirms,
)


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
        if not path.is_absolute() and not path.exists():
            path = config.root / path
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


def restrict(corpus: Corpus, names: set[str]) -> Corpus:
    """The chosen document files, every shared file, and the claims of other documents they link to.

    Linked claims keep their own statements (speaker, quote, document) so that links resolve and
    ``cg:repeats`` can still be checked for reading order.
    """
    dataset = new_dataset(corpus.config.store)
    keep: list[AnnotationFile] = []
    others: dict[str, AnnotationFile] = {}
    for f in corpus.files:
        if f.stem is None or f.name in names:
            keep.append(f)
            for triple in corpus.dataset.graph(f.graph):
                dataset.graph(f.graph).add(triple)
        else:
            others[str(DOC[f.stem])] = f
    for triple in corpus.dataset.graph(ONTOLOGY_GRAPH):
        dataset.graph(ONTOLOGY_GRAPH).add(triple)
    linked = {o for f in keep if f.stem for p in LINKS for o in corpus.dataset.graph(f.graph).objects(None, p)}
    for claim in linked:
        stem_iri = str(claim).rsplit("/", 1)[0]
        source = others.get(stem_iri)
        if source is None:
            continue
        g = corpus.dataset.graph(source.graph)
        target = dataset.graph(source.graph)
        document = DOC[source.stem]
        for p, o in g.predicate_objects(claim):
            if p != CG.states and p not in LINKS:
                target.add((claim, p, o))
        target.add((claim, CG.reportedIn, document))
        for p, o in g.predicate_objects(document):
            target.add((document, p, o))
    return Corpus(corpus.config, dataset, corpus.seeds, keep)


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
        validate(corpus, anchor(corpus))
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
