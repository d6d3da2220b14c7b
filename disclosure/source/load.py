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
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from disclosure.chars import IN_FILE, INVISIBLE, label
from disclosure.errors import DataError, Pos, Problem, rel
from disclosure.source import inputs, yamlsyntax
from disclosure.source.fields import FILES


class Str(str):
    """A YAML scalar: its text, and where it was written."""

    pos: Pos

    def __new__(cls, value: str, pos: Pos) -> Str:
        self = super().__new__(cls, value)
        self.pos = pos
        return self

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:  # pickled (the model, to the dev server's indexer)
        return Str, (str(self), self.pos)


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

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return unplaced, (str(self),)


unplaced = functools.partial(str.__new__, Unplaced)  # an Unplaced of a text (a C call: once per scalar read)


class Map(dict):
    """A YAML mapping with Str keys, and where it starts."""

    __slots__ = ("pos",)  # no attribute dictionary: at 50,000 tasks, the sources took 181 MB with one, 135 without
    pos: Pos


class Seq(list):
    """A YAML sequence, and where it starts."""

    __slots__ = ("pos",)  # as Map's
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


MISSING = "构建要读它。"  # what a missing input file is needed for, unless its reader says more


@dataclass(frozen=True)
class ParsedFile:
    """A YAML file as parsed last time, for a long-lived caller (the dev server): its text, its value and,
    if the file is one list (tasks.yaml), each item's value by where it starts and its text (list_items)."""

    text: str
    value: Value
    items: dict[tuple[int, str], Value]


Parsed = dict[str, ParsedFile]  # file -> how it was parsed last time


