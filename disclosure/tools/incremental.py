"""What each page depends on, so that the dev server re-renders only the pages an edit changes.

A page's key is a plain value built from the facts its template shows; two builds that give a page
equal keys give it equal bytes, provided the site key (what every page shows: the documents, the
unit and area registries, the content) is equal too. A page with the key None is always rendered.
tests/test_incremental.py edits records of every kind and checks that the pages re-rendered this way are
byte for byte those of a full render.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from dataclasses import fields

from disclosure.build.plan import Page
from disclosure.model import Area, Document, Edition, Indicator, Item, Site, Task, Unit

RECORD_TEMPLATES = frozenset({"task.html", "project.html", "department.html", "district.html", "redirect.html"})


def site_key(site: Site) -> Hashable:
    """What every page may show: when it changes, every page is rendered again."""
    return (
        repr(site.info),  # site.yaml: the site's name, labels, vocabularies, footer (a frozen, printable value)
        tuple(sorted(site.content.items())),
        tuple(document_facts(ed.document) for ed in site.editions),
        tuple(unit_facts(u) for u in site.units),
        tuple(area_facts(a) for a in site.areas),
    )


def page_keys(pages: list[Page]) -> dict[str, Hashable]:
    """{page file: key} for every page."""
    whole = functools.cache(lambda ed: (tasks_facts(ed.tasks), items_facts(ed.items)))  # once per edition
    return {page.file: page_key(page, whole) for page in pages}


def page_key(page: Page, whole: Callable[[Edition], tuple[Hashable, Hashable]]) -> Hashable:
    """What the page shows, given whole(edition): the facts of all its tasks and of all its items."""
    c = page.context
    match page.template:
        case "task.html":
            return task_facts(c["task"]), c["task"].no == len(c["ed"].tasks)  # the last has no "next" link
        case "project.html":
            return item_facts(c["item"])
        case "department.html":
            return c["unit"].name, tuple(
                (w.edition.year, tasks_facts(w.led), tasks_facts(w.co), items_facts(w.items_led)) for w in c["work"]
            )
        case "district.html":
            return c["area"].name, tuple((w.edition.year, whole(w.edition)[1], tasks_facts(w.tasks)) for w in c["work"])
        case "tasks.html":
            return c["ed"].year, whole(c["ed"])[0]
        case "projects.html":
            return c["ed"].year, whole(c["ed"])[1]
        case "redirect.html":
            return c["target"], c["label"]
    return None  # index pages that show a bit of everything: cheap, always rendered


def document_facts(d: Document) -> Hashable:
    return tuple(
        tuple(a.name for a in value) if f.name in ("area_columns", "inferred_columns") else value
        for f in fields(d)
        for value in [getattr(d, f.name)]
    )


def unit_facts(u: Unit) -> Hashable:
    area = u.area.name if u.area else None
    return u.name, u.full_name, u.slug, u.kind, area, u.note, u.withdrawn, u.former_slugs


def area_facts(a: Area) -> Hashable:
    return a.name, a.full_name, a.slug, a.kind, a.former_slugs


def task_facts(t: Task) -> Hashable:
    return t.year, t.no, t.text, tuple(u.name for u in t.units), t.withdrawn


def tasks_facts(tasks: tuple[Task, ...]) -> Hashable:
    return tuple(task_facts(t) for t in tasks)


def item_facts(i: Item) -> Hashable:
    category = i.category.no, i.category.name
    return i.year, i.no, category, i.text, i.lead.name, tuple(indicator_facts(ind) for ind in i.indicators), i.withdrawn


def items_facts(items: tuple[Item, ...]) -> Hashable:
    return tuple(item_facts(i) for i in items)


def indicator_facts(ind: Indicator) -> Hashable:
    cells = tuple((c.area.name, c.figure, c.share) for c in ind.cells)
    return ind.row, ind.item_no, ind.name, ind.target, cells, ind.withdrawn
