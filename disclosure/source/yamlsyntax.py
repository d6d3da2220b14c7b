"""YAML syntax errors in plain Chinese: the slip an editor made, the line quoted, a caret under the place.

PyYAML's own words ("did not find expected '-' indicator") never reach an editor: each error is matched
to the slip that causes it (a bad indent, no space after a colon or a dash, a quote left open, a value
beginning with a character YAML reserves), and when none fits the message says only that the line is not
written as YAML. The first line of a message is one sentence after the `file:line:col:` prefix, so tools and
CI annotations read it as before; the quoted lines follow, as a compiler shows them:

    data/2024/tasks.yaml:9:2:缩进不一致:这一行比第8行的“no:”少缩进了1个空格,同一层的字段要上下对齐。
        8 | - no: 2
        9 |  text: 研发投入强度达到3.5%。
          |  ^
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from disclosure.errors import Pos, Problem

# A key typed without the space after its colon ("text:研发…"), which YAML reads as part of a text.
NO_SPACE_KEY = re.compile(r"^\s*(?:-\s+)?([^\W\d][\w()（）-]*):(?=[^\s/])")
# A list item typed without the space after its dash ("-市科技局"), which YAML reads as text beginning with -.
NO_SPACE_DASH = re.compile(r"^( *)-(?=[^\s-])")
# A line's key, after its indent and any list dashes ("  - name: 机构" -> the indent of name).
KEY_START = re.compile(r"^((?: *- +)* *)([^\s:#][^:#]*?):(?:\s|$)")
# The characters a plain value may not begin with (YAML reserves them), and what each one means to YAML.
RESERVED = {
    "*": "引用(别名)",
    "&": "锚点",
    "!": "标签",
    "%": "指令",
    "@": "保留字符",
    "`": "保留字符",
    "|": "多行文字",
    ">": "折叠文字",
    "]": "列表的结尾",
    "}": "映射的结尾",
    ",": "分隔符",
}
QUOTES = {'"': "双引号", "'": "单引号"}
INDENT_WORDS = {1: "1个空格", 2: "两个空格"}


def width(text: str) -> int:
    """Columns text takes in a terminal or a monospaced page: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def shown(line: str) -> str:
    """A line as it may be printed: a tab as →, any other invisible character but U+3000 as �."""
    return "".join("→" if c == "\t" else c if c.isprintable() or c == "\u3000" else "�" for c in line)


def excerpt(lines: list[str], number: int, column: int, before: tuple[int, ...] = ()) -> str:
    """The lines numbered before (1-based) and number quoted with their numbers, a caret under column."""
    numbers = sorted({*before, number})
    gutter = len(str(numbers[-1]))
    out = []
    for n in numbers:
        text = shown(lines[n - 1]) if n <= len(lines) else ""
        out.append(f"    {n:>{gutter}} | {text}".rstrip())
        if n == number:
            out.append(f"    {'':>{gutter}} | {' ' * width(text[: column - 1])}^")
    return "\n".join(out)


def problem(
    name: str, lines: list[str], number: int, column: int, sentence: str, before: tuple[int, ...] = ()
) -> Problem:
    """A syntax problem at line number, column (1-based): the sentence, then the quoted lines and the caret."""
    return Problem(Pos(name, number, column), "", f"{sentence}\n{excerpt(lines, number, column, before)}")


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def key_indent(line: str) -> int | None:
    """The column (0-based) at which the line's key starts, after any list dashes; None: no key on it."""
    m = KEY_START.match(line)
    return len(m.group(1)) if m else None


def spaces(n: int) -> str:
    return INDENT_WORDS.get(n, f"{n}个空格")


def misaligned(name: str, lines: list[str], number: int) -> Problem | None:
    """The line (1-based) is indented as no line before it: name the nearest line it should align with."""
    line = lines[number - 1]
    here = indent(line)
    for n in range(number - 1, 0, -1):
        other = lines[n - 1]
        if not other.strip() or other.lstrip().startswith("#"):
            continue
        level = key_indent(other)
        if level is None:
            level = indent(other) + (2 if other.lstrip().startswith("- ") else 0)
        if level > here + 2:  # a line nested deeper, in the block above
            continue
        if level == here or level < here - 2:  # aligned with it, or far from any level: not a slip of indent
            return None
        key = KEY_START.match(other)
        what = f"第{n}行的“{key.group(2)}:”" if key else f"第{n}行"
        more = "多" if here > level else "少"
        return problem(
            name,
            lines,
            number,
            here + 1,
            f"缩进不一致:这一行比{what}{more}缩进了{spaces(abs(here - level))},同一层的字段要上下对齐。",
            (n,),
        )
    return None


