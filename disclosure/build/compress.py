"""Precompressed copies for a server of one's own (`build.py nginx`): NAME.gz and NAME.br beside every text
file of the built site, which nginx's gzip_static and brotli_static send to a browser that accepts them
instead of compressing the file on every request.

Only with --precompress: at 10,000 tasks the site's 178 MB of text take about 7 s of CPU to compress both
ways (zlib and Brotli each about 50 MB/s here), more than the rest of the build, and GitHub Pages, which
compresses by itself, has no use for them. A file unchanged since the last site takes that site's copies.
Gzip at level 9 with no name and no time in its header, Brotli at quality 6 (quality 11 compresses 10%
smaller at 1/70 of the speed): the same bytes on every build. A copy that is not smaller than its file is
not written; the server then sends the file itself.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Sequence
from pathlib import Path

import brotli

from disclosure.build import fanout

TEXT = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".csv", ".txt", ".svg", ".webmanifest"})
CHUNK = 200  # files per task for a worker process
QUALITY = 6  # Brotli's
PACK = {  # the copies, by the suffix nginx looks for
    "gz": lambda data: gzip.compress(data, 9, mtime=0),
    "br": lambda data: brotli.compress(data, quality=QUALITY),
}


def compress_site(stage: Path, workers: int, previous: Path | None = None) -> dict[str, int]:
    """Write the .gz and .br copies of every text file under stage; how many files, how many copies were
    taken from the previous site, and the bytes of the files (raw) and of what a server sends (gz, br).

    A file whose bytes are those of the same file in the previous site (the one this build replaces) gets
    that site's copies, hard-linked: a rebuild after a one-task edit compresses the few pages it changed."""
    files = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.suffix in TEXT and p.is_file())
    totals = {"files": len(files), "reused": 0, "raw": 0, "gz": 0, "br": 0}

    def work(chunk: Sequence[str]) -> dict[str, int]:
        return compress_files(stage, previous, chunk)

    for sizes in fanout.map_chunks(work, files, workers, CHUNK):
        for kind, n in sizes.items():
            totals[kind] += n
    return totals


def compress_files(stage: Path, previous: Path | None, files: Sequence[str]) -> dict[str, int]:
    """Compress each file (relative to stage); the bytes read and the bytes each kind of copy takes (the
    file's own size where no smaller copy is written: what the server sends)."""
    sizes = {"reused": 0, "raw": 0, "gz": 0, "br": 0}
    for rel in files:
        data = (stage / rel).read_bytes()
        sizes["raw"] += len(data)
        if previous is not None and reuse(stage, previous, rel, data):
            sizes["reused"] += 1
            for kind in PACK:
                copy = stage / f"{rel}.{kind}"
                sizes[kind] += copy.stat().st_size if copy.is_file() else len(data)
            continue
        for kind, pack in PACK.items():
            packed = pack(data)
            if len(packed) < len(data):
                copy = stage / f"{rel}.{kind}"
                # a new file, never written through an old one: a search bundle taken from the last site
                # is hard links to its files (search.reuse), .gz and .br too, which that site still serves
                copy.unlink(missing_ok=True)
                copy.write_bytes(packed)
            sizes[kind] += min(len(packed), len(data))
    return sizes


def reuse(stage: Path, previous: Path, rel: str, data: bytes) -> bool:
    """Link the previous site's copies of rel into stage if rel's bytes there are data; whether it did.
    Only a previous site with both copies, or neither when neither is smaller (then none is written)."""
    old = previous / rel
    try:
        if old.is_symlink() or old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        copies = {kind: previous / f"{rel}.{kind}" for kind in PACK}
        if any(c.is_symlink() for c in copies.values()):
            return False
        present = {kind for kind, c in copies.items() if c.is_file()}
        if not present and len(data) > SMALL:  # an old site built without --precompress
            return False
        for kind in present:
            copy = stage / f"{rel}.{kind}"
            copy.unlink(missing_ok=True)
            os.link(copies[kind], copy)
    except OSError:
        return False
    return True


SMALL = 64  # bytes: below, no copy may be smaller than the file, so an old site may rightly have none
