"""The page catalogue: every HTML page of the site, with its template, context and the record it shows."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure import kinds, urls
from disclosure.kinds import PageSpec
from disclosure.model import Edition, Site


def page_specs(site: Site) -> Iterator[PageSpec]:
    """Every HTML page: (path, template, context, source it comes from): the site's own pages, each edition's
    own pages, and every kind's (kinds.Kind.pages)."""
    content = site.content
    yield urls.HOME, "home.html", {"intro": content["index.md"]}, "content/index.md"
    yield urls.SEARCH, "search.html", {}, "search page"
    yield urls.NOT_FOUND_FILE, "404.html", {}, "404 page"
    yield urls.DOWNLOADS, "downloads.html", {}, "downloads page"
    for kind in kinds.SITE_KINDS:
        yield from kind.pages(site) if kind.pages else ()
    for ed in site.editions:
        notice, method = content[f"{ed.year}/notice.md"], content[f"{ed.year}/source.md"]
        yield urls.edition(ed), "notice.html", {"ed": ed, "notice": notice}, f"content/{ed.year}/notice.md"
        yield urls.source(ed), "source.html", {"ed": ed, "method": method}, f"content/{ed.year}/source.md"
        yield urls.checks(ed), "checks.html", {"ed": ed, "counts": check_counts(ed)}, f"{ed.year} data checks"
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
        "summed": sum(ind.target.value is not None for ind in ed.indicators),
    }
