"""The shapes real documents take, per edition: areas that join in a given year, an indicator with a citywide
target only, an edition with no livelihood table, no inferred column names, a source linked instead of copied.

The base fixture (tests/fixtures/site/) has 北湖新区, a column of the 2025 table only, and a 2025 edition that
infers nothing and links its source as well as copying it. The variant built here adds a third edition (2026)
with no livelihood table and no source.txt (source_url only), a 2024 indicator without breakdown, and a unit
of 北湖新区 responsible for a 2024 task (the area then takes part in 2024 through that task alone).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from factory import build_fixture, make_project
from jsonschema import Draft202012Validator
from test_downloads import read_csv
from test_page_structure import expected_pages, parse, text

from disclosure import kinds
from disclosure.errors import DataError
from disclosure.model import Site
from disclosure.outputs.feeds import for_area
from disclosure.source import load, validate
from disclosure.source.changelog import PUBLISHED, Change, Version

BEIHU = "北湖新区"
SOURCE_URL_2025 = "https://www.example.gov.cn/art/2025/2/19/art_1_2.html"
SOURCE_URL_2026 = "https://www.example.gov.cn/art/2026/2/10/art_1_3.html"

DOCUMENT_2026 = """\
year: 2026
title: 示例市人民政府办公室关于印发2026年政府工作报告重点工作责任分解的通知
doc_no: 示政办发〔2026〕1号
index_no: 000000001/2026-000001
issuer: 市政府办公室
signed_by: 示例市人民政府办公室
written: 2026-02-09
published: 2026-02-10
disclosure: 主动公开
source_url: https://www.example.gov.cn/art/2026/2/10/art_1_3.html
tasks_title: 2026年政府工作报告重点工作责任分解
tasks_note: 列第一位者为牵头单位。
"""
TASKS_2026 = """\
- no: 1
  text: 地区生产总值增长5%左右。
  units:
    - 市发展改革委
- no: 2
  text: 新增城镇就业3万人以上。
  units:
    - 市人力社保局
"""
# Appended to the 2024 table: a row with a citywide target only (row 7, after the six rows there).
ITEM_5_2024 = """\
  - no: 5
    category: 3
    text: 新建公交首末站4个。
    lead: 市建设局
    indicators:
      - target: 4
"""
BEIHU_UNIT = """\
- name: 北湖新区管委会
  full_name: 示例市北湖新区管理委员会
  slug: beihu-committee
  kind: development-zone
  area: 北湖新区
"""
VARIANT = {
    "data/2026/document.yaml": DOCUMENT_2026,
    "data/2026/tasks.yaml": TASKS_2026,
    "content/2026/notice.md": "各县(市、区)人民政府,市级有关部门(单位):\n\n现印发给你们。\n",
    "content/2026/source.md": "## 整理方法\n\n任务文字照原文录入。\n",
    "data/2024/livelihood.yaml": lambda text: text + ITEM_5_2024,
    "data/units.yaml": lambda text: text + BEIHU_UNIT,
    "data/2024/tasks.yaml": ("    - 市发展改革委\n", "    - 市发展改革委\n    - 北湖新区管委会\n"),
}


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    """The variant site built (without search), and its model: (site folder, model)."""
    project, site, _ = build_fixture(tmp_path_factory.mktemp("shapes"), VARIANT)
    return site, validate.build_site(load.read_sources(project))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def links(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.find_all("a", href=True)]


def district_years(soup: BeautifulSoup) -> list[str]:
    """The years of a district page's livelihood sections, in page order."""
    return [h["id"].removeprefix("livelihood-") for h in soup.select("[id^=livelihood-]")]


# --- areas per edition, on the base fixture ---------------------------------------------------------------


def test_an_area_that_joined_in_2025_has_only_2025_in_the_model(fixture_model: Site) -> None:
    work = fixture_model.area_work["beihu"]
    assert [(w.edition.year, w.column) for w in work] == [(2025, True)]
    assert [(i.no, ind.row, c.figure.text) for i, ind, c in work[0].cells] == [
        (1, 1, "/"),
        (2, 2, "/"),
        (2, 3, "/"),
        (3, 4, "/"),
        (4, 5, "/"),
    ]
    columns = {ed.year: [a.name for a in ed.document.area_columns] for ed in fixture_model.editions}
    assert columns[2025] == ["东湖区", "西山县", "南江市", "示例经济开发区(示例港区)", BEIHU, "其他"]
    assert BEIHU not in columns[2024]
    assert [a.name for a in fixture_model.areas][-1] == BEIHU  # the registry's order is not the table's


