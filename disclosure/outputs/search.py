"""The Pagefind search index: each record's page as the reader sees it, with its title and filters from the model.

Plain pagefind-bin does not segment Chinese. We index every character as its own
word (spaces between all non-space characters) and the browser rewrites each word of
a query into the exact phrase of its characters, so a query matches exactly the pages
that show every word as a substring (FACTS.md measured recall and precision 1.00).
The text indexed is the page's visible <main> text (page_text), so that what a page
is found by is what the reader finds on it; the names beside the bundle (names.json)
let the page put an area's or unit's own page first for its name, short name, pinyin
or an editors' alias.
The index is in bundles (bundles()): each edition's, then the site's, cut into runs of at most CHUNK records,
indexed one after another (Pagefind's memory grows with the pages of one run) and merged by the search page;
a bundle whose input has not changed since the last build is taken from it (input_hash).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape
from pathlib import Path

import cbor2
import lxml.html

from disclosure import kinds, urls
from disclosure.build import fanout
from disclosure.errors import BuildError
from disclosure.kinds import SearchRecord, clip
from disclosure.model import Site

NAMES = "names.json"  # in the bundle's folder: the areas' and units' names a query may name (best bets)

DOCUMENT = "原文件"  # the search filter's value for an edition's notice: the edition's own page, not a record kind


def search_records(site: Site) -> list[SearchRecord]:
    """Every searchable page with the text it is found by: each edition's notice, then every kind's records."""
    return [r for _, recs in search_groups(site) for r in recs]


def search_groups(site: Site) -> list[tuple[str, list[SearchRecord]]]:
    """The records by edition (its year), then the site's own (units, areas): each group is indexed apart."""
    out: list[tuple[str, list[SearchRecord]]] = []
    for ed in site.editions:
        doc = ed.document
        text = f"{doc.title} {doc.doc_no} {doc.signed_by}"
        recs = [SearchRecord(urls.edition(ed), doc.title, DOCUMENT, text, {"kind": [DOCUMENT], "year": [str(ed.year)]})]
        for kind in kinds.EDITION_KINDS:
            recs += kind.search(ed) if kind.search else []
        out.append((str(ed.year), recs))
    recs = []
    for kind in kinds.SITE_KINDS:
        recs += kind.search(site) if kind.search else []
    out.append(("site", recs))
    return out


# One indexed word: a letter or digit with the punctuation around it. Pagefind strips
# punctuation inside a word, but a word of punctuation alone would still take a
# position and break phrase matches across it (通、建 must match "通 建").
_WORD = re.compile(r"[^\w\s]*[^\W_][^\w\s]*|[^\w\s]+")


def spaced(text: str) -> str:
    """Put a space between every letter and digit, so each is indexed as its own word."""
    return " ".join(_WORD.findall(text))


PAGEFIND = (sys.executable, "-m", "pagefind_bin")  # the command that indexes (the pinned pagefind-bin wheel)

# Records per Pagefind run at most. Pagefind holds a whole site's words in memory (3.4 GB at 50,000 tasks, and
# 13.4 GB unfinished at 200,000): runs of a bounded size bound the memory, and the browser joins their
# bundles (Pagefind's mergeIndex). A run keeps about 1.3 cores busy, so two run at once: measured at 10,000
# tasks, two runs of 5,000 records side by side took 3.8 s and 480 MB each, one run of 10,000 6.5 s and 970 MB.
CHUNK = 5_000
RUNS = min(2, fanout.cores())  # Pagefind runs at once: the memory of RUNS * CHUNK records'
PARTS = "parts"  # the other bundles, in the first one's folder: pagefind/parts/<group>/
INPUT = "input.sha256"  # in each bundle: the hash of what it was made from (input_hash)
# What a merged bundle is never asked for (the first bundle's script and wasm search them all).
_PRIMARY_ONLY = ("pagefind*.js", "pagefind*.css", "wasm.*.pagefind")


def bundles(site: Site) -> list[tuple[str, list[SearchRecord]]]:
    """The bundles to index, each named by its folder under pagefind/ ("" for the first): each edition's
    records, then the site's, a group of more than CHUNK records cut into CHUNK-sized runs."""
    out: list[tuple[str, list[SearchRecord]]] = []
    for group, recs in search_groups(site):
        for start in range(0, len(recs), CHUNK):
            name = group if start == 0 else f"{group}-{start // CHUNK + 1}"
            out.append((f"{PARTS}/{name}", recs[start : start + CHUNK]))
    return [("" if i == 0 else name, recs) for i, (name, recs) in enumerate(out)]


