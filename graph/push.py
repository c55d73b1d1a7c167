"""The built graph into an existing triple store, through the SPARQL 1.1 Graph Store Protocol.

One HTTP ``PUT`` per named graph (each document, ``shared``, ``ontology``, ``derived``): a PUT
replaces the whole graph in one request, so a re-push of a changed corpus leaves no stale
triple behind and a reader never sees a half-loaded graph.
"""

from __future__ import annotations

import base64
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


def push(
    store: ox.Store,
    endpoint: str,
    credentials: Credentials | None = None,
    graph_param: str = "graph",
    progress: Callable[[str, int], None] = lambda graph, triples: None,
    timeout: float = 600,
) -> dict[str, int]:
    """PUT every named graph of ``store`` to the Graph Store endpoint; the triples sent per graph."""
    sent = {}
    for name in sorted(store.named_graphs(), key=str):
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, name)]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        url = graph_url(endpoint, name.value, graph_param)
        try:
            headers = {"Content-Type": "application/n-triples", **authorization(url, "PUT", credentials)}
            request = urllib.request.Request(url, data=body, method="PUT", headers=headers)
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()[:300]
            raise QueryError(
                f"{endpoint}: PUT of graph <{name.value}> failed with {error.code} {error.reason}: {detail}"
            ) from None
        except URLError as error:
            raise QueryError(f"{endpoint}: cannot reach the store ({error.reason})") from None
        except (TimeoutError, OSError) as error:
            raise QueryError(f"{endpoint}: PUT of graph <{name.value}> failed ({error or 'timed out'})") from None
        sent[name.value] = len(triples)
        progress(name.value, len(triples))
    return sent
