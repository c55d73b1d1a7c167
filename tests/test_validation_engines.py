"""The build's SHACL engine (the shapes compiled to SPARQL, run by Oxigraph) reports what pySHACL reports.

pySHACL is the reference: on every case of the invalid corpus, and on the real corpus, both
engines must give the same problems (file, line, message with its ``(found …)`` value, focus id),
so that a change in the compiler, in shapes.ttl or in a young dependency shows here first.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from rdflib import Graph

from graph.anchor import anchor
from graph.config import Config
from graph.constraints import Compiler, UnsupportedShape, compile_shapes
from graph.errors import LoadError, ValidationError
from graph.load import Corpus, read_sources
from graph.namespaces import GRAPH
from graph.validate import shacl_problems, validate

from .conftest import DATA
from .test_invalid_corpus import CASES, apply_edits

COMPARED: dict[str, int] = {}


def loaded(root: Path) -> Corpus | None:
    """The corpus as the build validates it (anchored), or None when nothing could be validated."""
    try:
        corpus = read_sources(Config.under(root))
    except LoadError:
        return None
    corpus.add(anchor(corpus)[0])  # anchoring returns its quads; the build adds them before validating
    return corpus


def same_problems(corpus: Corpus) -> list:
    ours = sorted(set(shacl_problems(corpus, engine="sparql")))
    reference = sorted(set(shacl_problems(corpus, engine="pyshacl")))
    assert ours == reference
    return ours


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_sparql_reports_what_pyshacl_reports(case: Path, tiny: Path) -> None:
    apply_edits(tiny, tomllib.loads(case.read_text(encoding="utf-8"))["edit"])
    corpus = loaded(tiny)
    if corpus is not None:
        COMPARED[case.stem] = len(same_problems(corpus))


XSD = "http://www.w3.org/2001/XMLSchema#"
EDGES = {
    "currency-with-final-newline": ('"USD" ;\n    cg:measures', '"USD\\n" ;\n    cg:measures', False),
    "gloss-in-british-english": ('5.6 million."@en', '5.6 million."@en-GB', False),
    "gloss-tag-in-capitals": ('5.6 million."@en', '5.6 million."@EN', False),
    "gloss-in-french": ('"Acme spent $5.6 million."@en', '"Acme a dépensé."@fr', True),
    "value-with-plus-sign": ("value 5600000 ;", f'value "+5600000"^^<{XSD}integer> ;', False),
    "value-as-double": ("value 5600000 ;", "value 5.6e6 ;", False),
    "value-as-date": ("value 5600000 ;", f'value "2025-01-01"^^<{XSD}date> ;', True),
    "value-ill-typed-double": ("value 5600000 ;", f'value "5,6e6"^^<{XSD}double> ;', True),
    "figure-untyped": (":c01-f1 a schema:MonetaryAmount ;", ':c01-f1 cg:surface "x" ;', True),
    "speaker-is-text": ("cg:assertedBy ent:gazette ;\n    cg:cue", 'cg:assertedBy "ent:gazette" ;\n    cg:cue', True),
}
"""Edges of SHACL Core where SPARQL and pySHACL could part (literal forms, language ranges, a regex's
end), each with whether the shapes refuse it."""


@pytest.mark.parametrize("name", sorted(EDGES))
def test_sparql_reports_what_pyshacl_reports_at_the_edges(name: str, tiny: Path) -> None:
    old, new, refused = EDGES[name]
    apply_edits(tiny, [{"file": "annotations/001_tiny.ttl", "old": old, "new": new}])
    corpus = loaded(tiny)
    assert corpus is not None and not corpus.problems, "the edit must leave the file loadable"
    assert bool(same_problems(corpus)) == refused


def test_the_comparison_sees_shacl_problems() -> None:
    """Most cases reach SHACL, and many of them break a shape: the comparison above is not vacuous."""
    if len(COMPARED) < len(CASES) // 2:
        pytest.skip("run with the whole invalid corpus (the cases above) to count")
    assert sum(1 for n in COMPARED.values() if n) >= 20


def test_the_real_corpus_conforms_under_both_engines() -> None:
    corpus = loaded(Path(__file__).resolve().parent.parent)
    assert corpus is not None and not corpus.problems
    assert same_problems(corpus) == []


def test_a_valid_world_conforms(tiny: Path) -> None:
    corpus = loaded(tiny)
    assert same_problems(corpus) == []
    validate(corpus)  # raises on any problem


def test_validating_some_graphs_keeps_the_references_everywhere(tiny: Path) -> None:
    """Local checks run on the graphs named; references (sh:class, sh:node) and links on every graph."""
    spec = tomllib.loads((DATA / "invalid" / "claim-without-quote.toml").read_text(encoding="utf-8"))
    apply_edits(tiny, spec["edit"])
    apply_edits(tiny, [{"file": "annotations/entities.ttl", "old": "ent:acme a", "new": "ent:acme-corp a"}])
    corpus = loaded(tiny)
    with pytest.raises(ValidationError) as every:
        validate(corpus)
    problems = set(every.value.problems)
    references = {p for p in problems if "(found entity/acme)" in p.message}
    in_shared = {p for p in problems if p.file == "annotations/entities.ttl"} - references
    in_document = {p for p in problems if p.file == "annotations/001_tiny.ttl"} - references
    assert references and in_shared and in_document
    assert {p.file for p in references} == {"annotations/entities.ttl", "annotations/001_tiny.ttl"}

    with pytest.raises(ValidationError) as documents:
        validate(corpus, graphs={f.graph for f in corpus.document_files()})
    assert set(documents.value.problems) == problems - in_shared

    with pytest.raises(ValidationError) as nothing:
        validate(corpus, graphs={GRAPH["unchanged"]})
    assert set(nothing.value.problems) == references


def test_a_shape_the_compiler_cannot_translate_fails_loudly() -> None:
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:maxLength 3 ; sh:message "at most three characters" ] .""",
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="maxLength"):
        Compiler(shapes, {}).compile()
    untyped = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:P sh:targetClass ex:C ; sh:path ex:p ; sh:minCount 1 ; sh:message "needs ex:p" .""",
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="not typed sh:NodeShape"):
        Compiler(untyped, {}).compile()


def test_a_deactivated_shape_is_not_run(tiny: Path) -> None:
    spec = tomllib.loads((DATA / "invalid" / "claim-without-quote.toml").read_text(encoding="utf-8"))
    apply_edits(tiny, spec["edit"])
    corpus = loaded(tiny)
    assert any("cg:quote" in p.message for p in shacl_problems(corpus))
    shapes = Graph().parse(corpus.config.shapes, format="turtle")
    shapes.parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . "
        "<https://w3id.org/claimgraph/shapes#Claim> sh:deactivated true .",
        format="turtle",
    )
    corpus.shapes = shapes
    assert not any(p.message.startswith("needs exactly one cg:quote") for p in shacl_problems(corpus))
    assert same_problems(corpus) == sorted(set(shacl_problems(corpus)))
    assert compile_shapes(shapes, corpus.store)
