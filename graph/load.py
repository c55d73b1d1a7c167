"""Seeds + annotations + ontology -> one store; parses and locates, nothing else.

Every Turtle file is parsed once, by Oxigraph, and its triples put into the store in the file's
named graph; the rdflib ``Dataset`` over that store is only a view for the stages that still
read rdflib terms.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.parsers.notation3 import BadSyntax

from .config import Config
from .errors import LoadError, Problem, relative
from .namespaces import CG, DOC, GRAPH, ONTOLOGY_GRAPH, PREFIXES, SH, SHARED_GRAPH
from .terms import from_ox

PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
SUBJECT_LINE = re.compile(r"^(<[^>\s]*>|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]*)(\s+a\s)?")
RDFLIB_STORE = {"oxigraph": "Oxigraph", "memory": "default"}


@dataclass
class AnnotationFile:
    """One hand-written Turtle file and where each of its subjects is written."""

    path: Path
    name: str
    graph: URIRef
    stem: str | None
    subject_lines: dict[URIRef, int] = field(default_factory=dict)
    definitions: dict[URIRef, list[int]] = field(default_factory=dict)
    text: str = ""
    parsed: list[ox.Quad] | None = field(default=None, repr=False)
    reader: Callable[[], list[ox.Quad]] | None = field(default=None, repr=False)
    """Where the triples come from when they were not parsed in this run (a cached file: from the store)."""
    prefixes: list[tuple[int, str, str]] = field(default_factory=list)
    """Every ``@prefix`` declaration: (line, prefix, IRI), redefinitions included."""

    @property
    def triples(self) -> list[ox.Quad]:
        """The file's statements, as quads of its graph (read like triples: subject, predicate, object).

        Parsed in this run, or read back from the store on first use when the file came from the cache.
        """
        if self.parsed is None:
            self.parsed = self.reader() if self.reader is not None else []
        return self.parsed

    def line_of(self, needle: str) -> tuple[int, int] | None:
        """Line and column (1-based) where ``needle`` is first written in the file, if it is."""
        i = self.text.find(needle)
        if i < 0:
            return None
        return self.text.count("\n", 0, i) + 1, i - self.text.rfind("\n", 0, i)


@dataclass
class Corpus:
    """Everything the later stages need, read once."""

    config: Config
    dataset: Dataset
    seeds: dict[str, str]
    files: list[AnnotationFile]
    shapes: Graph = field(default_factory=Graph)
    problems: list[Problem] = field(default_factory=list)
    """What could not be loaded (files left out of ``dataset``); validation of the rest still runs."""
    digests: dict[str, str] = field(default_factory=dict)
    """SHA-256 of the text of the ontology, the shapes and every annotation file loaded, by name."""

    @cached_property
    def places(self) -> dict[object, tuple[str, int]]:
        """Where each subject is written: its first typed definition, else its first line as a subject.

        Built once (``files`` is complete when the Corpus is made): locating a problem is a lookup,
        however many problems and files there are.
        """
        found: dict[object, tuple[str, int]] = {}
        for f in reversed(self.files):
            found.update((node, (f.name, line)) for node, line in f.subject_lines.items())
        for f in reversed(self.files):
            found.update((node, (f.name, lines[0])) for node, lines in f.definitions.items())
        return found

    def locate(self, node: object) -> tuple[str, int | None]:
        """The file and line where ``node`` is written as a subject (first typed place first)."""
        place = self.places.get(node)
        if place is not None:
            return place
        return relative(self.config.annotations, self.config.root), None

    @property
    def store(self) -> ox.Store | None:
        """The pyoxigraph store under ``dataset`` (None on rdflib's memory store): fast stages query it directly."""
        return ox_store(self.dataset)

    def document_files(self) -> list[AnnotationFile]:
        return [f for f in self.files if f.stem is not None]

    def drop_parses(self) -> None:
        """Let go of each file's parsed quads, once the stages that read them are done: the store holds
        them (at 600 bytes a quad as Python objects, most of the build's memory at 10,000 documents);
        ``AnnotationFile.triples`` reads them back from it if asked. Kept on rdflib's memory store."""
        store = self.store
        if store is None:
            return
        for source in self.files:
            graph = ox.NamedNode(str(source.graph))
            source.parsed = None
            source.reader = lambda graph=graph: list(store.quads_for_pattern(None, None, None, graph))

    def close(self) -> None:
        """Let go of the store and of every file's quads, once the store is dumped (``dump.py``)
        and the writers beside the build read the dump: the text, the seeds and where things are
        written stay, for the HTML and the cache."""
        for source in self.files:
            source.parsed, source.reader = None, None
        self.dataset.close()  # oxrdflib lets go of its Oxigraph store here, not when a collection finds the
        self.dataset = new_dataset("memory")  # Dataset's own cycles (the build keeps the collector off them)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Put what a stage returned into the one store (converted only on rdflib's memory store)."""
        add_quads(self.dataset, quads)


def ox_store(dataset: Dataset) -> ox.Store | None:
    """The pyoxigraph store under an rdflib Dataset on oxrdflib, None on rdflib's memory store."""
    inner = getattr(dataset.store, "_store", None)
    return inner if isinstance(inner, ox.Store) else None


def add_quads(dataset: Dataset, quads: Iterable[ox.Quad]) -> None:
    """Add quads to the Oxigraph store under ``dataset`` directly, or term by term to rdflib's memory store."""
    inner = ox_store(dataset)
    if inner is not None:
        inner.extend(quads)
        return
    graphs: dict[str, Graph] = {}

    def graph(name: ox.NamedNode) -> Graph:
        if name.value not in graphs:
            graphs[name.value] = dataset.graph(URIRef(name.value))
        return graphs[name.value]

    with quiet_literal_warnings():
        dataset.addN((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), graph(q.graph_name)) for q in quads)


