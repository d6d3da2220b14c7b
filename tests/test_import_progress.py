"""`build.py import` of progress reports kept in Excel or CSV, on the fixture site's 2024 edition.

The tables under tests/fixtures/office/progress/ are hand-made in the published layouts (make.py there says what each
holds); each case states the exact file written, or the exact lines printed and that nothing was written.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from factory import FIXTURE

import build
from disclosure.office import csvtable, excel, progress
from disclosure.office.cli import EXPLAINED
from disclosure.office.table import At, Cell, ImportFailed, Table

TABLES = Path(__file__).resolve().parent / "fixtures" / "office" / "progress"
METADATA = [
    "--as-of",
    "2024-06-30",
    "--published",
    "2024-07-15",
    "--publisher",
    "示例市人民政府办公室",
    "--source-name",
    "示例日报",
    "--doc-no",
    "示政办通〔2024〕21号",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture site's data (the importer reads data/, content/ and site.yaml only)."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "project"))


def run(project: Path, table: Path | str, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list, list]:
    """Import the table into project: (exit status, the 提示 lines printed, the problems printed)."""
    path = table if isinstance(table, Path) else TABLES / table
    rc = build.main(["import", str(path), "--edition", "2024", "--root", str(project), *args])
    out, err = capsys.readouterr()
    notes = [line for line in out.splitlines() if line.startswith("提示:")]
    problems = err.splitlines()
    if rc == 0:
        assert out.splitlines()[len(notes) :][0].startswith("已写入 data/2024/progress/") and not problems
    else:
        assert problems[0] == headline(len(problems) - 1) and not out
    return rc, notes, problems[1:]


def headline(n: int) -> str:
    return f"导入失败,共{n}处问题,没有写入任何文件。" + EXPLAINED


def files(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


def test_both_tables_of_a_report_give_back_its_file_byte_for_byte(project: Path, capsys) -> None:
    """The fixture's 2024-h1 report laid out as published (a merged title row, 上半年完成情况, ★ leads, a blank row,
    a two-row livelihood header with 各地完成 over the areas, a 合计 row, a hidden dropdown sheet), imported over
    its own file with --force and no options: the metadata kept, every entry as the file has it."""
    before = (project / "data/2024/progress/2024-h1.yaml").read_bytes()
    rc, notes, err = run(project, "h1.xlsx", "--report", "2024-h1", "--force", capsys=capsys)
    assert rc == 0, err
    assert (project / "data/2024/progress/2024-h1.yaml").read_bytes() == before
    assert notes == [
        "提示:h1.xlsx:重点工作!D8:责任单位“市委组织部（市人才办）”按“市委组织部(市人才办)”读取"
        "(全角括号、空格已改为 data/units.yaml 的写法)。",
        "提示:h1.xlsx:重点工作!E9:第7项任务的进展状态是空的,写作“原文未标明”。",
        "提示:h1.xlsx:民生实事!J5:民生实事第1项第1行(机构)在“其他”列是空的:报告没有给出这个地区的数字,不写入。",
        "提示:h1.xlsx:民生实事!A7:“合计”行没有导入:进展通报只记每一行自己的完成数,合计由网站计算。",
        "提示:h1.xlsx:下拉选项:这是隐藏的工作表,没有导入。要导入它,请在 Excel 或 WPS 中取消隐藏。",
    ]


def test_a_full_year_report_with_decimals_typed_as_numbers(project: Path, capsys) -> None:
    """The fixture's 2024-annual report: 38.5 and 9.7 typed as numbers read as written; 序号 and 项目名称 merged
    down over an item's two indicator rows; a row with a citywide figure only; its summary, which no sheet
    states, kept from the file it replaces."""
    before = (project / "data/2024/progress/2024-annual.yaml").read_bytes()
    rc, notes, err = run(project, "annual.xlsx", "--report", "2024-annual", "--force", capsys=capsys)
    assert rc == 0, err
    assert (project / "data/2024/progress/2024-annual.yaml").read_bytes() == before
    assert notes == [
        "提示:annual.xlsx:民生实事!I4:民生实事第1项第1行(机构)在“其他”列是空的:报告没有给出这个地区的数字,不写入。",
        "提示:annual.xlsx:民生实事!E5:民生实事第1项第2行(机构托位)的各地区列都是空的:报告只给出了全市完成数,"
        "不写分地区的完成数。",
        "提示:annual.xlsx:民生实事!I7:民生实事第4项第5行(农村公路)在“其他”列是空的:报告没有给出这个地区的数字,不写入。",
    ]


def test_without_force_an_existing_report_is_refused_and_left_alone(project: Path, capsys) -> None:
    before = files(project)
    rc, _, err = run(project, "h1.xlsx", "--report", "2024-h1", capsys=capsys)
    assert rc == 1
    assert err == [
        "data/2024/progress/2024-h1.yaml:文件已存在,导入没有写入任何文件。确认要用导入的内容替换它时,请加上 --force。",
    ]
    assert files(project) == before


Q1 = """\
# 2024年一季度重点工作进展情况
# 由 build.py import 从 {name} 导入。字段说明见 data/README.md。
title: 2024年一季度重点工作进展情况
period: 一季度
as_of: 2024-03-31
published: 2024-04-15
publisher: 示例市人民政府办公室
source:
  name: 示例市人民政府门户网站
  url: https://www.example.gov.cn/progress/2024-q1.html
