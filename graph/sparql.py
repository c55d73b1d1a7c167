"""SPARQL text checked before any engine sees it, and SPARQL results as pandas DataFrames.

Two gates, both before any engine sees the text. ``screen`` (the CLI and the notebook, which
must start fast and import nothing heavy) measures size and nesting with a SPARQL tokenizer
(Oxigraph's parser dies with SIGSEGV on a few thousand nested groups) and refuses the keyword
tokens of ``SERVICE``, ``FROM`` and every update. Strings, IRIs, comments, variables and prefixed
names are told apart as the grammar does, so ``?from`` passes and a string ending in an escaped
quote hides nothing (the bypass a regex allowed); in SPARQL's grammar the keyword ``SERVICE``
occurs only in a federated pattern. ``check_query`` (every query ``serve`` receives) screens, then
parses with rdflib's SPARQL grammar and refuses by what the parse tree holds.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .prefixes import PREFIX_IRIS

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Graph
    from rdflib.query import Result

PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIX_IRIS.items())
"""The project's prefixes as PREFIX lines, for engines that take no prefix table."""

ENGINE_PREFIXES = dict(PREFIX_IRIS)
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


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """The tokens that matter to the gates: ``open``, ``close`` and ``word`` with their spans.

    Strings, IRIs and comments are skipped whole; a word is a keyword, a variable (``?from``), a
    prefixed name (``ex:from``), a blank node label, a language tag or a number.
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
        elif c == "<":
            end = _skip_iri(text, i)
            i = end if end > i else i + 1
        elif c == "#":
            while i < n and text[i] not in "\r\n":
                i += 1
        elif c in "([{":
            yield "open", i, i + 1
            i += 1
        elif c in ")]}":
            yield "close", i, i + 1
            i += 1
        elif WORD_START.match(c):
            end = i + 1
            while end < n and (WORD_CHAR.match(text[end]) or (text[end] == "\\" and end + 1 < n)):
                end += 2 if text[end] == "\\" else 1
            yield "word", i, end
            i = end
        else:
            i += 1


WORD_START = re.compile(r"[\w?$@:]")
WORD_CHAR = re.compile(r"[\w\-.:%\u00b7]")
REFUSED_WORDS = {
    "SERVICE": "refused: SERVICE would reach the network; queries run on the built graph only",
    "FROM": "refused: FROM / FROM NAMED is not allowed; every graph of the built store is already queryable "
    "(use GRAPH, or the protocol's default-graph-uri)",
    **dict.fromkeys(
        ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"),
        "refused: updates (INSERT, DELETE, LOAD, CLEAR, DROP...) are not allowed; the graph is read-only",
    ),
}
"""Keywords that occur in SPARQL's grammar only where a query would leave the store or change it."""


def nesting(text: str) -> tuple[int, int]:
    r"""The deepest nesting of brackets outside strings, IRIs and comments, and where it was first reached.

    >>> nesting('SELECT * { BIND((1) AS ?x) }')
    (3, 16)
    >>> nesting('SELECT * { ?s ?p "(((" . ?s ?q <urn:a(b> } # (((')
    (1, 9)
    >>> nesting("SELECT * { BIND('''a\\'''' AS ?z) SERVICE <http://x/> { { ?s ?p ?o } } }")
    (3, 55)
    """
    depth = deepest = where = 0
    for kind, start, _ in tokens(text):
        if kind == "open":
            depth += 1
            if depth > deepest:
                deepest, where = depth, start
        elif kind == "close":
            depth -= 1
    return deepest, where


UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescaped(text: str) -> str:
    r"""The text with ``\uXXXX`` escapes decoded, as SPARQL allows (and rdflib does) before parsing.

    >>> unescaped(r"\u0053ERVICE")
    'SERVICE'
    """

    def decode(match: re.Match) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code < 0x110000 else match[0]

    return UNICODE_ESCAPE.sub(decode, text)


