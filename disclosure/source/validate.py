"""Turn raw sources into the model, collecting every problem before failing once."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TypeVar
from urllib.parse import urlsplit

from disclosure.errors import DataError, Pos, Problem
from disclosure.model import (
    Alias,
    Amount,
    Area,
    Category,
    Cell,
    Completion,
    DataPackage,
    Document,
    Edition,
    Feedback,
    Figure,
    Indicator,
    Item,
    Labels,
    Licence,
    ProgressReport,
    Registration,
    ReportSource,
    RowProgress,
    Section,
    Site,
    SiteInfo,
    Status,
    Task,
    TaskProgress,
    Unit,
    Withdrawal,
    link_site,
    plain,
    share,
)
from disclosure.source.fields import (
    ALIAS,
    AREA,
    CATEGORY,
    DATA_PACKAGE,
    DEFAULT_STATUSES,
    DOCUMENT,
    DONE,
    EMAIL,
    EXAMPLE,
    FEEDBACK,
    INDICATOR,
    ITEM,
    LABELS,
    LEAD_RULE,
    LICENCE,
    LIVELIHOOD,
    MONTHS,
    NUMBERING,
    ONE_CHARACTER,
    PERIOD,
    PHONE,
    REGISTRATION,
    REPORT,
    REPORT_SOURCE,
    ROW_PROGRESS,
    SITE,
    SLUG,
    STATUS,
    TASK,
    TASK_PROGRESS,
    TASK_SECTION,
    TASK_SECTIONS,
    UNIT,
    UNSTATED,
    WITHDRAWAL,
    Fields,
    ValueKind,
)
from disclosure.source.load import Map, NeedPositions, Seq, Sources, Str, Value, read_sources
from disclosure.source.markup import render_markdown

T = TypeVar("T")
NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
INTEGER = re.compile(r"[1-9][0-9]*")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PERIOD_ENDS = {"一季度": 3, "上半年": 6, "前三季度": 9, "全年": 12}  # the month a period's as_of falls in
TASK_REF = re.compile(r"[1-9][0-9]*(?:-[1-9][0-9]*)?")  # 5, or 2-5 (section 2, task 5)
MARKUP = re.compile(r"[<>]")
FORMULA_START = frozenset("=+-@")  # with tab and CR (refused as invisible): OWASP's CSV-injection characters
SLUG_MAX = 60
# Names Windows refuses for a file or folder (a clone of the site there would fail), and so for a slug.
RESERVED_SLUGS = frozenset({"con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(10))})
SEPARATED = re.compile(r"[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?")


MEASURE = re.compile(r"[^\W\d_]{1,4}")  # 家, 个, 公里, 人次, 平方米: letters, no figure or space


ALIAS_WORD = re.compile(r"[^\W_]+")  # one word as search.js splits a query: letters and digits


class Checker:
    """Reads fields out of loaded YAML, recording a Problem for every mismatch."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.look_alikes: set[str] = set()  # registered names already refused for their look-alike characters

    def fail(self, pos: Pos, record: str, message: str) -> None:
        self.problems.append(Problem(pos, record, message))

    def mapping(self, value: Value, record: str, fields: Fields) -> Map | None:
        """A mapping holding every required field its declaration names, and no field it does not name."""
        required, optional = fields.required, fields.optional
        if not isinstance(value, Map):
            self.fail(
                value.pos,
                record,
                f"found {describe(value)}, expected a mapping with the fields "
                + ", ".join(sorted(required or optional)),
            )
            return None
        for key in value:
            if key not in required and key not in optional:
                allowed = ", ".join(sorted(required | optional))
                self.fail(key.pos, record, f"unknown field {key!r}, expected one of: {allowed}")
        for key in sorted(required - value.keys()):
            self.fail(value.pos, record, f"missing field {key!r}")
        return value

    def sequence(self, value: Value | None, record: str, what: str, may_be_empty: bool = False, one: str = "") -> Seq:
        """A list of what; one names a single item (task) for the message when an empty list is refused."""
        if isinstance(value, Seq) and not value and not may_be_empty:
            expected = f"at least one {one}" if one else f"a non-empty list of {what}"
            self.fail(value.pos, record, f"found an empty list, expected {expected}")
            return Seq()
        if not isinstance(value, Seq):
            if value is not None:
                size = "a list" if may_be_empty else "a non-empty list"
                self.fail(value.pos, record, f"found {describe(value)}, expected {size} of {what}")
            return Seq()
        return value

    def text(self, m: Map, key: str, record: str, free: bool = True) -> str | None:
        """A text field; free text (not a number or slug, which have patterns of their own) may not begin
        like a spreadsheet formula."""
        value = m.get(key)
        if value is None:
            return None
        if not isinstance(value, Str) or not value.strip():
            self.fail(value.pos, record, f"{key}: found {describe(value)}, expected text")
            return None
        if value != value.strip():
            self.fail(value.pos, record, f"{key}: found spaces at the start or end of {value!r}, expected none")
        if free and value[:1] in FORMULA_START:
            self.fail(
                value.pos,
                record,
                f"{key}: found {value!r}, which begins with {value[0]}, expected text that does not begin with "
                "= + - or @ (a spreadsheet opening the CSV download would run it as a formula): reword its start",
            )
        if MARKUP.search(value):
            self.fail(
                value.pos,
                record,
                f"{key}: found < or > in {value!r}, expected plain text without HTML "
                "(for a comparison, use the full-width ＜ ＞)",
            )
        return str(value)

    def measure(self, m: Map, record: str) -> str | None:
        """An indicator's unit of measure: a word shown after each of its figures (100 家), nothing else."""
        return self.match(
            m, "unit", record, MEASURE, "a unit of measure of one to four letters, such as 家, 个, 公里 or 人次"
        )

    def match(self, m: Map, key: str, record: str, pattern: re.Pattern[str], expected: str) -> str | None:
        value = self.text(m, key, record, free=False)
        if value is not None and not pattern.fullmatch(value):
            self.fail(m[key].pos, record, f"{key}: found {value!r}, expected {expected}")
            return None
        return value

    def task_ref(self, m: Map, key: str, record: str) -> str | None:
        """A task as a report names it: its number (5), or section and number (2-5) under per-section numbering."""
        return self.match(m, key, record, TASK_REF, "a task number such as 5, or section-number such as 2-5")

    def address(self, m: Map, key: str, record: str) -> str | None:
        """An absolute http(s) address, such as a site's or a licence's."""
        value = self.text(m, key, record, free=False)
        if value is None:
            return None
        try:
            parts = urlsplit(value)
            ok = parts.port is None or parts.port > 0  # .port raises ValueError when it is not a number
            ok = ok and parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.username
            ok = ok and not parts.query and not parts.fragment and not any(c.isspace() for c in value)
        except ValueError:  # a port that is not a number, a broken IPv6 address
            ok = False
        if not ok:
            self.fail(
                m[key].pos,
                record,
                f"{key}: found {value!r}, expected an absolute http or https address such as https://www.example.gov.cn/",
            )
            return None
        return value

    def vocabulary(self, m: Map, key: str, record: str, example: str) -> dict[str, str] | None:
        """A mapping of slugs to labels (unit_kinds, area_kinds): non-empty, each slug URL-safe, each label text."""
        value = m.get(key)
        if value is None:
            return None
        if not isinstance(value, Map) or not value:
            found = "an empty mapping" if isinstance(value, Map) else describe(value)
            self.fail(value.pos, record, f"{key}: found {found}, expected a mapping of slugs to labels")
            return None
        found: dict[str, str] = {}
        for slug in value:
            label = self.text(value, slug, f"{record} {key}")
            if not SLUG.fullmatch(slug):
                self.fail(
                    slug.pos,
                    f"{record} {key}",
                    f"found {slug!r}, expected a slug (lowercase ASCII letters, digits and single hyphens) "
                    f"such as {example}",
                )
            elif label is not None:
                found[str(slug)] = label
        return found if len(found) == len(value) else None

    def integer(self, m: Map, key: str, record: str) -> int | None:
        value = m.get(key)
        if isinstance(value, Str) and value.isascii() and value.isdigit() and value.startswith("0") and int(value):
            self.fail(
                value.pos,
                record,
                f"{key}: found {value!r}, expected a whole number without leading zeros: {int(value)}",
            )
            return None
        value = self.match(m, key, record, INTEGER, "a whole number such as 17")
        return None if value is None else int(value)

    def slug_limits(self, value: Str, record: str, key: str) -> bool:
        """A slug's length and Windows' reserved names, which the pattern alone allows."""
        if len(value) > SLUG_MAX:
            self.fail(value.pos, record, f"{key}: found a slug of {len(value)} characters, expected at most {SLUG_MAX}")
            return False
        if value in RESERVED_SLUGS:
            self.fail(
                value.pos,
                record,
                f"{key}: found {value!r}, a name Windows reserves for a device (con, prn, aux, nul, com0–com9, "
                "lpt0–lpt9), expected another slug: a clone of the site on Windows could not hold that folder",
            )
            return False
        return True

    def former_slugs(self, m: Map, record: str, seen: dict[str, Str]) -> tuple[str, ...]:
        """`former_slugs`: addresses the record had before, each URL-safe and used by no other record."""
        found = []
        for value in self.sequence(m.get("former_slugs"), record, "earlier slugs") if "former_slugs" in m else []:
            if not isinstance(value, Str) or not SLUG.fullmatch(value):
                self.fail(value.pos, record, f"former_slugs: found {describe(value)}, expected a slug such as health")
            elif not self.slug_limits(value, record, "former_slugs"):
                continue
            elif value in seen:
                self.fail(
                    value.pos,
                    record,
                    f"slug {value!r} is already used at line {seen[value].pos.line}, expected each slug once",
                )
            else:
                seen[value] = value
                found.append(str(value))
        return tuple(found)

    def slug(self, m: Map, record: str, example: str, seen: dict[str, Str]) -> str | None:
        """The record's slug: URL-safe, and not already used by another record of its registry (seen)."""
        slug = self.match(
            m, "slug", record, SLUG, f"lowercase ASCII letters, digits and single hyphens, such as {example}"
        )
        if slug is None or not self.slug_limits(m["slug"], record, "slug"):
            return None
        if slug in seen:
            line = seen[slug].pos.line
            self.fail(m["slug"].pos, record, f"slug {slug!r} is already used at line {line}, expected each slug once")
        seen.setdefault(slug, m["slug"])
        return slug

    def figure(self, value: Value, record: str) -> Figure | None:
        if isinstance(value, Str) and value == "/":
            return Figure(None)
        if isinstance(value, Str) and NUMBER.fullmatch(value) and Decimal(value) != 0:
            return Figure(Decimal(value))
        expected = "expected a number written as in the document (8, 33.3) or / for no target"
        if not isinstance(value, Str):
            hint = ""
        elif NUMBER.fullmatch(value):
            hint = "; the document never sets a target of 0: write / if this area has no target"
        elif SEPARATED.fullmatch(value):
            hint = f"; write it without thousands separators: {re.sub('[,，]', '', value)}"
        elif value.strip() != value or "／" in value or any("０" <= c <= "９" or c == "．" for c in value):
            hint = (
                f"; retype it with half-width characters and no spaces: {unicodedata.normalize('NFKC', value).strip()}"
            )
        else:
            hint = ""
        self.fail(value.pos, record, f"found {describe(value)}, {expected}{hint}")
        return None

    def amount(self, value: Value, record: str) -> Amount | None:
        """A figure a progress report gives: a number as written (0 allowed), or / when it gives none."""
        if isinstance(value, Str) and value == "/":
            return Amount(None)
        if isinstance(value, Str) and NUMBER.fullmatch(value):
            return Amount(Decimal(value))
        hint = ""
        if isinstance(value, Str) and SEPARATED.fullmatch(value):
            hint = f"; write it without thousands separators: {re.sub('[,，]', '', value)}"
        elif isinstance(value, Str) and unicodedata.normalize("NFKC", value).strip() != value:
            hint = (
                f"; retype it with half-width characters and no spaces: {unicodedata.normalize('NFKC', value).strip()}"
            )
        elif isinstance(value, Str) and value.endswith("%"):
            hint = "; write the amount completed, not a rate: the site computes 完成率 from it and the target"
        self.fail(
            value.pos,
            record,
            f"found {describe(value)}, expected a number as the report writes it (0, 8, 33.3) or / when it gives none"
            + hint,
        )
        return None

    def day(self, m: Map, key: str, record: str) -> date | None:
        value = self.match(m, key, record, DATE, "a date written YYYY-MM-DD")
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(m[key].pos, record, f"{key}: found {value!r}, expected a real calendar date YYYY-MM-DD")
            return None

    def choice(self, m: Map, key: str, record: str, choices: dict[str, str]) -> str | None:
        value = self.text(m, key, record, free=False)
        if value is not None and value not in choices:
            self.fail(m[key].pos, record, f"{key}: found {value!r}, expected one of: {', '.join(choices)}")
            return None
        return value

    def ref(self, value: Value, record: str, registry: dict[str, T], what: str) -> T | None:
        if isinstance(value, Str) and value in registry:
            return registry[value]
        hint = ""
        twin = look_alike(value, registry) if isinstance(value, Str) else None
        if twin in self.look_alikes:  # the registered name itself is wrong, and has its error: one is enough
            return registry[twin]
        if twin:
            hint = f"; did you mean {twin}? (the two differ only in look-alike characters{differences(value, twin)})"
        elif isinstance(value, Str):
            hint = did_you_mean(value, registry) or f"; add it to {what} first"
        self.fail(value.pos, record, f"found {describe(value)}, expected a name listed in {what}{hint}")
        return None

    def registered(self, m: Map, record: str, name: str | None, known: dict[str, T], what: str) -> str | None:
        """A registry's name, refused when it holds look-alike characters (a twin of a name already listed)."""
        if name is None:
            return None
        normal = unicodedata.normalize("NFKC", name)
        if normal == name:
            return name
        pos, diff = m["name"].pos, differences(name, normal)
        # Not a twin: the name is still registered (the build stops on this error), so that the references
        # written with the same characters add no error each, and other spellings get the right "did you mean".
        if normal in known:
            line = known[normal].pos.line  # type: ignore[attr-defined]
            self.fail(
                pos,
                record,
                f"name: found {name!r}, the same name as {normal!r} (line {line}) once look-alike characters are "
                f"unified{diff}; did you mean {normal}? expected each {what} once",
            )
            return None
        self.fail(
            pos,
            record,
            f"name: found {name!r} with look-alike characters{diff}, expected {normal!r}: "
            "retype it with the ordinary characters",
        )
        self.look_alikes.add(name)
        return name

    def withdrawal(self, m: Map, record: str, published: date | None = None) -> Withdrawal | None:
        """The optional `withdrawn: {date, reason}` of a record taken back after publication."""
        if "withdrawn" not in m:
            return None
        w = self.mapping(m["withdrawn"], f"{record} withdrawn", WITHDRAWAL)
        if w is None:
            return None
        day, reason = self.day(w, "date", f"{record} withdrawn"), self.text(w, "reason", f"{record} withdrawn")
        if day and published and day < published:
            self.fail(
                w["date"].pos,
                f"{record} withdrawn",
                f"date: found {day.isoformat()}, before the record was published ({published.isoformat()}), "
                "expected the day it was withdrawn, on or after its publication",
            )
            return None
        return Withdrawal(day, reason, w["date"]) if day and reason else None

    def numbered(self, raw: Seq | list[Value], label: str, prefix: str = "", where: str = "") -> None:
        """Check that the records' `no` fields count 1, 2, 3, … (read from the raw records, so that a
        record rejected for another reason does not also shift the numbering). prefix goes before a
        record's number in its name ("2-" for task 2-5), where after its position ("in section 2")."""
        for expected, rec in enumerate(raw, start=1):
            no = rec.get("no") if isinstance(rec, Map) else None
            if isinstance(no, Str) and INTEGER.fullmatch(no) and int(no) != expected:
                self.fail(
                    no.pos,
                    f"{label} {prefix}{no}",
                    f"found number {no} at position {expected}{where}, "
                    "expected the numbers 1, 2, 3, … in order without gaps or repeats",
                )
                return


