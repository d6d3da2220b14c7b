"""The reading experience in Debian's Chromium: accessibility (axe-core), phone widths, 长者模式, keyboard,
print, page weight. One page of every kind, in normal and elderly mode.

axe-core comes from npm (package.json); it is injected into each page, which needs the page's
Content-Security-Policy bypassed for that one script. Violations of impact serious or critical fail
the test; any others are reported as warnings in the test summary, so that they are listed, not hidden.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from disclosure import urls
from disclosure.model import Site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules/axe-core/axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
CARE_ON = "localStorage.setItem('care-mode', 'on')"
SEARCH_QUERY = "托育"
# HTML + CSS + JS of a task page, gzip'd as a compressing server (GitHub Pages, nginx) sends it: 8.7 KB
# (29.3 KB raw) before issue 16, 10.8 KB (37.0 KB raw) with its phone header, one-line indexes, GB/T citation,
# 纠错/留言 and 供媒体和开发者. The raw bytes are printed too.
WEIGHT_BUDGET = 12 * 1024


def page_kinds(site: Site) -> dict[str, str]:
    """One site path per kind of page, chosen to carry the most features of its kind."""
    ed = site.latest
    task = max(ed.tasks, key=lambda t: len(t.units))
    item = next(i for i in ed.items if any(not ind.sums_to_target for ind in i.indicators))
    area = next(a for a in site.areas if a in ed.document.inferred_columns)
    unit = max(site.units, key=lambda u: len(site.unit_work[u.slug][0].led) if site.unit_work[u.slug] else 0)
    return {
        "home": urls.HOME,
        "edition": urls.edition(ed),
        "task index": urls.tasks(ed),
        "project index": urls.projects(ed),
        "department index": urls.DEPARTMENTS,
        "district index": urls.DISTRICTS,
        "task": urls.task(task),
        "project": urls.project(item),
        "department": urls.department(unit),
        "district": urls.district(area),
        "source": urls.source(ed),
        "checks": urls.checks(ed),
        "downloads": urls.DOWNLOADS,
        "search with results": f"{urls.SEARCH}?q={SEARCH_QUERY}",
        "404": urls.NOT_FOUND_FILE,
    }


@pytest.fixture(scope="module")
def kinds(site_model: Site) -> dict[str, str]:
    return page_kinds(site_model)


@contextlib.contextmanager
def open_page(browser: object, server: str, path: str, care: bool, width: int = 375) -> Iterator[object]:
    """A page at a site path in a fresh context (CSP bypassed, for axe), in elderly mode if care."""
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    if care:
        context.add_init_script(CARE_ON)
    page = context.new_page()
    page.goto(server + path)
    if path.startswith(urls.SEARCH):
        page.wait_for_function("() => document.documentElement.dataset.searchReady", timeout=15_000)
        page.wait_for_selector("#search-results > li", timeout=15_000)
    try:
        yield page
    finally:
        context.close()


KIND_NAMES = [
    "home",
    "edition",
    "task index",
    "project index",
    "department index",
    "district index",
    "task",
    "project",
    "department",
    "district",
    "source",
    "checks",
    "downloads",
    "search with results",
    "404",
]


@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
@pytest.mark.parametrize("kind", KIND_NAMES)
def test_axe_finds_no_serious_or_critical_violation(
    browser: object, server: str, kinds: dict[str, str], kind: str, care: bool
) -> None:
    with open_page(browser, server, kinds[kind], care) as page:
        assert page.evaluate("document.documentElement.classList.contains('care')") is care
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations = result["violations"]
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    for v in violations:
        if v["impact"] not in FAILING_IMPACTS:
            targets = [n["target"] for n in v["nodes"]][:3]
            mode = "care" if care else "normal"
            warnings.warn(f"axe {v['impact']} on {kind} ({mode}): {v['id']} {targets}", stacklevel=1)
    assert failing == [], json.dumps(
        [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]} for v in failing],
        ensure_ascii=False,
        indent=1,
    )


@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
@pytest.mark.parametrize("width", [320, 375])
def test_no_page_scrolls_sideways_on_a_phone(
    browser: object, server: str, kinds: dict[str, str], width: int, care: bool
) -> None:
    wide = {}
    for kind, path in kinds.items():
        with open_page(browser, server, path, care, width) as page:
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide[kind] = scroll_width
    assert wide == {}


def test_care_mode_switch_works_by_keyboard_and_is_remembered(browser: object, server: str, kinds: dict) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 900})
    page = context.new_page()
    page.goto(server + kinds["task"])
    root_font = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    normal = page.evaluate(root_font)
    toggle = page.locator("#care-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the site name, then the switch
    assert page.evaluate("document.activeElement.id") == "care-toggle"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    larger = page.evaluate(root_font)
    assert larger >= 1.3 * normal
    page.goto(server + kinds["district"])  # another page: still on, before any click
    assert page.evaluate("document.documentElement.classList.contains('care')")
    assert page.locator("#care-toggle").get_attribute("aria-pressed") == "true"
    assert page.evaluate(root_font) == larger
    page.locator("#care-toggle").press("Space")
    assert page.evaluate(root_font) == normal
    page.reload()
    assert page.evaluate(root_font) == normal
    context.close()


def test_care_mode_line_spacing_and_contrast(browser: object, server: str, kinds: dict) -> None:
    with open_page(browser, server, kinds["task"], care=True) as page:
        style = page.evaluate(
            """() => { const s = getComputedStyle(document.querySelector('main p, main dd'));
                       return [parseFloat(s.lineHeight) / parseFloat(s.fontSize), s.color]; }"""
        )
    ratio, color = style
    assert ratio >= 1.3
    assert color == "rgb(0, 0, 0)"


def test_without_javascript_there_is_no_dead_switch(browser: object, server: str, kinds: dict) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + kinds["task"])
    assert not page.locator("#care-toggle").is_visible()
    page.fill("#header-q", SEARCH_QUERY)  # the header search still submits, to the search page
    page.locator(".header-search button").click()
    assert urlsplit(page.url).path == "/" + urls.SEARCH
    assert "搜索需要在浏览器中开启 JavaScript" in page.locator("#search-status").inner_text()
    context.close()


def test_header_search_by_keyboard_shows_results(page: object, server: str, kinds: dict) -> None:
    page.goto(server + kinds["task"])
    page.locator("#header-q").focus()
    page.keyboard.type(SEARCH_QUERY)
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results > li", timeout=15_000)
    assert page.input_value("#search-input") == SEARCH_QUERY
    assert SEARCH_QUERY in page.locator("#search-results mark").first.inner_text()
    assert page.title().startswith(f"“{SEARCH_QUERY}”的搜索结果 - 搜索 - ")  # the tab and bookmark say what it is


def test_a_task_page_prints_without_navigation(page: object, server: str, kinds: dict) -> None:
    page.goto(server + kinds["task"])
    page.emulate_media(media="print")
    hidden = ".navbar, .care-toggle, .breadcrumbs, .site-footer, .skip"
    assert page.evaluate(f"[...document.querySelectorAll('{hidden}')].every(e => !e.offsetParent)")
    assert page.locator(".citation").is_visible() and page.locator("h1").is_visible()


def test_page_weight_and_no_request_leaves_the_site(browser: object, server: str, kinds: dict) -> None:
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}
    bodies: dict[str, bytes] = {}
    elsewhere: list[str] = []

    def on_response(response: object) -> None:
        if not response.url.startswith(server):
            elsewhere.append(response.url)
        elif response.ok:
            bodies[response.url] = response.body()
            sizes[response.url] = len(bodies[response.url])

    page.on("response", on_response)
    page.on("requestfailed", lambda r: elsewhere.append(r.url))
    page.goto(server + kinds["task"])
    page.wait_for_load_state("networkidle")
    context.close()
    assert elsewhere == []
    assert {Path(urlsplit(u).path).suffix for u in sizes} == {"", ".css", ".js"}, sizes
    raw, compressed = sum(sizes.values()), sum(len(gzip.compress(b, 9)) for b in bodies.values())
    print(f"task page weight: {compressed} bytes gzip'd, {raw} raw, in {len(sizes)} files: {sizes}")
    assert compressed < WEIGHT_BUDGET, sizes
