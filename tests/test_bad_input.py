"""A bad-input corpus: slips an editor typing Chinese with an input method could make in data/ or content/.

Each case copies the fixture site (tests/fixtures/site/, an invented city) and a previously built site,
makes one slip, runs the real command line (build.main, in-process) and checks the exact error lines, exit
code 1, that the previous site is byte-for-byte unchanged and that no temporary folder is left beside it.

Cases marked xfail(strict=True) document a product problem: their expected lines are what the build
should print, not what it prints today (the reason says what it does instead).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from factory import FIXTURE, make_project

import build
from disclosure.errors import DataError
from disclosure.source import inputs, load, validate

HEADLINE = (
    "构建失败,site/ 没有改动。请按下列位置修改(位置写作 文件:行:列,例如 data/2023/tasks.yaml:12:7 即该文件第12行第7列):"
)

TASKS = "data/2024/tasks.yaml"
LIVELIHOOD = "data/2024/livelihood.yaml"
DOCUMENT = "data/2024/document.yaml"
UNITS = "data/units.yaml"
AREAS = "data/areas.yaml"
NOTICE_MD = "content/2024/notice.md"
SOURCE_MD = "content/2024/source.md"
INDEX_MD = "content/index.md"

# Recurring lines of the fixture site (tests/fixtures/site/), as they are written there.
TASK_2_TEXT = "  text: 研发投入强度达到3.5%。\n"
ITEM_1_LEAD = "    lead: 市卫生健康委\n"
ITEM_1_TEXT = "    text: 全市新增社区托育机构20家、托位600个。\n"  # a merged cell: item 2 repeats it
ROW_1_FIRST_AREAS = "          东湖区: 8\n          西山县: 5\n"
ROW_4_TARGET = "        target: 3000\n"  # item 3 row 4 (停车位)
NO_TARGET = "          其他: /\n"  # first: item 1 row 1 (机构)
MD_LINK = "[重点工作](../../data/2024/tasks.json)"  # content/2024/source.md
INDEX_LIST = "- **市民**"  # content/index.md

NUMBER_EXPECTED = "expected a number written as in the document (8, 33.3) or / for no target"
UNITS_EXPECTED = "expected a name listed in data/units.yaml"
AREA_COLUMNS = "东湖区, 西山县, 南江市, 示例经济开发区(示例港区), 其他"
NUMBERING = "expected the numbers 1, 2, 3, … in order without gaps or repeats"
INVISIBLE = "这里有一个看不见的字符 U+{} ({}),只能写看得见的文字:{}"
ESCAPED = "这里用转义写了一个看不见的字符 {},只能写看得见的文字:请删除它。"
BRACKETS = "（ (U+FF08) for ( (U+0028), ） (U+FF09) for ) (U+0029)"

UNITS_LINES = len((FIXTURE / UNITS).read_text("utf-8").splitlines())

Edit = str | Callable[[str], str | bytes]


def comments_only(text: str) -> str:
    """Keep the summary comments at the top, lose everything else (a select-all-and-cut slip)."""
    return "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))


def gb18030(text: str) -> bytes:
    """The file saved by an editor that defaults to the Chinese Windows code page."""
    return text.encode("gb18030")


CASES = [
    # --- YAML pitfalls (FACTS.md) as they show up in our files --------------------------------------
    pytest.param(
        LIVELIHOOD,
        ROW_1_FIRST_AREAS,
        "          东湖区: 8\n          东湖区: 5\n",
        [
            "data/2024/livelihood.yaml:24:11:字段“东湖区”重复了(第23行已经写过),每个字段只能写一次:请删去一个。",
        ],
        id="duplicate-area-key-in-breakdown",
    ),
    pytest.param(
        TASKS,
        "    - 市发展改革委\n",
        "    - NO\n",
        [
            ("data/2024/tasks.yaml:7:7:第1项任务的责任单位“NO”不在 data/units.yaml 中。请先把它加入 data/units.yaml。"),
        ],
        id="NO-as-unit-name-is-an-unknown-unit-not-false",
    ),
    pytest.param(
        LIVELIHOOD,
        ITEM_1_LEAD,
        "    lead: yes\n",
        [
            (
                "data/2024/livelihood.yaml:18:11:民生实事第1项的牵头单位“yes”不在 data/units.yaml 中。"
                "请先把它加入 data/units.yaml。"
            ),
        ],
        id="yes-as-lead-unit-is-an-unknown-unit-not-true",
    ),
    pytest.param(
        TASKS,
        "- no: 7\n",
        "- no: 07\n",
        [
            ("data/2024/tasks.yaml:37:7:第07项任务的序号是“07”,应为不带前导零的整数:7。"),
        ],
        id="leading-zero-task-number",
    ),
    pytest.param(
        LIVELIHOOD,
        ROW_4_TARGET,
        "        target: 7_000\n",
        [
            (
                "data/2024/livelihood.yaml:55:17:民生实事第3项第4行(停车位)的全市目标是“7_000”,"
                "应为按文件原样写的数字(如 8、33.3),没有目标时写 /。"
            ),
        ],
        id="underscore-in-figure",
    ),
    pytest.param(
        LIVELIHOOD,
        ROW_4_TARGET,
        "        unit: 3000个\n" + ROW_4_TARGET,
        [
            (
                "data/2024/livelihood.yaml:55:15:民生实事第3项第4行(停车位)的计量单位是“3000个”,"
                "应为一到四个字的计量单位,如 家、个、公里、人次。"
            ),
        ],
        id="figure-in-unit-of-measure",
    ),
    pytest.param(
        LIVELIHOOD,
        "          南江市: 2\n",
        "          南江市: 2:30\n",
        [
            (
                "data/2024/livelihood.yaml:46:16:民生实事第2项第3行(服务点)的各地目标中“南江市”的数字是“2:30”,"
                "应为按文件原样写的数字(如 8、33.3),没有目标时写 /。"
            ),
        ],
        id="sexagesimal-figure",
    ),
    pytest.param(
        DOCUMENT,
        "written: 2024-02-20\n",
        "written: 2024-2-20\n",
        [
            ("data/2024/document.yaml:8:10:2024年版 document.yaml的成文日期是“2024-2-20”,应为形如 YYYY-MM-DD 的日期。"),
        ],
        id="date-without-leading-zeros",
    ),
    pytest.param(
        DOCUMENT,
        "published: 2024-02-22\n",
        "published: 2024-02-30\n",
        [
            (
                "data/2024/document.yaml:9:12:2024年版 document.yaml的发布日期是“2024-02-30”,"
                "应为日历上存在的日期(YYYY-MM-DD)。"
            ),
        ],
        id="date-that-does-not-exist",
    ),
    pytest.param(
        DOCUMENT,
        None,
        lambda text: "",
        [
            "data/2024/document.yaml:这个文件是空的,要有数据(一个文件写一份 YAML 数据)。",
        ],
        id="empty-file",
    ),
    pytest.param(
        TASKS,
        None,
        comments_only,
        [
            "data/2024/tasks.yaml:这个文件只有注释,注释下面要有数据(一个文件写一份 YAML 数据)。",
        ],
        id="file-with-only-comments",
    ),
    pytest.param(
        TASKS,
        "- no: 5\n",
        "---\n- no: 5\n",
        [
            "data/2024/tasks.yaml:24:1:这里的“---”开始了第二份 YAML 数据,一个文件只能有一份:请删除这一行。",
        ],
        id="second-document-separator",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text：研发投入强度达到3.5%。\n",
        [
            "data/2024/tasks.yaml:9:7:“text”后面是全角冒号“：”,YAML 不认:请改成半角冒号加空格(text: …)。",
            "    9 |   text：研发投入强度达到3.5%。",
            "      |       ^",
        ],
        id="full-width-colon-after-key",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "\u3000text: 研发投入强度达到3.5%。\n",
        [
            "data/2024/tasks.yaml:9:1:这一行用全角空格(U+3000)缩进,YAML 只认空格:请把它换成空格。",
            "    9 | \u3000text: 研发投入强度达到3.5%。",
            "      | ^",
        ],
        id="ideographic-space-indentation",
    ),
    pytest.param(
        TASKS,
        "    - 市科技局\n",
        "    - 市科\u200b技局\n",
        [
            (
                "data/2024/tasks.yaml:11:9:这里有一个看不见的字符 U+200B (zero width space),只能写看得见"
                "的文字:请删除它。"
            ),
        ],
        id="zero-width-space-in-unit-name",
    ),
    pytest.param(
        TASKS,
        "    - 市科技局\n",
        "\t- 市科技局\n",
        [
            "data/2024/tasks.yaml:11:1:这一行用制表符(Tab)缩进,YAML 只认空格:请把它换成空格。",
            "    11 | →- 市科技局",
            "       | ^",
        ],
        id="tab-indentation",
    ),
    pytest.param(
        (LIVELIHOOD, LIVELIHOOD),
        (ITEM_1_TEXT, ITEM_1_TEXT),
        (ITEM_1_TEXT.replace("text: ", "text: &tuoyu "), "    text: *tuoyu\n"),
        [
            ("data/2024/livelihood.yaml:17:11:这里有 YAML 锚点“&tuoyu”,本项目不用锚点:请去掉它,把值直接写出来。"),
            ("data/2024/livelihood.yaml:38:11:这里有 YAML 别名“*tuoyu”,本项目不用别名:请把它代表的值直接写出来。"),
        ],
        id="anchor-and-alias-for-a-merged-cell",
    ),
    pytest.param(
        TASKS,
        "- no: 2\n",
        "- no: !!int 2\n",
        [
            ("data/2024/tasks.yaml:8:7:这里有 YAML 标签“tag:yaml.org,2002:int”,本项目的值不加标签:请去掉它。"),
        ],
        id="int-tag",
    ),
    # --- issue 12: characters are checked after decoding (disclosure/chars.py) ---------------------------
    *(
        pytest.param(
            TASKS,
            TASK_2_TEXT,
            f'  text: "研发投入{escape}强度达到3.5%。"\n',
            ["data/2024/tasks.yaml:9:9:" + ESCAPED.format(shown)],
            id=f"escaped-{name}",
        )
        for escape, shown, name in [
            ("\\u202e", "U+202E (right-to-left override)", "bidi-override"),
            ("\\e", "U+001B (a Cc character)", "escape-character"),
            ("\\0", "U+0000 (a Cc character)", "nul"),
            ("\\t", "U+0009 (tab)", "tab"),
            ("\\u200b", "U+200B (zero width space)", "zero-width-space"),
            ("\\u2028", "U+2028 (line separator)", "line-separator"),
            ("\\x85", "U+0085 (a Cc character)", "next-line"),
            ("\\U000E0041", "U+E0041 (tag latin capital letter a)", "tag-character"),
            ("\\n", "U+000A (line break)", "line-break"),
        ]
    ),
    *(
        pytest.param(
            TASKS,
            TASK_2_TEXT,
            f"  text: 研发投入{char}强度达到3.5%。\n",
            ["data/2024/tasks.yaml:9:13:" + INVISIBLE.format(code, label, "请删除它。")],
            id=f"typed-{code}",
        )
        for char, code, label in [
            ("\u2066", "2066", "left-to-right isolate"),
            ("\u00ad", "00AD", "soft hyphen"),
            ("\ufe0f", "FE0F", "variation selector-16"),
            ("\u3164", "3164", "hangul filler"),
            ("\u2009", "2009", "thin space"),
            ("\ue000", "E000", "a Co character"),
            ("\u2029", "2029", "paragraph separator"),
            ("\x0c", "000C", "a Cc character"),
        ]
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: 研发投入强度达到3.5%。\U0001f468\u200d\U0001f469\n",
        [
            (
                "data/2024/tasks.yaml:9:23:这里有一个看不见的字符 U+200D (zero width joiner),只能写看得"
                "见的文字:请删除它。"
            ),
        ],
        id="emoji-zwj-sequence",
    ),
    pytest.param(
        "data/2024/source.txt",
        "示政办发",
        "示政\u202e办发",
        [
            (
                "data/2024/source.txt:2:19:这里有一个看不见的字符 U+202E (right-to-left override),"
                "只能写看得见的文字:请删除它。"
            ),
        ],
        id="bidi-override-in-source-text",
    ),
    # --- issue 12: look-alike names are one name ------------------------------------------------------
    pytest.param(
        TASKS,
        "    - 市人力社保局\n",
        "    - 市\u2f08力社保局\n",
        [
            (
                "data/2024/tasks.yaml:19:7:第4项任务的责任单位“市⼈力社保局”不在 data/units.yaml 中。"
                "是不是“市人力社保局”?(两者只差在形近字符:“⼈”(U+2F08)应为“人”(U+4EBA))"
            ),
        ],
        id="kangxi-radical-in-unit-reference",
    ),
    pytest.param(
        UNITS,
        None,
        lambda text: (
            text
            + "- name: 市\u2f08力社保局\n  full_name: 示例市人力资源和社会保障局\n  slug: hr\n  kind: city-department\n"
        ),
        [
            (
                "data/units.yaml:98:9:单位“市⼈力社保局”的名称“市⼈力社保局”统一形近字符后与第24行的“市人力社保"
                "局”相同(“⼈”(U+2F08)应为“人”(U+4EBA))。是不是“市人力社保局”?每个单位只能登记一次。"
            ),
        ],
        id="twin-unit-registered-with-a-kangxi-radical",
    ),
    pytest.param(
        UNITS,
        None,
        lambda text: text + "- name: 市\u2f00新局\n  full_name: 示例市一新局\n  slug: new\n  kind: city-department\n",
        [
            (
                "data/units.yaml:98:9:单位“市⼀新局”的名称“市⼀新局”含有形近字符(“⼀”(U+2F00)应为“一”(U+4E00)),"
                "应为“市一新局”:请用普通字符重新输入。"
            ),
        ],
        id="kangxi-radical-in-a-registered-name",
    ),
    pytest.param(
        (UNITS, TASKS, TASKS),
        ("- name: 市人力社保局\n", "    - 市人力社保局\n", "    - 市人力社保局\n"),
        ("- name: 市\u2f08力社保局\n", "    - 市\u2f08力社保局\n", "    - 市\u2f08力社保局\n"),
        [
            (
                "data/units.yaml:24:9:单位“市⼈力社保局”的名称“市⼈力社保局”含有形近字符(“⼈”(U+2F08)"
                "应为“人”(U+4EBA)),应为“市人力社保局”:请用普通字符重新输入。"
            ),
        ],
        id="a-look-alike-registered-name-is-one-error-not-one-per-reference",
    ),
    pytest.param(
        TASKS,
        "- no: 2\n",
        "- no: -2\n",
        [
            ("data/2024/tasks.yaml:8:7:第-2项任务的序号是“-2”,应为整数,如 17。"),
        ],
        id="negative-number-is-not-called-a-formula",
    ),
    # --- issue 12: no text silently cut or changed by YAML ----------------------------------------------
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: 研发投入强度达到3.5% #重点\n",
        [
            (
                "data/2024/tasks.yaml:9:9:“研发投入强度达到3.5%”后面的“ #”让 YAML 把它和这一行余下的内容当作注释,值"
                "在这里就断了:如果“#”是文字的一部分,请把整个值放进引号里;如果是注释,请写在单独一行。"
            ),
        ],
        id="hash-after-a-space-cuts-the-text",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: 研发投入强度\n    达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:这个值分成了2行,YAML 会用空格把各行连起来(汉字之间多出空格):"
                "请把整个值写在同一行。"
            ),
        ],
        id="plain-text-folded-over-two-lines",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: |\n    研发投入强度达到3.5%。\n",
        [
            "data/2024/tasks.yaml:9:9:这里用了 YAML 的“|”多行写法,会把换行写进文字:请把整个值写在字段名的同一行。",
        ],
        id="literal-block",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: >\n    研发投入强度达到3.5%。\n",
        [
            "data/2024/tasks.yaml:9:9:这里用了 YAML 的“>”多行写法,会把换行写进文字:请把整个值写在字段名的同一行。",
        ],
        id="folded-block",
    ),
    # --- issue 12: CSV cannot run formulas ---------------------------------------------------------------
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        '  text: =HYPERLINK("http://example.com","研发投入强度达到3.5%。")\n',
        [
            (
                'data/2024/tasks.yaml:9:9:第2项任务的主要工作任务“=HYPERLINK("http://example.com",'
                '"研发投入强度达到3.5%。")”以“=”开头,应改写开头:以 = + - @ 开头的文字,在电子表格中打开 CSV '
                "下载时会被当作公式执行。"
            ),
        ],
        id="formula-in-task-text",
    ),
    pytest.param(
        UNITS,
        "  full_name: 示例市科学技术局\n",
        "  full_name: '@SUM(1+1)'\n",
        [
            (
                "data/units.yaml:9:14:单位“市科技局”的全称“@SUM(1+1)”以“@”开头,应改写开头:以 = + - @ "
                "开头的文字,在电子表格中打开 CSV 下载时会被当作公式执行。"
            ),
        ],
        id="formula-in-quoted-full-name",
    ),
    # --- issue 12: bounded and plain failures --------------------------------------------------------
    pytest.param(
        UNITS,
        "  slug: health\n",
        "  slug: " + "-".join(["health"] * 9) + "\n",
        [
            ("data/units.yaml:22:9:单位“市卫生健康委”的页面地址(slug)是 62个字符,应为不超过60个字符。"),
        ],
        id="slug-too-long",
    ),
    pytest.param(
        UNITS,
        "  slug: health\n",
        "  slug: con\n",
        [
            (
                "data/units.yaml:22:9:单位“市卫生健康委”的页面地址(slug)“con”是 Windows 保留的设备名(con、prn、"
                "aux、nul、com0–com9、lpt0–lpt9),应换一个:在 Windows 上复制本站时无法建立这个文件夹。"
            ),
        ],
        id="reserved-slug",
    ),
    pytest.param(
        TASKS,
        "  units:\n    - 市科技局\n",
        "  units: " + "[" * 100_000 + "\n    - 市科技局\n",
        [
            "data/2024/tasks.yaml:10:20:这里的数据嵌套超过12层,最多只能嵌套12层。",
        ],
        id="deeply-nested-flow-lists",
    ),
    # --- issue 12: dates make sense, and a unit's area only where its kind has one ------------------------
    pytest.param(
        DOCUMENT,
        "published: 2024-02-22\n",
        "published: 2024-02-19\n",
        [
            (
                "data/2024/document.yaml:9:12:2024年版 document.yaml的发布日期是 2024-02-19,"
                "早于成文日期(2024-02-20),应为文件发布的那一天,不早于成文日期。"
            ),
        ],
        id="published-before-written",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        TASK_2_TEXT + "  withdrawn:\n    date: 2024-01-15\n    reason: 撤回\n",
        [
            (
                "data/2024/tasks.yaml:11:11:第2项任务的撤销信息(withdrawn)的日期是 2024-01-15,"
                "早于发布日期(2024-02-22),应为撤销的那一天,不早于发布日期。"
            ),
        ],
        id="withdrawn-before-published",
    ),
    pytest.param(
        UNITS,
        "  slug: health\n  kind: city-department\n",
        "  slug: health\n  kind: city-department\n  area: 南江市\n",
        [
            (
                "data/units.yaml:24:9:单位“市卫生健康委”的类别是 city-department,不应写所属地区:只有类别为 "
                "county-government、development-zone 的单位才写所属地区。"
            ),
        ],
        id="area-on-a-city-department",
    ),
    pytest.param(
        UNITS,
        "  area: 西山县\n",
        "",
        [
            (
                "data/units.yaml:79:3:单位“西山县政府”缺少所属地区(area),类别为 county-government "
                "的单位应写明它属于哪个地区。"
            ),
        ],
        id="county-government-without-its-area",
    ),
    pytest.param(
        UNITS,
        "  slug: health\n",
        "  slug: health\n  withdrawn:\n    date: 2023-12-31\n    reason: 机构改革\n",
        [
            (
                "data/units.yaml:24:11:单位“市卫生健康委”的撤销信息(withdrawn)的日期是 2023-12-31,"
                "早于本站第一份文件的发布日期(2024-02-22),应为这个单位撤销的那一天。"
            ),
        ],
        id="unit-withdrawn-before-the-first-publication",
    ),
    # --- names that must match the registries ------------------------------------------------------------
    pytest.param(
        LIVELIHOOD,
        ITEM_1_LEAD,
        "    lead: 市卫健委\n",
        [
            (
                "data/2024/livelihood.yaml:18:11:民生实事第1项的牵头单位“市卫健委”不在 data/units.yaml 中。"
                "是不是“市卫生健康委”或“市委编办”或“市国资委”?"
            ),
        ],
        id="misspelled-lead-unit",
    ),
    pytest.param(
        TASKS,
        "    - 市委组织部(市人才办)\n",
        "    - 市委组织部（市人才办）\n",
        [
            (
                "data/2024/tasks.yaml:27:7:第5项任务的责任单位“市委组织部（市人才办）”不在 data/units.yaml 中。"
                "是不是“市委组织部(市人才办)”?(两者只差在形近字符:“（”(U+FF08)应为“(”(U+0028),“）”(U+FF09)"
                "应为“)”(U+0029))"
            ),
        ],
        id="full-width-parentheses-in-unit-name",
    ),
    pytest.param(
        UNITS,
        "  area: 西山县\n",
        "  area: 西山市\n",
        [
            ("data/units.yaml:83:9:单位“西山县政府”的所属地区“西山市”不在 data/areas.yaml 中。是不是“西山县”?"),
        ],
        id="unit-refers-to-an-area-that-does-not-exist",
    ),
    pytest.param(
        LIVELIHOOD,
        "          示例经济开发区(示例港区): 2\n",
        "          示例经济开发区（示例港区）: 2\n",
        [
            (
                "data/2024/livelihood.yaml:26:11:民生实事第1项第1行(机构)"
                "的各地目标中的地区“示例经济开发区（示例港区）”不在 data/areas.yaml 中。"
                "是不是“示例经济开发区(示例港区)”?(两者只差在形近字符:“（”(U+FF08)应为“(”(U+0028),“）”(U+FF09)"
                "应为“)”(U+0029))"
            ),
        ],
        id="full-width-parentheses-in-breakdown-area",
    ),
    pytest.param(
        LIVELIHOOD,
        ITEM_1_LEAD,
        "    lead: 市卫生健康委\u3000\n",
        [
            (
                "data/2024/livelihood.yaml:18:17:这里有一个看不见的字符 U+3000 (ideographic space)"
                ",只能写看得见的文字:请删除它。"
            ),
        ],
        id="ideographic-space-after-unit-name",
    ),
    # --- records: numbers, lists, fields ---------------------------------------------------------------
    pytest.param(
        TASKS,
        "  units:\n    - 市科技局\n- no: 3\n",
        "  units:\n- no: 3\n",
        [
            ("data/2024/tasks.yaml:10:9:第2项任务的责任单位是空值,应为责任单位(牵头单位排第一)的列表(可以为空:[])。"),
        ],
        id="task-with-no-units",
    ),
    pytest.param(
        TASKS,
        "- no: 3\n",
        "- no: 2\n",
        [
            "data/2024/tasks.yaml:12:7:第2项任务排在第3个,序号却是2,应为 1、2、3……依次编号,不跳号,不重号。",
        ],
        id="duplicate-task-number",
    ),
    pytest.param(
        TASKS,
        "- no: 3\n  text: 一般公共预算收入增长5%左右。\n  units:\n    - 市财政局\n",
        "",
        [
            "data/2024/tasks.yaml:12:7:第4项任务排在第3个,序号却是4,应为 1、2、3……依次编号,不跳号,不重号。",
        ],
        id="gap-in-task-numbers",
    ),
    pytest.param(
        LIVELIHOOD,
        "          西山县: 5\n",
        "",
        [
            (
                "data/2024/livelihood.yaml:23:11:民生实事第1项第1行(机构)的各地目标中缺少“西山县”,它在 "
                "data/2024/document.yaml 的地区列(area_columns)中。"
            ),
        ],
        id="missing-area-in-breakdown",
    ),
    pytest.param(
        LIVELIHOOD,
        ROW_1_FIRST_AREAS,
        "          西山县: 5\n          东湖区: 8\n",
        [
            (
                "data/2024/livelihood.yaml:23:11:民生实事第1项第1行(机构)的各地目标的地区是西山县、东湖区、"
                "南江市、示例经济开发区(示例港区)、其他,应为按这个顺序正好列出:东湖区、西山县、南江市、"
                "示例经济开发区(示例港区)、其他。"
            ),
        ],
        id="areas-in-the-wrong-order",
    ),
    pytest.param(
        LIVELIHOOD,
        "    category: 3\n",
        "    category: 4\n",
        [
            ("data/2024/livelihood.yaml:63:15:民生实事第4项的事项分类是 4,应为分类序号 1–3 之一。"),
        ],
        id="category-that-does-not-exist",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  txt: 研发投入强度达到3.5%。\n",
        [
            "data/2024/tasks.yaml:8:3:第2项任务缺少主要工作任务(text)。",
            ("data/2024/tasks.yaml:9:3:第2项任务有未知字段“txt”,应为以下字段之一:no、text、units、withdrawn。"),
        ],
        id="misspelled-field-name",
    ),
    pytest.param(
        LIVELIHOOD,
        ITEM_1_LEAD,
        "",
        [
            "data/2024/livelihood.yaml:15:5:民生实事第1项缺少牵头单位(lead)。",
        ],
        id="missing-required-field",
    ),
    pytest.param(
        DOCUMENT,
        "year: 2024\n",
        "year: 2025\n",
        [
            ("data/2024/document.yaml:2:7:2024年版 document.yaml的年份是 2025,应为 2024(所在文件夹的名称)。"),
        ],
        id="year-does-not-match-folder",
    ),
    # --- figures ---------------------------------------------------------------------------------------
    pytest.param(
        LIVELIHOOD,
        NO_TARGET,
        "          其他: 0\n",
        [
            (
                "data/2024/livelihood.yaml:27:15:民生实事第1项第1行(机构)的各地目标中“其他”的数字是“0”,"
                "应为按文件原样写的数字(如 8、33.3),没有目标时写 /。文件从不以 0 为目标:这个地区没有目标时请写 "
                "/。"
            ),
        ],
        id="zero-written-for-no-target",
    ),
    pytest.param(
        LIVELIHOOD,
        ROW_4_TARGET,
        "        target: 7，000\n",
        [
            (
                "data/2024/livelihood.yaml:55:17:民生实事第3项第4行(停车位)的全市目标是“7，000”,"
                "应为按文件原样写的数字(如 8、33.3),没有目标时写 /。请去掉千位分隔符:7000。"
            ),
        ],
        id="full-width-thousands-separator",
    ),
    pytest.param(
        LIVELIHOOD,
        ROW_4_TARGET,
        "        target: 7,000\n",
        [
            (
                "data/2024/livelihood.yaml:55:17:民生实事第3项第4行(停车位)的全市目标是“7,000”,"
                "应为按文件原样写的数字(如 8、33.3),没有目标时写 /。请去掉千位分隔符:7000。"
            ),
        ],
        id="ascii-thousands-separator",
    ),
    pytest.param(
        LIVELIHOOD,
        "        target: 20\n",
        "        target: ２０\n",
        [
            (
                "data/2024/livelihood.yaml:21:17:民生实事第1项第1行(机构)的全市目标是“２０”,"
                "应为按文件原样写的数字(如 8、33.3),没有目标时写 /。请改用半角字符并去掉空格:20。"
            ),
        ],
        id="full-width-digits",
    ),
    pytest.param(
        LIVELIHOOD,
        NO_TARGET,
        "          其他: ／\n",
        [
            (
                "data/2024/livelihood.yaml:27:15:民生实事第1项第1行(机构)的各地目标中“其他”的数字是“／”,"
                "应为按文件原样写的数字(如 8、33.3),没有目标时写 /。请改用半角字符并去掉空格:/。"
            ),
        ],
        id="full-width-slash",
    ),
    pytest.param(
        LIVELIHOOD,
        "          东湖区: 12.5\n",
        "          东湖区: 12。5\n",
        [
            (
                "data/2024/livelihood.yaml:70:16:民生实事第4项第5行(农村公路)的各地目标中“东湖区”的数字是“12。"
                "5”,应为按文件原样写的数字(如 8、33.3),没有目标时写 /。"
            ),
        ],
        id="ideographic-full-stop-as-decimal-point",
    ),
    # --- YAML syntax slips ------------------------------------------------------------------------------
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text:研发投入强度达到3.5%。\n",
        [
            ("data/2024/tasks.yaml:9:7:冒号后要有空格:“text:”后面没有空格,YAML 读不出这个字段。应写作“text: …”。"),
            "    9 |   text:研发投入强度达到3.5%。",
            "      |       ^",
        ],
        id="no-space-after-colon",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: 目标: 研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:11:值里有“: ”(冒号加空格),YAML 把它读作又一个字段。请去掉冒号后的空格,或者把整"
                "个值放进引号里。"
            ),
            "    9 |   text: 目标: 研发投入强度达到3.5%。",
            "      |             ^",
        ],
        id="colon-and-space-inside-text",
    ),
    pytest.param(
        TASKS,
        "  units:\n    - 市科技局\n",
        "   units:\n    - 市科技局\n",
        [
            "data/2024/tasks.yaml:10:4:缩进不一致:这一行比第9行的“text:”多缩进了1个空格,同一层的字段要上下对齐。",
            "     9 |   text: 研发投入强度达到3.5%。",
            "    10 |    units:",
            "       |    ^",
        ],
        id="key-indented-one-space-more-than-the-field-above",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        " text: 研发投入强度达到3.5%。\n",
        [
            "data/2024/tasks.yaml:9:2:缩进不一致:这一行比第8行的“no:”少缩进了1个空格,同一层的字段要上下对齐。",
            "    8 | - no: 2",
            "    9 |  text: 研发投入强度达到3.5%。",
            "      |  ^",
        ],
        id="key-indented-one-space-less-than-the-field-above",
    ),
    pytest.param(
        LIVELIHOOD,
        "        target: 20\n",
        "       target: 20\n",
        [
            (
                "data/2024/livelihood.yaml:21:8:缩进不一致:这一行比第20行的“name:”少缩进了1个空格,同一层的字段要上"
                "下对齐。"
            ),
            "    20 |       - name: 机构",
            "    21 |        target: 20",
            "       |        ^",
        ],
        id="livelihood-row-field-indented-less-than-its-name",
    ),
    pytest.param(
        LIVELIHOOD,
        "          西山县: 5\n",
        "         西山县: 5\n",
        [
            (
                "data/2024/livelihood.yaml:24:10:缩进不一致:这一行比第23行的“东湖区:”少缩进了1个空格,同一层的字段要上"
                "下对齐。"
            ),
            "    23 |           东湖区: 8",
            "    24 |          西山县: 5",
            "       |          ^",
        ],
        id="livelihood-area-indented-less-than-the-one-above",
    ),
    pytest.param(
        LIVELIHOOD,
        "          西山县: 5\n",
        "           西山县: 5\n",
        [
            (
                "data/2024/livelihood.yaml:24:12:缩进不一致:这一行比第23行的“东湖区:”多缩进了1个空格,同一层的字段要上"
                "下对齐。"
            ),
            "    23 |           东湖区: 8",
            "    24 |            西山县: 5",
            "       |            ^",
        ],
        id="livelihood-area-indented-more-than-the-one-above",
    ),
    pytest.param(
        LIVELIHOOD,
        "          西山县: 5\n",
        "          西山县:5\n",
        [
            (
                "data/2024/livelihood.yaml:24:14:冒号后要有空格:“西山县:”后面没有空格,YAML 读不出这个字段。应写作“"
                "西山县: …”。"
            ),
            "    24 |           西山县:5",
            "       |                 ^",
        ],
        id="no-space-after-colon-in-breakdown",
    ),
    pytest.param(
        TASKS,
        "    - 市妇联\n",
        "      - 市妇联\n",
        [
            (
                "data/2024/tasks.yaml:20:7:缩进不一致:这一项的“-”比第19行的“-”多缩进了两个空格,"
                "YAML 把它读成了上一项文字的一部分。同一层的列表项要上下对齐。"
            ),
            "    19 |     - 市人力社保局",
            "    20 |       - 市妇联",
            "       |       ^",
        ],
        id="unit-indented-more-than-the-unit-above",
    ),
    pytest.param(
        TASKS,
        "    - 市科技局\n",
        "    -市科技局\n",
        [
            "data/2024/tasks.yaml:11:5:列表项的“-”后要有空格:应写作“- ”再接内容。",
            "    11 |     -市科技局",
            "       |     ^",
        ],
        id="no-space-after-dash-of-a-unit",
    ),
    pytest.param(
        TASKS,
        "- no: 2\n",
        "-no: 2\n",
        [
            "data/2024/tasks.yaml:8:1:列表项的“-”后要有空格:应写作“- ”再接内容。",
            "    8 | -no: 2",
            "      | ^",
        ],
        id="no-space-after-dash-of-a-task",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        '  text: "研发投入强度达到3.5%。\n',
        [
            (
                'data/2024/tasks.yaml:9:9:引号没有配对:这里的双引号“"”开始了一段加引号的文字,但后面没有与它配对的“"”。请在这'
                '个值的末尾补上“"”,或者删去这个“"”。'
            ),
            '    9 |   text: "研发投入强度达到3.5%。',
            "      |         ^",
        ],
        id="double-quote-never-closed",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: '研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:引号没有配对:这里的单引号“'”开始了一段加引号的文字,但后面没有与它配对的“'”。请在这"
                "个值的末尾补上“'”,或者删去这个“'”。"
            ),
            "    9 |   text: '研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="single-quote-never-closed",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        '  text: "研发投入"强度达到3.5%。\n',
        [
            "data/2024/tasks.yaml:9:15:引号只能括住整个值:引号结束后这一行还有文字。请把整个值放进引号里,或者去掉引号。",
            '    9 |   text: "研发投入"强度达到3.5%。',
            "      |                   ^",
        ],
        id="text-after-the-closing-quote",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: [研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:括号没有配对:以“[”开头的值被 YAML 读作列表,要有配对的“]”。如果“[”是文字的"
                "一部分,请把整个值放进引号里。"
            ),
            "    9 |   text: [研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="bracket-never-closed",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: {研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:括号没有配对:以“{”开头的值被 YAML 读作映射,要有配对的“}”。如果“{”是文字的"
                "一部分,请把整个值放进引号里。"
            ),
            "    9 |   text: {研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="brace-never-closed",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: ]研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:值不能以“]”开头:YAML 把开头的“]”读作列表的结尾。如果“]”是文字的一部分,请把"
                '整个值放进引号里,写作 "]…"。'
            ),
            "    9 |   text: ]研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="stray-closing-bracket",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: }研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:值不能以“}”开头:YAML 把开头的“}”读作映射的结尾。如果“}”是文字的一部分,请把"
                '整个值放进引号里,写作 "}…"。'
            ),
            "    9 |   text: }研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="stray-closing-brace",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: *研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:值不能以“*”开头:YAML 把开头的“*”读作引用(别名)。如果“*”是文字的一部分,请"
                '把整个值放进引号里,写作 "*…"。'
            ),
            "    9 |   text: *研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="value-starting-with-star",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: &研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:值不能以“&”开头:YAML 把开头的“&”读作锚点。如果“&”是文字的一部分,请把整个值"
                '放进引号里,写作 "&…"。'
            ),
            "    9 |   text: &研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="value-starting-with-ampersand",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: !研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:值不能以“!”开头:YAML 把开头的“!”读作标签。如果“!”是文字的一部分,请把整个值"
                '放进引号里,写作 "!…"。'
            ),
            "    9 |   text: !研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="value-starting-with-exclamation-mark",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: %研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:值不能以“%”开头:YAML 把开头的“%”读作指令。如果“%”是文字的一部分,请把整个值"
                '放进引号里,写作 "%…"。'
            ),
            "    9 |   text: %研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="value-starting-with-percent",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: @研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:值不能以“@”开头:YAML 把开头的“@”读作保留字符。如果“@”是文字的一部分,请把整"
                '个值放进引号里,写作 "@…"。'
            ),
            "    9 |   text: @研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="value-starting-with-at-sign",
    ),
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: `研发投入强度达到3.5%。\n",
        [
            (
                "data/2024/tasks.yaml:9:9:值不能以“`”开头:YAML 把开头的“`”读作保留字符。如果“`”是文字的一部分,请把整"
                '个值放进引号里,写作 "`…"。'
            ),
            "    9 |   text: `研发投入强度达到3.5%。",
            "      |         ^",
        ],
        id="value-starting-with-backtick",
    ),
    # --- encodings -----------------------------------------------------------------------------------
    pytest.param(
        UNITS,
        None,
        gb18030,
        [
            (
                "data/units.yaml:1:3:这里有不是 UTF-8 编码的字节(D4)(按 GBK/GB18030 能读通:这个文件或这一行是用"
                "中文 Windows 的编码保存的),文件要用 UTF-8 编码:请把它另存为 UTF-8。"
            ),
        ],
        id="gb18030-data-file",
    ),
    pytest.param(
        NOTICE_MD,
        None,
        gb18030,
        [
            (
                "content/2024/notice.md:1:1:这里有不是 UTF-8 编码的字节(B8)(按 GBK/GB18030 能读通:这个文"
                "件或这一行是用中文 Windows 的编码保存的),文件要用 UTF-8 编码:请把它另存为 UTF-8。"
            ),
        ],
        id="gb18030-content-file",
    ),
    # --- markup --------------------------------------------------------------------------------------
    pytest.param(
        TASKS,
        TASK_2_TEXT,
        "  text: 研发投入强度达到3.5%。<script>alert(1)</script>\n",
        [
            (
                "data/2024/tasks.yaml:9:9:第2项任务的主要工作任务“研发投入强度达到3.5%。<script>alert(1)"
                "</script>”含有 < 或 >,应为不含 HTML 的纯文字(表示比较请用全角的 ＜ ＞)。"
            ),
        ],
        id="script-tag-in-task-text",
    ),
    pytest.param(
        INDEX_MD,
        INDEX_LIST,
        "<script>alert(1)</script>\n\n" + INDEX_LIST,
        [
            "content/index.md:3:这里有 HTML 标签“<script>”,网站不允许:请改用 Markdown 或简单的 HTML。",
        ],
        id="script-tag-in-markdown",
    ),
    pytest.param(
        INDEX_MD,
        INDEX_LIST,
        INDEX_LIST.replace("市民", "市\u200b民"),
        [
            ("content/index.md:3:6:这里有一个看不见的字符 U+200B (zero width space),只能写看得见的文字:请删除它。"),
        ],
        id="zero-width-space-in-markdown",
    ),
    pytest.param(
        SOURCE_MD,
        MD_LINK,
        "[重点工作](javascript:alert(1))",
        [
            ("content/2024/source.md:10:这里有一个“javascript:”链接,链接只能是 http、https、mailto 或本站的路径。"),
        ],
        id="javascript-link-in-markdown",
    ),
    pytest.param(
        INDEX_MD,
        INDEX_LIST,
        '<img src="x.png" onerror="alert(1)">\n\n' + INDEX_LIST,
        [
            "content/index.md:3:“<img>”上有属性“onerror=”,它会被删掉:请去掉它。",
        ],
        id="onerror-attribute-in-markdown",
    ),
    pytest.param(
        SOURCE_MD,
        MD_LINK,
        "[重点工作]（../../data/2024/tasks.json）",
        [
            (
                "content/2024/source.md:10:这个 Markdown 链接用了全角括号“（…）”,不会成为链接:请写作 [文字](地址"
                "),括号用半角 ( )。"
            ),
        ],
        id="markdown-link-with-full-width-parentheses",
    ),
    pytest.param(
        SOURCE_MD,
        MD_LINK,
        "[重点工作](../../data/2024/task.json)",
        [
            (
                "content/2024/source.md:10:链接“../../data/2024/task.json”指向 /data/2024/t"
                "ask.json,网站里没有这个地址:请检查拼写。"
            ),
        ],
        id="mistyped-link-in-markdown",
    ),
    # --- slugs ---------------------------------------------------------------------------------------
    pytest.param(
        AREAS,
        "  slug: nanjiang\n",
        "  slug: Nanjiang\n",
        [
            (
                "data/areas.yaml:14:9:地区“南江市”的页面地址(slug)是“Nanjiang”,应为小写英文字母、"
                "数字和单个连字符,如 east-district。"
            ),
        ],
        id="uppercase-slug",
    ),
    pytest.param(
        UNITS,
        "  slug: human-resources-social-security\n",
        "  slug: human_resources-social-security\n",
        [
            (
                "data/units.yaml:26:9:单位“市人力社保局”的页面地址(slug)是“human_resources-social-security”,"
                "应为小写英文字母、数字和单个连字符,如 health。"
            ),
        ],
        id="underscore-in-slug",
    ),
    pytest.param(
        UNITS,
        "  slug: xishan-government\n",
        "  slug: donghu-government\n",
        [
            (
                "data/units.yaml:81:9:单位“西山县政府”的页面地址(slug)“donghu-government”重复(第76行已有),"
                "每个页面地址只能写一次。"
            ),
        ],
        id="duplicate-slug",
    ),
    # --- templates, and several problems at once --------------------------------------------------------
    pytest.param(
        "templates/project.html",
        "<h1>第{{ item.no }}项</h1>",
        "<h1>第{{ item.number }}项</h1>",
        [
            (
                "templates/project.html:14: UndefinedError: 'disclosure.model.Item object' has "
                "no attribute 'number' (while rendering 2025 livelihood item 1)"
            ),
        ],
        id="template-error-halfway",
    ),
    pytest.param(
        (TASKS, LIVELIHOOD),
        ("    - 市科技局\n", NO_TARGET),
        ("    - 市科技厅\n", "          其他: 0\n"),
        [
            (
                "data/2024/livelihood.yaml:27:15:民生实事第1项第1行(机构)的各地目标中“其他”的数字是“0”,"
                "应为按文件原样写的数字(如 8、33.3),没有目标时写 /。文件从不以 0 为目标:这个地区没有目标时请写 "
                "/。"
            ),
            (
                "data/2024/tasks.yaml:11:7:第2项任务的责任单位“市科技厅”不在 data/units.yaml 中。"
                "是不是“市科技局”或“市农科院”?"
            ),
        ],
        id="two-errors-in-two-files-sorted",
    ),
    pytest.param(
        (UNITS, TASKS),
        ("    date: 2025-03-01\n", "    - 市发展改革委\n"),
        ("    date: 2025-01-10\n", "    - 市发展改革局\n"),
        [
            (
                "data/2024/tasks.yaml:7:7:第1项任务的责任单位“市发展改革局”不在 data/units.yaml 中。"
                "是不是“市发展改革委”或“市委改革办”?"
            ),
        ],
        id="a-failed-edition-is-not-taken-for-the-first-publication",  # 市档案馆's withdrawal is valid (after 2024)
    ),
]


def apply(path: Path, old: str | None, new: Edit) -> None:
    """Replace the first occurrence of old with new, or (old=None) the whole file with new(text)."""
    text = path.read_text("utf-8")
    if old is None:
        assert callable(new)
        result = new(text)
    else:
        assert isinstance(new, str)
        assert old in text, f"{old!r} not in {path}"
        result = text.replace(old, new, 1)
    path.write_bytes(result if isinstance(result, bytes) else result.encode("utf-8"))


def snapshot(folder: Path) -> dict[str, str]:
    """Every file (by content hash) and folder under folder."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in sorted(folder.rglob("*"))
    }


