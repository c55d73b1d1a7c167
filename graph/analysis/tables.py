"""The pandas tables users load: claims, figures, entities, echoes, claim links, recurring figures, sources.

Multi-valued cells are Python lists, sorted; the exporter writes them to out/tables/ as JSON arrays
(CSV) and list columns (Parquet).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
from rdflib import Graph

from ..sparql import select
from . import chronology, echoes, records, recurrence, reliance

CLAIMS = """
SELECT ?claim ?document ?speaker ?speaker_id ?reported_by ?quote ?start ?end ?gloss_en WHERE {
  ?claim a cg:Claim ; cg:quote ?quote ; cg:assertedBy ?speaker_id ; cg:reportedIn ?doc .
  ?doc cg:seedFile ?document .
  OPTIONAL { ?speaker_id rdfs:label ?speaker }
  OPTIONAL { ?claim cg:reportedBy ?reporter . ?reporter rdfs:label ?reported_by }
  OPTIONAL { ?claim cg:gloss ?gloss_en }
  OPTIONAL { ?claim cg:anchor/oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end }
}
ORDER BY ?document ?start ?claim"""

CLAIM_CITES = "SELECT ?claim ?value WHERE { ?claim cg:cites|cg:deliveredThrough ?value }"
CLAIM_FIGURES = "SELECT ?claim ?value WHERE { ?claim cg:states ?value }"

FIGURES = """
SELECT ?figure ?document ?claim ?surface ?value ?unit ?min_value ?max_value ?hedge ?measure ?start ?end WHERE {
  ?claim cg:states ?figure ; cg:reportedIn/cg:seedFile ?document .
  ?figure cg:surface ?surface ; cg:measures ?measure .
  OPTIONAL { ?figure schema:value ?value }
  OPTIONAL { ?figure schema:currency|schema:unitText ?unit }
  OPTIONAL { ?figure schema:minValue ?min_value }
  OPTIONAL { ?figure schema:maxValue ?max_value }
  OPTIONAL { ?figure cg:hedge ?hedge }
  OPTIONAL { ?figure cg:anchor/oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end }
}
ORDER BY ?document ?start ?figure"""

ENTITIES = """
SELECT ?entity ?label ?type WHERE {
  ?entity a ?type ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?entity), STR(ent:)))
}
ORDER BY ?entity"""

ENTITY_ALIASES = "SELECT ?entity ?value WHERE { ?entity skos:altLabel ?value }"
ENTITY_CLAIMS = """
SELECT DISTINCT ?entity ?claim ?seed WHERE {
  ?claim cg:assertedBy|cg:about ?entity ; cg:reportedIn/cg:seedFile ?seed .
}"""

SOURCES = """
SELECT ?source ?label ?type WHERE {
  ?source a ?type ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?source), STR(src:)))
  FILTER(STRSTARTS(STR(?type), STR(cg:)))
}"""

LABELS = "SELECT ?node ?label WHERE { ?node rdfs:label ?label }"


def joined(graph: Graph, query: str, key: str) -> pd.Series:
    """Values of ``?value`` per ``key``, as a sorted list without repeats (one cell per key)."""
    frame = select(graph, query)
    if frame.empty:
        return pd.Series(dtype=object)
    return frame.groupby(key)["value"].agg(lambda values: sorted(set(map(str, values))))


def listed(keys: pd.Series, lists: pd.Series) -> pd.Series:
    """The list of each key, ``[]`` where it has none (never NaN: a list column holds lists)."""
    return keys.map(lambda k: list(lists.get(k, [])))


def labels(graph: Graph) -> dict[str, str]:
    frame = select(graph, LABELS)
    return dict(zip(frame["node"], frame["label"], strict=True))


def claims_table(graph: Graph) -> pd.DataFrame:
    frame = select(graph, CLAIMS).drop_duplicates("claim")
    frame["start"] = frame["start"].astype("Int64")
    frame["end"] = frame["end"].astype("Int64")
    frame["cites"] = listed(frame["claim"], joined(graph, CLAIM_CITES, "claim"))
    frame["figures"] = listed(frame["claim"], joined(graph, CLAIM_FIGURES, "claim"))
    return frame.reset_index(drop=True)


def figures_table(graph: Graph) -> pd.DataFrame:
    frame = select(graph, FIGURES).drop_duplicates("figure")
    frame.insert(frame.columns.get_loc("hedge"), "approximate", frame["hedge"].notna())
    return frame.reset_index(drop=True)


def entities_table(graph: Graph, network: nx.DiGraph | None = None) -> pd.DataFrame:
    """One row per entity, with its echo centrality: ``echoed_by``, ``echoes`` (weighted) and ``bridging``."""
    frame = select(graph, ENTITIES)
    frame["type"] = frame["type"].str.rsplit("/", n=1).str[-1].str.rsplit("#", n=1).str[-1]
    frame = frame.groupby(["entity", "label"], as_index=False)["type"].agg(lambda t: sorted(set(t)))
    frame["aliases"] = listed(frame["entity"], joined(graph, ENTITY_ALIASES, "entity"))
    mentions = select(graph, ENTITY_CLAIMS)
    if mentions.empty:
        frame["documents"], frame["claims"] = [[] for _ in range(len(frame))], 0
    else:
        frame["documents"] = listed(frame["entity"], mentions.groupby("entity")["seed"].agg(lambda s: sorted(set(s))))
        frame["claims"] = frame["entity"].map(mentions.groupby("entity")["claim"].nunique()).fillna(0).astype(int)
    network = echoes.echo_network(graph) if network is None else network
    frame = frame.merge(echoes.centrality(network), on="entity", how="left")
    frame[["echoed_by", "echoes"]] = frame[["echoed_by", "echoes"]].fillna(0).astype(int)
    frame["bridging"] = frame["bridging"].fillna(0.0).astype(float)
    return frame.sort_values(["claims", "entity"], ascending=[False, True]).reset_index(drop=True)


def document_overlap_table(
    graph: Graph, overlap: nx.Graph | None = None, names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Pairs of documents sharing speakers, measured quantities or claim links, most shared first."""
    overlap = reliance.document_overlap(graph) if overlap is None else overlap
    names = labels(graph) if names is None else names
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


