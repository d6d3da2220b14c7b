"""What the progress reports put on the fixture's pages: every report page (its source, the summary verbatim, the
published table, counts per status with the counting rule, each area's completion), the edition's list of
reports, every task page's latest status and timeline (or 暂无公开的进展情况), the task index's status column,
every district and project page's completion against each area's own target (完成率 本站计算), the notice and
home summaries; an edition without reports has no list and no link; the new pages pass axe-core."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup, Tag
from factory import ROOT, build_fixture, serve

from disclosure import urls
from disclosure.model import Completion, Edition, Figure, ProgressReport, Site

NO_PROGRESS = "暂无公开的进展情况"
AXE = ROOT / "node_modules/axe-core/axe.min.js"


def parse(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / urls.output_file(path)).read_text("utf-8"), "html.parser")


def text(tag: Tag | None) -> str:
    return "" if tag is None else " ".join(tag.get_text(" ", strip=True).split())


def dl(tag: Tag) -> dict[str, str]:
    return {text(dt): text(dt.find_next_sibling("dd")) for dt in tag.find_all("dt")}


def cells(row: Tag) -> list[str]:
    return [text(c) for c in row.find_all(["th", "td"])]


def href(site_path: str) -> str:
    """A page's address as the fixture build links it (base path /)."""
    return "/" + site_path


