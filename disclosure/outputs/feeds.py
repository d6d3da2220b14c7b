"""Atom feeds (RFC 4287) of what changed: one for the whole site, one per department, one per district.

An entry is one record in one data version: its first publication, or the fields that changed with
their earlier and new values. A department's feed holds the tasks it is responsible for and the
projects it leads; a district's holds the projects (with only that district's figures) and the tasks
its government or zone is responsible for. Timestamps are the commits' own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape as _escape

from disclosure import kinds, urls
from disclosure.kinds import Subject
from disclosure.model import Area, Site, Unit
from disclosure.source.changelog import PUBLISHED, Change, History

MAX_ENTRIES = 100


def subjects(site: Site) -> dict[str, Subject]:
    """What each record with a history is about, by its history key: every kind that has feed entries."""
    out: dict[str, Subject] = {}
    for ed in site.editions:
        for kind in kinds.EDITION_KINDS:
            out |= kind.subjects(ed) if kind.subjects else {}
    for kind in kinds.SITE_KINDS:
        out |= kind.subjects(site) if kind.subjects else {}
    return out


def feed_path(kind: str, slug: str = "") -> str:
    """feeds/changes.xml, feeds/departments/<slug>.xml, feeds/districts/<slug>.xml."""
    return "feeds/changes.xml" if kind == "site" else f"feeds/{kind}/{slug}.xml"


def unit_feed(u: Unit) -> str:
    return feed_path("departments", u.slug)


def area_feed(a: Area) -> str:
    return feed_path("districts", a.slug)


def feeds(site: Site, history: History, root_url: str, site_name: str) -> dict[str, bytes]:
    """Every feed, by output path."""
    recs = subjects(site)
    changes = [c for c in history.all_changes() if c.record in recs]
    published = min((ed.document.published for ed in site.editions), default=None)
    fallback = f"{published.isoformat()}T00:00:00+08:00" if published else "1970-01-01T00:00:00Z"

    def make(path: str, title: str, page: str, keep: Callable[[Change, Subject], bool]) -> tuple[str, bytes]:
        chosen = [c for c in changes if keep(c, recs[c.record])]
        return path, atom(root_url, path, title, page, entries(chosen, recs), fallback, site_name)

    out = dict(
        [make(feed_path("site"), f"{site_name}:修改记录", urls.HOME, lambda c, r: True)]
        + [
            make(unit_feed(u), f"{u.name}:重点工作和民生实事的修改记录", urls.department(u), for_unit(u))
            for u in site.units
        ]
        + [
            make(area_feed(a), f"{a.name}:民生实事目标和重点工作的修改记录", urls.district(a), for_area(a))
            for a in site.areas
        ]
    )
    return out


def for_unit(u: Unit) -> Callable[[Change, Subject], bool]:
    def keep(c: Change, r: Subject) -> bool:
        # also units taken off a record; the history has them as written, a lead ★-marked (lead_rule star)
        return u.name in r.units or u.name in {n.removeprefix("★") for n in (c.before or "").split("、")}

    return keep


def for_area(a: Area) -> Callable[[Change, Subject], bool]:
    def keep(c: Change, r: Subject) -> bool:
        if a.name in r.areas:
            return True
        if r.every_area is None or (r.columns is not None and a.name not in r.columns):
            return False  # an item of a year whose table has no column for the area does not concern it
        # a record of every area (an item): its own fields concern each area, a figure only its own area
        return c.field == PUBLISHED or c.field in r.every_area or c.field.split(" ")[-1] == a.name

    return keep


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    path: str
    updated: str
    summary: str


def entries(changes: list[Change], recs: dict[str, Subject]) -> list[Entry]:
    """One entry per record and version, newest first, at most MAX_ENTRIES."""
    grouped: dict[tuple[str, str], list[Change]] = {}
    for c in changes:
        grouped.setdefault((c.version.time, c.record), []).append(c)
    out = []
    for (_, record), group in grouped.items():
        r, version = recs[record], group[0].version
        if any(c.field == PUBLISHED for c in group):
            title, summary = f"{r.label}:发布", f"{r.label}于 {version.date} 发布(数据版本 {version.commit})。"
        else:
            fields = "、".join(dict.fromkeys(c.field for c in group))
            title = f"{r.label}:{fields}有修改"
            summary = "\n".join(describe(c) for c in group) + f"\n(数据版本 {version.commit})"
        out.append(Entry(f"#v-{version.commit}", title, r.path, version.time, summary))
    return out[:MAX_ENTRIES]


def describe(c: Change) -> str:
    if c.before is None:
        return f"{c.field}:新增 {c.after}"
    if c.after is None:
        return f"{c.field}:删除,原为 {c.before}"
    return f"{c.field}:原为 {c.before},改为 {c.after}"


def atom(root: str, path: str, title: str, page: str, items: list[Entry], fallback: str, author: str) -> bytes:
    updated = max((e.updated for e in items), default=fallback)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(root + path)}</id>",
        f'  <link rel="self" type="application/atom+xml" href={attribute(root + path)}/>',
        f'  <link rel="alternate" type="text/html" href={attribute(root + page)}/>',
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
    ]
    for e in items:
        lines += [
            "  <entry>",
            f"    <title>{escape(e.title)}</title>",
            f"    <id>{escape(root + e.path + e.id)}</id>",
            f'    <link rel="alternate" type="text/html" href={attribute(root + e.path)}/>',
            f"    <updated>{e.updated}</updated>",
            f'    <summary type="text">{escape(e.summary)}</summary>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def escape(text: str) -> str:
    """XML character data: & < > escaped (xml.sax.saxutils would import urllib.request, 30 ms at start-up)."""
    return _escape(text, quote=False)


def attribute(value: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + _escape(value, quote=False).replace('"', "&quot;") + '"'
