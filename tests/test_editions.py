"""Every edition reachable and labelled, each page citing what it shows (issue 14, points 1 and 2), on the
two-edition fixture site: home lists the editions, navigation inside an edition stays in it, edition pages
switch years, and every page's label, footer, 引用本页, ContentSource and JSON-LD name exactly the documents
of the editions it draws from, newest first."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from factory import make_project
from test_page_structure import BASE, expected_pages, parse, text

from disclosure import compare, urls
from disclosure.build import plan as build_plan
from disclosure.build.pipeline import build
from disclosure.build.templating import Fragments
from disclosure.config import Config
from disclosure.model import Edition, Site
from disclosure.outputs import pages


def href(path: str) -> str:
    return urls.link(BASE, path)


def joined(tag: Tag) -> str:
    """A tag's text as its characters run, whitespace runs collapsed (no space inserted between tags)."""
    return " ".join(tag.get_text().split())


def page_path(file: str) -> str:
    """The site path of an output file ("2024/tasks/2/index.html" -> "2024/tasks/2/")."""
    return file.removesuffix("index.html")


def content_pages(site: Site) -> list[str]:
    """Every page that shows content (not the 404 page), as site paths."""
    return [page_path(f) for f in expected_pages(site) if f != urls.NOT_FOUND_FILE]


def edition_of(site: Site, path: str) -> Edition | None:
    """The edition whose page path is, from the address alone (its first segment is the year)."""
    return next((ed for ed in site.editions if path.startswith(f"{ed.year}/")), None)


def expected_editions(site: Site, path: str) -> list[Edition]:
    """The editions a page must cite, newest first, from the model: an edition page its own; a department or
    district page each edition its work comes from (every edition if none); every other page every edition."""
    if (ed := edition_of(site, path)) is not None:
        return [ed]
    # plus the years its cross-year comparison shows: their figures are on the page
    found = compare.recurring(site)
    for u in site.units:
        if path == urls.department(u):
            years = {w.edition.year for w in site.unit_work[u.slug]}
            years |= {ed.year for ed in compare.unit_comparison(site, u, found).editions}
            return [ed for ed in site.editions if ed.year in years] or list(site.editions)
    for a in site.areas:
        if path == urls.district(a):
            years = {w.edition.year for w in site.area_work[a.slug]}
            years |= {ed.year for ed in compare.area_comparison(site, a, found).editions}
            return [ed for ed in site.editions if ed.year in years] or list(site.editions)
    return list(site.editions)


def named(site: Site, s: str) -> list[str]:
    """The 文号 of the site's documents named in a text, in the order they first appear."""
    found = [(s.find(ed.document.doc_no), ed.document.doc_no) for ed in site.editions]
    return [doc_no for at, doc_no in sorted(found) if at >= 0]


def ld_documents(value: object) -> Iterator[str]:
    """The 文号 of every notice (CreativeWork with genre 通知) anywhere in a JSON-LD value."""
    if isinstance(value, dict):
        if value.get("genre") == "通知":
            yield value["identifier"]
        for v in value.values():
            yield from ld_documents(v)
    elif isinstance(value, list):
        for v in value:
            yield from ld_documents(v)


def header_links(soup: BeautifulSoup) -> dict[str, str]:
    nav = soup.find("nav", attrs={"aria-label": "主导航"})
    return {text(a): a["href"] for a in nav.find_all("a")}


def switcher(soup: BeautifulSoup) -> list[tuple[str, str, bool]]:
    """(text, href, current) of each year of the page's switcher, in order."""
    nav = soup.find("nav", class_="year-switcher")
    return [] if nav is None else [(joined(a), a["href"], a.get("aria-current") == "page") for a in nav.find_all("a")]


def local_links(soup: BeautifulSoup) -> Iterator[str]:
    """The site paths of a page's links (and search forms) to other pages of the site, fragments dropped."""
    targets = [a["href"] for a in soup.find_all("a", href=True)] + [f["action"] for f in soup.find_all("form")]
    for target in targets:
        h = target.split("#")[0].split("?")[0]
        if h.startswith(BASE) and (h.endswith("/") or h == BASE):
            yield h.removeprefix(BASE)


