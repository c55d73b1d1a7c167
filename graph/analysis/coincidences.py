"""The same number for different things: figures of two documents that state one number of two quantities.

Full Fact's classic error of public statistics is 7.8 million *treatments* cited as 7.8 million
*people*. Here, two figures coincide when they sit in different documents, measure different
quantities and state the same number in commensurable units (``agreement.coincide``). Each pair
is shown with both quotes, both measures and both documents, and with the annotators'
judgement when the two quantities were reviewed (``cg:ReviewedCoincidence`` in
annotations/quantities.ttl): either they are one quantity (then they are merged, and the pair
disappears) or the coincidence is legitimate, with the reason.
"""

from __future__ import annotations

import pandas as pd
from rdflib import Graph, URIRef

from ..namespaces import CG
from ..sparql import select
from . import records
from .agreement import Stated, coincide, unit_family

COLUMNS = [
    "document_a",
    "surface_a",
    "measure_a",
    "quote_a",
    "document_b",
    "surface_b",
    "measure_b",
    "quote_b",
    "unit",
    "reviewed",
    "reason",
    "review",
    "figure_a",
    "figure_b",
    "claim_a",
    "claim_b",
]

QUOTES = "SELECT ?claim ?quote WHERE { ?claim a cg:Claim ; cg:quote ?quote }"

REVIEWS = """
SELECT ?review ?a ?b ?reason WHERE {
  ?review a cg:ReviewedCoincidence ; cg:reviewedQuantity ?a, ?b ; rdfs:comment ?reason .
  FILTER(STR(?a) < STR(?b))
}"""


def reviews(graph: Graph) -> dict[frozenset[str], tuple[str, str]]:
    """The annotators' judgements: per pair of quantities, the review's IRI and its reason."""
    frame = select(graph, REVIEWS)
    return {frozenset((r.a, r.b)): (r.review, str(r.reason)) for r in frame.itertuples()}


def figure_coincidences(graph: Graph, rec: records.Records | None = None) -> pd.DataFrame:
    """One row per pair of figures of different documents and quantities that state one number.

    Figures come in reading order (seed file, then position): ``_a`` is the earlier of the pair.
    List-free: every cell is one value.
    """
    rec = records.read(graph) if rec is None else rec
    if rec.figures.empty:
        return pd.DataFrame(columns=COLUMNS)
    quotes = dict(select(graph, QUOTES).itertuples(index=False, name=None))
    judged = reviews(graph)
    figures = rec.figures.merge(rec.claims[["claim", "seed"]], on="claim", how="left")
    figures = figures.sort_values(["seed", "start", "figure"], na_position="last").reset_index(drop=True)
    stated = [Stated.of(row) for _, row in figures.iterrows()]
    rows = []
    for i, a in figures.iterrows():
        for j in range(i + 1, len(figures)):
            b = figures.iloc[j]
            if a["seed"] == b["seed"] or a["measure"] == b["measure"] or not coincide(stated[i], stated[j]):
                continue
            review, reason = judged.get(frozenset((a["measure"], b["measure"])), ("", ""))
            rows.append(
                {
                    "document_a": a["seed"],
                    "surface_a": a["surface"],
                    "measure_a": a["measure"],
                    "quote_a": quotes.get(a["claim"], ""),
                    "document_b": b["seed"],
                    "surface_b": b["surface"],
                    "measure_b": b["measure"],
                    "quote_b": quotes.get(b["claim"], ""),
                    "unit": unit_family(stated[i].unit),
                    "reviewed": bool(review),
                    "reason": reason,
                    "review": review,
                    "figure_a": a["figure"],
                    "figure_b": b["figure"],
                    "claim_a": a["claim"],
                    "claim_b": b["claim"],
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["reviewed", "document_a", "document_b", "figure_a", "figure_b"]).reset_index(drop=True)


def coincidence_triples(coincidences: pd.DataFrame) -> Graph:
    """``a cg:sameNumberAs b`` both ways for every coinciding pair of figures."""
    g = Graph()
    for row in coincidences.itertuples():
        a, b = URIRef(row.figure_a), URIRef(row.figure_b)
        g.add((a, CG.sameNumberAs, b))
        g.add((b, CG.sameNumberAs, a))
    return g
