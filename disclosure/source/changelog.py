"""What changed in each record, and when: read from the git history of data/.

Every commit that touched data/ on the first-parent line (what was published: the commits of a merged
branch count once, as the merge) is listed by one `git log --raw`, and every version of a data file is
read by one `git cat-file --batch`, each distinct version parsed once; `build.py check` reads the same
walk (tools/deletions.py). Each record is reduced to its facts (text, units, lead, every figure, a
withdrawal) and consecutive versions are compared. A version that did not parse is skipped: it was
never published. Without git (a tarball), the build still works and says so; a shallow clone or a
repository git refuses to read is said to be so on the pages, never passed off as the whole history.

Dates are the commits' own (never the clock), so two builds of one commit are identical.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from disclosure import kinds
from disclosure.errors import DataError
from disclosure.kinds import Facts
from disclosure.model import Labels
from disclosure.source.load import Map, Value, parse_yaml

# The data files whose records have permanent addresses (every kind's file), and each edition's document.yaml,
# whose `example: true` says that a commit published nothing (published()).
PATHSPECS = (*kinds.pathspecs(), ":(glob)data/*/document.yaml")
DOCUMENT = re.compile(r"data/[^/]+/document\.yaml")
EXAMPLE_ONLY = "本站目前只有示例数据,还没有发布过的版本"


@dataclass(frozen=True)
class Version:
    commit: str  # short hash
    date: str  # YYYY-MM-DD
    time: str  # ISO 8601 with offset, for Atom


@dataclass(frozen=True)
class Change:
    version: Version
    record: str  # "2023/task/2", "2023/item/9"
    field: str  # what changed, as readers call it: 任务内容, 责任单位, an indicator and an area, …
    before: str | None  # None: the record (or this field) first appeared
    after: str | None  # None: the field was removed


@dataclass(frozen=True)
class History:
    available: bool
    reason: str = ""  # why there is no history
    latest: Version | None = None  # the last commit that touched data/
    number: int | None = None  # how many commits touched data/ up to latest (第N版); None: a shallow clone
    dirty: bool = False  # data/ has edits not yet committed
    changes: dict[str, tuple[Change, ...]] = field(default_factory=dict)  # record -> oldest first
    incomplete: str = ""  # why the history does not go back to the first commit ("浅克隆"); "" when it does
    undated: frozenset[str] = frozenset()  # records already there at the oldest commit of an incomplete history

    def of(self, record: str) -> tuple[Change, ...]:
        """The record's changes, oldest first."""
        return self.changes.get(record, ())

    def edits(self, record: str) -> list[tuple[Version, list[Change]]]:
        """The record's changes after it first appeared, newest first, grouped by commit."""
        grouped: dict[Version, list[Change]] = defaultdict(list)
        for c in self.of(record):
            if c.before is not None or c.field != PUBLISHED:
                grouped[c.version].append(c)
        return sorted(grouped.items(), key=lambda kv: kv[0].time, reverse=True)

    def published(self, record: str) -> Version | None:
        """The commit that first published the record; None if it is not committed or that commit is not here."""
        return next((c.version for c in self.of(record) if c.field == PUBLISHED), None)

    def publication_unknown(self, record: str) -> bool:
        """Whether the record was published before the oldest commit this (incomplete) history holds."""
        return record in self.undated

    def last_changed(self, record: str) -> Version | None:
        """The commit of the record's latest edit, if any."""
        edits = self.edits(record)
        return edits[0][0] if edits else None

    def all_changes(self) -> list[Change]:
        """Every change of every record, newest first (records in their order within a commit)."""
        return sorted(
            (c for changes in self.changes.values() for c in changes), key=lambda c: c.version.time, reverse=True
        )


PUBLISHED = "首次发布"
UNAVAILABLE = History(False, "生成网站时没有可用的 git 版本历史")
SHALLOW = "浅克隆"


def facts(path: str, value: Value, labels: Labels) -> dict[str, Facts]:
    """Each record of one data file reduced to labelled facts, as text, by every kind it holds that has a
    history (kinds.Kind.facts), keyed by record."""
    parts = path.split("/")
    year = parts[1] if len(parts) > 2 else ""  # data/<year>/tasks.yaml; a registry's records have none
    return {
        record: f
        for kind in kinds.of_file(path)
        if kind.facts
        for record, f in kind.facts(year, value, labels, *kinds.file_name(kind, path)).items()
    }