# --- home and reachability ---------------------------------------------------------------------


def test_home_lists_every_edition_newest_first(fixture_site: Path, fixture_model: Site) -> None:
    home = parse(fixture_site, urls.HOME)
    entries = home.find("h2", id="editions").find_next_sibling("ol").find_all("li", recursive=False)
    assert len(fixture_model.editions) == 2
    assert [text(li.h3) for li in entries] == [
        f"{ed.year}年:《{ed.document.title}》" + (" 最新" if n == 0 else "")
        for n, ed in enumerate(fixture_model.editions)
    ]
    for li, ed in zip(entries, fixture_model.editions, strict=True):
        doc = ed.document
        assert text(li.find(class_="edition-meta")) == f"{doc.doc_no} · {doc.published.isoformat()} 发布"
        links = [(a["href"], text(a)) for a in li.find(class_="edition-links").find_all("a")]
        assert links == [
            (href(urls.edition(ed)), "通知原文"),
            (href(urls.tasks(ed)), f"重点工作({len(ed.tasks)}项)"),
            *([(href(urls.projects(ed)), f"民生实事({len(ed.items)}项)")] if ed.items else []),
            (href(urls.source(ed)), "来源与方法"),
        ]
    # the latest edition's quick links stay
    latest = fixture_model.latest
    main = home.find("main")
    assert text(main.find("h2", id="by-task")).startswith(f"{latest.year}年")
    tiles = main.find("h2", id="by-district").find_next_sibling("ul")
    assert [a["href"] for a in tiles.find_all("a")] == [href(urls.district(a)) for a in latest.document.area_columns]


def test_every_page_is_reachable_from_home(fixture_site: Path, fixture_model: Site) -> None:
    """Following links from the home page reaches every page of every edition (and every other page)."""
    seen, todo = {urls.HOME}, [urls.HOME]
    while todo:
        for path in local_links(parse(fixture_site, todo.pop())):
            if path not in seen and (fixture_site / urls.output_file(path)).is_file():
                seen.add(path)
                todo.append(path)
    assert [p for p in content_pages(fixture_model) if p not in seen] == []
    reached_from_home = set(local_links(parse(fixture_site, urls.HOME)))
    assert {urls.edition(ed) for ed in fixture_model.editions} <= reached_from_home


# --- navigation and the year switcher ----------------------------------------------------------


def test_header_links_stay_in_the_page_s_edition(fixture_site: Path, fixture_model: Site) -> None:
    latest = fixture_model.latest
    for path in content_pages(fixture_model):
        ed = edition_of(fixture_model, path) or latest
        links = header_links(parse(fixture_site, path))
        assert links["重点工作"] == href(urls.tasks(ed)), path
        assert links["民生实事"] == href(urls.projects(ed)), path


SAME_PAGE = {"": urls.edition, "source/": urls.source, "checks/": urls.checks, "tasks/": urls.tasks}


def expected_switcher(site: Site, path: str) -> list[tuple[str, str, bool]]:
    """What an edition page's switcher must hold, from its address: the same page in every year; a task or
    project page links the other years' index of its kind (their numbers are other records)."""
    ed = edition_of(site, path)
    assert ed is not None
    rest = path.removeprefix(f"{ed.year}/")
    out = []
    for other in site.editions:
        if other is ed:
            out.append((f"{other.year}年", href(path), True))
        elif rest in SAME_PAGE:
            out.append((f"{other.year}年", href(SAME_PAGE[rest](other)), False))
        elif rest == "projects/":
            out.append((f"{other.year}年", href(urls.projects(other)), False))
        elif rest.startswith("tasks/"):
            out.append((f"{other.year}年(重点工作目录)", href(urls.tasks(other)), False))
        elif rest == "progress/":  # every edition of the fixture has reports
            out.append((f"{other.year}年", href(urls.progress(other)), False))
        elif rest.startswith("progress/"):
            out.append((f"{other.year}年(进展通报目录)", href(urls.progress(other)), False))
        else:
            assert rest.startswith("projects/"), path
            out.append((f"{other.year}年(民生实事目录)", href(urls.projects(other)), False))
    return out


