"""`make serve`: live reload works under the site's Content-Security-Policy, and an edit shows up."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the project served by `build.py serve`; yields (project root, base URL)."""
    for folder in ("data", "content", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--root", str(tmp_path), "--port", str(port)],
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
        yield tmp_path, url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def test_an_edit_reloads_the_open_page(served: tuple[Path, str], page: object) -> None:
    root, url = served
    page.goto(f"{url}2023/tasks/1/")
    page.wait_for_function("() => window.LiveReload !== undefined")  # the client loaded despite the CSP
    assert "地区生产总值增长6%左右。" in page.locator("blockquote").inner_text()

    tasks = root / "data/2023/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("地区生产总值增长6%左右。", "地区生产总值增长7%左右。"), "utf-8")
    page.wait_for_function("() => document.querySelector('blockquote').textContent.includes('7%')", timeout=15_000)


def test_the_live_reload_snippet_never_reaches_a_normal_build(site_dir: Path) -> None:
    for html in site_dir.rglob("*.html"):
        text = html.read_text("utf-8")
        assert "livereload" not in text and "sha256-" not in text, html
