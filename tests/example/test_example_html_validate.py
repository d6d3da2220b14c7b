"""Every page of the example site is valid HTML (html-validate, as tests/test_html_validate.py)."""

from __future__ import annotations

from pathlib import Path

from test_html_validate import assert_every_page_is_valid_html


def test_every_page_is_valid_html(site_dir: Path) -> None:
    assert_every_page_is_valid_html(site_dir, 200)
