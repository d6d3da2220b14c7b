"""Editor-written Markdown to safe HTML, with anything unsafe reported as an error, never dropped silently.

Every problem is reported at the line it was typed on, also when it was typed as a character reference
(&#106;avascript:), and nothing the sanitizer would remove or the page's Content-Security-Policy would block
is let through: HTML comments, declarations, links without a scheme (//host/), images from other sites,
invisible characters written as references (&#8238;, &nbsp;, &shy;). Table column alignment (:-: and -:)
becomes a class that style.css styles, since the CSP allows no inline style. Lists and quotes nested deeper
than MAX_NESTING are refused before Python-Markdown runs: it recurses once per level (RecursionError at
about 250 nested lists) and takes quadratic time on some mixes (18 s for 1,000 levels of "- >").
"""

from __future__ import annotations

import html as entities
import re
import xml.etree.ElementTree as etree
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from disclosure.chars import INVISIBLE, label
from disclosure.errors import Pos, Problem

URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "cite"}
GENERIC_ATTRIBUTES = {"title", "lang"}  # allowed on every tag by nh3 (ammonia) defaults
ALIGN_CLASSES = {tag: {"align-left", "align-center", "align-right"} for tag in ("th", "td")}  # style.css
# [text]（address） typed with the input method's brackets: Markdown shows it as literal text, not a link.
FULL_WIDTH_LINK_RE = re.compile(r"\]（[^）\n]*）")
FULL_WIDTH_LINK = "这个 Markdown 链接用了全角括号“（…）”,不会成为链接:请写作 [文字](地址),括号用半角 ( )。"
# Official documents number at most four levels (GB/T 9704-2012: 一、 (一) 1. (1)); twice that is allowed.
# Deeper is unreadable anyway: each level indents 40 px, and a 320 px phone has about 280 px of text.
MAX_NESTING = 8
# What opens a level at the start of a line, for Python-Markdown: 4 spaces (or a tab) of indentation, a
# quote's >, a list marker. Counting them over-counts (an indented code block) but never under-counts.
LEVEL = r"(?: {4}|\t| {0,3}>[ ]?| {0,3}(?:[*+-]|[0-9]{1,9}[.)])(?:[ \t]|$))"
LEVEL_RE = re.compile(LEVEL)
TOO_DEEP = re.compile(rf"^{LEVEL}{{{MAX_NESTING + 1},}}+", re.MULTILINE)  # one scan of the text, in C
RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *")  # - - - is a horizontal rule, not three lists
# A character reference as a browser reads it in HTML (named ones may lack the ; for historical reasons).
CHAR_REF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def render_markdown(text: str, name: str) -> tuple[Markup, list[Problem]]:
    """Render Markdown; list every tag, attribute, link or character that sanitizing would remove, the CSP
    would block, or that would hide text, each at the line it was written on."""
    if problems := nesting_problems(text, name):
        return Markup(""), problems  # Python-Markdown is not run on it: it could crash or take seconds
    html = markdown.Markdown(
        extensions=[TableExtension(use_align_attribute=True), _AlignClasses()], output_format="html"
    ).convert(text)
    audit = _Audit()
    audit.feed(html)
    audit.close()
    nth: Counter[str] = Counter()
    problems = []
    for needle, message in audit.found:
        problems.append(Problem(Pos(name, line_of(text, needle, nth[needle])), "", message))
        nth[needle] += 1
    referenced, reference_problems = invisible_references(html, text, name)
    problems += reference_problems
    # What reached the page by any other way than a reference or a character typed (load.py reports those).
    for char in sorted(audit.invisible - referenced - set(text)):
        problems.append(
            Problem(Pos(name), "", f"由这个文件生成的 HTML 里有一个看不见的字符 {label(char)},只能有看得见的文字。")
        )
    problems += [
        Problem(Pos(name, text.count("\n", 0, slip.start()) + 1), "", FULL_WIDTH_LINK)
        for slip in FULL_WIDTH_LINK_RE.finditer(text)
    ]
    clean = nh3.clean(html, url_schemes=URL_SCHEMES, link_rel=None, allowed_classes=ALIGN_CLASSES)
    return Markup(clean), list(dict.fromkeys(problems))  # once each, in order


def nesting_problems(text: str, name: str) -> list[Problem]:
    """Lists and quotes nested deeper than MAX_NESTING: once for each run of such lines, at its first."""
    runs: list[list[int]] = []  # [first line, last line, deepest]
    number, counted = 1, 0  # line numbers counted as the scan goes: counting from the start each time is slow
    for deep in TOO_DEEP.finditer(text):
        start = deep.start()
        end = text.find("\n", start)
        if RULE.fullmatch(text[start:] if end < 0 else text[start:end]):
            continue
        number, counted = number + text.count("\n", counted, start), start
        depth = len(LEVEL_RE.findall(deep.group()))
        if runs and runs[-1][1] == number - 1:
            runs[-1][1:] = [number, max(runs[-1][2], depth)]
        else:
            runs.append([number, number, depth])
    return [_too_deep(name, first, deepest) for first, _, deepest in runs]


def _too_deep(name: str, line: int, depth: int) -> Problem:
    return Problem(
        Pos(name, line),
        "",
        f"列表和引用嵌套了{depth}层,最多只能{MAX_NESTING}层(行首的每个列表符号、“>”或4个空格的缩进各算一层)。",
    )


