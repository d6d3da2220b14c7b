"""Turn raw sources into the model, collecting every problem before failing once."""

from __future__ import annotations

import dataclasses
import difflib
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable
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
SITE_YAML = "site.yaml"  # the record a site.yaml message names
FILE_CONTENT = "文件内容"  # the record a message on a whole file names (its path is the message's prefix)


class Checker:
    """Reads fields out of loaded YAML, recording a Problem for every mismatch. Every message is one sentence
    naming its record in Chinese (第2项任务, 单位“市科技局”) and the field by the document's name (责任单位)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.look_alikes: set[str] = set()  # registered names already refused for their look-alike characters
        self.shapes: dict[int, Fields] = {}  # each mapping checked (by id) with its declaration: its fields' labels

    def fail(self, pos: Pos, record: str, message: str) -> None:
        self.problems.append(Problem(pos, record, message))

    def wrong(self, pos: Pos, record: str, subject: str, found: str, expected: str, hint: str = "") -> None:
        """The one form of a value that is not what it should be: 〈subject〉是〈found〉,应为〈expected〉。〈hint〉
        (a space sets off a value that begins in ASCII: 是 2025,应为 data/units.yaml 中……)."""
        self.fail(pos, record, f"{subject}是{spaced(found)},应为{spaced(expected)}。{hint}")

    def twice(self, pos: Pos, record: str, subject: str, value: str, line: int, each: str) -> None:
        """The one form of a duplicate: 〈subject〉“〈value〉”重复(第N行已有),每个〈each〉只能写一次。"""
        first = f"(第{line}行已有)" if line else ""
        self.fail(pos, record, f"{subject}“{value}”重复{first},每个{each}只能写一次。")

    def of(self, m: Map, key: str, record: str) -> str:
        """第2项任务的责任单位: the record's field, as a message's subject, named as its declaration names it; in a
        mapping of the editors' own keys (unit_kinds), the value under the key: site.yaml的单位类别中“zone”的名称."""
        fields = self.shapes.get(id(m))
        return f"{record}的{fields.label(key)}" if fields else f"{record}中“{key}”的名称"

    def mapping(self, value: Value, record: str, fields: Fields) -> Map | None:
        """A mapping holding every required field its declaration names, and no field it does not name."""
        required, optional = fields.required, fields.optional
        if not isinstance(value, Map):
            listed = "、".join(named(fields, key) for key in sorted(required or optional))
            self.wrong(value.pos, record, record, describe(value), f"包含这些字段的映射:{listed}")
            return None
        self.shapes[id(value)] = fields
        for key in value:
            if key not in required and key not in optional:
                allowed = "、".join(sorted(required | optional))
                self.fail(key.pos, record, f"{record}有未知字段“{key}”,应为以下字段之一:{allowed}。")
        for key in sorted(required - value.keys()):
            self.fail(value.pos, record, f"{record}缺少{named(fields, key)}。")
        return value

    def sequence(self, value: Value | None, record: str, what: str, may_be_empty: bool = False) -> Seq:
        """A list of what (任务, 责任单位), record naming the list (第2部分的任务)."""
        if isinstance(value, Seq) and not value and not may_be_empty:
            self.wrong(value.pos, record, record, "空列表", f"至少一项{what}")
            return Seq()
        if not isinstance(value, Seq):
            if value is not None:
                size = "(可以为空:[])" if may_be_empty else "(至少一项)"
                self.wrong(value.pos, record, record, describe(value), f"{what}的列表{size}")
            return Seq()
        return value

    def text(self, m: Map, key: str, record: str, free: bool = True) -> str | None:
        """A text field; free text (not a number or slug, which have patterns of their own) may not begin
        like a spreadsheet formula."""
        value = m.get(key)
        if value is None:
            return None
        subject = self.of(m, key, record)
        if not isinstance(value, Str) or not value.strip():
            self.wrong(value.pos, record, subject, describe(value), "文字")
            return None
        if value != value.strip():
            self.fail(value.pos, record, f"{subject}“{value}”的开头或结尾有空格,应删去。")
        if free and value[:1] in FORMULA_START:
            self.fail(
                value.pos,
                record,
                f"{subject}“{value}”以“{value[0]}”开头,应改写开头:以 = + - @ 开头的文字,"
                "在电子表格中打开 CSV 下载时会被当作公式执行。",
            )
        if MARKUP.search(value):
            self.fail(
                value.pos,
                record,
                f"{subject}“{value}”含有 < 或 >,应为不含 HTML 的纯文字(表示比较请用全角的 ＜ ＞)。",
            )
        return str(value)

    def measure(self, m: Map, record: str) -> str | None:
        """An indicator's unit of measure: a word shown after each of its figures (100 家), nothing else."""
        return self.match(m, "unit", record, MEASURE, "一到四个字的计量单位,如 家、个、公里、人次")

    def match(self, m: Map, key: str, record: str, pattern: re.Pattern[str], expected: str) -> str | None:
        value = self.text(m, key, record, free=False)
        if value is not None and not pattern.fullmatch(value):
            self.wrong(m[key].pos, record, self.of(m, key, record), quoted(value), expected)
            return None
        return value

    def task_ref(self, m: Map, key: str, record: str) -> str | None:
        """A task as a report names it: its number (5), or section and number (2-5) under per-section numbering."""
        return self.match(m, key, record, TASK_REF, "任务的序号,如 5;按部分编号时写“部分-序号”,如 2-5")

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
            self.wrong(
                m[key].pos,
                record,
                self.of(m, key, record),
                quoted(value),
                "以 http:// 或 https:// 开头的完整网址,如 https://www.example.gov.cn/",
            )
            return None
        return value

    def vocabulary(self, m: Map, key: str, record: str, example: str) -> dict[str, str] | None:
        """A mapping of slugs to labels (unit_kinds, area_kinds): non-empty, each slug URL-safe, each label text."""
        value = m.get(key)
        if value is None:
            return None
        subject = self.of(m, key, record)
        if not isinstance(value, Map) or not value:
            found = "空映射" if isinstance(value, Map) else describe(value)
            self.wrong(value.pos, record, subject, found, "代码到名称的映射")
            return None
        found: dict[str, str] = {}
        for slug in value:
            label = self.text(value, slug, subject)
            if not SLUG.fullmatch(slug):
                self.wrong(
                    slug.pos,
                    subject,
                    f"{subject}中的代码",
                    quoted(slug),
                    f"小写英文字母、数字和单个连字符,如 {example}",
                )
            elif label is not None:
                found[str(slug)] = label
        return found if len(found) == len(value) else None

    def integer(self, m: Map, key: str, record: str) -> int | None:
        value = m.get(key)
        if isinstance(value, Str) and value.isascii() and value.isdigit() and value.startswith("0") and int(value):
            self.wrong(value.pos, record, self.of(m, key, record), quoted(value), f"不带前导零的整数:{int(value)}")
            return None
        value = self.match(m, key, record, INTEGER, "整数,如 17")
        return None if value is None else int(value)

    def slug_limits(self, value: Str, record: str, subject: str) -> bool:
        """A slug's length and Windows' reserved names, which the pattern alone allows."""
        if len(value) > SLUG_MAX:
            self.wrong(value.pos, record, subject, f"{len(value)}个字符", f"不超过{SLUG_MAX}个字符")
            return False
        if value in RESERVED_SLUGS:
            self.fail(
                value.pos,
                record,
                f"{subject}“{value}”是 Windows 保留的设备名(con、prn、aux、nul、com0–com9、lpt0–lpt9),"
                "应换一个:在 Windows 上复制本站时无法建立这个文件夹。",
            )
            return False
        return True

    def former_slugs(self, m: Map, record: str, seen: dict[str, Str]) -> tuple[str, ...]:
        """`former_slugs`: addresses the record had before, each URL-safe and used by no other record."""
        found = []
        subject = self.of(m, "former_slugs", record)
        for value in self.sequence(m.get("former_slugs"), subject, "页面地址") if "former_slugs" in m else []:
            if not isinstance(value, Str) or not SLUG.fullmatch(value):
                self.wrong(value.pos, record, subject, describe(value), "页面地址(slug),如 health")
            elif not self.slug_limits(value, record, subject):
                continue
            elif value in seen:
                self.twice(value.pos, record, subject, value, seen[value].pos.line, "页面地址")
            else:
                seen[value] = value
                found.append(str(value))
        return tuple(found)

    def slug(self, m: Map, record: str, example: str, seen: dict[str, Str]) -> str | None:
        """The record's slug: URL-safe, and not already used by another record of its registry (seen)."""
        slug = self.match(m, "slug", record, SLUG, f"小写英文字母、数字和单个连字符,如 {example}")
        if slug is None or not self.slug_limits(m["slug"], record, self.of(m, "slug", record)):
            return None
        if slug in seen:
            self.twice(m["slug"].pos, record, self.of(m, "slug", record), slug, seen[slug].pos.line, "页面地址")
        seen.setdefault(slug, m["slug"])
        return slug

    def figure(self, value: Value, record: str, subject: str) -> Figure | None:
        """A target as the document writes it; subject names it (民生实事第1项第1行(机构)的全市目标)."""
        if isinstance(value, Str) and value == "/":
            return Figure(None)
        if isinstance(value, Str) and NUMBER.fullmatch(value) and Decimal(value) != 0:
            return Figure(Decimal(value))
        if not isinstance(value, Str):
            hint = ""
        elif NUMBER.fullmatch(value):
            hint = "文件从不以 0 为目标:这个地区没有目标时请写 /。"
        elif SEPARATED.fullmatch(value):
            hint = f"请去掉千位分隔符:{re.sub('[,，]', '', value)}。"
        elif value.strip() != value or "／" in value or any("０" <= c <= "９" or c == "．" for c in value):
            hint = f"请改用半角字符并去掉空格:{unicodedata.normalize('NFKC', value).strip()}。"
        else:
            hint = ""
        self.wrong(value.pos, record, subject, describe(value), FIGURE_EXPECTED, hint)
        return None

    def amount(self, value: Value, record: str, subject: str) -> Amount | None:
        """A figure a progress report gives: a number as written (0 allowed), or / when it gives none."""
        if isinstance(value, Str) and value == "/":
            return Amount(None)
        if isinstance(value, Str) and NUMBER.fullmatch(value):
            return Amount(Decimal(value))
        hint = ""
        if isinstance(value, Str) and SEPARATED.fullmatch(value):
            hint = f"请去掉千位分隔符:{re.sub('[,，]', '', value)}。"
        elif isinstance(value, Str) and unicodedata.normalize("NFKC", value).strip() != value:
            hint = f"请改用半角字符并去掉空格:{unicodedata.normalize('NFKC', value).strip()}。"
        elif isinstance(value, Str) and value.endswith("%"):
            hint = "请写完成的数量,不写完成率:网站用它和目标算出完成率。"
        self.wrong(
            value.pos, record, subject, describe(value), "通报所写的数字(如 0、8、33.3),通报没有给出数字时写 /", hint
        )
        return None

    def day(self, m: Map, key: str, record: str) -> date | None:
        value = self.match(m, key, record, DATE, "形如 YYYY-MM-DD 的日期")
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.wrong(m[key].pos, record, self.of(m, key, record), quoted(value), "日历上存在的日期(YYYY-MM-DD)")
            return None

    def choice(self, m: Map, key: str, record: str, choices: dict[str, str]) -> str | None:
        value = self.text(m, key, record, free=False)
        if value is not None and value not in choices:
            self.wrong(m[key].pos, record, self.of(m, key, record), quoted(value), f"以下之一:{'、'.join(choices)}")
            return None
        return value

    def ref(self, value: Value, record: str, subject: str, registry: dict[str, T], what: str) -> T | None:
        """A name listed in a registry (what: data/units.yaml); subject names the field (第2项任务的责任单位)."""
        if isinstance(value, Str) and value in registry:
            return registry[value]
        twin = look_alike(value, registry) if isinstance(value, Str) else None
        if twin in self.look_alikes:  # the registered name itself is wrong, and has its error: one is enough
            return registry[twin]
        if not isinstance(value, Str) or not value:
            self.wrong(value.pos, record, subject, describe(value), f"{what} 中登记的名称")
            return None
        if twin:
            hint = f"是不是“{twin}”?(两者只差在形近字符:{differences(value, twin)})"
        else:
            hint = did_you_mean(value, registry) or f"请先把它加入 {what}。"
        self.fail(value.pos, record, f"{subject}“{value}”不在 {what} 中。{hint}")
        return None

    def registered(self, m: Map, record: str, name: str | None, known: dict[str, T], what: str) -> str | None:
        """A registry's name, refused when it holds look-alike characters (a twin of a name already listed)."""
        if name is None:
            return None
        normal = unicodedata.normalize("NFKC", name)
        if normal == name:
            return name
        pos, diff, subject = m["name"].pos, differences(name, normal), self.of(m, "name", record)
        # Not a twin: the name is still registered (the build stops on this error), so that the references
        # written with the same characters add no error each, and other spellings get the right "did you mean".
        if normal in known:
            line = known[normal].pos.line  # type: ignore[attr-defined]
            self.fail(
                pos,
                record,
                f"{subject}“{name}”统一形近字符后与第{line}行的“{normal}”相同({diff})。是不是“{normal}”?"
                f"每个{what}只能登记一次。",
            )
            return None
        self.fail(pos, record, f"{subject}“{name}”含有形近字符({diff}),应为“{normal}”:请用普通字符重新输入。")
        self.look_alikes.add(name)
        return name

    def withdrawal(self, m: Map, record: str, published: date | None = None) -> Withdrawal | None:
        """The optional `withdrawn: {date, reason}` of a record taken back after publication."""
        if "withdrawn" not in m:
            return None
        sub = f"{record}的撤销信息(withdrawn)"
        w = self.mapping(m["withdrawn"], sub, WITHDRAWAL)
        if w is None:
            return None
        day, reason = self.day(w, "date", sub), self.text(w, "reason", sub)
        if day and published and day < published:
            self.wrong(
                w["date"].pos,
                sub,
                self.of(w, "date", sub),
                f"{day.isoformat()},早于发布日期({published.isoformat()})",
                "撤销的那一天,不早于发布日期",
            )
            return None
        return Withdrawal(day, reason, w["date"]) if day and reason else None

    def numbered(self, raw: Seq | list[Value], name: Callable[[str], str], where: str = "") -> None:
        """Check that the records' `no` fields count 1, 2, 3, … (read from the raw records, so that a
        record rejected for another reason does not also shift the numbering). name names a record by its
        number (第5项任务), where says within what it counts ("第2部分内,按部分编号")."""
        for expected, rec in enumerate(raw, start=1):
            no = rec.get("no") if isinstance(rec, Map) else None
            if isinstance(no, Str) and INTEGER.fullmatch(no) and int(no) != expected:
                record = name(no)
                self.fail(
                    no.pos,
                    record,
                    f"{record}排在第{expected}个{where},序号却是{no},应为 1、2、3……依次编号,不跳号,不重号。",
                )
                return


