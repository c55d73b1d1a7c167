"""GraphML and GEXF for Gephi users: the echo network and the whole graph as resources and links."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS


def local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def flat_echo_network(network: nx.DiGraph, labels: dict[str, str]) -> nx.DiGraph:
    """The echo network with only scalar attributes, as GraphML and GEXF require."""
    flat = nx.DiGraph()
    for node in network.nodes:
        flat.add_node(node, label=labels.get(node, local_name(node)))
    for a, b, data in network.edges(data=True):
        kinds = sorted({e["kind"] for e in data["evidence"]})
        bases = sorted({e["basis"] for e in data["evidence"] if e["directed"]})
        evidence = "; ".join(f"{e['kind']}: {e['claim']} -> {e['echoed_claim']}" for e in data["evidence"])
        # directed false: only co-statements, whose ends are in IRI order, not an echo of b by a
        flat.add_edge(
            a,
            b,
            weight=data["weight"],
            shared=data["shared"],
            directed=bool(data["weight"]),
            bases=", ".join(bases),
            kinds=", ".join(kinds),
            evidence=evidence,
        )
    return flat


def resource_network(graph: Graph) -> nx.MultiDiGraph:
    """Every IRI as a node (label, type), every IRI-to-IRI triple as an edge named by its predicate.

    Literals become node attributes only through ``label``: Gephi draws resources, not strings.
    """
    g = nx.MultiDiGraph()
    for s, p, o in graph:
        if isinstance(o, Literal) or p == RDF.type:
            continue
        g.add_edge(str(s), str(o), predicate=local_name(str(p)), key=str(p))
    for node in g.nodes:
        g.nodes[node]["label"] = local_name(node)
    for s, label in graph.subject_objects(RDFS.label):
        if str(s) in g:
            g.nodes[str(s)]["label"] = str(label)
    for s, t in graph.subject_objects(RDF.type):
        if str(s) in g:
            g.nodes[str(s)]["type"] = local_name(str(t))
    return g


def write_networks(network: nx.DiGraph, labels: dict[str, str], graph: Graph, out: Path) -> list[Path]:
    echoes = flat_echo_network(network, labels)
    whole = resource_network(graph)
    paths = [out / "echoes.graphml", out / "echoes.gexf", out / "graph.graphml", out / "graph.gexf"]
    nx.write_graphml(echoes, paths[0])
    nx.write_gexf(echoes, paths[1])
    nx.write_graphml(whole, paths[2])
    nx.write_gexf(whole, paths[3])
    return paths