def run(project: Path, site: Path) -> int:
    return build.main(["--root", str(project), "--out", str(site), "--no-search"])


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the fixture site and the site built from it: (project, site)."""
    base = tmp_path_factory.mktemp("previous")
    make_project(base / "project")
    assert run(base / "project", base / "site") == 0
    return base / "project", base / "site"


@pytest.fixture
def workspace(previous: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """This test's own copy of the project and of the previous site, alone in tmp_path."""
    project, site = tmp_path / "project", tmp_path / "site"
    shutil.copytree(previous[0], project)
    shutil.copytree(previous[1], site)
    return project, site


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_bad_input_is_reported_and_the_site_is_left_alone(
    workspace: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    file: str | tuple[str, ...],
    old: str | tuple[str, ...] | None,
    new: Edit | tuple[str, ...],
    expected: list[str],
) -> None:
    assert_refused(workspace, tmp_path, capsys, file, old, new, expected)


def assert_refused(
    workspace: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    file: str | tuple[str, ...],
    old: str | tuple[str, ...] | None,
    new: Edit | tuple[str, ...],
    expected: list[str],
) -> None:
    """Make the edits, build, and check the exact error lines, exit 1, the site untouched, nothing left."""
    project, site = workspace
    before = snapshot(site)
    if isinstance(file, tuple):
        for f, o, n in zip(file, old, new, strict=True):
            apply(project / f, o, n)
    else:
        apply(project / file, old, new)
    capsys.readouterr()

    code = run(project, site)

    output = capsys.readouterr()
    assert output.err.splitlines() == [HEADLINE, *expected]
    assert output.out == ""
    assert code == 1
    assert snapshot(site) == before, "the previous site must be left byte for byte as it was"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "no temporary folder left beside it"


