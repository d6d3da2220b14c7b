"""Search by year on the two-edition fixture site: the records' filters, the built index, and the search page.

A year restricts the records of that year (its notice, tasks and projects) and the units and areas that took
part in it (their pages cover every year); a category's filter value carries its year, so 2024's and 2025's
普惠托育项目 stay apart. The browser tests drive search/ in Chromium (marker `browser`); tests/example/
test_search_browser.py measures the example site's recall and precision with the same driver.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from factory import ROOT, serve

from disclosure import kinds, urls
from disclosure.kinds import SearchRecord
from disclosure.model import Area, Edition, Site, Unit
from disclosure.outputs import search

PAGE_SIZE = 20
WAIT_MS = 15_000
BUSY = "正在搜索…"
SHARED = "普惠托育项目"  # a category of both fixture editions
AXE = ROOT / "node_modules/axe-core/axe.min.js"
SERIOUS = {"serious", "critical"}  # the axe impacts that fail, as in tests/example/test_reading_browser.py

# Every snippet given to wait_for_function is a function: a bare expression string would be
# evaluated with eval(), which the page's Content-Security-Policy forbids.

# Resolves to false while a search is running or its first page of results is still
# being rendered; once settled, to {status, hrefs, kinds} read in one go.
SETTLED_JS = """([busy, pageSize]) => {
  if (!document.documentElement.dataset.searchReady) return false;
  const status = document.getElementById("search-status").textContent.trim();
  if (!status || status === busy) return false;
  const items = [...document.querySelectorAll("#search-results > li")];
  const found = status.match(/找到 (\\d+) 条结果/);
  if (found && items.length !== Math.min(Number(found[1]), pageSize)) return false;
  if (!found && items.length) return false;
  return {
    status,
    hrefs: items.map((li) => li.querySelector("a").getAttribute("href")),
    kinds: items.map((li) => li.querySelector(".kind").textContent),
  };
}"""

# Resolves once at least `want` results are listed (after a click on #search-more).
LISTED_JS = """(want) => document.querySelectorAll("#search-results > li").length >= want
  && [...document.querySelectorAll("#search-results > li")].map((li) => li.querySelector("a").getAttribute("href"))"""

# Types nothing (no input event, so no debounced second search): set the box and submit.
SUBMIT_JS = """(query) => {
  document.getElementById("search-input").value = query;
  document.getElementById("search-form").requestSubmit();
}"""

# The options of a filter select as shown, with their counts cut off: "2024年 普惠托育项目(2)" -> "2024年 普惠托育项目".
OPTIONS_JS = """(id) => [...document.getElementById(id).options].map((o) => o.text.replace(/\\([^()]*\\)$/, ""))"""


class SearchPage:
    """The search page of a served site, driven through Playwright."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self, query: str = "", **filters: str) -> dict:
        """Load search/ with ?q= and filter params; return the settled state."""
        params = {"q": query, **filters} if query else filters
        url = f"{self.base_url}search/" + (f"?{urlencode(params)}" if params else "")
        self.page.goto(url)
        return self.settled()

    def submit(self, query: str) -> dict:
        """Put a query in the box of the already-open page, submit it, return the settled state."""
        self.page.evaluate(SUBMIT_JS, query)
        self.page.wait_for_function(
            "(q) => new URLSearchParams(location.search).get('q') === q", arg=query.strip(), timeout=WAIT_MS
        )
        return self.settled()

    def settled(self) -> dict:
        """Wait until the search has finished and its first page is rendered; return status and results."""
        handle = self.page.wait_for_function(SETTLED_JS, arg=[BUSY, PAGE_SIZE], timeout=WAIT_MS)
        return handle.json_value()

    def all_hrefs(self, state: dict) -> list[str]:
        """Click #search-more until it is gone; return the link paths of every listed result."""
        hrefs = state["hrefs"]
        while self.page.locator("#search-more").count():
            self.page.click("#search-more")
            handle = self.page.wait_for_function(LISTED_JS, arg=len(hrefs) + 1, timeout=WAIT_MS)
            hrefs = handle.json_value()
        return [urlparse(h).path for h in hrefs]

    def choose(self, key: str, value: str) -> dict:
        """Pick a value ("" for 全部) in the filter select #filter-{key}; return the settled state of the new search."""
        self.page.select_option(f"#filter-{key}", value)
        self.page.wait_for_function(
            "([k, v]) => (new URLSearchParams(location.search).get(k) || '') === v", arg=[key, value], timeout=WAIT_MS
        )
        return self.settled()

    def options(self, key: str) -> list[str]:
        """The options of #filter-{key} as shown, without their counts."""
        return self.page.evaluate(OPTIONS_JS, f"filter-{key}")

    def params(self) -> dict[str, str]:
        """The page's URL parameters now."""
        return {k: v[0] for k, v in parse_qs(urlparse(self.page.evaluate("location.href")).query).items()}


