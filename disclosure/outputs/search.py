"""The Pagefind search index: each record's page as the reader sees it, with its title and filters from the model.

Plain pagefind-bin does not segment Chinese. We index every character as its own
word (spaces between all non-space characters) and the browser rewrites each word of
a query into the exact phrase of its characters, so a query matches exactly the pages
that show every word as a substring (FACTS.md measured recall and precision 1.00).
The text indexed is the page's visible <main> text (page_text), so that what a page
is found by is what the reader finds on it; the names beside the bundle (names.json)
let the page put an area's or unit's own page first for its name, short name, pinyin
or an editors' alias.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import signal
import subprocess
import sys
import tempfile
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import cbor2

from disclosure import kinds, urls
from disclosure.errors import BuildError
from disclosure.kinds import SearchRecord, clip
from disclosure.model import Site

NAMES = "names.json"  # in the bundle's folder: the areas' and units' names a query may name (best bets)

DOCUMENT = "原文件"  # the search filter's value for an edition's notice: the edition's own page, not a record kind


def search_records(site: Site) -> list[SearchRecord]:
    """Every searchable page with the text it is found by: each edition's notice, then every kind's records."""
    out: list[SearchRecord] = []
    for ed in site.editions:
        doc = ed.document
        text = f"{doc.title} {doc.doc_no} {doc.signed_by}"
        out.append(
            SearchRecord(urls.edition(ed), doc.title, DOCUMENT, text, {"kind": [DOCUMENT], "year": [str(ed.year)]})
        )
        for kind in kinds.EDITION_KINDS:
            out += kind.search(ed) if kind.search else []
    for kind in kinds.SITE_KINDS:
        out += kind.search(site) if kind.search else []
    return out


# One indexed word: a letter or digit with the punctuation around it. Pagefind strips
# punctuation inside a word, but a word of punctuation alone would still take a
# position and break phrase matches across it (通、建 must match "通 建").
_WORD = re.compile(r"[^\w\s]*[^\W_][^\w\s]*|[^\w\s]+")


def spaced(text: str) -> str:
    """Put a space between every letter and digit, so each is indexed as its own word."""
    return " ".join(_WORD.findall(text))


PAGEFIND = (sys.executable, "-m", "pagefind_bin")  # the command that indexes (the pinned pagefind-bin wheel)


def index(site: Site, out: Path, background: bool = False, pages: Path | None = None) -> int:
    """Write the Pagefind bundle into out/pagefind/ and return the number of pages indexed.

    Each record's page is read from pages (out by default: the built site), its visible text
    kept (page_text). Pagefind's CLI indexes HTML, so each record becomes a small HTML file in a
    scratch folder (never published), at the path of the page it stands for.
    In the background (the dev server), Pagefind runs at a lower priority (nice), so that
    the pages of the next edit are not slowed down by the index of the last one.
    """
    recs = search_records(site)
    pages = pages or out
    with tempfile.TemporaryDirectory(prefix="pagefind-src-") as scratch:
        for r in recs:
            built = pages / urls.output_file(r.path)
            try:
                text = page_text(built.read_text("utf-8"))
            except OSError as e:
                raise BuildError(f"{built}: the page of {r.title} could not be read ({e.strerror}); not indexed") from e
            path = Path(scratch, urls.output_file(r.path))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record_html(r, text), "utf-8")
        pagefind = [*PAGEFIND, "--site", scratch, "--output-path", str(out / "pagefind")]
        try:
            run = subprocess.run(
                ["nice", "-n", "10", *pagefind] if background else pagefind,
                capture_output=True,
                text=True,
                errors="replace",  # its messages are read, whatever their bytes
                check=False,
            )
        except OSError as e:  # no such program (or no nice): one sentence, not a traceback
            raise BuildError(
                f"Pagefind could not be started ({e.strerror}: {e.filename}); the search index was not built"
            ) from e
    indexed = re.search(r"Indexed (\d+) pages?", run.stdout)
    if run.returncode < 0:
        raise BuildError(f"Pagefind was stopped by {signal_name(-run.returncode)}; the search index was not built")
    if run.returncode != 0:
        raise BuildError(
            f"Pagefind failed (exit code {run.returncode}): {last_error(run.stderr, run.stdout)}; "
            "the search index was not built"
        )
    if indexed is None or int(indexed.group(1)) != len(recs):
        found = "no count of pages" if indexed is None else f"{indexed.group(1)} pages"
        raise BuildError(f"Pagefind indexed {found}, expected {len(recs)}; the search index was not used")
    canonicalize_filters(out / "pagefind")
    write_names(site, out / "pagefind" / NAMES)
    return len(recs)


# What Pagefind prints is quoted in an error: terminal escapes and other control characters are dropped.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x1f\x7f-\x9f]")


def last_error(*outputs: str) -> str:
    """The last line saying "error" of the first output that has one (stderr, then stdout), else the last
    line of the first output with any text: the line that explains, not Pagefind's whole progress report."""
    texts = [[c for line in text.splitlines() if (c := _CONTROL.sub("", line).strip())] for text in outputs]
    errors = [[line for line in lines if line.lower().startswith("error")] for lines in texts]
    line = next((e[-1] for e in errors if e), None) or next((t[-1] for t in texts if t), "it printed nothing")
    return clip(re.sub(r"^error:\s*", "", line, flags=re.IGNORECASE).rstrip("."), 300)


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


SIGNATURE = b"pagefind_dcd"


