"""A read-only SPARQL 1.1 Protocol service over the built store, bound to 127.0.0.1 unless told otherwise.

    GET  /                                  a query page (YASGUI, served from the package: works offline)
    GET  /sparql                            the service description (SPARQL 1.1 Service Description)
    GET  /sparql?query=...                  a query (POST as a form or as application/sparql-query too)
    GET  /queries                           the named queries
    GET  /queries/<name>?<param>=<value>    a named query, parameters bound by the engine

This process only speaks HTTP: queries run in worker processes (``graph.pool``) that have no
network, a memory cap and a timeout. Requests are checked before a worker sees them: the Host
header (DNS rebinding), the origin (CORS only with ``--cors``), the media type of a POST (no
``text/plain`` forms from other sites), the size of the body. Idle connections are closed.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from .pool import Limits, Pool, Reply
from .query import NamedQuery, QueryError, bind, library, resolve_names
from .results import GRAPH_MEDIA, negotiate
from .store import open_store, store_path

MAX_BODY = 256 * 1024
"""Largest request body accepted, in bytes (a query is at most 100,000 characters)."""

QUERY_MEDIA = "application/sparql-query"
FORM_MEDIA = "application/x-www-form-urlencoded"
UPDATE_MEDIA = "application/sparql-update"
PAGE_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
"""The query page loads only from this server (YASGUI sets inline styles)."""
STATIC = {
    "yasgui.min.js": "text/javascript",
    "yasgui.min.css": "text/css",
    "page.js": "text/javascript",
    "page.css": "text/css",
}


@dataclass(frozen=True)
class Options:
    """How the service runs."""

    workers: int = 2
    limits: Limits = field(default_factory=Limits)
    cors: str | None = None
    """An origin allowed to call the endpoint from a browser (``*`` for any); None: same origin only."""
    allowed_hosts: tuple[str, ...] = ()
    """Host names accepted besides the bound address and localhost (a reverse proxy's name)."""
    idle_timeout: float = 15.0
    """Seconds a connection may stay silent before it is closed."""
    max_connections: int = 128
    """Connections served at once; more are refused with 503 rather than given a thread each."""


def static_file(name: str) -> bytes:
    return resources.files("graph").joinpath("static", name).read_bytes()


def service_description(endpoint: str, media: str) -> bytes:
    """The SPARQL 1.1 Service Description of this endpoint, in an RDF format."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    turtle = f"""
@prefix sd: <{sd}> .
@prefix fmt: <{formats}> .
<{endpoint}> a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph, sd:BasicFederatedQuery ;
  sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
                  fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:RDF_XML, fmt:JSON-LD ;
  sd:defaultDataset [ a sd:Dataset ;
    sd:defaultGraph [ a sd:Graph ] ;
    sd:namedGraph [ a sd:NamedGraph ; sd:name <https://w3id.org/claimgraph/graph/shared> ] ,
                  [ a sd:NamedGraph ; sd:name <https://w3id.org/claimgraph/graph/ontology> ] ,
                  [ a sd:NamedGraph ; sd:name <https://w3id.org/claimgraph/graph/derived> ] ] .
"""
    # BasicFederatedQuery is not offered: SERVICE is refused. Drop it from the description.
    turtle = turtle.replace(", sd:BasicFederatedQuery", "")
    triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    return ox.serialize([q.triple for q in triples], format=GRAPH_MEDIA[media]) or b""


def page(queries: dict[str, NamedQuery]) -> bytes:
    """The query page: YASGUI pointed at /sparql, the named queries one click away."""
    named = [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "params": [{"name": p.name, "type": p.type, "description": p.description} for p in q.params],
            "text": q.text,
        }
        for q in queries.values()
    ]
    data = json.dumps(named, ensure_ascii=False).replace("<", "\\u003c")
    return static_file("index.html").decode().replace("/*NAMED_QUERIES*/[]", data).encode()


class Server(ThreadingHTTPServer):
    """A thread per connection, at most ``max_connections`` of them, and a listen backlog for 64+ clients."""

    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], pool: Pool, options: Options, names: ox.Store | None = None):
        self.pool, self.options = pool, options
        self.names = names  # the built store, read-only: parameter names (Elon Musk -> ent:elon-musk)
        self.slots = threading.BoundedSemaphore(options.max_connections)
        self.queries = library()
        self.deadlines: dict[socket.socket, float] = {}
        self.deadlines_lock = threading.Lock()
        self.closing = threading.Event()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6  # --host ::1
        super().__init__(address, Handler)
        threading.Thread(target=self.reap, name="reaper", daemon=True).start()

    def expect(self, connection: socket.socket, seconds: float | None) -> None:
        """Give ``connection`` until ``seconds`` from now to deliver its request (None: no deadline)."""
        with self.deadlines_lock:
            if seconds is None:
                self.deadlines.pop(connection, None)
            else:
                self.deadlines[connection] = time.monotonic() + seconds

    def reap(self) -> None:
        """Close connections that trickle a request in too slowly (a per-read timeout alone lets them)."""
        while not self.closing.wait(0.25):
            now = time.monotonic()
            with self.deadlines_lock:
                late = [c for c, deadline in self.deadlines.items() if deadline < now]
                for connection in late:
                    del self.deadlines[connection]
            for connection in late:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)

    def process_request(self, request: socket.socket, client_address: object) -> None:
        if not self.slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up is not worth a traceback; anything else is."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def server_close(self) -> None:
        self.closing.set()
        super().server_close()
        self.pool.close()


def host_allowed(host: str, server: Server) -> bool:
    """The Host header names this server: its bound address, localhost, or a name given with --allow-host."""
    bound, port = server.server_address[:2]
    name, sep, given_port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not sep:
        name, given_port = host, "80"
    if given_port != str(port):
        return False
    name = name.strip("[]").lower()
    if name in ("localhost", bound, *server.options.allowed_hosts):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    wildcard = ipaddress.ip_address(bound).is_unspecified
    return address.is_loopback if ipaddress.ip_address(bound).is_loopback else wildcard


class Handler(BaseHTTPRequestHandler):
    """One connection: HTTP/1.1 keep-alive, closed after ``idle_timeout`` seconds of silence."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms delayed-ACK stall
    server: Server

    def setup(self) -> None:
        self.timeout = self.server.options.idle_timeout
        super().setup()

    def handle_one_request(self) -> None:
        # The whole request (line, headers, body) must arrive within the idle timeout.
        self.server.expect(self.connection, self.server.options.idle_timeout)
        super().handle_one_request()

    def finish(self) -> None:
        self.server.expect(self.connection, None)
        super().finish()

    def version_string(self) -> str:
        return "claimgraph"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a local tool, not a web server log."""

    # --- replies ---------------------------------------------------------------------------------

    def cors_origin(self) -> str | None:
        origin, allowed = self.headers.get("Origin"), self.server.options.cors
        if origin and allowed and (allowed == "*" or origin == allowed):
            return origin if allowed != "*" else "*"
        return None

    def send(self, status: int, body: bytes, media: str, extra: dict[str, str] | None = None) -> None:
        self.server.expect(self.connection, None)
        self.send_response(status)
        charset = "; charset=utf-8" if media.startswith(("text/", "application/")) else ""
        self.send_header("Content-Type", media + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Accept, Origin")
        if origin := self.cors_origin():
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers", "Claimgraph-Truncated")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def fail(self, status: int, message: str) -> None:
        self.send(status, json.dumps({"error": message}).encode(), "application/json")

    def reply(self, reply: Reply) -> None:
        extra = {"Claimgraph-Truncated": str(self.server.pool.limits.max_rows)} if reply.truncated else {}
        self.send(reply.status, reply.body, reply.media, extra)

    # --- checks before anything runs -------------------------------------------------------------

    def refused(self) -> bool:
        """Send the refusal and return True if the request must not be served."""
        host = self.headers.get("Host", "")
        if not host_allowed(host, self.server):
            self.fail(HTTPStatus.MISDIRECTED_REQUEST, f"this server does not answer for Host {host!r}")
            return True
        origin = self.headers.get("Origin")
        same = origin in (f"http://{host}", None)
        if origin and not same and not self.cors_origin():
            self.fail(HTTPStatus.FORBIDDEN, "cross-origin request refused; start serve with --cors ORIGIN to allow it")
            return True
        if self.headers.get("Sec-Fetch-Site") == "cross-site" and not self.cors_origin():
            self.fail(HTTPStatus.FORBIDDEN, "cross-site request refused; start serve with --cors ORIGIN to allow it")
            return True
        return False

    def body(self) -> bytes | None:
        """The request body, or None after a 4xx reply (no length, too long, chunked)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            self.fail(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length, not chunked")
            return None
        raw = self.headers.get("Content-Length")
        if raw is None:
            self.close_connection = True
            self.fail(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
            return None
        if not raw.strip().isdigit():
            self.close_connection = True
            self.fail(HTTPStatus.BAD_REQUEST, f"bad Content-Length {raw!r}")
            return None
        size = int(raw)
        if size > MAX_BODY:
            self.close_connection = True
            self.fail(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY:,} bytes")
            return None
        data = self.rfile.read(size)
        if len(data) < size:
            self.close_connection = True
            return None
        return data

    # --- methods ---------------------------------------------------------------------------------

    def do_OPTIONS(self) -> None:
        if self.refused():
            return
        if not self.cors_origin():
            self.fail(HTTPStatus.FORBIDDEN, "no CORS here; start serve with --cors ORIGIN to allow browsers elsewhere")
            return
        self.send(
            HTTPStatus.NO_CONTENT,
            b"",
            "text/plain",
            {
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "600",
            },
        )

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if self.refused():
            return
        url, queries = urlparse(self.path), self.server.queries
        try:
            params = parse_qs(url.query, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            self.fail(HTTPStatus.BAD_REQUEST, "the query string is not UTF-8")
            return
        if url.path == "/sparql":
            if "update" in params:
                self.fail(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
            elif "query" in params:
                self.sparql(params["query"][-1], params)
            else:
                self.describe()
        elif url.path == "/":
            self.send(
                HTTPStatus.OK,
                page(self.server.queries),
                "text/html",
                {"Content-Security-Policy": PAGE_POLICY},
            )
        elif url.path.startswith("/static/") and url.path.removeprefix("/static/") in STATIC:
            name = url.path.removeprefix("/static/")
            self.send(HTTPStatus.OK, static_file(name), STATIC[name], {"Cache-Control": "max-age=3600"})
        elif url.path == "/queries":
            listing = [
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "parameters": {p.name: p.type for p in q.params},
                    "url": f"/queries/{q.name}",
                }
                for q in self.server.queries.values()
            ]
            self.send(HTTPStatus.OK, json.dumps(listing, ensure_ascii=False, indent=2).encode(), "application/json")
        elif url.path.startswith("/queries/") and url.path.removeprefix("/queries/").removesuffix(".rq") in queries:
            name = url.path.removeprefix("/queries/")
            try:
                named = queries[name.removesuffix(".rq")]
                values = {k: v[-1] for k, v in params.items()}
                if self.server.names is not None:
                    values = resolve_names(self.server.names, named, values)
                text = bind(named, values)
            except QueryError as error:
                self.fail(HTTPStatus.BAD_REQUEST, str(error))
                return
            if name.endswith(".rq"):  # the query text with its parameters bound, for the query page
                self.send(HTTPStatus.OK, text.encode(), QUERY_MEDIA)
            else:
                self.sparql(text, {})
        else:
            self.fail(HTTPStatus.NOT_FOUND, "try /, /sparql?query=..., /queries or /queries/<name>")

    def do_POST(self) -> None:
        if self.refused():
            return
        url = urlparse(self.path)
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if url.path != "/sparql":
            self.fail(HTTPStatus.NOT_FOUND, "POST queries to /sparql")
            return
        if media == UPDATE_MEDIA:
            self.fail(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
            return
        if media not in (QUERY_MEDIA, FORM_MEDIA):
            self.close_connection = True
            self.fail(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"POST a query as {QUERY_MEDIA} or {FORM_MEDIA}, not {media or 'no Content-Type'!r}",
            )
            return
        data = self.body()
        if data is None:
            return
        try:
            text = data.decode("utf-8")
            url_params = parse_qs(url.query, keep_blank_values=True, errors="strict")
            params = url_params if media == QUERY_MEDIA else parse_qs(text, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            self.fail(HTTPStatus.BAD_REQUEST, "the request is not UTF-8")
            return
        if "update" in params:
            self.fail(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
        elif media == QUERY_MEDIA:
            self.sparql(text, params)
        elif "query" in params:
            self.sparql(params["query"][-1], params)
        else:
            self.fail(HTTPStatus.BAD_REQUEST, "missing the query parameter")

    # --- queries ---------------------------------------------------------------------------------

    def describe(self) -> None:
        media = negotiate(self.headers.get("Accept", ""), tuple(GRAPH_MEDIA))
        if media is None:
            self.fail(HTTPStatus.NOT_ACCEPTABLE, f"the service description is RDF: ask for {', '.join(GRAPH_MEDIA)}")
            return
        endpoint = f"http://{self.headers.get('Host')}/sparql"
        self.send(HTTPStatus.OK, service_description(endpoint, media), media)

    def sparql(self, text: str, params: dict[str, list[str]]) -> None:
        job = {
            "query": text,
            "accept": self.headers.get("Accept", ""),
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        self.server.expect(self.connection, None)  # the request is in; the query has its own timeout
        self.reply(self.server.pool.run(job))


def make_server(
    out: Path, host: str = "127.0.0.1", port: int = 8000, options: Options | None = None
) -> Server:
    """The service over the store built in ``out``, ready to ``serve_forever``; port 0 picks a free port."""
    options = options or Options()
    pool = Pool(store_path(out), options.workers, options.limits)
    try:
        return Server((host, port), pool, options, open_store(out))
    except OSError:
        pool.close()
        raise


__all__ = ["Handler", "Limits", "Options", "Server", "make_server"]
