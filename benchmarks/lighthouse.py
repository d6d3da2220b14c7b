"""`make lighthouse`: Lighthouse's mobile scores for one page of every kind of the real site. Asserts nothing.

The performance score is a timing (Lighthouse simulates a slow phone on a 4G network from the timings it
observes), so it drifts with the load of this shared machine: each page kind is run RUNS times, and the
median, min and max are reported. The other categories are audits of the built page, asserted in
tests/example/test_lighthouse.py, which this script shares its page list and runner with.

Usage: python benchmarks/lighthouse.py [--runs 3]   (writes bench-out/lighthouse.md)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "example"), str(ROOT)]

from factory import serve  # noqa: E402
from test_lighthouse import ASSERTED, lighthouse, page_kinds  # noqa: E402

from disclosure.build.pipeline import build  # noqa: E402
from disclosure.source import load, validate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    pages = page_kinds(validate.build_site(load.read_sources(ROOT)))
    with tempfile.TemporaryDirectory() as tmp:
        build(ROOT, Path(tmp, "site"))
        with serve(Path(tmp, "site")) as server:
            results = [lighthouse(pages, server, Path(tmp, f"run-{n}.json")) for n in range(runs)]
    columns = ("performance", *ASSERTED)
    lines = [
        f"Lighthouse 12 (mobile preset), Debian Chromium; median (min–max) of {runs} runs per page kind.",
        "",
        "| page kind | " + " | ".join(columns) + " | CLS |",
        "|---" + "|---:" * (len(columns) + 1) + "|",
    ]
    for kind in pages:
        cells = [spread([r[kind]["scores"][c] for r in results]) for c in columns]
        cells.append(spread([r[kind]["cls"] for r in results], "{:.3f}"))
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench-out"
    out.mkdir(exist_ok=True)
    (out / "lighthouse.md").write_text(text, "utf-8")


def spread(values: list[float | None], form: str = "{:.2f}") -> str:
    if any(v is None for v in values):
        return "–"
    low, mid, high = min(values), statistics.median(values), max(values)
    return form.format(mid) if low == high else f"{form.format(mid)} ({form.format(low)}–{form.format(high)})"


if __name__ == "__main__":
    main()
