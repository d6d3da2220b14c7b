"""The 责任分解 notice: its two tables read into tasks.yaml, livelihood.yaml and document.yaml, and an edition
written back as the document's blocks (title, 文号, 附件1 the key-tasks table, 附件2 the livelihood table).

Reading works on Tables from any file (word.read, excel.read): each table is told by its header (序号 |
主要工作任务 | 责任单位; 序号 | 事项分类 | 事项名称 | 任务分解 | 全市目标任务 | the areas | 牵头单位), the rows above a
header and the paragraphs between tables hold the title, 文号, the tables' titles and the note 注:…. What the file
does not state is kept from the edition's existing files: document.yaml's other fields and comments, and the
comments heading tasks.yaml and livelihood.yaml (written afresh, from the document's fields, only for a new file).

The columns the government's table does not have but the data does (an indicator's label and unit, a record's
withdrawal) are written by export as extra columns marked 本站补充, and read back from them; a file without them
imports without them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from disclosure.errors import DataError
from disclosure.office.check import Output
from disclosure.office.emit import Writer, scalar
from disclosure.office.table import At, Cell, Grid, ImportFailed, ImportProblem, Paragraph, Table
from disclosure.source import load

DIGITS = "零一二三四五六七八九"
SEPARATORS = re.compile(r"(、|,|,|;|;|\n)")
DOC_NO = re.compile(r"〔\d{4}〕\d+号$")
ANNEX = re.compile(r"^附件\s*\d*$")
ORDINAL = re.compile(r"^([一二三四五六七八九十百]+)、(.+)$", re.S)
NOTE = re.compile(r"^注\s*[::]\s*")
EXPLANATION = "本站说明:"  # export's own paragraphs under a table: not the document's, never read back

# The extra columns (not in the government's table), as export writes their headers.
LABEL, UNIT, WITHDRAWN, ITEM_WITHDRAWN = (
    "指标简称(本站补充)",
    "计量单位(本站补充)",
    "撤销(本站补充)",
    "事项撤销(本站补充)",
)
TASK_HEADERS = {"序号": "no", "主要工作任务": "text", "责任单位": "units", WITHDRAWN: "withdrawn"}
ITEM_HEADERS = {
    "序号": "no",
    "事项分类": "category",
    "事项名称": "text",
    "任务分解": "name",
    "全市目标任务": "target",
    "牵头单位": "lead",
    LABEL: "label",
    UNIT: "unit",
    WITHDRAWN: "withdrawn",
    ITEM_WITHDRAWN: "item_withdrawn",
}
# The document.yaml fields an import takes from the file, in the order of fields.DOCUMENT.
DOCUMENT_ORDER = (
    "year",
    "title",
    "doc_no",
    "index_no",
    "issuer",
    "signed_by",
    "written",
    "published",
    "disclosure",
    "source_file",
    "source_url",
    "tasks_title",
    "tasks_note",
    "lead_rule",
    "livelihood_title",
    "area_columns",
    "inferred_columns",
    "inference_note",
    "example",
)
AREA_COLUMNS_COMMENT = "# 民生实事项目表的地区列,按原表从左到右的顺序。"


def ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (the document's section and category ordinals)."""
    tens, ones = divmod(n, 10)
    if n >= 100 or n < 1:
        return str(n)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def ordinal_value(text: str) -> int | None:
    values = {ordinal(n): n for n in range(1, 100)}
    return values.get(text)


def squeeze(text: str) -> str:
    """A header or name as compared: without any space or line break (主 要 工 作 任 务 → 主要工作任务), each
    look-alike character as its plain form (NFKC: a full-width bracket as the data's bracket)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def joined(text: str) -> str:
    """A cell's text as one line: the lines of a text Word or Excel broke are joined without a space (Chinese)."""
    return "".join(line.strip() for line in text.split("\n"))


def suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    return "是不是" + "或".join(f"“{c}”" for c in close) + "?" if close else ""


@dataclass
class Registry:
    """The names a cell may hold: units.yaml names; areas.yaml names, and their full names standing for them."""

    units: list[str]
    areas: dict[str, str]  # name or full_name → name

    @classmethod
    def read(cls, root: Path) -> Registry:
        units = load.load_yaml(root / "data/units.yaml", root)
        areas = load.load_yaml(root / "data/areas.yaml", root)
        names: dict[str, str] = {}
        for a in areas if isinstance(areas, list) else []:
            if isinstance(a, dict) and isinstance(a.get("name"), str):
                names.setdefault(str(a["name"]), str(a["name"]))
        for a in areas if isinstance(areas, list) else []:
            if isinstance(a, dict) and isinstance(a.get("name"), str) and isinstance(a.get("full_name"), str):
                names.setdefault(str(a["full_name"]), str(a["name"]))
        listed = [str(u["name"]) for u in units if isinstance(u, dict) and isinstance(u.get("name"), str)]
        return cls(listed, names)


def normal_form(value: str, names: list[str]) -> str | None:
    """The one listed name value stands for once spaces are dropped and look-alikes unified, if exactly one."""
    found = {n for n in names if squeeze(n) == squeeze(value)}
    return found.pop() if len(found) == 1 else None


