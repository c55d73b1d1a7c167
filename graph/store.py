"""The built graph as an on-disk Oxigraph store (``out/store/``): written once by the build, opened read-only.

Reopening it takes milliseconds where re-parsing ``graph.trig`` took most of a second, and every
reader (CLI, notebook, each ``serve`` worker) shares the same files instead of a private copy.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from .collector import without_collector
from .errors import OutputError, Problem
from .sparql import QueryError

STORE_DIR = "store"
"""The store's folder inside ``out/``."""

BATCH = 100_000
"""Quads per bulk load when the store is written (``write_store``)."""


@without_collector
def write_store(nquads: Path, path: Path) -> None:
    """Load an N-Quads dump of the build's store into a new on-disk store at ``path`` and close it,
    ready to be moved.

    Parsed here rather than bulk-loaded by Oxigraph, whose loaders give blank nodes new labels:
    the store keeps the ones the files write. Added ``BATCH`` quads at a time: one bulk load of a
    million quads held 1.27 GiB, batches of a hundred thousand 0.18 GiB, and took no longer.
    """
    disk = ox.Store(str(path))
    quads = ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS)
    while batch := list(islice(quads, BATCH)):
        disk.bulk_extend(batch)
    disk.flush()
    disk.optimize()
    del disk
    gc.collect()  # the store's files are closed only when the object is gone


def die_with_parent(parent: int) -> None:
    """In the writer, first: killed if the build is (Linux's PR_SET_PDEATHSIG), never left writing
    into a folder the next build removes; gone at once if the build already is."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        sys.exit(1)


PR_SET_PDEATHSIG = 1


@contextmanager
def store_written(store: ox.Store, out: Path, shown: str | None = None) -> Iterator[list[Path]]:
    """``out/store`` written from the build's ``store`` by another process while the block runs.

    Bulk loading holds the interpreter's lock for its whole 15 s at a million triples; in a process
    of its own, from a dump Oxigraph writes in a second or two, it runs beside the other writers.
    The list yielded holds the store's path once the block is done and the store complete. However
    the block ends, the writer is not left running and the dump is removed; a writer that fails is
    an OutputError naming the store as ``shown`` (default: its path).
    """
    path, dump = out / STORE_DIR, out / f".{STORE_DIR}.nq"
    written: list[Path] = []
    errors = b""
    try:
        store.dump(dump, format=ox.RdfFormat.N_QUADS)
        # -P: the package is imported from where it is installed, never from the working folder
        command = [sys.executable, "-P", "-m", "graph.store", str(dump), str(path), str(os.getpid())]
        with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
            try:
                yield written
                _, errors = process.communicate()
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
    finally:
        dump.unlink(missing_ok=True)
    if process.returncode != 0:
        last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit status {process.returncode}"]
        raise OutputError([Problem(shown or str(path), None, f"cannot write the store: {last[0]}")])
    written.append(path)


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
    write_store(Path(sys.argv[1]), Path(sys.argv[2]))
