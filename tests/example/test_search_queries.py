"""Natural queries typed into the real search page in Chromium, scored against the pages' visible text.

The truth is read from the built pages, not from what the index was given: a page matches a query when the
visible text of its <main> (without scripts, hidden or visually hidden elements, and the navigation and
edition bar every page carries) holds every word of it,
words being the runs of letters and digits between spaces or punctuation. An alias stands for its target
(data/aliases.yaml) and a pinyin for the name it spells (computed here with pypinyin); a query that is the
exact name of an area or unit also matches that page, which must come first. Groups: an area and a topic
with every separator in both orders, the exact names of every area and unit, the areas' short names, pinyin,
aliases. `pytest -s` prints the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypinyin import lazy_pinyin
from test_search import SearchPage, result_count

from disclosure import urls
from disclosure.model import Site
from disclosure.outputs import search

MIN_QUERIES = 150
MIN_SCORE = 0.98
MIN_FIRST = 0.95
SCREEN = {"width": 375, "height": 812}

# The separators a reader may type between two words: spaces (also the full-width U+3000) and punctuation.
SEPARATORS = (" ", "\u3000", ",", "、", "，", ";", "；", "：", ":")
TOPICS = ("停车", "托育", "充电桩", "农贸市场")  # what the 民生实事 of 2023 are about
AREA_KINDS = ("district", "county", "county-city")  # areas people name by a short name (海宁 for 海宁市)


# ---------------------------------------------------------------- the truth, from the pages


def visible_text(html: str) -> str:
    """The text a reader sees in a page's <main>, lower case, without whitespace."""
    main = BeautifulSoup(html, "html.parser").find("main")
    for tag in main.find_all(["script", "style", "template", "noscript"]):
        tag.decompose()
    # page chrome is no content: the navigation, the edition bar and the blocks every record page repeats
    for tag in main.select("[hidden], .visually-hidden, nav, .edition-bar, [data-pagefind-ignore]"):
        tag.decompose()
    return re.sub(r"\s+", "", main.get_text("")).lower()


def words(query: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"[^\W_]+", query.lower())))


def spelled(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(name)).lower())


@dataclass(frozen=True)
class Query:
    group: str
    text: str
    named: str | None = None  # the link of the area's or unit's page the query names: it must come first
    exact: bool = False  # the whole query is that page's name: the page matches even if it does not show it


@dataclass
class Outcome:
    query: Query
    expected: set[str]
    found: list[str]

    @property
    def first_hit(self) -> bool:
        return bool(self.found) and self.found[0] == self.query.named


class Truth:
    """The pages of the site and what each shows; the aliases and the pinyin of the names."""

    def __init__(self, site: Site, site_dir: Path) -> None:
        self.pages = {
            "/" + r.path: visible_text((site_dir / urls.output_file(r.path)).read_text("utf-8"))
            for r in search.search_records(site)
        }
        self.aliases = {a.name.lower(): a.target.lower() for a in site.aliases}
        names = [a.name for a in site.areas] + [search.spoken_name(a.name) for a in site.areas]
        names += [u.name for u in site.units]
        self.pinyin = {spelled(n): n.lower() for n in names}

    def resolve(self, word: str) -> str:
        return self.aliases.get(word) or self.pinyin.get(word) or word

    def expected(self, q: Query) -> set[str]:
        wanted = [re.sub(r"[^\w]", "", self.resolve(w)) for w in words(q.text)]
        found = {path for path, text in self.pages.items() if all(w in text for w in wanted)}
        return found | ({q.named} if q.exact and q.named else set())


# ---------------------------------------------------------------- the queries


def area_link(site: Site, name: str) -> str:
    return "/" + urls.district(next(a for a in site.areas if a.name == name))


def queries(site: Site) -> list[Query]:
    out: list[Query] = []
    short = [(a, search.spoken_name(a.name)) for a in site.areas if a.kind in AREA_KINDS]
    pairs = [(a, s, t) for a, s in short for t in TOPICS]
    for k, (area, name, topic) in enumerate(pairs):
        sep = SEPARATORS[k % len(SEPARATORS)]
        link = "/" + urls.district(area)
        out += [Query("area+topic", f"{name}{sep}{topic}", link), Query("area+topic", f"{topic}{sep}{name}", link)]
    for a in site.areas:
        out.append(Query("names", a.name, "/" + urls.district(a), exact=True))
    areas = {a.name for a in site.areas}
    for u in site.units:  # a zone's unit has its area's name (嘉兴经济技术开发区): that query is asked once, above
        if u.name not in areas:
            out.append(Query("names", u.name, "/" + urls.department(u), exact=True))
    for a, name in short:
        out.append(Query("short", name, "/" + urls.district(a), exact=True))
    for a, name in short:
        out.append(Query("pinyin", spelled(name), "/" + urls.district(a), exact=True))
        out.append(Query("pinyin", spelled(a.name), "/" + urls.district(a), exact=True))
    units = {u.name: u for u in site.units}
    by_name = {a.name: a for a in site.areas}
    for alias in site.aliases:
        target = by_name.get(alias.target) or units.get(alias.target)
        link = None if target is None else "/" + (urls.department if target in site.units else urls.district)(target)
        out.append(Query("aliases", alias.name, link, exact=link is not None))
    return out


