"""The rows every analysis starts from, read once from the store by SPARQL into typed DataFrames.

Each thing is read once (claims, figures, links, citations, dates, entities, ...) with Oxigraph's
own engine; its TSV results go straight to pandas (``pandas.read_csv``), not term by term through
rdflib. Columns are typed as declared beside each query: IRIs and text as ``str`` (``None`` when
unbound), integers as nullable ``Int64``, numbers as ``float64``, booleans as ``bool``. Every
analysis takes these ``Records``, and nothing else.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import pyoxigraph as ox

from ..namespaces import CLAIM_LINKS
from ..sparql import PROLOGUE

CLAIMS = """
SELECT ?claim ?document ?seed ?speaker ?own_voice ?start ?end ?quote ?gloss_en ?reporter WHERE {
  ?claim a cg:Claim ; cg:assertedBy ?speaker ; cg:reportedIn ?document .
  ?document cg:seedFile ?seed .
  BIND(EXISTS { ?document schema:author|schema:publisher ?speaker } AS ?own_voice)
  OPTIONAL { ?claim cg:quote ?quote }
  OPTIONAL { ?claim cg:gloss ?gloss_en }
  OPTIONAL { ?claim cg:reportedBy ?reporter }
  OPTIONAL { ?claim cg:anchor/oa:hasSelector/oa:start ?start }
  OPTIONAL { ?claim cg:anchor/oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end }
}"""
"""``start`` orders the claims wherever a selector gives one; ``end`` comes with a position selector."""
CLAIM_TYPES = {"own_voice": "bool", "start": "int", "end": "int"}

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
FIGURE_TYPES = {"value": "number", "min_value": "number", "max_value": "number", "start": "int", "end": "int"}

LINK_PROPERTIES = " ".join(f"<{p}>" for p in CLAIM_LINKS)
"""Every property that links one claim to another, as a SPARQL VALUES list."""

LINKS = f"""
SELECT ?claim ?link ?target WHERE {{
  VALUES ?link {{ {LINK_PROPERTIES} }}
  ?claim ?link ?target .
}}"""

ABOUT = "SELECT ?claim ?entity WHERE { ?claim a cg:Claim ; cg:about ?entity }"

DATES = """
SELECT ?seed ?not_before ?not_after ?published ?evidence WHERE {
  ?document cg:seedFile ?seed .
  OPTIONAL { ?document cg:notBefore ?not_before }
  OPTIONAL { ?document cg:notAfter ?not_after }
  OPTIONAL { ?document schema:datePublished ?published }
  OPTIONAL { ?document cg:dateEvidence ?evidence }
}"""

OUTSIDE_KNOWLEDGE = "SELECT ?seed ?value WHERE { ?document cg:seedFile ?seed ; cg:outsideKnowledge ?value }"

CITATIONS = """
SELECT ?claim ?source ?via ?origin ?published WHERE {
  VALUES ?via { cg:cites cg:deliveredThrough }
  ?claim ?via ?source .
  OPTIONAL { ?claim cg:assertedBy ?speaker }
  OPTIONAL {
    { ?source schema:author ?origin . BIND(false AS ?published) }
    UNION
    { ?source schema:publisher ?origin . FILTER NOT EXISTS { ?source schema:author ?writer } BIND(true AS ?published) }
    FILTER(BOUND(?speaker) && NOT EXISTS { ?source schema:author|schema:contributor ?speaker })
  }
}"""
"""Every source a claim cites or was delivered through, with whose words the source carries (``origin``).

A channel (``cg:deliveredThrough``) carries the speaker's own words: its origin is its author only,
never the outlet that publishes it (« a déclaré à CNBC »: CNBC carries Satya Nadella). A cited
source's origin is its author, or its publisher when it names no author (« selon CNBC »). A
source the speaker wrote or contributed to (« mon équipe a publié ») is the speaker's own: it has
no origin, so citing it echoes no one, co-authors and outlet included.
"""
CITATION_TYPES = {"published": "bool"}

ENTITIES = """
SELECT ?entity ?label ?type WHERE {
  ?entity a ?type ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?entity), STR(ent:)))
}
ORDER BY ?entity"""

ALIASES = "SELECT ?entity ?value WHERE { ?entity skos:altLabel ?value }"

SOURCES = """
SELECT ?source ?label ?type WHERE {
  ?source a ?type ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?source), STR(src:)))
  FILTER(STRSTARTS(STR(?type), STR(cg:)))
}"""

LABELS = "SELECT ?node ?label WHERE { ?node rdfs:label ?label }"

REVIEWS = """
SELECT ?review ?a ?b ?reason WHERE {
  ?review a cg:ReviewedCoincidence ; cg:reviewedQuantity ?a, ?b ; rdfs:comment ?reason .
  FILTER(STR(?a) < STR(?b))
}"""

ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    """A literal's lexical form from its TSV (N-Triples) spelling."""

    def char(m: re.Match) -> str:
        code = m.group(1) or m.group(2)
        return chr(int(code, 16)) if code else ESCAPES.get(m.group(3), m.group(0))

    return ESCAPE.sub(char, text) if "\\" in text else text


