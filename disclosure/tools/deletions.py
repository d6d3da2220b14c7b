"""`build.py check`: a published address never changes meaning, in any commit of data/.

Every record with a page, or a place on one, keeps its identity: a unit or an area by its slug (and its
former_slugs), a task or a livelihood item by its edition and number, an indicator row by its edition
and row number (the #row-N of its project page). The working tree is compared with every earlier commit
of data/ (the walk of changelog.py, read once), not only with the previous one, and refused when

- a record that any of them held is gone: to take one back, mark it withdrawn (its page stays);
- what an address showed is now at another number: a task's text, an item's text with its indicator
  names, or a row's item and indicator name, first published under one number, is under another now
  (a deleted or inserted record shifted the numbers after it), or tasks.yaml's numbering switched between
  per-section and continuous (reported once, as that);
- a slug is gone (a renamed one stays in former_slugs), or the slug a unit or area was first published
  at now belongs to another one.

A correction is an edit: a task's text, a unit's name or an indicator's name may change in place.
Without git (a tarball) the check says it did not run; when git is there but refuses to read the
repository, or the clone is shallow, it fails saying what to do.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from disclosure import kinds
from disclosure.errors import DataError, Pos, Problem
from disclosure.kinds import Identity, identity_key
from disclosure.source import changelog
from disclosure.source.changelog import Commit, GitError, Version, git
from disclosure.source.load import NeedPositions, Sources, Value

WITHDRAW = "withdrawn: {date: YYYY-MM-DD, reason: …}"
# The kinds' nouns (kinds.py's, English) as an editor reads them.
ZH = {
    "unit": "单位",
    "units": "单位",
    "area": "地区",
    "areas": "地区",
    "task": "任务",
    "tasks": "任务",
    "livelihood item": "民生实事项目",
    "livelihood items": "民生实事项目",
    "item": "民生实事项目",
    "row": "指标行",
    "rows": "指标行",
    "progress report": "进展通报",
    "progress reports": "进展通报",
    "text": "内容",
    "name": "名称",
    "title": "标题",
    "indicator": "指标",
}


def zh(word: str) -> str:
    """A kind's noun in Chinese (the English one when it has none yet)."""
    return ZH.get(word, word)


def identities(path: str, value: Value | None) -> list[Identity]:
    """The records of one version of a data file, kind by kind (kinds.Kind.identities), in the file's order."""
    parts = path.split("/")
    year = parts[1] if len(parts) > 2 else ""  # data/<year>/tasks.yaml; a registry's records have none
    return [r for kind in kinds.of_file(path) for r in kind.identities(year, value, *kinds.file_name(kind, path))]


@dataclass
class Seen:
    """A record as the history of data/ has it."""

    last: Identity  # as its latest version has it
    first: Version  # the commit that first published it
    gone: Version | None = None  # the commit that deleted it, if its file's latest version does not hold it


@dataclass(frozen=True)
class First:
    """Where a text (what an address shows) was first published."""

    numbers: frozenset[str]  # the numbers it was under (one, unless the same text was under several)
    record: Identity
    version: Version


def check(root: Path, sources: Sources, against: str | None = None) -> str:
    """Compare the working tree's records with every commit of data/ up to against (default HEAD): a line
    to print, or DataError naming every published record gone or moved, and a git that cannot tell."""
    repo = changelog.probe(root)
    if repo.state == "absent":
        return f"{repo.problem}:没有检查已发布的地址(这项检查要把 data/ 与它的 git 历史比较)。"
    if repo.state != "ok":
        raise DataError([Problem(Pos("data"), "", repo.problem)])
    rev = against or "HEAD"
    try:
        every = changelog.walk(root, rev, repo, sides=True)
    except GitError as e:
        raise DataError(
            [Problem(Pos("data"), "", f"读不了 data/ 到 {rev} 为止的历史({e}):{rev} 要是一个存在的提交。")]
        ) from None
    if not every:
        return "data/ 还没有更早的提交可以比较:没有检查已发布的地址。"
    walked = changelog.published(every)  # a commit holding example data published nothing
    if not walked:
        return "更早的提交都是示例数据(example: true),还没有发布过内容,无需比较。"
    if problems := compare(walked, current(sources)):
        raise DataError(problems)
    return f"已发布的记录都没有被删除或移动:已与 data/ 到 {rev} 为止的 {len(walked)} 个提交比较。"


