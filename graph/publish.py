"""The output folder: refuse what is not ours, lock it, stage a build beside it, swap it in atomically.

A build never deletes what it did not write. Every output folder carries a marker file listing
the files the build wrote; a folder without it (or holding anything it does not list) is refused,
and so is the project itself or any folder holding its sources or a git repository.

The new outputs are written into a hidden staging folder beside ``out`` and exchanged with it in
one ``renameat2(RENAME_EXCHANGE)``: at every instant ``out`` is either the previous build or the
complete new one, and it stays a real folder (readers of ``out/graph.trig`` need nothing special).
A build killed at any point leaves at most a staging folder, which the next build removes.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .config import Config
from .errors import OutputError, Problem, relative

MARKER = ".claimgraph-output.json"
"""Written first into every staging folder, rewritten with the list of files before the swap."""

STAGING = "staging"
COMPLETE = "complete"

Notice = Callable[[str], None]


def between_swap_steps() -> None:
    """Called after the exchange and before the previous outputs are removed (the kill test hooks it)."""


def staging_prefix(out: Path) -> str:
    return f".{out.name}-staging-"


def lock_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.lock")


def shown(path: Path, config: Config) -> str:
    return relative(path, config.root)


def is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def forbidden(out: Path, config: Config) -> list[Problem]:
    """The project, its sources, their ancestors, and git repositories are never an output folder."""
    where = shown(out, config)
    keep = {
        "the project folder": config.root,
        "the seeds folder": config.seeds,
        "the annotations folder": config.annotations,
        "the ontology": config.ontology,
        "the shapes": config.shapes,
    }
    for what, path in keep.items():
        path = path.resolve()
        if is_within(path, out):
            return [Problem(where, None, f"--out would replace {what} ({path}): choose a folder of its own, e.g. out/")]
        if path.is_dir() and is_within(out, path) and what != "the project folder":
            return [Problem(where, None, f"--out is inside {what} ({path}): choose a folder outside the sources")]
    if out.is_dir() and (out / ".git").exists():
        return [Problem(where, None, "--out holds a git repository (.git): choose a folder of its own, e.g. out/")]
    return []


def read_marker(folder: Path) -> dict | None:
    """The folder's marker, or None when it has none (or one this program did not write)."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("written_by") != "claimgraph":
        return None
    if marker.get("state") == COMPLETE and not isinstance(marker.get("files"), list):
        return None
    return marker


def contents(folder: Path) -> tuple[list[str], list[str]]:
    """Relative paths of the files (and symlinks) and of the folders under ``folder``, marker excluded."""
    files, folders = [], []
    for parent, dirs, names in os.walk(folder):
        base = Path(parent).relative_to(folder)
        for d in dirs:
            (files if (Path(parent) / d).is_symlink() else folders).append((base / d).as_posix())
        files += [(base / n).as_posix() for n in names if (base / n).as_posix() != MARKER]
    return sorted(files), sorted(folders)


def foreign(folder: Path) -> list[str] | None:
    """What in an existing output folder the build did not write; None when it has no marker at all."""
    files, folders = contents(folder)
    if not files and not folders:
        return []
    marker = read_marker(folder)
    if marker is None or marker.get("state") != COMPLETE:
        return None
    written = set(marker["files"])
    parents = {p.as_posix() for f in written for p in Path(f).parents if p != Path(".")}
    return [f for f in files if f not in written] + [d for d in folders if d not in parents]


def destination_problems(out: Path, config: Config) -> list[Problem]:
    """Why the build may not replace ``out`` (resolved), or nothing when it may."""
    problems = forbidden(out, config)
    if problems:
        return problems
    where = shown(out, config)
    if out.exists() and not out.is_dir():
        return [Problem(where, None, "--out is a file, not a folder: choose a folder")]
    if not out.is_dir():
        return []
    extra = foreign(out)
    if extra is None:
        return [
            Problem(
                where,
                None,
                f"not an output of claimgraph (no {MARKER}) and not empty: the build replaces its output "
                "folder whole, so it will not use this one; choose another --out, or empty it yourself",
            )
        ]
    return [
        Problem(
            f"{where}/{name}",
            None,
            "was not written by the build, which replaces the output folder whole: move it elsewhere",
        )
        for name in extra
    ]