def result_count(status: str) -> int:
    """The number in '找到 N 条结果。', or 0 for any other status."""
    m = re.search(r"找到 (\d+) 条结果", status)
    return int(m.group(1)) if m else 0


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


@pytest.fixture(scope="module")
def indexed(records: list[SearchRecord], fixture_site: Path) -> list[SearchRecord]:
    """The records as the index holds them: each with its built page's visible text (search.page_text)."""
    return [
        replace(r, text=search.page_text((fixture_site / urls.output_file(r.path)).read_text("utf-8"))) for r in records
    ]


def by_path(records: list[SearchRecord]) -> dict[str, SearchRecord]:
    return {r.path: r for r in records}


# ---------------------------------------------------------------- the records' filters


def test_every_record_of_an_edition_carries_its_year(fixture_model: Site, records: list[SearchRecord]) -> None:
    """The notice, each task and each project of an edition are filtered by that edition's year and no other."""
    found = by_path(records)
    for ed in fixture_model.editions:
        paths = [urls.edition(ed), *(urls.task(t) for t in ed.tasks), *(urls.project(i) for i in ed.items)]
        assert {p: found[p].filters["year"] for p in paths} == {p: [str(ed.year)] for p in paths}


def test_categories_carry_their_year(fixture_model: Site, records: list[SearchRecord]) -> None:
    """A project's category filter is "<year>年 <name>": 2024's and 2025's 普惠托育项目 are two values."""
    found = by_path(records)
    for ed in fixture_model.editions:
        for item in ed.items:
            assert found[urls.project(item)].filters["category"] == [f"{ed.year}年 {item.category.name}"]
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
        assert found[urls.department(unit)].filters["year"] == unit_years(fixture_model, unit), unit.name
    for area in fixture_model.areas:
        assert found[urls.district(area)].filters["year"] == area_years(fixture_model, area), area.name
    years = {found[f"departments/{slug}/"].filters["year"][0] for slug in ("education", "traffic-congestion")}
    assert years == {"2025"}  # units of 2025's tasks only
    assert found["departments/womens-federation/"].filters["year"] == ["2024"]
    assert found["departments/development-reform/"].filters["year"] == ["2025", "2024"]
    assert found["departments/reform-office/"].filters["year"] == []  # in the registry, in neither document


def test_each_report_is_a_record_with_its_own_words(fixture_model: Site, records: list[SearchRecord]) -> None:
    """A report page is found by its title, period, summary and every entry's verbatim text, filtered by its year."""
    found = by_path(records)
    reports = [r for ed in fixture_model.editions for r in ed.reports]
    assert len(reports) == 4
    assert sorted(r.path for r in records if r.kind == kinds.REPORT.search_label) == sorted(map(urls.report, reports))
    for r in reports:
        rec = found[urls.report(r)]
        assert (rec.title, rec.filters) == (r.title, {"kind": ["进展通报"], "year": [str(r.year)]})
        said = [r.title, r.period, r.summary, *(e.text for e in r.tasks), *(e.text for e in r.rows)]
        assert all(s in rec.text for s in said if s), r.slug
    h1 = found["2024/progress/2024-h1/"].text
    assert "上半年" in h1 and "重点工作总体按时推进,2个事项进度滞后。" in h1 and "已建成社区托育机构12家。" in h1


def test_a_task_is_found_by_what_the_reports_say_of_it(fixture_model: Site, records: list[SearchRecord]) -> None:
    """Each task's record holds every report's words on it, so a phrase of a report finds the task too."""
    found = by_path(records)
    for ed in fixture_model.editions:
        for task in ed.tasks:
            text = found[urls.task(task)].text
            assert all(e.text in text for _, e in ed.task_timeline.get(task, ())), task.ref
    task_2 = found["2024/tasks/2/"].text
    assert "研发投入强度预计达到3.1%,低于序时进度。" in task_2 and "研发投入强度达到3.5%。" in task_2
    assert {r.path for r in records if "低于序时进度" in r.text} == {"2024/tasks/2/", "2024/progress/2024-h1/"}


