"""`build.py import FILE --edition YEAR`: a table staff keep, read and checked, then written into data/ (or nothing).

Excel (.xlsx) and CSV files holding a progress report (进展通报) become data/YEAR/progress/NAME.yaml (--report NAME).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from disclosure.office import check, csvtable, excel, progress
from disclosure.office.table import ImportFailed, ImportProblem, Table

EXPLAINED = (
    "(位置写作 文件:工作表!单元格(Excel)或 文件:第几行 第几列(CSV),例如 进展.xlsx:Sheet1!C15 即 Sheet1 表的C列第15行。)"
)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py import",
        description="把 Excel(.xlsx)或 CSV 中的进展通报表导入 data/YEAR/progress/NAME.yaml;"
        "有任何问题时不写入任何文件。",
    )
    p.add_argument("file", type=Path, help="要导入的文件:.xlsx 或 .csv")
    p.add_argument("--edition", type=int, required=True, help="报告所说的是哪一年版的任务,如 2024")
    p.add_argument("--report", help="进展通报的文件名(也是网页地址),如 2024-h1:小写英文字母、数字和连字符")
    p.add_argument("--force", action="store_true", help="替换已有的进展通报文件(未给出的报告信息沿用原文件)")
    p.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2], help="项目文件夹")
    for key, option in progress.OPTION.items():
        p.add_argument(option, dest=key, help=f"{progress.FIELD_NAME[key]}(表中写明时可省略)")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    name = args.file.name
    started = time.perf_counter()
    try:
        tables = read_tables(args.file, name)
        if not progress.recognise(tables):
            raise ImportFailed(
                [
                    ImportProblem(
                        tables[0].at if tables else name,
                        "没有找到能导入的表:进展通报表的表头一行要有“序号”和“主要工作任务”“完成情况”,"
                        "或“全市完成”和各地区的列。",
                    )
                ]
            )
        if not args.report:
            missing = "缺少进展通报的文件名:请用 --report 给出,例如 --report 2024-h1。"
            raise ImportFailed([ImportProblem("--report", missing)])
        options = progress.Options(**{key: getattr(args, key) for key in progress.OPTION})
        imported = progress.read(args.root, tables, args.edition, args.report, options)
        check.write_outputs(args.root, imported.outputs, args.force)
    except ImportFailed as e:
        print(f"导入失败,没有写入任何文件:{EXPLAINED}", file=sys.stderr)
        for p in e.problems:
            print(p, file=sys.stderr)
        return 1
    for n in imported.notes:
        print(f"提示:{n}", file=sys.stderr)
    seconds = time.perf_counter() - started
    for o in imported.outputs:
        print(f"已写入 {o.path}({seconds:.2f} 秒)。请用 python build.py check 检查,git diff 查看改动。")
    return 0


def read_tables(path: Path, name: str) -> list[Table]:
    if not path.is_file():
        raise ImportFailed([ImportProblem(name, f"找不到文件 {path}。")])
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return excel.read(path, name)
    if suffix == ".csv":
        return [csvtable.read(path, name)]
    if suffix in (".xls", ".et"):
        raise ImportFailed([ImportProblem(name, excel.NOT_XLSX)])
    raise ImportFailed([ImportProblem(name, "导入只读 Excel(.xlsx)和 CSV(.csv)文件。")])