def current(sources: Sources) -> dict[str, list[Identity]]:
    """The records of the working tree, by file: every file of a record kind (a registry is the Sources
    field of its name, an edition's file the entry of its name in its edition)."""
    files: dict[str, Value | None] = {
        f"data/{k.file}": getattr(sources, k.file.removesuffix(".yaml")) for k in kinds.SITE_KINDS
    }
    for year, edition in sources.editions.items():
        for name, value in edition.items():
            if kinds.of_file(path := f"data/{year}/{name}.yaml"):
                files[path] = value
    return {path: identities(path, value) for path, value in files.items()}


def compare(walked: list[Commit], now: dict[str, list[Identity]]) -> list[Problem]:
    """Every record of the history that the working tree lost or moved."""
    seen: dict[str, tuple[str, Seen]] = {}  # key -> (its file, what we know)
    first: dict[tuple[str, str, str], First] = {}  # (kind, edition, text) -> where it was first published
    held: dict[str, set[str]] = {}  # file -> the keys of its latest version
    for commit in walked:
        for path, value in commit.files.items():
            versions = identities(path, value)
            keys = {r.key for r in versions}
            for key in held.get(path, set()) - keys:
                seen[key][1].gone = commit.version
            for r in versions:
                if r.key in seen:
                    seen[r.key][1].last, seen[r.key][1].gone = r, None
                else:
                    seen[r.key] = path, Seen(r, commit.version)
            fresh = [r for r in versions if not r.former and text_of(r) not in first]
            for text, group in groupby(sorted(fresh, key=text_of), key=text_of):
                rs = list(group)
                first[text] = First(frozenset(r.number for r in rs), rs[0], commit.version)
            held[path] = keys
    by_key = {r.key: r for rs in now.values() for r in rs}
    problems: list[Problem] = []
    moved: list[tuple[Identity, First]] = []
    for path, rs in now.items():
        for r in (r for r in rs if not r.former):
            was = first.get(text_of(r))
            if was is None or r.number in was.numbers:
                continue
            if not slugged(r) and any(
                (held := by_key.get(identity_key(r.kind, r.year, n))) and text_of(held) == text_of(r)
                for n in was.numbers
            ):  # its first number still shows it (withdrawn, say): a second copy changes no address's meaning
                continue
            if kinds.by_file_name(r.kind):
                continue  # a renamed report: its old name is reported gone, with the new one named (gone)
            if slugged(r):
                formers = {f.number for f in rs if f.former and f.label == r.label}
                taken = [n for n in was.numbers if identity_key(r.kind, "", n) in by_key]
                if not formers & was.numbers and len(taken) == len(was.numbers):  # a slug gone is reported below
                    problems.append(slug_taken(path, r, was, by_key[identity_key(r.kind, "", taken[0])]))
            else:
                moved.append((r, was))
    moved_keys = {r.key for r, _ in moved}  # reported as moved already
    for key, (path, s) in seen.items():  # a row at its number, but under another item: #row-N left its page
        if s.last.parent and key in by_key and by_key[key].parent != s.last.parent and key not in moved_keys:
            r = by_key[key]
            one, parent = zh(kinds.KINDS[r.kind].nouns.one), zh(s.last.parent.split(" ")[1])
            problems.append(
                Problem(
                    where(r.at, path),
                    r.label,
                    f"{one} {r.number} 现在在 {r.parent.split(' ', 1)[1]} 下,发布时在 "
                    f"{s.last.parent.split(' ', 1)[1]} 下(提交 {s.first.commit},{s.first.date}):"
                    f"{one}不能换到别的{parent}。请把它标为撤回({WITHDRAW}),在本版最后一个{one}之后另加新的{one}。",
                )
            )
    shifted = {text_of(r) for r, _ in moved}  # a record gone from its number whose text moved: reported once, moved
    problems += [
        gone(path, s, by_key, now)
        for key, (path, s) in seen.items()
        if key not in by_key and (slugged(s.last) or text_of(s.last) not in shifted)
    ]
    return problems + moved_problems(now, moved)


def slugged(r: Identity) -> bool:
    """Whether the record is addressed by a slug (a unit, an area), not by its edition and number."""
    return kinds.KINDS[r.kind].slugged


def text_of(r: Identity) -> tuple[str, str, str]:
    """What identifies a record's content within its kind and edition: its text without punctuation,
    spaces or look-alike differences, so that a renumbering does not pass for dropping a full stop."""
    return r.kind, r.year, NOT_WORD.sub("", unicodedata.normalize("NFKC", r.text))


