"""A GitHub Pages project site lives under /<repo>/. The same site built for /jx/ and served there works
in the browser: navigation, the task filter, 长者模式 and search (its index and result links) all stay
under /jx/, and nothing is requested outside it. The build's link check covers every static link."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from disclosure.build.pipeline import build
from disclosure.config import Config

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BASE = "/jx/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def sub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built for /jx/, served from a folder whose jx/ holds it: http://127.0.0.1:<port>/jx/."""
    top = tmp_path_factory.mktemp("pages")
    build(ROOT, top / BASE.strip("/"), Config(base_path=BASE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(top)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_browsing_and_searching_stay_under_the_sub_path(sub_server: str, page: object) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{sub_server}{BASE}")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="重点工作").click()
    assert page.url == f"{sub_server}{BASE}2023/tasks/"
    page.wait_for_load_state()  # filter.js (deferred) listens for the choice only once the page has loaded
    page.select_option("#lead", "health")
    page.wait_for_url(f"{sub_server}{BASE}2023/tasks/?lead=health", timeout=5_000)  # filter.js replaces the URL
    page.locator("tr[data-lead]:visible td.no a").first.click()
    assert page.url.startswith(f"{sub_server}{BASE}2023/tasks/")
    page.locator("#care-toggle").click()
    page.fill("#header-q", "海宁")
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
