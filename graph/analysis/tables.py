"""The pandas tables users load: claims, figures, entities, echoes, claim links, recurring figures, sources.

Multi-valued cells are Python lists, sorted; the exporter writes them to out/tables/ as JSON arrays
(CSV) and list columns (Parquet).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from . import chronology, echoes, records


def grouped(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    """Values of ``value`` per ``key``, as a sorted list without repeats (one cell per key)."""
    if frame.empty:
        return pd.Series(dtype=object)
    return frame.groupby(key)[value].agg(lambda values: sorted(set(map(str, values))))


def listed(keys: pd.Series, lists: pd.Series) -> pd.Series:
    """The list of each key, ``[]`` where it has none (never NaN: a list column holds lists)."""
    found = lists.to_dict()  # one lookup per key in a dict, not in a Series
    return keys.map(lambda k: list(found.get(k, [])))


def claims_table(rec: records.Records) -> pd.DataFrame:
    """One row per claim, by seed file and position: speaker and reporter by label, what it cites and states."""
    claims = rec.claims[rec.claims["quote"].notna()]
    claims = claims.sort_values(["seed", "start", "claim"], na_position="first")
    frame = pd.DataFrame(
        {
            "claim": claims["claim"],
            "document": claims["seed"],
            "speaker": claims["speaker"].map(rec.labels),
            "speaker_id": claims["speaker"],
            "reported_by": claims["reporter"].map(rec.labels),
            "quote": claims["quote"],
            "start": claims["start"].where(claims["end"].notna()),  # a position: start and end
            "end": claims["end"],
            "gloss_en": claims["gloss_en"],
        }
    )
    frame["cites"] = listed(frame["claim"], grouped(rec.citations, "claim", "source"))
    frame["figures"] = listed(frame["claim"], grouped(rec.figures, "claim", "figure"))
    return frame.reset_index(drop=True)


def figures_table(rec: records.Records) -> pd.DataFrame:
    columns = ["figure", "seed", "claim", "surface", "value", "unit", "min_value", "max_value", "hedge", "measure"]
    frame = rec.figures.sort_values(["seed", "start", "figure"], na_position="first")
    frame = frame[[*columns, "start", "end"]].rename(columns={"seed": "document"})
    frame.insert(frame.columns.get_loc("hedge"), "approximate", frame["hedge"].notna())
    return frame.reset_index(drop=True)


def entities_table(rec: records.Records, network: nx.DiGraph, bridging: dict[str, float] | None = None) -> pd.DataFrame:
    """One row per entity, with its echo centrality: ``echoed_by``, ``echoes`` (weighted) and ``bridging``
    (``echoes.centrality``)."""
    frame = rec.entities.copy()
    frame["type"] = frame["type"].str.rsplit("/", n=1).str[-1].str.rsplit("#", n=1).str[-1]
    frame = frame.groupby(["entity", "label"], as_index=False)["type"].agg(lambda t: sorted(set(t)))
    frame["aliases"] = listed(frame["entity"], grouped(rec.aliases, "entity", "value"))
    said = rec.claims[["claim", "speaker", "seed"]].rename(columns={"speaker": "entity"})
    about = rec.about.merge(rec.claims[["claim", "seed"]], on="claim")
    mentions = pd.concat([said, about[["claim", "entity", "seed"]]]).drop_duplicates()
    if mentions.empty:
        frame["documents"], frame["claims"] = [[] for _ in range(len(frame))], 0
    else:
        frame["documents"] = listed(frame["entity"], mentions.groupby("entity")["seed"].agg(lambda s: sorted(set(s))))
        frame["claims"] = frame["entity"].map(mentions.groupby("entity")["claim"].nunique()).fillna(0).astype(int)
    frame = frame.merge(echoes.centrality(network, bridging), on="entity", how="left")
    frame[["echoed_by", "echoes"]] = frame[["echoed_by", "echoes"]].fillna(0).astype(int)
    frame["bridging"] = frame["bridging"].fillna(0.0).astype(float)
    return frame.sort_values(["claims", "entity"], ascending=[False, True]).reset_index(drop=True)


def document_overlap_table(overlap: nx.Graph, names: dict[str, str]) -> pd.DataFrame:
    """Pairs of documents sharing speakers, measured quantities or claim links, most shared first."""
    rows = [
        {
            "document_a": a,
            "document_b": b,
            "weight": data["weight"],
            "shared_speakers": sorted(names.get(x, x) for x in data["speakers"]),
            "shared_measures": sorted(names.get(x, x) for x in data["measures"]),
            "links": sorted(data["links"]),
        }
        for a, b, data in overlap.edges(data=True)
    ]
    columns = ["document_a", "document_b", "weight", "shared_speakers", "shared_measures", "links"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["weight", "document_a", "document_b"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def echoes_table(network: nx.DiGraph, names: dict[str, str]) -> pd.DataFrame:
    """One row per (echoer, echoed, kind, directed, basis); ``evidence`` and ``documents`` are lists.

    ``directed`` false is a co-statement: echoer and echoed are then only in IRI order.
    """
    frame = echoes.edges_frame(network)
    frame.insert(0, "echoer", frame["echoer_id"].map(lambda x: names.get(x, x)))
    frame.insert(1, "echoed", frame["echoed_id"].map(lambda x: names.get(x, x)))
    return frame


def document_dates_table(rec: records.Records) -> pd.DataFrame:
    """Per document: its date bounds, the claims that evidence them (a list) and what comes from outside."""
    bounds = chronology.document_bounds(rec)
    outside = grouped(rec.outside, "seed", "value")
    rows = [
        {
            "document": seed,
            "not_before": b.not_before,
            "not_after": b.not_after,
            "evidence": list(b.evidence),
            "outside_knowledge": list(outside.get(seed, [])),
        }
        for seed, b in sorted(bounds.items())
    ]
    return pd.DataFrame(rows, columns=["document", "not_before", "not_after", "evidence", "outside_knowledge"])


def sources_table(rec: records.Records, reliance: pd.DataFrame) -> pd.DataFrame:
    """One row per declared source with how many claims and documents rely on it (``source_reliance``)."""
    sources = rec.sources.drop_duplicates("source").copy()
    sources["type"] = sources["type"].str.rsplit("#", n=1).str[-1]
    frame = sources.merge(reliance, on="source", how="left")
    frame[["claims", "documents"]] = frame[["claims", "documents"]].fillna(0).astype(int)
    frame["seeds"] = frame["seeds"].map(lambda seeds: seeds if isinstance(seeds, list) else [])
    return frame.sort_values(["claims", "source"], ascending=[False, True]).reset_index(drop=True)
