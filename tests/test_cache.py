"""Incremental builds: an edit re-reads only its document, and the outputs are those of a clean build."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import graph.build
import graph.cache
import graph.load
from graph.build import build
from graph.cache import CACHE_DIR, MANIFEST, PACK, Cache
from graph.cli import main
from graph.config import Config
from graph.load import read_sources
from graph.namespaces import GRAPH

FIRST, SECOND = "annotations/001_tiny.ttl", "annotations/002_tiny.ttl"
SHARED = ["annotations/entities.ttl", "annotations/quantities.ttl", "annotations/sources.ttl"]


@pytest.fixture
def two(tiny: Path) -> Path:
    """The tiny world with a second document (the same text under another name), so that one can change alone."""
    (tiny / "seeds" / "002_tiny.txt").write_bytes((tiny / "seeds" / "001_tiny.txt").read_bytes())
    text = (tiny / FIRST).read_text(encoding="utf-8")
    (tiny / SECOND).write_text(text.replace("001_tiny", "002_tiny"), encoding="utf-8")
    return tiny


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the Turtle files the build parses, and of the document files it anchors, in order."""
    seen: list[str] = []
    read_turtle, anchor_file = graph.load.read_turtle, graph.build.anchor_file

    def reading(path, name, problems):
        seen.append(name)
        return read_turtle(path, name, problems)

    def anchoring(corpus, source):
        seen.append(f"anchor {source.name}")
        return anchor_file(corpus, source)

    monkeypatch.setattr(graph.load, "read_turtle", reading)
    monkeypatch.setattr(graph.build, "anchor_file", anchoring)
    return seen


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def ground(quads) -> set[tuple[str, ...]]:
    """Quads without blank nodes (the store's own ids), literals by value (the store keeps integers as xsd:integer)."""
    return {
        (
            str(q.subject),
            str(q.predicate),
            q.object.value if isinstance(q.object, ox.Literal) else str(q.object),
            str(q.graph_name),
        )
        for q in quads
        if not any(isinstance(t, ox.BlankNode) for t in q)
    }


