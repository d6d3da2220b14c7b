"""What a reporter sees when the data changes: per-record history on the pages, Atom feeds for the site,
each department and each district, the data version in every citation, and redirects for old slugs.

A git repository is made from a copy of the fixture site (grown by 100 tasks) with commits at fixed
dates, so the expected dates and values are known; without git the build still works and says so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from factory import make_project, more_tasks

import build
from disclosure.build.pipeline import build as build_site
from disclosure.config import Config
from disclosure.kinds import Subject
from disclosure.model import Site
from disclosure.outputs.feeds import for_unit
from disclosure.source import load
from disclosure.source.changelog import Change, Version

ATOM = "{http://www.w3.org/2005/Atom}"
OLD_TEXT, NEW_TEXT = "研发投入强度达到3.5%。", "研发投入强度达到3.6%。"
CONFIG = Config(site_url="https://example.org", base_path="/")


def git(root: Path, *args: str, date: str = "2026-01-01T09:00:00+08:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    run = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return run.stdout.strip()


def copy_project(to: Path) -> Path:
    """The fixture site with 100 more tasks in 2024: more records than the site feed holds (100)."""
    return make_project(to, {"data/2024/tasks.yaml": more_tasks(100)})


def item_3_nanjiang_line(root: Path) -> int:
    """The line of item 3's first row (停车位) 南江市 figure, found through the loader's positions."""
    livelihood = load.load_yaml(root / "data/2024/livelihood.yaml", root)
    item = next(i for i in livelihood["items"] if i["no"] == "3")
    return item["indicators"][0]["breakdown"]["南江市"].pos.line


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A repository with two data commits: the transcription, then a corrected task text and figure."""
    root = copy_project(tmp_path_factory.mktemp("repo") / "project")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "transcription")
    tasks = root / "data/2024/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace(OLD_TEXT, NEW_TEXT), "utf-8")
    livelihood = root / "data/2024/livelihood.yaml"
    lines = livelihood.read_text("utf-8").splitlines(keepends=True)
    number = item_3_nanjiang_line(root)
    assert lines[number - 1] == "          南江市: 900\n"
    lines[number - 1] = "          南江市: 901\n"
    livelihood.write_text("".join(lines), "utf-8")
    git(root, "commit", "-q", "-am", "correct task 2 and item 3", date="2026-02-03T10:30:00+08:00")
    out = root.parent / "site"
    build_site(root, out, CONFIG, with_search=False)
    return root, out


def page(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path / "index.html").read_text("utf-8"), "html.parser")


def test_a_task_page_shows_when_and_what_changed(edited: tuple[Path, Path]) -> None:
    root, out = edited
    history = page(out, "2024/tasks/2").find("section", class_="history")
    text = history.get_text(" ", strip=True)
    first = git(root, "log", "--reverse", "--format=%h", "--", "data")[:7]
    last = git(root, "log", "-1", "--format=%h")
    assert f"首次发布于 2026-01-01(数据版本 {first})" in text
    assert history.find("h3").get_text(strip=True) == f"2026-02-03 的修改(数据版本 {last})"
    assert [dt.get_text(strip=True) for dt in history.find_all("dt")] == ["任务内容"]
    assert history.find("dd").get_text("|", strip=True) == f"原为:{OLD_TEXT}|改为:{NEW_TEXT}"
    untouched = page(out, "2024/tasks/3").find("section", class_="history").get_text(" ", strip=True)
    assert untouched.endswith("此后没有修改。")


def test_a_project_page_shows_the_changed_figure(edited: tuple[Path, Path]) -> None:
    _, out = edited
    history = page(out, "2024/projects/3").find("section", class_="history")
    assert [dt.get_text(strip=True) for dt in history.find_all("dt")] == ["停车位 南江市"]
    assert history.find("dd").get_text("|", strip=True) == "原为:900|改为:901"


