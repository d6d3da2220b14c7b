"""The only code that touches the output folder: stage everything, then swap it in."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty sibling folder of out; on success it replaces out, on failure it is removed."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    stage.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    old = out.parent / f".{out.name}-old-{os.getpid()}"
    if out.exists():
        out.rename(old)  # two renames: os.rename cannot replace a non-empty directory
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def write_files(files: dict[str, bytes], root: Path) -> None:
    """Write each file under root; a path that could leave root is refused."""
    for rel, content in sorted(files.items()):
        parts = PurePosixPath(rel).parts
        if not parts or rel.startswith("/") or ".." in parts or "\\" in rel:
            raise ValueError(f"refusing to write {rel!r}: output paths must stay inside the site folder")
        path = root.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
