"""Analysis results as RDF quads in the derived graph, so that SPARQL users see echoes and recurrence
beside the annotations.

Each function returns pyoxigraph quads built from a typed result; the orchestrator adds them to
the store in one call. Literals are spelled as rdflib spelled them (``Literal(5.6e6, datatype=
xsd:double)`` is ``"5600000.0"``), so the written RDF does not change with the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx
import pandas as pd
import pyoxigraph as ox
from rdflib import Namespace

from ..namespaces import CG, DERIVED_GRAPH, ECHO, OVERLAP, RDF, XSD

DERIVED = ox.NamedNode(str(DERIVED_GRAPH))
TYPE = ox.NamedNode(str(RDF.type))
DOUBLE = ox.NamedNode(str(XSD.double))


class Terms:
    """A namespace's terms as pyoxigraph nodes, each made once: rdflib makes (and checks) a new
    ``URIRef`` at every attribute access, which costs more than the quads at 10,000 documents."""

    def __init__(self, namespace: Namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(str(self._namespace[name]))
        setattr(self, name, node)
        return node


C = Terms(CG)
"""The ontology's terms, as nodes."""


def term(iri: str | ox.NamedNode) -> ox.NamedNode:
    return iri if isinstance(iri, ox.NamedNode) else ox.NamedNode(str(iri))


def derived(subject: ox.NamedNode, predicate: str | ox.NamedNode, obj: ox.NamedNode | ox.Literal) -> ox.Quad:
    """One quad of the derived graph."""
    return ox.Quad(subject, term(predicate), obj, DERIVED)


def double(value: float) -> ox.Literal:
    """An ``xsd:double`` with the lexical form rdflib gives a Python float."""
    return ox.Literal(str(float(value)), datatype=DOUBLE)


def slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def echo_quads(network: nx.DiGraph) -> Iterator[ox.Quad]:
    """One ``cg:Echo`` node per (A, B, kind, basis) naming its evidence claims; ``A cg:echoesEntity B``
    only where some evidence is directed (a co-statement says nothing of who echoes whom)."""
    for echoer, echoed, data in network.edges(data=True):
        a, b = term(echoer), term(echoed)
        if data["weight"]:
            yield derived(a, C.echoesEntity, b)
        groups: dict[tuple[str, bool, str], list[dict]] = {}
        for e in data["evidence"]:
            groups.setdefault((e["kind"], e["directed"], e["basis"]), []).append(e)
        for (kind, directed, basis), evidence in groups.items():
            suffix = basis if directed else "shared"
            node = term(f"{ECHO}{slug(echoer)}--{slug(echoed)}--{kind}--{suffix}")
            yield derived(node, TYPE, term(C.Echo))
            yield derived(node, C.echoer, a)
            yield derived(node, C.echoed, b)
            yield derived(node, C.echoKind, ox.Literal(kind))
            yield derived(node, C.directed, ox.Literal(bool(directed)))
            if directed:
                yield derived(node, C.basis, ox.Literal(basis))
            yield derived(node, C.weight, ox.Literal(len(evidence)))
            for e in evidence:
                yield derived(node, C.evidence, term(e["claim"]))


def recurrence_quads(recurring: pd.DataFrame) -> Iterator[ox.Quad]:
    """Per measured quantity: documents, smallest and largest value, spread and drift."""
    for row in recurring.itertuples():
        q = term(row.measure)
        yield derived(q, C.documentCount, ox.Literal(len(row.documents)))
        if row.min is not None and not pd.isna(row.min):
            yield derived(q, C.minStated, double(row.min))
            yield derived(q, C.maxStated, double(row.max))
        if row.spread is not None and not pd.isna(row.spread):
            yield derived(q, C.spread, double(row.spread))
        yield derived(q, C.drifts, ox.Literal(bool(row.drift)))
        if row.drift_reason:
            yield derived(q, C.driftReason, ox.Literal(row.drift_reason))


def reliance_quads(sources: Iterable[str], reliance: pd.DataFrame) -> Iterator[ox.Quad]:
    """Per declared source: how many claims and documents rely on it (``reliance.source_reliance``),
    0 for a source no claim cites."""
    counts = reliance.set_index("source")[["claims", "documents"]].to_dict("index")
    for source in dict.fromkeys(sources):
        found = counts.get(source, {"claims": 0, "documents": 0})
        yield derived(term(source), C.claimCount, ox.Literal(int(found["claims"])))
        yield derived(term(source), C.documentCount, ox.Literal(int(found["documents"])))


def overlap_quads(overlap: nx.Graph, documents: dict[str, str]) -> Iterator[ox.Quad]:
    """One ``cg:DocumentOverlap`` per pair of documents sharing speakers, quantities or links.

    ``documents`` maps a seed file name to its document IRI.
    """
    for a, b, data in overlap.edges(data=True):
        node = term(f"{OVERLAP}{slug(documents[a]).split('_')[0]}--{slug(documents[b]).split('_')[0]}")
        yield derived(node, TYPE, term(C.DocumentOverlap))
        yield derived(node, C.between, term(documents[a]))
        yield derived(node, C.between, term(documents[b]))
        yield derived(node, C.weight, ox.Literal(int(data["weight"])))
        for speaker in data["speakers"]:
            yield derived(node, C.sharedSpeaker, term(speaker))
        for measure in data["measures"]:
            yield derived(node, C.sharedQuantity, term(measure))