FIGURE_EXPECTED = "按文件原样写的数字(如 8、33.3),没有目标时写 /"


def named(fields: Fields, key: str) -> str:
    """责任单位(units): a field's label with its YAML key, for a message that points at the record, not the field."""
    label = fields.label(key)
    return label if key in label else f"{label}({key})"


def spaced(text: str) -> str:
    """text after a Chinese word, with a space before it when it begins in ASCII (2024-06-01, data/units.yaml)."""
    return f" {text}" if text[:1].isascii() else text


def quoted(value: str) -> str:
    """A value as typed, in Chinese quotation marks."""
    return f"“{value}”"


def look_alike(name: str, names: Iterable[str]) -> str | None:
    """The name among names that is the same as name once look-alike characters are unified (NFKC), if any."""
    normal = unicodedata.normalize("NFKC", name)
    return next((n for n in names if n != name and unicodedata.normalize("NFKC", n) == normal), None)


def differences(found: str, meant: str) -> str:
    """'“⼈”(U+2F08)应为“人”(U+4EBA),…' for two names of the same length, else nothing."""
    if len(found) != len(meant):
        return "写法不同"
    pairs = dict.fromkeys((a, b) for a, b in zip(found, meant, strict=True) if a != b)
    return ",".join(f"“{a}”(U+{ord(a):04X})应为“{b}”(U+{ord(b):04X})" for a, b in pairs)


