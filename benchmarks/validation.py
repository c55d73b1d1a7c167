"""SHACL engines compared: pySHACL, pyshacl-turbo and the shapes compiled to SPARQL (the build's).

    .venv/bin/python benchmarks/validation.py --documents 1000 --claims 22

Each engine runs the project's shapes on the real corpus, on every case of the invalid corpus
(tests/data/invalid) and on a synthetic corpus (``synthetic.py``, about 45 triples a claim), each
in a fresh process so that its peak memory is its own. The seconds are those of the SHACL results
alone, from a loaded and anchored corpus: for pySHACL they include copying the store into the
rdflib graph it validates. "same as pySHACL" compares the problem lists (file, line, message,
focus), case by case. The last row of each corpus is the build's whole ``validate()`` (SHACL and
every integrity check). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from synthetic import write_corpus

from graph.anchor import anchor
from graph.config import Config
from graph.errors import BuildError
from graph.load import Corpus, read_sources
from graph.validate import shacl_problems, validate

PROJECT = Path(__file__).resolve().parent.parent
INVALID = PROJECT / "tests" / "data" / "invalid"
TINY = PROJECT / "tests" / "data" / "valid" / "tiny"
ENGINES = ["pyshacl", "pyshacl-turbo", "sparql", "validate"]
"""``validate`` is the build's whole stage: the SPARQL constraints plus the integrity checks."""


def anchored(root: Path) -> Corpus | None:
    try:
        corpus = read_sources(Config.under(root))
    except BuildError:
        return None
    corpus.add(anchor(corpus)[0])  # anchoring returns its quads; the build adds them before validating
    return corpus


def run(corpus: Corpus, engine: str) -> tuple[float, list[str]]:
    """Seconds and problems (as printed) of one engine on one corpus."""
    started = time.perf_counter()
    if engine == "validate":
        try:
            validate(corpus)
            problems = []
        except BuildError as error:
            problems = error.problems
    else:
        problems = shacl_problems(corpus, engine=engine)
    return time.perf_counter() - started, sorted({str(p) for p in problems})


def apply_case(case: Path, root: Path) -> None:
    sys.path.insert(0, str(PROJECT))
    from tests.test_invalid_corpus import apply_edits

    apply_edits(root, tomllib.loads(case.read_text(encoding="utf-8"))["edit"])


def measure(corpus_name: str, engine: str, documents: int, claims: int) -> dict:
    """One engine on one corpus, in this process: seconds, peak MiB, triples, problems per case."""
    cases: dict[str, list[str]] = {}
    seconds, triples = 0.0, 0
    with tempfile.TemporaryDirectory() as tmp:
        if corpus_name == "invalid":
            roots = []
            for case in sorted(INVALID.glob("*.toml")):
                root = Path(tmp) / case.stem
                shutil.copytree(TINY, root)
                apply_case(case, root)
                roots.append((case.stem, root))
        elif corpus_name == "real":
            roots = [("real", PROJECT)]
        else:
            roots = [("synthetic", write_corpus(Path(tmp) / "synthetic", documents, claims))]
        for name, root in roots:
            corpus = anchored(root)
            if corpus is None:
                continue
            triples += len(corpus.store)
            took, cases[name] = run(corpus, engine)
            seconds += took
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mib": peak, "triples": triples, "cases": cases}


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load} at the start"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000, help="synthetic documents")
    parser.add_argument("--claims", type=int, default=22, help="claims per synthetic document")
    parser.add_argument("--corpora", nargs="+", default=["real", "invalid", "synthetic"])
    parser.add_argument("--engines", nargs="+", default=ENGINES)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(*args.one, args.documents, args.claims)))
        return
    print(f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {machine()}.\n")
    print("| corpus | triples | engine | seconds | peak MiB | problems | same as pySHACL |")
    print("|---|---|---|---|---|---|---|")
    for corpus_name in args.corpora:
        reference = None
        for engine in args.engines:
            if engine == "pyshacl-turbo" and importlib.util.find_spec("pyshacl_turbo") is None:
                print(f"| {corpus_name} | | {engine} | not installed: pip install -e '.[bench]' | | | |")
                continue
            done = subprocess.run(
                [sys.executable, __file__, "--one", corpus_name, engine, *size(args)],
                capture_output=True,
                text=True,
                check=True,
            )
            row = json.loads(done.stdout)
            if engine == "pyshacl":
                reference = row["cases"]
            if engine == "validate":
                same = "(all checks)"
            elif reference is None:
                same = "?"
            else:
                same = "yes" if row["cases"] == reference else f"NO: {differences(reference, row['cases'])}"
            problems = sum(len(p) for p in row["cases"].values())
            label = f"{corpus_name} ({len(row['cases'])} cases)" if corpus_name == "invalid" else corpus_name
            if corpus_name == "synthetic":
                label += f" ({args.documents} × {args.claims} claims)"
            print(
                f"| {label} | {row['triples']:,} | {engine} | {row['seconds']:.2f} | {row['peak_mib']:,.0f} "
                f"| {problems:,} | {same} |",
                flush=True,
            )


def size(args: argparse.Namespace) -> list[str]:
    return ["--documents", str(args.documents), "--claims", str(args.claims)]


def differences(reference: dict[str, list[str]], found: dict[str, list[str]]) -> str:
    cases = sorted(c for c in reference.keys() | found.keys() if reference.get(c) != found.get(c))
    return f"{len(cases)} case(s) differ ({', '.join(cases[:5])})"


if __name__ == "__main__":
    main()
