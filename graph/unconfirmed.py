"""Candidates ``claimgraph new`` proposed and nobody has confirmed yet: never counted, always reported."""

from __future__ import annotations

from rdflib.namespace import RDF

from .anchor import short_id
from .errors import Problem
from .load import Corpus
from .namespaces import CG

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


def candidate_problems(corpus: Corpus) -> list[Problem]:
    """One problem per node still typed cg:Candidate, located at its line, saying how to confirm it."""
    problems = []
    for source in corpus.files:
        g = corpus.dataset.graph(source.graph)
        for node in set(g.subjects(RDF.type, CG.Candidate)):
            types = set(g.objects(node, RDF.type))
            message = next((m for t, m in HOW.items() if t in types), FIGURE)
            line = source.subject_lines.get(node)
            problems.append(Problem(source.name, line, message, short_id(node)))
    return problems