def did_you_mean(value: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.5) -> str:
    """The end of a message naming the closest choices (是不是“A”或“B”?), or "" when none is close."""
    close = difflib.get_close_matches(value, list(choices), n=n, cutoff=cutoff)
    return f"是不是{'或'.join(quoted(c) for c in close)}?" if close else ""


def describe(value: Value | None) -> str:
    """What was found, as a message says it: “市科技居” for a value, 一个列表 for a list."""
    if isinstance(value, Map):
        return "一个映射(键: 值)"
    if isinstance(value, Seq):
        return "一个列表"
    if value is None or value == "":
        return "空值"
    return quoted(str(value))


def task_name(ref: str) -> str:
    """第5项任务, or 第2部分第5项任务 for ref 2-5 (per-section numbering); ? stands for a number not read."""
    section, _, no = ref.rpartition("-")
    no = no if section else ref  # -2: a number as typed, not section and number
    task = "序号不明的任务" if no == "?" else f"第{no}项任务"
    return f"第{section}部分{task}" if section else task


def named_record(kind: str, name: object) -> str:
    """单位“市科技局”, 地区“东湖区”, 别名“发改委”; 名称不明的单位 when its name was not read (?)."""
    return f"名称不明的{kind}" if name == "?" else f"{kind}“{name}”"


def section_name(no: object) -> str:
    return "序号不明的部分" if no == "?" else f"第{no}部分"


def category_name(no: object) -> str:
    return "序号不明的民生实事分类" if no == "?" else f"民生实事第{no}类"


def item_name(no: object) -> str:
    return "序号不明的民生实事" if no == "?" else f"民生实事第{no}项"


def row_name(item: str, row: int, name: object = None) -> str:
    """民生实事第3项第4行(停车位): an indicator row by its item, its number in the table and its name."""
    return f"{item}第{row}行" + (f"({name})" if name else "")


def report_name(slug: str) -> str:
    return f"进展通报“{slug}”"


def document_name(folder: str) -> str:
    return f"{folder}年版 document.yaml"


def build_site(sources: Sources, reuse: Reuse | None = None) -> Site:
    """Validate every source and return the linked Site, or raise DataError listing all problems. With
    reuse (the dev server's), records read from the same parsed values as last time are not read again."""
    if reuse is not None:
        reuse.now = {}
        try:
            site = _build_site(sources, reuse)
        except (DataError, NeedPositions):  # validated again without reuse: every message a full build's
            reuse.now = {}
        else:
            reuse.last, reuse.now = reuse.now, {}
            return site
    try:
        return _build_site(sources, NO_REUSE)
    except NeedPositions:  # a problem to report, in values read without positions: read them again with
        return _build_site(read_sources(sources.root, placed=True), NO_REUSE)


class Reuse:
    """The records one validation read, by what each was read from, for the next (the dev server's): a
    record read again from the very same parsed values (load.parse_again keeps an item's value while its
    lines are unchanged) and the very same records it refers to is the record read last time. One
    edited task of 10,000: validation 0.06 s, 0.29-0.34 s reading every record. Only reads that found no
    problem are kept, and a validation that finds one runs again without reuse, so that its messages
    are a full build's. Kept: the last validation's reads only (a long session does not accumulate)."""

    def __init__(self) -> None:
        self.last: dict[tuple[object, ...], tuple[tuple[object, ...], object]] = {}
        self.now: dict[tuple[object, ...], tuple[tuple[object, ...], object]] = {}

    def __call__(
        self, check: Checker, kind: str, same: tuple[object, ...], equal: tuple[object, ...], read: Callable[[], T]
    ) -> T:
        """read(), or what it gave last time for the same objects (same, by identity) and equal values."""
        key = (kind, *map(id, same), *equal)
        if (kept := self.last.get(key)) is not None and all(map(operator.is_, kept[0], same)):
            self.now[key] = kept
            return kept[1]  # type: ignore[return-value]
        problems = len(check.problems)
        value = read()
        if len(check.problems) == problems:
            self.now[key] = (same, value)  # same kept alive with it: its ids are not another object's
        return value


class NoReuse(Reuse):
    def __call__(
        self, check: Checker, kind: str, same: tuple[object, ...], equal: tuple[object, ...], read: Callable[[], T]
    ) -> T:
        return read()


NO_REUSE = NoReuse()


