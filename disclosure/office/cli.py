"""`build.py import FILE --edition YEAR`: a table staff keep, read and checked, then written into data/ (or nothing).

python build.py import FILE --edition YEAR --report NAME [--force] [--title … --as-of … ]
        a progress report (进展通报) kept in Excel (.xlsx) or CSV into data/YEAR/progress/NAME.yaml

At the merge with the notice's import (build.py import of a Word or Excel notice): main's parser takes
add_progress_options, and the import hands the tables to run_progress when progress.recognise(tables).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from disclosure.office import check, csvtable, excel, progress
from disclosure.office.table import At, ImportFailed, ImportProblem, Table, reading_order

ROOT = Path(__file__).resolve().parents[2]
EXPLAINED = (
    "(位置写作 文件:工作表!单元格(Excel)或 文件:第几行 第几列(CSV),例如 进展.xlsx:Sheet1!C15 即 Sheet1 表的C列第15行。)"
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="build.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["import"])
    parser.add_argument("file", type=Path, help="the Excel (.xlsx) or CSV (.csv) file")
    parser.add_argument("--edition", type=int, required=True, help="the edition's year: data/YEAR/")
    parser.add_argument("--force", action="store_true", help="replace existing files")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding data/ and content/")
    add_progress_options(parser)
    args = parser.parse_args(argv)
    name = args.file.name
    unread: list[ImportProblem] = []  # cells refused by the reader, reported with the table's problems
    try:
        tables = read_tables(args.file, name, unread)
        if not progress.recognise(tables):
            raise ImportFailed(
                [
                    ImportProblem(
                        tables[0].at if tables else At(name),
                        "没有找到能导入的表:进展通报表的表头一行要有“序号”和“主要工作任务”“完成情况”,"
                        "或“全市完成”和各地区的列。",
                    )
                ]
            )
    except ImportFailed as e:
        return failed(e)
    return run_progress(args.root, tables, args, unread)


def add_progress_options(parser: argparse.ArgumentParser) -> None:
    """--report NAME and the report's metadata, each optional where the sheet or the replaced file states it."""
    group = parser.add_argument_group("进展通报(progress reports, from Excel or CSV)")
    group.add_argument("--report", help="进展通报的文件名,也是网页地址:data/YEAR/progress/NAME.yaml,如 2024-h1")
    for key, option in progress.OPTION.items():
        group.add_argument(option, dest=key, help=f"{progress.FIELD_NAME[key]}(表中写明时可省略)")


def run_progress(root: Path, tables: list[Table], args: argparse.Namespace, unread: list[ImportProblem]) -> int:
    """Import the tables as data/YEAR/progress/NAME.yaml: every problem printed and nothing written, or the file.
    unread: the cells the reader refused (read as empty), reported first at each place."""
    started = time.perf_counter()
    try:
        if not args.report:
            missing = "缺少进展通报的文件名:请用 --report 给出,例如 --report 2024-h1。"
            raise ImportFailed([*unread, ImportProblem("--report", missing)])
        options = progress.Options(**{key: getattr(args, key) for key in progress.OPTION})
        try:
            imported = progress.read(root, tables, args.edition, args.report, options)
        except ImportFailed as e:  # a refused cell read as empty would be reported again as missing: once
            places = {p.at for p in unread}
            raise ImportFailed([*unread, *(p for p in e.problems if p.at not in places)]) from None
        if unread:
            raise ImportFailed(unread)
        check.write_outputs(root, imported.outputs, args.force)
    except ImportFailed as e:
        return failed(e)
    for n in sorted(imported.notes, key=reading_order):
        print(f"提示:{n}")
    seconds = time.perf_counter() - started
    for o in imported.outputs:
        print(f"已写入 {o.path}({seconds:.2f} 秒)。请用 python build.py check 检查,git diff 查看改动。")
    return 0


def failed(e: ImportFailed) -> int:
    print(f"导入失败,共{len(e.problems)}处问题,没有写入任何文件。{EXPLAINED}", file=sys.stderr)
    for p in e.problems:
        print(p, file=sys.stderr)
    return 1


def read_tables(path: Path, name: str, unread: list[ImportProblem]) -> list[Table]:
    if not path.is_file():
        raise ImportFailed([ImportProblem(At(name), "找不到这个文件。")])
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return excel.read(path, name, unread)
    if suffix == ".csv":
        return [csvtable.read(path, name)]
    if suffix in (".xls", ".et"):
        raise ImportFailed([ImportProblem(At(name), excel.NOT_XLSX)])
    raise ImportFailed([ImportProblem(At(name), "进展通报只从 Excel(.xlsx)和 CSV(.csv)文件导入。")])
