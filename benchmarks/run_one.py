"""One build in this process, for benchmarks/bench.py: prints JSON with wall time, stage times, file
counts and peak memory (this process, and the Pagefind child for the search index)."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from disclosure.pipeline import build

project, out = Path(sys.argv[1]), Path(sys.argv[2])
started = time.perf_counter()
report = build(project, out, with_search="--no-search" not in sys.argv)
wall = time.perf_counter() - started
peak_kb = max(
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
)
files = sum(report.files.values())
html = sum(n for kind, n in report.files.items() if kind.endswith("pages"))
print(
    json.dumps(
        {
            "wall": wall,
            "seconds": report.seconds,
            "files": files,
            "html": html,
            "peak_mb": peak_kb / 1024,
            "index_mb": report.index_bytes / 1e6,
        }
    )
)
