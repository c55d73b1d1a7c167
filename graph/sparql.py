"""SPARQL text checked before any engine sees it, and SPARQL results as pandas DataFrames.

``check_query`` is the one gate every query from a user passes (CLI, notebook and ``serve``):
a size and nesting limit measured by a small tokenizer (Oxigraph's parser dies with SIGSEGV on
a few thousand nested groups), then a real parse by rdflib's SPARQL grammar that refuses what
would reach the network or the file system (``SERVICE``, ``FROM``) and every update (``LOAD``,
``INSERT``, ``DROP``...). A keyword scan cannot do this: a long string with an escaped quote hides
what follows it.
"""

from __future__ import annotations

import sys
import threading
from decimal import Decimal

import pandas as pd
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from .namespaces import PREFIXES

PROLOGUE = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())
"""The project's prefixes as PREFIX lines, for engines that take no prefix table."""

ENGINE_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
"""The project's prefixes as Oxigraph's ``prefixes=`` table: error positions stay in the user's text."""

MAX_QUERY_CHARS = 100_000
"""Longest query accepted, in characters."""

MAX_NESTING = 64
"""Deepest nesting of ``( [ {`` accepted; Oxigraph's parser overflows its stack in the thousands."""

PARSER_STACK = 64 * 1024 * 1024
"""Stack of the thread that runs rdflib's recursive-descent parser on a query at ``MAX_NESTING``."""

QUERY_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class QueryError(ValueError):
    """A query that cannot run as asked; the message says how to fix it."""


class RefusedQuery(QueryError):
    """A well-formed request this read-only, offline service will not run (an update, SERVICE, FROM)."""


IRI_FORBIDDEN = set('<>"{}|^`\\')


def _skip_string(text: str, i: int) -> int:
    """The index after the string literal opening at ``i`` (``'`` ``"`` ``'''`` ``\"\"\"``, escapes honoured)."""
    quote = text[i]
    long = text.startswith(quote * 3, i)
    j = i + (3 if long else 1)
    n = len(text)
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
        elif long and text.startswith(quote * 3, j):
            return j + 3
        elif not long and c == quote:
            return j + 1
        elif not long and c in "\r\n":
            return j  # unterminated: the parser reports it
        else:
            j += 1
    return n


def _skip_iri(text: str, i: int) -> int:
    """The index after an IRI reference opening at ``i``, or ``i`` if this ``<`` is an operator."""
    j = i + 1
    n = len(text)
    while j < n:
        c = text[j]
        if c == ">":
            return j + 1
        if c in IRI_FORBIDDEN or ord(c) <= 0x20:
            return i
        j += 1
    return i


def nesting(text: str) -> tuple[int, int]:
    r"""The deepest nesting of brackets outside strings, IRIs and comments, and where it was first reached.

    >>> nesting('SELECT * { BIND((1) AS ?x) }')
    (3, 16)
    >>> nesting('SELECT * { ?s ?p "(((" . ?s ?q <urn:a(b> } # (((')
    (1, 9)
    >>> nesting("SELECT * { BIND('''a\\'''' AS ?z) SERVICE <http://x/> { { ?s ?p ?o } } }")
    (3, 55)
    """
    depth = deepest = 0
    where = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "<":
            end = _skip_iri(text, i)
            i = end if end > i else i + 1
            continue
        if c == "#":
            while i < n and text[i] not in "\r\n":
                i += 1
            continue
        if c in "([{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, i
        elif c in ")]}":
            depth -= 1
        i += 1
    return deepest, where


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _parse(text: str):
    """rdflib's parse of a query, in a thread with a stack deep enough for ``MAX_NESTING``."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["tree"] = parseQuery(text)
        except ParseException as error:
            try:
                parseUpdate(text)
            except Exception:
                outcome["syntax"] = error
            else:
                outcome["update"] = True
        except RecursionError:
            outcome["deep"] = True

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 40_000))
    previous = threading.stack_size(PARSER_STACK)
    try:
        thread = threading.Thread(target=work, name="sparql-parse")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    return outcome


def _walk(node: object):
    """Every node of rdflib's parse tree, without recursion."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, CompValue):
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def check_query(text: str) -> str:
    r"""The form of a query (SELECT, ASK, CONSTRUCT or DESCRIBE) that is safe to run read-only and offline.

    Raises ``RefusedQuery`` for updates, ``SERVICE`` and ``FROM``, and ``QueryError`` for a query too
    long, too deeply nested or not SPARQL, with the position in the text as given.

    >>> check_query('SELECT ?from ?with WHERE { ?from ?with "SERVICE <http://x/>" }')
    'SELECT'
    >>> check_query("SELECT * WHERE { BIND('''a\\'''' AS ?z) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    graph.sparql.RefusedQuery: refused: SERVICE would reach the network; queries run on the built graph only
    """
    from rdflib.plugins.sparql.parserutils import CompValue

    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: {len(text):,} characters, at most {MAX_QUERY_CHARS:,}")
    deepest, where = nesting(text)
    if deepest > MAX_NESTING:
        line, column = line_column(text, where)
        raise QueryError(
            f"query nested too deeply: more than {MAX_NESTING} levels of brackets at line {line}, column {column}"
        )
    outcome = _parse(text)
    if "update" in outcome:
        raise RefusedQuery(
            "refused: updates (INSERT, DELETE, LOAD, CLEAR, DROP...) are not allowed; the graph is read-only"
        )
    if "deep" in outcome:
        raise QueryError(f"query nested too deeply for the parser; keep it under {MAX_NESTING} levels")
    if "syntax" in outcome:
        error = outcome["syntax"]
        found = f" near {error.line.strip()[:60]!r}" if getattr(error, "line", "") else ""
        raise QueryError(f"SPARQL syntax error at line {error.lineno}, column {error.col}{found}")
    _prologue, query = outcome["tree"]
    if "datasetClause" in query:  # CompValue.get returns the key itself when absent
        raise RefusedQuery(
            "refused: FROM / FROM NAMED is not allowed; every graph of the built store is already queryable "
            "(use GRAPH, or the protocol's default-graph-uri)"
        )
    for node in _walk(query):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise RefusedQuery("refused: SERVICE would reach the network; queries run on the built graph only")
    return QUERY_FORMS[query.name]


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
