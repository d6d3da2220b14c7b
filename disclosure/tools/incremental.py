"""What each page depends on, so that the dev server re-renders only the pages an edit changes.

A page's key is the context it is rendered with (outputs/pages.py) reduced to plain facts: a record to
the facts of its fields (its place in the sources left out: no page shows it), an edition to its year.
Two builds that give a page equal keys give it equal bytes, provided the site key (what every page may
show: the documents, the unit and area registries, the content) is equal too. So the page catalogue puts
in a page's context what it shows of an edition (the tasks of the task index, a task's neighbours, the
counts), and a page that shows a bit of everything has the site in its context: its key is None, and it
is always rendered. tests/test_incremental.py edits records of every kind and checks that the pages
re-rendered this way are byte for byte those of a full render.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal

from markupsafe import Markup

from disclosure.build.plan import Page
from disclosure.model import Edition, ProgressReport, Site

PLAIN = (str, int, float, Decimal, date)  # a fact as it is (Markup is a str, bool an int)
PLAIN_TYPES = frozenset({str, Markup, int, bool, float, Decimal, date, type(None)})  # the same, by type: faster
POSITIONS = frozenset({"Pos", "Pos | None"})  # field types (as annotated) of a record's place in the sources


def site_key(site: Site) -> Hashable:
    """What every page may show: when it changes, every page is rendered again."""
    facts = Facts()
    return (
        repr(site.info),  # site.yaml: the site's name, labels, vocabularies, footer (a frozen, printable value)
        tuple(sorted(site.content.items())),
        tuple(facts(ed.document) for ed in site.editions),
        tuple(report_facts(r) for ed in site.editions for r in ed.reports),
        facts(site.units),
        facts(site.areas),
    )


def report_facts(r: ProgressReport) -> Hashable:
    """A report as every page may show it (task pages read it through their edition, which a page key reduces
    to its year): its own fields and what it says, its records by number, so that editing a task or a row
    does not count as editing every report that names it (their pages have the record in their context)."""
    return (
        *(getattr(r, name) for name in ("year", "slug", "title", "period", "as_of", "published", "publisher")),
        r.source,
        r.summary,
        tuple((e.task.ref, e.status, e.text) for e in r.tasks),
        tuple(
            (
                e.indicator.row,
                e.status,
                e.citywide.completed,
                tuple((c.area.name, c.completed) for c in e.areas),
                e.text,
            )
            for e in r.rows
        ),
    )


def page_keys(pages: list[Page]) -> dict[str, Hashable]:
    """{page file: key} for every page."""
    facts = Facts()  # shared by all pages: a unit or a task is reduced once, however many pages show it
    return {page.file: facts.of_context(page.context) for page in pages}


def shows_a_record(page: Page) -> bool:
    """Whether the page is one record's (a task's, a unit's, …): the dev server writes those first."""
    return any(is_dataclass(value) and not isinstance(value, (Edition, Site)) for value in page.context.values())


class Facts:
    """Reduces context values to hashable facts, each object once (by identity: all stay alive meanwhile)."""

    def __init__(self) -> None:
        self.done: dict[int, Hashable] = {}
        self.names: dict[type, tuple[str, ...]] = {}

    def of_context(self, context: dict[str, object]) -> Hashable:
        """A page's key: None for a page showing the whole site."""
        if any(isinstance(value, Site) for value in context.values()):
            return None
        return tuple((name, self(value)) for name, value in sorted(context.items()))

    def __call__(self, value: object) -> Hashable:
        kind = type(value)
        if kind in PLAIN_TYPES:
            return value
        if (known := self.done.get(id(value))) is not None:  # most calls: a unit, a task seen on another page
            return known
        if isinstance(value, PLAIN):
            return value
        facts: Hashable
        if kind is tuple or kind is list:  # (the common case first: 270,000 values at 10,000 tasks)
            facts = tuple([v if type(v) in PLAIN_TYPES else self(v) for v in value])  # type: ignore[attr-defined]
        elif isinstance(value, Edition):  # a back-reference: what a page shows of it is in its context
            facts = ("edition", value.year)
        elif isinstance(value, Site):
            raise TypeError("the site has no facts of its own: a page showing it has the key None")
        elif (names := self.names.get(kind)) is not None or is_dataclass(value):
            if names is None:
                names = self.names[kind] = tuple(f.name for f in fields(value) if f.type not in POSITIONS)
            facts = (
                kind.__name__,
                *[v if type(v) in PLAIN_TYPES else self(v) for v in map(value.__getattribute__, names)],
            )
        elif isinstance(value, tuple | list):
            facts = tuple(self(v) for v in value)
        elif isinstance(value, dict):
            facts = tuple((k, self(v)) for k, v in value.items())
        else:
            raise TypeError(f"no facts for a {kind.__name__} in a page context: reduce it in incremental.Facts")
        self.done[id(value)] = facts
        return facts
