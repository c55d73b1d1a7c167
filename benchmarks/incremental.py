"""The rebuild after a one-file edit, with the cache, against a clean build of the same corpus.

    .venv/bin/python benchmarks/incremental.py --documents 1000 --claims 2

Builds a synthetic corpus of N documents (``synthetic.py``, its shared files pruned to what the
documents use so that it validates), edits one gloss in one document, and times each stage of a
clean build (``--no-cache``) and of the rebuild from the cache of the build before the edit.
``--stages`` times only loading and anchoring (what the cache spares), for corpora too large
for a whole build to finish here.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from synthetic import write_corpus

from graph.anchor import anchor_file
from graph.build import build
from graph.cache import Cache
from graph.config import Config
from graph.load import Corpus, read_sources


def prune_shared(root: Path) -> None:
    """Drop the shared sources and quantities no document uses: validation refuses them as leftovers."""
    used = set()
    for path in (root / "annotations").glob("*_synthetic.ttl"):
        used |= set(re.findall(r"\b(?:src:s|qty:q)\d+\b", path.read_text(encoding="utf-8")))
    shared = root / "annotations" / "shared.ttl"
    blocks = shared.read_text(encoding="utf-8").split("\n\n")
    kept = [b for b in blocks if not re.match(r"(?:src:s|qty:q)\d+\b", b) or b.split()[0] in used]
    shared.write_text("\n\n".join(kept), encoding="utf-8")


def timed(config: Config, use_cache: bool) -> dict[str, float]:
    marks: list[tuple[str, float]] = [("start", time.perf_counter())]
    build(config, progress=lambda step: marks.append((step, time.perf_counter())), use_cache=use_cache)
    marks.append(("end", time.perf_counter()))
    row = {" ".join(step.split()[:2]): later - at for (step, at), (_, later) in pairwise(marks[1:])}
    row["total"] = marks[-1][1] - marks[0][1]
    return row


def load_and_anchor(config: Config, use_cache: bool) -> tuple[dict[str, float], Cache, Corpus, dict]:
    """Only the stages the cache spares: load (or reuse) and anchor, and the validation it leaves to run."""
    started = time.perf_counter()
    cache = Cache(config, enabled=use_cache)
    corpus = read_sources(config, cache.reuse)
    loaded = time.perf_counter()
    anchored = {f.name: anchor_file(corpus, f) for f in cache.changed(corpus)}
    corpus.add(q for quads, _ in anchored.values() for q in quads)
    done = time.perf_counter()
    row = {"load": loaded - started, "anchor": done - loaded, "parsed": len(cache.changed(corpus))}
    return row, cache, corpus, {name: quads for name, (quads, _) in anchored.items()}


def stages(root: Path, documents: int) -> None:
    """Load and anchor of a clean run, of the run that writes the cache, and of the run after one edit."""
    out = root.parent / "stages-out"
    out.mkdir()
    config = Config.under(root, out=out)
    clean, *_ = load_and_anchor(config, use_cache=False)
    first, cache, corpus, anchors = load_and_anchor(config, use_cache=True)
    started = time.perf_counter()
    cache.write(out, corpus, cache.entries(corpus, anchors))
    first["write cache"] = time.perf_counter() - started
    target = sorted((root / "annotations").glob("*_synthetic.ttl"))[documents // 2]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace(" million dollars.", " million US dollars.", 1), encoding="utf-8")
    again, cache, corpus, _ = load_and_anchor(config, use_cache=True)
    quads = len(corpus.store)
    print(f"{documents} documents, {quads:,} quads after load and anchor; edited {target.name}")
    print("| run | load | anchor | write cache | files parsed and anchored |")
    print("|---|---|---|---|---|")
    for name, row in (("clean, --no-cache", clean), ("first (writes the cache)", first), ("after one edit", again)):
        cells = [f"{row['load']:.2f}", f"{row['anchor']:.2f}", f"{row.get('write cache', 0):.2f}", str(row["parsed"])]
        print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=2, help="claims per document")
    parser.add_argument("--stages", action="store_true", help="time only load and anchor, not whole builds")
    args = parser.parse_args()
    if args.stages:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_corpus(Path(tmp) / "corpus", args.documents, args.claims)
            stages(root, args.documents)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = write_corpus(Path(tmp) / "corpus", args.documents, args.claims)
        prune_shared(root)
        out = Path(tmp) / "out"
        first = timed(Config.under(root, out=out), use_cache=True)
        target = sorted((root / "annotations").glob("*_synthetic.ttl"))[args.documents // 2]
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace(" million dollars.", " million US dollars.", 1), encoding="utf-8")
        clean = timed(Config.under(root, out=Path(tmp) / "clean"), use_cache=False)
        again = timed(Config.under(root, out=out), use_cache=True)
    print(f"{args.documents} documents, {args.claims} claims each; edited {target.name}")
    print("| build | " + " | ".join(again) + " |")
    print("|---" * (len(again) + 1) + "|")
    for name, row in (("first (writes the cache)", first), ("clean, --no-cache", clean), ("after one edit", again)):
        print(f"| {name} | " + " | ".join(f"{row.get(k, 0):.2f}" for k in again) + " |")


if __name__ == "__main__":
    main()
