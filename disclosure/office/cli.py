"""`build.py import` and `build.py export`: the tables staff keep, read and checked, then written into data/
(or nothing), and an edition written back as the notice's tables.

python build.py import FILE --edition YEAR [--force]   the notice: .docx, .xlsx (or .doc, converted by LibreOffice)
python build.py import FILE --edition YEAR --report NAME [--force] [--title … --as-of …]
                                                       a progress report (进展通报) from .xlsx or .csv into
                                                       data/YEAR/progress/NAME.yaml
python build.py export --edition YEAR FILE [--force]   FILE: .docx or .xlsx

Which one a file holds is read from its tables (progress.recognise): a report's header has 完成情况 or 全市完成.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from disclosure.errors import BuildError, DataError
from disclosure.office import check, csvtable, notice, progress, word
from disclosure.office.table import At, ImportFailed, ImportProblem, Table, reading_order

ROOT = Path(__file__).resolve().parents[2]
CONVERT_SECONDS = 120


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="build.py", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("command", choices=["import", "export"])
    parser.add_argument("file", type=Path, help="the Word (.docx), Excel (.xlsx) or CSV (.csv) file")
    parser.add_argument("--edition", type=int, required=True, help="the edition's year: data/YEAR/")
    parser.add_argument("--force", action="store_true", help="replace existing files")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding data/ and content/")
    add_progress_options(parser)
    args = parser.parse_args(argv)
    if args.command == "import":
        return run_import(args.root, args.file, args.edition, args.force, args)
    return run_export(args.root, args.file, args.edition, args.force)


EXPLAINED = (
    "(位置写作 文件:表几 第几行 第几列(Word,表头的行也算在内)、文件:工作表!单元格(Excel)或 文件:第几行 第几列"
    "(CSV),例如 通知.docx:表2 第15行 第3列 即文件中第2张表的第15行第3列,进展.xlsx:Sheet1!C15 即 Sheet1 表C列第15行。)"
)


def run_import(root: Path, path: Path, year: int, force: bool, args: argparse.Namespace) -> int:
    name = path.name  # as the editor sees it in Word's or Excel's title bar
    started = time.perf_counter()
    notices: list[ImportProblem] = []
    unread: list[ImportProblem] = []  # cells the Excel reader refused (read as empty), reported with the rest
    try:
        tables = read_tables(path, name, unread)
        try:
            registry: notice.Registry | None = notice.Registry.read(root)  # an area's column may be headed 完成
        except DataError:  # said by read_notice, which reads it again
            registry = None
        areas = list(registry.areas) if registry else []
        if args.report or progress.recognise(tables, areas):  # --report: the editor means a progress report
            return run_progress(root, tables, args, unread)
        try:
            read = notice.read_notice(root, year, name, tables, notices, registry)
        except ImportFailed as e:
            raise ImportFailed([*unread, *e.problems]) from None
        finally:
            for n in sorted(notices, key=reading_order):
                print(f"提示:{n}")
        if unread:
            raise ImportFailed(unread)
        outputs = read.outputs
        for w in check.validate_outputs(root, outputs):
            print(f"提示:{w}")
        check.write_outputs(root, outputs, force, read.amended)
    except ImportFailed as e:
        return failed(e)
    seconds = time.perf_counter() - started
    print(f"已从 {name} 导入 {year} 年版,写入 {'、'.join(o.path for o in outputs)}({seconds:.2f} 秒)。")
    return 0


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
        if not progress.recognise(tables):
            raise ImportFailed(
                [
                    ImportProblem(
                        tables[0].at if tables else At(args.file.name),
                        "没有找到能导入的表:进展通报表的表头一行要有“序号”和“主要工作任务”“完成情况”,"
                        "或“全市完成”和各地区的列。",
                    )
                ]
            )
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
    """The file's tables, by its kind: .docx, .xlsx, or an old .doc converted by LibreOffice first."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFailed([ImportProblem(At(name), "找不到这个文件。")])
    if suffix == ".docx":
        return word.read(path, name, unread)
    if suffix == ".xlsx":
        from disclosure.office import excel

        return excel.read(path, name, unread)
    if suffix == ".csv":
        return [csvtable.read(path, name)]
    if suffix == ".doc":
        return read_doc(path, name, unread)
    if suffix in (".xls", ".et"):
        message = "是旧的 Excel 文件(.xls)。请在 Excel 或 WPS 中“另存为”Excel 工作簿(.xlsx)后再导入。"
    else:
        message = "导入只读 Word 文件(.docx,旧的 .doc 也可以)、Excel 文件(.xlsx)和 CSV 文件(.csv)。"
    raise ImportFailed([ImportProblem(At(name), message)])


def read_doc(path: Path, name: str, unread: list[ImportProblem]) -> list[Table]:
    """An old binary .doc, converted to .docx by LibreOffice in a temporary folder, then read as one."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise ImportFailed(
            [
                ImportProblem(
                    At(name),
                    "是旧的 Word 文件(.doc),这台电脑上没有装 LibreOffice,无法转换。请在 Word 或 WPS 中“另存为”"
                    "Word 文档(.docx)后再导入,或安装 LibreOffice"
                    "(Debian/Ubuntu:apt-get install libreoffice-writer-nogui)。",
                )
            ]
        )
    if path.stat().st_size > word.MAX_BYTES:
        return word.read(path, name, unread)  # refused there, with its message
    with tempfile.TemporaryDirectory(prefix="disclosure-doc-") as scratch:
        profile = Path(scratch) / "profile"
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            scratch,
            str(path.resolve()),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ImportFailed(
                [
                    ImportProblem(
                        At(name),
                        f"LibreOffice 在{CONVERT_SECONDS}秒内没有转换完这个 .doc 文件。请另存为 .docx 后再导入。",
                    )
                ]
            ) from None
        converted = Path(scratch) / f"{path.stem}.docx"
        if not converted.is_file():
            raise ImportFailed(
                [
                    ImportProblem(
                        At(name),
                        "LibreOffice 没能把这个 .doc 文件转换为 .docx。请在 Word 或 WPS 中另存为 .docx 后再导入。",
                    )
                ]
            )
        return word.read(converted, name, unread)


def run_export(root: Path, path: Path, year: int, force: bool) -> int:
    from disclosure.source import load, validate

    suffix = path.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        print(f"{path}:导出只写 Word 文件(.docx)或 Excel 文件(.xlsx)。", file=sys.stderr)
        return 1
    if path.exists() and not force:
        print(f"{path}:文件已存在,没有导出。确认要替换它时,请加上 --force。", file=sys.stderr)
        return 1
    started = time.perf_counter()
    try:
        site = validate.build_site(load.read_sources(root))
    except (DataError, BuildError) as e:
        print(f"数据有问题,没有导出:\n{e}", file=sys.stderr)
        return 1
    if not any(edition.year == year for edition in site.editions):
        print(f"data/{year}/:没有 {year} 年版。", file=sys.stderr)
        return 1
    try:
        blocks = notice.edition_blocks(root, year)
    except notice.ExportRefused as e:
        print(f"data/{year}/livelihood.yaml:{e}没有导出。", file=sys.stderr)
        return 1
    if suffix == ".docx":
        word.write(blocks, path)
    else:
        from disclosure.office import excel

        excel.write(blocks, path)
    seconds = time.perf_counter() - started
    print(f"已把 {year} 年版导出到 {path}({seconds:.2f} 秒)。")
    return 0
