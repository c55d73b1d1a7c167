"""Every named query runs on the real build and returns what the documents say; queries stay read-only."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from graph.query import NamedQuery, QueryError, bind, check_safe, library, open_store, resolve, run

D002 = "002_59f5497307406c20.txt"


@pytest.fixture(scope="module")
def store(real_out: Path):
    return open_store(real_out)


def ask(store, name: str, **params: str) -> pd.DataFrame:
    return run(store, library()[name], params)


def test_library_is_documented() -> None:
    queries = library()
    assert len(queries) >= 12
    for q in queries.values():
        assert q.title and q.description, f"{q.name}.rq needs a title and a description"


def test_every_query_is_tested() -> None:
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    assert set(library()) <= tested


def test_who_said(store) -> None:
    # 002: Musk, on X, calling Altman « escroc. »
    rows = ask(store, "who-said", text="escroc")
    assert rows[["speaker", "document"]].values.tolist() == [["Elon Musk", D002]]


def test_claims_by_speaker(store) -> None:
    # 002: "Nadella a déclaré à CNBC qu’il n’avait garanti que les 80 milliards de dollars ..."
    rows = ask(store, "claims-by-speaker", speaker="ent:satya-nadella")
    assert any("80 milliards de dollars" in q for q in rows["quote"])
    assert set(rows["document"]) == {D002}
    assert any("CNBC" in str(s) for s in rows["source"])


def test_find(store) -> None:
    # 003 line 61: "50 000 Trémie", the French for Nvidia's Hopper chips; typed without its accent.
    rows = ask(store, "find", text="tremie")
    assert "https://w3id.org/claimgraph/entity/nvidia-hopper" in set(rows["thing"])
    assert set(rows["kind"]) == {"entity", "claim"}


def test_document_claims(store) -> None:
    rows = ask(store, "document-claims", document=D002)
    assert any(q == "Stargate n’a pas l’argent dont il parle" for q in rows["quote"])
    assert rows["start"].is_monotonic_increasing


def test_claims_citing_source(store) -> None:
    # 002: "Selon TechCrunch, en Inde, Mukesh Ambani ... 50% plus grand que la ressource 2GW"
    rows = ask(store, "claims-citing-source", source="src:techcrunch")
    assert any("Mukesh Ambani" in q and "50%" in q for q in rows["quote"])


def test_provenance(store) -> None:
    nadella = ask(store, "claims-by-speaker", speaker="ent:satya-nadella")
    claim = nadella[nadella["quote"].str.contains("80 milliards")]["claim"].iloc[0]
    rows = ask(store, "provenance", claim=f"<{claim}>")
    assert set(rows["reporter"]) == {"Ankit Prasad"}
    assert set(rows["speaker"]) == {"Satya Nadella"}
    assert any("CNBC" in s for s in rows["delivered_through"])
    assert set(rows["cue"]) == {"a déclaré à CNBC"}
    seed = (Path(__file__).parent.parent / "seeds" / D002).read_text(encoding="utf-8")
    start, end = int(rows["start"].iloc[0]), int(rows["end"].iloc[0])
    assert seed[start:end] == rows["quote"].iloc[0]


def test_figure_provenance(store) -> None:
    # The DeepSeek-V3 training cost: "6 millions" (002), "environ 6 millions" (003), "5,6 millions" (004).
    rows = ask(store, "figure-provenance", measure="qty:deepseek-v3-training-cost")
    assert {"002_59f5497307406c20.txt", "003_20d0bc27540a3397.txt", "004_348cb1c99dc6d94f.txt"} <= set(rows["document"])
    assert {5600000.0, 6000000.0} <= set(rows["value"].dropna())
    assert any("5,6 millions de dollars" in s for s in rows["surface"])
    assert rows["figure"].is_unique, "one row per figure, its sources gathered"
    # 002: "selon CNBC" for the ~$6M; 003: Amodei's essay.
    assert any("CNBC" in str(s) for s in rows["source"])


def test_platform_posts(store) -> None:
    # 002: Musk "publiant sur sa plate-forme de médias sociaux X"; Zuckerberg "a publié sur Facebook";
    # 000: Schumer "tweeté".
    rows = ask(store, "platform-posts")
    assert {(a, p) for a, p in rows[["author", "platform"]].values} == {
        ("Elon Musk", "X"), ("Chuck Schumer", "X"), ("Mark Zuckerberg", "Facebook")
    }
    assert rows.set_index("author").loc["Mark Zuckerberg", "documents"] == "002"


def test_persons_by_role(store) -> None:
    rows = ask(store, "persons-by-role").set_index("person")
    # 002: "Satya Nadella, PDG de Microsoft"; "Ankit Prasad est un commentateur CGTN Biz pour CGTN";
    # 000: "le sénateur Chuck Schumer (D-NY)".
    assert rows.loc["Satya Nadella", "role_fr"] == "PDG de Microsoft"
    assert rows.loc["Satya Nadella", "organisations"] == "Microsoft"
    assert rows.loc["Ankit Prasad", "organisations"] == "CGTN"
    assert rows.loc["Chuck Schumer", "role_fr"] == "sénateur (D-NY)"
    assert "formerly: Google" in rows.loc["Eric Schmidt", "organisations"]  # "ancien PDG de Google"


def test_speakers_in_several_documents(store) -> None:
    rows = ask(store, "speakers-in-several-documents").set_index("speaker")
    assert (rows["document_count"] >= 2).all()
    # Amodei speaks in 000 (Le fondateur et PDG d'Anthropic, a fait valoir), 001 and in his essay in 003.
    assert set(rows.loc["Dario Amodei", "documents"].split()) == {"000", "001", "003"}
    assert "Elon Musk" not in rows.index  # only in 002


def test_claim_links(store) -> None:
    # 003: the commentary claims c03 and c04 dispute :c05; :c05 misreports the essay's « largement
    # exagérées » (:e04) and « Je ne considère pas DeepSeek comme un adversaire en soi » (:e115).
    rows = ask(store, "claim-links", claim="003/c05")
    incoming = rows[rows["direction"] == "in"]
    assert set(incoming["other"].str.rsplit("/", n=1).str[-1]) >= {"c03", "c04"}
    assert set(incoming["link"]) == {"http://purl.org/spar/cito/disputes"}
    outgoing = rows[rows["direction"] == "out"]
    assert set(outgoing["link"]) == {"https://w3id.org/claimgraph/ontology#misreports"}
    assert set(outgoing["other"].str.rsplit("/", n=1).str[-1]) == {"e04", "e115"}


def test_garbled_forms(store, real_out: Path) -> None:
    rows = ask(store, "garbled-forms")
    pairs = {(e, g, d[:3]) for e, g, d in rows[["entity_label", "garbled", "document"]].values}
    assert ("Miles Brundage", "Brundage de miles", "001") in pairs
    assert ("Nvidia Hopper (GPU generation)", "Trémie", "003") in pairs
    seeds = Path(__file__).parent.parent / "seeds"
    for garbled, document in rows[["garbled", "document"]].values:
        assert garbled in (seeds / document).read_text(encoding="utf-8"), f"{garbled!r} is not in {document}"


def test_recurring_figures(store) -> None:
    rows = ask(store, "recurring-figures").set_index("measure")
    stargate = rows.loc["https://w3id.org/claimgraph/quantity/stargate-investment-total"]
    assert stargate["documents"] == 3  # 000, 002 ("500 milliards", "demi-billion") and 004
    assert stargate["min"] == stargate["max"] == 500_000_000_000
    cost = rows.loc["https://w3id.org/claimgraph/quantity/deepseek-v3-training-cost"]
    assert (cost["min"], cost["max"]) == (5_600_000, 6_000_000)
    assert not cost["drifts"], "5,6 millions stated elsewhere as 6 millions agrees within rounding"


def test_recurring_figures_query_and_table_mean_the_same(store, real_out: Path) -> None:
    table = pd.read_csv(real_out / "tables" / "recurring_figures.csv")
    assert set(ask(store, "recurring-figures")["measure"]) == set(table["measure"])


def test_figure_drift(store) -> None:
    # Read across the five documents, the quantities stated more than once agree within rounding or bounds:
    # 6 M vs 5,6 M, 500 milliards three times, 17 % twice, "plus de 100 millions" vs "des milliards".
    rows = ask(store, "figure-drift")
    assert rows.empty, rows


def test_echoes(store) -> None:
    rows = ask(store, "echoes")
    explicit = rows[(rows["basis"] == "explicit") & rows["directed"].astype(bool)]
    # 002 « en faisant écho aux doutes de Musk »; 000 Schumer takes up Andreessen's « moment Spoutnik ».
    assert ["Satya Nadella", "Elon Musk"] in explicit[["echoer", "echoed"]].values.tolist()
    assert ["Chuck Schumer", "Marc Andreessen"] in explicit[["echoer", "echoed"]].values.tolist()
    assert not rows[rows["directed"].astype(bool)]["basis"].isna().any(), "every directed echo has a basis"


def test_cross_document_stance(store) -> None:
    rows = ask(store, "cross-document-stance")
    conflicts = rows[rows["link"].str.endswith("contradicts")]
    # 003 :e98 « Les performances de DeepSeek ne signifient pas que les contrôles à l'exportation ont
    # échoué » against 004 « les mesures prises pour protéger le leadership américain ... ne fonctionnent pas ».
    pair = conflicts[conflicts["claim"].str.endswith("003_20d0bc27540a3397/e98")]
    assert pair["target"].str.endswith("004_348cb1c99dc6d94f/c58").any()
    assert (rows["document"] != rows["target_document"]).all()


def test_misreports(store) -> None:
    rows = ask(store, "misreports")
    # 003 :c48 « soit environ 2 à 3 fois le nombre de puces détenues par les principales entreprises »
    # against the essay's « environ 2 à 3 fois différent du nombre de puces ».
    row = rows[rows["claim"].str.endswith("003_20d0bc27540a3397/c48")]
    assert row["original"].str.contains("2 à 3 fois différent").all() and len(row) == 1


def test_explicit_echoes(store) -> None:
    rows = ask(store, "explicit-echoes")
    echoes = rows[rows["link"].str.endswith("echoes")]
    assert ["Satya Nadella", "Elon Musk"] in echoes[["speaker", "target_speaker"]].values.tolist()


def test_commentary_disputes(store) -> None:
    rows = ask(store, "commentary-disputes")
    assert len(rows) >= 10
    assert rows["claim"].is_unique, "one row per commentary claim, its targets gathered"
    assert (rows["disputes"] >= 1).all() and (rows["disputes"] > 1).any()
    assert any("Dario Amodei" in s for s in rows["disputed_speaker"])
    # Line 9: the essay's "seul moyen d'empêcher la Chine d'acquérir des millions de puces" is disputed.
    assert any("millions de puces" in q for q in rows["disputed"])
    several = rows[rows["disputes"] > 1].iloc[0]
    assert len(several["targets"].split()) == several["disputes"]


def test_claims_about_entity(store) -> None:
    rows = ask(store, "claims-about-entity", entity="ent:stargate")
    assert {"000_571607fb7abd911a.txt", D002, "004_348cb1c99dc6d94f.txt"} <= set(rows["document"])


def test_entities_by_documents(store) -> None:
    rows = ask(store, "entities-by-documents").set_index("entity")
    assert rows.loc["https://w3id.org/claimgraph/entity/deepseek", "documents"] == 5


def test_sources_by_reliance(store) -> None:
    rows = ask(store, "sources-by-reliance").set_index("source")
    # "selon CNBC" and "Nadella a déclaré à CNBC" in 002.
    assert rows.loc["https://w3id.org/claimgraph/source/cnbc", "claims"] >= 2
    assert rows["claims"].is_monotonic_decreasing


def test_claims_with_gloss(store, real_out: Path) -> None:
    rows = ask(store, "claims-with-gloss")
    assert len(rows) == len(pd.read_csv(real_out / "tables/claims.csv"))
    assert rows["gloss"].str.len().min() > 0


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
        "LOAD <file:///etc/passwd>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "select * where { service <http://x/> { ?s ?p ?o } }",
    ],
)
def test_network_file_and_updates_are_refused(text: str) -> None:
    with pytest.raises(QueryError, match="refused"):
        check_safe(text)


def test_keywords_inside_strings_iris_and_comments_are_fine() -> None:
    check_safe('SELECT ?s WHERE { ?s ?p "SERVICE LOAD FROM" . ?s <urn:x:FROM> ?o } # DROP')


def test_parameters_are_bound_as_terms_not_text(store) -> None:
    hostile = '") } } DROP ALL #'
    assert ask(store, "who-said", text=hostile).empty
    text = bind(library()["who-said"], {"text": hostile})
    assert '"\\") } } DROP ALL #"' in text


def test_parameter_errors_say_how_to_fix(store) -> None:
    with pytest.raises(QueryError, match="needs --param speaker="):
        ask(store, "claims-by-speaker")
    with pytest.raises(QueryError, match="unknown parameter"):
        ask(store, "echoes", who="x")
    with pytest.raises(QueryError, match="nothing in the graph is called 'not an iri'"):
        ask(store, "claims-by-speaker", speaker="not an iri")


def test_resolve_accepts_names_files_and_text(tmp_path: Path) -> None:
    assert resolve("echoes").name == "echoes"
    path = tmp_path / "mine.rq"
    path.write_text("# title: mine\nSELECT ?s WHERE { ?s a cg:Claim } LIMIT 1\n", encoding="utf-8")
    assert resolve(str(path)).title == "mine"
    assert resolve("SELECT ?s WHERE { ?s ?p ?o }").name == "ad-hoc"
    with pytest.raises(QueryError, match="named queries are"):
        resolve("no-such-query")


def test_ask_queries_return_a_bool(store) -> None:
    assert run(store, NamedQuery("ask", "", "", (), "ASK { ?c cg:assertedBy ent:elon-musk }")) is True


def test_missing_build_is_explained(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="make graph"):
        open_store(tmp_path)


def test_ad_hoc_text_declares_its_parameters(store) -> None:
    text = "# param: speaker iri  who\nSELECT ?quote WHERE { ?c cg:assertedBy ?speaker ; cg:quote ?quote }"
    rows = run(store, resolve(text), {"speaker": "ent:satya-nadella"})
    assert any("80 milliards" in q for q in rows["quote"])


def test_compact_iris_round_trip_as_parameters() -> None:
    from graph.query import Param, compact, term

    iri = "https://w3id.org/claimgraph/doc/002_59f5497307406c20/c37"
    assert compact(iri) == "d:002_59f5497307406c20/c37"
    assert compact("https://w3id.org/claimgraph/entity/elon-musk") == "ent:elon-musk"
    assert term(Param("claim", "iri", ""), compact(iri)).value == iri
    assert compact("plain text") == "plain text"


def test_figure_coincidences(store) -> None:
    rows = ask(store, "figure-coincidences")
    # 001 and 004 both write « plus de 100 millions de dollars », of one US model and of GPT-4.
    gpt4 = rows[rows["coincidence"].str.endswith("us-frontier-llm-training-cost-per-model--gpt-4-training-cost")]
    assert sorted(zip(gpt4["document"], gpt4["quantity"], gpt4["surface"], strict=True)) == [
        (
            "001_2e3c9d79ecf880c1.txt",
            "Training cost of a single US frontier large language model",
            "plus de 100 millions de dollars",
        ),
        ("004_348cb1c99dc6d94f.txt", "GPT-4 training cost", "plus de 100 millions de dollars"),
    ]
    assert gpt4["reviewed"].all() and "GPT-4" in gpt4["reason"].iloc[0]
    assert rows["reviewed"].all()
