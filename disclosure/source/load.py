"""Read YAML and Markdown sources, with the file, line and column of every value when asked for.

YAML is read from the events of PyYAML's C parser, and values are built from them with
no type resolution at all, so each scalar arrives as the exact text the editor typed
(``33.30`` stays ``"33.30"``, ``NO`` stays ``"NO"``); the schema in validate.py converts
it. Duplicate keys, aliases, merge keys, explicit tags, several documents and empty
files are errors.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from disclosure.chars import IN_FILE, INVISIBLE, label
from disclosure.errors import DataError, Pos, Problem, rel
from disclosure.source import inputs
from disclosure.source.fields import FILES


class Str(str):
    """A YAML scalar: its text, and where it was written."""

    pos: Pos

    def __new__(cls, value: str, pos: Pos) -> Str:
        self = super().__new__(cls, value)
        self.pos = pos
        return self


class NeedPositions(Exception):
    """A value read without its position was asked where it was written: read the sources again with
    positions (read_sources(placed=True)). Raised only when there is a problem to report."""


class Unplaced(Str):
    """A YAML scalar read without its position. Most builds find nothing wrong and never ask where a
    value was written; without a position (and the attribute dictionary that would hold it) a scalar
    takes a quarter of the memory: at 50,000 tasks, loading took 574 MB with positions, 241 MB without."""

    @property  # type: ignore[override]
    def pos(self) -> Pos:
        raise NeedPositions


class Map(dict):
    """A YAML mapping with Str keys, and where it starts."""

    pos: Pos


class Seq(list):
    """A YAML sequence, and where it starts."""

    pos: Pos


Value = Str | Map | Seq


@dataclass(frozen=True)
class Sources:
    """Everything read from disk, before validation."""

    root: Path
    site: Value  # site.yaml: the site's identity and vocabularies
    units: Value
    areas: Value
    editions: dict[str, dict[str, Value]]  # year folder -> {"document": ..., "tasks": ..., "livelihood": ...}
    # (an optional file, OPTIONAL_EDITION_FILES, only when it exists)
    source_texts: dict[str, str | None]  # year folder -> verbatim source document; None: no source.txt
    content: dict[str, str]  # content path relative to content/ ("2023/notice.md") -> Markdown
    aliases: Value | None = None  # data/aliases.yaml, the editors' search aliases; None: the site has none


# The data files, from their declarations (fields.FILES): an edition folder's YAML files, the folders in it that
# hold any number of one kind of file (a path data/<year>/<folder>/<name>.yaml), data/'s own files.
EDITION_FILES = tuple(
    f.path.removeprefix("data/<year>/").removesuffix(".yaml")
    for f in FILES.values()
    if "<year>" in f.path and "<name>" not in f.path
)
EDITION_FOLDERS = tuple(
    f.path.removeprefix("data/<year>/").split("/<name>")[0] for f in FILES.values() if "<name>" in f.path
)
# The edition files an edition may go without (livelihood: an edition with no livelihood table).
OPTIONAL_EDITION_FILES = frozenset(
    f.path.removeprefix("data/<year>/").removesuffix(".yaml") for f in FILES.values() if not f.required
)
EDITION_INPUTS = (*(f"{name}.yaml" for name in EDITION_FILES), "source.txt")  # every file an edition folder holds
REGISTRY_FILES = tuple(f.path.removeprefix("data/") for f in FILES.values() if f.path.count("/") == 1)
DATA_INPUTS = (*REGISTRY_FILES, "README.md")  # every file directly in data/ (README.md: documentation)


Parsed = dict[str, tuple[str, Value]]  # file -> (its text, its value): what a long-lived caller keeps


def read_sources(root: Path, parsed: Parsed | None = None, placed: bool = False) -> Sources:
    """Read site.yaml, data/ and content/ under root, raising DataError listing every unreadable file. Scalars
    carry their positions only if placed (else asking for one raises NeedPositions). With parsed, a YAML
    file whose text is the same as last time is not parsed again (the dev server; unplaced values only)."""
    parsed = None if placed else parsed
    listing = inputs.scan(root)  # raises DataError: a link or a special file among the inputs
    problems: list[Problem] = []

    def load(name: str, missing: str = "expected it to exist", always_placed: bool = False) -> Value:
        try:
            text = read_text(root, name, missing)
            if parsed is not None and name in parsed and parsed[name][0] == text:
                return parsed[name][1]
            value = parse_yaml(text, name, placed or always_placed)
            if parsed is not None:
                parsed[name] = text, value
            return value
        except DataError as e:
            problems.extend(e.problems)
            return Map()

    def read(name: str, missing: str = "expected it to exist") -> str:
        try:
            text = read_text(root, name, missing)
        except DataError as e:
            problems.extend(e.problems)
            return ""
        problems.extend(scan_text(text, name))
        return text

    site = load(
        "site.yaml",
        "expected the site's identity at the project's root: name, city, publisher, site_url, … "
        "(data/README.md, site.yaml)",
        always_placed=True,  # a few lines, and a production build may have to say where site_url is written
    )
    units = load("data/units.yaml")
    areas = load("data/areas.yaml")
    aliases = load("data/aliases.yaml") if "data/aliases.yaml" in listing.files else None  # optional
    editions: dict[str, dict[str, Value]] = {}
    source_texts: dict[str, str | None] = {}
    for year in listing.folders("data"):
        present = set(listing.under(f"data/{year}"))
        editions[year] = {
            name: load(f"data/{year}/{name}.yaml")
            for name in EDITION_FILES
            if name not in OPTIONAL_EDITION_FILES or f"data/{year}/{name}.yaml" in present
        }
        for folder in EDITION_FOLDERS:  # "progress/q1" -> data/<year>/progress/q1.yaml, each file by its name
            for name in listing.under(f"data/{year}/{folder}", ".yaml"):
                editions[year][name.removeprefix(f"data/{year}/").removesuffix(".yaml")] = load(name)
        # Optional: document.yaml says whether the edition has one (source_file) or links its source instead.
        source_texts[year] = (
            read(f"data/{year}/source.txt", "expected the verbatim text of the edition's source document, in UTF-8")
            if f"data/{year}/source.txt" in present
            else None
        )
    expected = {f"data/{name}" for name in DATA_INPUTS}
    expected |= {f"data/{year}/{name}" for year in editions for name in EDITION_INPUTS}
    expected |= {f"data/{year}/{name}.yaml" for year, files in editions.items() for name in files if "/" in name}
    problems += [
        Problem(
            Pos(name),
            "",
            f"the build does not read this file, expected in data/ only {', '.join(DATA_INPUTS)} and "
            f"one folder per edition holding {', '.join(EDITION_INPUTS)}"
            + "".join(f" and YAML files in {folder}/" for folder in EDITION_FOLDERS)
            + ": move it out of data/, or delete it",
        )
        for name in listing.under("data")
        if name not in expected
    ]
    content = {name.removeprefix("content/"): read(name) for name in listing.under("content", ".md")}
    problems += [
        Problem(
            Pos(name),
            "",
            "no page uses this file, expected only Markdown (.md) files in content/: move it, or delete it",
        )
        for name in listing.under("content")
        if not name.endswith(".md")
    ]
    if problems:
        raise DataError(problems)
    return Sources(root, site, units, areas, editions, source_texts, content, aliases)


def load_yaml(path: Path, root: Path) -> Value:
    """Parse one YAML file strictly into Str/Map/Seq values carrying their positions."""
    name = rel(path, root)
    return parse_yaml(read_text(root, name), name)


def parse_yaml(text: str, name: str, placed: bool = True, text_rules: bool = True) -> Value:
    """Parse YAML text strictly; name is the file it came from, for messages. Unless placed, scalars do not
    carry their positions; a file with a problem is parsed again with them, for the messages. Without
    text_rules, only the structure is checked (duplicate keys, anchors, tags), not what the text holds:
    for versions published before a rule existed, which the history must still read."""
    if text_rules and (problems := scan_text(text, name, yaml_keys=True)):
        raise DataError(problems)
    try:
        comments = comment_lines(text) if text_rules else {}
        value, problems = _build(yaml.parse(text, Loader=yaml.CSafeLoader), name, placed, comments, text_rules)
    except yaml.MarkedYAMLError as e:
        raise DataError([syntax_problem(e, text, name)]) from None
    except yaml.reader.ReaderError as e:  # a character YAML itself refuses (U+FFFE) in a version we read
        raise DataError([Problem(Pos(name), "", f"found a character YAML cannot read: {e}")]) from None
    except NeedPositions:
        problems = [Problem(Pos(name), "", "needs positions")]
    if problems and not placed:
        return parse_yaml(text, name, placed=True, text_rules=text_rules)
    if value is None and not problems:  # the parser saw no document
        if text.strip():
            found = "only comments, expected the data below them (exactly one YAML document)"
        else:
            found = "an empty file, expected exactly one YAML document"
        problems = [Problem(Pos(name), "", f"found {found}")]
    if problems:
        raise DataError(problems)
    return value


def read_text(root: Path, name: str, missing: str = "expected it to exist") -> str:
    """Read the UTF-8 file root/name (a leading BOM is allowed), as a DataError naming the file if that fails."""
    try:
        data = inputs.read_bytes(root, name)
    except FileNotFoundError:
        raise DataError([Problem(Pos(name), "", f"file not found, {missing}")]) from None
    except OSError as e:  # unreadable (permissions), a path too long, …: said in one sentence
        raise DataError(
            [Problem(Pos(name), "", f"cannot read the file ({e.strerror}), expected a readable file")]
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataError([not_utf8(data, e, name)]) from None


def not_utf8(data: bytes, e: UnicodeDecodeError, name: str) -> Problem:
    """Where a file stops being UTF-8, as line and column, and what it probably is."""
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        body.decode("utf-8")
        offset, length = e.start, e.end - e.start
    except UnicodeDecodeError as in_body:
        offset, length = in_body.start, in_body.end - in_body.start
    line_start = body.rfind(b"\n", 0, offset) + 1
    column = len(body[line_start:offset].decode("utf-8", errors="replace")) + 1
    bad = " ".join(f"{b:02X}" for b in body[offset : offset + length])
    try:
        body[line_start : body.find(b"\n", offset) if b"\n" in body[offset:] else len(body)].decode("gb18030")
        guess = " (it reads as GBK/GB18030: the file, or this line, was saved in the Chinese Windows encoding)"
    except UnicodeDecodeError:
        guess = ""
    return Problem(
        Pos(name, body.count(b"\n", 0, offset) + 1, column),
        "",
        f"found bytes that are not UTF-8 ({bad}){guess}, expected a UTF-8 text file: save it as UTF-8",
    )


# A key followed by a full-width colon, which YAML reads as plain text rather than a key.
FULL_WIDTH_KEY = re.compile(r"^[ \t\u3000]*(?:-[ \t]+)?([^\s:：#\"'-](?:[^:：#\n]*[^\s:：#])?)[ \t]*：", re.MULTILINE)
# A key typed without the space after its colon ("text:研发…"), which YAML reads as part of a text.
NO_SPACE_KEY = re.compile(r"^\s*(?:-\s+)?([^\W\d][\w()（）-]*):(?=[^\s/])")


def scan_text(text: str, name: str, yaml_keys: bool = False) -> list[Problem]:
    """Find the slips no parser reports: invisible characters (chars.py) and full-width colons after keys.
    Lines end at a line feed only (an ending CR LF is one line end), as they do for YAML and for editors.
    The whole text is searched at once (a line at a time took 0.5 s for 50,000 tasks)."""
    problems: list[Problem] = []
    lines: Lines | None = None
    for bad in IN_FILE.finditer(text):
        char, at = bad.group(), bad.start()
        if char == "\r" and text.startswith("\n", at + 1):
            continue
        lines = lines or Lines(text)
        pos = lines.pos(name, at)
        indenting = char in "\t\u3000" and not text[at - pos.col + 1 : at].strip(" \t\u3000")
        problems.append(
            Problem(
                pos,
                "",
                f"found an invisible character {label(char)}, expected visible text only: "
                + ("indent with spaces" if indenting else "delete it"),
            )
        )
    for key in FULL_WIDTH_KEY.finditer(text) if yaml_keys and "：" in text else ():
        lines = lines or Lines(text)
        problems.append(
            Problem(
                lines.pos(name, key.end() - 1),
                "",
                f"found a full-width colon after {key.group(1)!r}, expected an ASCII colon and a space "
                f"({key.group(1)}: …)",
            )
        )
    return problems


def syntax_problem(e: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    """A PyYAML syntax error as an editor can act on it: the slip that caused it, where it was typed."""
    lines = text.splitlines()
    mark = e.problem_mark or e.context_mark
    if mark is None:
        return Problem(Pos(name), "", f"YAML syntax error: {e.problem or e.context}")
    # A key typed without the space after its colon reads as text, and the parser fails a line or two later.
    for number in range(min(mark.line, len(lines) - 1), max(mark.line - 3, -1), -1):
        if key := NO_SPACE_KEY.match(lines[number]):
            return Problem(
                Pos(name, number + 1, key.end()),
                "",
                f"found '{key.group(1)}:' with no space after the colon, "
                f"expected a colon and a space ({key.group(1)}: …)",
            )
    pos = Pos(name, mark.line + 1, mark.column + 1)
    if (e.problem or "").startswith("mapping values are not allowed"):
        return Problem(
            pos,
            "",
            "found a colon and a space inside a value, "
            "expected the colon without a space after it, or the whole value in quotes",
        )
    line = lines[mark.line] if mark.line < len(lines) else ""
    at = f" (at {line[mark.column]!r})" if mark.column < len(line) else ""
    return Problem(pos, "", f"YAML syntax error: {e.problem or e.context}{at}")


MAX_DEPTH = 12  # our files nest 5 levels (livelihood: items, an item, indicators, a row, breakdown)
# A line on which " #" follows some text: YAML starts a comment there, which may have cut a plain value short.
TRAILING_COMMENT = re.compile(r"^ *[^ #\n][^\n]*? #", re.MULTILINE)


def comment_lines(text: str) -> dict[int, str]:
    """The lines (0-based number -> text) on which a comment follows some text."""
    if " #" not in text:
        return {}
    lines = text.split("\n")
    where = Lines(text)
    return {n: lines[n] for n in {where.number(m.start()) - 1 for m in TRAILING_COMMENT.finditer(text)}}


class Lines:
    """Line and column of offsets in a text, found by bisection (counting from the start each time made a
    file with a problem on every line take seconds)."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n"))]

    def number(self, offset: int) -> int:
        """The 1-based line holding offset."""
        return bisect.bisect_right(self.starts, offset)

    def pos(self, name: str, offset: int) -> Pos:
        line = self.number(offset)
        return Pos(name, line, offset - self.starts[line - 1] + 1)