NOT_WORD = re.compile(r"[\W_]+")


def gone(path: str, s: Seen, by_key: dict[str, Identity], now: dict[str, list[Identity]]) -> Problem:
    """A published record no longer in the working tree."""
    r = s.last
    since = f"(从提交 {s.gone.commit}({s.gone.date})起)" if s.gone else ""
    published = f"发布于提交 {s.first.commit}({s.first.date}),现在没有了{since}"
    if slugged(r):
        slug = f"页面地址(slug)“{r.number}”{published}"
        same = next((x for x in now.get(path, []) if x.label == r.label and not x.former), None)
        if same is not None:  # the record is there under a new slug
            return Problem(
                where(same.at, path),
                r.label,
                f"{slug}。已发布的地址永远不变:请把旧的 slug 写进 former_slugs: [{r.number}],让它跳转到新地址。",
            )
        back = f"请把这个{zh(r.kind)}放回去" + (f"并标为撤回({WITHDRAW})" if kinds.KINDS[r.kind].withdrawable else "")
        return Problem(
            Pos(path),
            r.label,
            f"{slug}。已发布的记录永远不删除:{back};如果它换了新的 slug,请把这个旧的写进 former_slugs: [{r.number}]。",
        )
    if kinds.by_file_name(r.kind):  # a report: its page is its file's name
        file = f"data/{r.year}/progress/{r.number}.yaml"
        renamed = next((x for x in now.get(renamed_path(now, r), []) if x.text == r.text), None)
        fix = (
            f"请把 data/{r.year}/progress/{renamed.number}.yaml 改回 {r.number}.yaml"
            if renamed
            else (f"请把 {file} 放回去")
        )
        return Problem(
            Pos(file),
            r.label,
            f"{published}。它的页面 /{r.year}/progress/{r.number}/ 是永久地址,地址就是文件名:"
            f"{fix}(进展通报只能原地更正,不能删除或改名)。",
        )
    parent = by_key.get(r.parent)
    return Problem(
        where(parent.at, path) if parent else Pos(path),
        r.label,
        f"{published}。已发布的记录永远不删除:请把它放回去,并标为撤回({WITHDRAW})。",
    )


def renamed_path(now: dict[str, list[Identity]], r: Identity) -> str:
    """The file of the edition's report that shows what a gone report showed (it was renamed), or ""."""
    return next(
        (
            path
            for path, rs in now.items()
            if any(x.kind == r.kind and x.year == r.year and x.number != r.number and x.text == r.text for x in rs)
        ),
        "",
    )


def slug_taken(path: str, r: Identity, was: First, holder: Identity) -> Problem:
    """A unit or area at a new slug, while the one it was published at shows another record."""
    old = sorted(was.numbers)[0]
    return Problem(
        where(r.at, path),
        r.label,
        f"页面地址(slug)是“{r.number}”,应为“{old}”:这是它发布时的地址(提交 {was.version.commit},"
        f"{was.version.date}),现在却属于 {holder.label}。已发布的地址永远不改变含义:请给 "
        f"{r.label.split(' ', 1)[1]} 保留“{old}”(作为 slug,或写进 former_slugs),另给 "
        f"{holder.label.split(' ', 1)[1]} 一个自己的 slug。",
    )


