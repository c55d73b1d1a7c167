"""JSON-LD a web developer can use: compacted with the package's context, framed by pyld, the same RDF as Turtle.

pyld runs with a document loader that refuses every URL, so nothing here can reach the network:
the context is inline (and in out/context.jsonld), never fetched.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import RDF, RDFS

from graph.namespaces import CG

PROJECT = Path(__file__).resolve().parent.parent


class Refused(Exception):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch) -> list[str]:
    asked: list[str] = []

    def refuse(url: str, options: dict | None = None) -> dict:
        asked.append(url)
        raise Refused(f"pyld tried to load {url}")

    monkeypatch.setattr(jsonld, "_default_document_loader", refuse)
    yield asked
    assert asked == []


def options(**extra: object) -> dict:
    def refuse(url: str, options: dict | None = None) -> dict:
        raise Refused(f"pyld tried to load {url}")

    return {"documentLoader": refuse, **extra}


@pytest.fixture(scope="module")
def annotated() -> Graph:
    """The hand annotations themselves, read independently of the build."""
    g = Graph()
    for path in sorted((PROJECT / "annotations").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_context_is_the_one_in_the_package(real_out: Path) -> None:
    shipped = read(PROJECT / "graph" / "export" / "context.jsonld")
    assert read(real_out / "context.jsonld") == shipped
    for name in ("graph.jsonld", "claims.jsonld"):
        assert read(real_out / name)["@context"] == shipped["@context"]
    prefixes = shipped["@context"]
    assert prefixes["schema"] == "https://schema.org/" and prefixes["cito"] == "http://purl.org/spar/cito/"
    assert {"prov", "oa", "cg", "d", "ent", "src", "qty"} <= prefixes.keys()


def test_framing_on_type_gets_every_claim_with_its_speaker(real_out: Path, annotated: Graph) -> None:
    document = read(real_out / "claims.jsonld")
    frame = {
        "@context": document["@context"],
        "@type": "Claim",
        "@embed": "@never",
        "assertedBy": {"@embed": "@always", "@explicit": True, "label": {}},
    }
    framed = jsonld.frame(document, frame, options())["@graph"]
    expected = {
        str(c): str(annotated.value(annotated.value(c, CG.assertedBy), RDFS.label))
        for c in annotated.subjects(RDF.type, CG.Claim)
    }
    assert len(framed) == len(expected) == 441
    context = document["@context"]

    def iri(compact: str) -> str:
        prefix, _, local = compact.partition(":")
        return context[prefix] + local

    expanded = {iri(c["@id"]): c["assertedBy"]["label"] for c in framed}
    assert expanded == expected


def test_a_claim_is_one_object_with_everything_embedded(real_out: Path) -> None:
    claims = read(real_out / "claims.jsonld")["@graph"]
    # 002: Nadella "a déclaré à CNBC" "qu’il n’avait garanti que les 80 milliards de dollars ..."
    (c12,) = [c for c in claims if "80 milliards de dollars que Microsoft" in c["quote"]]
    assert "Claim" in c12["@type"] and "schema:Claim" in c12["@type"]
    assert c12["assertedBy"]["label"] == "Satya Nadella"
    assert c12["reportedIn"]["seedFile"] == "002_59f5497307406c20.txt"
    assert c12["deliveredThrough"]["@id"] == "src:cnbc"
    figure = c12["states"]
    assert figure["surface"] == "80 milliards de dollars" and figure["value"] == 80000000000
    assert figure["measures"]["@id"] == "qty:microsoft-ai-investment-2025"
    position = next(s for s in c12["anchor"]["hasSelector"] if s["@type"] == "oa:TextPositionSelector")
    seed = (PROJECT / "seeds" / "002_59f5497307406c20.txt").read_text(encoding="utf-8")
    assert isinstance(position["start"], int) and seed[position["start"] : position["end"]] == c12["quote"]
    echoed = {c["@id"]: c for c in claims}[c12["echoes"]]
    assert echoed["assertedBy"]["label"] == "Elon Musk"  # "... faisant écho aux doutes de Musk"
    assert c12["gloss"].startswith("Nadella told CNBC")


def test_quote_and_gloss_carry_their_languages(real_out: Path) -> None:
    document = read(real_out / "claims.jsonld")
    expanded = jsonld.expand({"@context": document["@context"], "@graph": document["@graph"][:3]}, options())
    for claim in expanded:
        (text,) = claim["https://schema.org/text"]
        (gloss,) = claim[str(CG.gloss)]
        assert text["@language"] == "fr" and gloss["@language"] == "en"


def triples(nquads: str) -> Graph:
    return Graph().parse(data=nquads, format="nquads")


def test_graph_jsonld_is_the_same_rdf_as_graph_ttl(real_out: Path) -> None:
    turtle = Graph().parse(real_out / "graph.ttl", format="turtle")
    document = read(real_out / "graph.jsonld")
    from_jsonld = Graph()
    for t in triples(jsonld.to_rdf(document, options(format="application/n-quads"))):
        from_jsonld.add(t)
    assert len(from_jsonld) == len(turtle) > 15000
    assert to_isomorphic(from_jsonld) == to_isomorphic(turtle)  # equal up to blank node labels
    numbers = [o for o in from_jsonld.objects(None, URIRef("https://schema.org/value")) if isinstance(o, Literal)]
    assert all(isinstance(n.toPython(), int | float) or str(n.datatype).endswith("decimal") for n in numbers)


def test_claims_jsonld_says_nothing_graph_ttl_does_not(real_out: Path) -> None:
    turtle = Graph().parse(real_out / "graph.ttl", format="turtle")
    claims = triples(jsonld.to_rdf(read(real_out / "claims.jsonld"), options(format="application/n-quads")))
    assert len(claims) > 10000
    assert not any(isinstance(term, BNode) for t in claims for term in t)
    assert set(claims) - set(turtle) == set()


def test_every_resource_is_one_object(real_out: Path) -> None:
    ids = [node["@id"] for node in read(real_out / "graph.jsonld")["@graph"]]
    assert len(ids) == len(set(ids)) > 3000