def test_every_citation_names_the_data_version(edited: tuple[Path, Path]) -> None:
    root, out = edited
    commit = git(root, "log", "-1", "--format=%h")
    # A record's page cites its own edition's document; a unit's or area's page (all years) the latest one.
    for path, doc_no, published in [
        ("2024/tasks/2", "示政办发〔2024〕3号", "2024-02-22"),
        ("2024/projects/3", "示政办发〔2024〕3号", "2024-02-22"),
        ("departments/science-technology", "示政办发〔2025〕2号", "2025-02-19"),
        ("districts/nanjiang", "示政办发〔2025〕2号", "2025-02-19"),
    ]:
        soup = page(out, path)
        cite = soup.find(id="cite-text").get_text(strip=True)
        # GB/T 7714-2015: 责任者. 题名[EB/OL]. (发布日期)[引用日期]. URL.
        assert cite.startswith("示例市人民政府办公室. 示例市人民政府办公室关于印发"), cite
        assert f"[EB/OL]. ({published})[引用日期]. https://example.org/{path}/." in cite, cite
        assert cite.endswith(f"https://example.org/{path}/.") and doc_no in cite
        facts = soup.find("dl", class_="cite-facts")
        shown = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in facts("dt")}
        assert shown["数据版本"] == "2026-02-03 第2版"  # the second commit that changed data/
        journalists = soup.find("details", class_="for-journalists").get_text(" ", strip=True)
        assert f"数据版本:2026-02-03 第2版;git 提交 {commit}" in journalists


def test_the_data_package_version_is_the_data_version(edited: tuple[Path, Path]) -> None:
    root, out = edited
    package = json.loads((out / "data/datapackage.json").read_text("utf-8"))
    assert package["version"] == f"2026.2.3+{git(root, 'log', '-1', '--format=%h')}"  # semver: no leading zeros


def parse_feed(out: Path, path: str) -> feedparser.FeedParserDict:
    """A feed as a reader parses it, after checking what RFC 4287 requires of feed and entries."""
    raw = (out / path).read_bytes()
    tree = ElementTree.fromstring(raw)
    assert tree.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert tree.find(f"{ATOM}{required}") is not None, required
    ids = []
    for entry in tree.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        ids.append(entry.find(f"{ATOM}id").text)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", entry.find(f"{ATOM}updated").text)
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_site_feed_lists_the_corrections_first(edited: tuple[Path, Path]) -> None:
    _, out = edited
    feed = parse_feed(out, "feeds/changes.xml")
    titles = [e.title for e in feed.entries[:2]]
    assert sorted(titles) == ["2024年民生实事第3项:停车位 南江市有修改", "2024年重点工作第2项:任务内容有修改"]
    task = next(e for e in feed.entries if e.title.startswith("2024年重点工作第2项"))
    assert task.link == "https://example.org/2024/tasks/2/"
    assert f"任务内容:原为 {OLD_TEXT},改为 {NEW_TEXT}" in task.summary
    assert task.updated == "2026-02-03T10:30:00+08:00"
    assert len(feed.entries) == 100  # capped; the 133 first publications are older


def test_a_department_feed_has_its_tasks_only(edited: tuple[Path, Path]) -> None:
    _, out = edited
    science = parse_feed(out, "feeds/departments/science-technology.xml")
    assert science.entries[0].title == "2024年重点工作第2项:任务内容有修改"
    finance = parse_feed(out, "feeds/departments/finance.xml")
    assert not [e for e in finance.entries if "有修改" in e.title]


def test_a_department_feed_has_the_change_that_took_it_off_as_a_starred_lead(fixture_model: Site) -> None:
    """Under lead_rule star the history's 责任单位 is the units as written, ★ and all: a unit taken off a
    task as a ★ lead is still that unit's news."""
    education = next(u for u in fixture_model.units if u.name == "市教育局")
    version = Version("abc1234", "2025-03-01", "2025-03-01T09:00:00+08:00")
    subject = Subject("2025年重点工作第2项", "2025/tasks/2/", frozenset({"市建设局"}), frozenset())
    removed = Change(version, "2025/task/2", "责任单位", "★市教育局、★市建设局", "★市建设局")
    assert for_unit(education)(removed, subject)
    elsewhere = Change(version, "2025/task/2", "责任单位", "★市科技局、★市建设局", "★市建设局")
    assert not for_unit(education)(elsewhere, subject)


