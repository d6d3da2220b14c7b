"""Atom feeds (RFC 4287) of what changed: one for the whole site, one per department, one per district.

An entry is one record in one data version: its first publication, or the fields that changed with
their earlier and new values. A department's feed holds the tasks it is responsible for and the
projects it leads; a district's holds the projects (with only that district's figures) and the tasks
its government or zone is responsible for. Timestamps are the commits' own.

The progress reports add entries of their own, read from the data, not from git: one when a report is
published, and one for each record whose status in a report differs from its status in the previous report
naming it (the first report naming a record is told by that report's entry). Both are dated the report's
publication day. A status change is in the feeds of the task's units and their areas, or of the row's item
lead and of the areas the report gives figures for (a row it reports citywide only is in no district's feed);
a report's entry is in the feed of every unit and area one of its records is. Entries of both kinds are
merged newest first.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape as _escape

from disclosure import kinds, urls
from disclosure.kinds import Subject
from disclosure.model import Area, Edition, ProgressReport, RowProgress, Site, Status, TaskProgress, Unit
from disclosure.source.changelog import PUBLISHED, Change, History

MAX_ENTRIES = 100


def subjects(site: Site) -> dict[str, Subject]:
    """What each record with a history is about, by its history key: every kind that has feed entries."""
    out: dict[str, Subject] = {}
    for ed in site.editions:
        for kind in kinds.EDITION_KINDS:
            out |= kind.subjects(ed) if kind.subjects else {}
    for kind in kinds.SITE_KINDS:
        out |= kind.subjects(site) if kind.subjects else {}
    return out


def feed_path(kind: str, slug: str = "") -> str:
    """feeds/changes.xml, feeds/departments/<slug>.xml, feeds/districts/<slug>.xml."""
    return "feeds/changes.xml" if kind == "site" else f"feeds/{kind}/{slug}.xml"


def unit_feed(u: Unit) -> str:
    return feed_path("departments", u.slug)


def area_feed(a: Area) -> str:
    return feed_path("districts", a.slug)


def feeds(site: Site, history: History, root_url: str, site_name: str) -> dict[str, bytes]:
    """Every feed, by output path."""
    recs = subjects(site)
    # a report's publication is told by its own entry, dated by the report (progress_entries): its corrections stay
    changes = [
        c for c in history.all_changes() if c.record in recs and not (recs[c.record].dated and c.field == PUBLISHED)
    ]
    published = min((ed.document.published for ed in site.editions), default=None)
    fallback = f"{published.isoformat()}T00:00:00+08:00" if published else "1970-01-01T00:00:00Z"

    progress = progress_entries(site)

    def make(
        path: str, title: str, page: str, keep: Callable[[Change, Subject], bool], concerns: Callable[[Concerned], bool]
    ) -> tuple[str, bytes]:
        chosen = [c for c in changes if keep(c, recs[c.record])]
        merged = newest_first(entries(chosen, recs) + [e for e, about in progress if concerns(about)])
        return path, atom(root_url, path, title, page, merged[:MAX_ENTRIES], fallback, site_name)

    out = dict(
        [make(feed_path("site"), f"{site_name}:修改记录和进展通报", urls.HOME, lambda c, r: True, lambda about: True)]
        + [
            make(
                unit_feed(u),
                f"{u.name}:重点工作和民生实事的修改记录和进展通报",
                urls.department(u),
                for_unit(u),
                lambda about, u=u: u.name in about.units,
            )
            for u in site.units
        ]
        + [
            make(
                area_feed(a),
                f"{a.name}:民生实事目标和重点工作的修改记录和进展通报",
                urls.district(a),
                for_area(a),
                lambda about, a=a: a.name in about.areas,
            )
            for a in site.areas
        ]
    )
    return out


def for_unit(u: Unit) -> Callable[[Change, Subject], bool]:
    def keep(c: Change, r: Subject) -> bool:
        # also units taken off a record; the history has them as written, a lead ★-marked (lead_rule star)
        return u.name in r.units or u.name in {n.removeprefix("★") for n in (c.before or "").split("、")}

    return keep


def for_area(a: Area) -> Callable[[Change, Subject], bool]:
    def keep(c: Change, r: Subject) -> bool:
        if a.name in r.areas:
            return True
        if r.every_area is None or (r.columns is not None and a.name not in r.columns):
            return False  # an item of a year whose table has no column for the area does not concern it
        # a record of every area (an item): its own fields concern each area, a figure only its own area
        return c.field == PUBLISHED or c.field in r.every_area or c.field.split(" ")[-1] == a.name

    return keep


@dataclass(frozen=True)
class Entry:
    id: str  # under the site's address: a page and a fragment of its own ("2023/tasks/2/#v-34b86ff")
    title: str
    path: str  # the page it links to
    updated: str
    summary: str
    related: str = ""  # another page it is about (a status change's report), linked rel="related"


def entries(changes: list[Change], recs: dict[str, Subject]) -> list[Entry]:
    """One entry per record and version, newest first."""
    grouped: dict[tuple[str, str], list[Change]] = {}
    for c in changes:
        grouped.setdefault((c.version.time, c.record), []).append(c)
    out = []
    for (_, record), group in grouped.items():
        r, version = recs[record], group[0].version
        if any(c.field == PUBLISHED for c in group):
            title, summary = f"{r.label}:发布", f"{r.label}于 {version.date} 发布(数据版本 {version.commit})。"
        else:
            fields = "、".join(dict.fromkeys(c.field for c in group))
            title = f"{r.label}:{fields}有修改"
            summary = "\n".join(describe(c) for c in group) + f"\n(数据版本 {version.commit})"
        out.append(Entry(f"{r.path}#v-{version.commit}", title, r.path, version.time, summary))
    return out


def newest_first(items: list[Entry]) -> list[Entry]:
    """Entries by their time, newest first; entries of the same time keep their order (sorted is stable)."""
    return sorted(items, key=lambda e: datetime.fromisoformat(e.updated), reverse=True)


# Entries from the progress reports.


@dataclass(frozen=True)
class Concerned:
    """Whose feeds a progress entry is in: unit names and area names."""

    units: frozenset[str]
    areas: frozenset[str]


def day_time(day: date) -> str:
    """A report's publication day as an Atom time: the start of the day, China Standard Time (the fallback's)."""
    return f"{day.isoformat()}T00:00:00+08:00"


def record_label(e: TaskProgress | RowProgress) -> str:
    """2024年重点工作第2项, 2024年民生实事第1项(机构): as the other entries and the pages name the record."""
    if isinstance(e, TaskProgress):
        return f"{e.task.year}年重点工作{e.task.label}"
    name = f"({e.indicator.name})" if e.indicator.name else ""
    return f"{e.item.year}年民生实事第{e.item.no}项{name}"


def concerned(e: TaskProgress | RowProgress) -> Concerned:
    """A task concerns its units and their areas; a row its item's lead and the areas the report gives figures for."""
    if isinstance(e, TaskProgress):
        return Concerned(
            frozenset(u.name for u in e.task.units), frozenset(u.area.name for u in e.task.units if u.area)
        )
    return Concerned(frozenset([e.item.lead.name]), frozenset(c.area.name for c in e.areas if c.area))


