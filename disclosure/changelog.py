"""What changed in each record, and when: read from the git history of data/.

Every commit that touched an edition's tasks.yaml or livelihood.yaml is read (one `git cat-file
--batch` for all of them), each record is reduced to its facts (text, units, lead, every figure, a
withdrawal), and consecutive versions are compared. A version that did not validate as YAML is
skipped: it was never published. Without git (a tarball), the build still works and says so.

Dates are the commits' own (never the clock), so two builds of one commit are identical.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError
from .history import git
from .load import Map, Seq, Value, parse_yaml

FILES = ("tasks.yaml", "livelihood.yaml")


@dataclass(frozen=True)
class Version:
    commit: str  # short hash
    date: str  # YYYY-MM-DD
    time: str  # ISO 8601 with offset, for Atom


@dataclass(frozen=True)
class Change:
    version: Version
    record: str  # "2023/task/2", "2023/item/9"
    field: str  # what changed, as readers call it: 任务内容, 责任单位, 停车位 海宁市, …
    before: str | None  # None: the record (or this field) first appeared
    after: str | None  # None: the field was removed


@dataclass(frozen=True)
class History:
    available: bool
    reason: str = ""  # why there is no history
    latest: Version | None = None  # the last commit that touched data/
    dirty: bool = False  # data/ has edits not yet committed
    changes: dict[str, tuple[Change, ...]] = field(default_factory=dict)  # record -> oldest first

    def of(self, record: str) -> tuple[Change, ...]:
        return self.changes.get(record, ())

    def edits(self, record: str) -> list[tuple[Version, list[Change]]]:
        """The record's changes after it first appeared, newest first, grouped by commit."""
        grouped: dict[Version, list[Change]] = defaultdict(list)
        for c in self.of(record):
            if c.before is not None or c.field != PUBLISHED:
                grouped[c.version].append(c)
        return sorted(grouped.items(), key=lambda kv: kv[0].time, reverse=True)

    def published(self, record: str) -> Version | None:
        return next((c.version for c in self.of(record) if c.field == PUBLISHED), None)

    def last_changed(self, record: str) -> Version | None:
        edits = self.edits(record)
        return edits[0][0] if edits else None

    def all_changes(self) -> list[Change]:
        """Every change of every record, newest first (records in their order within a commit)."""
        return sorted(
            (c for changes in self.changes.values() for c in changes), key=lambda c: c.version.time, reverse=True
        )


PUBLISHED = "首次发布"
UNAVAILABLE = History(False, "生成网站时没有可用的 git 版本历史")


def task_key(year: int, no: int) -> str:
    return f"{year}/task/{no}"


def item_key(year: int, no: int) -> str:
    return f"{year}/item/{no}"


def facts(year: str, name: str, value: Value) -> dict[str, dict[str, str]]:
    """Each record of one data file reduced to labelled facts, as text."""
    out: dict[str, dict[str, str]] = {}
    if name == "tasks.yaml" and isinstance(value, Seq):
        for t in value:
            if isinstance(t, Map) and isinstance(t.get("units"), Seq):
                out[f"{year}/task/{t.get('no')}"] = {
                    "任务内容": str(t.get("text")),
                    "责任单位": "、".join(str(u) for u in t["units"]),
                    **withdrawal(t),
                }
    if name == "livelihood.yaml" and isinstance(value, Map) and isinstance(value.get("items"), Seq):
        for item in value["items"]:
            if not isinstance(item, Map):
                continue
            record = {"事项名称": str(item.get("text")), "牵头单位": str(item.get("lead")), **withdrawal(item)}
            for ind in item.get("indicators") if isinstance(item.get("indicators"), Seq) else []:
                if not isinstance(ind, Map):
                    continue
                prefix = f"{ind['name']} " if "name" in ind else ""
                record[f"{prefix}全市目标"] = str(ind.get("target"))
                breakdown = ind.get("breakdown")
                for area, figure in breakdown.items() if isinstance(breakdown, Map) else []:
                    record[f"{prefix}{area}"] = str(figure)
            out[f"{year}/item/{item.get('no')}"] = record
    return out


def withdrawal(m: Map) -> dict[str, str]:
    w = m.get("withdrawn")
    return {"撤销": f"{w.get('date')} {w.get('reason')}"} if isinstance(w, Map) else {}


def read(root: Path) -> History:
    """The history of every record under root/data, or UNAVAILABLE outside a git checkout."""
    paths = sorted(
        p.relative_to(root).as_posix() for folder in sorted((root / "data").glob("*/")) for p in folder.glob("*.yaml")
    )
    paths = [p for p in paths if p.rsplit("/", 1)[-1] in FILES]
    log = git(root, "log", "--reverse", "--format=%H%x09%h%x09%cs%x09%cI", "--", *paths)
    if not log:
        return UNAVAILABLE
    commits = [line.split("\t") for line in log.splitlines()]
    specs = [f"{full}:{path}" for full, *_ in commits for path in paths]
    blobs = cat_files(root, specs)
    changes: dict[str, list[Change]] = defaultdict(list)
    current: dict[str, dict[str, dict[str, str]]] = {}  # path -> record -> facts, as last published
    for full, short, day, time in commits:
        version = Version(short, day, time)
        for path in paths:
            text = blobs.get(f"{full}:{path}")
            if text is None:
                continue
            try:
                now = facts(path.split("/")[1], path.rsplit("/", 1)[-1], parse_yaml(text, path))
            except DataError:
                continue  # never published: the build would have refused it
            before = current.get(path, {})
            for record, fields in now.items():
                if record not in before:
                    changes[record].append(Change(version, record, PUBLISHED, None, None))
                    continue
                for name in fields.keys() | before[record].keys():
                    old, new = before[record].get(name), fields.get(name)
                    if old != new:
                        changes[record].append(Change(version, record, name, old, new))
            current[path] = now
    built_from = ("data/*.yaml", "data/*/source.txt")  # not data/README.md
    last = git(root, "log", "-1", "--format=%H%x09%h%x09%cs%x09%cI", "--", *built_from) or log
    latest = last.splitlines()[-1].split("\t")
    dirty = bool(git(root, "status", "--porcelain", "--", *built_from))
    history = {r: tuple(c) for r, c in changes.items()}
    return History(True, latest=Version(latest[1], latest[2], latest[3]), dirty=dirty, changes=history)


def cat_files(root: Path, specs: list[str]) -> dict[str, str]:
    """Contents of many <commit>:<path> blobs in one git process; missing ones are left out."""
    run = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=root,
        input="\n".join(specs).encode() + b"\n",
        capture_output=True,
        check=False,
    )
    out, data, pos = {}, run.stdout, 0
    for spec in specs:
        end = data.index(b"\n", pos)
        header = data[pos:end].decode()
        pos = end + 1
        if header.endswith(" missing"):
            continue
        size = int(header.rsplit(" ", 1)[1])
        out[spec] = data[pos : pos + size].decode("utf-8-sig", errors="replace")
        pos += size + 1
    return out