def indexer() -> bytes:
    """What else makes a bundle besides its pages: the Pagefind version and the code that runs and edits it."""
    from importlib.metadata import version

    return f"pagefind-bin {version('pagefind-bin')}\n{PAGEFIND[1:]}\n".encode() + Path(__file__).read_bytes()


def input_hash(pages: list[tuple[str, bytes]], tool: bytes) -> str:
    """The hash of one bundle's input: the indexer and, in path order, every record's indexed page as its
    path and the SHA-256 of its bytes."""
    h = hashlib.sha256(tool)
    for path, digest in sorted(pages):
        h.update(b"\0%d\0%s\0%s" % (len(path.encode()), path.encode(), digest))
    return h.hexdigest()


INPUTS_CHUNK = 200  # records per task for a process preparing the indexed pages (write_inputs)


def index(
    site: Site,
    out: Path,
    background: bool = False,
    pages: Path | None = None,
    previous: Path | None = None,
    workers: int = 1,
) -> int:
    """Write the Pagefind bundles into out/pagefind/ and return the number of pages indexed.

    Each record's page is read from pages (out by default: the built site), its visible text
    kept (page_text). Pagefind's CLI indexes HTML, so each record becomes a small HTML file in a
    scratch folder beside out (never published; on out's disk, with Pagefind's own temporary
    files), at the path of the page it stands for: all bundles' files first, on `workers`
    processes (reading and parsing the pages cost 5 s at 10,000 tasks, more than a Pagefind run).
    A bundle whose input is that of previous's (the site built last) is taken from there instead,
    unindexed. In the background (the dev server), Pagefind runs at a lower priority (nice), so that
    the pages of the next edit are not slowed down by the index of the last one.
    """
    pages = pages or out
    tool = indexer()
    bundle = out / "pagefind"
    groups = bundles(site)
    parts = [name + "/" for name, _ in groups if name]
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pagefind-src-", dir=out.parent) as scratch:
        inputs = write_inputs(groups, pages, Path(scratch), workers)
        # At most RUNS Pagefinds run at a time: the memory is that of RUNS bundles' runs, whatever the site's size.
        with ThreadPoolExecutor(max_workers=RUNS) as pagefind:
            running: list[Future[None]] = []
            for n, (name, recs) in enumerate(groups):
                target = bundle / name if name else bundle
                digest = input_hash(inputs[n], tool)
                while len(running) >= RUNS:
                    running.pop(0).result()  # its error, if any, raised here
                old = previous / "pagefind" / name if previous else None
                folder = bundle_scratch(Path(scratch), n)
                if old and reuse(old, target, digest):
                    shutil.rmtree(folder)  # on out's disk, maybe a tmpfs: freed as soon as done with
                else:
                    job = pagefind.submit(make_bundle, folder, len(recs), target, background, digest, bool(name))
                    running.append(job)
            for job in running:
                job.result()
    write_names(site, bundle / NAMES, parts)
    return sum(len(recs) for _, recs in groups)


def write_inputs(
    groups: list[tuple[str, list[SearchRecord]]], pages: Path, scratch: Path, workers: int
) -> list[list[tuple[str, bytes]]]:
    """Write each record's indexed page (record_html of its page's text) to scratch/<bundle's number>/site/,
    at the path of its page, on `workers` processes; for each bundle, (path, SHA-256) of each of its pages."""
    items = [(n, r) for n, (_, recs) in enumerate(groups) for r in recs]

    def work(part: list[tuple[int, SearchRecord]]) -> list[tuple[int, str, bytes]] | BuildError:
        written = []
        for n, r in part:
            rel = urls.output_file(r.path)
            try:
                html = record_html(r, read_text(pages, r)).encode("utf-8")
            except BuildError as e:  # returned, not raised: a forked worker's error would be a traceback
                return e
            path = bundle_scratch(scratch, n) / "site" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(html)
            written.append((n, rel, hashlib.sha256(html).digest()))
        return written

    inputs: list[list[tuple[str, bytes]]] = [[] for _ in groups]
    for result in fanout.map_chunks(work, items, workers, INPUTS_CHUNK):
        if isinstance(result, BuildError):
            raise result
        for n, rel, digest in result:
            inputs[n].append((rel, digest))
    return inputs


def bundle_scratch(scratch: Path, n: int) -> Path:
    """The scratch folder of the n-th bundle: its indexed pages in site/ (write_inputs), Pagefind's own
    temporary files in tmp/ (run_pagefind); removed once the bundle is made or reused (index)."""
    return scratch / str(n)


