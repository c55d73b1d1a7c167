"""How long one `claimgraph query` takes, start to finish, and what it imports.

    .venv/bin/python benchmarks/query_startup.py                     # the real corpus, out/
    .venv/bin/python benchmarks/query_startup.py --out /tmp/big/out  # any built graph

Target: a light named query in under 0.5 s of wall time on the real corpus. Reading the built
graph must not import the build stack (rdflib, pySHACL, networkx, pyvis, jinja2, pandas).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HEAVY = ("rdflib", "pyshacl", "networkx", "pyvis", "jinja2", "pandas", "scipy", "rich")
PROBE = """
import sys
from graph.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} & set(%r))) or "-", file=sys.stderr)
"""


def wall(args: list[str], runs: int) -> tuple[list[float], float]:
    """Wall times of ``runs`` runs, and their median CPU time (user + system; steadier on a busy machine)."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT / "out")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--queries", nargs="+", default=["entities-by-documents", "sources-by-reliance"])
    options = parser.parse_args()
    if not (options.out / "graph.trig").is_file():
        sys.exit(f"no built graph in {options.out}: run `make graph` first")
    claimgraph = Path(sys.executable).parent / "claimgraph"
    print(f"load average {os.getloadavg()[0]:.1f}\n")
    print("| command | median wall (s) | min wall (s) | median CPU (s) | heavy modules imported |")
    print("|---|---|---|---|---|")
    for name in options.queries:
        args = ["query", name, "--out", str(options.out), "--format", "csv"]
        times, cpu = wall([str(claimgraph), *args], options.runs)
        probe = subprocess.run(
            [sys.executable, "-c", PROBE % (HEAVY,), *args], capture_output=True, text=True, check=True, cwd=PROJECT
        )
        imported = probe.stderr.strip().splitlines()[-1]
        print(f"| query {name} | {statistics.median(times):.3f} | {min(times):.3f} | {cpu:.3f} | {imported} |")
    times, cpu = wall([str(claimgraph), "find", "tremie", "--out", str(options.out), "--format", "csv"], options.runs)
    print(f"| find tremie | {statistics.median(times):.3f} | {min(times):.3f} | {cpu:.3f} | |")


if __name__ == "__main__":
    main()
