"""Every internal link of the built site resolves: an independent checker, and a unit test of linkcheck."""

from __future__ import annotations

import functools
import html
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from disclosure.build import linkcheck

BASE = "/"
LINK_ATTRIBUTES = ("href", "src", "action")


@functools.cache
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def page_url(root: Path, page: Path, base: str) -> str:
    """The URL a file is served at: "a/index.html" at base + "a/", "404.html" at base + "404.html"."""
    rel = page.relative_to(root).as_posix()
    return base + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def internal_links(soup: BeautifulSoup) -> list[str]:
    """Every href, src and action that stays on this site (no scheme, not protocol-relative)."""
    found = []
    for tag in soup.find_all(True):
        for attribute in LINK_ATTRIBUTES:
            value = tag.get(attribute)
            if value is None:
                continue
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                continue
            found.append(value)
    return found


def ids(soup: BeautifulSoup) -> set[str]:
    return {tag["id"] for tag in soup.find_all(id=True)}


def broken_links(root: Path, base: str = BASE) -> list[tuple[str, str, str]]:
    """(page, link, why) for every internal link whose file or #fragment does not exist."""
    broken = []
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root).as_posix()
        here = page_url(root, page, base)
        for link in internal_links(parse(page)):
            target = urlsplit(urljoin(here, link))
            path = unquote(target.path)
            if not path.startswith(base):
                broken.append((rel, link, "outside the base path"))
                continue
            site_path = path[len(base) :]
            file = root / (site_path + "index.html" if site_path == "" or site_path.endswith("/") else site_path)
            if not file.is_file():
                broken.append((rel, link, "no such file"))
            elif target.fragment and file.suffix == ".html" and target.fragment not in ids(parse(file)):
                broken.append((rel, link, "no such id"))
    return broken


def assert_every_internal_link_resolves(site: Path, least_pages: int, least_links: int) -> None:
    """Every internal link of the site at site resolves, and the checker saw at least that many."""
    pages = list(site.rglob("*.html"))
    assert len(pages) > least_pages
    checked = sum(len(internal_links(parse(p))) for p in pages)
    assert checked > least_links  # the checker really saw the site's links
    assert broken_links(site) == []


def assert_the_build_checker_sees_every_link_and_id(site: Path) -> None:
    """linkcheck reads attributes with fast literal patterns (' href="'), assuming one space before each:
    on every page it finds exactly the links and ids an HTML parser finds."""
    for page in site.rglob("*.html"):
        soup, text = parse(page), page.read_text("utf-8")
        parsed = sorted(tag[a] for tag in soup.find_all(True) for a in LINK_ATTRIBUTES if tag.get(a) is not None)
        assert sorted(html.unescape(link) for link in linkcheck.links(text)) == parsed, page
        assert linkcheck.ids(text) == ids(soup), page


def assert_fragment_links_are_checked(site: Path) -> None:
    """The site does link to fragments on other pages, so the fragment check is exercised."""
    fragments = [link for p in site.rglob("*.html") for link in internal_links(parse(p)) if "#" in link.lstrip("#")]
    assert any("#row-" in link for link in fragments) and any("#inferred" in link for link in fragments)


def test_every_internal_link_resolves(fixture_site: Path) -> None:
    assert_every_internal_link_resolves(fixture_site, 50, 1500)


def test_the_build_checker_sees_every_link_and_id(fixture_site: Path) -> None:
    assert_the_build_checker_sees_every_link_and_id(fixture_site)


def test_fragment_links_are_checked(fixture_site: Path) -> None:
    assert_fragment_links_are_checked(fixture_site)


def tiny_site(root: Path) -> Path:
    """One good link, one link to a missing file, one link to a missing fragment."""
    (root / "a").mkdir()
    (root / "a" / "index.html").write_text('<h1 id="top">A</h1>', "utf-8")
    (root / "index.html").write_text(
        '<p><a href="/a/#top">good</a> <a href="/missing/">no file</a> <a href="/a/#nowhere">no id</a>'
        ' <a href="https://example.org/x">external</a></p>',
        "utf-8",
    )
    return root


def test_linkcheck_reports_exactly_the_broken_links(tmp_path: Path) -> None:
    broken = [str(b) for b in linkcheck.check_links(tiny_site(tmp_path), "/")]
    assert len(broken) == 2, broken
    (missing_file,) = [m for m in broken if "/missing/" in m]
    (missing_id,) = [m for m in broken if "#nowhere" in m]
    assert missing_file.startswith("index.html:") and missing_id.startswith("index.html:")
    assert not [m for m in broken if "#top" in m or "example.org" in m]


@pytest.mark.parametrize("base", ["/", "/repo/"])
def test_independent_checker_finds_the_same(tmp_path: Path, base: str) -> None:
    root = tiny_site(tmp_path)
    if base != "/":  # the same site served under a sub-path
        for page in root.rglob("*.html"):
            page.write_text(page.read_text("utf-8").replace('href="/', f'href="{base}'), "utf-8")
    parse.cache_clear()
    assert broken_links(root, base) == [
        ("index.html", f"{base}missing/", "no such file"),
        ("index.html", f"{base}a/#nowhere", "no such id"),
    ]
    assert len(linkcheck.check_links(root, base)) == 2


def test_a_site_path_through_dot_segments_resolves_as_a_browser_would(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<h1>A</h1>", "utf-8")
    (tmp_path / "index.html").write_text('<a href="/b/../a/">up</a> <a href="/a/./">here</a>', "utf-8")
    assert linkcheck.check_links(tmp_path, "/") == []
