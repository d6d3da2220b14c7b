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
from collections.abc import Callable, Iterable
from decimal import Decimal

import simplejson

from disclosure import kinds
from disclosure.config import Config
from disclosure.errors import BuildError
from disclosure.kinds import Table
from disclosure.model import Site
from disclosure.source.changelog import History

NO_TARGET_CELL = "/"  # how a CSV cell says the document has no target there


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


def tables(site: Site, base: str) -> list[Table]:
    """Every table of every kind: the registries', then each edition's."""
    out = [t for kind in kinds.SITE_KINDS if kind.tables for t in kind.tables(site, base, site.info.labels)]
    for ed in site.editions:
        out += [t for kind in kinds.EDITION_KINDS if kind.tables for t in kind.tables(ed, base, site.info.labels)]
    return out


def json_files(site: Site, base: str) -> dict[str, object]:
    """Every JSON file of every kind, by path under data/: the registries', then each edition's."""
    out = {path: v for kind in kinds.SITE_KINDS if kind.json for path, v in kind.json(site, base).items()}
    for ed in site.editions:
        out |= {path: v for kind in kinds.EDITION_KINDS if kind.json for path, v in kind.json(ed, base).items()}
    return out


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


def package_version(history: History) -> str | None:
    """The data version as the Data Package's `version`: the date and commit of the last data change, as
    semantic versioning allows (2026.3.5+34b86ff; +34b86ff.dirty with uncommitted edits); None without history."""
    if history.latest is None:
        return None
    year, month, day = (int(part) for part in history.latest.date.split("-"))
    return f"{year}.{month}.{day}+{history.latest.commit}" + (".dirty" if history.dirty else "")


def datapackage(
    site: Site,
    described: list[Table],
    facts: dict[str, dict],
    site_url: str,
    base: str,
    version: str | None,
) -> bytes:
    """The Data Package describing every CSV table (described: tables(), with a Table Schema) and JSON
    file (with its JSON Schema); facts (file_facts) gives each file's size and checksum; version is
    package_version(), left out when the data version is unknown (a build outside git)."""
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
                "schema": {"fields": fields, "missingValues": ["", NO_TARGET_CELL], **extra},
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
        "description": site.example_note + info.data_package.description + "“/”表示原表该地无目标任务,不是 0。",
        "homepage": site_url.rstrip("/") + base,
        **({"version": version} if version else {}),
        "licenses": [{"name": info.licence.id, "path": info.licence.url, "title": info.licence.note}],
        "sources": [
            {"title": f"{d.signed_by}《{d.title}》({d.doc_no}),{d.published.isoformat()} 发布"}
            for _, d in sorted(docs.items())
        ],
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def open_data(
    site: Site, config: Config, history: History, checkpoint: Callable[[], None] = lambda: None
) -> tuple[dict[str, bytes], dict[str, dict]]:
    """Paths under data/ -> bytes: each edition's JSON (the contract of the first issue), the CSV tables,
    the registries as JSON, and the Data Package describing them all; and each file's size and sha256.
    checkpoint is called between two files (the dev server's stops there once a newer save came in)."""
    base = config.base_path
    all_tables = tables(site, base)
    files = {}
    for path, fields, rows, _ in all_tables:
        checkpoint()
        files[path] = csv_bytes([f["name"] for f in fields], rows, f"data/{path}")
    for path, value in json_files(site, base).items():
        checkpoint()
        files[path] = to_json(value)
    facts = file_facts(files)
    version = package_version(history)
    files["datapackage.json"] = datapackage(site, all_tables, facts, config.site_url, base, version)
    return files, facts | file_facts({"datapackage.json": files["datapackage.json"]})


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
