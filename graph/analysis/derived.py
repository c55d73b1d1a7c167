"""Analysis results as RDF, so that SPARQL users see echoes and recurrence beside the annotations."""

from __future__ import annotations

import networkx as nx
import pandas as pd
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..namespaces import CG, ECHO, OVERLAP


def slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def echo_triples(network: nx.DiGraph) -> Graph:
    """One ``cg:Echo`` node per (A, B, kind, basis) naming its evidence claims; ``A cg:echoesEntity B``
    only where some evidence is directed (a co-statement says nothing of who echoes whom)."""
    g = Graph()
    for echoer, echoed, data in network.edges(data=True):
        a, b = URIRef(echoer), URIRef(echoed)
        if data["weight"]:
            g.add((a, CG.echoesEntity, b))
        groups: dict[tuple[str, bool, str], list[dict]] = {}
        for e in data["evidence"]:
            groups.setdefault((e["kind"], e["directed"], e["basis"]), []).append(e)
        for (kind, directed, basis), evidence in groups.items():
            suffix = basis if directed else "shared"
            node = ECHO[f"{slug(echoer)}--{slug(echoed)}--{kind}--{suffix}"]
            g.add((node, RDF.type, CG.Echo))
            g.add((node, CG.echoer, a))
            g.add((node, CG.echoed, b))
            g.add((node, CG.echoKind, Literal(kind)))
            g.add((node, CG.directed, Literal(bool(directed))))
            if directed:
                g.add((node, CG.basis, Literal(basis)))
            g.add((node, CG.weight, Literal(len(evidence))))
            for e in evidence:
                g.add((node, CG.evidence, URIRef(e["claim"])))
    return g


def recurrence_triples(recurring: pd.DataFrame) -> Graph:
    """Per measured quantity: documents, smallest and largest value, spread and drift."""
    g = Graph()
    for row in recurring.itertuples():
        q = URIRef(row.measure)
        g.add((q, CG.documentCount, Literal(len(row.documents))))
        if row.min is not None and not pd.isna(row.min):
            g.add((q, CG.minStated, Literal(float(row.min), datatype=XSD.double)))
            g.add((q, CG.maxStated, Literal(float(row.max), datatype=XSD.double)))
        if row.spread is not None and not pd.isna(row.spread):
            g.add((q, CG.spread, Literal(float(row.spread), datatype=XSD.double)))
        g.add((q, CG.drifts, Literal(bool(row.drift))))
        if row.drift_reason:
            g.add((q, CG.driftReason, Literal(row.drift_reason)))
    return g


def reliance_triples(reliance: pd.DataFrame) -> Graph:
    """Per source: how many claims and documents rely on it."""
    g = Graph()
    for row in reliance.itertuples():
        g.add((URIRef(row.source), CG.claimCount, Literal(int(row.claims))))
        g.add((URIRef(row.source), CG.documentCount, Literal(int(row.documents))))
    return g


def overlap_triples(overlap: nx.Graph, documents: dict[str, str]) -> Graph:
    """One ``cg:DocumentOverlap`` per pair of documents sharing speakers, quantities or links.

    ``documents`` maps a seed file name to its document IRI.
    """
    g = Graph()
    for a, b, data in overlap.edges(data=True):
        node = OVERLAP[f"{slug(documents[a]).split('_')[0]}--{slug(documents[b]).split('_')[0]}"]
        g.add((node, RDF.type, CG.DocumentOverlap))
        g.add((node, CG.between, URIRef(documents[a])))
        g.add((node, CG.between, URIRef(documents[b])))
        g.add((node, CG.weight, Literal(int(data["weight"]))))
        for speaker in data["speakers"]:
            g.add((node, CG.sharedSpeaker, URIRef(speaker)))
        for measure in data["measures"]:
            g.add((node, CG.sharedQuantity, URIRef(measure)))
    return g