def invisible_references(html: str, text: str, name: str) -> tuple[set[str], list[Problem]]:
    """The invisible characters (chars.py) the page gets from character references, and a problem at the
    line and column of each reference. Found in Python-Markdown's output, which writes a reference in the
    text as it was typed and escapes the & of one it shows as code (`&#8238;`), so only those a browser
    decodes are found."""
    counts: Counter[str] = Counter()
    chars: dict[str, str] = {}
    for ref in CHAR_REF.finditer(html):
        if bad := INVISIBLE.search(entities.unescape(ref.group())):
            counts[ref.group()] += 1
            chars[ref.group()] = bad.group()
    problems = []
    for ref, count in counts.items():
        message = f"“{ref}”是字符引用,代表看不见的字符 {label(chars[ref])},只能写看得见的文字:请删除它。"
        places = _places(text, ref)[:count] or [(0, 0)]
        problems += [Problem(Pos(name, line, col), "", message) for line, col in places]
    return set(chars.values()), problems


def _places(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (line, column) at which needle starts in text, both 1-based."""
    places = []
    for number, line in enumerate(text.split("\n"), start=1):
        start = line.find(needle)
        while start != -1:
            places.append((number, start + 1))
            start = line.find(needle, start + 1)
    return places


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """The line of the Markdown source holding the nth occurrence of needle (the last one if there are
    fewer; 1 if there is none), found as typed, else once character references are decoded (and the tab
    and line breaks a browser drops from an address removed), else once Markdown's backslash escapes are."""
    lines = text.split("\n")
    needle = needle.lower()
    for view in (_as_typed, _decoded, _unescaped):
        found = [n for n, line in enumerate(lines, start=1) for _ in range(view(line).lower().count(needle))]
        if found:
            return found[min(nth, len(found) - 1)]
    return 1


def _as_typed(line: str) -> str:
    return line


def _decoded(line: str) -> str:
    return re.sub(r"[\t\r\n]", "", entities.unescape(line))


def _unescaped(line: str) -> str:
    return MARKDOWN_ESCAPE.sub(r"\1", _decoded(line))


class _AlignClasses(Extension):
    """Table column alignment as class="align-center" (style.css), not style= (the CSP blocks inline
    styles, and nh3 would remove it) nor align= (obsolete HTML)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_AlignCells(md), "align-classes", 15)


class _AlignCells(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for cell in root.iter():
            if cell.tag in ("th", "td") and (side := cell.attrib.pop("align", None)):
                cell.set("class", f"align-{side}")


def address(value: str) -> str:
    """An address as a browser reads it: no tab or line break, surrounding spaces dropped, \\ read as /."""
    return re.sub(r"[\t\r\n]", "", value).strip().replace("\\", "/")


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (text to find the source line by, message)
        self.invisible: set[str] = set()  # invisible characters in the decoded text and attribute values

    def handle_data(self, data: str) -> None:
        self.invisible.update(INVISIBLE.findall(data.replace("\n", "")))  # Markdown's own line breaks

    def handle_comment(self, data: str) -> None:
        self.found.append(
            (
                "<!--",
                "这里有 HTML 注释“<!-- … -->”,它会被删掉,读者看不到:给编辑的说明请写在提交说明里。",
            )
        )

    def handle_decl(self, decl: str) -> None:
        needle = f"<!{decl.split(' ', 1)[0]}"
        self.found.append((needle, f"这里有“{needle} … >”,它会被删掉:请只用 Markdown 或简单的 HTML。"))

    def unknown_decl(self, data: str) -> None:
        needle = f"<![{data.split('[', 1)[0]}"
        self.found.append((needle, f"这里有“{needle} … >”,它会被删掉:请只用 Markdown 或简单的 HTML。"))

    def handle_pi(self, data: str) -> None:
        self.found.append(("<?", "这里有“<? … >”,它会被删掉:请只用 Markdown 或简单的 HTML。"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in nh3.ALLOWED_TAGS:
            self.found.append((f"<{tag}", f"这里有 HTML 标签“<{tag}>”,网站不允许:请改用 Markdown 或简单的 HTML。"))
            return
        allowed = nh3.ALLOWED_ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES
        for attr, value in attrs:
            self.invisible.update(INVISIBLE.findall((value or "").replace("\n", "")))
            if attr == "class" and tag in ALIGN_CLASSES and set((value or "").split()) <= ALIGN_CLASSES[tag]:
                continue
            if attr not in allowed:
                self.found.append((attr, f"“<{tag}>”上有属性“{attr}=”,它会被删掉:请去掉它。"))
            elif attr in URL_ATTRIBUTES and value:
                self.link(tag, attr, value)

    def link(self, tag: str, attr: str, value: str) -> None:
        where = address(value)
        scheme = urlsplit(where).scheme
        if scheme.lower() not in URL_SCHEMES | {""}:
            self.found.append(
                (f"{scheme}:", f"这里有一个“{scheme}:”链接,链接只能是 http、https、mailto 或本站的路径。")
            )
        elif tag == "img" and attr == "src" and (scheme or where.startswith("//")):
            self.found.append(
                (
                    value.strip(),
                    f"这里的图片来自别的网站({value.strip()}),只能用本站的图片"
                    "(网站的内容安全策略 img-src 'self' 会拦下它)。",
                )
            )
        elif where.startswith("//"):
            self.found.append(
                (
                    value.strip(),
                    f"地址“{value.strip()}”没写协议就指向了别的网站(浏览器读作 {where}):"
                    f"请写出完整地址 https://{where.lstrip('/')},或者写本站的路径。",
                )
            )