# ---------------------------------------------------------------- scoring


def scores(outcomes: list[Outcome]) -> tuple[int, float, float, float | None]:
    """Queries, micro-averaged recall and precision, and the share of named queries whose page came first."""
    hits = sum(len(o.expected & set(o.found)) for o in outcomes)
    expected = sum(len(o.expected) for o in outcomes)
    found = sum(len(set(o.found)) for o in outcomes)
    named = [o for o in outcomes if o.query.named and o.query.named in o.expected]
    first = sum(o.first_hit for o in named) / len(named) if named else None
    return len(outcomes), hits / expected if expected else 1.0, hits / found if found else 1.0, first


def table(outcomes: list[Outcome]) -> str:
    groups = list(dict.fromkeys(o.query.group for o in outcomes))
    rows = [(g, *scores([o for o in outcomes if o.query.group == g])) for g in groups]
    rows.append(("overall", *scores(outcomes)))
    lines = [f"{'group':<12}{'queries':>8}{'recall':>9}{'precision':>11}{'first hit':>11}"]
    for g, n, r, p, f in rows:
        lines.append(f"{g:<12}{n:>8}{r:>9.4f}{p:>11.4f}{'—' if f is None else f'{f:.4f}':>11}")
    return "\n".join(lines)


def failures(outcomes: list[Outcome]) -> str:
    lines = []
    for o in outcomes:
        missing, extra = o.expected - set(o.found), set(o.found) - o.expected
        if missing or extra or (o.query.named in o.expected and not o.first_hit):
            first = o.found[0] if o.found else None
            lines.append(
                f"  [{o.query.group}] {o.query.text!r}: missing {sorted(missing)}, extra {sorted(extra)}, first {first}"
            )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def truth(site_model: Site, site_dir: Path) -> Truth:
    return Truth(site_model, site_dir)


@pytest.mark.browser
def test_natural_queries_find_what_the_pages_show(page, server: str, site_model: Site, truth: Truth) -> None:
    """Each group's recall and precision are at least 0.98; the named page comes first in at least 95%."""
    asked = queries(site_model)
    assert len(asked) >= MIN_QUERIES
    used = {sep for sep in SEPARATORS for q in asked if q.group == "area+topic" and sep in q.text}
    assert used == set(SEPARATORS)
    sp = SearchPage(page, server)
    outcomes = []
    for i, q in enumerate(asked):
        state = sp.open(q.text) if i == 0 else sp.submit(q.text)
        found = sp.all_hrefs(state)
        assert len(found) == result_count(state["status"]), f"{q.text!r}: listed {len(found)}, {state['status']}"
        outcomes.append(Outcome(q, truth.expected(q), found))
    print("\n" + table(outcomes))
    print(failures(outcomes) or "no failing queries")
    for group in dict.fromkeys(o.query.group for o in outcomes):
        _, recall, precision, first = scores([o for o in outcomes if o.query.group == group])
        assert recall >= MIN_SCORE and precision >= MIN_SCORE, (group, recall, precision, failures(outcomes))
        assert first is None or first >= MIN_FIRST, (group, first, failures(outcomes))
    named = [o for o in outcomes if o.query.exact and o.query.group == "names"]
    assert sum(o.first_hit for o in named) / len(named) >= MIN_FIRST


# The first result's title: where it starts, and where its first line ends (a long title may wrap below).
FIRST_JS = """() => {
  const a = document.querySelector("#search-results > li a");
  const r = a && a.getClientRects()[0];
  return r && { top: r.top + scrollY, line: r.bottom + scrollY, href: a.getAttribute("href") };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
@pytest.mark.parametrize("query", ["海宁 停车", "托育", "市发展改革委"])
def test_the_first_result_is_on_the_first_phone_screen(
    browser: object, server: str, truth: Truth, site_model: Site, query: str, care: bool
) -> None:
    """On a 375×812 phone the first line of the first result's title lies inside the first screen, in normal and
    长者模式, with the filters behind a closed 筛选."""
    context = browser.new_context(viewport=SCREEN)
    try:
        if care:
            context.add_init_script("localStorage.setItem('care-mode', 'on')")
        page = context.new_page()
        sp = SearchPage(page, server)
        state = sp.open(query)
        assert state["hrefs"], state
        assert page.evaluate("document.documentElement.classList.contains('care')") is care
        assert page.locator("#search-filter-box").get_attribute("open") is None
        first = page.evaluate(FIRST_JS)
        print(f"\n{query!r} {'长者模式' if care else 'normal'}: first result {first}")
        assert first["line"] <= SCREEN["height"], first
    finally:
        context.close()


# ---------------------------------------------------------------- what the page says


def status_links(page) -> list[tuple[str, str]]:
    """The links in the status line: (text, q of the link or the link's path)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("#search-status a")].map((a) => {
          const u = new URL(a.href);
          return [a.textContent, u.searchParams.get("q") ?? u.pathname];
        })"""
    )


@pytest.mark.browser
def test_no_results_say_which_words_and_offer_one_dropped(page, server: str, truth: Truth) -> None:
    """海宁 量子: 量子 is found nowhere; the page offers 海宁 alone with its count, and 海宁市's page."""
    sp = SearchPage(page, server)
    q = Query("x", "海宁 量子", "/districts/haining/")
    assert truth.expected(q) == set()
    state = sp.open(q.text)
    assert state["hrefs"] == []
    haining = len(truth.expected(Query("x", "海宁")))
    assert state["status"] == (
        f"没有找到包含“量子”的内容,所以没有同时包含“海宁”“量子”的内容。去掉一个词再搜:“海宁”({haining} 条)。"
        "也可以看地区“海宁市”的页面。"
    )
    assert status_links(page) == [[f"“海宁”({haining} 条)", "海宁"], ["海宁市", "/districts/haining/"]]


