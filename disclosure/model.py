"""The site's data model: frozen records, cross-linked once, read by templates."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from markupsafe import Markup

from disclosure.errors import Pos, Problem

CHINESE_NUMERALS = "一二三四五六七八九十"
LEAD_RULE_WORDS = {"first": "第一位为牵头单位", "star": "标★者为牵头单位"}  # document.yaml lead_rule
LEAD_RULE_MEANING = {"first": "在责任单位中列第一位", "star": "在责任单位前标★"}  # what 牵头 means under each


@dataclass(frozen=True)
class Licence:
    """The licence of the site's own work (transcription, structure, slugs), as site.yaml states it."""

    id: str  # an SPDX identifier: CC0-1.0
    url: str
    note: str


@dataclass(frozen=True)
class DataPackage:
    """The open-data package's identity: its id (datapackage.json `name`), title and description."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Labels:
    """The words that differ between a city's site and a county's: 全市/全县, 县(市、区)/镇(街道)."""

    citywide: str  # the whole jurisdiction, as in 全市目标
    areas: str  # the areas, as the navigation names them
    government: str  # the government whose projects these are: 市政府, 县政府

    @property
    def departments(self) -> str:
        """The jurisdiction's own departments, named from citywide: 全市 -> 市级部门, 全县 -> 县级部门."""
        return f"{self.citywide.removeprefix('全')}级部门"


@dataclass(frozen=True)
class Feedback:
    """Where readers report an error; each channel optional, at least one given."""

    email: str | None = None
    phone: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Registration:
    """The codes a Chinese government website shows in its footer; each optional."""

    site_code: str | None = None  # 网站标识码
    icp: str | None = None  # ICP备案号
    police: str | None = None  # 公安机关备案号


@dataclass(frozen=True)
class SiteInfo:
    """The site's identity and vocabularies, from site.yaml: the only place a page's place names come from."""

    name: str
    city: str
    city_short: str
    publisher: str
    site_url: str
    licence: Licence
    data_package: DataPackage
    labels: Labels
    unit_kinds: dict[str, str]  # slug -> label, in site.yaml's order
    unit_kinds_with_area: frozenset[str]  # the unit kinds that belong to one area
    area_kinds: dict[str, str]  # slug -> label
    search_examples: tuple[str, ...]
    short_name: str | None = None  # the header's name on phones; None: the name itself
    organizer: str | None = None  # 主办单位: who runs the site, when site.yaml says
    statuses: tuple[Status, ...] = ()  # progress_statuses (or the default set), then 原文未标明
    contact: str | None = None
    feedback: Feedback | None = None
    registration: Registration | None = None
    site_url_pos: Pos | None = field(default=None, compare=False, repr=False)  # for the loopback error


@dataclass(frozen=True)
class Withdrawal:
    """A record taken back after publication: it stays on the site, marked, so no link breaks."""

    date: date
    reason: str
    # The date as read (a load.Str): its position is asked for only when a message needs it, since a value
    # read without positions raises NeedPositions then, and data with no problem is read only once.
    written: object = field(default=None, compare=False, repr=False)

    @property
    def pos(self) -> Pos | None:
        return None if self.written is None else self.written.pos  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Alias:
    """A word readers search by (发改委) and what the data calls it (市发展改革委): data/aliases.yaml."""

    name: str
    target: str
    pos: Pos = field(compare=False, repr=False)


@dataclass(frozen=True, eq=False)
class Area:
    """One of the ten columns of the livelihood table."""

    name: str
    full_name: str
    slug: str
    kind: str
    kind_label: str  # the kind as site.yaml's area_kinds names it
    pos: Pos
    former_slugs: tuple[str, ...] = ()  # earlier addresses, kept alive as redirects

    @property
    def meaning(self) -> str:
        """What the name stands for, in the full name's words: 其他(不属于上述九个地区的部分) -> 不属于….

        A full name that is not the name with a bracketed explanation is its own meaning."""
        inner = self.full_name.removeprefix(self.name)
        return inner[1:-1] if inner.startswith("(") and inner.endswith(")") else self.full_name


