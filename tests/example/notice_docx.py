"""A Word file laid out as the government's own 嘉政办发〔2023〕7号 is (title, 文号, body, 附件1 and 附件2), made
from data/2023/ by code of its own (not the exporter's), with the quirks of the published document: a spaced
header (主 要 工 作 任 务), header cells broken over lines (浙江乍浦 / 经济开发区 / (嘉兴港区)), categories numbered
一、二、…, units joined by 、, long cells broken over two lines, and the livelihood table's two-row header and
vertically merged 序号, 事项分类, 事项名称 and 牵头单位 cells. The editors' label and unit are not in it."""

from __future__ import annotations

from pathlib import Path

import docx
import yaml

CHINESE_NUMBERS = "一二三四五六七八九十"
# The header of a column as the published table breaks it over lines (see data/2023/source.txt).
HEADER_LINES = {"浙江乍浦经济开发区(嘉兴港区)": "浙江乍浦\n经济开发区\n(嘉兴港区)"}


def read(path: Path) -> object:
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)  # every scalar as the text typed


def broken(text: str) -> str:
    """A long cell as Word wraps it by hand: a line break after the first comma past 40 characters."""
    cut = text.find(",", 40)
    return text if cut < 0 or cut == len(text) - 1 else f"{text[: cut + 1]}\n{text[cut + 1 :]}"


def put(cell, text: str) -> None:
    """A cell's text, each line its own paragraph (as Word stores a cell typed with Enter)."""
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def make(data: Path, out: Path) -> Path:
    """Write the notice of the edition in data (a data/<year> folder) to out, and return out."""
    document, tasks, livelihood = (read(data / f"{name}.yaml") for name in ("document", "tasks", "livelihood"))
    doc = docx.Document()
    doc.add_paragraph(document["title"])
    doc.add_paragraph(document["doc_no"])
    doc.add_paragraph("各县(市、区)人民政府,市级有关部门(单位):")
    doc.add_paragraph(f"《{document['tasks_title']}》和《{document['livelihood_title']}》已经市政府同意,现印发给你们。")
    doc.add_paragraph(document["signed_by"])
    doc.add_paragraph("附件1")
    doc.add_paragraph(document["tasks_title"])
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("序号", "主 要 工 作 任 务", "责任单位"), strict=True):
        put(cell, text)
    for task in tasks:
        row = table.add_row().cells
        put(row[0], task["no"])
        put(row[1], broken(task["text"]))
        put(row[2], "、".join(task["units"]))
    doc.add_paragraph(f"注:{document['tasks_note']}")
    doc.add_paragraph("附件2")
    doc.add_paragraph(document["livelihood_title"])
    areas = document["area_columns"]
    columns = 5 + len(areas) + 1  # 序号 事项分类 事项名称 任务分解 全市目标任务 areas… 牵头单位
    table = doc.add_table(rows=2, cols=columns)
    top, second = table.rows[0].cells, table.rows[1].cells
    for col, text in enumerate(("序号", "事项分类", "事项名称", "任务分解")):
        put(top[col], text)
        top[col].merge(second[col])
    put(top[-1], "牵头单位")
    top[-1].merge(second[-1])
    top[4].merge(top[-2])  # the group header over the figures: its text is lost in the copy we have, left empty
    put(second[4], "全市目标任务")
    for col, area in enumerate(areas, start=5):
        put(second[col], HEADER_LINES.get(area, area))
    categories = {c["no"]: c["name"] for c in livelihood["categories"]}
    spans: dict[str, list] = {}  # merged runs: (kind, key) -> [first row, last row]
    for item in livelihood["items"]:
        for index, indicator in enumerate(item["indicators"]):
            cells = table.add_row().cells
            r = len(table.rows) - 1
            if index == 0:
                put(cells[0], item["no"])
            put(cells[3], indicator.get("name", ""))  # an item with a single unnamed row
            put(cells[4], indicator["target"])
            for col, area in enumerate(areas, start=5):
                put(cells[col], indicator["breakdown"][area])
            for kind, key, col, text in (
                ("no", item["no"], 0, None),
                ("category", item["category"], 1, categories[item["category"]]),
                ("text", (item["category"], item["text"]), 2, item["text"]),
                ("lead", (item["category"], item["text"], item["lead"]), columns - 1, item["lead"]),
            ):
                run = spans.get(kind)
                if run and run[0] == key and run[2] == r - 1:
                    run[2] = r
                else:
                    if run:
                        merge(table, run)
                    spans[kind] = [key, r, r, col, text]
                    if text is not None:
                        number = int(item["category"])
                        shown = f"{CHINESE_NUMBERS[number - 1]}、{text}" if kind == "category" else text
                        put(cells[col], shown)
    for run in spans.values():
        merge(table, run)
    doc.save(out)
    return out


def merge(table, run: list) -> None:
    _, first, last, col, _ = run
    if last > first:
        table.cell(first, col).merge(table.cell(last, col))
