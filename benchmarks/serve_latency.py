"""Open + query latency of the built store, and SPARQL over HTTP: ``serve`` against Oxigraph's server and Virtuoso.

For each corpus (the real one, and synthetic ones of ``--docs`` documents): the time to open the
on-disk store read-only and answer a lookup, against re-parsing ``graph.trig``; then requests per
second and p50/p99 latency for a lookup, the echo query and the recurrence query, with 1 and 16
clients on loopback, on ``claimgraph serve`` (embedded Oxigraph in worker processes), Oxigraph's
own server and Virtuoso, each loaded with the same graph. Writes a section of benchmarks/results.md.

    .venv/bin/python benchmarks/serve_latency.py                 # the real corpus
    .venv/bin/python benchmarks/serve_latency.py --docs 1000     # and a synthetic corpus
"""

from __future__ import annotations

import argparse
import http.client
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_corpus

from graph.build import build
from graph.config import Config
from graph.push import Credentials, push
from graph.query import bind, library
from graph.remote import ONE_LINE_PROLOGUE
from graph.serve import Options, make_server
from graph.sparql import QueryError
from graph.store import open_store
from tests.servers import oxigraph_server, virtuoso_server

RESULTS = Path(__file__).parent / "results.md"
BEGIN, END = "<!-- serve_latency: begin -->", "<!-- serve_latency: end -->"
SECONDS = 3.0
REQUEST_TIMEOUT = 30.0
"""A request still unanswered after this counts as an error."""
PUSH_TIMEOUT = 300.0
"""Seconds one graph's PUT may take."""
SLOW_MS = 5000
"""A query slower than this with one client is not run with 16."""


def workload() -> dict[str, str]:
    named = library()
    return {
        "lookup": ONE_LINE_PROLOGUE + "SELECT ?l WHERE { ?e a schema:Person ; rdfs:label ?l } ORDER BY ?l LIMIT 5",
        "echoes": ONE_LINE_PROLOGUE + bind(named["echoes"], {}),
        "recurrence": ONE_LINE_PROLOGUE + bind(named["recurring-figures"], {}),
    }


def load(url: str, query: str, clients: int) -> tuple[float, float, float, int]:
    """Requests per second, p50 and p99 in ms, errors: ``clients`` threads for ``SECONDS`` seconds."""
    parsed = urlparse(url)
    body = urlencode({"query": query})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + SECONDS

    def client() -> None:
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=REQUEST_TIMEOUT)
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                conn.request("POST", parsed.path, body, headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn.close()
            latencies.append(time.monotonic() - started)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    p = lambda q: latencies[int(q * (len(latencies) - 1))] * 1000  # noqa: E731
    return len(latencies) / SECONDS, p(0.5), p(0.99), errors[0]


def open_latency(out: Path) -> tuple[float, float]:
    """Seconds to open the store and answer a lookup, against loading graph.trig into memory first."""
    query = workload()["lookup"]
    started = time.perf_counter()
    list(open_store(out).query(query, use_default_graph_as_union=True))
    opened = time.perf_counter() - started
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=out / "graph.trig", format=ox.RdfFormat.TRIG)
    list(store.query(query, use_default_graph_as_union=True))
    return opened, time.perf_counter() - started


def measure(label: str, out: Path, tmp: Path) -> list[str]:
    triples = len(open_store(out))
    opened, parsed = open_latency(out)
    lines = [
        f"**{label}** ({triples:,} triples): open the store + a lookup {opened * 1000:.0f} ms; "
        f"re-parsing graph.trig + the same lookup {parsed * 1000:.0f} ms.",
        "",
        "| server | query | clients | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    server = make_server(out, "127.0.0.1", 0, Options(workers=2))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoints = [("claimgraph serve", f"http://127.0.0.1:{server.server_address[1]}/sparql", None)]
    try:
        with oxigraph_server(tmp / "ox") as oxi, virtuoso_server(tmp / "virtuoso") as virt:
            for name, store, credentials in (
                ("Oxigraph server", oxi, None),
                ("Virtuoso 7", virt, Credentials(virt.user, virt.password)),
            ):
                started = time.perf_counter()
                try:
                    push(open_store(out), store.graph_store, credentials, timeout=PUSH_TIMEOUT)
                except QueryError as error:
                    lines.insert(1, f"{name}: not measured, the push did not finish ({error}).")
                    continue
                seconds = time.perf_counter() - started
                lines.insert(1, f"{name}: push (a PUT per graph, POSTs past 50,000 triples) {seconds:.1f} s.")
                endpoints.append((name, store.query, None))
            for name, url, _ in endpoints:
                for query_name, text in workload().items():
                    load(url, text, 1)  # warm up
                    single = None
                    for clients in (1, 16):
                        if clients > 1 and single is not None and single > SLOW_MS:
                            lines.append(f"| {name} | {query_name} | {clients} | — | — | — | not run: over 5 s |")
                            continue
                        rps, p50, p99, errors = load(url, text, clients)
                        single = p50
                        lines.append(
                            f"| {name} | {query_name} | {clients} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {errors} |"
                        )
                        print(lines[-1], flush=True)
    finally:
        server.shutdown()
        server.server_close()
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="*", default=[], help="Synthetic corpus sizes (documents) to add.")
    parser.add_argument("--work", type=Path, help="Keep the builds here and reuse them (default: a temporary folder).")
    args = parser.parse_args()
    section = [
        BEGIN,
        "## SPARQL over HTTP (`serve_latency.py`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on the project's machine (2 cores), {SECONDS:g} s per cell, "
        "form POST with JSON results, keep-alive connections; serve runs 2 worker processes. "
        "An error is an answer other than 200: `serve` answers 503 to a request that waited more than "
        "10 s for a free worker or ran past its 10 s limit, and writes at most 10,000 rows (saying so "
        "in a header), as it is configured by default; the other servers run with their defaults.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        root = args.work or Path(tmp)
        out = root / "real"
        build(Config(out=out))
        section += measure("Real corpus", out, Path(tmp) / "real-servers")
        for documents in args.docs:
            out = root / f"out-{documents}"
            if not (out / "store" / "CURRENT").exists():
                config = Config.under(write_corpus(root / f"synthetic-{documents}", documents))
                build(Config(**{**config.__dict__, "out": out}))
            section += measure(f"Synthetic, {documents:,} documents", out, Path(tmp) / f"servers-{documents}")
    section.append(END)
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    if BEGIN in text:
        text = text[: text.index(BEGIN)] + "\n".join(section) + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(section) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