def test_a_task_s_status_filter_is_its_latest_status(fixture_model: Site, records: list[SearchRecord]) -> None:
    """The status filter is the newest report's status (task 2: 进度滞后 in 上半年, 已完成 in 全年), 原文未标明 as
    such, and 暂无公开的进展情况 for a task no report names; records of other kinds carry no status."""
    found = by_path(records)
    statuses = {p: r.filters["status"] for p, r in found.items() if "status" in r.filters}
    assert statuses == {
        "2024/tasks/1/": ["已完成"],
        "2024/tasks/2/": ["已完成"],
        "2024/tasks/3/": ["已完成"],
        "2024/tasks/4/": ["提前完成"],
        "2024/tasks/5/": ["进度滞后"],
        "2024/tasks/6/": [kinds.NO_PROGRESS],
        "2024/tasks/7/": ["原文未标明"],
        "2025/tasks/1/": ["按序时推进"],
        "2025/tasks/2/": [kinds.NO_PROGRESS],
        "2025/tasks/3/": [kinds.NO_PROGRESS],
        "2025/tasks/4/": [kinds.NO_PROGRESS],
    }
    assert {p for p, r in found.items() if r.kind == kinds.TASK.search_label} == statuses.keys()
    assert kinds.NO_PROGRESS == "暂无公开的进展情况"


def test_the_built_index_holds_the_years_and_the_categories_by_year(fixture_site: Path) -> None:
    """Pagefind's filter indexes of the fixture build, all its bundles: years 2024 and 2025; each year's
    普惠托育项目 on its own."""
    filters: dict[str, set[str]] = {}
    for path in sorted((fixture_site / "pagefind").glob("**/filter/*.pf_filter")):
        name, values = search._read(path)
        filters.setdefault(name, set()).update(v for v, _ in values)
    assert sorted(filters["year"]) == ["2024", "2025"]
    categories = sorted(filters["category"])
    assert f"2024年 {SHARED}" in categories and f"2025年 {SHARED}" in categories and SHARED not in categories
    assert all(re.fullmatch(r"20\d\d年 \S+", v) for v in categories), categories


def test_the_search_page_explains_the_year_filter(fixture_site: Path) -> None:
    """With two editions the search page says what a year restricts; the example site of one has no hint."""
    html = (fixture_site / "search" / "index.html").read_text("utf-8")
    assert 'id="search-hint"' in html
    assert "选定年份后,只列出该年的原文件、重点工作、民生实事和进展通报,以及该年有分工的责任单位和地区" in html


def test_the_search_page_explains_the_status_filter(fixture_site: Path, fixture_model: Site) -> None:
    """The status hint lists the statuses in the site's order, then 暂无公开的进展情况, and says which count as done."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((fixture_site / "search" / "index.html").read_text("utf-8"), "html.parser")
    hint = soup.find(id="status-hint")
    names = [s.name for s in fixture_model.info.statuses]
    assert [s.get_text() for s in hint.find_all(attrs={"data-status": True})] == [*names, kinds.NO_PROGRESS]
    assert names[-1] == "原文未标明"
    assert "已完成、提前完成计为完成;“原文未标明”是通报没有写进展状态,不计为未完成。" in hint.get_text()


# ---------------------------------------------------------------- the search page in Chromium


@pytest.fixture(scope="module")
def fixture_server(fixture_site: Path) -> Iterator[str]:
    with serve(fixture_site) as url:
        yield url


@pytest.fixture
def search_page(page, fixture_server: str) -> SearchPage:
    return SearchPage(page, fixture_server)


@pytest.mark.browser
def test_a_year_in_the_url_returns_only_that_year(search_page: SearchPage, indexed: list[SearchRecord]) -> None:
    """?year=2024&q=托育 preselects 2024 and lists exactly 2024's indexed with 托育 (its projects, and the two reports
    on their rows); 2025's project is left out."""
    state = search_page.open("托育", year="2024")
    expected = year_truth(indexed, "托育", "2024")
    reports = {"/2024/progress/2024-h1/", "/2024/progress/2024-annual/"}
    # The pages that show 2024's 托育 figures (the areas', the lead unit's) are found too: the index is what pages show.
    shown = {"/2024/projects/1/", "/2024/projects/2/", *reports}
    assert shown <= expected and all(p.startswith(("/districts/", "/departments/")) for p in expected - shown)
    assert set(search_page.all_hrefs(state)) == expected
    assert search_page.page.locator("#filter-year").input_value() == "2024"
    assert search_page.params() == {"q": "托育", "year": "2024"}
    assert "/2025/projects/3/" in {"/" + r.path for r in indexed if "托育" in r.text}  # there, in the other year


