"""The process that evaluates queries for ``serve``: no network, capped memory, killed when it overruns.

``serve`` keeps a few of these alive. Each one first leaves the network (a fresh network
namespace, where not even loopback is up) and caps its own address space, then opens the built
store read-only and answers jobs read from stdin: the query text is checked (``check_query``),
run, and its results written in the negotiated format, at most ``max_rows`` rows. A query that
crashes the engine or runs too long takes this process down, never the server.

Wire format, both ways: a 4-byte big-endian length and that many bytes; a job is one JSON frame,
a reply one JSON header frame and one body frame.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import signal
import struct
import sys
from typing import BinaryIO

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def leave_network() -> bool:
    """Move this process into a network namespace of its own; True if it worked.

    Root unshares the network directly; others try a user namespace first. Must run while the
    process has one thread, so before pyoxigraph starts any.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    return libc.unshare(flags) == 0


def cap_memory(limit: int) -> None:
    """Cap this process's address space: an allocation past it fails and the engine aborts, alone."""
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def write_frame(stream: BinaryIO, data: bytes) -> None:
    stream.write(struct.pack(">I", len(data)) + data)


def read_frame(stream: BinaryIO) -> bytes | None:
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack(">I", head)
    return stream.read(size)


def main(argv: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it closes our pipe
    with contextlib.suppress(BrokenPipeError):  # the server went away
        serve(argv[0], int(argv[1]))


def serve(store_dir: str, memory: int) -> None:
    isolated = leave_network()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # nothing but frames on the pipe to the server
    inp = os.fdopen(0, "rb")
    cap_memory(memory)
    sys.setrecursionlimit(40_000)

    import pyoxigraph as ox

    from .results import answer
    from .sparql import check_query

    store = ox.Store.read_only(store_dir)
    check_query("ASK {}")  # builds rdflib's grammar now rather than during the first request
    write_frame(out, json.dumps({"ready": True, "isolated": isolated}).encode())
    out.flush()
    while (frame := read_frame(inp)) is not None:
        header, body = answer(store, json.loads(frame))
        write_frame(out, json.dumps(header).encode())
        write_frame(out, body)
        out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