def test_every_edition_page_has_a_year_switcher(fixture_site: Path, fixture_model: Site) -> None:
    edition_pages = [p for p in content_pages(fixture_model) if edition_of(fixture_model, p)]
    assert len(edition_pages) > 10
    for path in edition_pages:
        found = switcher(parse(fixture_site, path))
        assert found == expected_switcher(fixture_model, path), path
    for path in (p for p in content_pages(fixture_model) if not edition_of(fixture_model, p)):
        assert switcher(parse(fixture_site, path)) == [], path


def test_a_year_without_a_livelihood_table_links_its_notice(fixture_model: Site) -> None:
    """An edition with no livelihood table (ed.items == ()) has no projects pages: the switcher of the other
    years' projects pages links its notice instead, and its own pages' navigation has no 民生实事 link."""
    latest, older = fixture_model.editions
    bare = dataclasses.replace(older, items=(), categories=())
    site = dataclasses.replace(fixture_model, editions=(latest, bare))
    assert pages.switcher(site, latest, urls.projects(latest), "projects.html") == (
        pages.YearLink(latest.year, urls.projects(latest), True, ""),
        pages.YearLink(bare.year, urls.edition(bare), False, "通知(该年没有民生实事表)"),
    )
    item = latest.items[0]
    assert pages.switcher(site, latest, urls.project(item), "project.html")[1].path == urls.edition(bare)
    assert pages.switcher(site, bare, urls.tasks(bare), "tasks.html")[0].path == urls.tasks(latest)
    assert [label for label, _ in pages.navigation(site, bare)] == ["重点工作", "进展通报", "县(市、区)", "责任单位"]
    # a cross-year page's 民生实事 goes to the newest edition that has a table
    site = dataclasses.replace(fixture_model, editions=(dataclasses.replace(latest, items=(), categories=()), older))
    assert dict(pages.navigation(site, None))["民生实事"] == urls.projects(older)


def test_a_site_of_one_edition_has_no_switcher(fixture_model: Site) -> None:
    site = dataclasses.replace(fixture_model, editions=fixture_model.editions[:1])
    assert pages.switcher(site, site.latest, urls.tasks(site.latest), "tasks.html") == ()


# --- labels and citations ----------------------------------------------------------------------


@pytest.mark.parametrize("part", ["label", "footer", "citation", "ContentSource", "JSON-LD"])
def test_every_page_names_exactly_its_documents(fixture_site: Path, fixture_model: Site, part: str) -> None:
    """The edition label, the footer, 引用本页, ContentSource and JSON-LD of every page name the documents of
    the editions it draws from and no other, newest first (2024 pages: only 示政办发〔2024〕3号)."""
    checked = 0
    for path in content_pages(fixture_model):
        soup = parse(fixture_site, path)
        wanted = [ed.document.doc_no for ed in expected_editions(fixture_model, path)]
        if part == "label":
            found = named(fixture_model, text(soup.find(class_="edition-label")))
        elif part == "footer":
            found = named(fixture_model, text(soup.find("footer")))
        elif part == "citation":
            cite = soup.find(class_="citation")
            if cite is None:
                continue  # only record pages (tasks, projects, departments, districts) carry one
            found = named(fixture_model, text(cite.find(id="cite-text")))
            assert named(fixture_model, text(cite.find("dl"))) == wanted, path
        elif part == "ContentSource":
            found = named(fixture_model, soup.find("meta", attrs={"name": "ContentSource"})["content"])
        else:
            scripts = soup.find_all("script", type="application/ld+json")
            assert len(scripts) == 1, path
            data = json.loads(scripts[0].get_text())
            found = list(dict.fromkeys(ld_documents(data)))
        assert found == wanted, f"{path} {part}"
        checked += 1
    assert checked >= (20 if part == "citation" else len(content_pages(fixture_model)))