@pytest.mark.browser
def test_words_found_apart_but_never_together_are_said(page, server: str, truth: Truth) -> None:
    """Two words each found but on no page together: said so, with each word alone offered with its count."""
    sp = SearchPage(page, server)
    pairs = [(a, b) for a in ("乌镇", "西塘", "虹桥", "湘家荡") for b in ("托育", "农贸市场", "充电桩")]
    a, b = next(
        (a, b)
        for a, b in pairs
        if truth.expected(Query("x", a))
        and truth.expected(Query("x", b))
        and not truth.expected(Query("x", f"{a} {b}"))
    )
    state = sp.open(f"{a},{b}")
    assert state["status"].startswith(f"没有同时包含“{a}”“{b}”的内容。去掉一个词再搜:")
    counts = {w: len(truth.expected(Query("x", w))) for w in (a, b)}
    assert status_links(page) == [[f"“{b}”({counts[b]} 条)", b], [f"“{a}”({counts[a]} 条)", a]]


@pytest.mark.browser
def test_an_alias_says_what_it_searched_for(page, server: str, site_model: Site) -> None:
    """发改委 searches for 市发展改革委, says so, and lists the unit's page first with the offer to narrow to it."""
    alias = next(a for a in site_model.aliases if a.name == "发改委")
    state = SearchPage(page, server).open(alias.name)
    assert state["status"].startswith(f"按“发改委”=“{alias.target}”搜索。找到 ")
    assert state["hrefs"][0] == "/departments/development-reform/"
    button = page.locator("#search-results > li").first.locator("button")
    assert button.text_content() == f"只看“{alias.target}”的结果"
    button.click()
    page.wait_for_function(
        "(v) => new URLSearchParams(location.search).get('department') === v", arg=alias.target, timeout=15_000
    )


@pytest.mark.browser
@pytest.mark.parametrize("query", ["供媒体和开发者", "引用本页", "数据版本"])
def test_what_every_page_repeats_is_not_what_any_page_is_about(page, server: str, query: str) -> None:
    """The citation, 纠错/留言, 供媒体和开发者 and change-history blocks are on every record page: a search for
    their words would list every page, so they are left out of the index (data-pagefind-ignore)."""
    state = SearchPage(page, server).open(query)
    assert state["hrefs"] == [], state["status"]


@pytest.mark.browser
@pytest.mark.parametrize("word", ["constructor", "__proto__", "toString"])
def test_a_word_that_names_an_object_property_is_only_a_word(page, server: str, word: str) -> None:
    """Aliases and pinyin are looked up by the query's words: a word that names a property every JavaScript object
    has is looked up as any other (it crashed the page), and found nowhere; the page fixture fails on any error."""
    state = SearchPage(page, server).open(word)
    assert state["status"].startswith("没有"), state["status"]
    assert state["hrefs"] == []


@pytest.mark.browser
def test_the_page_loads_pagefind_only_when_there_is_something_to_search(browser: object, server: str) -> None:
    """Without a query the page fetches nothing of Pagefind; the reader's focus in the box loads it; on a phone
    the filters are behind a closed 筛选 that opens on a tap."""
    context = browser.new_context(viewport=SCREEN)
    try:
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        sp = SearchPage(page, server)
        state = sp.open("")
        assert state["status"].startswith("请输入要找的词")
        assert not [u for u in fetched if "/pagefind/" in u]
        box = page.locator("#search-filter-box")
        assert box.get_attribute("open") is None
        page.focus("#search-input")
        sp.settled()
        assert any(u.endswith("/pagefind/pagefind.js") for u in fetched)
        assert any(u.endswith("/pagefind/names.json") for u in fetched)
        page.click("#search-filter-box > summary")
        assert page.locator("#filter-kind").is_visible()
    finally:
        context.close()
