"""Read YAML and Markdown sources, keeping the file, line and column of every value.

YAML is parsed by PyYAML's C parser with every implicit type resolver removed, so
each scalar arrives as the exact text the editor typed (``33.30`` stays ``"33.30"``,
``NO`` stays ``"NO"``); the schema in validate.py converts it. Duplicate keys,
aliases, merge keys, explicit tags, several documents and empty files are errors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import yaml

from .errors import DataError, Pos, Problem, rel

YAML_STR = "tag:yaml.org,2002:str"
YAML_MAP = "tag:yaml.org,2002:map"
YAML_SEQ = "tag:yaml.org,2002:seq"


class Str(str):
    """A YAML scalar: its text, and where it was written."""

    pos: Pos

    def __new__(cls, value: str, pos: Pos) -> Str:
        self = super().__new__(cls, value)
        self.pos = pos
        return self


class Map(dict):
    """A YAML mapping with Str keys, and where it starts."""

    pos: Pos


class Seq(list):
    """A YAML sequence, and where it starts."""

    pos: Pos


Value = Str | Map | Seq


class _StrictLoader(yaml.CSafeLoader):
    """The C loader with no implicit types: every plain scalar is a string."""

    yaml_implicit_resolvers: ClassVar[dict] = {}


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


def read_sources(root: Path, parsed: Parsed | None = None) -> Sources:
    """Read data/ and content/ under root, raising DataError listing every unreadable file. With parsed,
    a YAML file whose text is the same as last time is not parsed again (the dev server)."""
    problems: list[Problem] = []
    data = root / "data"

    def load(path: Path) -> Value:
        name = rel(path, root)
        try:
            text = read_text(path, name)
            if parsed is not None and name in parsed and parsed[name][0] == text:
                return parsed[name][1]
            value = parse_yaml(text, name)
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


# Text in which an anchor, alias, tag or document marker could hide. Only such text pays for the
# event scan (a second parse: 0.5 s of 2 s for 10,000 tasks); any other text cannot contain them.
MAY_NEED_EVENTS = re.compile(r"[&*!]|^(?:---|\.\.\.)", re.M)


def parse_yaml(text: str, name: str) -> Value:
    """Parse YAML text strictly; name is the file it came from, for messages."""
    problems = scan_text(text, name, yaml_keys=True)
    if not problems and MAY_NEED_EVENTS.search(text):
        problems = scan_events(text, name)
    if problems:
        raise DataError(problems)
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as e:
        raise DataError([syntax_problem(e, text, name)]) from None
    if node is None:  # empty, or only comments: the event scan says which
        raise DataError(scan_events(text, name))
    value = _convert(node, name, problems)
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


def scan_events(text: str, name: str) -> list[Problem]:
    """Parse once for what the composed tree no longer shows: syntax errors, anchors, aliases, documents."""
    problems, documents = [], []
    try:
        for event in yaml.parse(text, Loader=_StrictLoader):
            pos = Pos(name, event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, yaml.DocumentStartEvent):
                documents.append((pos, event.explicit))
            elif isinstance(event, yaml.AliasEvent):
                problems.append(
                    Problem(pos, "", f"found the YAML alias *{event.anchor}, expected the value written out")
                )
            elif isinstance(event, yaml.NodeEvent) and event.anchor:
                problems.append(Problem(pos, "", f"found the YAML anchor &{event.anchor}, expected no anchors"))
    except yaml.MarkedYAMLError as e:
        return [syntax_problem(e, text, name)]
    if not documents:
        if text.strip():  # the parser saw no document, yet something is written: comments
            found = "only comments, expected the data below them (exactly one YAML document)"
        else:
            found = "an empty file, expected exactly one YAML document"
        problems.append(Problem(Pos(name), "", f"found {found}"))
    for pos, explicit in documents[1:]:
        found = "---, which starts" if explicit else "what starts"
        problems.append(Problem(pos, "", f"found {found} a second YAML document, expected one: delete this line"))
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


def _convert(node: yaml.Node, name: str, problems: list[Problem]) -> Value:
    pos = Pos(name, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        if node.tag != YAML_STR:
            problems.append(Problem(pos, "", f"found the YAML tag {node.tag!r}, expected plain values without tags"))
        return Str(node.value, pos)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != YAML_SEQ:
            problems.append(Problem(pos, "", f"found the YAML tag {node.tag!r}, expected plain values without tags"))
        seq = Seq(_convert(item, name, problems) for item in node.value)
        seq.pos = pos
        return seq
    if node.tag != YAML_MAP:
        problems.append(Problem(pos, "", f"found the YAML tag {node.tag!r}, expected plain values without tags"))
    mapping = Map()
    mapping.pos = pos
    for key_node, value_node in node.value:
        key = _convert(key_node, name, problems)
        if not isinstance(key, Str):
            problems.append(Problem(key.pos, "", "found a list or mapping used as a key, expected a plain name"))
            continue
        if key == "<<" and not key_node.style:  # plain, unquoted <<
            problems.append(Problem(key.pos, "", "found a YAML merge key (<<), expected each field written out"))
            continue
        if key in mapping:
            first = next(k for k in mapping if k == key)
            problems.append(
                Problem(key.pos, "", f"duplicate key {key!r} (first at line {first.pos.line}), expected each key once")
            )
            continue
        mapping[key] = _convert(value_node, name, problems)
    return mapping