def test_the_district_page_of_an_area_that_joined_in_2025_shows_only_2025(fixture_site: Path) -> None:
    soup = parse(fixture_site, "districts/beihu/")
    assert text(soup.h1) == BEIHU
    assert district_years(soup) == ["2025"]
    assert not soup.select('[id$="-2024"]'), "no 2024 section of any kind"
    rows = soup.select("table.district-rows tbody tr")
    assert [r["id"] for r in rows] == [f"row-2025-{n}" for n in range(1, 6)]
    assert all(text(r.select("td")[2]) == "无目标 (原表为“/”)" for r in rows), "no target anywhere: the new zone"
    # an area that was a column in both years still shows both
    assert district_years(parse(fixture_site, "districts/donghu/")) == ["2025", "2024"]


def test_the_2024_tables_have_no_column_for_it(fixture_site: Path, fixture_model: Site) -> None:
    ed2024, ed2025 = (next(e for e in fixture_model.editions if e.year == y) for y in (2024, 2025))
    for item in ed2024.items:
        soup = parse(fixture_site, f"2024/projects/{item.no}/")
        areas = [text(th) for th in soup.select("table.breakdown tbody th")]
        assert BEIHU not in areas and areas, item.no
    page = parse(fixture_site, "2025/projects/4/")
    assert [text(th) for th in page.select("table.breakdown tbody th")] == [
        "东湖区",
        "西山县",
        "南江市",
        "示例经济开发区(示例港区)",
        BEIHU,
        "其他",
    ]
    assert BEIHU not in read_csv(fixture_site, "2024/livelihood.csv")[0]
    header = list(read_csv(fixture_site, "2025/livelihood.csv")[0])
    assert header[header.index("target") : header.index("url")] == [
        "target",
        "东湖区",
        "西山县",
        "南江市",
        "示例经济开发区(示例港区)",
        BEIHU,
        "其他",
    ]
    assert {r["area"] for r in read_csv(fixture_site, "2024/livelihood_targets.csv")} == {
        a.name for a in ed2024.document.area_columns
    }
    beihu = [r for r in read_csv(fixture_site, "2025/livelihood_targets.csv") if r["area"] == BEIHU]
    assert [(r["row"], r["value"]) for r in beihu] == [(str(n), "/") for n in range(1, 6)]
    sources = [text(li) for li in parse(fixture_site, "2025/source/").select("#columns + p + ol li")]
    assert sources == [a.name for a in ed2025.document.area_columns]


def test_the_feed_of_an_area_that_joined_in_2025_leaves_out_2024_items(fixture_model: Site) -> None:
    """An item concerns the areas its table has: the publication of a 2024 item is not 北湖新区's news."""
    beihu, donghu = (next(a for a in fixture_model.areas if a.slug == s) for s in ("beihu", "donghu"))
    version = Version("abc1234", "2025-02-19", "2025-02-19T09:00:00+08:00")
    for ed in fixture_model.editions:
        for key, subject in kinds.item_subjects(ed).items():
            published = Change(version, key, PUBLISHED, None, "发布")
            assert (for_area(beihu)(published, subject), for_area(donghu)(published, subject)) == (
                ed.year == 2025,
                True,
            ), key


# --- inference only when something was inferred; a source linked as well as copied ----------------------


def test_pages_mention_inference_only_for_the_edition_that_inferred(fixture_site: Path) -> None:
    src2024, src2025 = parse(fixture_site, "2024/source/"), parse(fixture_site, "2025/source/")
    assert text(src2024.select_one("#inferred")) == "推断的内容:民生实事表的地区列名"
    assert src2025.select_one("#inferred") is None
    assert "推断" not in text(src2025.select_one("article"))
    assert "列名照录" in text(src2025.select_one("#columns + p"))
    for page in [p for p in expected_pages_of(fixture_site) if p.startswith("2025/")]:
        soup = parse(fixture_site, page)
        assert not [h for h in links(soup) if "#inferred" in h], page
        assert not soup.select("sup.inferred"), page
    assert parse(fixture_site, "2024/projects/1/").select("sup.inferred")
    assert parse(fixture_site, "districts/donghu/").select_one("#inferred-2024") is not None
    assert parse(fixture_site, "districts/donghu/").select_one("#inferred-2025") is None


