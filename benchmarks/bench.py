"""``make bench``: the build and its queries at 10 to 10,000 synthetic documents, against the issue's targets.

For each size N (and the real corpus), in fresh processes so that each peak memory is its own:

- ``oxigraph``: the full build (seconds per stage, from the build's progress callback), then a
  one-file edit (a quote shortened by its first word, still verbatim in the seed) rebuilt into
  the same ``out/``, then the queries on ``out/store`` opened read-only;
- ``rdflib-memory``: ``out/graph.trig`` parsed into rdflib's in-memory Dataset, the same queries
  (skipped above ``--rdflib-max`` documents: at a million triples the parse alone takes minutes);
- ``floor``: the same TriG parsed by pyoxigraph into an in-memory Store, the same queries.

Writes ``benchmarks/results.json`` and the ``bench`` section of ``benchmarks/results.md``.

    .venv/bin/python benchmarks/bench.py                  # 10, 100, 1,000 and 10,000 documents
    .venv/bin/python benchmarks/bench.py --docs 10 100    # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "results.md"
BEGIN, END = "<!-- bench: begin -->", "<!-- bench: end -->"
QUERIES = ("lookup", "aggregate", "echo", "recurrence")
TARGETS = {"build_s": 60.0, "peak_mib": 2048.0, "incremental_s": 5.0, "lookup_ms": 10.0, "echo_ms": 1000.0}
"""The issue's targets at 10,000 documents (recurrence as echo); the real corpus builds in under 3 s."""
REAL_BUILD_S = 3.0
CG = "https://w3id.org/claimgraph/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
COUNTS = f"""SELECT (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?f) AS ?figures)
WHERE {{ ?c <{CG}reportedIn> ?d OPTIONAL {{ ?c <{CG}states> ?f }} }}"""


# --- what runs in a child process -------------------------------------------------------------


def workload(store_query: Callable[[str], list]) -> dict[str, str]:
    """The four queries: a lookup (one claim by its IRI), an aggregate, the echo and the recurrence queries."""
    from graph.query import library

    named = library()
    rows = store_query(f"SELECT ?c WHERE {{ ?c a <{CG}Claim> }} ORDER BY ?c LIMIT 1")
    first = rows[0][0] if rows else None
    claim = first.n3() if hasattr(first, "n3") else str(first or f"<{CG}nothing>")  # rdflib's str() has no <>
    return {
        "lookup": f"SELECT ?quote ?speaker ?document WHERE {{ {claim} <{CG}quote> ?quote ; "
        f"<{CG}assertedBy>/<{RDFS}label> ?speaker ; <{CG}reportedIn>/<{CG}seedFile> ?document }}",
        "aggregate": named["entities-by-documents"].text,
        "echo": named["echoes"].text,
        "recurrence": named["recurring-figures"].text,
    }


def time_queries(run: Callable[[str], list], repeat: int, budget: float = 120.0) -> dict[str, float]:
    """Median milliseconds of each query over ``repeat`` runs (fewer when one run is slow)."""
    timings = {}
    for name, text in workload(run).items():
        runs: list[float] = []
        started = time.perf_counter()
        while len(runs) < repeat and (not runs or time.perf_counter() - started < budget / 4):
            t = time.perf_counter()
            run(text)
            runs.append((time.perf_counter() - t) * 1000)
        timings[f"{name}_ms"] = statistics.median(runs)
    return timings


def child_build(root: Path, out: Path) -> dict:
    """One build; prints each stage as it starts (for the parent's progress), returns seconds per stage."""
    from graph.build import build
    from graph.config import Config

    config = Config(**{**Config.under(root).__dict__, "out": out})
    marks: list[tuple[str, float]] = []

    def progress(step: str) -> None:
        marks.append((step, time.perf_counter()))
        print(json.dumps({"stage": step}), flush=True)

    started = time.perf_counter()
    result = build(config, progress=progress)
    ended = time.perf_counter()
    stages = {step: later - at for (step, at), (_, later) in zip(marks, [*marks[1:], ("end", ended)], strict=True)}
    return {"build_s": ended - started, "triples": result.triples, "stages": stages}