def placed(quads: Iterable[ox.Quad | ox.Triple], graph: URIRef, salt: str) -> list[ox.Quad]:
    """Parsed statements as quads of ``graph``, blank nodes renamed ``b<digest>n<i>`` in order of appearance.

    The names are scoped to their file, as Turtle says, and the same in every run, so that a cached
    parse and a fresh one put the same quads in the store. One Quad is made per statement: making
    Python objects is most of what loading costs.
    """
    name = ox.NamedNode(str(graph))
    names: dict[str, ox.BlankNode] = {}
    prefix = "b" + hashlib.sha256(salt.encode("utf-8")).hexdigest()[:16] + "n"

    def rename(term: ox.BlankNode) -> ox.BlankNode:
        if term.value not in names:
            names[term.value] = ox.BlankNode(f"{prefix}{len(names)}")
        return names[term.value]

    found = []
    for q in quads:
        s, o = q.subject, q.object
        if isinstance(s, ox.BlankNode):
            s = rename(s)
        if isinstance(o, ox.BlankNode):
            o = rename(o)
        found.append(ox.Quad(s, q.predicate, o, name))
    return found


def new_dataset(store: str) -> Dataset:
    """An empty Dataset on the chosen engine, queries seeing the union of its graphs."""
    ds = Dataset(store=RDFLIB_STORE[store], default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def index_subjects(text: str, source: AnnotationFile) -> None:
    """Record the line of every subject written at column 0, and of each typed definition."""
    source.prefixes = [(text.count("\n", 0, m.start()) + 1, m[1], m[2]) for m in PREFIX_LINE.finditer(text)]
    prefixes = {p: iri for _, p, iri in source.prefixes}
    for number, line in enumerate(text.splitlines(), start=1):
        m = SUBJECT_LINE.match(line)
        if not m or line.lstrip().lower().startswith(("@prefix", "prefix", "@base", "base")):
            continue
        token = m.group(1)
        if token.startswith("<"):
            iri = token[1:-1]
        else:
            prefix, _, local = token.partition(":")
            if prefix not in prefixes:
                continue
            iri = prefixes[prefix] + local
        node = URIRef(iri)
        source.subject_lines.setdefault(node, number)
        if m.group(2):
            source.definitions.setdefault(node, []).append(number)


MAX_LINE = 16 * 1024 * 1024
"""Oxigraph's Turtle parser buffers a token in at most 16 MiB; no annotation comes near it."""

STATEMENT_START = re.compile(r"^(?:@?prefix|@?base|<|[A-Za-z_:\[(])", re.IGNORECASE)


@contextmanager
def quiet_literal_warnings() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal it meets; validation reports them with a line instead."""

    def drop(record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal")

    logger = logging.getLogger("rdflib.term")
    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


def syntax_problem(error: Exception, name: str) -> Problem:
    """Turn either parser's syntax error into a Problem with its line (and column when known)."""
    if isinstance(error, SyntaxError) and error.lineno:
        message = str(error.msg).split(": ", 1)[-1] if error.msg else str(error)
        return Problem(name, error.lineno, f"Turtle syntax: {message}", column=error.offset or None)
    if isinstance(error, BadSyntax):
        return Problem(name, error.lines + 1, f"Turtle syntax: {error.message}")
    return Problem(name, None, f"Turtle syntax: {error}")


def read_text(path: Path, name: str, problems: list[Problem], *, what: str = "file") -> str | None:
    """A source file's text, or None with a problem saying why it cannot be read.

    A UTF-8 byte order mark is accepted and dropped: it says only that the file is UTF-8, which
    every source must be. (Seeds keep theirs: their offsets count code points as stored.)
    """
    if path.is_dir():
        problems.append(Problem(name, None, f"is a folder, not a {what}: rename or remove it"))
        return None
    try:
        data = path.read_bytes()
    except OSError as e:
        problems.append(Problem(name, None, f"cannot be read: {e.strerror}"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        problems.append(
            Problem(
                name,
                line,
                f"not UTF-8 ({e.reason}, byte 0x{data[e.start]:02X} at offset {e.start}): save the file as UTF-8",
                column=column,
            )
        )
        return None


def at_last_statement(problem: Problem, lines: list[str]) -> Problem:
    """An error found at the end of the file is shown at the end of its last statement, where it is to fix."""
    last = max((i for i, line in enumerate(lines) if line.strip()), default=0) + 1
    if problem.line is None or problem.line <= last:
        return problem
    return Problem(problem.file, last, problem.message, problem.subject, len(lines[last - 1].rstrip()) + 1)


def syntax_check(text: str, name: str, base: str) -> tuple[list[ox.Quad], list[Problem]]:
    """Parse with Oxigraph; on an error blank the statement out and go on, to report every error at once."""
    lines = text.split("\n")
    for number, line in enumerate(lines if len(text) * 4 > MAX_LINE else [], start=1):  # 4: UTF-8's longest
        if len(line.encode("utf-8")) > MAX_LINE:
            message = f"line of {len(line):,} characters: over the parser's 16 MiB limit; no annotation needs one"
            return [], [Problem(name, number, message)]
    problems: list[Problem] = []
    blanked: set[str] = set()
    for _ in range(200):
        try:
            triples = list(ox.parse("\n".join(lines), format=ox.RdfFormat.TURTLE, base_iri=base))
        except SyntaxError as error:
            problem = syntax_problem(error, name)
            undeclared = re.search(r"The prefix ([\w.-]*): has not been declared", problem.message)
            if undeclared and undeclared[1] in blanked:
                pass  # a consequence of a declaration already reported, or already reported at its first use
            else:
                problems.append(at_last_statement(problem, lines))
            if undeclared:
                blanked.add(undeclared[1])
            at = (error.lineno or 1) - 1
            first = next((i for i in range(min(at, len(lines) - 1), -1, -1) if STATEMENT_START.match(lines[i])), 0)
            after = next((i for i in range(at + 1, len(lines)) if STATEMENT_START.match(lines[i])), len(lines))
            if not any(lines[first:after]):
                break  # nothing left to skip: the error is at the end of the file
            for i in range(first, after):
                m = re.match(r"\s*@?\w+\s+([\w.-]*):?\s*<", lines[i])
                if m:
                    blanked.add(m[1])
                lines[i] = ""
            continue
        except MemoryError:
            return [], [Problem(name, None, "a literal over the parser's 16 MiB limit: no annotation needs one")]
        return ([] if problems else triples), problems
    return [], problems


def read_turtle(path: Path, name: str, problems: list[Problem]) -> tuple[str, list[ox.Quad]] | None:
    """Text and statements (quads of the default graph) of one Turtle file, or None (with every problem in it)."""
    text = read_text(path, name, problems, what="Turtle file")
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem(name, None, "is empty: a Turtle file holds at least its @prefix lines and a statement"))
        return None
    where = path.absolute()  # not resolved: a system call per folder of the path, per file
    triples, found = syntax_check(text, name, where.as_uri())
    found += relative_iri_problems(text, triples, name, where.parent.as_uri())
    problems += found
    return None if found else (text, triples)


def relative_iri_problems(text: str, triples: list[ox.Quad], name: str, base: str) -> list[Problem]:
    """A relative IRI resolves against the file's own location: it would name a file on this machine."""
    written = sorted(
        {
            term.value.removeprefix(base + "/")
            for t in triples
            for term in (t.subject, t.predicate, t.object)
            if isinstance(term, ox.NamedNode) and term.value.startswith(base + "/")
        }
    )
    problems = []
    for iri in written:
        i = text.find(f"<{iri}>")
        line, column = (text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i)) if i >= 0 else (None, None)
        problems.append(
            Problem(
                name,
                line,
                f"relative IRI <{iri}> would name a file on this machine: write a prefixed name (ent:..., src:...) "
                "or a full IRI",
                column=column,
            )
        )
    return problems


def read_seeds(config: Config, problems: list[Problem]) -> dict[str, str]:
    """Seed texts by file name, exactly as stored: no newline or Unicode normalisation."""
    seeds: dict[str, str] = {}
    for path in sorted(config.seeds.glob("*.txt")):
        name = relative(path, config.root)
        if path.is_dir():
            problems.append(Problem(name, None, "is a folder, not a seed: rename or remove it"))
            continue
        try:
            data = path.read_bytes()
            seeds[path.name] = data.decode("utf-8")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            problems.append(
                Problem(name, line, f"seed is not UTF-8 ({e.reason} at byte {e.start}): restore it from git")
            )
        except OSError as e:
            problems.append(Problem(name, None, f"cannot be read: {e.strerror}"))
        else:
            if not seeds[path.name].strip():
                problems.append(Problem(name, None, "seed is empty: restore it from git"))
                del seeds[path.name]
    return seeds


def read_shapes(config: Config, problems: list[Problem], digests: dict[str, str] | None = None) -> Graph | None:
    """The SHACL shapes, or None (with the problem): without them nothing can be validated."""
    name = relative(config.shapes, config.root)
    read = read_turtle(config.shapes, name, problems)
    if read is None:
        return None
    if digests is not None:
        digests[name] = digest(read[0])
    shapes = Graph()
    with quiet_literal_warnings():
        shapes.addN((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), shapes) for t in read[1])
    if (None, RDF.type, SH.NodeShape) not in shapes:
        problems.append(Problem(name, None, "declares no sh:NodeShape: restore the project's shapes.ttl"))
        return None
    return shapes