def resolved(config: Config) -> Path:
    """The output folder with symlinks resolved: the staging folder must sit on the same file system."""
    return config.out.expanduser().resolve()


def check_destination(config: Config) -> Path:
    """The resolved output folder, or OutputError saying why it cannot be used."""
    out = resolved(config)
    problems = destination_problems(out, config)
    if problems:
        raise OutputError(problems)
    return out


@contextmanager
def locked(out: Path, config: Config, notice: Notice = lambda message: None) -> Iterator[None]:
    """Hold the build lock of ``out``: a second build waits for the first, saying so."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path(out), os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as e:
        raise OutputError([Problem(shown(out, config), None, f"cannot create the output folder: {e.strerror}")]) from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            notice(f"another build (pid {holder}) is writing {shown(out, config)}; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def remove_written(folder: Path) -> bool:
    """Remove a folder of ours: a staging folder whole, a former output only for the files it lists.

    Returns False (and leaves it) when the folder is not ours or keeps files the build did not write.
    """
    marker = read_marker(folder)
    if marker is None:
        try:
            folder.rmdir()  # a build killed between mkdir and the marker leaves an empty folder
            return True
        except OSError:
            return False
    if marker["state"] == STAGING:
        shutil.rmtree(folder, ignore_errors=True)
        return not folder.exists()
    for name in marker["files"]:
        path = folder / name
        if path.is_file() or path.is_symlink():
            path.unlink(missing_ok=True)
    for parent, _, _ in sorted(os.walk(folder), key=lambda w: -len(Path(w[0]).parts)):
        if Path(parent) != folder:
            with suppress(OSError):
                Path(parent).rmdir()
    if any(p.name != MARKER for p in folder.iterdir()):
        return False
    (folder / MARKER).unlink()
    folder.rmdir()
    return True


def remove_stale(out: Path, notice: Notice = lambda message: None) -> None:
    """Remove the staging folders (and unfinished swaps) that killed builds left beside ``out``."""
    for folder in sorted(out.parent.glob(f"{staging_prefix(out)}*")):
        if folder.is_dir() and not folder.is_symlink() and not remove_written(folder):
            notice(f"left {folder} in place: it holds files no build wrote")


def write_marker(folder: Path, state: str, files: list[str] | None = None) -> None:
    """Write the marker atomically (a kill leaves the old marker or the new one, never half of one)."""
    marker = {"written_by": "claimgraph", "state": state}
    if files is not None:
        marker["files"] = files
    tmp = folder / f"{MARKER}.tmp"
    tmp.write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def new_staging(out: Path) -> Path:
    """A fresh staging folder with normal permissions (mkdtemp's 0700 made ``out/`` private)."""
    while True:
        folder = out.with_name(f"{staging_prefix(out)}{secrets.token_hex(4)}")
        try:
            folder.mkdir(mode=0o777)
        except FileExistsError:
            continue
        write_marker(folder, STAGING)
        return folder


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one system call; False when the system cannot (not Linux, old kernel)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_in(staged: Path, out: Path) -> None:
    """Make ``staged`` the output folder in one step, then remove the previous outputs."""
    write_marker(staged, COMPLETE, contents(staged)[0])
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        os.replace(staged, out)  # rename(2) replaces an empty folder atomically
        return
    if not exchange(staged, out):
        # No atomic exchange here: move the old outputs aside for the instant of the second rename.
        retired = out.with_name(f"{staging_prefix(out)}{secrets.token_hex(4)}")
        os.rename(out, retired)
        os.rename(staged, out)
        staged = retired
    between_swap_steps()
    remove_written(staged)


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out`` that replaces it only if the block succeeds."""
    staged = new_staging(out)
    try:
        yield staged
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    swap_in(staged, out)


@contextmanager
def publishing(config: Config, notice: Notice = lambda message: None) -> Iterator[Path]:
    """Lock ``config.out``, check it again, clear what killed builds left, stage, and swap on success."""
    out = check_destination(config)
    with locked(out, config, notice):
        out = check_destination(config)  # the folder may have changed while we waited
        remove_stale(out, notice)
        try:
            with staging(out) as staged:
                yield staged
        except OSError as e:  # a full disk, a read-only folder: said plainly, the previous outputs kept
            where = shown(out, config)
            raise OutputError(
                [Problem(where, None, f"cannot write the outputs: {e.strerror or e}; {where} is unchanged")]
            ) from e