@dataclass
class Reader:
    """One import: what it found, every problem, and the notices (a name normalised) it prints."""

    root: Path
    year: int
    name: str  # the file, as messages name it
    registry: Registry
    problems: list[ImportProblem] = field(default_factory=list)
    notices: list[ImportProblem] = field(default_factory=list)
    stated: dict[str, tuple[str | list[str], At]] = field(default_factory=dict)  # document fields the file states
    star: bool = False
    replaced: list[str] = field(default_factory=list)  # document.yaml fields given a new value (not just added)

    def fail(self, at: At | str, message: str) -> None:
        self.problems.append(ImportProblem(at, message))

    # --- names -----------------------------------------------------------------------------------------

    def unit(self, value: str, cell: Cell, record: str, what: str) -> str:
        """A unit's name as listed (★ kept in front), normalised when unambiguous and then noticed."""
        star = "★" if value.startswith("★") else ""
        bare = value.removeprefix("★").strip()
        if bare in self.registry.units:
            return star + bare
        if (listed := normal_form(bare, self.registry.units)) is not None:
            self.notices.append(
                ImportProblem(
                    cell.at,
                    f"{record}的{what}写作“{bare}”,按 data/units.yaml 中的“{listed}”导入"
                    "(两者只差空格或全角、半角字符)。",
                )
            )
            return star + listed
        return star + bare  # not listed: the validator says so, with its closest names

    def units(self, cell: Cell, record: str) -> list[str]:
        """The names of a 责任单位 cell, split at 、 , ; and line breaks, except where a listed name holds one."""
        parts = SEPARATORS.split(cell.text)
        names: list[str] = []
        i = 0
        while i < len(parts):
            longest = i
            for j in range(i + 2, len(parts), 2):  # parts[i..j] with the separators between them
                candidate = "".join(p for p in parts[i : j + 1] if p != "\n")  # a name wrapped over two lines
                if candidate.strip().removeprefix("★").strip() in self.registry.units:
                    longest = j
            piece = "".join(p for p in parts[i : longest + 1] if p != "\n").strip()
            if piece:
                names.append(self.unit(re.sub(r"^★\s+", "★", piece), cell, record, "责任单位"))
            i = longest + 2
        return names

    def area(self, cell: Cell, header: str) -> str | None:
        if not header:
            self.fail(
                cell.at,
                "民生实事项目表这一列的表头是空的,应当是地区的名称(data/areas.yaml 中的名称或全称)。请补上表头。",
            )
            return None
        if header in self.registry.areas:
            return self.registry.areas[header]
        if (listed := normal_form(header, list(self.registry.areas))) is not None:
            area = self.registry.areas[listed]
            self.notices.append(
                ImportProblem(
                    cell.at,
                    f"表头写作“{header}”,按 data/areas.yaml 中的“{listed}”导入(两者只差空格或全角、半角字符)。",
                )
            )
            return area
        self.fail(
            cell.at,
            f"表头“{header}”既不是民生实事项目表的列(序号、事项分类、事项名称、任务分解、全市目标任务、牵头单位),"
            f"也不是 data/areas.yaml 中的地区名称或全称。{suggest(header, [*ITEM_HEADERS, *self.registry.areas])}",
        )
        return None

    def withdrawal(self, cell: Cell, record: str) -> dict[str, str] | None:
        """A 撤销(本站补充) cell: empty, or the day on its first line and the reason after it."""
        if not cell.text:
            return None
        day, _, reason = cell.text.partition("\n")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.strip()) or not reason.strip():
            self.fail(
                cell.at,
                f"{record}的撤销(本站补充)写作“{cell.text}”,应当是第一行撤销日期(如 2024-06-30)、第二行撤销理由。",
            )
            return None
        return {"date": day.strip(), "reason": joined(reason)}


# --- finding the tables ------------------------------------------------------------------------------------


def header_row(table: Table) -> int | None:
    """The 0-based row holding 序号, among the first rows (the ones above it are paragraphs written as rows)."""
    for r, row in enumerate(table.rows[:12]):
        if any(squeeze(c.text) == "序号" for c in row):
            return r
    return None


def kind_of(table: Table, r: int) -> str:
    heads = {squeeze(c.text) for c in table.rows[r]}
    if heads & {"事项分类", "事项名称", "任务分解"}:
        return "livelihood"
    if any("工作任务" in h or "责任单位" in h for h in heads):
        return "tasks"
    return ""


def same_header(one: tuple[Table, int], other: tuple[Table, int]) -> bool:
    (a, r), (b, q) = one, other
    return [squeeze(t) for t in row_texts(a.rows[r])] == [squeeze(t) for t in row_texts(b.rows[q])]


def row_texts(row: list[Cell]) -> list[str]:
    """The distinct texts of a row, left to right (a merged cell once)."""
    seen: list[str] = []
    for c in row:
        if c.text and c.text not in seen:
            seen.append(c.text)
    return seen


@dataclass
class Notice:
    """What an import of the notice writes, and which existing files it only adds to (written without force)."""

    outputs: list[Output]
    amended: frozenset[str]


