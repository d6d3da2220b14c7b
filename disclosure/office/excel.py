"""Excel workbooks (.xlsx) in and out.

read: each sheet a Table, its cells as the text Excel shows them (33.3, 100, never 100.0; a date as 2024-06-30),
a merged range one Cell repeated at each place it covers, every place named as Excel does (Sheet1!C15). A formula
is never evaluated: its value is the one Excel saved with it, and one saved without a value is refused. A file
over 20 MB, or one whose sheets would unpack to more than the bounds below, is refused before it is parsed.

write: the export blocks as a workbook, one sheet per Grid, the paragraphs before it as rows above it, its merged
cells merged, header rows bold and frozen, every cell stored as text (33.30 and 0.5 stay as written when Excel
opens the file: it reformats numbers, never text).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.child import INVALID_TITLE_REGEX

from disclosure.office.table import At, Cell, Grid, ImportFailed, ImportProblem, Paragraph, Table

MAX_BYTES = 20 * 1024 * 1024  # the file as given
MAX_UNPACKED = 30 * 1024 * 1024  # its parts unpacked (200,000 cells of text: about 20 MB), checked before parsing
MAX_CELLS = 200_000  # rows × columns of one sheet's used range (a 118-task table has about 700)


def read(path: Path, name: str, problems: list[ImportProblem] | None = None) -> list[Table]:
    """Every sheet of the workbook at path, in the workbook's order; name: the file as the messages name it.

    A cell that cannot be read as shown (a formula saved without its value, a hidden row or column holding
    something) is refused: with problems given, appended there and read as empty, so that the import can report
    the rest of the table's problems with it; without, raised at the end."""
    whole = At(name, kind="excel")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportFailed(
            [
                ImportProblem(
                    whole,
                    f"文件有{size / 1024 / 1024:.1f} MB,超过了导入允许的20 MB。这类表格通常不到1 MB:"
                    "请只保留要导入的工作表,删除图片和多余的行列后再导入。",
                )
            ]
        )
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
            merged = merged_area(z) if unpacked <= MAX_UNPACKED else 0
    except zipfile.BadZipFile:
        raise ImportFailed([ImportProblem(whole, NOT_XLSX)]) from None
    if unpacked > MAX_UNPACKED:
        raise ImportFailed(
            [
                ImportProblem(
                    whole,
                    f"文件解压后有{unpacked / 1024 / 1024:.1f} MB,超过了导入允许的{MAX_UNPACKED / 1024 / 1024:g} MB,"
                    "没有读取。请只保留要导入的工作表后再导入。",
                )
            ]
        )
    if merged > MAX_CELLS:  # openpyxl makes an object of every cell a merge covers: A1:XFD1048576 is 17 billion
        raise ImportFailed(
            [
                ImportProblem(
                    whole,
                    f"文件中的合并单元格共覆盖{merged}个单元格,超过了导入允许的{MAX_CELLS}个,没有读取。"
                    "请取消整行、整列或大片区域的合并后再导入。",
                )
            ]
        )
    try:
        formulas = openpyxl.load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError):
        # what openpyxl raises on a damaged file; an XML entity bomb is stopped by expat's amplification limit
        raise ImportFailed([ImportProblem(whole, DAMAGED)]) from None
    cached = None  # the values Excel saved with the formulas, read only when there are formulas
    tables: list[Table] = []
    refused: list[ImportProblem] = []
    for number, ws in enumerate(formulas.worksheets, 1):
        at = At(name, table=number, kind="excel", sheet=ws.title)
        rows, cols = used_range(ws)
        if rows * cols > MAX_CELLS:
            raise ImportFailed(
                [
                    ImportProblem(
                        at,
                        f"工作表有{rows}行{cols}列,超过了导入允许的{MAX_CELLS}个单元格,没有读取。"
                        "表格下方或右侧可能有很远处的内容或格式:请删除多余的行列后再导入。",
                    )
                ]
            )
        values: dict[tuple[int, int], str] = {}
        for line in ws.iter_rows(min_row=1, max_row=rows, max_col=cols):
            for c in line:
                if c.data_type == "f":
                    if cached is None:
                        cached = openpyxl.load_workbook(path, data_only=True)
                    saved = cached.worksheets[number - 1].cell(c.row, c.column)
                    if saved.value is None:
                        where = At(name, number, c.row, c.column, "excel", ws.title)
                        formula = str(c.value)
                        refused.append(
                            ImportProblem(
                                where,
                                f"这个单元格是公式“{formula}”,文件里没有保存它的计算结果,导入不计算公式。"
                                "请在 Excel 或 WPS 中打开并保存一次,或把它“选择性粘贴”为数值后再导入。",
                            )
                        )
                        continue
                    values[c.row, c.column] = shown(saved.value, saved.number_format)
                elif c.value is not None:
                    values[c.row, c.column] = shown(c.value, c.number_format)
        if ws.sheet_state == "visible":
            refused += hidden_lines(ws, values, name, number)
        merged: dict[tuple[int, int], Cell] = {}
        for r in ws.merged_cells.ranges:
            top_left = At(name, number, r.min_row, r.min_col, "excel", ws.title)
            first = Cell(values.get((r.min_row, r.min_col), ""), top_left)
            for row in range(r.min_row, r.max_row + 1):
                for col in range(r.min_col, r.max_col + 1):
                    merged[row, col] = first
        grid = [
            [
                merged.get((row, col))
                or Cell(values.get((row, col), ""), At(name, number, row, col, "excel", ws.title))
                for col in range(1, cols + 1)
            ]
            for row in range(1, rows + 1)
        ]
        tables.append(Table(at, grid, hidden=ws.sheet_state != "visible"))
    if refused and problems is None:
        raise ImportFailed(refused)
    if problems is not None:
        problems += refused
    return tables