def scalar_problem(event: yaml.ScalarEvent, comments: dict[int, str]) -> str | None:
    """What YAML would silently change in this scalar's text, or an invisible character it decodes to."""
    start, end = event.start_mark, event.end_mark
    if event.style in ("|", ">"):
        return (
            f"found a YAML {event.style} block, which puts line breaks into the text, "
            "expected the whole value on the line of its key"
        )
    if end.line != start.line:
        return (
            f"found a value that goes on over {end.line - start.line + 1} lines, which YAML joins with spaces "
            "(a space between Chinese characters), expected the whole value on one line"
        )
    # Only a double-quoted value can decode to a character its file does not hold (an escape such as "\\u202e");
    # every character typed in the file was checked by scan_text already.
    if event.style == '"' and (bad := INVISIBLE.search(event.value)):
        return f"found an invisible character {label(bad.group())} written as an escape, expected visible text only"
    if (
        not event.style
        and event.value
        and end.line in comments
        and comments[end.line][end.column :].lstrip(" ").startswith("#")
    ):
        return (
            f"found ' #' after {event.value!r}: YAML reads it and the rest of the line as a comment, so the value "
            "ends before it; expected the whole value in quotes if the # belongs to it, or the comment on a line "
            "of its own"
        )
    return None


_KEY = object()  # a mapping waiting for its next key
_SKIP = object()  # a mapping whose next value is dropped (its key was refused)


