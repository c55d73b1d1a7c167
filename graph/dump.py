"""The build's store dumped to disk in two parts, for the writers beside the build (``aside.py``).

The first part, every quad the annotations and anchoring give, is dumped as soon as anchoring is
done, so that the store's writer loads it while validation and analysis run on the other core
(if validation fails, the writer is stopped); the second, the derived graph, once the analysis is
done. Together they hold every quad of the store,
each once; Oxigraph writes them itself, making no Python object (a second at a million quads).
The writers learn that a later part is complete from a line on their standard input.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .namespaces import DERIVED_GRAPH

DERIVED = ox.NamedNode(str(DERIVED_GRAPH))


def in_graph(ntriples: bytes, graph: ox.NamedNode) -> bytes:
    """N-Triples lines as N-Quads lines of ``graph``.

    A raw newline ends every N-Triples line and occurs nowhere else (literals escape it).

    >>> in_graph(b'<http://x/s> <http://x/p> "a .\\\\n b" .\\n', ox.NamedNode("http://x/g"))
    b'<http://x/s> <http://x/p> "a .\\\\n b" <http://x/g> .\\n'
    """
    return ntriples.replace(b" .\n", f" {graph} .\n".encode())


@dataclass
class Dump:
    """The parts dumped so far (N-Quads files) and the index the RDF writer reads (written with the first)."""

    folder: Path
    parts: list[Path] = field(default_factory=list)
    index: Path | None = None
    dumped: int = 0
    """Quads in the parts."""

    def annotations(self, store: ox.Store, documents: Iterable[str]) -> Path:
        """Dump every quad of ``store`` so far: the first part. Nothing may be derived yet.

        The index is written with it: the parts (the derived graph's is written later, ``derived``),
        the documents' IRIs (for the RDF files' prefixes) and the default graph's N-Triples (none in
        a build: every triple is in the named graph of its file or stage, and the derived part holds
        only its own graph).
        """
        if next(store.quads_for_pattern(None, None, None, DERIVED), None) is not None:
            raise RuntimeError("the derived graph must be empty when the annotations are dumped")
        path = self.folder / ".quads-annotations.nq"
        self.parts.append(path)
        store.dump(path, format=ox.RdfFormat.N_QUADS)
        self.dumped = len(store)
        default = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8")
        self.index = self.folder / ".quads.json"
        index = {"parts": [path.name], "later": [DERIVED.value], "documents": sorted(documents), "default": default}
        self.index.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        return path

    def derived(self, store: ox.Store) -> Path:
        """Dump the derived graph: the second part, which with the first holds every quad of ``store``."""
        triples = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=DERIVED)
        path = self.folder / ".quads-derived.nq"
        self.parts.append(path)
        path.write_bytes(in_graph(triples, DERIVED))
        self.dumped += triples.count(b"\n")
        if self.dumped != len(store):
            raise RuntimeError("after the annotations were dumped, quads were added outside the derived graph")
        return path


@contextmanager
def dumping(folder: Path) -> Iterator[Dump]:
    """A ``Dump`` into ``folder`` for the block; its files are removed after it, however it ends."""
    dump = Dump(folder)
    try:
        yield dump
    finally:
        for path in [*dump.parts, dump.index]:
            if path is not None:
                path.unlink(missing_ok=True)
