"""A few worker processes (``graph.worker``) that evaluate queries; one that crashes or overruns is replaced.

The server process never evaluates a query itself: a query that kills the engine (a stack
overflow, an allocation past the memory cap) or outlives its timeout costs one worker, killed
with SIGKILL, and a fresh one takes its place.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    """What one query may use."""

    timeout: float = 10.0
    """Seconds of evaluation before its worker is killed."""
    max_rows: int = 10_000
    """Rows (or triples) written at most; a result cut short says so in a header."""
    memory: int = 1024 * 1024 * 1024
    """Address space of a worker process, in bytes."""
    wait: float = 10.0
    """Seconds a request waits for a free worker before a 503."""


@dataclass(frozen=True)
class Reply:
    status: int
    media: str
    body: bytes
    truncated: bool = False


class WorkerDied(Exception):
    """The worker's pipe closed: it crashed, or was killed."""


class Worker:
    """One ``python -m graph.worker`` process and its pipes."""

    def __init__(self, store: Path, memory: int, wait: bool = True):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.worker", str(store), str(memory)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # Under the address-space cap, glibc's per-thread malloc arenas (64 MiB reserved each, up
            # to eight per core) can leave the store's own threads nothing to start with (EAGAIN).
            env={**os.environ, "MALLOC_ARENA_MAX": "2"},
        )
        self.isolated = False
        if wait:
            self.ready()

    def ready(self) -> Worker:
        """Wait for the worker to have opened the store; a worker that does not start is killed."""
        try:
            hello = json.loads(self.receive(time.monotonic() + 60))
        except (TimeoutError, WorkerDied, ValueError, struct.error):
            self.kill()
            raise WorkerDied("a query worker did not start") from None
        self.isolated = bool(hello["isolated"])
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def send(self, frame: bytes) -> None:
        try:
            self.process.stdin.write(struct.pack(">I", len(frame)) + frame)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise WorkerDied from None

    def _read(self, size: int, deadline: float) -> bytes:
        fd = self.process.stdout.fileno()
        chunks, left = [], size
        while left:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise TimeoutError
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                raise WorkerDied
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def receive(self, deadline: float) -> bytes:
        (size,) = struct.unpack(">I", self._read(4, deadline))
        return self._read(size, deadline)

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()


class Pool:
    """``size`` workers over the store at ``store``; ``run`` hands a job to an idle one."""

    def __init__(self, store: Path, size: int = 2, limits: Limits | None = None):
        self.store, self.size, self.limits = store, size, limits or Limits()
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.closed = False
        started = [Worker(store, self.limits.memory, wait=False) for _ in range(size)]  # in parallel
        workers = [w.ready() for w in started]
        self.isolated = all(w.isolated for w in workers)
        for worker in workers:
            self.idle.put(worker)

    def replace(self, worker: Worker) -> None:
        """Kill ``worker`` and start another in the background."""
        worker.kill()

        def start() -> None:
            while not self.closed:
                try:
                    self.idle.put(Worker(self.store, self.limits.memory))
                    return
                except (OSError, WorkerDied, TimeoutError, ValueError) as error:
                    print(f"claimgraph serve: could not start a query worker ({error}); retrying", file=sys.stderr)
                    time.sleep(1)

        threading.Thread(target=start, daemon=True).start()

    def run(self, job: dict) -> Reply:
        try:
            worker = self.idle.get(timeout=self.limits.wait)
        except queue.Empty:
            return error_reply(503, "every query worker is busy; try again shortly")
        try:
            worker.send(json.dumps({**job, "max_rows": self.limits.max_rows}).encode())
            deadline = time.monotonic() + self.limits.timeout
            header = json.loads(worker.receive(deadline))
            body = worker.receive(deadline)
        except TimeoutError:
            self.replace(worker)
            return error_reply(503, f"query stopped: it ran past the {self.limits.timeout:g} s time limit")
        except (WorkerDied, ValueError, struct.error):
            self.replace(worker)
            return error_reply(500, "the query could not be evaluated (its worker failed: too much memory?)")
        self.idle.put(worker)
        return Reply(header["status"], header["media"], body, header.get("truncated", False))

    def pids(self) -> set[int]:
        """The workers idle right now (for tests and diagnostics)."""
        return {w.pid for w in list(self.idle.queue)}

    def close(self) -> None:
        self.closed = True
        while True:
            try:
                self.idle.get_nowait().kill()
            except queue.Empty:
                return


def error_reply(status: int, message: str) -> Reply:
    return Reply(status, "application/json", json.dumps({"error": message}).encode())
