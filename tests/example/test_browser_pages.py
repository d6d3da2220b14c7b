"""Pages in a real browser: the task filter, no-JavaScript use, and phone-width layout."""

from __future__ import annotations

import pytest

from disclosure import urls
from disclosure.model import Site

pytestmark = pytest.mark.browser


def visible_task_numbers(page: object) -> list[int]:
    rows = page.locator("tr[data-lead]:visible td.no a")
    return [int(t.removeprefix("第").removesuffix("项")) for t in rows.all_inner_texts()]


def test_task_index_filters_by_lead_unit_and_keeps_it_in_the_url(page: object, server: str, site_model: Site) -> None:
    ed = site_model.latest
    page.goto(f"{server}{urls.tasks(ed)}?lead=health")
    assert visible_task_numbers(page) == [t.no for t in ed.tasks if t.leads[0].slug == "health"]
    assert "市卫生健康委" in page.locator("#filter-status").inner_text()

    page.select_option("#lead", "housing-construction")
    assert page.url.endswith("?lead=housing-construction")
    assert visible_task_numbers(page) == [t.no for t in ed.tasks if t.leads[0].slug == "housing-construction"]

    page.select_option("#lead", "")
    assert visible_task_numbers(page) == [t.no for t in ed.tasks]


def test_pages_work_without_javascript(browser: object, server: str, site_model: Site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}{urls.tasks(site_model.latest)}?lead=health")
    assert len(visible_task_numbers(page)) == len(site_model.latest.tasks)  # unfiltered, nothing hidden
    assert page.locator("noscript").count() == 1
    page.goto(f"{server}{urls.SEARCH}")
    assert "搜索需要在浏览器中开启 JavaScript" in page.locator("#search-status").inner_text()
    context.close()


@pytest.mark.parametrize(
    "path",
    ["", "2023/tasks/", "2023/tasks/31/", "2023/projects/9/", "districts/haining/", "departments/", "search/?q=托育"],
)
def test_no_sideways_scrolling_on_a_phone(browser: object, server: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{path or 'home'} is {overflow}px wider than a 320px screen"


def test_unknown_address_gets_the_404_page_with_working_links(page: object, server: str) -> None:
    page.goto(f"{server}404.html")
    assert page.locator("h1").inner_text() == "找不到这个页面"
    for href in page.locator("main a").evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        assert page.request.get(server.rstrip("/") + href).ok, href
