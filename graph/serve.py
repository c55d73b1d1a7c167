"""A read-only SPARQL endpoint over the built graph, bound to 127.0.0.1 unless told otherwise.

    GET  /sparql?query=...                  SPARQL 1.1 protocol (POST form or application/sparql-query too)
    GET  /queries                           the named queries
    GET  /queries/<name>?<param>=<value>    a named query, parameters bound by the engine

Updates are refused, and so are queries that would reach the network or the file system.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from .query import NamedQuery, QueryError, execute, library

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES}


def negotiate(accept: str, formats: dict) -> tuple[str, object]:
    """The first media type of the Accept header we can write, else the first we know."""
    for part in accept.split(","):
        media = part.split(";")[0].strip()
        if media in formats:
            return media, formats[media]
    media = next(iter(formats))
    return media, formats[media]


def handler_for(store: ox.Store) -> type[BaseHTTPRequestHandler]:
    queries = library()

    class Handler(BaseHTTPRequestHandler):
        server_version = "claimgraph"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: a local tool, not a web server log."""

        def send(self, status: HTTPStatus, body: bytes, media: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{media}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def fail(self, status: HTTPStatus, message: str) -> None:
            self.send(status, json.dumps({"error": message}).encode(), "application/json")

        def answer(self, query: NamedQuery, values: dict[str, str]) -> None:
            try:
                result = execute(store, query, values)
            except QueryError as error:
                self.fail(HTTPStatus.BAD_REQUEST, str(error))
                return
            if isinstance(result, ox.QueryTriples):
                media, fmt = negotiate(self.headers.get("Accept", ""), GRAPH_FORMATS)
            else:
                media, fmt = negotiate(self.headers.get("Accept", ""), RESULT_FORMATS)
            self.send(HTTPStatus.OK, result.serialize(format=fmt), media)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if url.path == "/sparql":
                self.sparql(params)
            elif url.path in ("/", "/queries"):
                listing = [
                    {
                        "name": q.name,
                        "title": q.title,
                        "description": q.description,
                        "parameters": {p.name: p.type for p in q.params},
                        "url": f"/queries/{q.name}",
                    }
                    for q in queries.values()
                ]
                self.send(HTTPStatus.OK, json.dumps(listing, ensure_ascii=False, indent=2).encode(), "application/json")
            elif url.path.startswith("/queries/") and url.path.removeprefix("/queries/") in queries:
                self.answer(queries[url.path.removeprefix("/queries/")], params)
            else:
                self.fail(HTTPStatus.NOT_FOUND, "try /sparql?query=..., /queries or /queries/<name>")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0)).decode("utf-8")
            media = self.headers.get("Content-Type", "").split(";")[0].strip()
            if media == "application/sparql-update" or "update" in parse_qs(body):
                self.fail(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
            elif media == "application/sparql-query":
                self.sparql({"query": body})
            elif urlparse(self.path).path == "/sparql":
                self.sparql({k: v[-1] for k, v in parse_qs(body).items()})
            else:
                self.fail(HTTPStatus.NOT_FOUND, "POST to /sparql")

        def sparql(self, params: dict[str, str]) -> None:
            if "update" in params:
                self.fail(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
            elif "query" not in params:
                self.fail(HTTPStatus.BAD_REQUEST, "missing the query parameter")
            else:
                self.answer(NamedQuery("request", "", "", (), params["query"]), {})

    return Handler


def make_server(store: ox.Store, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """The endpoint, ready to ``serve_forever``; port 0 picks a free port."""
    return ThreadingHTTPServer((host, port), handler_for(store))