def child_queries(out: Path, repeat: int) -> dict:
    from graph.store import open_store

    started = time.perf_counter()
    store = open_store(out)
    opened = time.perf_counter() - started
    run = lambda text: list(store.query(text, use_default_graph_as_union=True))  # noqa: E731
    counts = dict(zip(("documents", "claims", "figures"), (int(t.value) for t in run(COUNTS)[0]), strict=True))
    return {"open_ms": opened * 1000, "triples": len(store), **counts, **time_queries(run, repeat)}


def child_floor(out: Path, repeat: int) -> dict:
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=out / "graph.trig", format=ox.RdfFormat.TRIG)
    loaded = time.perf_counter() - started
    run = lambda text: list(store.query(text, use_default_graph_as_union=True))  # noqa: E731
    return {"build_s": loaded, "triples": len(store), **time_queries(run, repeat)}


def child_rdflib(out: Path, repeat: int) -> dict:
    from rdflib import Dataset

    started = time.perf_counter()
    data = Dataset(default_union=True)
    data.parse(out / "graph.trig", format="trig")
    loaded = time.perf_counter() - started
    run = lambda text: list(data.query(text))  # noqa: E731
    return {"build_s": loaded, "triples": len(data), **time_queries(run, repeat)}


CHILDREN = {"build": child_build, "queries": child_queries, "floor": child_floor, "rdflib": child_rdflib}


# --- the parent: processes, timeouts, memory ---------------------------------------------------


def run_child(kind: str, args: list[str], timeout: float, max_mib: float, on_stage: Callable[[str], None]) -> dict:
    """Run one measurement in a fresh process; its result plus ``peak_mib``, or ``error``.

    ``peak_mib`` is the larger of the peak RSS ``wait4`` gives (the largest of the process and the
    children it waited for) and the largest sum of proportional set sizes over it and its children
    (``tree_pss_mib``), sampled every 0.2 s: the build writes ``out/store`` and the RDF files in
    processes of their own, whose memory counts too.
    """
    command = [sys.executable, __file__, "--child", kind, *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    errors: list[str] = []

    def read_stdout() -> None:
        for line in process.stdout:
            lines.append(line)
            if line.startswith('{"stage"'):
                on_stage(json.loads(line)["stage"])

    readers = [threading.Thread(target=read_stdout), threading.Thread(target=lambda: errors.extend(process.stderr))]
    for reader in readers:
        reader.start()
    deadline, stopped, tree_peak = time.monotonic() + timeout, None, 0.0
    while True:  # wait4, not poll: the rusage is this child's own
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        tree = tree_pss_mib(process.pid)
        tree_peak = max(tree_peak, tree)
        if not stopped and time.monotonic() > deadline:
            stopped = f"stopped after {timeout:.0f} s"
        elif not stopped and tree > max_mib:
            stopped = f"stopped above {max_mib:.0f} MiB"
        if stopped:
            process.kill()
        time.sleep(0.2)
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    stderr = "".join(errors)
    # CPU seconds are steadier than wall time on a shared machine.
    own = {"peak_mib": max(usage.ru_maxrss / 1024, tree_peak), "cpu_s": usage.ru_utime + usage.ru_stime}
    if stopped:
        return {"error": stopped, **own}
    if process.returncode != 0:
        last = [line for line in stderr.strip().splitlines() if line.strip()][-3:]
        return {"error": " / ".join(last) or f"exit status {process.returncode}", **own}
    result = json.loads([line for line in lines if line.startswith("{") and '"stage"' not in line[:9]][-1])
    return {**result, **own}


def pss_mib(pid: int) -> float:
    """The proportional set size of ``pid``: its resident pages, each page it shares divided among
    the processes sharing it, so that a forked child's pages that are still its parent's count once
    over the two (RSS counts them in both)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_pss_mib(pid: int) -> float:
    """The memory of ``pid`` and of all its descendants: their proportional set sizes, summed."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        total += pss_mib(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            children = []
        pending += [int(child) for child in children]
    return total


# --- corpora and the one-file edit -------------------------------------------------------------


def real_corpus(work: Path) -> Path:
    """A copy of the project's seeds and annotations, so that the edit never touches the real files."""
    root = work / "real"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "annotations", root / "annotations")
    return root


