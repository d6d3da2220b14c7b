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
                (
                    "data/2024/progress/2024-h1.yaml:13:11:进展通报“2024-h1”第9项任务的任务序号是“9”,应为 "
                    "data/2024/tasks.yaml 中一项任务的序号(1–7)。"
                ),
                (
                    "data/2024/progress/2024-h1.yaml:19:11:进展通报“2024-h1”第2部分第1项任务的任务序号是“2-1”,"
                    "应为 data/2024/tasks.yaml 中一项任务的序号(1–7)。"
                ),
            ],
            id="unknown-task-and-section-ref",
        ),
        pytest.param(
            {H1: ("  - row: 4\n", "  - row: 99\n")},
            [
                (
                    "data/2024/progress/2024-h1.yaml:41:10:进展通报“2024-h1”第99行的行号是 99,应为 "
                    "data/2024/livelihood.yaml 中的一个指标行(第1–6行)。"
                )
            ],
            id="unknown-row",
        ),
        pytest.param(
            {H1: ("    status: 按序时推进\n    text: 1-6月", "    status: 按期推进\n    text: 1-6月")},
            [
                (
                    "data/2024/progress/2024-h1.yaml:14:13:进展通报“2024-h1”第1项任务的进展状态是“按期推进”,"
                    "应为以下之一:已完成、提前完成、超序时推进、按序时推进、按时推进、进度滞后、未启动、"
                    "原文未标明(site.yaml 的进展状态 progress_statuses;通报没有写明时用原文未标明)。"
                    "是不是“按时推进”或“按序时推进”?"
                )
            ],
            id="status-did-you-mean",
        ),
        pytest.param(
            {H1: [("      东湖区: 5\n", "      北湖区: 5\n")]},
            [
                (
                    "data/2024/progress/2024-h1.yaml:36:7:进展通报“2024-h1”第1行的各地完成数中有“北湖区”,但 "
                    "data/2024/document.yaml 的地区列(area_columns)中没有它,应为以下之一:东湖区、西山县、南江市、"
                    "示例经济开发区(示例港区)、其他。"
                )
            ],
            id="unknown-area",
        ),
        pytest.param(
            {H1: ("      东湖区: 5\n      西山县: 2\n", "      西山县: 2\n      东湖区: 5\n")},
            [
                (
                    "data/2024/progress/2024-h1.yaml:36:7:进展通报“2024-h1”第1行的各地完成数的地区是西山县、"
                    "东湖区、南江市、示例经济开发区(示例港区),应为按表中的顺序:东湖区、西山县、南江市、"
                    "示例经济开发区(示例港区)。"
                )
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
                (
                    "data/2024/progress/2024-h1.yaml:34:16:进展通报“2024-h1”第1行的完成数是“1,200”,"
                    "应为通报所写的数字(如 0、8、33.3),通报没有给出数字时写 /。请去掉千位分隔符:1200。"
                ),
                (
                    "data/2024/progress/2024-h1.yaml:43:16:进展通报“2024-h1”第4行的完成数是“12%”,"
                    "应为通报所写的数字(如 0、8、33.3),通报没有给出数字时写 /。请写完成的数量,不写完成率:"
                    "网站用它和目标算出完成率。"
                ),
            ],
            id="malformed-figures",
        ),
        pytest.param(
            {H1: ("published: 2024-07-15\n", "published: 2024-06-01\n")},
            [
                (
                    "data/2024/progress/2024-h1.yaml:5:12:进展通报“2024-h1”的发布日期是 2024-06-01,"
                    "早于截至日期(2024-06-30),应为通报发布的那一天,不早于截至日期。"
                )
            ],
            id="published-before-as-of",
        ),
        pytest.param(
            {H1: [("  - task: 3\n", "  - task: 1\n"), ("  - row: 4\n", "  - row: 1\n")]},
            [
                (
                    "data/2024/progress/2024-h1.yaml:19:11:进展通报“2024-h1”中的任务“1”重复(第13行已有),"
                    "每个任务只能写一次。"
                ),
                (
                    "data/2024/progress/2024-h1.yaml:41:10:进展通报“2024-h1”中的指标行“1”重复(第32行已有),"
                    "每个指标行只能写一次。"
                ),
            ],
            id="twice-in-one-report",
        ),
        pytest.param(
            {Q1: lambda t: re.sub(r"(?m)^  doc_no: .*\n", "", t)},
            [
                (
                    "data/2025/progress/2025-q1.yaml:8:3:进展通报“2025-q1”的来源(source)既没有文号(doc_no)"
                    "也没有网址(url),应写通报的文号、网址,或两者都写。"
                )
            ],
            id="source-without-doc-no-and-url",
        ),
        pytest.param(
            {Q1: lambda t: t[: t.index("tasks:\n")]},
            [
                (
                    "data/2025/progress/2025-q1.yaml:2:1:进展通报“2025-q1”既没有重点工作进展(tasks)"
                    "也没有民生实事进展(livelihood),应写通报对重点工作、对民生实事指标行所说的内容,或两者都写。"
                )
            ],
            id="neither-tasks-nor-livelihood",
        ),
        pytest.param(
            {H1: ("      东湖区: 5\n", "      北湖新区: 5\n")},  # registered, a column of 2025's table only
            [
                (
                    "data/2024/progress/2024-h1.yaml:36:7:进展通报“2024-h1”第1行的各地完成数中有“北湖新区”,但 "
                    "data/2024/document.yaml 的地区列(area_columns)中没有它,应为以下之一:东湖区、西山县、南江市、"
                    "示例经济开发区(示例港区)、其他。"
                )
            ],
            id="area-of-another-year",
        ),
        pytest.param(
            {
                LIVELIHOOD_2024: (ROW_2_BREAKDOWN, "      - name: 机构托位\n        target: 600\n"),
                ANNUAL: ("    completed: 612\n", "    completed: 612\n    breakdown:\n      东湖区: 250\n"),
            },
            [
                (
                    "data/2024/progress/2024-annual.yaml:41:7:进展通报“2024-annual”第2行的各地完成数不应写:"
                    "第2行只有全市目标(livelihood.yaml 中没有分解到地区),应只写完成数(completed)。"
                )
            ],
            id="breakdown-of-a-row-without-one",
        ),
        pytest.param(
            {H1: ("    completed: 12\n", "    completed: １２\n")},
            [
                (
                    "data/2024/progress/2024-h1.yaml:34:16:进展通报“2024-h1”第1行的完成数是“１２”,"
                    "应为通报所写的数字(如 0、8、33.3),通报没有给出数字时写 /。请改用半角字符并去掉空格:12。"
                )
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
                (
                    "data/2025/progress/2025-q1.yaml:4:8:进展通报“2025-q1”的截至日期是 2024-12-31,应为 2025-03 "
                    "中的一天:2025年任务的“一季度”止于2025年3月。"
                ),
                (
                    "data/2025/progress/2025-q1.yaml:5:12:进展通报“2025-q1”的发布日期是 2025-01-10,"
                    "早于2025年文件的发布日期(2025-02-19),应为在它之后的一天:对这些任务的通报总在文件之后。"
                ),
            ],
            id="dates-before-the-edition",
        ),
        pytest.param(
            {JAN_MAY: ("period: 1-5月\n", "period: 5-1月\n")},
            [
                (
                    "data/2024/progress/2024-jan-may.yaml:3:9:进展通报“2024-jan-may”的期间是“5-1月”,"
                    "应为先小后大的月份,如 1-5月。"
                )
            ],
            id="months-reversed",
        ),
        pytest.param(
            {ANNUAL: ("period: 全年\n", "period: 上半年\n"), JAN_MAY: ("as_of: 2024-05-31\n", "as_of: 2099-05-31\n")},
            [
                (
                    "data/2024/progress/2024-annual.yaml:4:8:进展通报“2024-annual”的截至日期是 2024-12-31,应为 "
                    "2024-06 中的一天:2024年任务的“上半年”止于2024年6月。"
                ),
                (
                    "data/2024/progress/2024-jan-may.yaml:4:8:进展通报“2024-jan-may”的截至日期是 2099-05-31,"
                    "应为 2024-05 中的一天:2024年任务的“1-5月”止于2024年5月。"
                ),
                (
                    "data/2024/progress/2024-jan-may.yaml:5:12:进展通报“2024-jan-may”的发布日期是 2024-06-12,"
                    "早于截至日期(2099-05-31),应为通报发布的那一天,不早于截至日期。"
                ),
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
                (
                    "data/2024/progress/2024-annual.yaml:24:11:进展通报“2024-annual”写了第6项任务,但它已于 "
                    "2024-06-30 撤销(data/2024/tasks.yaml),不晚于本通报的截至日期 2024-12-31,"
                    "通报应只写仍然有效的任务:请把它从通报中删去(它的页面会说明已撤销)。"
                ),
                (
                    "data/2024/progress/2024-h1.yaml:41:10:进展通报“2024-h1”写了第6行,但它已于 2024-05-20 "
                    "撤销(data/2024/livelihood.yaml),不晚于本通报的截至日期 2024-06-30,"
                    "通报应只写仍然有效的指标行:请把它从通报中删去(它的页面会说明已撤销)。"
                ),
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
        "data/2024/progress/H1_2024.yaml:2:1:进展通报“H1_2024”的文件名是“H1_2024.yaml”"
        "(文件名就是通报的页面地址 /2024/progress/H1_2024/),应为小写英文字母、数字和单个连字符"
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
        f"site.yaml:{lines + 4}:11:site.yaml的进展状态(progress_statuses)的名称“已完成”重复,每个进展状态只能写一次。",
        f"site.yaml:{lines + 6}:11:site.yaml的进展状态(progress_statuses)的名称“原文未标明”总是允许使用,应删去这一项。",
    ]
    assert found[2].startswith(
        f"site.yaml:{lines + 9}:11:site.yaml的进展状态(progress_statuses)的是否算作完成是“yes”,应为以下之一:"
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
        (
            "data/2024/progress/2024-annual.yaml:28:5:进展通报“2024-annual”第1行各地完成数之和为102,"
            "大于全市完成数21;已按通报原样保留。"
        )
    ]
