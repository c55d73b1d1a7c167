"""Analyses on tiny hand-built graphs with exact expected results, plus the empty and one-node cases."""

from __future__ import annotations

import pandas as pd
import pyoxigraph as ox
import pytest

from graph.analysis import records
from graph.analysis.echoes import centrality, echo_network, edges_frame
from graph.analysis.recurrence import figure_repetitions, recurring_figures
from graph.analysis.reliance import document_overlap, source_reliance

PREFIXES = """
@prefix cg: <https://w3id.org/claimgraph/ontology#> .
@prefix ent: <https://w3id.org/claimgraph/entity/> .
@prefix src: <https://w3id.org/claimgraph/source/> .
@prefix qty: <https://w3id.org/claimgraph/quantity/> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix d: <https://w3id.org/claimgraph/doc/> .
@prefix : <https://w3id.org/claimgraph/doc/t/> .
"""
DOCS = """
d:a cg:seedFile "a.txt" ; schema:author ent:author-a .
d:b cg:seedFile "b.txt" ; schema:author ent:author-b .
"""
ENT = "https://w3id.org/claimgraph/entity/"


def world(turtle: str) -> records.Records:
    """The records of a tiny corpus, read from a store that holds it in a named graph."""
    store = ox.Store()
    store.load((PREFIXES + DOCS + turtle).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:x:g"))
    return records.read(store)


def nothing() -> records.Records:
    """The records of an empty store."""
    return records.read(ox.Store())


def claim(name: str, speaker: str, doc: str, start: int, extra: str = "") -> str:
    return (
        f":{name} a cg:Claim ; cg:assertedBy ent:{speaker} ; cg:reportedIn d:{doc} ; "
        f"cg:anchor [ oa:hasSelector [ oa:start {start} ] ] {extra}.\n"
    )


def figure(name: str, measure: str, value: str, unit: str = "USD", surface: str = "") -> str:
    return (
        f':{name} cg:measures qty:{measure} ; cg:surface "{surface or value}" ; '
        f'schema:value {value} ; schema:unitText "{unit}" .\n'
    )


def edges(g) -> dict[tuple[str, str], list[tuple[str, str, str, str]]]:
    """Per edge: (kind, basis or "-" when undirected, claim, echoed claim), sorted."""
    return {
        (a.removeprefix(ENT), b.removeprefix(ENT)): sorted(
            (e["kind"], e["basis"] if e["directed"] else "-", e["claim"][-2:], e["echoed_claim"][-2:])
            for e in data["evidence"]
        )
        for a, b, data in g.edges(data=True)
    }


def test_empty_graph_has_no_echoes() -> None:
    g = echo_network(nothing())
    assert g.number_of_nodes() == 0
    assert centrality(g).empty
    assert edges_frame(g).empty


def test_one_claim_is_one_node_without_edges() -> None:
    g = echo_network(world(claim("c1", "musk", "a", 10)))
    assert list(g.nodes) == [ENT + "musk"]
    assert g.number_of_edges() == 0


def test_explicit_echo_points_from_echoer_to_echoed() -> None:
    g = echo_network(world(claim("c1", "musk", "a", 10) + claim("c2", "nadella", "a", 50, "; cg:echoes :c1 ")))
    assert edges(g) == {("nadella", "musk"): [("claim", "explicit", "c2", "c1")]}
    assert g.edges[ENT + "nadella", ENT + "musk"]["weight"] == 1


def test_self_echo_is_ignored() -> None:
    g = echo_network(world(claim("c1", "musk", "a", 10) + claim("c2", "musk", "b", 50, "; cg:coStates :c1 ")))
    assert g.number_of_edges() == 0


def test_co_statement_has_no_direction_whatever_the_file_order() -> None:
    # b.txt sorts after a.txt: that says nothing of who took the claim from whom.
    turtle = claim("c1", "author-a", "a", 10) + claim("c2", "author-b", "b", 5, "; cg:coStates :c1 ")
    g = echo_network(world(turtle))
    assert edges(g) == {("author-a", "author-b"): [("claim", "-", "c1", "c2")]}
    assert g.edges[ENT + "author-a", ENT + "author-b"]["weight"] == 0
    assert centrality(g)["echoed_by"].sum() == 0


def test_figures_are_undirected_co_statements_without_evidence() -> None:
    turtle = (
        claim("c1", "author-a", "a", 10, "; cg:states :f1 ")
        + figure("f1", "cost", "6000000", surface="6 millions de dollars")
        + claim("c2", "cnbc", "a", 90, "; cg:states :f2 ")
        + figure("f2", "cost", "6000000", surface="6 millions de dollars")
        + claim("c3", "author-b", "b", 5, "; cg:states :f3 ")
        + figure("f3", "cost", "5600000", surface="5,6 millions de dollars")  # 6 millions rounded: the same value
    )
    assert edges(echo_network(world(turtle))) == {
        ("author-a", "cnbc"): [("figure", "-", "c1", "c2")],
        ("author-a", "author-b"): [("figure", "-", "c1", "c3")],
        ("author-b", "cnbc"): [("figure", "-", "c3", "c2")],
    }


def test_figure_link_needs_the_same_value_not_merely_compatible_bounds() -> None:
    # « des milliards de dollars » (at least 2e9) and « plus de 100 millions de dollars » (more than 1e8):
    # both are open above, and they are a disagreement, not an echo.
    turtle = (
        claim("c1", "author-a", "a", 10, "; cg:states :f1 ")
        + ':f1 cg:measures qty:cost ; cg:surface "des milliards" ; schema:minValue 2000000000 ; '
        + 'schema:unitText "USD" .\n'
        + claim("c2", "author-b", "b", 10, "; cg:states :f2 ")
        + ':f2 cg:measures qty:cost ; cg:surface "plus de 100 millions" ; schema:value 100000000 ; '
        + 'schema:unitText "USD" ; cg:hedge cg:MoreThan .\n'
    )
    assert edges(echo_network(world(turtle))) == {}


def test_origin_and_cited_links_are_directed_with_their_basis() -> None:
    turtle = (
        claim("c1", "deepseek", "b", 10)
        + claim("c2", "author-a", "a", 10, "; cg:echoesOrigin :c1 ")
        + claim("c3", "cnbc", "b", 20)
        + claim("c4", "author-b", "b", 30, "; cg:echoesCited :c3 ")
    )
    assert edges(echo_network(world(turtle))) == {
        ("author-a", "deepseek"): [("claim", "origin", "c2", "c1")],
        ("author-b", "cnbc"): [("claim", "cites", "c4", "c3")],
    }


def dated(a: str, b: str) -> str:
    return f"d:a cg:notBefore {a} .\nd:b cg:notBefore {b} .\n"


def test_time_directs_a_co_statement_only_when_the_bounds_order_the_documents() -> None:
    body = (
        claim("c1", "author-a", "a", 10, "; cg:states :f1 ")
        + figure("f1", "cost", "6000000", surface="6 millions de dollars")
        + claim("c2", "author-b", "b", 5, "; cg:coStates :c1 ; cg:states :f2 ")
        + figure("f2", "cost", "5600000", surface="5,6 millions de dollars")
    )
    ordered = dated('"2025-01-21"^^xsd:date', '"2025-01-27"^^xsd:date') + 'd:a cg:notAfter "2025-01-26"^^xsd:date .\n'
    assert edges(echo_network(world(ordered + body))) == {
        ("author-b", "author-a"): [("claim", "time", "c2", "c1"), ("figure", "time", "c2", "c1")]
    }
    lower_bounds_only = dated('"2025-01-21"^^xsd:date', '"2025-01-27"^^xsd:date')
    assert edges(echo_network(world(lower_bounds_only + body))) == {
        ("author-a", "author-b"): [("claim", "-", "c1", "c2"), ("figure", "-", "c1", "c2")]
    }


def test_a_report_of_a_first_hand_text_makes_no_echo() -> None:
    # A summary line gives as the essay's a figure the essay quotes only to reject: its figure and
    # its links to other documents must not make the essay's author echo anyone.
    turtle = (
        claim("c1", "cnbc", "a", 10, "; cg:states :f1 ")
        + figure("f1", "cost", "6000000")
        + claim("c2", "amodei", "b", 5, "; cg:states :f2 ; cg:misreports :c3 ; cg:coStates :c1 ")
        + figure("f2", "cost", "6000000")
        + claim("c3", "amodei", "b", 50)
    )
    assert edges(echo_network(world(turtle))) == {}


def test_citing_a_source_echoes_its_publisher() -> None:
    turtle = claim("c1", "author-a", "a", 10, "; cg:cites src:cnbc ") + "src:cnbc schema:publisher ent:cnbc .\n"
    assert edges(echo_network(world(turtle))) == {("author-a", "cnbc"): [("cites", "cites", "c1", "bc")]}


def test_a_channel_echoes_its_author_never_its_publisher() -> None:
    # « a déclaré à CNBC »: the outlet carries the speaker's words; an ad in a paper is its author's.
    turtle = (
        claim("c1", "nadella", "a", 10, "; cg:deliveredThrough src:cnbc ")
        + "src:cnbc schema:publisher ent:cnbc .\n"
        + claim("c2", "scale", "a", 20, "; cg:deliveredThrough src:ad ")
        + "src:ad schema:author ent:scale ; schema:publisher ent:wsj .\n"
        + claim("c3", "author-a", "a", 30, "; cg:deliveredThrough src:post ")
        + "src:post schema:author ent:musk ; schema:publisher ent:x .\n"
    )
    assert edges(echo_network(world(turtle))) == {("author-a", "musk"): [("cites", "cites", "c3", "st")]}


def test_citing_ones_own_work_echoes_no_one() -> None:
    # « j'ai ... article » (co-written, in a paper) and « mon équipe a publié » (a contribution).
    turtle = (
        claim("c1", "amodei", "a", 10, "; cg:cites src:oped, src:paper, src:report ")
        + "src:oped schema:author ent:amodei, ent:pottinger ; schema:publisher ent:wsj .\n"
        + "src:paper schema:contributor ent:amodei ; schema:publisher ent:openai .\n"
        + "src:report schema:publisher ent:semianalysis .\n"
    )
    assert edges(echo_network(world(turtle))) == {("amodei", "semianalysis"): [("cites", "cites", "c1", "rt")]}


def test_a_quoted_speaker_is_never_the_later_end_of_a_time_link() -> None:
    # b is later than a, but b only quotes « people »: they may have spoken before a was written.
    turtle = (
        dated('"2025-01-21"^^xsd:date', '"2025-01-27"^^xsd:date')
        + 'd:a cg:notAfter "2025-01-26"^^xsd:date .\n'
        + claim("c1", "author-a", "a", 10, "; cg:states :f1 ")
        + figure("f1", "cost", "6000000", surface="6 millions de dollars")
        + claim("c2", "people", "b", 5, "; cg:coStates :c1 ; cg:states :f2 ")
        + figure("f2", "cost", "6000000", surface="6 millions de dollars")
    )
    assert edges(echo_network(world(turtle))) == {
        ("author-a", "people"): [("claim", "-", "c1", "c2"), ("figure", "-", "c1", "c2")]
    }


def test_centrality_counts_directed_evidence_only() -> None:
    turtle = (
        claim("c1", "musk", "a", 10)
        + claim("c2", "nadella", "a", 50, "; cg:echoes :c1 ")
        + claim("c3", "author-a", "a", 90, "; cg:echoes :c1, :c2 ")
        + claim("c4", "author-b", "b", 10, "; cg:coStates :c1 ")
    )
    frame = centrality(echo_network(world(turtle))).set_index("entity")
    assert frame.loc[ENT + "musk", "echoed_by"] == 2
    assert frame.loc[ENT + "author-a", "echoes"] == 2
    assert frame.loc[ENT + "nadella", "echoed_by"] == 1
    assert frame.loc[ENT + "author-b", ["echoed_by", "echoes"]].tolist() == [0, 0]


def test_claim_links_orient_co_statements_by_time_and_keep_symmetric_links_undirected() -> None:
    from graph.analysis.echoes import claim_links

    turtle = (
        dated('"2025-01-27"^^xsd:date', '"2025-01-21"^^xsd:date')
        + 'd:b cg:notAfter "2025-01-26"^^xsd:date .\n'
        + claim("c1", "author-a", "a", 10, "; cg:coStates :c2 ; cg:contradicts :c3 ")
        + claim("c2", "author-b", "b", 10)
        + claim("c3", "author-b", "b", 20, "; cito:qualifies :c2 ")
    )
    rows = {
        (r.claim[-2:], r.target[-2:], r.relation, r.directed, r.basis) for r in claim_links(world(turtle)).itertuples()
    }
    assert rows == {
        ("c1", "c2", "coStates", True, "time"),
        ("c1", "c3", "contradicts", False, ""),
        ("c3", "c2", "qualifies", True, "explicit"),
    }


def test_recurrence_flags_drift_and_spread() -> None:
    turtle = (
        claim("c1", "author-a", "a", 10, "; cg:states :f1, :f2 ")
        + figure("f1", "cost", "6000000", surface="6 millions de dollars")
        + figure("f2", "capex", "500000000000")
        + claim("c2", "author-b", "b", 10, "; cg:states :f3, :f4 ")
        + figure("f3", "cost", "5600000", surface="5,6 millions de dollars")
        + figure("f4", "capex", "100000000000")
    )
    frame = recurring_figures(world(turtle)).set_index("measure")
    cost, capex = (
        frame.loc["https://w3id.org/claimgraph/quantity/cost"],
        frame.loc["https://w3id.org/claimgraph/quantity/capex"],
    )
    assert (cost["drift"], capex["drift"]) == (False, True)
    assert capex["drift_reason"] == "values differ beyond rounding"
    assert capex["spread"] == pytest.approx(5.0)
    assert cost["documents"] == ["a.txt", "b.txt"]


def test_recurrence_flags_unit_mismatch() -> None:
    turtle = (
        claim("c1", "author-a", "a", 10, "; cg:states :f1 ")
        + figure("f1", "chips", "50000", "GPU")
        + claim("c2", "author-b", "b", 10, "; cg:states :f2 ")
        + figure("f2", "chips", "50000", "USD")
    )
    row = recurring_figures(world(turtle)).iloc[0]
    assert row["drift_reason"] == "units differ: GPU, USD"


def test_single_mention_does_not_recur() -> None:
    assert recurring_figures(world(claim("c1", "x", "a", 1, "; cg:states :f1 ") + figure("f1", "cost", "1"))).empty
    assert recurring_figures(nothing()).empty
    assert figure_repetitions(nothing()).empty


def test_a_report_of_a_first_hand_text_is_not_a_recurrence() -> None:
    # b's summary line gives as a's essay's the $6M the essay only quotes: the figure is b's reading
    # of a text the corpus holds, not a second statement of the quantity, and its speaker states nothing.
    turtle = (
        claim("c1", "amodei", "a", 10, "; cg:states :f1 ")
        + figure("f1", "cost", "6000000")
        + claim("c2", "amodei", "b", 10, "; cg:states :f2 ; cg:misreports :c1 ")
        + figure("f2", "cost", "6000000")
    )
    assert recurring_figures(world(turtle)).empty
    with_b = turtle + claim("c3", "cnbc", "b", 50, "; cg:states :f3 ") + figure("f3", "cost", "6000000")
    row = recurring_figures(world(with_b)).iloc[0]
    assert (row["statements"], row["speakers"]) == (2, [ENT + "amodei", ENT + "cnbc"])


def test_repetition_within_one_document_is_not_a_recurrence() -> None:
    turtle = (
        claim("c1", "author-a", "a", 10, "; cg:states :f1 ")
        + figure("f1", "chips", "2000000", "chip")
        + claim("c2", "author-a", "a", 90, "; cg:states :f2 ")
        + figure("f2", "chips", "2000000", "chip")
    )
    assert recurring_figures(world(turtle)).empty
    row = figure_repetitions(world(turtle)).iloc[0]
    assert (row["document"], row["statements"], row["agreement"]) == ("a.txt", 2, "identical")


def test_source_reliance_and_document_overlap() -> None:
    turtle = (
        claim("c1", "author-a", "a", 10, "; cg:cites src:cnbc ")
        + claim("c2", "musk", "a", 20, "; cg:cites src:cnbc ")
        + claim("c3", "musk", "b", 10, "; cg:deliveredThrough src:x ; cg:echoes :c2 ")
    )
    reliance = source_reliance(world(turtle)).set_index("source")
    assert reliance.loc["https://w3id.org/claimgraph/source/cnbc", ["claims", "documents"]].tolist() == [2, 1]
    assert reliance.loc["https://w3id.org/claimgraph/source/x", ["claims", "documents"]].tolist() == [1, 1]
    overlap = document_overlap(world(turtle))
    assert overlap.edges["a.txt", "b.txt"]["speakers"] == {ENT + "musk"}
    assert len(overlap.edges["a.txt", "b.txt"]["links"]) == 1
    assert document_overlap(nothing()).number_of_nodes() == 0


def test_analyses_read_the_union_of_the_named_graphs() -> None:
    store = ox.Store()
    parts = {
        "urn:x:g1": DOCS + claim("c1", "musk", "a", 1),
        "urn:x:g2": claim("c2", "nadella", "a", 5, "; cg:echoes :c1 "),
    }
    for graph, turtle in parts.items():
        store.load((PREFIXES + turtle).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    assert echo_network(records.read(store)).number_of_edges() == 1


def test_records_keep_exact_text_and_typed_columns() -> None:
    rec = world(
        claim("c1", "musk", "a", 10, r'; cg:quote "«\u00a0tab\there\\»\"\\\n" ; cg:gloss "g"@en ; cg:states :f1 ')
        + figure("f1", "cost", "5.6", surface="5,6 millions")
    )
    row = rec.claims.iloc[0]
    assert row["quote"] == '«\u00a0tab\there\\»"\\\n'  # Turtle escapes undone once, no-break space kept
    assert row["gloss_en"] == "g"
    assert str(rec.claims["start"].dtype) == "Int64" and row["start"] == 10 and pd.isna(row["end"])  # no oa:end
    assert rec.claims["own_voice"].dtype == bool and not row["own_voice"]
    figure_row = rec.figures.iloc[0]
    assert figure_row["value"] == 5.6 and figure_row["seed"] == "a.txt" and figure_row["surface"] == "5,6 millions"