def look_alike(name: str, names: Iterable[str]) -> str | None:
    """The name among names that is the same as name once look-alike characters are unified (NFKC), if any."""
    normal = unicodedata.normalize("NFKC", name)
    return next((n for n in names if n != name and unicodedata.normalize("NFKC", n) == normal), None)


def differences(found: str, meant: str) -> str:
    """': ⼈ (U+2F08) for 人 (U+4EBA), …' for two names of the same length, else nothing."""
    if len(found) != len(meant):
        return ""
    pairs = dict.fromkeys((a, b) for a, b in zip(found, meant, strict=True) if a != b)
    return ": " + ", ".join(f"{a} (U+{ord(a):04X}) for {b} (U+{ord(b):04X})" for a, b in pairs)


def did_you_mean(value: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.5) -> str:
    """The end of a message naming the closest choices ("; did you mean A or B?"), or "" when none is close."""
    close = difflib.get_close_matches(value, list(choices), n=n, cutoff=cutoff)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def describe(value: Value | None) -> str:
    if isinstance(value, Map):
        return "a mapping"
    if isinstance(value, Seq):
        return "a list"
    if value is None or value == "":
        return "nothing"
    return repr(str(value))


def build_site(sources: Sources) -> Site:
    """Validate every source and return the linked Site, or raise DataError listing all problems."""
    try:
        return _build_site(sources)
    except NeedPositions:  # a problem to report, in values read without positions: read them again with
        return _build_site(read_sources(sources.root, placed=True))


