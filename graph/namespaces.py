"""The IRIs of the project and of the vocabularies it reuses, one constant each."""

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/claimgraph/"
"""Root of every IRI the project mints."""

CG = Namespace(BASE + "ontology#")
"""The project's own vocabulary (ontology.ttl)."""

DOC = Namespace(BASE + "doc/")
"""Documents: ``DOC[stem]``; their claims live under ``DOC[stem + '/']``."""

ENT = Namespace(BASE + "entity/")
"""People, organisations, products, projects and places."""

SRC = Namespace(BASE + "source/")
"""What claims cite or were delivered through."""

QTY = Namespace(BASE + "quantity/")
"""Measured quantities that figures state values of."""

ECHO = Namespace(BASE + "echo/")
"""Derived echo links between entities: ``ECHO['echoer--echoed--kind']``."""

OVERLAP = Namespace(BASE + "overlap/")
"""Derived overlaps between two documents: ``OVERLAP['000--004']``."""

GRAPH = Namespace(BASE + "graph/")
"""Named graphs: one per document, plus ``shared``, ``ontology`` and ``derived``."""

SCHEMA = Namespace("https://schema.org/")
"""schema.org (https, as schema.org itself recommends)."""

CITO = Namespace("http://purl.org/spar/cito/")
"""Citation Typing Ontology: stance and citation links."""

OA = Namespace("http://www.w3.org/ns/oa#")
"""Web Annotation vocabulary: selectors that anchor text."""

SH = Namespace("http://www.w3.org/ns/shacl#")
"""SHACL, for reading validation reports."""

SHARED_GRAPH = GRAPH["shared"]
"""Named graph of the shared annotation files (entities, sources, quantities)."""

ONTOLOGY_GRAPH = GRAPH["ontology"]
"""Named graph holding ontology.ttl."""

DERIVED_GRAPH = GRAPH["derived"]
"""Named graph of everything the build infers rather than reads."""

ANCHORS_GRAPH = GRAPH["anchors"]
"""Named graph of what anchoring computes (``cg:reportedIn``, the selectors), kept out of the hand-written graphs."""

PREFIXES: dict[str, URIRef | Namespace] = {
    "cg": CG,
    "d": DOC,
    "ent": ENT,
    "src": SRC,
    "qty": QTY,
    "echo": ECHO,
    "schema": SCHEMA,
    "cito": CITO,
    "oa": OA,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "owl": OWL,
    "xsd": XSD,
}
"""Prefixes bound in every output and available to every query."""

__all__ = [
    "ANCHORS_GRAPH",
    "BASE",
    "CG",
    "CITO",
    "DERIVED_GRAPH",
    "DOC",
    "ENT",
    "GRAPH",
    "OA",
    "ONTOLOGY_GRAPH",
    "OWL",
    "PREFIXES",
    "PROV",
    "QTY",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SHARED_GRAPH",
    "SKOS",
    "SRC",
    "XSD",
]


CLAIM_LINKS = (
    CG.echoes,
    CG.echoesCited,
    CG.echoesOrigin,
    CG.coStates,
    CG.contradicts,
    CG.corroborates,
    CG.summarises,
    CG.misreports,
    CITO.agreesWith,
    CITO.supports,
    CITO.disputes,
    CITO.disagreesWith,
    CITO.refutes,
    CITO.confirms,
    CITO.qualifies,
)
"""Every property that links one claim to another: one list for the analysis, the checks and validation."""