def echoes_table(graph: Graph, network: nx.DiGraph | None = None, names: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per (echoer, echoed, kind, directed, basis); ``evidence`` and ``documents`` are lists.

    ``directed`` false is a co-statement: echoer and echoed are then only in IRI order.
    """
    network = echoes.echo_network(graph) if network is None else network
    frame = echoes.edges_frame(network)
    names = labels(graph) if names is None else names
    frame.insert(0, "echoer", frame["echoer_id"].map(lambda x: names.get(x, x)))
    frame.insert(1, "echoed", frame["echoed_id"].map(lambda x: names.get(x, x)))
    return frame


OUTSIDE_KNOWLEDGE = "SELECT ?seed ?value WHERE { ?document cg:seedFile ?seed ; cg:outsideKnowledge ?value }"


def document_dates_table(graph: Graph, rec: records.Records | None = None) -> pd.DataFrame:
    """Per document: its date bounds, the claims that evidence them (a list) and what comes from outside."""
    rec = records.read(graph) if rec is None else rec
    bounds = chronology.document_bounds(rec)
    outside = joined(graph, OUTSIDE_KNOWLEDGE, "seed")
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


def sources_table(graph: Graph, rec: records.Records | None = None) -> pd.DataFrame:
    sources = select(graph, SOURCES).drop_duplicates("source")
    sources["type"] = sources["type"].str.rsplit("#", n=1).str[-1]
    reliance_frame = reliance.source_reliance(graph if rec is None else rec)
    frame = sources.merge(reliance_frame, on="source", how="left")
    frame[["claims", "documents"]] = frame[["claims", "documents"]].fillna(0).astype(int)
    frame["seeds"] = frame["seeds"].map(lambda seeds: seeds if isinstance(seeds, list) else [])
    return frame.sort_values(["claims", "source"], ascending=[False, True]).reset_index(drop=True)


def all_tables(
    graph: Graph,
    rec: records.Records | None = None,
    network: nx.DiGraph | None = None,
    recurring: pd.DataFrame | None = None,
    overlap: nx.Graph | None = None,
    names: dict[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table by its CSV name (without extension); pass what the caller already computed."""
    rec = records.read(graph) if rec is None else rec
    network = echoes.echo_network(rec) if network is None else network
    names = labels(graph) if names is None else names
    return {
        "claims": claims_table(graph),
        "figures": figures_table(graph),
        "entities": entities_table(graph, network),
        "echoes": echoes_table(graph, network, names),
        "claim_links": echoes.claim_links(rec),
        "document_dates": document_dates_table(graph, rec),
        "recurring_figures": recurrence.recurring_figures(rec) if recurring is None else recurring,
        "figure_repetitions": recurrence.figure_repetitions(rec),
        "sources": sources_table(graph, rec),
        "document_overlap": document_overlap_table(
            graph, overlap if overlap is not None else reliance.document_overlap(rec), names
        ),
    }
