"""Precompressed copies for a server of one's own (`build.py nginx`): NAME.gz and NAME.br beside every text
file of the built site, which nginx's gzip_static and brotli_static send to a browser that accepts them
instead of compressing the file on every request.

Only with --precompress: at 10,000 tasks the site's 165 MB of HTML take about 7 s of CPU to compress both
ways (zlib and Brotli each about 50 MB/s here), more than the rest of the build, and GitHub Pages, which
compresses by itself, has no use for them. Gzip at level 9 with no name and no time in its header, Brotli
at quality 6 (quality 11 compresses 10% smaller at 1/70 of the speed): the same bytes on every build. A
copy that is not smaller than its file is not written; the server then sends the file itself.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from pathlib import Path

import brotli

from disclosure.build import fanout

TEXT = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".csv", ".txt", ".svg", ".webmanifest"})
CHUNK = 200  # files per task for a worker process
BROTLI_QUALITY = 6


def compress_site(stage: Path, workers: int) -> dict[str, int]:
    """Write the .gz and .br copies of every text file under stage; how many files, and the bytes of the
    files (raw) and of what a server sends for them (gz, br)."""
    files = sorted(str(p) for p in stage.rglob("*") if p.suffix in TEXT and p.is_file())
    totals = {"files": len(files), "raw": 0, "gz": 0, "br": 0}
    for sizes in fanout.map_chunks(compress_files, files, workers, CHUNK):
        for kind, n in sizes.items():
            totals[kind] += n
    return totals


def compress_files(files: Sequence[str]) -> dict[str, int]:
    """Compress each file; the bytes read and the bytes each kind of copy would take (the file's own
    size where no smaller copy is written: what the server sends)."""
    sizes = {"raw": 0, "gz": 0, "br": 0}
    for name in files:
        data = Path(name).read_bytes()
        sizes["raw"] += len(data)
        for kind, packed in (
            ("gz", gzip.compress(data, 9, mtime=0)),
            ("br", brotli.compress(data, quality=BROTLI_QUALITY)),
        ):
            if len(packed) < len(data):
                copy = Path(f"{name}.{kind}")
                # a new file, never written through an old one: a search bundle taken from the last site
                # is hard links to its files (search.reuse), .gz and .br too, which that site still serves
                copy.unlink(missing_ok=True)
                copy.write_bytes(packed)
            sizes[kind] += min(len(packed), len(data))
    return sizes