def test_department_and_district_feeds_cover_every_edition(edited: tuple[Path, Path]) -> None:
    """Each first publication is an entry of its own: the feeds of a unit and an area of both years hold both."""
    _, out = edited
    for path in ("feeds/departments/health.xml", "feeds/districts/donghu.xml"):
        years = {e.title[:5] for e in parse_feed(out, path).entries if "#v-" in e.id}  # the history's entries
        assert years == {"2024年", "2025年"}, (path, years)


def test_a_district_feed_has_its_own_figures_only(edited: tuple[Path, Path]) -> None:
    _, out = edited
    nanjiang = parse_feed(out, "feeds/districts/nanjiang.xml")
    assert nanjiang.entries[0].title == "2024年民生实事第3项:停车位 南江市有修改"
    assert "停车位 南江市:原为 900,改为 901" in nanjiang.entries[0].summary
    donghu = parse_feed(out, "feeds/districts/donghu.xml")
    assert not [e for e in donghu.entries if "有修改" in e.title]


def test_every_feed_of_the_fixture_site_parses(fixture_site: Path) -> None:
    feeds = sorted(p.relative_to(fixture_site).as_posix() for p in (fixture_site / "feeds").rglob("*.xml"))
    assert len(feeds) == 1 + 21 + 6  # the site, each unit, each area
    for path in feeds:
        parse_feed(fixture_site, path)


def test_pages_link_their_feeds(fixture_site: Path) -> None:
    soup = page(fixture_site, "districts/nanjiang")
    alternates = [link["href"] for link in soup.find_all("link", rel="alternate")]
    assert alternates == ["/feeds/changes.xml", "/feeds/districts/nanjiang.xml"]
    assert "/feeds/districts/nanjiang.xml" in [a["href"] for a in soup.find("main").find_all("a")]


def test_without_git_the_build_says_history_is_unavailable(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "tarball")
    build_site(root, tmp_path / "site", CONFIG, with_search=False)
    soup = page(tmp_path / "site", "2024/tasks/2")
    assert "没有可用的 git 版本历史" in soup.find("section", class_="history").get_text()
    assert "数据版本:未知" in soup.find("details", class_="for-journalists").get_text()
    assert "version" not in json.loads((tmp_path / "site/data/datapackage.json").read_text("utf-8"))


def test_a_renamed_slug_leaves_a_redirect_and_passes_the_deletion_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "repo")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "data")
    units = root / "data/units.yaml"
    text = units.read_text("utf-8")
    renamed = text.replace("  slug: science-technology\n", "  slug: science-tech\n", 1)
    units.write_text(renamed, "utf-8")
    assert build.main(["check", "--root", str(root)]) == 1  # the old address vanished: refused
    first = git(root, "log", "-1", "--format=%h")
    slug = next(u for u in load.load_yaml(units, root) if u["name"] == "市科技局")["slug"]
    assert capsys.readouterr().err.splitlines()[1] == (
        f"{slug.pos}: unit 市科技局: 页面地址(slug)“science-technology”发布于提交 "
        f"{first}(2026-01-01),现在没有了。已发布的地址永远不变:请把旧的 slug 写进 "
        "former_slugs: [science-technology],让它跳转到新地址。"
    )

    units.write_text(
        renamed.replace("  slug: science-tech\n", "  slug: science-tech\n  former_slugs: [science-technology]\n"),
        "utf-8",
    )
    assert build.main(["check", "--root", str(root)]) == 0
    out = tmp_path / "site"
    build_site(root, out, CONFIG, with_search=False)
    old = page(out, "departments/science-technology")
    assert old.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=/departments/science-tech/"
    assert old.find("link", rel="canonical")["href"] == "https://example.org/departments/science-tech/"
    assert old.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page(out, "departments/science-tech").find("h1").get_text(strip=True) == "市科技局"
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "/departments/science-tech/<" in sitemap and "/departments/science-technology/<" not in sitemap


