"""The built graph into an existing triple store, through the SPARQL 1.1 Graph Store Protocol.

One HTTP ``PUT`` per named graph (each document, ``shared``, ``ontology``, ``derived``): a PUT
replaces the whole graph in one request, so a re-push of a changed corpus leaves no stale
triple behind and a reader never sees a half-loaded graph.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import quote

import pyoxigraph as ox

from .sparql import QueryError


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str
    scheme: str = "digest"
    """``digest`` (Virtuoso's ``/sparql-graph-crud-auth``) or ``basic``."""


def opener(url: str, credentials: Credentials | None) -> urllib.request.OpenerDirector:
    """An HTTP client that answers the server's auth challenge, if credentials are given."""
    handlers: list[urllib.request.BaseHandler] = []
    if credentials:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, credentials.user, credentials.password)
        handler = (
            urllib.request.HTTPDigestAuthHandler
            if credentials.scheme == "digest"
            else urllib.request.HTTPBasicAuthHandler
        )
        handlers.append(handler(passwords))
    return urllib.request.build_opener(*handlers)


def graph_url(endpoint: str, graph: str, param: str = "graph") -> str:
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{param}={quote(graph, safe='')}"


def push(
    store: ox.Store,
    endpoint: str,
    credentials: Credentials | None = None,
    graph_param: str = "graph",
    progress: Callable[[str, int], None] = lambda graph, triples: None,
) -> dict[str, int]:
    """PUT every named graph of ``store`` to the Graph Store endpoint; the triples sent per graph."""
    client = opener(endpoint, credentials)
    sent = {}
    for name in sorted(store.named_graphs(), key=str):
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, name)]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        request = urllib.request.Request(
            graph_url(endpoint, name.value, graph_param),
            data=body,
            method="PUT",
            headers={"Content-Type": "application/n-triples"},
        )
        try:
            with client.open(request, timeout=120) as response:
                response.read()
        except HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()[:300]
            raise QueryError(
                f"{endpoint}: PUT of graph <{name.value}> failed with {error.code} {error.reason}: {detail}"
            ) from None
        except URLError as error:
            raise QueryError(f"{endpoint}: cannot reach the store ({error.reason})") from None
        sent[name.value] = len(triples)
        progress(name.value, len(triples))
    return sent
