"""What each page depends on, so that the dev server re-renders only the pages an edit changes.

A page's key is the context it is rendered with (outputs/pages.py) reduced to plain facts: a record to
the facts of its fields (its place in the sources left out: no page shows it), an edition to its year.
Two builds that give a page equal keys give it equal bytes, provided the site key (what every page may
show: the documents and whether each has a livelihood table, the unit and area registries, the content)
is equal too. So the page catalogue puts in a page's context what it shows of an edition (the tasks of
the task index, a task's neighbours, the counts, a district's unbroken rows), and a page that shows a
bit of everything has the site in its context: its key is None, and it is always rendered.
tests/test_incremental.py edits records of every kind and checks that the pages re-rendered this way are
byte for byte those of a full render.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal

from markupsafe import Markup

from disclosure.build.plan import Page
from disclosure.model import Edition, Site

PLAIN = (str, int, float, Decimal, date)  # a fact (Markup is a str, bool an int)
AS_IS = frozenset({str, int, type(None)})  # facts as they are, by type (faster): equal ones are written alike
PLAIN_TYPES = frozenset({Markup, bool, float, Decimal, date})  # facts with their type and text (Facts)
POSITIONS = frozenset({"Pos", "Pos | None"})  # field types (as annotated) of a record's place in the sources


class Key(int):
    """The number a Facts table gives one value's facts: a key equals only itself (the table makes one
    per number), never a plain number written in a record (a field holding 3 is not Key(3))."""

    __slots__ = ()
    __hash__ = int.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other


Table = dict[Hashable, Key]  # a value's facts, one level deep (what it holds, as keys) -> its key
NUMBERS = itertools.count(1)  # of keys: a key's number is its hash


def site_key(site: Site, facts: Facts) -> Hashable:
    """What every page may show: when it changes, every page is rendered again."""
    return facts(
        (
            repr(site.info),  # site.yaml: the site's name, labels, vocabularies, footer (a frozen, printable value)
            tuple(sorted(site.content.items())),
            tuple(ed.document for ed in site.editions),
            tuple(bool(ed.items) for ed in site.editions),  # the footer of every page links a livelihood.json or not
            site.units,
            site.areas,
            tuple(ed.year for ed in site.editions if ed.reports),  # the editions the navigation links 进展通报 in
        )
    )


def page_keys(pages: list[Page], facts: Facts) -> dict[str, Hashable]:
    """{page file: key} for every page (facts: shared by all pages, so that a unit or a task is reduced
    once, however many pages show it)."""
    return {page.file: facts.of_context(page.context) for page in pages}


def shows_a_record(page: Page) -> bool:
    """Whether the page is one record's (a task's, a unit's, …): the dev server writes those first."""
    return any(is_dataclass(value) and not isinstance(value, (Edition, Site)) for value in page.context.values())


class Facts:
    """Reduces one build's context values to keys, each object once (by identity: all stay alive
    meanwhile). Facts equal to the last build's (previous: its table) get its key, the same object, so
    that two builds' keys compare by identity: compared as nested tuples, the keys of 11,580 pages took
    0.4 s at 10,000 tasks. The table holds only this build's facts, so a long session's edits do not
    accumulate. A str, an int or None is a fact as it is, any other plain value a fact with its type and
    its text: Decimals 8 and 8.0 are equal but written differently (Figure.text), and 1 == True."""

    def __init__(self, previous: Table | None = None) -> None:
        self.previous: Table = previous or {}
        self.table: Table = {}
        self.done: dict[int, Hashable] = {}
        self.names: dict[type, tuple[str, ...]] = {}

    def of_context(self, context: dict[str, object]) -> Hashable:
        """A page's key: None for a page showing the whole site."""
        if any(isinstance(value, Site) for value in context.values()):
            return None
        return self.key(tuple((name, self(value)) for name, value in sorted(context.items())))

    def key(self, facts: Hashable) -> Key:
        if (key := self.table.get(facts)) is None:
            if (key := self.previous.get(facts)) is None:
                key = Key(next(NUMBERS))
            self.table[facts] = key
        return key

    def __call__(self, value: object) -> Hashable:
        kind = type(value)
        if kind in AS_IS:
            return value
        if kind in PLAIN_TYPES:
            return (kind.__name__, repr(value))
        if (known := self.done.get(id(value))) is not None:  # most calls: a unit, a task seen on another page
            return known
        if isinstance(value, PLAIN):
            return (kind.__name__, repr(value))
        facts: Hashable
        done = self.done  # below, a value seen before is looked up without a call: 400,000 of them at 10,000 tasks
        if kind is tuple or kind is list:  # (the common case first: 270,000 values at 10,000 tasks)
            facts = tuple([v if type(v) in AS_IS else done.get(id(v)) or self(v) for v in value])  # type: ignore
        elif isinstance(value, Edition):  # a back-reference: what a page shows of it is in its context
            facts = ("edition", value.year)
        elif isinstance(value, Site):
            raise TypeError("the site has no facts of its own: a page showing it has the key None")
        elif (names := self.names.get(kind)) is not None or is_dataclass(value):
            if names is None:
                names = self.names[kind] = tuple(f.name for f in fields(value) if f.type not in POSITIONS)
            facts = (
                kind.__name__,
                *[v if type(v) in AS_IS else done.get(id(v)) or self(v) for v in map(value.__getattribute__, names)],
            )
        elif isinstance(value, tuple | list):
            facts = tuple(self(v) for v in value)
        elif isinstance(value, dict):
            facts = tuple((self(k), self(v)) for k, v in value.items())
        else:
            raise TypeError(f"no facts for a {kind.__name__} in a page context: reduce it in incremental.Facts")
        key = self.done[id(value)] = self.key(facts)
        return key