def test_meta_tags_and_structured_data(fixture_site: Path) -> None:
    """What the data decides (the document, its date, the units); the publisher's name (ContentSource) is the
    site's identity, checked on the example site."""
    import json

    soup = page(fixture_site, "2024/tasks/5")
    meta = {m.get("name") or m.get("property"): m["content"] for m in soup.find_all("meta") if m.get("content")}
    assert meta["og:type"] == "article" and meta["og:url"].endswith("/2024/tasks/5/")
    assert meta["ColumnName"] == "重点工作" and meta["PubDate"] == "2024-02-22"
    assert meta["ArticleTitle"] == soup.title.get_text().split(" - ")[0]
    assert soup.find("link", rel="canonical")["href"] == meta["og:url"]
    data = json.loads(soup.find("script", type="application/ld+json").get_text())
    assert data["@type"] == "CreativeWork" and data["isPartOf"]["identifier"] == "示政办发〔2024〕3号"
    assert [m["name"] for m in data["mentions"]] == ["市委组织部(市人才办)", "市人力社保局", "市科技局"]
    dataset = json.loads(page(fixture_site, "data").find("script", type="application/ld+json").get_text())
    assert (
        dataset["@type"] == "Dataset" and len(dataset["distribution"]) == 20
    )  # eight files per edition (progress.csv and progress.json: both have reports), four of the registries


# ---------------------------------------------------------------- the progress reports' entries

SITE = "https://shili.example.gov.cn/"  # the fixture's site_url: its feeds' addresses
ANNUAL, H1 = "2024/progress/2024-annual/", "2024/progress/2024-h1/"
# The status changes the fixture's reports make: the 全年 report against the 上半年 one (task 1's 上半年 status is
# its 1-5月 status, task 7 and 2025's task 1 are named once: no change).
CHANGES = {
    "2024/tasks/1/#status-2024-annual": ("2024年重点工作第1项", "按序时推进", "已完成", "2024/tasks/1/"),
    "2024/tasks/2/#status-2024-annual": ("2024年重点工作第2项", "进度滞后", "已完成", "2024/tasks/2/"),
    "2024/tasks/3/#status-2024-annual": ("2024年重点工作第3项", "超序时推进", "已完成", "2024/tasks/3/"),
    "2024/tasks/4/#status-2024-annual": ("2024年重点工作第4项", "按时推进", "提前完成", "2024/tasks/4/"),
    "2024/tasks/5/#status-2024-annual": ("2024年重点工作第5项", "未启动", "进度滞后", "2024/tasks/5/"),
    "2024/projects/1/#row-1-status-2024-annual": (
        "2024年民生实事第1项(机构)",
        "按序时推进",
        "已完成",
        "2024/projects/1/#row-1",
    ),
    "2024/projects/3/#row-4-status-2024-annual": (
        "2024年民生实事第3项(停车位)",
        "进度滞后",
        "提前完成",
        "2024/projects/3/#row-4",
    ),
}
PUBLISHED_ENTRIES = {  # report -> its publication day
    "2025/progress/2025-q1/": "2025-04-10",
    ANNUAL: "2025-01-20",
    H1: "2024-07-15",
    "2024/progress/2024-jan-may/": "2024-06-12",
}