@pytest.mark.browser
def test_the_year_filter_offers_the_years_newest_first(search_page: SearchPage) -> None:
    """The year select is shown and offers 全部年份, 2025年, 2024年, in that order, with the hint beside it."""
    search_page.open("托育")
    assert search_page.page.locator("#filter-year").is_visible()
    assert search_page.options("year") == ["全部年份", "2025年", "2024年"]
    assert search_page.page.locator("#search-hint").is_visible()


@pytest.mark.browser
def test_choosing_a_year_updates_the_url_and_the_results(search_page: SearchPage, indexed: list[SearchRecord]) -> None:
    """Choosing 2025 writes ?year=2025 and lists 2025's indexed only; 全部年份 drops it and lists both years'."""
    search_page.open("托育")
    state = search_page.choose("year", "2025")
    assert search_page.params() == {"q": "托育", "year": "2025"}
    expected = year_truth(indexed, "托育", "2025")
    assert "/2025/projects/3/" in expected and not any(p.startswith("/2024/") for p in expected)
    assert set(search_page.all_hrefs(state)) == expected
    state = search_page.choose("year", "")
    assert search_page.params() == {"q": "托育"}
    assert set(search_page.all_hrefs(state)) == {"/" + r.path for r in indexed if "托育" in r.text}


@pytest.mark.browser
def test_categories_of_two_years_stay_apart(search_page: SearchPage, fixture_model: Site) -> None:
    """Without a year the category select offers 2024年 and 2025年 普惠托育项目 apart; a year offers its own only."""
    search_page.open("托育")
    every = [f"{ed.year}年 {c.name}" for ed in fixture_model.editions for c in ed.categories]
    assert sorted(search_page.options("category")[1:]) == sorted(every)
    assert f"2024年 {SHARED}" in every and f"2025年 {SHARED}" in every

    state = search_page.choose("category", f"2024年 {SHARED}")
    assert set(search_page.all_hrefs(state)) == {"/2024/projects/1/", "/2024/projects/2/"}
    assert search_page.params() == {"q": "托育", "category": f"2024年 {SHARED}"}

    # Choosing 2025 offers 2025's categories (by name: the year is chosen) and moves the choice to 2025's 普惠托育项目.
    state = search_page.choose("year", "2025")
    assert sorted(search_page.options("category")[1:]) == sorted(
        c.name for c in edition_of(fixture_model, 2025).categories
    )
    assert search_page.params() == {"q": "托育", "year": "2025", "category": f"2025年 {SHARED}"}
    assert set(search_page.all_hrefs(state)) == {"/2025/projects/3/"}


@pytest.mark.browser
def test_a_category_only_one_year_has_is_dropped_with_a_word(search_page: SearchPage) -> None:
    """2024's 道路提升项目 chosen, then 2025: 2025 has no such category, so the choice goes back to 全部 and says so."""
    search_page.open("", category="2024年 道路提升项目")
    state = search_page.choose("year", "2025")
    assert search_page.params() == {"year": "2025"}
    assert search_page.page.locator("#filter-category").input_value() == ""
    assert state["status"].startswith("2025年没有“道路提升项目”这一分类,已改为全部分类。找到 ")


@pytest.mark.browser
def test_an_old_category_link_matches_the_name_in_every_year(search_page: SearchPage) -> None:
    """?category=普惠托育项目 (a link from before categories had years) finds both years' projects and says so."""
    state = search_page.open("", category=SHARED)
    assert set(search_page.all_hrefs(state)) == {"/2024/projects/1/", "/2024/projects/2/", "/2025/projects/3/"}
    assert state["status"] == f"分类“{SHARED}”没有写年份,列出2025年、2024年的同名分类。找到 3 条结果。"
    assert search_page.page.locator("#filter-category option:checked").text_content() == f"{SHARED}(各年,3)"
    assert search_page.params() == {"category": SHARED}


