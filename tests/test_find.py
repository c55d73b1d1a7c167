"""What a newcomer types: names instead of IRIs, words to find, SPARQL of any length; on the real build."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.find import AmbiguousName, Names, UnknownName, WrongKind, fold, mentions
from graph.query import ParameterError, library, open_store, resolve, run

ENT = "https://w3id.org/claimgraph/entity/"
D002 = "https://w3id.org/claimgraph/doc/002_59f5497307406c20"


@pytest.fixture(scope="module")
def store(real_out: Path):
    return open_store(real_out)


@pytest.fixture(scope="module")
def names(store) -> Names:
    return Names.of(store)


def cli(real_out: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--out", str(real_out)])


@pytest.mark.parametrize(
    "typed",
    ["ent:elon-musk", f"<{ENT}elon-musk>", f"{ENT}elon-musk", "elon-musk", "Elon Musk", "elon musk", "Musk"],
)
def test_a_person_is_named_however_the_user_writes_it(names: Names, typed: str) -> None:
    assert names.lookup(typed, "entity") == ENT + "elon-musk"


def test_surface_forms_garbled_ones_included_find_their_entity(names: Names) -> None:
    # 003: "Brundage de miles" is Miles Brundage; "Trémie" (typed without accent) is Nvidia's Hopper.
    assert names.lookup("Brundage de miles") == ENT + "miles-brundage"
    assert names.lookup("tremie") == ENT + "nvidia-hopper"


def test_documents_by_number_seed_file_or_stem(names: Names) -> None:
    for typed in ("002", "002_59f5497307406c20", "002_59f5497307406c20.txt", "d:002_59f5497307406c20"):
        assert names.lookup(typed) == D002
    assert names.lookup("002/c12") == D002 + "/c12"


def test_a_name_several_things_answer_to_lists_them(names: Names) -> None:
    with pytest.raises(AmbiguousName) as raised:
        names.lookup("c12")
    assert len(raised.value.args[0]) == 5  # one :c12 per document


def test_a_name_nothing_answers_to_suggests_the_nearest(names: Names) -> None:
    with pytest.raises(UnknownName) as raised:
        names.lookup("ent:elon-musks", "entity")
    assert raised.value.args[0][0] == ENT + "elon-musk"


def test_parameters_of_named_queries_accept_labels(store) -> None:
    rows = run(store, library()["claims-by-speaker"], {"speaker": "Elon Musk"})
    # 002: Musk, on X, calling Altman « escroc. »
    assert "Altman a «\u00a0escroc.\u00a0»" in set(rows["quote"])
    assert set(rows["document"]) == {"002_59f5497307406c20.txt"}


def test_a_wrong_parameter_is_never_an_empty_success(store) -> None:
    for query, params in [
        ("claims-by-speaker", {"speaker": "ent:elon-musks"}),
        ("figure-provenance", {"measure": "qty:stargate"}),
        ("document-claims", {"document": "009"}),
    ]:
        with pytest.raises(ParameterError):
            run(store, library()[query], params)


def test_cli_speaker_by_label_gives_musks_claims(real_out: Path) -> None:
    result = cli(real_out, "query", "claims-by-speaker", "-p", "speaker=Elon Musk", "--format", "json")
    assert result.exit_code == 0, result.output
    assert any(row["quote"] == "Stargate n’a pas l’argent dont il parle" for row in json.loads(result.output))


def test_cli_misspelt_iri_exits_2_and_suggests(real_out: Path) -> None:
    result = cli(real_out, "query", "claims-by-speaker", "-p", "speaker=ent:elon-musks")
    assert result.exit_code == 2
    assert "nothing in the graph is called 'ent:elon-musks'" in result.output
    assert "ent:elon-musk (Elon Musk)" in result.output
    assert "row(s)" not in result.output


def test_cli_ambiguous_parameter_exits_2_listing_candidates(real_out: Path) -> None:
    result = cli(real_out, "query", "provenance", "-p", "claim=c12")
    assert result.exit_code == 2
    assert "d:002_59f5497307406c20/c12" in result.output and "d:004_348cb1c99dc6d94f/c12" in result.output


def test_cli_document_by_number(real_out: Path) -> None:
    result = cli(real_out, "query", "document-claims", "-p", "document=002", "--format", "csv")
    assert result.exit_code == 0
    assert "Stargate n’a pas l’argent dont il parle" in result.output
    wrong = cli(real_out, "query", "figure-provenance", "-p", "measure=qty:stargate")
    assert wrong.exit_code == 2 and "qty:stargate-investment-total" in wrong.output


def test_find_tremie_finds_the_hopper_entity(real_out: Path) -> None:
    result = cli(real_out, "find", "tremie", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    hopper = [r for r in rows if r["thing"] == ENT + "nvidia-hopper"]
    assert hopper and hopper[0]["kind"] == "entity" and hopper[0]["documents"] == "003"
    assert "Trémie" in hopper[0]["matched"]
    # 003 line 61, the claim that says it: « DeepSeek aurait en fait50 000 Trémie »
    assert any(r["kind"] == "claim" and r["documents"] == "003" for r in rows)


def test_find_is_on_word_boundaries(real_out: Path) -> None:
    # 004's gloss says "OpenAI warned": not a match for "AI war"; 000's Scale AI ad "the AI war" is.
    rows = json.loads(cli(real_out, "find", "AI", "war", "--format", "json").output)
    assert [r["thing"].rsplit("/", 2)[-2] for r in rows] == ["000_571607fb7abd911a"]


def test_find_lists_kinds_with_type_iri_and_documents(real_out: Path) -> None:
    rows = json.loads(cli(real_out, "find", "stargate", "--format", "json").output)
    kinds = {r["kind"] for r in rows}
    assert {"entity", "quantity", "claim"} <= kinds
    stargate = next(r for r in rows if r["thing"] == ENT + "stargate")
    assert set(stargate["documents"].split()) >= {"000", "002", "004"}
    assert "schema:" in stargate["type"] or "cg:" in stargate["type"] or "https://" in stargate["type"]
    table = cli(real_out, "find", "stargate")
    assert "ent:stargate " in table.output  # the prefixed IRI, as --param takes it back


def test_entities_is_find_restricted_to_named_things(real_out: Path) -> None:
    rows = json.loads(cli(real_out, "entities", "stargate", "--format", "json").output)
    assert rows and {r["kind"] for r in rows} <= {"entity", "source", "quantity"}


def test_find_without_match_says_so(real_out: Path) -> None:
    result = cli(real_out, "find", "xyzzyq")
    assert result.exit_code == 1 and "nothing matches 'xyzzyq'" in result.output


def test_find_query_and_the_notebook_agree(real_out: Path) -> None:
    from graph.explore import open_graph

    found = open_graph(real_out).find("Brundage de miles")
    assert ENT + "miles-brundage" in set(found["thing"])
    via_query = run(open_store(real_out), library()["find"], {"text": "Brundage de miles"})
    assert found.equals(via_query)


def test_who_said_ignores_accents_and_word_fragments(store) -> None:
    said = run(store, library()["who-said"], {"text": "tremie"})
    assert set(said["speaker"]) == {"Dario Amodei"}
    assert run(store, library()["who-said"], {"text": "AI war"})["document"].tolist() == [
        "000_571607fb7abd911a.txt"
    ]


def test_folding_and_word_matching() -> None:
    assert fold("Trémie") == fold("TREMIE") == "tremie"
    assert mentions("l’IA", "la guerre de l'IA")
    assert not mentions("AI war", "OpenAI warned")


def test_a_2000_character_one_line_query_runs(real_out: Path) -> None:
    values = " ".join(f'"{i:05d}"' for i in range(238))  # real SPARQL, not padding
    text = f"SELECT DISTINCT ?l WHERE {{ VALUES ?x {{ {values} }} ?e a schema:Person ; rdfs:label ?l }} ORDER BY ?l"
    text = text + " " * (2000 - len(text))
    assert len(text) == 2000 and "\n" not in text
    result = cli(real_out, "query", text, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Elon Musk" in result.output


def test_text_is_a_file_only_when_it_names_an_existing_rq_file(tmp_path: Path) -> None:
    assert resolve("SELECT ?s WHERE { ?s ?p ?o } # " + "x" * 5000).name == "ad-hoc"
    with pytest.raises(ValueError, match="no query file"):
        resolve(str(tmp_path / "missing.rq"))
    plain = tmp_path / "query.txt"
    plain.write_text("SELECT ?s WHERE { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(ValueError, match="neither a named query"):
        resolve(str(plain))


def test_a_syntax_error_is_located_in_the_users_text(real_out: Path) -> None:
    result = cli(real_out, "query", "SELECT ?s WHERE { ?s ?p ?o ")
    assert result.exit_code == 1
    assert "1:" in result.output and "16:" not in result.output
    assert "SELECT ?s WHERE { ?s ?p ?o" in result.output and "^" in result.output


def test_query_and_find_import_only_what_reading_the_graph_needs(real_out: Path) -> None:
    # Speed is measured in benchmarks/query_startup.py; here: the build stack is not even imported.
    probe = (
        "import sys\nfrom graph.cli import main\n"
        "for args in (['query', 'entities-by-documents'], ['find', 'tremie'], ['query', 'who-said', '-p', 'text=x']):\n"
        "    try:\n        main([*args, '--out', sys.argv[1]])\n    except SystemExit:\n        pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(real_out)], capture_output=True, text=True, check=True)
    imported = set(ast.literal_eval(done.stderr.strip().splitlines()[-1]))
    assert "pyoxigraph" in imported
    assert not imported & {"rdflib", "pyshacl", "networkx", "pyvis", "jinja2", "pandas", "scipy"}


def test_an_iri_of_another_vocabulary_is_taken_as_written(store) -> None:
    text = "# param: kind iri  a class, e.g. schema:Person\nSELECT ?l WHERE { ?e a ?kind ; rdfs:label ?l }"
    rows = run(store, resolve(text), {"kind": "schema:Person"})
    assert "Elon Musk" in set(rows["l"])
    with pytest.raises(ParameterError, match="schema:Persons"):
        run(store, resolve(text), {"kind": "schema:Persons"})


def test_a_syntax_error_on_a_later_line_counts_the_users_lines_only(real_out: Path) -> None:
    # The engine stops at the end of the text here; without the correction it would say 19:2
    # (the 15 PREFIX lines of the prologue come first).
    result = cli(real_out, "query", "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = )\n}")
    assert result.exit_code == 1
    assert "error at 4:2" in result.output and "line 4, column 2:" in result.output


def test_the_endpoint_takes_the_same_names(real_out: Path) -> None:
    import threading
    from urllib.error import HTTPError
    from urllib.parse import quote
    from urllib.request import urlopen

    from graph.serve import make_server

    server = make_server(real_out, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/queries/claims-by-speaker?speaker="
    try:
        with urlopen(base + quote("Elon Musk"), timeout=10) as response:
            quotes = [b["quote"]["value"] for b in json.loads(response.read())["results"]["bindings"]]
        assert "Stargate n’a pas l’argent dont il parle" in quotes
        with pytest.raises(HTTPError) as refused:
            urlopen(base + quote("ent:elon-musks"), timeout=10)
        assert refused.value.code == 400 and "ent:elon-musk (Elon Musk)" in refused.value.read().decode()
    finally:
        server.shutdown()
        server.server_close()


def test_a_source_is_named_by_who_published_or_wrote_it(names: Names) -> None:
    # 002: "selon CNBC", "a déclaré à CNBC": the source is CNBC's reporting, published by the outlet.
    assert names.lookup("CNBC", "source") == "https://w3id.org/claimgraph/source/cnbc"
    assert names.lookup("CNBC", "entity") == ENT + "cnbc"
    with pytest.raises(AmbiguousName) as raised:  # his essay, and his op-ed with Matt Pottinger
        names.lookup("Dario Amodei", "source")
    assert len(raised.value.args[0]) == 2


def test_a_name_of_the_wrong_kind_is_refused_with_names_of_the_right_one(real_out: Path) -> None:
    # "Stargate" is the project (ent:stargate); figure-provenance wants a measured quantity.
    result = cli(real_out, "query", "figure-provenance", "-p", "measure=stargate")
    assert result.exit_code == 2
    assert "takes a quantity; 'stargate' names ent:stargate (Stargate Project), an entity" in result.output
    assert "qty:stargate-investment-total" in result.output


def test_an_iri_of_the_wrong_kind_is_refused(names: Names) -> None:
    with pytest.raises(WrongKind):
        names.lookup("ent:stargate", "quantity")
    assert names.lookup("ent:stargate", "entity") == ENT + "stargate"


def test_the_light_prefix_table_is_the_build_one() -> None:
    from graph.namespaces import PREFIXES
    from graph.prefixes import PREFIX_IRIS

    assert {prefix: str(iri) for prefix, iri in PREFIXES.items()} == PREFIX_IRIS
