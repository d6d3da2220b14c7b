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
from disclosure.model import SiteInfo
from disclosure.source import fields
from disclosure.source.fields import (
    DONE,
    EXAMPLE,
    FILES,
    LEAD_RULE,
    NUMBERING,
    DataFile,
    Field,
    Fields,
    ValueKind,
)
from disclosure.source.validate import DATE, INTEGER, NUMBER, RESERVED_SLUGS, SLUG, SLUG_MAX, TASK_REF

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def anchored(pattern: re.Pattern[str]) -> str:
    """A Python regex (written in the syntax JSON Schema shares with it) matched as a whole: grouped, so that
    the anchors hold every alternative (^a|b$ would let "a…" and "…b" through)."""
    return f"^(?:{pattern.pattern})$"


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


AMOUNT = {
    "type": "string",
    "pattern": anchored(re.compile(f"/|{NUMBER.pattern}")),
    "description": "a figure as the report writes it (0 allowed), or / when it gives none",
}


def array_of_objects(title: str, properties: dict, required: list[str], min_items: int = 1) -> dict:
    """The schema of a JSON array of objects with exactly these properties."""
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
WORD = {"type": "string", "pattern": r"^[^\s<>](?:[^<>]*[^\s<>])?$"}


def vocabularies(info: SiteInfo) -> dict[str, Iterable[str]]:
    """The values a CHOICE field may take, by vocabulary name: the site's kinds (site.yaml) and fixed ones."""
    fixed = {"example": EXAMPLE, "lead_rule": LEAD_RULE, "numbering": NUMBERING, "done": DONE}
    statuses = [s.name for s in info.statuses]
    return {"unit_kinds": info.unit_kinds, "area_kinds": info.area_kinds, "statuses": statuses, **fixed}


def mapping_schema(fields: Fields, vocabularies: Mapping[str, Iterable[str]]) -> dict:
    """The schema of one mapping as its fields declare it: no field left out, none other allowed."""
    return {
        "type": "object",
        "properties": {f.name: value_schema(f, vocabularies) for f in fields.fields},
        "required": [f.name for f in fields.fields if f.required],
        "additionalProperties": False,
        **({"minProperties": 1} if fields.at_least_one else {}),
        **({"anyOf": [{"required": [name]} for name in fields.one_of]} if fields.one_of else {}),
        **(
            {"dependentRequired": {name: [n for n in fields.together if n != name] for name in fields.together}}
            if fields.together
            else {}
        ),
    }


def value_schema(field: Field, vocabularies: Mapping[str, Iterable[str]]) -> dict:
    """The schema of one field's value, from its declared kind, titled with what the field means."""
    return {"title": field.meaning, **kind_schema(field, vocabularies)}


def kind_schema(field: Field, vocabularies: Mapping[str, Iterable[str]]) -> dict:
    """What a field's value must be, from its declared kind."""
    about = {"description": field.about} if field.about else {}
    match field.kind:
        case ValueKind.TEXT | ValueKind.NAME:
            return {**TEXT, **about}
        case ValueKind.SLUG:
            return SLUG_TEXT
        case ValueKind.SLUGS:
            return {"type": "array", "minItems": 1, "uniqueItems": True, "items": SLUG_TEXT, **about}
        case ValueKind.WHOLE:
            return {**WHOLE, **about}
        case ValueKind.DATE:
            return DAY
        case ValueKind.CHOICE:
            return {"enum": list(vocabularies[field.vocabulary])}
        case ValueKind.CONST:
            return {"const": field.value}
        case ValueKind.FIGURE:
            return FIGURE
        case ValueKind.FIGURES:
            return {"type": "object", **about, "minProperties": 1, "additionalProperties": FIGURE}
        case ValueKind.AMOUNT:
            return AMOUNT
        case ValueKind.AMOUNTS:
            return {"type": "object", **about, "minProperties": 1, "additionalProperties": AMOUNT}
        case ValueKind.REF:
            return {"type": "string", "pattern": anchored(TASK_REF), "description": "a task number (5) or 2-5"}
        case ValueKind.NAMES:
            size = {} if field.may_be_empty else {"minItems": 1}
            return {"type": "array", **size, "uniqueItems": True, "items": {**TEXT, **about}}
        case ValueKind.RECORD:
            assert field.record is not None
            schema = mapping_schema(field.record, vocabularies)
            return {"type": "object", **about, **schema}
        case ValueKind.RECORDS:
            assert field.record is not None
            size = {} if field.may_be_empty else {"minItems": 1}
            return {"type": "array", **size, "items": mapping_schema(field.record, vocabularies)}
        case ValueKind.ADDRESS:
            return ADDRESS
        case ValueKind.VOCABULARY:
            return VOCABULARY
        case ValueKind.CHOICES:
            size = {} if field.may_be_empty else {"minItems": 1}
            return {
                "type": "array",
                **size,
                "uniqueItems": True,
                "items": {"type": "string", "pattern": anchored(SLUG)},
            }
        case ValueKind.WORDS:
            return {"type": "array", "minItems": 1, "uniqueItems": True, "items": WORD}
        case ValueKind.PATTERN:
            assert field.pattern is not None
            return {"type": "string", "pattern": anchored(field.pattern), **about}