LATER = {
    "mistyped-link-in-markdown",
    "template-error-halfway",
}  # refused after validation, by the link check or a template


@pytest.mark.parametrize(("file", "old", "new", "expected"), [c for c in CASES if c.id not in LATER])
def test_every_message_with_a_record_begins_with_it(
    previous: tuple[Path, Path],
    tmp_path: Path,
    file: str | tuple[str, ...],
    old: str | tuple[str, ...] | None,
    new: Edit | tuple[str, ...],
    expected: list[str],
) -> None:
    """A CI annotation is titled by the record and shows the message: the sentence names the record first, as the
    printed line does (第2项任务的责任单位……), so the two never disagree."""
    project = tmp_path / "project"
    shutil.copytree(previous[0], project)
    for f, o, n in zip(*((file, old, new) if isinstance(file, tuple) else ((file,), (old,), (new,))), strict=True):
        apply(project / f, o, n)
    with pytest.raises(DataError) as refused:
        validate.build_site(load.read_sources(project))
    named = [p for p in refused.value.problems if p.record]
    assert all(p.names_record() for p in named), [str(p) for p in named if not p.names_record()]
    printed = [line for p in refused.value.problems for line in str(p).split("\n")]  # a syntax error quotes its line
    assert printed == [line for line in expected if not line.startswith("warning")]


