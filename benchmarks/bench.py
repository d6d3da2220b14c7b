"""`make bench`: build synthetic projects of N tasks and report wall time, pages per second, peak memory
and the time of every pipeline stage. Asserts nothing; prints a table and writes it to bench-out/.

Each build runs in a fresh process (benchmarks/run_one.py) on tmpfs (/dev/shm when present: repeated
deletes and creates on ext4 slow down run after run, see FACTS.md), from a clean output folder, and is
timed from outside: interpreter start and imports included, as a shell would time `python build.py`.
Medians of RUNS builds (min and max shown). Compiled templates are cached between builds (Jinja's
bytecode cache, in the temporary directory); one more build per size starts with an empty cache, as
on a fresh CI machine ("cold"). The search index is measured separately (builds with and without).

Usage: python benchmarks/bench.py [--sizes 118,1000,10000,50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synth import generate  # noqa: E402


def run_one(project: Path, out: Path, search: bool, cold: bool = False) -> dict:
    if out.exists():
        shutil.rmtree(out)
    args = [sys.executable, str(HERE / "run_one.py"), str(project), str(out)] + ([] if search else ["--no-search"])
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TMPDIR": tmp} if cold else None  # an empty cache of compiled templates
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        pss = 0.0
        while proc.poll() is None:
            pss = max(pss, tree_pss(proc.pid))
            time.sleep(0.02)
        wall = time.perf_counter() - started
        stdout, stderr = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"build failed:\n{stderr}")
    return json.loads(stdout) | {"wall": wall, "pss_mb": pss}


def tree_pss(pid: int) -> float:
    """Memory of a process and its descendants in MB, shared pages divided among the processes that share
    them (Linux's proportional set size), so that forked workers are not counted twice. Sampled, so a
    lower bound of the true peak."""
    total, pending = 0.0, [pid]
    while pending:
        p = pending.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            total += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")) / 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue  # the process ended while being read
    return total


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
            cold = run_one(project, out, search=False, cold=True)
            plain = [run_one(project, out, search=False) for _ in range(runs)]
            full = [run_one(project, out, search=True) for _ in range(runs)]
            rows.append((size, runs, cold, plain, full))
            print(f"measured {size} tasks", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    table = report(rows)
    out_dir = ROOT / "bench-out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "bench.md").write_text(table, "utf-8")
    print(table)


def report(rows: list[tuple[int, int, dict, list[dict], list[dict]]]) -> str:
    stages = ["load", "validate", "history", "plan", "render and write", "link check"]
    lines = [
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d')}. Seconds: median (min–max) of the runs; fresh process, clean output, "
        "tmpfs; wall time from outside the process.",
        "",
        "| tasks | files | runs | build without search index | of which the build itself | pages/s | "
        "peak memory (PSS) | largest process | cold template cache | with search index | search index alone | "
        "index size | peak memory with index |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, runs, cold, plain, full in rows:
        wall = [r["wall"] for r in plain]
        pages = plain[0]["html"]
        index = [r["seconds"].get("search index", 0) for r in full]
        lines.append(
            f"| {size:,} | {plain[0]['files']:,} | {runs} | {fmt(wall)} | {fmt([r['build'] for r in plain])} | "
            f"{pages / statistics.median(wall):,.0f} | "
            f"{max(r['pss_mb'] for r in plain):,.0f} MB | {peak(plain):,.0f} MB | {cold['wall']:.2f} | "
            f"{fmt([r['wall'] for r in full])} | {fmt(index)} | {full[0]['index_mb']:.1f} MB | "
            f"{max(r['pss_mb'] for r in full):,.0f} MB |"
        )
    lines += [
        "",
        "Peak memory: the build's processes together (main, render workers, Pagefind), shared pages divided",
        "among them (PSS), sampled every 20 ms. Largest process: peak resident set of any one of them (RSS,",
        "which counts the pages a worker shares with the main process).",
        "",
        "The build itself: build() timed inside the process, without Python starting and importing (0.2 s).",
        "",
        "Stages (median seconds, build without search index):",
        "",
    ]
    lines += ["| tasks | " + " | ".join(stages) + " |", "|---:|" + "---:|" * len(stages)]
    for size, _, _, plain, _ in rows:
        cells = [f"{statistics.median(r['seconds'].get(s, 0) for r in plain):.2f}" for s in stages]
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def peak(runs: list[dict]) -> float:
    """The largest resident set of any one process of the build: the main one, a worker or Pagefind."""
    return max(max(r["peak_mb"], r["peak_child_mb"]) for r in runs)


if __name__ == "__main__":
    main()
