"""RDF exports: Turtle (everything), TriG (one named graph per document), JSON-LD.

Written by Oxigraph's serializers: rdflib's pure-Python ones took a minute at 240k triples.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..namespaces import CG, DOC, PREFIXES

RDF_FILES = ("graph.ttl", "graph.trig", "graph.jsonld")


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term; ``"x"^^xsd:string`` becomes the plain ``"x"`` it is."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype and term.datatype != XSD.string:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def quads(dataset: Dataset) -> Iterator[ox.Quad]:
    """Every triple of every non-empty named graph, with its graph."""
    for graph in dataset.graphs():
        name = to_ox(graph.identifier)
        for s, p, o in graph:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)


def document_prefixes(store: ox.Store) -> dict[str, str]:
    """``d000:`` for the claims of document ``d:000_…``, so claims read ``d000:c12`` in Turtle and TriG."""
    documents = [
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CG.Document)))
    ]
    short = {}
    for iri in sorted(set(documents)):
        stem = iri.removeprefix(str(DOC))
        short.setdefault("d" + re.sub(r"\W", "_", stem.split("_")[0]), []).append(iri)
    return {
        name if len(iris) == 1 else "d" + re.sub(r"\W", "_", iri.removeprefix(str(DOC))): iri + "/"
        for name, iris in short.items()
        for iri in iris
    }


def quad_order(quad: ox.Quad) -> tuple[str, str, bool, str, str]:
    """Graph, subject, its types first, predicate, object: the same input writes the same bytes."""
    return (
        str(quad.graph_name),
        str(quad.subject),
        quad.predicate.value != str(RDF.type),
        str(quad.predicate),
        str(quad.object),
    )


def write_rdf(dataset: Dataset, out: Path) -> list[Path]:
    """Write the three RDF files into ``out`` and return their paths.

    ``graph.ttl`` merges every named graph (what a triple store user loads first);
    ``graph.trig`` keeps the graphs apart so that derived triples can be told from annotations.
    """
    store = ox.Store()
    store.bulk_extend(quads(dataset))
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()} | document_prefixes(store)
    ox.serialize(sorted(store, key=quad_order), out / "graph.trig", format=ox.RdfFormat.TRIG, prefixes=prefixes)
    store.dump(out / "graph.jsonld", format=ox.RdfFormat.JSON_LD)
    triples = sorted({q.triple for q in store}, key=str)
    ox.serialize(triples, out / "graph.ttl", format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return [out / name for name in RDF_FILES]
