"""`claimgraph new` on French news texts written for the tests (tests/data/new/), on a copy of the project.

What a careful reader marks in each text is listed here by hand: every quotation, every reporting
cue, every figure with its normalised value, and the speaker of each claim.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from graph.cli import main
from graph.namespaces import CG, DOC, ENT, SCHEMA, SRC

from .conftest import DATA, PROJECT

NEW = DATA / "new"
NBSP = "\u00a0"

QUOTATIONS = {
    "nvidia-seance": ["C’est une concurrence impressionnante et nous allons livrer de bien meilleurs modèles"],
    "stargate-couts": [
        "Nous avons besoin de plus de 100 millions de dollars par mois pour rester dans la course",
        "l’efficacité compte plus que la taille des grappes",
    ],
}
CUES = {
    "nvidia-seance": ["selon Reuters", "affirme", "a tweeté", "a averti", "estime"],
    "stargate-couts": ["a déclaré", "Selon Arthur Mensch", "a écrit", "a fait valoir", "a promis"],
}
# surface -> (value, minValue, maxValue, currency or unit, hedge)
FIGURES = {
    "nvidia-seance": {
        f"près de 17{NBSP}%": (17, None, None, "percent", "Approximately"),
        "5,6 millions de dollars": (5_600_000, None, None, "USD", None),
        "60 à 65 milliards de dollars": (None, 60_000_000_000, 65_000_000_000, "USD", None),
    },
    "stargate-couts": {
        "des centaines de milliers de puces": (None, 200_000, None, "chip", None),  # headline and line 2
        "plus de 100 millions de dollars": (100_000_000, None, None, "USD", "MoreThan"),
        "deux semaines": (2, None, None, "week", None),
        "80 milliards de dollars": (80_000_000_000, None, None, "USD", None),
    },
}
# the words that identify a claim's quote -> its speaker (a known entity, or the id proposed for a new one)
SPEAKERS = {
    "nvidia-seance": {
        "Nvidia a perdu près de 17": "reuters",
        "DeepSeek affirme": "deepseek",
        "C’est une concurrence": "sam-altman",
        "Elon Musk a averti": "elon-musk",
        "Nvidia estime": "nvidia",
        "60 à 65 milliards": "author-nvidia-seance",
    },
    "stargate-couts": {
        "Nous avons besoin": "lisa-su",
        "l’efficacité compte": "arthur-mensch",
        "Sam Altman a écrit": "sam-altman",
        "Mark Zuckerberg a fait valoir": "mark-zuckerberg",
        "Satya Nadella a promis": "satya-nadella",
        "Le projet Stargate prévoit": "author-stargate-couts",
    },
}
KNOWN = {"deepseek", "sam-altman", "elon-musk", "nvidia", "mark-zuckerberg", "satya-nadella"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real seeds and annotations: `new` writes here, never into the project."""
    root = tmp_path / "project"
    root.mkdir()
    for folder in ("seeds", "annotations"):
        shutil.copytree(PROJECT / folder, root / folder)
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("seeds", "annotations")
        for p in sorted((root / folder).iterdir())
    }


def run_new(root: Path, path: Path, *extra: str):
    return CliRunner().invoke(main, ["new", str(path), "--root", str(root), *extra])


def starter(root: Path, stem: str) -> Graph:
    return Graph().parse(root / "annotations" / f"{stem}.ttl", format="turtle")


def candidates(g: Graph, kind: URIRef) -> set:
    return {n for n in g.subjects(RDF.type, kind) if (n, RDF.type, CG.Candidate) in g}


@pytest.mark.parametrize("stem", sorted(QUOTATIONS))
def test_new_copies_the_seed_and_records_its_hash(project: Path, stem: str) -> None:
    result = run_new(project, NEW / f"{stem}.txt")
    assert result.exit_code == 0, result.output
    seed = project / "seeds" / f"{stem}.txt"
    assert seed.read_bytes() == (NEW / f"{stem}.txt").read_bytes()
    g = starter(project, stem)
    assert str(g.value(DOC[stem], CG.sha256)) == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert str(g.value(DOC[stem], CG.seedFile)) == f"{stem}.txt"
    assert (DOC[stem], RDF.type, CG.Candidate) in g, "the document's metadata is a candidate too"


