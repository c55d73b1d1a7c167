"""ontology.ttl declares, documents and aligns every term the annotations, shapes and build use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from graph.namespaces import CG, CITO, OA, SCHEMA

PROJECT = Path(__file__).resolve().parent.parent
ONTOLOGY = Graph().parse(PROJECT / "ontology.ttl")
DECLARED = {s for s in ONTOLOGY.subjects() if isinstance(s, URIRef) and str(s).startswith(str(CG))}


def used_terms() -> set[URIRef]:
    """Every cg: term written in the annotations, the shapes, the queries and the package."""
    texts = [
        p.read_text(encoding="utf-8")
        for pattern in ("annotations/*.ttl", "shapes.ttl", "queries/*.rq")
        for p in PROJECT.glob(pattern)
    ]
    terms = {URIRef(str(CG) + t) for text in texts for t in re.findall(r"\bcg:([A-Za-z]\w*)", text)}
    code = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT / "graph").rglob("*.py"))
    terms |= {URIRef(str(CG) + t) for t in re.findall(r"\bCG\.([A-Za-z]\w*)", code)}
    return terms


def test_every_used_term_is_declared() -> None:
    assert used_terms() - DECLARED == set()


@pytest.mark.parametrize("term", sorted(DECLARED), ids=lambda t: t.fragment)
def test_every_term_has_label_and_comment(term: URIRef) -> None:
    assert ONTOLOGY.value(term, RDFS.label) is not None
    assert ONTOLOGY.value(term, RDFS.comment) is not None


@pytest.mark.parametrize(
    ("term", "relation", "standard"),
    [
        (CG.Claim, RDFS.subClassOf, SCHEMA.Claim),
        (CG.Claim, RDFS.subClassOf, PROV.Entity),
        (CG.Document, RDFS.subClassOf, SCHEMA.CreativeWork),
        (CG.Figure, RDFS.subClassOf, SCHEMA.StructuredValue),
        (CG.assertedBy, RDFS.subPropertyOf, PROV.wasAttributedTo),
        (CG.reportedIn, RDFS.subPropertyOf, SCHEMA.appearance),
        (CG.cites, RDFS.subPropertyOf, CITO.citesAsEvidence),
        (CG.deliveredThrough, RDFS.subPropertyOf, PROV.wasQuotedFrom),
        (CG.echoes, RDFS.subPropertyOf, CITO.cites),
        (CG.echoesCited, RDFS.subPropertyOf, CG.echoes),
        (CG.echoesOrigin, RDFS.subPropertyOf, CG.echoes),
        (CG.coStates, RDF.type, OWL.SymmetricProperty),
        (CG.contradicts, RDF.type, OWL.SymmetricProperty),
        (CG.coStates, RDFS.subPropertyOf, PROV.alternateOf),
        (CG.anchor, RDFS.range, OA.SpecificResource),
        (CG.assertedBy, OWL.inverseOf, CG.asserts),
        (CG.GarbledForm, RDFS.subClassOf, URIRef("http://www.w3.org/2008/05/skos-xl#Label")),
        (CG.garbledForm, RDFS.subPropertyOf, URIRef("http://www.w3.org/2008/05/skos-xl#altLabel")),
    ],
)
def test_aligned_to_standard_vocabularies(term: URIRef, relation: URIRef, standard: URIRef) -> None:
    assert (term, relation, standard) in ONTOLOGY


@pytest.mark.parametrize(
    ("term", "relation", "standard", "why"),
    [
        (CG.anchor, RDFS.subPropertyOf, OA.hasTarget, "oa:hasTarget's domain would make claims oa:Annotations"),
        (CG.assertedBy, RDFS.subPropertyOf, SCHEMA.author, "schema:author takes persons and organisations, not groups"),
        (CG.quote, RDFS.subPropertyOf, SCHEMA.text, "schema:text is written tagged @fr; inference would add a copy"),
        (CG.platform, RDFS.subPropertyOf, SCHEMA.provider, "schema:provider takes persons and organisations"),
    ],
)
def test_not_aligned_where_inference_would_mislead(term: URIRef, relation: URIRef, standard: URIRef, why: str) -> None:
    assert (term, relation, standard) not in ONTOLOGY, why


def test_classes_and_properties_are_typed() -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, CG.Hedge, PROV.Role}
    untyped = [t for t in DECLARED if not set(ONTOLOGY.objects(t, RDF.type)) & kinds]
    assert untyped == []
