"""Check that every internal link and fragment in the built site resolves to a file and an id.

The build checks each page as it is rendered, in the process that rendered it (LinkChecker.page), against
the list of files the build will write, known before any page is rendered; a link with a #fragment
is remembered and checked at the end against the ids of its target page (LinkChecker.fragments), so no
page is read back from disk except the few that fragments point into.

The pages are our own output, whose attributes are always double-quoted and written after a single
space (Jinja templates, nh3 for Markdown), so regular expressions with a literal start read links and
ids: ' href="' is 8 times faster to find than a pattern starting with \\s, and html.parser was 80% of
the check's time. tests/test_links.py holds the assumption (BeautifulSoup counts the same links on
every page) and runs an independent checker over the same site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

EXTERNAL = ("http:", "https:", "mailto:", "data:", "//")
LINK = re.compile(' (?:href|src|action)="([^"]*)"')  # one pass over the page: 3 times faster than one per attribute
ID = re.compile(r' id="([^"]+)"')
PLAIN = re.compile(r"[^#?%&]*")  # a link with nothing to decode or split: no fragment, query, escape or entity
UNKNOWN = object()  # a link not yet met


@dataclass(frozen=True)
class Broken:
    """A link on a built page (a path relative to the site) that resolves to nothing."""

    page: str
    link: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.message}"


Found = tuple[list[Broken], dict[tuple[str, str], tuple[str, str]]]


@dataclass
class LinkChecker:
    """Checks pages one by one against the files of the site; found() is what a worker process sends back."""

    files: Collection[str]  # every file of the site, relative to it
    base_path: str
    broken: list[Broken] = field(default_factory=list)
    wanted: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (file, id) -> (page, link)
    verdicts: dict[tuple[str, str], str | tuple[str, str] | None] = field(default_factory=dict)  # relative links
    anywhere: dict[str, str | tuple[str, str] | None] = field(default_factory=dict)  # external, site-absolute

    def page(self, rel: str, text: str) -> None:
        """Check the links of one page (rel: its file, relative to the site)."""
        here = ""
        own_ids: set[str] | None = None
        anywhere = self.anywhere
        for link in dict.fromkeys(LINK.findall(text)):  # each distinct link once per page, in page order
            found = anywhere.get(link, UNKNOWN)  # most links: the header's, the footer's, every other page's
            if found is UNKNOWN:
                if link.startswith(EXTERNAL):
                    found = anywhere[link] = None
                elif link.startswith("#") and PLAIN.fullmatch(link, 1):  # #main: nothing to resolve
                    found = (rel, link[1:])
                elif link.startswith("/"):  # a site-absolute link resolves the same anywhere
                    found = anywhere[link] = self.verdict(self.base_path, link)
                else:
                    here = here or self.base_path + (rel.removesuffix("index.html") if rel != "404.html" else "")
                    key = (here, link)
                    if key not in self.verdicts:
                        self.verdicts[key] = self.verdict(here, link)
                    found = self.verdicts[key]
            if found is None:
                continue
            if isinstance(found, str):
                self.broken.append(Broken(rel, unescape(link), found))
            elif found[0] == rel:  # a fragment of this page, such as #main: its ids are at hand
                if f' id="{found[1]}"' in text:  # written as it is read (most: an id needs no entity)
                    continue
                own_ids = ids(text) if own_ids is None else own_ids
                if found[1] not in own_ids:
                    self.broken.append(Broken(rel, unescape(link), missing_id(unescape(link), found)))
            else:
                self.wanted.setdefault(found, (rel, unescape(link)))

    def verdict(self, here: str, link: str) -> str | tuple[str, str] | None:
        """None if the link resolves, a message if not, (file, id) if only that file's ids can tell."""
        if link.startswith(self.base_path) and PLAIN.fullmatch(link) and "/." not in link:  # most: nothing to parse
            path = link
            fragment = ""
        else:
            link = unescape(link)
            url = urlsplit(urljoin(here, link))
            path, fragment = unquote(url.path), url.fragment
        if not path.startswith(self.base_path):
            return f"链接“{link}”指向了网站根路径 {self.base_path} 以外:请改成本站的地址。"
        target = path[len(self.base_path) :]
        target_file = target + "index.html" if target == "" or target.endswith("/") else target
        if target_file not in self.files:
            return f"链接“{link}”指向 {path},网站里没有这个地址:请检查拼写。"
        return (target_file, fragment) if fragment and target_file.endswith(".html") else None

    def found(self) -> Found:
        """What the checked pages gave: broken links, and fragments to check (what a worker sends back)."""
        return self.broken, self.wanted

    def merge(self, found: Found) -> None:
        """Take in what a worker found (its pages come after the ones checked so far: first mention kept)."""
        broken, wanted = found
        self.broken += broken
        for fragment, where in wanted.items():
            self.wanted.setdefault(fragment, where)

    def fragments(self, read: Callable[[str], str]) -> list[Broken]:
        """Check the remembered fragments against the ids of their pages; read(file) gives a page's text."""
        known: dict[str, set[str]] = {}
        broken = []
        for (target, fragment), (page, link) in sorted(self.wanted.items()):
            if target not in known:
                known[target] = ids(read(target))
            if fragment not in known[target]:
                broken.append(Broken(page, link, missing_id(link, (target, fragment))))
        return broken


def links(text: str) -> list[str]:
    """The href, src and action attributes of a page (as written: entities not decoded)."""
    return LINK.findall(text)


def ids(text: str) -> set[str]:
    return {unescape(i) for i in ID.findall(text)}


def missing_id(link: str, target: tuple[str, str]) -> str:
    return f"链接“{link}”指向 #{target[1]},但 {target[0]} 里没有这个位置:请检查“#”后面的名字。"


def check_links(root: Path, base_path: str) -> list[Broken]:
    """Every broken internal link or fragment of a site already on disk (empty when all resolve)."""
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    checker = LinkChecker(files, base_path)
    for rel in sorted(f for f in files if f.endswith(".html")):
        checker.page(rel, (root / rel).read_text("utf-8"))
    return checker.broken + checker.fragments(lambda rel: (root / rel).read_text("utf-8"))
