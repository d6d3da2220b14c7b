"""The search page in a real browser, measured against the data model.

The search index holds every character of a record's page text (what its page shows) as its own
word, and search.js rewrites a one-word query into the exact phrase of its letters and digits. So
the right answer to a query is known without a browser: the records whose page text,
reduced to its letters and digits, contains the query reduced the same way.
These tests run queries through the built page in Chromium and compare, with the driver
of tests/test_search.py (the fixture site's search by year).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from test_search import WAIT_MS, SearchPage, result_count

from disclosure import kinds, urls
from disclosure.kinds import SearchRecord
from disclosure.model import Site
from disclosure.outputs import search

SEED = 2023
RANDOM_QUERIES = 100
MIN_QUERIES = 100
MIN_SCORE = 0.98

HELP = "请输入要找的词"
NO_RESULTS = "没有找到"

# Short place names as the data text uses them, besides the area registry's names.
PLACE_NAMES = ("嘉兴", "虹桥", "乌镇", "西塘", "乍浦", "湘家荡", "长三角", "上海", "杭州")

# ---------------------------------------------------------------- the truth


def normalise(text: str) -> str:
    """Letters and digits only, lowercased: what search.js's toPhrase keeps of a query."""
    return "".join(ch for ch in text.lower() if unicodedata.category(ch)[0] in "LN")


def href_of(record: SearchRecord) -> str:
    """The link a result for this record carries (the site is served at the root)."""
    return "/" + record.path


def truth(records: Iterable[SearchRecord], query: str, named: Mapping[str, str] | None = None) -> set[str]:
    """The result links a query must give: every record whose normalised text contains each of its words (apart
    by spaces or punctuation, as search.js splits them), and the page of an area or unit the whole query names
    (named: name or full name -> link), whether or not that page shows the full name."""
    needles = [normalise(w) for w in re.findall(r"[^\W_]+", query)]
    found = {href_of(r) for r in records if needles and all(n in normalise(r.text) for n in needles)}
    page = (named or {}).get(query.strip())
    return found | {page} if page else found


def names(site: Site) -> dict[str, str]:
    """Each area's and unit's name and full name, with the link of its page (an area's, where a unit shares it)."""
    out: dict[str, str] = {}
    for record, link in [(a, urls.district(a)) for a in site.areas] + [(u, urls.department(u)) for u in site.units]:
        for name in (record.name, record.full_name):
            out.setdefault(name, "/" + link)
    return out


# ---------------------------------------------------------------- the queries


@dataclass(frozen=True)
class Query:
    group: str
    text: str


def unit_queries(site: Site) -> list[str]:
    """Every responsible unit's name, as listed in the unit registry."""
    return [u.name for u in site.units]


def area_queries(site: Site, records: list[SearchRecord]) -> list[str]:
    """Area names, full names, their two-character forms (海宁, 南湖…) and place names found in the text."""
    names = [a.name for a in site.areas] + [a.full_name for a in site.areas]
    names += [a.name[:2] for a in site.areas]
    texts = [normalise(r.text) for r in records]
    names += [p for p in PLACE_NAMES if any(p in t for t in texts)]
    return names


