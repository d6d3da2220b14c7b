"""Property-based tests (Hypothesis) over random projects in the format of data/README.md.

- a valid project passes validation, builds, and every fact is on its pages and in the JSON, exactly;
- a bad edit to a valid project fails with file:line and leaves the previously built site alone;
- every figure the format allows is shown as written and exported exactly, and its share computed;
- any text the build accepts is published as that very string in the HTML, JSON, JSON-LD, Atom feeds and
  CSV (its slug in the sitemap), typed or written as YAML escapes;
- the JSON writer reads back every string as a string and every Decimal as its exact number, whatever the
  strings hold (NUL, the old decimal marker), and is otherwise json.dumps byte for byte.

Projects are generated as Python data and written out by a small YAML emitter that records the line of
every value, so that an edit knows the line its error must name. Text values are written as JSON strings
(valid YAML double-quoted scalars); numbers, figures, slugs and dates are written plain.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, event, example, given, reject, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from disclosure import urls
from disclosure.build.pipeline import build
from disclosure.build.templating import environment, escape_output
from disclosure.chars import INVISIBLE
from disclosure.config import Config
from disclosure.errors import DataError, Pos
from disclosure.kinds import json_number
from disclosure.model import Figure, share
from disclosure.outputs.opendata import to_json
from disclosure.outputs.pages import page_specs
from disclosure.source import load, validate

ROOT = Path(__file__).resolve().parent.parent
INFO = validate.read_site_info(validate.Checker(), load.load_yaml(ROOT / "site.yaml", ROOT))  # the vocabularies
BASE = "/"  # build() with the default Config

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- text ------------------------------------------------------------------------------------------

CJK = (
    "嘉兴市政府发展改革委经信科技教育财政人力社保自然资源规划生态环境建设交通运输水利农业村商务文化旅游"
    "卫生健康民政公安司法审计统监管体医应急城执数据金融办室党组织宣传战南湖秀洲善平海盐宁桐乡开区港新"
    "造提升完成推进实施项目托养老停车场道路"
)
RARE = "𠀋𡈽㐀"  # CJK extensions B and A, as in rare personal and place names
FULL_WIDTH = "，。、；：！？“”‘’（）《》〔〕【】—…·％＋－＝＜＞＆＂＇"
ASCII = "&\"'()[]{}%+-=/\\*#_!?.,;:~`^|@$0123456789ABCxyz"
# < and > are not valid in data text: validate.py rejects them (HTML in the data is an error).
ALPHABET = CJK + RARE + FULL_WIDTH + ASCII + " "


class Plain(str):
    """A scalar written unquoted: numbers, figures, slugs, kinds, dates."""


class AreaMap(dict):
    """A mapping whose keys are area names (a breakdown), written quoted."""


def texts(min_size: int = 1, max_size: int = 16) -> st.SearchStrategy[str]:
    """Visible text without leading or trailing spaces, not beginning with = + - @ (all data errors)."""
    return st.text(ALPHABET, min_size=min_size, max_size=max_size).map(str.strip).filter(lambda t: t[:1] not in "=+-@")


# Strategies are built once: building one inside @composite on every draw is what makes drawing slow.
TEXT = texts()
NAME = texts(1, 12).filter(lambda t: unicodedata.normalize("NFKC", t) == t)  # else a look-alike of the NFKC name
# Mostly short; sometimes 150+ characters (a repeated piece: long random text is slow to draw and shrink).
LONG_OR_SHORT = st.one_of(
    texts(1, 24), st.builds(lambda piece, n: (piece * n)[:300].strip(), texts(8, 30), st.integers(10, 20))
)
SLUG_PART = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
SLUGS = st.lists(SLUG_PART, min_size=1, max_size=3).map("-".join).filter(lambda s: s not in validate.RESERVED_SLUGS)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
DATES = st.dates(FIRST_DAY, LAST_DAY).map(date.isoformat)
AREA_KIND = st.sampled_from(list(INFO.area_kinds))
UNIT_KIND = st.sampled_from(list(INFO.unit_kinds))
FRACTION = st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=3))


@st.composite
def figures(draw: st.DrawFn) -> str:
    """A figure as the document writes it (8, 9000, 33.3, 0.5, 33.30; never 0), or / for no target."""
    if draw(st.integers(0, 4)) == 0:
        return "/"
    whole, fraction = draw(st.integers(0, 10**9)), draw(FRACTION)
    written = f"{whole}.{fraction}" if fraction else str(whole)
    return written if Decimal(written) else "/"  # 0 is not a valid figure: the document writes /


FIGURE = figures().map(Plain)


# --- projects --------------------------------------------------------------------------------------


@dataclass
class Project:
    year: int
    units: list[dict]
    areas: list[dict]
    document: dict
    tasks: list[dict]
    livelihood: dict
    source: str

    def yaml(self) -> dict[str, object]:
        return {
            "data/units.yaml": self.units,
            "data/areas.yaml": self.areas,
            f"data/{self.year}/document.yaml": self.document,
            f"data/{self.year}/tasks.yaml": self.tasks,
            f"data/{self.year}/livelihood.yaml": self.livelihood,
        }


def withdrawals(published: date) -> st.SearchStrategy[dict | None]:
    """Mostly none; else a withdrawal dated on or after the day its edition was published."""
    day = st.dates(published, LAST_DAY).map(date.isoformat).map(Plain)
    return st.one_of(st.none(), st.none(), st.none(), st.fixed_dictionaries({"date": day, "reason": TEXT}))


def with_withdrawal(record: dict, withdrawn: dict | None) -> dict:
    return {**record, "withdrawn": withdrawn} if withdrawn else record


@st.composite
def projects(draw: st.DrawFn) -> Project:
    year = draw(st.integers(2000, 2099))
    published = draw(st.dates(FIRST_DAY, LAST_DAY))
    written = draw(st.dates(FIRST_DAY, published))
    withdrawn = withdrawals(published)
    n_areas = draw(st.integers(2, 4))
    area_names = draw(st.lists(NAME, min_size=n_areas, max_size=n_areas, unique=True))
    area_slugs = draw(st.lists(SLUGS, min_size=n_areas, max_size=n_areas, unique=True))
    areas = [
        {
            "name": n,
            "full_name": draw(TEXT),
            "slug": Plain(s),
            "kind": Plain(draw(AREA_KIND)),
        }
        for n, s in zip(area_names, area_slugs, strict=True)
    ]
    n_units = draw(st.integers(1, 6))
    unit_names = draw(st.lists(NAME, min_size=n_units, max_size=n_units, unique=True))
    unit_slugs = draw(st.lists(SLUGS, min_size=n_units, max_size=n_units, unique=True))
    units = []
    for n, s in zip(unit_names, unit_slugs, strict=True):
        kind = Plain(draw(UNIT_KIND))
        unit = {"name": n, "full_name": draw(TEXT), "slug": Plain(s), "kind": kind}
        if kind in INFO.unit_kinds_with_area:  # a county government or a zone belongs to an area; no other unit does
            unit["area"] = draw(st.sampled_from(area_names))
        if draw(st.booleans()):
            unit["note"] = draw(TEXT)
        units.append(with_withdrawal(unit, draw(withdrawn)))

    inferred = [a for a in area_names if draw(st.booleans())]
    document = {
        "year": Plain(str(year)),
        "title": draw(LONG_OR_SHORT),
        "doc_no": draw(TEXT),
        "index_no": draw(TEXT),
        "issuer": draw(TEXT),
        "signed_by": draw(TEXT),
        "written": Plain(written.isoformat()),
        "published": Plain(published.isoformat()),
        "disclosure": draw(TEXT),
        "source_file": Plain("source.txt"),
        "tasks_title": draw(TEXT),
        "tasks_note": draw(TEXT),
        "livelihood_title": draw(TEXT),
        "area_columns": list(area_names),
    }
    if inferred:  # both or neither: only when something was inferred
        document |= {"inferred_columns": inferred, "inference_note": draw(LONG_OR_SHORT)}

    tasks = []
    for no in range(1, draw(st.integers(1, 8)) + 1):
        responsible = draw(st.lists(st.sampled_from(unit_names), min_size=1, max_size=4, unique=True))
        task = {"no": Plain(str(no)), "text": draw(LONG_OR_SHORT), "units": responsible}
        tasks.append(with_withdrawal(task, draw(withdrawn)))

    n_categories = draw(st.integers(1, 3))
    categories = [{"no": Plain(str(no)), "name": draw(TEXT)} for no in range(1, n_categories + 1)]
    items = []
    for no in range(1, draw(st.integers(1, 4)) + 1):
        indicators = []
        for _ in range(draw(st.integers(1, 3))):
            row: dict = {}
            if draw(st.booleans()):
                row["name"] = draw(TEXT)
            row["target"] = draw(FIGURE)
            row["breakdown"] = AreaMap((a, draw(FIGURE)) for a in area_names)
            indicators.append(with_withdrawal(row, draw(withdrawn)))
        item = {
            "no": Plain(str(no)),
            "category": Plain(str(draw(st.integers(1, n_categories)))),
            "text": draw(LONG_OR_SHORT),
            "lead": draw(st.sampled_from(unit_names)),
            "indicators": indicators,
        }
        items.append(with_withdrawal(item, draw(withdrawn)))
    source = draw(st.text(ALPHABET + "\n", max_size=200))
    return Project(year, units, areas, document, tasks, {"categories": categories, "items": items}, source)


# --- writing YAML, remembering where every value is -----------------------------------------------


@dataclass
class YamlFile:
    """Lines of one YAML file and, by path of keys and indexes, where each value was written."""

    lines: list[str] = field(default_factory=list)
    spans: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # entry -> (first line, end line) 0-based
    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # scalar -> (line, column where it starts)
    starts: dict[tuple, int] = field(default_factory=dict)  # mapping -> line of its first key
    indents: dict[tuple, int] = field(default_factory=dict)  # mapping -> indent of its keys

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def quoted(value: str) -> str:
    """A YAML double-quoted scalar: a JSON string is one."""
    return json.dumps(value, ensure_ascii=False)


class Escaped(str):
    """A text written with every character outside printable ASCII as a YAML escape (\\u2028, \\U0001F600)."""


def escaped(value: str) -> str:
    """A YAML double-quoted scalar holding only printable ASCII."""
    out = ['"']
    for c in value:
        if c in '"\\':
            out.append("\\" + c)
        elif " " <= c <= "~":
            out.append(c)
        else:
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
    return "".join(out) + '"'


def scalar(value: str) -> str:
    if isinstance(value, Plain):
        return value
    return escaped(value) if isinstance(value, Escaped) else quoted(value)


def emit(value: object, header: str) -> YamlFile:
    f = YamlFile([f"# {header}"])
    _block(f, value, 0, ())
    return f


def _block(f: YamlFile, value: object, indent: int, path: tuple) -> None:
    if isinstance(value, dict):
        f.starts[path], f.indents[path] = len(f.lines), indent
        for key, v in value.items():
            _entry(f, " " * indent, value, key, v, indent, (*path, key))
        return
    for i, v in enumerate(value):
        p, start = (*path, i), len(f.lines)
        if isinstance(v, dict):
            f.starts[p], f.indents[p] = start, indent + 2
            for j, (key, w) in enumerate(v.items()):
                _entry(f, " " * indent + ("- " if j == 0 else "  "), v, key, w, indent + 2, (*p, key))
        else:
            f.values[p] = (start, indent + 2)
            f.lines.append(" " * indent + "- " + scalar(v))
        f.spans[p] = (start, len(f.lines))


def _entry(f: YamlFile, prefix: str, mapping: dict, key: str, v: object, indent: int, path: tuple) -> None:
    start = len(f.lines)
    head = f"{prefix}{scalar(key) if isinstance(mapping, AreaMap) else key}:"
    if isinstance(v, dict | list) and v:
        f.lines.append(head)
        _block(f, v, indent + 2, path)
    elif isinstance(v, list):
        f.lines.append(head + " []")
    else:
        f.values[path] = (start, len(head) + 1)
        f.lines.append(f"{head} {scalar(v)}")
    f.spans[path] = (start, len(f.lines))


def write_project(root: Path, project: Project, templates: bool = True) -> dict[str, YamlFile]:
    files = {name: emit(value, f"generated {name}") for name, value in project.yaml().items()}
    for name, f in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f.text(), "utf-8")
    (root / f"data/{project.year}/source.txt").write_text(project.source, "utf-8")
    shutil.copy(ROOT / "site.yaml", root / "site.yaml")  # the site's identity and vocabularies
    for name in ("index.md", f"{project.year}/notice.md", f"{project.year}/source.md"):
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(f"这是 {name} 的正文:**测试** & “引号”。\n", "utf-8")
    if templates:
        shutil.copytree(ROOT / "templates", root / "templates")
    return files


# --- reading the built site ------------------------------------------------------------------------


def page(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / urls.output_file(path)).read_text("utf-8"), "html.parser")


def links_to(soup: BeautifulSoup, path: str) -> list[str]:
    """The text of every link to a site path."""
    return [a.get_text() for a in soup.find_all("a", href=urls.link(BASE, path))]


def script_tags_in_template(templates: Path, name: str) -> int:
    """How many <script tags a template writes itself, counting the templates it extends."""
    source = (templates / name).read_text("utf-8")
    source = re.sub(r"{%-?\s*if dev\s*-?%}.*?{%-?\s*endif\s*-?%}", "", source, flags=re.S)  # make serve only
    source = source.replace('<script type="application/ld+json">', "")  # data, not code
    own = len(re.findall(r"<script\b", source, re.IGNORECASE))
    parent = re.search(r"""{%-?\s*extends\s+["']([^"']+)["']""", source)
    return own + (script_tags_in_template(templates, parent.group(1)) if parent else 0)


def exact(value: object) -> Decimal | None:
    """A JSON number (parsed with parse_float=Decimal) as an exact Decimal; null stays None."""
    return None if value is None else Decimal(value)


def figure_value(text: str) -> Decimal | None:
    return None if text == "/" else Decimal(text)


def check_site(project: Project, root: Path, out: Path) -> None:
    year = project.year
    slug = {u["name"]: u["slug"] for u in project.units}
    area_slug = {a["name"]: a["slug"] for a in project.areas}
    columns = project.document["area_columns"]

    for task in project.tasks:
        path = f"{year}/tasks/{task['no']}/"
        soup = page(out, path)
        assert task["text"] in soup.find("main").get_text(), f"{path}: task text missing"
        for name in task["units"]:
            assert name in links_to(soup, f"departments/{slug[name]}/"), f"{path}: no link named {name!r}"
            assert links_to(page(out, f"departments/{slug[name]}/"), path), f"unit {name!r}: no link to {path}"

    row = 0
    for item in project.livelihood["items"]:
        path = f"{year}/projects/{item['no']}/"
        soup = page(out, path)
        assert item["text"] in soup.find("main").get_text(), f"{path}: item text missing"
        for ind in item["indicators"]:
            row += 1
            section = soup.find(id=f"row-{row}")
            assert section is not None, f"{path}: no #row-{row}"
            body_rows = section.find("table").find("tbody").find_all("tr", recursive=False)
            assert len(body_rows) == len(columns), f"{path}#row-{row}: {len(body_rows)} rows"
            for tr, area in zip(body_rows, columns, strict=True):
                assert links_to(tr.find("th"), f"districts/{area_slug[area]}/") == [area], f"{path}#row-{row}"
                cell = tr.find("td")
                shown = cell.get_text().strip()
                written = ind["breakdown"][area]
                if written == "/":
                    assert cell.find(class_="no-target") is not None, f"{path}#row-{row} {area}: {shown!r}"
                    assert not re.search(r"[0-9]", shown), f"{path}#row-{row} {area}: '/' shown as {shown!r}"
                else:
                    assert shown == written, f"{path}#row-{row} {area}: {written} shown as {shown!r}"

    def read_json(name: str) -> list:
        return json.loads((out / f"data/{year}/{name}").read_text("utf-8"), parse_float=Decimal)

    def withdrawn(record: dict) -> dict | None:
        w = record.get("withdrawn")
        return None if w is None else {"date": str(w["date"]), "reason": w["reason"]}

    assert read_json("tasks.json") == [
        {
            "no": int(t["no"]),
            "text": t["text"],
            "units": t["units"],
            "lead": t["units"][0],
            "url": urls.link(BASE, f"{year}/tasks/{t['no']}/"),
            "withdrawn": withdrawn(t),
        }
        for t in project.tasks
    ]
    category = {int(c["no"]): c["name"] for c in project.livelihood["categories"]}
    rows = read_json("livelihood.json")
    expected = [
        {
            "no": int(item["no"]),
            "category": category[int(item["category"])],
            "item": item["text"],
            "indicator": ind.get("name"),
            "label": ind.get("label"),
            "unit": ind.get("unit"),
            "target": figure_value(ind["target"]),
            "lead": item["lead"],
            "breakdown": {a: figure_value(f) for a, f in ind["breakdown"].items()},
            "url": urls.link(BASE, f"{year}/projects/{item['no']}/"),
            "withdrawn": withdrawn(ind) or withdrawn(item),
        }
        for item in project.livelihood["items"]
        for ind in item["indicators"]
    ]
    assert [r["row"] for r in rows] == list(range(1, len(expected) + 1))
    assert [list(r["breakdown"]) for r in rows] == [columns] * len(expected)
    assert [
        {**r, "target": exact(r["target"]), "breakdown": {a: exact(v) for a, v in r["breakdown"].items()}}
        for r in ({k: v for k, v in r.items() if k != "row"} for r in rows)
    ] == expected
    assert (out / f"{year}/source.txt").read_text("utf-8") == project.source

    site = validate.build_site(load.read_sources(root))
    templates = {urls.output_file(p): t for p, t, _, _ in page_specs(site)}
    assert sorted(templates) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    for path, template in templates.items():
        html = (out / path).read_text("utf-8")
        tags = [t for t in re.findall(r"<script\b[^>]*>", html, re.IGNORECASE) if "application/ld+json" not in t]
        assert len(tags) == script_tags_in_template(root / "templates", template), f"{path}: {tags}"
        assert all(re.search(r'\ssrc="/static/', tag) for tag in tags), f"{path}: {tags}"


@settings(SETTINGS, max_examples=150)
@given(project=projects())
def test_a_valid_project_has_no_data_errors(project: Project) -> None:
    """Loading and validation only: cheap, so many examples, and a failure shrinks quickly."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        write_project(root, project, templates=False)
        validate.build_site(load.read_sources(root))  # raises DataError


@SETTINGS
@given(project=projects())
def test_a_valid_project_builds_and_every_fact_is_on_its_pages(project: Project) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        write_project(root, project)
        out = Path(tmp) / "site"
        try:
            build(root, out, with_search=False)
        except DataError:  # a valid project rejected by validation: reported by the property above
            reject()
        check_site(project, root, out)


# --- invalid edits ---------------------------------------------------------------------------------


def set_value(lines: list[str], line: int, col: int, new: str) -> None:
    lines[line] = lines[line][:col] + new


def set_line(lines: list[str], line: int, new: str) -> None:
    lines[line] = new


def insert_line(lines: list[str], line: int, new: str) -> None:
    lines.insert(line, new)


def replace_lines(lines: list[str], first: int, end: int, *new: str) -> None:
    lines[first:end] = new


def swap_lines(lines: list[str], a: int, b: int) -> None:
    lines[a], lines[b] = lines[b], lines[a]


@dataclass(frozen=True)
class Edit:
    """One change to one file of a valid project, and the 1-based line its error must name."""

    file: str
    line: int
    op: Callable[..., None]
    args: tuple
    original: tuple[str, ...] = field(repr=False)

    def apply(self) -> list[str]:
        lines = list(self.original)
        self.op(lines, *self.args)
        return lines

    def __repr__(self) -> str:  # what Hypothesis prints for a failing example: the lines changed
        a, b = self.original, self.apply()
        p = 0
        while p < min(len(a), len(b)) and a[p] == b[p]:
            p += 1
        q = 0
        while q < min(len(a), len(b)) - p and a[-1 - q] == b[-1 - q]:
            q += 1
        change = f"{list(a[p : len(a) - q])!r} -> {list(b[p : len(b) - q])!r}"
        return f"Edit({self.file} line {p + 1}: {change}; error expected at line {self.line})"


TEXT_FIELDS = {"name", "full_name", "note", "reason", "text", "inference_note", "title", "doc_no", "index_no"} | {
    "issuer",
    "signed_by",
    "disclosure",
    "tasks_title",
    "tasks_note",
    "livelihood_title",
}
# Not breakdown: a row without one is a citywide target not broken down by area (test_edition_shapes.py).
REQUIRED = {"name", "full_name", "slug", "kind", "no", "text", "units", "category", "lead", "indicators"} | {
    "target",
    "date",
    "reason",
    "categories",
    "items",
}
BAD_FIGURES = ["3,5", "1,000", "abc", "0x10", "0", "0.0", "033", "1e3", "-5", ".5", "5.", "１２", "1/2", "NaN", "~"]


def candidate_edits(project: Project, files: dict[str, YamlFile]) -> dict[str, list[Edit]]:
    """Every single-edit way to make the project invalid, by kind, each with the line its error must name."""
    unit_names = {u["name"] for u in project.units}
    area_names = {a["name"] for a in project.areas}
    edits: dict[str, list[Edit]] = {}

    def unknown(name: str, known: set[str]) -> str:
        while name in known:
            name += "甲"
        return quoted(name)

    for file, f in files.items():
        original = tuple(f.lines)

        def add(kind: str, line: int, op: Callable[..., None], *args: object) -> None:
            edits.setdefault(kind, []).append(Edit(file, line, op, args, original))  # noqa: B023

        for path, (line, col) in f.values.items():
            value, last = f.lines[line][col:], path[-1]

            def replace(kind: str, new: str) -> None:
                add(kind, line + 1, set_value, line, col, new)  # noqa: B023

            if (file.endswith("tasks.yaml") and "units" in path and isinstance(last, int)) or last == "lead":
                replace("unknown unit", unknown(json.loads(value) + "局", unit_names))
                if isinstance(last, int) and last > 0:
                    replace("unit listed twice", f.lines[f.values[(*path[:-1], 0)][0]][col:])
            if (len(path) == 2 and path[0] in ("area_columns", "inferred_columns")) or (
                last == "area" and file.endswith("units.yaml")
            ):
                replace("unknown area", unknown(json.loads(value) + "区", area_names))
            if last == "target" or "breakdown" in path:
                for bad in BAD_FIGURES:
                    replace("bad figure", bad)
            if last == "no":
                n = int(value)
                for new in (str(n + 1), str(n + 7), str(n - 1) if n > 1 else "0", "01", "1.0", "一"):
                    replace("number out of sequence", new)
            if last == "category":
                replace("unknown category", str(len(project.livelihood["categories"]) + 1))
            if last == "slug":
                for bad in ("Bad", "a_b", "a--b", "-a", "ä"):
                    replace("bad slug", bad)
            if last == "kind":
                replace("bad kind", "department")
            if last in ("written", "published", "date"):
                for bad in ("2023-02-30", "2023-3-1", "20230301", "2023/03/01"):
                    replace("bad date", bad)
            if last == "year":
                replace("wrong year", str(project.year + 1))
            if last in TEXT_FIELDS and "breakdown" not in path:
                text = json.loads(value)
                for at in sorted({0, len(text) // 2, len(text)}):
                    replace("markup in text", quoted(text[:at] + "<script>alert(1)</script>" + text[at:]))
                replace("spaces around text", quoted(" " + text))
                replace("spaces around text", quoted(text + " "))
            if not isinstance(last, int):  # a key: value line
                row = f.lines[line]
                if len(path) < 2 or path[-2] != "breakdown":  # a field name, not a quoted area name
                    add("full-width colon", line + 1, set_line, line, row[: col - 2] + "：" + row[col:])
                add("duplicate key", line + 2, insert_line, line + 1, re.sub(r"^(\s*)- ", r"\1  ", row))

        for path, start in f.starts.items():
            keys = [p for p in f.spans if len(p) == len(path) + 1 and p[:-1] == path and not isinstance(p[-1], int)]
            if path and path[-1] == "breakdown":
                add("areas out of order", start + 1, swap_lines, f.spans[keys[0]][0], f.spans[keys[1]][0])
                continue
            for key in keys[1:]:  # deleting the first key of a list item would take its "- " with it
                if key[-1] in REQUIRED:
                    add("missing field", start + 1, replace_lines, *f.spans[key])
            end = max(f.spans[k][1] for k in keys)
            add("unknown field", end + 1, insert_line, end, " " * f.indents[path] + 'colour: "红"')

        for path, (first, end) in f.spans.items():
            # (units: [] is a task for which the document lists no unit: not a slip)
            if path[-1] == "indicators" and file.endswith("livelihood.yaml"):
                add("empty list", first + 1, replace_lines, first, end, f.lines[first] + " []")

        for i in range(1, len(f.lines)):
            add("tab", i + 1, set_line, i, "\t" + f.lines[i])

    for file, records in (("data/units.yaml", project.units), ("data/areas.yaml", project.areas)):
        f = files[file]
        for j in range(1, len(records)):
            line, col = f.values[(j, "slug")]
            for i in range(j):
                edits.setdefault("slug used twice", []).append(
                    Edit(file, line + 1, set_value, (line, col, records[i]["slug"]), tuple(f.lines))  # at the slug
                )
    return edits


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@SETTINGS
@given(project=projects(), data=st.data())
def test_a_bad_edit_names_file_and_line_and_leaves_the_site_untouched(project: Project, data: st.DataObject) -> None:
    """Each of a few edits, one at a time, to the project whose site was built first."""
    with tempfile.TemporaryDirectory() as tmp:
        root, out = Path(tmp) / "project", Path(tmp) / "site"
        files = write_project(root, project)
        try:
            build(root, out, with_search=False)
        except DataError:  # a valid project rejected by validation: test_a_valid_project_has_no_data_errors
            reject()
        before = tree_digest(out)
        edits = candidate_edits(project, files)
        # Several kinds per project (a failed build stops at validation, so it is cheap).
        for kind in data.draw(st.lists(st.sampled_from(sorted(edits)), min_size=1, max_size=5, unique=True)):
            edit = data.draw(st.sampled_from(edits[kind]), label=kind)
            event(kind)
            (root / edit.file).write_text("\n".join(edit.apply()) + "\n", "utf-8")

            with pytest.raises(DataError) as error:
                build(root, out, with_search=False)

            message = str(error.value)
            assert re.search(rf"^{re.escape(edit.file)}:{edit.line}:", message, re.MULTILINE), (
                f"{kind}: expected an error at {edit.file}:{edit.line}, got:\n{message}"
            )
            assert tree_digest(out) == before, "the previous site changed"
            assert sorted(p.name for p in Path(tmp).iterdir()) == ["project", "site"], "temporary folders left behind"
            (root / edit.file).write_text(files[edit.file].text(), "utf-8")


# --- every figure the format allows ----------------------------------------------------------------

# Any figure data/README.md allows: digits with an optional decimal part, no leading zeros. The builds
# above use figures of a realistic size; this property covers the rest of the format cheaply, through
# the same code the build uses to check a figure, show it (the templates' `num` filter) and export it.
ANY_FIGURE = st.from_regex(r"(?:0|[1-9][0-9]{0,29})(?:\.[0-9]{1,12})?", fullmatch=True)
JSON_NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")  # as tests/test_data_json.py: no exponent


def accepted_figure(written: str) -> Figure | None:
    """The figure validation reads from a breakdown cell, or None when it rejects the text."""
    check = validate.Checker()
    figure = check.figure(load.Str(written, Pos("data/2023/livelihood.yaml", 1, 1)), "第1行", "第1行的全市目标")
    return None if check.problems else figure


@functools.cache
def num_filter() -> Callable[[Figure], str]:
    """The filter the templates show a figure with."""
    return environment(ROOT / "templates", Config()).filters["num"]


@settings(SETTINGS, max_examples=300)
@given(written=ANY_FIGURE)
def test_every_valid_figure_is_shown_as_written_and_exported_exactly(written: str) -> None:
    figure = accepted_figure(written)
    assume(figure is not None)
    assert figure.value == Decimal(written)

    shown = num_filter()(figure)
    assert shown == written, f"the page shows {written} as {shown}"

    literal = to_json(json_number(figure.value)).decode().strip()
    assert Decimal(literal) == Decimal(written), f"the JSON has {literal} for {written}"
    assert JSON_NUMBER.fullmatch(literal), f"the JSON writes {written} as {literal}"


@settings(SETTINGS, max_examples=100)
@given(written=ANY_FIGURE, target=ANY_FIGURE)
@example(written="1" + "0" * 26, target="1")  # 10^28 %: more digits than Decimal's default context holds
def test_the_share_of_any_two_valid_figures_can_be_computed(written: str, target: str) -> None:
    """An area's percent of the citywide target, shown on item and area pages, computed while validating."""
    figure, whole = accepted_figure(written), accepted_figure(target)
    assume(figure is not None and whole is not None)
    percent = share(figure.value, whole.value)
    assert abs(percent - figure.value * 100 / whole.value) <= Decimal("0.05")


# --- any accepted text is published as itself ------------------------------------------------------

# What breaks an encoder that trusts its data to lack a character: markup and character references as
# text, JSON, CSV and XML quoting, template syntax, the old decimal marker with its NUL written out as
# text, YAML's comment and key markers, the list separator; and any character at all. The build decides
# what it accepts: a text it refuses is not an example.
PIECES = [
    *("&", "&amp;", "&#8238;", "&lt;", "&nbsp", '"', "'", "\\", "\\u0000", '\\"', "\\n", "]]>", "--", "/*"),
    *("{{ x }}", "{% if %}", "${x}", "%s", ",", '","', "3.5", "javascript:", "//x/", "#", " #", ": ", "、", "\ufffd"),
    *("\U0001f600", "\u00e9", "e\u0301", "\ufdd0", "\u2f08"),
]
NOT_XML = "\ufffe\uffff"  # refused as invisible (chars.py); test_a_noncharacter_is_refused_* holds that
VISIBLE_CHAR = st.characters(codec="utf-8").filter(lambda c: not INVISIBLE.match(c))
PUBLISHED_TEXT = (
    st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(CJK + FULL_WIDTH + RARE), VISIBLE_CHAR), max_size=10)
    .map("".join)
    .map(str.strip)
    .filter(lambda t: t and t[0] not in "=+-@" and not re.search("[<>]", t))
)
FIRST_TEXT = "第一项任务的初稿。"  # the text of task 1 in the first commit; the second commit sets it to the text
PUBLISHED_ON, WITHDRAWN_ON = "2023-03-03", "2023-06-01"
SITE_URL = "https://example.org"


def registry_name(text: str) -> str:
    """The text as a unit's or area's name: in NFKC, as a name must be (or a fixed one, if that is no text)."""
    name = unicodedata.normalize("NFKC", text).strip()
    return name if name and name[0] not in "=+-@" and not re.search("[<>]", name) else "名称甲"


def carrier(text: str, name: str, slug: str, area_slug: str, escape: bool) -> Project:
    """A small 2023 project with text as the document's title, a unit's note, a task's text and withdrawal
    reason, a category, an item and an indicator; name as a unit's and an area's name; full names text(全称)."""
    t, n = (Escaped(text), Escaped(name)) if escape else (text, name)
    full = Escaped(f"{text}(全称)") if escape else f"{text}(全称)"
    units = [
        {"name": n, "full_name": full, "slug": Plain(slug), "kind": Plain("city-department"), "note": t},
        {
            "name": "市发展改革委",
            "full_name": "嘉兴市发展和改革委员会",
            "slug": Plain("fgw"),
            "kind": Plain("city-department"),
        },
    ]
    areas = [
        {"name": n, "full_name": full, "slug": Plain(area_slug), "kind": Plain("district")},
        {"name": "秀洲区", "full_name": "嘉兴市秀洲区", "slug": Plain("xiuzhou-q"), "kind": Plain("district")},
    ]
    document = {
        "year": Plain("2023"),
        "title": t,
        **{key: f"{key}。" for key in ("doc_no", "index_no", "issuer", "signed_by", "disclosure")},
        "written": Plain("2023-03-01"),
        "published": Plain(PUBLISHED_ON),
        "source_file": Plain("source.txt"),
        **{key: f"{key}。" for key in ("tasks_title", "tasks_note", "livelihood_title")},
        "area_columns": [n, "秀洲区"],
    }
    tasks = [
        {"no": Plain("1"), "text": t, "units": [n, "市发展改革委"]},
        {
            "no": Plain("2"),
            "text": "第二项任务。",
            "units": ["市发展改革委"],
            "withdrawn": {"date": Plain(WITHDRAWN_ON), "reason": t},
        },
    ]
    row = {"name": t, "target": Plain("10"), "breakdown": AreaMap({n: Plain("4"), "秀洲区": Plain("6")})}
    item = {"no": Plain("1"), "category": Plain("1"), "text": t, "lead": n, "indicators": [row]}
    livelihood = {"categories": [{"no": Plain("1"), "name": t}], "items": [item]}
    return Project(2023, units, areas, document, tasks, livelihood, "原文。\n")


def git(root: Path, *args: str, when: str) -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "HOME": str(root), "PATH": os.environ["PATH"]}
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env=env,
    )


