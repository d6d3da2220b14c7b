"""What the pages show of the progress reports, computed once so that templates only loop: how many entries
have each status (with the counting rule), each record's latest status, an area's completion across an
edition's rows, the items behind, and the summary of an edition's latest report.

The report's own words (its statuses, its text) are shown as the report gives them; what the site computes
itself (完成率, 超额完成) is labelled so on the page (COMPUTED).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from disclosure.model import (
    AreaWork,
    Completion,
    Edition,
    Figure,
    Indicator,
    Item,
    ProgressReport,
    ReportSource,
    RowProgress,
    Status,
    Task,
    TaskProgress,
    with_unit,
)
from disclosure.outputs.charts import NO_TARGET_LABEL

NO_PROGRESS = "暂无公开的进展情况"  # a record no report names: never an empty cell, never a status
BEHIND = "进度滞后"  # the status whose rows a district page lists as behind (the report's word, not ours)
COMPUTED = "本站计算"  # the label of every figure the site computes itself
OVER = "超额完成"  # a completion above its target, as the site computes it
UNSTATED_COUNTED = "原文未标明进展状态"  # how counts name the entries whose report states no status


@dataclass(frozen=True)
class ReportRef:
    """A report as a record's page names it: what it is and where it was published, not what it says of the
    other records (so that a page is rendered again when its own entries change, not when another's do)."""

    year: int
    slug: str
    title: str
    period: str
    as_of: date
    published: date
    publisher: str
    source: ReportSource


def ref(r: ProgressReport) -> ReportRef:
    return ReportRef(r.year, r.slug, r.title, r.period, r.as_of, r.published, r.publisher, r.source)


TaskEntry = tuple[ReportRef, TaskProgress]
RowEntry = tuple[ReportRef, RowProgress]


@dataclass(frozen=True)
class Tally:
    """How many of a report's task or row entries have each status, and what the counting rule makes of them."""

    what: str  # 重点工作, 民生实事指标
    counts: tuple[tuple[Status, int], ...]  # every status of the vocabulary, in its order, with its count (0 too)
    done: int  # entries whose status counts as done
    not_done: int  # entries with a stated status that does not
    unstated: int  # 原文未标明: counted apart, never as not done

    @property
    def total(self) -> int:
        return self.done + self.not_done + self.unstated

    @property
    def given(self) -> tuple[tuple[Status, int], ...]:
        """The statuses that occur, in the vocabulary's order."""
        return tuple((s, n) for s, n in self.counts if n)


def tally(
    what: str, statuses: tuple[Status, ...], entries: tuple[TaskProgress, ...] | tuple[RowProgress, ...]
) -> Tally:
    """Count entries per status of the vocabulary (an entry's status is always one of them: validated)."""
    per = {s.name: 0 for s in statuses}
    for e in entries:
        per[e.status.name] += 1
    counts = tuple((s, per[s.name]) for s in statuses)
    return Tally(
        what,
        counts,
        sum(n for s, n in counts if s.stated and s.done),
        sum(n for s, n in counts if s.stated and not s.done),
        sum(n for s, n in counts if not s.stated),
    )


def counting_rule(statuses: tuple[Status, ...]) -> str:
    """The counting rule as every page with counts writes it: which statuses count as done, and the others."""
    done = "".join(f"“{s.name}”" for s in statuses if s.stated and s.done)
    not_done = "".join(f"“{s.name}”" for s in statuses if s.stated and not s.done)
    return (
        f"计数规则:进展状态为{done}的计为完成;{not_done}计为尚未完成;"
        f"通报没有标明进展状态的(“原文未标明”)单独计为“{UNSTATED_COUNTED}”,不算作尚未完成。"
    )


RATE_RULE = (
    f"完成率是{COMPUTED}的:完成数除以目标,按四舍五入保留一位小数;完成数超过目标的标为“{OVER}”。"
    "没有目标的指标(原表为“/”)和通报没有给出完成数的,不计算完成率。"
)


@dataclass(frozen=True)
class ReportSummary:
    """A report's counts per status, and its rows' 完成率 as the site computes it."""

    report: ReportRef
    tasks: Tally
    rows: Tally
    rated: int  # rows whose citywide 完成率 the site computes (a target and a completed figure)
    reached: int  # of these, how many completed at least their target
    unrated: tuple[RowProgress, ...]  # rows left out of 完成率: no citywide target, or no completed figure
    rule: str  # the counting rule, as the page writes it beside the counts

    @property
    def tallies(self) -> tuple[Tally, ...]:
        """The tallies with entries: a report on tasks only has no column for rows."""
        return tuple(t for t in (self.tasks, self.rows) if t.total)

    @property
    def lines(self) -> tuple[tuple[Status, tuple[int, ...]], ...]:
        """Each status some entry has, in the vocabulary's order, with its count in each of the tallies."""
        tallies = self.tallies
        rows = zip(*(t.counts for t in tallies), strict=True)
        return tuple((cells[0][0], tuple(n for _, n in cells)) for cells in rows if any(n for _, n in cells))


def summary(report: ProgressReport, statuses: tuple[Status, ...]) -> ReportSummary:
    rated = [e for e in report.rows if e.citywide.rate is not None]
    return ReportSummary(
        ref(report),
        tally("重点工作", statuses, report.tasks),
        tally("民生实事指标", statuses, report.rows),
        len(rated),
        sum(1 for e in rated if reached(e.citywide)),
        tuple(e for e in report.rows if e.citywide.rate is None),
        counting_rule(statuses),
    )


def reached(c: Completion) -> bool:
    """Whether the completed figure is at least the target, exactly: 599.97 of 600 rounds to 100.0% but is short."""
    return c.completed.value is not None and c.target.value is not None and c.completed.value >= c.target.value


def latest_summary(ed: Edition, statuses: tuple[Status, ...]) -> ReportSummary | None:
    """The summary of the edition's latest report; None for an edition without reports."""
    return summary(ed.reports[0], statuses) if ed.reports else None


def latest_statuses(ed: Edition) -> dict[str, TaskEntry]:
    """Each task's latest entry, by its ref (a task no report names is not a key)."""
    return {t.ref: (ref(timeline[0][0]), timeline[0][1]) for t, timeline in ed.task_timeline.items()}


def status_filter(entry: TaskEntry | None) -> str:
    """A task's value for the status filter: its latest status, or 暂无公开的进展情况."""
    return entry[1].status.name if entry else NO_PROGRESS


def task_statuses(
    ed: Edition, statuses: tuple[Status, ...], tasks: tuple[Task, ...] | None = None
) -> tuple[tuple[str, int], ...]:
    """The status filter's options for the task index (or one page of it: tasks): each status some task has as
    its latest, in the vocabulary's order, then 暂无公开的进展情况, each with how many tasks it covers."""
    latest = latest_statuses(ed)
    per: dict[str, int] = {}
    for t in ed.tasks if tasks is None else tasks:
        name = status_filter(latest.get(t.ref))
        per[name] = per.get(name, 0) + 1
    order = [s.name for s in statuses] + [NO_PROGRESS]
    return tuple((name, per[name]) for name in order if name in per)


def rate_text(c: Completion) -> str:
    """完成率 as pages write it: "112.5%" (and 超额完成 apart), or "—" when the site computes none."""
    return "—" if c.rate is None else f"{format(c.rate, 'f')}%"


@dataclass(frozen=True)
class AreaRow:
    """One indicator row of an area's column with what the newest report naming the row says of the area."""

    item: Item
    indicator: Indicator
    target: Figure  # the area's own target
    report: ReportRef
    entry: RowProgress
    completion: Completion | None  # None: that report gives the row's completion citywide only

    @property
    def behind(self) -> bool:
        return self.entry.status.name == BEHIND


@dataclass(frozen=True)
class AreaProgress:
    """An area's completion across one edition's rows, by the newest report naming each row."""

    edition: Edition
    rows: tuple[AreaRow, ...]  # the rows of its column that some report names, in the table's order
    unreported: int  # the rows of its column no report names

    @property
    def behind(self) -> tuple[AreaRow, ...]:
        return tuple(r for r in self.rows if r.behind)

    @property
    def rated(self) -> int:
        return sum(1 for r in self.rows if r.completion is not None and r.completion.rate is not None)

    @property
    def unrated(self) -> int:
        return len(self.rows) - self.rated


def area_progress(work: AreaWork) -> AreaProgress | None:
    """What the reports say of an area's column in one edition; None without reports or without its column."""
    ed = work.edition
    if not ed.reports or not work.column or not work.cells:
        return None
    rows = []
    for item, ind, cell in work.cells:
        timeline = ed.row_timeline.get(ind)
        if timeline:
            report, entry = timeline[0]
            rows.append(AreaRow(item, ind, cell.figure, ref(report), entry, entry.of(cell.area)))
    return AreaProgress(ed, tuple(rows), len(work.cells) - len(rows))


def areas_progress(works: tuple[AreaWork, ...]) -> dict[int, AreaProgress]:
    """area_progress of each edition an area has work in, by year: those with something to show."""
    return {p.edition.year: p for p in map(area_progress, works) if p is not None}


@dataclass(frozen=True)
class PairBar:
    """One area of a completion chart: its target and its completion drawn side by side on one scale."""

    label: str
    figure: Figure  # the area's target, for the table beside the chart
    target: str  # as the chart shows it: "8 家", "无目标"
    completed: str  # as shown, with the row's unit if any: "9 家", "0 家", "/", "未通报"
    rate: str  # "112.5%", "—"
    over: bool
    target_width: str | None  # percent of the chart's width, None for no bar
    completed_width: str | None


@dataclass(frozen=True)
class PairChart:
    caption: str
    summary: str  # the image's accessible name: what it shows, in one sentence
    bars: tuple[PairBar, ...]


def width(value: Decimal | None, top: Decimal | None) -> str | None:
    if value is None or not top:
        return None
    return format((value * 100 / top).quantize(Decimal("0.01")).normalize(), "f")


def completion_chart(ind: Indicator, entry: RowProgress, caption: str) -> PairChart:
    """Each area's target beside what the report says it completed, both scaled to the largest of them."""
    given = {c.area: c for c in entry.areas}
    values = [c.figure.value for c in ind.cells] + [c.completed.value for c in entry.areas]
    top = max((v for v in values if v is not None), default=None)
    bars = []
    for cell in ind.cells:
        c = given.get(cell.area)
        bars.append(
            PairBar(
                cell.area.name,
                cell.figure,
                NO_TARGET_LABEL if cell.figure.value is None else with_unit(cell.figure.text, ind.unit),
                (c.completed.text if c.completed.value is None else with_unit(c.completed.text, ind.unit))
                if c
                else "未通报",
                rate_text(c) if c else "—",
                bool(c and c.over),
                width(cell.figure.value, top),
                width(c.completed.value, top) if c else None,
            )
        )
    over = [b.label for b in bars if b.over]
    text = f"条形图,{caption}:每个地区上一条是目标,下一条是完成数。"
    text += f"超额完成的有{'、'.join(over)}({COMPUTED})。" if over else ""
    return PairChart(caption, text, tuple(bars))


@dataclass(frozen=True)
class RowReport:
    """What the reports say of one indicator row, for its project page: every entry, newest first."""

    indicator: Indicator
    timeline: tuple[RowEntry, ...]
    chart: PairChart | None  # of the newest entry, when it gives areas

    @property
    def latest(self) -> RowEntry:
        return self.timeline[0]


def item_progress(ed: Edition, item: Item) -> dict[int, RowReport]:
    """The rows of an item some report names, by row number."""
    out = {}
    for ind in item.indicators:
        timeline = ed.row_timeline.get(ind)
        if timeline:
            _, entry = timeline[0]
            name = ind.shown_name or "目标任务"
            chart = completion_chart(ind, entry, f"{name}:各地目标和完成数") if entry.areas else None
            out[ind.row] = RowReport(ind, tuple((ref(r), e) for r, e in timeline), chart)
    return out


def task_progress(ed: Edition, task: Task) -> tuple[TaskEntry, ...]:
    """What the reports say of a task, newest first; () when no report names it."""
    return tuple((ref(r), e) for r, e in ed.task_timeline.get(task, ()))
