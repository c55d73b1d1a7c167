"""RDF terms between rdflib and pyoxigraph, and rdflib's memory store copied into Oxigraph.

The build keeps its data in pyoxigraph; rdflib terms remain where messages are written and where
``--store memory`` holds the dataset. One conversion each way, so every stage reads a term alike.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def to_ox(term: object) -> Term:
    """An rdflib term as a pyoxigraph term; ``"x"^^xsd:string`` becomes the plain ``"x"`` it is.

    >>> to_ox(Literal("3", datatype=XSD.integer))
    <Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    """
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


def from_ox(term: Term) -> Node:
    """A pyoxigraph term as rdflib's Turtle parser would have made it (a plain string has no datatype).

    >>> from_ox(ox.Literal("x")) == Literal("x")
    True
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def ox_copy(dataset: Dataset) -> ox.Store:
    """A dataset on rdflib's memory store as an in-memory Oxigraph store, for the stages that query Oxigraph."""
    store = ox.Store()
    store.extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g.identifier if hasattr(g, "identifier") else g))
        for s, p, o, g in dataset.quads((None, None, None, None))
    )
    return store