def explain(e: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    """A PyYAML syntax error as an editor can act on it: the slip that caused it, where it was typed."""
    lines = text.split("\n")
    mark = e.problem_mark or e.context_mark
    if mark is None:
        return Problem(Pos(name), "", "这个文件的写法不合 YAML 格式。")
    at = min(mark.line, len(lines) - 1)
    said = e.problem or ""
    context = e.context or ""
    # A key typed without the space after its colon reads as text, and the parser fails a line or two later.
    for number in range(at, max(at - 3, -1), -1):
        if key := NO_SPACE_KEY.match(lines[number]):
            return problem(
                name,
                lines,
                number + 1,
                key.end(),  # the colon
                f"冒号后要有空格:“{key.group(1)}:”后面没有空格,YAML 读不出这个字段。应写作“{key.group(1)}: …”。",
            )
    # A list item typed without the space after its dash.
    for number in range(at, max(at - 2, -1), -1):
        if dash := NO_SPACE_DASH.match(lines[number]):
            return problem(name, lines, number + 1, dash.end(), "列表项的“-”后要有空格:应写作“- ”再接内容。")
    # A quote opened and never closed: the parser runs to the end of the file.
    if context.startswith("while scanning a quoted scalar") and e.context_mark is not None:
        start = e.context_mark
        quote = lines[start.line][start.column] if start.column < len(lines[start.line]) else '"'
        return problem(
            name,
            lines,
            start.line + 1,
            start.column + 1,
            f"引号没有配对:这里的{QUOTES.get(quote, '引号')}“{quote}”开始了一段加引号的文字,"
            f"但后面没有与它配对的“{quote}”。请在这个值的末尾补上“{quote}”,或者删去这个“{quote}”。",
        )
    line = lines[at]
    column = mark.column
    if said.startswith("found unknown escape character") and context.startswith("while parsing a quoted scalar"):
        return problem(
            name,
            lines,
            at + 1,
            column + 1,
            "双引号里的“\\”是转义符号,后面这个字不能转义:如果“\\”是文字的一部分,请写成“\\\\”,或者把双引号换成单引号。",
        )
    # A value beginning with a character YAML reserves (% @ ` * & ! | > ] } ,), or an opened [ or { never closed.
    value_start = e.context_mark if e.context_mark is not None and e.context_mark.line == at else mark
    for where in (value_start, mark):
        if where.line == at and where.column < len(line) and (char := line[where.column]) in RESERVED:
            before = line[: where.column].rstrip()
            if before.endswith(":") or before.endswith("-") or not before.strip():
                return problem(
                    name,
                    lines,
                    at + 1,
                    where.column + 1,
                    f"值不能以“{char}”开头:YAML 把开头的“{char}”读作{RESERVED[char]}。"
                    f'如果“{char}”是文字的一部分,请把整个值放进引号里,写作 "{char}…"。',
                )
    if context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) and e.context_mark:
        start = e.context_mark
        open_, close = ("[", "]") if "sequence" in context else ("{", "}")
        return problem(
            name,
            lines,
            start.line + 1,
            start.column + 1,
            f"括号没有配对:以“{open_}”开头的值被 YAML 读作{'列表' if open_ == '[' else '映射'},"
            f"要有配对的“{close}”。如果“{open_}”是文字的一部分,请把整个值放进引号里。",
        )
    if said.startswith("mapping values are not allowed"):
        key = KEY_START.match(line)
        if key and len(key.group(0).rstrip()) - 1 < column:  # the line's own key comes before the colon
            return problem(
                name,
                lines,
                at + 1,
                column + 1,
                "值里有“: ”(冒号加空格),YAML 把它读作又一个字段。请去掉冒号后的空格,或者把整个值放进引号里。",
            )
        # A key indented more than the field above it: YAML took it for the rest of that field's value.
        if (found := misaligned(name, lines, at + 1)) is not None:
            return found
    if said.startswith(("did not find expected '-' indicator", "did not find expected key")):
        if column == indent(line) and (found := misaligned(name, lines, at + 1)) is not None:
            return found
        quoted = line[:column].rstrip()
        if quoted[-1:] in QUOTES:
            return problem(
                name,
                lines,
                at + 1,
                column + 1,
                "引号只能括住整个值:引号结束后这一行还有文字。请把整个值放进引号里,或者去掉引号。",
            )
    return problem(name, lines, at + 1, column + 1, "这一行的写法不合 YAML 格式。")