def read_notice(
    root: Path,
    year: int,
    name: str,
    tables: list[Table],
    notices: list[ImportProblem],
    registry: Registry | None = None,
) -> Notice:
    """The outputs an import of the notice's tables writes; ImportFailed with every problem found in the tables
    (the validator's are found later, by check.validate_outputs). notices gets what was read with a name
    normalised or a row left out, for printing even when the import fails. document.yaml counts as amended
    when the import only adds fields to it, or writes the values it already has. registry: the project's
    names, if the caller has read them already (else read here, DataError if they cannot be)."""
    reader = Reader(root, year, name, registry or Registry.read(root), notices=notices)
    found: dict[str, tuple[Table, int]] = {}
    paragraphs: list[tuple[str, list[str]]] = []  # (what follows: tasks, livelihood or end, the paragraphs before)
    pending: list[str] = []
    for table in tables:
        if table.hidden:
            reader.notices.append(ImportProblem(table.at, "这张工作表是隐藏的,没有读取。"))
            continue
        pending.extend(table.before)
        r = header_row(table)
        kind = kind_of(table, r) if r is not None else ""
        if not kind:
            last = found[paragraphs[-1][0]][0] if paragraphs else None
            width = {len(row) for row in table.rows}
            if last is not None and not pending and width == {len(last.rows[0])}:
                last.rows.extend(table.rows)  # the same table, split in two (at a page break): read on
                reader.notices.append(
                    ImportProblem(table.at, f"这张表没有表头,列数与上一张表相同,作为{last.at.place()}的续表导入。")
                )
            elif any(row_texts(row) for row in table.rows):
                reader.notices.append(
                    ImportProblem(
                        table.at, "这张表不是重点工作表(序号、主要工作任务、责任单位)或民生实事项目表,没有导入。"
                    )
                )
            continue
        if kind in found and paragraphs[-1][0] == kind and not pending and same_header(found[kind], (table, r)):
            found[kind][0].rows.extend(table.rows)  # split at a page break, its header repeated: read on
            reader.notices.append(
                ImportProblem(table.at, f"这张表的表头与上一张表相同,作为{found[kind][0].at.place()}的续表导入。")
            )
            continue
        if kind in found:
            which = "重点工作" if kind == "tasks" else "民生实事项目"
            reader.fail(
                table.at,
                f"文件里有两张{which}表(另一张是{found[kind][0].at.place()}),应当只有一张。请删去多余的一张后再导入。",
            )
            continue
        assert r is not None
        pending.extend(t for row in table.rows[:r] for t in row_texts(row))
        paragraphs.append((kind, pending))
        pending = list(table.after)
        found[kind] = (table, r)
    paragraphs.append(("end", pending))
    if "tasks" not in found:
        reader.fail(
            At(name),
            "文件里没有找到重点工作责任分解表:应当有一张表头为“序号”“主要工作任务”“责任单位”的表。",
        )
        raise ImportFailed(reader.problems)
    read_paragraphs(reader, paragraphs, At(name))
    for key in ("title", "tasks_title", "livelihood_title"):
        stated = str(reader.stated.get(key, ("", None))[0])
        years = set(re.findall(r"(\d{4})年", stated))
        if years and str(year) not in years:
            reader.fail(
                At(name),
                f"文件中的标题“{stated}”是{'、'.join(sorted(years))}年的,而导入的是 --edition {year}。"
                f"是不是 --edition {min(years)}?",
            )
            break
    tasks = read_tasks(reader, *found["tasks"])
    livelihood = read_livelihood(reader, *found["livelihood"]) if "livelihood" in found else None
    if reader.problems:
        raise ImportFailed(reader.problems)
    outputs = [tasks]
    if livelihood is not None:
        outputs.append(livelihood)
    document = document_output(reader, livelihood is not None)
    outputs.append(document)
    if reader.problems:
        raise ImportFailed(reader.problems)
    return Notice(outputs, frozenset() if reader.replaced else frozenset({document.path}))


def read_paragraphs(reader: Reader, paragraphs: list[tuple[str, list[str]]], at: At) -> None:
    """The title and 文号 from before the first table (the title: the paragraph 关于…通知, else the first one),
    each table's title from just before it, the task table's note 注:… from after it."""
    for index, (kind, lines) in enumerate(paragraphs):
        own = [p for p in lines if not ANNEX.match(p) and not NOTE.match(p) and not p.startswith(EXPLANATION)]
        if index == 0:
            numbers = [p for p in own if DOC_NO.search(p)]
            if numbers:
                reader.stated["doc_no"] = (numbers[0], at)
            own = [p for p in own if not DOC_NO.search(p)]
            heading = [p for p in own[:-1] if "关于" in p and p.endswith("通知")] or own[:-1][:1]
            if heading:
                reader.stated["title"] = (heading[0], at)
        if kind in ("tasks", "livelihood") and own:
            reader.stated[f"{kind}_title"] = (own[-1], at)
        if index > 0 and paragraphs[index - 1][0] == "tasks":
            for p in lines:
                if NOTE.match(p):
                    reader.stated.setdefault("tasks_note", (NOTE.sub("", p), at))


# --- the key-tasks table -------------------------------------------------------------------------------------