@pytest.mark.parametrize(
    ("params", "canonical", "found"),
    [
        ({"year": "2024", "category": SHARED}, f"2024年 {SHARED}", {"/2024/projects/1/", "/2024/projects/2/"}),
        ({"category": "道路提升项目"}, "2024年 道路提升项目", {"/2024/projects/4/"}),
    ],
)
@pytest.mark.browser
def test_an_old_category_link_of_one_year_becomes_that_year_s(
    search_page: SearchPage, params: dict[str, str], canonical: str, found: set[str]
) -> None:
    """A category name that one year (the chosen one, or the only one having it) has is that year's category."""
    state = search_page.open("", **params)
    assert search_page.page.locator("#filter-category").input_value() == canonical
    assert search_page.params() == {**params, "category": canonical}
    assert set(search_page.all_hrefs(state)) == found


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "2019"}, "没有 2019 年的数据:本站只有 2025、2024 年的数据,请在“年份”中选择。"),
        ({"area": "火星"}, "本站没有地区“火星”,请在“地区”中另选。"),
        (
            {"category": f"2019年 {SHARED}"},
            f"本站没有民生实事分类“2019年 {SHARED}”,请在“民生实事分类”中另选。",
        ),
    ],
)
@pytest.mark.browser
def test_an_unknown_value_in_the_url_is_said_and_kept(
    search_page: SearchPage, params: dict[str, str], message: str
) -> None:
    """A filter value the site does not hold is shown as such and finds nothing, rather than being ignored."""
    state = search_page.open("托育", **params)
    assert state == {"status": message, "hrefs": [], "kinds": []}
    [(key, value)] = params.items()
    assert search_page.page.locator(f"#filter-{key}").input_value() == value
    assert search_page.page.locator(f"#filter-{key} option:checked").text_content().endswith("(无数据)")
    assert search_page.params() == {"q": "托育", **params}


@pytest.mark.browser
def test_a_category_of_another_year_says_whose_it_is_and_links_that_year(search_page: SearchPage) -> None:
    """?year=2025&category=2024年 普惠托育项目: the category exists, as 2024's; the page says so and links 2024."""
    state = search_page.open("", year="2025", category=f"2024年 {SHARED}")
    assert state == {
        "status": f"分类“{SHARED}”是 2024 年的,不是所选 2025 年的分类。改看 2024 年的这一分类。",
        "hrefs": [],
        "kinds": [],
    }
    assert search_page.page.locator("#filter-category option:checked").text_content() == (
        f"2024年 {SHARED}(不是2025年的)"
    )
    search_page.page.click("#search-status a")
    state = search_page.settled()
    assert search_page.params() == {"year": "2024", "category": f"2024年 {SHARED}"}
    assert set(search_page.all_hrefs(state)) == {"/2024/projects/1/", "/2024/projects/2/"}
    assert search_page.page.locator("#filter-category option:checked").text_content() == f"{SHARED}(2)"


@pytest.mark.browser
def test_an_unknown_year_gives_way_to_a_chosen_one(search_page: SearchPage, indexed: list[SearchRecord]) -> None:
    """?year=2019 counts what each held year would find; choosing 2024 searches 2024 and the 2019 option is gone."""
    search_page.open("托育", year="2019")
    year_options = "() => [...document.getElementById('filter-year').options].map((o) => o.text)"
    counts = f"({len(year_truth(indexed, '托育', '2025'))})", f"({len(year_truth(indexed, '托育', '2024'))})"
    assert search_page.page.evaluate(year_options) == [
        "全部年份",
        f"2025年{counts[0]}",
        f"2024年{counts[1]}",
        "2019年(无数据)",
    ]
    state = search_page.choose("year", "2024")
    assert set(search_page.all_hrefs(state)) == year_truth(indexed, "托育", "2024")
    assert search_page.options("year") == ["全部年份", "2025年", "2024年"]


@pytest.mark.browser
def test_a_year_keeps_the_departments_of_that_year(search_page: SearchPage, indexed: list[SearchRecord]) -> None:
    """A department is found under a year it has work in, not under another: 市妇联 in 2024, not in 2025."""
    state = search_page.open("妇联", year="2024")
    assert set(search_page.all_hrefs(state)) == year_truth(indexed, "妇联", "2024")
    assert "/departments/womens-federation/" in state["hrefs"]
    state = search_page.choose("year", "2025")
    assert "/departments/womens-federation/" not in search_page.all_hrefs(state)


@pytest.mark.browser
def test_the_year_counts_say_what_each_year_would_give(search_page: SearchPage, indexed: list[SearchRecord]) -> None:
    """With 2024 chosen, 2025年's count is what choosing 2025 would find, not 0; 2024's are its two projects, the
    two reports on their rows and the pages of the areas and the unit that show them."""
    search_page.open("托育", year="2024")
    counts = search_page.page.evaluate("() => [...document.getElementById('filter-year').options].map((o) => o.text)")
    assert (
        counts
        == [
            "全部年份",
            f"2025年({len(year_truth(indexed, '托育', '2025'))})",
            f"2024年({len(year_truth(indexed, '托育', '2024'))})",
        ]
        == ["全部年份", "2025年(8)", "2024年(10)"]  # 2025: project 3 and the pages of six areas and a unit
    )