def _build_site(sources: Sources) -> Site:
    check = Checker()
    info = read_site_info(check, sources.site)
    areas = read_areas(check, sources.areas, info.area_kinds if info else None)
    units = read_units(check, sources.units, {a.name: a for a in areas}, info)
    editions = [
        read_edition(
            check,
            folder,
            files,
            sources.source_texts[folder],
            {u.name: u for u in units},
            {a.name: a for a in areas},
            info.statuses if info else None,  # None: site.yaml refused, its statuses unknown (not checked)
        )
        for folder, files in sources.editions.items()
    ]
    # The site's first publication is known only when every edition read: with one refused, a later one would
    # pass for the first, and a withdrawal between the two would be reported as before it.
    if editions and all(e is not None for e in editions):
        published = [e.document.published for e in editions if e is not None]
        for unit in units:
            if unit.withdrawn and unit.withdrawn.date < min(published):
                check.fail(
                    unit.withdrawn.pos or unit.pos,
                    f"unit {unit.name} withdrawn",
                    f"date: found {unit.withdrawn.date.isoformat()}, before the site's first document was "
                    f"published ({min(published).isoformat()}), expected the day the unit was withdrawn",
                )
    shared_numbers(check, sources.editions)
    pages = ["index.md", *(f"{year}/{page}.md" for year in sources.editions for page in ("notice", "source"))]
    content = {}
    for name, text in sources.content.items():
        if name not in pages:
            check.fail(
                Pos(f"content/{name}"),
                "",
                f"no page uses this file, expected in content/ only {', '.join(pages)}: "
                "move its text into one of them, or delete it",
            )
            continue
        content[name], problems = render_markdown(text, f"content/{name}")
        check.problems += problems
    for name in pages:
        if name not in content and name not in sources.content:
            check.fail(Pos(f"content/{name}"), "", "file not found, expected the Markdown text of this page")
    if editions and all(e is not None for e in editions):  # with one refused, its columns are unknown
        listed = {a for e in editions if e is not None for a in e.document.area_columns}
        for area in areas:
            if area not in listed:
                check.fail(
                    area.pos,
                    f"area {area.name}",
                    "no edition lists it in the area_columns of its data/<year>/document.yaml, expected it a column "
                    "of at least one edition's livelihood table: add it there, or delete it from data/areas.yaml",
                )
    if check.problems:
        raise DataError(check.problems)
    assert info is not None  # a site.yaml that did not read recorded its problems
    complete = tuple(sorted((e for e in editions if e is not None), key=lambda e: -e.year))
    aliases = read_aliases(check, sources.aliases, units, areas, complete) if sources.aliases is not None else ()
    if check.problems:
        raise DataError(check.problems)
    warnings = (*sum_warnings(complete), *completion_warnings(complete))
    return link_site(info, units, areas, complete, content, warnings, aliases)


def shared_numbers(check: Checker, editions: dict[str, dict[str, Value]]) -> None:
    """Refuse a doc_no or index_no that two editions share: a document.yaml copied from another year."""
    for key in ("doc_no", "index_no"):
        first: dict[str, tuple[str, Str]] = {}
        for folder, files in editions.items():
            m = files.get("document")
            value = m.get(key) if isinstance(m, Map) else None
            if not isinstance(value, Str):
                continue
            if value in first:
                other, was = first[value]
                check.fail(
                    value.pos,
                    f"document {folder}",
                    f"{key}: found {value!r}, the {key} of data/{other}/document.yaml (line {was.pos.line}) too, "
                    f"expected each edition's own {key}: a document.yaml copied from another year keeps that "
                    "year's numbers",
                )
            else:
                first[str(value)] = (folder, value)