def columns(reader: Reader, table: Table, r: int, known: dict[str, str], what: str) -> dict[str, int]:
    """Each known column's 0-based index in the header row; an unknown header or a missing column reported."""
    index: dict[str, int] = {}
    seen: set[int] = set()
    for c, cell in enumerate(table.rows[r]):
        if id(cell) in seen:
            continue
        seen.add(id(cell))
        head = squeeze(cell.text)
        key = known.get(head) or next((v for k, v in known.items() if head.startswith(k)), None)
        if key is None:
            reader.fail(
                cell.at,
                f"表头“{cell.text}”不是{what}的列({'、'.join(k for k in known)})。{suggest(head, list(known))}",
            )
        elif key in index:
            reader.fail(cell.at, f"表头“{cell.text}”的列出现了两次,应当只有一列。")
        else:
            index[key] = c
    return index


def read_tasks(reader: Reader, table: Table, r: int) -> Output:
    before = len(reader.problems)
    cols = columns(reader, table, r, TASK_HEADERS, "重点工作表")
    unknown = len(reader.problems)
    for needed in ("no", "text", "units"):
        if needed not in cols and unknown == before:  # an unknown header (a typo) already says what it should be
            head = next(k for k, v in TASK_HEADERS.items() if v == needed)
            reader.fail(
                replace(table.at, row=r + 1), f"重点工作表没有“{head}”列。表头应当是:序号、主要工作任务、责任单位。"
            )
    if any(needed not in cols for needed in ("no", "text", "units")):
        return Output("", "")
    sections: list[dict] = []
    tasks: list[dict] = []
    header = [squeeze(t) for t in row_texts(table.rows[r])]
    for row in table.rows[r + 1 :]:
        texts = row_texts(row)
        if not texts:
            reader.notices.append(ImportProblem(row[0].at, "这一行是空行,没有导入。"))
            continue
        if [squeeze(t) for t in texts] == header:
            reader.notices.append(ImportProblem(row[0].at, "这一行重复了表头,没有导入。"))
            continue
        if len(texts) == 1 and NOTE.match(texts[0]):
            reader.stated.setdefault("tasks_note", (NOTE.sub("", texts[0]), row[0].at))
            continue
        no_cell = row[cols["no"]]
        if len(texts) == 1 and (m := ORDINAL.match(texts[0])) and not no_cell.text.isdigit():
            sections.append({"no": ordinal_value(m.group(1)), "title": joined(m.group(2)), "cell": row[0], "tasks": []})
            continue
        if not no_cell.text:
            reader.fail(
                no_cell.at, "这一行的序号是空的。请填上任务的序号;如果这一行是上一项任务的续行,请把它并入上一行。"
            )
            continue
        if not no_cell.text.isdigit():
            reader.fail(no_cell.at, f"序号“{no_cell.text}”不是数字。序号应当写作 1、2、3……")
            continue
        record = f"第{no_cell.text}项任务"
        if sections and restarts(table, r, cols["no"]):  # numbers restart in each section: the section names it
            record = f"第{ordinal(len(sections))}部分第{no_cell.text}项任务"
        task = {
            "no": no_cell,
            "text": row[cols["text"]],
            "units_cell": row[cols["units"]],
            "units": reader.units(row[cols["units"]], record),
        }
        if "withdrawn" in cols:
            task["withdrawn"] = reader.withdrawal(row[cols["withdrawn"]], record)
            task["withdrawn_cell"] = row[cols["withdrawn"]]
        if any(u.startswith("★") for u in task["units"]):
            reader.star = True
        if sections:
            sections[-1]["tasks"].append(task)
        else:
            tasks.append(task)
    if sections and tasks:
        reader.fail(
            tasks[0]["no"].at, "这项任务在第一个部分(如“一、……”)之前。分了部分的表,每项任务都应当在某个部分之下。"
        )
    if reader.star:
        reader.stated["lead_rule"] = ("star", table.at)
    else:
        reader.stated["lead_rule"] = ("first", table.at)
    w = Writer()
    existing = header_comment(reader.root, f"data/{reader.year}/tasks.yaml")
    w.comment(existing or generic_header(reader, "tasks_title"))
    w.blank()
    if not sections:
        for task in tasks:
            write_task(w, task, 0)
    else:
        restart = restarts(table, r, cols["no"])
        w.line(0, f"numbering: {'per-section' if restart else 'continuous'}", table.at)
        w.line(0, "sections:", table.at)
        for s in sections:
            number = "" if s["no"] is None else str(s["no"])
            w.line(2, f"- no: {scalar(number) if number else scalar(s['cell'].text)}", s["cell"].at)
            w.key(4, "title", s["title"], s["cell"].at)
            if not s["tasks"]:
                w.line(4, "tasks: []", s["cell"].at)
                continue
            w.key(4, "tasks", None, s["cell"].at)
            for task in s["tasks"]:
                write_task(w, task, 6)
    return Output(f"data/{reader.year}/tasks.yaml", w.text(), w.sources)


