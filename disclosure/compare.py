"""Cross-year views for the department and district pages and their indexes, computed once in Python.

An indicator recurs when two or more editions have a row with the same key: its category's name and its
own name, or its item's text for an unnamed indicator (the document writes no name when an item has one
row). A comparison sets each recurring indicator's years side by side: on a district page the area's
figure beside the citywide target, on a department page the citywide target of the indicators it leads.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure.model import Area, Cell, Edition, Indicator, Item, Site, Unit, UnitWork

Key = tuple[str, str]  # (category name, indicator name or, for an unnamed indicator, item text)


@dataclass(frozen=True, eq=False)
class Occurrence:
    """One indicator row of one edition, as a comparison shows it."""

    item: Item
    indicator: Indicator
    cell: Cell | None  # the area's value (district page); None on a department page or for a row without breakdown


@dataclass(frozen=True, eq=False)
class Slot:
    """One year of a comparison row."""

    edition: Edition
    occurrences: tuple[Occurrence, ...]  # () when that year has no such indicator; two only if its table repeats it
    listed: bool  # the area is a column of that year's table (always True on a department page)


@dataclass(frozen=True, eq=False)
class Row:
    """A recurring indicator: its key, and one slot per year of the comparison."""

    category: str
    name: str  # the indicator's name, or its item's text when it has none
    slots: tuple[Slot, ...]

    @property
    def label(self) -> str:
        """The row as pages name it: the editors' label of its newest year that has one, else its name."""
        labels = [o.indicator.label for s in self.slots for o in s.occurrences if o.indicator.label]
        return labels[0] if labels else self.name  # slots run newest first


@dataclass(frozen=True, eq=False)
class Comparison:
    """The recurring indicators of a page, years newest first; no rows when nothing recurs."""

    editions: tuple[Edition, ...]
    rows: tuple[Row, ...]


Recurring = dict[Key, dict[int, tuple[tuple[Item, Indicator], ...]]]  # key -> year -> its rows in that year


def indicator_key(item: Item, ind: Indicator) -> Key:
    """What an indicator row is matched by across years."""
    return (item.category.name, item.text if ind.name is None else ind.name)


def recurring(site: Site) -> Recurring:
    """The indicators that occur in more than one edition, in the order of their newest occurrence."""
    found: dict[Key, dict[int, list[tuple[Item, Indicator]]]] = {}
    for ed in site.editions:  # newest first: a key's first place is in the newest edition that has it
        for item in ed.items:
            for ind in item.indicators:
                found.setdefault(indicator_key(item, ind), {}).setdefault(ed.year, []).append((item, ind))
    return {key: {year: tuple(rows) for year, rows in years.items()} for key, years in found.items() if len(years) > 1}


def _comparison(site: Site, rows: list[Row]) -> Comparison:
    """Keep only the years some row has, newest first."""
    years = {slot.edition.year for row in rows for slot in row.slots if slot.occurrences}
    editions = tuple(ed for ed in site.editions if ed.year in years)
    kept = tuple(Row(r.category, r.name, tuple(s for s in r.slots if s.edition.year in years)) for r in rows)
    return Comparison(editions, kept)


def area_comparison(site: Site, area: Area, found: Recurring) -> Comparison:
    """A district page's recurring indicators: the area's figure in each year (unlisted where it has no column)."""
    # shown if the area is a column in one of its years at least: an area new this year sees its first figure
    rows = []
    for (category, name), years in found.items():
        slots = []
        for ed in site.editions:
            listed = area in ed.document.area_columns
            occurrences = tuple(
                Occurrence(item, ind, next((c for c in ind.cells if c.area is area), None) if listed else None)
                for item, ind in years.get(ed.year, ())
            )
            slots.append(Slot(ed, occurrences, listed))
        if any(s.listed and s.occurrences for s in slots):
            rows.append(Row(category, name, tuple(slots)))
    return _comparison(site, rows)


def unit_comparison(site: Site, unit: Unit, found: Recurring) -> Comparison:
    """A department page's recurring indicators that the unit leads in some year: the citywide target in each."""
    # a year another unit leads stays in the row (the page names that unit): a handover is part of the story
    rows = []
    for (category, name), years in found.items():
        if not any(item.lead is unit for rows_ in years.values() for item, _ in rows_):
            continue
        slots = tuple(
            Slot(ed, tuple(Occurrence(item, ind, None) for item, ind in years.get(ed.year, ())), True)
            for ed in site.editions
        )
        rows.append(Row(category, name, slots))
    return _comparison(site, rows)


def years_listed(site: Site, area: Area, listed: bool = True) -> tuple[Edition, ...]:
    """The editions whose livelihood table has a column for the area (listed=False: has none), oldest first."""
    # oldest first, as a sentence names years: 参与年份:2024年、2025年
    return tuple(ed for ed in reversed(site.editions) if (area in ed.document.area_columns) == listed)


# The indexes: every edition's counts, side by side.


@dataclass(frozen=True, eq=False)
class AreaYear:
    """An area's counts in one edition (/districts/)."""

    edition: Edition
    with_target: int | None  # indicator rows giving it a target; None: not a column of that year's table
    tasks: int  # key tasks naming its government or zone


@dataclass(frozen=True, eq=False)
class AreaCounts:
    area: Area
    years: tuple[AreaYear, ...]  # one per edition, newest first


@dataclass(frozen=True, eq=False)
class UnitYear:
    """A unit's counts in one edition (/departments/); all None when that year's document does not name it."""

    edition: Edition
    led: int | None
    co: int | None
    rows_led: int | None


@dataclass(frozen=True, eq=False)
class UnitCounts:
    unit: Unit
    years: tuple[UnitYear, ...]  # one per edition, newest first


def area_order(site: Site) -> tuple[Area, ...]:
    """Every area once, in the union of the editions' column orders, then the registry's other areas."""
    # the newest table's order; an area only an older table has goes after the column it followed there
    order: list[Area] = []
    for ed in site.editions:
        for n, area in enumerate(ed.document.area_columns):
            if area in order:
                continue
            before = [a for a in ed.document.area_columns[:n] if a in order]
            order.insert(order.index(before[-1]) + 1 if before else 0, area)
    return (*order, *(a for a in site.areas if a not in order))


def area_index(site: Site) -> tuple[AreaCounts, ...]:
    """Each area's counts in each edition, areas as area_order puts them."""
    out = []
    for area in area_order(site):
        work = {w.edition.year: w for w in site.area_work.get(area.slug, ())}
        years = []
        for ed in site.editions:
            w = work.get(ed.year)
            with_target = (w.with_target if w else 0) if area in ed.document.area_columns else None
            years.append(AreaYear(ed, with_target, len(w.tasks) if w else 0))
        out.append(AreaCounts(area, tuple(years)))
    return tuple(out)


def unit_index(site: Site) -> tuple[UnitCounts, ...]:
    """Each unit's counts in each edition, units in registry order."""
    out = []
    for unit in site.units:
        work: dict[int, UnitWork] = {w.edition.year: w for w in site.unit_work.get(unit.slug, ())}
        years = []
        for ed in site.editions:
            w = work.get(ed.year)
            years.append(UnitYear(ed, *((len(w.led), len(w.co), len(w.rows_led)) if w else (None, None, None))))
        out.append(UnitCounts(unit, tuple(years)))
    return tuple(out)
