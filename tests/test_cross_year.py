"""Cross-year pages of the two-edition fixture: department and district pages grouped by year, newest first,
each year naming its document; the indicators that recur across years side by side; the years an area took
part in; and the /districts/ and /departments/ indexes counting every edition.

Expectations are computed here from the fixture's YAML (read with PyYAML's BaseLoader, every scalar as
written), not from the model the pages are rendered from.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from factory import FIXTURE, build_fixture
from test_page_structure import parse, text

from disclosure import compare, urls
from disclosure.build.pipeline import render_site
from disclosure.config import Config
from disclosure.model import Site, link_site

DATA = FIXTURE / "data"
CITYWIDE = "全市"  # the fixture's site.yaml labels.citywide
ABSENT = "—"  # a year without the indicator, or a year whose document does not name the unit
NOT_LISTED = "未列入"  # a year whose table has no column for the area


def read(name: str) -> object:
    return yaml.load((DATA / name).read_text("utf-8"), Loader=yaml.BaseLoader)  # every scalar a string, as written


YEARS = sorted((int(p.name) for p in DATA.iterdir() if p.is_dir()), reverse=True)  # newest first
AREAS = {a["name"]: a for a in read("areas.yaml")}
UNITS = {u["name"]: u for u in read("units.yaml")}
DOCS = {y: read(f"{y}/document.yaml") for y in YEARS}
TASKS = {y: read(f"{y}/tasks.yaml") for y in YEARS}
LIVELIHOOD = {y: read(f"{y}/livelihood.yaml") if (DATA / f"{y}/livelihood.yaml").exists() else None for y in YEARS}


def rows_of(year: int) -> list[dict]:
    """Every indicator row of a year, numbered over the edition: key, item no, row, lead, target, breakdown."""
    data = LIVELIHOOD[year]
    if data is None:
        return []
    categories = {c["no"]: c["name"] for c in data["categories"]}
    out = []
    for item in data["items"]:
        for ind in item["indicators"]:
            out.append(
                {
                    "key": (categories[item["category"]], ind.get("name", item["text"])),
                    "item": item["no"],
                    "row": len(out) + 1,
                    "lead": item["lead"],
                    "target": ind["target"],
                    "breakdown": ind.get("breakdown", {}),
                    "label": ind.get("label"),  # the editors' additions, where given (2025's 停车位)
                    "unit": ind.get("unit"),
                }
            )
    return out


ROWS = {y: rows_of(y) for y in YEARS}


def unit_names(task: dict) -> list[str]:
    return [u.removeprefix("★") for u in task.get("units", [])]


def leads(task: dict) -> list[str]:
    """The lead units of a task as written: the starred ones, else the first listed."""
    starred = [u.removeprefix("★") for u in task.get("units", []) if u.startswith("★")]
    return starred or unit_names(task)[:1]


def recurring() -> dict[tuple[str, str], dict[int, list[dict]]]:
    """Key -> year -> rows, for keys in two or more years, in order of their newest occurrence."""
    found: dict[tuple[str, str], dict[int, list[dict]]] = {}
    for y in YEARS:
        for r in ROWS[y]:
            found.setdefault(r["key"], {}).setdefault(y, []).append(r)
    return {k: v for k, v in found.items() if len(v) > 1}


def row_href(year: int, r: dict) -> str:
    return f"/{year}/projects/{r['item']}/#row-{r['row']}"


def figure(written: str, unit: str | None = None) -> str | None:
    """A figure as the page shows it: the text as written with the row's unit if it has one, None for the
    no-target marker of '/'."""
    return None if written == "/" else f"{written} {unit}" if unit else written


def heading(key: tuple[str, str], years: dict[int, list[dict]]) -> tuple[str, str]:
    """A comparison row as the page names it: its category and the newest year's label, else its name."""
    labels = [r["label"] for y in YEARS if y in years for r in years[y] if r["label"]]
    return (key[0], labels[0] if labels else key[1])


# --- what the pages show ------------------------------------------------------------------------


