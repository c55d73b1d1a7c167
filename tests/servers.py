"""Real SPARQL servers on 127.0.0.1 for tests and benchmarks: Oxigraph's server and Virtuoso, on free ports.

In CI (``CI=true``) a server that is not installed fails the run; elsewhere it skips.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@dataclass(frozen=True)
class Store:
    """A running store: where to query it and where to push graphs to."""

    name: str
    query: str
    graph_store: str
    user: str | None = None
    password: str | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing(what: str) -> None:
    import pytest

    message = f"{what} is not installed: `bash .ci/run` installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urlopen(url, timeout=2):
                return
        except HTTPError:
            return  # it answers
        except (URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[Store]:
    """``oxigraph serve`` on a fresh store, the default graph the union of the named graphs."""
    binary = oxigraph_binary()
    if binary is None:
        missing("Oxigraph's server (pip install oxigraph)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/query?query=ASK%7B%7D", process)
        yield Store("oxigraph", f"{base}/query", f"{base}/store")
    finally:
        process.kill()
        process.wait()


@contextlib.contextmanager
def virtuoso_server(folder: Path) -> Iterator[Store]:
    """Debian's Virtuoso on a fresh database in ``folder`` (user dba, password dba)."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.exists():
        missing("Virtuoso (apt-get install virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text(encoding="utf-8")
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db", str(folder))
    ini = re.sub(r"(?m)^ServerPort(\s*)=\s*1111", f"ServerPort\\1= 127.0.0.1:{sql_port}", ini)
    ini = re.sub(r"(?m)^ServerPort(\s*)=\s*8890", f"ServerPort\\1= 127.0.0.1:{http_port}", ini)
    config = folder / "virtuoso.ini"
    config.write_text(ini, encoding="utf-8")
    process = subprocess.Popen(
        [binary, "-c", str(config), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{http_port}"
        wait_until_up(f"{base}/sparql?query=ASK%7B%7D", process, seconds=120)
        yield Store("virtuoso", f"{base}/sparql", f"{base}/sparql-graph-crud-auth", "dba", "dba")
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
