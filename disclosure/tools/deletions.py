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
        return f"{repo.problem}: the published-address check did not run (it compares data/ with its git history)"
    if repo.state != "ok":
        raise DataError([Problem(Pos("data"), "", repo.problem)])
    rev = against or "HEAD"
    try:
        every = changelog.walk(root, rev, repo, sides=True)
    except GitError as e:
        raise DataError(
            [Problem(Pos("data"), "", f"cannot read the history of data/ up to {rev} ({e}), expected a commit")]
        ) from None
    if not every:
        return "no earlier commit of data/ to compare with: the published-address check did not run"
    walked = changelog.published(every)  # a commit holding example data published nothing
    if not walked:
        return "every earlier commit holds example data (example: true), so nothing was published yet to compare with"
    if problems := compare(walked, current(sources)):
        raise DataError(problems)
    commits = f"{len(walked)} commit{'s' if len(walked) > 1 else ''}"
    return f"no published record deleted or moved: compared with {commits} of data/ up to {rev}"


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
            one, parent = kinds.KINDS[r.kind].nouns.one, s.last.parent.split(" ")[1]
            problems.append(
                Problem(
                    where(r.at, path),
                    r.label,
                    f"found {one} {r.number} under {r.parent.split(' ', 1)[1]}, expected it under "
                    f"{s.last.parent.split(' ', 1)[1]}, where it was published (commit {s.first.commit}, "
                    f"{s.first.date}): a {one} stays in its {parent}; mark it withdrawn ({WITHDRAW}) and add the new "
                    f"{one} after the edition's last {one}",
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
    since = f" since commit {s.gone.commit} ({s.gone.date})" if s.gone else ""
    published = f"was published in commit {s.first.commit} ({s.first.date}) and is gone{since}"
    if slugged(r):
        slug = f"slug {r.number} {published}"
        same = next((x for x in now.get(path, []) if x.label == r.label and not x.former), None)
        if same is not None:  # the record is there under a new slug
            return Problem(
                where(same.at, path),
                r.label,
                f"{slug}; a published address never changes: keep the old slug as former_slugs: [{r.number}], "
                "so that it redirects to the new one",
            )
        back = f"put the {r.kind} back" + (
            f" and mark it withdrawn ({WITHDRAW})" if kinds.KINDS[r.kind].withdrawable else ""
        )
        return Problem(
            Pos(path),
            r.label,
            f"{slug}; published records are never deleted: {back}, or, if it has a new slug, "
            f"keep this one as former_slugs: [{r.number}]",
        )
    if kinds.by_file_name(r.kind):  # a report: its page is its file's name
        file = f"data/{r.year}/progress/{r.number}.yaml"
        renamed = next((x for x in now.get(renamed_path(now, r), []) if x.text == r.text), None)
        fix = (
            f"rename data/{r.year}/progress/{renamed.number}.yaml back to {r.number}.yaml"
            if renamed
            else (f"put {file} back")
        )
        return Problem(
            Pos(file),
            r.label,
            f"{published}; its page /{r.year}/progress/{r.number}/ is permanent, and its address is the file's "
            f"name: {fix} (a report is corrected in place, never deleted or renamed)",
        )
    parent = by_key.get(r.parent)
    return Problem(
        where(parent.at, path) if parent else Pos(path),
        r.label,
        f"{published}; published records are never deleted: put it back and mark it withdrawn ({WITHDRAW})",
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
        f"found slug {r.number}, expected {old}, its published address (commit {was.version.commit}, "
        f"{was.version.date}), which now belongs to {holder.label}; a published address never changes meaning: "
        f"keep {old} for {r.label.split(' ', 1)[1]} (as its slug, or in former_slugs) and give "
        f"{holder.label.split(' ', 1)[1]} a slug of its own",
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
        one, many, what = kinds.KINDS[r.kind].nouns
        version = f"as published in commit {was.version.commit}, {was.version.date}"
        end = "at the end of their section" if section(r.number) else "at the end"  # per-section numbering
        hint = f"mark a {one} that is taken back withdrawn ({WITHDRAW}) and add new {many} {end}"
        old = "、".join(sorted(was.numbers, key=number))
        if len(run) == 1:
            message = (
                f"found the {what} of {was.record.label} ({version}), expected each {what} to keep its number: "
                f"put it back as {one} {old}, {hint}"
            )
            problems.append(Problem(where(r.at, path_of[r.key]), r.label, message))
            continue
        shift = run_key(run[0])[5]
        olds = f"{many} {old}–{min(last_was.numbers, key=number)}"
        message = (
            f"found the {what}s of {olds} ({version}), each numbered {abs(shift)} {'lower' if shift < 0 else 'higher'}"
            f", expected each {what} to keep its number: put them back as {olds}, {hint}"
        )
        problems.append(Problem(where(r.at, path_of[r.key]), f"{many} {r.number}–{last.number}", message))
    return problems


def renumbered(now: str, published: str) -> bool:
    """Whether a task's ref and its published ref are of two numberings: "3" and "2-1", or "2-1" and "3"."""
    return bool(section(now)) != bool(section(published))


def numbering_changed(path: str, year: str, pairs: list[tuple[Identity, First]]) -> Problem:
    """Tasks whose edition switched between per-section and continuous numbering: their addresses all changed."""
    pairs = sorted(pairs, key=lambda p: (section(p[0].number).zfill(9), number(p[0].number)))
    (r, was), (last, last_was) = pairs[0], pairs[-1]
    (old_first,), (old_last,) = was.numbers, last_was.numbers
    now_words, old_words = ("per section", "continuously") if section(r.number) else ("continuously", "per section")
    old_numbering = "continuous" if section(r.number) else "per-section"
    label = f"tasks {r.number}–{last.number}" if len(pairs) > 1 else f"task {r.number}"
    published = f"tasks {old_first}–{old_last}" if len(pairs) > 1 else f"task {old_first}"
    addresses = f"{year}/tasks/{old_first}/" + (f" … {year}/tasks/{old_last}/" if len(pairs) > 1 else "")
    return Problem(
        where(r.at, path),
        label,
        f"found {label} numbered {now_words}, where they were published as {published}, numbered {old_words} "
        f"(commit {was.version.commit}, {was.version.date}): the numbering changed, which breaks the published "
        f"address{'es' if len(pairs) > 1 else ''} {addresses} ({len(pairs)} page{'s' if len(pairs) > 1 else ''}); "
        f"expected numbering: {old_numbering}, as published: a published document's numbering never changes",
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