def make_bundle(folder: Path, expected: int, target: Path, background: bool, digest: str, part: bool) -> None:
    """Index folder/site into target with its input's hash; a merged bundle keeps only its index (_PRIMARY_ONLY)."""
    run_pagefind(folder, expected, target, background)
    shutil.rmtree(folder)
    (target / INPUT).write_text(digest + "\n", "utf-8")
    for pattern in _PRIMARY_ONLY if part else ():
        for path in sorted(target.glob(pattern)):
            path.unlink()


def read_text(pages: Path, r: SearchRecord) -> str:
    built = pages / urls.output_file(r.path)
    try:
        return page_text(built.read_text("utf-8"))
    except OSError as e:
        raise BuildError(f"{built}: the page of {r.title} could not be read ({e.strerror}); not indexed") from e


def reuse(old: Path, target: Path, digest: str) -> bool:
    """Hard-link (else copy) the previous build's bundle at old into target if it was made from the same
    input; its other bundles (parts/) and names.json are not part of it."""
    try:
        if (old / INPUT).read_text("utf-8").strip() != digest:
            return False
    except OSError:
        return False
    for path in sorted(old.rglob("*")):
        rel = path.relative_to(old)
        if rel.parts[0] in (PARTS, NAMES) or path.is_dir():
            continue
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copyfile(path, dest)
    return True


def run_pagefind(folder: Path, expected: int, target: Path, background: bool) -> None:
    """Index the pages in folder/site (expected: how many) into the bundle folder target, and sort its filters."""
    scratch = folder / "tmp"  # Pagefind's own scratch files: on the output's disk, not /tmp
    scratch.mkdir()
    pagefind = [*PAGEFIND, "--site", str(folder / "site"), "--output-path", str(target)]
    try:
        run = subprocess.run(
            ["nice", "-n", "10", *pagefind] if background else pagefind,
            capture_output=True,
            text=True,
            errors="replace",  # its messages are read, whatever their bytes
            check=False,
            env={**os.environ, "TMPDIR": str(scratch)},
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
    if indexed is None or int(indexed.group(1)) != expected:
        found = "no count of pages" if indexed is None else f"{indexed.group(1)} pages"
        raise BuildError(f"Pagefind indexed {found}, expected {expected}; the search index was not used")
    canonicalize_filters(target)


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


def page_text(html: str) -> str:
    """The visible text of a page's <main> (but its navigation and edition bar), blocks apart by SEPARATOR:
    not scripts, not hidden or visually-hidden elements, not the parts that are the same on every page."""
    # lxml's C parser: Python's HTMLParser took 5 ms a page, more than Pagefind itself (54 s of 98 at 10,000 tasks).
    pieces: list[str] = [""]
    for main in lxml.html.document_fromstring(html or "<html></html>").iter("main"):
        _collect(main, pieces)
    texts = (re.sub(r"\s+", " ", p).strip() for p in pieces)
    return SEPARATOR.join(t for t in texts if t)


def _collect(el: lxml.html.HtmlElement, pieces: list[str]) -> None:
    """Add the text of el and its descendants to pieces, a block element starting and ending a piece."""
    tag = el.tag
    if not isinstance(tag, str):  # a comment or processing instruction: no text of the page's
        return
    block = tag not in _INLINE
    if block:
        pieces.append("")
    if tag in _VOID:
        return
    classes = (el.get("class") or "").split()
    # The same on every page, so not what a page is about: its navigation, edition bar and the blocks a
    # template marks data-pagefind-ignore (Pagefind's own mark): the citation, 纠错/留言, 供媒体和开发者, and
    # a record's change history (its old wordings and figures are not what the record says now).
    chrome = tag == "nav" or "edition-bar" in classes or "data-pagefind-ignore" in el.attrib
    if tag in _SKIPPED or "hidden" in el.attrib or "visually-hidden" in classes or chrome:
        if block:
            pieces.append("")
        return
    if el.text:
        pieces[-1] += el.text
    for child in el:
        _collect(child, pieces)
        if child.tail:
            pieces[-1] += child.tail
    if block:
        pieces.append("")


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


def write_names(site: Site, path: Path, parts: list[str] | None = None) -> None:
    """Write names.json: the areas' and units' names, pinyin and aliases, every alias, and the folders of the
    bundles the page merges into the first (deterministic bytes)."""
    aliases = site.aliases
    value = {
        "records": names(site),
        "aliases": {a.name: a.target for a in sorted(aliases, key=lambda a: a.name)},
        "bundles": parts or [],
    }
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
