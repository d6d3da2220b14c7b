"""CSV files in: one Table, every cell's text exactly as the file holds it, placed as 第15行 第3列.

The encoding is decided strictly, never guessed letter by letter: UTF-8 (with or without the byte-order mark
Excel writes for "CSV UTF-8"), else GB18030, in which Excel and WPS on Chinese Windows save a plain "CSV"
(a superset of GBK and GB2312). A file that is neither, or that only decodes as GB18030 into something that is
not Chinese text (private-use or control characters, no Chinese character at all), is refused with a sentence
saying how to save it as UTF-8. UTF-16 (Excel's "Unicode 文本") is recognised by its mark and refused the same way.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from pathlib import Path

from disclosure.office.table import At, Cell, ImportFailed, ImportProblem, Table

MAX_BYTES = 20 * 1024 * 1024
MAX_CELLS = 200_000
HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
SAVE_AS_UTF8 = "请在 Excel 中“另存为”“CSV UTF-8(逗号分隔)”,或在 WPS 中另存为 CSV 并选择 UTF-8 编码后再导入。"


def read(path: Path, name: str) -> Table:
    """The CSV file at path as one Table; name: the file as the messages name it."""
    whole = At(name, kind="csv")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportFailed(
            [
                ImportProblem(
                    whole,
                    f"文件有{size / 1024 / 1024:.1f} MB,超过了导入允许的20 MB。进展表通常不到1 MB:"
                    "请只保留要导入的表格后再导入。",
                )
            ]
        )
    text = decode(path.read_bytes(), whole)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as e:
        line = re.search(r"line (\d+)", str(e))
        where = At(name, row=int(line[1]), kind="csv") if line else whole
        raise ImportFailed(
            [ImportProblem(where, "这一行的引号没有配对,读不出各列。请在 Excel 或 WPS 中打开文件检查后重新保存。")]
        ) from None
    cells = sum(len(line) for line in lines)
    if cells > MAX_CELLS:
        raise ImportFailed([ImportProblem(whole, f"文件有{cells}个单元格,超过了导入允许的{MAX_CELLS}个,没有读取。")])
    while lines and not any(v.strip() for v in lines[-1]):  # the empty lines at the end of the file
        lines.pop()
    rows = [
        [Cell(value, At(name, row=r, col=c, kind="csv")) for c, value in enumerate(line, 1)]
        for r, line in enumerate(lines, 1)
    ]
    return Table(whole, rows)


def decode(data: bytes, whole: At) -> str:
    """The file's text: UTF-8 (BOM or not), else GB18030 when that reads as Chinese text; else refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        utf16 = "文件是 UTF-16 编码(Excel 的“Unicode 文本”),导入读不了。"
        raise ImportFailed([ImportProblem(whole, utf16 + SAVE_AS_UTF8)])
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as e:
            line = data[: e.start + 3].count(b"\n") + 1
            marked = f"文件开头标明是 UTF-8 编码,第{line}行却有不是 UTF-8 的字节,读不出文字。"
            raise ImportFailed([ImportProblem(whole, marked + SAVE_AS_UTF8)]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFailed([ImportProblem(whole, bad_bytes(data, utf8_error))]) from None
    odd = [ch for ch in text if unicodedata.category(ch) in ("Co", "Cc", "Cs") and ch not in "\r\n\t"]
    if odd or not HAN.search(text):
        raise ImportFailed(
            [
                ImportProblem(
                    whole,
                    "文件既不是 UTF-8 编码,按 GB18030(中文 Windows 的 Excel 保存 CSV 的编码)读出的也不是中文文字,"
                    "无法确定它的编码。" + SAVE_AS_UTF8,
                )
            ]
        )
    return text


def bad_bytes(data: bytes, offset: int) -> str:
    line = data[:offset].count(b"\n") + 1
    return f"文件第{line}行有不是 UTF-8 也不是 GB18030 编码的字节,读不出文字,无法确定它的编码。" + SAVE_AS_UTF8