def expected_pages_of(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in html_pages(site)]


def test_a_source_linked_as_well_as_copied_is_linked_and_published(fixture_site: Path) -> None:
    article = parse(fixture_site, "2025/source/").select_one("article")
    assert SOURCE_URL_2025 in links(article)
    assert "/source.txt" in " ".join(links(article))
    assert (fixture_site / "2025/source.txt").read_text("utf-8").startswith("示例市人民政府办公室关于印发2025年")


# --- the variant: a third edition without a livelihood table, linking its source only ---------------------


def test_an_edition_without_a_livelihood_table_has_no_items_and_no_project_pages(variant: tuple[Path, Site]) -> None:
    site, model = variant
    ed = model.latest
    assert (ed.year, ed.items, ed.categories, ed.document.area_columns) == (2026, (), (), ())
    assert ed.document.livelihood_title is None
    assert not (site / "2026/projects").exists()
    built = sorted(p.relative_to(site).as_posix() for p in html_pages(site))
    expected = [*expected_pages(model), "departments/construction/index.html"]  # the fixture's one redirect
    assert built == sorted(expected)
    assert "2026/tasks/1/index.html" in built


def test_nothing_links_to_the_missing_project_pages_or_source_text(variant: tuple[Path, Site]) -> None:
    site, _ = variant
    for page in html_pages(site):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        bad = [h for h in links(soup) if "/2026/projects" in h or h.endswith("/2026/source.txt")]
        assert not bad, (page.relative_to(site).as_posix(), bad)
    home = parse(site, "")
    assert "2026年民生实事项目" not in text(home)
    nav = {text(a): a["href"] for a in home.select("nav[aria-label=主导航] a")}
    assert nav["重点工作"] == "/2026/tasks/" and nav["民生实事"] == "/2025/projects/"  # the latest with a table


def test_home_offers_the_areas_and_projects_of_the_newest_year_with_a_table(variant: tuple[Path, Site]) -> None:
    """2026 has no livelihood table: home shows 2025's area tiles and categories, and says whose they are."""
    site, model = variant
    home = parse(site, "")
    section = home.select_one("#by-district").parent
    assert text(section.h2) == "按县(市、区)查看2025年民生实事"
    assert text(section.select_one("p.note")) == "2026年的文件没有民生实事项目表;以下是最近有这张表的2025年的。"
    ed2025 = next(e for e in model.editions if e.year == 2025)
    assert [text(a) for a in section.select("ul.tiles a")] == [a.name for a in ed2025.document.area_columns]
    assert text(home.select_one("#by-project")) == f"2025年民生实事项目({len(ed2025.items)}项)"


def test_its_notice_source_and_checks_pages_say_so(variant: tuple[Path, Site]) -> None:
    site, _ = variant
    notice = parse(site, "2026/")
    assert [text(li) for li in notice.select("article ul.plain li")] == ["2026年政府工作报告重点工作责任分解 (2项)"]
    assert SOURCE_URL_2026 in links(notice.select_one("article"))
    assert notice.select_one("meta[name=description]")["content"].endswith("全文及其附表。")
    source = parse(site, "2026/source/").select_one("article")
    assert SOURCE_URL_2026 in links(source)
    assert "本站未另存原文文本" in text(source)
    assert source.select_one("#inferred") is None and source.select_one("#columns") is None
    assert "各地目标之和" not in text(source), "no table, nothing summed"
    checks = parse(site, "2026/checks/")
    assert "2026年的文件没有民生实事项目表。" in [text(li) for li in checks.select("#passed + ul li")]
    assert checks.select_one("#sums") is None