def random_queries(records: list[SearchRecord], count: int, seed: int = SEED) -> list[str]:
    """Random 2–4 character substrings of the indexed texts that hold at least one letter or digit."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        text = rng.choice(records).text
        length = rng.randint(2, 4)
        if len(text) < length:
            continue
        start = rng.randrange(len(text) - length + 1)
        piece = text[start : start + length]
        if normalise(piece) and piece.strip() not in out:
            out.append(piece.strip())
    return out


def all_queries(site: Site, records: list[SearchRecord]) -> list[Query]:
    """Units, areas, then random substrings; a query whose normalised form was already asked is skipped."""
    groups = {
        "units": unit_queries(site),
        "areas": area_queries(site, records),
        "random": random_queries(records, RANDOM_QUERIES),
    }
    seen: set[str] = set()
    out: list[Query] = []
    for group, texts in groups.items():
        for text in texts:
            if normalise(text) not in seen:
                seen.add(normalise(text))
                out.append(Query(group, text))
    return out


# ---------------------------------------------------------------- scoring


@dataclass
class Outcome:
    query: Query
    expected: set[str]
    found: list[str]

    @property
    def missing(self) -> set[str]:
        return self.expected - set(self.found)

    @property
    def extra(self) -> set[str]:
        return set(self.found) - self.expected


def run_queries(
    sp: SearchPage, queries: list[Query], records: list[SearchRecord], named: Mapping[str, str] | None = None
) -> list[Outcome]:
    """Ask every query in one page (the first by URL, the rest through the form) and collect the results."""
    outcomes = []
    for i, q in enumerate(queries):
        state = sp.open(q.text) if i == 0 else sp.submit(q.text)
        found = sp.all_hrefs(state)
        assert len(found) == result_count(state["status"]), f"{q.text!r}: listed {len(found)}, {state['status']}"
        outcomes.append(Outcome(q, truth(records, q.text, named), found))
    return outcomes


def scores(outcomes: Iterable[Outcome]) -> tuple[int, float, float]:
    """Number of queries and micro-averaged recall and precision over their result links."""
    outcomes = list(outcomes)
    hits = sum(len(o.expected & set(o.found)) for o in outcomes)
    expected = sum(len(o.expected) for o in outcomes)
    found = sum(len(set(o.found)) for o in outcomes)
    return len(outcomes), hits / expected if expected else 1.0, hits / found if found else 1.0


def score_table(outcomes: list[Outcome]) -> str:
    """A small table: group, queries, recall, precision, and the overall line."""
    groups = dict.fromkeys(o.query.group for o in outcomes)
    rows = [(g, *scores(o for o in outcomes if o.query.group == g)) for g in groups]
    rows.append(("overall", *scores(outcomes)))
    lines = [f"{'group':<10}{'queries':>8}{'recall':>9}{'precision':>11}"]
    lines += [f"{g:<10}{n:>8}{r:>9.4f}{p:>11.4f}" for g, n, r, p in rows]
    return "\n".join(lines)


def describe_failures(outcomes: list[Outcome]) -> str:
    """One line per query whose results differ from the truth."""
    return "\n".join(
        f"  [{o.query.group}] {o.query.text!r}: missing {sorted(o.missing)}, extra {sorted(o.extra)}"
        for o in outcomes
        if o.missing or o.extra
    )


# ---------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def records(site_model: Site, site_dir: Path) -> list[SearchRecord]:
    """The records as the index holds them: each with its built page's visible text (search.page_text)."""
    return [
        replace(r, text=search.page_text((site_dir / urls.output_file(r.path)).read_text("utf-8")))
        for r in search.search_records(site_model)
    ]


@pytest.fixture
def search_page(page, server: str) -> SearchPage:
    return SearchPage(page, server)


@pytest.mark.browser
def test_recall_and_precision(search_page: SearchPage, site_model: Site, records: list[SearchRecord]) -> None:
    """Units, areas and random substrings: results match the substring truth at ≥ 0.98 recall and precision."""
    queries = all_queries(site_model, records)
    assert len(queries) >= MIN_QUERIES
    outcomes = run_queries(search_page, queries, records, names(site_model))
    _, recall, precision = scores(outcomes)
    print("\n" + score_table(outcomes))
    print(describe_failures(outcomes) or "no failing queries")
    assert recall >= MIN_SCORE and precision >= MIN_SCORE, (
        f"recall {recall:.4f}, precision {precision:.4f} over {len(queries)} queries; failing queries:\n"
        + describe_failures(outcomes)
    )


@pytest.mark.browser
def test_no_results_and_empty_query(search_page: SearchPage, records: list[SearchRecord]) -> None:
    """A query found nowhere says so and lists nothing; an empty query shows the help text."""
    query = "量子计算机"
    assert not truth(records, query)
    state = search_page.open(query)
    assert state["status"].startswith(NO_RESULTS) and query in state["status"]
    assert state["hrefs"] == []
    assert search_page.page.locator("#search-more").count() == 0

    state = search_page.open("")
    assert state["status"].startswith(HELP)
    assert state["hrefs"] == []


