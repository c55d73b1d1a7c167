"""Who echoes whom: a directed, weighted entity -> entity graph whose every edge carries its evidence.

A echoes B when a claim of A
- ``explicit``: echoes a claim of B (``cg:echoes``: the text says so, or the annotator saw A take up B's words);
- ``claim``: repeats a claim of B (``cg:repeats``: the same distinctive claim, stated later);
- ``figure``: states a figure of the same measured quantity as an earlier claim of B;
- ``cites``: cites a source that B authored or published.

"Earlier" is reading order: documents by seed file name; within a document, reported claims
before the document's own voice (a document repeats its sources), then position in the seed.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pandas as pd
from rdflib import Graph

from ..namespaces import CG
from . import records

KINDS = ("explicit", "claim", "figure", "cites")
BRIDGING_SAMPLE = 300
LINK_KINDS = {str(CG.echoes): "explicit", str(CG.repeats): "claim"}


def add_evidence(g: nx.DiGraph, echoer: str, echoed: str, evidence: dict[str, str]) -> None:
    if echoer == echoed:
        return
    if not g.has_edge(echoer, echoed):
        g.add_edge(echoer, echoed, evidence=[], weight=0, seen=set())
    edge = g.edges[echoer, echoed]
    key = (evidence["kind"], evidence["claim"], evidence["echoed_claim"])
    if key not in edge["seen"]:  # a set: edges of large corpora carry thousands of pieces of evidence
        edge["seen"].add(key)
        edge["evidence"].append(evidence)
        edge["weight"] = len(edge["evidence"])


def echo_network(graph: Graph | records.Records) -> nx.DiGraph:
    """The echo network of ``graph``; edge attributes ``weight`` and ``evidence`` (kind, claim, echoed_claim).

    Examples
    --------
    >>> from rdflib import Graph
    >>> echo_network(Graph()).number_of_nodes()
    0
    """
    rec = records.of(graph)
    claims = rec.claims
    g = nx.DiGraph()
    if claims.empty:
        return g
    speaker = dict(zip(claims["claim"], claims["speaker"], strict=True))
    seed = dict(zip(claims["claim"], claims["seed"], strict=True))
    g.add_nodes_from(claims["speaker"].unique())

    def evidence(kind: str, claim: str, echoed_claim: str) -> dict[str, str]:
        return {
            "kind": kind,
            "claim": claim,
            "echoed_claim": echoed_claim,
            "document": seed[claim],
            "echoed_document": seed.get(echoed_claim, ""),
        }

    for row in rec.links.itertuples():
        kind = LINK_KINDS.get(row.link)
        if kind and row.claim in speaker and row.target in speaker:
            add_evidence(g, speaker[row.claim], speaker[row.target], evidence(kind, row.claim, row.target))

    order = {claim: i for i, claim in enumerate(claims["claim"])}
    figures = rec.figures
    for _, group in figures[figures["claim"].isin(order.keys())].groupby("measure"):
        stated = sorted(set(group["claim"]), key=order.__getitem__)
        for earlier, later in combinations(stated, 2):
            add_evidence(g, speaker[later], speaker[earlier], evidence("figure", later, earlier))

    for row in rec.citations.itertuples():
        if row.via.endswith("cites") and isinstance(row.origin, str) and row.claim in speaker:
            add_evidence(
                g,
                speaker[row.claim],
                row.origin,
                {
                    "kind": "cites",
                    "claim": row.claim,
                    "echoed_claim": row.source,
                    "document": seed[row.claim],
                    "echoed_document": "",
                },
            )
    return g


def centrality(g: nx.DiGraph) -> pd.DataFrame:
    """Per entity: how often it is echoed and echoes (weighted), and how much it bridges others.

    ``bridging`` is betweenness centrality on the undirected echo graph: entities through
    which echoes between others pass.
    """
    columns = ["entity", "echoed_by", "echoes", "bridging"]
    if g.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    n = g.number_of_nodes()
    # Exact up to BRIDGING_SAMPLE entities; beyond, estimated from that many sources (it is O(n·edges)).
    sample = BRIDGING_SAMPLE if n > BRIDGING_SAMPLE else None
    bridging = nx.betweenness_centrality(g.to_undirected(), k=sample, seed=7, weight=None) if n > 2 else {}
    rows = [
        (n, g.in_degree(n, weight="weight"), g.out_degree(n, weight="weight"), bridging.get(n, 0.0)) for n in g.nodes
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["echoed_by", "bridging", "entity"], ascending=[False, False, True]).reset_index(drop=True)


def edges_frame(g: nx.DiGraph) -> pd.DataFrame:
    """One row per (echoer, echoed, kind): the evidence claims and documents behind it."""
    rows = []
    for echoer, echoed, data in g.edges(data=True):
        for kind in KINDS:
            items = [e for e in data["evidence"] if e["kind"] == kind]
            if items:
                rows.append(
                    {
                        "echoer_id": echoer,
                        "echoed_id": echoed,
                        "kind": kind,
                        "weight": len(items),
                        "evidence": "; ".join(f"{e['claim']} -> {e['echoed_claim']}" for e in items),
                        "documents": "; ".join(
                            sorted({d for e in items for d in (e["document"], e["echoed_document"]) if d})
                        ),
                    }
                )
    columns = ["echoer_id", "echoed_id", "kind", "weight", "evidence", "documents"]
    return pd.DataFrame(rows, columns=columns)