def read_site_info(check: Checker, raw: Value) -> SiteInfo | None:
    """site.yaml: the site's identity, labels and vocabularies; None (its problems recorded) when wrong."""
    before = len(check.problems)
    m = check.mapping(raw, "site", SITE)
    if m is None:
        return None
    texts = {key: check.text(m, key, "site") for key in ("name", "city", "publisher")}
    texts["short_name"] = check.text(m, "short_name", "site") if "short_name" in m else None
    texts["organizer"] = check.text(m, "organizer", "site") if "organizer" in m else None
    texts["city_short"] = check.match(m, "city_short", "site", ONE_CHARACTER, "one character (简称), such as 杭")
    site_url = check.address(m, "site_url", "site")
    licence = data_package = labels = None
    if (lic := part(check, m, "licence", LICENCE)) is not None:
        spdx = check.text(lic, "id", "site licence", free=False)
        url, note = check.address(lic, "url", "site licence"), check.text(lic, "note", "site licence")
        licence = Licence(spdx, url, note) if spdx and url and note else None
    if (pkg := part(check, m, "data_package", DATA_PACKAGE)) is not None:
        pkg_id = check.match(pkg, "id", "site data_package", SLUG, "lowercase ASCII letters, digits and single hyphens")
        title, description = (check.text(pkg, key, "site data_package") for key in ("title", "description"))
        data_package = DataPackage(pkg_id, title, description) if pkg_id and title and description else None
    if (lab := part(check, m, "labels", LABELS)) is not None:
        citywide, areas, government = (check.text(lab, key, "site labels") for key in LABELS.names)
        labels = Labels(citywide, areas, government) if citywide and areas and government else None
    unit_kinds = check.vocabulary(m, "unit_kinds", "site", "city-department")
    area_kinds = check.vocabulary(m, "area_kinds", "site", "county")
    with_area: list[str] = []
    for value in site_list(check, m, "unit_kinds_with_area", "a list of unit kinds (may be empty: [])", True):
        if not isinstance(value, Str) or value not in (unit_kinds or {}):
            if unit_kinds is not None:
                listed = ", ".join(unit_kinds)
                check.fail(
                    value.pos, "site", f"unit_kinds_with_area: found {describe(value)}, expected one of: {listed}"
                )
        elif value in with_area:
            check.fail(value.pos, "site", f"unit_kinds_with_area: found {value!r} twice, expected each kind once")
        else:
            with_area.append(str(value))
    examples = []
    for value in site_list(check, m, "search_examples", "a non-empty list of words to search for"):
        if not isinstance(value, Str) or not value.strip() or value != value.strip() or MARKUP.search(value):
            check.fail(value.pos, "site", f"search_examples: found {describe(value)}, expected a word to search for")
        elif value in examples:
            check.fail(value.pos, "site", f"search_examples: found {value!r} twice, expected each word once")
        else:
            examples.append(str(value))
    contact = check.text(m, "contact", "site") if "contact" in m else None
    feedback = registration = None
    if (fb := part(check, m, "feedback", FEEDBACK)) is not None:
        feedback = Feedback(
            check.match(fb, "email", "site feedback", EMAIL, "an e-mail address such as gkb@example.gov.cn")
            if "email" in fb
            else None,
            check.match(fb, "phone", "site feedback", PHONE, "a telephone number such as 0000-12345678")
            if "phone" in fb
            else None,
            check.address(fb, "url", "site feedback") if "url" in fb else None,
        )
    if (reg := part(check, m, "registration", REGISTRATION)) is not None:
        registration = Registration(
            *(check.text(reg, key, "site registration", free=False) for key in ("site_code", "icp", "police"))
        )
    statuses = read_statuses(check, m)
    if len(check.problems) > before:
        return None
    assert licence and data_package and labels and unit_kinds is not None and area_kinds is not None and site_url
    return SiteInfo(
        **texts,  # type: ignore[arg-type]
        site_url=site_url,
        licence=licence,
        data_package=data_package,
        labels=labels,
        unit_kinds=unit_kinds,
        unit_kinds_with_area=frozenset(with_area),
        area_kinds=area_kinds,
        search_examples=tuple(examples),
        statuses=statuses,
        contact=contact,
        feedback=feedback,
        registration=registration,
        site_url_pos=m["site_url"].pos,
    )


def read_statuses(check: Checker, m: Map) -> tuple[Status, ...]:
    """site.yaml progress_statuses, or the default set in the official wording; 原文未标明 always comes last."""
    unstated = Status(UNSTATED, done=False, stated=False)
    if "progress_statuses" not in m:
        return (*(Status(name, done) for name, done in DEFAULT_STATUSES), unstated)
    found: dict[str, Status] = {}
    for v in check.sequence(m["progress_statuses"], "site progress_statuses", "statuses"):
        s = check.mapping(v, "site progress_statuses", STATUS)
        if s is None:
            continue
        name, done = (
            check.text(s, "name", "site progress_statuses"),
            check.choice(s, "done", "site progress_statuses", DONE),
        )
        if name == UNSTATED or name in found:
            what = (
                "is always allowed, expected it left out" if name == UNSTATED else "is listed twice, expected each once"
            )
            check.fail(s["name"].pos, "site progress_statuses", f"name: {name!r} {what}")
        elif name is not None and done is not None:
            found[name] = Status(name, done == "true")
    return (*found.values(), unstated)


def site_list(check: Checker, m: Map, key: str, expected: str, may_be_empty: bool = False) -> Seq:
    """The list under key in site.yaml; an empty Seq when absent or wrong (its problem recorded)."""
    value = m.get(key)
    if value is None:
        return Seq()
    if not isinstance(value, Seq) or not (value or may_be_empty):
        found = "an empty list" if isinstance(value, Seq) else describe(value)
        check.fail(value.pos, "site", f"{key}: found {found}, expected {expected}")
        return Seq()
    return value


def part(check: Checker, m: Map, key: str, fields: Fields) -> Map | None:
    """The mapping under key in site.yaml (None when absent or wrong), holding at least one of its fields when
    its declaration says so."""
    if key not in m:
        return None
    sub = check.mapping(m[key], f"site {key}", fields)
    if sub is not None and fields.at_least_one and not sub:
        listed = ", ".join(sorted(fields.names))
        check.fail(sub.pos, f"site {key}", f"found an empty mapping, expected {fields.at_least_one}: {listed}")
    return sub


def read_areas(check: Checker, raw: Value, kinds: dict[str, str] | None) -> tuple[Area, ...]:
    areas: dict[str, Area] = {}
    slugs: dict[str, Str] = {}
    for value in check.sequence(raw, "areas.yaml", "areas"):
        record = f"area {value.get('name', '?') if isinstance(value, Map) else '?'}"
        m = check.mapping(value, record, AREA)
        if m is None:
            continue
        name = check.registered(m, record, check.text(m, "name", record), areas, "area")
        full_name = check.text(m, "full_name", record)
        slug = check.slug(m, record, "east-district", slugs)
        kind = check.choice(m, "kind", record, kinds) if kinds is not None else None  # None: site.yaml is wrong
        former_slugs = check.former_slugs(m, record, slugs)
        if name in areas:
            check.fail(
                m.pos,
                record,
                f"area {name!r} is listed twice (first at line {areas[name].pos.line}), expected each area once",
            )
        elif name is not None:
            # Registered even when another field is wrong, so that references to it do not
            # add an error each; the build stops on the error already recorded.
            label = kinds.get(kind, "") if kinds and kind else ""
            areas[name] = Area(name, full_name or "", slug or "", kind or "", label, m.pos, former_slugs)
    return tuple(areas.values())


def record_texts(editions: tuple[Edition, ...]) -> list[str]:
    """The texts an alias's phrase may come from: every task's, item's, indicator's and report's own words."""
    out: list[str] = []
    for ed in editions:
        out += [t.text for t in ed.tasks]
        out += [i.text for i in ed.items]
        out += [w for ind in ed.indicators for w in (ind.name, ind.label) if w]
        for r in ed.reports:
            out += [r.title, *([r.summary] if r.summary else []), *(e.text for e in r.tasks)]
            out += [e.text for e in r.rows if e.text]
    return out


def read_aliases(
    check: Checker, raw: Value, units: tuple[Unit, ...], areas: tuple[Area, ...], editions: tuple[Edition, ...]
) -> tuple[Alias, ...]:
    """data/aliases.yaml: each alias once (in any letter case), one word, not a name or a phrase of the data (it
    would take that word's own search over), standing for a name or a phrase the data holds."""
    names = {n for r in (*units, *areas) for n in (r.name, r.full_name)}
    texts = record_texts(editions)
    aliases: dict[str, Alias] = {}
    seen: dict[str, Str] = {}  # each alias case-folded, with its name (its line asked only for a message)
    for value in check.sequence(raw, "aliases.yaml", "aliases"):
        record = f"alias {value.get('name', '?') if isinstance(value, Map) else '?'}"
        m = check.mapping(value, record, ALIAS)
        if m is None:
            continue
        name, target = check.text(m, "name", record), check.text(m, "target", record)
        if name is None or target is None:
            continue
        if name.casefold() in seen:
            check.fail(
                m["name"].pos,
                record,
                f"alias {name!r} is listed twice (first at line {seen[name.casefold()].pos.line}, letter case aside), "
                "expected each alias once",
            )
            continue
        seen[name.casefold()] = m["name"]
        if not ALIAS_WORD.fullmatch(name):
            check.fail(
                m["name"].pos,
                record,
                f"name: found {name!r}, expected one word of letters and digits: a search splits a query at spaces "
                "and punctuation, so it would never be asked as it is written",
            )
        elif name in names:
            check.fail(
                m["name"].pos,
                record,
                f"name: found {name!r}, which is itself the name of a unit or area, expected a word the data does not "
                "use as a name: its search finds it already",
            )
        elif any(name in t for t in texts):
            check.fail(
                m["name"].pos,
                record,
                f"name: found {name!r}, which records' text uses, expected a word the data does not use: a search for "
                f"it would look for {target!r} instead and miss the records that say {name!r}",
            )
        elif name == target:
            check.fail(
                m["target"].pos, record, f"target: found {target!r}, the alias itself, expected what it stands for"
            )
        elif target not in names and not any(target in t for t in texts):
            hint = did_you_mean(target, sorted(names))
            check.fail(
                m["target"].pos,
                record,
                f"target: found {target!r}, which is no unit or area name and no phrase of any record's text, expected "
                f"what the data calls it (a search for it would find nothing){hint}",
            )
        else:
            aliases[name] = Alias(name, target, m.pos)
    return tuple(aliases.values())


