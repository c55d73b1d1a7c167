"""Writers the build runs beside itself, each in a process of its own, so that two cores both work.

A writer is ``python -P -m <module> <arguments> <the build's pid>``; it reads what the build
dumped, writes its files into the build's staging folder and prints what the build should know.
It dies with the build (``die_with_parent``) and never outlives the block that started it.
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
from dataclasses import dataclass, field

from .errors import OutputError, Problem

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In the writer, first: killed if the build is (Linux's PR_SET_PDEATHSIG), never left writing
    into a folder the next build removes; gone at once if the build already is."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        sys.exit(1)


@dataclass
class Writer:
    """A writer running beside the build: ``send`` gives it a line on its standard input; once it is
    done, ``printed`` holds the lines it printed."""

    process: subprocess.Popen
    printed: list[str] = field(default_factory=list)

    def send(self, line: str) -> None:
        """Give the writer a line; to a writer that has already stopped, nothing: it says why when
        the block ends (``beside``)."""
        if self.process.stdin is None:
            raise RuntimeError("the writer was already given its last line")
        try:
            self.process.stdin.write(line.encode("utf-8") + b"\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass

    def last(self, line: str) -> None:
        """Give the writer its last line and close its input: it finishes without waiting for the block to end."""
        self.send(line)
        stdin, self.process.stdin = self.process.stdin, None  # closed here, so not flushed again when the block ends
        with suppress(BrokenPipeError):
            stdin.close()


@contextmanager
def beside(module: str, arguments: list[str], shown: str, what: str) -> Iterator[Writer]:
    """The writer ``module`` running while the block runs; its standard input is closed when the
    block ends (or before, by ``Writer.last``), and the block waits for it.

    However the block ends, the writer is not left running; one that fails is an OutputError
    naming ``shown`` ("cannot write ``what``: " and the last line it wrote to stderr).
    """
    # -P: the package is imported from where it is installed, never from the working folder
    command = [sys.executable, "-P", "-m", module, *arguments, str(os.getpid())]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    output, errors = b"", b""
    with subprocess.Popen(command, **pipes) as process:
        writer = Writer(process)
        try:
            yield writer
            output, errors = process.communicate()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    if process.returncode != 0:
        last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit status {process.returncode}"]
        raise OutputError([Problem(shown, None, f"cannot write {what}: {last[0]}")])
    writer.printed.extend(output.decode("utf-8").splitlines())


def give_back_memory(collect: bool = False) -> None:
    """Return the memory the build has freed to the system (glibc's ``malloc_trim``).

    Freed memory otherwise stays with the process, unused by Python's own small-object arenas:
    once the build has dumped its store and let go of it (``Corpus.close``), the writers beside it
    may use those 0.5 GiB instead. A full collection first only with ``collect``, after unfreezing
    what ``collector.settle`` froze: rdflib's memory store is held by its Dataset's own cycles, but
    Oxigraph's is let go without one, and a full pass took 2 s at 10,000 documents.
    """
    if collect:
        gc.unfreeze()
        gc.collect()
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)