DAMAGED = "文件已损坏,或不是 Excel、WPS 保存的工作簿,读不出表格。请在 Excel 或 WPS 中打开它,另存为 .xlsx 后再导入。"


def hidden_lines(ws, values: dict[tuple[int, int], str], name: str, number: int) -> list[ImportProblem]:
    """A hidden row or column with something in it: whether it belongs to the table only its editor can say.
    Their cells are taken out of values (read as empty)."""
    problems = []
    rows = sorted({r for r, _ in values if ws.row_dimensions[r].hidden and values[r, _].strip()})
    for r in rows:
        first = min(c for row, c in values if row == r and values[row, c].strip())
        problems.append(
            ImportProblem(
                At(name, number, r, first, "excel", ws.title),
                f"第{r}行是隐藏的,里面有内容。导入不猜它是否属于表格:要导入,请取消隐藏;不要,请删除这一行。",
            )
        )
        for key in [k for k in values if k[0] == r]:
            del values[key]
    hidden_cols = set()
    for d in ws.column_dimensions.values():
        if d.hidden:
            hidden_cols.update(range(d.min or 0, (d.max or d.min or 0) + 1))
    for col in sorted(hidden_cols):
        filled = sorted(r for r, c in values if c == col and values[r, c].strip())
        if filled:
            letter = get_column_letter(col)
            problems.append(
                ImportProblem(
                    At(name, number, filled[0], col, "excel", ws.title),
                    f"{letter}列是隐藏的,里面有内容。导入不猜它是否属于表格:要导入,请取消隐藏;不要,请删除这一列。",
                )
            )
            for key in [k for k in values if k[1] == col]:
                del values[key]
    return problems


NOT_XLSX = (
    "不是能读取的 Excel 文件(.xlsx)。如果是旧的 .xls 文件,请在 Excel 或 WPS 中“另存为”Excel 工作簿(.xlsx)后再导入。"
)


MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?"'
)


def merged_area(z: zipfile.ZipFile) -> int:
    """How many cells the workbook's merged ranges cover, read from the sheets' XML before openpyxl parses it."""
    total = 0
    for info in z.infolist():
        if info.filename.endswith(".xml"):  # every part: a sheet may be stored under any name the workbook links
            for m in MERGE.finditer(z.read(info)):
                if m[3] is None:
                    continue
                rows = abs(int(m[4]) - int(m[2])) + 1
                cols = abs(column_index_from_string(m[3].decode()) - column_index_from_string(m[1].decode())) + 1
                total += rows * cols
    return total


def used_range(ws) -> tuple[int, int]:
    """The rows and columns up to the last cell holding anything (formatting alone does not count)."""
    rows = cols = 0
    for (row, col), c in ws._cells.items():  # only the cells the file defines: no cell is created by looking
        if c.value is not None and c.value != "":
            rows, cols = max(rows, row), max(cols, col)
    for r in ws.merged_cells.ranges:
        if (r.min_row, r.min_col) in ws._cells and ws._cells[r.min_row, r.min_col].value not in (None, ""):
            rows, cols = max(rows, r.max_row), max(cols, r.max_col)
    return rows, cols