def read_units(check: Checker, raw: Value, areas: dict[str, Area], info: SiteInfo | None) -> tuple[Unit, ...]:
    units: dict[str, Unit] = {}
    slugs: dict[str, Str] = {}
    for value in check.sequence(raw, "units.yaml", "units"):
        record = f"unit {value.get('name', '?') if isinstance(value, Map) else '?'}"
        m = check.mapping(value, record, UNIT)
        if m is None:
            continue
        name = check.registered(m, record, check.text(m, "name", record), units, "unit")
        if name is not None and "★" in name:  # still registered, so that its uses add no error each
            check.fail(
                m["name"].pos,
                record,
                f"name: found {name!r}, expected a name without ★: a unit's name never holds ★: the ★ marks a "
                "lead in tasks.yaml (lead_rule: star)",
            )
        full_name = check.text(m, "full_name", record)
        slug = check.slug(m, record, "health", slugs)
        kind = check.choice(m, "kind", record, info.unit_kinds) if info else None  # None: site.yaml is wrong
        former_slugs = check.former_slugs(m, record, slugs)
        area = check.ref(m["area"], record, areas, "data/areas.yaml") if "area" in m else None
        if info and kind is not None and ("area" in m) != (kind in info.unit_kinds_with_area):
            with_area = " and ".join(sorted(info.unit_kinds_with_area))
            if "area" in m:
                check.fail(
                    m["area"].pos,
                    record,
                    f"area: found an area on a unit of kind {kind}, expected an area only on {with_area} units",
                )
            else:
                check.fail(m.pos, record, f"missing field 'area', expected the area a {kind} unit belongs to")
        note = check.text(m, "note", record) if "note" in m else None
        if name in units:
            check.fail(
                m.pos,
                record,
                f"unit {name!r} is listed twice (first at line {units[name].pos.line}), expected each unit once",
            )
        elif name is not None:  # registered even when another field is wrong, as for areas
            withdrawn = check.withdrawal(m, record)
            label = info.unit_kinds.get(kind, "") if info and kind else ""
            units[name] = Unit(
                name, full_name or "", slug or "", kind or "", label, area, note, m.pos, withdrawn, former_slugs
            )
    return tuple(units.values())


def read_edition(
    check: Checker,
    folder: str,
    files: dict[str, Value],
    source_text: str,
    units: dict[str, Unit],
    areas: dict[str, Area],
    statuses: tuple[Status, ...] | None,
) -> Edition | None:
    before = len(check.problems)
    document = read_document(check, folder, files["document"], source_text, areas, "livelihood" in files)
    if document is None:
        return None
    tasks = read_tasks(check, folder, files["tasks"], document, units)
    categories, items = (
        read_livelihood(check, document, files["livelihood"], units, areas) if "livelihood" in files else ((), ())
    )
    if len(check.problems) > before:
        return None
    reports = [
        read_report(check, folder, name.removeprefix("progress/"), raw, document, tasks, items, statuses)
        for name, raw in files.items()
        if name.startswith("progress/")
    ]
    if len(check.problems) > before:
        return None
    newest_first = sorted(reports, key=lambda r: (r.as_of, r.published, r.slug), reverse=True)  # type: ignore[union-attr]
    return Edition(document.year, document, tuple(tasks), categories, items, tuple(newest_first))  # type: ignore[arg-type]


def read_document(
    check: Checker, folder: str, raw: Value, source_text: str | None, areas: dict[str, Area], livelihood: bool
) -> Document | None:
    """document.yaml; livelihood says whether the edition has a livelihood.yaml (its table's fields go with it)."""
    record = f"document {folder}"
    m = check.mapping(raw, record, DOCUMENT)
    if m is None:
        return None
    year = check.integer(m, "year", record)
    if year is not None and str(year) != folder:
        check.fail(m["year"].pos, record, f"year: found {year}, expected {folder} (the name of the folder it is in)")
    source_url = check.address(m, "source_url", record) if "source_url" in m else None
    if "source_file" in m and m["source_file"] != "source.txt":
        check.fail(
            m["source_file"].pos,
            record,
            "source_file: expected source.txt, the verbatim copy of the document beside this file",
        )
    elif "source_file" in m and source_text is None:
        check.fail(
            m["source_file"].pos,
            record,
            f"source_file: found source.txt, but data/{folder}/source.txt does not exist, expected the verbatim "
            "text of the document there (or source_url alone, when the source is only linked)",
        )
    elif "source_file" not in m and source_text is not None:
        check.fail(
            m.pos,
            record,
            f"missing field 'source_file', expected source_file: source.txt, since data/{folder}/source.txt exists",
        )
    elif "source_file" not in m and "source_url" not in m:
        check.fail(
            m.pos,
            record,
            "found neither source_file nor source_url, expected source_file: source.txt (the verbatim text beside "
            "this file), source_url (where the document is published), or both",
        )
    columns = read_columns(check, m, record, folder, areas, livelihood)
    inferred: tuple[Area, ...] = ()
    if livelihood and ("inferred_columns" in m) != ("inference_note" in m):  # without a table, both are refused
        given, missing = ("inferred_columns", "inference_note")[:: 1 if "inferred_columns" in m else -1]
        check.fail(
            m.pos,
            record,
            f"missing field {missing!r}, expected it with {given} (both, or neither when nothing was inferred)",
        )
    elif "inferred_columns" in m and livelihood:
        names = check.sequence(m["inferred_columns"], record, "area names", may_be_empty=True)
        if isinstance(m["inferred_columns"], Seq) and not names:
            check.fail(
                m["inferred_columns"].pos,
                record,
                "inferred_columns: found an empty list, expected the inferred names; when nothing was inferred, "
                "omit both inferred_columns and inference_note",
            )
        found: list[Area] = []
        seen: dict[str, Str] = {}
        for v in names:
            if isinstance(v, Str) and v in areas and areas[v] not in columns:
                check.fail(v.pos, record, f"inferred_columns: found {v}, expected only names listed in area_columns")
            elif isinstance(v, Str) and v in seen:
                check.fail(
                    v.pos,
                    record,
                    f"inferred_columns: found {v} twice (first at line {seen[v].pos.line}), "
                    "expected each area at most once",
                )
            elif (area := check.ref(v, record, areas, "data/areas.yaml")) is not None:
                seen[area.name] = v
                found.append(area)
        inferred = tuple(found)
    texts = [f.name for f in DOCUMENT.fields if f.kind is ValueKind.TEXT]
    fields = {key: check.text(m, key, record) if key in m else None for key in texts}
    example = check.choice(m, "example", record, EXAMPLE)
    lead_rule = check.choice(m, "lead_rule", record, LEAD_RULE) if "lead_rule" in m else "first"
    written, published = check.day(m, "written", record), check.day(m, "published", record)
    if written and published and published < written:
        check.fail(
            m["published"].pos,
            record,
            f"published: found {published.isoformat()}, before the document was written ({written.isoformat()}), "
            "expected the day it was published, on or after the day it was written",
        )
        return None
    required = [f.name for f in DOCUMENT.fields if f.kind is ValueKind.TEXT and f.required]
    if (
        year is None
        or written is None
        or published is None
        or lead_rule is None
        or any(fields[key] is None for key in required)
    ):
        return None
    return Document(
        year=year,
        written=written,
        published=published,
        area_columns=columns,
        inferred_columns=inferred,
        source_text=source_text,
        source_url=source_url,
        example=example == "true",
        lead_rule=lead_rule,
        **fields,
    )