def kind_truth(records: list[SearchRecord], query: str, kind: str) -> set[str]:
    """The truth for a query restricted to records of one kind (filter 类别)."""
    return truth((r for r in records if kind in r.filters["kind"]), query)


@pytest.mark.browser
def test_filter_from_url_and_select(search_page: SearchPage, records: list[SearchRecord]) -> None:
    """?q=托育&kind=民生实事 preselects the filter and keeps the params; changing the select reruns the search."""
    page = search_page.page
    state = search_page.open("托育", kind=kinds.ITEM.search_label)
    expected = kind_truth(records, "托育", kinds.ITEM.search_label)
    assert expected
    assert page.locator("#filter-kind").input_value() == kinds.ITEM.search_label
    assert set(search_page.all_hrefs(state)) == expected
    assert set(state["kinds"]) == {kinds.ITEM.search_label}
    assert search_page.params() == {"q": "托育", "kind": kinds.ITEM.search_label}

    state = search_page.choose("kind", kinds.TASK.search_label)
    assert not kind_truth(records, "托育", kinds.TASK.search_label)
    assert state["status"].startswith(NO_RESULTS) and state["hrefs"] == []
    assert search_page.params() == {"q": "托育", "kind": kinds.TASK.search_label}

    state = search_page.choose("kind", "")
    assert set(search_page.all_hrefs(state)) == truth(records, "托育")
    assert search_page.params() == {"q": "托育"}


EXCERPTS_JS = """() => [...document.querySelectorAll("#search-results > li")].map((li) => ({
  text: li.querySelector("p").textContent,
  marks: [...li.querySelectorAll("p mark")].map((m) => m.textContent),
}))"""


@pytest.mark.browser
def test_excerpt_marks_the_query(search_page: SearchPage, records: list[SearchRecord]) -> None:
    """Each excerpt marks the query as one <mark> and has no spaces left between Chinese characters."""
    query = "停车位"
    state = search_page.open(query)
    assert set(search_page.all_hrefs(state)) == truth(records, query)
    excerpts = search_page.page.evaluate(EXCERPTS_JS)
    assert excerpts
    cjk_gap = re.compile(r"[\u3400-\u9fff]\s+[\u3400-\u9fff]")
    for ex in excerpts:
        assert query in ex["marks"], ex
        assert not cjk_gap.search(ex["text"]), ex
        assert not any(re.search(r"\s", m) for m in ex["marks"]), ex


@pytest.mark.browser
def test_search_under_content_security_policy(search_page: SearchPage, records: list[SearchRecord]) -> None:
    """The page's CSP meta tag is in force and the search runs without violations (or console errors)."""
    page = search_page.page
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    state = search_page.open("托育")
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self'" in csp
    assert set(search_page.all_hrefs(state)) == truth(records, "托育")
    assert page.evaluate("window.__csp") == []


@pytest.mark.browser
def test_keyboard_only(search_page: SearchPage, records: list[SearchRecord]) -> None:
    """Tab from the top of the page reaches the search box; typing a query and Enter lists the results."""
    page = search_page.page
    search_page.open("")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-input":
            break
    else:
        pytest.fail("Tab never reached #search-input")
    page.keyboard.type("托育")
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '托育'", timeout=WAIT_MS)
    state = search_page.settled()
    assert state["hrefs"]
    assert set(search_page.all_hrefs(state)) == truth(records, "托育")


@pytest.mark.browser
def test_one_edition_offers_no_year_filter(search_page: SearchPage, site_model: Site) -> None:
    """The example site has one edition: no year select or hint, and categories are offered by name alone."""
    (ed,) = site_model.editions
    search_page.open("托育")
    assert search_page.page.locator("#filter-year").is_hidden()
    assert search_page.page.locator("#search-hint").count() == 0
    assert sorted(search_page.options("category")[1:]) == sorted(c.name for c in ed.categories)
    # A link from before categories had years finds the one year's category of that name.
    state = search_page.open("", category="普惠托育项目")
    assert search_page.params() == {"category": f"{ed.year}年 普惠托育项目"}
    assert set(search_page.all_hrefs(state)) == {
        "/" + urls.project(i) for i in ed.items if i.category.name == "普惠托育项目"
    }
