"""Progress reports refused as an editor needs: every problem at once, each at file:line:col with the record
named; a build with a bad report leaves the previous site/ as it was; a published report is never deleted
or renamed, and its corrections are in the history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factory import make_project
from test_history import FIRST_DATE, SECOND_DATE, check, commit, first, git, repo  # noqa: F401

from disclosure import kinds
from disclosure.build.pipeline import build
from disclosure.config import Config
from disclosure.errors import DataError
from disclosure.model import Labels
from disclosure.source import changelog, load, validate

H1 = "data/2024/progress/2024-h1.yaml"
ANNUAL = "data/2024/progress/2024-annual.yaml"
Q1 = "data/2025/progress/2025-q1.yaml"
JAN_MAY = "data/2024/progress/2024-jan-may.yaml"
R = "progress report 2024/2024-h1"
LIVELIHOOD_2024 = "data/2024/livelihood.yaml"
ROW_2_BREAKDOWN = (  # row 2 (机构托位) as the fixture breaks it down by area
    "      - name: 机构托位\n        target: 600\n        breakdown:\n          东湖区: 240\n          西山县: 150\n"
    "          南江市: 150\n          示例经济开发区(示例港区): 60\n          其他: /\n"
)


def problems(tmp_path: Path, edits: dict) -> list[str]:
    project = make_project(tmp_path / "project", edits)
    with pytest.raises(DataError) as refused:
        validate.build_site(load.read_sources(project))
    return [str(p) for p in refused.value.problems]


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            {H1: [("  - task: 1\n", "  - task: 9\n"), ("  - task: 3\n", "  - task: 2-1\n")]},
            [
                f"{H1}:13:11: {R} task 9: task: found '9', expected the number of a task in data/2024/tasks.yaml (1–7)",
                f"{H1}:19:11: {R} task 2-1: task: found '2-1', expected the number of a task in data/2024/tasks.yaml "
                "(1–7)",
            ],
            id="unknown-task-and-section-ref",
        ),
        pytest.param(
            {H1: ("  - row: 4\n", "  - row: 99\n")},
            [
                f"{H1}:41:10: {R} row 99: row: found 99, expected an indicator row of data/2024/livelihood.yaml "
                "(rows 1–6)"
            ],
            id="unknown-row",
        ),
        pytest.param(
            {H1: ("    status: 按序时推进\n    text: 1-6月", "    status: 按期推进\n    text: 1-6月")},
            [
                f"{H1}:14:13: {R} task 1: status: found '按期推进', expected one of: 已完成, 提前完成, 超序时推进, "
                "按序时推进, 按时推进, 进度滞后, 未启动, 原文未标明 "
                "(site.yaml progress_statuses; 原文未标明 when the report states none); "
                "did you mean 按时推进 or 按序时推进?"
            ],
            id="status-did-you-mean",
        ),
        pytest.param(
            {H1: [("      东湖区: 5\n", "      北湖区: 5\n")]},
            [
                f"{H1}:36:7: {R} row 1: breakdown has '北湖区', which data/2024/document.yaml area_columns does not "
                "list, expected one of: 东湖区, 西山县, 南江市, 示例经济开发区(示例港区), 其他"
            ],
            id="unknown-area",
        ),
        pytest.param(
            {H1: ("      东湖区: 5\n      西山县: 2\n", "      西山县: 2\n      东湖区: 5\n")},
            [
                f"{H1}:36:7: {R} row 1: breakdown: found the areas 西山县, 东湖区, 南江市, 示例经济开发区(示例港区); "
                "expected them in the table's order: 东湖区, 西山县, 南江市, 示例经济开发区(示例港区)"
            ],
            id="breakdown-out-of-order",
        ),
        pytest.param(
            {
                H1: [
                    ("    completed: 12\n", "    completed: 1,200\n"),
                    ("    completed: 1800\n", "    completed: 12%\n"),
                ]
            },
            [
                f"{H1}:34:16: {R} row 1 completed: found '1,200', expected a number as the report writes it (0, 8, "
                "33.3) or / when it gives none; write it without thousands separators: 1200",
                f"{H1}:43:16: {R} row 4 completed: found '12%', expected a number as the report writes it (0, 8, "
                "33.3) or / when it gives none; write the amount completed, not a rate: the site computes 完成率 "
                "from it and the target",
            ],
            id="malformed-figures",
        ),
        pytest.param(
            {H1: ("published: 2024-07-15\n", "published: 2024-06-01\n")},
            [
                f"{H1}:5:12: {R}: published: found 2024-06-01, before as_of 2024-06-30, expected the day the report "
                "was published, on or after the day its figures are as of"
            ],
            id="published-before-as-of",
        ),
        pytest.param(
            {H1: [("  - task: 3\n", "  - task: 1\n"), ("  - row: 4\n", "  - row: 1\n")]},
            [
                f"{H1}:19:11: {R} task 1: task 1 is reported twice (line 13), expected once",
                f"{H1}:41:10: {R} row 1: row 1 is reported twice (line 32), expected once",
            ],
            id="twice-in-one-report",
        ),
        pytest.param(
            {Q1: lambda t: re.sub(r"(?m)^  doc_no: .*\n", "", t)},
            [
                f"{Q1}:8:3: progress report 2025/2025-q1 source: found neither doc_no nor url, expected the report's "
                "文号 (doc_no), its address (url), or both"
            ],
            id="source-without-doc-no-and-url",
        ),
        pytest.param(
            {Q1: lambda t: t[: t.index("tasks:\n")]},
            [
                f"{Q1}:2:1: progress report 2025/2025-q1: found neither tasks nor livelihood, expected what the "
                "report says of key tasks (tasks), of livelihood rows (livelihood), or both"
            ],
            id="neither-tasks-nor-livelihood",
        ),
        pytest.param(
            {H1: ("      东湖区: 5\n", "      北湖新区: 5\n")},  # registered, a column of 2025's table only
            [
                f"{H1}:36:7: {R} row 1: breakdown has '北湖新区', which data/2024/document.yaml area_columns does not "
                "list, expected one of: 东湖区, 西山县, 南江市, 示例经济开发区(示例港区), 其他"
            ],
            id="area-of-another-year",
        ),
        pytest.param(
            {
                LIVELIHOOD_2024: (ROW_2_BREAKDOWN, "      - name: 机构托位\n        target: 600\n"),
                ANNUAL: ("    completed: 612\n", "    completed: 612\n    breakdown:\n      东湖区: 250\n"),
            },
            [
                f"{ANNUAL}:41:7: progress report 2024/2024-annual row 2: breakdown: row 2 has a citywide target only "
                "(no area breakdown in livelihood.yaml), expected completed alone"
            ],
            id="breakdown-of-a-row-without-one",
        ),
        pytest.param(
            {H1: ("    completed: 12\n", "    completed: １２\n")},
            [
                f"{H1}:34:16: {R} row 1 completed: found '１２', expected a number as the report writes it (0, 8, "
                "33.3) or / when it gives none; retype it with half-width characters and no spaces: 12"
            ],
            id="full-width-figure",
        ),
        pytest.param(
            {
                Q1: [
                    ("as_of: 2025-03-31\n", "as_of: 2024-12-31\n"),
                    ("published: 2025-04-10\n", "published: 2025-01-10\n"),
                ]
            },
            [
                f"{Q1}:4:8: progress report 2025/2025-q1: as_of: found 2024-12-31, expected a day of 2025-03: the "
                "period 一季度 of the 2025 tasks ends in month 3 of 2025",
                f"{Q1}:5:12: progress report 2025/2025-q1: published: found 2025-01-10, before the 2025 document was "
                "published (2025-02-19), expected a day after it: a report on its tasks comes later",
            ],
            id="dates-before-the-edition",
        ),
        pytest.param(
            {JAN_MAY: ("period: 1-5月\n", "period: 5-1月\n")},
            [
                f"{JAN_MAY}:3:9: progress report 2024/2024-jan-may: period: found 5-1月, expected the first month "
                "before the last, such as 1-5月"
            ],
            id="months-reversed",
        ),
        pytest.param(
            {ANNUAL: ("period: 全年\n", "period: 上半年\n"), JAN_MAY: ("as_of: 2024-05-31\n", "as_of: 2099-05-31\n")},
            [
                f"{ANNUAL}:4:8: progress report 2024/2024-annual: as_of: found 2024-12-31, expected a day of 2024-06: "
                "the period 上半年 of the 2024 tasks ends in month 6 of 2024",
                f"{JAN_MAY}:4:8: progress report 2024/2024-jan-may: as_of: found 2099-05-31, expected a day of "
                "2024-05: the period 1-5月 of the 2024 tasks ends in month 5 of 2024",
                f"{JAN_MAY}:5:12: progress report 2024/2024-jan-may: published: found 2024-06-12, before as_of "
                "2099-05-31, expected the day the report was published, on or after the day its figures are as of",
            ],
            id="period-and-as-of-disagree",
        ),
        pytest.param(
            {
                ANNUAL: (
                    "  - task: 5\n",
                    "  - task: 6\n    status: 已完成\n    text: 已完成。\n  - task: 5\n",
                ),
                H1: ("  - row: 4\n", "  - row: 6\n    status: 已完成\n    completed: 12\n  - row: 4\n"),
            },
            [
                f"{ANNUAL}:24:11: progress report 2024/2024-annual task 6: task 6 was withdrawn on 2024-06-30 "
                "(data/2024/tasks.yaml), on or before this report's as_of 2024-12-31, expected only tasks in force: "
                "leave it out of the report (its page says it was withdrawn)",
                f"{H1}:41:10: {R} row 6: row 6 was withdrawn on 2024-05-20 (data/2024/livelihood.yaml), on or before "
                "this report's as_of 2024-06-30, expected only rows in force: leave it out of the report (its page "
                "says it was withdrawn)",
            ],
            id="withdrawn-records",
        ),
    ],
)
def test_a_bad_report_is_refused_with_every_problem_at_its_place(
    tmp_path: Path, edits: dict, expected: list[str]
) -> None:
    assert problems(tmp_path, edits) == expected


def test_a_bad_file_name_is_refused_naming_the_address(tmp_path: Path) -> None:
    text = (Path(make_project(tmp_path / "src")) / H1).read_text("utf-8")
    found = problems(tmp_path, {"data/2024/progress/H1_2024.yaml": text, H1: None})
    assert found[0].startswith(
        "data/2024/progress/H1_2024.yaml:2:1: progress report 2024/H1_2024: file name H1_2024.yaml: the name is the "
        "report's address (/2024/progress/H1_2024/), expected lowercase ASCII letters"
    ), found


def test_a_build_with_a_bad_report_leaves_the_previous_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    out = tmp_path / "site"
    build(project, out, Config(), with_search=False)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (project / H1).write_text((project / H1).read_text("utf-8").replace("  - task: 1\n", "  - task: 99\n"), "utf-8")
    with pytest.raises(DataError):
        build(project, out, Config(), with_search=False)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# --- the deletion check and the history -------------------------------------------------------------------


def test_deleting_a_published_report_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    (repo / ANNUAL).unlink()
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert errors == [
        f"{ANNUAL}: progress report 2024-annual: 发布于提交 {first(repo)}({FIRST_DATE}),现在没有了。"
        f"它的页面 /2024/progress/2024-annual/ 是永久地址,地址就是文件名:请把 {ANNUAL} 放回去"
        "(进展通报只能原地更正,不能删除或改名)。"
    ]


def test_renaming_a_published_report_fails_naming_the_new_file(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    (repo / ANNUAL).rename(repo / "data/2024/progress/2024-full-year.yaml")
    commit(repo, "rename", SECOND_DATE)  # committed, it is still refused
    code, _, errors = check(repo, capsys)
    assert code == 1
    assert len(errors) == 1 and errors[0].endswith(
        "它的页面 /2024/progress/2024-annual/ 是永久地址,地址就是文件名:请把 "
        "data/2024/progress/2024-full-year.yaml 改回 2024-annual.yaml(进展通报只能原地更正,不能删除或改名)。"
    ), errors


def test_correcting_a_report_in_place_passes_and_is_in_its_history(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = repo / H1
    path.write_text(path.read_text("utf-8").replace("增长5.3%", "增长5.4%"), "utf-8")
    assert check(repo, capsys)[0] == 0
    second = commit(repo, "correct 2024-h1", SECOND_DATE)
    history = changelog.read(repo, Labels("全市", "县(市、区)", "市政府"))
    record = kinds.history_key("report", 2024, "2024-h1")
    edits = history.edits(record)
    assert [(v.commit, [(c.field, c.before, c.after) for c in cs]) for v, cs in edits] == [
        (second, [("重点工作第1项 进展情况", "1-6月全市地区生产总值增长5.3%。", "1-6月全市地区生产总值增长5.4%。")])
    ]
    assert history.published(kinds.history_key("report", 2025, "2025-q1")) is not None
    git(repo, "status")


def test_bad_progress_statuses_are_each_refused_in_site_yaml(tmp_path: Path) -> None:
    statuses = (
        "progress_statuses:\n  - name: 已完成\n    done: true\n  - name: 已完成\n    done: true\n"
        "  - name: 原文未标明\n    done: false\n  - name: 按时推进\n    done: yes\n"
    )
    found = [p for p in problems(tmp_path, {"site.yaml": lambda t: t + statuses}) if p.startswith("site.yaml")]
    lines = len((make_project(tmp_path / "plain") / "site.yaml").read_text("utf-8").splitlines())
    assert found[:2] == [
        f"site.yaml:{lines + 4}:11: site progress_statuses: name: '已完成' is listed twice, expected each once",
        f"site.yaml:{lines + 6}:11: site progress_statuses: name: '原文未标明' is always allowed, expected it left out",
    ]
    assert found[2].startswith(
        f"site.yaml:{lines + 9}:11: site progress_statuses: done: found 'yes', expected one of"
    ), found


def test_a_report_as_of_a_day_before_the_document_was_published_is_accepted(tmp_path: Path) -> None:
    """A notice of the year's tasks may come out late (2025's on 02-19): a report as of 02-10, published after the
    notice, is of its year's tasks all the same."""
    edits = {Q1: [("period: 一季度\n", "period: 1-2月\n"), ("as_of: 2025-03-31\n", "as_of: 2025-02-10\n")]}
    project = make_project(tmp_path / "project", edits)
    (ed, _) = validate.build_site(load.read_sources(project)).editions
    assert [(r.period, r.as_of.isoformat()) for r in ed.reports] == [("1-2月", "2025-02-10")]


def test_areas_completing_more_than_the_city_is_a_warning_and_kept(tmp_path: Path) -> None:
    """东湖区 90 for 9 (the citywide figure is 21): the build warns at the row, and shows what the report says."""
    project = make_project(tmp_path / "project", {ANNUAL: ("      东湖区: 9\n", "      东湖区: 90\n")})
    site = validate.build_site(load.read_sources(project))
    assert [str(w) for w in site.warnings if "progress" in str(w)] == [
        f"{ANNUAL}:28:5: progress report 2024/2024-annual row 1: the areas' completed figures add up to 102, more "
        "than the citywide completed 21; kept as written in the report"
    ]
