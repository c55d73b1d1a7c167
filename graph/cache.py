"""Incremental builds: what loading and anchoring each document gave, kept for the next build.

The cache is ``cache/`` inside the output folder. It is written into the staging folder with the
other outputs and swapped in with them, so the output marker lists it, a failed build leaves the
previous one as it was, and only a successful build leaves a cache: every document it holds was
valid in that build. One entry per document file, named by the digest of what it depends on
(the program, the file's name, its text and its seed's text), and all of them in one file,
``entries.pack``, each at the place ``manifest.json`` gives (a file per entry made writing the
cache of 10,000 documents cost 7 s of file creations):

- the file's triples in its named graph and its anchors in the anchors graph, as N-Quads (blank
  nodes already have stable names, so a cached parse equals a fresh one);
- then one line of JSON: where each subject is written (the index ``Corpus.locate`` reads), the
  ``@prefix`` lines, and the SHA-256 of the N-Quads.

An unchanged document is loaded from its entry and not anchored again. ``manifest.json`` says
which program and which shared context (ontology, shapes, shared annotation files) the last
build validated the documents in: while that context is unchanged, ``Cache.to_validate`` names
only the changed documents' graphs as needing their own checks again; any change to it, a removed
document, or an edit that stops mentioning a node names them all. Anything unreadable,
truncated or from another program is ignored and rebuilt, never an error.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from .config import Config
from .load import AnnotationFile, Corpus, add_quads, digest, ox_store
from .namespaces import DOC
from .publish import resolved

CACHE_DIR = "cache"
MANIFEST = "manifest.json"
PACK = "entries.pack"
FORMAT = 2
"""Bumped whenever what an entry holds changes."""


def program_key() -> str:
    """The program that made an entry: this package's code and the parsers' versions."""
    h = hashlib.sha256(f"claimgraph cache {FORMAT}\n".encode())
    for package in ("pyoxigraph", "rdflib", "pyshacl"):
        try:
            h.update(f"{package} {version(package)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{package} -\n".encode())
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\n" + path.read_bytes())
    return h.hexdigest()


@dataclass
class Cache:
    """One build's view of the cache: what the previous build left, and what this build reused."""

    config: Config
    enabled: bool = True
    program: str = ""
    previous: dict = field(default_factory=dict)
    reused: dict[str, str] = field(default_factory=dict)
    """Key of each document file loaded from the cache, by file name."""
    pack: mmap.mmap | None = None
    """The previous build's ``entries.pack``, mapped once an entry is read."""

    def __post_init__(self) -> None:
        self.folder = resolved(self.config) / CACHE_DIR
        if self.enabled:
            self.program = program_key()
            self.previous = self.read_manifest()

    def read_manifest(self) -> dict:
        try:
            manifest = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        ok = isinstance(manifest, dict) and manifest.get("format") == FORMAT and manifest.get("program") == self.program
        return manifest if ok else {}

    def entry(self, key: str) -> tuple[bytes, bytes]:
        """The N-Quads and the JSON line of the previous build's entry ``key``; KeyError if it has none,
        ValueError if the pack is shorter than the manifest says."""
        at, nquads, meta = self.previous["entries"][key]
        if self.pack is None:
            try:
                with (self.folder / PACK).open("rb") as file:
                    self.pack = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # missing, unreadable or empty: nothing of it is reused
                self.previous = {}
                raise
        if at + nquads + meta > len(self.pack):
            raise ValueError(f"{PACK} is shorter than {MANIFEST} says")
        return self.pack[at : at + nquads], self.pack[at + nquads : at + nquads + meta]

    def key(self, name: str, text: str, seed: str) -> str:
        return hashlib.sha256(f"{self.program}\n{name}\n{digest(text)}\n{digest(seed)}".encode()).hexdigest()

    def reuse(self, source: AnnotationFile, seed: str, dataset: Dataset) -> bool:
        """Fill ``source`` from its entry, its quads into the store: the ``reuse`` of ``read_sources``."""
        if not self.previous:
            return False
        try:
            text = source.path.read_bytes().decode("utf-8-sig")
            key = self.key(source.name, text, seed)
            data, line = self.entry(key)
            meta = json.loads(line)
            if meta["format"] != FORMAT or meta["key"] != key or hashlib.sha256(data).hexdigest() != meta["nquads"]:
                return False
            subject_lines = {URIRef(n): int(line) for n, line in meta["subject_lines"].items()}
            definitions = {URIRef(n): [int(line) for line in lines] for n, lines in meta["definitions"].items()}
            prefixes = [(int(line), str(p), str(iri)) for line, p, iri in meta["prefixes"]]
            store = ox_store(dataset)
            if store is not None:
                # Oxigraph's loaders give blank nodes new labels: an entry with any is parsed, keeping them
                if b"_:" in data:
                    store.extend(ox.parse(data, format=ox.RdfFormat.N_QUADS, lenient=True))
                else:
                    store.load(data, format=ox.RdfFormat.N_QUADS, lenient=True)  # checked by its digest above
                graph = ox.NamedNode(str(source.graph))
                source.reader = lambda: list(store.quads_for_pattern(None, None, None, graph))
            else:
                quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
                add_quads(dataset, quads)
                source.parsed = [q for q in quads if q.graph_name.value == str(source.graph)]
        except (OSError, ValueError, KeyError, TypeError, SyntaxError, AttributeError):
            return False  # unreadable, truncated or not ours: parsed again
        source.text, source.subject_lines, source.definitions = text, subject_lines, definitions
        source.prefixes = prefixes
        self.reused[source.name] = key
        return True

    def changed(self, corpus: Corpus) -> list[AnnotationFile]:
        """The document files parsed in this build: the ones to anchor (and validate) again."""
        return [f for f in corpus.document_files() if f.name not in self.reused]

    def context(self, corpus: Corpus) -> str:
        """The digest of everything a document is validated against besides itself."""
        documents = {f.name for f in corpus.document_files()}
        shared = sorted((name, d) for name, d in corpus.digests.items() if name not in documents)
        return hashlib.sha256(json.dumps([self.program, shared]).encode()).hexdigest()

    def to_validate(self, corpus: Corpus) -> set[URIRef] | None:
        """The document graphs whose own checks must run again; None: all of them.

        All of them when the context changed, when a document was removed, or when an edit left out
        a node its file mentioned before: what a file says about a node of another file (a label of
        a shared entity) may be what made that node valid, and the node is no longer in the edited
        graph to be checked with it. Blank nodes are the file's own and are checked with it.
        """
        if not self.reused or self.previous.get("context") != self.context(corpus):
            return None
        before = self.previous.get("documents", {})
        if set(before) - {f.name for f in corpus.document_files()}:
            return None
        for source in self.changed(corpus):
            if source.name not in before:
                continue  # a new document: it said nothing before
            try:
                earlier = ox.parse(self.entry(before[source.name])[0], format=ox.RdfFormat.N_QUADS)
                dropped = mentioned(earlier, source) - mentioned(source.triples, source)
            except (OSError, ValueError, SyntaxError, KeyError, TypeError):
                return None  # the previous entry cannot tell
            if dropped:
                return None
        return {URIRef(str(f.graph)) for f in self.changed(corpus)}

    def entries(self, corpus: Corpus, anchors: dict[str, list[ox.Quad]]) -> dict[str, Entry]:
        """The new entries of the documents parsed and anchored in this build (``anchors``: their anchors),
        by file name, made while their quads are at hand; ``write`` writes them.

        As N-Quads they take a sixth of the memory of the quads themselves, which the build then lets go.
        """
        if not self.enabled:
            return {}
        found = {}
        for source in corpus.document_files():
            if source.name in self.reused or source.name not in anchors:
                continue
            key = self.key(source.name, source.text, corpus.seeds[f"{source.stem}.txt"])
            data = ox.serialize([*source.triples, *anchors[source.name]], format=ox.RdfFormat.N_QUADS)
            meta = {
                "format": FORMAT,
                "key": key,
                "nquads": hashlib.sha256(data).hexdigest(),
                "subject_lines": {str(n): line for n, line in source.subject_lines.items()},
                "definitions": {str(n): lines for n, lines in source.definitions.items()},
                "prefixes": [list(p) for p in source.prefixes],
            }
            found[source.name] = Entry(key, data, meta)
        return found

    def write(self, out: Path, corpus: Corpus, entries: dict[str, Entry]) -> None:
        """Write the cache of this build into the staging folder ``out``: unchanged entries copied from
        the previous pack, the new ``entries`` written.

        Never fails the build: a cache that cannot be written is left out, and the next build parses every file.
        """
        if not self.enabled:
            return
        folder = out / CACHE_DIR
        try:
            self.write_entries(folder, corpus, entries)
        except (OSError, ValueError, KeyError):
            shutil.rmtree(folder, ignore_errors=True)  # the outputs are complete without it

    def close(self) -> None:
        """Unmap the previous pack, however the build ends."""
        if self.pack is not None:
            self.pack.close()
            self.pack = None

    def write_entries(self, folder: Path, corpus: Corpus, entries: dict[str, Entry]) -> None:
        folder.mkdir()
        documents: dict[str, str] = {}
        places: dict[str, list[int]] = {}
        with (folder / PACK).open("wb") as pack:
            for source in corpus.document_files():
                if source.name in self.reused:
                    key = self.reused[source.name]
                    data, line = self.entry(key)
                elif (entry := entries.get(source.name)) is not None:
                    key, data = entry.key, entry.data
                    line = (json.dumps(entry.meta, ensure_ascii=False) + "\n").encode("utf-8")
                else:
                    continue
                places[key] = [pack.tell(), len(data), len(line)]
                pack.write(data)
                pack.write(line)
                documents[source.name] = key
        manifest = {
            "format": FORMAT,
            "program": self.program,
            "context": self.context(corpus),
            "documents": documents,
            "entries": places,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Entry:
    """One document's new cache entry: its key, its quads and anchors as N-Quads, and what its JSON line says."""

    key: str
    data: bytes
    meta: dict


def mentioned(quads: Iterable[ox.Quad], source: AnnotationFile) -> set[str]:
    """The IRIs of other files' nodes that the quads of ``source``'s graph name, as subject or object.

    Its own nodes (the document and ``d:<stem>/…``) are left out: they are checked with its graph,
    and a link to one it no longer has is a reference the checks of every graph catch.
    """
    name, own = str(source.graph), str(DOC[source.stem])
    return {
        term.value
        for q in quads
        if q.graph_name.value == name
        for term in (q.subject, q.object)
        if isinstance(term, ox.NamedNode) and term.value != own and not term.value.startswith(own + "/")
    }
