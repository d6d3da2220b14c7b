"""How long `build.py import` takes for a progress table of every task of an edition (118 for 2023).

    .venv/bin/python benchmarks/import_progress.py [--edition 2023] [--runs 5]

The table is made from the edition's own tasks (text, units with the lead ★), each with an invented progress
text, in a copy of the project on tmpfs (/dev/shm): the repository's data/ is never written. Each run is a fresh
process (wall time from outside it, Python's start included) importing into a new report name, and the phases
are timed once more inside one process: reading the workbook, loading and validating the project, the import
with the validator's pass over what it would write.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from disclosure.office import excel, progress  # noqa: E402
from disclosure.source import load, validate  # noqa: E402

METADATA = ["--published", "2023-10-20", "--publisher", "测量", "--source-name", "测量", "--doc-no", "测量"]


def table(project: Path, year: int, path: Path) -> int:
    site = validate.build_site(load.read_sources(project))
    ed = next(e for e in site.editions if e.year == year)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"{year}年政府工作报告重点工作前三季度完成情况"])
    ws.merge_cells("A1:E1")
    ws.append([f"截至{year}年9月30日"])
    ws.merge_cells("A2:E2")
    ws.append(["序号", "主要工作任务", "前三季度完成情况", "责任单位", "进展状态"])
    for t in ed.tasks:
        units = "、".join(("★" if u in t.leads else "") + u.name for u in t.units)
        ws.append([t.no, t.text, f"测量用的进展文字,第{t.no}项。", units, "按序时推进"])
    wb.save(path)
    return len(ed.tasks)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--edition", type=int, default=2023)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="import-bench-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    try:
        project = scratch / "project"
        project.mkdir()
        for name in ("data", "content"):
            shutil.copytree(ROOT / name, project / name)
        shutil.copy(ROOT / "site.yaml", project / "site.yaml")
        xlsx = scratch / "进展.xlsx"
        tasks = table(project, args.edition, xlsx)
        walls = []
        for run in range(args.runs):
            command = [sys.executable, str(ROOT / "build.py"), "import", str(xlsx), "--edition", str(args.edition)]
            started = time.perf_counter()
            subprocess.run(
                [*command, "--report", f"bench-{run}", "--root", str(project), *METADATA],
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - started)
        t0 = time.perf_counter()
        tables = excel.read(xlsx, xlsx.name)
        t1 = time.perf_counter()
        validate.build_site(load.read_sources(project, placed=True))
        t2 = time.perf_counter()
        given = progress.Options(published="2023-10-20", publisher="测量", source_name="测量", doc_no="测量")
        progress.read(project, tables, args.edition, "bench-phases", given)
        t3 = time.perf_counter()
        print(
            f"{tasks} tasks, {args.runs} runs: import {statistics.median(walls):.2f} s median "
            f"({min(walls):.2f}–{max(walls):.2f}) wall, fresh process; in one process: read the workbook "
            f"{t1 - t0:.3f} s, load and validate the project {t2 - t1:.3f} s, import (project, table, validator's "
            f"pass over the report) {t3 - t2:.3f} s"
        )
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
