"""What an import would write, checked by the build's own loader and validator before anything is written.

The files are laid over a copy of the project's inputs in a temporary folder, read and validated there exactly
as a build would read them; each problem found at a line the import wrote is shown at the cell that line came
from, with the validator's own sentence (and its hints: 是不是“市科技局”?). Only when nothing is wrong are the
files written, each atomically, and none when any of them would overwrite a file without force."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from disclosure.errors import DataError, Problem
from disclosure.office.table import At, ImportFailed, ImportProblem
from disclosure.source import inputs, load, validate


@dataclass(frozen=True)
class Output:
    """One file an import writes: its path relative to the project, its text, and for a YAML file the cell
    each line came from (emit.Writer.sources)."""

    path: str
    text: str
    sources: dict[int, At] = field(default_factory=dict)


def validate_outputs(root: Path, outputs: list[Output]) -> None:
    """Raise ImportFailed with every problem the build would find in the project with outputs in place."""
    with tempfile.TemporaryDirectory(prefix="disclosure-import-") as scratch:
        copy = Path(scratch)
        listing = inputs.scan(root, ("data", "content"))  # refuses links and special files, as a build
        for name in ("site.yaml", *listing.files):
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(inputs.read_bytes(root, name))
        for output in outputs:
            target = copy / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(output.text, "utf-8")
        try:
            validate.build_site(load.read_sources(copy, placed=True))
        except DataError as e:
            raise ImportFailed([at_cell(p, outputs) for p in e.problems]) from None


def at_cell(problem: Problem, outputs: list[Output]) -> ImportProblem:
    """The problem at the cell its line came from; a problem elsewhere keeps its file:line:col."""
    sentence = str(problem).removeprefix(str(problem.pos)).removeprefix(":").lstrip()
    for output in outputs:
        if problem.pos.path == output.path and (cell := output.sources.get(problem.pos.line)) is not None:
            return ImportProblem(cell, sentence)
    return ImportProblem(str(problem.pos), sentence)


def write_outputs(root: Path, outputs: list[Output], force: bool) -> None:
    """Write every output, or none: without force, an existing file is refused (every one named)."""
    existing = [o.path for o in outputs if (root / o.path).exists()]
    if existing and not force:
        refused = "文件已存在,导入没有写入任何文件。确认要用导入的内容替换它时,请加上 --force。"
        raise ImportFailed([ImportProblem(path, refused) for path in existing])
    staged = []
    for output in outputs:  # every file written beside its target first, then each moved into place
        target = root / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.importing")
        temporary.write_text(output.text, "utf-8")
        staged.append((temporary, target))
    for temporary, target in staged:
        os.replace(temporary, target)