def joined(tag: Tag) -> str:
    """A tag's text exactly as its characters run (no spaces put between its elements)."""
    return tag.get_text().strip()


def main_of(site: Path, path: str) -> Tag:
    return parse(site, path).find("main", id="main")


def year_sections(main: Tag) -> list[tuple[int, str, str]]:
    """(year, document link, its text with the 文号) of each year's section, in page order."""
    out = []
    for h2 in main.find_all("h2", id=lambda i: bool(i) and i[1:].isdigit() and i.startswith("y")):
        assert text(h2) == f"{h2['id'][1:]}年"
        source = h2.find_next_sibling("p", class_="edition-source")
        out.append((int(h2["id"][1:]), source.a["href"], joined(source)))
    return out


def contents(main: Tag) -> list[str] | None:
    nav = main.find("nav", class_="year-contents")
    return None if nav is None else [a["href"] for a in nav.find_all("a")]


def value_of(span: Tag) -> str | None:
    """A comparison value: its text, or None for the no-target marker."""
    return None if span.find(class_="no-target") else span.a.get_text().strip()


def comparison(main: Tag) -> tuple[list[int], dict[tuple[str, str], dict[int, object]]] | None:
    """The comparison table: its years, and per row key each year's [(href, value, notes)] or ABSENT."""
    table = main.find("table", class_="compare")
    if table is None:
        return None
    years = [int(text(th).removesuffix("年")) for th in table.thead.find_all("th")[1:]]
    rows: dict[tuple[str, str], dict[int, object]] = {}
    for tr in table.tbody.find_all("tr", recursive=False):
        category, name = text(tr.th).split(" · ")
        slots: dict[int, object] = {}
        for year, td in zip(years, tr.find_all("td", recursive=False), strict=True):
            assert td["data-label"] == f"{year}年"
            if td.find(class_="compare-absent"):
                assert text(td) == ABSENT
                slots[year] = ABSENT
                continue
            slots[year] = [
                (span.a["href"], value_of(span), [text(of) for of in td.find_all(class_="compare-of")])
                for span in td.find_all(class_="compare-value")
            ]
        rows[(category, name)] = slots
    return years, rows


# --- district pages -------------------------------------------------------------------------------


def listed_years(area: str) -> list[int]:
    return [y for y in YEARS if area in DOCS[y]["area_columns"]]


def expected_area_comparison(area: str) -> tuple[list[int], dict] | None:
    rows = {}
    for key, years in recurring().items():
        if not any(area in DOCS[y]["area_columns"] for y in years):
            continue
        slots: dict[int, object] = {}
        for y in YEARS:
            if y not in years:
                slots[y] = ABSENT
                continue
            listed = area in DOCS[y]["area_columns"]
            slots[y] = [
                (
                    row_href(y, r),
                    figure(r["breakdown"][area], r["unit"]) if listed else NOT_LISTED,
                    [f"{CITYWIDE} {figure(r['target'], r['unit'])}"],
                )
                for r in years[y]
            ]
        rows[heading(key, years)] = slots
    if not rows:
        return None
    shown = [y for y in YEARS if any(s[y] != ABSENT for s in rows.values())]
    return shown, {k: {y: s[y] for y in shown} for k, s in rows.items()}


@pytest.mark.parametrize("area", list(AREAS), ids=lambda a: AREAS[a]["slug"])
def test_a_district_page_groups_by_year_and_compares_the_recurring_indicators(fixture_site: Path, area: str) -> None:
    main = main_of(fixture_site, f"districts/{AREAS[area]['slug']}/")
    years = listed_years(area)
    assert [y for y, _, _ in year_sections(main)] == years  # the years whose table has its column
    for year, href, source in year_sections(main):
        assert href == f"/{year}/"
        assert source == f"出自《{DOCS[year]['title']}》({DOCS[year]['doc_no']})。"
    assert contents(main) == (["#compare", *(f"#y{y}" for y in years)] if len(years) > 1 else None)
    assert comparison(main) == expected_area_comparison(area)
    dd = main.find("dt", string="参与年份").find_next_sibling("dd")
    absent = "、".join(f"{y}年" for y in YEARS if y not in years)  # the table had no column for it
    note = f"({absent}的民生实事项目表没有{area}这一列)" if absent else ""
    assert joined(dd) == "、".join(f"{y}年" for y in sorted(years)) + note
    assert [a["href"] for a in dd.find_all("a")] == [f"#y{y}" for y in sorted(years)]


