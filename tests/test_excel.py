"""The Excel reader and writer: cells as Excel shows them, merges, places, and export blocks read back unchanged."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from disclosure.office import excel
from disclosure.office.table import Grid, ImportFailed, Paragraph

BLOCKS = [
    Paragraph("示例市人民政府办公室关于印发重点工作责任分解的通知", heading=True),
    Paragraph("示政办发〔2024〕3号"),
    Grid(
        "民生实事",
        [
            ["序号", "事项名称", "指标", "全市目标", "东湖区", "西山县"],
            ["", "", "", "", "各地目标", ""],
            ["1", "普惠托育项目", "机构", "20", "8", "/"],
            ["", "", "机构托位", "33.30", "0.5", "=1+1"],
            ["2", "道路提升项目", "农村公路", "100", "012", "2024-06-30"],
        ],
        header_rows=2,
        merges=[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 1, 3), (2, 0, 3, 0), (2, 1, 3, 1)],
    ),
    Paragraph("附件2"),
    Grid("重点工作", [["序号", "主要工作任务", "责任单位"], ["1", "地区生产总值增长5.5%左右。", "市发展改革委"]]),
    Paragraph("注:列第一位者为牵头单位。"),
]


def test_blocks_written_and_read_back_keep_every_text_and_merge(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    excel.write(BLOCKS, path)
    tables = excel.read(path, "export.xlsx")
    assert [t.at.sheet for t in tables] == ["民生实事", "重点工作"]
    livelihood, tasks = tables
    texts = [[c.text for c in row] for row in livelihood.rows]
    title = "示例市人民政府办公室关于印发重点工作责任分解的通知"
    assert texts == [
        [title] * 6,  # a paragraph: one row, merged across the table's width
        ["示政办发〔2024〕3号"] * 6,
        ["序号", "事项名称", "指标", "全市目标", "东湖区", "西山县"],
        ["序号", "事项名称", "指标", "全市目标", "各地目标", ""],  # merged down: the same cell in both rows
        ["1", "普惠托育项目", "机构", "20", "8", "/"],
        ["1", "普惠托育项目", "机构托位", "33.30", "0.5", "=1+1"],  # text stays text: never 33.3, never a formula
        ["2", "道路提升项目", "农村公路", "100", "012", "2024-06-30"],
    ]
    assert livelihood.rows[3][0] is livelihood.rows[2][0]  # one Cell, repeated where the merge covers
    assert str(livelihood.rows[5][1].at) == "export.xlsx:民生实事!B5"
    assert str(livelihood.rows[5][3].at) == "export.xlsx:民生实事!D6"
    assert [[c.text for c in row] for row in tasks.rows] == [
        ["附件2"] * 3,
        ["序号", "主要工作任务", "责任单位"],
        ["1", "地区生产总值增长5.5%左右。", "市发展改革委"],
        ["", "", ""],
        ["注:列第一位者为牵头单位。"] * 3,  # after the last table: below it, after an empty row
    ]


def test_the_written_sheet_is_laid_out_for_reading(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    excel.write(BLOCKS, path)
    ws = openpyxl.load_workbook(path)["民生实事"]
    assert ws.freeze_panes == "A5"  # the two paragraphs and the two header rows stay in view
    assert ws["A3"].font.b and ws["E4"].font.b and not ws["A5"].font.b
    assert ws["A1"].font.b and ws["A1"].font.sz == 14
    assert {str(r) for r in ws.merged_cells.ranges} == {
        "A1:F1",
        "A2:F2",
        "A3:A4",
        "B3:B4",
        "C3:C4",
        "D3:D4",
        "A5:A6",
        "B5:B6",
    }
    for ref in ("D6", "E6", "F6", "E7", "A5"):
        assert ws[ref].data_type == "s" and ws[ref].number_format == "@", ref  # text, and kept so when retyped
    assert ws.column_dimensions["B"].width == 2 * len("道路提升项目") + 2  # a Chinese character is two columns
    assert ws.column_dimensions["A"].width == 6  # the narrowest readable column


def test_a_sheet_name_excel_refuses_is_an_error_not_a_rename(tmp_path: Path) -> None:
    for name in ("民生/实事", "x" * 32, ""):
        with pytest.raises(ValueError, match="sheet name"):
            excel.write([Grid(name, [["a"]])], tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="used twice"):
        excel.write([Grid("a", [["a"]]), Grid("a", [["b"]])], tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="at least one Grid"):
        excel.write([Paragraph("标题")], tmp_path / "x.xlsx")


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (100, "General", "100"),
        (100.0, "General", "100"),
        (33.3, "General", "33.3"),
        (0.1 + 0.2, "General", "0.3"),  # Excel shows 15 significant digits
        (0.5, "General", "0.5"),
        (33.3, "0.00", "33.30"),
        (100, "0.0", "100.0"),
        (1234.5, "#,##0.00", "1,234.50"),  # as shown, so the validator refuses the separator at the cell
        (0.125, "0%", "13%"),
        (0.125, "0.0%", "12.5%"),
        (12.5, "0.0_ ", "12.5"),
        (12.5, '0.0"万元"', "12.5"),
        (-3, "0;[Red]-0", "-3"),
        (dt.datetime(2024, 6, 30), "yyyy-mm-dd", "2024-06-30"),
        (dt.datetime(2024, 6, 30, 9, 30), "yyyy-mm-dd h:mm", "2024-06-30 09:30"),
        (dt.date(2024, 6, 30), "yyyy/m/d", "2024-06-30"),
        (True, "General", "TRUE"),
        ("33.30", "@", "33.30"),  # a number stored as text: as typed
    ],
)
def test_a_cell_reads_as_excel_shows_it(value: object, number_format: str, shown: str) -> None:
    assert excel.shown(value, number_format) == shown


def test_sheets_are_read_in_order_with_hidden_ones_marked(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "进展"
    wb.active["C15"] = 33.3
    wb.active["A1"] = dt.datetime(2024, 6, 30)
    wb.active["B2"] = "  有空格  "
    hidden = wb.create_sheet("选项")
    hidden["A1"] = "已完成"
    hidden.sheet_state = "hidden"
    wb.create_sheet("空白")
    wb.save(tmp_path / "x.xlsx")
    first, second, third = excel.read(tmp_path / "x.xlsx", "进展.xlsx")
    assert (first.hidden, second.hidden, third.hidden) == (False, True, False)
    assert len(first.rows) == 15 and len(first.rows[0]) == 3  # the used range, no further
    assert first.rows[14][2].text == "33.3" and str(first.rows[14][2].at) == "进展.xlsx:进展!C15"
    assert first.rows[0][0].text == "2024-06-30"
    assert first.rows[1][1].text == "  有空格  "  # as the file holds it: the importer decides and says so
    assert third.rows == [] and str(third.at) == "进展.xlsx:空白"


def test_a_hidden_row_or_column_with_content_is_refused_not_guessed(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (
        ["序号", "主要工作任务", "旧的完成情况", "上半年完成情况"],
        ["1", "a", "旧", "新"],
        ["2", "b", "", "x"],
    ):
        ws.append(row)
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[5].hidden = True  # hidden and empty: nothing to decide
    ws.column_dimensions["C"].hidden = True
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(ImportFailed) as e:
        excel.read(tmp_path / "x.xlsx", "x.xlsx")
    assert str(e.value).splitlines() == [
        "x.xlsx:Sheet!C1:C列是隐藏的,里面有内容。导入不猜它是否属于表格:要导入,请取消隐藏;不要,请删除这一列。",
        "x.xlsx:Sheet!A3:第3行是隐藏的,里面有内容。导入不猜它是否属于表格:要导入,请取消隐藏;不要,请删除这一行。",
    ]


def test_a_merge_over_a_whole_sheet_is_refused_before_openpyxl_unfolds_it(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "标题"
    wb.active.merge_cells("A1:B2")
    wb.save(tmp_path / "x.xlsx")
    with zipfile.ZipFile(tmp_path / "x.xlsx") as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b'ref="A1:B2"' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b'ref="A1:B2"', b'ref="A1:XFD1048576"')
    with zipfile.ZipFile(tmp_path / "x.xlsx", "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(ImportFailed) as e:
        excel.read(tmp_path / "x.xlsx", "x.xlsx")
    assert str(e.value) == (
        "x.xlsx:文件中的合并单元格共覆盖17179869184个单元格,超过了导入允许的200000个,没有读取。"
        "请取消整行、整列或大片区域的合并后再导入。"
    )
