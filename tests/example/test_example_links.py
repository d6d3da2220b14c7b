"""Every internal link of the example site resolves: the generator's link checks on the real, larger site."""

from __future__ import annotations

from pathlib import Path

from test_links import (
    assert_every_internal_link_resolves,
    assert_fragment_links_are_checked,
    assert_the_build_checker_sees_every_link_and_id,
)


def test_every_internal_link_resolves(site_dir: Path) -> None:
    assert_every_internal_link_resolves(site_dir, 200, 5000)


def test_the_build_checker_sees_every_link_and_id(site_dir: Path) -> None:
    assert_the_build_checker_sees_every_link_and_id(site_dir)


def test_fragment_links_are_checked(site_dir: Path) -> None:
    assert_fragment_links_are_checked(site_dir)
