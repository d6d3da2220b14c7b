"""Open data: every table as CSV (UTF-8 with BOM, so Excel opens Chinese correctly), the registries as
JSON too, and a Frictionless Data Package (data/datapackage.json) describing them all: fields, keys,
JSON Schemas, licences, sources and SHA-256 checksums.

Figures are written exactly as in the document ("33.3"); a cell the document marks "/" (no target) is
written "/", declared as a missing value, never 0. Unit lists keep the document's order, lead first.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable
from decimal import Decimal

import simplejson

from disclosure import urls
from disclosure.config import Config
from disclosure.errors import BuildError
from disclosure.model import Edition, Site, Withdrawal

NO_TARGET = "/"


# OWASP's CSV-injection characters: a spreadsheet runs a cell that begins with one of them as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Where the written CSV may hold such a cell: after a line break or a comma, quoted or not (a cell holding
# a CR is always quoted: an unquoted CR after a comma ends the line). The whole text is scanned once, in C
# (0.1 s at 50,000 tasks); only when it matches are the cells themselves looked at.
MAYBE_FORMULA = re.compile(r'[,\n](?:[=+\-@\t]|"[=+\-@\t\r])')
FORMULA_NAMES = {"\t": "a tab", "\r": "a carriage return"}


def csv_bytes(header: list[str], rows: Iterable[list[object]], name: str) -> bytes:
    """RFC 4180 CSV (CRLF, quoted when needed) in UTF-8 with a BOM, every cell exactly its value. A text
    cell that begins with one of FORMULA_START is a BuildError naming the file (name), row and column:
    validation refuses such text, and this second lock holds for any field that might one day skip it.
    Numbers are not text: -5 stays the number -5."""
    table = [header, *rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([["" if v is None else str(v) for v in row] for row in table])
    text = out.getvalue()
    if MAYBE_FORMULA.search("\n" + text):
        for number, row in enumerate(table, start=1):
            for column, value in zip(header, row, strict=True):
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    raise BuildError(
                        f"{name}: row {number} (the header is row 1), column {column}: found a cell beginning "
                        f"with {FORMULA_NAMES.get(value[0], value[0])}, {value!r}, expected none to begin with "
                        "= + - @, a tab or a carriage return (a spreadsheet would run it as a formula); the "
                        "validation of data/ should have refused this text (validate.py, Checker.text)"
                    )
    return ("\ufeff" + text).encode("utf-8")


def withdrawn(w: Withdrawal | None) -> list[object]:
    return [None, None] if w is None else [w.date.isoformat(), w.reason]


def field(name: str, type_: str, title: str, **more: object) -> dict:
    return {"name": name, "type": type_, "title": title, **more}


WITHDRAWN_FIELDS = [
    field("withdrawn_date", "date", "撤销日期", description="empty unless the record was withdrawn"),
    field("withdrawn_reason", "string", "撤销原因"),
]


def figure(name: str, title: str) -> dict:
    return field(name, "number", title, description="as written in the document; / means no target (无目标), not 0")


Table = tuple[str, list[dict], list[list[object]], dict]  # path under data/, fields, rows, extra schema properties


def tables(site: Site, base: str) -> list[Table]:
    """Every table: (path under data/, fields, rows, extra schema properties)."""
    out = [
        (
            "units.csv",
            [
                field("name", "string", "简称(原文写法)", constraints={"required": True, "unique": True}),
                field("full_name", "string", "全称(本站补充)"),
                field("slug", "string", "网址标识", constraints={"required": True, "unique": True}),
                field("kind", "string", "类别代码"),
                field("kind_label", "string", "类别"),
                field("area", "string", "所属地区"),
                field("note", "string", "备注"),
                field("url", "string", "本站页面"),
                *WITHDRAWN_FIELDS,
            ],
            [
                [
                    u.name,
                    u.full_name,
                    u.slug,
                    u.kind,
                    u.kind_label,
                    u.area.name if u.area else None,
                    u.note,
                    urls.link(base, urls.department(u)),
                    *withdrawn(u.withdrawn),
                ]
                for u in site.units
            ],
            {"primaryKey": ["name"], "foreignKeys": [fk("area", "areas", "name")]},
        ),
        (
            "areas.csv",
            [
                field("name", "string", "名称", constraints={"required": True, "unique": True}),
                field("full_name", "string", "全称"),
                field("slug", "string", "网址标识", constraints={"required": True, "unique": True}),
                field("kind", "string", "类别代码"),
                field("kind_label", "string", "类别"),
                field("url", "string", "本站页面"),
            ],
            [
                [a.name, a.full_name, a.slug, a.kind, a.kind_label, urls.link(base, urls.district(a))]
                for a in site.areas
            ],
            {"primaryKey": ["name"]},
        ),
    ]
    for ed in site.editions:
        out += edition_tables(ed, base, site.info.labels.citywide)
    return out


def fk(fields: str | list[str], resource: str, reference: str | list[str]) -> dict:
    return {"fields": fields, "reference": {"resource": resource, "fields": reference}}


def edition_tables(ed: Edition, base: str, citywide: str) -> list[Table]:
    y = ed.year
    areas = [a.name for a in ed.document.area_columns]
    return [
        (
            f"{y}/tasks.csv",
            [
                field("year", "integer", "年份"),
                field("no", "integer", "序号", constraints={"required": True, "unique": True}),
                field("text", "string", "主要工作任务"),
                field("lead", "string", "牵头单位"),
                field("units", "string", "责任单位(按原文顺序,以“、”分隔,第一位为牵头单位)"),
                field("url", "string", "本站页面"),
                *WITHDRAWN_FIELDS,
            ],
            [
                [
                    y,
                    t.no,
                    t.text,
                    t.lead.name,
                    "、".join(u.name for u in t.units),
                    urls.link(base, urls.task(t)),
                    *withdrawn(t.withdrawn),
                ]
                for t in ed.tasks
            ],
            {"primaryKey": ["no"], "foreignKeys": [fk("lead", "units", "name")]},
        ),
        (
            f"{y}/task_units.csv",
            [
                field("year", "integer", "年份"),
                field("task_no", "integer", "任务序号"),
                field("position", "integer", "在责任单位中的位次(1 为牵头单位)"),
                field("unit", "string", "责任单位"),
            ],
            [[y, t.no, i, u.name] for t in ed.tasks for i, u in enumerate(t.units, start=1)],
            {
                "primaryKey": ["task_no", "position"],
                "foreignKeys": [fk("task_no", f"tasks-{y}", "no"), fk("unit", "units", "name")],
            },
        ),
        (
            f"{y}/livelihood.csv",
            [
                field("year", "integer", "年份"),
                field("item_no", "integer", "事项序号"),
                field("row", "integer", "指标行号(全表第几行)", constraints={"required": True, "unique": True}),
                field("category_no", "integer", "事项分类序号"),
                field("category", "string", "事项分类"),
                field("item", "string", "事项名称"),
                field("indicator", "string", "指标(原表未分指标的为空)"),
                field("lead", "string", "牵头单位"),
                figure("target", f"{citywide}目标"),
                *(figure(a, f"{a}目标") for a in areas),
                field("url", "string", "本站页面"),
                *WITHDRAWN_FIELDS,
            ],
            [
                [
                    y,
                    item.no,
                    ind.row,
                    item.category.no,
                    item.category.name,
                    item.text,
                    ind.name,
                    item.lead.name,
                    ind.target.text,
                    *(c.figure.text for c in ind.cells),
                    urls.link(base, urls.indicator(ind)),
                    *withdrawn(ind.withdrawn or item.withdrawn),
                ]
                for item in ed.items
                for ind in item.indicators
            ],
            {"primaryKey": ["row"], "foreignKeys": [fk("lead", "units", "name")]},
        ),
        (
            f"{y}/livelihood_targets.csv",
            [
                field("year", "integer", "年份"),
                field("row", "integer", "指标行号"),
                field("area", "string", "地区"),
                figure("value", "目标"),
            ],
            [[y, ind.row, c.area.name, c.figure.text] for ind in ed.indicators for c in ind.cells],
            {
                "primaryKey": ["row", "area"],
                "foreignKeys": [fk("row", f"livelihood-{y}", "row"), fk("area", "areas", "name")],
            },
        ),
    ]


def registry_json(site: Site, base: str) -> dict[str, object]:
    """units.json and areas.json: the registries, as the CSV holds them."""
    return {
        "units.json": [
            {
                "name": u.name,
                "full_name": u.full_name,
                "slug": u.slug,
                "kind": u.kind,
                "area": u.area.name if u.area else None,
                "note": u.note,
                "url": urls.link(base, urls.department(u)),
                "withdrawn": None
                if u.withdrawn is None
                else dict(zip(("date", "reason"), withdrawn(u.withdrawn), strict=False)),
            }
            for u in site.units
        ],
        "areas.json": [
            {
                "name": a.name,
                "full_name": a.full_name,
                "slug": a.slug,
                "kind": a.kind,
                "url": urls.link(base, urls.district(a)),
            }
            for a in site.areas
        ],
    }


def resource_name(path: str) -> str:
    """units.csv -> units, 2023/task_units.csv -> task-units-2023, 2023/tasks.json -> tasks-json-2023."""
    stem, ext = path.rsplit(".", 1)
    parts = stem.replace("_", "-").split("/")
    kind = "" if ext == "csv" else f"-{ext}"
    return f"{parts[-1]}{kind}" + (f"-{parts[0]}" if len(parts) > 1 else "")


def file_facts(files: dict[str, bytes]) -> dict[str, dict]:
    """{path: {"bytes": size, "sha256": hex digest}} for the Data Package and the downloads page."""
    return {
        path: {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()} for path, content in files.items()
    }


def datapackage(
    site: Site,
    described: list[tuple[str, list[dict], list[list[object]], dict]],
    facts: dict[str, dict],
    site_url: str,
    base: str,
) -> bytes:
    """The Data Package describing every CSV table (described: tables(), with a Table Schema) and JSON
    file (with its JSON Schema); facts (file_facts) gives each file's size and checksum."""
    docs = {ed.year: ed.document for ed in site.editions}
    resources = []
    for path, fields, _, extra in described:
        resources.append(
            {
                "name": resource_name(path),
                "path": path,
                "type": "table",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "bytes": facts[path]["bytes"],
                "hash": "sha256:" + facts[path]["sha256"],
                "schema": {"fields": fields, "missingValues": ["", NO_TARGET], **extra},
            }
        )
    for path in sorted(p for p in facts if p.endswith(".json")):
        resources.append(
            {
                "name": resource_name(path),
                "path": path,
                "type": "json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "bytes": facts[path]["bytes"],
                "hash": "sha256:" + facts[path]["sha256"],
                "jsonSchema": f"schemas/{path.rsplit('/', 1)[-1]}.schema.json",
            }
        )
    info = site.info
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": info.data_package.id,
        "title": info.data_package.title,
        "description": info.data_package.description + "“/”表示原表该地无目标任务,不是 0。",
        "homepage": site_url.rstrip("/") + base,
        "version": str(max(docs)),
        "licenses": [{"name": info.licence.id, "path": info.licence.url, "title": info.licence.note}],
        "sources": [
            {"title": f"{d.signed_by}《{d.title}》({d.doc_no}),{d.published.isoformat()} 发布"}
            for _, d in sorted(docs.items())
        ],
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def json_number(value: Decimal | None) -> Decimal | None:
    """A figure for the JSON: the exact decimal as written (33.30 stays 33.30), '/' becomes null."""
    return value