def restarts(table: Table, r: int, no: int) -> bool:
    """Whether the task table's numbers restart at 1 in each section after the first (per-section numbering)."""
    firsts: list[str] = []  # the first 序号 after each section row
    expecting = False
    for row in table.rows[r + 1 :]:
        texts = row_texts(row)
        if len(texts) == 1 and ORDINAL.match(texts[0]) and not row[no].text.isdigit():
            expecting = True
        elif expecting and row[no].text.isdigit():
            firsts.append(row[no].text)
            expecting = False
    return len(firsts) > 1 and all(first == "1" for first in firsts[1:])


def write_task(w: Writer, task: dict, indent: int) -> None:
    w.line(indent, f"- no: {scalar(task['no'].text)}", task["no"].at)
    w.key(indent + 2, "text", joined(task["text"].text), task["text"].at)
    if not task["units"]:
        w.line(indent + 2, "units: []", task["units_cell"].at)
    else:
        w.key(indent + 2, "units", None, task["units_cell"].at)
        for unit in task["units"]:
            w.item(indent + 4, unit, task["units_cell"].at)
    write_withdrawal(w, task.get("withdrawn"), task.get("withdrawn_cell"), indent + 2)


def write_withdrawal(w: Writer, withdrawn: dict | None, cell: Cell | None, indent: int) -> None:
    if withdrawn and cell is not None:
        w.key(indent, "withdrawn", None, cell.at)
        w.key(indent + 2, "date", withdrawn["date"], cell.at)
        w.key(indent + 2, "reason", withdrawn["reason"], cell.at)