def test_donghu_compares_its_parking_spaces_and_childcare_places(fixture_site: Path) -> None:
    """Written from the fixture's tables: 东湖区 停车位 1200 (2024) -> 1500 (2025), 机构托位 240 -> 300."""
    years, rows = comparison(main_of(fixture_site, "districts/donghu/"))
    assert years == [2025, 2024]
    assert rows == {
        ("普惠托育项目", "机构托位"): {
            2025: [("/2025/projects/3/#row-4", "300", ["全市 800"])],
            2024: [("/2024/projects/1/#row-2", "240", ["全市 600"])],
        },
        # 2025's row has the editors' label and unit, 2024's neither: its figures stay bare
        ("公共停车场建设项目", "新增公共停车位"): {
            2025: [("/2025/projects/4/#row-5", "1500 个", ["全市 4000 个"])],
            2024: [("/2024/projects/3/#row-4", "1200", ["全市 3000"])],
        },
    }
    main = main_of(fixture_site, "districts/donghu/")
    assert joined(main.find("dt", string="参与年份").find_next_sibling("dd")) == "2024年、2025年"


def test_no_target_stays_distinct_from_zero_in_a_comparison(fixture_site: Path) -> None:
    """其他 has '/' for 机构托位 in both years: the no-target marker, never 0, with the citywide target beside."""
    _, rows = comparison(main_of(fixture_site, "districts/other/"))
    assert rows[("普惠托育项目", "机构托位")] == {
        2025: [("/2025/projects/3/#row-4", None, ["全市 800"])],
        2024: [("/2024/projects/1/#row-2", None, ["全市 600"])],
    }
    assert rows[("公共停车场建设项目", "新增公共停车位")][2024] == [("/2024/projects/3/#row-4", "100", ["全市 3000"])]


# --- department pages -----------------------------------------------------------------------------


def unit_years(unit: str) -> list[int]:
    """The years whose document names the unit: in a task, or as an item's lead."""
    return [y for y in YEARS if any(unit in unit_names(t) for t in TASKS[y]) or any(r["lead"] == unit for r in ROWS[y])]


def expected_unit_comparison(unit: str) -> tuple[list[int], dict] | None:
    rows = {}
    for key, years in recurring().items():
        if not any(r["lead"] == unit for rs in years.values() for r in rs):
            continue
        rows[heading(key, years)] = {
            y: [
                (row_href(y, r), figure(r["target"], r["unit"]), [] if r["lead"] == unit else [f"牵头:{r['lead']}"])
                for r in years[y]
            ]
            if y in years
            else ABSENT
            for y in YEARS
        }
    if not rows:
        return None
    shown = [y for y in YEARS if any(s[y] != ABSENT for s in rows.values())]
    return shown, {k: {y: s[y] for y in shown} for k, s in rows.items()}


@pytest.mark.parametrize("unit", list(UNITS), ids=lambda u: UNITS[u]["slug"])
def test_a_department_page_groups_by_year_and_compares_what_it_leads(fixture_site: Path, unit: str) -> None:
    main = main_of(fixture_site, f"departments/{UNITS[unit]['slug']}/")
    years = unit_years(unit)
    assert [y for y, _, _ in year_sections(main)] == years
    for year, href, source in year_sections(main):
        assert (href, source) == (f"/{year}/", f"出自《{DOCS[year]['title']}》({DOCS[year]['doc_no']})。")
    expected = expected_unit_comparison(unit)
    assert comparison(main) == expected
    if len(years) > 1:
        assert contents(main) == [*(["#compare"] if expected else []), *(f"#y{y}" for y in years)]
    else:
        assert contents(main) is None  # one year: nothing to jump between


