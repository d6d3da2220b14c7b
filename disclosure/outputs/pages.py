"""The page catalogue: every HTML page of the site, with its template, context and the record it shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from disclosure import kinds, progress, urls
from disclosure.kinds import PageSpec
from disclosure.model import Edition, Site


def page_specs(site: Site) -> Iterator[PageSpec]:
    """Every HTML page: (path, template, context, source it comes from): the site's own pages, each edition's
    own pages, and every kind's (kinds.Kind.pages). The context holds what the page shows beyond what every
    page does (tools/incremental.py derives from it when to render it again): the site itself for a page
    that shows a bit of everything, else its records and what it shows of their edition."""
    content = site.content
    livelihood = next((ed for ed in site.editions if ed.items), None)  # the newest with a livelihood table
    home = {"site": site, "intro": content["index.md"], "livelihood": livelihood, "progress": progress_summaries(site)}
    yield urls.HOME, "home.html", home, "content/index.md"
    yield urls.SEARCH, "search.html", {}, "search page"
    yield urls.NOT_FOUND_FILE, "404.html", {}, "404 page"
    yield urls.DOWNLOADS, "downloads.html", {"site": site}, "downloads page"
    for kind in kinds.SITE_KINDS:
        yield from kind.pages(site) if kind.pages else ()
    for ed in site.editions:
        notice, method = content[f"{ed.year}/notice.md"], content[f"{ed.year}/source.md"]
        counts, mismatches = check_counts(ed), ed.mismatches
        latest = progress.latest_summary(ed, site.info.statuses)  # what the notice shows of the reports
        notice_context = {"ed": ed, "notice": notice, "counts": counts, "progress": latest}
        yield urls.edition(ed), "notice.html", notice_context, f"content/{ed.year}/notice.md"
        source_context = {"ed": ed, "method": method, "mismatches": mismatches}
        yield urls.source(ed), "source.html", source_context, f"content/{ed.year}/source.md"
        checks_context = {"ed": ed, "counts": counts, "mismatches": mismatches, "tasks_checked": tasks_checked(ed)}
        yield urls.checks(ed), "checks.html", checks_context, f"{ed.year} data checks"
        sums_context = {
            "ed": ed,
            "counts": counts,
            "title": f"{ed.year}年各地目标之和与{site.info.labels.citywide}目标不一致的指标",
        }
        yield from kinds.list_pages(urls.sums(ed), mismatches, "sums.html", sums_context, f"{ed.year} sum checks")
        for kind in kinds.EDITION_KINDS:
            yield from kind.pages(ed) if kind.pages else ()


def progress_summaries(site: Site) -> tuple[tuple[Edition, progress.ReportSummary], ...]:
    """The summary of each edition's latest report, newest edition first (editions without reports left out)."""
    summaries = ((ed, progress.latest_summary(ed, site.info.statuses)) for ed in site.editions)
    return tuple((ed, s) for ed, s in summaries if s is not None)


def check_counts(ed: Edition) -> dict[str, int]:
    """What every build checked in an edition, counted, for the public data-check page."""
    cells = [c for ind in ed.indicators for c in ind.cells]
    return {
        "tasks": len(ed.tasks),
        "task_units": sum(len(t.units) for t in ed.tasks),
        "units": len({u.name for t in ed.tasks for u in t.units} | {i.lead.name for i in ed.items}),
        "projects": len(ed.items),
        "rows": len(ed.indicators),
        "areas": len(ed.document.area_columns),
        "cells": len(cells),
        "no_target": sum(c.figure.value is None for c in cells),
        "summed": sum(ind.target.value is not None and ind.broken_down for ind in ed.indicators),
        "unbroken": len(ed.unbroken),
    }


def tasks_checked(ed: Edition) -> str:
    """What the data-check page says was checked of an edition's tasks: their numbering, as its tasks.yaml
    numbers them, and their units, as far as the document lists any."""
    n, sections = len(ed.tasks), ed.sections
    if not sections:
        numbering = f"序号从 1 到 {n} 连续、不重复"
    elif any(t.ref != str(t.no) for t in ed.tasks):  # per-section: numbers restart in each section
        spans = ",".join(f"{s.part} 1 到 {len(tasks)}" for s, tasks in ed.task_groups)
        numbering = f"分 {len(sections)} 个部分,各部分的序号都从 1 起连续、不重复({spans})"
    else:
        numbering = f"分 {len(sections)} 个部分,序号从 1 到 {n} 跨部分连续、不重复"
    listed, mentions = sum(1 for t in ed.tasks if t.units), sum(len(t.units) for t in ed.tasks)
    if listed == n:
        units = f"每项至少有一个责任单位,共列出责任单位 {mentions} 次"
    elif listed:
        units = f"{listed} 项列有责任单位,共列出责任单位 {mentions} 次;{n - listed} 项原文未列责任单位"
    else:
        units = "原文都未列责任单位"
    return f"{n} 项重点工作,{numbering};{units}。"