def read(root: Path, labels: Labels) -> History:
    """The history of every record under root/data: UNAVAILABLE outside a git checkout, and saying so when
    git cannot read the repository or the clone is shallow. labels (site.yaml's) name the facts, as 全市目标."""
    repo = probe(root)
    if repo.state == "absent":
        return UNAVAILABLE
    if repo.state == "unusable":
        return History(False, repo.reason)
    try:
        walked = walk(root, "HEAD", repo)
    except GitError:
        return History(False, "生成网站时 git 无法读取版本历史")
    if not walked:
        return UNAVAILABLE
    walked = published(walked)
    if not walked:
        return History(False, EXAMPLE_ONLY)
    changes: dict[str, list[Change]] = defaultdict(list)
    undated: set[str] = set()
    current: dict[str, dict[str, Facts]] = {}  # path -> record -> facts, as last published
    for commit in walked:
        for path, value in commit.files.items():
            if value is None or not any(kind.facts for kind in kinds.of_file(path)):
                continue  # deleted (what it held is compared with its next version), or no kind in it has a history
            now = facts(path, value, labels)
            before = current.get(path, {})
            for record, fields in now.items():
                if record not in before:
                    if commit.full in repo.shallow:  # published at this commit or before it: unknown
                        undated.add(record)
                    else:
                        changes[record].append(Change(commit.version, record, PUBLISHED, None, None))
                    continue
                changes[record] += compare(commit.version, record, before[record], fields)
            current[path] = now
    built_from = ("data/*.yaml", "data/*/source.txt")  # not data/README.md
    last = (git(root, "log", "-1", "--format=%h%x09%cs%x09%cI", "--", *built_from) or "").split()
    latest = Version(*last) if len(last) == 3 else walked[-1].version
    count = git(root, "rev-list", "--count", latest.commit, "--", *built_from) if repo.state != "shallow" else None
    dirty = bool(git(root, "status", "--porcelain", "--", *built_from))
    history = {r: tuple(c) for r, c in changes.items()}
    return History(
        True,
        latest=latest,
        number=int(count) if count and count.strip().isdigit() else None,
        dirty=dirty,
        changes=history,
        incomplete=SHALLOW if repo.state == "shallow" else "",
        undated=frozenset(undated),
    )


def compare(version: Version, record: str, before: Facts, after: Facts) -> list[Change]:
    """The fields of one record that differ between two versions, labelled as the newer one names them."""
    out: list[Change] = []
    for key in [*after, *(k for k in before if k not in after)]:  # in the file's order, removed fields last
        old, new = before.get(key), after.get(key)
        was, now = old[1] if old else None, new[1] if new else None
        if was != now:  # the value: a renamed indicator relabels its figures, it does not change them
            out.append(Change(version, record, (new or old or ("", ""))[0], was, now))
    return out


# Reading git: one probe, one log, one cat-file.


class GitError(Exception):
    """git ran and refused (a revision that does not exist, a damaged repository): its message."""


@dataclass(frozen=True)
class Repo:
    """Whether git can give the history of root, and if not, why, for `check` and for the pages."""

    state: str  # "ok"; "absent": no git, or not a checkout (a tarball); "unusable": git refuses; "shallow"
    problem: str = ""  # for `check`: what is wrong, and what to do about it
    reason: str = ""  # for the pages, in Chinese
    shallow: frozenset[str] = frozenset()  # the oldest commits of a shallow clone, whose parents are missing


DUBIOUS = re.compile(r"dubious ownership in repository at '([^']+)'")


