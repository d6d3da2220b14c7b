"""The built pages: every record's facts on its page, none missing, none duplicated.

Pages are parsed with BeautifulSoup and compared as extracted structures (links, headings,
table cells) against the data model of data/, computed independently of the templates.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import Tag
from test_page_structure import check_heading_levels, check_skeleton, expected_pages, parse, text

from disclosure import urls
from disclosure.build.templating import fingerprinted
from disclosure.model import Area, Edition, Indicator, Item, Site, Task, Unit
from disclosure.outputs import schema
from disclosure.progress import NO_PROGRESS
from disclosure.source import load, validate

ROOT = Path(__file__).resolve().parents[2]
BASE = "/"  # the base path conftest's build uses (Config default)
SITE_URL = "https://jiaxing.disclosure.example.org"  # the site URL conftest's build uses (site.yaml's site_url)

# Only for parametrizing (ids like "task-17"); the tests themselves read the `site_model` fixture.
_MODEL = validate.build_site(load.read_sources(ROOT))
_ED = _MODEL.latest

# Facts of the 2023 document, written out here so the tests do not only echo the data files.
AREA_COLUMNS_2023 = [
    "南湖区",
    "秀洲区",
    "嘉善县",
    "平湖市",
    "海盐县",
    "海宁市",
    "桐乡市",
    "嘉兴经济技术开发区",
    "浙江乍浦经济开发区(嘉兴港区)",
    "其他",
]
INFERRED_2023 = AREA_COLUMNS_2023[:7]
# (item no, indicator name): (sum of the area values, citywide target)
MISMATCHES_2023 = {(9, "停车位"): (Decimal(7429), Decimal(7000)), (24, "城市道路"): (Decimal(10), Decimal(8))}
NUMERALS = "一二三四五六七八九十"
NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
SHARE = re.compile(r"((?:0|[1-9][0-9]*)\.[0-9])%")  # always one decimal: 20.0%, 19.7%
# Shares are rounded to one decimal half up (四舍五入: 6.25 -> 6.3), as readers expect; 9 cells of 2023 are ties.
SHARE_ROUNDING = ROUND_HALF_UP
NO_TARGET = "无目标"


# --- where things are ---------------------------------------------------------------------------


def href(path: str) -> str:
    """The href a page uses for a site path."""
    return urls.link(BASE, path)


def main_of(site_dir: Path, path: str) -> Tag:
    main = parse(site_dir, path).find("main", id="main")
    assert main is not None, f"{path}: no <main id=main>"
    return main


# --- extraction helpers -------------------------------------------------------------------------


def joined(tag: Tag) -> str:
    """A tag's text exactly as its characters run (for verbatim Chinese text without inserted spaces)."""
    return tag.get_text().strip()


def links(tag: Tag | None) -> list[tuple[str, str]]:
    """(href, text) of every link inside tag, in document order."""
    return [] if tag is None else [(a["href"], joined(a)) for a in tag.find_all("a", href=True)]


def hrefs(tag: Tag | None) -> list[str]:
    return [h for h, _ in links(tag)]


def facts(tag: Tag) -> dict[str, Tag]:
    """The <dd> of each <dt> label in a definition list."""
    return {text(dt): dt.find_next_sibling("dd") for dt in tag.find_all("dt")}


def list_after(heading: Tag) -> Tag | None:
    """The list directly following a heading, or None when the next element is not a list."""
    following = heading.find_next_sibling()
    return following if following is not None and following.name in ("ol", "ul") else None


def table_after(heading: Tag) -> Tag | None:
    following = heading.find_next_sibling()
    return following if following is not None and following.name == "table" else None


def cells(row: Tag) -> list[Tag]:
    return row.find_all(["th", "td"], recursive=False)


def numbers_in(s: str) -> list[str]:
    return re.findall(r"\d+", s)


