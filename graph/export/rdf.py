"""RDF exports: Turtle (everything), TriG (one named graph per document and per stage), JSON-LD for web developers.

Every file is written from the build's pyoxigraph store, term by term as Oxigraph holds them
(offsets excepted, see ``restored``), in the order of their N-Triples lines: Turtle and TriG by
Oxigraph's serializers, JSON-LD here, already compacted with the package's own
context (``context.jsonld``, copied to ``out/``): ``graph.jsonld`` holds every triple of
``graph.ttl``, one object per resource; ``claims.jsonld`` holds one object per claim with its
speaker, document, anchors, figures, sources and links embedded, as a framing would give them.
"""

from __future__ import annotations

import json
import os
import re
import signal
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from ..aside import Writer, beside, die_with_parent
from ..collector import without_collector
from ..dump import in_graph
from ..namespaces import CG, DOC, OA, PREFIXES

RDF_FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "claims.jsonld", "context.jsonld")

OFFSETS = re.compile(
    rb'(<http://www\.w3\.org/ns/oa#(?:start|end)> "[0-9]+"\^\^<http://www\.w3\.org/2001/XMLSchema#)integer>'
)
"""An offset in N-Triples as Oxigraph's storage keeps it: xsd:integer, where the Web Annotation
vocabulary (and the annotation) says xsd:nonNegativeInteger. The files say what the vocabulary says."""

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Graph = tuple[ox.NamedNode | ox.DefaultGraph, list[bytes]]
"""A graph and its N-Triples lines, as ``Lines`` holds them."""


def restored(ntriples: bytes) -> bytes:
    """N-Triples (or N-Quads) lines with the offsets' datatype back.

    >>> restored(b'<http://x/a> <http://www.w3.org/ns/oa#start> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .')
    b'<http://x/a> <http://www.w3.org/ns/oa#start> "12"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .'
    """
    return OFFSETS.sub(rb"\1nonNegativeInteger>", ntriples)


@dataclass(frozen=True)
class Lines:
    """The store as sorted N-Triples lines, graph by graph: the order every RDF file is written in.

    Oxigraph writes each graph's lines and Python sorts them as bytes, so no term or quad object is
    made until a writer parses them back, a batch at a time; two builds of the same input give the same lines,
    blank nodes included (loading names them by their file, ``load.placed``).
    """

    graphs: list[Graph]
    """Each graph (the default graph first, if it holds anything) with its lines, each ending in a newline."""

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, graph by graph, in line order."""
        return quads_of(self.graphs)

    def distinct(self) -> list[bytes]:
        """Each triple's line once, whatever graphs hold it, sorted: what ``graph.ttl`` merges."""
        return sorted({line for _, lines in self.graphs for line in lines})


def quads_of(graphs: Iterable[Graph]) -> Iterator[ox.Quad]:
    """The quads of graphs given as ``Lines`` holds them, graph by graph, in line order."""
    for graph, lines in graphs:
        data = b"".join(lines)
        if isinstance(graph, ox.NamedNode):
            data = in_graph(data, graph)
        yield from ox.parse(data, format=ox.RdfFormat.N_QUADS)


class Arriving:
    """``Lines`` of a dump whose later parts are still being dumped: each later part holds one named
    graph (``later``, in the order the parts come), and ``arrive`` waits for the next part and gives its ``Lines``.

    The graphs are given in ``Lines``'s order, the first part's at once: a later graph is waited for
    only when its turn comes, so that what sorts before it is written meanwhile. The first part's
    distinct lines are sorted at once too; ``distinct`` then only merges the later lines in.
    """

    def __init__(self, first: Lines, later: list[ox.NamedNode], arrive: Callable[[], Lines]):
        self.first, self.arrive = first, arrive
        self.coming = list(later)
        self.pending = sorted(later, key=lambda graph: graph.value)
        self.arrived: dict[str, list[bytes]] = {}
        self.seen = {line for _, lines in first.graphs for line in lines}
        self.sorted = sorted(self.seen)

    def graphs(self) -> Iterator[Graph]:
        for graph, lines in self.first.graphs:
            while self.pending and isinstance(graph, ox.NamedNode) and self.pending[0].value < graph.value:
                yield from self.take()
            yield graph, lines
        while self.pending:
            yield from self.take()

    def take(self) -> list[Graph]:
        """The next later graph in IRI order (none if empty), once its part has come."""
        graph = self.pending.pop(0)
        while graph.value not in self.arrived:
            part = self.coming.pop(0)
            found = {name.value: lines for name, lines in self.arrive().graphs}
            self.arrived[part.value] = found.get(part.value, [])
        lines = self.arrived[graph.value]
        return [(graph, lines)] if lines else []

    def quads(self) -> Iterator[ox.Quad]:
        return quads_of(self.graphs())

    def distinct(self) -> list[bytes]:
        """As ``Lines.distinct``, once every later part has come (waited for here if need be)."""
        while self.pending:
            self.take()
        new = sorted({line for lines in self.arrived.values() for line in lines} - self.seen)
        merged = self.sorted + new
        merged.sort()  # two sorted runs: one merge
        return merged


