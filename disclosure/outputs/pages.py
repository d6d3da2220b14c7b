"""The page catalogue: every HTML page of the site, with its template, context and the record it shows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from disclosure import urls
from disclosure.model import Edition, Site


def page_specs(site: Site) -> Iterator[tuple[str, str, dict, str]]:
    """Every HTML page: (path, template, context, source it comes from). The context holds what the page
    shows beyond what every page does (tools/incremental.py derives from it when to render it again):
    the site itself for a page that shows a bit of everything, else its records and what it shows of
    their edition."""
    content = site.content
    yield urls.HOME, "home.html", {"site": site, "intro": content["index.md"]}, "content/index.md"
    yield urls.SEARCH, "search.html", {}, "search page"
    yield urls.NOT_FOUND_FILE, "404.html", {}, "404 page"
    yield urls.DEPARTMENTS, "departments.html", {"site": site}, "department index"
    yield urls.DISTRICTS, "districts.html", {"site": site}, "district index"
    yield urls.DOWNLOADS, "downloads.html", {"site": site}, "downloads page"
    for unit in site.units:
        yield (
            urls.department(unit),
            "department.html",
            {"unit": unit, "work": site.unit_work[unit.slug]},
            f"unit {unit.name}",
        )
    for unit in site.units:
        for old in unit.former_slugs:
            target = {"target": urls.department(unit), "label": unit.name}
            yield urls.department(replace(unit, slug=old)), "redirect.html", target, f"redirect for unit {unit.name}"
    for area in site.areas:
        for old in area.former_slugs:
            target = {"target": urls.district(area), "label": area.name}
            yield urls.district(replace(area, slug=old)), "redirect.html", target, f"redirect for area {area.name}"
    for area in site.areas:
        yield (
            urls.district(area),
            "district.html",
            {"area": area, "work": site.area_work[area.slug]},
            f"area {area.name}",
        )
    for ed in site.editions:
        notice, method = content[f"{ed.year}/notice.md"], content[f"{ed.year}/source.md"]
        counts, mismatches = check_counts(ed), ed.mismatches
        groups = tuple((c, ed.items_in(c)) for c in ed.categories)
        notice_context = {"ed": ed, "notice": notice, "counts": counts}
        yield urls.edition(ed), "notice.html", notice_context, f"content/{ed.year}/notice.md"
        source_context = {"ed": ed, "method": method, "mismatches": mismatches}
        yield urls.source(ed), "source.html", source_context, f"content/{ed.year}/source.md"
        checks_context = {"ed": ed, "counts": counts, "mismatches": mismatches}
        yield urls.checks(ed), "checks.html", checks_context, f"{ed.year} data checks"
        tasks_context = {"ed": ed, "tasks": ed.tasks, "leads": lead_counts(ed)}
        yield urls.tasks(ed), "tasks.html", tasks_context, f"{ed.year} task index"
        projects_context = {"ed": ed, "groups": groups, "counts": counts}
        yield urls.projects(ed), "projects.html", projects_context, f"{ed.year} project index"
        for n, task in enumerate(ed.tasks):  # a task page links to the task before and after it
            previous, following = ed.tasks[n - 1] if n else None, ed.tasks[n + 1] if n + 1 < len(ed.tasks) else None
            task_context = {"ed": ed, "task": task, "previous": previous, "next": following}
            yield urls.task(task), "task.html", task_context, f"{ed.year} task {task.no}"
        for item in ed.items:
            yield urls.project(item), "project.html", {"ed": ed, "item": item}, f"{ed.year} livelihood item {item.no}"


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
        "summed": sum(ind.target.value is not None for ind in ed.indicators),
    }


def lead_counts(ed: Edition) -> list[tuple[object, int]]:
    """Lead units of an edition's tasks with how many they lead, most first, then by name."""
    counts: dict[object, int] = {}
    for task in ed.tasks:
        counts[task.lead] = counts.get(task.lead, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].slug))
