"""Search by year on the two-edition fixture site: the records' filters and the built index.

A year restricts the records of that year (its notice, tasks and projects) and the units and areas that took
part in it (their pages cover every year); a category's filter value carries its year, so 2024's and 2025's
普惠托育项目 stay apart. The browser tests drive search/ in Chromium (marker `browser`); tests/example/
test_search_browser.py measures the example site's recall and precision with the same driver.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from disclosure.kinds import SearchRecord
from disclosure.model import Area, Edition, Site, Unit
from disclosure.outputs import search

SHARED = "普惠托育项目"  # a category of both fixture editions


# ---------------------------------------------------------------- the truth, from the model


def edition_of(site: Site, year: int) -> Edition:
    return next(ed for ed in site.editions if ed.year == year)


def unit_years(site: Site, unit: Unit) -> list[str]:
    """The editions in which a unit has a task (lead or not) or leads a project, newest first."""
    return [
        str(ed.year)
        for ed in site.editions
        if any(unit in t.units for t in ed.tasks) or any(i.lead is unit for i in ed.items)
    ]


def area_years(site: Site, area: Area) -> list[str]:
    """The editions whose table has the area as a column or whose tasks name a unit of it, newest first."""
    return [
        str(ed.year)
        for ed in site.editions
        if area in ed.document.area_columns or any(u.area is area for t in ed.tasks for u in t.units)
    ]


def year_truth(records: list[SearchRecord], query: str, year: str) -> set[str]:
    """The result links of a query restricted to one year: the records of that year that contain it."""
    return {"/" + r.path for r in records if query in r.text and year in r.filters.get("year", [])}


@pytest.fixture(scope="module")
def records(fixture_model: Site) -> list[SearchRecord]:
    return search.search_records(fixture_model)


def by_path(records: list[SearchRecord]) -> dict[str, SearchRecord]:
    return {r.path: r for r in records}


# ---------------------------------------------------------------- the records' filters


def test_every_record_of_an_edition_carries_its_year(fixture_model: Site, records: list[SearchRecord]) -> None:
    """The notice, each task and each project of an edition are filtered by that edition's year and no other."""
    found = by_path(records)
    for ed in fixture_model.editions:
        paths = [f"{ed.year}/", *(f"{ed.year}/tasks/{t.no}/" for t in ed.tasks)]
        paths += [f"{ed.year}/projects/{i.no}/" for i in ed.items]
        assert {p: found[p].filters["year"] for p in paths} == {p: [str(ed.year)] for p in paths}


def test_categories_carry_their_year(fixture_model: Site, records: list[SearchRecord]) -> None:
    """A project's category filter is "<year>年 <name>": 2024's and 2025's 普惠托育项目 are two values."""
    found = by_path(records)
    for ed in fixture_model.editions:
        for item in ed.items:
            assert found[f"{ed.year}/projects/{item.no}/"].filters["category"] == [f"{ed.year}年 {item.category.name}"]
    shared = {v for r in records for v in r.filters.get("category", []) if v.endswith(SHARED)}
    assert shared == {f"2025年 {SHARED}", f"2024年 {SHARED}"}
    assert {r.path for r in records if f"2024年 {SHARED}" in r.filters.get("category", [])} == {
        "2024/projects/1/",
        "2024/projects/2/",
    }
    assert {r.path for r in records if f"2025年 {SHARED}" in r.filters.get("category", [])} == {"2025/projects/3/"}


def test_units_and_areas_carry_the_years_they_took_part_in(fixture_model: Site, records: list[SearchRecord]) -> None:
    """A department is found under a year in which it has work, a district under a year whose document has it."""
    found = by_path(records)
    for unit in fixture_model.units:
        assert found[f"departments/{unit.slug}/"].filters["year"] == unit_years(fixture_model, unit), unit.name
    for area in fixture_model.areas:
        assert found[f"districts/{area.slug}/"].filters["year"] == area_years(fixture_model, area), area.name
    years = {found[f"departments/{slug}/"].filters["year"][0] for slug in ("education", "traffic-congestion")}
    assert years == {"2025"}  # units of 2025's tasks only
    assert found["departments/womens-federation/"].filters["year"] == ["2024"]
    assert found["departments/development-reform/"].filters["year"] == ["2025", "2024"]
    assert found["departments/reform-office/"].filters["year"] == []  # in the registry, in neither document


def test_the_built_index_holds_the_years_and_the_categories_by_year(fixture_site: Path) -> None:
    """Pagefind's filter index of the fixture build: years 2024 and 2025; each year's 普惠托育项目 on its own."""
    filters = dict(search._read(p) for p in sorted((fixture_site / "pagefind" / "filter").glob("*.pf_filter")))
    assert [v for v, _ in filters["year"]] == ["2024", "2025"]
    categories = [v for v, _ in filters["category"]]
    assert f"2024年 {SHARED}" in categories and f"2025年 {SHARED}" in categories and SHARED not in categories
    assert all(re.fullmatch(r"20\d\d年 \S+", v) for v in categories), categories
