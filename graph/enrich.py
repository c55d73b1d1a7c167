"""Derived attributions, as quads of their own named graph, so that SPARQL sees what was inferred."""

from __future__ import annotations

import pyoxigraph as ox

from .namespaces import DERIVED_GRAPH, SCHEMA
from .sparql import PROLOGUE

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
AUTHOR_TYPE_LIST = " ".join(f"<{t}>" for t in sorted(AUTHOR_TYPES))

ATTRIBUTIONS = f"""
CONSTRUCT {{
  ?claim a schema:Claim, prov:Entity ; schema:text ?text ; schema:appearance ?document ;
    prov:wasAttributedTo ?speaker ; prov:qualifiedAttribution ?as_speaker .
  ?speaker cg:asserts ?claim .
  ?as_speaker a prov:Attribution ; prov:agent ?speaker ; prov:hadRole cg:Speaker .
  ?claim schema:author ?author .
  ?claim cg:reportedBy ?reporter ; prov:wasAttributedTo ?reporter ; prov:qualifiedAttribution ?as_reporter .
  ?as_reporter a prov:Attribution ; prov:agent ?reporter ; prov:hadRole cg:Reporter .
  ?figure a cg:Figure .
}} WHERE {{
  ?claim a cg:Claim ; cg:assertedBy ?speaker ; cg:reportedIn ?document .
  BIND(IRI(CONCAT(STR(?claim), "-attribution-speaker")) AS ?as_speaker)
  OPTIONAL {{ ?claim cg:quote ?quote BIND(STRLANG(STR(?quote), "fr") AS ?text) }}
  OPTIONAL {{ VALUES ?type {{ {AUTHOR_TYPE_LIST} }} ?speaker a ?type BIND(?speaker AS ?author) }}
  OPTIONAL {{
    {{ ?document schema:author ?reporter }}
    UNION
    {{ ?document schema:publisher ?reporter FILTER NOT EXISTS {{ ?document schema:author ?writer }} }}
    FILTER NOT EXISTS {{ ?document schema:author|schema:publisher ?speaker }}
  }}
  BIND(IF(BOUND(?reporter), IRI(CONCAT(STR(?claim), "-attribution-reporter")), ?none) AS ?as_reporter)
  OPTIONAL {{ ?claim cg:states ?figure }}
}}"""
"""Core types, inverse and super-properties of the annotation, and qualified attributions with roles.

The French text is also ``schema:text`` tagged ``@fr`` (``cg:quote`` stays the verbatim string
the anchors are checked against). Written out rather than left to a reasoner, so that tools
which know PROV-O and schema.org but not our ontology read the same attributions with or
without RDFS inference: one ``prov:wasAttributedTo`` per qualified attribution (speaker, and
reporter when there is one). The reporter is the document's author, else its publisher; the
claims of the document's own voice (its author or publisher) are reported by nobody else.
"""


def attribution_quads(store: ox.Store) -> list[ox.Quad]:
    """The attributions of every claim in ``store``, as quads of the derived graph."""
    graph = ox.NamedNode(str(DERIVED_GRAPH))
    found = store.query(PROLOGUE + ATTRIBUTIONS, use_default_graph_as_union=True)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in found]
