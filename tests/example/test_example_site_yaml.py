"""The example site's site.yaml: the 嘉兴 identity read into the site, its footer and permanent links, and
search's fallback sentence naming the lists as its navigation does. The generator's own checks of site.yaml
run on the fixture site (../test_site_yaml.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_site_yaml import canonical, footer


def test_the_example_site_s_identity_is_read_into_site_info(site_model: object) -> None:
    info = site_model.info  # type: ignore[attr-defined]
    assert (info.name, info.city, info.city_short) == ("嘉兴市政府重点工作和民生实事责任公开", "嘉兴市", "嘉")
    assert info.site_url == "https://jiaxing.disclosure.example.org/"
    assert (info.labels.citywide, info.labels.areas, info.labels.government) == ("全市", "县(市、区)", "市政府")
    assert info.unit_kinds["central-agency"] == "驻嘉中央和省属单位"
    assert info.unit_kinds_with_area == {"county-government", "development-zone"}
    assert list(info.area_kinds) == ["district", "county", "county-city", "zone", "other"]
    assert info.search_examples == ("托育", "海宁", "停车位")
    assert info.feedback is None and info.registration is None and info.contact is None  # none invented


def test_the_example_site_s_footer_shows_no_codes_it_was_not_given(site_dir: Path) -> None:
    text = footer(site_dir).get_text()
    assert "发现错误请按来源与方法页所述方式报告。" in text
    assert "网站标识码" not in text and "备" not in text and "联系我们" not in text


def test_without_a_flag_permalinks_use_site_yaml_s_address(site_dir: Path) -> None:
    assert canonical(site_dir) == "https://jiaxing.disclosure.example.org/"


@pytest.mark.browser
def test_search_unavailable_names_the_lists_as_the_navigation_does(browser: object, server: str) -> None:
    """search.js names no area label of its own: its fallback sentence takes the navigation's words."""
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.route("**/pagefind/pagefind.js", lambda route: route.abort())  # the index cannot load
        page.goto(f"{server}search/?q=托育")  # a query loads Pagefind at once (without one, only the box does)
        status = page.locator("#search-status")
        status.filter(has_text="搜索暂时无法使用").wait_for(timeout=15_000)
        assert (
            status.text_content()
            == "搜索暂时无法使用。请从导航中的重点工作、民生实事、进展通报、县(市、区)或责任单位列表查找。"
        )
    finally:
        context.close()
