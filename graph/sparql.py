"""SPARQL results as pandas DataFrames: one function reused by analyses, tables, CLI and notebook."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from .namespaces import PREFIXES

PROLOGUE = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())
"""The project's prefixes, prepended to every query the package runs."""


def python_value(term: object) -> object:
    """A cell value: IRIs as strings, numbers as numbers, text as text, unbound as None."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return value if isinstance(value, int | float | bool | str) else str(term)
    if isinstance(term, URIRef):
        return str(term)
    return str(term)


def result_frame(result: Result) -> pd.DataFrame:
    """An rdflib SELECT result as a DataFrame with one column per projected variable."""
    columns = [str(v) for v in result.vars or []]
    rows = [[python_value(row[v]) for v in result.vars] for row in result]
    return pd.DataFrame(rows, columns=columns)


def select(graph: Graph, query: str) -> pd.DataFrame:
    """Run a SELECT (project prefixes predeclared) on an rdflib graph or dataset.

    Query strings go to the store's own engine: with the Oxigraph store that is Oxigraph.
    """
    return result_frame(graph.query(PROLOGUE + query))
