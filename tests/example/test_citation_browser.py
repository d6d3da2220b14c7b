"""引用本页 in Chromium: the GB/T 7714-2015 text with the reader's 引用日期, copied by the button; 纠错/留言 and
供媒体和开发者 on the pages that carry them."""

from __future__ import annotations

import datetime
import re

import pytest

from disclosure import urls
from disclosure.model import Site

pytestmark = pytest.mark.browser

RECORD_PAGES = ["2023/tasks/31/", "2023/projects/9/", "departments/health/", "districts/haining/"]


def test_the_citation_carries_the_readers_date_and_is_copied(browser: object, server: str, site_model: Site) -> None:
    ed = site_model.latest
    task = next(t for t in ed.tasks if t.no == 31)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{server}{urls.task(task)}")
    today = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()] })()")
    date = datetime.date(*today).isoformat()
    cite = page.locator("#cite-text").inner_text()
    doc = ed.document
    units = "、".join(f"{u.name}(牵头)" if u in task.leads else u.name for u in task.units)
    assert cite == (
        f"{doc.signed_by}. {doc.title}({doc.doc_no}): {doc.tasks_title}{task.label} {task.text}(责任单位:{units})"
        f"[EB/OL]. ({doc.published})[{date}]. https://jiaxing.disclosure.example.org/2023/tasks/31/."
    )
    page.locator("button.copy-cite").click()
    assert page.evaluate("navigator.clipboard.readText()") == cite
    assert "已复制" in page.locator(".copy-status").inner_text()
    context.close()


def test_without_javascript_the_date_is_a_placeholder(browser: object, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}2023/tasks/31/")
    assert re.search(
        r"\[EB/OL\]\. \(2023-03-03\)\[引用日期\]\. https://\S+/2023/tasks/31/\.$",
        page.locator("#cite-text").inner_text(),
    )
    assert "请把方括号中的“引用日期”换成今天的日期" in page.locator(".citation").inner_text()
    context.close()


@pytest.mark.parametrize("path", RECORD_PAGES)
def test_record_pages_offer_feedback_and_a_part_for_journalists(page: object, server: str, path: str) -> None:
    page.goto(server + path)
    entry = page.locator(".feedback-entry")
    assert entry.count() == 1 and entry.inner_text().startswith("纠错/留言")
    # site.yaml names no feedback channel: the entry points to the source page, which says how to report
    assert entry.locator("a").get_attribute("href") == "/2023/source/"
    details = page.locator("details.for-journalists")
    assert not details.locator("li").first.is_visible()  # folded away
    details.locator("summary").click()
    assert "数据版本" in details.inner_text() and "(Atom)" in details.inner_text()