def test_a_department_page_cites_each_year_of_its_work(fixture_site: Path, fixture_model: Site) -> None:
    """A unit with work in both years cites both documents; one with work in one year only that year's."""
    both = [u for u in fixture_model.units if len(fixture_model.unit_work[u.slug]) == 2]
    one = [u for u in fixture_model.units if len(fixture_model.unit_work[u.slug]) == 1]
    assert both and one
    for unit, years in [(both[0], fixture_model.editions), (one[0], [fixture_model.unit_work[one[0].slug][0].edition])]:
        soup = parse(fixture_site, urls.department(unit))
        assert named(fixture_model, text(soup.find(id="cite-text"))) == [ed.document.doc_no for ed in years]
        data = json.loads(soup.find("script", type="application/ld+json").get_text())
        assert data["about"]["name"] == unit.name
        assert [d["url"] for d in data["isBasedOn"]] == [
            "https://shili.example.gov.cn" + href(urls.edition(ed)) for ed in years
        ]


def test_an_edition_page_says_which_edition_it_shows(fixture_site: Path, fixture_model: Site) -> None:
    older = fixture_model.editions[1]
    task = older.tasks[1]
    label = parse(fixture_site, urls.task(task)).find(class_="edition-label")
    assert joined(label) == f"{older.year}年版 · {older.document.doc_no}"
    assert label.find("a")["href"] == href(urls.edition(older))
    home = parse(fixture_site, urls.HOME).find(class_="edition-label")
    assert joined(home) == "本页内容来自:" + ";".join(
        f"{ed.year}年版 · {ed.document.doc_no}" for ed in fixture_model.editions
    )
    # the 2024 pages name no other year's document anywhere in what they cite
    for path in (p for p in content_pages(fixture_model) if p.startswith(f"{older.year}/")):
        soup = parse(fixture_site, path)
        cited = [soup.find("footer"), soup.find(class_="citation"), soup.find(class_="edition-bar")]
        assert not any(fixture_model.latest.document.doc_no in text(t) for t in cited if isinstance(t, Tag)), path


# --- fragments stay cheap ----------------------------------------------------------------------


def test_header_and_footer_render_once_per_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Header and footer are rendered once per distinct variant (per edition, and for the cross-year pages),
    not once per page; the build's link check passes across editions."""
    renders: list[tuple] = []

    class Counting(Fragments):
        def __call__(self, name: str, **values: object):  # type: ignore[no-untyped-def]
            key = (name, *sorted(values.items()))
            if key not in self.done:
                renders.append(key)
            return super().__call__(name, **values)

    monkeypatch.setattr(build_plan, "Fragments", Counting)
    out = tmp_path / "site"
    report = build(make_project(tmp_path / "project"), out, Config(), with_search=False, workers=1)  # in-process
    names = [key[0] for key in renders]
    pages_built = len(list(out.rglob("*.html")))
    site = report.site
    navs = {pages.navigation(site, ed) for ed in site.editions} | {pages.navigation(site, None)}
    assert names.count("_header.html") == len(navs) + 1  # and home and search, without the search form
    assert names.count("_footer.html") <= 2 ** len(site.editions) - 1  # one per set of editions drawn from
    assert names.count("_edition.html") <= 2 ** len(site.editions) - 1 + len(site.editions)  # and one per year
    assert pages_built > 5 * len(renders)


def test_a_comparison_cites_the_years_it_shows(fixture_site: Path, fixture_model: Site) -> None:
    """北湖新区 has work in 2025 only, but its 历年对比 shows 2024 figures: every citation place names both."""
    (beihu,) = [a for a in fixture_model.areas if a.slug == "beihu"]
    soup = parse(fixture_site, urls.district(beihu))
    wanted = [ed.document.doc_no for ed in fixture_model.editions]
    assert named(fixture_model, text(soup.find(class_="edition-label"))) == wanted
    assert named(fixture_model, text(soup.find("footer"))) == wanted
    assert named(fixture_model, text(soup.find(id="cite-text"))) == wanted
    assert named(fixture_model, soup.find("meta", attrs={"name": "ContentSource"})["content"]) == wanted
    data = json.loads(soup.find("script", type="application/ld+json").get_text())
    assert [d["url"] for d in data["isBasedOn"]] == [
        "https://shili.example.gov.cn" + href(urls.edition(ed)) for ed in fixture_model.editions
    ]