def test_the_lead_of_both_years_compares_its_targets(fixture_site: Path) -> None:
    years, rows = comparison(main_of(fixture_site, "departments/housing-construction/"))
    assert (years, rows) == (
        [2025, 2024],
        {
            ("公共停车场建设项目", "新增公共停车位"): {
                2025: [("/2025/projects/4/#row-5", "4000 个", [])],
                2024: [("/2024/projects/3/#row-4", "3000", [])],
            }
        },
    )
    _, rows = comparison(main_of(fixture_site, "departments/health/"))
    assert list(rows) == [("普惠托育项目", "机构托位")]


def test_a_comparison_of_a_year_the_unit_did_not_lead_names_that_lead_and_cites_that_year(tmp_path: Path) -> None:
    """2025's 停车位 led by 市治堵办 (no work in 2024): its comparison shows 2024's figure under 市建设局, and
    every citation place of the page names 2024's document as well as 2025's."""
    lead = (
        "    text: 新增公共停车位4000个。\n    lead: 市建设局\n",
        "    text: 新增公共停车位4000个。\n    lead: 市治堵办\n",
    )
    _, site, _ = build_fixture(tmp_path, {"data/2025/livelihood.yaml": lead})
    path = "departments/traffic-congestion/"
    assert [year for year, _, _ in year_sections(main_of(site, path))] == [2025]  # its only year of work
    assert comparison(main_of(site, path)) == (
        [2025, 2024],
        {
            ("公共停车场建设项目", "新增公共停车位"): {
                2025: [("/2025/projects/4/#row-5", "4000 个", [])],
                2024: [("/2024/projects/3/#row-4", "3000", ["牵头: 市建设局"])],
            }
        },
    )
    soup = parse(site, path)
    docs = [DOCS[y]["doc_no"] for y in YEARS]
    places = {
        "label": text(soup.find(class_="edition-label")),
        "footer": text(soup.find("footer")),
        "citation": text(soup.find(id="cite-text")),
        "ContentSource": soup.find("meta", attrs={"name": "ContentSource"})["content"],
        "JSON-LD": " ".join(
            d["identifier"] for d in json.loads(soup.find("script", type="application/ld+json").string)["isBasedOn"]
        ),
    }
    assert {where: [d for d in docs if d in said] for where, said in places.items()} == dict.fromkeys(places, docs)


def test_a_unit_leading_nothing_that_recurs_has_no_comparison(fixture_site: Path) -> None:
    main = main_of(fixture_site, "departments/education/")  # leads 2025's 学位 only
    assert comparison(main) is None and not main.find(id="compare")


# --- the indexes ----------------------------------------------------------------------------------


def area_order() -> list[str]:
    """Newest year's column order; an older year's area after the column it followed there; then the rest."""
    order: list[str] = []
    for y in YEARS:
        columns = DOCS[y]["area_columns"]
        for n, area in enumerate(columns):
            if area not in order:
                before = [a for a in columns[:n] if a in order]
                order.insert(order.index(before[-1]) + 1 if before else 0, area)
    return order + [a for a in AREAS if a not in order]


def area_of_unit(name: str) -> str | None:
    return UNITS[name].get("area")