tasks:
  - task: 1
    status: 原文未标明
    text: 一季度全市地区生产总值增长5.2%。
  - task: 2
    status: 原文未标明
    text: 研发经费投入同比增长12.5%,高新技术产业投资增长20%。
"""


@pytest.mark.parametrize("name", ["q1.csv", "q1-utf8-bom.csv"])
def test_a_csv_without_a_status_column_in_gb18030_or_utf8(project: Path, name: str, capsys) -> None:
    """No 进展状态 column: every status 原文未标明; the period from the header 一季度完成情况; a cell of two lines
    joined into one (and said so)."""
    rc, notes, err = run(
        project,
        name,
        "--report",
        "2024-q1",
        "--as-of",
        "2024-03-31",
        "--published",
        "2024-04-15",
        "--publisher",
        "示例市人民政府办公室",
        "--source-name",
        "示例市人民政府门户网站",
        "--source-url",
        "https://www.example.gov.cn/progress/2024-q1.html",
        capsys=capsys,
    )
    assert rc == 0, err
    assert (project / "data/2024/progress/2024-q1.yaml").read_text("utf-8") == Q1.format(name=name)
    assert notes == [
        f"提示:{name}:第4行 第3列:第2项任务的完成情况在单元格中分了2行,已连成一行(数据文件中每个值写在一行)。"
    ]


def test_what_is_missing_is_named_with_its_option(project: Path, capsys) -> None:
    before = files(project)
    rc, _, err = run(project, "q1.csv", "--report", "2024-q1", capsys=capsys)
    assert rc == 1
    assert err == [
        "--as-of:缺少数据截至日期:请用 --as-of 给出,例如 --as-of 2024-06-30。",
        "--published:缺少发布日期:请用 --published 给出,例如 --published 2024-07-15。",
        "--publisher:缺少发布机关:请用 --publisher 给出,例如 --publisher 示例市人民政府办公室。",
        "--source-name:缺少刊载的媒体或网站名称:请用 --source-name 给出,例如 --source-name 示例市人民政府门户网站。",
        "--source-url:缺少报告的出处:请用 --source-url 给出报告的网址,或用 --doc-no 给出它的文号,或两者都给。",
    ]
    assert files(project) == before


def test_an_option_contradicting_the_table_and_a_bad_report_name(project: Path, capsys) -> None:
    rc, _, err = run(project, "h1.xlsx", "--report", "2024-h2", "--period", "一季度", *METADATA, capsys=capsys)
    assert rc == 1
    assert err == [
        "--as-of:进展通报“2024-h2”的截至日期是 2024-06-30,应为 2024-03 中的一天:2024年任务的“一季度”止于2024年3月。",
        "h1.xlsx:重点工作!C2:--period 一季度 与表中的时段“上半年”不同。请核对是哪个时段的报告。",
    ]
    rc, _, err = run(project, "h1.xlsx", "--report", "2024_H2", capsys=capsys)
    assert err == [
        "--report:“2024_H2”不能作进展通报的文件名:它也是网页地址(/2024/progress/2024_H2/),"
        "只能用小写英文字母、数字和单个连字符,最多60个字符,例如 2024-h1。"
    ]


def test_every_problem_of_a_tasks_table_at_its_cell(project: Path, capsys) -> None:
    """An unknown status (with the validator's suggestion), a 序号 that is no task, a unit typo, and a row whose
    task text is another task's: all at once, each at its cell."""
    before = files(project)
    rc, _, err = run(project, "bad-tasks.xlsx", "--report", "2024-bad", *METADATA, capsys=capsys)
    assert rc == 1
    assert err == [
        "bad-tasks.xlsx:Sheet!E3:进展通报“2024-bad”第1项任务的进展状态是“按序时进度”,"
        "应为以下之一:已完成、提前完成、超序时推进、按序时推进、按时推进、进度滞后、未启动、原文未标明"
        "(site.yaml 的进展状态 progress_statuses;"
        "通报没有写明时用原文未标明)。是不是“按序时推进”或“按时推进”?",
        "bad-tasks.xlsx:Sheet!A4:进展通报“2024-bad”第9项任务的任务序号是“9”,"
        "应为 data/2024/tasks.yaml 中一项任务的序号(1–7)。",
        "bad-tasks.xlsx:Sheet!D5:第3项任务的责任单位“市财政居”不在 data/units.yaml 中。是不是“市财政局”?",
        "bad-tasks.xlsx:Sheet!B6:第4项任务的主要工作任务“研发投入强度达到3.5%。”与 data/2024/tasks.yaml 中第4项的"
        "“新增城镇就业3万人以上。”不同:这一行说的是另一项任务吗?是不是第2项?",
        "bad-tasks.xlsx:Sheet!D6:第4项任务的责任单位是“市科技局”,data/2024/tasks.yaml 中第4项的责任单位是"
        "“市人力社保局、市妇联、东湖区政府、西山县政府、南江市政府”:这一行说的是另一项任务吗?请核对序号。",
    ]
    assert files(project) == before


def test_a_missing_area_column_and_a_text_where_a_figure_belongs(project: Path, capsys) -> None:
    rc, _, err = run(project, "bad-livelihood.xlsx", "--report", "2024-bad", *METADATA, capsys=capsys)
    assert rc == 1
    assert err == [
        "bad-livelihood.xlsx:Sheet!A3:表头缺少地区“南江市”的列(2024年版民生实事表的地区列:东湖区、西山县、南江市、"
        "示例经济开发区(示例港区)、其他)。报告没有给出这个地区的数字时,也请保留这一列,填“/”。",
        "bad-livelihood.xlsx:Sheet!E5:进展通报“2024-bad”第1行的完成数是“已完成”,"
        "应为通报所写的数字(如 0、8、33.3),通报没有给出数字时写 /。",
    ]


LIVELIHOOD = """\
# 2024年政府工作报告重点工作及民生实事项目执行情况(上半年)
# 由 build.py import 从 {name} 导入。字段说明见 data/README.md。
title: 2024年政府工作报告重点工作及民生实事项目执行情况(上半年)
period: 上半年
as_of: 2024-06-30
published: 2024-07-15
publisher: 示例市人民政府办公室
source:
  name: 示例日报
  doc_no: 示政办通〔2024〕21号
livelihood:
  - row: 1
    status: 按序时推进
    completed: 12
    breakdown:
      东湖区: 5
      西山县: 2
      南江市: 5
      示例经济开发区(示例港区): 0
    text: 已建成社区托育机构12家。
  - row: 4
    status: 进度滞后
    completed: 1800
    breakdown:
      东湖区: 900
      西山县: 300
      南江市: 500
      示例经济开发区(示例港区): 100
      其他: 0
"""
MEASURED = METADATA[2:]  # 截至 is in the sheet


def test_a_formula_is_read_by_the_value_excel_saved_never_evaluated(project: Path, capsys) -> None:
    rc, _, err = run(project, "formula-cached.xlsx", "--report", "2024-h1x", *MEASURED, capsys=capsys)
    assert rc == 0, err
    text = (project / "data/2024/progress/2024-h1x.yaml").read_text("utf-8")
    assert text == LIVELIHOOD.format(name="formula-cached.xlsx")


def test_a_formula_saved_without_its_value_is_refused(project: Path, capsys) -> None:
    rc, _, err = run(project, "bad-formula.xlsx", "--report", "2024-h1x", *MEASURED, capsys=capsys)
    assert rc == 1
    assert err == [
        "bad-formula.xlsx:Sheet!E6:这个单元格是公式“=F6+G6+H6+I6+J6”,文件里没有保存它的计算结果,导入不计算公式。"
        "请在 Excel 或 WPS 中打开并保存一次,或把它“选择性粘贴”为数值后再导入。",
    ]


def test_a_careless_sheet_normalised_only_where_unambiguous_and_said_so(project: Path, capsys) -> None:
    """12 typed as the number 12.0, 1800 as text with spaces, the 截至 day a date cell, a full-width bracket in an
    area header: the same file as the tidy sheet, every change reported."""
    rc, notes, err = run(project, "careless.xlsx", "--report", "2024-h1x", *MEASURED, capsys=capsys)
    assert rc == 0, err
    text = (project / "data/2024/progress/2024-h1x.yaml").read_text("utf-8")
    assert text == LIVELIHOOD.format(name="careless.xlsx")
    assert notes == [
        "提示:careless.xlsx:Sheet1!I4:表头“示例经济开发区（示例港区）”按地区“示例经济开发区(示例港区)”读取"
        "(全角括号或空格已改为 data/areas.yaml 的写法)。",
        "提示:careless.xlsx:Sheet1!J5:民生实事第1项第1行(机构)在“其他”列是空的:报告没有给出这个地区的数字,不写入。",
        "提示:careless.xlsx:Sheet1!E6:民生实事第3项第4行(停车位)的全市完成“ 1800 ”按“1800”读取。",
        "提示:careless.xlsx:Sheet1!A7:“合计”行没有导入:进展通报只记每一行自己的完成数,合计由网站计算。",
    ]


def test_recognise_tells_a_progress_table_from_other_sheets() -> None:
    assert progress.recognise(excel.read(TABLES / "h1.xlsx", "h1.xlsx"))
    assert progress.recognise([csvtable.read(TABLES / "q1.csv", "q1.csv")])

    def table(*header: str) -> Table:
        return Table(At("x.csv", kind="csv"), [[Cell(h, At("x.csv", 0, 1, i, "csv")) for i, h in enumerate(header, 1)]])

    assert progress.recognise([table("序号", "主要工作任务", "1-5月完成情况", "责任单位")])
    assert progress.recognise([table("序号", "项目名称", "全市完成", "东湖区")])
    assert not progress.recognise([table("序号", "主要工作任务", "责任单位")])  # the notice's own tables
    assert not progress.recognise([table("序号", "事项分类", "事项名称", "全市目标", "东湖区", "牵头单位")])
    # a notice's livelihood table whose area is named 完成 (found by test_office_notice's random editions)
    area_named_completed = table("序号", "事项分类", "事项名称", "全市目标", "东湖区", "完成", "牵头单位")
    assert progress.recognise([area_named_completed])
    assert not progress.recognise([area_named_completed], ["东湖区", "完成"])
    hidden = excel.read(TABLES / "h1.xlsx", "h1.xlsx")
    for t in hidden:
        t.hidden = True
    assert not progress.recognise(hidden)


def test_a_table_with_an_unknown_header_and_no_table_at_all(project: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "进展.csv"
    path.write_text(
        "序号,主要工作任务,上半年完成情况,责任单位,进展状况\n1,地区生产总值增长5.5%左右。,增长5.3%。,市发展改革委,按时推进\n"
    )
    _, _, err = run(project, path, "--report", "2024-x", "--title", "进展", *METADATA, capsys=capsys)
    assert err == [
        "进展.csv:第1行 第5列:表头“进展状况”既不是进展表的列(序号、主要工作任务、完成情况、责任单位、进展状态、"
        "项目名称、指标、全市完成),也不是 data/areas.yaml 中的地区。是不是“进展状态”?",
    ]
    path.write_text("名称,数量\n托育,12\n")
    rc, _, err = run(project, path, "--report", "2024-x", *METADATA, capsys=capsys)
    assert rc == 1
    assert err == [
        "进展.csv:没有找到能导入的表:进展通报表的表头一行要有“序号”和“主要工作任务”“完成情况”,"
        "或“全市完成”和各地区的列。"
    ]


# ---- files an attacker or a broken save could send -----------------------------------------------------------


def test_csv_encodings_are_decided_strictly(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("序号,主要工作任务\n".encode("utf-16"))
    with pytest.raises(ImportFailed) as e:
        csvtable.read(path, "x.csv")
    assert str(e.value) == (
        "x.csv:文件是 UTF-16 编码(Excel 的“Unicode 文本”),导入读不了。请在 Excel 中“另存为”“CSV UTF-8(逗号分隔)”,"
        "或在 WPS 中另存为 CSV 并选择 UTF-8 编码后再导入。"
    )
    path.write_bytes(b"\x81\x30\x81\x30,abc\n")  # valid GB18030, but private-use letters, no Chinese
    with pytest.raises(ImportFailed) as e:
        csvtable.read(path, "x.csv")
    assert "无法确定它的编码" in str(e.value)
    path.write_bytes(b"a,b\n\xff\xfe\x00\n")  # neither
    with pytest.raises(ImportFailed) as e:
        csvtable.read(path, "x.csv")
    assert str(e.value).startswith("x.csv:文件第2行有不是 UTF-8 也不是 GB18030 编码的字节")
    path.write_bytes(b"\xef\xbb\xbf" + "序号\n托育\n".encode("gb18030"))  # marked UTF-8, saved otherwise
    with pytest.raises(ImportFailed) as e:
        csvtable.read(path, "x.csv")
    assert str(e.value).startswith("x.csv:文件开头标明是 UTF-8 编码,第1行却有不是 UTF-8 的字节,读不出文字。")
    path.write_bytes("序号,任务\n1,托育\n".encode("gb18030"))
    assert [[c.text for c in r] for r in csvtable.read(path, "x.csv").rows] == [["序号", "任务"], ["1", "托育"]]
    path.write_bytes(b'a,"b\n')
    with pytest.raises(ImportFailed):
        csvtable.read(path, "x.csv")


def test_a_file_over_20_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    for name, reader in (("big.xlsx", excel.read), ("big.csv", csvtable.read)):
        path = tmp_path / name
        with path.open("wb") as f:
            f.truncate(21 * 1024 * 1024)
        with pytest.raises(ImportFailed) as e:
            reader(path, name)
        assert str(e.value).startswith(f"{name}:文件有21.0 MB,超过了导入允许的20 MB。")


def test_a_sheet_whose_used_range_is_huge_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "序号"
    wb.active["XFD1000"] = "x"  # two cells, 16 million places between them
    wb.save(tmp_path / "huge.xlsx")
    with pytest.raises(ImportFailed) as e:
        excel.read(tmp_path / "huge.xlsx", "huge.xlsx")
    assert str(e.value) == (
        "huge.xlsx:Sheet:工作表有1000行16384列,超过了导入允许的200000个单元格,没有读取。"
        "表格下方或右侧可能有很远处的内容或格式:请删除多余的行列后再导入。"
    )


def test_a_workbook_that_unpacks_too_large_is_refused_unopened(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(excel, "MAX_UNPACKED", 1000)  # a zip bomb is large unpacked only: the bound, made small
    with pytest.raises(ImportFailed) as e:
        excel.read(TABLES / "h1.xlsx", "h1.xlsx")
    assert (
        str(e.value)
        == "h1.xlsx:文件解压后有0.0 MB,超过了导入允许的0.000953674 MB,没有读取。请只保留要导入的工作表后再导入。"
    )
    (tmp_path / "x.xlsx").write_text("not a zip")
    with pytest.raises(ImportFailed) as e:
        excel.read(tmp_path / "x.xlsx", "x.xlsx")
    assert str(e.value).startswith("x.xlsx:不是能读取的 Excel 文件(.xlsx)。")


# ---- more shapes: a livelihood CSV, sections, 牵头单位 --------------------------------------------------------

LIVELIHOOD_CSV = """\
序号,项目名称,指标,全市目标,全市完成,东湖区,西山县,南江市,示例经济开发区(示例港区),其他,进展状态
1.,普惠托育项目,机构,20,12,5,2,5,0,/,按序时推进
,,机构托位,600,３６０,150,80,100,30,/,按序时推进
4,道路提升项目,农村公路,40,20.50,6.5,5,6,3,/,进度滞后
"""


def test_a_livelihood_csv_with_its_merged_cells_lost(project: Path, tmp_path: Path, capsys) -> None:
    """A CSV keeps a merged 序号 in its first row only; / kept as /, 20.50 as written, full-width digits made ASCII,
    each change said."""
    path = tmp_path / "民生实事.csv"
    path.write_text(LIVELIHOOD_CSV, "utf-8")
    rc, notes, err = run(
        project, path, "--report", "2024-x", "--title", "民生实事进展", "--period", "上半年", *METADATA, capsys=capsys
    )
    assert rc == 0, err
    assert (project / "data/2024/progress/2024-x.yaml").read_text("utf-8") == (
        "# 民生实事进展\n"
        "# 由 build.py import 从 民生实事.csv 导入。字段说明见 data/README.md。\n"
        "title: 民生实事进展\nperiod: 上半年\nas_of: 2024-06-30\npublished: 2024-07-15\n"
        "publisher: 示例市人民政府办公室\n"
        "source:\n  name: 示例日报\n  doc_no: 示政办通〔2024〕21号\n"
        "livelihood:\n"
        "  - row: 1\n    status: 按序时推进\n    completed: 12\n    breakdown:\n      东湖区: 5\n      西山县: 2\n"
        "      南江市: 5\n      示例经济开发区(示例港区): 0\n      其他: /\n"
        "  - row: 2\n    status: 按序时推进\n    completed: 360\n    breakdown:\n      东湖区: 150\n      西山县: 80\n"
        "      南江市: 100\n      示例经济开发区(示例港区): 30\n      其他: /\n"
        "  - row: 5\n    status: 进度滞后\n    completed: 20.50\n    breakdown:\n      东湖区: 6.5\n      西山县: 5\n"
        "      南江市: 6\n      示例经济开发区(示例港区): 3\n      其他: /\n"
    )
    assert notes == [
        "提示:民生实事.csv:第2行 第1列:序号“1.”按“1”读取。",
        "提示:民生实事.csv:第3行 第1列:序号是空的,按上一行的项目(序号“1”)的又一个指标读取。",
        "提示:民生实事.csv:第3行 第5列:民生实事第1项第2行(机构托位)的全市完成“３６０”按“360”读取。",
    ]


def test_every_problem_of_a_livelihood_table_at_its_cell(project: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "民生实事.csv"
    path.write_text(
        "序号,项目名称,指标,全市目标,全市完成,东湖区,西山县,南江市,示例经济开发区(示例港区),其他,北湖新区\n"
        "1,普惠托育项目,机位,20,12,5,2,5,0,/,\n"
        "2,公共停车场建设项目,服务点,10,5,2,1,1,1,/,\n"
        "3,公共停车场建设项目,停车位,300,1800,900,300,500,100,0,\n"
        "9,道路提升项目,农村公路,40,20,6,5,6,3,/,\n"
        "4,道路提升项目,候车亭,12,3,1,1,1,0,/,\n",
        "utf-8",
    )
    rc, _, err = run(
        project, path, "--report", "2024-x", "--title", "进展", "--period", "上半年", *METADATA, capsys=capsys
    )
    assert rc == 1
    assert err == [
        "民生实事.csv:第1行 第11列:地区“北湖新区”不是2024年版民生实事表的地区列(data/2024/document.yaml 的 "
        "area_columns:东湖区、西山县、南江市、示例经济开发区(示例港区)、其他)。",
        "民生实事.csv:第2行 第3列:民生实事第1项没有指标“机位”。data/2024/livelihood.yaml 中它的指标是:机构、机构托位。"
        "是不是“机构托位”?",
        "民生实事.csv:第3行 第2列:民生实事第2项的项目名称“公共停车场建设项目”与 data/2024/livelihood.yaml 中第2项的"
        "“全市新增社区托育机构20家、托位600个。”(分类“普惠托育项目”)不同。是不是民生实事第3项?",
        "民生实事.csv:第4行 第4列:民生实事第3项第4行(停车位)的全市目标“300”与 data/2024/livelihood.yaml 中的“3000”"
        "不同:这一行说的是另一个指标吗?请核对序号和指标。",
        "民生实事.csv:第5行 第1列:序号“9”不是2024年版民生实事的项目序号(1–4)。",
        "民生实事.csv:第6行 第1列:进展通报“2024-x”写了第6行,但它已于 2024-05-20 撤销(data/2024/livelihood.yaml)"
        ",不晚于本通报的截至日期 2024-06-30,通报应只写仍然有效的指标行:请把它从通报中删去(它的页面会说明已撤销)"
        "。",
    ]


def sectioned(tmp_path: Path) -> Path:
    from test_task_shapes import FIVE_YEARS, REPORT_2025, TASKS_2025, YEAR_2025, in_sections

    edits = {
        TASKS_2025: in_sections(TASKS_2025, "per-section", [(FIVE_YEARS, 2), (YEAR_2025, 2)]),
        REPORT_2025: ("  - task: 1\n", "  - task: 1-1\n"),
    }
    project = Path(shutil.copytree(FIXTURE, tmp_path / "sectioned"))
    for name, (old, new) in ((k, v) for k, v in edits.items() if isinstance(v, tuple)):
        (project / name).write_text((project / name).read_text("utf-8").replace(old, new, 1), "utf-8")
    (project / TASKS_2025).write_text(edits[TASKS_2025], "utf-8")
    return project


SECTIONS_CSV = """\
2025年重点工作上半年进展情况,,,
序号,主要工作任务,进展情况,牵头单位
一、未来五年主要工作任务,,,
1,地区生产总值增长5%左右。,上半年增长5.1%。,市发展改革委
2,新建改建学校8所。,已开工5所。,市教育局
二、2025年重点工作,,,
1,治理城区拥堵点位20个。,已治理9个。,市治堵办
2,全社会研发经费增长10%。,增长9.2%。,市科技局
"""


def test_sections_numbered_afresh_and_a_lead_column(tmp_path: Path, capsys) -> None:
    """Under per-section numbering each 序号 counts within the heading row above it (2-1 is 二、's first task); the
    period read from the title when the header (进展情况) names none; 牵头单位 checked against the leads."""
    project = sectioned(tmp_path)
    path = tmp_path / "2025.csv"
    path.write_text(SECTIONS_CSV, "utf-8")
    args = ["--report", "2025-h1", "--as-of", "2025-06-30", "--published", "2025-07-15", *METADATA[4:]]
    rc = build.main(["import", str(path), "--edition", "2025", "--root", str(project), *args])
    err = capsys.readouterr().err
    assert rc == 0, err
    text = (project / "data/2025/progress/2025-h1.yaml").read_text("utf-8")
    assert text.split("tasks:\n")[0].splitlines()[2:4] == ["title: 2025年重点工作上半年进展情况", "period: 上半年"]
    assert text.split("tasks:\n")[1] == (
        "  - task: 1-1\n    status: 原文未标明\n    text: 上半年增长5.1%。\n"
        "  - task: 1-2\n    status: 原文未标明\n    text: 已开工5所。\n"
        "  - task: 2-1\n    status: 原文未标明\n    text: 已治理9个。\n"
        "  - task: 2-2\n    status: 原文未标明\n    text: 增长9.2%。\n"
    )
    bad = SECTIONS_CSV.replace("二、2025年重点工作", "三、2025年重点工作").replace(",市教育局", ",市建设局")
    path.write_text(bad.replace("一、未来五年主要工作任务", "一、今后五年主要工作任务"), "utf-8")
    rc = build.main(["import", str(path), "--edition", "2025", "--root", str(project), "--force", *args])
    assert capsys.readouterr().err.splitlines()[1:] == [
        "2025.csv:第3行 第1列:部分标题“一、今后五年主要工作任务”与 data/2025/tasks.yaml 中第1部分的标题"
        "“未来五年主要工作任务”不同。请核对部分的编号。",
        "2025.csv:第5行 第4列:第1部分第2项任务的牵头单位是“市建设局”,data/2025/tasks.yaml 中第1部分第2项的牵头单位"
        "是“市教育局”:这一行说的是另一项任务吗?请核对序号。",
        "2025.csv:第6行 第1列:部分标题“三、2025年重点工作”:2025年版的重点工作只有2个部分。",
        "2025.csv:第7行 第1列:进展通报“2025-h1”第3部分第1项任务的任务序号是“3-1”,"
        "应为 data/2025/tasks.yaml 中一项任务的序号(1-1–2-2)。",
        "2025.csv:第8行 第1列:进展通报“2025-h1”第3部分第2项任务的任务序号是“3-2”,"
        "应为 data/2025/tasks.yaml 中一项任务的序号(1-1–2-2)。",
    ]


def test_an_xml_entity_bomb_is_refused_as_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "lol.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    sheet = parts["xl/worksheets/sheet1.xml"].decode().replace("<t>x</t>", "<t>&lol9;</t>")
    parts["xl/worksheets/sheet1.xml"] = f'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">{entities}]>{sheet}'.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(ImportFailed) as e:
        excel.read(path, "lol.xlsx")
    assert str(e.value) == f"lol.xlsx:{excel.DAMAGED}"


@pytest.mark.parametrize(
    ("header", "lines"),
    [
        ("1—6月完成情况", ["提示:进展.csv:第1行 第3列:表头中的时段“1—6月”按“1-6月”读取。"]),
        (
            "二季度完成情况",
            [
                "--period:缺少报告时段:请用 --period 给出,例如 --period 一季度、上半年、前三季度、全年或1-5月。",
                "进展.csv:第1行 第3列:表头“二季度完成情况”中的时段“二季度”不是进展通报的时段。"
                "时段写作一季度、上半年、前三季度、全年,或月份范围如1-5月。",
            ],
        ),
    ],
)
def test_the_period_in_the_header(project: Path, tmp_path: Path, header: str, lines: list[str], capsys) -> None:
    path = tmp_path / "进展.csv"
    path.write_text(f"序号,主要工作任务,{header},责任单位\n1,地区生产总值增长5.5%左右。,增长5.3%。,市发展改革委\n")
    rc, notes, err = run(project, path, "--report", "2024-x", "--title", "进展", *METADATA, capsys=capsys)
    assert (notes if rc == 0 else err) == lines


def test_outputs_is_the_report_file_with_the_cell_of_each_line(project: Path) -> None:
    """The entry point cli.py calls: one Output, each line it wrote from a cell remembering that cell."""
    tables = [csvtable.read(TABLES / "q1.csv", "q1.csv")]
    options = progress.Options(
        as_of="2024-03-31",
        published="2024-04-15",
        publisher="示例市人民政府办公室",
        source_name="示例市人民政府门户网站",
        source_url="https://www.example.gov.cn/progress/2024-q1.html",
    )
    (output,) = progress.outputs(project, tables, 2024, "2024-q1", options)
    assert output.path == "data/2024/progress/2024-q1.yaml"
    assert output.text == Q1.format(name="q1.csv")
    lines = output.text.splitlines()
    placed = {lines[n - 1]: str(at) for n, at in output.sources.items()}
    assert placed == {
        "title: 2024年一季度重点工作进展情况": "q1.csv:第1行 第1列",
        "period: 一季度": "q1.csv:第2行 第3列",
        "as_of: 2024-03-31": "--as-of",
        "published: 2024-04-15": "--published",
        "publisher: 示例市人民政府办公室": "--publisher",
        "  name: 示例市人民政府门户网站": "--source-name",
        "  url: https://www.example.gov.cn/progress/2024-q1.html": "--source-url",
        "  - task: 1": "q1.csv:第3行 第1列",
        "  - task: 2": "q1.csv:第4行 第1列",
        "    text: 一季度全市地区生产总值增长5.2%。": "q1.csv:第3行 第3列",
        "    text: 研发经费投入同比增长12.5%,高新技术产业投资增长20%。": "q1.csv:第4行 第3列",
    }
    assert not (project / output.path).exists()  # outputs() writes nothing: cli.py does, through check.write_outputs


def test_a_serial_number_excel_turned_into_a_date(project: Path, tmp_path: Path, capsys) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "主要工作任务", "上半年完成情况"])
    ws.append([dt.datetime(2024, 1, 2), "研发投入强度达到3.5%。", "研发投入强度预计达到3.1%。"])  # 1-2 typed
    wb.save(tmp_path / "进展.xlsx")
    rc, _, err = run(project, tmp_path / "进展.xlsx", "--report", "2024-x", "--title", "进展", *METADATA, capsys=capsys)
    assert (rc, err) == (
        1,
        [
            "进展.xlsx:Sheet!A2:序号“2024-01-02”不是数字,应当是2024年版重点工作的任务序号。"
            "是不是 Excel 把输入的序号当成了日期?请把这一列设为“文本”格式后重新输入。"
        ],
    )


def test_cells_the_reader_refuses_come_with_the_tables_other_problems(project: Path, tmp_path: Path, capsys) -> None:
    """A formula saved without its value and a hidden row are reported with an unknown status, all at once."""
    wb = openpyxl.load_workbook(TABLES / "bad-formula.xlsx")
    ws = wb.active
    ws["K5"] = "按序时进度"
    ws.row_dimensions[7].hidden = True  # the 合计 row, hidden
    wb.save(tmp_path / "进展.xlsx")
    rc, _, err = run(project, tmp_path / "进展.xlsx", "--report", "2024-h1x", *MEASURED, capsys=capsys)
    assert rc == 1
    assert err == [
        "进展.xlsx:Sheet!K5:进展通报“2024-h1x”第1行的进展状态是“按序时进度”,应为以下之一:"
        "已完成、提前完成、超序时推进、按序时推进、按时推进、进度滞后、未启动、原文未标明"
        "(site.yaml 的进展状态 progress_statuses;"
        "通报没有写明时用原文未标明)。是不是“按序时推进”或“按时推进”?",
        "进展.xlsx:Sheet!E6:这个单元格是公式“=F6+G6+H6+I6+J6”,文件里没有保存它的计算结果,导入不计算公式。"
        "请在 Excel 或 WPS 中打开并保存一次,或把它“选择性粘贴”为数值后再导入。",
        "进展.xlsx:Sheet!A7:第7行是隐藏的,里面有内容。导入不猜它是否属于表格:要导入,请取消隐藏;不要,请删除这一行。",
    ]


def test_a_report_file_with_mistakes_is_replaced_keeping_what_it_says_of_the_report(project: Path, capsys) -> None:
    """The file being replaced may be the broken one: its problems do not stop the import that corrects it."""
    report = project / "data/2024/progress/2024-h1.yaml"
    before = report.read_text("utf-8")
    report.write_text(before.replace("status: 进度滞后", "status: 进度落后", 1), "utf-8")
    rc, notes, err = run(project, "h1.xlsx", "--report", "2024-h1", "--force", capsys=capsys)
    assert rc == 0, err
    assert report.read_text("utf-8") == before
    assert notes[0] == (
        "提示:data/2024/progress/2024-h1.yaml:这个文件现在有1处问题,导入的内容将替换它;"
        "其中读得出的报告信息(标题、日期、出处)沿用。"
    )
    (project / "data/2024/tasks.yaml").write_text("- no: 1\n  text: x\n", "utf-8")  # a problem elsewhere: refused
    rc, _, err = run(project, "h1.xlsx", "--report", "2024-h1", "--force", capsys=capsys)
    assert rc == 1 and all(line.startswith("data/2024/") for line in err)
