"""The real site's one progress report: the 2024 government work report's review of 2023, entered for the
seven tasks whose results it states, each in the report's own words (a verbatim excerpt is kept beside this
test), with no status the report does not give, naming and linking its source."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