@dataclass(frozen=True, eq=False)
class Unit:
    """A responsible unit (责任单位): a department, government, zone or agency."""

    name: str
    full_name: str
    slug: str
    kind: str
    kind_label: str  # the kind as site.yaml's unit_kinds names it
    area: Area | None
    note: str | None
    pos: Pos
    withdrawn: Withdrawal | None = None
    former_slugs: tuple[str, ...] = ()  # earlier addresses, kept alive as redirects


@dataclass(frozen=True)
class Section:
    """A numbered part of the key-tasks table, such as 一、未来五年主要工作任务."""

    no: int
    title: str
    pos: Pos = field(compare=False, repr=False)

    @property
    def label(self) -> str:
        """The heading as the document prints it: 一、未来五年主要工作任务."""
        return f"{chinese_numeral(self.no)}、{self.title}"

    @property
    def part(self) -> str:
        """The section as a task's label names it: 第二部分."""
        return f"第{chinese_numeral(self.no)}部分"


@dataclass(frozen=True, eq=False)
class Task:
    """A key task (重点工作) of the work report, with its lead units as the document marks them."""

    year: int
    no: int
    ref: str  # what its address is made of: "5", or "2-5" (section 2, task 5) when numbers restart per section
    text: str
    units: tuple[Unit, ...]  # in the document's order; empty when the document lists none
    leads: tuple[Unit, ...]  # the first unit (lead_rule first) or the ★ units (lead_rule star)
    pos: Pos
    withdrawn: Withdrawal | None = None
    section: Section | None = None

    @property
    def co_units(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u not in self.leads)

    @property
    def label(self) -> str:
        """How pages name it: 第5项, or 第二部分第5项 when numbers restart in each section."""
        if self.section is not None and self.ref != str(self.no):
            return f"{self.section.part}第{self.no}项"
        return f"第{self.no}项"


@dataclass(frozen=True, eq=False)
class Category:
    """A livelihood category (事项分类), numbered 一、二、…."""

    year: int
    no: int
    name: str
    pos: Pos
    first: int = 0  # the number of its first item (0: none), which the project index's page of it follows

    @property
    def label(self) -> str:
        return f"{chinese_numeral(self.no)}、{self.name}"


@dataclass(frozen=True)
class Figure:
    """A target as written in the document: an exact number, or None for '/' (no target)."""

    value: Decimal | None

    @property
    def text(self) -> str:
        return "/" if self.value is None else format(self.value, "f")  # as written: 33.30, never 1E-7


@dataclass(frozen=True, eq=False)
class Cell:
    """One area's value in an indicator row, with its share of the citywide target."""

    area: Area
    figure: Figure
    share: Decimal | None  # percent of the citywide target, one decimal; None when no target


@dataclass(frozen=True, eq=False)
class Indicator:
    """One indicator row (任务分解) of a livelihood item: citywide target and each area column's value, or no
    cells at all for a citywide target the document does not break down by area."""

    year: int
    row: int  # 1-based position among all indicator rows of the edition
    item_no: int
    name: str | None
    target: Figure
    cells: tuple[Cell, ...]
    pos: Pos
    withdrawn: Withdrawal | None = None
    # Supplied by the site's editors, not the document (data/README.md, indicators): a name readable on its
    # own, and the unit of measure of every figure of the row.
    label: str | None = None
    unit: str | None = None

    @property
    def shown_name(self) -> str | None:
        """The name pages show: the editors' label, else the document's name (None when it has neither)."""
        return self.label or self.name

    @property
    def total(self) -> Decimal:
        return sum((c.figure.value for c in self.cells if c.figure.value is not None), Decimal(0))

    @property
    def broken_down(self) -> bool:
        """Whether the document gives this row a figure per area (else a citywide target only)."""
        return bool(self.cells)

    @property
    def sums_to_target(self) -> bool:
        # A row without a breakdown has nothing to add up: its target is not a sum.
        return self.target.value is None or not self.cells or self.total == self.target.value

    def cell(self, area: Area) -> Cell:
        return next(c for c in self.cells if c.area is area)


@dataclass(frozen=True, eq=False)
class Item:
    """A numbered livelihood project (民生实事项目), with one or more indicator rows."""

    year: int
    no: int
    category: Category
    text: str
    lead: Unit
    indicators: tuple[Indicator, ...]
    pos: Pos
    withdrawn: Withdrawal | None = None

    @property
    def broken_down(self) -> bool:
        """Whether any of its rows gives a figure per area (its page then shows area columns)."""
        return any(ind.cells for ind in self.indicators)