@dataclass
class Written:
    """What ``rdf_written`` yields: ``last`` gives its writer the dump's last part; after the block,
    the RDF files (``files``) and the distinct triples of ``graph.ttl`` (``triples``)."""

    writer: Writer
    files: list[Path] = field(default_factory=list)
    triples: int = 0

    def last(self, part: Path) -> None:
        self.writer.last(str(part))


@contextmanager
def rdf_written(index: Path, out: Path, shown: str) -> Iterator[Written]:
    """The RDF files written into ``out`` from a dump of the store (``dump.py``; ``index``, its index)
    by another process while the block runs: from the first part at once, from the later one once
    the block gives it (``Written.last``). A writer that fails is an OutputError naming ``shown``."""
    with beside("graph.export.rdf", [str(index), str(out)], shown, "the RDF files") as writer:
        written = Written(writer)
        yield written
    written.files, written.triples = [out / name for name in RDF_FILES], int(writer.printed[-1])


def write_dumped(index: Path, out: Path, ready: Iterator[str]) -> int:
    """What the writer ``rdf_written`` starts does: the RDF files of a dump; the distinct triples.
    ``ready``: the paths of the later parts, each once it is dumped."""
    described = json.loads(index.read_text(encoding="utf-8"))
    pieces = (piece for name in described["parts"] for piece in chunks(index.parent / name))
    default = described["default"].encode("utf-8")

    def arrive() -> Lines:
        part = next(ready, None)
        if part is None:
            raise SystemExit("the build stopped before the derived graph was dumped")
        return lines_of(chunks(Path(part)))

    later = [ox.NamedNode(name) for name in described["later"]]
    # made in the call: ``write_rdf`` holds the only reference to the lines, and lets go of them as it goes
    _, triples = write_rdf(Arriving(lines_of(pieces, default), later, arrive), described["documents"], out, apart=True)
    return triples


def chunks(path: Path, size: int = 1 << 24) -> Iterator[bytes]:
    """The bytes of ``path`` a whole number of lines at a time (about ``size`` bytes each)."""
    with path.open("rb") as file:
        rest = b""
        while block := file.read(size):
            block = rest + block
            end = block.rfind(b"\n") + 1
            rest = block[end:]
            if end:
                yield block[:end]
        if rest:
            yield rest


def lines_of(nquads: Iterable[bytes], default: bytes = b"") -> Lines:
    """``Lines`` from an N-Quads dump of a store, given as pieces of whole lines, and the N-Triples
    dump of its default graph (whose triples are the dump's lines of three terms).

    A named graph's line ends with its name (an IRI: no space inside), a space and " .":
    cut there, the rest is the triple's N-Triples line.

    >>> lines_of([b'<http://x/s> <http://x/p> "a b" <http://x/g> .\\n']).graphs
    [(<NamedNode value=http://x/g>, [b'<http://x/s> <http://x/p> "a b" .\\n'])]
    """
    own = set(default.splitlines(keepends=True))
    found: dict[bytes, list[bytes]] = defaultdict(list)
    for piece in nquads:
        for line in restored(piece).splitlines(keepends=True):
            if own and line in own:
                continue
            cut = line.rindex(b" ", 0, len(line) - 3)
            found[line[cut + 1 : -3]].append(line[:cut] + b" .\n")
    graphs: list[Graph] = []
    if own:
        graphs.append((ox.DefaultGraph(), sorted(restored(line) for line in own)))
    for name in sorted(found, key=lambda name: name[1:-1]):  # by IRI, as "<a>" and "<a/b>" do not sort
        lines = found.pop(name)
        lines.sort()
        graphs.append((ox.NamedNode(name[1:-1].decode("utf-8")), lines))
    return Lines(graphs)


