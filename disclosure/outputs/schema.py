"""JSON Schemas of the data files, published with the open data (site/data/schemas/).

Two kinds: the YAML files editors write (as the build reads them: every value is text, so a
figure is a string such as "33.3" or "/"), and the JSON files the site publishes. The YAML files'
schemas derive from the fields source/fields.py declares (the validator's required and optional
fields come from the same declaration), with the patterns validate.py checks values with, so they
cannot drift from it.

A schema checks each file on its own. What no schema expresses is checked by validate.py only:
names that must exist in the registries, numbers that count 1, 2, 3, …, slugs used once, real
calendar dates, area keys in the order of the document's columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from disclosure import urls
from disclosure.model import AREA_KINDS, UNIT_KINDS
from disclosure.source import fields
from disclosure.source.fields import EXAMPLE, FILES, DataFile, Field, Fields, Kind
from disclosure.source.validate import DATE, INTEGER, NUMBER, RESERVED_SLUGS, SLUG, SLUG_MAX

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
FIGURE = {
    "type": "string",
    "pattern": f"^(?:/|{NUMBER.pattern})$",
    "not": {"pattern": r"^0(?:\.0+)?$"},
    "description": "a number as written in the document (8, 33.3), never 0; / for no target",
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


VOCABULARIES: dict[str, Iterable[str]] = {"unit_kinds": UNIT_KINDS, "area_kinds": AREA_KINDS, "example": EXAMPLE}


def mapping_schema(fields: Fields, vocabularies: Mapping[str, Iterable[str]]) -> dict:
    """The schema of one mapping as its fields declare it: no field left out, none other allowed."""
    return {
        "type": "object",
        "properties": {f.name: value_schema(f, vocabularies) for f in fields.fields},
        "required": [f.name for f in fields.fields if f.required],
        "additionalProperties": False,
    }


def value_schema(field: Field, vocabularies: Mapping[str, Iterable[str]]) -> dict:
    """The schema of one field's value, from its declared kind, titled with what the field means."""
    return {"title": field.meaning, **kind_schema(field, vocabularies)}


def kind_schema(field: Field, vocabularies: Mapping[str, Iterable[str]]) -> dict:
    """What a field's value must be, from its declared kind."""
    about = {"description": field.about} if field.about else {}
    match field.kind:
        case Kind.TEXT | Kind.NAME:
            return {**TEXT, **about}
        case Kind.SLUG:
            return SLUG_TEXT
        case Kind.SLUGS:
            return {"type": "array", "minItems": 1, "uniqueItems": True, "items": SLUG_TEXT, **about}
        case Kind.WHOLE:
            return {**WHOLE, **about}
        case Kind.DATE:
            return DAY
        case Kind.CHOICE:
            return {"enum": list(vocabularies[field.vocabulary])}
        case Kind.CONST:
            return {"const": field.value}
        case Kind.FIGURE:
            return FIGURE
        case Kind.FIGURES:
            return {"type": "object", **about, "minProperties": 1, "additionalProperties": FIGURE}
        case Kind.NAMES:
            size = {} if field.may_be_empty else {"minItems": 1}
            return {"type": "array", **size, "uniqueItems": True, "items": {**TEXT, **about}}
        case Kind.RECORD:
            assert field.record is not None
            schema = mapping_schema(field.record, vocabularies)
            return {"type": "object", **about, **schema}
        case Kind.RECORDS:
            assert field.record is not None
            size = {} if field.may_be_empty else {"minItems": 1}
            return {"type": "array", **size, "items": mapping_schema(field.record, vocabularies)}


def file_schema(file: DataFile, vocabularies: Mapping[str, Iterable[str]]) -> dict:
    """The schema of one data file: a list of its records, or its one mapping."""
    title = f"{file.title} {file.path}"
    if file.many:
        return {"title": title, "type": "array", "minItems": 1, "items": mapping_schema(file.fields, vocabularies)}
    return {"title": title, **mapping_schema(file.fields, vocabularies)}


def yaml_schemas(vocabularies: Mapping[str, Iterable[str]] = VOCABULARIES) -> dict[str, dict]:
    """Schemas of the files in data/, by file name, derived from their declared fields."""
    return {name: file_schema(file, vocabularies) for name, file in FILES.items()}


def json_schemas() -> dict[str, dict]:
    """Schemas of the JSON files the site publishes in data/<year>/, by file name."""
    declared = kind_schema(fields.WITHDRAWN, VOCABULARIES)
    withdrawn = {"anyOf": [{"type": "null"}, {**declared, "properties": {"date": DAY, "reason": {"type": "string"}}}]}
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
            "kind": {"enum": list(UNIT_KINDS)},
            "area": {"anyOf": [text, {"type": "null"}]},
            "note": {"anyOf": [text, {"type": "null"}]},
            "url": url,
            "withdrawn": withdrawn,
        },
        ["name", "full_name", "slug", "kind", "area", "note", "url", "withdrawn"],
    )
    areas = records(
        "地区 areas.json",
        {"name": text, "full_name": text, "slug": SLUG_TEXT, "kind": {"enum": list(AREA_KINDS)}, "url": url},
        ["name", "full_name", "slug", "kind", "url"],
    )
    return {"tasks.json": tasks, "livelihood.json": livelihood, "units.json": units, "areas.json": areas}


def schema_files() -> dict[str, bytes]:
    """Every schema as the file the site publishes: data/schemas/<file name>.schema.json."""
    schemas = {**yaml_schemas(), **json_schemas()}
    return {
        urls.schema(name): (json.dumps({"$schema": DIALECT, **schema}, ensure_ascii=False, indent=1) + "\n").encode(
            "utf-8"
        )
        for name, schema in schemas.items()
    }


SCHEMA_NAMES = tuple({**yaml_schemas(), **json_schemas()})  # data/ files first, then published JSON
