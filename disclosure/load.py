"""Read YAML and Markdown sources, with the file, line and column of every value when asked for.

YAML is read from the events of PyYAML's C parser, and values are built from them with
no type resolution at all, so each scalar arrives as the exact text the editor typed
(``33.30`` stays ``"33.30"``, ``NO`` stays ``"NO"``); the schema in validate.py converts
it. Duplicate keys, aliases, merge keys, explicit tags, several documents and empty
files are errors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError, Pos, Problem, rel


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
    units: Value
    areas: Value
    editions: dict[str, dict[str, Value]]  # year folder -> {"document": ..., "tasks": ..., "livelihood": ...}
    source_texts: dict[str, str]  # year folder -> verbatim source document
    content: dict[str, str]  # content path relative to content/ ("2023/notice.md") -> Markdown


EDITION_FILES = ("document", "tasks", "livelihood")


Parsed = dict[str, tuple[str, Value]]  # file -> (its text, its value): what a long-lived caller keeps


def read_sources(root: Path, parsed: Parsed | None = None, placed: bool = False) -> Sources:
    """Read data/ and content/ under root, raising DataError listing every unreadable file. Scalars
    carry their positions only if placed (else asking for one raises NeedPositions). With parsed, a YAML
    file whose text is the same as last time is not parsed again (the dev server; unplaced values only)."""
    parsed = None if placed else parsed
    problems: list[Problem] = []
    data = root / "data"

    def load(path: Path) -> Value:
        name = rel(path, root)
        try:
            text = read_text(path, name)
            if parsed is not None and name in parsed and parsed[name][0] == text:
                return parsed[name][1]
            value = parse_yaml(text, name, placed)
            if parsed is not None:
                parsed[name] = text, value
            return value
        except DataError as e:
            problems.extend(e.problems)
            return Map()

    def read(path: Path, missing: str = "expected it to exist") -> str:
        try:
            return read_text(path, rel(path, root), missing)
        except DataError as e:
            problems.extend(e.problems)
            return ""

    units = load(data / "units.yaml")
    areas = load(data / "areas.yaml")
    editions: dict[str, dict[str, Value]] = {}
    source_texts: dict[str, str] = {}
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        editions[folder.name] = {name: load(folder / f"{name}.yaml") for name in EDITION_FILES}
        source_texts[folder.name] = read(
            folder / "source.txt", "expected the verbatim text of the edition's source document, in UTF-8"
        )
    content = {p.relative_to(root / "content").as_posix(): read(p) for p in sorted((root / "content").rglob("*.md"))}
    if problems:
        raise DataError(problems)
    return Sources(root, units, areas, editions, source_texts, content)


def load_yaml(path: Path, root: Path) -> Value:
    """Parse one YAML file strictly into Str/Map/Seq values carrying their positions."""
    name = rel(path, root)
    return parse_yaml(read_text(path, name), name)


def parse_yaml(text: str, name: str, placed: bool = True) -> Value:
    """Parse YAML text strictly; name is the file it came from, for messages. Unless placed, scalars do not
    carry their positions; a file with a problem is parsed again with them, for the messages."""
    if problems := scan_text(text, name, yaml_keys=True):
        raise DataError(problems)
    try:
        value, problems = _build(yaml.parse(text, Loader=yaml.CSafeLoader), name, placed)
    except yaml.MarkedYAMLError as e:
        raise DataError([syntax_problem(e, text, name)]) from None
    except NeedPositions:
        problems = [Problem(Pos(name), "", "needs positions")]
    if problems and not placed:
        return parse_yaml(text, name, placed=True)
    if value is None and not problems:  # the parser saw no document
        if text.strip():
            found = "only comments, expected the data below them (exactly one YAML document)"
        else:
            found = "an empty file, expected exactly one YAML document"
        problems = [Problem(Pos(name), "", f"found {found}")]
    if problems:
        raise DataError(problems)
    return value


def read_text(path: Path, name: str, missing: str = "expected it to exist") -> str:
    """Read a UTF-8 file (a leading BOM is allowed), as a DataError naming the file if that fails."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DataError([Problem(Pos(name), "", f"file not found, {missing}")]) from None
    except UnicodeDecodeError as e:
        raise DataError([Problem(Pos(name), "", f"not UTF-8 (byte {e.start}), expected a UTF-8 text file")]) from None


# Characters an input method slips in unseen: controls (tab included), no-break and ideographic
# spaces, zero-width characters, direction marks, a BOM inside the text.
INVISIBLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u00a0\u200b-\u200f\u2028-\u202e\u2060-\u2064\u3000\ufeff]")
# A key followed by a full-width colon, which YAML reads as plain text rather than a key.
FULL_WIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([^\s:：#\"'-][^:：#]*?)\s*：")
# A key typed without the space after its colon ("text:研发…"), which YAML reads as part of a text.
NO_SPACE_KEY = re.compile(r"^\s*(?:-\s+)?([^\W\d][\w()（）-]*):(?=[^\s/])")


def scan_text(text: str, name: str, yaml_keys: bool = False) -> list[Problem]:
    """Find, line by line, the slips no parser reports: invisible characters and full-width colons."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for bad in INVISIBLE.finditer(line):
            char = bad.group()
            label = "tab" if char == "\t" else unicodedata.name(char, "a control character").lower()
            indenting = char in "\t\u3000" and not line[: bad.start()].strip(" \t\u3000")
            hint = "indent with spaces" if indenting else "delete it"
            problems.append(
                Problem(
                    Pos(name, number, bad.start() + 1),
                    "",
                    f"found an invisible character U+{ord(char):04X} ({label}), expected visible text only: {hint}",
                )
            )
        if yaml_keys and (key := FULL_WIDTH_KEY.match(line)):
            problems.append(
                Problem(
                    Pos(name, number, key.end()),
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


_KEY = object()  # a mapping waiting for its next key
_SKIP = object()  # a mapping whose next value is dropped (its key was refused)


def _build(events: Iterator[yaml.Event], name: str, placed: bool) -> tuple[Value | None, list[Problem]]:
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
        elif kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            mark = event.start_mark
            pos = Pos(name, mark.line + 1, mark.column + 1)
            if event.anchor:
                refuse(pos, f"found the YAML anchor &{event.anchor}, expected no anchors")
            if event.tag not in (None, "!"):
                refuse(pos, f"found the YAML tag {event.tag!r}, expected plain values without tags")
            if kind is not yaml.ScalarEvent:
                container = Map() if kind is yaml.MappingStartEvent else Seq()
                container.pos = pos
                open_.append(container)
                keys.append(_KEY)
                continue
            value: Value = Str(event.value, pos)
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
