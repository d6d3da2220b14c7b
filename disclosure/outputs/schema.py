"""JSON Schemas of the data files, published with the open data (site/data/schemas/).

Two kinds: the YAML files editors write (as the build reads them: every value is text, so a
figure is a string such as "33.3" or "/"), and the JSON files the site publishes. They are built
from the same patterns and lists validate.py checks with, so they cannot drift from it.

A schema checks each file on its own. What no schema expresses is checked by validate.py only:
names that must exist in the registries, numbers that count 1, 2, 3, …, slugs used once, real
calendar dates, area keys in the order of the document's columns.
"""

from __future__ import annotations

import json
import re

from disclosure import urls
from disclosure.model import SiteInfo
from disclosure.source.validate import (
    DATA_PACKAGE_FIELDS,
    DATE,
    DOCUMENT_FIELDS,
    EMAIL,
    INTEGER,
    LABEL_FIELDS,
    LICENCE_FIELDS,
    NUMBER,
    PHONE,
    RESERVED_SLUGS,
    SITE_FIELDS,
    SITE_OPTIONAL,
    SLUG,
    SLUG_MAX,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def anchored(pattern: re.Pattern[str]) -> str:
    """A Python regex (written in the syntax JSON Schema shares with it) matched as a whole."""
    return f"^{pattern.pattern}$"


TEXT = {
    "type": "string",
    "pattern": r"^[^\s<>=+\-@](?:[^<>]*[^\s<>])?$",
    "description": "text, no spaces at either end, no < >, not beginning with = + - @ "
    "(the build also refuses line breaks and invisible characters: data/README.md)",
}
WHOLE = {"type": "string", "pattern": anchored(INTEGER), "description": "a whole number written without leading zeros"}
DAY = {"type": "string", "pattern": anchored(DATE), "description": "a date written YYYY-MM-DD"}
SLUG_TEXT = {
    "type": "string",
    "pattern": anchored(SLUG),
    "maxLength": SLUG_MAX,
    "not": {"enum": sorted(RESERVED_SLUGS)},
    "description": f"lowercase ASCII letters, digits, single hyphens; at most {SLUG_MAX} characters, "
    "not a name Windows reserves (con, nul, com1, …)",
}
FORMER_SLUGS = {
    "type": "array",
    "minItems": 1,
    "uniqueItems": True,
    "items": SLUG_TEXT,
    "description": "earlier slugs of this record: their pages redirect here, so old links keep working",
}
FIGURE = {
    "type": "string",
    "pattern": f"^(?:/|{NUMBER.pattern})$",
    "not": {"pattern": r"^0(?:\.0+)?$"},
    "description": "a number as written in the document (8, 33.3), never 0; / for no target",
}
WITHDRAWN = {
    "type": "object",
    "description": "set when a published record is taken back: it stays on the site, marked withdrawn",
    "properties": {"date": DAY, "reason": TEXT},
    "required": ["date", "reason"],
    "additionalProperties": False,
}


def records(title: str, properties: dict, required: list[str], min_items: int = 1) -> dict:
    return {
        "title": title,
        "type": "array",
        "minItems": min_items,
        "items": {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        },
    }


ADDRESS = {
    "type": "string",
    "pattern": r"^https?://[^\s/?#@]+(?:/[^\s?#]*)?$",
    "description": "an absolute http or https address, without query or fragment",
}
VOCABULARY = {
    "type": "object",
    "minProperties": 1,
    "propertyNames": {"pattern": anchored(SLUG)},
    "additionalProperties": TEXT,
    "description": "each kind's slug (as data/ writes it) and its label (as pages show it)",
}


def fields(properties: dict, required: set[str], title: str = "") -> dict:
    """An object schema with exactly these properties, the required ones listed."""
    return {
        **({"title": title} if title else {}),
        "type": "object",
        "properties": properties,
        "required": sorted(required),
        "additionalProperties": False,
    }


def site_schema() -> dict:
    """Schema of site.yaml, the site's identity (at the project's root)."""
    codes = {"site_code": "网站标识码", "icp": "ICP备案号", "police": "公安机关备案号"}
    properties = {
        **{key: TEXT for key in ("name", "city", "city_short", "publisher", "contact")},
        "site_url": ADDRESS,
        "licence": fields({"id": TEXT, "url": ADDRESS, "note": TEXT}, LICENCE_FIELDS),
        "data_package": fields(
            {"id": {"type": "string", "pattern": anchored(SLUG)}, "title": TEXT, "description": TEXT},
            DATA_PACKAGE_FIELDS,
        ),
        "labels": fields({"citywide": TEXT, "areas": TEXT}, LABEL_FIELDS),
        "unit_kinds": VOCABULARY,
        "unit_kinds_with_area": {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "pattern": anchored(SLUG), "description": "a key of unit_kinds"},
        },
        "area_kinds": VOCABULARY,
        "search_examples": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": r"^[^\s<>](?:[^<>]*[^\s<>])?$"},
        },
        "feedback": {
            **fields(
                {
                    "email": {"type": "string", "pattern": anchored(EMAIL)},
                    "phone": {"type": "string", "pattern": anchored(PHONE)},
                    "url": ADDRESS,
                },
                set(),
            ),
            "minProperties": 1,
        },
        "registration": {
            **fields(
                {key: {"type": "string", "minLength": 1, "description": label} for key, label in codes.items()}, set()
            ),
            "minProperties": 1,
        },
    }
    assert properties.keys() == SITE_FIELDS | SITE_OPTIONAL, "site.yaml: validate.py and the schema differ"
    return fields(properties, SITE_FIELDS, "网站信息 site.yaml")


