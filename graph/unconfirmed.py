"""Candidates ``claimgraph new`` proposed and nobody has confirmed yet: never counted, always reported."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef

from .anchor import short_id
from .errors import Problem
from .load import Corpus
from .namespaces import CG
from .terms import from_ox as rdflib_term

HOW = {
    CG.Document: "document metadata not confirmed yet: check the headline, genre, author and publisher, "
    "then delete ', cg:Candidate' from its types",
    CG.Claim: "candidate claim not confirmed yet: check its quote, cue and speaker against the seed and write "
    "its cg:gloss, then delete ', cg:Candidate' from its types (or delete the claim)",
}
FIGURE = (
    "candidate figure not confirmed yet: check its value, unit and hedge against the surface and name what it "
    "cg:measures, then delete ', cg:Candidate' from its types (or delete the figure and its cg:states link)"
)


CANDIDATES = "SELECT DISTINCT ?graph ?node ?type WHERE { GRAPH ?graph { ?node a cg:Candidate, ?type } }"


def candidate_problems(corpus: Corpus, store: ox.Store, graphs: set[URIRef] | None = None) -> list[Problem]:
    """One problem per node still typed cg:Candidate, located at its line, saying how to confirm it.

    Only the files of ``graphs`` are looked at (all of them for None).
    """
    found: dict[str, dict[object, set[str]]] = {}
    for row in store.query(f"PREFIX cg: <{CG}> {CANDIDATES}"):
        node = rdflib_term(row["node"])
        found.setdefault(row["graph"].value, {}).setdefault(node, set()).add(row["type"].value)
    problems = []
    for source in corpus.files:
        if graphs is not None and source.graph not in graphs:
            continue
        for node, types in found.get(str(source.graph), {}).items():
            message = next((m for t, m in HOW.items() if str(t) in types), FIGURE)
            problems.append(Problem(source.name, source.subject_lines.get(node), message, short_id(node)))
    return problems
