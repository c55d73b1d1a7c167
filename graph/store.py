"""The built graph as an on-disk Oxigraph store (``out/store/``): written once by the build, opened read-only.

Reopening it takes milliseconds where re-parsing ``graph.trig`` took most of a second, and every
reader (CLI, notebook, each ``serve`` worker) shares the same files instead of a private copy.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .collector import without_collector
from .sparql import QueryError

STORE_DIR = "store"
"""The store's folder inside ``out/``."""


@without_collector
def write_store(quads: Iterable[ox.Quad], out: Path) -> list[Path]:
    """Write ``quads`` (``exported_quads``: what ``graph.trig`` holds) into a new on-disk store at
    ``out/store`` and close it, ready to be moved; bulk-loaded from memory, without parsing a file."""
    path = out / STORE_DIR
    store = ox.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    store.optimize()
    del store
    gc.collect()  # the store's files are closed only when the object is gone
    return [path]


def store_path(out: Path) -> Path:
    """Where the built store is, or a QueryError saying how to build it."""
    path = out / STORE_DIR
    if not (path / "CURRENT").is_file():
        raise QueryError(f"no built graph at {path}: run `make graph` (or `claimgraph build`) first")
    return path


def open_store(out: Path) -> ox.Store:
    """The built graph of ``out``, opened read-only (an update through it fails)."""
    return ox.Store.read_only(str(store_path(out)))