def record_page(e: TaskProgress | RowProgress) -> str:
    return urls.task(e.task) if isinstance(e, TaskProgress) else urls.indicator(e.indicator)


def record_id(e: TaskProgress | RowProgress, r: ProgressReport) -> str:
    """A status change's id: the record's page, the report's slug (permanent: the file's name)."""
    if isinstance(e, TaskProgress):
        return f"{urls.task(e.task)}#status-{r.slug}"
    return f"{urls.project(e.item)}#row-{e.indicator.row}-status-{r.slug}"


def report_summary(r: ProgressReport, statuses: tuple[Status, ...]) -> str:
    """What a report's entry says: who published it, its period, its source, and its tasks and rows per status,
    by the counting rule of every page: statuses that count as done are 完成, 原文未标明 is counted apart."""
    source = "、".join(x for x in (r.source.doc_no, r.source.url) if x)
    lines = [
        f"{r.publisher}于 {r.published.isoformat()} 发布《{r.title}》({r.period},截至 {r.as_of.isoformat()}),"
        f"刊载于{r.source.name}({source})。"
    ]
    done = [s for s in statuses if s.stated and s.done]
    for what, unit, records in (("重点工作", "项", r.tasks), ("民生实事指标", "行", r.rows)):
        if not records:
            continue
        counts = {s: sum(e.status == s for e in records) for s in statuses}
        per_status = "、".join(f"{s.name} {n} {unit}" for s, n in counts.items() if n and s.stated)
        unstated = sum(n for s, n in counts.items() if not s.stated)
        lines.append(
            f"{what} {len(records)} {unit}"
            + (f",进展状态(通报原文):{per_status}" if per_status else "")
            + (f";原文未标明进展状态 {unstated} {unit}" if unstated else "")
            + (
                f";计为完成({'、'.join(s.name for s in done)})的 {sum(counts[s] for s in done)} {unit}(本站统计)"
                if done
                else ""
            )
            + "。"
        )
    return "\n".join(lines)


