"""The real site's one progress report: the 2024 government work report's review of 2023, entered for the
seven tasks whose results it states, each in the report's own words (a verbatim excerpt is kept beside this
test), with no status the report does not give, naming and linking its source."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from disclosure.model import ProgressReport, Site
from disclosure.source.fields import UNSTATED

EXCERPT = (Path(__file__).parent / "jiaxing-2024-work-report-excerpt.txt").read_text("utf-8")
# task -> what its target speaks of (a word of tasks.yaml's text) and the result the report states
RESULTS = {
    "1": ("地区生产总值", "增长6.3%"),
    "3": ("一般公共预算收入", "632亿元"),
    "4": ("固定资产投资", "增长7.4%"),
    "5": ("规上工业增加值", "增长7.6%"),
    "44": ("国家级知识产权保护中心", "获批建设国家级知识产权保护中心"),
    "46": ("天工鼎", "夺得首批浙江制造天工鼎"),
    "49": ("“两化”改造", "在全省率先实现规上工业企业“两化”改造全覆盖"),
}


def report_of(site_model: Site) -> ProgressReport:
    """2023's one report."""
    (ed,) = [ed for ed in site_model.editions if ed.year == 2023]
    (report,) = ed.reports
    return report


def test_each_entry_is_the_reports_own_words_for_its_task(site_model: Site) -> None:
    report = report_of(site_model)
    assert [e.task.ref for e in report.tasks] == list(RESULTS)
    for e in report.tasks:
        target_word, result = RESULTS[e.task.ref]
        assert e.text in EXCERPT, e.task.ref  # verbatim, character for character
        assert result in e.text, e.task.ref
        assert target_word in e.task.text, e.task.ref  # the entry is the result of this task's target
        assert (e.status.name, e.status.stated) == (UNSTATED, False)  # a work report states results, not statuses


def test_the_report_names_and_links_its_source(site_model: Site) -> None:
    report = report_of(site_model)
    assert (report.slug, report.period, report.as_of) == ("work-report-2024", "全年", date(2023, 12, 31))
    assert "来源:嘉兴市政府工作报告(2024年1月30日 李军)" in EXCERPT and report.published == date(2024, 1, 30)
    assert report.publisher == "嘉兴市人民政府"
    assert f"网址:{report.source.url}\n" in EXCERPT
    assert report.source.name == "中国经济网(来源:嘉兴日报)" and report.source.doc_no is None
    assert "刊载:中国经济网 地方经济 2024年02月04日 13:51,来源:嘉兴日报" in EXCERPT
    assert report.summary is None and report.rows == ()  # nothing else invented


def page(site_dir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / path / "index.html").read_text("utf-8"), "html.parser")


def words(tag: Tag | None) -> str:
    return "" if tag is None else " ".join(tag.get_text(" ", strip=True).split())


def test_each_result_is_on_its_task_page_and_no_other_task_has_one(site_dir: Path, site_model: Site) -> None:
    """Task 1's page shows the report's words 全市实现地区生产总值7062.5亿元、增长6.3% under 进展情况, with the
    status 原文未标明 (never a status the report does not give), the report's dates, its link and source;
    every other task says 暂无公开的进展情况."""
    report = report_of(site_model)
    by_task = {e.task.ref: e for e in report.tasks}
    for task in site_model.latest.tasks:
        section = page(site_dir, f"2023/tasks/{task.ref}").select_one("section.progress")
        assert section is not None, task.ref
        if task.ref not in by_task:
            assert words(section.select_one(".no-progress")) == "暂无公开的进展情况", task.ref
            assert not section.select(".timeline-entry"), task.ref
            continue
        assert section.select_one(".no-progress") is None
        (entry,) = section.select(".timeline-entry")
        assert words(entry.select_one("blockquote.progress-text")) == by_task[task.ref].text
        assert RESULTS[task.ref][1] in words(entry.select_one("blockquote.progress-text"))
        assert "原文未标明" in words(section.select_one(".latest-status"))
        assert not any(s in words(section) for s in ("已完成", "提前完成", "按序时推进", "进度滞后"))
        assert "截至 2023-12-31" in words(entry) and "2024-01-30 发布" in words(entry)
        link = entry.select_one("h3 a")
        assert link is not None and link["href"] == f"/2023/progress/work-report-2024/#task-{task.ref}"
        source = entry.select_one(".entry-source")
        assert "中国经济网(来源:嘉兴日报)" in words(source)
        assert report.source.url in [a["href"] for a in source.select("a")]


def test_the_report_page_lists_the_seven_results_with_their_tasks(site_dir: Path, site_model: Site) -> None:
    report = report_of(site_model)
    main = page(site_dir, "2023/progress/work-report-2024").select_one("main")
    assert main is not None and report.title in words(main.select_one("h1"))
    text = words(main)
    for e in report.tasks:
        assert e.text in text and e.task.text in text, e.task.ref
        assert f"/2023/tasks/{e.task.ref}/" in [a["href"] for a in main.select("a")]
    assert report.source.url in [a["href"] for a in main.select("a")]


def test_structured_data_cites_the_report_where_a_page_quotes_it(site_dir: Path, site_model: Site) -> None:
    """A task page quoting the work report cites it in its JSON-LD (citation: a Report with its date, publisher and
    the copy it was read from); the report's page is that Report, about the tasks it names."""
    report = report_of(site_model)

    def ld(path: str) -> dict:
        (script,) = page(site_dir, path).select('script[type="application/ld+json"]')
        return json.loads(script.string)

    cited = {
        "@type": "Report",
        "name": report.title,
        "inLanguage": "zh-CN",
        "datePublished": "2024-01-30",
        "publisher": {"@type": "GovernmentOrganization", "name": "嘉兴市人民政府"},
        "url": "https://jiaxing.disclosure.example.org/2023/progress/work-report-2024/",
        "sameAs": report.source.url,
    }
    for task in site_model.latest.tasks:
        expected = [cited] if task.ref in {e.task.ref for e in report.tasks} else None
        assert ld(f"2023/tasks/{task.ref}").get("citation") == expected, task.ref
    page_ld = ld("2023/progress/work-report-2024")
    assert {k: v for k, v in page_ld.items() if k in cited} == cited
    assert [a["url"].rsplit("/tasks/", 1)[1] for a in page_ld["about"]] == [f"{e.task.ref}/" for e in report.tasks]