def read_sources(root: Path, parsed: Parsed | None = None, placed: bool = False) -> Sources:
    """Read site.yaml, data/ and content/ under root, raising DataError listing every unreadable file. Scalars
    carry their positions only if placed (else asking for one raises NeedPositions). With parsed, a YAML
    file whose text is the same as last time is not parsed again (the dev server; unplaced values only)."""
    parsed = None if placed else parsed
    listing = inputs.scan(root)  # raises DataError: a link or a special file among the inputs
    problems: list[Problem] = []

    def load(name: str, missing: str = MISSING, always_placed: bool = False) -> Value:
        try:
            text = read_text(root, name, missing)
            if parsed is None:
                return parse_yaml(text, name, placed or always_placed)
            if (last := parsed.get(name)) is None or last.text != text:
                parsed[name] = last = parse_again(text, name, last, always_placed)
            return last.value
        except DataError as e:
            problems.extend(e.problems)
            return Map()

    def read(name: str, missing: str = MISSING) -> str:
        try:
            text = read_text(root, name, missing)
        except DataError as e:
            problems.extend(e.problems)
            return ""
        problems.extend(scan_text(text, name))
        return text

    site = load(
        "site.yaml",
        "项目根目录下要有 site.yaml,写明网站的名称、城市、发布单位、网址(site_url)等(见 data/README.md)。",
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
            read(f"data/{year}/source.txt", "这里要放这一版原文件的逐字文本(UTF-8 编码)。")
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
            f"构建不读这个文件。data/ 下只能有 {'、'.join(DATA_INPUTS)},以及每版一个文件夹,"
            f"内有 {'、'.join(EDITION_INPUTS)}"
            + "".join(f",以及 {folder}/ 下的 YAML 文件" for folder in EDITION_FOLDERS)
            + ":请把它移出 data/,或者删除。",
        )
        for name in listing.under("data")
        if name not in expected
    ]
    content = {name.removeprefix("content/"): read(name) for name in listing.under("content", ".md")}
    problems += [
        Problem(
            Pos(name),
            "",
            "没有页面用到这个文件,content/ 下只能放 Markdown(.md)文件:请把它移走,或者删除。",
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


# Searched in a line end and the text (a literal first: three times as fast as a pattern starting with ^):
# in a file that is one list at column 0 (tasks.yaml), the start of an item, "- " or a bare "-";
ITEM_START = re.compile(r"\n-(?=[ \r\n]|\Z)")
# a line beginning at column 0 with anything but an item's dash, a comment or a line end: such a file is not
# one plain list (a mapping, a flow list, "---", a value's continuation line, a tab), and is parsed whole.
NOT_AN_ITEM = re.compile(r"\n(?:[^ \r\n#-]|-(?![ \r\n]|\Z))")


def list_items(text: str) -> list[tuple[int, str]] | None:
    """The items of a file that is one list at column 0, each as (the 0-based line it starts on, its lines
    to the next item's, line ends included); None for any other file. Parsed on its own, with as many
    line ends before it as lines before it, an item gives what it gives in the whole file: nothing at
    column 0 but a dash can continue a value, and a file that parses item by item parses whole."""
    lines = "\n" + text  # a match's start in it is where its line starts in text
    starts = [m.start() for m in ITEM_START.finditer(lines)]
    if not starts or NOT_AN_ITEM.search(lines):
        return None
    if any(line.strip(" \r") and not line.lstrip(" ").startswith("#") for line in text[: starts[0]].split("\n")):
        return None  # an indented line above the first item
    items, line = [], text.count("\n", 0, starts[0])
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        items.append((line, chunk := text[start:end]))
        line += chunk.count("\n")
    return items


def parse_again(text: str, name: str, last: ParsedFile | None, placed: bool = False) -> ParsedFile:
    """Parse a file's text for a long-lived caller, which keeps what it parsed last time (last). In a file
    that is one list, only the items whose text or first line changed are parsed (one edited task of
    10,000: 0.025 s, the whole file 0.25 s): the other items are left out of the text as empty lines, so
    that the positions stay right, and every message comes from parsing the whole file."""
    items = None if placed else list_items(text)
    if last is not None and last.items and items is not None:
        todo = [item for item in items if item not in last.items]
        new_items = set(todo)
        masked = "\n" * items[0][0] + "".join(
            chunk if (line, chunk) in new_items else "\n" * chunk.count("\n") for line, chunk in items
        )
        try:
            fresh = parse_yaml(masked, name, placed=False) if todo else Seq()
        except DataError:  # said as the whole file's parse says it, below
            fresh = None
        if isinstance(fresh, Seq) and len(fresh) == len(todo):
            parsed = dict(zip(todo, fresh, strict=True))
            values = Seq([parsed[item] if item in parsed else last.items[item] for item in items])
            values.pos = Pos(name, items[0][0] + 1, 1)  # where the whole file's list starts: its first dash
            return ParsedFile(text, values, dict(zip(items, values, strict=True)))
    value = parse_yaml(text, name, placed)
    if items is not None and isinstance(value, Seq) and len(value) == len(items):
        return ParsedFile(text, value, dict(zip(items, value, strict=True)))
    return ParsedFile(text, value, {})


def parse_yaml(text: str, name: str, placed: bool = True, text_rules: bool = True) -> Value:
    """Parse YAML text strictly; name is the file it came from, for messages. Unless placed, scalars do not
    carry their positions; a file with a problem is parsed again with them, for the messages. Without
    text_rules, only the structure is checked (duplicate keys, anchors, tags), not what the text holds:
    for versions published before a rule existed, which the history must still read."""
    if text_rules and (problems := scan_text(text, name, yaml_keys=True)):
        raise DataError(problems)
    try:
        comments = comment_lines(text) if text_rules else {}
        value, problems = _build(yaml.parse(text, Loader=yaml.CSafeLoader), name, placed, comments, text_rules, text)
    except yaml.MarkedYAMLError as e:
        raise DataError([yamlsyntax.explain(e, text, name)]) from None
    except yaml.reader.ReaderError as e:  # a character YAML itself refuses (U+FFFE) in a version we read
        where = Lines(text).pos(name, e.position) if isinstance(e.character, str) else Pos(name)
        code = f"U+{ord(e.character):04X}" if isinstance(e.character, str) else f"{e.character!r}"
        raise DataError([Problem(where, "", f"这里有一个 YAML 读不了的字符 {code}:请删除它。")]) from None
    except NeedPositions:
        problems = [Problem(Pos(name), "", "needs positions")]
    if problems and not placed:
        return parse_yaml(text, name, placed=True, text_rules=text_rules)
    if value is None and not problems:  # the parser saw no document
        if text.strip():
            found = "这个文件只有注释,注释下面要有数据(一个文件写一份 YAML 数据)。"
        else:
            found = "这个文件是空的,要有数据(一个文件写一份 YAML 数据)。"
        problems = [Problem(Pos(name), "", found)]
    if problems:
        raise DataError(problems)
    return value


def read_text(root: Path, name: str, missing: str = MISSING) -> str:
    """Read the UTF-8 file root/name (a leading BOM is allowed), as a DataError naming the file if that fails."""
    try:
        data = inputs.read_bytes(root, name)
    except FileNotFoundError:
        raise DataError([Problem(Pos(name), "", f"找不到这个文件:{missing}")]) from None
    except OSError as e:  # unreadable (permissions), a path too long, …: said in one sentence
        raise DataError([Problem(Pos(name), "", f"读不了这个文件({inputs.reason(e)}):请让它可以读取。")]) from None
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
        guess = "(按 GBK/GB18030 能读通:这个文件或这一行是用中文 Windows 的编码保存的)"
    except UnicodeDecodeError:
        guess = ""
    return Problem(
        Pos(name, body.count(b"\n", 0, offset) + 1, column),
        "",
        f"这里有不是 UTF-8 编码的字节({bad}){guess},文件要用 UTF-8 编码:请把它另存为 UTF-8。",
    )


# A key followed by a full-width colon, which YAML reads as plain text rather than a key.
FULL_WIDTH_KEY = re.compile(r"^[ \t\u3000]*(?:-[ \t]+)?([^\s:：#\"'-](?:[^:：#\n]*[^\s:：#])?)[ \t]*：", re.MULTILINE)


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
        if indenting:  # a slip of layout, shown on its line as a syntax error is
            what = "制表符(Tab)" if char == "\t" else "全角空格(U+3000)"
            problems.append(
                yamlsyntax.problem(
                    name,
                    text.split("\n"),
                    pos.line,
                    pos.col,
                    f"这一行用{what}缩进,YAML 只认空格:请把它换成空格。",
                )
            )
            continue
        problems.append(Problem(pos, "", f"这里有一个看不见的字符 {label(char)},只能写看得见的文字:请删除它。"))
    for key in FULL_WIDTH_KEY.finditer(text) if yaml_keys and "：" in text else ():
        lines = lines or Lines(text)
        pos = lines.pos(name, key.end() - 1)
        problems.append(
            yamlsyntax.problem(
                name,
                text.split("\n"),
                pos.line,
                pos.col,
                f"“{key.group(1)}”后面是全角冒号“：”,YAML 不认:请改成半角冒号加空格({key.group(1)}: …)。",
            )
        )
    for dash in NO_SPACE_DASH.finditer(text) if yaml_keys and "-" in text else ():  # YAML reads "-市科技局" as text
        lines = lines or Lines(text)
        pos = lines.pos(name, dash.end() - 1)  # the dash
        problems.append(
            yamlsyntax.problem(name, text.split("\n"), pos.line, pos.col, "列表项的“-”后要有空格:应写作“- ”再接内容。")
        )
    return problems


# A list item without the space after its dash: in our files no value goes on to a line of its own, so a line
# beginning with - and some text is always that slip (--- starts a document, refused as such).
NO_SPACE_DASH = re.compile(r"^ *-(?=[^\s-])", re.MULTILINE)


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
        return f"这里用了 YAML 的“{event.style}”多行写法,会把换行写进文字:请把整个值写在字段名的同一行。"
    if end.line != start.line:
        return (
            f"这个值分成了{end.line - start.line + 1}行,YAML 会用空格把各行连起来(汉字之间多出空格):"
            "请把整个值写在同一行。"
        )
    # Only a double-quoted value can decode to a character its file does not hold (an escape such as "\\u202e");
    # every character typed in the file was checked by scan_text already.
    if event.style == '"' and (bad := INVISIBLE.search(event.value)):
        return f"这里用转义写了一个看不见的字符 {label(bad.group())},只能写看得见的文字:请删除它。"
    if (
        not event.style
        and event.value
        and end.line in comments
        and comments[end.line][end.column :].lstrip(" ").startswith("#")
    ):
        return (
            f"“{event.value}”后面的“ #”让 YAML 把它和这一行余下的内容当作注释,值在这里就断了:"
            "如果“#”是文字的一部分,请把整个值放进引号里;如果是注释,请写在单独一行。"
        )
    return None


def item_indented_into_text(event: yaml.ScalarEvent, name: str, text: str) -> Problem | None:
    """A list item indented more than the item above it ("    - 市人力社保局" then "      - 市妇联"): YAML reads
    it as the rest of that item's text. Said as the indent it is, at the second item's dash."""
    start, end = event.start_mark, event.end_mark
    if event.style or end.line == start.line or not text:
        return None
    lines = text.split("\n")
    above, here = lines[start.line], lines[start.line + 1]
    if not (here.lstrip().startswith("- ") and above.lstrip().startswith("- ")):
        return None
    more = yamlsyntax.indent(here) - yamlsyntax.indent(above)
    if more <= 0:
        return None
    return yamlsyntax.problem(
        name,
        lines,
        start.line + 2,
        yamlsyntax.indent(here) + 1,
        f"缩进不一致:这一项的“-”比第{start.line + 1}行的“-”多缩进了{yamlsyntax.spaces(more)},"
        "YAML 把它读成了上一项文字的一部分。同一层的列表项要上下对齐。",
        (start.line + 1,),
    )


_KEY = object()  # a mapping waiting for its next key
_SKIP = object()  # a mapping whose next value is dropped (its key was refused)


def _build(
    events: Iterator[yaml.Event],
    name: str,
    placed: bool,
    comments: dict[int, str],
    text_rules: bool = True,
    text: str = "",
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
    made: dict[str, Unplaced] = {}  # each text's unplaced scalar, made once (fields' names, units' names): at
    # 50,000 tasks, the sources took 135 MB with a scalar per occurrence, 52 MB with one per text
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent and not placed and not event.anchor and event.tag is None:
            if (value := made.get(event.value)) is None:
                value = made[event.value] = unplaced(event.value)
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
                refuse(pos, f"这里有 YAML 锚点“&{event.anchor}”,本项目不用锚点:请去掉它,把值直接写出来。")
            if event.tag not in (None, "!"):
                refuse(pos, f"这里有 YAML 标签“{event.tag}”,本项目的值不加标签:请去掉它。")
            if kind is not yaml.ScalarEvent:
                if len(open_) == MAX_DEPTH:  # stop reading at once: 100,000 nested [ would take the parser 38 s
                    refuse(pos, f"这里的数据嵌套超过{MAX_DEPTH}层,最多只能嵌套{MAX_DEPTH}层。")
                    return root, problems
                container = Map() if kind is yaml.MappingStartEvent else Seq()
                container.pos = pos
                open_.append(container)
                keys.append(_KEY)
                continue
            value: Value = Str(event.value, pos)
            if kind is yaml.ScalarEvent and text_rules and (slip := item_indented_into_text(event, name, text)):
                problems.append(slip)
            elif kind is yaml.ScalarEvent and text_rules and (problem := scalar_problem(event, comments)):
                refuse(pos, problem)
            if not event.style and event.value == "<<" and open_ and keys[-1] is _KEY:
                refuse(pos, "这里有 YAML 合并键“<<”,本项目要求每个字段都直接写出来。")
                keys[-1] = _SKIP
                continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = open_.pop()
            keys.pop()
        elif kind is yaml.AliasEvent:
            mark = event.start_mark
            pos = Pos(name, mark.line + 1, mark.column + 1)
            refuse(pos, f"这里有 YAML 别名“*{event.anchor}”,本项目不用别名:请把它代表的值直接写出来。")
            value = Str("", pos)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                found = "“---”" if event.explicit else ""
                where = Pos(name, mark.line + 1, mark.column + 1)
                refuse(where, f"这里的{found}开始了第二份 YAML 数据,一个文件只能有一份:请删除这一行。")
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
            refuse(value.pos, "这里用列表或映射作了字段名,字段名只能是普通的名称。")
            keys[-1] = _SKIP
        elif value in parent:
            line = next(k for k in parent if k == value).pos.line
            refuse(value.pos, f"字段“{value}”重复了(第{line}行已经写过),每个字段只能写一次:请删去一个。")
            keys[-1] = _SKIP
        else:
            keys[-1] = value
    return root, problems
