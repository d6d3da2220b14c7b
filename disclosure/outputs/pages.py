"""The page catalogue: every HTML page of the site, with its template, context and the record it shows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from disclosure import urls
from disclosure.model import Edition, Site


def page_specs(site: Site) -> Iterator[tuple[str, str, dict, str]]:
    """Every HTML page: (path, template, context, source it comes from)."""
    content = site.content
    yield urls.HOME, "home.html", {"intro": content["index.md"]}, "content/index.md"
    yield urls.SEARCH, "search.html", {}, "search page"
    yield urls.NOT_FOUND_FILE, "404.html", {}, "404 page"
    yield urls.DEPARTMENTS, "departments.html", {}, "department index"
    yield urls.DISTRICTS, "districts.html", {}, "district index"
    yield urls.DOWNLOADS, "downloads.html", {}, "downloads page"
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
        yield urls.edition(ed), "notice.html", {"ed": ed, "notice": notice}, f"content/{ed.year}/notice.md"
        yield urls.source(ed), "source.html", {"ed": ed, "method": method}, f"content/{ed.year}/source.md"
        yield urls.checks(ed), "checks.html", {"ed": ed, "counts": check_counts(ed)}, f"{ed.year} data checks"
        yield urls.tasks(ed), "tasks.html", {"ed": ed, "leads": lead_counts(ed)}, f"{ed.year} task index"
        yield urls.projects(ed), "projects.html", {"ed": ed}, f"{ed.year} project index"
        for task in ed.tasks:
            yield urls.task(task), "task.html", {"ed": ed, "task": task}, f"{ed.year} task {task.no}"
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
