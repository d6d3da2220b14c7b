"""Word documents (.docx) in and out.

read: the document's tables in order, each cell placed as Word shows it (表2 第15行 第3列, header rows counted),
a merged cell (horizontally: gridSpan; vertically: vMerge) one Cell repeated at each place it covers, a cell's
paragraphs (and line breaks) joined by newlines; the paragraphs between tables kept as each table's `before`
(captions such as 附件1, a table's title, a note 注:…), those after the last table as its `after`. A file over
20 MB, one whose parts would unpack to more than 100 MB, or a table of more than 100,000 cells is refused before
it is read further. Nothing a document links to is fetched (python-docx reads only the parts inside the zip, and
its XML parser resolves no entities).

write: the export blocks as a document: a Paragraph as a line (a heading bold, centred and larger), a Grid as a
table in the 'Table Grid' style with real merged cells and its header rows marked to repeat on every page.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from disclosure.office.table import At, Cell, Grid, ImportFailed, ImportProblem, Paragraph, Table

MAX_BYTES = 20 * 1024 * 1024  # the file as given
MAX_UNPACKED = 100 * 1024 * 1024  # its parts unpacked: a zip bomb is refused before python-docx reads it
WIDE = 8  # a table of more columns goes on a landscape page
MAX_CELLS = 100_000  # the places of one table (the 2023 notice's two tables have about 360 and 480)

NOT_DOCX = (
    "不是能读取的 Word 文件(.docx)。如果是旧的 .doc 文件,请在 Word 或 WPS 中“另存为”Word 文档(.docx)后再导入,"
    "或安装 LibreOffice,导入会自动转换。"
)


def read(path: Path, name: str, problems: list[ImportProblem] | None = None) -> list[Table]:
    """Every table of the document at path, in order; name: the file as the messages name it. problems gets
    each cell holding hidden text (read without it), for reporting with the rest (as excel.read)."""
    whole = At(name)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportFailed(
            [
                ImportProblem(
                    whole,
                    f"文件有{size / 1024 / 1024:.1f} MB,超过了导入允许的20 MB,没有读取。责任分解通知通常不到1 MB:"
                    "请删除图片等与两张表无关的内容后再导入。",
                )
            ]
        )
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile:
        raise ImportFailed([ImportProblem(whole, NOT_DOCX)]) from None
    if unpacked > MAX_UNPACKED:
        raise ImportFailed(
            [
                ImportProblem(
                    whole,
                    f"文件解压后有{unpacked / 1024 / 1024:.0f} MB,超过了导入允许的100 MB,没有读取。"
                    "请删除图片等与两张表无关的内容后再导入。",
                )
            ]
        )
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise ImportFailed([ImportProblem(whole, NOT_DOCX)]) from None
    except etree.XMLSyntaxError:
        broken = (
            "文件已损坏(其中的 XML 不完整),Word 可能也打不开。请在 Word 或 WPS 中打开、修复并另存为 .docx 后再导入。"
        )
        raise ImportFailed([ImportProblem(whole, broken)]) from None
    body = document.element.body
    tables: list[Table] = []
    paragraphs: list[str] = []
    for element in body.iter(P, TBL):  # in reading order, a table in a text box (LibreOffice's .doc) too
        if any(a.tag in (TBL, FALLBACK) for a in element.iterancestors()):
            continue  # a cell's paragraph, a nested table, or the copy of a text box kept for old readers
        if element.tag == P:
            text = own_text(element).strip()
            if text:
                paragraphs.append(text)
        else:
            number = len(tables) + 1
            tables.append(Table(At(name, number), grid(element, name, number, problems), before=paragraphs))
            paragraphs = []
    if tables:
        tables[-1].after = paragraphs
    return tables


P, R, TBL, TC, TR = qn("w:p"), qn("w:r"), qn("w:tbl"), qn("w:tc"), qn("w:tr")
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}


def own_text(p, hidden: list[str] | None = None) -> str:
    """A paragraph's text as Word shows it, line breaks as newlines, without what a text box or table inside
    it holds (read as its own paragraphs and tables), what tracked changes deleted (w:delText), or text
    formatted hidden (w:vanish), which goes to hidden instead."""
    out = []
    for element in p.iter(*TEXT):
        if next(element.iterancestors(P, TBL, FALLBACK), None) is not p:
            continue
        text = element.text or "" if element.tag == qn("w:t") else TEXT[element.tag]
        run = next(element.iterancestors(R), None)
        if run is not None and vanishes(run):
            if hidden is not None:
                hidden.append(text)
            continue
        out.append(text)
    return "".join(out)


def vanishes(run) -> bool:
    props = run.find(qn("w:rPr"))
    mark = props.find(qn("w:vanish")) if props is not None else None
    return mark is not None and mark.get(qn("w:val"), "true") not in ("0", "false", "off")


def grid(tbl, name: str, number: int, problems: list[ImportProblem] | None = None) -> list[list[Cell]]:
    """The table's rows, each cell at every grid column it covers; a vertically continued cell is the one
    above it."""
    rows: list[list[Cell]] = []
    places = 0
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr")), start=1):
        row: list[Cell] = []
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span, merge = 1, None
            if props is not None:
                if (g := props.find(qn("w:gridSpan"))) is not None:
                    span = max(1, int(g.get(qn("w:val"), "1") or 1))
                if (v := props.find(qn("w:vMerge"))) is not None:
                    merge = v.get(qn("w:val"), "continue")
            places += span
            if places > MAX_CELLS:
                raise ImportFailed(
                    [
                        ImportProblem(
                            At(name, number),
                            f"这张表超过了导入允许的{MAX_CELLS}个单元格,没有读取。"
                            "责任分解的两张表各只有几百个单元格:请检查是否多复制了表格。",
                        )
                    ]
                )
            col = len(row) + 1
            above = rows[-1][col - 1] if merge == "continue" and rows and len(rows[-1]) >= col else None
            if above is not None:
                cell = above
            else:
                hidden: list[str] = []
                text = "\n".join(own_text(p, hidden) for p in tc.iter(P) if next(p.iterancestors(TC)) is tc)
                cell = Cell(text.strip(), At(name, number, r, col))
                if "".join(hidden).strip() and problems is not None:
                    problems.append(
                        ImportProblem(
                            cell.at,
                            f"这个单元格里有隐藏的文字“{''.join(hidden).strip()}”(设置了“隐藏”格式,在 Word 中看不见)。"
                            "导入不读看不见的文字:请删去它,或取消隐藏,确认无误后再导入。",
                        )
                    )
            row.extend([cell] * span)
        rows.append(row)
    return rows


def write(blocks: list[Paragraph | Grid], path: Path) -> None:
    """The blocks as a .docx at path."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(10.5)
    page = document.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)  # A4, as the government prints
    page.left_margin = page.right_margin = Cm(2)
    for block in blocks:
        if isinstance(block, Paragraph):
            p = document.add_paragraph()
            run = p.add_run(block.text)
            if block.heading:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run.bold = True
                run.font.size = Pt(16)
            continue
        width = max(len(r) for r in block.rows)
        if width > WIDE:  # the livelihood table: on a landscape page of its own
            section = document.add_section(WD_SECTION.NEW_PAGE)
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        section = document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        table = document.add_table(rows=len(block.rows), cols=width)
        table.style = document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        covered = {(r, c) for r0, c0, r1, c1 in block.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {
            (r0, c0) for r0, c0, _, _ in block.merges
        }
        for r, texts in enumerate(block.rows):
            row = table.rows[r]
            if r < block.header_rows:
                props = row._tr.get_or_add_trPr()
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                props.append(header)
            for c, text in enumerate(texts):
                if (r, c) in covered or not text:
                    continue
                cell = row.cells[c]
                lines = text.split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
                if r < block.header_rows:
                    for run in (run for p in cell.paragraphs for run in p.runs):
                        run.bold = True
        table.autofit = False
        widths = column_widths(block, width, usable)
        for c, column in enumerate(table.columns):
            column.width = widths[c]
        for row in table.rows:
            for c, cell in enumerate(row.cells):
                cell.width = widths[c]
        for r0, c0, r1, c1 in block.merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
    document.save(str(path))


def column_widths(grid: Grid, width: int, usable: int) -> list[int]:
    """Each column's width (EMU), shared out by the mean length of its body cells (at least 2 characters, at
    most 40): 序号 narrow, a task's text wide."""
    weights = []
    for c in range(width):
        texts = [row[c] for row in grid.rows[grid.header_rows :] if c < len(row) and row[c]]
        mean = sum(len(t) for t in texts) / len(texts) if texts else 2
        weights.append(min(max(mean, 2), 40))
    total = sum(weights)
    return [int(usable * w / total) for w in weights]