def file_schema(file: DataFile, vocabularies: Mapping[str, Iterable[str]]) -> dict:
    """The schema of one data file: a list of its records, or its one mapping."""
    title = f"{file.title} {file.path}"
    if file.many:
        records = {"type": "array", "minItems": 1, "items": mapping_schema(file.fields, vocabularies)}
        if file.sectioned is None:
            return {"title": title, **records}
        # if/then/else rather than anyOf: a slip in a list of tasks is reported as itself, not as "neither form"
        return {
            "title": title,
            "if": {"type": "array"},
            "then": records,
            "else": mapping_schema(file.sectioned, vocabularies),
        }
    return {"title": title, **mapping_schema(file.fields, vocabularies)}


def yaml_schemas(info: SiteInfo) -> dict[str, dict]:
    """Schemas of site.yaml and the files in data/, by file name, derived from their declared fields; the
    kinds are the site's (site.yaml)."""
    return {name: file_schema(file, vocabularies(info)) for name, file in FILES.items()}


def json_schemas(info: SiteInfo) -> dict[str, dict]:
    """Schemas of the JSON files the site publishes in data/<year>/, by file name."""
    declared = kind_schema(fields.WITHDRAWN, vocabularies(info))
    withdrawn = {"anyOf": [{"type": "null"}, {**declared, "properties": {"date": DAY, "reason": {"type": "string"}}}]}
    number = {
        "anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "null"}],
        "description": "the figure exactly as in the document (33.30 stays 33.30); null for / (no target)",
    }
    text = {"type": "string", "minLength": 1}
    url = {"type": "string", "description": "the page's path on this site"}
    tasks = array_of_objects(
        "重点工作 tasks.json",
        {
            "section": {"type": "integer", "minimum": 1, "description": "only where tasks.yaml has sections"},
            "section_title": {**text, "description": "only where tasks.yaml has sections"},
            "no": {
                "type": "integer",
                "minimum": 1,
                "description": "restarts in each section under per-section numbering",
            },
            "text": text,
            "units": {"type": "array", "items": text, "description": "empty when the document lists no unit"},
            "lead": {
                "anyOf": [text, {"type": "null"}],
                "description": "the lead unit: the first of units, or the first marked ★; null when units is empty",
            },
            "leads": {"type": "array", "items": text, "description": "only where ★ marks the leads: each of them"},
            "url": url,
            "withdrawn": withdrawn,
        },
        ["no", "text", "units", "lead", "url", "withdrawn"],
    )
    editors = {
        "anyOf": [text, {"type": "null"}],
        "description": "supplied by the site's editors, not the document; null where they gave none",
    }
    livelihood = array_of_objects(
        "民生实事 livelihood.json: one record per indicator row",
        {
            "no": {"type": "integer", "minimum": 1, "description": "the item number"},
            "row": {"type": "integer", "minimum": 1, "description": "the row's position among all rows"},
            "category": text,
            "item": text,
            "indicator": {"anyOf": [text, {"type": "null"}]},
            "label": editors,
            "unit": editors,
            "target": number,
            "lead": text,
            "breakdown": {
                "anyOf": [
                    {"type": "object", "minProperties": 1, "additionalProperties": number},
                    {"type": "null"},
                ],
                "description": "each area column's figure; null for a citywide target not broken down by area",
            },
            "url": url,
            "withdrawn": withdrawn,
        },
        [
            "no",
            "row",
            "category",
            "item",
            "indicator",
            "label",
            "unit",
            "target",
            "lead",
            "breakdown",
            "url",
            "withdrawn",
        ],
    )
    units = array_of_objects(
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
    areas = array_of_objects(
        "地区 areas.json",
        {"name": text, "full_name": text, "slug": SLUG_TEXT, "kind": {"enum": list(info.area_kinds)}, "url": url},
        ["name", "full_name", "slug", "kind", "url"],
    )
    amount = {
        "anyOf": [{"type": "number", "minimum": 0}, {"type": "null"}],
        "description": "the report's figure exactly as written (0 is 0); null for / (the report gives none)",
    }
    target = {**number, "description": "the document's target, exactly as written; null for / (no target)"}
    statuses = [s.name for s in info.statuses]
    progress = array_of_objects(
        "进展通报 progress.json: one entry per record per report",
        {
            "report": {**SLUG_TEXT, "description": "the report's file name: /<year>/progress/<report>/"},
            "title": text,
            "period": {"type": "string", "pattern": anchored(fields.PERIOD)},
            "as_of": DAY,
            "published": DAY,
            "publisher": text,
            "source": {
                "type": "object",
                "properties": {
                    "name": text,
                    "doc_no": {"anyOf": [text, {"type": "null"}]},
                    "url": {"anyOf": [ADDRESS, {"type": "null"}]},
                },
                "required": ["name", "doc_no", "url"],
                "additionalProperties": False,
                "anyOf": [{"properties": {"doc_no": text}}, {"properties": {"url": ADDRESS}}],
                "description": "where the report was published: its 文号 or address (or both)",
            },
            "report_url": url,
            "record": {"enum": ["task", "row"]},
            "task": {
                "anyOf": [{"type": "string", "pattern": anchored(TASK_REF)}, {"type": "null"}],
                "description": "a task's number (or section-number) for a task's entry; null for a row's",
            },
            "row": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}], "description": "null for a task"},
            "item": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}], "description": "null for a task"},
            "status": {"enum": statuses},
            "done": {
                "type": ["boolean", "null"],
                "description": "whether the status counts as done; null for 原文未标明 (the report states none)",
            },
            "text": {"anyOf": [text, {"type": "null"}], "description": "the report's words, verbatim"},
            "completed": {**amount, "description": amount["description"] + "; null for a task"},
            "target": {**target, "description": target["description"] + "; null for a task"},
            "unit": {**editors, "description": editors["description"] + "; null for a task"},
            "breakdown": {
                "anyOf": [
                    {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {
                            "type": "object",
                            "properties": {"completed": amount, "target": target},
                            "required": ["completed", "target"],
                            "additionalProperties": False,
                        },
                    },
                    {"type": "null"},
                ],
                "description": "each area the report gives: what it completed and its target; null when the report "
                "gives citywide figures only, and for a task",
            },
            "url": url,
        },
        [
            "report",
            "title",
            "period",
            "as_of",
            "published",
            "publisher",
            "source",
            "report_url",
            "record",
            "task",
            "row",
            "item",
            "status",
            "done",
            "text",
            "completed",
            "target",
            "unit",
            "breakdown",
            "url",
        ],
    )
    # A task's entry names its task and has no figures; a row's names its row and item and has its text or not.
    progress["items"]["oneOf"] = [
        {
            "properties": {
                "record": {"const": "task"},
                "task": {"type": "string"},
                "row": {"type": "null"},
                "item": {"type": "null"},
                "text": {"type": "string"},
                "completed": {"type": "null"},
                "target": {"type": "null"},
                "unit": {"type": "null"},
                "breakdown": {"type": "null"},
            }
        },
        {
            "properties": {
                "record": {"const": "row"},
                "task": {"type": "null"},
                "row": {"type": "integer"},
                "item": {"type": "integer"},
            }
        },
    ]
    return {
        "tasks.json": tasks,
        "livelihood.json": livelihood,
        "units.json": units,
        "areas.json": areas,
        "progress.json": progress,
    }


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
SCHEMA_NAMES = (
    "site.yaml",
    "units.yaml",
    "areas.yaml",
    "aliases.yaml",
    "document.yaml",
    "tasks.yaml",
    "livelihood.yaml",
)
SCHEMA_NAMES += ("progress.yaml",)
SCHEMA_NAMES += ("tasks.json", "livelihood.json", "units.json", "areas.json", "progress.json")
