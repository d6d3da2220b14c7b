"""Which characters no published text may hold: the invisible ones, defined from Unicode's categories.

A text may hold any visible character and the ASCII space. Refused, wherever they come from (typed,
pasted, or written as a YAML escape such as "\\u202e"):

- controls (Cc: NUL, tab, line feed, ESC, DEL, C1 controls) and surrogates (Cs);
- format characters (Cf: zero-width space and joiners, direction marks, bidi embeddings, overrides and
  isolates U+202A–202E and U+2066–2069, soft hyphen, word joiner, BOM, tag characters U+E0001–E007F);
- line and paragraph separators (Zl, Zp) and private-use characters (Co);
- every space separator but U+0020 (Zs: no-break space, ideographic space U+3000, thin spaces, …);
- what Unicode calls default-ignorable without being Cf: variation selectors (U+FE00–FE0F,
  U+E0100–E01EF, Mongolian U+180B–180F), the combining grapheme joiner U+034F, the Hangul fillers
  U+115F, U+1160, U+3164, U+FFA0 and the Khmer inherent vowels U+17B4–17B5, with the code points
  Unicode reserves as default-ignorable (U+2065, U+FFF0–FFF8, U+E0000–E0FFF);
- the braille pattern blank U+2800, and noncharacters (U+FDD0–FDEF, U+FFFE and U+FFFF of every plane).

Emoji ZWJ sequences (👨‍👩‍👧) are refused with the rest: the joiner U+200D is a format character and
U+FE0F a variation selector. No official document uses them, and search matches text character by
character, so a joined sequence could never be found. Other unassigned code points are allowed: a name in
a CJK extension newer than this Python's Unicode database must still be writable.

The ranges are written out below, since deriving them takes 0.25 s at every start;
tests/test_chars.py derives them again from unicodedata and fails if the two differ.
"""

from __future__ import annotations

import re
import unicodedata

CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
# Unicode's Default_Ignorable_Code_Point characters that are not Cf, the code points it reserves as such
# (unassigned today, invisible when assigned), and U+2800, a blank a name could hide behind.
NOT_CF_BUT_IGNORABLE = frozenset(
    {
        0x034F,  # combining grapheme joiner
        0x115F,  # Hangul choseong filler
        0x1160,  # Hangul jungseong filler
        0x17B4,  # Khmer vowel inherent aq
        0x17B5,  # Khmer vowel inherent aa
        *range(0x180B, 0x1810),  # Mongolian free variation selectors, vowel separator
        0x2065,  # reserved among the invisible operators
        0x2800,  # braille pattern blank
        0x3164,  # Hangul filler
        *range(0xFE00, 0xFE10),  # variation selectors
        0xFFA0,  # halfwidth Hangul filler
        *range(0xFFF0, 0xFFF9),  # reserved before the interlinear annotation characters
        *range(0xE0000, 0xE1000),  # tags, variation selectors supplement, and the rest of that block
    }
)
# Noncharacters: never text (U+FFFE and U+FFFF also stop the YAML reader).
NONCHARACTERS = frozenset(
    {*range(0xFDD0, 0xFDF0), *(plane + end for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF))}
)


def invisible(code: int) -> bool:
    """Whether a code point is refused in published text (the rule above)."""
    category = unicodedata.category(chr(code))
    return (
        category in CATEGORIES
        or (category == "Zs" and code != 0x20)
        or code in NOT_CF_BUT_IGNORABLE
        or code in NONCHARACTERS
    )


def derive() -> list[tuple[int, int]]:
    """The refused code points as ranges (first, last), derived from this Python's Unicode database."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x110000):
        if invisible(code):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return ranges


UNICODE_VERSION = "14.0.0"
RANGES = (
    (0x0000, 0x001F),
    (0x007F, 0x00A0),
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160),
    (0x1680, 0x1680),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x206F),
    (0x2800, 0x2800),
    (0x3000, 0x3000),
    (0x3164, 0x3164),
    (0xD800, 0xF8FF),
    (0xFDD0, 0xFDEF),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
    (0xFFFE, 0xFFFF),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0x1FFFE, 0x1FFFF),
    (0x2FFFE, 0x2FFFF),
    (0x3FFFE, 0x3FFFF),
    (0x4FFFE, 0x4FFFF),
    (0x5FFFE, 0x5FFFF),
    (0x6FFFE, 0x6FFFF),
    (0x7FFFE, 0x7FFFF),
    (0x8FFFE, 0x8FFFF),
    (0x9FFFE, 0x9FFFF),
    (0xAFFFE, 0xAFFFF),
    (0xBFFFE, 0xBFFFF),
    (0xCFFFE, 0xCFFFF),
    (0xDFFFE, 0xE0FFF),
    (0xEFFFE, 0x10FFFF),
)


def char_class(ranges: list[tuple[int, int]]) -> re.Pattern[str]:
    """A regex matching one character of the ranges."""
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


def without(ranges: tuple[tuple[int, int], ...], code: int) -> list[tuple[int, int]]:
    """The ranges less one code point."""
    out = []
    for a, b in ranges:
        out += [(a, code - 1), (code + 1, b)] if a <= code <= b else [(a, b)]
    return [(a, b) for a, b in out if a <= b]


INVISIBLE = char_class(list(RANGES))
# The same over a whole file, whose line feeds end its lines (a CR before one is the caller's to allow).
IN_FILE = char_class(without(RANGES, 0x0A))


def label(char: str) -> str:
    """U+202E (right-to-left override): how a message names an invisible character."""
    name = {"\t": "tab", "\n": "line break", "\r": "carriage return"}.get(char)
    name = name or unicodedata.name(char, "").lower() or f"a {unicodedata.category(char)} character"
    return f"U+{ord(char):04X} ({name})"
