"""The example site's feeds and page metadata: the real site's feed count and the 嘉兴 document's metadata."""

from __future__ import annotations

import json
from pathlib import Path

from test_history_feeds import page, parse_feed


def test_every_feed_of_the_real_site_parses(site_dir: Path) -> None:
    feeds = sorted(p.relative_to(site_dir).as_posix() for p in (site_dir / "feeds").rglob("*.xml"))
    assert len(feeds) == 1 + 57 + 10
    for path in feeds:
        parse_feed(site_dir, path)


def test_pages_link_their_feeds(site_dir: Path) -> None:
    soup = page(site_dir, "districts/haining")
    alternates = [link["href"] for link in soup.find_all("link", rel="alternate")]
    assert alternates == ["/feeds/changes.xml", "/feeds/districts/haining.xml"]
    assert "/feeds/districts/haining.xml" in [a["href"] for a in soup.find("main").find_all("a")]


def test_meta_tags_and_structured_data(site_dir: Path) -> None:
    soup = page(site_dir, "2023/tasks/2")
    meta = {m.get("name") or m.get("property"): m["content"] for m in soup.find_all("meta") if m.get("content")}
    assert meta["og:type"] == "article" and meta["og:url"].endswith("/2023/tasks/2/")
    assert meta["ColumnName"] == "重点工作" and meta["PubDate"] == "2023-03-03"
    assert (
        meta["ContentSource"] == "嘉兴市人民政府办公室(嘉政办发〔2023〕7号)"
        and meta["ArticleTitle"] == soup.title.get_text().split(" - ")[0]
    )
    assert soup.find("link", rel="canonical")["href"] == meta["og:url"]
    data = json.loads(soup.find("script", type="application/ld+json").get_text())
    assert data["@type"] == "CreativeWork" and data["isPartOf"]["identifier"] == "嘉政办发〔2023〕7号"
    assert [m["name"] for m in data["mentions"]] == ["市科技局"]
    dataset = json.loads(page(site_dir, "data").find("script", type="application/ld+json").get_text())
    assert dataset["@type"] == "Dataset" and len(dataset["distribution"]) == 12  # with progress.csv and .json
