"""Units of measure and indicator labels (the editors', data/README.md indicators) on the fixture site, and the
district page's opening summary. 2025's 停车位 row has a label (新增公共停车位) and a unit (个); no other row has
either, so each page shows both cases: a figure with its unit, and a bare figure where the row has none."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import Tag
from test_downloads import read_csv, read_json
from test_page_structure import parse, text

PARKING = {"year": "2025", "item": "4", "row": "5", "name": "停车位", "label": "新增公共停车位", "unit": "个"}
EDITORS_NOTE = "由本站编者依事项原文补充,原表没有"
OTHER_NOTE = "“其他”指不属于上述四个地区的部分(原表的一列)。"  # areas.yaml: full_name of 其他


def main_of(site: Path, path: str) -> Tag:
    return parse(site, path).find("main", id="main")


def joined(tag: Tag) -> str:
    return tag.get_text().strip()


def units_in(tag: Tag) -> list[str]:
    return [joined(u) for u in tag.find_all(class_="unit")]


# --- open data ------------------------------------------------------------------------------------


def test_livelihood_csv_and_json_carry_label_and_unit(fixture_site: Path) -> None:
    for year in ("2024", "2025"):
        wide = read_csv(fixture_site, f"{year}/livelihood.csv")
        assert list(wide[0])[6:9] == ["indicator", "label", "unit"]
        expected = {PARKING["row"]: (PARKING["label"], PARKING["unit"])} if year == "2025" else {}
        assert {r["row"]: (r["label"], r["unit"]) for r in wide if r["label"] or r["unit"]} == expected
        long = read_csv(fixture_site, f"{year}/livelihood_targets.csv")
        assert {(r["row"], r["unit"]) for r in long if r["unit"]} == ({(PARKING["row"], "个")} if expected else set())
        data = read_json(fixture_site, f"{year}/livelihood.json")
        given = {e["row"]: (e["label"], e["unit"]) for e in data if e["label"] is not None or e["unit"] is not None}
        assert given == expected
        assert all(tuple(list(e)[5:7]) == ("label", "unit") for e in data)


def test_the_datapackage_and_schema_declare_label_and_unit(fixture_site: Path) -> None:
    package = read_json(fixture_site, "datapackage.json")
    (wide,) = [r for r in package["resources"] if r["path"].endswith("2025/livelihood.csv")]
    fields = {f["name"]: f for f in wide["schema"]["fields"]}
    assert fields["unit"]["title"] == "计量单位(本站编者补充)" and "editors" in fields["unit"]["description"]
    assert "本站编者补充" in fields["label"]["title"]
    schema = read_json(fixture_site, "schemas/livelihood.json.schema.json")
    item = schema["items"]
    assert {"label", "unit"} <= set(item["required"]) and "editors" in item["properties"]["unit"]["description"]


# --- pages ----------------------------------------------------------------------------------------


def test_a_project_page_shows_the_unit_after_every_figure_and_the_label_as_heading(fixture_site: Path) -> None:
    main = main_of(fixture_site, "2025/projects/4/")
    section = main.find("section", id="row-5")
    assert text(section.h2) == "新增公共停车位:全市 4000 个"
    table = section.find("table", class_="breakdown")
    assert joined(table.caption).startswith("停车位:")  # the document's own name stays where the table is transcribed
    rows = [[joined(c) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    assert [r[1] for r in rows] == ["1500 个", "1000 个", "1200 个", "200 个", "无目标(原表为“/”)", "100 个"]
    assert [joined(tr.td) for tr in table.tfoot.find_all("tr")] == ["4000 个", "4000 个"]
    chart = section.find(class_="chart")
    assert [joined(v) for v in chart.find_all(class_="value")][:2] == ["1500 个", "1000 个"]
    assert "最多的是东湖区(1500 个)" in chart["aria-label"]
    notes = [joined(p) for p in main.find_all(class_="editors-note")]
    assert len(notes) == 1 and EDITORS_NOTE in notes[0]
    assert [joined(p) for p in main.find_all(class_="other-note")] == [OTHER_NOTE]


def test_a_row_without_a_unit_shows_its_figures_bare(fixture_site: Path) -> None:
    main = main_of(fixture_site, "2025/projects/3/")  # 机构托位: no label, no unit
    section = main.find("section", id="row-4")
    assert text(section.h2) == "机构托位:全市 800"
    assert units_in(main) == [] and not main.find(class_="editors-note")
    cells = [joined(tr.find_all("td")[0]) for tr in section.find("table", class_="breakdown").tbody.find_all("tr")]
    assert cells[:4] == ["300", "200", "200", "100"]


def test_the_projects_index_and_department_page_show_label_and_unit(fixture_site: Path) -> None:
    main = main_of(fixture_site, "2025/projects/")
    (meta,) = [joined(li.find(class_="meta")) for li in main.find_all("li") if "第4项" in joined(li)]
    assert meta.startswith("新增公共停车位 4000 个 · ")
    assert len(main.find_all(class_="editors-note")) == 1
    assert not main_of(fixture_site, "2024/projects/").find(class_="editors-note")
    dept = main_of(fixture_site, "departments/housing-construction/")
    rows = [[joined(c) for c in tr.find_all("td")] for tr in dept.find_all("tr") if tr.find("td")]
    assert ["新增公共停车位", "4000 个"] in [r[1:3] for r in rows]


# --- the district page's summary -------------------------------------------------------------------


def summary_of(main: Tag) -> dict[str, object]:
    """The opening summary: its jump links, each category's rows, and the rows without a figure."""
    section = main.find("section", class_="area-summary")
    jumps = [(a["href"], joined(a)) for a in section.find("nav", class_="category-jumps").find_all("a")]
    groups = {}
    for h3 in section.find_all("h3"):
        ul = h3.find_next_sibling("ul")
        rows = []
        for li in ul.find_all("li", recursive=False):
            share = li.find(class_="share")
            amount = li.find(class_="amount")
            rows.append((li.a["href"], joined(li.a), joined(amount) if amount else None, share and joined(share)))
        groups[(h3["id"], joined(h3))] = rows
    return {"jumps": jumps, "groups": groups, "text": text(section)}


