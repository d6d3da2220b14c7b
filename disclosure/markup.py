"""Editor-written Markdown to safe HTML, with anything unsafe reported as an error, never dropped silently."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup

from .errors import Pos, Problem

URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "cite"}
GENERIC_ATTRIBUTES = {"title", "lang"}  # allowed on every tag by nh3 (ammonia) defaults
# [text]（address） typed with the input method's brackets: Markdown shows it as literal text, not a link.
FULL_WIDTH_LINK_RE = re.compile(r"\]（[^）\n]*）")
FULL_WIDTH_LINK = (
    "found a Markdown link written with full-width brackets （…）, expected [text](address) with ASCII ( )"
)


def render_markdown(text: str, name: str) -> tuple[Markup, list[Problem]]:
    """Render Markdown; list every tag, attribute or link scheme that sanitizing would remove."""
    html = markdown.markdown(text, extensions=["tables"], output_format="html")
    audit = _Audit()
    audit.feed(html)
    found = dict.fromkeys(audit.found)  # once each, in order
    problems = [Problem(Pos(name, line_of(text, needle)), "", message) for needle, message in found]
    problems += [
        Problem(Pos(name, text.count("\n", 0, slip.start()) + 1), "", FULL_WIDTH_LINK)
        for slip in FULL_WIDTH_LINK_RE.finditer(text)
    ]
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
