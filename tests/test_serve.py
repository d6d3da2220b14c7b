"""`make serve`: live reload works under the site's Content-Security-Policy, an edit shows up, a bad edit
shows its error over the last good page until it is fixed, and nothing outside the site is served."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from factory import ROOT, make_project

from disclosure.messages import POSITIONS

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the fixture site served by `build.py serve`; yields (project root, base URL)."""
    root = make_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--root", str(root), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("serve did not start:\n" + (tmp_path / "serve.log").read_text())
        yield root, url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def test_an_edit_reloads_the_open_page(served: tuple[Path, str], page: object) -> None:
    root, url = served
    page.goto(f"{url}2024/tasks/1/")
    page.wait_for_function("() => window.LiveReload !== undefined")  # the client loaded despite the CSP
    assert "地区生产总值增长5.5%左右。" in page.locator("blockquote.task-text").inner_text()

    tasks = root / "data/2024/tasks.yaml"
    text = tasks.read_text("utf-8")
    tasks.write_text(text.replace("地区生产总值增长5.5%左右。", "地区生产总值增长7%左右。"), "utf-8")
    page.wait_for_function("() => document.querySelector('blockquote')?.textContent.includes('7%')", timeout=15_000)


def test_a_bad_edit_shows_its_error_over_the_last_good_page_until_fixed(served: tuple[Path, str], page: object) -> None:
    root, url = served
    page.goto(f"{url}2024/tasks/2/")
    page.wait_for_function("() => window.LiveReload !== undefined")
    tasks = root / "data/2024/tasks.yaml"
    good = tasks.read_text("utf-8")
    tasks.write_text(good.replace("    - 市科技局\n", "    - 市科技厅\n", 1), "utf-8")

    overlay = page.locator("#dev-error")
    overlay.wait_for(timeout=15_000)
    assert overlay.locator("h2").get_attribute("role") == "alert"
    assert overlay.locator("h2").inner_text() == "构建失败:有 1 处要修改"
    assert (
        "data/2024/tasks.yaml:11:7:第2项任务的责任单位“市科技厅”不在 data/units.yaml 中"
        in overlay.locator(".dev-error-list").inner_text()
    )
    assert overlay.locator(".dev-error-positions").inner_text() == POSITIONS
    assert "市科技局" in page.locator("main").inner_text()  # the last good page is still what is served

    tasks.write_text(good.replace("研发投入强度达到3.5%。", "研发投入强度达到3.6%。"), "utf-8")
    page.wait_for_function("() => document.querySelector('blockquote')?.textContent.includes('3.6%')", timeout=15_000)
    # the fixed page reloads as soon as it is written, and again once the update (and its status) is done
    page.wait_for_selector("#dev-error", state="detached", timeout=15_000)


def test_the_overlay_leaves_when_the_error_is_fixed_even_if_the_reload_was_missed(
    served: tuple[Path, str], page: object
) -> None:
    """The reload after a fix can reach a page still loading from the reload before it; the overlay asks
    for the status again while it is shown, so it goes once the status is good, with or without a reload."""
    root, url = served
    page.goto(f"{url}2024/tasks/2/")
    page.wait_for_function("() => window.LiveReload !== undefined")
    tasks = root / "data/2024/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("    - 市科技局\n", "    - 市科技厅\n", 1), "utf-8")
    page.locator("#dev-error").wait_for(timeout=15_000)
    page.evaluate("() => { window.notReloaded = true; }")

    (root / ".site-dev/dev/status.json").write_text('{"ok": true, "error": ""}', "utf-8")  # no save, no reload
    page.wait_for_selector("#dev-error", state="detached", timeout=5_000)
    assert page.evaluate("() => window.notReloaded") is True


def test_the_overlay_folds_to_one_line_on_a_phone_and_opens_again(served: tuple[Path, str], page: object) -> None:
    """On a 375 px screen the open overlay takes the lower part of the screen; folded it is one line at the
    bottom, which leaves the page readable; it folds and opens by click or keyboard, says which in its
    label, and stays folded across the reload of the next save until the error is fixed."""
    root, url = served
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(f"{url}2024/tasks/2/")
    page.wait_for_function("() => window.LiveReload !== undefined")
    tasks = root / "data/2024/tasks.yaml"
    good = tasks.read_text("utf-8")
    tasks.write_text(good.replace("  text: 研发投入", "  text:研发投入", 1), "utf-8")  # a YAML syntax slip
    overlay = page.locator("#dev-error")
    overlay.wait_for(timeout=15_000)
    button = overlay.get_by_role("button", name="收起错误信息")
    assert button.get_attribute("aria-expanded") == "true"
    assert button.get_attribute("aria-controls") == "dev-error-body"
    # the sentence wraps; the quoted line and its caret keep their columns
    assert overlay.locator(".dev-error-list p").inner_text().startswith("data/2024/tasks.yaml:9:7:冒号后要有空格")
    assert (
        overlay.locator(".dev-error-list pre").inner_text() == "    9 |   text:研发投入强度达到3.5%。\n      |       ^"
    )
    opened = overlay.bounding_box()
    assert opened["height"] <= 0.6 * 667 + 1 and opened["y"] + opened["height"] == pytest.approx(667, abs=1)

    button.click()
    button = overlay.get_by_role("button", name="展开错误信息")
    assert button.get_attribute("aria-expanded") == "false"
    assert overlay.locator("#dev-error-body").is_hidden()
    folded = overlay.bounding_box()
    assert folded["height"] <= 64 and folded["y"] >= 667 - 64  # one line at the bottom: the page shows above it
    assert page.evaluate("() => document.elementFromPoint(187, 300).closest('#dev-error')") is None

    page.reload()  # as the next save does: still folded
    page.wait_for_function("() => window.LiveReload !== undefined")
    overlay.wait_for(timeout=15_000)
    assert overlay.locator("#dev-error-body").is_hidden()
    for _ in range(300):  # reachable from the keyboard: the button is in the tab order
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.closest('#dev-error') !== null"):
            break
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "展开错误信息"
    page.keyboard.press("Enter")
    assert overlay.get_by_role("button", name="收起错误信息").get_attribute("aria-expanded") == "true"
    assert overlay.locator("#dev-error-body").is_visible()

    tasks.write_text(good, "utf-8")
    page.wait_for_selector("#dev-error", state="detached", timeout=15_000)
    assert page.evaluate("() => sessionStorage.getItem('dev-error-folded')") is None