@pytest.mark.browser
def test_before_a_search_the_options_count_the_whole_index(
    search_page: SearchPage, indexed: list[SearchRecord]
) -> None:
    """With no query the year options count every record of that year (a unit or area in each year it took part in)."""
    search_page.open("")
    search_page.page.focus("#search-input")  # Pagefind loads when the reader comes to the box
    search_page.settled()
    counts = {y: sum(y in r.filters.get("year", []) for r in indexed) for y in ("2025", "2024")}
    year_options = "() => [...document.getElementById('filter-year').options].map((o) => o.text)"
    assert search_page.page.evaluate(year_options) == [
        "全部年份",
        f"2025年({counts['2025']})",
        f"2024年({counts['2024']})",
    ]
    assert min(counts.values()) > 0


@pytest.mark.browser
def test_a_report_phrase_finds_the_task_and_the_report(search_page: SearchPage, indexed: list[SearchRecord]) -> None:
    """低于序时进度, words of the 上半年 report on task 2, lists that task's page and the report's."""
    state = search_page.open("低于序时进度")
    assert set(search_page.all_hrefs(state)) == {"/2024/tasks/2/", "/2024/progress/2024-h1/"}
    assert sorted(state["kinds"]) == ["进展通报", "重点工作"]


@pytest.mark.browser
def test_a_status_in_the_url_narrows_to_those_tasks(search_page: SearchPage, indexed: list[SearchRecord]) -> None:
    """?status=进度滞后 preselects it and lists the tasks whose latest report says so: task 5, not task 2 (进度滞后
    in 上半年, 已完成 in 全年); choosing 暂无公开的进展情况 lists the tasks no report names."""
    state = search_page.open("", status="进度滞后")
    assert search_page.page.locator("#filter-status").input_value() == "进度滞后"
    assert search_page.params() == {"status": "进度滞后"}
    assert set(search_page.all_hrefs(state)) == {"/2024/tasks/5/"}
    state = search_page.choose("status", kinds.NO_PROGRESS)
    assert search_page.params() == {"status": kinds.NO_PROGRESS}
    expected = {"/" + r.path for r in indexed if r.filters.get("status") == [kinds.NO_PROGRESS]}
    assert (
        set(search_page.all_hrefs(state)) == expected == {"/2024/tasks/6/"} | {f"/2025/tasks/{n}/" for n in (2, 3, 4)}
    )


@pytest.mark.browser
def test_the_status_filter_offers_the_site_s_order(search_page: SearchPage, fixture_model: Site) -> None:
    """The status select offers the statuses the tasks have, in site.yaml's order, 暂无公开的进展情况 last."""
    search_page.open("")
    search_page.page.focus("#search-input")  # Pagefind and its filters load when the reader comes to the box
    search_page.settled()
    order = [s.name for s in fixture_model.info.statuses] + [kinds.NO_PROGRESS]
    held = ["已完成", "提前完成", "按序时推进", "进度滞后", "原文未标明", kinds.NO_PROGRESS]
    assert search_page.options("status") == ["全部", *sorted(held, key=order.index)]
    assert search_page.page.locator("#filter-status").is_visible()


@pytest.mark.browser
def test_an_unknown_status_in_the_url_is_said_and_kept(search_page: SearchPage) -> None:
    """A status no task has is kept in the address and said, as for the other filters."""
    state = search_page.open("", status="推进缓慢")
    assert state == {"status": "本站没有进展状态“推进缓慢”,请在“进展状态”中另选。", "hrefs": [], "kinds": []}
    assert search_page.page.locator("#filter-status option:checked").text_content() == "推进缓慢(无数据)"
    assert search_page.params() == {"status": "推进缓慢"}


@pytest.mark.parametrize("query", ["?year=2024&q=托育", "?year=2019&q=托育"])
@pytest.mark.browser
def test_axe_finds_no_serious_violation_with_a_year(browser: object, fixture_server: str, query: str) -> None:
    """The year filter, its hint and the unknown-year message pass axe-core (serious and critical fail)."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 375, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{fixture_server}search/{query}")
        SearchPage(page, fixture_server).settled()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    failing = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"] if v["impact"] in SERIOUS]
    assert failing == []
