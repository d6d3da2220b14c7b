"""Check that every internal link and fragment in the built site resolves to a file and an id.

The pages are our own output, whose attributes are always double-quoted (Jinja templates, nh3 for
Markdown), so a regular expression reads links and ids; html.parser was 80% of the check's time.
tests/test_links.py runs an independent checker built on BeautifulSoup over the same site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

EXTERNAL = ("http:", "https:", "mailto:", "data:")
LINK = re.compile(r'\s(?:href|src|action)="([^"]*)"')
ID = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class Broken:
    """A link on a built page (a path relative to the site) that resolves to nothing."""

    page: str
    link: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.message}"


def check_links(root: Path, base_path: str) -> list[Broken]:
    """Return every broken internal link or fragment (empty when all resolve)."""
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}  # one walk, not a stat per link
    html = {rel: (root / rel).read_text("utf-8") for rel in sorted(files) if rel.endswith(".html")}
    ids: dict[str, set[str]] = {}
    verdicts: dict[tuple[str, str], str | None] = {}  # (page folder for a relative link, link) -> problem

    def verdict(here: str, link: str) -> str | None:
        url = urlsplit(urljoin(here, link))
        path = unquote(url.path)
        if not path.startswith(base_path):
            return f"link {link!r} points outside the site's base path {base_path}"
        target = path[len(base_path) :]
        target_file = target + "index.html" if target == "" or target.endswith("/") else target
        if target_file not in files:
            return f"link {link!r} points to {path}, which is not in the site"
        if url.fragment and target_file.endswith(".html"):
            if target_file not in ids:
                ids[target_file] = {unescape(i) for i in ID.findall(html[target_file])}
            if url.fragment not in ids[target_file]:
                return f"link {link!r} points to #{url.fragment}, which {target_file} does not have"
        return None

    broken = []
    for rel, text in html.items():
        here = base_path + (rel.removesuffix("index.html") if rel != "404.html" else "")
        for link in dict.fromkeys(unescape(m) for m in LINK.findall(text)):  # each distinct link once per page
            if link.startswith(EXTERNAL) or link.startswith("//"):
                continue
            key = ("" if link.startswith("/") else here, link)  # a site-absolute link resolves the same everywhere
            if key not in verdicts:
                verdicts[key] = verdict(here, link)
            if verdicts[key]:
                broken.append(Broken(rel, link, verdicts[key]))
    return broken
