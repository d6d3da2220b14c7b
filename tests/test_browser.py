"""The fixture site in a real browser: the task filter, no-JavaScript use, phone-width layout, the 404 page,
and the whole site under a sub-path (a GitHub Pages project site). tests/example/ holds the same of the
example site, and its reading, accessibility and search-quality tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factory import build_fixture, serve

from disclosure import urls
from disclosure.config import Config
from disclosure.model import Site

pytestmark = pytest.mark.browser

BASE = "/jx/"


@pytest.fixture(scope="module")
def fixture_server(fixture_site: Path) -> Iterator[str]:
    with serve(fixture_site) as url:
        yield url


@pytest.fixture(scope="module")
def sub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site built for /jx/, served from a folder whose jx/ holds it: http://127.0.0.1:<port>."""
    base = tmp_path_factory.mktemp("pages")
    _, site, _ = build_fixture(base, config=Config(base_path=BASE), with_search=True)
    top = base / "top"
    top.mkdir()
    site.rename(top / BASE.strip("/"))
    with serve(top) as url:
        yield url.rstrip("/")


def visible_task_numbers(page: object) -> list[int]:
    rows = page.locator("tr[data-lead]:visible td.no a")
    return [int(t.removeprefix("第").removesuffix("项")) for t in rows.all_inner_texts()]


def test_task_index_filters_by_lead_unit_and_keeps_it_in_the_url(
    page: object, fixture_server: str, fixture_model: Site
) -> None:
    ed = next(e for e in fixture_model.editions if e.year == 2024)
    page.goto(f"{fixture_server}{urls.tasks(ed)}?lead=human-resources-social-security")
    led = [t.no for t in ed.tasks if t.leads[0].slug == "human-resources-social-security"]
    assert visible_task_numbers(page) == led
    assert "市人力社保局" in page.locator("#filter-status").inner_text()

    page.select_option("#lead", "science-technology")
    assert page.url.endswith("?lead=science-technology")
    assert visible_task_numbers(page) == [t.no for t in ed.tasks if t.leads[0].slug == "science-technology"]

    page.select_option("#lead", "")
    assert visible_task_numbers(page) == [t.no for t in ed.tasks]


def test_pages_work_without_javascript(browser: object, fixture_server: str, fixture_model: Site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{fixture_server}{urls.tasks(fixture_model.latest)}?lead=education")
    assert len(visible_task_numbers(page)) == len(fixture_model.latest.tasks)  # unfiltered, nothing hidden
    assert page.locator("noscript").count() == 1
    page.goto(f"{fixture_server}{urls.SEARCH}")
    assert "搜索需要在浏览器中开启 JavaScript" in page.locator("#search-status").inner_text()
    context.close()


@pytest.mark.parametrize(
    "path",
    ["", "2024/tasks/", "2024/tasks/4/", "2024/projects/3/", "districts/nanjiang/", "departments/", "search/?q=托育"],
)
def test_no_sideways_scrolling_on_a_phone(browser: object, fixture_server: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(fixture_server + path)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{path or 'home'} is {overflow}px wider than a 320px screen"


def test_unknown_address_gets_the_404_page_with_working_links(page: object, fixture_server: str) -> None:
    page.goto(f"{fixture_server}404.html")
    assert page.locator("h1").inner_text() == "找不到这个页面"
    for href in page.locator("main a").evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        assert page.request.get(fixture_server.rstrip("/") + href).ok, href


def test_browsing_and_searching_stay_under_the_sub_path(sub_server: str, page: object) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{sub_server}{BASE}")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="重点工作").click()
    assert page.url == f"{sub_server}{BASE}2025/tasks/"  # the latest edition's
    page.wait_for_load_state()  # filter.js (deferred) listens for the choice only once the page has loaded
    page.select_option("#lead", "education")
    page.wait_for_url(f"{sub_server}{BASE}2025/tasks/?lead=education", timeout=5_000)  # filter.js replaces the URL
    page.locator("tr[data-lead]:visible td.no a").first.click()
    assert page.url.startswith(f"{sub_server}{BASE}2025/tasks/")
    page.locator("#care-toggle").click()
    page.fill("#header-q", "东湖")
    page.locator(".header-search button").click()
    page.wait_for_selector("#search-results > li", timeout=15_000)
    assert page.url.startswith(f"{sub_server}{BASE}search/?q=")
    hrefs = page.locator("#search-results a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(h.startswith(f"{sub_server}{BASE}") for h in hrefs), hrefs
    page.locator("#search-results a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{sub_server}{BASE}") and page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.classList.contains('care')")  # remembered under /jx/ too
    outside = [u for u in requested if not u.startswith(f"{sub_server}{BASE}")]
    assert outside == []