def read_columns(
    check: Checker, m: Map, record: str, folder: str, areas: dict[str, Area], livelihood: bool
) -> tuple[Area, ...]:
    """area_columns: registry names, each at most once, in the table's order; with livelihood_title, given
    exactly when the edition has a livelihood table."""
    for key in ("livelihood_title", "area_columns", "inferred_columns", "inference_note"):
        if key.startswith("infer") and (livelihood or key not in m):
            continue  # optional with a table (read_document checks them), refused without one
        if livelihood and key not in m:
            check.fail(m.pos, record, f"missing field {key!r}, expected it since data/{folder}/livelihood.yaml exists")
        elif not livelihood and key in m:
            check.fail(
                m[key].pos,
                record,
                f"{key}: found it, but data/{folder}/livelihood.yaml does not exist, expected {key} only in an "
                "edition with a livelihood table: delete it, or add the table",
            )
    if not livelihood or "area_columns" not in m:
        return ()
    columns: list[Area] = []
    seen: dict[str, Str] = {}
    for v in check.sequence(m["area_columns"], record, "area names"):
        area = check.ref(v, record, areas, "data/areas.yaml")
        if area is not None and area.name in seen:
            check.fail(
                v.pos,
                record,
                f"area_columns: found {area.name} twice (first at line {seen[area.name].pos.line}), "
                "expected each area at most once",
            )
        elif area is not None:
            seen[area.name] = v
            columns.append(area)
    return tuple(columns)


def read_tasks(check: Checker, folder: str, raw: Value, document: Document, units: dict[str, Unit]) -> list[Task]:
    """tasks.yaml: a list of tasks, or a mapping of numbered sections holding them (numbering continuous or
    per-section)."""
    where = f"{folder}/tasks.yaml"
    if not isinstance(raw, Map):
        raw_tasks = check.sequence(raw, where, "tasks", one="task")
        tasks = [read_task(check, document, v, units) for v in raw_tasks]
        check.numbered(raw_tasks, "task")
        return [t for t in tasks if t]
    m = check.mapping(raw, where, TASK_SECTIONS)
    numbering = check.choice(m, "numbering", where, NUMBERING) if m is not None and "numbering" in m else None
    raw_sections = check.sequence(m.get("sections") if m is not None else None, where, "sections")
    tasks: list[Task | None] = []
    every: list[Value] = []  # all the sections' tasks, for continuous numbering
    for v in raw_sections:
        record = f"section {v.get('no', '?') if isinstance(v, Map) else '?'}"
        s = check.mapping(v, record, TASK_SECTION)
        if s is None:
            continue
        no, title = check.integer(s, "no", record), check.text(s, "title", record)
        raw_tasks = check.sequence(s.get("tasks"), record, "tasks", one="task")
        section = Section(no, title, s.pos) if no is not None and title is not None else None
        prefix = f"{no if no is not None else '?'}-" if numbering == "per-section" else ""
        tasks += [read_task(check, document, t, units, section, prefix) for t in raw_tasks]
        every += raw_tasks
        if numbering == "per-section":
            check.numbered(raw_tasks, "task", prefix, f" in section {no} (numbering: per-section)")
    check.numbered(raw_sections, "section")
    if numbering == "continuous":
        check.numbered(every, "task", where=" across the sections (numbering: continuous)")
    return [t for t in tasks if t]


def read_task(
    check: Checker,
    document: Document,
    raw: Value,
    units: dict[str, Unit],
    section: Section | None = None,
    prefix: str = "",
) -> Task | None:
    """One task; prefix ("2-") goes before its number in its ref when numbers restart in each section."""
    record = f"task {prefix}{raw.get('no', '?') if isinstance(raw, Map) else '?'}"
    m = check.mapping(raw, record, TASK)
    if m is None:
        return None
    no, text = check.integer(m, "no", record), check.text(m, "text", record)
    star = document.lead_rule == "star"
    what = "responsible units (each lead unit marked ★)" if star else "responsible units (the lead unit first)"
    refs = check.sequence(m.get("units"), record, what, may_be_empty=True)
    names = [str(v).removeprefix("★") for v in refs]
    found, leads = [], []
    for i, (value, name) in enumerate(zip(refs, names, strict=True)):
        if isinstance(value, Str) and "★" in value and value in units:
            found.append(units[value])  # a registered name holding ★: refused in units.yaml, once is enough
            continue
        marked = isinstance(value, Str) and value.startswith("★")
        if marked and not name:
            check.fail(
                value.pos,
                record,
                "found ★ with no unit name after it, expected a unit name listed in data/units.yaml after the ★ "
                "(- ★市发展改革委)",
            )
            found.append(None)
            continue
        if marked and not star:
            check.fail(
                value.pos,
                record,
                f"found {value!r} marked ★, expected the name alone: document.yaml has lead_rule first (the first "
                "unit listed leads); write lead_rule: star there if the document marks its leads with ★",
            )
        # A marked name is looked up without its ★; its position is asked for only when there is a problem.
        if marked and name in units:
            unit: Unit | None = units[name]
        else:
            unit = check.ref(Str(name, value.pos) if marked else value, record, units, "data/units.yaml")
        found.append(unit)
        if unit is not None and (marked if star else i == 0):
            leads.append(unit)
        if name in names[:i]:
            check.fail(refs[i].pos, record, f"unit {name!r} is listed twice, expected each responsible unit once")
    if star and refs and not any(isinstance(v, Str) and v.startswith("★") for v in refs):
        check.fail(
            refs.pos,
            record,
            "units: found no unit marked ★, expected each lead unit marked as the document prints it "
            "(- ★市发展改革委): document.yaml has lead_rule star",
        )
        return None
    if no is None or text is None or None in found:
        return None
    withdrawn = check.withdrawal(m, record, document.published)
    return Task(document.year, no, f"{prefix}{no}", text, tuple(found), tuple(leads), m.pos, withdrawn, section)


