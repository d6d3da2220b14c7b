"""The largest HTML page of a built site, and how long it takes to load on a phone: Chromium with a
375×812 viewport at device scale factor 2, its CPU slowed 4× (CDP Emulation.setCPUThrottlingRate), the
site served from 127.0.0.1, timed from navigation start to the end of the load event; median of 3,
each in a fresh browser context (an empty cache). The network is not throttled: the page is local."""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def largest_page(site: Path) -> tuple[str, int]:
    """(path under site, bytes) of the largest .html file."""
    size, path = max((p.stat().st_size, p) for p in site.rglob("*.html"))
    return path.relative_to(site).as_posix(), size


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def load_seconds(site: Path, page: str, runs: int = 3) -> list[float]:
    """Seconds to the end of the load event of site/page on the phone, once per run."""
    from playwright.sync_api import sync_playwright  # a dev dependency: imported only when measuring

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
            for _ in range(runs):
                context = browser.new_context(**PHONE)
                tab = context.new_page()
                cdp = context.new_cdp_session(tab)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                tab.goto(url, wait_until="load", timeout=600_000)
                ms = tab.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
                times.append(ms / 1000)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return times
