"""The refused characters (disclosure/chars.py) are the ones its rule defines, in this Python's Unicode."""

from __future__ import annotations

import unicodedata

import pytest

from disclosure import chars


def test_the_written_out_ranges_are_the_rule_derived_from_unicodedata() -> None:
    assert unicodedata.unidata_version == chars.UNICODE_VERSION, "regenerate RANGES: the Unicode database changed"
    assert list(chars.RANGES) == chars.derive()


@pytest.mark.parametrize(
    "char",
    [
        "\x00", "\t", "\n", "\r", "\x1b", "\x7f", "\x85",  # controls
        "\u00ad", "\u200b", "\u200d", "\u200e", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff",  # format
        "\U000e0001", "\U000e0041", "\U000e007f",  # tags
        "\ufe00", "\ufe0f", "\U000e0100", "\u180b", "\u034f",  # variation selectors, grapheme joiner
        "\u2028", "\u2029", "\ue000", "\U000f0000", "\U0010fffd",  # separators, private use
        "\u00a0", "\u2002", "\u2009", "\u202f", "\u205f", "\u3000", "\u1680",  # spaces other than U+0020
        "\u3164", "\uffa0", "\u115f", "\u1160", "\u17b4", "\u2800",  # fillers and blanks
        "\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\u2065", "\U000e0080", "\ufff0",  # never text
    ],
)  # fmt: skip
def test_a_refused_character_is_found(char: str) -> None:
    assert chars.INVISIBLE.fullmatch(char)


@pytest.mark.parametrize(
    "char", [" ", "a", "人", "⼈", "（", "、", "。", "〔", "—", "…", "％", "\U00031350", "👨", "é", "\u0301"]
)
def test_visible_text_and_the_ascii_space_are_allowed(char: str) -> None:
    """Look-alikes (⼈) are allowed here and refused where names are compared; combining accents are visible."""
    assert not chars.INVISIBLE.search(char)
