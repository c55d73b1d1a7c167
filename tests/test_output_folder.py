"""`--out` never deletes what the build did not write; the swap, the lock and stale staging folders."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import publish
from graph.build import build
from graph.cli import main
from graph.config import Config
from graph.errors import OutputError


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` with its bytes (None for folders): what "left untouched" compares."""
    return {p.relative_to(root).as_posix(): (None if p.is_dir() else p.read_bytes()) for p in sorted(root.rglob("*"))}


def run_build(tiny: Path, out: Path | str) -> object:
    return CliRunner().invoke(main, ["build", "--root", str(tiny), "--out", str(out)])


def test_a_folder_holding_a_users_file_is_refused_and_the_file_kept(tiny: Path) -> None:
    notes = tiny.parent / "notes"
    notes.mkdir()
    (notes / "thesis.txt").write_text("keep", encoding="utf-8")

    result = run_build(tiny, notes)

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{notes}: error: not an output of claimgraph (no .claimgraph-output.json)")
    assert "choose another --out" in first
    assert tree(notes) == {"thesis.txt": b"keep"}
    assert not list(tiny.parent.glob(".notes*")), "nothing is staged beside a refused folder"


@pytest.mark.parametrize(
    ("target", "says"),
    [
        (".", "--out would replace the project folder"),
        ("..", "--out would replace the project folder"),
        ("seeds", "--out would replace the seeds folder"),
        ("annotations", "--out would replace the annotations folder"),
        ("annotations/out", "--out is inside the annotations folder"),
        ("seeds/out", "--out is inside the seeds folder"),
    ],
)
def test_the_project_and_its_sources_are_never_an_output(tiny: Path, target: str, says: str) -> None:
    before = tree(tiny.parent)

    result = run_build(tiny, tiny / target)

    assert result.exit_code == 2, result.output
    assert says in result.stderr
    assert tree(tiny.parent) == before


def test_a_git_repository_is_never_an_output(tiny: Path) -> None:
    repo = tiny.parent / "repo"
    (repo / ".git").mkdir(parents=True)
    publish.write_marker(repo, publish.COMPLETE, [])  # even one that claims to be ours
    before = tree(repo)

    result = run_build(tiny, repo)

    assert result.exit_code == 2
    assert "--out holds a git repository (.git)" in result.stderr
    assert tree(repo) == before


def test_a_file_added_to_an_earlier_output_is_kept(tiny: Path) -> None:
    out = tiny / "out"
    build(Config.under(tiny, out=out))
    (out / "tables" / "my-notes.csv").write_text("mine", encoding="utf-8")
    before = tree(out)

    result = run_build(tiny, out)

    assert result.exit_code == 2
    assert f"{out.relative_to(tiny)}/tables/my-notes.csv: error: was not written by the build" in result.stderr
    assert tree(out) == before


def test_a_file_given_as_out_is_refused(tiny: Path) -> None:
    target = tiny.parent / "out.txt"
    target.write_text("mine", encoding="utf-8")
    result = run_build(tiny, target)
    assert result.exit_code == 2
    assert "--out is a file, not a folder" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"


def test_rebuild_replaces_an_earlier_output_with_normal_permissions(tiny: Path) -> None:
    out = tiny.parent / "built"
    out.mkdir()  # an empty folder is fine
    build(Config.under(tiny, out=out))
    first = (out / "graph.ttl").read_bytes()
    build(Config.under(tiny, out=out))

    assert (out / "graph.ttl").read_bytes() == first
    umask = os.umask(0)
    os.umask(umask)
    assert (out.stat().st_mode & 0o777) == 0o777 & ~umask, "out/ is readable like any folder the user makes"
    assert (out / publish.MARKER).is_file()
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".built")) == [".built.lock"]