def _build(
    events: Iterator[yaml.Event], name: str, placed: bool, comments: dict[int, str], text_rules: bool = True
) -> tuple[Value | None, list[Problem]]:
    """Build Str/Map/Seq values straight from the parser's events (no tree of nodes is held), finding
    anchors, aliases, tags and extra documents in the same pass. Unless placed, plain scalars are
    Unplaced; a problem found here raises NeedPositions for them, and the caller parses again."""
    problems: list[Problem] = []

    def refuse(pos: Pos, message: str) -> None:
        problems.append(Problem(pos, "", message))

    open_: list[Map | Seq] = []  # the mappings and sequences being filled, innermost last
    keys: list[object] = []  # for each of them: the key waiting for its value, _KEY or _SKIP
    root: Value | None = None
    documents = 0
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent and not placed and not event.anchor and event.tag is None:
            value = str.__new__(Unplaced, event.value)
            if not event.style and event.value == "<<":
                raise NeedPositions  # a merge key: parse again, for the message
            style = event.style
            if text_rules and (
                (style and (style in "|>" or (style == '"' and INVISIBLE.search(event.value))))
                or event.start_mark.line != event.end_mark.line
                or (comments and event.end_mark.line in comments)
            ):
                raise NeedPositions
        elif kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            mark = event.start_mark
            pos = Pos(name, mark.line + 1, mark.column + 1)
            if event.anchor:
                refuse(pos, f"found the YAML anchor &{event.anchor}, expected no anchors")
            if event.tag not in (None, "!"):
                refuse(pos, f"found the YAML tag {event.tag!r}, expected plain values without tags")
            if kind is not yaml.ScalarEvent:
                if len(open_) == MAX_DEPTH:  # stop reading at once: 100,000 nested [ would take the parser 38 s
                    refuse(pos, f"found values nested more than {MAX_DEPTH} levels deep, expected at most {MAX_DEPTH}")
                    return root, problems
                container = Map() if kind is yaml.MappingStartEvent else Seq()
                container.pos = pos
                open_.append(container)
                keys.append(_KEY)
                continue
            value: Value = Str(event.value, pos)
            if kind is yaml.ScalarEvent and text_rules and (problem := scalar_problem(event, comments)):
                refuse(pos, problem)
            if not event.style and event.value == "<<" and open_ and keys[-1] is _KEY:
                refuse(pos, "found a YAML merge key (<<), expected each field written out")
                keys[-1] = _SKIP
                continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = open_.pop()
            keys.pop()
        elif kind is yaml.AliasEvent:
            mark = event.start_mark
            pos = Pos(name, mark.line + 1, mark.column + 1)
            refuse(pos, f"found the YAML alias *{event.anchor}, expected the value written out")
            value = Str("", pos)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                found = "---, which starts" if event.explicit else "what starts"
                where = Pos(name, mark.line + 1, mark.column + 1)
                refuse(where, f"found {found} a second YAML document, expected one: delete this line")
            continue
        else:
            continue
        if not open_:
            root = value if root is None else root
            continue
        parent, key = open_[-1], keys[-1]
        if isinstance(parent, Seq):
            parent.append(value)
        elif key is _SKIP:
            keys[-1] = _KEY
        elif key is not _KEY:
            parent[key] = value
            keys[-1] = _KEY
        elif not isinstance(value, Str):
            refuse(value.pos, "found a list or mapping used as a key, expected a plain name")
            keys[-1] = _SKIP
        elif value in parent:
            line = next(k for k in parent if k == value).pos.line
            refuse(value.pos, f"duplicate key {value!r} (first at line {line}), expected each key once")
            keys[-1] = _SKIP
        else:
            keys[-1] = value
    return root, problems
