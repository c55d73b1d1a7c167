"""Which sources claims rely on, and which documents overlap in claims, figures or speakers."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import pandas as pd

from . import records


def source_reliance(rec: records.Records) -> pd.DataFrame:
    """Per source: how many claims cite it or were delivered through it, and in how many documents."""
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
            "seeds": sorted(set(group["seed"].dropna())),
        }
        for source, group in joined.groupby("source")
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["claims", "source"], ascending=[False, True]).reset_index(drop=True)


def document_overlap(rec: records.Records) -> nx.Graph:
    """Documents linked when they share speakers, measured quantities, or claim links across them.

    Edge attributes: ``speakers``, ``measures`` and ``links`` (sets), ``weight`` their total size.
    """
    claims = rec.claims
    g = nx.Graph()
    if claims.empty:
        return g
    g.add_nodes_from(sorted(claims["seed"].unique()))
    seed_of = dict(zip(claims["claim"], claims["seed"], strict=True))
    figures = rec.figures
    # An inverted index (value -> documents) visits only pairs that share something: pairing
    # every two documents first is quadratic in the corpus and cannot run at 10,000 documents.
    for kind, frame, column in (("speakers", claims, "speaker"), ("measures", figures, "measure")):
        for value, seeds in frame.dropna(subset=[column, "seed"]).groupby(column)["seed"]:
            for a, b in combinations(sorted(set(seeds)), 2):
                _shared(g, a, b)[kind].add(value)
    for row in rec.links.itertuples():
        a, b = seed_of.get(row.claim), seed_of.get(row.target)
        if a and b and a != b:
            _shared(g, a, b)["links"].add(f"{row.claim} -> {row.target}")
    for _, _, data in g.edges(data=True):
        data["weight"] = len(data["speakers"]) + len(data["measures"]) + len(data["links"])
    return g


def _shared(g: nx.Graph, a: str, b: str) -> dict:
    """The attribute dict of the edge a-b, created empty on first use."""
    if not g.has_edge(a, b):
        g.add_edge(a, b, speakers=set(), measures=set(), links=set())
    return g.edges[a, b]
