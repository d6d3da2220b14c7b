"""The published JSON Schemas: valid schemas, they accept the fixture site's data and its published JSON,
and they reject the slips a schema can express (the same slips validate.py reports)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factory import FIXTURE
from jsonschema import Draft202012Validator

from disclosure.outputs.schema import schema_files
from disclosure.source import load, validate

INFO = validate.read_site_info(validate.Checker(), load.load_yaml(FIXTURE / "site.yaml", FIXTURE))  # its kinds
YAML_FILES = {
    "site.yaml": "site.yaml",
    "units.yaml": "data/units.yaml",
    "areas.yaml": "data/areas.yaml",
    "document.yaml": "data/2024/document.yaml",
    "tasks.yaml": "data/2024/tasks.yaml",
    "livelihood.yaml": "data/2024/livelihood.yaml",
    "progress.yaml": "data/2024/progress/2024-h1.yaml",
}


def validator(name: str) -> Draft202012Validator:
    schema = json.loads(schema_files(INFO)[f"data/schemas/{name}.schema.json"])
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(name: str, text: str) -> list[str]:
    """The schema's complaints about a data file's text, read as the build reads it."""
    value = load.parse_yaml(text, name)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(value)]


def test_there_is_a_schema_for_every_data_file_and_published_json(fixture_site: Path) -> None:
    names = {p.name for p in (fixture_site / "data/schemas").iterdir()}
    assert names == {
        f"{n}.schema.json"
        # aliases.yaml: optional, and the fixture site has none; its schema is published all the same
        for n in [
            *YAML_FILES,
            "aliases.yaml",
            "tasks.json",
            "livelihood.json",
            "units.json",
            "areas.json",
            "progress.json",
        ]
    }
    for path, content in schema_files(INFO).items():
        assert (fixture_site / path).read_bytes() == content


@pytest.mark.parametrize("name", YAML_FILES)
def test_the_fixture_data_files_are_valid(name: str) -> None:
    assert errors(name, (FIXTURE / YAML_FILES[name]).read_text("utf-8")) == []


@pytest.mark.parametrize("year", ["2024", "2025"])
@pytest.mark.parametrize("name", ["tasks.json", "livelihood.json", "progress.json"])
def test_the_published_json_is_valid(fixture_site: Path, name: str, year: str) -> None:
    data = json.loads((fixture_site / "data" / year / name).read_text("utf-8"))
    assert list(validator(name).iter_errors(data)) == []


@pytest.mark.parametrize(
    ("name", "old", "new", "complaint"),
    [
        ("tasks.yaml", "- no: 7\n", "- no: 07\n", "'07' does not match"),
        ("tasks.yaml", "  units:\n    - 市科技局\n", "  units: 市科技局\n", "is not of type 'array'"),
        ("tasks.yaml", "- no: 1\n", "- no: 1\n  section: 1\n", "Additional properties are not allowed"),
        ("tasks.yaml", "  text: 研发投入强度达到3.5%。\n", "  text: 研发<b>投入</b>\n", "does not match"),
        ("tasks.yaml", "- no: 2\n", "- no: 2\n  lead: 市科技局\n", "Additional properties are not allowed"),
        ("livelihood.yaml", "          其他: /\n", "          其他: 0\n", "should not be valid"),
        ("livelihood.yaml", "          东湖区: 8\n", "          东湖区: 8,000\n", "'8,000' does not match"),
        ("livelihood.yaml", "          东湖区: 8\n", "          东湖区: ８\n", "'８' does not match"),
        ("units.yaml", "  slug: taxation\n", "  slug: tax_ation\n", "does not match"),
        ("units.yaml", "  kind: city-department\n", "  kind: department\n", "is not one of"),
        ("areas.yaml", "  slug: nanjiang\n", "  slug: Nanjiang\n", "'Nanjiang' does not match"),
        ("document.yaml", "written: 2024-02-20\n", "written: 2024-2-20\n", "'2024-2-20' does not match"),
        ("document.yaml", "source_file: source.txt\n", "source_file: notice.txt\n", "'source.txt' was expected"),
        ("document.yaml", "source_file: source.txt\n", "", "is not valid under any of the given schemas"),
    ],
)
def test_a_slip_the_schema_can_express_is_rejected(name: str, old: str, new: str, complaint: str) -> None:
    text = (FIXTURE / YAML_FILES[name]).read_text("utf-8")
    assert old in text
    found = errors(name, text.replace(old, new, 1))
    assert len(found) == 1 and complaint in found[0], found


def test_inferred_columns_and_inference_note_go_together_in_the_schema() -> None:
    lines = (FIXTURE / YAML_FILES["document.yaml"]).read_text("utf-8").splitlines(keepends=True)
    note = "".join(line for line in lines if not line.startswith("inference_note:"))
    assert errors("document.yaml", note) == [": 'inference_note' is a dependency of 'inferred_columns'"]
    columns = "".join(lines[:24] + lines[27:])  # inferred_columns and its two names left out
    assert "inferred_columns" not in columns and "inference_note" in columns
    assert errors("document.yaml", columns) == [": 'inferred_columns' is a dependency of 'inference_note'"]
