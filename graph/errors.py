"""Problems found in the sources, and the exceptions that carry them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the sources, located as precisely as the input allows.

    Printed as compilers print errors, ``path:line[:column]: error: [subject: ]message``, so that
    editors jump to it.
    """

    file: str
    line: int | None
    message: str
    subject: str | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        who = f"{self.subject}: " if self.subject else ""
        return f"{where}: error: {who}{self.message}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.subject or "", self.message)

    def __lt__(self, other: Problem) -> bool:
        """By file, line, column: problems print in the order an editor shows them (no line first)."""
        return self.sort_key() < other.sort_key()


class BuildError(Exception):
    """Every problem found in one pass; the exit code tells which stage failed."""

    exit_code = 1
    headline = "build failed"

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=Problem.sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        """One line per problem, then what failed and how many problems there are."""
        lines = [str(p) for p in self.problems]
        lines.append(f"{self.headline}: {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}")
        return "\n".join(lines)


class LoadError(BuildError):
    """The sources could not be read: missing files, Turtle syntax, a changed seed (exit 2)."""

    exit_code = 2
    headline = "could not load the sources"


class ValidationError(BuildError):
    """The sources were read but break the rules: anchoring, SHACL, integrity (exit 1)."""

    exit_code = 1
    headline = "the annotations do not validate"


class OutputError(BuildError):
    """The output folder cannot be used: not ours, the project itself, or not writable (exit 2)."""

    exit_code = 2
    headline = "cannot write the outputs"


def relative(path: Path, root: Path) -> str:
    """A path as the user should see it: relative to the project when it is inside it.

    Folders are resolved once each (``resolved_folder``): a build names ten thousand files of one
    folder, and resolving each path walked every component of it again.

    >>> relative(Path("/project/annotations/001_x.ttl"), Path("/project"))
    'annotations/001_x.ttl'
    >>> relative(Path("/elsewhere/a.ttl"), Path("/project"))
    '/elsewhere/a.ttl'
    """
    try:
        return str((resolved_folder(path.parent) / path.name).relative_to(resolved_folder(root)))
    except ValueError:
        return str(path)


def resolved_folder(folder: Path) -> Path:
    """``folder`` resolved; an absolute one once per process (a relative one depends on the working folder)."""
    return absolute_folder(folder) if folder.is_absolute() else folder.resolve()


@lru_cache(maxsize=1024)
def absolute_folder(folder: Path) -> Path:
    return folder.resolve()
