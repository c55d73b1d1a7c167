"""Derived triples, written into their own named graph so that SPARQL sees what was inferred."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from .load import Corpus
from .namespaces import CG, DERIVED_GRAPH, SCHEMA


def reporter_of(data: Graph, document: URIRef) -> URIRef | None:
    """Who reports a document's claims: its author, else its publisher."""
    return data.value(document, SCHEMA.author) or data.value(document, SCHEMA.publisher)


def own_voices(data: Graph, document: URIRef) -> set[URIRef]:
    """The document's author and publisher: their claims are its own voice, reported by nobody else."""
    return set(data.objects(document, SCHEMA.author)) | set(data.objects(document, SCHEMA.publisher))


AUTHOR_TYPES = frozenset(
    {
        SCHEMA.Person,
        SCHEMA.Organization,
        SCHEMA.GovernmentOrganization,
        SCHEMA.NewsMediaOrganization,
        SCHEMA.Corporation,
    }
)
"""Types schema:author accepts (its range includes Person and Organization); a cg:Group is neither."""


def attribution_triples(data: Graph) -> Graph:
    """Core types, inverse and super-properties of the annotation, and qualified attributions with roles.

    The French text is also ``schema:text`` tagged ``@fr`` (``cg:quote`` stays the verbatim string
    the anchors are checked against). Written out rather than left to a reasoner, so that tools
    which know PROV-O and schema.org but not our ontology read the same attributions with or
    without RDFS inference: one ``prov:wasAttributedTo`` per qualified attribution (speaker, and
    reporter when there is one).
    """
    out = Graph()
    for claim in set(data.subjects(RDF.type, CG.Claim)):
        speaker = data.value(claim, CG.assertedBy)
        document = data.value(claim, CG.reportedIn)
        if speaker is None or document is None:
            continue
        out.add((claim, RDF.type, SCHEMA.Claim))
        out.add((claim, RDF.type, PROV.Entity))
        quote = data.value(claim, CG.quote)
        if quote is not None:
            out.add((claim, SCHEMA.text, Literal(str(quote), lang="fr")))
        out.add((speaker, CG.asserts, claim))
        out.add((claim, PROV.wasAttributedTo, speaker))
        if AUTHOR_TYPES & set(data.objects(speaker, RDF.type)):
            out.add((claim, SCHEMA.author, speaker))
        out.add((claim, SCHEMA.appearance, document))
        roles = [(speaker, CG.Speaker)]
        reporter = reporter_of(data, document)
        if reporter is not None and speaker not in own_voices(data, document):
            out.add((claim, CG.reportedBy, reporter))
            out.add((claim, PROV.wasAttributedTo, reporter))
            roles.append((reporter, CG.Reporter))
        for agent, role in roles:
            attribution = URIRef(f"{claim}-attribution-{role.fragment.lower()}")
            out.add((claim, PROV.qualifiedAttribution, attribution))
            out.add((attribution, RDF.type, PROV.Attribution))
            out.add((attribution, PROV.agent, agent))
            out.add((attribution, PROV.hadRole, role))
        for figure in data.objects(claim, CG.states):
            out.add((figure, RDF.type, CG.Figure))
    return out


def enrich(corpus: Corpus, data: Graph, *parts: Graph) -> Graph:
    """Add derived triples to the derived named graph, and to ``data`` so later stages see them."""
    derived = corpus.dataset.graph(DERIVED_GRAPH)
    for part in parts:
        for triple in part:
            derived.add(triple)
            data.add(triple)
    return derived