def read_livelihood(
    check: Checker, document: Document, raw: Value, units: dict[str, Unit], areas: dict[str, Area]
) -> tuple[tuple[Category, ...], tuple[Item, ...]]:
    year, published = document.year, document.published
    m = check.mapping(raw, "livelihood", LIVELIHOOD)
    if m is None:
        return (), ()
    categories: list[Category] = []
    raw_categories = check.sequence(m.get("categories"), "livelihood", "categories")
    for v in raw_categories:
        record = f"category {v.get('no', '?') if isinstance(v, Map) else '?'}"
        c = check.mapping(v, record, CATEGORY)
        if (
            c is not None
            and (no := check.integer(c, "no", record)) is not None
            and (name := check.text(c, "name", record))
        ):
            categories.append(Category(year, no, name, c.pos))
    check.numbered(raw_categories, "category")
    by_no = {c.no: c for c in categories}
    items: list[Item] = []
    row = 0
    raw_items = check.sequence(m.get("items"), "livelihood", "items")
    for v in raw_items:
        record = f"livelihood item {v.get('no', '?') if isinstance(v, Map) else '?'}"
        i = check.mapping(v, record, ITEM)
        if i is None:
            continue
        no, text = check.integer(i, "no", record), check.text(i, "text", record)
        cat_no = check.integer(i, "category", record)
        category = by_no.get(cat_no) if cat_no is not None else None
        if cat_no is not None and category is None:
            check.fail(
                i["category"].pos,
                record,
                f"category: found {cat_no}, expected one of the category numbers 1–{len(categories)}",
            )
        lead = check.ref(i["lead"], record, units, "data/units.yaml") if "lead" in i else None
        indicators = []
        for ind_raw in check.sequence(i.get("indicators"), record, "indicator rows"):
            row += 1
            indicators.append(read_indicator(check, document, row, no or 0, ind_raw, record, areas))
        if None in (no, text, category, lead) or None in indicators or not indicators:
            continue
        withdrawn = check.withdrawal(i, record, published)
        items.append(Item(year, no, category, text, lead, tuple(indicators), i.pos, withdrawn))
    check.numbered(raw_items, "livelihood item")
    return tuple(categories), tuple(items)


def read_indicator(
    check: Checker, document: Document, row: int, item_no: int, raw: Value, item_record: str, areas: dict[str, Area]
) -> Indicator | None:
    year, columns = document.year, document.area_columns
    name_hint = raw.get("name") if isinstance(raw, Map) else None
    record = f"{item_record} row {row}" + (f" ({name_hint})" if name_hint else "")
    m = check.mapping(raw, record, INDICATOR)
    if m is None:
        return None
    name = check.text(m, "name", record) if "name" in m else None
    label = check.text(m, "label", record) if "label" in m else None
    unit = check.measure(m, record) if "unit" in m else None
    target = check.figure(m["target"], record + " target") if "target" in m else None
    withdrawn = check.withdrawal(m, record, document.published)
    if "breakdown" not in m:  # a citywide target the document does not break down by area
        if target is None:
            return None
        return Indicator(year, row, item_no, name, target, (), m.pos, withdrawn, label, unit)
    breakdown = m["breakdown"]
    if not isinstance(breakdown, Map) or not breakdown:
        found = "an empty mapping" if isinstance(breakdown, Map) else describe(breakdown)
        check.fail(
            breakdown.pos,
            record,
            f"breakdown: found {found}, expected a mapping from each area to its figure "
            "(omit breakdown for a citywide target not broken down by area)",
        )
        return None
    expected = [a.name for a in columns]
    listing = f"data/{year}/document.yaml area_columns"
    problems = len(check.problems)
    for key in breakdown:
        if key in expected:
            continue
        if key in areas:  # a registered area, but not a column of this year's table
            check.fail(
                key.pos,
                record,
                f"breakdown has {key}, which {listing} does not list (the {year} table has no such column)",
            )
        else:
            check.ref(key, record, areas, "data/areas.yaml")
    misspelt = any(key not in areas for key in breakdown)  # its error says which area it may be: enough
    for area in columns:
        if area.name not in breakdown and not misspelt:
            check.fail(breakdown.pos, record, f"breakdown lacks {area.name}, listed in {listing}")
    if len(check.problems) > problems:
        return None
    if list(breakdown) != expected:
        check.fail(
            breakdown.pos,
            record,
            f"breakdown: found the areas {', '.join(breakdown)}; expected exactly {', '.join(expected)}, in that order",
        )
        return None
    figures = [check.figure(breakdown[a.name], f"{record} {a.name}") for a in columns]
    if target is None or None in figures:
        return None
    cells = tuple(Cell(a, f, share(f.value, target.value)) for a, f in zip(columns, figures, strict=True))
    return Indicator(year, row, item_no, name, target, cells, m.pos, withdrawn, label, unit)