def outputs(out: Path) -> dict[str, bytes]:
    """Every output but the store's RocksDB files (compared by their quads) and the cache itself."""
    files = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).parts[0] not in ("store", CACHE_DIR)
    }
    marker = json.loads(files.pop(".claimgraph-output.json"))
    files["marker"] = "\n".join(f for f in marker["files"] if f.split("/")[0] not in ("store", CACHE_DIR)).encode()
    files["store quads"] = repr(sorted(ground(ox.Store.read_only(str(out / "store"))))).encode()
    return files


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_one_edit_reads_one_document_again_and_builds_what_a_clean_build_builds(
    two: Path, parsed: list[str], store: str
) -> None:
    out = two / "out"
    build(Config.under(two, out=out, store=store))
    manifest = json.loads((out / CACHE_DIR / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["documents"]) == [FIRST, SECOND]
    assert f"anchor {SECOND}" in parsed

    edit(two, SECOND, '"We spent $6 million."@en', '"We spent six million dollars."@en')
    parsed.clear()
    build(Config.under(two, out=out, store=store))
    assert [n for n in parsed if n.startswith("annotations/")] == [SECOND, *SHARED]  # the shared files are small
    assert [n for n in parsed if n.startswith("anchor ")] == [f"anchor {SECOND}"]

    clean = two.parent / "clean"
    build(Config.under(two, out=clean, store=store), use_cache=False)
    assert not (clean / CACHE_DIR).exists(), "--no-cache keeps no cache"
    assert outputs(out) == outputs(clean)
    assert b"We spent six million dollars." in (out / "graph.trig").read_bytes()


def test_a_corrupt_or_foreign_cache_is_ignored_and_rebuilt(two: Path, parsed: list[str]) -> None:
    out = two / "out"
    build(Config.under(two, out=out))
    cache = out / CACHE_DIR
    manifest = json.loads((cache / MANIFEST).read_text())
    at, length, _ = manifest["entries"][manifest["documents"][FIRST]]
    pack = bytearray((cache / PACK).read_bytes())
    half = at + length // 2
    pack[half : at + length] = b"\n" * (at + length - half)  # its second half blanked: still N-Quads, but not all
    (cache / PACK).write_bytes(bytes(pack))

    parsed.clear()
    build(Config.under(two, out=out))
    assert [n for n in parsed if n.startswith("anchor ")] == [f"anchor {FIRST}"]
    clean = two.parent / "clean"
    build(Config.under(two, out=clean), use_cache=False)
    assert outputs(out) == outputs(clean)

    (out / CACHE_DIR / MANIFEST).write_text("{not json", encoding="utf-8")
    parsed.clear()
    build(Config.under(two, out=out))
    assert [n for n in parsed if n.startswith("anchor ")] == [f"anchor {FIRST}", f"anchor {SECOND}"]
    assert outputs(out) == outputs(clean)


def test_a_shared_change_validates_every_document_again(two: Path) -> None:
    out = two / "out"
    build(Config.under(two, out=out))
    config = Config.under(two, out=out)

    edit(two, SECOND, '"We spent $6 million."@en', '"We spent six million dollars."@en')
    cache = Cache(config)
    corpus = read_sources(config, cache.reuse)
    assert sorted(cache.reused) == [FIRST]
    assert cache.to_validate(corpus) == {GRAPH["002_tiny"]}

    edit(two, "annotations/entities.ttl", '"La Gazette"', '"La Gazette du soir"')
    cache = Cache(config)
    corpus = read_sources(config, cache.reuse)
    assert sorted(cache.reused) == [FIRST], "loading and anchoring do not depend on the shared files"
    assert cache.to_validate(corpus) is None


def test_another_program_reuses_nothing(two: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    out = two / "out"
    build(Config.under(two, out=out))
    monkeypatch.setattr(graph.cache, "program_key", lambda: "another version")
    parsed.clear()
    build(Config.under(two, out=out))
    assert [n for n in parsed if n.startswith("anchor ")] == [f"anchor {FIRST}", f"anchor {SECOND}"]


def test_an_error_in_a_cached_build_is_reported_as_in_a_clean_one_and_keeps_the_cache(two: Path) -> None:
    out = two / "out"
    build(Config.under(two, out=out))
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit(two, SECOND, "Nous avons dépensé 6 millions", "Nous avons dépensé 7 millions")

    cached = CliRunner().invoke(main, ["build", "--root", str(two), "--out", str(out)])
    clean = CliRunner().invoke(main, ["build", "--root", str(two), "--out", str(out), "--no-cache"])
    assert cached.exit_code == clean.exit_code == 1
    assert cached.stderr == clean.stderr
    assert f"{SECOND}:" in cached.stderr and "not found in the seed" in cached.stderr
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_edit_that_drops_what_made_another_files_node_valid_is_caught_as_in_a_clean_build(two: Path) -> None:
    """ent:newco is declared in entities.ttl without its label, which 002 alone gives; 001 cites it.
    Removing the label from 002 leaves 002's graph without ent:newco: every document is checked again."""
    edit(two, "annotations/entities.ttl", "ent:gazette a", "ent:newco a schema:Organization .\n\nent:gazette a")
    edit(two, FIRST, "    cg:about ent:acme ;\n", "    cg:about ent:acme, ent:newco ;\n")
    label = '\nent:newco <http://www.w3.org/2000/01/rdf-schema#label> "NewCo" .\n'
    (two / SECOND).write_text((two / SECOND).read_text(encoding="utf-8") + label, encoding="utf-8")
    out = two / "out"
    build(Config.under(two, out=out))

    edit(two, SECOND, label, "\n")
    cached = CliRunner().invoke(main, ["build", "--root", str(two), "--out", str(out)])
    clean = CliRunner().invoke(main, ["build", "--root", str(two), "--out", str(out), "--no-cache"])
    assert cached.exit_code == clean.exit_code == 1
    assert cached.stderr == clean.stderr
    assert "annotations/entities.ttl:" in cached.stderr
    assert "entity/newco: needs exactly one rdfs:label" in cached.stderr


def test_a_removed_document_validates_every_document_again(two: Path) -> None:
    out = two / "out"
    build(Config.under(two, out=out))
    (two / SECOND).unlink()
    (two / "seeds" / "002_tiny.txt").unlink()
    config = Config.under(two, out=out)
    cache = Cache(config)
    corpus = read_sources(config, cache.reuse)
    assert sorted(cache.reused) == [FIRST]
    assert cache.to_validate(corpus) is None


GARBLED = """
ent:acme cg:garbledForm [ a cg:GarbledForm ;
    <http://www.w3.org/2008/05/skos-xl#literalForm> "la société Acme"@fr ;
    cg:foundIn d:001_tiny ;
    <http://www.w3.org/2000/01/rdf-schema#comment> "a blank node written in a document file"@en ] .
"""


def test_a_documents_blank_nodes_keep_their_labels_when_it_comes_from_the_cache(two: Path) -> None:
    """Oxigraph's loaders relabel blank nodes: a cached entry holding one must not, or the files change."""
    (two / FIRST).write_text((two / FIRST).read_text(encoding="utf-8") + GARBLED, encoding="utf-8")
    out, clean = two / "out", two.parent / "clean"
    build(Config.under(two, out=out))
    edit(two, SECOND, '"We spent $6 million."@en', '"We spent six million dollars."@en')
    build(Config.under(two, out=out))  # 001, with its blank node, from the cache
    build(Config.under(two, out=clean), use_cache=False)
    assert b"_:b" in (out / "graph.trig").read_bytes()
    assert outputs(out) == outputs(clean)


def test_an_edit_that_drops_only_its_own_nodes_still_validates_only_its_document(two: Path) -> None:
    """002 loses its claim c03 (its own node): only 002's checks run again; links to c03 from elsewhere
    are references, which every build checks in every graph."""
    out = two / "out"
    build(Config.under(two, out=out))
    c03 = (two / SECOND).read_text(encoding="utf-8").split(":c03 a cg:Claim", 1)[1].split("\n\n", 1)[0]
    edit(two, SECOND, ":c03 a cg:Claim" + c03, "")
    config = Config.under(two, out=out)
    cache = Cache(config)
    corpus = read_sources(config, cache.reuse)
    assert cache.to_validate(corpus) == {GRAPH["002_tiny"]}
    build(config)  # and the build passes, as a clean one does