def test_it_has_no_livelihood_files_and_no_source_text(variant: tuple[Path, Site]) -> None:
    site, _ = variant
    assert sorted(p.name for p in (site / "data/2026").iterdir()) == ["task_units.csv", "tasks.csv", "tasks.json"]
    assert not (site / "2026/source.txt").exists()
    assert (site / "2024/source.txt").exists() and (site / "2025/source.txt").exists()
    package = json.loads((site / "data/datapackage.json").read_text("utf-8"))
    paths = [r["path"] for r in package["resources"]]
    assert [p for p in paths if p.startswith("2026/")] == ["2026/tasks.csv", "2026/task_units.csv", "2026/tasks.json"]
    assert "2025/livelihood.csv" in paths
    downloads = parse(site, "data/")
    assert not [h for h in links(downloads) if "2026/livelihood" in h]


# --- the variant: an indicator with a citywide target only -----------------------------------------------


def test_an_indicator_without_breakdown_has_no_cells(variant: tuple[Path, Site]) -> None:
    _, model = variant
    ed = next(e for e in model.editions if e.year == 2024)
    ind = ed.items[-1].indicators[0]
    assert (ind.row, ind.target.text, ind.cells, ind.broken_down, ind.sums_to_target) == (7, "4", (), False, True)
    assert ed.unbroken == (ind,)
    assert not [w for w in model.area_work["donghu"] if any(i is ind for _, i, _ in w.cells)]


def test_its_project_page_shows_the_citywide_target_and_says_it_is_not_broken_down(
    variant: tuple[Path, Site],
) -> None:
    site, _ = variant
    section = parse(site, "2024/projects/5/").select_one("#row-7")
    assert text(section.h2) == "目标任务:全市 4"
    assert text(section.select_one("p.no-breakdown")) == "全市目标 4,原文件没有把这项指标分解到各地区。"
    assert section.select_one("table") is None and section.select_one("figure") is None
    assert section.select_one(".sum-ok, .sum-mismatch") is None
    assert parse(site, "2024/projects/5/").select_one("p.note") is None, "no area column, so no inferred one"
    assert parse(site, "2024/projects/4/").select_one("p.note") is not None


def test_the_project_index_says_how_many_rows_are_not_broken_down(variant: tuple[Path, Site]) -> None:
    site, _ = variant
    assert text(parse(site, "2024/projects/").select_one("h1 + p")) == (
        "3 类、5 项、7 项指标。每项的全市目标分解到 5 个地区(1 项指标只有全市目标,未分解),打开项目查看分解表。"
    )


def test_district_pages_count_it_without_listing_it(variant: tuple[Path, Site]) -> None:
    site, _ = variant
    soup = parse(site, "districts/donghu/")
    section = soup.select_one("#livelihood-2024").parent
    assert text(section.select_one("p.no-breakdown")) == (
        "另有 1 项指标只有全市目标,原文件没有分解到各地区,不列在下表中。"
    )
    assert [r["id"] for r in section.select("table.district-rows tbody tr")] == [f"row-2024-{n}" for n in range(1, 7)]
    assert soup.select_one("#livelihood-2025").parent.select_one("p.no-breakdown") is None


def test_the_district_index_counts_only_the_rows_broken_down(variant: tuple[Path, Site]) -> None:
    """An area's count of rows with a target is out of the rows broken down by area: 6 of 2024's 7."""
    site, _ = variant
    heads = [text(th) for th in parse(site, "districts/").select("table thead tr:last-child th.year-start")]
    assert heads == ["有目标的指标(无项目表)", "有目标的指标(共5项)", "有目标的指标(共6项)"]