def screen(text: str) -> None:
    r"""Refuse a query too long, too deeply nested, or holding a SERVICE, FROM or update keyword.

    >>> screen('SELECT ?from ?with WHERE { ?from ex:load "SERVICE <http://x/>" } # DROP')
    >>> screen("SELECT * WHERE { BIND('''a\\'''' AS ?z) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    graph.sparql.RefusedQuery: refused: SERVICE would reach the network; queries run on the built graph only
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: {len(text):,} characters, at most {MAX_QUERY_CHARS:,}")
    for candidate in (text, unescaped(text)) if "\\" in text else (text,):
        deepest, where = nesting(candidate)
        if deepest > MAX_NESTING:
            line, column = line_column(candidate, where)
            raise QueryError(
                f"query nested too deeply: more than {MAX_NESTING} levels of brackets at line {line}, column {column}"
            )
        for kind, start, end in tokens(candidate):
            if kind == "word" and (reason := REFUSED_WORDS.get(candidate[start:end].rstrip(".").upper())):
                raise RefusedQuery(reason)


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

    ``screen`` first, then rdflib's parse: raises ``RefusedQuery`` for updates, ``SERVICE`` and
    ``FROM``, and ``QueryError`` for a query too long, too deeply nested or not SPARQL, with the
    position in the text as given.

    >>> check_query('SELECT ?from ?with WHERE { ?from ?with "SERVICE <http://x/>" }')
    'SELECT'
    >>> check_query("SELECT * WHERE { BIND('''a\\'''' AS ?z) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    graph.sparql.RefusedQuery: refused: SERVICE would reach the network; queries run on the built graph only
    """
    from rdflib.plugins.sparql.parserutils import CompValue

    screen(text)
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


class CheckCache:
    """``check_query``'s outcomes by exact query text, most recently used kept, bounded two ways.

    rdflib's parse is pure Python (5-50 ms a query) and is most of what ``serve`` spends on a
    request; the same text always gets the same verdict, so a repeated query (a page, a
    dashboard, a benchmark) is parsed once. At most ``entries`` texts taking ``size_limit`` bytes
    in all are kept, so no client can grow it: new texts only push the oldest out.
    """

    def __init__(self, entries: int = 512, size_limit: int = 8 * 1024 * 1024):
        from collections import OrderedDict

        self.entries, self.size_limit = entries, size_limit
        self.outcomes: OrderedDict[str, str | QueryError] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def check(self, text: str) -> str:
        """``check_query(text)``: its form, or its refusal raised again."""
        with self.lock:
            outcome = self.outcomes.get(text)
            if outcome is not None:
                self.outcomes.move_to_end(text)
        if outcome is None:
            try:
                outcome = check_query(text)
            except QueryError as error:
                outcome = error
            self.keep(text, outcome)
        if isinstance(outcome, QueryError):
            raise type(outcome)(*outcome.args)
        return outcome

    def keep(self, text: str, outcome: str | QueryError) -> None:
        size = sys.getsizeof(text)
        if size > self.size_limit:
            return
        with self.lock:
            if text in self.outcomes:
                return
            self.outcomes[text] = outcome
            self.size += size
            while len(self.outcomes) > self.entries or self.size > self.size_limit:
                old, _ = self.outcomes.popitem(last=False)
                self.size -= sys.getsizeof(old)


def python_value(term: object) -> object:
    """A cell value: IRIs as strings, numbers as numbers, text as text, unbound as None."""
    from decimal import Decimal

    from rdflib import Literal, URIRef

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
    import pandas as pd

    columns = [str(v) for v in result.vars or []]
    rows = [[python_value(row[v]) for v in result.vars] for row in result]
    return pd.DataFrame(rows, columns=columns)


def select(graph: Graph, query: str) -> pd.DataFrame:
    """Run a SELECT (project prefixes predeclared) on an rdflib graph or dataset.

    Query strings go to the store's own engine: with the Oxigraph store that is Oxigraph.
    """
    return result_frame(graph.query(PROLOGUE + query))