def _build_site(sources: Sources, reuse: Reuse) -> Site:
    check = Checker()
    info = reuse(check, "site", (sources.site,), (), lambda: read_site_info(check, sources.site))
    kinds = info.area_kinds if info else None
    areas = reuse(check, "areas", (sources.areas, info), (), lambda: read_areas(check, sources.areas, kinds))
    units = reuse(
        check,
        "units",
        (sources.units, areas, info),
        (),
        lambda: read_units(check, sources.units, {a.name: a for a in areas}, info),
    )
    # by name, made once for the same records: what is read from them can be reused (Reuse)
    unit_names = reuse(check, "unit names", (units,), (), lambda: {u.name: u for u in units})
    area_names = reuse(check, "area names", (areas,), (), lambda: {a.name: a for a in areas})
    editions = [
        read_edition(
            check,
            folder,
            files,
            sources.source_texts[folder],
            unit_names,
            area_names,
            info.statuses if info else None,  # None: site.yaml refused, its statuses unknown (not checked)
            reuse,
        )
        for folder, files in sources.editions.items()
    ]
    # The site's first publication is known only when every edition read: with one refused, a later one would
    # pass for the first, and a withdrawal between the two would be reported as before it.
    if editions and all(e is not None for e in editions):
        published = [e.document.published for e in editions if e is not None]
        for unit in units:
            if unit.withdrawn and unit.withdrawn.date < min(published):
                record = named_record("单位", unit.name)
                check.wrong(
                    unit.withdrawn.pos or unit.pos,
                    record,
                    f"{record}的撤销信息(withdrawn)的日期",
                    f"{unit.withdrawn.date.isoformat()},早于本站第一份文件的发布日期({min(published).isoformat()})",
                    "这个单位撤销的那一天",
                )
    shared_numbers(check, sources.editions)
    pages = ["index.md", *(f"{year}/{page}.md" for year in sources.editions for page in ("notice", "source"))]
    content = {}
    for name, text in sources.content.items():
        if name not in pages:
            check.fail(
                Pos(f"content/{name}"),
                "",
                f"没有页面使用这个文件,content/ 中应只有 {'、'.join(pages)}:请把它的文字移到其中一个文件里,或删除它。",
            )
            continue
        content[name], problems = render_markdown(text, f"content/{name}")
        check.problems += problems
    for name in pages:
        if name not in content and name not in sources.content:
            check.fail(Pos(f"content/{name}"), "", "找不到这个文件,应为这个页面的 Markdown 文字。")
    if editions and all(e is not None for e in editions):  # with one refused, its columns are unknown
        listed = {a for e in editions if e is not None for a in e.document.area_columns}
        for area in areas:
            if area not in listed:
                record = named_record("地区", area.name)
                check.fail(
                    area.pos,
                    record,
                    f"{record}不在任何一年 data/<year>/document.yaml 的地区列(area_columns)中,"
                    "应至少是一年民生实事表的一列:请把它加到那里,或从 data/areas.yaml 删除。",
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
                record, label = document_name(folder), DOCUMENT.label(key)
                check.fail(
                    value.pos,
                    record,
                    f"{record}的{label}“{value}”与 data/{other}/document.yaml(第{was.pos.line}行)重复,"
                    f"应为本年文件自己的{label}:从别的年份复制来的 document.yaml 会带着那一年的编号。",
                )
            else:
                first[str(value)] = (folder, value)


def read_site_info(check: Checker, raw: Value) -> SiteInfo | None:
    """site.yaml: the site's identity, labels and vocabularies; None (its problems recorded) when wrong."""
    before = len(check.problems)
    m = check.mapping(raw, SITE_YAML, SITE)
    if m is None:
        return None
    texts = {key: check.text(m, key, SITE_YAML) for key in ("name", "city", "publisher")}
    texts["short_name"] = check.text(m, "short_name", SITE_YAML) if "short_name" in m else None
    texts["organizer"] = check.text(m, "organizer", SITE_YAML) if "organizer" in m else None
    texts["city_short"] = check.match(m, "city_short", SITE_YAML, ONE_CHARACTER, "一个字的简称,如 杭")
    site_url = check.address(m, "site_url", SITE_YAML)
    licence = data_package = labels = None
    if (lic := part(check, m, "licence", LICENCE)) is not None:
        sub = f"{SITE_YAML}的{named(SITE, 'licence')}"
        spdx = check.text(lic, "id", sub, free=False)
        url, note = check.address(lic, "url", sub), check.text(lic, "note", sub)
        licence = Licence(spdx, url, note) if spdx and url and note else None
    if (pkg := part(check, m, "data_package", DATA_PACKAGE)) is not None:
        sub = f"{SITE_YAML}的{named(SITE, 'data_package')}"
        pkg_id = check.match(pkg, "id", sub, SLUG, "小写英文字母、数字和单个连字符")
        title, description = (check.text(pkg, key, sub) for key in ("title", "description"))
        data_package = DataPackage(pkg_id, title, description) if pkg_id and title and description else None
    if (lab := part(check, m, "labels", LABELS)) is not None:
        sub = f"{SITE_YAML}的{named(SITE, 'labels')}"
        citywide, areas, government = (check.text(lab, key, sub) for key in LABELS.names)
        labels = Labels(citywide, areas, government) if citywide and areas and government else None
    unit_kinds = check.vocabulary(m, "unit_kinds", SITE_YAML, "city-department")
    area_kinds = check.vocabulary(m, "area_kinds", SITE_YAML, "county")
    with_area: list[str] = []
    subject = check.of(m, "unit_kinds_with_area", SITE_YAML)
    for value in site_list(check, m, "unit_kinds_with_area", "单位类别的列表(可以为空:[])", True):
        if not isinstance(value, Str) or value not in (unit_kinds or {}):
            if unit_kinds is not None:
                listed = "、".join(unit_kinds)
                check.wrong(value.pos, SITE_YAML, subject, describe(value), f"以下之一:{listed}")
        elif value in with_area:
            check.twice(value.pos, SITE_YAML, subject, value, 0, "类别")
        else:
            with_area.append(str(value))
    examples = []
    subject = check.of(m, "search_examples", SITE_YAML)
    for value in site_list(check, m, "search_examples", "要搜索的词的列表(至少一个)"):
        if not isinstance(value, Str) or not value.strip() or value != value.strip() or MARKUP.search(value):
            check.wrong(value.pos, SITE_YAML, subject, describe(value), "一个要搜索的词")
        elif value in examples:
            check.twice(value.pos, SITE_YAML, subject, value, 0, "词")
        else:
            examples.append(str(value))
    contact = check.text(m, "contact", SITE_YAML) if "contact" in m else None
    feedback = registration = None
    if (fb := part(check, m, "feedback", FEEDBACK)) is not None:
        sub = f"{SITE_YAML}的{named(SITE, 'feedback')}"
        feedback = Feedback(
            check.match(fb, "email", sub, EMAIL, "电子邮箱地址,如 gkb@example.gov.cn") if "email" in fb else None,
            check.match(fb, "phone", sub, PHONE, "电话号码,如 0000-12345678") if "phone" in fb else None,
            check.address(fb, "url", sub) if "url" in fb else None,
        )
    if (reg := part(check, m, "registration", REGISTRATION)) is not None:
        sub = f"{SITE_YAML}的{named(SITE, 'registration')}"
        registration = Registration(*(check.text(reg, key, sub, free=False) for key in ("site_code", "icp", "police")))
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
    sub = f"{SITE_YAML}的{named(SITE, 'progress_statuses')}"
    for v in check.sequence(m["progress_statuses"], sub, "进展状态"):
        s = check.mapping(v, sub, STATUS)
        if s is None:
            continue
        name, done = check.text(s, "name", sub), check.choice(s, "done", sub, DONE)
        if name == UNSTATED:
            check.fail(s["name"].pos, sub, f"{check.of(s, 'name', sub)}“{name}”总是允许使用,应删去这一项。")
        elif name in found:
            check.twice(s["name"].pos, sub, check.of(s, "name", sub), name, 0, "进展状态")
        elif name is not None and done is not None:
            found[name] = Status(name, done == "true")
    return (*found.values(), unstated)


def site_list(check: Checker, m: Map, key: str, expected: str, may_be_empty: bool = False) -> Seq:
    """The list under key in site.yaml; an empty Seq when absent or wrong (its problem recorded)."""
    value = m.get(key)
    if value is None:
        return Seq()
    if not isinstance(value, Seq) or not (value or may_be_empty):
        found = "空列表" if isinstance(value, Seq) else describe(value)
        check.wrong(value.pos, SITE_YAML, check.of(m, key, SITE_YAML), found, expected)
        return Seq()
    return value


def part(check: Checker, m: Map, key: str, fields: Fields, parent: str = "") -> Map | None:
    """The mapping under key in site.yaml, or in the record parent (None when absent or wrong), holding at least
    one of its fields when its declaration says so."""
    if key not in m:
        return None
    record = f"{parent or SITE_YAML}的{named(check.shapes.get(id(m), SITE), key)}"
    sub = check.mapping(m[key], record, fields)
    if sub is not None and fields.at_least_one and not sub:
        listed = "、".join(named(fields, name) for name in sorted(fields.names))
        check.wrong(sub.pos, record, record, "空映射", f"至少有{fields.at_least_one}:{listed}")
    return sub


def read_areas(check: Checker, raw: Value, kinds: dict[str, str] | None) -> tuple[Area, ...]:
    areas: dict[str, Area] = {}
    slugs: dict[str, Str] = {}
    for value in check.sequence(raw, FILE_CONTENT, "地区"):
        record = named_record("地区", value.get("name", "?") if isinstance(value, Map) else "?")
        m = check.mapping(value, record, AREA)
        if m is None:
            continue
        name = check.registered(m, record, check.text(m, "name", record), areas, "地区")
        full_name = check.text(m, "full_name", record)
        slug = check.slug(m, record, "east-district", slugs)
        kind = check.choice(m, "kind", record, kinds) if kinds is not None else None  # None: site.yaml is wrong
        former_slugs = check.former_slugs(m, record, slugs)
        if name in areas:
            check.fail(m.pos, record, f"{record}重复(第{areas[name].pos.line}行已有),每个地区只能登记一次。")
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
    for value in check.sequence(raw, FILE_CONTENT, "别名"):
        record = named_record("别名", value.get("name", "?") if isinstance(value, Map) else "?")
        m = check.mapping(value, record, ALIAS)
        if m is None:
            continue
        name, target = check.text(m, "name", record), check.text(m, "target", record)
        if name is None or target is None:
            continue
        if name.casefold() in seen:
            line = seen[name.casefold()].pos.line
            check.fail(m["name"].pos, record, f"{record}重复(第{line}行已有,不计大小写),每个别名只能写一次。")
            continue
        seen[name.casefold()] = m["name"]
        subject, target_subject = check.of(m, "name", record), check.of(m, "target", record)
        if not ALIAS_WORD.fullmatch(name):
            check.wrong(
                m["name"].pos,
                record,
                subject,
                quoted(name),
                "一个由文字和数字组成的词:搜索会在空格和标点处拆开查询,这样写的别名永远不会被原样查到",
            )
        elif name in names:
            check.wrong(
                m["name"].pos,
                record,
                subject,
                f"“{name}”,它本身就是单位或地区的名称",
                "数据中没有用作名称的词:搜索它本来就能找到",
            )
        elif any(name in t for t in texts):
            check.wrong(
                m["name"].pos,
                record,
                subject,
                f"“{name}”,记录的文字中用到了它",
                f"数据中没有用到的词:否则搜索它会改查“{target}”,漏掉写着“{name}”的记录",
            )
        elif name == target:
            check.wrong(m["target"].pos, record, target_subject, f"“{target}”,即别名本身", "它所代表的名称")
        elif target not in names and not any(target in t for t in texts):
            check.wrong(
                m["target"].pos,
                record,
                target_subject,
                f"“{target}”,它既不是单位或地区的名称,也不是任何记录文字中的词语",
                "数据中的叫法(否则搜索它什么也找不到)",
                did_you_mean(target, sorted(names)),
            )
        else:
            aliases[name] = Alias(name, target, m.pos)
    return tuple(aliases.values())


def read_units(check: Checker, raw: Value, areas: dict[str, Area], info: SiteInfo | None) -> tuple[Unit, ...]:
    units: dict[str, Unit] = {}
    slugs: dict[str, Str] = {}
    for value in check.sequence(raw, FILE_CONTENT, "单位"):
        record = named_record("单位", value.get("name", "?") if isinstance(value, Map) else "?")
        m = check.mapping(value, record, UNIT)
        if m is None:
            continue
        name = check.registered(m, record, check.text(m, "name", record), units, "单位")
        if name is not None and "★" in name:  # still registered, so that its uses add no error each
            check.wrong(
                m["name"].pos,
                record,
                check.of(m, "name", record),
                quoted(name),
                "不带★的名称:单位名称从不含★,★只在 tasks.yaml 中标记牵头单位(lead_rule: star)",
            )
        full_name = check.text(m, "full_name", record)
        slug = check.slug(m, record, "health", slugs)
        kind = check.choice(m, "kind", record, info.unit_kinds) if info else None  # None: site.yaml is wrong
        former_slugs = check.former_slugs(m, record, slugs)
        area = (
            check.ref(m["area"], record, check.of(m, "area", record), areas, "data/areas.yaml") if "area" in m else None
        )
        if info and kind is not None and ("area" in m) != (kind in info.unit_kinds_with_area):
            with_area = "、".join(sorted(info.unit_kinds_with_area))
            if "area" in m:
                check.fail(
                    m["area"].pos,
                    record,
                    f"{record}的类别是 {kind},不应写所属地区:只有类别为 {with_area} 的单位才写所属地区。",
                )
            else:
                check.fail(m.pos, record, f"{record}缺少所属地区(area),类别为 {kind} 的单位应写明它属于哪个地区。")
        note = check.text(m, "note", record) if "note" in m else None
        if name in units:
            check.fail(m.pos, record, f"{record}重复(第{units[name].pos.line}行已有),每个单位只能登记一次。")
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
    reuse: Reuse = NO_REUSE,
) -> Edition | None:
    before = len(check.problems)
    raw, livelihood = files["document"], "livelihood" in files
    document = reuse(
        check,
        "document",
        (raw, areas),
        (folder, source_text, livelihood),
        lambda: read_document(check, folder, raw, source_text, areas, livelihood),
    )
    if document is None:
        return None
    tasks = read_tasks(check, folder, files["tasks"], document, units, reuse)
    categories, items = (
        reuse(
            check,
            "livelihood",
            (files["livelihood"], document, units, areas),
            (),
            lambda: read_livelihood(check, document, files["livelihood"], units, areas),
        )
        if livelihood
        else ((), ())
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
    record = document_name(folder)
    m = check.mapping(raw, record, DOCUMENT)
    if m is None:
        return None
    year = check.integer(m, "year", record)
    if year is not None and str(year) != folder:
        check.wrong(m["year"].pos, record, check.of(m, "year", record), str(year), f"{folder}(所在文件夹的名称)")
    source_url = check.address(m, "source_url", record) if "source_url" in m else None
    if "source_file" in m and m["source_file"] != "source.txt":
        check.wrong(
            m["source_file"].pos,
            record,
            check.of(m, "source_file", record),
            describe(m["source_file"]),
            "source.txt,即本文件旁边的文件原文",
        )
    elif "source_file" in m and source_text is None:
        check.fail(
            m["source_file"].pos,
            record,
            f"{check.of(m, 'source_file', record)}是 source.txt,但 data/{folder}/source.txt 不存在,"
            "应在那里放文件原文(原文只有链接时,只写原文地址 source_url)。",
        )
    elif "source_file" not in m and source_text is not None:
        check.fail(
            m.pos,
            record,
            f"{record}缺少原文文件(source_file),data/{folder}/source.txt 存在,应写 source_file: source.txt。",
        )
    elif "source_file" not in m and "source_url" not in m:
        check.fail(
            m.pos,
            record,
            f"{record}既没有原文文件(source_file)也没有原文地址(source_url),应写 source_file: source.txt"
            "(本文件旁边的原文)、source_url(文件发布的网址),或两者都写。",
        )
    columns = read_columns(check, m, record, folder, areas, livelihood)
    inferred: tuple[Area, ...] = ()
    if livelihood and ("inferred_columns" in m) != ("inference_note" in m):  # without a table, both are refused
        given, missing = ("inferred_columns", "inference_note")[:: 1 if "inferred_columns" in m else -1]
        check.fail(
            m.pos,
            record,
            f"{record}有{named(DOCUMENT, given)},缺少{named(DOCUMENT, missing)}:两者应同时写,没有推断时都不写。",
        )
    elif "inferred_columns" in m and livelihood:
        subject = check.of(m, "inferred_columns", record)
        names = check.sequence(m["inferred_columns"], subject, "地区名称", may_be_empty=True)
        if isinstance(m["inferred_columns"], Seq) and not names:
            check.wrong(
                m["inferred_columns"].pos,
                record,
                subject,
                "空列表",
                "推断出的地区名称;没有推断时,inferred_columns 和 inference_note 都不写",
            )
        found: list[Area] = []
        seen: dict[str, Str] = {}
        for v in names:
            if isinstance(v, Str) and v in areas and areas[v] not in columns:
                check.wrong(v.pos, record, f"{subject}中的地区", quoted(v), "地区列(area_columns)中的名称")
            elif isinstance(v, Str) and v in seen:
                check.twice(v.pos, record, subject, v, seen[v].pos.line, "地区")
            elif (area := check.ref(v, record, subject, areas, "data/areas.yaml")) is not None:
                seen[area.name] = v
                found.append(area)
        inferred = tuple(found)
    texts = [f.name for f in DOCUMENT.fields if f.kind is ValueKind.TEXT]
    fields = {key: check.text(m, key, record) if key in m else None for key in texts}
    example = check.choice(m, "example", record, EXAMPLE)
    lead_rule = check.choice(m, "lead_rule", record, LEAD_RULE) if "lead_rule" in m else "first"
    written, published = check.day(m, "written", record), check.day(m, "published", record)
    if written and published and published < written:
        check.wrong(
            m["published"].pos,
            record,
            check.of(m, "published", record),
            f"{published.isoformat()},早于成文日期({written.isoformat()})",
            "文件发布的那一天,不早于成文日期",
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
            check.fail(
                m.pos, record, f"{record}缺少{named(DOCUMENT, key)},data/{folder}/livelihood.yaml 存在时应写它。"
            )
        elif not livelihood and key in m:
            check.fail(
                m[key].pos,
                record,
                f"{record}写了{named(DOCUMENT, key)},但 data/{folder}/livelihood.yaml 不存在:"
                "只有带民生实事表的年份才写它,应删去它,或加上民生实事表。",
            )
    if not livelihood or "area_columns" not in m:
        return ()
    columns: list[Area] = []
    seen: dict[str, Str] = {}
    subject = check.of(m, "area_columns", record)
    for v in check.sequence(m["area_columns"], subject, "地区名称"):
        area = check.ref(v, record, subject, areas, "data/areas.yaml")
        if area is not None and area.name in seen:
            check.twice(v.pos, record, subject, area.name, seen[area.name].pos.line, "地区")
        elif area is not None:
            seen[area.name] = v
            columns.append(area)
    return tuple(columns)


def read_tasks(
    check: Checker, folder: str, raw: Value, document: Document, units: dict[str, Unit], reuse: Reuse = NO_REUSE
) -> list[Task]:
    """tasks.yaml: a list of tasks, or a mapping of numbered sections holding them (numbering continuous or
    per-section)."""
    where = FILE_CONTENT

    def task(v: Value, section: Section | None = None, prefix: str = "") -> Task | None:
        return reuse(
            check,
            "task",
            (v, document, units),
            (section, prefix),
            lambda: read_task(check, document, v, units, section, prefix),
        )

    if not isinstance(raw, Map):
        raw_tasks = check.sequence(raw, where, "任务")
        tasks = [task(v) for v in raw_tasks]
        check.numbered(raw_tasks, task_name)
        return [t for t in tasks if t]
    m = check.mapping(raw, where, TASK_SECTIONS)
    numbering = check.choice(m, "numbering", where, NUMBERING) if m is not None and "numbering" in m else None
    raw_sections = check.sequence(
        m.get("sections") if m is not None else None, f"{where}的{named(TASK_SECTIONS, 'sections')}", "部分"
    )
    tasks: list[Task | None] = []
    every: list[Value] = []  # all the sections' tasks, for continuous numbering
    for v in raw_sections:
        record = section_name(v.get("no", "?") if isinstance(v, Map) else "?")
        s = check.mapping(v, record, TASK_SECTION)
        if s is None:
            continue
        no, title = check.integer(s, "no", record), check.text(s, "title", record)
        raw_tasks = check.sequence(s.get("tasks"), check.of(s, "tasks", record), "任务")
        section = Section(no, title, s.pos) if no is not None and title is not None else None
        prefix = f"{no if no is not None else '?'}-" if numbering == "per-section" else ""
        tasks += [task(t, section, prefix) for t in raw_tasks]
        every += raw_tasks
        if numbering == "per-section":
            check.numbered(
                raw_tasks,
                lambda n, prefix=prefix: task_name(f"{prefix}{n}"),
                f"(在第{no}部分内,按部分编号 per-section)",
            )
    check.numbered(raw_sections, section_name)
    if numbering == "continuous":
        check.numbered(every, task_name, "(各部分连续编号 continuous)")
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
    record = task_name(f"{prefix}{raw.get('no', '?') if isinstance(raw, Map) else '?'}")
    m = check.mapping(raw, record, TASK)
    if m is None:
        return None
    no, text = check.integer(m, "no", record), check.text(m, "text", record)
    star = document.lead_rule == "star"
    what = "责任单位(每个牵头单位前标★)" if star else "责任单位(牵头单位排第一)"
    subject = check.of(m, "units", record)
    refs = check.sequence(m.get("units"), subject, what, may_be_empty=True)
    names = [str(v).removeprefix("★") for v in refs]
    found, leads = [], []
    for i, (value, name) in enumerate(zip(refs, names, strict=True)):
        if isinstance(value, Str) and "★" in value and value in units:
            found.append(units[value])  # a registered name holding ★: refused in units.yaml, once is enough
            continue
        marked = isinstance(value, Str) and value.startswith("★")
        if marked and not name:
            check.wrong(
                value.pos,
                record,
                subject,
                "一个★,后面没有单位名称",
                "★后接 data/units.yaml 中登记的单位名称(- ★市发展改革委)",
            )
            found.append(None)
            continue
        if marked and not star:
            check.wrong(
                value.pos,
                record,
                subject,
                f"标了★的“{value}”",
                "不带★的名称:document.yaml 的牵头单位标记方式是 first(排第一的单位牵头);"
                "如果文件用★标记牵头单位,请在那里写 lead_rule: star",
            )
        # A marked name is looked up without its ★; its position is asked for only when there is a problem.
        if marked and name in units:
            unit: Unit | None = units[name]
        else:
            unit = check.ref(Str(name, value.pos) if marked else value, record, subject, units, "data/units.yaml")
        found.append(unit)
        if unit is not None and (marked if star else i == 0):
            leads.append(unit)
        if name in names[:i]:
            check.twice(refs[i].pos, record, subject, name, 0, "责任单位")
    if star and refs and not any(isinstance(v, Str) and v.startswith("★") for v in refs):
        check.fail(
            refs.pos,
            record,
            f"{subject}中没有标★的单位,应按文件的印法在每个牵头单位前标★(- ★市发展改革委):"
            "document.yaml 的牵头单位标记方式是 star。",
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
    m = check.mapping(raw, FILE_CONTENT, LIVELIHOOD)
    if m is None:
        return (), ()
    categories: list[Category] = []
    raw_categories = check.sequence(m.get("categories"), check.of(m, "categories", FILE_CONTENT), "事项分类")
    for v in raw_categories:
        record = category_name(v.get("no", "?") if isinstance(v, Map) else "?")
        c = check.mapping(v, record, CATEGORY)
        if (
            c is not None
            and (no := check.integer(c, "no", record)) is not None
            and (name := check.text(c, "name", record))
        ):
            categories.append(Category(year, no, name, c.pos))
    check.numbered(raw_categories, category_name)
    by_no = {c.no: c for c in categories}
    items: list[Item] = []
    row = 0
    raw_items = check.sequence(m.get("items"), check.of(m, "items", FILE_CONTENT), "事项")
    for v in raw_items:
        record = item_name(v.get("no", "?") if isinstance(v, Map) else "?")
        i = check.mapping(v, record, ITEM)
        if i is None:
            continue
        no, text = check.integer(i, "no", record), check.text(i, "text", record)
        cat_no = check.integer(i, "category", record)
        category = by_no.get(cat_no) if cat_no is not None else None
        if cat_no is not None and category is None:
            check.wrong(
                i["category"].pos,
                record,
                check.of(i, "category", record),
                str(cat_no),
                f"分类序号 1–{len(categories)} 之一",
            )
        lead = (
            check.ref(i["lead"], record, check.of(i, "lead", record), units, "data/units.yaml") if "lead" in i else None
        )
        indicators = []
        for ind_raw in check.sequence(i.get("indicators"), check.of(i, "indicators", record), "指标行"):
            row += 1
            indicators.append(read_indicator(check, document, row, no or 0, ind_raw, record, areas))
        if None in (no, text, category, lead) or None in indicators or not indicators:
            continue
        withdrawn = check.withdrawal(i, record, published)
        items.append(Item(year, no, category, text, lead, tuple(indicators), i.pos, withdrawn))
    check.numbered(raw_items, item_name)
    return with_first_items(categories, items)


def with_first_items(categories: list[Category], items: list[Item]) -> tuple[tuple[Category, ...], tuple[Item, ...]]:
    """The categories, each knowing the number of its first item (urls.category: the index page it heads), and
    the items pointing at them."""
    first: dict[int, int] = {}
    for item in items:
        first.setdefault(item.category.no, item.no)
    known = {c.no: dataclasses.replace(c, first=first.get(c.no, 0)) for c in categories}
    return tuple(known.values()), tuple(dataclasses.replace(i, category=known[i.category.no]) for i in items)


def read_indicator(
    check: Checker, document: Document, row: int, item_no: int, raw: Value, item_record: str, areas: dict[str, Area]
) -> Indicator | None:
    year, columns = document.year, document.area_columns
    name_hint = raw.get("name") if isinstance(raw, Map) else None
    record = row_name(item_record, row, name_hint)
    m = check.mapping(raw, record, INDICATOR)
    if m is None:
        return None
    name = check.text(m, "name", record) if "name" in m else None
    label = check.text(m, "label", record) if "label" in m else None
    unit = check.measure(m, record) if "unit" in m else None
    target = check.figure(m["target"], record, check.of(m, "target", record)) if "target" in m else None
    withdrawn = check.withdrawal(m, record, document.published)
    if "breakdown" not in m:  # a citywide target the document does not break down by area
        if target is None:
            return None
        return Indicator(year, row, item_no, name, target, (), m.pos, withdrawn, label, unit)
    breakdown = m["breakdown"]
    subject = check.of(m, "breakdown", record)
    if not isinstance(breakdown, Map) or not breakdown:
        found = "空映射" if isinstance(breakdown, Map) else describe(breakdown)
        check.wrong(
            breakdown.pos,
            record,
            subject,
            found,
            "每个地区到其目标数字的映射(全市目标不分解到地区时,不写各地目标 breakdown)",
        )
        return None
    expected = [a.name for a in columns]
    listing = f"data/{year}/document.yaml 的地区列(area_columns)"
    problems = len(check.problems)
    for key in breakdown:
        if key in expected:
            continue
        if key in areas:  # a registered area, but not a column of this year's table
            check.fail(key.pos, record, f"{subject}中有“{key}”,但 {listing}中没有它({year}年的表没有这一列)。")
        else:
            check.ref(key, record, f"{subject}中的地区", areas, "data/areas.yaml")
    misspelt = any(key not in areas for key in breakdown)  # its error says which area it may be: enough
    for area in columns:
        if area.name not in breakdown and not misspelt:
            check.fail(breakdown.pos, record, f"{subject}中缺少“{area.name}”,它在 {listing}中。")
    if len(check.problems) > problems:
        return None
    if list(breakdown) != expected:
        check.wrong(
            breakdown.pos,
            record,
            f"{subject}的地区",
            "、".join(breakdown),
            f"按这个顺序正好列出:{'、'.join(expected)}",
        )
        return None
    figures = [check.figure(breakdown[a.name], record, f"{subject}中“{a.name}”的数字") for a in columns]
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
    record = report_name(slug)
    before = len(check.problems)
    if not SLUG.fullmatch(slug) or len(slug) > SLUG_MAX or slug in RESERVED_SLUGS:
        where = raw.pos if isinstance(raw, Map | Seq | Str) else Pos(f"data/{folder}/progress/{slug}.yaml")
        check.wrong(
            where,
            record,
            f"{record}的文件名",
            f"“{slug}.yaml”(文件名就是通报的页面地址 /{folder}/progress/{slug}/)",
            f"小写英文字母、数字和单个连字符,不超过{SLUG_MAX}个字符,如 2023-h1.yaml",
        )
    m = check.mapping(raw, record, REPORT)
    if m is None:
        return None
    title, publisher = check.text(m, "title", record), check.text(m, "publisher", record)
    period = check.match(m, "period", record, PERIOD, "一季度、上半年、前三季度、全年,或月份范围,如 1-5月")
    as_of, published = check.day(m, "as_of", record), check.day(m, "published", record)
    if as_of and published and published < as_of:
        check.wrong(
            m["published"].pos,
            record,
            check.of(m, "published", record),
            f"{published.isoformat()},早于截至日期({as_of.isoformat()})",
            "通报发布的那一天,不早于截至日期",
        )
    # A first-quarter report may be as of a day before the document assigning the year's tasks was published
    # (a notice of April): its figures are of the document's year; the report itself comes after the document.
    months = MONTHS.fullmatch(period) if period else None
    if months and int(months[1]) > int(months[2]):
        check.wrong(
            m["period"].pos,
            record,
            check.of(m, "period", record),
            quoted(period),
            f"先小后大的月份,如 {months[2]}-{months[1]}月",
        )
    reversed_months = bool(months) and int(months[1]) > int(months[2])  # reported above: its end is unknown
    last = None if reversed_months else int(months[2]) if months else PERIOD_ENDS.get(period or "")
    if as_of and last and (as_of.year, as_of.month) != (document.year, last):
        check.wrong(
            m["as_of"].pos,
            record,
            check.of(m, "as_of", record),
            as_of.isoformat(),
            f"{document.year}-{last:02d} 中的一天:{folder}年任务的“{period}”止于{document.year}年{last}月",
        )
    if published and published < document.published:
        check.wrong(
            m["published"].pos,
            record,
            check.of(m, "published", record),
            f"{published.isoformat()},早于{folder}年文件的发布日期({document.published.isoformat()})",
            "在它之后的一天:对这些任务的通报总在文件之后",
        )
    source = None
    if (src := part(check, m, "source", REPORT_SOURCE, record)) is not None:
        sub = f"{record}的{named(REPORT, 'source')}"
        name = check.text(src, "name", sub)
        doc_no = check.text(src, "doc_no", sub) if "doc_no" in src else None
        url = check.address(src, "url", sub) if "url" in src else None
        source = ReportSource(name, doc_no, url) if name and (doc_no or url) else None
        if "doc_no" not in src and "url" not in src:
            check.fail(src.pos, sub, f"{sub}既没有文号(doc_no)也没有网址(url),应写通报的文号、网址,或两者都写。")
    summary = check.text(m, "summary", record) if "summary" in m else None
    if "tasks" not in m and "livelihood" not in m:
        check.fail(
            m.pos,
            record,
            f"{record}既没有重点工作进展(tasks)也没有民生实事进展(livelihood),"
            "应写通报对重点工作、对民生实事指标行所说的内容,或两者都写。",
        )
    vocabulary = {s.name: s for s in statuses} if statuses is not None else None
    by_ref = {t.ref: t for t in tasks}
    task_entries: list[TaskProgress] = []
    seen: dict[str, Str] = {}
    subject = check.of(m, "tasks", record)
    for v in check.sequence(m.get("tasks"), subject, "任务") if "tasks" in m else ():
        entry = record + task_name(v.get("task", "?") if isinstance(v, Map) else "?")
        e = check.mapping(v, entry, TASK_PROGRESS)
        if e is None:
            continue
        ref = check.task_ref(e, "task", entry)
        task = by_ref.get(ref) if ref is not None else None
        if ref is not None and task is None:
            refs = f"{tasks[0].ref}–{tasks[-1].ref}" if tasks else "没有任务"
            check.wrong(
                e["task"].pos,
                entry,
                check.of(e, "task", entry),
                quoted(ref),
                f"data/{folder}/tasks.yaml 中一项任务的序号({refs})",
            )
        elif ref is not None and ref in seen:
            check.twice(e["task"].pos, record, f"{record}中的任务", ref, seen[ref].pos.line, "任务")
            task = None
        elif ref is not None:
            seen[ref] = e["task"]
            if as_of and task.withdrawn and task.withdrawn.date <= as_of:
                check.fail(
                    e["task"].pos,
                    record,
                    f"{record}写了{task_name(ref)},但它已于 {task.withdrawn.date.isoformat()} 撤销"
                    f"(data/{folder}/tasks.yaml),不晚于本通报的截至日期 {as_of.isoformat()},"
                    "通报应只写仍然有效的任务:请把它从通报中删去(它的页面会说明已撤销)。",
                )
        status = status_of(check, e, entry, vocabulary)
        text = check.text(e, "text", entry)
        if task and status and text:
            task_entries.append(TaskProgress(task, status, text, e.pos))
    rows = {ind.row: (item, ind) for item in items for ind in item.indicators}
    row_entries: list[RowProgress] = []
    seen_rows: dict[int, Str] = {}
    subject = check.of(m, "livelihood", record)
    for v in check.sequence(m.get("livelihood"), subject, "指标行") if "livelihood" in m else ():
        number = v.get("row", "?") if isinstance(v, Map) else "?"
        entry = f"{record}{'行号不明的指标行' if number == '?' else f'第{number}行'}"
        e = check.mapping(v, entry, ROW_PROGRESS)
        if e is None:
            continue
        no = check.integer(e, "row", entry)
        found = rows.get(no) if no is not None else None
        if no is not None and found is None:
            where = f"第1–{len(rows)}行" if rows else "这一年没有民生实事表,没有指标行"
            check.wrong(
                e["row"].pos,
                entry,
                check.of(e, "row", entry),
                str(no),
                f"data/{folder}/livelihood.yaml 中的一个指标行({where})",
            )
        elif no is not None and no in seen_rows:
            check.twice(e["row"].pos, record, f"{record}中的指标行", str(no), seen_rows[no].pos.line, "指标行")
            found = None
        elif no is not None:
            seen_rows[no] = e["row"]
            taken_back = found[1].withdrawn or found[0].withdrawn
            if as_of and taken_back and taken_back.date <= as_of:
                check.fail(
                    e["row"].pos,
                    record,
                    f"{record}写了第{no}行,但它已于 {taken_back.date.isoformat()} 撤销"
                    f"(data/{folder}/livelihood.yaml),不晚于本通报的截至日期 {as_of.isoformat()},"
                    "通报应只写仍然有效的指标行:请把它从通报中删去(它的页面会说明已撤销)。",
                )
        status = status_of(check, e, entry, vocabulary)
        completed = check.amount(e["completed"], entry, check.of(e, "completed", entry)) if "completed" in e else None
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
        check.wrong(
            e["status"].pos,
            record,
            check.of(e, "status", record),
            quoted(value),
            f"以下之一:{'、'.join(vocabulary)}(site.yaml 的进展状态 progress_statuses;通报没有写明时用{UNSTATED})",
            did_you_mean(value, vocabulary, n=2, cutoff=0.4),
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
    subject = check.of(e, "breakdown", record)
    if not isinstance(breakdown, Map) or not breakdown:
        found = "空映射" if isinstance(breakdown, Map) else describe(breakdown)
        check.wrong(breakdown.pos, record, subject, found, "各地区到其完成数的映射")
        return None
    columns = [a.name for a in document.area_columns]
    listing = f"data/{document.year}/document.yaml 的地区列(area_columns)"
    problems = len(check.problems)
    for key in breakdown:
        if key not in columns:
            check.fail(
                key.pos,
                record,
                f"{subject}中有“{key}”,但 {listing}中没有它,应为以下之一:{'、'.join(columns)}。",
            )
    if ind is not None and not ind.cells:
        check.fail(
            breakdown.pos,
            record,
            f"{subject}不应写:第{ind.row}行只有全市目标(livelihood.yaml 中没有分解到地区),应只写完成数(completed)。",
        )
    if len(check.problems) > problems:
        return None
    order = [c for c in columns if c in breakdown]
    if list(breakdown) != order:
        check.wrong(breakdown.pos, record, f"{subject}的地区", "、".join(breakdown), f"按表中的顺序:{'、'.join(order)}")
        return None
    amounts = {name: check.amount(breakdown[name], record, f"{subject}中“{name}”的数字") for name in order}
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
                    record = f"{report_name(r.slug)}第{e.indicator.row}行"
                    out.append(
                        Problem(
                            e.pos,
                            record,
                            f"{record}各地完成数之和为{plain(sum(areas, Decimal(0)))},大于全市完成数"
                            f"{e.citywide.completed.text};已按通报原样保留。",
                        )
                    )
    return out


def sum_warnings(editions: tuple[Edition, ...]) -> list[Problem]:
    """Rows whose area values do not add up to the citywide target (reported, never corrected)."""
    return [
        Problem(
            ind.pos,
            record,
            f"{record}各地目标之和为{plain(ind.total)},全市目标为{ind.target.text};已按文件原样保留。",
        )
        for ed in editions
        for ind in ed.mismatches
        for record in [f"{ed.year}年" + row_name(item_name(ind.item_no), ind.row, ind.name)]
    ]