def moved_problems(now: dict[str, list[Identity]], moved: list[tuple[Identity, First]]) -> list[Problem]:
    """One problem per run of records shifted alike (task 5 has 6's text, 6 has 7's, …), else one each."""
    path_of = {r.key: path for path, rs in now.items() for r in rs}
    problems: list[Problem] = []
    # tasks.yaml's numbering switched (per-section <-> continuous): every task has another address, one problem
    switched = [(r, was) for r, was in moved if len(was.numbers) == 1 and renumbered(r.number, next(iter(was.numbers)))]
    moved = [pair for pair in moved if pair not in switched]
    for (path, year), group in groupby(
        sorted(switched, key=lambda p: (path_of[p[0].key], p[0].year)), key=lambda p: (path_of[p[0].key], p[0].year)
    ):
        problems.append(numbering_changed(path, year, list(group)))

    def run_key(pair: tuple[Identity, First]) -> tuple[str, str, str, str, Version, int]:
        r, was = pair
        (old,) = was.numbers if len(was.numbers) == 1 else ("",)
        # a shift is counted within one section: task 2-5 holding 3-5's text moved to another section
        shift = number(r.number) - number(old) if old and section(old) == section(r.number) else 0
        return path_of[r.key], r.kind, r.year, section(r.number), was.version, shift

    ordered = sorted(moved, key=lambda p: (*run_key(p)[:4], number(p[0].number)))
    runs: list[list[tuple[Identity, First]]] = []
    for pair in ordered:
        last = runs[-1][-1] if runs else None
        if (
            last
            and run_key(last) == run_key(pair)
            and run_key(pair)[5] != 0
            and number(pair[0].number) == number(last[0].number) + 1
        ):
            runs[-1].append(pair)
        else:
            runs.append([pair])
    for run in runs:
        (r, was), (last, last_was) = run[0], run[-1]
        nouns = kinds.KINDS[r.kind].nouns
        one, what = zh(nouns.one), zh(nouns.what)
        version = f"提交 {was.version.commit}({was.version.date})发布的版本"
        end = "本部分的最后" if section(r.number) else "最后"  # per-section numbering
        hint = f"收回的{one}请标为撤回({WITHDRAW}),新的{one}加在{end}"
        old = "、".join(sorted(was.numbers, key=number))
        if len(run) == 1:
            message = (
                f"这里写的是 {was.record.label} 的{what}(按{version}),但每一项的{what}都要保持原来的序号:"
                f"请把它放回{one} {old},{hint}。"
            )
            problems.append(Problem(where(r.at, path_of[r.key]), r.label, message))
            continue
        shift = run_key(run[0])[5]
        olds = f"{one} {old}–{min(last_was.numbers, key=number)}"
        message = (
            f"这里写的是{olds}的{what}(按{version}),序号都{'小' if shift < 0 else '大'}了{abs(shift)},"
            f"但每一项的{what}都要保持原来的序号:请把它们放回{olds},{hint}。"
        )
        problems.append(Problem(where(r.at, path_of[r.key]), f"{nouns.many} {r.number}–{last.number}", message))
    return problems


def renumbered(now: str, published: str) -> bool:
    """Whether a task's ref and its published ref are of two numberings: "3" and "2-1", or "2-1" and "3"."""
    return bool(section(now)) != bool(section(published))


def numbering_changed(path: str, year: str, pairs: list[tuple[Identity, First]]) -> Problem:
    """Tasks whose edition switched between per-section and continuous numbering: their addresses all changed."""
    pairs = sorted(pairs, key=lambda p: (section(p[0].number).zfill(9), number(p[0].number)))
    (r, was), (last, last_was) = pairs[0], pairs[-1]
    (old_first,), (old_last,) = was.numbers, last_was.numbers
    now_words, old_words = ("分部分", "连续") if section(r.number) else ("连续", "分部分")
    label = f"tasks {r.number}–{last.number}" if len(pairs) > 1 else f"task {r.number}"
    published = f"任务 {old_first}–{old_last}" if len(pairs) > 1 else f"任务 {old_first}"
    addresses = f"{year}/tasks/{old_first}/" + (f" … {year}/tasks/{old_last}/" if len(pairs) > 1 else "")
    return Problem(
        where(r.at, path),
        label,
        f"这些任务现在是{now_words}编号,发布时是{published},{old_words}编号(提交 {was.version.commit},"
        f"{was.version.date}):编号方式变了,已发布的地址 {addresses} 会失效(共 {len(pairs)} 个页面)。"
        f"请按发布时的方式{old_words}编号:已发布文件的编号永远不变。",
    )


def number(text: str) -> int:
    """A task, item or row number as a number, for ordering (0 if it is not one); a per-section task's
    number within its section ("2-5" -> 5)."""
    last = text.rpartition("-")[2]
    return int(last) if last.isdigit() else 0


def section(text: str) -> str:
    """The section part of a per-section task's ref ("2-5" -> "2"); "" for any other number."""
    return text.rpartition("-")[0]


def where(value: Value | None, path: str) -> Pos:
    """Where a value was written, or the file when it does not say."""
    try:
        return value.pos if value is not None else Pos(path)  # type: ignore[union-attr]
    except (AttributeError, NeedPositions):
        return Pos(path)


def previous_revision(root: Path) -> str | None:
    """HEAD when the inputs (site.yaml, data/, content/, templates/) have uncommitted edits, else HEAD's parent;
    None outside git or without history."""
    dirty = git(root, "status", "--porcelain", "--", "site.yaml", "data", "content", "templates")
    if dirty is None:
        return None
    rev = "HEAD" if dirty.strip() else "HEAD~1"
    return rev if git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}") is not None else None
