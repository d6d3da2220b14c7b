"""The header on a 375x812 phone and a 1280 px screen, normal and 长者模式: its height, the 菜单, the short name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
PAGES = ["", "2023/tasks/", "2023/tasks/5/", "departments/", "departments/health/", "districts/haining/"]
# Measured before the compact header (issue 16): the header's bottom edge, per width and mode, on pages with
# the search box (the home page has none and was shorter).
BEFORE = {(375, False): 231.5, (1280, False): 124.5}  # rounded up from 231.2 and 124.2


@pytest.fixture(params=[False, True], ids=["normal", "care"])
def care(request: pytest.FixtureRequest) -> bool:
    return request.param


def open_page(browser: object, viewport: dict[str, int], care: bool, js: bool = True) -> Iterator[object]:
    context = browser.new_context(viewport=viewport, java_script_enabled=js)
    if care:
        context.add_init_script("localStorage.setItem('care-mode', 'on')")
    yield context.new_page()
    context.close()


def header_bottom(page: object) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom")


@pytest.mark.parametrize("path", PAGES)
def test_phone_header_takes_at_most_a_quarter_of_the_screen(
    browser: object, server: str, path: str, care: bool
) -> None:
    for page in open_page(browser, PHONE, care):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.classList.contains('care')") is care
        bottom = header_bottom(page)
        assert bottom <= 812 / 4, f"{path or 'home'}: header ends at {bottom}px"
        assert bottom <= BEFORE[(375, False)]
        h1 = page.locator("main h1").first.bounding_box()
        assert h1["y"] + h1["height"] <= 812, "the page's heading is below the first screen"
        assert page.locator(".short-name").inner_text() == "嘉兴责任公开"
        assert not page.locator("#site-nav").is_visible()  # folded behind 菜单
        assert page.locator("#care-toggle").is_visible()
        if path:
            assert page.locator("#header-q").is_visible()


@pytest.mark.parametrize("path", PAGES)
def test_desktop_header_is_no_taller_than_before(browser: object, server: str, path: str) -> None:
    for page in open_page(browser, DESKTOP, False):
        page.goto(server + path)
        assert header_bottom(page) <= BEFORE[(1280, False)]
        assert page.locator("#site-nav").is_visible() and not page.locator("#menu-toggle").is_visible()
        assert page.locator(".site-name").inner_text() == "嘉兴市政府重点工作和民生实事责任公开"


def test_menu_opens_and_closes_the_navigation(browser: object, server: str, care: bool) -> None:
    for page in open_page(browser, PHONE, care):
        page.goto(server + "2023/tasks/5/")
        menu = page.locator("#menu-toggle")
        assert menu.get_attribute("aria-expanded") == "false"
        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
        links = page.locator("#site-nav a")
        assert links.first.is_visible()
        assert "重点工作" in links.all_inner_texts()
        menu.click()
        assert not page.locator("#site-nav").is_visible()


def test_navigation_stays_open_without_javascript(browser: object, server: str) -> None:
    for page in open_page(browser, PHONE, False, js=False):
        page.goto(server + "2023/tasks/5/")
        assert not page.locator("#menu-toggle").is_visible()
        assert page.locator("#site-nav a").first.is_visible()


def test_the_site_name_keeps_its_full_name_for_screen_readers(browser: object, server: str) -> None:
    for page in open_page(browser, PHONE, False):
        page.goto(server)
        name = page.get_by_role("link", name="嘉兴市政府重点工作和民生实事责任公开", exact=True)
        assert name.count() == 1


def row_heights(page: object, rows: str, first: str) -> list[tuple[str, float, float]]:
    """(record, the row's height, the height of its first cell) of each row."""
    return page.locator(rows).evaluate_all(
        f"trs => trs.map(tr => [tr.id || tr.querySelector('th').innerText, tr.getBoundingClientRect().height,"
        f" tr.querySelector('{first}').getBoundingClientRect().height])"
    )


def test_the_task_index_takes_one_line_per_task_on_a_phone(browser: object, server: str) -> None:
    for page in open_page(browser, PHONE, False):
        page.goto(server + "2023/tasks/")
        heights = row_heights(page, "table.tasks tbody tr", "td.no")
        assert len(heights) == 118
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('table.tasks td.no a')).height)")
        for record, height, _ in heights:
            assert height < line + 8, f"{record}: {height}px tall, more than one line of {line}px"
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_the_department_index_takes_one_line_per_unit_on_a_phone(browser: object, server: str) -> None:
    for page in open_page(browser, PHONE, False):
        page.goto(server + "departments/")
        heights = row_heights(page, "table.units tbody tr", "th")
        assert len(heights) == 57
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('table.units th a')).height)")
        taller = [record for record, height, _ in heights if height >= line + 8]
        assert len(taller) <= 3, taller  # only the longest names (嘉兴全球航空物流枢纽项目建设指挥部办公室) wrap
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_the_task_index_line_shows_the_lead_only(browser: object, server: str, site_model: object) -> None:
    ed = site_model.latest
    task = next(t for t in ed.tasks if len(t.units) > 1)
    for page in open_page(browser, PHONE, False):
        page.goto(server + "2023/tasks/")
        cell = page.locator(f"#task-{task.ref} td.units")
        assert cell.inner_text() == task.leads[0].name  # the co-units are hidden on the phone's line
    for page in open_page(browser, DESKTOP, False):
        page.goto(server + "2023/tasks/")
        assert page.locator(f"#task-{task.ref} td.units").inner_text() == "、".join(u.name for u in task.units)