@dataclass(frozen=True)
class YearLink:
    """One year of an edition page's switcher: the page of that year it links to."""

    year: int
    path: str
    current: bool  # the page's own edition (aria-current)
    note: str  # "" when it is the same page in that year, else what it links to instead ("重点工作目录")


def has_items(ed: Edition) -> bool:
    return bool(ed.items)


def has_reports(ed: Edition) -> bool:
    return bool(ed.reports)


# An edition page's counterpart in another year, by template: (that year's page, what it is when it is not the
# same page, what an edition must have for the page to exist there: a livelihood table, reports). A task,
# project or report means another record in another year, so those pages link to that year's index of their kind.
COUNTERPARTS: dict[str, tuple[Callable[[Edition], str], str, Callable[[Edition], bool] | None]] = {
    "notice.html": (urls.edition, "", None),
    "source.html": (urls.source, "", None),
    "checks.html": (urls.checks, "", None),
    "tasks.html": (urls.tasks, "", None),
    "task.html": (urls.tasks, "重点工作目录", None),
    "projects.html": (urls.projects, "", has_items),
    "project.html": (urls.projects, "民生实事目录", has_items),
    "progress.html": (urls.progress, "", has_reports),
    "report.html": (urls.progress, "进展通报目录", has_reports),
}
MISSING_NOTE = {
    has_items: "通知(该年没有民生实事表)",
    has_reports: "通知(该年暂无进展通报)",
}  # where the switcher goes instead


# The pages of one record each: they carry a 纠错/留言 entry (base.html), pointing to site.yaml's feedback channel.
RECORD_PAGES = frozenset({"task.html", "project.html", "department.html", "district.html", "report.html"})


class Frames:
    """What every page shows around its content, computed here so that templates only loop. Made once per
    site: the pages of an edition share one navigation tuple and one tuple of their edition (at 50,000
    tasks, one of each per page took 27 MB more)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.nav = {None: navigation(site, None)} | {ed.year: navigation(site, ed) for ed in site.editions}
        self.alone = {ed.year: (ed,) for ed in site.editions}

    def of(self, path: str, template: str, context: dict) -> dict[str, object]:
        """A page's frame: the editions it draws from (its label, footer, citation, ContentSource and JSON-LD
        name their documents), the main navigation's links and, on an edition's page, its year switcher."""
        ed = context.get("ed")
        own = ed if isinstance(ed, Edition) else None
        return {
            "editions": self.drawn_from(context),
            "of_edition": own is not None,  # labelled as one edition's page, not as drawing from several
            "nav": self.nav[own.year if own else None],
            "switcher": switcher(self.site, own, path, template) if own else (),
            "record_page": template in RECORD_PAGES,
        }

    def drawn_from(self, context: dict) -> tuple[Edition, ...]:
        """The editions a page draws from, newest first: those its kind names (a department or district page:
        kinds.drawn_from), its own edition, the editions of the work it lists, else every edition (home,
        search, downloads, the indexes)."""
        if "editions" in context:  # a kind that knows better says so
            return tuple(context["editions"])
        if isinstance(context.get("ed"), Edition):
            return self.alone[context["ed"].year]
        if "work" in context:
            years = {w.edition.year for w in context["work"]}
            return tuple(ed for ed in self.site.editions if ed.year in years) or self.site.editions
        return self.site.editions


def navigation(site: Site, ed: Edition | None) -> tuple[tuple[str, str], ...]:
    """The main navigation's (label, path): an edition's pages stay in that edition; a cross-year page
    goes to the latest (for 民生实事 the latest with a livelihood table, for 进展通报 the latest with reports).
    No livelihood table, no link; no report, no link."""
    projects = ed if ed is not None else next((e for e in site.editions if e.items), None)
    reports = ed if ed is not None else next((e for e in site.editions if e.reports), None)
    return (
        ("重点工作", urls.tasks(ed or site.latest)),
        *((("民生实事", urls.projects(projects)),) if projects is not None and projects.items else ()),
        *((("进展通报", urls.progress(reports)),) if reports is not None and reports.reports else ()),
        (site.info.labels.areas, urls.DISTRICTS),
        ("责任单位", urls.DEPARTMENTS),
    )


def switcher(site: Site, ed: Edition, path: str, template: str) -> tuple[YearLink, ...]:
    """Every year, newest first, each linking to this page's counterpart in it (the notice of a year that
    has no such page); () for a page of no known kind, or a site of one edition (nothing to switch to)."""
    if template not in COUNTERPARTS or len(site.editions) < 2:
        return ()
    counterpart, note, needs = COUNTERPARTS[template]
    links = []
    for other in site.editions:
        if other is ed:
            links.append(YearLink(other.year, path, True, ""))
        elif needs is not None and not needs(other):
            links.append(YearLink(other.year, urls.edition(other), False, MISSING_NOTE[needs]))
        else:
            links.append(YearLink(other.year, counterpart(other), False, note))
    return tuple(links)
