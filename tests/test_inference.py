"""What a generic consumer sees after RDFS inference with the standard vocabularies' own files.

The vocabularies (schema.org, PROV-O, Web Annotation, CiTO) are shipped in tests/data/vocabularies/
(origin and licence in its README); nothing is downloaded. owlrl computes the RDFS closure of the
built graph.ttl (which holds ontology.ttl) together with the vocabularies' RDFS axioms
(subClassOf, subPropertyOf, domain, range): their labels and comments entail nothing about our
data, and leaving them out keeps the closure to seconds instead of minutes.
"""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from graph.namespaces import CG, OA, SCHEMA

VOCABULARIES = Path(__file__).parent / "data" / "vocabularies"
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # an open namespace: pytest probes module attributes
FILES = ("schemaorg-current-https.ttl", "prov-o.ttl", "oa.ttl", "cito.ttl")
AXIOMS = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    g = Graph()
    for name in FILES:
        g.parse(VOCABULARIES / name, format="turtle")
    return g


@pytest.fixture(scope="module")
def served(real_out: Path) -> Graph:
    return Graph().parse(real_out / "graph.ttl", format="ox-turtle")


@pytest.fixture(scope="module")
def closure(served: Graph, vocabularies: Graph) -> Graph:
    g = Graph()
    for axiom in AXIOMS:
        for triple in vocabularies.triples((None, axiom, None)):
            g.add(triple)
    for triple in served:
        g.add(triple)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    return g


@pytest.fixture(scope="module")
def claims(served: Graph) -> set[URIRef]:
    found = set(served.subjects(RDF.type, CG.Claim))
    assert len(found) > 400
    return found


def test_the_vocabularies_are_the_real_ones(vocabularies: Graph) -> None:
    assert (SCHEMA.Claim, RDF.type, RDFS.Class) in vocabularies
    assert (PROV.wasAttributedTo, RDFS.range, PROV.Agent) in vocabularies
    assert (OA.hasTarget, RDFS.domain, OA.Annotation) in vocabularies
    assert (URIRef("http://purl.org/spar/cito/citesAsEvidence"), RDFS.subPropertyOf, None) in vocabularies


def test_every_claim_is_a_schema_claim_and_a_prov_entity_as_served(served: Graph, claims: set[URIRef]) -> None:
    for claim in claims:
        assert (claim, RDF.type, SCHEMA.Claim) in served, claim
        assert (claim, RDF.type, PROV.Entity) in served, claim


def test_no_claim_or_figure_becomes_an_annotation(closure: Graph, served: Graph) -> None:
    figures = set(served.subjects(RDF.type, CG.Figure))
    assert len(figures) > 100
    annotations = set(closure.subjects(RDF.type, OA.Annotation))
    assert annotations == set(served.subjects(RDF.type, OA.Annotation)) == set()


def intended_attributions(served: Graph, claim: URIRef) -> set[URIRef]:
    """From the annotation alone: the speaker, and the document's author (else publisher) unless that is the speaker's
    own document voice."""
    speaker = served.value(claim, CG.assertedBy)
    document = served.value(claim, CG.reportedIn)
    own = set(served.objects(document, SCHEMA.author)) | set(served.objects(document, SCHEMA.publisher))
    reporter = served.value(document, SCHEMA.author) or served.value(document, SCHEMA.publisher)
    return {speaker} | ({reporter} if reporter is not None and speaker not in own else set())


def test_exactly_the_intended_attributions_with_or_without_a_reasoner(
    served: Graph, closure: Graph, claims: set[URIRef]
) -> None:
    reported = 0
    for claim in claims:
        intended = intended_attributions(served, claim)
        reported += len(intended) == 2
        assert set(served.objects(claim, PROV.wasAttributedTo)) == intended, claim
        assert set(closure.objects(claim, PROV.wasAttributedTo)) == intended, claim
        qualified = {served.value(a, PROV.agent) for a in served.objects(claim, PROV.qualifiedAttribution)}
        assert qualified == intended, claim
    assert reported > 150  # document 003 reports the whole essay of Amodei


