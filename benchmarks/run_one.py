"""One build in this process, for benchmarks/bench.py: prints JSON with the build's own time, stage times,
file counts and peak memory (this process and its children: the render workers, Pagefind)."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from disclosure.build.pipeline import build

project, out = Path(sys.argv[1]), Path(sys.argv[2])
started = time.perf_counter()
report = build(project, out, with_search="--no-search" not in sys.argv)
wall = time.perf_counter() - started
files = sum(report.files.values())
html = sum(n for kind, n in report.files.items() if kind.endswith("页面"))  # pipeline.kind_of
print(
    json.dumps(
        {
            "build": wall,
            "seconds": report.seconds,
            "files": files,
            "html": html,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "index_mb": report.index_bytes / 1e6,
        }
    )
)