def test_the_district_index_counts_every_year(fixture_site: Path) -> None:
    table = main_of(fixture_site, urls.DISTRICTS).find("table", class_="areas")
    head = [[text(th) for th in tr.find_all("th")] for tr in table.thead.find_all("tr")]
    assert head[0] == ["地区", "类别", *(f"{y}年" for y in YEARS)]
    rows_heads = {y: f"(共{len(ROWS[y])}项)" if LIVELIHOOD[y] else "(无项目表)" for y in YEARS}
    assert head[1] == [h for y in YEARS for h in (f"有目标的指标{rows_heads[y]}", "涉及的重点工作")]
    shown = []
    for tr in table.tbody.find_all("tr", recursive=False):
        counts = {}
        for td in tr.find_all("td")[1:]:
            year, what = td["data-label"].split("年", 1)
            marked = td.find(class_="inferred") is not None
            counts[(int(year), what)] = (td.get_text().strip().removesuffix("*"), marked)
        shown.append((tr.th.a["href"], text(tr.th), counts))
    expected = []
    for area in area_order():
        counts = {}
        for y in YEARS:
            doc = DOCS[y]
            if LIVELIHOOD[y] is None:
                counts[(y, "有目标的指标")] = (ABSENT, False)
            elif area in doc["area_columns"]:
                with_target = sum(1 for r in ROWS[y] if r["breakdown"].get(area, "/") != "/")
                counts[(y, "有目标的指标")] = (str(with_target), area in doc.get("inferred_columns", []))
            else:
                counts[(y, "有目标的指标")] = (NOT_LISTED, False)
            tasks = sum(1 for t in TASKS[y] if any(area_of_unit(u) == area for u in unit_names(t)))
            counts[(y, "涉及的重点工作")] = (str(tasks), False)
        expected.append((f"/districts/{AREAS[area]['slug']}/", area, counts))
    assert shown == expected
    # the fixture's own numbers, as a reader would count them in its tables
    assert shown[0][2][(2025, "有目标的指标")] == ("5", False) and shown[0][2][(2024, "有目标的指标")] == ("6", True)
    assert shown[-1][1] == "其他" and shown[-1][2][(2024, "有目标的指标")] == ("1", False)


def test_the_department_index_counts_every_year(fixture_site: Path) -> None:
    table = main_of(fixture_site, urls.DEPARTMENTS).find("table", class_="units")
    head = [[text(th) for th in tr.find_all("th")] for tr in table.thead.find_all("tr")]
    assert head[0] == ["单位", "类别", *(f"{y}年" for y in YEARS)]
    shown = {}
    for tr in table.tbody.find_all("tr", recursive=False):
        tds = tr.find_all("td")[1:]
        by_year = [tuple(td.get_text().strip() for td in tds[i : i + 3]) for i in range(0, len(tds), 3)]
        shown[text(tr.th)] = dict(zip(YEARS, by_year, strict=True))
    expected = {}
    for name in UNITS:
        expected[name] = {}
        for y in YEARS:
            if y not in unit_years(name):
                expected[name][y] = (ABSENT,) * 3  # truly absent: the year's document does not name it
                continue
            led = sum(1 for t in TASKS[y] if name in leads(t))
            co = sum(1 for t in TASKS[y] if name in unit_names(t) and name not in leads(t))
            rows_led = sum(1 for r in ROWS[y] if r["lead"] == name)
            expected[name][y] = (str(led), str(co), str(rows_led))
    assert shown == expected
    # most tasks led (all years together) first, ties in the registry's order
    assert list(shown) == sorted(
        UNITS, key=lambda n: -sum(int(shown[n][y][0]) for y in YEARS if shown[n][y][0] != ABSENT)
    )
    assert "按牵头的重点工作数从多到少排列" in text(table.caption)
    assert shown["市教育局"] == {2025: ("1", "0", "1"), 2024: (ABSENT,) * 3}  # named in 2025 only
    assert shown["市卫生健康委"][2024] == ("0", "0", "3")  # present, leads no task: 0, not —


# --- per-edition areas: an area missing from one year's table -------------------------------------


def without_column(site: Site, year: int, area_name: str) -> Site:
    """The site with one area dropped from a year's area_columns (the shape per-edition areas allow)."""
    (area,) = [a for a in site.areas if a.name == area_name]
    editions = tuple(
        replace(
            ed,
            document=replace(ed.document, area_columns=tuple(a for a in ed.document.area_columns if a is not area)),
        )
        if ed.year == year
        else ed
        for ed in site.editions
    )
    return link_site(site.info, site.units, site.areas, editions, site.content, site.warnings)


