"""`make bench`: build synthetic projects of N tasks and report what users feel: the build's wall time
with and without the search index, its ratio to Hugo 0.111 on the anchor site of the same size (when
`hugo` is installed), peak memory, the largest HTML page and how long it takes to load on a phone.
Asserts nothing; prints a table and writes it to bench-out/bench.md.

Each build runs in a fresh process (benchmarks/run_one.py) on tmpfs (/dev/shm when present: repeated
deletes and creates on ext4 slow down run after run, see FACTS.md), from a clean output folder, and is
timed from outside: interpreter start and imports included, as a shell would time `python build.py`.
Medians of RUNS builds (min and max shown). Compiled templates are cached between builds (Jinja's
bytecode cache, in the temporary directory); one more build per size starts with an empty cache, as
on a fresh CI machine ("cold").

Hugo (benchmarks/anchor.py) runs in alternation with our builds, round by round: ours, Hugo, ours with
search, Hugo then plain Pagefind over its output; each ratio is taken within a round, so that the load
other tenants put on the machine weighs on both sides alike, and the table gives the median ratio with
its min–max. The phone load time is benchmarks/phone.py's.

Usage: python benchmarks/bench.py [--sizes 118,1000,10000,50000] [--runs 3]   (200000 on request)
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
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import anchor  # noqa: E402
import phone  # noqa: E402
from synth import generate  # noqa: E402


@dataclass
class Size:
    """What was measured at one size."""

    tasks: int
    runs: int
    cold: dict
    plain: list[dict] = field(default_factory=list)
    full: list[dict] = field(default_factory=list)
    hugo: list[float] = field(default_factory=list)  # Hugo alone, one per round
    hugo_search: list[float] = field(default_factory=list)  # Hugo, then Pagefind
    page: tuple[str, int] = ("", 0)  # the largest HTML page: path, bytes
    phone: list[float] = field(default_factory=list)  # its load times on the phone


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


def measure(tasks: int, runs: int, scratch: Path, hugo: bool) -> Size:
    project = ROOT if tasks == 118 else scratch / f"project-{tasks}"
    if tasks != 118:
        generate(tasks, project)
    site = anchor.prepare(tasks, scratch) if hugo else None
    out = scratch / f"site-{tasks}"
    size = Size(tasks, runs, cold=run_one(project, out, search=False, cold=True))
    for _ in range(runs):  # one round: ours, Hugo, ours with search, Hugo and Pagefind
        size.plain.append(run_one(project, out, search=False))
        if site:
            size.hugo.append(anchor.build(site, search=False))
        size.full.append(run_one(project, out, search=True))
        if site:
            size.hugo_search.append(anchor.build(site, search=True))
    if site:
        shutil.rmtree(site, ignore_errors=True)
    size.page = phone.largest_page(out)  # of the last build, with search: its pages are those without
    size.phone = phone.load_seconds(out, size.page[0])
    if tasks != 118:
        shutil.rmtree(project, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="118,1000,10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    hugo = anchor.available()
    if not hugo:
        print("hugo is not installed: no ratios to Hugo", file=sys.stderr)
    scratch = Path(tempfile.mkdtemp(prefix="bench-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    sizes = []
    try:
        for tasks in [int(s) for s in args.sizes.split(",")]:
            sizes.append(measure(tasks, 1 if tasks >= 50000 else args.runs, scratch, hugo))
            print(f"measured {tasks} tasks", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    table = report(sizes, hugo_version() if hugo else None)
    out_dir = ROOT / "bench-out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "bench.md").write_text(table, "utf-8")
    print(table)


def hugo_version() -> str:
    return subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]


def fmt(values: list[float], digits: int = 2) -> str:
    if not values:
        return "–"
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def ratios(ours: list[dict], theirs: list[float]) -> str:
    """Our wall time over Hugo's, round by round: median (min–max), as 1.9×."""
    if not theirs:
        return "–"
    values = [r["wall"] / t for r, t in zip(ours, theirs, strict=True)]
    return f"{statistics.median(values):.2f}× ({min(values):.2f}–{max(values):.2f})"


def report(sizes: list[Size], hugo: str | None) -> str:
    stages = ["load", "validate", "history", "plan", "render and write", "link check"]
    anchor_note = (
        f"Hugo {hugo} on the anchor site of the same size (../shared/anchor), in alternating rounds"
        if hugo
        else "Hugo not installed: no ratios"
    )
    lines = [
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d')}. Seconds: median (min–max) of the runs; fresh process, clean output, "
        f"tmpfs; wall time from outside the process. {anchor_note}.",
        "",
        "| tasks | files | runs | build without search | × Hugo | with search | × Hugo + Pagefind | "
        "peak memory (PSS) | with search | largest page | KB | phone load (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for s in sizes:
        lines.append(
            f"| {s.tasks:,} | {s.plain[0]['files']:,} | {s.runs} | {fmt([r['wall'] for r in s.plain])} | "
            f"{ratios(s.plain, s.hugo)} | {fmt([r['wall'] for r in s.full])} | {ratios(s.full, s.hugo_search)} | "
            f"{max(r['pss_mb'] for r in s.plain):,.0f} MB | {max(r['pss_mb'] for r in s.full):,.0f} MB | "
            f"{s.page[0]} | {s.page[1] / 1024:,.0f} | {fmt(s.phone)} |"
        )
    lines += [
        "",
        "× Hugo: our build's wall time over Hugo's in the same round (median, min–max); with search, over Hugo",
        "followed by plain `python -m pagefind_bin --site` on Hugo's output. Hugo writes fewer bytes per page.",
        "Peak memory: the build's processes together (main, render workers, Pagefind), shared pages divided",
        "among them (PSS), sampled every 20 ms. Largest page: the biggest .html file of the output. Phone load:",
        "that page in Chromium at 375×812, device scale factor 2, CPU slowed 4× (CDP), served from 127.0.0.1,",
        "navigation start to the end of the load event, median (min–max) of 3 fresh contexts.",
        "",
        "Details (medians): the build itself is build() timed inside the process, without Python starting;",
        "largest process is the peak resident set of any one process (RSS, counting shared pages).",
        "",
        "| tasks | Hugo | Hugo + Pagefind | the build itself | pages/s | largest process | cold template cache | "
        "search index alone | index size |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        wall = statistics.median(r["wall"] for r in s.plain)
        lines.append(
            f"| {s.tasks:,} | {fmt(s.hugo)} | {fmt(s.hugo_search)} | {fmt([r['build'] for r in s.plain])} | "
            f"{s.plain[0]['html'] / wall:,.0f} | {peak(s.plain):,.0f} MB | {s.cold['wall']:.2f} | "
            f"{fmt([r['seconds'].get('search index', 0) for r in s.full])} | {s.full[0]['index_mb']:.1f} MB |"
        )
    lines += ["", "Stages (median seconds, build without search index):", ""]
    lines += ["| tasks | " + " | ".join(stages) + " |", "|---:|" + "---:|" * len(stages)]
    for s in sizes:
        cells = [f"{statistics.median(r['seconds'].get(st, 0) for r in s.plain):.2f}" for st in stages]
        lines.append(f"| {s.tasks:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def peak(runs: list[dict]) -> float:
    """The largest resident set of any one process of the build: the main one, a worker or Pagefind."""
    return max(max(r["peak_mb"], r["peak_child_mb"]) for r in runs)


if __name__ == "__main__":
    main()
