"""Markdown says what it does: slips and attacks in content/*.md, each reported at the line it was typed on.

As tests/test_bad_input.py (whose helpers these cases use): each case copies the fixture site and a previously
built site, makes one edit, runs the real command line and checks the exact error lines, exit code 1, the
previous site byte for byte and that no temporary folder is left. Then what must build does: a table with
column alignment, lists as deep as allowed, a character reference shown as code; and the nesting limit is
checked before Python-Markdown (which would crash or take seconds) runs.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from disclosure.source import markup
from disclosure.source.markup import MAX_NESTING, line_of, render_markdown
from tests import test_bad_input
from tests.test_bad_input import (
    INDEX_LIST,
    INDEX_MD,
    MD_LINK,
    SOURCE_MD,
    apply,
    assert_refused,
    run,
)

ROOT = Path(__file__).resolve().parent.parent
# Its fixtures: a copy of the project with the site built from it, and a test's own copy of both.
previous, workspace = test_bad_input.previous, test_bad_input.workspace

COMMENT = "这里有 HTML 注释“<!-- … -->”,它会被删掉,读者看不到:给编辑的说明请写在提交说明里。"
JAVASCRIPT = "这里有一个“javascript:”链接,链接只能是 http、https、mailto 或本站的路径。"
CSP_IMAGE = "这里的图片来自别的网站({}),只能用本站的图片(网站的内容安全策略 img-src 'self' 会拦下它)。"
NO_SCHEME = "地址“{}”没写协议就指向了别的网站(浏览器读作 {}):请写出完整地址 https://{},或者写本站的路径。"
REFERENCE = "“{}”是字符引用,代表看不见的字符 U+{} ({}),只能写看得见的文字:请删除它。"
NESTED = "列表和引用嵌套了{}层,最多只能8层(行首的每个列表符号、“>”或4个空格的缩进各算一层)。"


def nested_list(levels: int, item: str = "层") -> str:
    """A list nested levels deep, one item per level, each indented 4 spaces more than the one above."""
    return "".join("    " * level + f"- {item}\n" for level in range(levels))


CASES = [
    # --- what the sanitizer would remove or the CSP block, at its own line -----------------------------
    pytest.param(
        INDEX_MD,
        INDEX_LIST,
        "<!-- 编者注:第三项待核实 -->\n\n" + INDEX_LIST,
        [f"content/index.md:3:{COMMENT}"],
        id="html-comment",
    ),
    pytest.param(
        (INDEX_MD, INDEX_MD),
        (INDEX_LIST, "- 所有内容"),
        (INDEX_LIST + "<!-- 甲 -->", "- 所有内容<!--\n乙 -->"),
        [f"content/index.md:3:{COMMENT}", f"content/index.md:5:{COMMENT}"],
        id="two-html-comments-each-at-its-own-line",
    ),
    pytest.param(
        SOURCE_MD,
        MD_LINK,
        "[重点工作](//example.com/tasks.json)",
        [
            "content/2024/source.md:10:"
            + NO_SCHEME.format("//example.com/tasks.json", "//example.com/tasks.json", "example.com/tasks.json")
        ],
        id="protocol-relative-link",
    ),
    pytest.param(
        SOURCE_MD,
        MD_LINK,
        '<a href="/\\example.com/tasks.json">重点工作</a>',
        [
            "content/2024/source.md:10:"
            + NO_SCHEME.format("/\\example.com/tasks.json", "//example.com/tasks.json", "example.com/tasks.json")
        ],
        id="protocol-relative-link-with-a-backslash",
    ),
    pytest.param(
        INDEX_MD,
        INDEX_LIST,
        "![示意图](https://example.com/a.png)\n\n" + INDEX_LIST,
        ["content/index.md:3:" + CSP_IMAGE.format("https://example.com/a.png")],
        id="image-from-another-site",
    ),
    pytest.param(
        INDEX_MD,
        INDEX_LIST,
        '<img src="//example.com/a.png" alt="示意图">\n\n' + INDEX_LIST,
        ["content/index.md:3:" + CSP_IMAGE.format("//example.com/a.png")],
        id="protocol-relative-image",
    ),
    pytest.param(
        SOURCE_MD,
        MD_LINK,
        "[重点工作](&#106;avascript:alert(1))",
        [f"content/2024/source.md:10:{JAVASCRIPT}"],
        id="javascript-link-written-with-a-numeric-reference",
    ),
    pytest.param(
        SOURCE_MD,
        MD_LINK,
        "[重点工作](javascript&colon;alert(1))",
        [f"content/2024/source.md:10:{JAVASCRIPT}"],
        id="javascript-link-written-with-a-named-reference",
    ),
    pytest.param(
        SOURCE_MD,
        MD_LINK,
        "[重点工作](java&#x09;script:alert(1))",
        [
            f"content/2024/source.md:10:{JAVASCRIPT}",
            "content/2024/source.md:10:41:" + REFERENCE.format("&#x09;", "0009", "tab"),
        ],
        id="javascript-link-split-by-a-tab-reference",
    ),
    # --- characters are checked after decoding -----------------------------------------------------------
    *(
        pytest.param(
            INDEX_MD,
            INDEX_LIST,
            INDEX_LIST.replace("市民", f"市{ref}民"),
            ["content/index.md:3:6:" + REFERENCE.format(ref, code, name)],
            id=f"character-reference-{ref.strip('&;#')}",
        )
        for ref, code, name in [
            ("&#8238;", "202E", "right-to-left override"),
            ("&#x200b;", "200B", "zero width space"),
            ("&nbsp;", "00A0", "no-break space"),
            ("&shy;", "00AD", "soft hyphen"),
            ("&zwj;", "200D", "zero width joiner"),
            ("&#xFEFF;", "FEFF", "zero width no-break space"),
            ("&#x3000;", "3000", "ideographic space"),
        ]
    ),
    pytest.param(
        SOURCE_MD,
        MD_LINK,
        '[重点工作](../../data/2024/tasks.json "任务&#x2066;表")',
        ["content/2024/source.md:10:67:" + REFERENCE.format("&#x2066;", "2066", "left-to-right isolate")],
        id="character-reference-in-a-link-title",
    ),
    pytest.param(
        INDEX_MD,
        INDEX_LIST,
        '<p title="说&#8203;明">段落</p>\n\n' + INDEX_LIST,
        ["content/index.md:3:12:" + REFERENCE.format("&#8203;", "200B", "zero width space")],
        id="character-reference-in-an-html-attribute",
    ),
    # --- nesting, refused before Python-Markdown runs --------------------------------------------------
    pytest.param(
        INDEX_MD,
        INDEX_LIST,
        nested_list(300) + "\n" + INDEX_LIST,
        [f"content/index.md:{3 + MAX_NESTING}:" + NESTED.format(300)],
        id="300-nested-lists",
    ),
    pytest.param(
        INDEX_MD,
        INDEX_LIST,
        "> " * 100 + "引文\n\n" + INDEX_LIST,
        ["content/index.md:3:" + NESTED.format(100)],
        id="100-nested-quotes-on-one-line",
    ),
    pytest.param(
        INDEX_MD,
        INDEX_LIST,
        "".join("    " * level + "- > 层\n" for level in range(10)) + "\n" + INDEX_LIST,
        ["content/index.md:10:" + NESTED.format(11)],
        id="lists-of-quotes",
    ),
    pytest.param(
        (INDEX_MD, INDEX_MD),
        (INDEX_LIST, "- 所有内容"),
        (nested_list(9) + "\n" + INDEX_LIST, "- 所有内容\n\n" + "> " * 12 + "引文\n"),
        ["content/index.md:11:" + NESTED.format(9), "content/index.md:17:" + NESTED.format(12)],
        id="two-deep-places-each-reported",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_markdown_slip_is_reported_at_its_line(
    workspace: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    file: str | tuple[str, ...],
    old: str | tuple[str, ...],
    new: str | tuple[str, ...],
    expected: list[str],
) -> None:
    assert_refused(workspace, tmp_path, capsys, file, old, new, expected)


def build_with(workspace: tuple[Path, Path], capsys: pytest.CaptureFixture[str], old: str, new: str) -> str:
    """Edit content/index.md, build, and return the home page: the build must succeed without a word."""
    project, site = workspace
    apply(project / INDEX_MD, old, new)
    capsys.readouterr()
    assert run(project, site) == 0
    assert [line for line in capsys.readouterr().err.splitlines() if not line.startswith("warning: ")] == []
    return (site / "index.html").read_text("utf-8")


TABLE = "| 地区 | 目标 | 说明 |\n|:--|--:|:-:|\n| 南湖区 | 8 | 新增 |\n"


def test_a_table_with_column_alignment_builds_with_classes_the_stylesheet_styles(
    workspace: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    home = BeautifulSoup(build_with(workspace, capsys, INDEX_LIST, TABLE + "\n" + INDEX_LIST), "html.parser")
    table = home.find(class_="intro").find("table")
    cells = [
        (c.name, c.get_text(), c.get("class"), c.get("style"), c.get("align")) for c in table.find_all(["th", "td"])
    ]
    assert cells == [
        ("th", "地区", ["align-left"], None, None),
        ("th", "目标", ["align-right"], None, None),
        ("th", "说明", ["align-center"], None, None),
        ("td", "南湖区", ["align-left"], None, None),
        ("td", "8", ["align-right"], None, None),
        ("td", "新增", ["align-center"], None, None),
    ]
    css = (workspace[1] / "static/style.css").read_text("utf-8")
    for side in ("left", "right", "center"):
        assert f"th.align-{side}, td.align-{side} {{ text-align: {side}; }}" in css
    validator = ROOT / "node_modules/.bin/html-validate"
    assert validator.exists(), "run `make test` (it installs the npm checkers with `npm ci`)"
    run_validator = [str(validator), "--config", str(ROOT / ".htmlvalidate.json"), str(workspace[1] / "index.html")]
    checked = subprocess.run(run_validator, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_lists_as_deep_as_the_limit_build(workspace: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    home = BeautifulSoup(
        build_with(workspace, capsys, INDEX_LIST, nested_list(MAX_NESTING) + "\n" + INDEX_LIST), "html.parser"
    )
    deepest = home.find(class_="intro").find_all("ul")[MAX_NESTING - 1]
    assert len(deepest.find_parents("ul")) == MAX_NESTING - 1
    assert deepest.get_text().strip() == "层"


def test_a_character_reference_shown_as_code_and_a_rule_of_dashes_build(
    workspace: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`&#8238;` is shown, not decoded; - - - … is a horizontal rule, not nested lists."""
    home = build_with(
        workspace, capsys, INDEX_LIST, "写作 `&#8238;` 的字符已拒绝。\n\n" + "- " * 12 + "\n\n" + INDEX_LIST
    )
    intro = BeautifulSoup(home, "html.parser").find(class_="intro")
    assert intro.find("code").get_text() == "&#8238;"
    assert intro.find("hr") is not None


def test_the_nesting_limit_is_checked_before_python_markdown_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Python-Markdown ran on text nested too deep")

    monkeypatch.setattr(markup.markdown, "Markdown", refuse)
    for text, line, depth in [
        (nested_list(300), 9, 300),  # a RecursionError in Python-Markdown
        ("> " * 100_000 + "x\n", 1, 100_000),
        ("".join("    " * level + "- > x\n" for level in range(1000)), 8, 1001),  # 18 s in Python-Markdown
    ]:
        html, problems = render_markdown(text, "content/x.md")
        assert html == ""
        assert [str(p) for p in problems][:1] == [f"content/x.md:{line}:" + NESTED.format(depth)]


def test_a_needle_is_found_at_its_line_as_typed_or_decoded() -> None:
    text = "&lt;!-- 文字 --&gt;\n<!-- 注 -->\n[a](&#106;avascript:x)\n<!-- 又 -->\n"
    assert [line_of(text, "<!--", n) for n in range(3)] == [2, 4, 4]  # as typed first: line 1 is text
    assert line_of(text, "javascript:") == 3
    assert line_of(text, "nowhere") == 1
