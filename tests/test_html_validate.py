"""Every built page is valid HTML, checked by a real validator: html-validate (npm, package.json),
with its recommended rules (conformance, accessibility and consistency) and no exceptions."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from factory import ROOT

HTML_VALIDATE = ROOT / "node_modules/.bin/html-validate"


def assert_every_page_is_valid_html(site: Path, least_pages: int) -> None:
    """html-validate finds nothing on any page of the site at site, which has more than least_pages."""
    assert HTML_VALIDATE.exists(), "run `make test` (it installs the npm checkers with `npm ci`)"
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > least_pages
    run = subprocess.run(
        [str(HTML_VALIDATE), "--config", str(ROOT / ".htmlvalidate.json"), "--formatter", "json", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    reports = json.loads(run.stdout or "[]")
    problems = [
        f"{Path(r['filePath']).relative_to(site)}:{m['line']}:{m['column']}: {m['ruleId']}: {m['message']}"
        for r in reports
        for m in r["messages"]
    ]
    assert problems == [], "\n".join(problems[:50])
    assert run.returncode == 0, run.stderr


def test_every_page_is_valid_html(fixture_site: Path) -> None:
    assert_every_page_is_valid_html(fixture_site, 50)
