"""Data errors and warnings, each tied to a place in a source file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple


class Pos(NamedTuple):
    """A place in a source file (1-based line and column). A tuple, as every value read from YAML carries
    one: at 50,000 tasks, 700,000 of them took 100 MB more as a dataclass."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in the data: message is the whole sentence, naming its record
    (第2项任务的责任单位……); record is that name alone, the title of a CI annotation."""

    pos: Pos
    record: str
    message: str

    def __str__(self) -> str:
        """`file:line:col:` then the sentence, with no space: one form for every tool and CI to read."""
        if self.record and not self.names_record():  # a message of the older form, after its record
            return f"{self.pos}: {self.record}: {self.message}"
        return f"{self.pos}:{self.message}"

    def names_record(self) -> bool:
        """Whether the message is a sentence beginning with its record's name (第2项任务的……), not a message
        to put after it (site_url: … after site)."""
        rest = self.message.removeprefix(self.record)
        return (
            rest != self.message and not rest.removeprefix(" ")[:1].isascii()
        )  # site.yaml 的网址: a space after ASCII


class DataError(Exception):
    """Raised with every problem found, so that all are reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def rel(path: Path, root: Path) -> str:
    """Return path relative to root when possible, for readable messages."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class BuildError(Exception):
    """The build stopped for a reason other than bad data; the previous site is untouched. Problems, when
    given, are the places in the sources that caused it (broken links in content/), for CI annotations."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)
