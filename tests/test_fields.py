"""The fields each data file declares (source/fields.py) are the fields the validator and the published
JSON Schemas accept and require, and data/README.md documents each of them."""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from disclosure.errors import DataError
from disclosure.outputs.schema import schema_files
from disclosure.source import load, validate
from disclosure.source.fields import FILES, DataFile, Fields, ValueKind

ROOT = Path(__file__).resolve().parent.parent

# A tiny site, invented, that holds every declared field at least once (optional ones included), so
# that each mapping can gain a field it lacks and lose each one it has.
WITHDRAWN = {"date": "2023-07-31", "reason": "调整。"}  # after the report, as of 2023-06-30, names them
SITE: dict[str, object] = {
    "site.yaml": {
        "name": "示例市政府重点工作公开",
        "short_name": "示例公开",
        "city": "示例市",
        "city_short": "示",
        "publisher": "示例市人民政府办公室",
        "site_url": "https://shili.example.gov.cn/",
        "licence": {"id": "CC0-1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/", "note": "示例许可。"},
        "data_package": {"id": "shili-tasks", "title": "示例市重点工作", "description": "示例数据。"},
        "labels": {"citywide": "全市", "areas": "区县", "government": "市政府"},
        "unit_kinds": {"city-department": "市政府部门", "county-government": "区县政府"},
        "unit_kinds_with_area": ["county-government"],
        "area_kinds": {"district": "市辖区", "other": "其他"},
        "search_examples": ["托育"],
        "organizer": "示例市人民政府办公室",
        "contact": "示例市人民政府办公室",
        "feedback": {
            "email": "gkb@shili.example.gov.cn",
            "phone": "0000-12345678",
            "url": "https://shili.example.gov.cn/",
        },
        "registration": {"site_code": "0000000000", "icp": "示ICP备00000000号", "police": "示公网安备00000000000000号"},
        "progress_statuses": [{"name": "已完成", "done": "true"}, {"name": "按序时推进", "done": "false"}],
    },
    "areas.yaml": [
        {"name": "甲区", "full_name": "示例市甲区", "slug": "jia", "kind": "district", "former_slugs": ["jia-qu"]},
        {"name": "其他", "full_name": "其他地区", "slug": "other", "kind": "other"},
    ],
    "aliases.yaml": [{"name": "甲局", "target": "市甲局"}],
    "units.yaml": [
        {
            "name": "甲区政府",
            "full_name": "示例市甲区人民政府",
            "slug": "jia-government",
            "kind": "county-government",
            "area": "甲区",
            "note": "全称待核实",
            "withdrawn": WITHDRAWN,
            "former_slugs": ["jia-zhengfu"],
        },
        {"name": "市甲局", "full_name": "示例市甲局", "slug": "jia-bureau", "kind": "city-department"},
    ],
    "document.yaml": {
        "year": "2023",
        "title": "示例市人民政府办公室关于印发责任分解的通知",
        "doc_no": "示政办发〔2023〕1号",
        "index_no": "000000000/2023-000001",
        "issuer": "市政府办公室",
        "signed_by": "示例市人民政府办公室",
        "written": "2023-03-01",
        "published": "2023-03-03",
        "disclosure": "主动公开",
        "source_file": "source.txt",
        "source_url": "https://www.example.gov.cn/art/2023/3/3/art_1_1.html",
        "tasks_title": "2023年重点工作责任分解",
        "tasks_note": "列第一位者为牵头单位。",
        "lead_rule": "first",
        "livelihood_title": "2023年民生实事项目责任分解",
        "area_columns": ["甲区", "其他"],
        "inferred_columns": ["甲区"],
        "inference_note": "甲区一列的列名为推断。",
        "example": "false",
    },
    "tasks.yaml": [{"no": "1", "text": "第一项任务。", "units": ["市甲局", "甲区政府"], "withdrawn": WITHDRAWN}],
    "livelihood.yaml": {
        "categories": [{"no": "1", "name": "普惠托育项目"}],
        "items": [
            {
                "no": "1",
                "category": "1",
                "text": "新增托位。",
                "lead": "市甲局",
                "indicators": [
                    {
                        "name": "托位",
                        "label": "新增托位",
                        "unit": "个",
                        "target": "10",
                        "breakdown": {"甲区": "10", "其他": "/"},
                        "withdrawn": WITHDRAWN,
                    }
                ],
                "withdrawn": WITHDRAWN,
            }
        ],
    },
}
# A report, at data/2023/progress/<REPORT>.yaml: every field of a report, a task entry and a row entry.
REPORT = "2023-h1"
SITE["progress.yaml"] = {
    "title": "2023年重点工作进展情况(上半年)",
    "period": "上半年",
    "as_of": "2023-06-30",
    "published": "2023-07-10",
    "publisher": "示例市人民政府办公室",
    "source": {"name": "示例日报", "doc_no": "示政办通〔2023〕1号", "url": "https://www.example.gov.cn/p/2023-h1.html"},
    "summary": "总体按序时推进。",
    "tasks": [{"task": "1", "status": "按序时推进", "text": "已完成一半。"}],
    "livelihood": [
        {"row": "1", "status": "已完成", "completed": "10", "breakdown": {"甲区": "10"}, "text": "新增托位10个。"}
    ],
}
CONTENT = {"index.md": "示例。\n", "2023/notice.md": "通知。\n", "2023/source.md": "来源。\n"}
# tasks.yaml in its other form: its tasks in numbered sections.
SECTIONED = {
    "numbering": "per-section",
    "sections": [{"no": "1", "title": "未来五年主要工作任务", "tasks": SITE["tasks.yaml"]}],
}
FORMS = [
    *((name, file.fields) for name, file in FILES.items()),
    *((name, file.sectioned) for name, file in FILES.items() if file.sectioned),
]
DECLARED = sorted({f.name for _, form in FORMS for _, fields in form.walk() for f in fields.fields})


