"""The JSON-LD files' writer gives exactly the characters ``json.dumps(..., ensure_ascii=False, indent=1)`` gives."""

from __future__ import annotations

import json

import pytest

from graph.export.rdf import compact_id, context, dumps, write_graph

CASES = [
    {},
    [],
    {"a": [], "b": {}, "": ""},
    ["DeepSeek-R1", "« 5,6 millions de dollars »", "é\n\t\"\\\u0001\u2028", 17, -0.0, 5.6e6, 1e-7, 10**30],
    [True, False, None, float("nan"), float("inf"), -float("inf")],
    {
        "@graph": [{"@id": "ent:deepseek", "label": ["DeepSeek", {"@value": "x", "@language": "fr"}]}, [[]]],
        "nested": ({"k": (1, [2])},),
    },
    "seul",
    3,
]


@pytest.mark.parametrize("value", CASES)
def test_dumps_writes_what_the_standard_library_writes(value: object) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_dumps_refuses_keys_that_are_not_strings() -> None:
    with pytest.raises(TypeError):
        dumps({1: "un"})


def test_compact_id_names_the_namespace_that_starts_the_iri_and_never_the_whole_iri() -> None:
    assert compact_id("https://schema.org/author") == "schema:author"
    assert compact_id("https://w3id.org/claimgraph/doc/001_lemonde/c3") == "d:001_lemonde/c3"
    assert compact_id("http://www.w3.org/ns/oa#hasSelector") == "oa:hasSelector"
    assert compact_id("https://schema.org/") == "https://schema.org/"
    assert compact_id("urn:nothing-known") == "urn:nothing-known"


@pytest.mark.parametrize("items", [[], [{}], CASES])
def test_write_graph_writes_what_the_standard_library_writes_for_the_whole(tmp_path, items: list) -> None:
    path = tmp_path / "graph.jsonld"
    write_graph(path, iter(items))
    assert path.read_text(encoding="utf-8") == json.dumps(
        {"@context": context(), "@graph": items}, ensure_ascii=False, indent=1
    ) + "\n"