@pytest.mark.parametrize("stem", sorted(QUOTATIONS))
def test_new_finds_every_quotation_cue_and_figure(project: Path, stem: str) -> None:
    assert run_new(project, NEW / f"{stem}.txt").exit_code == 0
    g = starter(project, stem)
    claims = candidates(g, CG.Claim)
    quotes = {str(g.value(c, CG.quote)) for c in claims}
    for quotation in QUOTATIONS[stem]:
        assert quotation in quotes
    assert sorted(str(g.value(c, CG.cue)) for c in claims if g.value(c, CG.cue)) == sorted(CUES[stem])

    found = {}
    for claim in claims:
        for figure in g.objects(claim, CG.states):
            assert (figure, RDF.type, CG.Candidate) in g
            surface = str(g.value(figure, CG.surface))
            assert surface in str(g.value(claim, CG.quote)), "a figure lies inside its claim's quote"

            def num(p, figure=figure):
                v = g.value(figure, p)
                return None if v is None else Decimal(str(v))

            unit = g.value(figure, SCHEMA.currency) or g.value(figure, SCHEMA.unitText)
            hedge = g.value(figure, CG.hedge)
            found[surface] = (
                num(SCHEMA.value),
                num(SCHEMA.minValue),
                num(SCHEMA.maxValue),
                str(unit),
                hedge.fragment if hedge else None,
            )
    expected = {
        s: tuple(Decimal(v) if isinstance(v, int) else v for v in values) for s, values in FIGURES[stem].items()
    }
    assert found == expected


@pytest.mark.parametrize("stem", sorted(QUOTATIONS))
def test_new_proposes_the_known_entity_as_speaker(project: Path, stem: str) -> None:
    assert run_new(project, NEW / f"{stem}.txt").exit_code == 0
    g = starter(project, stem)
    text = (project / "annotations" / f"{stem}.ttl").read_text(encoding="utf-8")
    claims = candidates(g, CG.Claim)
    for words, speaker in SPEAKERS[stem].items():
        claim = next(c for c in claims if words in str(g.value(c, CG.quote)))
        assert g.value(claim, CG.assertedBy) == ENT[speaker], words
        if speaker in KNOWN:
            assert re.search(rf"# speaker: .*matches (rdfs:label|skos:altLabel) .* -> ent:{speaker}\n", text)
        elif not speaker.startswith("author-"):
            assert f"new entity ent:{speaker}" in text and f"# ent:{speaker} a schema:" in text


def confirm(root: Path, stem: str) -> None:
    """What an annotator does to the starter: confirm every candidate and fill in what only they can say."""
    path = root / "annotations" / f"{stem}.ttl"
    text = path.read_text(encoding="utf-8")
    entities = re.findall(r"^# (ent:[\w-]+ a schema:\w+ ;\n(?:#     .*\n)*)", text, flags=re.M)
    declared = "\n".join(re.sub(r"^#     ", "    ", e, flags=re.M) for e in entities)
    with (root / "annotations" / "entities.ttl").open("a", encoding="utf-8") as f:
        f.write("\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n" + declared)
    with (root / "annotations" / "quantities.ttl").open("a", encoding="utf-8") as f:
        f.write(
            f'\nqty:{stem}-figures a cg:MeasuredQuantity ;\n    rdfs:label "Figures of {stem}" ;\n'
            f'    rdfs:comment "Every figure of the test text {stem}."@en .\n'
        )
    text = text.replace(", cg:Candidate", "")
    text = re.sub(r'# cg:gloss "…"@en ;.*', 'cg:gloss "Confirmed by the test."@en ;', text)
    text = re.sub(r"# cg:measures qty:… ;.*\n.*\n", f"cg:measures qty:{stem}-figures ;\n", text)
    text = re.sub(r'# schema:unitText "…" ;.*', 'schema:unitText "item" ;', text)
    path.write_text(text, encoding="utf-8")


def test_unconfirmed_candidates_fail_check_saying_how_to_confirm(project: Path) -> None:
    assert run_new(project, NEW / "nvidia-seance.txt").exit_code == 0
    result = CliRunner().invoke(main, ["check", "--root", str(project), "annotations/nvidia-seance.ttl"])
    assert result.exit_code == 1
    g = starter(project, "nvidia-seance")
    unconfirmed = [line for line in result.output.splitlines() if "not confirmed yet" in line]
    assert len(set(g.subjects(RDF.type, CG.Candidate))) == 1 + 6 + 3  # the document, 6 claims, 3 figures
    assert len(unconfirmed) == 10
    lines = (project / "annotations" / "nvidia-seance.ttl").read_text(encoding="utf-8").splitlines()
    line = lines.index(":c01 a cg:Claim, cg:Candidate ;") + 1
    assert (
        f"annotations/nvidia-seance.ttl:{line}: error: nvidia-seance/c01: candidate claim not confirmed yet: "
        "check its quote, "
        "cue and speaker against the seed and write its cg:gloss, then delete ', cg:Candidate' from its types "
        "(or delete the claim)"
    ) in result.output