def test_each_kind_names_the_checker_methods_that_read_it() -> None:
    for kind in ValueKind:
        methods = [w for w in re.findall(r"[a-z_]+", kind.value) if w not in ("of", "equals")]
        assert methods or kind is ValueKind.CONST, kind
        assert all(callable(getattr(validate.Checker, m, None)) for m in methods), kind


def mappings(file: DataFile) -> list[tuple[str, ...]]:
    """The path of field names to each mapping a file declares (() for its records or its one mapping)."""
    return [path for path, _ in file.fields.walk()]


MAPPINGS = [
    pytest.param(name, path, id="/".join((name, *path))) for name, file in FILES.items() for path in mappings(file)
]


def at(value: object, file: DataFile, path: tuple[str, ...]) -> dict:
    """The first mapping of the site's file at path."""
    found = value[0] if file.many else value  # type: ignore[index]
    for name in path:
        found = found[name]
        found = found[0] if isinstance(found, list) else found
    assert isinstance(found, dict)
    return found


def parsed(name: str, value: object) -> load.Value:
    """The value as the build reads it: through YAML text, every scalar a string with its position."""
    unshared = json.loads(json.dumps(value))  # else YAML writes a mapping used twice as an anchor and an alias
    return load.parse_yaml(yaml.safe_dump(unshared, allow_unicode=True, sort_keys=False), data_path(name))


def data_path(name: str) -> str:
    return FILES[name].path.replace("<year>", "2023").replace("<name>", REPORT)


@functools.cache
def schemas_of_the_site() -> dict[str, bytes]:
    """The published schemas for the invented site (its kinds, from its site.yaml)."""
    values = {name: parsed(name, value) for name, value in SITE.items()}
    checker = validate.Checker()
    info = validate.read_site_info(checker, values["site.yaml"])
    assert info is not None and not checker.problems
    return schema_files(info)


def check(site: dict[str, object]) -> tuple[list[str], dict[str, list[str]]]:
    """The validator's messages for the site, and each file's schema errors (as absolute path: validator)."""
    values = {name: parsed(name, value) for name, value in site.items()}
    edition = {name.removesuffix(".yaml"): values[name] for name in ("document.yaml", "tasks.yaml", "livelihood.yaml")}
    edition[f"progress/{REPORT}"] = values["progress.yaml"]
    sources = load.Sources(
        ROOT,
        values["site.yaml"],
        values["units.yaml"],
        values["areas.yaml"],
        {"2023": edition},
        {"2023": "示例文本\n"},
        CONTENT,
        values["aliases.yaml"],
    )
    try:
        validate.build_site(sources)
        messages = []
    except DataError as e:
        messages = [p.message for p in e.problems]
    schemas = {name: json.loads(content) for name, content in schemas_of_the_site().items()}
    refused = {
        name: [
            f"{'/'.join(map(str, e.absolute_path))}: {e.validator}"
            for e in Draft202012Validator(schemas[f"data/schemas/{name}.schema.json"]).iter_errors(values[name])
        ]
        for name in site
    }
    return messages, refused


def test_the_invented_site_is_valid_and_holds_every_declared_field() -> None:
    assert set(SITE) == set(FILES)
    assert check(SITE) == ([], {name: [] for name in FILES})
    for name, file in FILES.items():
        for path, fields in file.fields.walk():
            assert set(at(SITE[name], file, path)) == set(fields.names), (name, path)


@pytest.mark.parametrize("name", FILES)
def test_the_schema_requires_allows_and_explains_exactly_the_declared_fields(name: str) -> None:
    schema = json.loads(schemas_of_the_site()[f"data/schemas/{name}.schema.json"])
    file = FILES[name]
    if file.sectioned is not None:  # a list of records, or (else) one mapping of sections
        assert schema["if"] == {"type": "array"}
        compare_fields(schema["else"], file.sectioned)
        schema = schema["then"]
    schema = schema["items"] if file.many else schema
    assert schema["type"] == "object"
    compare_fields(schema, file.fields)


