"""Editor-written Markdown to safe HTML, with anything unsafe reported as an error, never dropped silently."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup

from .errors import Pos, Problem

URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "cite"}
GENERIC_ATTRIBUTES = {"title", "lang"}  # allowed on every tag by nh3 (ammonia) defaults


def render_markdown(text: str, name: str) -> tuple[Markup, list[Problem]]:
    """Render Markdown; list every tag, attribute or link scheme that sanitizing would remove."""
    html = markdown.markdown(text, extensions=["tables"], output_format="html")
    audit = _Audit()
    audit.feed(html)
    found = dict.fromkeys(audit.found)  # once each, in order
    problems = [Problem(Pos(name, line_of(text, needle)), "", message) for needle, message in found]
    return Markup(nh3.clean(html, url_schemes=URL_SCHEMES, link_rel=None)), problems


def line_of(text: str, needle: str) -> int:
    """The first line of the Markdown source that contains needle (1 if it cannot be found)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle.lower() in line.lower():
            return number
    return 1


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (text to find the source line by, message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in nh3.ALLOWED_TAGS:
            self.found.append((f"<{tag}", f"found the HTML tag <{tag}>, expected Markdown or simple HTML without it"))
            return
        allowed = nh3.ALLOWED_ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES
        for attr, value in attrs:
            if attr not in allowed:
                self.found.append(
                    (attr, f"found the attribute {attr}= on <{tag}>, expected none (it would be removed)")
                )
            elif attr in URL_ATTRIBUTES and value and urlsplit(value.strip()).scheme.lower() not in URL_SCHEMES | {""}:
                scheme = urlsplit(value.strip()).scheme
                self.found.append(
                    (f"{scheme}:", f"found a link to {scheme}:, expected an http, https or mailto link or a site path")
                )
