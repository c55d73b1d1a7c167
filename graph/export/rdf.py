"""RDF exports: Turtle (everything), TriG (one named graph per document), JSON-LD."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from ..namespaces import PREFIXES

RDF_FILES = ("graph.ttl", "graph.trig", "graph.jsonld")


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def plain(term: Node) -> Node:
    """``"x"^^xsd:string`` as ``"x"``: the same RDF 1.1 literal, as every store and reader writes it."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def write_rdf(dataset: Dataset, union: Graph, out: Path) -> list[Path]:
    """Write the three RDF files into ``out`` and return their paths.

    ``graph.ttl`` merges every named graph (what a triple store user loads first);
    ``graph.trig`` keeps the graphs apart so that derived triples can be told from annotations.
    """
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    trig = bind_prefixes(Dataset())
    for g in dataset.graphs():
        if len(g):
            target = trig.graph(g.identifier)
            for s, p, o in g:
                target.add((s, p, plain(o)))
    everything = bind_prefixes(Graph())
    for s, p, o, _ in trig.quads((None, None, None, None)):
        everything.add((s, p, o))
    everything.serialize(out / "graph.ttl", format="turtle")
    trig.serialize(out / "graph.trig", format="trig")
    trig.serialize(out / "graph.jsonld", format="json-ld", context=context, auto_compact=True)
    return [out / name for name in RDF_FILES]