def commit_history(root: Path, project: Project) -> None:
    """Two commits of data/: task 1 first with FIRST_TEXT and task 2 not withdrawn, then the project as it is."""
    first = Project(**{**project.__dict__, "tasks": [dict(project.tasks[0], text=FIRST_TEXT), project.tasks[1]]})
    first.tasks[1] = {k: v for k, v in first.tasks[1].items() if k != "withdrawn"}
    write_project(root, first)
    git(root, "init", "-q", when="2023-03-03T09:00:00+08:00")
    git(root, "add", "-A", when="2023-03-03T09:00:00+08:00")
    git(root, "commit", "-q", "-m", "first", when="2023-03-03T09:00:00+08:00")
    write_project(root, project, templates=False)
    git(root, "commit", "-q", "-a", "-m", "second", when="2023-06-01T09:00:00+08:00")


def ld(soup: BeautifulSoup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


def csv_rows(out: Path, name: str) -> list[dict[str, str]]:
    data = (out / "data" / name).read_bytes()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xml(out: Path, name: str) -> ElementTree.Element:
    return ElementTree.fromstring((out / name).read_bytes())  # raises ParseError if it is not XML


@settings(SETTINGS, max_examples=40)
@given(text=PUBLISHED_TEXT, slug=SLUGS, escape=st.booleans())
@example(text="\\u00003.5\\u0000", slug="a", escape=False)  # the old decimal marker, its NUL as text
@example(text="&#8238;&amp;]]>（全角）", slug="a", escape=True)
def test_any_accepted_text_is_published_as_itself_everywhere(text: str, slug: str, escape: bool) -> None:
    """The same string in the HTML (parsed), the JSON, the JSON-LD, the Atom feeds, the CSV and (its slug)
    the sitemap, wherever the text goes: nothing escaped twice, cut, normalized or taken for markup."""
    name, area_slug = registry_name(text), f"{slug}-q"
    project = carrier(text, name, slug, area_slug, escape)
    with tempfile.TemporaryDirectory() as tmp:
        root, out = Path(tmp) / "project", Path(tmp) / "site"
        commit_history(root, project)
        try:
            build(root, out, Config(site_url=SITE_URL), with_search=False)
        except DataError:
            reject()  # not an accepted text
        check_published(text, name, slug, area_slug, out)


def check_published(text: str, name: str, slug: str, area_slug: str, out: Path) -> None:
    full, root = f"{text}(全称)", SITE_URL + "/"

    task = page(out, "2023/tasks/1/")
    assert task.select_one("blockquote.task-text p").get_text() == text
    assert task.find("meta", attrs={"name": "description"})["content"] == f"{text} 牵头单位:{name}。"
    assert links_to(task, f"departments/{slug}/")[0] == name
    task_ld = ld(task)
    assert (task_ld["text"], task_ld["isPartOf"]["name"]) == (text, text)
    assert task_ld["mentions"][0] == {
        "@type": "GovernmentOrganization",
        "name": name,
        "alternateName": full,
        "url": f"{root}departments/{slug}/",
    }
    withdrawn = page(out, "2023/tasks/2/").select_one("p.caution").get_text()
    assert withdrawn == f"本项任务已撤销。撤销日期 {WITHDRAWN_ON}。{text} 以下保留原内容,以便查阅和核对引用。"
    unit = page(out, f"departments/{slug}/")
    assert unit.find("h1").get_text() == name
    assert (ld(unit)["about"]["name"], ld(unit)["about"]["alternateName"]) == (name, full)  # the page is about it
    area = page(out, f"districts/{area_slug}/")
    assert area.find("h1").get_text() == name
    assert (ld(area)["about"]["name"], ld(area)["about"]["alternateName"]) == (name, full)
    project = page(out, "2023/projects/1/")
    assert project.select_one("blockquote.task-text p").get_text() == text
    assert project.find(id="row-1-h").get_text() == f"{text}:全市 10"
    assert (ld(project)["text"], ld(project)["genre"]) == (text, text)

    def read_json(name: str) -> list:
        return json.loads((out / "data" / name).read_text("utf-8"), parse_float=Decimal)

    tasks = read_json("2023/tasks.json")
    assert (tasks[0]["text"], tasks[0]["units"][0], tasks[0]["lead"]) == (text, name, name)
    assert tasks[1]["withdrawn"] == {"date": WITHDRAWN_ON, "reason": text}
    row = read_json("2023/livelihood.json")[0]
    assert (row["category"], row["item"], row["indicator"], row["lead"]) == (text, text, text, name)
    assert row["breakdown"] == {name: 4, "秀洲区": 6} and row["target"] == 10
    for units, areas in (
        (read_json("units.json"), read_json("areas.json")),
        (csv_rows(out, "units.csv"), csv_rows(out, "areas.csv")),
    ):
        assert next((u["name"], u["full_name"], u["note"]) for u in units if u["slug"] == slug) == (name, full, text)
        assert next((a["name"], a["full_name"]) for a in areas if a["slug"] == area_slug) == (name, full)

    tasks_csv = csv_rows(out, "2023/tasks.csv")
    assert (tasks_csv[0]["text"], tasks_csv[0]["lead"], tasks_csv[1]["withdrawn_reason"]) == (text, name, text)
    livelihood_csv = csv_rows(out, "2023/livelihood.csv")[0]
    assert [livelihood_csv[k] for k in ("category", "item", "indicator", "lead", name)] == [text] * 3 + [name, "4"]
    assert csv_rows(out, "2023/livelihood_targets.csv")[0]["area"] == name

    atom = "{http://www.w3.org/2005/Atom}"
    summaries = [e.findtext(f"{atom}summary") for e in xml(out, "feeds/changes.xml").iter(f"{atom}entry")]
    assert any(s.startswith(f"任务内容:原为 {FIRST_TEXT},改为 {text}\n(数据版本 ") for s in summaries), summaries
    assert any(s.startswith(f"撤销:新增 {WITHDRAWN_ON} {text}\n(数据版本 ") for s in summaries), summaries
    assert (
        xml(out, f"feeds/departments/{slug}.xml").findtext(f"{atom}title")
        == f"{name}:重点工作和民生实事的修改记录和进展通报"
    )
    assert (
        xml(out, f"feeds/districts/{area_slug}.xml").findtext(f"{atom}title")
        == f"{name}:民生实事目标和重点工作的修改记录和进展通报"
    )

    locs = [loc.text for loc in xml(out, "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{root}departments/{slug}/" in locs and f"{root}districts/{area_slug}/" in locs


@pytest.mark.parametrize("char", NOT_XML)
@pytest.mark.parametrize("escape", [True, False])
def test_a_noncharacter_is_refused_typed_or_written_as_an_escape(char: str, escape: bool, tmp_path: Path) -> None:
    """XML has no U+FFFE or U+FFFF: accepted, either would make the Atom feeds that hold it unreadable."""
    write_project(tmp_path, carrier(f"任务{char}", "单位", "a", "a-q", escape=escape), templates=False)
    with pytest.raises(DataError, match=f"U\\+{ord(char):04X}"):
        validate.build_site(load.read_sources(tmp_path))


# --- the JSON writer: no text can become a number ---------------------------------------------------

JSON_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(),  # any character: NUL and "\u00003.5\u0000" included (the validator refuses NUL, to_json must not care)
    st.sampled_from(["\x003.5\x00", "\x00-2\x00", '"\x003.5\x00"', "\\u00003.5\\u0000"]),
    st.decimals(allow_nan=False, allow_infinity=False),
    ANY_FIGURE.map(Decimal),
)
JSON_VALUE = st.recursive(
    JSON_SCALAR, lambda inner: st.one_of(st.lists(inner), st.dictionaries(st.text(), inner)), max_leaves=20
)


def same_types(a: object, b: object) -> bool:
    """Equal, and a string where the other has a string, a Decimal where the other has a Decimal."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same_types(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_types(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@settings(SETTINGS, max_examples=500)
@given(value=JSON_VALUE)
@example(value=["\x003.5\x00", Decimal("3.5"), {"\x003.5\x00": Decimal("0.0000001")}])
def test_to_json_reads_back_strings_as_strings_and_decimals_as_the_exact_numbers(value: object) -> None:
    def decimals_as_read(v: object) -> object:  # json.loads gives an int for a Decimal without a fraction
        if isinstance(v, Decimal):
            return int(v) if "." not in format(v, "f") else Decimal(format(v, "f"))
        if isinstance(v, list):
            return [decimals_as_read(x) for x in v]
        return {k: decimals_as_read(x) for k, x in v.items()} if isinstance(v, dict) else v

    read = json.loads(to_json(value), parse_float=Decimal)
    assert same_types(read, decimals_as_read(value))


@settings(SETTINGS, max_examples=300)
@given(
    value=st.recursive(
        JSON_SCALAR.filter(lambda v: not isinstance(v, Decimal)),
        lambda inner: st.one_of(st.lists(inner), st.dictionaries(st.text(), inner)),
        max_leaves=20,
    )
)
def test_to_json_without_decimals_is_the_standard_library_byte_for_byte(value: object) -> None:
    assert to_json(value) == (json.dumps(value, indent=1, ensure_ascii=False) + "\n").encode()


class Html:
    def __init__(self, html: str) -> None:
        self.html = html

    def __html__(self) -> str:
        return self.html


class Text(str):
    pass


@settings(SETTINGS, max_examples=500)
@given(
    value=st.one_of(
        st.text(),
        st.text().map(Markup),
        st.text().map(Text),
        st.text().map(Html),
        st.decimals(allow_nan=False),
        st.integers(),
        st.none(),
        st.booleans(),
    )
)
@example(value="<a href=\"x\">'&'</a>")
@example(value=Markup("<b>&amp;</b>"))
def test_the_templates_escape_exactly_as_markupsafe(value: object) -> None:
    """escape_output, the compiled templates' {{ value }}, skips markupsafe's Python-level calls for a str
    or Markup: the same text, and Markup, whatever the value."""
    ours, theirs = escape_output(value), escape(value)
    assert type(ours) is type(theirs) is Markup
    assert str.__str__(ours) == str.__str__(theirs)
    template = environment(ROOT / "templates", Config()).from_string("{{ value }}")
    assert template.root_render_func.__globals__["escape"] is escape_output
    assert template.render(value=value) == theirs


def test_to_json_writes_decimals_digit_for_digit_and_refuses_what_is_not_a_number() -> None:
    assert to_json([Decimal("33.30"), Decimal("0.0000001"), Decimal("-0.5"), "33.30"]) == (
        b'[\n 33.30,\n 0.0000001,\n -0.5,\n "33.30"\n]\n'
    )
    for bad in (Decimal("NaN"), Decimal("Infinity"), float("nan"), object()):
        with pytest.raises((TypeError, ValueError)):
            to_json([bad])
