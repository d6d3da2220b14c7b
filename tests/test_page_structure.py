"""Every page of the fixture site is a whole page: one h1, a title, main, a strict CSP and nothing it would
block, headings that do not skip a level; the pages built are exactly those the model calls for, and the
sitemap lists each once. (tests/example/test_pages.py holds these and the record-by-record checks of the
example site.)"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Tag
from factory import FIXTURE

from disclosure import urls
from disclosure.model import Site
from disclosure.source import load, validate

BASE = "/"  # the base path of the fixture build (Config default)
SITE_URL = "https://shili.example.gov.cn"  # the site URL of the fixture build: its site.yaml's address

# Only for parametrizing (ids like "page-2024/tasks/1/index.html"); the tests read the fixture_model fixture.
_MODEL = validate.build_site(load.read_sources(FIXTURE))


def expected_pages(site: Site) -> list[str]:
    """Every HTML page the site must have, as output files, computed from the model and urls."""
    paths = [urls.HOME, urls.SEARCH, urls.NOT_FOUND_FILE, urls.DEPARTMENTS, urls.DISTRICTS, urls.DOWNLOADS]
    paths += [urls.department(u) for u in site.units]
    paths += [urls.district(a) for a in site.areas]
    for ed in site.editions:
        paths += [urls.edition(ed), urls.source(ed), urls.checks(ed), urls.tasks(ed)]
        paths += [urls.projects(ed)] if ed.items else []  # no livelihood table, no project pages
        paths += [urls.task(t) for t in ed.tasks]
        paths += [urls.project(i) for i in ed.items]
        paths += [urls.progress(ed), *(urls.report(r) for r in ed.reports)] if ed.reports else []  # none: no list
    return [urls.output_file(p) for p in paths]


def redirect_pages(site: Site) -> list[str]:
    """The pages left at each former slug, sending the reader to the new address."""
    return [f"departments/{s}/index.html" for u in site.units for s in u.former_slugs] + [
        f"districts/{s}/index.html" for a in site.areas for s in a.former_slugs
    ]


@functools.cache
def parse(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / urls.output_file(path)).read_text("utf-8"), "html.parser")


def text(tag: Tag | None) -> str:
    """A tag's visible text with whitespace runs collapsed."""
    return "" if tag is None else " ".join(tag.get_text(" ", strip=True).split())


def headings(soup: Tag) -> list[tuple[int, str]]:
    """(level, text) of every h1–h6 in document order."""
    return [(int(h.name[1]), text(h)) for h in soup.find_all(re.compile(r"^h[1-6]$"))]


def check_skeleton(soup: BeautifulSoup) -> None:
    """One h1, a title, one main, the CSP meta tag and nothing it would block; lang zh-CN."""
    html = soup.find("html")
    assert html is not None and html.get("lang") == "zh-CN"
    assert len(soup.find_all("h1")) == 1, [text(h) for h in soup.find_all("h1")]
    assert text(soup.find("title")), "empty <title>"
    assert len(soup.find_all("main", id="main")) == 1
    csp = soup.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None, "no CSP meta tag in <head>"
    policy = {d.split()[0]: d.split()[1:] for d in csp["content"].split(";") if d.strip()}
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-inline'" not in policy.get("style-src", [])
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":  # data for search engines, never executed
            assert json.loads(script.get_text())["@context"] == "https://schema.org"
            continue
        assert script.get("src") and not script.get_text().strip(), f"inline script: {script}"
    # what the CSP would block: inline event handlers and inline styles
    assert not [t.name for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert not soup.find_all(style=True) and not soup.find_all("style")


def check_heading_levels(soup: BeautifulSoup) -> None:
    """Headings start at h1 and never skip a level."""
    levels = [level for level, _ in headings(soup)]
    assert levels and levels[0] == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"h{before} followed by h{after}: {headings(soup)}"


@pytest.mark.parametrize("page", expected_pages(_MODEL), ids=lambda p: f"page-{p}")
def test_page_skeleton(fixture_site: Path, page: str) -> None:
    check_skeleton(parse(fixture_site, page))


@pytest.mark.parametrize("page", expected_pages(_MODEL), ids=lambda p: f"page-{p}")
def test_headings_do_not_skip_levels(fixture_site: Path, page: str) -> None:
    check_heading_levels(parse(fixture_site, page))


def test_the_generated_pages_are_exactly_the_expected_ones(fixture_site: Path, fixture_model: Site) -> None:
    expected = expected_pages(fixture_model)
    assert not [p for p, n in Counter(expected).items() if n > 1], "two records map to one page"
    built = sorted(p.relative_to(fixture_site).as_posix() for p in fixture_site.rglob("*.html"))
    assert built == sorted(expected + redirect_pages(fixture_model))
    editions = [(len(ed.tasks), len(ed.items)) for ed in fixture_model.editions]
    assert (editions, len(fixture_model.units), len(fixture_model.areas)) == ([(4, 4), (7, 4)], 21, 6)
    reports = [len(ed.reports) for ed in fixture_model.editions]
    assert reports == [1, 3]
    assert len(expected) == 4 + 2 + 21 + 6 + 2 * 5 + (4 + 7) + (4 + 4) + (1 + 1) + (1 + 3)  # a list and its reports
    assert redirect_pages(fixture_model) == ["departments/construction/index.html"]


def test_sitemap_lists_every_page_once(fixture_site: Path, fixture_model: Site) -> None:
    """Every page but the redirects left at former slugs (search engines are sent to the new address)."""
    tree = ElementTree.parse(fixture_site / urls.SITEMAP_FILE)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    prefix = SITE_URL + BASE
    assert all(loc.startswith(prefix) for loc in locs), locs
    listed = [urls.output_file(loc[len(prefix) :]) for loc in locs]
    assert not [p for p, n in Counter(listed).items() if n > 1]
    pages = sorted(p.relative_to(fixture_site).as_posix() for p in fixture_site.rglob("index.html"))
    assert sorted(listed) == sorted(set(pages) - set(redirect_pages(fixture_model)))