def parsed(lines: list[bytes], batch: int = 65_536) -> Iterator[ox.Quad]:
    """The statements of N-Triples ``lines``, in their order, parsed a batch at a time."""
    for i in range(0, len(lines), batch):
        yield from ox.parse(b"".join(lines[i : i + batch]), format=ox.RdfFormat.N_TRIPLES)


def store_lines(store: ox.Store) -> Lines:
    """The graphs of ``store`` as ``Lines``, read from its dump in memory (the writer beside the
    build reads the same dump from a file)."""
    default = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return lines_of([store.dump(format=ox.RdfFormat.N_QUADS)], default)


PREFIXED_DOCUMENTS = 200
"""Up to this many documents, each gets its own prefix; beyond, claims are written as full IRIs.

Oxigraph's serializers try every prefix on every IRI they write, so a prefix per document made
writing quadratic: 63 of 87 s of the RDF files at 10,000 documents."""


def document_prefixes(documents: Iterable[str]) -> dict[str, str]:
    """``d000:`` for the claims of document ``d:000_…``, so claims read ``d000:c12`` in Turtle and TriG.

    None past ``PREFIXED_DOCUMENTS`` documents (see there).

    >>> document_prefixes(["https://w3id.org/claimgraph/doc/000_ab"])
    {'d000': 'https://w3id.org/claimgraph/doc/000_ab/'}
    >>> document_prefixes(f"https://w3id.org/claimgraph/doc/{n:05}_ab" for n in range(PREFIXED_DOCUMENTS + 1))
    {}
    """
    documents = set(documents)
    if len(documents) > PREFIXED_DOCUMENTS:
        return {}
    short = {}
    for iri in sorted(documents):
        stem = iri.removeprefix(str(DOC))
        short.setdefault("d" + re.sub(r"\W", "_", stem.split("_")[0]), []).append(iri)
    return {
        name if len(iris) == 1 else "d" + re.sub(r"\W", "_", iri.removeprefix(str(DOC))): iri + "/"
        for name, iris in short.items()
        for iri in iris
    }


RDF_TYPE = str(RDF.type)


