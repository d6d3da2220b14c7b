"""The Pagefind search index, built from the data model rather than scraped from HTML.

Plain pagefind-bin does not segment Chinese. We index every character as its own
word (spaces between all non-space characters) and the browser rewrites a query
into the exact phrase of its characters, so a query matches exactly the records
that contain it as a substring (FACTS.md measured recall and precision 1.00).
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
from pathlib import Path

import cbor2

from disclosure import kinds, urls
from disclosure.errors import BuildError
from disclosure.kinds import SearchRecord, clip
from disclosure.model import Site

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


def index(site: Site, out: Path, background: bool = False) -> int:
    """Write the Pagefind bundle into out/pagefind/ and return the number of pages indexed.

    Pagefind's CLI indexes HTML, so each record becomes a small HTML file in a
    scratch folder (never published), at the path of the page it stands for.
    In the background (the dev server), Pagefind runs at a lower priority (nice), so that
    the pages of the next edit are not slowed down by the index of the last one.
    """
    recs = search_records(site)
    with tempfile.TemporaryDirectory(prefix="pagefind-src-") as scratch:
        for r in recs:
            path = Path(scratch, urls.output_file(r.path))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record_html(r), "utf-8")
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


def record_html(r: SearchRecord) -> str:
    """The page Pagefind indexes for one record: metadata and filters, then the spaced text."""
    tags = [
        f'<span data-pagefind-meta="title">{escape(r.title)}</span>',
        f'<span data-pagefind-meta="kind">{escape(r.kind)}</span>',
    ]
    tags += [
        f'<span data-pagefind-filter="{key}">{escape(v)}</span>' for key, values in r.filters.items() for v in values
    ]
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title></title></head>'
        f"<body data-pagefind-body><div data-pagefind-ignore>{''.join(tags)}</div>"
        f"<p>{escape(spaced(r.text))}</p></body></html>\n"
    )