def test_a_district_page_opens_with_its_amounts_by_category(fixture_site: Path) -> None:
    main = main_of(fixture_site, "districts/donghu/")
    first = main.find(["section", "table", "nav"])  # the summary comes before every table, year and contents
    assert "area-summary" in first["class"]
    summary = summary_of(main)
    assert summary["groups"] == {
        ("c2025-1", "优学提质项目"): [("/2025/projects/1/#row-1", "新增中小学学位4000个。", "1600", "占全市 40.0%")],
        ("c2025-2", "就业优先项目"): [
            ("/2025/projects/2/#row-2", "培训人次", "0.8", "占全市 40.0%"),
            ("/2025/projects/2/#row-3", "新就业形态劳动者", "0.2", "占全市 40.0%"),
        ],
        ("c2025-3", "普惠托育项目"): [("/2025/projects/3/#row-4", "机构托位", "300", "占全市 37.5%")],
        ("c2025-4", "公共停车场建设项目"): [("/2025/projects/4/#row-5", "新增公共停车位", "1500 个", "占全市 37.5%")],
    }
    assert summary["jumps"] == [(f"#{id_}", name) for id_, name in summary["groups"]]
    for href, _ in summary["jumps"]:
        assert main.find(id=href[1:]) is not None
    assert "没有给东湖区分配" not in summary["text"]  # every row gives it a figure
    assert EDITORS_NOTE in summary["text"]
    # the chart of shares is gone; the full table is still there, folded
    assert not main.find(class_="chart")
    assert main.find("details", class_="rows-table").find("table", class_="district-rows")


def test_rows_without_a_figure_are_listed_once_at_the_end_in_plain_words(fixture_site: Path) -> None:
    main = main_of(fixture_site, "districts/other/")
    summary = summary_of(main)
    *groups, last = summary["groups"].items()
    assert [k for k, _ in groups] == [("c2025-4", "公共停车场建设项目")]
    assert groups[0][1] == [("/2025/projects/4/#row-5", "新增公共停车位", "100 个", "占全市 2.5%")]
    assert last[0] == ("none-2025", "没有给其他分配数量的指标")
    assert [(href, name, share) for href, name, _, share in last[1]] == [
        ("/2025/projects/1/#row-1", "新增中小学学位4000个。", "全市 4000"),
        ("/2025/projects/2/#row-2", "培训人次", "全市 2"),
        ("/2025/projects/2/#row-3", "新就业形态劳动者", "全市 0.5"),
        ("/2025/projects/3/#row-4", "机构托位", "全市 800"),
    ]
    assert "本项没有给其他分配具体数量" in summary["text"]
    assert summary["jumps"][-1] == ("#none-2025", "没有分配数量的")
    assert [joined(p) for p in main.find_all(class_="other-note")] == [OTHER_NOTE]


def test_an_area_with_no_figure_at_all_lists_every_row_at_the_end(fixture_site: Path) -> None:
    summary = summary_of(main_of(fixture_site, "districts/beihu/"))  # new in 2025: every cell is "/"
    assert list(summary["groups"]) == [("none-2025", "没有给北湖新区分配数量的指标")]
    assert len(summary["groups"][("none-2025", "没有给北湖新区分配数量的指标")]) == 5


@pytest.mark.parametrize("path", ["districts/donghu/", "2025/projects/4/", "2024/progress/2024-h1/"])
def test_units_never_follow_the_no_target_marker(fixture_site: Path, path: str) -> None:
    for marker in main_of(fixture_site, path).find_all(class_="no-target"):
        following = marker.find_next_sibling()
        assert following is None or "unit" not in (following.get("class") or [])
