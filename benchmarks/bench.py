"""`make bench`: build synthetic projects of N tasks and report wall time, pages per second, peak memory
and the time of every pipeline stage. Asserts nothing; prints a table and writes it to bench-out/.

Each build runs in a fresh process (benchmarks/run_one.py) on tmpfs (/dev/shm when present: repeated
deletes and creates on ext4 slow down run after run, see FACTS.md), from a clean output folder.
Medians of RUNS builds (min and max shown); the search index is measured separately (with and without).

Usage: python benchmarks/bench.py [--sizes 118,1000,10000,50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synth import generate  # noqa: E402


def run_one(project: Path, out: Path, search: bool) -> dict:
    if out.exists():
        shutil.rmtree(out)
    args = [sys.executable, str(HERE / "run_one.py"), str(project), str(out)] + ([] if search else ["--no-search"])
    run = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="118,1000,10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    rows = []
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            project = ROOT if size == 118 else scratch / f"project-{size}"
            if size != 118:
                generate(size, project)
            out = scratch / f"site-{size}"
            runs = 1 if size >= 50000 else args.runs
            plain = [run_one(project, out, search=False) for _ in range(runs)]
            full = [run_one(project, out, search=True) for _ in range(runs)]
            rows.append((size, runs, plain, full))
            print(f"measured {size} tasks", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    table = report(rows)
    out_dir = ROOT / "bench-out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "bench.md").write_text(table, "utf-8")
    print(table)


def report(rows: list[tuple[int, int, list[dict], list[dict]]]) -> str:
    stages = ["load", "validate", "history", "render", "write", "link check"]
    lines = [
        "Build times in seconds: median (min–max) of the runs; fresh process, clean output, tmpfs.",
        "",
        "| tasks | files | runs | build without search index | pages/s | peak RSS | with search index | "
        "search index alone | index size |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, runs, plain, full in rows:
        wall = [r["wall"] for r in plain]
        pages = plain[0]["html"]
        index = [r["seconds"].get("search index", 0) for r in full]
        lines.append(
            f"| {size:,} | {plain[0]['files']:,} | {runs} | {fmt(wall)} | {pages / statistics.median(wall):,.0f} | "
            f"{max(r['peak_mb'] for r in plain + full):,.0f} MB | {fmt([r['wall'] for r in full])} | {fmt(index)} | "
            f"{full[0]['index_mb']:.1f} MB |"
        )
    lines += ["", "Stages (median seconds, build without search index):", ""]
    lines += ["| tasks | " + " | ".join(stages) + " |", "|---:|" + "---:|" * len(stages)]
    for size, _, plain, _ in rows:
        cells = [f"{statistics.median(r['seconds'].get(s, 0) for r in plain):.2f}" for s in stages]
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