def test_selectors_have_the_datatypes_web_annotation_gives(served: Graph, vocabularies: Graph) -> None:
    for prop in (OA.start, OA.end):
        datatype = vocabularies.value(prop, RDFS.range)
        assert datatype == XSD.nonNegativeInteger
        values = list(served.objects(None, prop))
        assert len(values) >= 441 + 108  # every claim and figure, and the cues
        assert {v.datatype for v in values} == {datatype}


INTEGER_SPACES = {
    XSD.nonNegativeInteger: lambda v: v >= 0,
    XSD.positiveInteger: lambda v: v > 0,
    XSD.integer: lambda v: True,
}
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.nonNegativeInteger, XSD.positiveInteger}
SCHEMA_LITERALS = {
    SCHEMA.Text: {XSD.string, RDF.langString},
    SCHEMA.Number: NUMERIC,
    SCHEMA.Integer: {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger},
    SCHEMA.Float: {XSD.double, XSD.float, XSD.decimal},
    SCHEMA.Boolean: {XSD.boolean},
    SCHEMA.Date: {XSD.date},
    SCHEMA.DateTime: {XSD.dateTime},
    SCHEMA.URL: {XSD.anyURI},
}


def datatype_of(literal: Literal) -> URIRef:
    if literal.language:
        return RDF.langString
    return literal.datatype or XSD.string


def in_datatype(literal: Literal, datatype: URIRef) -> bool:
    """A literal lies in a datatype's value space: its own datatype, or an integer within the range's bounds."""
    if datatype == RDFS.Literal or datatype_of(literal) == datatype:
        return True
    check = INTEGER_SPACES.get(datatype)
    return check is not None and datatype_of(literal) in INTEGER_SPACES and check(int(literal))


def test_no_property_is_used_outside_its_range(served: Graph, closure: Graph, vocabularies: Graph) -> None:
    """rdfs:range (PROV-O, Web Annotation, CiTO, ours) and schema:rangeIncludes (schema.org), after inference.

    Each served triple is checked under its property and every super-property the closure gives it; the
    types of resources come from the closure, literals from the served graph (owlrl stands in proxies for
    literals and can mix up equal values such as ``false`` and ``0``).
    """
    ranges: dict[URIRef, set[URIRef]] = {}
    for p, r in closure.subject_objects(RDFS.range):
        ranges.setdefault(p, set()).add(r)
    includes: dict[URIRef, set[URIRef]] = {}
    for p, r in vocabularies.subject_objects(SCHEMA.rangeIncludes):
        includes.setdefault(p, set()).add(r)
    supers: dict[URIRef, set[URIRef]] = {}
    for p, q in closure.subject_objects(RDFS.subPropertyOf):
        supers.setdefault(p, {p}).add(q)
    problems = []
    for s, p, o in served:
        if not str(s).startswith("https://w3id.org/claimgraph/") or str(s).startswith(str(CG)):
            continue  # the ontology's own axioms are not data
        for prop in supers.get(p, {p}):
            for r in ranges.get(prop, set()):
                literal_range = str(r).startswith(str(XSD)) or r in (RDF.langString, RDFS.Literal)
                if isinstance(o, Literal) != literal_range or (literal_range and not in_datatype(o, r)):
                    problems.append((s, prop, o, r))
            if prop in includes:
                allowed = includes[prop]
                if isinstance(o, Literal):
                    ok = any(datatype_of(o) in SCHEMA_LITERALS.get(r, set()) for r in allowed)
                else:
                    types = set(closure.objects(o, RDF.type))
                    ok = SCHEMA.Thing in allowed or bool(types & allowed) or SCHEMA.URL in allowed
                if not ok:
                    problems.append((s, prop, o, sorted(allowed)))
    assert problems == [], "\n".join(map(str, problems[:20]))
