"""The rows every analysis starts from: claims, figures and links, read from the graph by SPARQL."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from rdflib import Graph

from ..namespaces import CLAIM_LINKS
from ..sparql import select

CLAIMS = """
SELECT ?claim ?document ?seed ?speaker ?own_voice ?start WHERE {
  ?claim a cg:Claim ; cg:assertedBy ?speaker ; cg:reportedIn ?document .
  ?document cg:seedFile ?seed .
  BIND(EXISTS { ?document schema:author|schema:publisher ?speaker } AS ?own_voice)
  OPTIONAL { ?claim cg:anchor/oa:hasSelector/oa:start ?start }
}"""

FIGURES = """
SELECT ?figure ?claim ?measure ?value ?min_value ?max_value ?unit ?hedge ?surface ?start ?end WHERE {
  ?claim cg:states ?figure .
  ?figure cg:measures ?measure ; cg:surface ?surface .
  OPTIONAL { ?figure schema:value ?value }
  OPTIONAL { ?figure schema:minValue ?min_value }
  OPTIONAL { ?figure schema:maxValue ?max_value }
  OPTIONAL { ?figure schema:currency|schema:unitText ?unit }
  OPTIONAL { ?figure cg:hedge ?hedge }
  OPTIONAL { ?figure cg:anchor/oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end }
}"""

LINK_PROPERTIES = " ".join(f"<{p}>" for p in CLAIM_LINKS)
"""Every property that links one claim to another, as a SPARQL VALUES list."""

LINKS = f"""
SELECT ?claim ?link ?target WHERE {{
  VALUES ?link {{ {LINK_PROPERTIES} }}
  ?claim ?link ?target .
}}"""

DATES = """
SELECT ?seed ?not_before ?not_after ?published ?evidence WHERE {
  ?document cg:seedFile ?seed .
  OPTIONAL { ?document cg:notBefore ?not_before }
  OPTIONAL { ?document cg:notAfter ?not_after }
  OPTIONAL { ?document schema:datePublished ?published }
  OPTIONAL { ?document cg:dateEvidence ?evidence }
}"""

CITATIONS = """
SELECT ?claim ?source ?via ?origin ?published WHERE {
  VALUES ?via { cg:cites cg:deliveredThrough }
  ?claim ?via ?source .
  OPTIONAL {
    ?claim cg:assertedBy ?speaker .
    FILTER NOT EXISTS { ?source schema:author|schema:contributor ?speaker }
    { ?source schema:author ?origin . BIND(false AS ?published) }
    UNION
    { ?source schema:publisher ?origin . FILTER NOT EXISTS { ?source schema:author ?writer } BIND(true AS ?published) }
  }
}"""
"""Every source a claim cites or was delivered through, with whose words the source carries (``origin``).

A channel (``cg:deliveredThrough``) carries the speaker's own words: its origin is its author only,
never the outlet that publishes it (« a déclaré à CNBC »: CNBC carries Satya Nadella). A cited
source's origin is its author, or its publisher when it names no author (« selon CNBC »). A
source the speaker wrote or contributed to (« mon équipe a publié ») is the speaker's own: it has
no origin, so citing it echoes no one, co-authors and outlet included.
"""


def claims(graph: Graph) -> pd.DataFrame:
    """One row per claim in the order echoes are read: by seed file; within a document the claims
    it reports from others first, then those in its own voice; then by position in the seed.

    A document that states a figure after quoting someone is repeating its source, whatever
    sentence comes first.
    """
    frame = select(graph, CLAIMS)
    if frame.empty:
        return frame
    frame["own_voice"] = frame["own_voice"].astype(bool)
    return frame.sort_values(["seed", "own_voice", "start", "claim"], na_position="last").reset_index(drop=True)


def figures(graph: Graph) -> pd.DataFrame:
    return select(graph, FIGURES).drop_duplicates("figure").reset_index(drop=True)


def links(graph: Graph) -> pd.DataFrame:
    return select(graph, LINKS)


def citations(graph: Graph) -> pd.DataFrame:
    frame = select(graph, CITATIONS)
    if frame.empty:
        return frame.drop(columns="published", errors="ignore")
    channel = frame["via"].str.endswith("#deliveredThrough") & frame["published"].eq(True)
    frame.loc[channel, "origin"] = None  # a channel's publisher carries the speaker's words
    return frame.drop(columns="published").drop_duplicates().reset_index(drop=True)


def dates(graph: Graph) -> pd.DataFrame:
    """Per document (seed file): its date bounds and the claims that evidence them, one row per evidence."""
    return select(graph, DATES)


@dataclass(frozen=True)
class Records:
    """The frames, read once and shared by every analysis of one build."""

    claims: pd.DataFrame
    figures: pd.DataFrame
    links: pd.DataFrame
    citations: pd.DataFrame
    dates: pd.DataFrame


def read(graph: Graph) -> Records:
    return Records(claims(graph), figures(graph), links(graph), citations(graph), dates(graph))


def of(source: Graph | Records) -> Records:
    """The records of a graph, or the records themselves: analyses accept either."""
    return source if isinstance(source, Records) else read(source)
