"""Who echoes whom in the real build, checked against a reading of the seeds, not against the program.

Every expected value below comes from the French texts (quoted in the comments): the false echoes
of the old file-order model as regressions, directions only on evidence, dates from the texts,
the misstatements of the 003 summary, and the essay's conflicts with 000, 001, 002 and 004.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

PROJECT = Path(__file__).resolve().parent.parent
DOC = "https://w3id.org/claimgraph/doc/"
D000, D001, D002, D003, D004 = (
    "000_571607fb7abd911a",
    "001_2e3c9d79ecf880c1",
    "002_59f5497307406c20",
    "003_20d0bc27540a3397",
    "004_348cb1c99dc6d94f",
)
BASES = {"explicit", "cites", "origin", "time"}


def as_list(cell: object) -> list[str]:
    """A list cell as written to CSV (a list literal, or values joined with "; ")."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell == "":
        return []
    text = str(cell)
    return [str(v) for v in ast.literal_eval(text)] if text.startswith("[") else text.split("; ")


def iri(doc: str, claim: str) -> str:
    return f"{DOC}{doc}/{claim}"


@pytest.fixture(scope="module")
def tables(real_out: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in (real_out / "tables").glob("*.csv")}


@pytest.fixture(scope="module")
def echoes(tables) -> pd.DataFrame:
    frame = tables["echoes"].copy()
    frame["directed"] = frame["directed"].astype(str) == "True"
    frame["evidence"] = frame["evidence"].map(as_list)
    frame["documents"] = frame["documents"].map(as_list)
    return frame


@pytest.fixture(scope="module")
def links(tables) -> pd.DataFrame:
    frame = tables["claim_links"].copy()
    frame["directed"] = frame["directed"].astype(str) == "True"
    frame["basis"] = frame["basis"].fillna("")
    return frame