def rate(c: Completion) -> str:
    """完成率 computed here from the figures, independently of progress.py: exact, one decimal, half up."""
    from decimal import ROUND_HALF_UP, Decimal

    if c.target.value is None or c.completed.value is None or not c.target.value:
        return "—"
    value = (c.completed.value * 100 / c.target.value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%" + (" 超额完成" if c.completed.value > c.target.value else "")


def shown_target(f: Figure) -> str:
    """A target as pages write it (templating.figure): the number, or 无目标 with the document's /."""
    return f.text if f.value is not None else "无目标 (原表为“/”)"


def reports(site: Site) -> Iterator[tuple[Edition, ProgressReport]]:
    for ed in site.editions:
        for r in ed.reports:
            yield ed, r


def test_the_fixture_has_the_cases_these_tests_read(fixture_model: Site) -> None:
    by_year = {ed.year: ed for ed in fixture_model.editions}
    assert [r.slug for r in by_year[2024].reports] == ["2024-annual", "2024-h1", "2024-jan-may"]
    assert [r.slug for r in by_year[2025].reports] == ["2025-q1"]
    task6 = next(t for t in by_year[2024].tasks if t.no == 6)
    assert task6 not in by_year[2024].task_timeline


# Report pages


def test_every_report_page_has_its_metadata_source_and_summary(fixture_site: Path, fixture_model: Site) -> None:
    for _, r in reports(fixture_model):
        soup = parse(fixture_site, urls.report(r))
        assert text(soup.find("h1")) == r.title
        facts = dl(soup.find("dl", class_="doc-meta"))
        assert facts["时段"] == r.period and facts["截至日期"] == r.as_of.isoformat()
        assert facts["发布日期"] == r.published.isoformat() and facts["发布单位"] == r.publisher
        assert facts["发布载体"] == r.source.name
        assert facts.get("文号") == r.source.doc_no  # absent when the report has none
        link = soup.find("a", class_="source-url")
        assert (link["href"] if link else None) == r.source.url
        if r.source.url is None:
            assert "本站没有原文的网址,请按文号查阅" in facts["原文"]
        summary = soup.find("blockquote", class_="report-summary")
        assert (text(summary) if summary else None) == r.summary


def test_every_report_page_has_the_published_table_verbatim(fixture_site: Path, fixture_model: Site) -> None:
    for _, r in reports(fixture_model):
        soup = parse(fixture_site, urls.report(r))
        table = soup.find("table", class_="progress-tasks")
        heads = [text(th) for th in table.find("thead").find_all("th")]
        assert heads == ["序号", "主要工作任务", "进展情况(原文)", "牵头单位", "进展状态"]
        rows = table.find("tbody").find_all("tr")
        assert [row["id"] for row in rows] == [f"task-{e.task.ref}" for e in r.tasks]
        for row, e in zip(rows, r.tasks, strict=True):
            no, task, said, lead, status = cells(row)
            assert (no, task, said, status) == (e.task.label, e.task.text, e.text, e.status.name)
            assert lead == "、".join(u.name for u in e.task.leads)
            assert row.find("a")["href"] == href(urls.task(e.task))


def test_the_2025_report_gives_its_doc_no_and_no_link(fixture_site: Path) -> None:
    facts = dl(parse(fixture_site, "2025/progress/2025-q1/").find("dl", class_="doc-meta"))
    assert facts["文号"] == "示政办通〔2025〕5号"
    assert facts["原文"] == "本站没有原文的网址,请按文号查阅。"


def test_every_report_page_counts_its_entries_per_status_with_the_rule(fixture_site: Path, fixture_model: Site) -> None:
    statuses = fixture_model.info.statuses
    for _, r in reports(fixture_model):
        table = parse(fixture_site, urls.report(r)).find("table", id="status-counts")
        columns = [text(th) for th in table.find("thead").find_all("th")][1:]
        entries = {"重点工作": r.tasks, "民生实事指标": r.rows}
        assert columns == [what for what, es in entries.items() if es]
        counts = {what: Counter(e.status.name for e in entries[what]) for what in columns}
        body = [cells(row) for row in table.find("tbody").find_all("tr")]
        given = [s.name for s in statuses if any(counts[w][s.name] for w in columns)]
        assert body == [[name, *(str(counts[w][name]) for w in columns)] for name in given]
        foot = {c[0]: c[1:] for c in map(cells, table.find("tfoot").find_all("tr"))}
        done = {w: sum(counts[w][s.name] for s in statuses if s.done and s.stated) for w in columns}
        unstated = {w: counts[w]["原文未标明"] for w in columns}
        assert foot["计为完成"] == [str(done[w]) for w in columns]
        assert foot["原文未标明进展状态"] == [str(unstated[w]) for w in columns]
        assert foot["计为尚未完成"] == [str(len(entries[w]) - done[w] - unstated[w]) for w in columns]
        assert foot["合计"] == [str(len(entries[w])) for w in columns]
        rule = text(table.find_next_sibling("p", class_="counting-rule"))
        assert "进展状态为“已完成”“提前完成”的计为完成" in rule
        assert "单独计为“原文未标明进展状态”,不算作尚未完成" in rule


def test_the_h1_report_counts_the_unstated_entry_apart(fixture_site: Path) -> None:
    foot = parse(fixture_site, "2024/progress/2024-h1/").find("table", id="status-counts").find("tfoot")
    rows = {c[0]: c[1:] for c in map(cells, foot.find_all("tr"))}
    # tasks 1-5 and 7: 按序时推进, 进度滞后, 超序时推进, 按时推进, 未启动, 原文未标明; rows 1, 4
    assert rows == {
        "计为完成": ["0", "0"],
        "计为尚未完成": ["5", "2"],
        "原文未标明进展状态": ["1", "0"],
        "合计": ["6", "2"],
    }


def test_every_report_page_gives_each_row_and_each_area_with_its_rate(fixture_site: Path, fixture_model: Site) -> None:
    for _, r in reports(fixture_model):
        soup = parse(fixture_site, urls.report(r))
        table = soup.find("table", class_="progress-rows")
        if not r.rows:
            assert table is None
            continue
        for e in r.rows:
            row = table.find("tr", id=f"row-{e.indicator.row}")
            assert text(row.find("td", class_="completed")) == e.citywide.completed.text
            shown = text(row.find("td", class_="rate"))
            assert shown == rate(e.citywide) + (" (不计算)" if e.citywide.rate is None else "")
            assert row.find("a")["href"] == href(urls.indicator(e.indicator))
            areas = soup.find("table", id=f"areas-{e.indicator.row}")
            if not e.areas:
                assert areas is None
                continue
            got = [cells(tr) for tr in areas.find("tbody").find_all("tr")]
            assert got == [[c.area.name, shown_target(c.target), c.completed.text, rate(c)] for c in e.areas]


def test_over_completion_and_zero_are_shown_as_such(fixture_site: Path) -> None:
    annual = parse(fixture_site, "2024/progress/2024-annual/").find("table", id="areas-1")
    rows = {c[0]: c[1:] for c in map(cells, annual.find("tbody").find_all("tr"))}
    assert rows["东湖区"] == ["8", "9", "112.5% 超额完成"]  # 9 of 8
    assert rows["西山县"] == ["5", "5", "100.0%"]
    h1 = parse(fixture_site, "2024/progress/2024-h1/").find("table", id="areas-4")
    rows = {c[0]: c[1:] for c in map(cells, h1.find("tbody").find_all("tr"))}
    assert rows["其他"] == ["100", "0", "0.0%"]  # nothing done yet: 0, not /
    zone = parse(fixture_site, "2024/progress/2024-h1/").find("table", id="areas-1")
    assert {c[0]: c[1:] for c in map(cells, zone.find("tbody").find_all("tr"))}["示例经济开发区(示例港区)"] == [
        "2",
        "0",
        "0.0%",
    ]


def test_the_list_of_reports_is_newest_first_with_counts(fixture_site: Path, fixture_model: Site) -> None:
    for ed in fixture_model.editions:
        soup = parse(fixture_site, urls.progress(ed))
        items = soup.find("ol", class_="report-list").find_all("li", recursive=False)
        assert [i.find("h2").find("a")["href"] for i in items] == [href(urls.report(r)) for r in ed.reports]
        for li, r in zip(items, ed.reports, strict=True):
            facts = dl(li)
            assert (facts["时段"], facts["截至日期"], facts["发布日期"]) == (
                r.period,
                r.as_of.isoformat(),
                r.published.isoformat(),
            )
            assert facts["来源"].startswith(r.source.name)
            done = sum(e.status.done and e.status.stated for e in r.tasks)
            assert f"重点工作 {len(r.tasks)} 项:" in facts["进展状态"]
            assert f"计为完成 {done} 项" in facts["进展状态"]
        assert "计为完成" in text(soup.find("p", class_="counting-rule"))


# Task pages and the task index


def test_every_task_page_gives_its_latest_status_and_timeline_newest_first(
    fixture_site: Path, fixture_model: Site
) -> None:
    for ed in fixture_model.editions:
        for task in ed.tasks:
            section = parse(fixture_site, urls.task(task)).find("section", class_="progress")
            timeline = ed.task_timeline.get(task, ())
            if not timeline:
                assert text(section.find("p", class_="no-progress")) == NO_PROGRESS
                assert section.find("ol", class_="timeline") is None
                continue
            assert section.find("p", class_="no-progress") is None
            latest_report, latest = timeline[0]
            latest_line = text(section.find("p", class_="latest-status"))
            assert latest_line.startswith(f"最新进展状态: {latest.status.name}")
            assert latest_report.title in latest_line and latest_report.as_of.isoformat() in latest_line
            entries = section.find("ol", class_="timeline").find_all("li", recursive=False)
            dates = [text(li.find(class_="as-of")) for li in entries]
            assert dates == sorted(dates, reverse=True)  # newest first
            for li, (r, e) in zip(entries, timeline, strict=True):
                assert li.find("h3").find("a")["href"] == href(urls.report(r)) + f"#task-{task.ref}"
                assert dates[entries.index(li)] == r.as_of.isoformat()
                assert text(li.find(class_="status")) == e.status.name
                assert text(li.find("blockquote", class_="progress-text")) == e.text
                source = li.find("p", class_="entry-source")
                assert r.source.name in text(source)
                assert (r.source.doc_no or "") in text(source)
                link = source.find("a")
                assert (link["href"] if link else None) == r.source.url


def test_task_1_of_2024_has_three_reports_and_task_6_none(fixture_site: Path) -> None:
    section = parse(fixture_site, "2024/tasks/1/").find("section", class_="progress")
    entries = section.find("ol", class_="timeline").find_all("li", recursive=False)
    assert [text(li.find(class_="as-of")) for li in entries] == ["2024-12-31", "2024-06-30", "2024-05-31"]
    assert [text(li.find("blockquote")) for li in entries] == [
        "全年地区生产总值增长5.6%。",
        "1-6月全市地区生产总值增长5.3%。",
        "1-5月全市地区生产总值增长5.1%。",
    ]
    six = parse(fixture_site, "2024/tasks/6/").find("section", class_="progress")
    assert text(six.find("p", class_="no-progress")) == NO_PROGRESS
    assert "进展状态" not in text(six)  # never a status
    seven = parse(fixture_site, "2024/tasks/7/").find("section", class_="progress")
    assert text(seven.find(class_="status")) == "原文未标明"


def test_the_task_index_shows_each_latest_status_and_filters_by_it(fixture_site: Path, fixture_model: Site) -> None:
    for ed in fixture_model.editions:
        soup = parse(fixture_site, urls.tasks(ed))
        expected = Counter()
        for task in ed.tasks:
            row = soup.find("tr", id=f"task-{task.ref}")
            timeline = ed.task_timeline.get(task)
            status = timeline[0][1].status.name if timeline else "暂无公开的进展情况"
            expected[status] += 1
            assert row["data-status"] == status
            cell = row.find("td", class_="latest")
            if timeline:
                assert text(cell) == f"{status} (截至 {timeline[0][0].as_of})"
                assert cell.find("a")["href"] == href(urls.report(timeline[0][0])) + f"#task-{task.ref}"
            else:
                assert text(cell) == "暂无公开的进展情况"
        options = [(o["value"], text(o)) for o in soup.find("select", id="status").find_all("option")][1:]
        order = [s.name for s in fixture_model.info.statuses] + ["暂无公开的进展情况"]
        assert options == [(name, f"{name}({expected[name]}项)") for name in order if expected[name]]


# District and project pages


def test_every_district_page_gives_its_completion_against_its_own_targets(
    fixture_site: Path, fixture_model: Site
) -> None:
    for area in fixture_model.areas:
        soup = parse(fixture_site, urls.district(area))
        for w in fixture_model.area_work[area.slug]:
            ed = w.edition
            section = soup.find("h3", id=f"progress-{ed.year}")
            if not ed.reports or not w.column or not w.cells:
                assert section is None
                continue
            table = soup.find("table", id=f"completion-{ed.year}")
            named = [(item, ind, cell) for item, ind, cell in w.cells if ind in ed.row_timeline]
            assert (table is None) == (not named)
            for _, ind, cell in named:
                report, entry = ed.row_timeline[ind][0]
                row = table.find("tr", id=f"completion-{ed.year}-{ind.row}")
                c = entry.of(area)
                assert text(row.find("td", class_="completed")) == (c.completed.text if c else f"通报未列{area.name}")
                shown = text(row.find("td", class_="rate"))
                if c is not None and c.rate is not None:
                    assert shown == rate(c)
                else:
                    assert shown == ("无目标,不计算" if cell.figure.value is None else "无完成数,不计算")
                assert text(row.find(class_="status")) == entry.status.name
                assert row.find_all("a")[-1]["href"] == href(urls.report(report)) + f"#row-{ind.row}"
            behind = soup.find("h4", id=f"behind-{ed.year}")
            if not named:  # no report names any of its rows: nothing to say of them, not "none behind"
                assert behind is None
                whole = section.find_parent("section")
                assert text(whole.find("p", class_="no-progress")) == NO_PROGRESS
                assert "没有。" not in text(whole)
                continue
            listed = behind.find_next_sibling("ul", class_="behind")
            want = [ind for _, ind, _ in named if ed.row_timeline[ind][0][1].status.name == "进度滞后"]
            got = [a["href"] for a in listed.find_all("a", href=re.compile("/projects/"))] if listed else []
            assert got == [href(urls.indicator(ind)) for ind in want]
            assert "最近一次通报标为“进度滞后”的指标" in text(behind.find_next_sibling("p"))


def test_donghu_and_the_other_column_in_2024(fixture_site: Path) -> None:
    soup = parse(fixture_site, "districts/donghu/")
    row = cells(soup.find("tr", id="completion-2024-1"))
    assert row[2:5] == ["8", "9", "112.5% 超额完成"]
    assert "本站计算" in text(soup.find("table", id="completion-2024").find("thead"))
    # row 5 (农村公路) is 进度滞后 in the annual report; row 4 was in 上半年 only, no longer
    behind = soup.find("h4", id="behind-2024").find_next_sibling("ul")
    assert [text(a) for a in behind.find_all("a", href=re.compile("/projects/"))] == ["第4项 农村公路"]
    other = parse(fixture_site, "districts/other/")
    row = cells(other.find("tr", id="completion-2024-1"))
    assert row[2:5] == [
        "无目标 (原表为“/”)",
        "通报未列其他",
        "无目标,不计算",
    ]  # no target: left out of 完成率, and said so
    assert "不计算完成率" in text(other.find("p", class_="unrated"))


def test_every_project_page_gives_each_rows_completion_beside_its_targets(
    fixture_site: Path, fixture_model: Site
) -> None:
    for ed in fixture_model.editions:
        for item in ed.items:
            soup = parse(fixture_site, urls.project(item))
            for ind in item.indicators:
                section = soup.find("section", id=f"row-{ind.row}").find("section", class_="row-progress")
                timeline = ed.row_timeline.get(ind, ())
                if not timeline:
                    assert text(section.find("p", class_="no-progress")) == NO_PROGRESS
                    continue
                _, entry = timeline[0]
                latest = section.find("p", class_="latest-status")
                assert text(latest.find(class_="completed")) == entry.citywide.completed.text
                assert text(latest.find(class_="status")) == entry.status.name
                entries = section.find("ol", class_="timeline").find_all("li", recursive=False)
                assert [li.find("a")["href"] for li in entries] == [
                    href(urls.report(r)) + f"#row-{ind.row}" for r, _ in timeline
                ]
                chart = section.find("div", class_="pair-chart")
                table = section.find("table", class_="progress-areas")
                if not entry.areas:
                    assert chart is None and table is None
                    continue
                given = {c.area: c for c in entry.areas}
                want = [
                    [cell.area.name, shown_target(cell.figure)]
                    + (
                        [given[cell.area].completed.text, rate(given[cell.area])]
                        if cell.area in given
                        else ["未通报", "—"]
                    )
                    for cell in ind.cells
                ]
                assert [cells(tr) for tr in table.find("tbody").find_all("tr")] == want
                # the chart writes every number out, beside its two bars (target, completion)
                bars = chart.find("ol", class_="bars").find_all("li", recursive=False)
                assert len(bars) == len(ind.cells)
                for li, w in zip(bars, want, strict=True):
                    target = w[1] if not w[1].startswith("无目标") else "无目标"
                    assert text(li.find(class_="value")).startswith(f"目标 {target} · 完成 {w[2]} · {w[3]}")
                    assert len(li.find_all("svg")) == 2
                assert chart["role"] == "img" and chart["aria-label"].startswith("条形图")


# The notice and home


def test_the_notice_and_home_summarise_the_latest_report_with_the_rule(fixture_site: Path, fixture_model: Site) -> None:
    home = parse(fixture_site, urls.HOME)
    for ed in fixture_model.editions:
        latest = ed.reports[0]
        for soup in (parse(fixture_site, urls.edition(ed)), home):
            section = soup.find("section", attrs={"aria-labelledby": re.compile(f"progress-(summary|{ed.year})")})
            if soup is home:
                section = home.find("section", attrs={"aria-labelledby": f"progress-{ed.year}"})
            assert section.find("a", href=href(urls.report(latest))) is not None
            done = sum(e.status.done and e.status.stated for e in latest.tasks)
            lines = [text(li) for li in section.find("ul").find_all("li")]
            assert lines[0].startswith(f"重点工作 {len(latest.tasks)} 项:")
            assert f"计为完成 {done} 项" in lines[0]
            assert "进展状态为“已完成”“提前完成”的计为完成" in text(section.find("p", class_="counting-rule"))
            if latest.rows:
                assert "没有目标的指标(原表为“/”)和通报没有给出完成数的,不计算完成率" in text(section)
    annual = parse(fixture_site, "2024/").find("section", class_="progress-summary")
    assert [text(li) for li in annual.find("ul").find_all("li")] == [
        "重点工作 5 项:已完成 3 项、提前完成 1 项、进度滞后 1 项;计为完成 4 项,计为尚未完成 1 项。",
        "民生实事指标 4 项:已完成 2 项、提前完成 1 项、进度滞后 1 项;计为完成 3 项,计为尚未完成 1 项。"
        "其中 4 项可计算完成率,3 项的完成数达到或超过目标(本站计算)。",
    ]


def test_an_edition_with_reports_links_them_in_its_navigation(fixture_site: Path, fixture_model: Site) -> None:
    for ed in fixture_model.editions:
        nav = parse(fixture_site, urls.tasks(ed)).find("nav", attrs={"aria-label": "主导航"})
        assert nav.find("a", string="进展通报")["href"] == href(urls.progress(ed))
    switcher = parse(fixture_site, "2024/progress/2024-h1/").find("nav", class_="year-switcher")
    assert [(a["href"], text(a)) for a in switcher.find_all("a")] == [
        ("/2025/progress/", "2025年 (进展通报目录)"),
        ("/2024/progress/2024-h1/", "2024年"),
    ]


@pytest.fixture(scope="module")
def without_2025_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, site, _ = build_fixture(tmp_path_factory.mktemp("no-reports"), {"data/2025/progress/2025-q1.yaml": None})
    return site


def test_an_edition_without_reports_has_no_list_and_no_link(without_2025_reports: Path) -> None:
    site = without_2025_reports
    assert not (site / "2025/progress").exists()
    nav = parse(site, "2025/tasks/").find("nav", attrs={"aria-label": "主导航"})
    assert nav.find("a", string="进展通报") is None
    assert text(parse(site, "2025/tasks/1/").find("p", class_="no-progress")) == NO_PROGRESS
    tasks = parse(site, "2025/tasks/")
    assert tasks.find("select", id="status") is None
    assert not tasks.find_all("tr", attrs={"data-status": True})  # no column of statuses where no report is
    assert "最新进展状态" not in text(tasks.find("table"))
    assert parse(site, "2025/").find("section", class_="progress-summary") is None
    switcher = parse(site, "2024/progress/").find("nav", class_="year-switcher")
    assert (switcher.find("a")["href"], text(switcher.find("a"))) == ("/2025/", "2025年 (通知(该年暂无进展通报))")
    # the cross-year pages link the latest edition with reports
    home_nav = parse(site, urls.HOME).find("nav", attrs={"aria-label": "主导航"})
    assert home_nav.find("a", string="进展通报")["href"] == "/2024/progress/"


# In a browser: the status filter, and axe-core on the new pages


@pytest.fixture(scope="module")
def fixture_server(fixture_site: Path) -> Iterator[str]:
    with serve(fixture_site) as url:
        yield url


@pytest.mark.browser
def test_the_task_index_filters_by_status_and_lead_together(
    page: object, fixture_server: str, fixture_model: Site
) -> None:
    ed = next(e for e in fixture_model.editions if e.year == 2024)
    page.goto(f"{fixture_server}{urls.tasks(ed)}?status=已完成")
    visible = page.locator("tr[data-status]:visible td.no a").all_inner_texts()
    assert visible == ["第1项", "第2项", "第3项"]
    assert "最新进展状态为“已完成”的 3 项任务" in page.locator("#filter-status").inner_text()
    page.select_option("#status", "暂无公开的进展情况")
    assert page.url.endswith("?status=" + quote("暂无公开的进展情况"))
    assert page.locator("tr[data-status]:visible td.no a").all_inner_texts() == ["第6项"]
    page.select_option("#status", "")
    page.select_option("#lead", "finance")
    assert page.locator("tr[data-status]:visible td.no a").all_inner_texts() == ["第3项"]
    page.select_option("#status", "进度滞后")
    assert page.locator("tr[data-status]:visible td.no a").all_inner_texts() == []


@pytest.mark.browser
@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
@pytest.mark.parametrize(
    "path",
    [
        "2024/progress/",
        "2024/progress/2024-h1/",
        "2024/tasks/1/",
        "2024/tasks/",
        "districts/donghu/",
        "2024/projects/1/",
    ],
)
def test_the_progress_pages_pass_axe_and_fit_a_phone(
    browser: object, fixture_server: str, path: str, care: bool
) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 320, "height": 900})
    try:
        if care:
            context.add_init_script("localStorage.setItem('care-mode', 'on')")
        page = context.new_page()
        page.goto(fixture_server + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.classList.contains('care')") is care
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    assert overflow <= 0, f"{path} is {overflow}px wider than a 320px screen"
    failing = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert failing == []