def shown_unit(cell: Tag) -> str | None:
    """The unit of measure shown after a figure (the editors', a span of its own), None for a bare figure."""
    units = [joined(u) for u in cell.find_all(class_="unit")]
    assert len(units) <= 1, f"figure cell {joined(cell)!r} has {len(units)} units"
    return units[0] if units else None


def shown_figure(cell: Tag) -> str | None:
    """A figure cell as shown, without its unit (see shown_unit): the number text, or None for the distinct
    no-target marker (which never has a unit)."""
    marker = cell.find(class_="no-target")
    if marker is not None:
        assert joined(marker).startswith(NO_TARGET), f"no-target marker reads {joined(marker)!r}"
        assert shown_unit(cell) is None, "a unit after 无目标"
        return None
    unit = shown_unit(cell)
    shown = joined(cell).removesuffix(f" {unit}" if unit else "")
    assert NUMBER.fullmatch(shown), f"figure cell reads {shown!r}, expected a number as written or {NO_TARGET}"
    return shown


def figure_text(value: Decimal | None) -> str | None:
    """How the document writes a figure (the YAML keeps it as an exact Decimal of the same digits)."""
    return None if value is None else str(value)


def shown_share(cell: Tag) -> Decimal | None:
    """A share cell: its percent as a Decimal, or None for the dash."""
    shown = joined(cell)
    if shown == "—":
        return None
    m = SHARE.fullmatch(shown)
    assert m, f"share cell reads {shown!r}, expected a percent with one decimal or —"
    return Decimal(m.group(1))


def expected_share(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    if value is None or target is None or target == 0:
        return None
    return (value * 100 / target).quantize(Decimal("0.1"), rounding=SHARE_ROUNDING)


def area_sum(ind: Indicator) -> Decimal:
    return sum((c.figure.value for c in ind.cells if c.figure.value is not None), Decimal(0))


def task_by_no(ed: Edition, no: int) -> Task:
    (task,) = [t for t in ed.tasks if t.no == no]
    return task


def item_by_no(ed: Edition, no: int) -> Item:
    (item,) = [i for i in ed.items if i.no == no]
    return item


def unit_by_slug(site: Site, slug: str) -> Unit:
    (unit,) = [u for u in site.units if u.slug == slug]
    return unit


def area_by_slug(site: Site, slug: str) -> Area:
    (area,) = [a for a in site.areas if a.slug == slug]
    return area


def unit_links(units: tuple[Unit, ...] | list[Unit]) -> list[tuple[str, str]]:
    return [(href(urls.department(u)), u.name) for u in units]


# --- every page -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", expected_pages(_MODEL), ids=lambda p: f"page-{p}")
def test_page_skeleton(site_dir: Path, page: str) -> None:
    check_skeleton(parse(site_dir, page))


@pytest.mark.parametrize("page", expected_pages(_MODEL), ids=lambda p: f"page-{p}")
def test_headings_do_not_skip_levels(site_dir: Path, page: str) -> None:
    check_heading_levels(parse(site_dir, page))


def test_the_generated_pages_are_exactly_the_expected_ones(site_dir: Path, site_model: Site) -> None:
    expected = expected_pages(site_model)
    assert not [p for p, n in Counter(expected).items() if n > 1], "two records map to one page"
    built = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    assert built == sorted(expected)
    ed = site_model.latest
    assert (len(ed.tasks), len(ed.items), len(site_model.units), len(site_model.areas)) == (118, 25, 57, 10)
    assert len(site_model.latest.reports) == 1  # the 2024 work report's review of 2023
    assert len(expected) == 4 + 2 + 57 + 10 + 5 + 118 + 25 + 2  # + the list of reports and the report


def test_sitemap_lists_every_page_once(site_dir: Path) -> None:
    tree = ElementTree.parse(site_dir / urls.SITEMAP_FILE)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    prefix = SITE_URL + BASE
    assert all(loc.startswith(prefix) for loc in locs), locs
    listed = [urls.output_file(loc[len(prefix) :]) for loc in locs]
    assert not [p for p, n in Counter(listed).items() if n > 1]
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("index.html"))
    assert sorted(listed) == pages


