"""Long indexes split into pages of urls.PER_PAGE records at their real threshold: a synthetic project of 2,000
tasks (benchmarks/synth.py; 400 livelihood rows, about 230 items) gives 10 task-index pages and 2 project-index
pages. Every task and item is listed exactly once, in the document's order; the first page stays at the old URL;
each page says which part it is and has a labelled pager; a category's or section's anchor is on its first page
and the links to it go there (the build's link checker checks fragments: the build itself would fail)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from factory import ROOT, build_fixture, more_tasks

from disclosure import kinds, urls
from disclosure.build.pipeline import build
from disclosure.config import Config

TASKS = 2000


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    root = tmp_path_factory.mktemp("synth") / "project"
    synth.generate(TASKS, root)
    out = root.parent / "site"
    build(root, out, Config(site_url="https://example.org/"), with_search=False)
    return out


def parse(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / urls.output_file(path)).read_text("utf-8"), "html.parser")


def index_pages(site: Path, first: str) -> list[str]:
    """The paths of an index's pages, page 1 at `first`, as far as they exist."""
    paths = [first]
    while (site / urls.output_file(urls.paged(first, len(paths) + 1))).exists():
        paths.append(urls.paged(first, len(paths) + 1))
    return paths


def check_pager(page: BeautifulSoup, label: str, number: int, pages: int, first: str) -> None:
    navs = page.find_all("nav", class_="pager")
    assert [nav["aria-label"] for nav in navs] == [f"{label}分页", f"{label}分页(页尾)"]  # above and below
    for nav in navs:
        links = {a.get_text(): a["href"] for a in nav.find_all("a")}
        current = nav.find_all("a", attrs={"aria-current": "page"})
        assert [a.get_text() for a in current] == [f"第{number}页"]
        assert current[0]["href"] == "/" + urls.paged(first, number)
        assert links["第1页"] == "/" + first and links[f"第{pages}页"] == "/" + urls.paged(first, pages)
        assert links.get("上一页") == ("/" + urls.paged(first, number - 1) if number > 1 else None)
        assert links.get("下一页") == ("/" + urls.paged(first, number + 1) if number < pages else None)


def test_every_task_once_in_order_across_the_index_pages(big_site: Path) -> None:
    paths = index_pages(big_site, "2023/tasks/")
    assert paths[0] == "2023/tasks/" and paths[1] == "2023/tasks/page/2/"  # the first page keeps its URL
    assert len(paths) == TASKS // urls.PER_PAGE == 10
    assert not (big_site / "2023/tasks/page/1").exists()
    listed = []
    for n, path in enumerate(paths, 1):
        page = parse(big_site, path)
        rows = [tr.find("a").get_text() for tr in page.select("table.tasks tbody tr")]
        first, last = (n - 1) * urls.PER_PAGE + 1, n * urls.PER_PAGE
        assert rows == [f"第{no}项" for no in range(first, last + 1)]
        assert page.find("h2", class_="page-part").get_text() == f"第{n}页(共10页),第{first}—{last}项"
        assert page.title.get_text().startswith(f"2023年政府工作报告重点工作责任分解(共{TASKS}项)")
        assert (f"第{n}页" in page.title.get_text()) == (n > 1)
        check_pager(page, "重点工作目录", n, len(paths), "2023/tasks/")
        # the filter counts what it filters: this page's tasks
        assert page.find("option", value="").get_text() == f"全部牵头单位({urls.PER_PAGE}项)"
        assert page.find("form", id="lead-filter")["action"] == "/" + path
        listed += rows
    assert listed == [f"第{no}项" for no in range(1, TASKS + 1)]