def canonicalize_filters(bundle: Path) -> None:
    """Sort Pagefind's filter indexes so that two builds write the same bytes.

    Pagefind 1.5 writes each filter's values, and the list of filters in its meta
    index, in hash-map order, which changes from run to run (upstream issue #638).
    The files are gzip'd CBOR arrays; we sort them, re-encode, and rename each file
    after its new content, updating the references to it.
    """
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = _read(path)
        lang = path.stem.split("_")[0]
        renamed[path.stem] = _write(bundle / "filter", lang, ".pf_filter", [name, sorted(values)])
        path.unlink()
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for lang, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        for i, part in enumerate(meta):
            if isinstance(part, list) and part and all(isinstance(p, list) and p[-1] in renamed for p in part):
                meta[i] = sorted([*p[:-1], renamed[p[-1]]] for p in part)
        meta_path.unlink()
        info["hash"] = _write(bundle, lang, ".pf_meta", meta, prefix="pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _read(path: Path) -> list:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise BuildError(f"{path}: not a Pagefind index file; has the Pagefind version changed?")
    return cbor2.loads(raw[len(SIGNATURE) :])


def _write(folder: Path, lang: str, suffix: str, value: list, prefix: str = "") -> str:
    """Write value as a Pagefind index file named after its content; return the name without suffix."""
    raw = SIGNATURE + cbor2.dumps(value)
    stem = f"{lang}_{hashlib.sha256(raw).hexdigest()[: 13 if suffix == '.pf_meta' else 7]}"
    (folder / f"{prefix}{stem}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return stem


def record_html(r: SearchRecord, text: str | None = None) -> str:
    """The page Pagefind indexes for one record: metadata and filters, then the spaced text (its page's, or
    the record's own)."""
    tags = [
        f'<span data-pagefind-meta="title">{escape(r.title)}</span>',
        f'<span data-pagefind-meta="kind">{escape(r.kind)}</span>',
        f'<span data-pagefind-filter="page">{escape(r.path)}</span>',  # the page's own: a best bet finds its id
    ]
    tags += [
        f'<span data-pagefind-filter="{key}">{escape(v)}</span>' for key, values in r.filters.items() for v in values
    ]
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title></title></head>'
        f"<body data-pagefind-body><div data-pagefind-ignore>{''.join(tags)}</div>"
        f"<p>{escape(spaced(r.text if text is None else text))}</p></body></html>\n"
    )


SEPARATOR = " · "  # between the texts of two blocks (cells, list items, paragraphs): excerpts keep fields apart
_SKIPPED = {"script", "style", "template", "noscript"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_INLINE = {"a", "abbr", "b", "bdi", "cite", "code", "data", "em", "i", "kbd", "mark", "q", "s", "small", "span"}
_INLINE |= {"strong", "sub", "sup", "time", "u", "var", "del", "ins", "label"}


class _MainText(HTMLParser):
    """Collect the text a reader sees in <main>: not scripts, not hidden or visually-hidden elements, not the
    parts that are the same on every page (navigation, edition bar, data-pagefind-ignore)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # open elements: tag, whether its text is skipped
        self.in_main = False
        self.pieces: list[str] = [""]

    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "main":
            self.in_main = True
        if tag not in _INLINE:
            self.pieces.append("")
        if tag in _VOID:
            return
        classes = (a.get("class") or "").split()
        hidden = "hidden" in a or "visually-hidden" in classes
        # The same on every page, so not what a page is about: its navigation, edition bar and the blocks a
        # template marks data-pagefind-ignore (Pagefind's own mark): the citation, 纠错/留言, 供媒体和开发者, and
        # a record's change history (its old wordings and figures are not what the record says now).
        chrome = tag == "nav" or "edition-bar" in classes or "data-pagefind-ignore" in a
        self.stack.append((tag, tag in _SKIPPED or hidden or chrome))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        if tag not in _INLINE:
            self.pieces.append("")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_main and not self.skipping():
            self.pieces[-1] += data


def page_text(html: str) -> str:
    """The visible text of a page's <main> (but its navigation and edition bar), blocks apart by SEPARATOR."""
    parser = _MainText()
    parser.feed(html)
    parser.close()
    texts = (re.sub(r"\s+", " ", p).strip() for p in parser.pieces)
    return SEPARATOR.join(t for t in texts if t)


def spoken_name(name: str) -> str:
    """A county-level area's name as people say it, without its last character (东湖区 -> 东湖, 南江市 -> 南江);
    a longer name (示例经济开发区, 北湖新区) is said in full, and so returned."""
    return name[:2] if len(name) == 3 and name[2] in "市区县" else name


def pinyin(text: str) -> str:
    """The full pinyin of a name, lower case, no tones or spaces (东湖 -> donghu): computed here, not in pages."""
    from pypinyin import lazy_pinyin  # the build's only use of it

    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(text)).lower())  # (示例港区) -> shiligangqu


def names(site: Site) -> list[dict[str, object]]:
    """Each area and unit with the names a query may use for it: name, short and full names, their pinyin,
    and the editors' aliases (data/aliases.yaml), each alias saying what it stands for."""
    aliases = site.aliases
    out: list[dict[str, object]] = []
    for key, records, page in (("area", site.areas, urls.district), ("department", site.units, urls.department)):
        for r in records:
            said = [r.name, r.full_name] + ([spoken_name(r.name)] if key == "area" else [])
            said = list(dict.fromkeys(said))
            entry: dict[str, object] = {
                "name": r.name,
                "path": page(r),
                "filter": key,
                "names": said,
                "pinyin": {p: n for n in said if (p := pinyin(n)) and p != n},
                "aliases": sorted(a.name for a in aliases if a.target == r.name),
            }
            out.append(entry)
    return out


def write_names(site: Site, path: Path) -> None:
    """Write names.json: the areas' and units' names, pinyin and aliases, and every alias (deterministic bytes)."""
    aliases = site.aliases
    value = {"records": names(site), "aliases": {a.name: a.target for a in sorted(aliases, key=lambda a: a.name)}}
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