def test_confirmed_starters_pass_check_and_build(project: Path, tmp_path: Path) -> None:
    for stem in QUOTATIONS:
        assert run_new(project, NEW / f"{stem}.txt").exit_code == 0
        confirm(project, stem)
    for stem in QUOTATIONS:
        result = CliRunner().invoke(main, ["check", "--root", str(project), f"annotations/{stem}.ttl"])
        assert result.exit_code == 0, result.output
        assert "valid" in result.output
    whole = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert whole.exit_code == 0, whole.output
    assert not (project / "out").exists(), "check writes no output"
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", "--root", str(project), "--out", str(out)])
    assert built.exit_code == 0, built.output
    claims = (out / "tables" / "claims.csv").read_text(encoding="utf-8")
    assert "Nous avons besoin de plus de 100 millions de dollars par mois" in claims


def test_not_utf8_empty_and_duplicate_texts_change_nothing(project: Path, tmp_path: Path) -> None:
    before = snapshot(project)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Première ligne\nLe coût a atteint 5,6 millions de dollars.\n".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    twin = tmp_path / "twin.txt"  # seed 002 again, with Windows line ends
    twin.write_bytes((PROJECT / "seeds" / "002_59f5497307406c20.txt").read_bytes().replace(b"\n", b"\r\n"))
    cases = {
        latin: "latin.txt:1: error: not UTF-8 (invalid continuation byte at byte 5): save the text as UTF-8",
        empty: "empty.txt: error: the text is empty: nothing to annotate",
        twin: "twin.txt: error: the same text is already the seed seeds/002_59f5497307406c20.txt: annotate "
        "annotations/002_59f5497307406c20.ttl instead",
    }
    for path, message in cases.items():
        result = run_new(project, path)
        assert result.exit_code == 2, result.output
        assert result.output.splitlines()[-1] == "cannot add the document: 1 problem"
        assert message in result.output
        assert "Traceback" not in result.output
    assert snapshot(project) == before


def test_a_seed_is_never_overwritten(project: Path) -> None:
    assert run_new(project, NEW / "nvidia-seance.txt").exit_code == 0
    before = snapshot(project)
    other = project.parent / "nvidia-seance.txt"
    other.write_text("Un autre texte.\nIl a déclaré que tout allait bien.\n", encoding="utf-8")
    result = run_new(project, other)
    assert result.exit_code == 2
    assert "seeds/nvidia-seance.txt: error: already exists and is never overwritten: pass another --stem" in (
        result.output
    )
    assert "annotations/nvidia-seance.ttl: error: already exists" in result.output
    assert snapshot(project) == before
    renamed = run_new(project, other, "--stem", "autre")
    assert renamed.exit_code == 0, renamed.output
    assert (project / "seeds" / "autre.txt").exists()


def test_line_ends_become_lf_and_the_hash_is_the_stored_seed(project: Path, tmp_path: Path) -> None:
    text = (NEW / "stargate-couts.txt").read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    result = run_new(project, crlf)
    assert result.exit_code == 0, result.output
    assert "line ends normalised to LF" in result.output
    seed = (project / "seeds" / "crlf.txt").read_bytes()
    assert seed == text.encode("utf-8")
    g = starter(project, "crlf")
    assert g.value(DOC["crlf"], CG.sha256) == Literal(hashlib.sha256(seed).hexdigest())


def test_check_gives_the_build_s_messages_for_one_file(tiny: Path, tmp_path: Path) -> None:
    path = tiny / "annotations" / "001_tiny.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace("cg:gloss", "cg:glos", 1), encoding="utf-8")
    build = CliRunner().invoke(main, ["build", "--root", str(tiny), "--out", str(tmp_path / "out")])
    check = CliRunner().invoke(main, ["check", "--root", str(tiny), str(path)])
    assert build.exit_code == check.exit_code == 1
    problems = [line for line in build.output.splitlines() if line.startswith("annotations/001_tiny.ttl")]
    assert problems and [line for line in check.output.splitlines() if line.startswith("annotations/")] == problems
    assert not (tmp_path / "out").exists()