def progress_entries(site: Site) -> list[tuple[Entry, Concerned]]:
    """Each report's publication and each status change it brings, with whose feeds they are in."""
    out: list[tuple[Entry, Concerned]] = []
    for ed in site.editions:
        previous = previous_entries(ed)
        for r in ed.reports:
            when, about = day_time(r.published), [concerned(e) for e in (*r.tasks, *r.rows)]
            every = Concerned(
                frozenset().union(*(c.units for c in about)), frozenset().union(*(c.areas for c in about))
            )
            summary = report_summary(r, site.info.statuses)
            out.append(
                (Entry(f"{urls.report(r)}#published", f"进展通报:{r.title}", urls.report(r), when, summary), every)
            )
            for e in (*r.tasks, *r.rows):
                before = previous.get(e)
                if before is None or before[1].status.name == e.status.name:
                    continue
                old_report, old = before
                label = record_label(e)
                summary = (
                    f"《{r.title}》({r.period},{r.published.isoformat()} 发布)写{label}的进展状态为“{e.status.name}”;"
                    f"此前《{old_report.title}》({old_report.period})为“{old.status.name}”。"
                    + (f"\n通报原文:{e.text}" if e.text else "")
                )
                change = f"{label}:进展状态由“{old.status.name}”变为“{e.status.name}”"
                entry = Entry(record_id(e, r), change, record_page(e), when, summary, urls.report(r))
                out.append((entry, concerned(e)))
    return out


def previous_entries(
    ed: Edition,
) -> dict[TaskProgress | RowProgress, tuple[ProgressReport, TaskProgress | RowProgress]]:
    """For each report entry, the entry of the previous report naming the same record, if any."""
    out: dict[TaskProgress | RowProgress, tuple[ProgressReport, TaskProgress | RowProgress]] = {}
    timelines: list[tuple] = [*ed.task_timeline.values(), *ed.row_timeline.values()]
    for timeline in timelines:  # newest first: the one after an entry is the one before it
        for (_, e), older in itertools.pairwise(timeline):
            out[e] = older
    return out


def describe(c: Change) -> str:
    if c.before is None:
        return f"{c.field}:新增 {c.after}"
    if c.after is None:
        return f"{c.field}:删除,原为 {c.before}"
    return f"{c.field}:原为 {c.before},改为 {c.after}"


def atom(root: str, path: str, title: str, page: str, items: list[Entry], fallback: str, author: str) -> bytes:
    updated = max((e.updated for e in items), key=datetime.fromisoformat, default=fallback)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(root + path)}</id>",
        f'  <link rel="self" type="application/atom+xml" href={attribute(root + path)}/>',
        f'  <link rel="alternate" type="text/html" href={attribute(root + page)}/>',
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
    ]
    for e in items:
        lines += [
            "  <entry>",
            f"    <title>{escape(e.title)}</title>",
            f"    <id>{escape(root + e.id)}</id>",
            f'    <link rel="alternate" type="text/html" href={attribute(root + e.path)}/>',
            *([f'    <link rel="related" type="text/html" href={attribute(root + e.related)}/>'] if e.related else []),
            f"    <updated>{e.updated}</updated>",
            f'    <summary type="text">{escape(e.summary)}</summary>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def escape(text: str) -> str:
    """XML character data: & < > escaped (xml.sax.saxutils would import urllib.request, 30 ms at start-up)."""
    return _escape(text, quote=False)


def attribute(value: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + _escape(value, quote=False).replace('"', "&quot;") + '"'