def test_a_failure_after_staging_leaves_no_temporary_folder(
    workspace: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken link is found only once the new site is written into its temporary sibling folder."""
    project, site = workspace
    before = snapshot(site)
    apply(project / SOURCE_MD, MD_LINK, "[重点工作](../../data/2024/task.json)")
    capsys.readouterr()

    code = run(project, site)

    assert capsys.readouterr().err.splitlines() == [
        HEADLINE,
        "content/2024/source.md:10:链接“../../data/2024/task.json”指向 /data/2024/task.json,网站里没有这个地址:"
        "请检查拼写。",
    ]
    assert code == 1
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_a_quoted_slash_is_the_same_as_a_plain_one(
    workspace: tuple[Path, Path], previous: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`其他: "/"` is what a careful editor might type: it is accepted and builds the very same site."""
    project, site = workspace
    apply(project / LIVELIHOOD, NO_TARGET, '          其他: "/"\n')
    capsys.readouterr()

    code = run(project, site)

    assert [line for line in capsys.readouterr().err.splitlines() if not line.startswith("warning: ")] == []
    assert code == 0
    assert json.loads((site / "data/2024/livelihood.json").read_text("utf-8"))[0]["breakdown"]["其他"] is None
    assert snapshot(site) == snapshot(previous[1])


def test_a_trailing_zero_stays_on_the_page(workspace: tuple[Path, Path]) -> None:
    """`12.50` is a valid exact decimal (the transcription test, not the build, compares it with the source)."""
    project, site = workspace
    apply(project / LIVELIHOOD, "          东湖区: 12.5\n", "          东湖区: 12.50\n")
    assert run(project, site) == 0
    assert '<td class="num">12.50</td>' in (site / "2024/projects/4/index.html").read_text("utf-8")


def test_a_trailing_zero_stays_in_the_json(workspace: tuple[Path, Path]) -> None:
    project, site = workspace
    apply(project / LIVELIHOOD, "          东湖区: 12.5\n", "          东湖区: 12.50\n")
    assert run(project, site) == 0
    assert '"东湖区": 12.50,' in (site / "data/2024/livelihood.json").read_text("utf-8")


def refused(project: Path, site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Build, and return the error lines after checking the failure's promises (exit 1, site and folder kept)."""
    before = snapshot(site)
    capsys.readouterr()
    code = run(project, site)
    output = capsys.readouterr()
    assert code == 1
    assert output.out == ""
    assert output.err.splitlines()[0] == HEADLINE
    assert "Traceback" not in output.err
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "outside") == ["project", "site"]
    return output.err.splitlines()[1:]


LINK = "这是一个符号链接(指向 {}),这里要放仓库里的普通文件或文件夹:请用文件本身替换这个链接(构建从不跟随链接)。"


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("data/2024/source.txt", "/etc/passwd"),
        ("content/2024/notice.md", "/proc/self/environ"),
        ("data/units.yaml", "/etc/passwd"),
        ("templates/base.html", "/etc/passwd"),
        ("templates/static/style.css", "/proc/self/environ"),
        ("data/2024/tasks.yaml", "../units.yaml"),  # inside the repository, but still a link: one rule for all
    ],
)
def test_a_link_to_a_file_is_refused(
    workspace: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], link: str, target: str
) -> None:
    project, site = workspace
    (project / link).unlink()
    (project / link).symlink_to(target)

    assert refused(project, site, tmp_path, capsys) == [f"{link}:" + LINK.format(target)]