def between(echoes: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Rows linking two entities (by label), in either direction."""
    return echoes[
        ((echoes["echoer"] == a) & (echoes["echoed"] == b)) | ((echoes["echoer"] == b) & (echoes["echoed"] == a))
    ]


# --- The false echoes of the file-order model, as regressions ---------------------------------------


def test_amodei_does_not_echo_cnbc_or_ankit_prasad(echoes) -> None:
    # 003 :c38, the summary's « la formation de DeepSeek-V3 a coûté environ 6 millions de dollars », was
    # read as Amodei repeating CNBC's $6M (002); the essay quotes $6M only to reject it (:e44).
    assert between(echoes, "Dario Amodei", "CNBC").empty
    assert between(echoes, "Dario Amodei", "Ankit Prasad").empty


def test_the_author_of_004_does_not_echo_amodei(echoes) -> None:
    # 004 (« publié plus tôt cette semaine », R1's week) was written before the essay (« la semaine
    # dernière, ils ont publié ... R1 »): if anything the later essay echoes 004, never the reverse.
    rows = echoes[(echoes["echoer"] == "Author of document 004") & (echoes["echoed"] == "Dario Amodei")]
    assert not rows["directed"].any()
    later = echoes[(echoes["echoer"] == "Dario Amodei") & (echoes["echoed"] == "Author of document 004")]
    assert set(later.loc[later["directed"], "basis"]) == {"time"}


def test_no_figure_echo_between_des_milliards_and_plus_de_100_millions(echoes) -> None:
    # 003 :e121 « ce que les entreprises américaines d'IA peuvent faire pour des milliards de dollars » and
    # 001 :c33 « dépenserait plus de 100 millions de dollars »: two different values, a disagreement.
    figure = echoes[echoes["kind"] == "figure"]
    pairs = {tuple(sorted(e.split(" -> "))) for row in figure["evidence"] for e in row}
    assert tuple(sorted((iri(D003, "e121"), iri(D001, "c33")))) not in pairs
    people = "Unnamed people whose common beliefs the essay rebuts (document 003)"
    assert between(figure, people, "Author of document 001").empty


def test_deepseek_does_not_echo_the_author_of_000(echoes) -> None:
    # 000 states as fact « son modèle de raisonnement fonctionne à égalité avec le modèle O1 »; 004 gives
    # the same as DeepSeek's own claim, « Selon l'entreprise, ce modèle égale ... le modèle o1 »: 000's
    # author echoes DeepSeek (basis origin), not the reverse.
    wrong = echoes[(echoes["echoer"] == "DeepSeek") & (echoes["echoed"] == "Author of document 000")]
    assert not wrong["directed"].any()
    right = echoes[(echoes["echoer"] == "Author of document 000") & (echoes["echoed"] == "DeepSeek")]
    row = right[right["directed"]]
    assert row["basis"].tolist() == ["origin"]
    assert row["evidence"].iloc[0] == [f"{iri(D000, 'c03')} -> {iri(D004, 'c12')}"]


def test_reports_of_the_essay_make_no_echo(echoes, links) -> None:
    # Second-hand accounts of the essay (003's summary, 000 :c55, 001 :c11) never stand in for it.
    reports = set(links.loc[links["relation"].isin(["summarises", "misreports"]), "claim"])
    assert {iri(D003, "c38"), iri(D003, "c48"), iri(D000, "c55"), iri(D001, "c11")} <= reports
    used = {c for row in echoes["evidence"] for e in row for c in e.split(" -> ")}
    assert reports.isdisjoint(used)


# --- Directions rest on evidence ------------------------------------------------------------------


def test_no_directed_cross_document_link_without_a_basis(echoes, links) -> None:
    cross = echoes[echoes["documents"].map(len) > 1]
    assert set(cross.loc[cross["directed"], "basis"]) <= BASES
    assert cross.loc[cross["directed"], "basis"].notna().all()
    assert cross.loc[~cross["directed"], "basis"].isna().all(), "an undirected row has no basis"
    other = links[(links["document"] != links["target_document"]) & links["directed"]]
    assert (other["basis"] != "").all(), other


def test_the_texts_order_004_before_000_001_and_003(tables) -> None:
    # 004: « Le modèle R1 de DeepSeek, publié plus tôt cette semaine » (R1: « Le 20 janvier », 000), and
    # the Stargate announcement, « le 21 janvier 2025 » (002's caption); 003: « Puis, la semaine
    # dernière, ils ont publié "Profondeur de l'eau-R1" » and Nvidia's fall (27 January, from outside);
    # 000 reports the same fall (« Plonger 17% en une seule journée ») and « le récemment annoncé Projet
    # Stargate »; 001 reports Amodei's argument (« a rapidement fait valoir »), so comes after the essay.
    # No text but 004's gives an upper bound.
    dates = tables["document_dates"].set_index("document")
    assert dates.loc[f"{D004}.txt", ["not_before", "not_after"]].tolist() == ["2025-01-21", "2025-01-26"]
    assert dates.loc[f"{D003}.txt", "not_before"] == "2025-01-27"
    assert dates.loc[f"{D002}.txt", "not_before"] == "2025-01-21"  # « le 21 janvier 2025 »
    assert dates.loc[f"{D000}.txt", "not_before"] == "2025-01-27"
    assert dates.loc[f"{D001}.txt", "not_before"] == "2025-01-27"
    assert iri(D002, "c43") in as_list(dates.loc[f"{D000}.txt", "evidence"])  # Stargate's date
    assert iri(D001, "c11") in as_list(dates.loc[f"{D001}.txt", "evidence"])  # the report of the essay
    assert dates["not_after"].notna().sum() == 1, "only 004 dates itself"
    assert dates["outside_knowledge"].str.len().gt(0).sum() >= 3, "the years come from outside the texts"


def test_every_time_direction_is_backed_by_anchored_evidence(tables, echoes, links) -> None:
    seeds = {p.name: p.read_text(encoding="utf-8") for p in (PROJECT / "seeds").glob("*.txt")}
    claims = tables["claims"].set_index("claim")
    dates = tables["document_dates"].set_index("document")
    timed = [(a, b) for a, b in links.loc[links["basis"] == "time", ["document", "target_document"]].values]
    for row in echoes[echoes["basis"] == "time"].itertuples():
        for e in row.evidence:
            later, earlier = (claims.loc[c, "document"] for c in e.split(" -> "))
            timed.append((later, earlier))
    assert timed, "co-statements with 004 are directed by time"
    for later, earlier in timed:
        assert later in {f"{D000}.txt", f"{D001}.txt", f"{D003}.txt"} and earlier == f"{D004}.txt"
        assert dates.loc[later, "not_before"] > dates.loc[earlier, "not_after"]
        for document in (later, earlier):
            evidence = as_list(dates.loc[document, "evidence"])
            assert evidence
            for claim in evidence:
                c = claims.loc[claim]
                assert seeds[c["document"]][int(c["start"]) : int(c["end"])] == c["quote"], claim


# --- Stance, qualifications and reports -------------------------------------------------------------


def test_the_author_of_004_qualifies_huaweis_claim(links) -> None:
    # « Bien que Huawei affirme que ses puces d'IA surpassent le processeur A100 de Nvidia, elle a
    # rencontré des difficultés à les produire de manière fiable à grande échelle. »
    row = links[(links["claim"] == iri(D004, "c49")) & (links["target"] == iri(D004, "c48"))]
    assert row[["relation", "directed"]].values.tolist() == [["qualifies", True]]


MISREPORTS = {
    # :c48 « soit environ 2 à 3 fois le nombre de puces » / essay « environ 2 à 3 fois différent »
    ("c48", "e63"),
    # :c38 « a coûté environ 6 millions de dollars » / essay « n'a pas "fait pour 6 millions de dollars ..." »
    ("c38", "e44"),
    ("c38", "e49"),
    # :c36 lists « le codage » where the essay says Sonnet « était encore bien meilleur ... le codage »
    ("c36", "e40"),
    ("c36", "e41"),
    # :c47 « DeepSeek possède » / « Selon certaines informations - dont nous ne sommes pas sûrs »
    ("c47", "e62"),
    ("c47", "e106"),
    # :c05 the essay sees a « menace » / « largement exagérées », « pas ... un adversaire en soi »
    ("c05", "e04"),
    ("c05", "e115"),
    # :c08 « attribue son succès » to the government / the essay: « des ingénieurs très talentueux »
    ("c08", "e117"),
}


def test_the_summary_lines_that_misstate_the_essay(links) -> None:
    rows = links[links["relation"] == "misreports"]
    found = {(c.rsplit("/", 1)[-1], t.rsplit("/", 1)[-1]) for c, t in rows[["claim", "target"]].values}
    assert found == MISREPORTS
    assert (rows["document"] == f"{D003}.txt").all() and (rows["target_document"] == f"{D003}.txt").all()


def test_every_report_line_of_003_is_read_against_the_essay(tables, links) -> None:
    # Each claim of lines 1-44 that 003 attributes to Amodei reports the essay: it summarises or misreports
    # a passage of it, and nothing else links it to other documents.
    claims = tables["claims"]
    reported = claims[
        claims["claim"].str.startswith(f"{DOC}{D003}/c") & (claims["speaker_id"].str.endswith("/dario-amodei"))
    ]
    linked = links[links["relation"].isin(["summarises", "misreports"])]
    assert set(reported["claim"]) <= set(linked["claim"])
    assert set(linked.loc[linked["claim"].isin(reported["claim"]), "target"]).issubset(
        {c for c in claims["claim"] if c.startswith(f"{DOC}{D003}/e")}
    )


CONFLICTS = {
    # (essay claim, other document's claim): the texts, side by side, in 003_20d0bc27540a3397.ttl
    ("e44", D002, "c17"),  # not "for $6M what US companies do for billions" / « une fraction des ressources »
    ("e56", D002, "c10"),  # « ni ne change fondamentalement l'économie du LLM » / « a déformé ... les moyens »
    ("e04", D004, "c01"),  # threat to US leadership « largement exagérées » / « DeepSeek défie le leadership »
    ("e04", D000, "c05"),  # / « Le moment de Spoutnik de l'IA »
    ("e98", D000, "c22"),  # « ne signifient pas que les contrôles ... ont échoué » / « soulève des questions »
    ("e98", D004, "c58"),  # / « les mesures prises ... ne fonctionnent pas »
    ("e100", D001, "c23"),  # « les contrôles ... ne sont pas un facteur majeur » / « ont été obligées de maximiser »
    ("e100", D001, "c54"),  # / « En forçant la Chine à hiérarchiser l'efficacité »
    ("e100", D004, "c50"),  # « Ses ressources ne sont pas plus limitées » / « les interdictions ... sont le problème »
    ("e99", D002, "c21"),  # « un nombre modéré à élevé de puces » / « Le nombre relativement limité ... une mouche »
    ("e48", D004, "c21"),  # « Sonnet est toujours clairement en avance » / « une parité de performance »
    ("e52", D004, "c05"),  # « DeepSeek-V3 est moins performant que ces modèles » / « surpassent »
    ("e52", D004, "c21"),  # / « DeepSeek revendiquant une parité de performance »
    ("e67", D004, "c04"),  # « ne sont pas très différentes » / « un “budget dérisoire” »
    ("e04", D004, "c71"),  # « largement exagérées » / « le défi de la Chine ... est redoutable »
    ("e63", D002, "c21"),  # « environ 2 à 3 fois différent du nombre de puces » / « une mouche face aux offres »
    ("e99", D001, "c60"),  # « un nombre modéré à élevé de puces » / « avec des puces modestes »
    ("e86", D004, "c66"),  # « ne changent rien à cette situation » / « pas aussi simple que d'investir »
    ("e100", D001, "c63"),  # « pas un facteur majeur de leur "innovation" » / « prospère souvent sous pression »
    ("e48", D001, "c09"),  # / « Ils semblent avoir commis l'écart de performance »
    ("e06", D001, "c41"),  # « encore plus vitale » / « pourrait s'avérer à courte vue »
    ("e56", D004, "c10"),  # « ni ne change fondamentalement l'économie du LLM » / « avec beaucoup moins de ressources »
}


CORROBORATIONS = {
    ("e98", D001, "c12"),  # « ne signifient pas que les contrôles ... ont échoué » / « ne représentait pas un échec »
    ("e06", D001, "c12"),  # « encore plus vitale » / « les restrictions devraient être renforcées »
    ("e07", D000, "c48"),  # « à l'avant-garde du développement de l'IA » / Hoffman, the same words
    ("e04", D001, "c52"),  # threat « largement exagérées » / « les États-Unis maintiennent un leadership clair »
    ("e109", D001, "c05"),  # H800 « autorisé ... en 2022, mais a été interdit ... » / « plusieurs cycles »
    ("e101", D000, "c43"),  # « un concurrent sérieux » / « un véritable concurrent »
    ("e75", D004, "c12"),  # « des résultats similaires » to o1 / « égale et dépasse même » o1: not the same claim
}


def test_the_essay_bears_out_claims_of_000_001_002_and_004(links) -> None:
    rows = links[links["relation"] == "corroborates"]
    pairs = {frozenset(p) for p in rows[["claim", "target"]].values}
    for essay, document, claim in CORROBORATIONS:
        assert frozenset((iri(D003, essay), iri(document, claim))) in pairs, (essay, document, claim)
    assert not rows["directed"].any()


def test_dropped_links_stay_dropped(links) -> None:
    # :e49 « similaires à celles du modèle américain il y a 7 à 10 mois » and 004 « égalent ... les
    # performances des modèles d'OpenAI » (no model named) can both hold; the commentary's heading :c13
    # « maintenir l'hégémonie technologique » answers nothing in :e08 « il ne s'agit pas d'un moyen de se
    # soustraire à la concurrence ».
    pairs = {frozenset(p) for p in links[["claim", "target"]].values}
    assert frozenset((iri(D003, "e49"), iri(D004, "c05"))) not in pairs
    assert frozenset((iri(D003, "c13"), iri(D003, "e08"))) not in pairs


def test_the_essay_conflicts_with_000_001_002_and_004(links) -> None:
    conflicts = links[links["relation"] == "contradicts"]
    pairs = {frozenset(p) for p in conflicts[["claim", "target"]].values}
    for essay, document, claim in CONFLICTS:
        assert frozenset((iri(D003, essay), iri(document, claim))) in pairs, (essay, document, claim)
    assert not conflicts["directed"].any(), "a conflict between texts that do not answer each other is symmetric"
    essay = conflicts[conflicts["claim"].str.startswith(f"{DOC}{D003}/e")]
    assert set(essay["target_document"]) == {f"{d}.txt" for d in (D000, D001, D002, D004)}


def test_replies_stay_where_a_text_answers_another(links) -> None:
    # Only 003's commentary answers the essay, and 001's author answers Amodei's argument by name (« Tandis
    # que les dirigeants de l'IA comme Dario Amodei ... a rapidement fait valoir ..., le développement a
    # soulevé de sérieuses questions »): the only CiTO replies across documents go from 001 to the essay.
    cito = links[links["relation"].isin(["disputes", "disagreesWith", "agreesWith", "supports", "refutes"])]
    across = cito[cito["document"] != cito["target_document"]]
    assert set(map(tuple, across[["claim", "relation", "target"]].values)) == {
        (iri(D001, "c13"), "disagreesWith", iri(D003, "e98")),
        (iri(D001, "c13"), "disagreesWith", iri(D003, "e06")),
        (iri(D001, "c62"), "disagreesWith", iri(D003, "e98")),
    }
    row = links[(links["claim"] == iri(D001, "c13")) & (links["target"] == iri(D001, "c11"))]
    assert row["relation"].tolist() == ["disagreesWith"]
    # not also a symmetric conflict: a reply is directed
    pair = {iri(D003, "e05"), iri(D001, "c13")}
    assert not links[links["claim"].isin(pair) & links["target"].isin(pair)].shape[0]
    # the commentary's :c10 answers its own misreading :c08, not the essay's :e101
    row = links[(links["claim"] == iri(D003, "c10")) & (links["target"] == iri(D003, "e101"))]
    assert row["relation"].tolist() == ["corroborates"]


def test_the_mistranslated_model_name_is_not_a_factor(tables) -> None:
    # « un modèle qui est 3,5 fois moins cher que le modèle Sonnet/GPT-4o »: '3,5' is '3.5 Sonnet'.
    figures = tables["figures"]
    essay = figures[figures["document"] == f"{D003}.txt"]
    assert not essay["surface"].eq("3,5 fois").any()
    factor = essay[essay["measure"].str.endswith("expected-cost-reduction-factor-vs-claude-3-5-sonnet-gpt-4o")]
    assert set(factor["surface"]) == {"un facteur de 3 à 4"}


def test_gephi_export_says_which_edges_are_directed(real_out: Path) -> None:
    import networkx as nx

    g = nx.read_graphml(real_out / "echoes.graphml")
    edge = g.edges["https://w3id.org/claimgraph/entity/satya-nadella", "https://w3id.org/claimgraph/entity/elon-musk"]
    assert edge["directed"] is True and edge["bases"] == "explicit"  # « en faisant écho aux doutes de Musk »
    # 000, 002 and 004 all state Stargate's 500 milliards; none says who took it from whom.
    shared = g.edges["https://w3id.org/claimgraph/entity/ankit-prasad", "https://w3id.org/claimgraph/entity/author-000"]
    assert shared["directed"] is False and shared["weight"] == 0 and shared["shared"] > 0


# --- Echoes of sources: only whose words a source carries -------------------------------------------


def test_a_channel_echoes_no_one_but_its_author(echoes) -> None:
    # 002 « a déclaré à CNBC »: CNBC carries Nadella's words, he does not echo CNBC. 000 Scale AI « a retiré
    # un annonce pleine page Dans le Wall Street Journal »: its own ad, in the paper.
    assert between(echoes, "Satya Nadella", "CNBC").empty
    assert between(echoes, "Scale AI", "The Wall Street Journal").empty
    # « selon CNBC » is a citation: Prasad takes the $6M from CNBC.
    row = echoes[(echoes["echoer"] == "Ankit Prasad") & (echoes["echoed"] == "CNBC") & echoes["directed"]]
    assert set(row["basis"]) == {"cites"}


def test_citing_ones_own_work_echoes_no_one(echoes) -> None:
    # « Il y a quelques semaines, j'aiarticle ... a soutenu »: Amodei's own article (its co-author and outlet
    # are not in the text); « En 2020, mon équipe a publié »: his own team's paper (OpenAI is inferred).
    for other in ("The Wall Street Journal", "Matt Pottinger", "OpenAI"):
        assert between(echoes, "Dario Amodei", other).empty, other
    # « Selon SemiAnalysis »: someone else's report, cited.
    row = echoes[(echoes["echoer"] == "Dario Amodei") & (echoes["echoed"] == "SemiAnalysis")]
    assert set(row["basis"]) == {"cites"}


def test_someone_a_document_quotes_is_never_the_later_end_of_a_time_link(echoes) -> None:
    # :e121, the popular « fait pour 6 millions de dollars ... » the essay rebuts: 003's date dates the essay,
    # not when those people spoke, so their $6M cannot be later than 004's « 5,6 millions de dollars ».
    people = "Unnamed people whose common beliefs the essay rebuts (document 003)"
    rows = between(echoes, people, "Author of document 004")
    assert not rows.empty and not rows["directed"].any()


def test_r1_against_o1_is_corroboration_not_an_echo(echoes, links) -> None:
    # :e75 « ils semblent obtenir des résultats similaires à des échelles similaires » is not DeepSeek's
    # « égale et dépasse même les performances du modèle o1 » (004 :c12), nor 000's « à une fraction du coût ».
    for other in (iri(D004, "c12"), iri(D000, "c03")):
        row = links[(links["claim"] == iri(D003, "e75")) & (links["target"] == other)]
        assert row["relation"].tolist() == ["corroborates"]
    amodei = echoes[(echoes["echoer"] == "Dario Amodei") & (echoes["echoed"] == "DeepSeek")]
    assert set(amodei["kind"]) == {"cites"}  # « Dans les entretiens qu'ils ont accordés »