def _lexical(cells: pd.Series) -> pd.Series:
    """Each TSV cell as a string: an IRI without its brackets, a literal's lexical form without
    its quotes, language tag or datatype; a bare number or boolean as written; None when unbound."""
    out = cells.astype(object).where(cells != "", None)
    iri = cells.str.startswith("<")
    literal = cells.str.startswith('"')
    if iri.any():
        out[iri] = cells[iri].str.slice(1, -1)
    if literal.any():
        out[literal] = cells[literal].str.rsplit('"', n=1).str[0].str.slice(1).map(_unescape)
    return out


def _typed(cells: pd.Series, kind: str) -> pd.Series:
    lexical = _lexical(cells)
    if kind == "int":
        return pd.to_numeric(lexical, errors="coerce").astype("Int64")
    if kind == "number":
        return pd.to_numeric(lexical, errors="coerce").astype("float64")
    if kind == "bool":
        return lexical.map({"true": True, "1": True, "false": False, "0": False, None: None})
    return lexical


def frame(store: ox.Store, query: str, types: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A SELECT (project prefixes predeclared) over the union of the store's graphs, as a DataFrame.

    ``types`` names the columns that are not text: ``int``, ``number`` or ``bool``.
    """
    result = store.query(PROLOGUE + query, use_default_graph_as_union=True)
    tsv = result.serialize(format=ox.QueryResultsFormat.TSV)
    raw = pd.read_csv(
        io.BytesIO(tsv), sep="\t", dtype=str, quoting=csv.QUOTE_NONE, keep_default_na=False, na_filter=False
    )
    types = types or {}
    columns = {str(c).removeprefix("?"): raw[c] for c in raw.columns}
    return pd.DataFrame({name: _typed(cells, types.get(name, "text")) for name, cells in columns.items()})


def claims(store: ox.Store) -> pd.DataFrame:
    """One row per claim in the order echoes are read: by seed file; within a document the claims
    it reports from others first, then those in its own voice; then by position in the seed.

    A document that states a figure after quoting someone is repeating its source, whatever
    sentence comes first.
    """
    found = frame(store, CLAIMS, CLAIM_TYPES)
    if found.empty:
        return found.astype({"own_voice": bool})
    found["own_voice"] = found["own_voice"].astype(bool)
    ordered = found.sort_values(["seed", "own_voice", "start", "claim"], na_position="last")
    return ordered.drop_duplicates("claim").reset_index(drop=True)


def figures(store: ox.Store) -> pd.DataFrame:
    """One row per figure (``read`` adds the seed file of its claim)."""
    return frame(store, FIGURES, FIGURE_TYPES).drop_duplicates("figure").reset_index(drop=True)


def citations(store: ox.Store) -> pd.DataFrame:
    found = frame(store, CITATIONS, CITATION_TYPES)
    if found.empty:
        return found.drop(columns="published", errors="ignore")
    channel = found["via"].str.endswith("#deliveredThrough") & found["published"].eq(True)
    found.loc[channel, "origin"] = None  # a channel's publisher carries the speaker's words
    return found.drop(columns="published").drop_duplicates().reset_index(drop=True)


@dataclass(frozen=True)
class Records:
    """What the analyses read, read once from the store and shared by every analysis of one build."""

    claims: pd.DataFrame
    """claim, document, seed, speaker, own_voice, start, end, quote, gloss_en, reporter (IRIs as str)."""
    figures: pd.DataFrame
    """figure, claim, measure, value, min_value, max_value, unit, hedge, surface, start, end, seed."""
    links: pd.DataFrame
    """claim, link, target: every claim-to-claim link."""
    citations: pd.DataFrame
    """claim, source, via, origin: what each claim cites or was delivered through."""
    dates: pd.DataFrame
    """seed, not_before, not_after, published, evidence: one row per evidence."""
    about: pd.DataFrame
    """claim, entity: what each claim is about."""
    outside: pd.DataFrame
    """seed, value: what a document's dating takes from outside the corpus."""
    entities: pd.DataFrame
    """entity, label, type: one row per type."""
    aliases: pd.DataFrame
    """entity, value: surface forms."""
    sources: pd.DataFrame
    """source, label, type."""
    reviews: pd.DataFrame
    """review, a, b, reason: the annotators' judgements of coinciding quantities."""
    labels: dict[str, str]
    """Every labelled node's ``rdfs:label``."""


def read(store: ox.Store) -> Records:
    """Everything the analyses need, one query per thing."""
    claim_rows = claims(store)
    seed_of = dict(zip(claim_rows["claim"], claim_rows["seed"], strict=True))
    figure_rows = figures(store)
    figure_rows["seed"] = figure_rows["claim"].map(seed_of)
    names = frame(store, LABELS)
    return Records(
        claims=claim_rows,
        figures=figure_rows,
        links=frame(store, LINKS),
        citations=citations(store),
        dates=frame(store, DATES),
        about=frame(store, ABOUT),
        outside=frame(store, OUTSIDE_KNOWLEDGE),
        entities=frame(store, ENTITIES),
        aliases=frame(store, ALIASES),
        sources=frame(store, SOURCES),
        reviews=frame(store, REVIEWS),
        labels=dict(zip(names["node"], names["label"], strict=True)),
    )
