"""The built graph as an on-disk Oxigraph store (``out/store/``): written once by the build, opened read-only.

Reopening it takes milliseconds where re-parsing ``graph.trig`` took most of a second, and every
reader (CLI, notebook, each ``serve`` worker) shares the same files instead of a private copy.
"""

from __future__ import annotations

import ctypes
import gc
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pyoxigraph as ox

from .collector import without_collector
from .errors import OutputError, Problem
from .sparql import QueryError

STORE_DIR = "store"
"""The store's folder inside ``out/``."""


@without_collector
def write_store(nquads: Path, path: Path) -> None:
    """Load an N-Quads dump of the build's store into a new on-disk store at ``path`` and close it,
    ready to be moved.

    Parsed here rather than bulk-loaded by Oxigraph, whose loaders give blank nodes new labels:
    the store keeps the ones the files write.
    """
    disk = ox.Store(str(path))
    disk.bulk_extend(ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS))
    disk.flush()
    disk.optimize()
    del disk
    gc.collect()  # the store's files are closed only when the object is gone


def die_with_parent() -> None:
    """In the writer, before it runs: killed if the build is (Linux's PR_SET_PDEATHSIG), not left writing."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


PR_SET_PDEATHSIG = 1


@contextmanager
def store_written(store: ox.Store, out: Path) -> Iterator[list[Path]]:
    """``out/store`` written from the build's ``store`` by another process while the block runs.

    Bulk loading holds the interpreter's lock for its whole 15 s at a million triples; in a process
    of its own, from a dump Oxigraph writes in a second or two, it runs beside the other writers.
    The list yielded holds the store's path once the block is done and the store complete; an error
    in the block stops the writer. The dump is removed either way.
    """
    path, dump = out / STORE_DIR, out / f".{STORE_DIR}.nq"
    written: list[Path] = []
    try:
        store.dump(dump, format=ox.RdfFormat.N_QUADS)
        command = [sys.executable, "-m", "graph.store", str(dump), str(path)]
        pipe = subprocess.PIPE
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=pipe, preexec_fn=die_with_parent)
        try:
            yield written
        except BaseException:
            process.kill()
            process.wait()
            raise
        _, errors = process.communicate()
    finally:
        dump.unlink(missing_ok=True)
    if process.returncode != 0:
        last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit status {process.returncode}"]
        raise OutputError([Problem(str(path), None, f"cannot write the store: {last[0]}")])
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


if __name__ == "__main__":  # the writer ``store_written`` starts: the dump, then the store's folder
    write_store(Path(sys.argv[1]), Path(sys.argv[2]))
