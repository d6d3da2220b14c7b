"""The page catalogue: every HTML page of the site, with its template, context and the record it shows."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure import kinds, urls
from disclosure.kinds import PageSpec
from disclosure.model import Edition, Site


def page_specs(site: Site) -> Iterator[PageSpec]:
    """Every HTML page: (path, template, context, source it comes from): the site's own pages, each edition's
    own pages, and every kind's (kinds.Kind.pages). The context holds what the page shows beyond what every
    page does (tools/incremental.py derives from it when to render it again): the site itself for a page
    that shows a bit of everything, else its records and what it shows of their edition."""
    content = site.content
    yield urls.HOME, "home.html", {"site": site, "intro": content["index.md"]}, "content/index.md"
    yield urls.SEARCH, "search.html", {}, "search page"
    yield urls.NOT_FOUND_FILE, "404.html", {}, "404 page"
    yield urls.DOWNLOADS, "downloads.html", {"site": site}, "downloads page"
    for kind in kinds.SITE_KINDS:
        yield from kind.pages(site) if kind.pages else ()
    for ed in site.editions:
        notice, method = content[f"{ed.year}/notice.md"], content[f"{ed.year}/source.md"]
        counts, mismatches = check_counts(ed), ed.mismatches
        notice_context = {"ed": ed, "notice": notice, "counts": counts}
        yield urls.edition(ed), "notice.html", notice_context, f"content/{ed.year}/notice.md"
        source_context = {"ed": ed, "method": method, "mismatches": mismatches}
        yield urls.source(ed), "source.html", source_context, f"content/{ed.year}/source.md"
        checks_context = {"ed": ed, "counts": counts, "mismatches": mismatches}
        yield urls.checks(ed), "checks.html", checks_context, f"{ed.year} data checks"
        for kind in kinds.EDITION_KINDS:
            yield from kind.pages(ed) if kind.pages else ()


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
