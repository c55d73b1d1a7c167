"""How fast a view draws: time from opening the page to vis-network's first drawing, in headless Chromium.

    .venv/bin/python benchmarks/html_scaling.py --nodes 1000 5000 20000

Synthetic views shaped like the provenance graph (claims around documents and speakers), laid
out the way the build lays out real ones.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from graph.export.html import environment, render_view
from graph.export.view import View

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def synthetic_view(nodes: int, seed: int = 1) -> View:
    rng = random.Random(seed)
    view = View("Synthetic", f"{nodes} nodes")
    documents = [f"doc-{i}.txt" for i in range(max(1, nodes // 400))]
    speakers = [f"speaker-{i}" for i in range(max(2, nodes // 20))]
    for d in documents:
        view.node(d, "document", d, documents=[d], size=22)
    for s in speakers:
        view.node(s, "entity", s, documents=[rng.choice(documents)], size=10)
    for i in range(nodes - len(documents) - len(speakers)):
        d = rng.choice(documents)
        claim = f"claim-{i}"
        view.node(claim, "claim", f"Une affirmation numéro {i}", documents=[d], size=6)
        view.edge(rng.choice(speakers), claim)
        view.edge(claim, d)
    return view


def time_to_draw(browser, page_path: Path) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    start = time.perf_counter()
    page.goto(page_path.as_uri())
    page.wait_for_function("window.claimgraph && window.claimgraph.ready", timeout=120_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    env = environment()
    print("| nodes | edges | layout + render (s) | page size (MB) | open to first drawing (s) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        for n in args.nodes:
            start = time.perf_counter()
            view = synthetic_view(n)
            html = render_view(view, env)
            built = time.perf_counter() - start
            path = Path(tmp) / f"view-{n}.html"
            path.write_text(html, encoding="utf-8")
            drawn = time_to_draw(browser, path)
            print(f"| {n} | {len(view.net.edges)} | {built:.2f} | {len(html) / 1e6:.1f} | {drawn:.2f} |")
        browser.close()


if __name__ == "__main__":
    main()