# --- tasks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("no", [t.no for t in _ED.tasks], ids=lambda n: f"task-{n}")
def test_task_page(site_dir: Path, site_model: Site, no: int) -> None:
    ed = site_model.latest
    task = task_by_no(ed, no)
    main = main_of(site_dir, urls.task(task))
    assert numbers_in(text(main.find("h1"))) == [str(no)]
    quote = main.find("blockquote")
    assert joined(quote) == task.text
    dd = facts(main)
    assert links(dd["牵头单位"]) == unit_links([task.units[0]])
    assert links(dd["其他责任单位"]) == unit_links(task.units[1:])
    if len(task.units) == 1:
        assert joined(dd["其他责任单位"]).startswith("无")
    citation = main.find(class_="citation")
    assert ed.document.doc_no in text(citation)
    assert f"{ed.document.tasks_title}第{no}项" in text(citation)


def task_index_rows(main: Tag) -> list[tuple[str, str, str, str, list[tuple[str, str]], str]]:
    """(row id, number link, number link text, task text, unit links, latest status filter value) of each row
    of the task table."""
    rows = []
    for tr in main.find("table", class_="tasks").tbody.find_all("tr", recursive=False):
        no, task_text, units, _latest = cells(tr)
        ((no_href, no_text),) = links(no)
        rows.append((tr.get("id"), no_href, no_text, joined(task_text), links(units), tr.get("data-status")))
    return rows


def test_task_index_rows(site_dir: Path, site_model: Site) -> None:
    ed = site_model.latest
    rows = task_index_rows(main_of(site_dir, urls.tasks(ed)))
    assert len(rows) == 118
    latest = {t: timeline[0][1].status.name for t, timeline in ed.task_timeline.items()}
    expected = [
        (f"task-{t.no}", href(urls.task(t)), f"第{t.no}项", t.text, unit_links(t.units), latest.get(t, NO_PROGRESS))
        for t in ed.tasks
    ]
    assert rows == expected


def lead_options(main: Tag) -> list[tuple[str, str, int]]:
    """(value, unit name, count) of each option of the lead filter, except the 'all' option."""
    options = []
    for option in main.find("select", id="lead").find_all("option"):
        m = re.fullmatch(r"(.+)\((\d+)项\)", joined(option))
        assert m, f"option reads {joined(option)!r}"
        options.append((option.get("value", ""), m.group(1), int(m.group(2))))
    return options


def test_task_index_lead_filter(site_dir: Path, site_model: Site) -> None:
    ed = site_model.latest
    options = lead_options(main_of(site_dir, urls.tasks(ed)))
    assert options[0] == ("", "全部牵头单位", len(ed.tasks))
    leads = options[1:]
    counts = Counter(t.units[0] for t in ed.tasks)
    assert len({slug for slug, _, _ in leads}) == len(leads), "a lead unit is listed twice"
    assert sorted(leads) == sorted((u.slug, u.name, n) for u, n in counts.items())
    assert sum(n for _, _, n in leads) == 118


# --- departments ------------------------------------------------------------------------------


def department_section(main: Tag, year: int) -> dict[str, object] | None:
    """The year's section of a department page: task hrefs led and co, and the livelihood rows led."""
    h2 = main.find("h2", id=f"y{year}")
    if h2 is None:
        return None
    led = main.find("h3", id=f"led-{year}")
    co = main.find("h3", id=f"co-{year}")
    rows_heading = main.find("h3", id=f"rows-{year}")
    table = table_after(rows_heading)
    rows = []
    if table is not None:
        for tr in table.tbody.find_all("tr", recursive=False):
            item, name, target = cells(tr)
            rows.append((hrefs(item), joined(name), shown_figure(target), shown_unit(target)))
    return {"led": hrefs(list_after(led)), "co": hrefs(list_after(co)), "rows": rows}