def header_comment(root: Path, path: str) -> str | None:
    """The comment lines heading an existing data file (kept by an import), or None for a new file."""
    target = root / path
    if not target.is_file():
        return None
    lines = []
    for line in target.read_text("utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.removeprefix("# ").removeprefix("#"))
    return "\n".join(lines) if lines else None


def generic_header(reader: Reader, title_field: str) -> str:
    title = reader.stated.get(title_field, ("", None))[0] or existing_field(reader, title_field)
    doc_no = reader.stated.get("doc_no", ("", None))[0] or existing_field(reader, "doc_no")
    first = ",".join(str(p) for p in (title, doc_no) if p)
    return f"{first}。\n字段说明见 data/README.md。" if first else "字段说明见 data/README.md。"


def existing_field(reader: Reader, name: str) -> str:
    path = reader.root / f"data/{reader.year}/document.yaml"
    if not path.is_file():
        return ""
    try:
        value = load.load_yaml(path, reader.root)
    except DataError:
        return ""
    return str(value.get(name, "")) if isinstance(value, dict) else ""


# --- the livelihood table ------------------------------------------------------------------------------------


def read_livelihood(reader: Reader, table: Table, r: int) -> Output:
    first = table.rows[r]
    no_col = next(c for c, cell in enumerate(first) if squeeze(cell.text) == "序号")
    end = r + 1  # the header's rows: those whose 序号 is the header's own merged cell
    while end < len(table.rows) and (
        table.rows[end][no_col] is first[no_col] or squeeze(table.rows[end][no_col].text) == "序号"
    ):
        end += 1
    width = max(len(row) for row in table.rows[r:end])
    cols: dict[str, int] = {}
    areas: list[tuple[str, int, Cell]] = []
    seen: set[int] = set()
    before = len(reader.problems)
    for c in range(width):
        stack = [row[c] for row in table.rows[r:end] if c < len(row)]
        own = stack[-1]  # the column's own header is in the lowest header row; a group's header (任务分解) above it
        if not own.text:  # an empty cell under a group header starting at this column: the group's first column
            own = next(
                (h for h in reversed(stack) if h.text and h.at.col == c + 1 and squeeze(h.text) in ITEM_HEADERS), own
            )
        if id(own) in seen and own.text:
            continue
        seen.add(id(own))
        head = joined(own.text)
        key = ITEM_HEADERS.get(squeeze(head))
        if key is not None and key in cols:
            reader.fail(own.at, f"表头“{head}”的列出现了两次,应当只有一列。")
        elif key is not None:
            cols[key] = c
        else:
            area = reader.area(own, head)
            if area is not None:
                if any(a == area for a, _, _ in areas):
                    reader.fail(own.at, f"地区“{area}”的列出现了两次,应当只有一列。")
                areas.append((area, c, own))
    for key, head in (
        ("no", "序号"),
        ("category", "事项分类"),
        ("text", "事项名称"),
        ("target", "全市目标任务"),
        ("lead", "牵头单位"),
    ):
        if key not in cols and len(reader.problems) == before:  # else a header typo says what it should be
            reader.fail(
                table.at,
                f"民生实事项目表没有“{head}”列。表头应当有:序号、事项分类、事项名称、任务分解、全市目标任务、各地区、牵头单位。",
            )
    if not areas and "target" in cols:
        reader.fail(
            table.at, "民生实事项目表没有地区列:全市目标任务之后应当是各地区的列,表头是 data/areas.yaml 中的地区名称。"
        )
    if reader.problems:
        return Output("", "")
    reader.stated["area_columns"] = ([a for a, _, _ in areas], areas[0][2].at)

    categories: list[dict] = []
    items: list[dict] = []
    repeated = [[squeeze(c.text) for c in row] for row in table.rows[r:end]]
    for row in table.rows[end:]:
        texts = row_texts(row)
        if not texts:
            reader.notices.append(ImportProblem(row[0].at, "这一行是空行,没有导入。"))
            continue
        if [squeeze(c.text) for c in row] in repeated:
            reader.notices.append(ImportProblem(row[0].at, "这一行重复了表头,没有导入。"))
            continue
        if len(texts) == 1 and (NOTE.match(texts[0]) or texts[0].startswith(EXPLANATION)):
            continue
        no = row[cols["no"]]
        if not no.text:
            reader.fail(
                no.at,
                "这一行的序号是空的。如果这一行是上一项民生实事的又一行指标,请把序号、事项名称、牵头单位与上一行合并成一格;"
                "否则请填上序号。",
            )
            continue
        if not no.text.isdigit():
            reader.fail(no.at, f"序号“{no.text}”不是数字。序号应当写作 1、2、3……")
            continue
        item = items[-1] if items and items[-1]["no"] is no else None
        if item is None:
            if items and items[-1]["no"].text == no.text:
                item = items[-1]  # the same number written again instead of merged: the same item
            else:
                item = {"no": no, "rows": []}
                items.append(item)
        item["rows"].append(row)
    for item in items:
        record = f"民生实事第{item['no'].text}项"
        for key, what in (
            ("category", "事项分类"),
            ("text", "事项名称"),
            ("lead", "牵头单位"),
            ("item_withdrawn", "事项撤销"),
        ):
            if key not in cols:
                continue
            cells = [row[cols[key]] for row in item["rows"]]
            differ = next((c for c in cells if c.text != cells[0].text), None)
            if differ is not None:
                found = f"是“{differ.text}”" if differ.text else "是空的"
                reader.fail(
                    differ.at,
                    f"{record}的{what}在{cells[0].at.place()}是“{cells[0].text}”,在这一行却{found}:同一序号的各行"
                    f"应当是同一格。是不是合并单元格时{what}一列少合并了这一行?",
                )
            item[key] = cells[0]
        m = ORDINAL.match(item["category"].text)
        if not m or ordinal_value(m.group(1)) is None:
            reader.fail(
                item["category"].at,
                f"{record}的事项分类“{item['category'].text}”应当以序数开头,写作“一、普惠托育项目”。",
            )
            continue
        number, title = ordinal_value(m.group(1)), joined(m.group(2))
        known = next((c for c in categories if c["no"] == number), None)
        if known is None:
            categories.append({"no": number, "name": title, "cell": item["category"]})
        elif known["name"] != title:
            reader.fail(
                item["category"].at,
                f"{record}的事项分类“{item['category'].text}”与{known['cell'].at.place()}的“{ordinal(number)}、{known['name']}”"
                "序数相同而名称不同。",
            )
        item["category_no"] = number
        item["lead_name"] = reader.unit(joined(item["lead"].text), item["lead"], record, "牵头单位")
        item["indicators"] = []
        for line, row in enumerate(item["rows"], start=1):
            indicator: dict = {"row": row}
            for key in ("name", "label", "unit"):
                if key in cols and row[cols[key]].text:
                    indicator[key] = row[cols[key]]
            indicator["target"] = row[cols["target"]]
            given = [(a, row[c]) for a, c, _ in areas if c < len(row)]
            if any(cell.text for _, cell in given):
                indicator["breakdown"] = given
            if "withdrawn" in cols:
                indicator["withdrawn_cell"] = row[cols["withdrawn"]]
                indicator["withdrawn"] = reader.withdrawal(row[cols["withdrawn"]], f"{record}第{line}行")
            item["indicators"].append(indicator)
        if "item_withdrawn" in cols:
            item["withdrawn"] = reader.withdrawal(item["item_withdrawn"], record)
    if reader.problems:
        return Output("", "")
    w = Writer()
    existing = header_comment(reader.root, f"data/{reader.year}/livelihood.yaml")
    w.comment(existing or generic_header(reader, "livelihood_title"))
    w.blank()
    w.line(0, "categories:", table.at)
    for c in sorted(categories, key=lambda c: c["no"]):  # numbered in order, whatever order items take them in
        w.line(2, f"- no: {c['no']}", c["cell"].at)
        w.key(4, "name", c["name"], c["cell"].at)
    w.blank()
    w.line(0, "items:", table.at)
    for item in items:
        w.line(2, f"- no: {scalar(item['no'].text)}", item["no"].at)
        w.line(4, f"category: {item['category_no']}", item["category"].at)
        w.key(4, "text", joined(item["text"].text), item["text"].at)
        w.key(4, "lead", item["lead_name"], item["lead"].at)
        w.key(4, "indicators", None, item["no"].at)
        for indicator in item["indicators"]:
            first_key = True
            for key in ("name", "label", "unit"):
                if key in indicator:
                    cell = indicator[key]
                    w.line(6, f"{'- ' if first_key else '  '}{key}: {scalar(joined(cell.text))}", cell.at)
                    first_key = False
            target = indicator["target"]
            w.line(6, f"{'- ' if first_key else '  '}target: {scalar(figure(target.text))}", target.at)
            if "breakdown" in indicator:
                w.key(8, "breakdown", None, indicator["breakdown"][0][1].at)
                for area, cell in indicator["breakdown"]:
                    w.line(10, f"{scalar(area)}: {scalar(figure(cell.text))}", cell.at)
            write_withdrawal(w, indicator.get("withdrawn"), indicator.get("withdrawn_cell"), 8)
        write_withdrawal(w, item.get("withdrawn"), item.get("item_withdrawn"), 4)
    return Output(f"data/{reader.year}/livelihood.yaml", w.text(), w.sources)


def figure(text: str) -> str:
    """A figure cell as the data writes it: its text without spaces (a figure holds none)."""
    return re.sub(r"\s+", "", text)


# --- document.yaml -------------------------------------------------------------------------------------------


def document_output(reader: Reader, livelihood: bool) -> Output:
    """The edition's document.yaml with the fields the file states replaced (or added in their place), every
    other line kept as it is; refused when the edition has no document.yaml yet."""
    path = f"data/{reader.year}/document.yaml"
    target = reader.root / path
    if not target.is_file():
        reader.fail(
            path,
            f"{reader.year}年版还没有 document.yaml。导入只能从文件中读出标题、文号、两张表的标题、表注和地区列;"
            "索引号(index_no)、发布机关(issuer)、落款(signed_by)、成文日期(written)、发布日期(published)、"
            "公开方式(disclosure)和来源(source_file 或 source_url)须先由编者写在 "
            f"{path} 中(见 data/README.md),再导入。",
        )
        return Output(path, "")
    lines: list[tuple[str, At | None]] = [(line, None) for line in target.read_text("utf-8").splitlines()]
    stated = dict(reader.stated)
    if not livelihood:
        stated.pop("livelihood_title", None)
    rule = stated.pop("lead_rule", ("first", None))
    if rule[0] == "star" or span(lines, "lead_rule") is not None:
        stated["lead_rule"] = rule
    for key in DOCUMENT_ORDER:
        if key not in stated:
            continue
        value, at = stated[key]
        if isinstance(value, list):
            new = [(f"{key}:", at)] + [(f"  - {scalar(v)}", at) for v in value]
        else:
            new = [(f"{key}: {scalar(value)}", at)]
        where = span(lines, key)
        if where is not None:
            if [line for line, _ in lines[where[0] : where[1]]] != [line for line, _ in new]:
                reader.replaced.append(key)
            lines[where[0] : where[1]] = new
            continue
        before = [k for k in DOCUMENT_ORDER[: DOCUMENT_ORDER.index(key)] if span(lines, k) is not None]
        at_line = span(lines, before[-1])[1] if before else len(lines)  # type: ignore[index]
        if key == "area_columns":
            new = [("", None), (AREA_COLUMNS_COMMENT, None), *new]
        lines[at_line:at_line] = new
    if not livelihood and (where := span(lines, "area_columns")) is not None:
        reader.fail(
            path,
            "文件里没有民生实事项目表,而 document.yaml 有地区列(area_columns)。如果这一年确实没有民生实事项目表,"
            f"请先删去 area_columns 和 data/{reader.year}/livelihood.yaml;否则请在文件中补上这张表。",
        )
    text = "\n".join(line for line, _ in lines) + "\n"
    sources = {n: at for n, (_, at) in enumerate(lines, start=1) if at is not None}
    return Output(path, text, sources)


def span(lines: list[tuple[str, At | None]], key: str) -> tuple[int, int] | None:
    """The lines of a top-level key and its indented block, as a slice."""
    for i, (line, _) in enumerate(lines):
        if line.startswith(f"{key}:"):
            j = i + 1
            while j < len(lines) and lines[j][0].startswith(" "):
                j += 1
            return i, j
    return None


# --- export ------------------------------------------------------------------------------------------------


def blocks(document: dict, tasks: object, livelihood: dict | None) -> list[Paragraph | Grid]:
    """An edition's document as export writes it: title, 文号, 附件1 and the task table with its note, 附件2 and
    the livelihood table, in the government's layout, with the 本站补充 columns where the data has their values."""
    out: list[Paragraph | Grid] = [Paragraph(str(document["title"]), heading=True), Paragraph(str(document["doc_no"]))]
    out += [Paragraph("附件1"), Paragraph(str(document["tasks_title"]), heading=True), task_grid(tasks)]
    out.append(Paragraph(f"注:{document['tasks_note']}"))
    if livelihood is not None:
        title = str(document.get("livelihood_title") or "")
        out += [Paragraph("附件2"), *([Paragraph(title, heading=True)] if title else [])]
        grid, extras = livelihood_grid(livelihood, [str(a) for a in document.get("area_columns") or []])
        out.append(grid)
        inferred = [str(a) for a in document.get("inferred_columns") or []]
        if extras:
            out.append(Paragraph(f"{EXPLANATION}标“本站补充”的列由本站编者补充,政府原表没有。"))
        if inferred:
            out.append(
                Paragraph(
                    f"{EXPLANATION}{'、'.join(inferred)}列的表头在本站所据的原文副本中缺失,是本站推断的"
                    "(见 document.yaml 的 inference_note)。"
                )
            )
    return out


def withdrawal_text(record: dict) -> str:
    w = record.get("withdrawn")
    return f"{w['date']}\n{w['reason']}" if isinstance(w, dict) else ""


def task_grid(tasks: object) -> Grid:
    sections = tasks.get("sections") if isinstance(tasks, dict) else None
    every = [t for s in sections for t in s["tasks"]] if sections else list(tasks)  # type: ignore[arg-type]
    withdrawn = any("withdrawn" in t for t in every)
    header = ["序号", "主要工作任务", "责任单位"] + ([WITHDRAWN] if withdrawn else [])
    rows, merges = [header], []

    def add(task: dict) -> None:
        rows.append([str(task["no"]), str(task["text"]), "、".join(str(u) for u in task["units"])])
        if withdrawn:
            rows[-1].append(withdrawal_text(task))

    if sections:
        for s in sections:
            rows.append([f"{ordinal(int(s['no']))}、{s['title']}"] + [""] * (len(header) - 1))
            merges.append((len(rows) - 1, 0, len(rows) - 1, len(header) - 1))
            for task in s["tasks"]:
                add(task)
    else:
        for task in every:
            add(task)
    return Grid("重点工作", rows, 1, merges)


class ExportRefused(Exception):
    """What the government's layout cannot hold, said in a sentence; nothing was written."""


def livelihood_grid(livelihood: dict, areas: list[str]) -> tuple[Grid, bool]:
    categories = {str(c["no"]): str(c["name"]) for c in livelihood["categories"]}
    items = livelihood["items"]
    unused = [no for no in categories if all(str(item["category"]) != no for item in items)]
    if unused:
        raise ExportRefused(
            "、".join(f"第{no}类事项分类“{categories[no]}”" for no in unused)
            + "没有事项。民生实事项目表只在事项的行里写事项分类,没有事项的分类无法写进表里:"
            "请给它补上事项,或删去这一类。"
        )
    indicators = [i for item in items for i in item["indicators"]]
    extras = [
        (key, head)
        for key, head, present in (
            ("label", LABEL, any("label" in i for i in indicators)),
            ("unit", UNIT, any("unit" in i for i in indicators)),
            ("withdrawn", WITHDRAWN, any("withdrawn" in i for i in indicators)),
            ("item_withdrawn", ITEM_WITHDRAWN, any("withdrawn" in item for item in items)),
        )
        if present
    ]
    lead_col = 5 + len(areas)
    width = lead_col + 1 + len(extras)
    top = ["序号", "事项分类", "事项名称", "任务分解"] + [""] * (1 + len(areas)) + ["牵头单位"] + [h for _, h in extras]
    second = ["", "", "", "", "全市目标任务", *areas, ""] + [""] * len(extras)
    rows = [top, second]
    merges = [(0, c, 1, c) for c in (0, 1, 2, lead_col, *range(lead_col + 1, width))]
    merges.append((0, 3, 0, lead_col - 1))
    column = {"no": 0, "category": 1, "text": 2, "lead": lead_col}
    spans: dict[str, list[list]] = {key: [] for key in column}  # [first row, last row, what it shows]
    for item in items:
        start = len(rows)
        for indicator in item["indicators"]:
            breakdown = indicator.get("breakdown") or {}
            row = [str(item["no"]), "", "", str(indicator.get("name", "")), str(indicator["target"])]
            row += [str(breakdown.get(a, "")) for a in areas]
            row.append("")
            for key, _ in extras:
                if key == "withdrawn":
                    row.append(withdrawal_text(indicator))
                elif key == "item_withdrawn":
                    row.append(withdrawal_text(item) if len(rows) == start else "")
                else:
                    row.append(str(indicator.get(key, "")))
            rows.append(row)
        end = len(rows) - 1
        category = f"{ordinal(int(item['category']))}、{categories.get(str(item['category']), '')}"
        rows[start][1], rows[start][2], rows[start][lead_col] = category, str(item["text"]), str(item["lead"])
        shows = {
            "no": (str(item["no"]),),  # never shared: one item's rows
            "category": (category,),
            "text": (category, str(item["text"])),
            "lead": (category, str(item["text"]), str(item["lead"])),
        }
        for key, value in shows.items():
            group = spans[key]
            if key != "no" and group and group[-1][2] == value:
                group[-1][1] = end
            else:
                group.append([start, end, value])
        if any(key == "item_withdrawn" for key, _ in extras) and end > start:
            merges.append((start, width - 1, end, width - 1))
    for key, group in spans.items():
        for first, last, _ in group:
            for r in range(first + 1, last + 1):
                rows[r][column[key]] = ""
            if last > first:
                merges.append((first, column[key], last, column[key]))
    return Grid("民生实事", rows, 2, merges), bool(extras)


def edition_blocks(root: Path, year: int) -> list[Paragraph | Grid]:
    """The edition's blocks from its data files as written (figures as typed), after the build's validator
    has accepted the project."""
    base = f"data/{year}"
    document = load.load_yaml(root / base / "document.yaml", root)
    tasks = load.load_yaml(root / base / "tasks.yaml", root)
    livelihood_path = root / base / "livelihood.yaml"
    livelihood = load.load_yaml(livelihood_path, root) if livelihood_path.is_file() else None
    return blocks(document, tasks, livelihood)  # type: ignore[arg-type]