@pytest.mark.parametrize("link", ["data/2026", "content/2024", "templates/static", "data"])
def test_a_link_to_a_folder_outside_the_repository_is_refused(
    workspace: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], link: str
) -> None:
    """The folder outside holds a whole valid copy of what the link replaces, so only the link is wrong."""
    project, site = workspace
    outside = tmp_path / "outside"
    if (project / link).exists():
        shutil.move(project / link, outside)
    else:
        shutil.copytree(project / "data/2024", outside)
    (project / link).symlink_to(outside)

    assert refused(project, site, tmp_path, capsys) == [f"{link}:" + LINK.format(outside)]


def test_a_link_target_is_shown_escaped(
    workspace: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link's target is the one text of a pull request that reaches the log unchecked: no ESC, no new line
    (a line of its own could be read by GitHub Actions as a workflow command)."""
    project, site = workspace
    target = "x\n::warning title=injected::hello\n\x1b[2J"
    (project / "data/2024/extra").symlink_to(target)

    assert refused(project, site, tmp_path, capsys) == ["data/2024/extra:" + LINK.format(repr(target))]


def test_a_named_pipe_is_refused_not_waited_on(
    workspace: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, site = workspace
    (project / "data/2024/source.txt").unlink()
    os.mkfifo(project / "data/2024/source.txt")

    assert refused(project, site, tmp_path, capsys) == ["data/2024/source.txt:这是一个命名管道,这里要放普通文件。"]


def test_a_link_made_after_the_listing_is_refused_when_read(tmp_path: Path) -> None:
    """inputs.read_bytes opens every component without following links: a link swapped in after the scan."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data/units.yaml").write_text("- x\n", "utf-8")
    assert inputs.read_bytes(tmp_path, "data/units.yaml") == b"- x\n"
    (tmp_path / "data/units.yaml").unlink()
    (tmp_path / "data/units.yaml").symlink_to("/etc/passwd")
    with pytest.raises(DataError) as file_link:
        inputs.read_bytes(tmp_path, "data/units.yaml")
    (tmp_path / "data/units.yaml").unlink()
    (tmp_path / "data").rename(tmp_path / "elsewhere")
    (tmp_path / "data").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(DataError) as folder_link:
        inputs.read_bytes(tmp_path, "data/units.yaml")

    assert str(file_link.value) == "data/units.yaml:" + LINK.format("/etc/passwd")
    assert str(folder_link.value) == "data:" + LINK.format(tmp_path / "elsewhere")


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "content/2024/extra.md",
            (
                "content/2024/extra.md:没有页面使用这个文件,content/ 中应只有 index.md、2024/notice.md、"
                "2024/source.md、2025/notice.md、2025/source.md:请把它的文字移到其中一个文件里,或删除它。"
            ),
        ),
        (
            "content/2023/notice.md",
            (
                "content/2023/notice.md:没有页面使用这个文件,content/ 中应只有 index.md、2024/notice.md、"
                "2024/source.md、2025/notice.md、2025/source.md:请把它的文字移到其中一个文件里,或删除它。"
            ),
        ),
        (
            "content/2024/photo.png",
            "content/2024/photo.png:没有页面用到这个文件,content/ 下只能放 Markdown(.md)文件:请把它移走,或者删除。",
        ),
        (
            "data/2024/notes.xlsx",
            "data/2024/notes.xlsx:构建不读这个文件。data/ 下只能有 units.yaml、areas.yaml、aliases.yaml、README.md,"
            "以及每版一个文件夹,内有 document.yaml、tasks.yaml、livelihood.yaml、source.txt,"
            "以及 progress/ 下的 YAML 文件:请把它移出 data/,或者删除。",
        ),
    ],
)
def test_a_file_no_page_uses_is_reported(
    workspace: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str, expected: str
) -> None:
    project, site = workspace
    (project / extra).parent.mkdir(parents=True, exist_ok=True)
    (project / extra).write_text("# 说明\n", "utf-8")

    assert refused(project, site, tmp_path, capsys) == [expected]


def test_a_line_saved_as_gbk_is_reported_at_its_line_and_column(
    workspace: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One line pasted from a GBK file into an otherwise UTF-8 file."""
    project, site = workspace
    path = project / TASKS
    path.write_bytes(path.read_bytes().replace(TASK_2_TEXT.encode(), TASK_2_TEXT.encode("gb18030"), 1))

    assert refused(project, site, tmp_path, capsys) == [
        "data/2024/tasks.yaml:9:9:这里有不是 UTF-8 编码的字节(D1)(按 GBK/GB18030 能读通:"
        "这个文件或这一行是用中文 Windows 的编码保存的),文件要用 UTF-8 编码:请把它另存为 UTF-8。"
    ]
