"""How the build scales: time of each stage and peak memory on synthetic corpora of growing size.

    .venv/bin/python benchmarks/build_scaling.py --docs 100 1000 10000

Each size runs in a fresh process so that peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from synthetic import write_corpus

from graph.build import build
from graph.config import Config


def measure(documents: int, store: str) -> dict[str, float]:
    """Build a synthetic corpus of ``documents`` documents; seconds per build stage, triples, peak MiB."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Config.under(write_corpus(Path(tmp), documents), store=store)
        marks: list[tuple[str, float]] = []
        result = build(config, progress=lambda step: marks.append((step, time.perf_counter())))
        marks.append(("end", time.perf_counter()))
    row = {step: later - start for (step, start), (_, later) in pairwise(marks)}
    row["triples"] = result.triples
    row["peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--store", choices=["oxigraph", "memory"], default="oxigraph")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.store)))
        return
    rows = []
    for n in args.docs:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--store", args.store],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append((n, json.loads(done.stdout)))
    keys = list(rows[0][1])
    print("| documents | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for n, row in rows:
        cells = [f"{v:.0f}" if k in ("triples", "peak MiB") else f"{v:.2f}" for k, v in row.items()]
        print(f"| {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