def edit_one_file(root: Path) -> str:
    """Shorten one quote of the middle document by its first word (still verbatim, still unique); say what."""
    files = sorted(p for p in (root / "annotations").glob("*.ttl") if (root / "seeds" / f"{p.stem}.txt").exists())
    path = files[len(files) // 2]
    seed = (root / "seeds" / f"{path.stem}.txt").read_text(encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    surfaces = [line.split('"')[1] for line in text.splitlines() if line.strip().startswith("cg:surface")]
    for line in text.splitlines():
        if not line.strip().startswith('cg:quote "') or "\\" in line:
            continue
        quote = line.split('"', 1)[1].rsplit('"', 1)[0]
        shorter = quote.split(" ", 1)[-1]
        if shorter != quote and seed.count(shorter) == 1 and all(s in shorter for s in surfaces if s in quote):
            path.write_text(text.replace(line, line.replace(quote, shorter), 1), encoding="utf-8")
            return f"{path.name}: a quote shortened by its first word"
    line = next(line for line in text.splitlines() if line.strip().startswith("cg:gloss"))
    path.write_text(text.replace(line, line.replace('"@en', ' (edited)"@en'), 1), encoding="utf-8")
    return f"{path.name}: a gloss edited"


# --- one size ----------------------------------------------------------------------------------


def measure(label: str, docs: int | None, root: Path, args: argparse.Namespace, status: Callable[[str], None]) -> list:
    out = root / "out"
    limits = (args.timeout, args.max_mib)
    load = os.getloadavg()[0]
    status(f"{label}: oxigraph build")
    built = run_child("build", [str(root), str(out)], *limits, lambda s: status(f"{label}: oxigraph build: {s}"))
    row: dict = {"store": "oxigraph", "docs": docs, "corpus": label, "run": args.started, "load_avg": round(load, 2)}
    row.update(built)
    rows = [row]
    if "error" in built:
        return rows
    if built["build_s"] <= args.incremental_max:
        row["edit"] = edit_one_file(root)
        status(f"{label}: one-file rebuild")
        again = run_child("build", [str(root), str(out)], *limits, lambda s: status(f"{label}: one-file rebuild: {s}"))
        row["incremental_s"] = again.get("build_s")
        row["incremental_cpu_s"] = again.get("cpu_s")
        row["incremental_stages"] = again.get("stages")
        row["incremental_error"] = again.get("error")
    else:
        row["incremental_error"] = f"not run: the full build took over --incremental-max {args.incremental_max:g} s"
    status(f"{label}: queries on out/store")
    queried = run_child("queries", [str(out), str(args.repeat)], *limits, lambda s: None)
    row.update({k: v for k, v in queried.items() if k not in ("peak_mib", "cpu_s")})
    for store, kind in (("floor", "floor"), ("rdflib-memory", "rdflib")):
        if store not in args.stores:
            continue
        base = {"store": store, "docs": docs, "corpus": label, "run": args.started}
        base["load_avg"] = round(os.getloadavg()[0], 2)
        if kind == "rdflib" and docs is not None and docs > args.rdflib_max:
            rows.append(
                {**base, "triples": row["triples"], "skipped": f"over --rdflib-max {args.rdflib_max} documents"}
            )
            continue
        status(f"{label}: {store}")
        rows.append({**base, **run_child(kind, [str(out), str(args.repeat)], *limits, lambda s: None)})
    return rows


# --- the report --------------------------------------------------------------------------------


def machine() -> dict:
    import pyoxigraph
    import rdflib

    mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(int(mem.split()[1]) / 1024**2, 1),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "platform": platform.platform(),
    }


def fmt(value: object, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def markdown(rows: list[dict], info: dict, started: str, loads: tuple[float, float]) -> str:
    lines = [
        BEGIN,
        "## Build and queries (`bench.py`, `make bench`)",
        "",
        f"Last run {started} on {info['cores']} cores, {info['ram_gib']} GiB RAM, Python {info['python']}, "
        f"pyoxigraph {info['pyoxigraph']}, rdflib {info['rdflib']} ({info['platform']}). "
        f"Load average between {min(loads):.1f} and {max(loads):.1f} (the machine is shared: "
        "other builds and test runs compete for its cores, so wall times are upper bounds).",
        "",
        "Rows of corpora a run leaves out are kept from earlier runs (`run` and `load` say when and "
        "under what load each was measured). Each cell is one process. "
        "`build_s`: for `oxigraph` the full build; for `floor` and `rdflib-memory` "
        "only the parse of the built `out/graph.trig` into memory. `peak_mib`: the peak RSS of that process "
        "(or of one of its writers), or the largest sum of proportional set sizes over it and its writers, "
        "sampled every 0.2 s, where larger; `cpu_s`: CPU seconds of the process and of its writers. "
        "`incremental_s`: a one-file edit rebuilt into the same `out/`. Queries: median of "
        "repeated runs, in ms (lookup: one claim by its IRI, with its quote, speaker and document; "
        "aggregate: entities by documents; the "
        "echo and recurring-figures queries of `queries/`).",
        "",
        "| store | docs | claims | triples | build_s | cpu_s | peak_mib | incremental_s | "
        + " | ".join(f"{q}_ms" for q in QUERIES)
        + " | run | load |",
        "|---" * 14 + "|",
    ]
    for r in rows:
        note = r.get("error") or r.get("skipped")
        cells = [r["store"], r["corpus"], fmt(r.get("claims")), fmt(r.get("triples"))]
        cells += [fmt(r.get("build_s"), 1), fmt(r.get("cpu_s"), 1), fmt(r.get("peak_mib"), 0)]
        cells += [fmt(r.get("incremental_s"), 1)] + [fmt(r.get(f"{q}_ms"), 1) for q in QUERIES]
        cells += [r.get("run", "—"), fmt(r.get("load_avg"), 1)]
        if note:
            cells[4] = f"not measured: {note}"
        lines.append("| " + " | ".join(cells) + " |")
    built = [r for r in rows if r["store"] == "oxigraph" and r.get("stages")]
    if built:
        stages = list(dict.fromkeys(s for r in built for s in r["stages"]))
        lines += ["", "Seconds per build stage (`oxigraph`, the full build):", ""]
        lines.append("| stage | " + " | ".join(r["corpus"] for r in built) + " | 10k/1k |")
        lines.append("|---" * (len(built) + 2) + "|")
        by = {r["docs"]: r for r in built}
        for s in stages:
            ratio = None
            if 1000 in by and 10000 in by and by[1000]["stages"].get(s):
                ratio = by[10000]["stages"].get(s, 0) / by[1000]["stages"][s]
            cells = [fmt(r["stages"].get(s), 2) for r in built]
            lines.append(f"| {s} | " + " | ".join(cells) + f" | {fmt(ratio, 1)} |")
    edits = [r for r in built if r.get("edit")]
    if edits:
        lines += ["", "One-file edits: " + "; ".join(f"{r['corpus']}: {r['edit']}" for r in edits) + "."]
    lines += ["", "Targets (issue 10, `oxigraph` store):", ""]
    lines += [f"- {t}" for t in targets(rows)]
    lines.append(END)
    return "\n".join(lines)


def targets(rows: list[dict]) -> list[str]:
    ten = next((r for r in rows if r["store"] == "oxigraph" and r["docs"] == 10000), None)
    real = next((r for r in rows if r["store"] == "oxigraph" and r["docs"] is None), None)

    def check(row: dict | None, key: str, limit: float, what: str, unit: str) -> str:
        value = row.get(key) if row else None
        if value is None:
            why = (row or {}).get("error") or (row or {}).get("incremental_error") or "not in this run"
            return f"{what} < {limit:g} {unit}: not measured ({why})"
        verdict = "met" if value < limit else "**not met**"
        return f"{what} < {limit:g} {unit}: {verdict} ({value:,.1f} {unit})"

    return [
        check(ten, "build_s", TARGETS["build_s"], "10,000 documents build", "s"),
        check(ten, "peak_mib", TARGETS["peak_mib"], "10,000 documents peak memory", "MiB"),
        check(ten, "incremental_s", TARGETS["incremental_s"], "one-file rebuild at 10,000 documents", "s"),
        check(ten, "lookup_ms", TARGETS["lookup_ms"], "lookup at 10,000 documents", "ms"),
        check(ten, "echo_ms", TARGETS["echo_ms"], "echo query at 10,000 documents", "ms"),
        check(ten, "recurrence_ms", TARGETS["echo_ms"], "recurrence query at 10,000 documents", "ms"),
        check(real, "build_s", REAL_BUILD_S, "real corpus build", "s"),
    ]


def merged(rows: list[dict]) -> list[dict]:
    """This run's rows, plus the rows of earlier runs for corpora this run did not measure."""
    try:
        earlier = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))["rows"]
    except (OSError, ValueError, KeyError):
        earlier = []
    mine = {r["corpus"] for r in rows}
    kept = [r for r in earlier if r.get("corpus") not in mine] + rows
    stores = ["oxigraph", "floor", "rdflib-memory"]
    return sorted(kept, key=lambda r: (r["docs"] is not None, r["docs"] or 0, stores.index(r["store"])))


