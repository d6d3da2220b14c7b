"""Progress reports (进展通报) from Excel or CSV tables into data/<year>/progress/<name>.yaml.

Two published shapes are read, told apart by their header rows:
- key tasks: 序号 | 主要工作任务 | [period]完成情况 | 责任单位 (or 牵头单位), with or without 进展状态: each row a task
  of the edition, its 序号 the task's number, its text and units checked against the edition's tasks.yaml;
- livelihood: 序号 | 项目名称 | 指标 | [全市目标] | 全市完成 | one column per area | [进展状态] | [进展情况]: each
  row an indicator row of the edition, found by its item's 序号 and its indicator's name, the area columns by their
  header names against data/areas.yaml and the edition's area_columns (a two-row header, 各地完成 over the areas).
The report's metadata comes from the options, else from what the sheet states above the table (its title row, a
截至…日 line), else from the report file being replaced; what is still missing is named with its option.

Every problem is collected, the table's and then the validator's on what would be written, and shown at the cell;
what was normalised (a full-width bracket in a name, a stray space, a line break in a cell) or left out (a 合计
row, a note below the table, a hidden sheet) is reported as a note. Nothing is written here: see cli.py.
"""

from __future__ import annotations

import calendar
import difflib
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from disclosure.errors import DataError
from disclosure.model import Edition, Indicator, Item, Site, Task
from disclosure.office import check
from disclosure.office.emit import Writer
from disclosure.office.table import At, Cell, ImportFailed, ImportProblem, Table
from disclosure.source import inputs, load, validate
from disclosure.source.fields import MONTHS, PERIOD, UNSTATED


@dataclass(frozen=True)
class Options:
    """The report's metadata as given on the command line (None: not given)."""

    title: str | None = None
    period: str | None = None
    as_of: str | None = None
    published: str | None = None
    publisher: str | None = None
    source_name: str | None = None
    source_url: str | None = None
    doc_no: str | None = None
    summary: str | None = None


# The option that gives each field, as messages name it.
OPTION = {
    "title": "--title",
    "period": "--period",
    "as_of": "--as-of",
    "published": "--published",
    "publisher": "--publisher",
    "source_name": "--source-name",
    "source_url": "--source-url",
    "doc_no": "--doc-no",
    "summary": "--summary",
}
FIELD_NAME = {
    "title": "报告标题",
    "period": "报告时段",
    "as_of": "数据截至日期",
    "published": "发布日期",
    "publisher": "发布机关",
    "source_name": "刊载的媒体或网站名称",
    "source_url": "网址",
    "doc_no": "文号",
    "summary": "报告摘要",
}
EXAMPLE = {
    "title": "2024年政府工作报告重点工作执行情况(上半年)",
    "period": "一季度、上半年、前三季度、全年或1-5月",
    "as_of": "2024-06-30",
    "published": "2024-07-15",
    "publisher": "示例市人民政府办公室",
    "source_name": "示例市人民政府门户网站",
}


@dataclass
class Imported:
    """What an import would write, and what it normalised or left out on the way (to be shown, not refused)."""

    outputs: list[check.Output]
    notes: list[ImportProblem] = field(default_factory=list)


# ---- the header -------------------------------------------------------------------------------------------------

TEXT_HEADER = re.compile(r"(.*?)(完成情况|进展情况|执行情况|推进情况|工作进展)")
ROLE = {
    "序号": "no",
    "主要工作任务": "task",
    "工作任务": "task",
    "重点工作": "task",
    "重点工作任务": "task",
    "任务内容": "task",
    "主要任务": "task",
    "责任单位": "units",
    "责任部门": "units",
    "牵头单位": "leads",
    "牵头部门": "leads",
    "进展状态": "status",
    "推进状态": "status",
    "完成状态": "status",
    "状态": "status",
    "项目名称": "item",
    "事项名称": "item",
    "项目": "item",
    "事项": "item",
    "民生实事项目": "item",
    "指标": "indicator",
    "指标名称": "indicator",
    "建设内容": "indicator",
    "全市完成": "completed",
    "完成": "completed",
    "完成数": "completed",
    "全市完成数": "completed",
    "全市目标": "target",
    "目标": "target",
    "目标任务": "target",
    "全市目标任务": "target",
}
GROUP = re.compile(r"各(地|县\(市、区\)|县市区|地区)?(完成|完成情况|完成数)")  # 各地完成 over the area columns
TOTAL = frozenset({"合计", "总计", "小计", "全市合计"})
NUMBER = re.compile(r"[0-9]+")
ORDINAL = re.compile(r"([一二三四五六七八九十]+)、")
CUTOFF_DAY = re.compile(r"截[至止][:\uff1a]?\s*([0-9]{4})(?:年|-)([0-9]{1,2})(?:月|-)([0-9]{1,2})日?")
PERIOD_IN_TEXT = re.compile(r"一季度|上半年|前三季度|全年|(?:1[0-2]|[1-9])\s*[-—–~～至]\s*(?:1[0-2]|[1-9])月")
DASHES = re.compile(r"\s*[—–~～至－]\s*")
SPLIT_UNITS = re.compile(r"[、,\uff0c;\uff1b/\uff0f\n]+")


