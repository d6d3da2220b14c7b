"""The district page answers first: on a 375×812 phone the 托育 and 停车 figures of 海宁市 are within 2.5 screens of
the top, and in 长者模式 a figure is on the first screen (measured in Chromium, on the real site)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
SCREEN = PHONE["height"]
CARE_ON = "localStorage.setItem('care-mode', 'on')"
HEADER_MAX_CARE = 203  # the compact header's height in 长者模式 (issue 16, point 6): a quarter of the screen, rounded

# Where the summary's first figure of the category whose name has the word is: its bottom edge, from the page's top.
FIGURE_BOTTOM = """(word) => {
  const h = [...document.querySelectorAll('.area-summary h3')].find((e) => e.textContent.includes(word));
  const figure = h && h.nextElementSibling.querySelector('.amount');
  return figure ? figure.getBoundingClientRect().bottom + window.scrollY : null;
}"""


@contextlib.contextmanager
def haining(browser: object, server: str, care: bool) -> Iterator[object]:
    context = browser.new_context(viewport=PHONE)
    if care:
        context.add_init_script(CARE_ON)
    page = context.new_page()
    page.goto(server + "districts/haining/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.classList.contains('care')") is care
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("word", ["托育", "停车"])
def test_the_childcare_and_parking_figures_are_within_two_and_a_half_screens(
    browser: object, server: str, word: str
) -> None:
    with haining(browser, server, care=False) as page:
        bottom = page.evaluate(FIGURE_BOTTOM, word)
    assert bottom is not None, f"no {word} figure in the summary"
    assert bottom <= 2.5 * SCREEN, f"the first {word} figure ends {bottom:.0f}px down ({bottom / SCREEN:.2f} screens)"


def test_in_care_mode_a_figure_is_on_the_first_screen(browser: object, server: str) -> None:
    with haining(browser, server, care=True) as page:
        header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
        bottom = page.evaluate(FIGURE_BOTTOM, "托育")
        text = page.evaluate("document.querySelector('.area-summary .amount').textContent")
    assert text == "20 家"
    # What this page controls: the content above the first figure fits under a header of at most 203 px.
    assert bottom - header <= SCREEN - HEADER_MAX_CARE, f"{bottom - header:.0f}px of content above the figure's end"
    assert bottom <= SCREEN, f"the first figure ends {bottom:.0f}px down, below the first screen"


@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
def test_a_category_link_jumps_to_its_figures_and_nothing_scrolls_sideways(
    browser: object, server: str, care: bool
) -> None:
    with haining(browser, server, care) as page:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than the phone"
        link = page.locator(".category-jumps a", has_text="公共停车场建设项目")
        link.scroll_into_view_if_needed()
        link.click()
        assert page.url.endswith("#c2023-4")
        top = page.evaluate("document.getElementById('c2023-4').getBoundingClientRect().top")
        assert -1 <= top < SCREEN / 4, f"the 停车 heading is {top:.0f}px from the top after the jump"
        assert page.locator("#c2023-4 + ul .amount").first.inner_text() == "2 个"
