"""`build.py changes`: which pages an edit adds, removes or changes, compared with another revision.

Both versions are rendered in memory (no search index, nothing written): the other revision's
data/, content/ and templates/ are taken from git into a temporary folder.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from disclosure.build.pipeline import Build
from disclosure.config import Config
from disclosure.errors import BuildError, DataError
from disclosure.source import inputs

SOURCES = ("data", "content", "templates")
LISTED = 30  # paths listed per kind in the summary; the counts are complete


@dataclass(frozen=True)
class Changes:
    rev: str
    added: list[str]
    removed: list[str]
    changed: list[str]
    unchanged: int

    def markdown(self) -> str:
        lines = [
            f"## 与 {self.rev} 相比的页面变化\n",
            f"新增 {len(self.added)} 个,删除 {len(self.removed)} 个,改动 {len(self.changed)} 个,"
            f"未变 {self.unchanged} 个。\n",
        ]
        for label, paths in (("新增", self.added), ("删除", self.removed), ("改动", self.changed)):
            if paths:
                more = f"(前 {LISTED} 个)" if len(paths) > LISTED else ""
                lines.append(f"**{label}**{more}:\n")
                lines += [f"- `/{url_order(p)}`" for p in paths[:LISTED]]
                lines.append("")
        return "\n".join(lines)


def pages(root: Path, config: Config) -> dict[str, bytes]:
    """Every output file of the project at root, rendered in memory."""
    run = Build(root, config)  # the build's own steps, without history: both sides cite no data version
    run.validate(run.read())
    run.plan_pages()
    run.plan_files()
    return dict(run.in_memory())


def compare(root: Path, rev: str, config: Config) -> Changes:
    """Render the working tree and rev, and compare their output files."""
    now = pages(root, config)
    with tempfile.TemporaryDirectory() as tmp:
        export(root, rev, Path(tmp))
        try:
            before = pages(Path(tmp), config)
        except (DataError, BuildError) as e:
            raise BuildError(f"{rev} 时的网站无法构建,没有可以比较的页面:\n{e}") from e
    return Changes(
        rev,
        added=sorted(now.keys() - before.keys(), key=url_order),
        removed=sorted(before.keys() - now.keys(), key=url_order),
        changed=sorted((p for p in now.keys() & before.keys() if now[p] != before[p]), key=url_order),
        unchanged=sum(1 for p in now.keys() & before.keys() if now[p] == before[p]),
    )


def url_order(path: str) -> str:
    """Sort output files as their URLs sort: a folder's page before the pages under it."""
    return path.removesuffix("index.html")


def export(root: Path, rev: str, into: Path) -> None:
    """Extract site.yaml, data/, content/ and templates/ as they are at rev (tarfile's data filter refuses any
    member that would land outside the folder). A revision from before site.yaml existed named the site in
    its code, as the working tree's site.yaml does: that file stands in for it."""
    listed = subprocess.run(["git", "ls-tree", "--name-only", rev], cwd=root, capture_output=True, check=False)
    if listed.returncode != 0:
        raise BuildError(f"无法从 git 读取 {rev}:{listed.stderr.decode(errors='replace').strip()}")
    at_rev = set(listed.stdout.decode("utf-8", errors="replace").splitlines())
    sources = [name for name in (*SOURCES, "site.yaml") if name in at_rev]  # a site may have no templates/
    has_site = "site.yaml" in at_rev
    if not has_site and (root / "site.yaml").is_file():
        into.mkdir(parents=True, exist_ok=True)
        (into / "site.yaml").write_bytes(inputs.read_bytes(root, "site.yaml"))
    run = subprocess.run(["git", "archive", "--format=tar", rev, *sources], cwd=root, capture_output=True, check=False)
    if run.returncode != 0:
        raise BuildError(f"无法从 git 读取 {rev}:{run.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(run.stdout)) as tar:
        tar.extractall(into, filter="data")
