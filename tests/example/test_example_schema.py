"""The example site's data and its published JSON satisfy the published JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factory import ROOT
from test_schema import errors, validator

YAML_FILES = {
    "units.yaml": "data/units.yaml",
    "areas.yaml": "data/areas.yaml",
    "document.yaml": "data/2023/document.yaml",
    "tasks.yaml": "data/2023/tasks.yaml",
    "livelihood.yaml": "data/2023/livelihood.yaml",
}


@pytest.mark.parametrize("name", YAML_FILES)
def test_the_real_data_files_are_valid(name: str) -> None:
    assert errors(name, (ROOT / YAML_FILES[name]).read_text("utf-8")) == []


@pytest.mark.parametrize("name", ["tasks.json", "livelihood.json"])
def test_the_published_json_is_valid(site_dir: Path, name: str) -> None:
    data = json.loads((site_dir / "data/2023" / name).read_text("utf-8"))
    assert list(validator(name).iter_errors(data)) == []
