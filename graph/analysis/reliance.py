"""Which sources claims rely on, and which documents overlap in claims, figures or speakers."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pandas as pd
from rdflib import Graph

from . import records


def source_reliance(graph: Graph | records.Records) -> pd.DataFrame:
    """Per source: how many claims cite it or were delivered through it, and in how many documents."""
    rec = records.of(graph)
    citations = rec.citations
    claims = rec.claims[["claim", "seed"]]
    columns = ["source", "claims", "documents", "seeds"]
    if citations.empty:
        return pd.DataFrame(columns=columns)
    joined = citations.drop_duplicates(["claim", "source"]).merge(claims, on="claim", how="left")
    rows = [
        {
            "source": source,
            "claims": group["claim"].nunique(),
            "documents": group["seed"].nunique(),
            "seeds": "; ".join(sorted(set(group["seed"].dropna()))),
        }
        for source, group in joined.groupby("source")
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["claims", "source"], ascending=[False, True]).reset_index(drop=True)


def document_overlap(graph: Graph | records.Records) -> nx.Graph:
    """Documents linked when they share speakers, measured quantities, or claim links across them.

    Edge attributes: ``speakers``, ``measures`` and ``links`` (sets), ``weight`` their total size.
    """
    rec = records.of(graph)
    claims = rec.claims
    g = nx.Graph()
    if claims.empty:
        return g
    seeds = sorted(claims["seed"].unique())
    g.add_nodes_from(seeds)
    seed_of = dict(zip(claims["claim"], claims["seed"], strict=True))
    speakers = claims.groupby("seed")["speaker"].apply(set).to_dict()
    figures = rec.figures.assign(seed=rec.figures["claim"].map(seed_of))
    measures = figures.groupby("seed")["measure"].apply(set).to_dict()
    for a, b in combinations(seeds, 2):
        shared = {
            "speakers": speakers.get(a, set()) & speakers.get(b, set()),
            "measures": measures.get(a, set()) & measures.get(b, set()),
            "links": set(),
        }
        g.add_edge(a, b, **shared)
    for row in rec.links.itertuples():
        a, b = seed_of.get(row.claim), seed_of.get(row.target)
        if a and b and a != b:
            g.edges[a, b]["links"].add(f"{row.claim} -> {row.target}")
    for a, b, data in list(g.edges(data=True)):
        data["weight"] = len(data["speakers"]) + len(data["measures"]) + len(data["links"])
        if data["weight"] == 0:
            g.remove_edge(a, b)
    return g