def read_report(
    check: Checker,
    folder: str,
    slug: str,
    raw: Value,
    document: Document,
    tasks: list[Task],
    items: tuple[Item, ...],
    statuses: tuple[Status, ...] | None,
) -> ProgressReport | None:
    """data/<year>/progress/<slug>.yaml: one progress report on the edition's tasks and livelihood rows."""
    record = f"progress report {folder}/{slug}"
    before = len(check.problems)
    if not SLUG.fullmatch(slug) or len(slug) > SLUG_MAX or slug in RESERVED_SLUGS:
        where = raw.pos if isinstance(raw, Map | Seq | Str) else Pos(f"data/{folder}/progress/{slug}.yaml")
        check.fail(
            where,
            record,
            f"file name {slug}.yaml: the name is the report's address (/{folder}/progress/{slug}/), expected "
            "lowercase ASCII letters, digits and single hyphens, at most 60 characters, such as 2023-h1.yaml",
        )
    m = check.mapping(raw, record, REPORT)
    if m is None:
        return None
    title, publisher = check.text(m, "title", record), check.text(m, "publisher", record)
    period = check.match(
        m, "period", record, PERIOD, "一季度, 上半年, 前三季度, 全年, or a range of months such as 1-5月"
    )
    as_of, published = check.day(m, "as_of", record), check.day(m, "published", record)
    if as_of and published and published < as_of:
        check.fail(
            m["published"].pos,
            record,
            f"published: found {published.isoformat()}, before as_of {as_of.isoformat()}, "
            "expected the day the report was published, on or after the day its figures are as of",
        )
    # A first-quarter report may be as of a day before the document assigning the year's tasks was published
    # (a notice of April): its figures are of the document's year; the report itself comes after the document.
    months = MONTHS.fullmatch(period) if period else None
    if months and int(months[1]) > int(months[2]):
        check.fail(
            m["period"].pos,
            record,
            f"period: found {period}, expected the first month before the last, such as {months[2]}-{months[1]}月",
        )
    reversed_months = bool(months) and int(months[1]) > int(months[2])  # reported above: its end is unknown
    last = None if reversed_months else int(months[2]) if months else PERIOD_ENDS.get(period or "")
    if as_of and last and (as_of.year, as_of.month) != (document.year, last):
        check.fail(
            m["as_of"].pos,
            record,
            f"as_of: found {as_of.isoformat()}, expected a day of {document.year}-{last:02d}: the period {period} "
            f"of the {folder} tasks ends in month {last} of {document.year}",
        )
    if published and published < document.published:
        check.fail(
            m["published"].pos,
            record,
            f"published: found {published.isoformat()}, before the {folder} document was published "
            f"({document.published.isoformat()}), expected a day after it: a report on its tasks comes later",
        )
    source = None
    if (src := part(check, m, "source", REPORT_SOURCE)) is not None:
        name = check.text(src, "name", f"{record} source")
        doc_no = check.text(src, "doc_no", f"{record} source") if "doc_no" in src else None
        url = check.address(src, "url", f"{record} source") if "url" in src else None
        source = ReportSource(name, doc_no, url) if name and (doc_no or url) else None
        if "doc_no" not in src and "url" not in src:
            check.fail(
                src.pos,
                f"{record} source",
                "found neither doc_no nor url, expected the report's 文号 (doc_no), its address (url), or both",
            )
    summary = check.text(m, "summary", record) if "summary" in m else None
    if "tasks" not in m and "livelihood" not in m:
        check.fail(
            m.pos,
            record,
            "found neither tasks nor livelihood, expected what the report says of key tasks (tasks), of livelihood "
            "rows (livelihood), or both",
        )
    vocabulary = {s.name: s for s in statuses} if statuses is not None else None
    by_ref = {t.ref: t for t in tasks}
    task_entries: list[TaskProgress] = []
    seen: dict[str, Str] = {}
    for v in check.sequence(m.get("tasks"), record, "tasks") if "tasks" in m else ():
        entry = f"{record} task {v.get('task', '?') if isinstance(v, Map) else '?'}"
        e = check.mapping(v, entry, TASK_PROGRESS)
        if e is None:
            continue
        ref = check.task_ref(e, "task", entry)
        task = by_ref.get(ref) if ref is not None else None
        if ref is not None and task is None:
            refs = f"{tasks[0].ref}–{tasks[-1].ref}" if tasks else "none"
            check.fail(
                e["task"].pos,
                entry,
                f"task: found {ref!r}, expected the number of a task in data/{folder}/tasks.yaml ({refs})",
            )
        elif ref is not None and ref in seen:
            check.fail(e["task"].pos, entry, f"task {ref} is reported twice (line {seen[ref].pos.line}), expected once")
            task = None
        elif ref is not None:
            seen[ref] = e["task"]
            if as_of and task.withdrawn and task.withdrawn.date <= as_of:
                check.fail(
                    e["task"].pos,
                    entry,
                    f"task {ref} was withdrawn on {task.withdrawn.date.isoformat()} (data/{folder}/tasks.yaml), "
                    f"on or before this report's as_of {as_of.isoformat()}, expected only tasks in force: "
                    "leave it out of the report (its page says it was withdrawn)",
                )
        status = status_of(check, e, entry, vocabulary)
        text = check.text(e, "text", entry)
        if task and status and text:
            task_entries.append(TaskProgress(task, status, text, e.pos))
    rows = {ind.row: (item, ind) for item in items for ind in item.indicators}
    row_entries: list[RowProgress] = []
    seen_rows: dict[int, Str] = {}
    for v in check.sequence(m.get("livelihood"), record, "livelihood rows") if "livelihood" in m else ():
        entry = f"{record} row {v.get('row', '?') if isinstance(v, Map) else '?'}"
        e = check.mapping(v, entry, ROW_PROGRESS)
        if e is None:
            continue
        no = check.integer(e, "row", entry)
        found = rows.get(no) if no is not None else None
        if no is not None and found is None:
            where = f"rows 1–{len(rows)}" if rows else "no rows: the edition has no livelihood table"
            check.fail(
                e["row"].pos,
                entry,
                f"row: found {no}, expected an indicator row of data/{folder}/livelihood.yaml ({where})",
            )
        elif no is not None and no in seen_rows:
            check.fail(
                e["row"].pos, entry, f"row {no} is reported twice (line {seen_rows[no].pos.line}), expected once"
            )
            found = None
        elif no is not None:
            seen_rows[no] = e["row"]
            taken_back = found[1].withdrawn or found[0].withdrawn
            if as_of and taken_back and taken_back.date <= as_of:
                check.fail(
                    e["row"].pos,
                    entry,
                    f"row {no} was withdrawn on {taken_back.date.isoformat()} (data/{folder}/livelihood.yaml), "
                    f"on or before this report's as_of {as_of.isoformat()}, expected only rows in force: "
                    "leave it out of the report (its page says it was withdrawn)",
                )
        status = status_of(check, e, entry, vocabulary)
        completed = check.amount(e["completed"], f"{entry} completed") if "completed" in e else None
        text = check.text(e, "text", entry) if "text" in e else None
        areas = completions(check, e, entry, document, found[1] if found else None)
        if found and status and completed and areas is not None:
            item, ind = found
            citywide = Completion(None, ind.target, completed)
            row_entries.append(RowProgress(item, ind, status, citywide, areas, text, e.pos))
    if len(check.problems) > before:
        return None
    assert title and period and as_of and published and publisher and source
    return ProgressReport(
        document.year,
        slug,
        title,
        period,
        as_of,
        published,
        publisher,
        source,
        summary,
        tuple(task_entries),
        tuple(row_entries),
        m.pos,
    )


def status_of(check: Checker, e: Map, record: str, vocabulary: dict[str, Status] | None) -> Status | None:
    """An entry's status, one of site.yaml's progress_statuses (or the default set), or 原文未标明; not checked
    (None) when site.yaml was refused: its problems are reported, a status would be refused for nothing."""
    value = check.text(e, "status", record, free=False)
    if value is None or vocabulary is None:
        return None
    if value not in vocabulary:
        hint = did_you_mean(value, vocabulary, n=2, cutoff=0.4)
        check.fail(
            e["status"].pos,
            record,
            f"status: found {value!r}, expected one of: {', '.join(vocabulary)} "
            f"(site.yaml progress_statuses; {UNSTATED} when the report states none){hint}",
        )
        return None
    return vocabulary[value]


def completions(
    check: Checker, e: Map, record: str, document: Document, ind: Indicator | None
) -> tuple[Completion, ...] | None:
    """A row entry's breakdown: each area the report gives, a column of the edition's table, in its order."""
    if "breakdown" not in e:
        return ()
    breakdown = e["breakdown"]
    if not isinstance(breakdown, Map) or not breakdown:
        found = "an empty mapping" if isinstance(breakdown, Map) else describe(breakdown)
        check.fail(
            breakdown.pos, record, f"breakdown: found {found}, expected a mapping from areas to what each completed"
        )
        return None
    columns = [a.name for a in document.area_columns]
    listing = f"data/{document.year}/document.yaml area_columns"
    problems = len(check.problems)
    for key in breakdown:
        if key not in columns:
            check.fail(
                key.pos,
                record,
                f"breakdown has {key!r}, which {listing} does not list, expected one of: {', '.join(columns)}",
            )
    if ind is not None and not ind.cells:
        check.fail(
            breakdown.pos,
            record,
            f"breakdown: row {ind.row} has a citywide target only (no area breakdown in livelihood.yaml), "
            "expected completed alone",
        )
    if len(check.problems) > problems:
        return None
    order = [c for c in columns if c in breakdown]
    if list(breakdown) != order:
        check.fail(
            breakdown.pos,
            record,
            f"breakdown: found the areas {', '.join(breakdown)}; expected them in the table's order: "
            + ", ".join(order),
        )
        return None
    amounts = {name: check.amount(breakdown[name], f"{record} {name}") for name in order}
    if ind is None or None in amounts.values():
        return None
    return tuple(Completion(c.area, c.figure, amounts[c.area.name]) for c in ind.cells if c.area.name in amounts)  # type: ignore[arg-type]


def completion_warnings(editions: tuple[Edition, ...]) -> list[Problem]:
    """Report rows whose areas' completed figures add up to more than the citywide one (reported, never corrected):
    a typo such as 90 for 9 would otherwise pass, the site showing both as the report's."""
    out = []
    for ed in editions:
        for r in ed.reports:
            for e in r.rows:
                areas = [c.completed.value for c in e.areas if c.completed.value is not None]
                citywide = e.citywide.completed.value
                if areas and citywide is not None and sum(areas) > citywide:
                    out.append(
                        Problem(
                            e.pos,
                            f"progress report {ed.year}/{r.slug} row {e.indicator.row}",
                            f"the areas' completed figures add up to {plain(sum(areas, Decimal(0)))}, more than the "
                            f"citywide completed {e.citywide.completed.text}; kept as written in the report",
                        )
                    )
    return out


def sum_warnings(editions: tuple[Edition, ...]) -> list[Problem]:
    """Rows whose area values do not add up to the citywide target (reported, never corrected)."""
    return [
        Problem(
            ind.pos,
            f"{ed.year} livelihood item {ind.item_no} row {ind.row}" + (f" ({ind.name})" if ind.name else ""),
            f"the area values add up to {plain(ind.total)}, the citywide target is {ind.target.text}; "
            "kept as written in the document",
        )
        for ed in editions
        for ind in ed.mismatches
    ]