def probe(root: Path) -> Repo:
    """Find out whether git can read the history of root: one git command."""
    run = run_git(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
    if run is None:
        return Repo("absent", "没有安装 git")
    if run.returncode != 0:
        message = run.stderr.decode(errors="replace")
        if owner := DUBIOUS.search(message):
            where = owner.group(1)
            return Repo(
                "unusable",
                f"git 拒绝读取 {where} 的版本库:它属于另一个用户(dubious ownership)。"
                f"请用运行检查的那个用户执行 `git config --global --add safe.directory {where}`,然后再检查一次。",
                "生成网站时 git 拒绝读取版本库(目录属于另一个用户)",
            )
        if "not a git repository" in message and not any((p / ".git").exists() for p in (root, *root.parents)):
            return Repo("absent", "这里不是 git 仓库的工作目录")
        first = next((line for line in message.splitlines() if line.strip()), "no message")
        return Repo(
            "unusable",
            f"git 读不了这个版本库({first.removeprefix('fatal: ')}):需要一个能用的 git 工作目录"
            "(或者一份不带 .git 的副本,那样就不比较历史)。",
            "生成网站时 git 无法读取版本库",
        )
    shallow, path = [*run.stdout.decode().splitlines(), "", ""][:2]
    if shallow != "true":
        return Repo("ok")
    try:
        boundary = frozenset((root / path).read_text("ascii").split())
    except (OSError, UnicodeDecodeError):
        boundary = frozenset()
    return Repo(
        "shallow",
        "git 历史不完整(浅克隆),检查要与 data/ 以前的每一个提交比较:请运行 `git fetch --unshallow`"
        "(GitHub Actions:actions/checkout 设 fetch-depth: 0)。",
        SHALLOW,
        boundary,
    )


@dataclass(frozen=True)
class Commit:
    full: str  # full hash
    version: Version
    files: dict[str, Value | None]  # each data file it changed -> its new version, None if deleted; a version
    # that does not parse is left out (never published)


def walk(root: Path, rev: str, repo: Repo | None = None, sides: bool = False) -> list[Commit]:
    """Every commit up to rev that changed a data file of a record kind (kinds.of_file), oldest first, on the
    first-parent line, with the files it changed parsed; [] when rev is HEAD and nothing is committed yet;
    GitError otherwise. With sides, each merge is preceded by the data files as its other parents had them
    (merged_sides)."""
    run = run_git(
        root,
        "-c",
        "core.quotePath=false",
        "log",
        "--first-parent",
        "-m",  # a merge: what it changed on the first-parent line
        "--reverse",
        "--relative",  # paths from root, which may be below the repository's top
        "--no-renames",
        "--raw",  # blobs named as %h names commits: abbreviated, and unique when written
        "--format=%x00%H%x09%h%x09%cs%x09%cI",
        rev,
        "--",
        *PATHSPECS,
    )
    if run is None:
        raise GitError("git is not installed")
    if run.returncode != 0:
        if rev == "HEAD" and git(root, "rev-parse", "--verify", "--quiet", "HEAD") is None:
            return []  # a repository with no commit yet
        raise GitError(run.stderr.decode(errors="replace").strip())
    listed: list[tuple[str, Version, dict[str, str | None]]] = []
    for chunk in run.stdout.decode("utf-8", errors="replace").split("\0")[1:]:
        header, *lines = chunk.split("\n")
        full, short, day, time = header.split("\t")
        changed: dict[str, str | None] = {}
        for line in lines:
            if not line.startswith(":") or "\t" not in line:
                continue
            meta, path = line.split("\t", 1)
            if kinds.of_file(path) or DOCUMENT.fullmatch(path):
                status, blob = meta.split()[4], meta.split()[3]
                changed[path] = None if status.startswith("D") else blob
        if changed:
            listed.append((full, Version(short, day, time), changed))
    texts = blobs(root, {b for *_, changed in listed for b in changed.values() if b})
    parsed: dict[str, Value | None] = {}
    out = []
    for full, version, changed in listed:
        files: dict[str, Value | None] = {}
        for path, blob in changed.items():
            if blob is None:
                files[path] = None
                continue
            if blob not in parsed:
                parsed[blob] = parse_version(texts.get(blob), path)
            if parsed[blob] is not None:
                files[path] = parsed[blob]
        out.append(Commit(full, version, files))
    return merged_sides(root, rev, out, parsed) if sides else out


def published(commits: list[Commit]) -> list[Commit]:
    """The commits that published something. While any edition is marked `example: true` (the data
    `build.py new` writes), every page says it is example data: such a commit publishes nothing, and what
    it changed is published by the first commit after which no edition is marked, as that commit's own."""
    example: dict[str, bool] = {}  # document.yaml -> whether it marks its edition as example data
    pending: dict[str, Value | None] = {}  # what unpublished commits changed, for the first published one
    out: list[Commit] = []
    for commit in commits:
        for path, value in commit.files.items():
            if DOCUMENT.fullmatch(path):
                example[path] = isinstance(value, Map) and value.get("example") == "true"
        if any(example.values()):
            pending |= commit.files
            continue
        out.append(Commit(commit.full, commit.version, {**pending, **commit.files}) if pending else commit)
        pending = {}
    return out


def merged_sides(root: Path, rev: str, commits: list[Commit], parsed: dict[str, Value | None]) -> list[Commit]:
    """commits, with the data files of every merge's other parents put just before the merge.

    The first-parent line is what a site built from main published, and a pull request's own commits count
    once, as its merge. But a `git pull` that merges is a commit whose first parent is the local one: what
    the other side had published (a task added there) shows in no first-parent diff, and its deletion in the
    merge would pass unseen. The other parents' trees, as they were when merged, are published too."""
    run = run_git(root, "log", "--first-parent", "--merges", "--reverse", "--format=%H %P", rev)
    if run is None or run.returncode != 0:
        raise GitError("git cannot list the merges" if run is None else run.stderr.decode(errors="replace").strip())
    order = run_git(root, "rev-list", "--first-parent", "--reverse", rev)
    position = {full: i for i, full in enumerate(order.stdout.decode().split())} if order else {}
    sides: list[tuple[int, Commit]] = []
    for line in run.stdout.decode().splitlines():
        merge, _, *others = line.split()
        for other in others:
            header = git(root, "log", "-1", "--format=%h%x09%cs%x09%cI", other) or ""
            tree = run_git(root, "ls-tree", "-r", other, "--", "data")
            if not header or tree is None or tree.returncode != 0:
                raise GitError(f"cannot read the merged commit {other}")
            files = {
                path: blob
                for meta, path in (entry.split("\t", 1) for entry in tree.stdout.decode().splitlines())
                if kinds.of_file(path)
                for blob in [meta.split()[2]]
            }
            texts = blobs(root, {b for b in files.values() if b not in parsed})
            for path, blob in files.items():
                if blob not in parsed:
                    parsed[blob] = parse_version(texts.get(blob), path)
            version = Version(*header.strip().split("\t"))
            merged = {path: parsed[blob] for path, blob in files.items() if parsed[blob] is not None}
            sides.append((position.get(merge, 0), Commit(other, version, merged)))
    if not sides:
        return commits
    timeline = [(position.get(c.full, 0), 1, c) for c in commits] + [(i, 0, c) for i, c in sides]
    return [c for *_, c in sorted(timeline, key=lambda t: (t[0], t[1]))]


def parse_version(data: bytes | None, path: str) -> Value | None:
    """One committed version of a data file, or None when it does not parse (it was never published)."""
    if data is None:
        return None
    try:
        # Structure only: a version published before a text rule existed (a folded line, a > block) was
        # published all the same, and its records must still be found, or their deletion would pass.
        return parse_yaml(data.decode("utf-8-sig"), path, placed=False, text_rules=False)
    except (DataError, UnicodeDecodeError):
        return None


def blobs(root: Path, shas: set[str]) -> dict[str, bytes]:
    """The contents of many blobs in one git process; missing ones are left out."""
    if not shas:
        return {}
    order = sorted(shas)
    run = run_git(root, "cat-file", "--batch", stdin="\n".join(order).encode() + b"\n")
    out: dict[str, bytes] = {}
    if run is None or run.returncode != 0:
        return out
    data, pos = run.stdout, 0
    for sha in order:
        end = data.find(b"\n", pos)
        header = data[pos:end].decode(errors="replace").split()
        if end >= 0 and len(header) == 2:  # "<name> missing" or "<name> ambiguous": no content follows
            pos = end + 1
            continue
        if end < 0 or len(header) != 3 or not header[2].isdigit():
            break  # cut short: what was read so far stands
        pos, size = end + 1, int(header[2])
        out[sha] = data[pos : pos + size]
        pos += size + 1
    return out


def run_git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """Run git in root with English messages (they are matched above); None when git is not installed."""
    try:
        return subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    except FileNotFoundError:
        return None


def git(root: Path, *args: str) -> str | None:
    """Run git in root; its output, or None when git or the revision is missing."""
    run = run_git(root, *args)
    return run.stdout.decode("utf-8", errors="replace") if run is not None and run.returncode == 0 else None
