"""How long `claimgraph check` takes on the real corpus: each document alone, then every file.

    .venv/bin/python benchmarks/check_time.py --repeat 3

Times are in-process (the checks themselves, best of ``--repeat``); the command adds Python's
start-up and imports, measured once as the wall time of `claimgraph check FILE`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from graph.check import check
from graph.config import Config


def best(paths: list[Path], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        result = check(Config(), paths)
        assert result.exit_code == 0, result.problems
        times.append(result.seconds)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    config = Config()
    documents = sorted(p for p in config.annotations.glob("*.ttl") if (config.seeds / f"{p.stem}.txt").exists())
    print("| checked | size | seconds |")
    print("|---|---|---|")
    for path in documents:
        lines = sum(1 for _ in path.open(encoding="utf-8"))
        print(f"| {path.name} | {lines} lines | {best([path], args.repeat):.2f} |")
    print(f"| every file | | {best([], args.repeat):.2f} |")
    started = time.perf_counter()
    cli = Path(sys.executable).with_name("claimgraph")
    subprocess.run([str(cli), "check", str(documents[0])], check=True, capture_output=True)
    print(f"\nwall time of `claimgraph check {documents[0].name}`: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