FIXED = re.compile(r"(#,##)?0(?:\.(0+))?(%)?")


def shown(value: object, number_format: str) -> str:
    """A cell's value as Excel shows it: a number in its format (General: 33.3, 100, at most 15 digits;
    0.00: 33.30; 0%: 12%), a date as 2024-06-30, text as it is."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float):
        section = number_format.split(";")[0]
        section = re.sub(r'\[[^]]*\]|"[^"]*"|\\.|_.|\*.', "", section).strip()  # colours, literals, padding
        fixed = FIXED.fullmatch(section)
        if fixed:
            number = Decimal(repr(value)) * (100 if fixed[3] else 1)
            places = len(fixed[2] or "")
            rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            text = f"{rounded:,.{places}f}" if fixed[1] else f"{rounded:.{places}f}"
            return text + ("%" if fixed[3] else "")
        return general(value)
    return str(value)


def general(value: int | float) -> str:
    """Excel's General format: an integral number without a decimal point, else at most 15 significant digits."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    digits = len(re.sub(r"[^0-9]", "", text.split("e")[0]).lstrip("0"))
    if digits > 15:
        text = format(value, ".15g")
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def write(blocks: list[Paragraph | Grid], path: Path) -> None:
    """The blocks as an .xlsx at path: a sheet per Grid, named by it, with the paragraphs before it above it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    pending: list[Paragraph] = []
    ws = None
    for block in blocks:
        if isinstance(block, Paragraph):
            pending.append(block)
            continue
        ws = sheet(book, block, pending)
        pending = []
    if ws is None:
        raise ValueError("an export needs at least one Grid: a workbook cannot hold paragraphs alone")
    if pending:  # paragraphs after the last table: below it, after an empty row
        width = max(1, ws.max_column)
        for p in pending:
            paragraph_row(ws, ws.max_row + 2 if p is pending[0] else ws.max_row + 1, p, width)
    book.save(path)


def sheet(book: openpyxl.Workbook, grid: Grid, paragraphs: list[Paragraph]):
    if not grid.name or len(grid.name) > 31 or INVALID_TITLE_REGEX.search(grid.name):
        raise ValueError(f"sheet name {grid.name!r}: Excel allows 1 to 31 characters, none of \\ / ? * [ ] :")
    if grid.name in book.sheetnames:
        raise ValueError(f"sheet name {grid.name!r} is used twice")
    ws = book.create_sheet(grid.name)
    width = max((len(r) for r in grid.rows), default=1)
    for i, p in enumerate(paragraphs, 1):
        paragraph_row(ws, i, p, width)
    top = len(paragraphs)
    for i, row in enumerate(grid.rows, 1):
        for j, text in enumerate(row, 1):
            c = ws.cell(top + i, j)
            c.value = text
            c.data_type = "s"  # text, even when it begins with = (openpyxl would take it for a formula)
            c.number_format = "@"  # and text again when someone retypes it in Excel
            c.alignment = Alignment(wrap_text=True, vertical="center")
            if i <= grid.header_rows:
                c.font = Font(bold=True)
                c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for r0, c0, r1, c1 in grid.merges:
        ws.merge_cells(start_row=top + r0 + 1, start_column=c0 + 1, end_row=top + r1 + 1, end_column=c1 + 1)
    ws.freeze_panes = ws.cell(top + grid.header_rows + 1, 1)
    for j in range(1, width + 1):
        texts = [row[j - 1] for row in grid.rows if j <= len(row)]
        longest = max((display_width(line) for t in texts for line in t.splitlines() or [""]), default=4)
        ws.column_dimensions[get_column_letter(j)].width = min(max(longest + 2, 6), 60)
    return ws


def paragraph_row(ws, row: int, p: Paragraph, width: int) -> None:
    c = ws.cell(row, 1)
    c.value = p.text
    c.data_type = "s"
    c.number_format = "@"
    c.font = Font(bold=p.heading, size=14 if p.heading else 11)
    c.alignment = Alignment(horizontal="center" if p.heading else "left", vertical="center", wrap_text=True)
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = 28 if p.heading else 20


def display_width(text: str) -> int:
    """Columns a text takes in Excel's default font: two for a Chinese character, one for a Latin one."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
