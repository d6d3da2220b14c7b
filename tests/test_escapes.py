"""Properties of the character rule over every code point: typed or written as a YAML escape, a character
is refused exactly when disclosure/chars.py says it is invisible, and otherwise read back as itself."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from disclosure.chars import INVISIBLE, label
from disclosure.errors import DataError
from disclosure.source.load import parse_yaml

code_points = st.integers(min_value=0, max_value=0x10FFFF)
# No per-example deadline: one parse takes well under a millisecond, but on a shared, loaded machine an example
# once took 634 ms and failed Hypothesis's default 200 ms deadline though its answer was right.
UNTIMED = settings(deadline=None)


def escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


@UNTIMED
@given(code_points)
@example(0x202E)
@example(0x1B)
@example(0x3000)
@example(0x4EBA)
@example(0xE0041)
@example(0xFFFE)
@example(0xFFFF)
@example(0x2800)
def test_an_escaped_character_is_refused_exactly_when_it_is_invisible(code: int) -> None:
    char = chr(code)
    text = f'- no: 1\n  text: "研发{escape(code)}投入"\n'
    if 0xD800 <= code <= 0xDFFF:  # the YAML parser itself refuses a lone surrogate escape
        with pytest.raises(DataError):
            parse_yaml(text, "t.yaml")
    elif INVISIBLE.match(char):
        with pytest.raises(DataError) as error:
            parse_yaml(text, "t.yaml")
        assert str(error.value) == (
            f"t.yaml:2:9:这里用转义写了一个看不见的字符 {label(char)},只能写看得见的文字:请删除它。"
        )
    else:
        assert parse_yaml(text, "t.yaml")[0]["text"] == f"研发{char}投入"


@UNTIMED
@given(code_points.filter(lambda c: not 0xD800 <= c <= 0xDFFF))
@example(0x200B)
@example(0x09)
@example(0xFEFF)
@example(0xFFFF)
@example(0x17B4)
def test_a_typed_character_is_refused_exactly_when_it_is_invisible(code: int) -> None:
    """Typed inside a single-quoted value, where YAML gives no character a meaning but the quote itself."""
    char = chr(code)
    text = f"- no: 1\n  text: '研发{char}投入'\n"
    if char in "\n'":  # YAML's own: a line break folds, a quote ends the value
        return
    if INVISIBLE.match(char):
        with pytest.raises(DataError) as error:
            parse_yaml(text, "t.yaml")
        assert f"t.yaml:2:12:这里有一个看不见的字符 {label(char)},只能写看得见的文字:请删除它。" in str(error.value)
    else:
        assert parse_yaml(text, "t.yaml")[0]["text"] == f"研发{char}投入"