@dataclass(frozen=True)
class Document:
    """The source document of an edition and what we inferred while transcribing it."""

    year: int
    title: str
    doc_no: str
    index_no: str
    issuer: str
    signed_by: str
    written: date
    published: date
    disclosure: str
    tasks_title: str
    tasks_note: str
    livelihood_title: str | None  # None: the edition has no livelihood table
    area_columns: tuple[Area, ...]  # a subset of the registry, in the table's own order; () without a table
    inferred_columns: tuple[Area, ...]  # () when every column name is printed
    inference_note: str | None  # given exactly when inferred_columns is
    source_text: str | None  # data/<year>/source.txt; None when the source is only linked (source_url)
    source_url: str | None = None  # where the document is published, when given
    example: bool = False  # invented data (document.yaml `example: true`), not a real government document
    lead_rule: str = "first"  # how the tasks table marks its lead units: "first" listed, or "star" (★)

    @property
    def lead_meaning(self) -> str:
        """Which units the document makes leads, for a sentence: 在责任单位中列第一位, 在责任单位前标★."""
        return LEAD_RULE_MEANING[self.lead_rule]

    @property
    def lead_rule_words(self) -> str:
        """The rule as the tasks table's heading says it: 第一位为牵头单位, 标★者为牵头单位."""
        return LEAD_RULE_WORDS[self.lead_rule]


@dataclass(frozen=True)
class Status:
    """A status a progress report may give (进展状态), from site.yaml's progress_statuses or the default set."""

    name: str  # as reports write it: 已完成, 按序时推进
    done: bool  # whether a record with it counts as done
    stated: bool = True  # False only for 原文未标明: the report states no status (never counted either way)


@dataclass(frozen=True)
class Amount:
    """A figure a progress report gives: an exact number (0 included: nothing done yet), or None for '/'."""

    value: Decimal | None

    @property
    def text(self) -> str:
        return "/" if self.value is None else format(self.value, "f")


@dataclass(frozen=True)
class Completion:
    """What was completed against a target: citywide (area None) or one area's."""

    area: Area | None
    target: Figure
    completed: Amount

    @property
    def rate(self) -> Decimal | None:
        """完成率 in percent, exact to one decimal (四舍五入); None without a target or a figure."""
        return share(self.completed.value, self.target.value)

    @property
    def over(self) -> bool:
        """Whether more than the target was completed (超额完成)."""
        t, c = self.target.value, self.completed.value
        return t is not None and c is not None and c > t


@dataclass(frozen=True)
class ReportSource:
    """Where a progress report was published: the publication, and its 文号 and/or address."""

    name: str
    doc_no: str | None
    url: str | None


@dataclass(frozen=True, eq=False)
class TaskProgress:
    """What one report says of one key task: its status and the report's words, verbatim."""

    task: Task
    status: Status
    text: str
    pos: Pos = field(compare=False, repr=False)


@dataclass(frozen=True, eq=False)
class RowProgress:
    """What one report says of one livelihood indicator row: what was completed, citywide and per area."""

    item: Item
    indicator: Indicator
    status: Status
    citywide: Completion
    areas: tuple[Completion, ...]  # the areas the report gives, in the table's column order
    text: str | None
    pos: Pos = field(compare=False, repr=False)

    def of(self, area: Area) -> Completion | None:
        return next((c for c in self.areas if c.area is area), None)


@dataclass(frozen=True, eq=False)
class ProgressReport:
    """A progress report (进展通报, 完成情况) on one edition's records, as published."""

    year: int  # its edition
    slug: str  # its file's name: data/<year>/progress/<slug>.yaml, /<year>/progress/<slug>/
    title: str
    period: str  # 一季度, 上半年, 前三季度, 全年, or 1-5月
    as_of: date
    published: date
    publisher: str
    source: ReportSource
    summary: str | None
    tasks: tuple[TaskProgress, ...]
    rows: tuple[RowProgress, ...]
    pos: Pos = field(compare=False, repr=False)


