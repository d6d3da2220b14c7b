"""The published JSON Schemas: valid schemas, they accept the real data and the published JSON,
and they reject the slips a schema can express (the same slips validate.py reports)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from disclosure.outputs.schema import schema_files
from disclosure.source import load, validate

ROOT = Path(__file__).resolve().parent.parent
INFO = validate.read_site_info(validate.Checker(), load.load_yaml(ROOT / "site.yaml", ROOT))  # the kinds of the schemas
YAML_FILES = {
    "site.yaml": "site.yaml",
    "units.yaml": "data/units.yaml",
    "areas.yaml": "data/areas.yaml",
    "document.yaml": "data/2023/document.yaml",
    "tasks.yaml": "data/2023/tasks.yaml",
    "livelihood.yaml": "data/2023/livelihood.yaml",
}


def validator(name: str) -> Draft202012Validator:
    schema = json.loads(schema_files(INFO)[f"data/schemas/{name}.schema.json"])
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(name: str, text: str) -> list[str]:
    """The schema's complaints about a data file's text, read as the build reads it."""
    value = load.parse_yaml(text, name)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(value)]


def test_there_is_a_schema_for_every_data_file_and_published_json(site_dir: Path) -> None:
    names = {p.name for p in (site_dir / "data/schemas").iterdir()}
    assert names == {
        f"{n}.schema.json" for n in [*YAML_FILES, "tasks.json", "livelihood.json", "units.json", "areas.json"]
    }
    for path, content in schema_files(INFO).items():
        assert (site_dir / path).read_bytes() == content


@pytest.mark.parametrize("name", YAML_FILES)
def test_the_real_data_files_are_valid(name: str) -> None:
    assert errors(name, (ROOT / YAML_FILES[name]).read_text("utf-8")) == []


@pytest.mark.parametrize("name", ["tasks.json", "livelihood.json"])
def test_the_published_json_is_valid(site_dir: Path, name: str) -> None:
    data = json.loads((site_dir / "data/2023" / name).read_text("utf-8"))
    assert list(validator(name).iter_errors(data)) == []


@pytest.mark.parametrize(
    ("name", "old", "new", "complaint"),
    [
        ("tasks.yaml", "- no: 10\n", "- no: 010\n", "'010' does not match"),
        ("tasks.yaml", "  units:\n    - 市科技局\n", "  units: []\n", "[] should be non-empty"),
        ("tasks.yaml", "  text: 研发投入强度达到3.5%。\n", "  text: 研发<b>投入</b>\n", "does not match"),
        ("tasks.yaml", "- no: 2\n", "- no: 2\n  lead: 市科技局\n", "Additional properties are not allowed"),
        ("livelihood.yaml", "          其他: /\n", "          其他: 0\n", "should not be valid"),
        ("livelihood.yaml", "          南湖区: 8\n", "          南湖区: 8,000\n", "'8,000' does not match"),
        ("livelihood.yaml", "          南湖区: 8\n", "          南湖区: ８\n", "'８' does not match"),
        ("units.yaml", "  slug: public-security\n", "  slug: public_security\n", "does not match"),
        ("units.yaml", "  kind: city-department\n", "  kind: department\n", "is not one of"),
        ("areas.yaml", "  slug: haining\n", "  slug: Haining\n", "'Haining' does not match"),
        ("document.yaml", "written: 2023-03-01\n", "written: 2023-3-1\n", "'2023-3-1' does not match"),
        ("document.yaml", "source_file: source.txt\n", "source_file: notice.txt\n", "'source.txt' was expected"),
    ],
)
def test_a_slip_the_schema_can_express_is_rejected(name: str, old: str, new: str, complaint: str) -> None:
    text = (ROOT / YAML_FILES[name]).read_text("utf-8")
    assert old in text
    found = errors(name, text.replace(old, new, 1))
    assert len(found) == 1 and complaint in found[0], found