@without_collector
def write_rdf(
    lines: Lines | Arriving, documents: Iterable[str], out: Path, apart: bool = False
) -> tuple[list[Path], int]:
    """Write the RDF files of the build's store, as ``lines``, into ``out``: their paths, and how many
    distinct triples ``graph.ttl`` holds. ``documents``: the documents' IRIs, for their prefixes.

    ``graph.trig`` keeps the named graphs apart (one per document; ``shared``; ``ontology``;
    ``anchors``, what anchoring computes; ``derived``, what enrichment and analysis compute), so
    that computed triples can be told from annotations; ``graph.ttl`` merges them (what a triple
    store user loads first). Both are written in line order (``Lines``), so two builds write the
    same bytes; each structure is let go once written, so that the largest is held alone (the
    caller's reference to ``lines`` aside). With ``apart`` (the writer beside the build), a child
    process writes ``claims.jsonld`` meanwhile, on the other core.
    """
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()} | document_prefixes(documents)
    ox.serialize(lines.quads(), out / "graph.trig", format=ox.RdfFormat.TRIG, prefixes=prefixes)
    distinct = lines.distinct()
    del lines
    with forked(lambda: write_graph(out / "claims.jsonld", claim_objects(Subjects(distinct))), apart):
        with graph_file(out / "graph.jsonld") as add:  # one parse of the lines writes graph.ttl and graph.jsonld
            triples = described(parsed(distinct), lambda key, description: add(node(key, {key: description})))
            ox.serialize(triples, out / "graph.ttl", format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        write_json(out / "context.jsonld", {"@context": context()})
    return [out / name for name in RDF_FILES], len(distinct)


@contextmanager
def forked(work: Callable[[], None], apart: bool) -> Iterator[None]:
    """``work`` done by a child of this process while the block runs (``apart``), else after the block.

    Forked, the child shares this process's memory (the lines) instead of reading them again. It
    dies with this process; one that fails (its traceback on the shared stderr) fails the block.
    """
    if not apart:
        yield
        work()
        return
    parent = os.getpid()
    why, said = os.pipe()  # the child's error, in one line, for the parent's
    child = os.fork()
    if child == 0:
        status = 1
        try:
            os.close(why)
            die_with_parent(parent)
            work()
            status = 0
        except BaseException as error:
            traceback.print_exc()
            os.write(said, "".join(traceback.format_exception_only(error)).strip().encode("utf-8")[-2000:])
        finally:
            os._exit(status)
    os.close(said)
    try:
        yield
    except BaseException:
        os.kill(child, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(child, 0)
        with os.fdopen(why, "rb") as pipe:
            error = pipe.read().decode("utf-8", "replace").replace("\n", " ")
    if (code := os.waitstatus_to_exitcode(status)) != 0:
        raise RuntimeError(error or f"the child writing beside this one stopped (exit status {code})")


# --- JSON-LD -------------------------------------------------------------------------------

XSD_STRING, XSD_INTEGER, XSD_NON_NEGATIVE_INTEGER = str(XSD.string), str(XSD.integer), str(XSD.nonNegativeInteger)
XSD_BOOLEAN, XSD_DOUBLE = str(XSD.boolean), str(XSD.double)

Description = Mapping[str, dict[str, list[Term]]]
"""Per subject IRI (or ``_:label``), per predicate IRI, its objects: ``Subjects``."""

EMBED = {
    str(CG.assertedBy),
    str(CG.reportedBy),
    str(CG.reportedIn),
    str(CG.anchor),
    str(CG.cueAnchor),
    str(OA.hasSelector),
    str(CG.states),
    str(CG.cites),
    str(CG.deliveredThrough),
    str(CG.measures),
    "http://www.w3.org/ns/prov#qualifiedAttribution",
}
"""Properties whose objects ``claims.jsonld`` embeds in the claim rather than naming."""

KEPT_WHEN_EMBEDDED = {
    "https://schema.org/author",
    "https://schema.org/publisher",
    "http://www.w3.org/ns/prov#agent",
    "http://www.w3.org/ns/prov#hadRole",
    str(OA.hasSource),
    str(CG.hedge),
}
"""Links an embedded object keeps (as names); its other links (an entity's every claim) stay in graph.jsonld."""


@cache
def context() -> dict:
    """The package's JSON-LD context: prefixes, a term per property and class, coercions."""
    text = resources.files("graph.export").joinpath("context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)["@context"]


@cache
def terms() -> tuple[dict[str, tuple[str, dict]], list[tuple[str, str]]]:
    """(term by IRI with its definition, prefixes longest IRI first) read from the context."""
    ctx = context()
    prefixes = sorted(
        ((name, iri) for name, iri in ctx.items() if isinstance(iri, str) and iri.endswith(("/", "#"))),
        key=lambda item: -len(item[1]),
    )

    def expand(value: str) -> str:
        prefix, _, rest = value.partition(":")
        return ctx[prefix] + rest if isinstance(ctx.get(prefix), str) and not rest.startswith("//") else value

    by_iri = {}
    for name, definition in ctx.items():
        if name.startswith("@") or (isinstance(definition, str) and definition.endswith(("/", "#"))):
            continue
        spec = {"@id": definition} if isinstance(definition, str) else dict(definition)
        spec["@id"] = expand(spec["@id"])
        if "@type" in spec and spec["@type"] != "@id":
            spec["@type"] = expand(spec["@type"])
        by_iri.setdefault(spec["@id"], (name, spec))
    return by_iri, prefixes


@cache
def compact(iri: str) -> str:
    """An IRI in a vocabulary position (``@type``, a key): its term, else ``prefix:local``, else the IRI."""
    by_iri, _ = terms()
    if iri in by_iri and set(by_iri[iri][1]) == {"@id"}:
        return by_iri[iri][0]
    return compact_id(iri)


@cache
def key_of(predicate: str) -> tuple[str, dict]:
    by_iri, _ = terms()
    if predicate in by_iri:
        return by_iri[predicate]
    return compact(predicate), {"@id": predicate}


def literal_value(literal: ox.Literal, spec: dict) -> object:
    """A literal as the context lets it be written: native numbers and booleans, bare strings where the term
    gives the language; a value object otherwise, so that expansion gives back exactly this literal."""
    value, language = literal.value, literal.language
    datatype = literal.datatype.value
    coerced = spec.get("@type")
    if coerced == "@id":
        pass
    elif language:
        if spec.get("@language") == language and coerced is None:
            return value
    elif coerced is not None:
        if datatype == coerced and datatype in (XSD_NON_NEGATIVE_INTEGER, XSD_INTEGER):
            return int(value)
    elif "@language" in spec:
        pass
    elif datatype == XSD_STRING:
        return value
    elif datatype == XSD_INTEGER:
        return int(value)
    elif datatype == XSD_BOOLEAN and value in ("true", "false"):
        return value == "true"
    elif datatype == XSD_DOUBLE:
        number = float(value)
        # a JSON number with a fraction is an xsd:double to every JSON-LD processor, which writes it back
        # with 15 significant digits: native only when that loses nothing
        finite = number == number and abs(number) != float("inf")
        if finite and not number.is_integer() and float(f"{number:.15E}") == number:
            return number
    return {"@value": value, "@language": language} if language else {"@value": value, "@type": compact(datatype)}


@cache
def namespaces() -> dict[str, str]:
    """Prefix name by namespace IRI; where two names share a namespace, the one ``terms`` lists first."""
    found: dict[str, str] = {}
    for name, ns in terms()[1]:
        found.setdefault(ns, name)
    return found


def compact_id(iri: str) -> str:
    """An IRI in an ``@id`` position: ``prefix:local`` (terms are not expanded there), else the IRI.

    The longest namespace that starts the IRI, found by trying the IRI cut after each ``/`` or ``#``
    from the right (every namespace ends with one), never the whole IRI.
    """
    by_ns = namespaces()
    end = len(iri) - 1
    while end > 0:
        cut = max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))
        if cut < 0:
            break
        name = by_ns.get(iri[: cut + 1])
        if name is not None:
            return f"{name}:{iri[cut + 1 :]}"
        end = cut
    return iri


def reference(term: ox.NamedNode | ox.BlankNode, spec: dict) -> object:
    name = compact_id(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"
    return name if spec.get("@type") == "@id" else {"@id": name}


def subject_key(term: ox.NamedNode | ox.BlankNode) -> str:
    """A subject's key in a Description: its IRI, or ``_:label`` for a blank node."""
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


class Subjects(Description):
    """Each subject's description (per predicate IRI, its objects), by IRI or ``_:label``, read from
    its N-Triples lines when asked for: a large graph is never all Python objects at once.

    The lines must be sorted: then each subject's lines are consecutive (they all start with the
    subject and a space, and no other subject's line starts so).
    """

    def __init__(self, lines: list[bytes]):
        self.lines = lines
        self.spans: dict[str, tuple[int, int]] = {}
        first, current = 0, b""
        for i, line in enumerate(lines):
            subject = line[: line.index(b" ")]
            if subject != current:
                if current:
                    self.spans[key_of_subject(current)] = (first, i)
                first, current = i, subject
        if current:
            self.spans[key_of_subject(current)] = (first, len(lines))

    def __getitem__(self, key: str) -> dict[str, list[Term]]:
        first, end = self.spans[key]
        description: dict[str, list[Term]] = defaultdict(list)
        for quad in ox.parse(b"".join(self.lines[first:end]), format=ox.RdfFormat.N_TRIPLES):
            description[quad.predicate.value].append(quad.object)
        return description

    def __contains__(self, key: object) -> bool:
        return key in self.spans

    def __iter__(self) -> Iterator[str]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def written(self, key: str, predicate: str) -> list[str]:
        """The objects of ``key``'s ``predicate`` as N-Triples writes them (``<iri>``, ``"12"^^<…>``),
        read from the lines without parsing them: enough to order claims.

        >>> Subjects([b'<http://x/c> <http://x/p> <http://x/d> .\\n']).written("http://x/c", "http://x/p")
        ['<http://x/d>']
        """
        if key not in self.spans:
            return []
        first, end = self.spans[key]
        start = f"{'<' + key + '>' if not key.startswith('_:') else key} <{predicate}> ".encode()
        return [line[len(start) : -3].decode("utf-8") for line in self.lines[first:end] if line.startswith(start)]

    def typed(self, iri: str) -> list[str]:
        """The subjects of type ``iri``, found in the lines without parsing them."""
        ending = f" <{RDF_TYPE}> <{iri}> .\n".encode()
        return [key_of_subject(line[: line.index(b" ")]) for line in self.lines if line.endswith(ending)]


def described(quads: Iterable[ox.Quad], each: Callable[[str, dict[str, list[Term]]], None]) -> Iterator[ox.Quad]:
    """``quads`` passed on, subject by subject (sorted lines give them so); once a subject's quads have
    passed, its key and description (``Subjects``) go to ``each``."""
    key, description = "", defaultdict(list)
    for quad in quads:
        s = quad.subject
        subject = s.value if type(s) is ox.NamedNode else f"_:{s.value}"
        if subject != key:
            if key:
                each(key, description)
            key, description = subject, defaultdict(list)
        description[quad.predicate.value].append(quad.object)
        yield quad
    if key:
        each(key, description)


def key_of_subject(subject: bytes) -> str:
    """``<iri>`` or ``_:label`` as N-Triples writes a subject, as a key of ``Subjects``: the IRI or ``_:label``.

    >>> key_of_subject(b"<https://w3id.org/claimgraph/entity/deepseek>"), key_of_subject(b"_:b1")
    ('https://w3id.org/claimgraph/entity/deepseek', '_:b1')
    """
    return (subject[1:-1] if subject.startswith(b"<") else subject).decode("utf-8")


def node(
    subject: str,
    subjects: Description,
    embed: frozenset[str] = frozenset(),
    embedded: bool = False,
    shared: dict[str, dict] | None = None,
) -> dict:
    """One resource as a compacted node object; objects of ``embed`` properties described inside it.

    ``shared`` holds the embedded objects of things many claims share (a speaker is embedded in each
    of its claims): each is made once and written wherever it is embedded. A claim's own parts
    (``shared_by_many`` says which) are made where they are embedded and not kept.
    """
    if embedded and shared is not None and subject in shared:
        return shared[subject]
    obj: dict[str, object] = {"@id": subject if subject.startswith("_:") else compact_id(subject)}
    properties = subjects.get(subject, {})
    types = sorted(compact(t.value) for t in properties.get(RDF_TYPE, ()))
    if types:
        obj["@type"] = types[0] if len(types) == 1 else types
    for predicate in sorted(properties, key=lambda p: key_of(p)[0]):
        if predicate == RDF_TYPE:
            continue
        values = properties[predicate]
        if len(values) > 1:
            values = sorted(values, key=lambda o: (isinstance(o, ox.Literal), str(o)))
        if embedded and predicate not in embed and predicate not in KEPT_WHEN_EMBEDDED:
            values = [v for v in values if isinstance(v, ox.Literal)]
        if not values:
            continue
        key, spec = key_of(predicate)
        inside = predicate in embed
        written = []
        for value in values:
            if isinstance(value, ox.Literal):
                written.append(literal_value(value, spec))
            elif inside and (name := subject_key(value)) in subjects:
                written.append(node(name, subjects, embed, embedded=True, shared=shared))
            else:
                written.append(reference(value, spec))
        obj[key] = written[0] if len(written) == 1 else written
    if embedded and shared is not None and shared_by_many(subject):
        shared[subject] = obj
    return obj


DOCUMENTS = str(DOC)


def shared_by_many(subject: str) -> bool:
    """Whether claims may share the thing: not a blank node, nor a node of a document's own
    (``d:003_…/c12-f1``, a claim's figure or anchor), as the identifier scheme has it.

    >>> shared_by_many("https://w3id.org/claimgraph/entity/deepseek"), shared_by_many("https://w3id.org/claimgraph/doc/003_x")
    (True, True)
    >>> shared_by_many("https://w3id.org/claimgraph/doc/003_x/c12-f1"), shared_by_many("_:b1")
    (False, False)
    """
    if subject.startswith("_:"):
        return False
    if subject.startswith(DOCUMENTS):
        return "/" not in subject[len(DOCUMENTS) :]  # the document itself, not one of its nodes
    return True


def claim_objects(subjects: Subjects) -> Iterator[dict]:
    """Every claim as one object, in reading order: by document, then by where its quote starts."""
    claims = subjects.typed(str(CG.Claim))

    def start(c: str) -> int:
        for anchor in subjects.written(c, str(CG.anchor)):
            for selector in subjects.written(key_of_subject(anchor.encode()), str(OA.hasSelector)):
                for value in subjects.written(key_of_subject(selector.encode()), str(OA.start)):
                    return int(value[1 : value.index('"', 1)])
        return -1

    def document(c: str) -> str:
        return next((key_of_subject(d.encode()) for d in subjects.written(c, str(CG.reportedIn))), "")

    ordered = sorted(claims, key=lambda c: (document(c), start(c), c))
    embed, shared = frozenset(EMBED), {}
    return (node(c, subjects, embed, shared=shared) for c in ordered)


def write_json(path: Path, data: object) -> None:
    path.write_text(dumps(data) + "\n", encoding="utf-8")


def write_graph(path: Path, items: Iterable[object]) -> None:
    """``{"@context": …, "@graph": [items]}`` as ``write_json`` writes it, one item at a time: the
    objects of a large graph are never all in memory, nor is the text."""
    with graph_file(path) as add:
        for item in items:
            add(item)


@contextmanager
def graph_file(path: Path) -> Iterator[Callable[[object], None]]:
    """``write_graph`` as a block: each item given to the function yielded is written at once; the
    file is complete when the block ends."""
    with path.open("w", encoding="utf-8") as file:
        file.write('{\n "@context": ' + dumps(context(), 1) + ',\n "@graph": ')
        written = 0

        def add(item: object) -> None:
            nonlocal written
            file.write(("[\n  " if not written else ",\n  ") + dumps(item, 2))
            written += 1

        yield add
        file.write("\n ]\n}\n" if written else "[]\n}\n")


def dumps(data: object, level: int = 0) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=1)``, the same characters, in a fraction of the time:
    with an indent the standard library encodes in Python, one generator per container; here one list
    of pieces, strings escaped by the standard library's own C function. Keys must be strings.
    ``level``: the depth ``data`` is written at inside a larger document (its lines indented so).

    >>> dumps({"a": [1, "é"], "b": {}}) == json.dumps({"a": [1, "é"], "b": {}}, ensure_ascii=False, indent=1)
    True
    """
    pieces: list[str] = []
    encode(data, level, pieces.append)
    return "".join(pieces)


INDENTS = ["\n" + " " * n for n in range(64)]
"""A newline and the indent of each depth (``encode``)."""


def indent(level: int) -> str:
    return INDENTS[level] if level < len(INDENTS) else "\n" + " " * level


def encode(value: object, level: int, add: Callable[[str], None]) -> None:
    """The pieces of ``value`` as ``dumps`` writes it, each given to ``add``.

    A module function, not a closure: a closure that calls itself is a cycle, which only the cyclic
    collector frees, and the RDF writer runs with it paused (hundreds of MB at a million triples).
    """
    escape = json.encoder.encode_basestring
    kind = type(value)
    if kind is str:
        add(escape(value))
    elif kind is dict:
        if not value:
            add("{}")
            return
        inner = indent(level + 1)
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError(f"keys must be strings, not {key!r}")
            add(separator)
            if type(item) is str:  # most values: no call
                add(escape(key) + ": " + escape(item))
            else:
                add(escape(key) + ": ")
                encode(item, level + 1, add)
            separator = "," + inner
        add(inner[:-1] + "}")
    elif kind is list or kind is tuple:
        if not value:
            add("[]")
            return
        inner = indent(level + 1)
        separator = "[" + inner
        for item in value:
            if type(item) is str:
                add(separator + escape(item))
            else:
                add(separator)
                encode(item, level + 1, add)
            separator = "," + inner
        add(inner[:-1] + "]")
    else:
        add(json.dumps(value))  # numbers, booleans, None: as the standard library writes them


if __name__ == "__main__":  # the writer ``rdf_written`` starts: the dump's index, the folder, the build's pid
    import sys

    die_with_parent(int(sys.argv[3]))
    os.nice(10)  # it starts beside validation and the analysis: the cores go to them first
    print(write_dumped(Path(sys.argv[1]), Path(sys.argv[2]), (line.rstrip("\n") for line in sys.stdin)))