def compare_fields(schema: dict, fields: Fields) -> None:
    """The schema of a mapping names, requires and titles exactly the declared fields, nested ones too."""
    assert list(schema["properties"]) == list(fields.names)
    assert schema["required"] == [f.name for f in fields.fields if f.required]
    assert schema["additionalProperties"] is False
    for f in fields.fields:
        assert schema["properties"][f.name]["title"] == f.meaning
        if f.kind is ValueKind.RECORD:
            compare_fields(schema["properties"][f.name], f.record)  # type: ignore[arg-type]
        elif f.kind is ValueKind.RECORDS:
            compare_fields(schema["properties"][f.name]["items"], f.record)  # type: ignore[arg-type]


def test_tasks_in_sections_are_valid_and_hold_every_declared_field() -> None:
    report = {**SITE["progress.yaml"], "tasks": [{**SITE["progress.yaml"]["tasks"][0], "task": "1-1"}]}  # type: ignore[dict-item]
    site = {**SITE, "tasks.yaml": SECTIONED, "progress.yaml": report}  # a report names a task by section-number
    assert check(site) == ([], {name: [] for name in FILES})
    for path, fields in FILES["tasks.yaml"].sectioned.walk():  # type: ignore[union-attr]
        found: object = SECTIONED
        for name in path:
            found = found[name]  # type: ignore[index]
            found = found[0] if isinstance(found, list) else found
        assert set(found) == set(fields.names), path


@pytest.mark.parametrize(
    ("edit", "complaint"),
    [
        (lambda t: t.update(numbering="restarting"), "文件内容的编号方式是“restarting”,应为以下之一:continuous、"),
        (lambda t: t.update(colour="甲"), "文件内容有未知字段“colour”,应为以下字段之一:numbering、sections。"),
        (
            lambda t: t["sections"][0].update(colour="甲"),
            "第1部分有未知字段“colour”,应为以下字段之一:no、tasks、title。",
        ),
        (lambda t: t["sections"][0].pop("title"), "第1部分缺少标题(title)。"),
        (lambda t: t.pop("numbering"), "文件内容缺少编号方式(numbering)。"),
    ],
)
def test_the_validator_and_the_schema_refuse_the_same_slips_in_sections(edit: object, complaint: str) -> None:
    tasks = copy.deepcopy(SECTIONED)
    edit(tasks)  # type: ignore[operator]
    messages, refused = check({**SITE, "tasks.yaml": tasks})
    assert any(m.startswith(complaint) for m in messages), messages
    assert refused["tasks.yaml"], "the schema accepted it"


@pytest.mark.parametrize(("name", "path"), MAPPINGS)
def test_the_validator_refuses_exactly_the_fields_the_schema_refuses(name: str, path: tuple[str, ...]) -> None:
    """Every field name declared anywhere, and one declared nowhere, added where it is missing."""
    file = FILES[name]
    present = set(at(SITE[name], file, path))
    for key in [*DECLARED, "colour"]:
        if key in present:
            continue
        site = copy.deepcopy(SITE)
        at(site[name], file, path)[key] = "甲"
        messages, refused = check(site)
        by_validator = any(f"有未知字段“{key}”,应为以下字段之一:" in m for m in messages)
        by_schema = any(e.endswith(": additionalProperties") for e in refused[name])
        assert by_validator == by_schema, (key, messages, refused[name])
        assert by_schema == (key not in dict(file.fields.walk())[path].names), key


@pytest.mark.parametrize(("name", "path"), MAPPINGS)
def test_the_validator_misses_exactly_the_fields_the_schema_requires(name: str, path: tuple[str, ...]) -> None:
    """Each field taken out in turn: 'missing field' from both, or from neither."""
    file = FILES[name]
    for key in at(SITE[name], file, path):
        site = copy.deepcopy(SITE)
        del at(site[name], file, path)[key]
        messages, refused = check(site)
        # Exactly the declaration's message: a unit kind that needs an area says so in words of its own.
        by_validator = any(re.search(rf"缺少[^,。]*\({key}\)。$", m) for m in messages)
        by_schema = any(e.endswith(": required") for e in refused[name])
        assert by_validator == by_schema, (key, messages, refused[name])


# A field is documented when a table row of data/README.md or a heading names it: | `name` | or ### `name`.
DOCUMENTED = re.compile(r"^(?:\| `([a-z_]+)` \||#+ `([a-z_]+)`)", re.MULTILINE)


def test_readme_documents_every_declared_field() -> None:
    readme = (ROOT / "data/README.md").read_text("utf-8")
    documented = {a or b for a, b in DOCUMENTED.findall(readme)}
    missing = [name for name in DECLARED if name not in documented]
    assert not missing, f"data/README.md has no table row or heading for these declared fields: {missing}"