def declared_document(triples: list[ox.Quad]) -> str | None:
    """The IRI of a cg:Document the file declares, if any."""
    kind, document = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CG.Document))
    return next((t.subject.value for t in triples if t.predicate == kind and t.object == document), None)


def prefix_problems(source: AnnotationFile) -> list[Problem]:
    """The project's prefixes keep their IRIs, and ``:`` in a document file is that document's namespace,
    so that a copied header cannot move one document's claims into another."""
    problems = []
    standard = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    for line, prefix, iri in source.prefixes:
        if prefix == "" and source.stem is not None and iri != f"{DOC[source.stem]}/":
            problems.append(
                Problem(
                    source.name,
                    line,
                    f"@prefix : is <{iri}>, but this file annotates {source.stem}.txt: "
                    f"write @prefix : <{DOC[source.stem]}/> .",
                )
            )
        elif prefix in standard and iri != standard[prefix]:
            problems.append(
                Problem(
                    source.name,
                    line,
                    f"@prefix {prefix}: is <{iri}>, but the project's {prefix}: is <{standard[prefix]}>: "
                    "use the project's IRI (see README.md, Namespaces)",
                )
            )
    return problems


Reuse = Callable[[AnnotationFile, str, Dataset], bool]
"""Fills a document file from the cache (text, index, triples in the store) and says so, given its seed."""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_sources(config: Config, reuse: Reuse | None = None) -> Corpus:
    """Parse the ontology, the shapes and every annotation file into one store, collecting every problem.

    Files that cannot be loaded are left out and their problems kept in ``Corpus.problems``, so
    that the files that did load are still validated. Raises LoadError when nothing can be
    validated (a source folder, the ontology or the shapes unusable). ``reuse`` may fill a
    document file from an earlier build instead (see ``graph/cache.py``).
    """
    problems: list[Problem] = []
    for what, path in (
        ("seeds folder", config.seeds),
        ("annotations folder", config.annotations),
        ("ontology", config.ontology),
        ("shapes", config.shapes),
    ):
        if not path.exists():
            problems.append(Problem(relative(path, config.root), None, f"the {what} is missing"))
    if problems:
        raise LoadError(problems)

    seeds = read_seeds(config, problems)
    dataset = new_dataset(config.store)
    digests: dict[str, str] = {}
    fatal = False

    with quiet_literal_warnings():
        ontology_name = relative(config.ontology, config.root)
        ontology = read_turtle(config.ontology, ontology_name, problems)
        if ontology is None:
            fatal = True
        else:
            add_quads(dataset, placed(ontology[1], ONTOLOGY_GRAPH, f"{ontology_name}\n{ontology[0]}"))
            digests[ontology_name] = digest(ontology[0])
        shapes = read_shapes(config, problems, digests)
        fatal = fatal or shapes is None
        files: list[AnnotationFile] = []
        for path in sorted(config.annotations.glob("*.ttl")):
            stem = path.stem if f"{path.stem}.txt" in seeds else None
            name = relative(path, config.root)
            source = AnnotationFile(path, name, GRAPH[stem] if stem else SHARED_GRAPH, stem)
            if reuse is not None and stem is not None and reuse(source, seeds[f"{stem}.txt"], dataset):
                digests[name] = digest(source.text)
                files.append(source)
                continue
            read = read_turtle(path, name, problems)
            if read is None:
                continue
            source.text, source.parsed = read[0], placed(read[1], source.graph, f"{name}\n{read[0]}")
            digests[name] = digest(source.text)
            index_subjects(source.text, source)
            wrong = prefix_problems(source)
            if wrong:
                problems += wrong  # its subjects would land in another namespace: every message would mislead
                continue
            document = declared_document(source.triples)
            if stem is None and document is not None:
                seed = document.removeprefix(str(DOC))
                line = source.definitions.get(URIRef(document), [None])[0]
                if (config.seeds / f"{seed}.txt").exists():
                    continue  # the seed is there but unreadable: its own problem says why
                problems.append(
                    Problem(
                        name,
                        line,
                        f"annotates {relative(config.seeds / seed, config.root)}.txt, which is missing: restore the "
                        "seed (seeds are never edited), or remove this file",
                    )
                )
                continue
            add_quads(dataset, source.triples)
            files.append(source)

    annotated = {f.stem for f in files} | {p.stem for p in config.annotations.glob("*.ttl")}
    for seed in seeds:
        stem = seed.removesuffix(".txt")
        if stem not in annotated:
            problems.append(
                Problem(
                    relative(config.seeds / seed, config.root),
                    None,
                    f"seed has no annotation file: create {relative(config.annotations, config.root)}/{stem}.ttl",
                )
            )
    if not seeds and not problems:
        problems.append(Problem(relative(config.seeds, config.root), None, "no seed (*.txt) to annotate"))
    if fatal or not seeds:
        raise LoadError(problems)
    return Corpus(config, dataset, seeds, files, shapes, problems, digests)


def load(config: Config) -> Corpus:
    """Everything read, or LoadError with every problem (for callers that need the whole corpus)."""
    corpus = read_sources(config)
    if corpus.problems:
        raise LoadError(corpus.problems)
    return corpus