@dataclass(frozen=True, eq=False)
class Edition:
    """One year's document, tasks and livelihood projects."""

    year: int
    document: Document
    tasks: tuple[Task, ...]
    categories: tuple[Category, ...]
    items: tuple[Item, ...]
    reports: tuple[ProgressReport, ...] = ()  # newest first: by as_of, then published, then slug

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(ind for item in self.items for ind in item.indicators)

    @property
    def sections(self) -> tuple[Section, ...]:
        """The sections of the tasks table, in order; () when tasks.yaml is a plain list."""
        return tuple(dict.fromkeys(t.section for t in self.tasks if t.section is not None))

    @property
    def task_groups(self) -> tuple[tuple[Section | None, tuple[Task, ...]], ...]:
        """The tasks by section, for the index's headings: one group with no section for a plain list."""
        if not self.sections:
            return ((None, self.tasks),)
        return tuple((s, tuple(t for t in self.tasks if t.section == s)) for s in self.sections)

    @property
    def mismatches(self) -> tuple[Indicator, ...]:
        """Indicator rows whose area values do not add up to the citywide target."""
        return tuple(ind for ind in self.indicators if not ind.sums_to_target)

    @property
    def unbroken(self) -> tuple[Indicator, ...]:
        """Indicator rows with a citywide target only, not broken down by area."""
        return tuple(ind for ind in self.indicators if not ind.cells)

    @property
    def broken_down_rows(self) -> tuple[Indicator, ...]:
        """Indicator rows with a figure per area: what an area's rows with a target are counted out of."""
        return tuple(ind for ind in self.indicators if ind.cells)

    def items_in(self, category: Category) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.category is category)

    @functools.cached_property
    def task_timeline(self) -> dict[Task, tuple[tuple[ProgressReport, TaskProgress], ...]]:
        """What the reports say of each task, newest report first; a task no report names is not a key."""
        out: dict[Task, list[tuple[ProgressReport, TaskProgress]]] = {}
        for r in self.reports:
            for e in r.tasks:
                out.setdefault(e.task, []).append((r, e))
        return {t: tuple(v) for t, v in out.items()}

    @functools.cached_property
    def row_timeline(self) -> dict[Indicator, tuple[tuple[ProgressReport, RowProgress], ...]]:
        """What the reports say of each indicator row, newest report first."""
        out: dict[Indicator, list[tuple[ProgressReport, RowProgress]]] = {}
        for r in self.reports:
            for e in r.rows:
                out.setdefault(e.indicator, []).append((r, e))
        return {ind: tuple(v) for ind, v in out.items()}


@dataclass(frozen=True, eq=False)
class UnitWork:
    """What one unit is responsible for in one edition."""

    edition: Edition
    led: tuple[Task, ...]
    co: tuple[Task, ...]
    items_led: tuple[Item, ...]

    @property
    def rows_led(self) -> tuple[Indicator, ...]:
        return tuple(ind for item in self.items_led for ind in item.indicators)


@dataclass(frozen=True, eq=False)
class AreaWork:
    """What one area must deliver in one edition: its livelihood rows and key tasks."""

    edition: Edition
    cells: tuple[tuple[Item, Indicator, Cell], ...]
    tasks: tuple[Task, ...]  # tasks in which this area's government or zone is responsible
    column: bool = True  # whether the edition's table has a column for the area (else only its tasks)
    unbroken: int = 0  # the edition's rows with a citywide target only: counted on the page, not listed

    @property
    def with_target(self) -> int:
        return sum(1 for _, _, c in self.cells if c.figure.value is not None)

    @property
    def by_category(self) -> tuple[tuple[Category, tuple[tuple[Item, Indicator, Cell], ...]], ...]:
        """The rows that give the area a figure, grouped by category in the table's order."""
        groups: dict[int, list[tuple[Item, Indicator, Cell]]] = {}
        for row in self.cells:
            if row[2].figure.value is not None:
                groups.setdefault(row[0].category.no, []).append(row)
        return tuple((rows[0][0].category, tuple(rows)) for rows in groups.values())

    @property
    def without_target(self) -> tuple[tuple[Item, Indicator, Cell], ...]:
        """The rows whose column for the area is "/": the document gives it no figure."""
        return tuple(row for row in self.cells if row[2].figure.value is None)