def links(entry: ElementTree.Element) -> dict[str, str]:
    return {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")}


def progress_ids(out: Path, path: str) -> list[str]:
    """The ids of a feed's progress entries (its history's end in #v-<commit>), in the feed's order, under the site."""
    parse_feed(out, path)
    tree = ElementTree.fromstring((out / path).read_bytes())
    ids = [e.find(f"{ATOM}id").text for e in tree.findall(f"{ATOM}entry")]
    return [i.removeprefix(SITE) for i in ids if "#v-" not in i]


def test_each_report_s_publication_is_an_entry(fixture_site: Path, fixture_model: Site) -> None:
    """Dated the day it was published, linking its page, saying its source and its records per status."""
    tree = ElementTree.fromstring((fixture_site / "feeds/changes.xml").read_bytes())
    found = {e.find(f"{ATOM}id").text.removeprefix(SITE): e for e in tree.findall(f"{ATOM}entry")}
    for page_, day in PUBLISHED_ENTRIES.items():
        entry = found[f"{page_}#published"]
        report = next(r for ed in fixture_model.editions for r in ed.reports if f"{r.year}/progress/{r.slug}/" == page_)
        assert entry.find(f"{ATOM}title").text == f"进展通报:{report.title}"
        assert entry.find(f"{ATOM}updated").text == f"{day}T00:00:00+08:00"
        assert links(entry) == {"alternate": SITE + page_}
    h1 = found[f"{H1}#published"].find(f"{ATOM}summary").text.splitlines()
    assert h1 == [
        "示例市人民政府办公室于 2024-07-15 发布《2024年政府工作报告重点工作及民生实事项目执行情况(上半年)》"
        "(上半年,截至 2024-06-30),刊载于示例市人民政府门户网站 督查督办专栏"
        "(示政办通〔2024〕21号、https://www.example.gov.cn/progress/2024-h1.html)。",
        "重点工作 6 项,进展状态(通报原文):超序时推进 1 项、按序时推进 1 项、按时推进 1 项、进度滞后 1 项、未启动 1 项;"
        "原文未标明进展状态 1 项;计为完成(已完成、提前完成)的 0 项(本站统计)。",
        "民生实事指标 2 行,进展状态(通报原文):按序时推进 1 行、进度滞后 1 行;"
        "计为完成(已完成、提前完成)的 0 行(本站统计)。",
    ]


def test_each_status_change_is_an_entry(fixture_site: Path) -> None:
    """A record whose status differs from the previous report naming it: dated the report's publication, linking
    the record's page and the report's."""
    tree = ElementTree.fromstring((fixture_site / "feeds/changes.xml").read_bytes())
    entries = {e.find(f"{ATOM}id").text.removeprefix(SITE): e for e in tree.findall(f"{ATOM}entry")}
    assert {i for i in entries if "#published" not in i} == CHANGES.keys()
    for id_, (label, before, after, page_) in CHANGES.items():
        entry = entries[id_]
        assert entry.find(f"{ATOM}title").text == f"{label}:进展状态由“{before}”变为“{after}”"
        assert entry.find(f"{ATOM}updated").text == "2025-01-20T00:00:00+08:00"
        assert links(entry) == {"alternate": SITE + page_, "related": SITE + ANNUAL}
        summary = entry.find(f"{ATOM}summary").text
        assert (
            f"的进展状态为“{after}”;此前《2024年政府工作报告重点工作及民生实事项目执行情况(上半年)》(上半年)为“{before}”。"
            in summary
        )
    assert (
        entries["2024/tasks/2/#status-2024-annual"]
        .find(f"{ATOM}summary")
        .text.endswith("\n通报原文:研发投入强度达到3.5%。")
    )


def test_the_site_feed_orders_the_reports_entries_newest_first(fixture_site: Path) -> None:
    """Each report's publication, then the changes it brings in its own order (tasks, then rows)."""
    assert progress_ids(fixture_site, "feeds/changes.xml") == [
        "2025/progress/2025-q1/#published",
        f"{ANNUAL}#published",
        *CHANGES,
        f"{H1}#published",
        "2024/progress/2024-jan-may/#published",
    ]


@pytest.mark.parametrize(
    ("feed", "expected"),
    [
        # the units of a task (task 2 and 5: 市科技局), the lead of a row's item (row 1: 市卫生健康委)
        ("departments/science-technology", [ANNUAL, "2024/tasks/2/", "2024/tasks/5/", H1]),
        ("departments/health", [ANNUAL, "2024/projects/1/#row-1", H1]),
        ("departments/archives", []),  # task 6: no report names it
        # the areas of a task's units (task 4: 东湖区政府), the areas a report gives figures for (rows 1 and 4)
        ("districts/donghu", [ANNUAL, "2024/tasks/4/", "2024/projects/1/#row-1", "2024/projects/3/#row-4", H1]),
        ("districts/other", [ANNUAL, "2024/projects/3/#row-4", H1]),  # row 1: no figure for 其他
        ("districts/beihu", []),
    ],
)
def test_department_and_district_feeds_have_their_records_reports(
    fixture_site: Path, feed: str, expected: list[str]
) -> None:
    """A report's entry is in the feed of every unit and area one of its records concerns; a change only in its own."""
    ids = progress_ids(fixture_site, f"feeds/{feed}.xml")
    pages = {id_: CHANGES[id_][3] for id_ in CHANGES} | {f"{p}#published": p for p in PUBLISHED_ENTRIES}
    assert [pages[i] for i in ids] == expected


def test_progress_entries_merge_with_the_history_by_date(edited: tuple[Path, Path]) -> None:
    """In a repository, a department's feed has its corrections and publications (2026, the commits' times) before
    the reports' entries (2024–2025, their days), every entry once."""
    _, out = edited
    feed = parse_feed(out, "feeds/departments/science-technology.xml")
    times = [e.updated for e in feed.entries]
    assert [datetime.fromisoformat(t) for t in times] == sorted(
        (datetime.fromisoformat(t) for t in times), reverse=True
    )
    assert feed.entries[0].title == "2024年重点工作第2项:任务内容有修改"
    assert [e.id.removeprefix("https://example.org/") for e in feed.entries if "#v-" not in e.id] == [
        f"{ANNUAL}#published",
        "2024/tasks/2/#status-2024-annual",
        "2024/tasks/5/#status-2024-annual",
        f"{H1}#published",
    ]


def test_a_corrected_report_is_in_the_feeds_of_what_it_concerns_once(tmp_path: Path) -> None:
    """A report corrected after publication (task 2's text in 上半年) is an entry of its own in the site feed and in
    市科技局's, naming what changed; its first publication stays the one entry dated by the report (no second one
    from the history)."""
    root = make_project(tmp_path / "project")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "transcription")
    report = root / "data/2024/progress/2024-h1.yaml"
    report.write_text(report.read_text("utf-8").replace("预计达到3.1%", "预计达到3.2%"), "utf-8")
    git(root, "commit", "-q", "-am", "correct the report", date="2026-02-03T10:30:00+08:00")
    out = tmp_path / "site"
    build_site(root, out, CONFIG, with_search=False)
    for feed in ("feeds/changes.xml", "feeds/departments/science-technology.xml"):
        entries = parse_feed(out, feed).entries
        corrected = [e for e in entries if e.id.startswith(f"https://example.org/{H1}#v-")]
        assert [e.title for e in corrected] == [
            "2024年进展通报《2024年政府工作报告重点工作及民生实事项目执行情况(上半年)》:重点工作第2项 进展情况有修改"
        ], feed
        assert "预计达到3.1%" in corrected[0].summary and "预计达到3.2%" in corrected[0].summary
        assert [e.id for e in entries].count(f"https://example.org/{H1}#published") == 1
        assert not [e for e in entries if e.id.startswith(f"https://example.org/{H1}#v-") and "发布" in e.title]
    # 市档案馆's one task (6) is in no report: the correction is not in its feed
    assert not [
        e
        for e in parse_feed(out, "feeds/departments/archives.xml").entries
        if e.id.startswith(f"https://example.org/{H1}")
    ]