def squeeze(text: str) -> str:
    """A header's or name's text for comparing: without any whitespace, full-width brackets and digits made ASCII."""
    return re.sub(r"\s+", "", narrow(text))


def narrow(text: str) -> str:
    """Full-width brackets, digits, letters and the hyphen as their ASCII forms (NFKC on those only)."""
    return "".join(unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" else ch for ch in text)


@dataclass
class Column:
    col: int  # 0-based
    role: str  # no, task, text, units, leads, status, item, indicator, completed, target, area
    header: Cell
    period: str = ""  # text: the period its header names (一季度完成情况)
    area: str = ""  # area: the area's name in data/areas.yaml


@dataclass
class Layout:
    table: Table
    kind: str  # tasks or livelihood
    header_rows: list[int]  # 0-based rows of the header
    columns: list[Column]
    complete: bool = True  # False: a column every entry needs is missing (reported), its rows are not read

    def get(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    @property
    def first_data_row(self) -> int:
        return self.header_rows[-1] + 1


def header_row(table: Table, areas: Iterable[str] = ()) -> int | None:
    """The first row with a 序号 cell and a column only a progress table has (完成情况, 进展情况, 全市完成): the
    notice's own tables (序号 | 主要工作任务 | 责任单位; 全市目标 and the areas) are not progress tables. A
    header that is one of the areas (an area named 完成) is an area's column, not a progress column."""
    own = {squeeze(a) for a in areas}
    for i, row in enumerate(table.rows[:30]):
        names = [squeeze(c.text) for c in row]
        if "序号" in names and any(
            (ROLE.get(n) == "completed" or TEXT_HEADER.fullmatch(n)) and n not in own for n in names
        ):
            return i
    return None


def recognise(tables: list[Table], areas: Iterable[str] = ()) -> bool:
    """Whether the tables hold a progress report: a visible sheet with a progress table's header (areas: the
    project's area names and full names, which a notice's livelihood table has as headers)."""
    return any(not t.hidden and header_row(t, areas) is not None for t in tables)


# ---- the import -----------------------------------------------------------------------------------------------


def outputs(root: Path, tables: list[Table], edition: int, name: str, options: Options) -> list[check.Output]:
    """The report file the tables make, validated: raises ImportFailed with every problem, at the cells."""
    return read(root, tables, edition, name, options).outputs


def read(root: Path, tables: list[Table], edition: int, name: str, options: Options) -> Imported:
    """The report file the tables make and the notes on it, validated by the build's validator; or ImportFailed."""
    if not validate.SLUG.fullmatch(name) or len(name) > validate.SLUG_MAX or name in validate.RESERVED_SLUGS:
        bad = (
            f"“{name}”不能作进展通报的文件名:它也是网页地址(/{edition}/progress/{name}/),"
            "只能用小写英文字母、数字和单个连字符,最多60个字符,例如 2024-h1。"
        )
        raise ImportFailed([ImportProblem("--report", bad)])
    path = f"data/{edition}/progress/{name}.yaml"
    site, replaced = project(root, path)
    ed = next((e for e in site.editions if e.year == edition), None)
    if ed is None:
        years = "、".join(str(e.year) for e in sorted(site.editions, key=lambda e: e.year))
        none = f"data/ 中没有{edition}年版。已有的版本:{years}。"
        raise ImportFailed([ImportProblem("--edition", none)])
    importer = Importer(site, ed, name)
    if replaced:
        importer.note(
            At(path),
            f"这个文件现在有{len(replaced)}处问题,导入的内容将替换它;其中读得出的报告信息(标题、日期、出处)沿用。",
        )
    layouts = importer.layouts(tables)
    report = importer.metadata(layouts, options, root)
    for layout in layouts:
        importer.entries(layout)
    text, sources = importer.emit(report)
    output = check.Output(f"data/{edition}/progress/{name}.yaml", text, sources)
    problems = list(importer.problems)
    if problems and not importer.task_entries and not importer.row_entries:
        raise ImportFailed(problems)  # nothing the validator could check but the options' dates
    try:
        placeholders = importer.placeholders(report)
        if placeholders is None:
            check.validate_outputs(root, [output])
        else:  # the metadata still missing (reported above) filled in for the validator only, never written
            filled_text, filled_sources = importer.emit({**report, **placeholders})
            check.validate_outputs(root, [check.Output(output.path, filled_text, filled_sources)])
    except ImportFailed as e:
        problems += e.problems
    if problems:
        raise ImportFailed(problems)
    return Imported([output], importer.notes)


def project(root: Path, target: str) -> tuple[Site, list[str]]:
    """The project as it is, for the edition's tasks, rows and areas; its own problems refuse the import, except
    those of the report file the import replaces: then the project without it, and those problems."""
    try:
        return validate.build_site(load.read_sources(root, placed=True)), []
    except DataError as e:
        if not all(p.pos.path == target for p in e.problems):
            raise ImportFailed([check.at_cell(p, []) for p in e.problems]) from None
        replaced = [str(p) for p in e.problems]
    with tempfile.TemporaryDirectory(prefix="disclosure-import-") as scratch:
        copy = Path(scratch)
        for name in ("site.yaml", *inputs.scan(root, ("data", "content")).files):
            if name != target:
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                (copy / name).write_bytes(inputs.read_bytes(root, name))
        try:
            return validate.build_site(load.read_sources(copy, placed=True)), replaced
        except DataError as e:
            raise ImportFailed([check.at_cell(p, []) for p in e.problems]) from None


class Importer:
    def __init__(self, site: Site, edition: Edition, name: str) -> None:
        self.site, self.ed, self.name = site, edition, name
        self.problems: list[ImportProblem] = []
        self.notes: list[ImportProblem] = []
        self.task_entries: list[dict] = []
        self.row_entries: list[dict] = []
        self.area_names = {squeeze(a.name): a.name for a in site.areas}
        self.unit_names = {u.name for u in site.units}
        self.path = f"data/{edition.year}/progress/{name}.yaml"

    def fail(self, at: At, message: str) -> None:
        self.problems.append(ImportProblem(at, message))

    def note(self, at: At, message: str) -> None:
        self.notes.append(ImportProblem(at, message))

    # -- which tables, and their columns

    def layouts(self, tables: list[Table]) -> list[Layout]:
        found: list[Layout] = []
        for t in tables:
            row = header_row(t)
            if t.hidden:
                if row is not None or any(c.text.strip() for r in t.rows for c in r):
                    self.note(t.at, "这是隐藏的工作表,没有导入。要导入它,请在 Excel 或 WPS 中取消隐藏。")
                continue
            if row is None:
                if any(c.text.strip() for r in t.rows for c in r):
                    self.note(t.at, "这张表没有进展表的表头(序号、主要工作任务、完成情况……),没有导入。")
                continue
            found.append(self.layout(t, row))
        if not found:
            where = tables[0].at if tables else At("")
            self.fail(
                where,
                "没有找到进展表。进展表的表头一行要有“序号”,以及“主要工作任务”和“完成情况”(重点工作),"
                "或“全市完成”和各地区的列(民生实事)。",
            )
        for kind, what in (("tasks", "重点工作"), ("livelihood", "民生实事")):
            same = [layout for layout in found if layout.kind == kind]
            for extra in same[1:]:
                self.fail(
                    extra.table.at,
                    f"这张表和“{same[0].table.at.place() or same[0].table.at.file}”都是{what}的进展表,"
                    "一份进展通报只能导入一张:请分开导入,或把两张表合成一张。",
                )
        return [layout for layout in found if layout is next(x for x in found if x.kind == layout.kind)]

    def layout(self, table: Table, row: int) -> Layout:
        header = table.rows[row]
        below = table.rows[row + 1] if row + 1 < len(table.rows) else []
        two_rows = any(
            c.at != header[i].at and squeeze(c.text) in self.area_names for i, c in enumerate(below) if i < len(header)
        )
        rows = [row, row + 1] if two_rows else [row]
        columns: list[Column] = []
        for i, top in enumerate(header):
            cell = below[i] if two_rows and i < len(below) and below[i].at != top.at else top
            label = squeeze(cell.text)
            if not label:
                if any(i < len(r) and r[i].text.strip() for r in table.rows[rows[-1] + 1 :]):
                    self.fail(cell.at, "这一列有内容,表头却是空的。请填上列名(如“进展状态”)。")
                continue
            if label in self.area_names:
                area = self.area_names[label]
                if area != cell.text.strip():
                    self.note(
                        cell.at,
                        f"表头“{cell.text.strip()}”按地区“{area}”读取(全角括号或空格已改为 data/areas.yaml 的写法)。",
                    )
                columns.append(Column(i, "area", cell, area=area))
            elif label in ROLE:
                columns.append(Column(i, ROLE[label], cell))
            elif label == "序号":
                columns.append(Column(i, "no", cell))
            elif (m := TEXT_HEADER.fullmatch(label)) is not None:
                columns.append(Column(i, "text", cell, period=m[1]))
            elif GROUP.fullmatch(label) and not two_rows:
                self.fail(cell.at, f"表头“{cell.text.strip()}”下面一行要写各地区的名称(每个地区一列)。")
            elif GROUP.fullmatch(label) or label in ("完成率", "全市完成率", "备注"):
                if label.endswith("完成率"):
                    self.note(cell.at, "“完成率”列没有导入:网站根据完成数和目标自行计算完成率(标为“本站计算”)。")
                elif label == "备注" and any(i < len(r) and r[i].text.strip() for r in table.rows[rows[-1] + 1 :]):
                    self.fail(
                        cell.at,
                        "“备注”列有内容,进展通报的数据文件没有备注一项。"
                        "请把报告原文中的内容写在“完成情况”列,或删除这一列。",
                    )
                continue
            else:
                close = difflib.get_close_matches(label, [*self.area_names.values(), *ROLE], n=1, cutoff=0.5)
                hint = f"是不是“{close[0]}”?" if close else ""
                self.fail(
                    cell.at,
                    f"表头“{cell.text.strip()}”既不是进展表的列(序号、主要工作任务、完成情况、责任单位、进展状态、"
                    f"项目名称、指标、全市完成),也不是 data/areas.yaml 中的地区。{hint}",
                )
        seen: dict[str, Column] = {}
        for c in columns:
            key = c.area or c.role
            if key in seen:
                self.fail(
                    c.header.at,
                    f"表头“{c.header.text.strip()}”出现了两次(另一列在{seen[key].header.at.place()})。每一列只能有一个。",
                )
            seen.setdefault(key, c)
        roles = {c.role for c in columns}
        kind = "livelihood" if roles & {"completed", "area", "indicator", "item", "target"} else "tasks"
        at = header[0].at
        complete = True
        if kind == "tasks":  # 责任单位 is checked when given: a report may leave it out
            for role, name in (("task", "主要工作任务"), ("text", "完成情况")):
                if role not in roles:
                    self.fail(at, f"重点工作进展表的表头缺少“{name}”列。")
                    complete = complete and role != "text"
        else:
            if "completed" not in roles:
                self.fail(at, "民生实事进展表的表头缺少“全市完成”列(全市完成的数字,没有时填“/”)。")
                complete = False
            given = {c.area for c in columns if c.role == "area"}
            if given:
                for c in columns:
                    if c.role == "area" and c.area not in {a.name for a in self.ed.document.area_columns}:
                        self.fail(
                            c.header.at,
                            f"地区“{c.area}”不是{self.ed.year}年版民生实事表的地区列"
                            f"(data/{self.ed.year}/document.yaml 的 area_columns:"
                            f"{'、'.join(a.name for a in self.ed.document.area_columns)})。",
                        )
                for a in self.ed.document.area_columns:
                    if a.name not in given:
                        self.fail(
                            at,
                            f"表头缺少地区“{a.name}”的列({self.ed.year}年版民生实事表的地区列:"
                            f"{'、'.join(x.name for x in self.ed.document.area_columns)})。"
                            "报告没有给出这个地区的数字时,也请保留这一列,填“/”。",
                        )
        return Layout(table, kind, rows, columns, complete)

    # -- the metadata

    def metadata(self, layouts: list[Layout], options: Options, root: Path) -> dict:
        """The report's fields, each (value, At | None): from the options, the sheet, or the file it replaces."""
        kept = At(self.path)
        stated: dict[str, tuple[str, At]] = {}
        for layout in layouts:
            above = [r for r in layout.table.rows[: layout.header_rows[0]] if any(c.text.strip() for c in r)]
            for row in above:
                cells = list(dict.fromkeys((c.text.strip(), c.at) for c in row if c.text.strip()))
                joined = "".join(text for text, _ in cells)
                if (m := CUTOFF_DAY.search(joined)) is not None:  # 截至2024年6月30日, or 截至 | 2024-06-30
                    try:
                        day = date(int(m[1]), int(m[2]), int(m[3]))
                        stated.setdefault("as_of", (day.isoformat(), cells[-1][1]))
                    except ValueError:
                        self.fail(cells[-1][1], f"“{m[0]}”不是日历上的日期。")
                    continue
                for text, at in cells:
                    if re.fullmatch(r"附件\s*[0-9一二三四五六七八九十]*", text):
                        continue
                    elif "title" in stated and squeeze(text) == squeeze(stated["title"][0]):
                        continue  # the same title above each sheet's table
                    elif "title" not in stated:
                        stated["title"] = (re.sub(r"\s+", "", text) if HAN_ONLY_SPACES.search(text) else text, at)
                        if stated["title"][0] != text:
                            self.note(at, "标题中的空格已去掉。")
                    else:
                        self.note(at, f"表格上方的“{text}”没有导入。需要时请用 --summary 或 --publisher 等选项给出。")
        for layout in layouts:
            text_col = layout.get("text")
            if text_col and text_col.period:
                period = DASHES.sub("-", narrow(text_col.period))
                if period != text_col.period:
                    self.note(text_col.header.at, f"表头中的时段“{text_col.period}”按“{period}”读取。")
                if not PERIOD.fullmatch(period):
                    self.fail(
                        text_col.header.at,
                        f"表头“{text_col.header.text.strip()}”中的时段“{text_col.period}”不是进展通报的时段。"
                        "时段写作一季度、上半年、前三季度、全年,或月份范围如1-5月。",
                    )
                elif "period" in stated and stated["period"][0] != period:
                    self.fail(
                        text_col.header.at,
                        f"表头的时段“{period}”与另一张表({stated['period'][1].place()})的“{stated['period'][0]}”不同。",
                    )
                else:
                    stated.setdefault("period", (period, text_col.header.at))
        if "period" not in stated and "title" in stated:
            m = PERIOD_IN_TEXT.search(stated["title"][0])
            if m is not None and PERIOD.fullmatch(period := DASHES.sub("-", m[0])):
                stated["period"] = (period, stated["title"][1])
        report: dict[str, tuple[str, At | None]] = {}
        old = replaced_metadata(root, self.path)
        for key in OPTION:
            given = getattr(options, key)
            if given is not None:
                given = given.strip()
                if key == "period":
                    given = DASHES.sub("-", narrow(given))
                if key == "period" and "period" in stated and stated["period"][0] != given:
                    self.fail(
                        stated["period"][1],
                        f"--period {given} 与表中的时段“{stated['period'][0]}”不同。请核对是哪个时段的报告。",
                    )
                report[key] = (given, At(OPTION[key]))
            elif key in stated:
                report[key] = stated[key]
            elif old.get(key):
                report[key] = (old[key], kept)
        self.missing = []
        for key in ("title", "period", "as_of", "published", "publisher", "source_name"):
            if key not in report:
                self.missing.append(key)
                self.fail(
                    At(OPTION[key]),
                    f"缺少{FIELD_NAME[key]}:请用 {OPTION[key]} 给出,例如 {OPTION[key]} {EXAMPLE[key]}。",
                )
        if "source_url" not in report and "doc_no" not in report:
            self.missing.append("doc_no")
            self.fail(
                At("--source-url"),
                "缺少报告的出处:请用 --source-url 给出报告的网址,或用 --doc-no 给出它的文号,或两者都给。",
            )
        self.comments = leading_comments(root, self.path)
        return report

    def placeholders(self, report: dict) -> dict | None:
        """Stand-ins for the missing metadata, so that the validator reports only what was given."""
        if not self.missing:
            return None
        year = self.ed.year
        fill: dict[str, tuple[str, None]] = {}
        period = report.get("period", (None,))[0]
        as_of = report.get("as_of", (None,))[0]
        if period is None:
            month = int(as_of[5:7]) if as_of and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", as_of) else 12
            period = "全年" if month == 12 else f"1-{month}月"
            fill["period"] = (period, None)
        if as_of is None:
            months = MONTHS.fullmatch(period)
            month = int(months[2]) if months else validate.PERIOD_ENDS.get(period, 12)
            as_of = date(year, month, calendar.monthrange(year, month)[1]).isoformat()
            fill["as_of"] = (as_of, None)
        if "published" not in report:
            fill["published"] = (max(as_of, self.ed.document.published.isoformat()), None)
        for key, stand_in in (("title", "标题"), ("publisher", "发布机关"), ("source_name", "出处")):
            if key not in report:
                fill[key] = (stand_in, None)
        if "source_url" not in report and "doc_no" not in report:
            fill["doc_no"] = ("文号", None)
        return fill

    # -- the rows

    def entries(self, layout: Layout) -> None:
        if not layout.complete:
            return
        section = None
        last_no = ""  # the 序号 of the row above
        for row in layout.table.rows[layout.first_data_row :]:
            texts = [c.text.strip() for c in row]
            if not any(texts):
                continue
            no_col = layout.get("no")
            no_cell = row[no_col.col] if no_col and no_col.col < len(row) else row[0]
            first = next(t for t in texts if t)
            distinct = {c.at for c, t in zip(row, texts, strict=True) if t}
            if squeeze(first) in TOTAL:
                self.note(no_cell.at, f"“{first}”行没有导入:进展通报只记每一行自己的完成数,合计由网站计算。")
                continue
            if len(distinct) == 1 and (m := ORDINAL.match(first)) is not None:  # a section heading across the row
                section = chinese_number(m[1])
                if layout.kind == "tasks":
                    self.check_section(no_cell.at, first, section)
                continue
            if len(distinct) == 1 and re.match(r"(注|说明|备注)\s*[:\uff1a0-9一]", first):
                self.note(no_cell.at, f"表下的说明“{first}”没有导入。")
                continue
            raw_no = no_cell.text.strip()
            if not raw_no and layout.kind == "livelihood" and (carried := self.carried(layout, row, last_no)):
                raw_no = carried  # a CSV keeps a merged 序号 in its first row only: the rows below continue it
                self.note(no_cell.at, f"序号是空的,按上一行的项目(序号“{carried}”)的又一个指标读取。")
            no = narrow(raw_no).rstrip(".、")
            if not raw_no:
                self.fail(no_cell.at, "这一行有内容,序号却是空的。每一行都要有序号。")
                continue
            if not NUMBER.fullmatch(no):
                what = "重点工作的任务序号" if layout.kind == "tasks" else "民生实事的项目序号"
                date_hint = (
                    "是不是 Excel 把输入的序号当成了日期?请把这一列设为“文本”格式后重新输入。"
                    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw_no)
                    else ""
                )
                self.fail(no_cell.at, f"序号“{raw_no}”不是数字,应当是{self.ed.year}年版{what}。{date_hint}")
                continue
            if no != raw_no:
                self.note(no_cell.at, f"序号“{raw_no}”按“{no}”读取。")
            no = last_no = str(int(no))
            if layout.kind == "tasks":
                self.task_row(layout, row, no_cell, no, section)
            else:
                self.livelihood_row(layout, row, no_cell, int(no))

    def carried(self, layout: Layout, row: list[Cell], above: str) -> str | None:
        """The 序号 of the row above, when this row names only another indicator: its 序号 and 项目名称 empty."""
        item, indicator = self.cell(layout, row, "item"), self.cell(layout, row, "indicator")
        if not above or indicator is None or not indicator.text.strip() or (item is not None and item.text.strip()):
            return None
        return above

    def check_section(self, at: At, heading: str, no: int) -> None:
        sections = {s.no: s for s in self.ed.sections}
        if not sections:
            return  # a table with headings for an edition without sections: the headings are only headings
        section = sections.get(no)
        title = heading[heading.index("、") + 1 :].strip()
        if section is None:
            self.fail(at, f"部分标题“{heading}”:{self.ed.year}年版的重点工作只有{len(sections)}个部分。")
        elif squeeze(title) != squeeze(section.title):
            self.fail(
                at,
                f"部分标题“{heading}”与 data/{self.ed.year}/tasks.yaml 中第{no}部分的标题“{section.title}”不同。"
                "请核对部分的编号。",
            )

    def cell(self, layout: Layout, row: list[Cell], role: str) -> Cell | None:
        c = layout.get(role)
        if c is None:
            return None
        if c.col < len(row):
            return row[c.col]
        a = row[0].at  # a CSV line shorter than its header: the missing cell, at its place
        return Cell("", At(a.file, a.table, a.row, c.col + 1, a.kind, a.sheet))

    def task_row(self, layout: Layout, row: list[Cell], no_cell: Cell, no: str, section: int | None) -> None:
        per_section = any(t.section is not None and "-" in t.ref for t in self.ed.tasks)
        if per_section and section is None:
            self.fail(
                no_cell.at,
                "这一版的重点工作按部分编号(如第二部分第5项),表中这一行之前却没有“一、…”这样的部分标题行。",
            )
            return
        ref = f"{section}-{no}" if per_section else no
        record = f"第{section}部分第{no}项任务" if per_section else f"第{no}项任务"
        task = next((t for t in self.ed.tasks if t.ref == ref), None)
        text_cell = self.cell(layout, row, "text")
        task_cell = self.cell(layout, row, "task")
        if task is not None and task_cell is not None:
            self.check_task_text(record, task, task_cell)
        for role in ("units", "leads"):
            units_cell = self.cell(layout, row, role)
            if task is not None and units_cell is not None:
                self.check_units(record, task, units_cell, role)
        status, status_at = self.status(layout, row, record)
        entry = {"task": (ref, no_cell.at), "status": (status, status_at)}
        text = self.verbatim(text_cell, record, "完成情况") if text_cell else None
        if text is None:
            return  # reported: an entry without its text is not written, so that the validator says it once
        entry["text"] = (text, text_cell.at)
        self.task_entries.append(entry)

    def check_task_text(self, record: str, task: Task, cell: Cell) -> None:
        given = comparable(cell.text)
        if not given or given == comparable(task.text):
            return
        same = [t for t in self.ed.tasks if comparable(t.text) == given]
        if not same:
            close = difflib.get_close_matches(given, {comparable(t.text): t for t in self.ed.tasks}, n=1, cutoff=0.6)
            same = [t for t in self.ed.tasks if close and comparable(t.text) == close[0]]
        hint = f"是不是{task_name(same[0])}?" if same and same[0] is not task else "请核对序号和任务内容。"
        self.fail(
            cell.at,
            f"{record}的主要工作任务“{cell.text.strip()}”与 data/{self.ed.year}/tasks.yaml 中{task_name(task)}的"
            f"“{task.text}”不同:这一行说的是另一项任务吗?{hint}",
        )

    def check_units(self, record: str, task: Task, cell: Cell, role: str) -> None:
        written = [u for u in (squeeze_unit(x) for x in SPLIT_UNITS.split(cell.text)) if u]
        if not written:
            return
        expected = [u.name for u in (task.units if role == "units" else task.leads)]
        what = "责任单位" if role == "units" else "牵头单位"
        unknown = [u for u in written if u not in self.unit_names]
        for u in unknown:
            close = difflib.get_close_matches(u, self.unit_names, n=2, cutoff=0.5)
            hint = f"是不是{'或'.join(f'“{c}”' for c in close)}?" if close else ""
            self.fail(cell.at, f"{record}的{what}“{u}”不在 data/units.yaml 中。{hint}")
        if unknown:
            return
        raw = [x.strip().strip("★☆*").strip() for x in SPLIT_UNITS.split(cell.text) if x.strip()]
        for r, u in zip(raw, written, strict=False):
            if r != u:
                self.note(cell.at, f"{what}“{r}”按“{u}”读取(全角括号、空格已改为 data/units.yaml 的写法)。")
        if sorted(written) != sorted(expected):
            self.fail(
                cell.at,
                f"{record}的{what}是“{'、'.join(written)}”,data/{self.ed.year}/tasks.yaml 中{task_name(task)}的{what}"
                f"是“{'、'.join(expected)}”:这一行说的是另一项任务吗?请核对序号。",
            )

    def status(self, layout: Layout, row: list[Cell], record: str) -> tuple[str, At | None]:
        c = self.cell(layout, row, "status")
        if c is None:
            return UNSTATED, None
        text = c.text.strip()
        if not text:
            self.note(c.at, f"{record}的进展状态是空的,写作“{UNSTATED}”。")
            return UNSTATED, c.at
        squeezed = squeeze(text)
        if squeezed != c.text:
            self.note(c.at, f"{record}的进展状态“{c.text}”按“{squeezed}”读取(去掉了空格)。")
        return squeezed, c.at

    def verbatim(self, c: Cell, record: str, what: str) -> str | None:
        """A cell of the report's own words: as written, its line breaks joined (a data value is one line)."""
        lines = [line.strip() for line in c.text.splitlines() if line.strip()]
        if not lines:
            self.fail(c.at, f"{record}的{what}是空的。进展通报要写明报告原文对它说了什么。")
            return None
        text = lines[0]
        for line in lines[1:]:
            text += " " + line if text[-1:].isascii() and text[-1:].isalnum() and line[:1].isascii() else line
        if len(lines) > 1:
            self.note(c.at, f"{record}的{what}在单元格中分了{len(lines)}行,已连成一行(数据文件中每个值写在一行)。")
        elif text != c.text:
            self.note(c.at, f"{record}的{what}首尾的空格已去掉。")
        return text

    def livelihood_row(self, layout: Layout, row: list[Cell], no_cell: Cell, no: int) -> None:
        item = next((i for i in self.ed.items if i.no == no), None)
        if item is None:
            nos = f"1–{len(self.ed.items)}" if self.ed.items else "这一版没有民生实事表"
            self.fail(no_cell.at, f"序号“{no}”不是{self.ed.year}年版民生实事的项目序号({nos})。")
            return
        item_cell = self.cell(layout, row, "item")
        if item_cell is not None and item_cell.text.strip():
            given = comparable(item_cell.text)
            if given not in (comparable(item.text), comparable(item.category.name)):
                same = [i for i in self.ed.items if given in (comparable(i.text), comparable(i.category.name))]
                hint = f"是不是民生实事第{same[0].no}项?" if same else "请核对序号。"
                self.fail(
                    item_cell.at,
                    f"民生实事第{no}项的项目名称“{item_cell.text.strip()}”与 data/{self.ed.year}/livelihood.yaml 中"
                    f"第{no}项的“{item.text}”(分类“{item.category.name}”)不同。{hint}",
                )
                return
        ind = self.indicator(layout, row, item)
        if ind is None:
            return
        record = f"民生实事第{no}项第{ind.row}行" + (f"({ind.name})" if ind.name else "")
        target_cell = self.cell(layout, row, "target")
        if target_cell is not None and target_cell.text.strip():
            given = figure(target_cell.text)
            if given != ind.target.text:
                self.fail(
                    target_cell.at,
                    f"{record}的全市目标“{target_cell.text.strip()}”与 data/{self.ed.year}/livelihood.yaml 中的"
                    f"“{ind.target.text}”不同:这一行说的是另一个指标吗?请核对序号和指标。",
                )
        status, status_at = self.status(layout, row, record)
        entry: dict = {"row": (str(ind.row), no_cell.at), "status": (status, status_at)}
        completed = self.cell(layout, row, "completed")
        if completed is not None:
            value = figure(completed.text)
            if not value:
                self.fail(completed.at, f"{record}的全市完成是空的。报告没有给出数字时,请填“/”。")
            else:
                if value != completed.text:
                    self.note(completed.at, f"{record}的全市完成“{completed.text}”按“{value}”读取。")
                entry["completed"] = (value, completed.at)
        breakdown, empty = [], []
        for col in (c for c in layout.columns if c.role == "area"):
            c = row[col.col] if col.col < len(row) else None
            if c is None or not c.text.strip():
                empty.append((col.area, c.at if c else no_cell.at))
                continue
            value = figure(c.text)
            if value != c.text:
                self.note(c.at, f"{record}在“{col.area}”的完成数“{c.text}”按“{value}”读取。")
            breakdown.append((col.area, value, c.at))
        areas = [a for a in layout.columns if a.role == "area"]
        if ind.cells and empty and len(empty) == len(areas):
            self.note(empty[0][1], f"{record}的各地区列都是空的:报告只给出了全市完成数,不写分地区的完成数。")
        elif ind.cells and empty:
            names = "、".join(a for a, _ in empty)
            these = "这个地区" if len(empty) == 1 else "这些地区"
            self.note(empty[0][1], f"{record}在“{names}”列是空的:报告没有给出{these}的数字,不写入。")
        if not ind.cells:
            figures = [(a, v, at) for a, v, at in breakdown if v != "/"]
            for a, v, at in figures:
                self.fail(
                    at,
                    f"{record}只有全市目标,没有分地区的目标,“{a}”一列却填了“{v}”。"
                    "这一行的各地区列应当是空的或“/”;是不是填到了别的行?",
                )
            breakdown = []
        order = [a.name for a in self.ed.document.area_columns]
        breakdown.sort(key=lambda b: order.index(b[0]) if b[0] in order else len(order))
        if breakdown:
            entry["breakdown"] = breakdown
        text_cell = self.cell(layout, row, "text")
        if text_cell is not None and text_cell.text.strip():
            text = self.verbatim(text_cell, record, "完成情况")
            if text is not None:
                entry["text"] = (text, text_cell.at)
        if "completed" in entry:  # else reported above: not written, so that the validator says it once
            self.row_entries.append(entry)

    def indicator(self, layout: Layout, row: list[Cell], item: Item) -> Indicator | None:
        c = self.cell(layout, row, "indicator")
        given = squeeze(c.text) if c is not None else ""
        named = [i for i in item.indicators if i.name is not None and squeeze(i.name) == given]
        if named:
            return named[0]
        if not given and len(item.indicators) == 1:
            return item.indicators[0]
        names = [i.name or f"第{i.row}行" for i in item.indicators]
        at = c.at if c is not None else row[0].at
        if not given:
            self.fail(
                at,
                f"民生实事第{item.no}项有{len(names)}行指标({'、'.join(names)}),这一行没有写是哪一个。"
                "请在“指标”列写上指标名称。",
            )
            return None
        close = difflib.get_close_matches(given, [n for n in names], n=1, cutoff=0.4)
        hint = f"是不是“{close[0]}”?" if close else ""
        self.fail(
            at,
            f"民生实事第{item.no}项没有指标“{c.text.strip()}”。"  # type: ignore[union-attr]
            f"data/{self.ed.year}/livelihood.yaml 中它的指标是:{'、'.join(names)}。{hint}",
        )
        return None

    # -- the file

    def emit(self, report: dict) -> tuple[str, dict[int, At]]:
        w = Writer()
        title = report.get("title", ("进展通报",))[0]
        for line in self.comments or [
            f"# {title}",
            f"# 由 build.py import 从 {self.file()} 导入。字段说明见 data/README.md。",
        ]:
            w.line(0, line)
        for key in ("title", "period", "as_of", "published", "publisher"):
            if key in report:
                value, at = report[key]
                w.key(0, key, value, at)
        w.key(0, "source")
        for key, yaml_key in (("source_name", "name"), ("doc_no", "doc_no"), ("source_url", "url")):
            if key in report:
                value, at = report[key]
                w.key(2, yaml_key, value, at)
        if "summary" in report:
            value, at = report["summary"]
            w.key(0, "summary", value, at)
        if self.task_entries:
            w.key(0, "tasks")
            for e in self.task_entries:
                self.entry(w, e, ("task", "status", "text"))
        if self.row_entries:
            w.key(0, "livelihood")
            for e in self.row_entries:
                self.entry(w, e, ("row", "status", "completed", "breakdown", "text"))
        return w.text(), w.sources

    def entry(self, w: Writer, e: dict, keys: tuple[str, ...]) -> None:
        first = True
        for key in keys:
            if key not in e:
                continue
            if key == "breakdown":
                w.key(4, "breakdown", None, e[key][0][2])
                for area, value, at in e[key]:
                    w.key(6, area, value, at)
                continue
            value, at = e[key]
            w.key(2 if first else 4, key, value, at, item=first)
            first = False

    def file(self) -> str:
        return next((e["task"][1].file for e in self.task_entries), None) or next(
            (e["row"][1].file for e in self.row_entries), "表格"
        )


HAN_ONLY_SPACES = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")


def replaced_metadata(root: Path, path: str) -> dict[str, str]:
    """What the report file being replaced says of the report (its title, dates, source), as written: read
    leniently, since the file may be the one with mistakes; the validator checks what is written again."""
    try:
        raw = load.parse_yaml(inputs.read_bytes(root, path).decode("utf-8-sig"), path, text_rules=False)
    except (DataError, OSError, UnicodeDecodeError):
        return {}
    if not isinstance(raw, dict):
        return {}
    source = raw.get("source") if isinstance(raw.get("source"), dict) else {}
    found = {key: raw.get(key) for key in ("title", "period", "as_of", "published", "publisher", "summary")}
    found |= {"source_name": source.get("name"), "source_url": source.get("url"), "doc_no": source.get("doc_no")}
    return {key: str(value) for key, value in found.items() if isinstance(value, str) and value.strip()}


def leading_comments(root: Path, path: str) -> list[str]:
    """The `#` lines a report file opens with, kept when it is replaced."""
    lines = []
    try:
        text = inputs.read_bytes(root, path).decode("utf-8-sig")
    except (DataError, OSError, UnicodeDecodeError):
        return []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def comparable(text: str) -> str:
    """A task's or item's text for comparing with the data: no whitespace, ASCII brackets, no final 。;,"""
    return squeeze(text).rstrip("。;\uff1b,\uff0c")


def squeeze_unit(text: str) -> str:
    return squeeze(text).strip("★☆*")


def figure(text: str) -> str:
    """A figure as the data writes it: no surrounding or inner spaces, full-width digits and point made ASCII."""
    return squeeze(text)


def task_name(task: Task) -> str:
    if task.section is not None and "-" in task.ref:
        return f"第{task.section.no}部分第{task.no}项"
    return f"第{task.no}项"


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23."""
    digits = "一二三四五六七八九"
    if "十" not in text:
        return digits.index(text) + 1
    tens, _, ones = text.partition("十")
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)
