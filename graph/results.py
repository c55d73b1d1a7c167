"""A query's answer as the HTTP client asked for it: content negotiation, a row cap, the serializers.

Rows are written here rather than by Oxigraph's serializers so that at most ``max_rows`` of
them are ever read from the engine.
"""

from __future__ import annotations

import csv
import io
import json
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .sparql import ENGINE_PREFIXES, CheckCache, QueryError, RefusedQuery

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

RESULT_MEDIA = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
    "application/xml",
    "text/xml",
)
"""What SELECT and ASK results can be written as; the first is the default."""

GRAPH_MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
"""What CONSTRUCT and DESCRIBE results can be written as; the first is the default."""


def accepted(accept: str) -> list[tuple[str, float, int]]:
    """The media ranges of an Accept header: (range, q, position)."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q, position))
    return ranges


def negotiate(accept: str, offers: tuple[str, ...] | list[str]) -> str | None:
    """The offer the Accept header prefers (q-values, then specificity, then header order), None if none fits.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_MEDIA)
    'application/sparql-results+xml'
    >>> negotiate("text/*;q=0.9, text/csv;q=0.1", RESULT_MEDIA)
    'text/tab-separated-values'
    >>> negotiate("", RESULT_MEDIA)
    'application/sparql-results+json'
    >>> negotiate("image/png", RESULT_MEDIA) is None
    True
    """
    ranges = accepted(accept) or [("*/*", 1.0, 0)]
    best, best_key = None, None
    for rank, offer in enumerate(offers):
        kind = offer.split("/")[0]
        match = None
        for media, q, position in ranges:
            if media == offer:
                specificity = 2
            elif media == f"{kind}/*":
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            if match is None or specificity > match[0]:
                match = (specificity, q, position)
        if match is None or match[1] <= 0:
            continue
        key = (match[1], match[0], -match[2] if match[0] == 2 else 0, -rank)
        if best_key is None or key > best_key:
            best, best_key = offer, key
    return best


def json_term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            cell["datatype"] = term.datatype.value
        return cell
    return {"type": "triple", "value": str(term)}


def xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def csv_term(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def write_solutions(variables: list[str], rows: list, media: str) -> bytes:
    """SELECT results in one of the four SPARQL result formats."""
    if media in ("application/sparql-results+json", "application/json"):
        bindings = [{v: json_term(row[v]) for v in variables if row[v] is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if media == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([csv_term(row[v]) for v in variables] for row in rows)
        return buffer.getvalue().encode()
    if media == "text/tab-separated-values":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if row[v] is None else str(row[v]) for v in variables) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    parts.append("</head><results>")
    for row in rows:
        parts.append("<result>")
        parts += [f"<binding name={quoteattr(v)}>{xml_term(row[v])}</binding>" for v in variables if row[v] is not None]
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode()


def write_boolean(value: bool, media: str) -> bytes:
    text = "true" if value else "false"
    if media in ("application/sparql-results+json", "application/json"):
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media in ("text/csv", "text/tab-separated-values"):
        return f"_askResult\n{text}\n".encode()
    return (
        f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
        f"<boolean>{text}</boolean></sparql>\n"
    ).encode()


def failure(status: int, message: str) -> tuple[dict, bytes]:
    return {"status": status, "media": "application/json"}, json.dumps({"error": message}).encode()


def graphs(iris: list[str]) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(iri) for iri in iris]
    except ValueError as error:
        raise QueryError(f"default-graph-uri / named-graph-uri: not an IRI ({error})") from None


CHECKED = CheckCache()
"""This process's verdicts on query texts already seen (each worker keeps its own)."""


def answer(store: ox.Store, job: dict) -> tuple[dict, bytes]:
    """The reply to one job: ``{"query", "accept", "default_graphs", "named_graphs", "max_rows"}``."""
    text, accept, max_rows = job["query"], job.get("accept", ""), job["max_rows"]
    try:
        form = CHECKED.check(text)
    except RefusedQuery as error:
        return failure(403, str(error))
    except QueryError as error:
        return failure(400, str(error))
    offers = tuple(GRAPH_MEDIA) if form in ("CONSTRUCT", "DESCRIBE") else RESULT_MEDIA
    media = negotiate(accept, offers)
    if media is None:
        return failure(406, f"cannot write {form} results as {accept!r}; ask for one of: {', '.join(offers)}")
    try:
        default, named = graphs(job.get("default_graphs") or []), graphs(job.get("named_graphs") or [])
        options = {"default_graph": default} if default else {"use_default_graph_as_union": True}
        if named:
            options["named_graphs"] = named
        result = store.query(text, prefixes=ENGINE_PREFIXES, **options)
        header = {"status": 200, "media": media, "truncated": False}
        if isinstance(result, ox.QueryBoolean):
            return header, write_boolean(bool(result), media)
        rows = list(islice(result, max_rows + 1))
        header["truncated"] = len(rows) > max_rows
        rows = rows[:max_rows]
        if isinstance(result, ox.QueryTriples):
            prefixes = ENGINE_PREFIXES if media == "text/turtle" else None
            return header, ox.serialize(rows, format=GRAPH_MEDIA[media], prefixes=prefixes) or b""
        return header, write_solutions([v.value for v in result.variables], rows, media)
    except SyntaxError as error:
        return failure(400, f"SPARQL syntax: {error}")
    except (QueryError, RuntimeError, ValueError, TypeError) as error:
        return failure(400, f"query failed: {error}")
    except OSError as error:
        return failure(500, f"the store could not be read: {error}")