def test_every_item_once_on_the_page_of_its_number(big_site: Path) -> None:
    paths = index_pages(big_site, "2023/projects/")
    assert len(paths) == 2
    numbers: list[int] = []
    headings: dict[str, str] = {}  # category anchor -> the page it is on
    for n, path in enumerate(paths, 1):
        page = parse(big_site, path)
        check_pager(page, "民生实事目录", n, len(paths), "2023/projects/")
        on_page = [int(re.fullmatch(r"第(\d+)项", s.get_text())[1]) for s in page.select(".project-list .no")]
        assert all((no - 1) // urls.PER_PAGE + 1 == n for no in on_page)
        numbers += on_page
        for h2 in page.select("section > h2"):
            if h2.get("id", "").endswith("-continued"):
                assert h2.get_text().endswith("(续)")  # a category going on from the page before
            else:
                assert h2["id"] not in headings
                headings[h2["id"]] = path
    assert sorted(numbers) == list(range(1, len(numbers) + 1)) and len(numbers) > urls.PER_PAGE
    assert len(headings) == 10  # each category's anchor once, on its first item's page (synth: page 1)
    assert set(headings.values()) == {"2023/projects/"}
    # a project page's category link goes to that heading
    kicker = parse(big_site, "2023/projects/205/").select_one(".kicker a")["href"]
    assert kicker == "/2023/projects/#category-5"


def test_a_district_s_rows_and_the_sum_checks_go_to_pages_of_their_own(big_site: Path) -> None:
    """400 indicator rows (synth: every area has a column): the district page links to its two pages of rows,
    which hold every row once, in the table's order; the same for the rows whose area figures do not add up."""
    district = parse(big_site, "districts/haining/")
    link = district.select_one(".list-link a")
    assert link["href"] == "/districts/haining/2023/rows/" and link.get_text() == "查看全部 400 项"
    assert district.find("table", class_="district-rows") is None  # the page keeps its counts, not the rows
    rows = []
    for n, path in enumerate(index_pages(big_site, "districts/haining/2023/rows/"), 1):
        page = parse(big_site, path)
        check_pager(page, page.h1.get_text().split("(共")[0], n, 2, "districts/haining/2023/rows/")
        rows += [int(tr["id"].removeprefix("row-2023-")) for tr in page.select("table.district-rows tbody tr")]
    assert rows == list(range(1, 401))
    checks = parse(big_site, "2023/checks/")
    assert checks.select_one(".list-link a")["href"] == "/2023/checks/sums/"
    count = int(re.search(r"查看全部 (\d+) 行", checks.select_one(".list-link").get_text())[1])
    sums = [parse(big_site, path) for path in index_pages(big_site, "2023/checks/sums/")]
    listed = [tr.th.a["href"] for page in sums for tr in page.select("table.checks tbody tr")]
    assert len(listed) == len(set(listed)) == count > urls.PER_PAGE and len(sums) == 2


def test_a_department_s_long_lists_go_to_pages_of_their_own(tmp_path: Path) -> None:
    """The fixture site with 250 more tasks, each led by 市发展改革委 with 市财政局: its 2024 index is two pages,
    and both units' lists of that year are on pages of their own, every task once, in order."""
    _, site, _ = build_fixture(tmp_path, {"data/2024/tasks.yaml": more_tasks(250)})
    assert len(index_pages(site, "2024/tasks/")) == 2
    for slug, which, heading in (("development-reform", "led", "led-2024"), ("finance", "co", "co-2024")):
        page = parse(site, f"departments/{slug}/")
        link = page.find("h3", id=heading).find_next_sibling("p", class_="list-link").a
        first = f"departments/{slug}/2024/{which}/"
        assert link["href"] == "/" + first
        tasks = []
        for n, path in enumerate(index_pages(site, first), 1):
            part = parse(site, path)
            check_pager(part, part.h1.get_text().split("(共")[0], n, 2, first)
            tasks += [a["href"] for a in part.select("ol.task-list a")]
        assert len(tasks) == len(set(tasks)) == int(re.search(r"(\d+) 项", link.get_text())[1]) > urls.PER_PAGE
        assert tasks[-1] == "/2024/tasks/257/"
        assert tasks == sorted(tasks, key=lambda t: int(t.split("/")[-2]))


def test_pager_links_leave_gaps_far_from_the_current_page() -> None:
    pager = urls.pagination("2023/tasks/", 2500)[5]  # page 6 of 13
    assert [n for n, _ in pager.links] == [1, 0, 4, 5, 6, 7, 8, 0, 13]
    assert (pager.first, pager.last) == (1001, 1200)
    assert urls.pagination("2023/tasks/", urls.PER_PAGE)[0].pages == 1  # not split up to the threshold
    assert len(urls.pagination("2023/tasks/", urls.PER_PAGE + 1)) == 2
    assert [p.path for p in urls.pagination("2023/tasks/", 0)] == ["2023/tasks/"]


def test_a_page_s_headings_say_which_go_on_from_an_earlier_page() -> None:
    one, two, three, four, five = (object() for _ in range(5))
    on_page = kinds.grouping((("一", (one, two, three)), ("二", ()), ("三", (four, five))))
    assert on_page((one, two)) == (("一", (one, two), False), ("二", (), False))  # an empty heading on page 1
    assert on_page((three, four), first=False) == (("一", (three,), True), ("三", (four,), False))