def write_results(rows: list[dict], info: dict, started: str, loads: tuple[float, float]) -> None:
    rows = merged(rows)
    RESULTS_JSON.write_text(json.dumps({"machine": info, "rows": rows}, indent=1) + "\n")
    section = markdown(rows, info, started, loads)
    text = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else "# Benchmark results\n"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS_MD.write_text(text, encoding="utf-8")


@contextmanager
def progress() -> Iterator[Callable[[str], None]]:
    """A rich status line for a person at a terminal; silence in pipes and CI (as ``claimgraph build``)."""
    if sys.stderr.isatty() and not os.environ.get("CI"):
        from rich.console import Console

        with Console(stderr=True).status("bench") as status:
            yield lambda message: status.update(message)
    else:
        yield lambda message: None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="+", default=[10, 100, 1000, 10000])
    parser.add_argument("--no-real", dest="real", action="store_false", help="Leave out the real corpus.")
    parser.add_argument("--stores", nargs="+", default=["oxigraph", "rdflib-memory", "floor"])
    parser.add_argument("--rdflib-max", type=int, default=1000, help="Largest N loaded into rdflib's memory store.")
    parser.add_argument("--repeat", type=int, default=5, help="Runs of each query (the median is kept).")
    parser.add_argument("--timeout", type=float, default=1800, help="Seconds before one process is stopped.")
    parser.add_argument("--max-mib", type=float, default=12288, help="Summed PSS above which one process is stopped.")
    parser.add_argument(
        "--incremental-max", type=float, default=900, help="Skip the one-file rebuild after a full build this slow."
    )
    parser.add_argument("--work", type=Path, help="Keep corpora and builds here (default: a temporary folder).")
    parser.add_argument("--report-only", action="store_true", help="Rewrite results.md from results.json.")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.report_only:
        saved = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
        loads = [r["load_avg"] for r in saved["rows"] if "load_avg" in r]
        last = max(r.get("run", "") for r in saved["rows"])
        write_results([], saved["machine"], last, (min(loads), max(loads)))
        return
    if args.child:
        kind, *rest = args.child
        params = [Path(rest[0]), Path(rest[1]) if kind == "build" else int(rest[1])]
        print(json.dumps(CHILDREN[kind](*params)), flush=True)
        return
    from synthetic import write_corpus

    started = args.started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    first_load = os.getloadavg()[0]
    rows: list[dict] = []
    info = machine()
    with tempfile.TemporaryDirectory() as tmp, progress() as status:
        work = args.work or Path(tmp)
        corpora: list[tuple[str, int | None, Callable[[], Path]]] = []
        if args.real:
            corpora.append(("real corpus", None, lambda: real_corpus(work)))
        for n in args.docs:
            corpora.append((f"{n:,}", n, lambda n=n: write_corpus(fresh(work / f"synthetic-{n}"), n)))
        for label, docs, make in corpora:
            status(f"{label}: writing the corpus")
            rows += measure(label, docs, make(), args, status)
            write_results(rows, info, started, (first_load, os.getloadavg()[0]))
    print(f"wrote {RESULTS_JSON.relative_to(ROOT)} and {RESULTS_MD.relative_to(ROOT)}")


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


if __name__ == "__main__":
    main()