def test_check_refuses_a_file_that_is_not_an_annotation(tmp_path: Path) -> None:
    stray = tmp_path / "stray.ttl"
    stray.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(stray)])
    assert result.exit_code == 2
    assert "not an annotation file of this project: give a .ttl file of annotations/" in result.output


def test_check_of_one_real_document_is_valid() -> None:
    result = CliRunner().invoke(main, ["check", "annotations/003_20d0bc27540a3397.ttl"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("annotations/003_20d0bc27540a3397.ttl: valid")


MISTAKES = {
    "a cue retyped": ('cg:cue "a déclaré à CNBC"', 'cg:cue "a dit à CNBC"'),
    "a quote that occurs more than once": (
        'cg:quote "Ankit Prasad est un commentateur CGTN Biz pour CGTN." ;',
        'cg:quote "CGTN" ;',
    ),
    "a surface that is not inside the quote": (
        'cg:surface "80 milliards de dollars"',
        'cg:surface "80 milliards de dollars US"',
    ),
    "milliard read as million": ("schema:value 80000000000 ;", "schema:value 80000000 ;"),
    "a speaker that is not declared": ("cg:assertedBy ent:satya-nadella ;", "cg:assertedBy ent:nadella ;"),
    "a quantity that is not declared": (
        "cg:measures qty:microsoft-ai-investment-2025 .",
        "cg:measures qty:microsoft-ai-investment .",
    ),
    "the deprecated `cg:repeats`": ("cg:echoes :c34 ;", "cg:repeats :c40 ;"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_the_guide_quotes_the_real_message_of_each_mistake(project: Path, mistake: str) -> None:
    old, new = MISTAKES[mistake]
    path = project / "annotations" / "002_59f5497307406c20.ttl"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(project), "annotations/002_59f5497307406c20.ttl"])
    assert result.exit_code == 1
    (problem,) = [line for line in result.output.splitlines() if line.startswith("annotations/")]
    message = problem.split(": error: ", 1)[1].split(": ", 1)[1]
    guide = (PROJECT / "docs" / "annotating.md").read_text(encoding="utf-8")
    row = next(line for line in guide.splitlines() if line.startswith(f"| {mistake} |"))
    assert f"`{message}`" in row


def test_an_outlet_after_the_cue_is_the_channel(project: Path, tmp_path: Path) -> None:
    text = tmp_path / "canal.txt"
    text.write_text("Microsoft et l’IA\nSatya Nadella a déclaré à CNBC que Microsoft investirait dans l’IA.\n", "utf-8")
    assert run_new(project, text).exit_code == 0
    g = starter(project, "canal")
    (claim,) = candidates(g, CG.Claim)
    assert str(g.value(claim, CG.cue)) == "a déclaré à CNBC"
    assert g.value(claim, CG.deliveredThrough) == SRC["cnbc"]
    assert g.value(claim, CG.assertedBy) == ENT["satya-nadella"], "CNBC is the channel, not the speaker"


def test_checking_one_file_finds_what_checking_everything_finds_there(project: Path) -> None:
    path = project / "annotations" / "002_59f5497307406c20.ttl"
    text = path.read_text(encoding="utf-8")
    for old, new in [
        *MISTAKES.values(),
        ("cg:about ent:microsoft ;\n    cg:states :c37-f1", "cg:echoes d000:c999 ;\n    cg:states :c37-f1"),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    one = CliRunner().invoke(main, ["check", "--root", str(project), "annotations/002_59f5497307406c20.ttl"])
    every = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert one.exit_code == every.exit_code == 1
    mine = [line for line in one.output.splitlines() if line.startswith("annotations/002_")]
    assert len(mine) == len(MISTAKES) + 1
    assert mine == [line for line in every.output.splitlines() if line.startswith("annotations/002_")]
    assert any("links to a claim that is not declared" in line and "000/c999" in line for line in mine)


def test_coverage_does_not_count_unconfirmed_candidates(project: Path) -> None:
    assert run_new(project, NEW / "nvidia-seance.txt").exit_code == 0
    before = CliRunner().invoke(main, ["coverage", "--root", str(project)])
    assert "nvidia-seance.txt: 11 gap(s)" in before.output  # 5 cues, 1 quotation; 17, 3 (of V3), 5,6, 60, 65
    confirm(project, "nvidia-seance")
    after = CliRunner().invoke(main, ["coverage", "--root", str(project)])
    assert "nvidia-seance.txt: 1 gap(s)" in after.output
    assert "number '3'" in after.output, "V3 is a model name: excluded by hand, not proposed as a figure"