def yaml_schemas(info: SiteInfo) -> dict[str, dict]:
    """Schemas of site.yaml and the files in data/, by file name; the kinds are the site's (site.yaml)."""
    units = records(
        "责任单位登记表 data/units.yaml",
        {
            "name": TEXT,
            "full_name": TEXT,
            "slug": SLUG_TEXT,
            "kind": {"enum": list(info.unit_kinds)},
            "area": {**TEXT, "description": "a name in data/areas.yaml (governments and zones only)"},
            "note": TEXT,
            "withdrawn": WITHDRAWN,
            "former_slugs": FORMER_SLUGS,
        },
        ["name", "full_name", "slug", "kind"],
    )
    areas = records(
        "地区登记表 data/areas.yaml",
        {
            "name": TEXT,
            "full_name": TEXT,
            "slug": SLUG_TEXT,
            "kind": {"enum": list(info.area_kinds)},
            "former_slugs": FORMER_SLUGS,
        },
        ["name", "full_name", "slug", "kind"],
    )
    area_names = {"type": "array", "items": {**TEXT, "description": "a name in data/areas.yaml"}, "uniqueItems": True}
    document = {
        "title": "来源文件 data/<year>/document.yaml",
        "type": "object",
        "properties": {
            **{field: TEXT for field in sorted(DOCUMENT_FIELDS)},
            "year": WHOLE,
            "written": DAY,
            "published": DAY,
            "source_file": {"const": "source.txt"},
            "area_columns": {**area_names, "minItems": 1},
            "inferred_columns": area_names,
        },
        "required": sorted(DOCUMENT_FIELDS),
        "additionalProperties": False,
    }
    tasks = records(
        "重点工作 data/<year>/tasks.yaml",
        {
            "no": WHOLE,
            "text": TEXT,
            "units": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {**TEXT, "description": "a name in data/units.yaml; the first is the lead unit"},
            },
            "withdrawn": WITHDRAWN,
        },
        ["no", "text", "units"],
    )
    indicator = {
        "type": "object",
        "properties": {
            "name": TEXT,
            "target": FIGURE,
            "breakdown": {
                "type": "object",
                "description": "each area of document.yaml area_columns, in that order, with its figure",
                "minProperties": 1,
                "additionalProperties": FIGURE,
            },
            "withdrawn": WITHDRAWN,
        },
        "required": ["target", "breakdown"],
        "additionalProperties": False,
    }
    livelihood = {
        "title": "民生实事 data/<year>/livelihood.yaml",
        "type": "object",
        "properties": {
            "categories": records("事项分类", {"no": WHOLE, "name": TEXT}, ["no", "name"]),
            "items": records(
                "事项",
                {
                    "no": WHOLE,
                    "category": {**WHOLE, "description": "the no of a category above"},
                    "text": TEXT,
                    "lead": {**TEXT, "description": "a name in data/units.yaml"},
                    "indicators": {"type": "array", "minItems": 1, "items": indicator},
                    "withdrawn": WITHDRAWN,
                },
                ["no", "category", "text", "lead", "indicators"],
            ),
        },
        "required": ["categories", "items"],
        "additionalProperties": False,
    }
    return {
        "site.yaml": site_schema(),
        "units.yaml": units,
        "areas.yaml": areas,
        "document.yaml": document,
        "tasks.yaml": tasks,
        "livelihood.yaml": livelihood,
    }


