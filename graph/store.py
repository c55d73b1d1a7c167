"""The built graph as an on-disk Oxigraph store (``out/store/``): written once by the build, opened read-only.

Reopening it takes milliseconds where re-parsing ``graph.trig`` took most of a second, and every
reader (CLI, notebook, each ``serve`` worker) shares the same files instead of a private copy.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path

import pyoxigraph as ox

from .aside import beside, die_with_parent
from .collector import without_collector
from .sparql import QueryError

STORE_DIR = "store"
"""The store's folder inside ``out/``."""

BATCH = 100_000
"""Quads per bulk load when the store is written (``write_store``)."""


@without_collector
def write_store(parts: Iterable[Path], path: Path) -> None:
    """Load the parts of a dump of the build's store (N-Quads files, ``dump.py``) into a new on-disk
    store at ``path`` and close it, ready to be moved; ``parts`` may wait for each next part.

    Parsed here rather than bulk-loaded by Oxigraph, whose loaders give blank nodes new labels:
    the store keeps the ones the files write. Added ``BATCH`` quads at a time: one bulk load of a
    million quads held 1.27 GiB, batches of a hundred thousand 0.18 GiB, and took no longer.
    """
    disk = ox.Store(str(path))
    for part in parts:
        quads = ox.parse(path=part, format=ox.RdfFormat.N_QUADS)
        while batch := list(islice(quads, BATCH)):
            disk.bulk_extend(batch)
    disk.flush()
    disk.optimize()
    del disk
    gc.collect()  # the store's files are closed only when the object is gone


@contextmanager
def store_written(first: Path, out: Path, shown: str | None = None) -> Iterator[Callable[[Path], None]]:
    """``out/store`` written by another process while the block runs, from the dump's ``first`` part
    at once and from the last part, once given to the function yielded (the writer then finishes
    without waiting for the block); complete when the block ends.

    Bulk loading takes 15 s at a million triples; in a process of its own it runs beside the
    analysis and the other writers. A writer that fails is an OutputError naming the store as
    ``shown`` (default: its path).
    """
    path = out / STORE_DIR
    with beside("graph.store", [str(first), str(path)], shown or str(path), "the store") as writer:
        yield lambda part: writer.last(str(part))


def store_path(out: Path) -> Path:
    """Where the built store is, or a QueryError saying how to build it."""
    path = out / STORE_DIR
    if not (path / "CURRENT").is_file():
        raise QueryError(f"no built graph at {path}: run `make graph` (or `claimgraph build`) first")
    return path


def open_store(out: Path) -> ox.Store:
    """The built graph of ``out``, opened read-only (an update through it fails)."""
    return ox.Store.read_only(str(store_path(out)))


if __name__ == "__main__":  # the writer ``store_written`` starts: the dump, the store's folder, the build's pid
    die_with_parent(int(sys.argv[3]))
    os.nice(10)  # the build and the RDF files' writer take longer: the cores go to them first
    more = (Path(line.rstrip("\n")) for line in sys.stdin)  # each next part, as the build dumps it
    write_store(chain([Path(sys.argv[1])], more), Path(sys.argv[2]))