def open_data(site: Site, config: Config) -> tuple[dict[str, bytes], dict[str, dict]]:
    """Paths under data/ -> bytes: each edition's JSON (the contract of the first issue), the CSV tables,
    the registries as JSON, and the Data Package describing them all; and each file's size and sha256."""
    base = config.base_path
    all_tables = tables(site, base)
    files = {path: csv_bytes([f["name"] for f in fields], rows, f"data/{path}") for path, fields, rows, _ in all_tables}
    files |= {path: to_json(value) for path, value in registry_json(site, base).items()}
    for ed in site.editions:
        files[f"{ed.year}/tasks.json"] = to_json(tasks_json(ed, config))
        files[f"{ed.year}/livelihood.json"] = to_json(livelihood_json(ed, config))
    facts = file_facts(files)
    files["datapackage.json"] = datapackage(site, all_tables, facts, config.site_url, base)
    return files, facts | file_facts({"datapackage.json": files["datapackage.json"]})


def tasks_json(ed: Edition, config: Config) -> list[dict]:
    return [
        {
            "no": t.no,
            "text": t.text,
            "units": [u.name for u in t.units],
            "lead": t.lead.name,
            "url": urls.link(config.base_path, urls.task(t)),
            "withdrawn": withdrawal_json(t.withdrawn),
        }
        for t in ed.tasks
    ]