def test_its_csv_and_json_write_it_honestly(variant: tuple[Path, Site]) -> None:
    site, model = variant
    wide = read_csv(site, "2024/livelihood.csv")
    row = next(r for r in wide if r["row"] == "7")
    areas = [a.name for a in next(e for e in model.editions if e.year == 2024).document.area_columns]
    assert (row["item_no"], row["target"], [row[a] for a in areas]) == ("5", "4", [""] * len(areas))
    assert "7" not in {r["row"] for r in read_csv(site, "2024/livelihood_targets.csv")}
    entries = json.loads((site / "data/2024/livelihood.json").read_text("utf-8"))
    entry = next(e for e in entries if e["row"] == 7)
    assert (entry["target"], entry["breakdown"]) == (4, None)
    assert entries[0]["breakdown"]["东湖区"] == 8
    schema = json.loads((site / "data/schemas/livelihood.json.schema.json").read_text("utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(entries)) == []
    assert "null" in json.dumps(schema["items"]["properties"]["breakdown"])


# --- the variant: an area that takes part in a year through a responsible unit only ------------------------


def test_an_area_in_a_year_only_through_a_task_says_the_table_has_no_column(variant: tuple[Path, Site]) -> None:
    site, model = variant
    assert [(w.edition.year, w.column, len(w.cells), len(w.tasks)) for w in model.area_work["beihu"]] == [
        (2025, True, 5, 0),
        (2024, False, 0, 1),
    ]
    soup = parse(site, "districts/beihu/")
    assert district_years(soup) == ["2025", "2024"]
    section = soup.select_one("#livelihood-2024").parent
    assert text(section.p) == "2024年民生实事项目表没有北湖新区这一列:北湖新区未列入当年的目标分解。"
    assert section.select_one("table") is None
    assert "/2024/tasks/1/" in " ".join(links(soup.select_one("#tasks-2024").parent))


def test_a_district_page_words_a_year_without_a_table_apart_from_a_table_without_its_column(
    variant: tuple[Path, Site],
) -> None:
    """2026 has no livelihood table at all: not 2026年的民生实事项目表没有东湖区这一列."""
    site, _ = variant
    said = {slug: text(parse(site, f"districts/{slug}/").select_one("dl.facts dd")) for slug in ("donghu", "beihu")}
    assert said == {
        "donghu": "2024年 、 2025年 (2026年的文件没有民生实事项目表)",
        "beihu": "2025年 (2024年的民生实事项目表没有北湖新区这一列;2026年的文件没有民生实事项目表)",
    }


# --- bad input: one (edits, exact messages) pair per slip --------------------------------------------------

DOC_2024, DOC_2025 = "data/2024/document.yaml", "data/2025/document.yaml"
LIV_2024, LIV_2025 = "data/2024/livelihood.yaml", "data/2025/livelihood.yaml"
INFERRED_2024 = "inferred_columns:\n  - 东湖区\n  - 西山县\n"
NOTE_2024 = "inference_note: 测试数据:假定原文副本缺了前两列的表头,列名按惯常顺序推断。\n"

SERVICE_POINTS = (
    "          东湖区: 4\n          西山县: 3\n          南江市: 2\n          示例经济开发区(示例港区): 1\n"
)
TABLE_ONLY = "expected {} only in an edition with a livelihood table: delete it, or add the table"
LIVELIHOOD_GONE = (
    "data/2024/document.yaml:{}: document 2024: {}: found it, but data/2024/livelihood.yaml does not exist, "
)
BOTH = "(both, or neither when nothing was inferred)"

BAD = [
    pytest.param(
        {
            LIV_2025: (
                "          示例经济开发区(示例港区): 100\n          北湖新区: /\n",
                "          示例经济开发区(示例港区): 100\n",
            )
        },
        [
            (
                "data/2025/livelihood.yaml:60:11:民生实事第3项第4行(机构托位)的各地目标中缺少“北湖新区”,它在 "
                "data/2025/document.yaml 的地区列(area_columns)中。"
            )
        ],
        id="breakdown-lacks-an-area-of-the-year",
    ),
    pytest.param(
        {LIV_2024: ("          其他: /\n", "          其他: /\n          北湖新区: /\n")},
        [
            (
                "data/2024/livelihood.yaml:28:11:民生实事第1项第1行(机构)的各地目标中有“北湖新区”,但 "
                "data/2024/document.yaml 的地区列(area_columns)中没有它(2024年的表没有这一列)。"
            )
        ],
        id="breakdown-has-an-area-the-year-does-not-list",
    ),
    pytest.param(
        {LIV_2025: ("          北湖新区: /\n", "          北湖区: /\n")},
        [
            (
                "data/2025/livelihood.yaml:27:11:民生实事第1项第1行的各地目标中的地区“北湖区”不在 data/areas.yaml "
                "中。是不是“北湖新区”或“东湖区”?"
            )
        ],
        id="breakdown-has-a-name-no-registry-lists",
    ),
    pytest.param(
        {DOC_2025: ("  - 北湖新区\n", "  - 北湖新区\n  - 东湖区\n")},
        [("data/2025/document.yaml:25:5:2025年版 document.yaml的地区列“东湖区”重复(第20行已有),每个地区只能写一次。")],
        id="area-column-listed-twice",
    ),
    pytest.param(
        {
            "data/areas.yaml": lambda t: (
                t + "- name: 中山区\n  full_name: 示例市中山区\n  slug: zhongshan\n  kind: district\n"
            )
        },
        [
            (
                "data/areas.yaml:28:3:地区“中山区”不在任何一年 data/<year>/document.yaml 的地区列(area_columns)中,"
                "应至少是一年民生实事表的一列:请把它加到那里,或从 data/areas.yaml 删除。"
            )
        ],
        id="registry-area-in-no-edition",
    ),
    pytest.param(
        {LIV_2024: ("        breakdown:\n" + SERVICE_POINTS + "          其他: /\n", "        breakdown: {}\n")},
        [
            (
                "data/2024/livelihood.yaml:43:20:民生实事第2项第3行(服务点)的各地目标是空映射,"
                "应为每个地区到其目标数字的映射(全市目标不分解到地区时,不写各地目标 breakdown)。"
            )
        ],
        id="empty-breakdown",
    ),
    pytest.param(
        {LIV_2024: None},
        [
            (
                "data/2024/document.yaml:14:19:2024年版 document.yaml写了民生实事表标题(livelihood_title),但 "
                "data/2024/livelihood.yaml 不存在:只有带民生实事表的年份才写它,应删去它,或加上民生实事表。"
            ),
            (
                "data/2024/document.yaml:18:3:2024年版 document.yaml写了地区列(area_columns),但 "
                "data/2024/livelihood.yaml 不存在:只有带民生实事表的年份才写它,应删去它,或加上民生实事表。"
            ),
            (
                "data/2024/document.yaml:26:3:2024年版 document.yaml写了推断的地区列(inferred_columns),但 "
                "data/2024/livelihood.yaml 不存在:只有带民生实事表的年份才写它,应删去它,或加上民生实事表。"
            ),
            (
                "data/2024/document.yaml:28:17:2024年版 document.yaml写了推断说明(inference_note),但 "
                "data/2024/livelihood.yaml 不存在:只有带民生实事表的年份才写它,应删去它,或加上民生实事表。"
            ),
        ],
        id="livelihood-fields-without-a-livelihood-table",
    ),
    pytest.param(
        {DOC_2024: ("livelihood_title: 2024年市政府民生实事项目责任分解\n", "")},
        [
            (
                "data/2024/document.yaml:2:1:2024年版 document.yaml缺少民生实事表标题(livelihood_title),"
                "data/2024/livelihood.yaml 存在时应写它。"
            )
        ],
        id="livelihood-table-without-its-title",
    ),
    pytest.param(
        {DOC_2024: (NOTE_2024, "")},
        [
            (
                "data/2024/document.yaml:2:1:2024年版 document.yaml有推断的地区列(inferred_columns),"
                "缺少推断说明(inference_note):两者应同时写,没有推断时都不写。"
            )
        ],
        id="inferred-columns-without-a-note",
    ),
    pytest.param(
        {DOC_2024: (INFERRED_2024, "")},
        [
            (
                "data/2024/document.yaml:2:1:2024年版 document.yaml有推断说明(inference_note),"
                "缺少推断的地区列(inferred_columns):两者应同时写,没有推断时都不写。"
            )
        ],
        id="inference-note-without-inferred-columns",
    ),
    pytest.param(
        {DOC_2024: (INFERRED_2024, "inferred_columns: []\n")},
        [
            (
                "data/2024/document.yaml:25:19:2024年版 document.yaml的推断的地区列是空列表,应为推断出的地区名称;"
                "没有推断时,inferred_columns 和 inference_note 都不写。"
            )
        ],
        id="empty-inferred-columns",
    ),
    pytest.param(
        {DOC_2024: ("  - 西山县\ninference_note", "  - 北湖新区\ninference_note")},
        [
            (
                "data/2024/document.yaml:27:5:2024年版 document.yaml的推断的地区列中的地区是“北湖新区”,"
                "应为地区列(area_columns)中的名称。"
            )
        ],
        id="inferred-column-not-a-column-of-the-year",
    ),
    pytest.param(
        {DOC_2024: (INFERRED_2024, INFERRED_2024 + "  - 东湖区\n")},
        [
            (
                "data/2024/document.yaml:28:5:2024年版 document.yaml的推断的地区列“东湖区”重复(第26行已有),"
                "每个地区只能写一次。"
            )
        ],
        id="inferred-column-listed-twice",
    ),
    pytest.param(
        {LIV_2024: None, DOC_2024: (NOTE_2024, "")},
        [
            (
                "data/2024/document.yaml:14:19:2024年版 document.yaml写了民生实事表标题(livelihood_title),但 "
                "data/2024/livelihood.yaml 不存在:只有带民生实事表的年份才写它,应删去它,或加上民生实事表。"
            ),
            (
                "data/2024/document.yaml:18:3:2024年版 document.yaml写了地区列(area_columns),但 "
                "data/2024/livelihood.yaml 不存在:只有带民生实事表的年份才写它,应删去它,或加上民生实事表。"
            ),
            (
                "data/2024/document.yaml:26:3:2024年版 document.yaml写了推断的地区列(inferred_columns),但 "
                "data/2024/livelihood.yaml 不存在:只有带民生实事表的年份才写它,应删去它,或加上民生实事表。"
            ),
        ],
        id="inferred-columns-without-a-note-or-a-table",
    ),
    pytest.param(
        {
            DOC_2025: lambda t: t.replace("示政办发〔2025〕2号", "示政办发〔2024〕3号").replace(
                "000000001/2025-000002", "000000001/2024-000001"
            )
        },
        [
            (
                "data/2025/document.yaml:4:9:2025年版 document.yaml的发文文号“示政办发〔2024〕3号”与 "
                "data/2024/document.yaml(第4行)重复,应为本年文件自己的发文文号:从别的年份复制来的 document.yaml "
                "会带着那一年的编号。"
            ),
            (
                "data/2025/document.yaml:5:11:2025年版 document.yaml的索引号“000000001/2024-000001”与 "
                "data/2024/document.yaml(第5行)重复,应为本年文件自己的索引号:从别的年份复制来的 document.yaml "
                "会带着那一年的编号。"
            ),
        ],
        id="document-numbers-of-another-edition",
    ),
    pytest.param(
        {DOC_2024: ("source_file: source.txt\n", ""), "data/2024/source.txt": None},
        [
            (
                "data/2024/document.yaml:2:1:2024年版 document.yaml既没有原文文件(source_file)"
                "也没有原文地址(source_url),应写 source_file: source.txt(本文件旁边的原文)、"
                "source_url(文件发布的网址),或两者都写。"
            )
        ],
        id="neither-source-file-nor-source-url",
    ),
    pytest.param(
        {DOC_2024: ("source_file: source.txt\n", "")},
        [
            (
                "data/2024/document.yaml:2:1:2024年版 document.yaml缺少原文文件(source_file),data/2024/source.txt "
                "存在,应写 source_file: source.txt。"
            )
        ],
        id="source-text-without-source-file",
    ),
    pytest.param(
        {DOC_2025: (SOURCE_URL_2025, "ftp://www.example.gov.cn/2025.txt")},
        [
            (
                "data/2025/document.yaml:12:13:2025年版 document.yaml的原文地址是“ftp:"
                "//www.example.gov.cn/2025.txt”,应为以 http:// 或 https:// 开头的完整网址,如 https:"
                "//www.example.gov.cn/。"
            )
        ],
        id="source-url-not-http",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), BAD)
def test_bad_edition_shapes_are_refused_with_exact_messages(tmp_path: Path, edits: dict, expected: list[str]) -> None:
    project = make_project(tmp_path / "project", edits)
    with pytest.raises(DataError) as error:
        validate.build_site(load.read_sources(project))
    assert [str(p) for p in error.value.problems] == expected