def test_a_year_without_the_areas_column_says_not_listed(fixture_model: Site, fixture_project: Path) -> None:
    site = without_column(fixture_model, 2024, "东湖区")
    (donghu,) = [a for a in site.areas if a.slug == "donghu"]
    assert compare.years_listed(site, donghu) == (site.editions[0],)
    pages = render_site(site, fixture_project, Config())
    page = pages["districts/donghu/index.html"].decode("utf-8")
    main = BeautifulSoup(page, "html.parser").find("main")
    years, rows = comparison(main)
    assert years == [2025, 2024]
    assert rows[("公共停车场建设项目", "新增公共停车位")] == {
        2025: [("/2025/projects/4/#row-5", "1500 个", ["全市 4000 个"])],
        2024: [("/2024/projects/3/#row-4", NOT_LISTED, ["全市 3000"])],
    }
    dd = main.find("dt", string="参与年份").find_next_sibling("dd")
    assert joined(dd) == "2025年(2024年的民生实事项目表没有东湖区这一列)"
    livelihood = main.find("h3", id="livelihood-2024")
    assert livelihood is None or text(livelihood.find_next_sibling("p")).startswith(
        "2024年民生实事项目表没有东湖区这一列"
    )
    index = BeautifulSoup(pages["districts/index.html"].decode("utf-8"), "html.parser")
    (tr,) = [tr for tr in index.find("table", class_="areas").tbody.find_all("tr") if text(tr.th) == "东湖区"]
    assert [td.get_text().strip() for td in tr.find_all("td")[1:]] == ["5", "1", NOT_LISTED, "1"]


def test_areas_keep_each_tables_column_order(fixture_model: Site) -> None:
    """An area only an older year's table has comes after the column it followed there."""
    a, b, c, d, e, f = fixture_model.areas
    newest, older = fixture_model.editions
    editions = (
        replace(newest, document=replace(newest.document, area_columns=(a, b, d))),
        replace(older, document=replace(older.document, area_columns=(a, c, b))),
    )
    site = replace(fixture_model, editions=editions)
    assert compare.area_order(site) == (a, c, b, d, e, f)  # e, f: in the registry, no year's column


def test_an_edition_without_a_livelihood_table(fixture_model: Site, fixture_project: Path) -> None:
    """2025 without its table: nothing recurs, the district page and the index say there is no table."""
    newest, older = fixture_model.editions
    editions = (replace(newest, items=(), categories=()), older)
    site = link_site(
        fixture_model.info, fixture_model.units, fixture_model.areas, editions, {**fixture_model.content}, ()
    )
    pages = render_site(site, fixture_project, Config())
    main = BeautifulSoup(pages["districts/donghu/index.html"].decode("utf-8"), "html.parser").find("main")
    assert comparison(main) is None
    assert joined(main.find("h3", id="livelihood-2025").find_next_sibling("p")) == "2025年的文件没有民生实事项目表。"
    index = BeautifulSoup(pages["districts/index.html"].decode("utf-8"), "html.parser").find("main")
    (tr,) = [tr for tr in index.find("table", class_="areas").tbody.find_all("tr") if text(tr.th) == "东湖区"]
    assert [td.get_text().strip() for td in tr.find_all("td")[1:]] == [ABSENT, "1", "6*", "1"]
    assert "“—”指当年的文件没有民生实事项目表" in text(index.find("h1").find_next_sibling("p"))


def test_an_indicator_without_breakdown_compares_its_citywide_target_only(
    fixture_model: Site, fixture_project: Path
) -> None:
    """2024's 停车位 with no area breakdown (a citywide target only): 不分地区, never 0 or '/'."""
    newest, older = fixture_model.editions
    (item,) = [i for i in older.items if i.no == 3]
    citywide = replace(item, indicators=(replace(item.indicators[0], cells=()),))
    older = replace(older, items=tuple(citywide if i is item else i for i in older.items))
    site = replace(fixture_model, editions=(newest, older))
    pages = render_site(site, fixture_project, Config())
    main = BeautifulSoup(pages["districts/donghu/index.html"].decode("utf-8"), "html.parser").find("main")
    _, rows = comparison(main)
    assert rows[("公共停车场建设项目", "新增公共停车位")] == {
        2025: [("/2025/projects/4/#row-5", "1500 个", ["全市 4000 个"])],
        2024: [("/2024/projects/3/#row-4", "不分地区", ["全市 3000"])],
    }
