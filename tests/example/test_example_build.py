"""The example site's build as a whole: facts of the 嘉兴 2023 data that the generator's tests do not know."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import ROOT

import build
from disclosure.build.pipeline import Report
from disclosure.source import validate
from disclosure.source.load import read_sources


def test_sum_mismatches_of_the_2023_document_are_warnings_not_errors(built: tuple[Path, Report]) -> None:
    """The two rows of 嘉政办发〔2023〕7号 whose area values do not add up, kept as printed."""
    _, report = built
    assert [w.message for w in report.warnings] == [
        "2023年民生实事第9项第13行(停车位)各地目标之和为7429,全市目标为7000;已按文件原样保留。",
        "2023年民生实事第24项第29行(城市道路)各地目标之和为10,全市目标为8;已按文件原样保留。",
    ]


def test_the_real_data_is_validated_without_reading_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real data has no problem to report, so it is never read again with positions: 118 tasks, 2 warnings."""

    def read_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the sources were read again with positions")

    monkeypatch.setattr(validate, "read_sources", read_again)
    site = validate.build_site(read_sources(ROOT))
    assert len(site.latest.tasks) == 118 and len(site.warnings) == 2


def test_github_check_of_the_real_data_lists_its_two_sum_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert build.main(["check", "--root", str(ROOT), "--against", "HEAD"]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if line.startswith("::warning ")]
    assert len(warnings) == 2 and all("file=data/2023/livelihood.yaml,line=" in w for w in warnings)
    assert "No errors." in summary.read_text("utf-8") and "**2 warnings**" in summary.read_text("utf-8")
