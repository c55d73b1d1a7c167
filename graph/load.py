"""Seeds + annotations + ontology -> one rdflib Dataset; parses and locates, nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from .config import Config
from .errors import LoadError, Problem, relative
from .namespaces import GRAPH, ONTOLOGY_GRAPH, PREFIXES, SHARED_GRAPH

PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
SUBJECT_LINE = re.compile(r"^(<[^>\s]*>|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]*)(\s+a\s)?")
PARSE_FORMAT = {"oxigraph": "ox-turtle", "memory": "turtle"}
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


@dataclass
class Corpus:
    """Everything the later stages need, read once."""

    config: Config
    dataset: Dataset
    seeds: dict[str, str]
    files: list[AnnotationFile]

    def locate(self, node: object) -> tuple[str, int | None]:
        """The file and line where ``node`` is written as a subject (first typed place first)."""
        for f in self.files:
            if node in f.definitions:
                return f.name, f.definitions[node][0]
        for f in self.files:
            if node in f.subject_lines:
                return f.name, f.subject_lines[node]
        return relative(self.config.annotations, self.config.root), None

    def document_files(self) -> list[AnnotationFile]:
        return [f for f in self.files if f.stem is not None]


def new_dataset(store: str) -> Dataset:
    """An empty Dataset on the chosen engine, queries seeing the union of its graphs."""
    ds = Dataset(store=RDFLIB_STORE[store], default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def index_subjects(text: str, source: AnnotationFile) -> None:
    """Record the line of every subject written at column 0, and of each typed definition."""
    prefixes = {p: iri for p, iri in PREFIX_LINE.findall(text)}
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


def syntax_problem(error: Exception, name: str) -> Problem:
    """Turn either parser's syntax error into a Problem with its line."""
    if isinstance(error, SyntaxError) and error.lineno:
        message = str(error.msg).split(": ", 1)[-1] if error.msg else str(error)
        return Problem(name, error.lineno, f"Turtle syntax: {message}")
    if isinstance(error, BadSyntax):
        return Problem(name, error.lines + 1, f"Turtle syntax: {error.message}")
    return Problem(name, None, f"Turtle syntax: {error}")


def read_seeds(config: Config, problems: list[Problem]) -> dict[str, str]:
    """Seed texts by file name, exactly as stored: no newline or Unicode normalisation."""
    seeds: dict[str, str] = {}
    for path in sorted(config.seeds.glob("*.txt")):
        try:
            seeds[path.name] = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(
                Problem(relative(path, config.root), None, f"seed is not UTF-8 ({e.reason} at byte {e.start})")
            )
    return seeds


def load(config: Config) -> Corpus:
    """Parse the ontology and every annotation file into one Dataset; raise LoadError with all problems."""
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
    if not seeds:
        problems.append(Problem(relative(config.seeds, config.root), None, "no seed (*.txt) to annotate"))
    dataset = new_dataset(config.store)
    fmt = PARSE_FORMAT[config.store]
    files: list[AnnotationFile] = []

    def parse(path: Path, graph: URIRef, name: str) -> str | None:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(Problem(name, None, f"not UTF-8 ({e.reason} at byte {e.start}): save the file as UTF-8"))
            return None
        try:
            dataset.graph(graph).parse(data=text, format=fmt, publicID=path.resolve().as_uri())
        except (SyntaxError, BadSyntax) as error:
            problems.append(syntax_problem(error, name))
            return None
        return text

    parse(config.ontology, ONTOLOGY_GRAPH, relative(config.ontology, config.root))
    for path in sorted(config.annotations.glob("*.ttl")):
        stem = path.stem if f"{path.stem}.txt" in seeds else None
        name = relative(path, config.root)
        source = AnnotationFile(path, name, GRAPH[stem] if stem else SHARED_GRAPH, stem)
        text = parse(path, source.graph, name)
        if text is not None:
            index_subjects(text, source)
        files.append(source)

    annotated = {f.stem for f in files}
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
    if problems:
        raise LoadError(problems)
    return Corpus(config, dataset, seeds, files)