def json_schemas(info: SiteInfo) -> dict[str, dict]:
    """Schemas of the JSON files the site publishes in data/<year>/, by file name."""
    withdrawn = {"anyOf": [{"type": "null"}, {**WITHDRAWN, "properties": {"date": DAY, "reason": {"type": "string"}}}]}
    number = {
        "anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "null"}],
        "description": "the figure exactly as in the document (33.30 stays 33.30); null for / (no target)",
    }
    text = {"type": "string", "minLength": 1}
    url = {"type": "string", "description": "the page's path on this site"}
    tasks = records(
        "重点工作 tasks.json",
        {
            "no": {"type": "integer", "minimum": 1},
            "text": text,
            "units": {"type": "array", "minItems": 1, "items": text},
            "lead": {**text, "description": "the first of units"},
            "url": url,
            "withdrawn": withdrawn,
        },
        ["no", "text", "units", "lead", "url", "withdrawn"],
    )
    livelihood = records(
        "民生实事 livelihood.json: one record per indicator row",
        {
            "no": {"type": "integer", "minimum": 1, "description": "the item number"},
            "row": {"type": "integer", "minimum": 1, "description": "the row's position among all rows"},
            "category": text,
            "item": text,
            "indicator": {"anyOf": [text, {"type": "null"}]},
            "target": number,
            "lead": text,
            "breakdown": {"type": "object", "minProperties": 1, "additionalProperties": number},
            "url": url,
            "withdrawn": withdrawn,
        },
        ["no", "row", "category", "item", "indicator", "target", "lead", "breakdown", "url", "withdrawn"],
    )
    units = records(
        "责任单位 units.json",
        {
            "name": text,
            "full_name": text,
            "slug": SLUG_TEXT,
            "kind": {"enum": list(info.unit_kinds)},
            "area": {"anyOf": [text, {"type": "null"}]},
            "note": {"anyOf": [text, {"type": "null"}]},
            "url": url,
            "withdrawn": withdrawn,
        },
        ["name", "full_name", "slug", "kind", "area", "note", "url", "withdrawn"],
    )
    areas = records(
        "地区 areas.json",
        {"name": text, "full_name": text, "slug": SLUG_TEXT, "kind": {"enum": list(info.area_kinds)}, "url": url},
        ["name", "full_name", "slug", "kind", "url"],
    )
    return {"tasks.json": tasks, "livelihood.json": livelihood, "units.json": units, "areas.json": areas}


def schema_files(info: SiteInfo) -> dict[str, bytes]:
    """Every schema as the file the site publishes: data/schemas/<file name>.schema.json."""
    schemas = {**yaml_schemas(info), **json_schemas(info)}
    return {
        urls.schema(name): (json.dumps({"$schema": DIALECT, **schema}, ensure_ascii=False, indent=1) + "\n").encode(
            "utf-8"
        )
        for name, schema in schemas.items()
    }


# The files written by hand first (site.yaml, then data/), then the published JSON: schema_files' order.
SCHEMA_NAMES = ("site.yaml", "units.yaml", "areas.yaml", "document.yaml", "tasks.yaml", "livelihood.yaml")
SCHEMA_NAMES += ("tasks.json", "livelihood.json", "units.json", "areas.json")