def expected_department(ed: Edition, unit: Unit) -> dict[str, object] | None:
    led = [t for t in ed.tasks if t.units[0] is unit]
    co = [t for t in ed.tasks if unit in t.units[1:]]
    items = [i for i in ed.items if i.lead is unit]
    if not (led or co or items):
        return None
    return {
        "led": [href(urls.task(t)) for t in led],
        "co": [href(urls.task(t)) for t in co],
        "rows": [
            ([href(urls.project(i))], ind.label or ind.name or "(不分指标)", figure_text(ind.target.value), ind.unit)
            for i in items
            for ind in i.indicators
        ],
    }


@pytest.mark.parametrize("slug", [u.slug for u in _MODEL.units], ids=lambda s: f"department-{s}")
def test_department_page(site_dir: Path, site_model: Site, slug: str) -> None:
    unit = unit_by_slug(site_model, slug)
    main = main_of(site_dir, urls.department(unit))
    assert text(main.find("h1")) == unit.name
    assert text(facts(main)["全称"]).startswith(unit.full_name)
    for ed in site_model.editions:
        assert department_section(main, ed.year) == expected_department(ed, unit)
        work = [w for w in site_model.unit_work[slug] if w.edition is ed]
        expected = expected_department(ed, unit)
        if work:  # the model's own index agrees with the tasks and items
            (w,) = work
            assert expected is not None
            assert expected["led"] == [href(urls.task(t)) for t in w.led]
            assert expected["co"] == [href(urls.task(t)) for t in w.co]
            assert len(expected["rows"]) == len(w.rows_led)
        else:
            assert expected is None


def department_index_rows(main: Tag, year: int) -> list[tuple[str, str, str, int, int, int]]:
    """(href, name, kind, led, co, rows led) of each row of the department table, from the year's columns."""
    rows = []
    for tr in main.find("table", class_="units").tbody.find_all("tr", recursive=False):
        unit, kind, *counts = cells(tr)
        led, co, rows_led = [c for c in counts if c["data-label"].startswith(f"{year}年")]
        ((unit_href, name),) = links(unit)
        rows.append((unit_href, name, joined(kind), int(joined(led)), int(joined(co)), int(joined(rows_led))))
    return rows


def test_department_index_counts(site_dir: Path, site_model: Site) -> None:
    main = main_of(site_dir, urls.DEPARTMENTS)
    for ed in site_model.editions:
        rows = department_index_rows(main, ed.year)
        expected = [
            (
                href(urls.department(u)),
                u.name,
                u.kind_label,
                sum(1 for t in ed.tasks if t.units[0] is u),
                sum(1 for t in ed.tasks if u in t.units[1:]),
                sum(len(i.indicators) for i in ed.items if i.lead is u),
            )
            for u in site_model.units
        ]
        # most tasks led first (stable: ties in the registry's order), as the caption says
        expected.sort(key=lambda r: -r[3])
        assert rows == expected
        assert rows[0][1] == "市发展改革委" and rows[0][3] == 21
        assert "按牵头的重点工作数从多到少排列" in text(main.find("table", class_="units").caption)
        assert len(rows) == 57
        assert sum(r[3] for r in rows) == len(ed.tasks)
        assert sum(r[5] for r in rows) == len(ed.indicators)


# --- districts --------------------------------------------------------------------------------


def district_rows(main: Tag) -> list[dict[str, object]]:
    """Each row of a district page's livelihood table."""
    rows = []
    for tr in main.find("table", class_="district-rows").tbody.find_all("tr", recursive=False):
        item, name, figure, target, share, lead = cells(tr)
        rows.append(
            {
                "id": tr.get("id"),
                "item": hrefs(item),
                "item_text": joined(item),
                "indicator": joined(name),
                "figure": shown_figure(figure),
                "figure_cell": joined(figure),
                "unit": shown_unit(figure),
                "target": shown_figure(target),
                "target_unit": shown_unit(target),
                "share": shown_share(share),
                "lead": joined(lead),
                "is_none": "is-none" in (tr.get("class") or []),
            }
        )
    return rows