def test_out_through_a_symlink_writes_the_folder_it_points_to(tiny: Path) -> None:
    real = tiny.parent / "real-out"
    link = tiny.parent / "link-out"
    link.symlink_to(real.name)
    build(Config.under(tiny, out=link))
    build(Config.under(tiny, out=link))
    assert link.is_symlink() and (real / "graph.trig").is_file()


def test_stale_staging_folders_are_removed_but_only_ours(tiny: Path) -> None:
    out = tiny / "out"
    killed = tiny / ".out-staging-deadbeef"
    killed.mkdir()
    publish.write_marker(killed, publish.STAGING)
    (killed / "graph.ttl").write_text("half", encoding="utf-8")
    retired = tiny / ".out-staging-0badf00d"  # a swap killed before the previous outputs were removed
    (retired / "tables").mkdir(parents=True)
    (retired / "tables" / "claims.csv").write_text("old", encoding="utf-8")
    publish.write_marker(retired, publish.COMPLETE, ["tables/claims.csv"])
    empty = tiny / ".out-staging-00000000"
    empty.mkdir()
    lookalike = tiny / ".out-staging-cafecafe"  # named like ours, but not ours
    lookalike.mkdir()
    (lookalike / "mine.txt").write_text("mine", encoding="utf-8")

    result = run_build(tiny, out)

    assert result.exit_code == 0, result.output
    assert not killed.exists() and not retired.exists() and not empty.exists()
    assert tree(lookalike) == {"mine.txt": b"mine"}
    assert f"left {lookalike} in place" in result.stderr


def test_the_previous_outputs_are_whole_until_the_exchange(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tiny / "out"
    build(Config.under(tiny, out=out))
    seen = {}

    def between() -> None:
        staged = [p for p in tiny.glob(".out-staging-*")]
        seen["retired"] = [sorted(publish.contents(p)[0]) for p in staged]
        seen["out"] = sorted(publish.contents(out)[0])

    monkeypatch.setattr(publish, "between_swap_steps", between)
    build(Config.under(tiny, out=out))

    # RocksDB numbers the store's files as its background work goes: the store is compared as a whole
    old, new = seen["retired"][0], seen["out"]
    assert {"store/CURRENT", "graph.trig"} <= set(old) & set(new)
    outside = [[f for f in files if not f.startswith("store/")] for files in (old, new)]
    assert outside[0] == outside[1], "the old outputs move aside whole, the new ones are in place whole"
    assert not list(tiny.glob(".out-staging-*"))


def test_a_failing_write_removes_its_staging_folder(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tiny / "out"
    build(Config.under(tiny, out=out))
    before = tree(out)

    def broken(*args: object) -> list[Path]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("graph.build.write_tables", broken)
    with pytest.raises(OutputError) as error:
        build(Config.under(tiny, out=out))
    assert error.value.exit_code == 2
    assert [str(p) for p in error.value.problems] == [
        "out: error: cannot write the outputs: No space left on device; out is unchanged"
    ]
    assert tree(out) == before
    assert not list(tiny.glob(".out-staging-*"))


def test_a_second_build_waits_for_the_first(tiny: Path) -> None:
    out = tiny / "out"
    out.parent.mkdir(exist_ok=True)
    lock = os.open(publish.lock_path(out), os.O_RDWR | os.O_CREAT, 0o666)
    os.write(lock, b"4242\n")
    fcntl.flock(lock, fcntl.LOCK_EX)
    child = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "build", "--root", str(tiny), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stderr.readline()
        assert line.strip() == "another build (pid 4242) is writing out; waiting for it to finish"
        assert not out.exists(), "the waiting build writes nothing"
    finally:
        os.close(lock)
    _, stderr = child.communicate(timeout=300)
    assert child.returncode == 0, stderr
    assert (out / "graph.trig").is_file()


def test_refusal_is_an_output_error(tiny: Path) -> None:
    with pytest.raises(OutputError) as error:
        build(Config.under(tiny, out=tiny))
    assert error.value.exit_code == 2
