"""Lighthouse (mobile preset) on one page of every kind of the real site, in Debian's Chromium.

Accessibility, best practices and SEO are audits of the page as built, so they are asserted: at least 0.95
each, with the audits that failed named. Layout shift (CLS) is a property of the layout, asserted under
0.1 (Lighthouse's own "good"). The performance score is a timing, measured on a machine shared with other
work, so it is printed here and measured in `make bench` (benchmarks/lighthouse.py), never asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from factory import ROOT

from disclosure import urls
from disclosure.model import Site

pytestmark = pytest.mark.browser

RUNNER = ROOT / "tests/lighthouse.mjs"
ASSERTED = ("accessibility", "best-practices", "seo")
MIN_SCORE = 0.95
MAX_CLS = 0.1


def page_kinds(site: Site) -> dict[str, str]:
    """One page of each kind: the first record of each list (a report only where the edition has one)."""
    ed = site.latest
    kinds = {
        "home": urls.HOME,
        "notice": urls.edition(ed),
        "tasks": urls.tasks(ed),
        "task": urls.task(ed.tasks[0]),
        "departments": urls.DEPARTMENTS,
        "department": urls.department(ed.tasks[0].leads[0]),
        "districts": urls.DISTRICTS,
        "district": urls.district(site.areas[0]),
        "source": urls.source(ed),
        "checks": urls.checks(ed),
        "downloads": urls.DOWNLOADS,
        "search": urls.SEARCH,
        "search results": f"{urls.SEARCH}?q=托育",
        "not found": urls.NOT_FOUND_FILE,  # the page a server answers a 404 with (Lighthouse refuses a 404 status)
    }
    if ed.items:
        kinds |= {"projects": urls.projects(ed), "project": urls.project(ed.items[0])}
    if ed.reports:
        kinds |= {"progress": urls.progress(ed), "report": urls.report(ed.reports[0])}
    return kinds


def lighthouse(pages: dict[str, str], server: str, out: Path) -> dict[str, dict]:
    """Each page kind's Lighthouse result (scores, CLS, failed audits), from one run of the runner."""
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    run = subprocess.run(
        ["node", str(RUNNER), str(out), *(server + path for path in pages.values())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(out.read_text("utf-8"))
    return {kind: results[server + path] for kind, path in pages.items()}


def table(results: dict[str, dict]) -> str:
    """The scores as a Markdown table, a row per page kind ("–" where Lighthouse gave no score)."""
    columns = ("performance", *ASSERTED)
    lines = ["| page kind | " + " | ".join(columns) + " | CLS |", "|---" + "|---:" * (len(columns) + 1) + "|"]
    for kind, r in results.items():
        cells = [f"{v:.2f}" if (v := r["scores"].get(c)) is not None else "–" for c in columns]
        cls = f"{r['cls']:.3f}" if r["cls"] is not None else "–"
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {cls} |")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def results(server: str, site_model: Site, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return lighthouse(page_kinds(site_model), server, tmp_path_factory.mktemp("lighthouse") / "results.json")


def test_every_page_kind_scores_at_least_the_bar(results: dict[str, dict]) -> None:
    print("\n" + table(results))
    assert all(not r["errors"] for r in results.values()), {k: r["errors"] for k, r in results.items()}
    low = {
        kind: {c: r["scores"].get(c) for c in ASSERTED if (r["scores"].get(c) or 0) < MIN_SCORE}
        | {"failed": [f"{a['id']} ({a['score']}) {a['value']}" for a in r["failed"]]}
        for kind, r in results.items()
        if any((r["scores"].get(c) or 0) < MIN_SCORE for c in ASSERTED)  # no score (None) is below the bar
    }
    assert not low, low


def test_no_page_kind_shifts_its_layout(results: dict[str, dict]) -> None:
    shifting = {kind: r["cls"] for kind, r in results.items() if r["cls"] is None or r["cls"] >= MAX_CLS}
    assert not shifting, shifting