def district_tasks(main: Tag, year: int) -> list[str]:
    return hrefs(list_after(main.find("h3", id=f"tasks-{year}")))


@pytest.mark.parametrize("slug", [a.slug for a in _MODEL.areas], ids=lambda s: f"district-{s}")
def test_district_page(site_dir: Path, site_model: Site, slug: str) -> None:
    area = area_by_slug(site_model, slug)
    main = main_of(site_dir, urls.district(area))
    assert text(main.find("h1")) == area.name
    for ed in site_model.editions:
        rows = district_rows(main)
        expected = []
        for item in ed.items:
            for ind in item.indicators:
                (cell,) = [c for c in ind.cells if c.area is area]
                expected.append(
                    {
                        "id": f"row-{ed.year}-{ind.row}",
                        "item": [href(urls.project(item))],
                        "item_text": f"第{item.no}项 {item.text}",
                        "indicator": ind.label or ind.name or "(不分指标)",  # the editors' label first
                        "figure": figure_text(cell.figure.value),
                        "unit": None if cell.figure.value is None else ind.unit,  # "/" has none
                        "target": figure_text(ind.target.value),
                        "target_unit": ind.unit,
                        "share": expected_share(cell.figure.value, ind.target.value),
                        "lead": item.lead.name,
                        "is_none": cell.figure.value is None,
                    }
                )
        assert [{k: v for k, v in r.items() if k != "figure_cell"} for r in rows] == expected
        for row in rows:
            if row["figure"] is None:  # '/' is 无目标, never 0
                assert row["figure_cell"].startswith(NO_TARGET) and not NUMBER.fullmatch(row["figure_cell"])
                assert row["share"] is None
        expected_tasks = [href(urls.task(t)) for t in ed.tasks if any(u.area is area for u in t.units)]
        assert district_tasks(main, ed.year) == expected_tasks
        assert expected_tasks == [href(urls.task(t)) for t in site_model.area_work[slug][0].tasks]
        caution = main.find(id=f"inferred-{ed.year}")
        if area in ed.document.inferred_columns:
            assert caution is not None and href(urls.source(ed)) + "#inferred" in hrefs(caution)
        else:
            assert caution is None and not main.find(class_="caution")


def row_of(rows: list[dict[str, object]], item_text_part: str, indicator: str | None = None) -> dict[str, object]:
    (row,) = [r for r in rows if item_text_part in r["item_text"] and indicator in (None, r["indicator"])]
    return row


def test_district_figures_as_in_the_document(site_dir: Path, site_model: Site) -> None:
    """Spot checks written from the document itself, not from the YAML."""
    haining = district_rows(main_of(site_dir, "districts/haining/"))
    elderly = row_of(haining, "高龄津贴")
    assert (elderly["figure"], elderly["target"], elderly["share"]) == ("28000", "150000", Decimal("18.7"))
    assert (elderly["unit"], elderly["target_unit"]) == ("人", "人")  # the editors' unit, after each figure
    assert row_of(district_rows(main_of(site_dir, "districts/tongxiang/")), "高龄津贴")["figure"] == "27300"
    nanhu_road = row_of(district_rows(main_of(site_dir, "districts/nanhu/")), "农村公路")
    assert (nanhu_road["figure"], nanhu_road["target"], nanhu_road["share"]) == ("33.3", "400", Decimal("8.3"))
    assert nanhu_road["unit"] == "公里"
    haiyan_street = row_of(district_rows(main_of(site_dir, "districts/haiyan/")), "城市道路", "城市道路病害点段整治")
    assert haiyan_street["figure"] == "0.5"
    etdz_road = row_of(district_rows(main_of(site_dir, "districts/jiaxing-etdz/")), "农村公路")
    assert etdz_road["figure"] is None and etdz_road["is_none"] and etdz_road["share"] is None
    assert district_tasks(main_of(site_dir, "districts/other/"), 2023) == []


