"""Named queries on another SPARQL endpoint (``claimgraph query --endpoint URL``), rows as the local run gives them."""

from __future__ import annotations

import json
import urllib.request
from typing import TYPE_CHECKING
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode

import pyoxigraph as ox

from .query import NamedQuery, Rows, bind, cell
from .sparql import PROLOGUE, QueryError, screen

if TYPE_CHECKING:
    import pandas as pd

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"

ONE_LINE_PROLOGUE = PROLOGUE.replace("\n", " ")
"""The project's prefixes on one line, so that a server's error positions still count the user's lines."""


def term(binding: dict) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A SPARQL JSON results term (``typed-literal`` too, as Virtuoso writes) as a pyoxigraph term."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        if binding["datatype"] == XSD_BOOLEAN and value in ("0", "1"):
            value = "true" if value == "1" else "false"  # Virtuoso writes booleans as 0 and 1
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def ask(endpoint: str, query: NamedQuery, values: dict[str, str] | None, accept: str) -> bytes:
    """The endpoint's answer to a query (SPARQL 1.1 protocol, form POST), checked and bound as locally."""
    screen(query.text)
    text = ONE_LINE_PROLOGUE + bind(query, values or {})
    request = urllib.request.Request(
        endpoint,
        data=urlencode({"query": text}).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read()
    except HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip()[:500]
        raise QueryError(f"{endpoint} answered {error.code} {error.reason}: {detail}") from None
    except URLError as error:
        raise QueryError(f"cannot reach {endpoint} ({error.reason})") from None


def remote_rows(endpoint: str, query: NamedQuery, values: dict[str, str] | None = None) -> Rows | bool:
    """A SELECT (``Rows``) or ASK (a bool) run on ``endpoint``."""
    try:
        results = json.loads(ask(endpoint, query, values, "application/sparql-results+json"))
    except ValueError:
        raise QueryError(f"{endpoint} did not answer with SPARQL JSON results") from None
    if "boolean" in results:
        return bool(results["boolean"])
    columns = results["head"]["vars"]
    rows = [[cell(term(b[c])) if c in b else None for c in columns] for b in results["results"]["bindings"]]
    return Rows(columns, rows)


def remote_csv(endpoint: str, query: NamedQuery, values: dict[str, str] | None = None) -> bytes:
    """A SELECT's result as the endpoint writes SPARQL CSV."""
    return ask(endpoint, query, values, "text/csv")


def run_remote(endpoint: str, query: NamedQuery, values: dict[str, str] | None = None) -> pd.DataFrame | bool:
    """A SELECT (a DataFrame) or ASK (a bool) run on ``endpoint``."""
    import pandas as pd

    result = remote_rows(endpoint, query, values)
    return result if isinstance(result, bool) else pd.DataFrame(result.rows, columns=result.columns)
