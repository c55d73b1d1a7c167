"""The project's prefixes as plain strings, for code that reads the built graph without rdflib.

``graph.namespaces`` holds the same IRIs as rdflib namespaces for the build; a test keeps the two
tables equal. Importing this module costs nothing, which keeps ``claimgraph query`` fast.
"""

PREFIX_IRIS: dict[str, str] = {
    "cg": "https://w3id.org/claimgraph/ontology#",
    "d": "https://w3id.org/claimgraph/doc/",
    "ent": "https://w3id.org/claimgraph/entity/",
    "src": "https://w3id.org/claimgraph/source/",
    "qty": "https://w3id.org/claimgraph/quantity/",
    "echo": "https://w3id.org/claimgraph/echo/",
    "schema": "https://schema.org/",
    "cito": "http://purl.org/spar/cito/",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
"""Prefixes bound in every output and available to every query."""

PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIX_IRIS.items())
"""The PREFIX lines prepended to every query; ``PROLOGUE_LINES`` of them precede the user's text."""

PROLOGUE_LINES = PROLOGUE.count("\n")
"""How many lines the prologue adds before a query's own first line."""


def compact(value: object) -> object:
    """An IRI written with the project's prefixes (``ent:elon-musk``), as ``--param`` accepts it back.

    >>> compact("https://w3id.org/claimgraph/entity/elon-musk")
    'ent:elon-musk'
    >>> compact("plain text")
    'plain text'
    """
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return value
    best = max(
        ((p, iri) for p, iri in PREFIX_IRIS.items() if value.startswith(iri)),
        key=lambda item: len(item[1]),
        default=None,
    )
    return f"{best[0]}:{value[len(best[1]) :]}" if best else value


def expand(value: str) -> str | None:
    """The full IRI of ``prefix:local`` or ``<iri>`` or an absolute IRI; None for anything else.

    >>> expand("ent:elon-musk")
    'https://w3id.org/claimgraph/entity/elon-musk'
    >>> expand("elon-musk") is None
    True
    """
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    if value.startswith(("http://", "https://", "urn:")):
        return value
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIX_IRIS and not local.startswith("//"):
        return PREFIX_IRIS[prefix] + local
    return None