def test_district_index(site_dir: Path, site_model: Site) -> None:
    ed = site_model.latest
    rows = []
    for tr in main_of(site_dir, urls.DISTRICTS).find("table", class_="areas").tbody.find_all("tr"):
        area, _kind, *counts = cells(tr)
        with_target, tasks = [c for c in counts if c["data-label"].startswith(f"{ed.year}年")]
        marked = with_target.find(class_="inferred") is not None  # the year's column name was inferred
        rows.append((links(area)[0], marked, int(joined(with_target).removesuffix("*")), int(joined(tasks))))
    expected = [
        (
            (href(urls.district(a)), a.name),
            a.name in INFERRED_2023,
            sum(1 for ind in ed.indicators for c in ind.cells if c.area is a and c.figure.value is not None),
            sum(1 for t in ed.tasks if any(u.area is a for u in t.units)),
        )
        for a in ed.document.area_columns
    ]
    assert rows == expected
    assert [a.name for a in ed.document.area_columns] == AREA_COLUMNS_2023


# --- livelihood projects ----------------------------------------------------------------------


def breakdown(section: Tag) -> dict[str, object]:
    """An indicator section of a project page: area rows, the two footer rows and the sum note."""
    table = section.find("table", class_="breakdown")
    rows = []
    for tr in table.tbody.find_all("tr", recursive=False):
        area, figure, share = cells(tr)
        shown = (shown_figure(figure), shown_unit(figure))
        rows.append((links(area)[0], bool(area.find(class_="inferred")), *shown, shown_share(share)))
    foot = {joined(cells(tr)[0]): cells(tr)[1] for tr in table.tfoot.find_all("tr")}
    return {
        "rows": rows,
        "total": Decimal(shown_figure(foot["各地合计"])),
        "target": shown_figure(foot["全市目标"]),
        "units": {shown_unit(foot["各地合计"]), shown_unit(foot["全市目标"])},
        "ok": [text(p) for p in section.find_all(class_="sum-ok")],
        "mismatch": [text(p) for p in section.find_all(class_="sum-mismatch")],
    }