@dataclass(frozen=True, eq=False)
class Site:
    """Everything the renderer needs, with the reverse indexes built once."""

    info: SiteInfo
    units: tuple[Unit, ...]
    areas: tuple[Area, ...]
    editions: tuple[Edition, ...]  # newest first
    content: dict[str, Markup]  # sanitized HTML of each Markdown file, by path under content/
    warnings: tuple[Problem, ...]
    unit_work: dict[str, tuple[UnitWork, ...]] = field(default_factory=dict)  # unit slug -> per edition
    area_work: dict[str, tuple[AreaWork, ...]] = field(default_factory=dict)  # area slug -> per edition
    aliases: tuple[Alias, ...] = ()  # the editors' search aliases (data/aliases.yaml), in the file's order

    @property
    def latest(self) -> Edition:
        return self.editions[0]

    @property
    def example(self) -> bool:
        """Whether any edition is example data: then every page carries the example banner."""
        return any(ed.document.example for ed in self.editions)

    @property
    def example_note(self) -> str:
        """What open data of a site holding example data says first ("" for a site of real documents)."""
        return "本站目前是示例数据,不是真实的政府文件。" if self.example else ""


def chinese_numeral(n: int) -> str:
    """Write 1–99 as 一 … 九十九, as the document numbers its categories."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return head + (CHINESE_NUMERALS[ones - 1] if ones else "")


def with_unit(text: str, unit: str | None) -> str:
    """A figure as text with its unit of measure after it ("20 家"), or bare for a row without a unit."""
    return f"{text} {unit}" if unit else text


def plain(value: Decimal) -> str:
    """Write a computed exact number without exponent or trailing zeros: 10.0 -> 10, 0.50 -> 0.5."""
    return format(value.normalize(), "f")


def share(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Percent of target, to one decimal place; None when either is missing or target is 0."""
    if value is None or not target:
        return None
    with localcontext() as exact:  # enough digits for any two figures, not only the default 28
        exact.prec = max(28, value.adjusted() - target.adjusted() + 24)
        return (value * 100 / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)  # 四舍五入


def link_site(
    info: SiteInfo,
    units: tuple[Unit, ...],
    areas: tuple[Area, ...],
    editions: tuple[Edition, ...],
    content: dict[str, Markup],
    warnings: tuple[Problem, ...],
    aliases: tuple[Alias, ...] = (),
) -> Site:
    """Build the per-unit and per-area indexes in one pass over each edition."""
    unit_work: dict[str, list[UnitWork]] = {u.slug: [] for u in units}
    area_work: dict[str, list[AreaWork]] = {a.slug: [] for a in areas}
    for ed in editions:
        led: dict[str, list[Task]] = {u.slug: [] for u in units}
        co: dict[str, list[Task]] = {u.slug: [] for u in units}
        items_led: dict[str, list[Item]] = {u.slug: [] for u in units}
        area_tasks: dict[str, list[Task]] = {a.slug: [] for a in areas}
        for task in ed.tasks:
            for unit in task.leads:
                led[unit.slug].append(task)
            for unit in task.co_units:
                co[unit.slug].append(task)
            for area in dict.fromkeys(u.area for u in task.units if u.area):
                area_tasks[area.slug].append(task)
        for item in ed.items:
            items_led[item.lead.slug].append(item)
        for u in units:
            if led[u.slug] or co[u.slug] or items_led[u.slug]:
                unit_work[u.slug].append(UnitWork(ed, tuple(led[u.slug]), tuple(co[u.slug]), tuple(items_led[u.slug])))
        columns, unbroken = frozenset(ed.document.area_columns), len(ed.unbroken)
        for a in areas:  # only the editions the area took part in: a column of the table, or a task
            if a not in columns and not area_tasks[a.slug]:
                continue
            column = a in columns
            rows = ((item, ind) for item in ed.items for ind in item.indicators if column and ind.cells)
            cells = tuple((item, ind, ind.cell(a)) for item, ind in rows)
            area_work[a.slug].append(AreaWork(ed, cells, tuple(area_tasks[a.slug]), column, unbroken))
    return Site(
        info,
        units,
        areas,
        editions,
        content,
        warnings,
        {k: tuple(v) for k, v in unit_work.items()},
        {k: tuple(v) for k, v in area_work.items()},
        aliases,
    )