def livelihood_json(ed: Edition, config: Config) -> list[dict]:
    return [
        {
            "no": item.no,
            "row": ind.row,
            "category": item.category.name,
            "item": item.text,
            "indicator": ind.name,
            "target": json_number(ind.target.value),
            "lead": item.lead.name,
            "breakdown": {c.area.name: json_number(c.figure.value) for c in ind.cells},
            "url": urls.link(config.base_path, urls.project(item)),
            "withdrawn": withdrawal_json(ind.withdrawn or item.withdrawn),
        }
        for item in ed.items
        for ind in item.indicators
    ]


def withdrawal_json(w: Withdrawal | None) -> dict | None:
    return None if w is None else {"date": w.date.isoformat(), "reason": w.reason}


def to_json(value: object) -> bytes:
    """json.dumps(value, indent=1, ensure_ascii=False) byte for byte, except that a Decimal is written digit
    for digit as a number (33.30 stays 33.30 and 0.0000001 is not 1e-07: never through a float)."""
    return (_JSON.encode(value) + "\n").encode()


def _raw_decimal(value: object) -> simplejson.RawJSON:
    """A Decimal as the JSON number it is written as; anything else cannot be published."""
    if isinstance(value, Decimal) and value.is_finite():
        return simplejson.RawJSON(format(value, "f"))
    raise TypeError(f"{value!r} ({type(value).__name__}) is not JSON serializable")


# simplejson puts what _raw_decimal returns into the output as it is, and every string through the string
# encoder, so no text can become a number. (Marking decimals as strings between NUL characters, as we did,
# published the text "\u00003.5\u0000" as the number 3.5.) Its C encoder also indents, which the standard
# library's does not: 2.7 times faster on the tasks and 3.4 on the livelihood rows of 50,000 tasks.
# use_decimal=False: it would write str(Decimal), 1E-7. namedtuple_as_object=False, allow_nan=False: as json.
_JSON = simplejson.JSONEncoder(
    indent=1,
    ensure_ascii=False,
    use_decimal=False,
    namedtuple_as_object=False,
    allow_nan=False,
    default=_raw_decimal,
)
