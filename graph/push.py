"""The built graph into an existing triple store, through the SPARQL 1.1 Graph Store Protocol.

One HTTP ``PUT`` per named graph (each document, ``shared``, ``ontology``, ``anchors``, ``derived``): a PUT
replaces the whole graph in one request, so a re-push of a changed corpus leaves no stale
triple behind and a reader never sees a half-loaded graph (a graph of more than ``CHUNK``
triples: a PUT of the first chunk, which replaces, then POSTs of the rest). Then the graphs of the project's
namespace (``…/graph/``) that the build no longer has, a removed document's, are found with a
SPARQL query and deleted one by one; a graph outside that namespace is never touched.
"""

from __future__ import annotations

import base64
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import quote

import pyoxigraph as ox

from .namespaces import GRAPH
from .sparql import QueryError

QUERY_BESIDE = (
    ("/sparql-graph-crud-auth", "/sparql"),  # Virtuoso
    ("/sparql-graph-crud", "/sparql"),
    ("/store", "/query"),  # Oxigraph's server
    ("/data", "/sparql"),  # Fuseki
    ("/rdf-graphs/service", ""),  # GraphDB, RDF4J
)
"""Graph Store URL endings and the query URL beside them, for the stores the README lists."""

CHUNK = 50_000
"""Triples per request. Virtuoso loads about 10,000 triples a second through the protocol, so a
request of this size takes seconds, never the minutes of a whole large graph in one body."""


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str
    scheme: str = "digest"
    """``digest`` (Virtuoso's ``/sparql-graph-crud-auth``) or ``basic``."""


def authorization(url: str, method: str, credentials: Credentials | None) -> dict[str, str]:
    """The Authorization header for one request, sent up front.

    A server that challenges only after the body has been sent closes the connection on a large
    PUT (Virtuoso does), so the digest challenge is fetched first with a bodiless request.
    """
    if credentials is None:
        return {}
    if credentials.scheme == "basic":
        token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
        return {"Authorization": f"Basic {token}"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=30):
            return {}  # no challenge: no auth needed
    except HTTPError as error:
        challenge = error.headers.get("WWW-Authenticate", "")
        if error.code != 401 or not challenge.lower().startswith("digest "):
            return {}
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, credentials.user, credentials.password)
    digest = urllib.request.HTTPDigestAuthHandler(passwords)
    fields = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge[7:])))
    header = digest.get_authorization(urllib.request.Request(url, method=method), fields)
    return {"Authorization": f"Digest {header}"} if header else {}


def graph_url(endpoint: str, graph: str, param: str = "graph") -> str:
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{param}={quote(graph, safe='')}"


@dataclass(frozen=True)
class Pushed:
    sent: dict[str, int]
    """Graph IRI -> triples sent, every graph of the build."""
    removed: list[str]
    """The project's graphs the store had and the build no longer has, now deleted."""


def query_url(endpoint: str) -> str | None:
    """The SPARQL query URL beside a Graph Store URL, for the layouts of ``QUERY_BESIDE``.

    >>> query_url("http://127.0.0.1:8890/sparql-graph-crud-auth")
    'http://127.0.0.1:8890/sparql'
    >>> query_url("http://h:7200/repositories/cg/rdf-graphs/service")
    'http://h:7200/repositories/cg'
    """
    path = endpoint.split("?", 1)[0].rstrip("/")
    for ending, beside in QUERY_BESIDE:
        if path.endswith(ending):
            return path.removesuffix(ending) + beside
    return None


def project_graphs(query_endpoint: str) -> set[str]:
    """The named graphs of the store under the project's graph namespace."""
    from .query import NamedQuery
    from .remote import remote_rows

    text = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}'
    rows = remote_rows(query_endpoint, NamedQuery("graphs", "", "", (), text))
    if isinstance(rows, bool):
        raise QueryError(f"{query_endpoint} answered a SELECT with a boolean")
    return {str(row[0]) for row in rows.rows if row[0] and str(row[0]).startswith(str(GRAPH))}


def send(
    method: str,
    url: str,
    endpoint: str,
    graph: str,
    credentials: Credentials | None,
    timeout: float,
    body: bytes | None = None,
) -> None:
    """One Graph Store request; a refusal or an unreachable store as a ``QueryError``."""
    headers = authorization(url, method, credentials)
    if body is not None:
        headers["Content-Type"] = "application/n-triples"
    try:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except HTTPError as error:
        if method == "DELETE" and error.code == 404:
            return  # already gone
        detail = error.read().decode("utf-8", "replace").strip()[:300]
        raise QueryError(
            f"{endpoint}: {method} of graph <{graph}> failed with {error.code} {error.reason}: {detail}"
        ) from None
    except URLError as error:
        raise QueryError(f"{endpoint}: cannot reach the store ({error.reason})") from None
    except (TimeoutError, OSError) as error:
        raise QueryError(f"{endpoint}: {method} of graph <{graph}> failed ({error or 'timed out'})") from None


def chunks(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """The triples in requests of about ``size``; every triple with a blank node in the first, since a
    blank node means one node only within one request."""

    def blank(t: ox.Triple) -> bool:
        return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)

    with_blank = [t for t in triples if blank(t)]
    plain = [t for t in triples if not blank(t)]
    first = max(size - len(with_blank), 0)
    rest = [plain[i : i + size] for i in range(first, len(plain), size)]
    return [with_blank + plain[:first], *rest]


def push(
    store: ox.Store,
    endpoint: str,
    credentials: Credentials | None = None,
    graph_param: str = "graph",
    progress: Callable[[str, int], None] = lambda graph, triples: None,
    timeout: float = 600,
    query_endpoint: str | None = None,
    chunk: int = CHUNK,
) -> Pushed:
    """PUT every named graph of ``store`` to the Graph Store endpoint, then delete the project's graphs
    the build no longer has (found through ``query_endpoint``, by default the URL beside ``endpoint``).

    A graph of more than ``chunk`` triples goes as a PUT of the first ``chunk`` and POSTs (which
    add) of the rest: one request stays small enough for a store to take in seconds, at the cost
    of a reader seeing that graph half-loaded while it arrives.
    """
    query_endpoint = query_endpoint or query_url(endpoint)
    if query_endpoint is None:
        raise QueryError(
            f"{endpoint}: cannot tell this store's SPARQL query URL, needed to find the graphs of documents "
            "no longer built; give it with --query-endpoint URL"
        )
    sent = {}
    for name in sorted(store.named_graphs(), key=str):
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, name)]
        url = graph_url(endpoint, name.value, graph_param)
        for i, part in enumerate(chunks(triples, chunk)):
            body = ox.serialize(part, format=ox.RdfFormat.N_TRIPLES) or b""
            send("PUT" if i == 0 else "POST", url, endpoint, name.value, credentials, timeout, body)
        sent[name.value] = len(triples)
        progress(name.value, len(triples))
    removed = sorted(project_graphs(query_endpoint) - set(sent))
    for graph in removed:
        send("DELETE", graph_url(endpoint, graph, graph_param), endpoint, graph, credentials, timeout)
    return Pushed(sent, removed)