@pytest.mark.parametrize("no", [i.no for i in _ED.items], ids=lambda n: f"project-{n}")
def test_project_page(site_dir: Path, site_model: Site, no: int) -> None:
    ed = site_model.latest
    item = item_by_no(ed, no)
    main = main_of(site_dir, urls.project(item))
    assert numbers_in(text(main.find("h1"))) == [str(no)]
    assert joined(main.find("blockquote")) == item.text
    assert links(facts(main)["牵头单位"]) == unit_links([item.lead])
    assert ed.document.doc_no in text(main.find(class_="citation"))
    sections = main.find_all("section", id=re.compile(r"^row-\d+$"))
    assert [s["id"] for s in sections] == [f"row-{ind.row}" for ind in item.indicators]
    for section, ind in zip(sections, item.indicators, strict=True):
        shown = breakdown(section)
        by_area = {c.area.name: c for c in ind.cells}
        assert list(by_area) == AREA_COLUMNS_2023
        assert shown["rows"] == [
            (
                (href(urls.district(by_area[name].area)), name),
                name in INFERRED_2023,
                figure_text(by_area[name].figure.value),
                None if by_area[name].figure.value is None else ind.unit,  # "/" shows no unit
                expected_share(by_area[name].figure.value, ind.target.value),
            )
            for name in AREA_COLUMNS_2023
        ]
        assert len(shown["rows"]) == 10
        assert shown["total"] == area_sum(ind)
        assert shown["target"] == figure_text(ind.target.value)
        assert shown["units"] == {ind.unit}
        if (no, ind.name) in MISMATCHES_2023:
            total, target = MISMATCHES_2023[(no, ind.name)]
            assert shown["ok"] == [] and len(shown["mismatch"]) == 1
            assert [Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", shown["mismatch"][0])] == [total, target]
            assert "不一致" in shown["mismatch"][0]
        else:
            assert shown["mismatch"] == [] and len(shown["ok"]) == 1 and "一致" in shown["ok"][0]


def test_the_known_mismatches_are_the_only_ones(site_model: Site) -> None:
    ed = site_model.latest
    found = {
        (item.no, ind.name): (area_sum(ind), ind.target.value)
        for item in ed.items
        for ind in item.indicators
        if ind.target.value is not None and area_sum(ind) != ind.target.value
    }
    assert found == MISMATCHES_2023


def test_projects_index(site_dir: Path, site_model: Site) -> None:
    ed = site_model.latest
    main = main_of(site_dir, urls.projects(ed))
    sections = main.find_all("h2", id=re.compile(r"^category-\d+$"))
    assert [(h["id"], text(h)) for h in sections] == [
        (f"category-{c.no}", f"{NUMERALS[c.no - 1]}、{c.name}") for c in ed.categories
    ]
    assert len(sections) == 10
    listed = {h["id"]: hrefs(list_after(h)) for h in sections}
    assert listed == {
        f"category-{c.no}": [href(urls.project(i)) for i in ed.items if i.category is c] for c in ed.categories
    }
    all_items = [h for hs in listed.values() for h in hs]
    assert len(all_items) == len(set(all_items)) == 25


# --- home, notice, source, 404, search --------------------------------------------------------


def test_home_links(site_dir: Path, site_model: Site) -> None:
    ed = site_model.latest
    main = main_of(site_dir, urls.HOME)
    found = Counter(hrefs(main))
    wanted = [href(urls.district(a)) for a in site_model.areas]
    wanted += [href(urls.tasks(ed)), href(urls.DEPARTMENTS), href(urls.edition(ed))]
    assert [h for h in wanted if not found[h]] == []
    tiles = main.find("h2", id="by-district").find_next_sibling("ul")
    assert links(tiles) == [(href(urls.district(a)), a.name) for a in site_model.areas]
    # the projects index: through its category anchors here and the main navigation on every page
    assert {f"{href(urls.projects(ed))}#category-{c.no}" for c in ed.categories} <= set(found)
    assert href(urls.projects(ed)) in hrefs(parse(site_dir, urls.HOME).find("nav", attrs={"aria-label": "主导航"}))


NOTICE_FIRST = "各县(市、区)人民政府,市级有关部门(单位):"
NOTICE_LAST = (
    "各牵头单位要切实承担起牵头抓总责任,树立“不在上游就是下游,不争第一就是落后”的争先理念,"
    "细化量化核心定量指标和关键定性任务,按季制定工作举措,确保各项重点任务高质量完成、走在全省前列。"
    "各相关单位要通力协作、主动作为、凝聚合力,形成共谋发展、齐心干事的浓厚氛围。"
    "市政府将对重点工作、民生实事完成情况进行跟踪督办、定期通报,并将督查结果列入年度工作目标责任制考核。"
)


def test_notice_page(site_dir: Path, site_model: Site) -> None:
    ed = site_model.latest
    main = main_of(site_dir, urls.edition(ed))
    meta = {k: joined(v) for k, v in facts(main.find("dl", class_="doc-meta")).items()}
    assert meta["索引号"] == "002546445/2023-448528"
    assert meta["发文文号"] == "嘉政办发〔2023〕7号"
    assert meta["成文日期"] == "2023-03-01"
    assert meta["发布日期"] == "2023-03-03"
    paragraphs = [joined(p) for p in main.find(class_="notice-text").find_all("p")]
    source = (ROOT / "data/2023/source.txt").read_text("utf-8")
    assert NOTICE_FIRST in source and NOTICE_LAST in source  # the expected text is the document's
    assert paragraphs[0] == NOTICE_FIRST
    assert paragraphs.count(NOTICE_LAST) == 1
    assert paragraphs[paragraphs.index(NOTICE_LAST) + 1 :][:2] == ["嘉兴市人民政府办公室", "2023年3月1日"]
    assert href(urls.tasks(ed)) in hrefs(main) and href(urls.projects(ed)) in hrefs(main)


def test_source_page(site_dir: Path, site_model: Site) -> None:
    ed = site_model.latest
    main = main_of(site_dir, urls.source(ed))
    inferred = main.find("h2", id="inferred")
    note = inferred.find_next_sibling("p")
    assert text(note) == " ".join(ed.document.inference_note.split())
    columns = [(links(li)[0], joined(li).endswith("*")) for li in inferred.find_next_sibling("ol").find_all("li")]
    assert columns == [((href(urls.district(a)), a.name), a.name in INFERRED_2023) for a in ed.document.area_columns]
    assert sum(star for _, star in columns) == 7
    assert href(urls.checks(ed)) in hrefs(main.find("h2", id="checks").find_next_sibling("p"))


def test_data_check_page(site_dir: Path, site_model: Site) -> None:
    """The public record of what the build checked: the counts are the model's, the mismatches the document's."""
    ed = site_model.latest
    main = main_of(site_dir, urls.checks(ed))
    passed = [joined(li) for li in main.find("h2", id="passed").find_next_sibling("ul").find_all("li")]
    cells = [c for ind in ed.indicators for c in ind.cells]
    assert passed[0].startswith(f"{len(ed.tasks)} 项重点工作,序号从 1 到 118 连续")
    assert f"共列出责任单位 {sum(len(t.units) for t in ed.tasks)} 次" in passed[0]
    assert f"{len(ed.items)} 项民生实事、{len(ed.indicators)} 行指标" in passed[2]
    assert f"共 {len(cells)} 个格子;其中 {sum(c.figure.value is None for c in cells)} 格原表写作“/”" in passed[2]
    assert (len(ed.items), len(ed.indicators), len(cells)) == (25, 30, 300)
    rows = [
        (links(row.th)[0], [(Decimal(shown_figure(td)), shown_unit(td)) for td in row.find_all("td")])
        for row in main.find("table", class_="checks").tbody.find_all("tr")
    ]
    assert rows == [
        (
            (href(f"{ed.year}/projects/{no}/#row-{ind.row}"), f"民生实事第{no}项“{name}”"),
            [(total, ind.unit), (target, ind.unit), (total - target, ind.unit)],  # each with the row's unit
        )
        for (no, name), (total, target) in MISMATCHES_2023.items()
        for ind in item_by_no(ed, no).indicators
        if ind.name == name
    ]
    schema_links = hrefs(main.find("h2", id="schemas").find_next_sibling("ul"))
    assert schema_links == [href(urls.schema(n)) for n in schema.SCHEMA_NAMES] + [href("data/datapackage.json")]
    footer = parse(site_dir, urls.HOME).find("footer")
    assert href(urls.checks(ed)) in hrefs(footer)


def test_not_found_and_search_pages(site_dir: Path) -> None:
    not_found = main_of(site_dir, urls.NOT_FOUND_FILE)
    assert text(not_found.find("h1")) == "找不到这个页面"
    assert href(urls.HOME) in hrefs(not_found) and href(urls.SEARCH) in hrefs(not_found)
    search = main_of(site_dir, urls.SEARCH)
    form = search.find("form", id="search-form")
    assert form is not None and urlsplit(form["action"]).path == href(urls.SEARCH)
    assert form.find("input", id="search-input", attrs={"name": "q"}) is not None
    scripts = [s["src"] for s in parse(site_dir, urls.SEARCH).find_all("script", src=True)]
    search_js = fingerprinted("static/search.js", (ROOT / "templates/static/search.js").read_bytes())
    assert search_js != "static/search.js" and href(search_js) in scripts  # the name a year's cache may keep
