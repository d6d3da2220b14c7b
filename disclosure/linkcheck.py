"""Check that every internal link and fragment in the built site resolves to a file and an id."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

EXTERNAL = ("http:", "https:", "mailto:", "data:")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for name in ("href", "src", "action"):
            if a.get(name) is not None:
                self.links.append(a[name])


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
    pages: dict[str, _Page] = {}
    for html in sorted(root.rglob("*.html")):
        page = _Page()
        page.feed(html.read_text("utf-8"))
        pages[html.relative_to(root).as_posix()] = page
    broken = []
    for rel, page in pages.items():
        here = base_path + (rel.removesuffix("index.html") if rel != "404.html" else "")
        for link in page.links:
            if link.startswith(EXTERNAL) or link.startswith("//"):
                continue
            url = urlsplit(urljoin(here, link))
            path = unquote(url.path)
            if not path.startswith(base_path):
                broken.append(Broken(rel, link, f"link {link!r} points outside the site's base path {base_path}"))
                continue
            target = path[len(base_path) :]
            target_file = target + "index.html" if target == "" or target.endswith("/") else target
            if not (root / target_file).is_file():
                broken.append(Broken(rel, link, f"link {link!r} points to {path}, which is not in the site"))
            elif url.fragment and target_file.endswith(".html") and url.fragment not in pages[target_file].ids:
                message = f"link {link!r} points to #{url.fragment}, which {target_file} does not have"
                broken.append(Broken(rel, link, message))
    return broken