def test_a_second_save_right_after_the_first_is_shown(served: tuple[Path, str], page: object) -> None:
    """livereload's own watcher ignores a save within 3 s of the last reload; ours must not."""
    root, url = served
    page.goto(f"{url}2024/tasks/1/")
    page.wait_for_function("() => window.LiveReload !== undefined")
    tasks = root / "data/2024/tasks.yaml"
    for value in ("7%", "8%"):
        text = tasks.read_text("utf-8")
        tasks.write_text(re.sub(r"地区生产总值增长[\d.]+%左右。", f"地区生产总值增长{value}左右。", text), "utf-8")
        page.wait_for_function(
            f"() => document.querySelector('blockquote')?.textContent.includes('{value}')", timeout=2_500
        )


def test_a_page_loading_while_its_reload_was_sent_reloads_when_it_connects(
    served: tuple[Path, str], page: object, tmp_path: Path
) -> None:
    """A reload sent while a page loads (its websocket not yet open again) does not reach it; the server
    tells a page whose file was written after it was served to reload as soon as it connects."""
    root, url = served
    log = tmp_path / "serve.log"
    page.goto(f"{url}2024/tasks/1/")
    page.wait_for_function("() => window.LiveReload !== undefined")
    held = []  # the page's livereload.js, held until the edit's update has sent its reloads
    page.route("**/livereload.js*", lambda route: held.append(route))
    page.reload(wait_until="domcontentloaded")  # served before the edit, and not connected
    tasks = root / "data/2024/tasks.yaml"
    tasks.write_text(
        tasks.read_text("utf-8").replace("地区生产总值增长5.5%左右。", "地区生产总值增长7%左右。"), "utf-8"
    )
    wait_for(lambda: "重新生成了" in log.read_text("utf-8"))
    assert held and "7%" not in page.locator("blockquote.task-text").inner_text()
    held[0].continue_()
    page.wait_for_function("() => document.querySelector('blockquote')?.textContent.includes('7%')", timeout=5_000)


def test_the_page_a_browser_shows_is_rendered_first(served: tuple[Path, str], page: object, tmp_path: Path) -> None:
    """livereload.js tells the server the address of its page; a template edit, which renders every page,
    renders that one first."""
    root, url = served
    log = tmp_path / "serve.log"
    page.goto(f"{url}2024/tasks/1/")
    wait_for(lambda: f"Browser Connected: {url}2024/tasks/1/" in log.read_text("utf-8"))
    template = root / "templates/task.html"
    template.write_text(template.read_text("utf-8").replace("<dt>牵头单位</dt>", "<dt>牵头单位(编辑)</dt>", 1), "utf-8")
    page.wait_for_function("() => document.body?.textContent.includes('牵头单位(编辑)')", timeout=15_000)
    wait_for(lambda: "(浏览器正打开的 1 个最先)" in log.read_text("utf-8"))


def wait_for(condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_nothing_outside_the_site_is_served(served: tuple[Path, str]) -> None:
    root, url = served
    port = int(url.rsplit(":", 1)[1].strip("/"))
    (root / ".site-dev" / "escape").symlink_to(ROOT / "build.py")
    for path in ("/../data/units.yaml", "/%2e%2e/data/units.yaml", "/..%2fdata/units.yaml", "/escape"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)  # sent as written: no client-side normalising
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status in (403, 404), (path, response.status)
        assert "市发展改革委".encode() not in body and b"def main" not in body, path


def test_dev_builds_go_to_their_own_folder(served: tuple[Path, str]) -> None:
    root, _ = served
    assert (root / ".site-dev/dev/overlay.js").is_file()
    assert not (root / "site").exists()


def test_the_live_reload_snippet_and_overlay_never_reach_a_normal_build(fixture_site: Path) -> None:
    assert not (fixture_site / "dev").exists()
    for html in fixture_site.rglob("*.html"):
        text = html.read_text("utf-8")
        assert "livereload" not in text and "sha256-" not in text and "overlay" not in text, html
