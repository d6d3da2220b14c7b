"""Each data file's fields, declared once.

The validator's required, optional and unknown-field checks (``Checker.mapping``) and the JSON Schemas
published with the open data (``outputs/schema.py``) both derive from these declarations, and
``data/README.md`` documents every field named here (a test holds it to that). What a value must be is
checked by the ``Checker`` method its kind names; checks across records (numbering, references, column
order, unique slugs) stay hand-written in ``validate.py``. Adding a data file is one entry in ``FILES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum


class ValueKind(Enum):
    """What a field's value is; the value names the Checker methods that read it (validate.py)."""

    # Each value must be unique: two kinds with the same value would be one kind (an Enum alias).

    TEXT = "text"  # free text on one line
    NAME = "ref"  # a name listed in a registry
    NAMES = "sequence, ref"  # a list of registered names, each once
    SLUG = "slug"  # the record's own address part
    SLUGS = "former_slugs"  # the record's earlier address parts
    WHOLE = "integer"  # a whole number without leading zeros
    DATE = "day"  # a calendar date YYYY-MM-DD
    CHOICE = "choice"  # one value of a vocabulary
    FIGURE = "figure"  # a number as the document writes it, or / for no target
    FIGURES = "mapping of figure"  # a figure for each area column, keyed by the area's name
    CONST = "equals"  # exactly one allowed text, which the reader compares with (no Checker method)
    RECORD = "mapping"  # a nested mapping with declared fields of its own
    RECORDS = "sequence of mapping"  # a list of such mappings
    ADDRESS = "address"  # an absolute http or https address
    VOCABULARY = "vocabulary"  # slug -> label: the kinds a site's registries use
    CHOICES = "sequence, choice"  # a list of values of a vocabulary, each once
    WORDS = "sequence, text"  # a list of words (search examples)
    PATTERN = "match"  # text matching a pattern of its own (Field.pattern)
    AMOUNT = "amount"  # a figure a progress report gives (0 allowed: nothing done yet), or / for none given
    AMOUNTS = "mapping of amount"  # such a figure for some of the area columns, keyed by the area's name
    REF = "task_ref"  # a task's number in its edition ("5"), or section and number ("2-5") under per-section numbering


@dataclass(frozen=True)
class Field:
    """One field of a mapping: its name, whether it must be there, what its value is, what it means."""

    name: str
    kind: ValueKind
    label: str  # what messages call it, in the document's words (责任单位 for units)
    meaning: str  # one line, as in data/README.md; the title of the field in the published schema
    required: bool = True
    about: str = ""  # what the schema says about the value where its kind's own description is not enough
    vocabulary: str = ""  # CHOICE: the vocabulary its values come from (UNIT_KINDS for unit_kinds)
    value: str = ""  # CONST: the one allowed value
    record: Fields | None = None  # RECORD and RECORDS: the nested mapping's fields
    may_be_empty: bool = False  # NAMES, RECORDS and CHOICES: whether an empty list is allowed
    pattern: re.Pattern[str] | None = None  # PATTERN: what the text must match


@dataclass(frozen=True)
class Fields:
    """The fields of one kind of mapping: the records of a file, a whole file, or a record nested in one."""

    fields: tuple[Field, ...]
    at_least_one: str = ""  # all fields optional, but not none of them: what one of them is, for the message
    one_of: tuple[str, ...] = ()  # optional fields of which at least one must be given (source_file, source_url)
    together: tuple[str, ...] = ()  # optional fields given all together or not at all

    def label(self, name: str) -> str:
        """What messages call the field name (责任单位 for units); the name itself when it is not one of these."""
        return next((f.label for f in self.fields if f.name == name), name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields if f.required)

    @property
    def optional(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields if not f.required)

    def walk(self, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Fields]]:
        """This mapping and every mapping nested in it, each with the field names leading to it."""
        yield path, self
        for f in self.fields:
            if f.record is not None:
                yield from f.record.walk((*path, f.name))


@dataclass(frozen=True)
class DataFile:
    """One kind of data file: where it is, and whether it holds one mapping or a list of them."""

    title: str  # what the file is, in the document's words
    path: str  # as data/README.md names it: data/units.yaml, data/<year>/tasks.yaml
    fields: Fields
    many: bool  # a list of records (units.yaml) rather than one mapping (document.yaml)
    required: bool = True  # False: an edition may go without it (livelihood.yaml: an edition with no table)
    sectioned: Fields | None = None  # the file may instead be one mapping of sections (tasks.yaml)


WITHDRAWAL = Fields(
    (
        Field("date", ValueKind.DATE, "日期", "when it was taken back, never before the record was published"),
        Field("reason", ValueKind.TEXT, "原因", "why, in one or two plain sentences, shown on the page"),
    )
)
WITHDRAWN = Field(
    "withdrawn",
    ValueKind.RECORD,
    "撤销",
    "when and why a published record was taken back (撤销)",
    required=False,
    about="set when a published record is taken back: it stays on the site, marked withdrawn",
    record=WITHDRAWAL,
)
FORMER_SLUGS = Field(
    "former_slugs",
    ValueKind.SLUGS,
    "原页面地址(former_slugs)",
    "the record's earlier slugs, kept when a slug had to change",
    required=False,
    about="earlier slugs of this record: their pages redirect here, so old links keep working",
)

UNIT = Fields(
    (
        Field("name", ValueKind.TEXT, "名称", "the short name exactly as printed in the document (原文简称)"),
        Field("full_name", ValueKind.TEXT, "全称", "the full official name (全称), supplied by the site's editors"),
        Field(
            "slug",
            ValueKind.SLUG,
            "页面地址(slug)",
            "the unit's page is /departments/<slug>/; never changes once published",
        ),
        Field("kind", ValueKind.CHOICE, "类别", "the category of unit", vocabulary="unit_kinds"),
        Field(
            "area",
            ValueKind.NAME,
            "所属地区",
            "the area the unit stands for, on the unit kinds that belong to one area",
            required=False,
            about="a name in data/areas.yaml (governments and zones only)",
        ),
        Field("note", ValueKind.TEXT, "备注", "editor's caveat: the full_name is not confirmed", required=False),
        WITHDRAWN,
        FORMER_SLUGS,
    ),
)
AREA = Fields(
    (
        Field(
            "name", ValueKind.TEXT, "名称", "the area's name as a column of the 民生实事 table and a key of breakdown"
        ),
        Field("full_name", ValueKind.TEXT, "全称", "a fuller name for headings"),
        Field(
            "slug",
            ValueKind.SLUG,
            "页面地址(slug)",
            "the area's page is /districts/<slug>/; never changes once published",
        ),
        Field("kind", ValueKind.CHOICE, "类别", "the category of area", vocabulary="area_kinds"),
        FORMER_SLUGS,
    ),
)
AREA_NAME = "a name in data/areas.yaml"
ALIAS = Fields(
    (
        Field(
            "name",
            ValueKind.TEXT,
            "名称",
            "a word readers search by that the data does not use (发改委), supplied by the editors",
        ),
        Field(
            "target",
            ValueKind.TEXT,
            "所指名称",
            "what it stands for: a unit's or area's name, or a phrase some record's text holds (市发展改革委)",
            about="a name in data/units.yaml or data/areas.yaml, or a phrase of a task's, item's, indicator's or "
            "report's text: a search for the alias searches for it",
        ),
    ),
)
DOCUMENT = Fields(
    (
        Field("year", ValueKind.WHOLE, "年份", "the edition year, the name of the folder the file is in"),
        Field("title", ValueKind.TEXT, "标题", "the document's title (标题)"),
        Field("doc_no", ValueKind.TEXT, "发文文号", "the document number (发文文号)"),
        Field("index_no", ValueKind.TEXT, "索引号", "the index number on the disclosure page (索引号)"),
        Field("issuer", ValueKind.TEXT, "发布机关", "the issuing body as the disclosure page shows it (发布机关)"),
        Field("signed_by", ValueKind.TEXT, "落款", "the body named in the signature (落款)"),
        Field("written", ValueKind.DATE, "成文日期", "the day it was written (成文日期)"),
        Field("published", ValueKind.DATE, "发布日期", "the day it was published (发布日期), on or after written"),
        Field("disclosure", ValueKind.TEXT, "公开方式", "the disclosure mode (公开方式)"),
        Field(
            "source_file",
            ValueKind.CONST,
            "原文文件",
            "the verbatim text of the document beside this file",
            required=False,
            value="source.txt",
            about="given when data/<year>/source.txt holds the verbatim text; source_file, source_url or both",
        ),
        Field(
            "source_url",
            ValueKind.ADDRESS,
            "原文地址",
            "where the document is published, linked from the source page",
            required=False,
            about="an http or https address; source_file, source_url or both",
        ),
        Field("tasks_title", ValueKind.TEXT, "重点工作表标题", "the title of the key-tasks table"),
        Field(
            "tasks_note", ValueKind.TEXT, "重点工作表注", "the note under the key-tasks table, without its leading 注:"
        ),
        Field(
            "lead_rule",
            ValueKind.CHOICE,
            "牵头单位标记方式",
            "how the key-tasks table marks its lead units: first (the first listed) or star (marked ★)",
            required=False,
            vocabulary="lead_rule",
        ),
        Field(
            "livelihood_title",
            ValueKind.TEXT,
            "民生实事表标题",
            "the title of the 民生实事 table",
            required=False,
        ),
        Field(
            "area_columns",
            ValueKind.NAMES,
            "地区列",
            "the area columns of the 民生实事 table, left to right",
            required=False,
            about=AREA_NAME + "; given exactly when the edition has a livelihood.yaml",
        ),
        Field(
            "inferred_columns",
            ValueKind.NAMES,
            "推断的地区列",
            "the names in area_columns not printed in our copy of the document, inferred by the editors",
            required=False,
            about=AREA_NAME + " of area_columns; given with inference_note, only when a name was inferred",
        ),
        Field(
            "inference_note",
            ValueKind.TEXT,
            "推断说明",
            "how the inferred column names were worked out, and on what evidence",
            required=False,
        ),
        Field(
            "example",
            ValueKind.CHOICE,
            "示例数据标记",
            "true: the edition is invented example data (as `build.py new` writes), marked on every page",
            required=False,
            vocabulary="example",
        ),
    ),
    one_of=("source_file", "source_url"),
    together=("inferred_columns", "inference_note"),
)
# example: true marks an edition of invented data (the one `build.py new` writes): every page says so.
EXAMPLE = {"true": "the edition is example data", "false": "the edition is a real document"}
# lead_rule: how a key-tasks table says which responsible units lead (列第一位者为牵头单位, or ★发改局).
LEAD_RULE = {"first": "the first unit listed is the lead (the default)", "star": "the units marked ★ are the leads"}
TASK = Fields(
    (
        Field("no", ValueKind.WHOLE, "序号", "the task number (序号), 1, 2, 3, … in order"),
        Field("text", ValueKind.TEXT, "主要工作任务", "the task text (主要工作任务), verbatim"),
        Field(
            "units",
            ValueKind.NAMES,
            "责任单位",
            "the responsible units (责任单位) in the document's order, [] when it lists none",
            about="a name in data/units.yaml; the first is the lead unit, or (lead_rule: star) ★ marks each lead",
            may_be_empty=True,
        ),
        WITHDRAWN,
    ),
)
# numbering: whether task numbers continue across the sections of tasks.yaml or restart at 1 in each.
NUMBERING = {"continuous": "numbers continue across sections", "per-section": "numbers restart at 1 in each section"}
TASK_SECTION = Fields(
    (
        Field("no", ValueKind.WHOLE, "序号", "the section number (一、二、… as an Arabic number), 1, 2, 3, … in order"),
        Field("title", ValueKind.TEXT, "标题", "the section's title, without its ordinal"),
        Field("tasks", ValueKind.RECORDS, "任务", "the section's tasks, in order", record=TASK),
    )
)
TASK_SECTIONS = Fields(
    (
        Field(
            "numbering",
            ValueKind.CHOICE,
            "编号方式",
            "continuous (numbers continue across sections) or per-section (they restart at 1 in each)",
            vocabulary="numbering",
        ),
        Field(
            "sections", ValueKind.RECORDS, "部分", "the sections of the key-tasks table, in order", record=TASK_SECTION
        ),
    )
)
INDICATOR = Fields(
    (
        Field(
            "name",
            ValueKind.TEXT,
            "指标名称",
            "the indicator's name (任务分解), omitted for an unnamed row",
            required=False,
        ),
        Field(
            "label",
            ValueKind.TEXT,
            "完整名称",
            "a name readable on its own (机构 → 新增社区托育机构), supplied by the site's editors: the document's "
            "name stays in name",
            required=False,
        ),
        Field(
            "unit",
            ValueKind.TEXT,
            "计量单位",
            "the unit of measure of its figures (家, 个, 公里, 人次), supplied by the site's editors: "
            "the document's table gives none",
            required=False,
        ),
        Field("target", ValueKind.FIGURE, "全市目标", "the citywide target (全市目标任务)"),
        Field(
            "breakdown",
            ValueKind.FIGURES,
            "各地目标",
            "the figure for each area column, omitted for a citywide target not broken down by area",
            required=False,
            about="each area of document.yaml area_columns, in that order, with its figure",
        ),
        WITHDRAWN,
    ),
)
CATEGORY = Fields(
    (
        Field("no", ValueKind.WHOLE, "序号", "the category's number, its Chinese ordinal as an Arabic number"),
        Field("name", ValueKind.TEXT, "名称", "the category's name, without its ordinal"),
    )
)
ITEM = Fields(
    (
        Field("no", ValueKind.WHOLE, "序号", "the item number (序号), 1, 2, 3, … in order"),
        Field(
            "category",
            ValueKind.WHOLE,
            "事项分类",
            "the category the item belongs to",
            about="the no of a category above",
        ),
        Field("text", ValueKind.TEXT, "事项内容", "the item's description (事项名称), verbatim"),
        Field("lead", ValueKind.NAME, "牵头单位", "the lead unit (牵头单位)", about="a name in data/units.yaml"),
        Field(
            "indicators",
            ValueKind.RECORDS,
            "任务分解",
            "the item's indicator rows (任务分解), in order",
            record=INDICATOR,
        ),
        WITHDRAWN,
    )
)
LIVELIHOOD = Fields(
    (
        Field(
            "categories", ValueKind.RECORDS, "事项分类", "the numbered project categories (事项分类)", record=CATEGORY
        ),
        Field("items", ValueKind.RECORDS, "事项", "the numbered items (序号) of the table", record=ITEM),
    )
)

# Progress reports (data/<year>/progress/<name>.yaml): what a government published on how the work went.
# period: 一季度, 上半年, 前三季度, 全年, or a range of months such as 1-5月.
PERIODS = ("一季度", "上半年", "前三季度", "全年")
MONTHS = re.compile(r"(1[0-2]|[1-9])-(1[0-2]|[1-9])月")
PERIOD = re.compile("|".join((*PERIODS, MONTHS.pattern)))
REPORT_SOURCE = Fields(
    (
        Field(
            "name",
            ValueKind.TEXT,
            "刊载媒体",
            "the publication the report appeared in (刊载): a daily paper, the government portal",
        ),
        Field("doc_no", ValueKind.TEXT, "文号", "the report's document number (文号), when it has one", required=False),
        Field("url", ValueKind.ADDRESS, "网址", "where the report is published", required=False),
    ),
    one_of=("doc_no", "url"),
)
TASK_PROGRESS = Fields(
    (
        Field("task", ValueKind.REF, "任务序号", "the task it reports on: its number, or section-number (2-5)"),
        Field(
            "status",
            ValueKind.CHOICE,
            "进展状态",
            "the status the report gives (进展状态), or 原文未标明 when it gives none",
            vocabulary="statuses",
        ),
        Field("text", ValueKind.TEXT, "进展情况", "what the report says of the task (进展情况), verbatim"),
    )
)
ROW_PROGRESS = Fields(
    (
        Field("row", ValueKind.WHOLE, "行号", "the indicator row it reports on (as #row-N of its project page)"),
        Field(
            "status",
            ValueKind.CHOICE,
            "进展状态",
            "the status the report gives, or 原文未标明 when it gives none",
            vocabulary="statuses",
        ),
        Field(
            "completed",
            ValueKind.AMOUNT,
            "完成数",
            "what was completed citywide (完成), or / when the report gives no figure",
        ),
        Field(
            "breakdown",
            ValueKind.AMOUNTS,
            "各地完成数",
            "what each area completed, for the areas the report gives",
            required=False,
            about="areas of the edition's area_columns, in that order, each with its figure",
        ),
        Field("text", ValueKind.TEXT, "进展情况", "what the report says of the row, verbatim", required=False),
    )
)
REPORT = Fields(
    (
        Field("title", ValueKind.TEXT, "标题", "the report's title, as published"),
        Field(
            "period",
            ValueKind.PATTERN,
            "期间",
            "the period it covers: 一季度, 上半年, 前三季度, 全年 or a range of months (1-5月)",
            pattern=PERIOD,
            about="一季度, 上半年, 前三季度, 全年, or months such as 1-5月",
        ),
        Field("as_of", ValueKind.DATE, "截至日期", "the day its figures are as of (截至)"),
        Field("published", ValueKind.DATE, "发布日期", "the day it was published, on or after as_of"),
        Field("publisher", ValueKind.TEXT, "发布机关", "who published it (发布机关)"),
        Field(
            "source",
            ValueKind.RECORD,
            "来源",
            "where it was published: the publication, and its 文号 or address",
            record=REPORT_SOURCE,
        ),
        Field("summary", ValueKind.TEXT, "摘要", "the report's own summary, verbatim", required=False),
        Field(
            "tasks",
            ValueKind.RECORDS,
            "重点工作进展",
            "what it says of key tasks, in its order",
            required=False,
            record=TASK_PROGRESS,
        ),
        Field(
            "livelihood",
            ValueKind.RECORDS,
            "民生实事进展",
            "what it says of livelihood indicator rows, in its order",
            required=False,
            record=ROW_PROGRESS,
        ),
    ),
    one_of=("tasks", "livelihood"),
)
# site.yaml progress_statuses: the statuses reports may give, in the order pages count them.
DONE = {"true": "the status counts as done", "false": "it does not"}
STATUS = Fields(
    (
        Field("name", ValueKind.TEXT, "名称", "the status as reports write it (已完成)"),
        Field(
            "done",
            ValueKind.CHOICE,
            "是否算作完成",
            "true: a record with this status counts as done",
            vocabulary="done",
        ),
    )
)
UNSTATED = "原文未标明"  # the status of a record whose report states none: never counted, never read as not done
DEFAULT_STATUSES = (
    ("已完成", True),
    ("提前完成", True),
    ("超序时推进", False),
    ("按序时推进", False),
    ("按时推进", False),
    ("进度滞后", False),
    ("未启动", False),
)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9][0-9 -]*[0-9]")
ONE_CHARACTER = re.compile(r"[^\s\x00-\x7f]")  # a short name (简称), such as 杭

LICENCE = Fields(
    (
        Field("id", ValueKind.TEXT, "许可协议标识", "the licence's SPDX identifier, such as CC0-1.0"),
        Field("url", ValueKind.ADDRESS, "许可协议网址", "the licence's text"),
        Field("note", ValueKind.TEXT, "说明", "what the licence covers, in one sentence, shown with the open data"),
    )
)
DATA_PACKAGE = Fields(
    (
        Field(
            "id",
            ValueKind.PATTERN,
            "数据包标识",
            "the data package's name",
            pattern=SLUG,
            about="lowercase ASCII letters, digits and single hyphens",
        ),
        Field("title", ValueKind.TEXT, "标题", "the data package's title"),
        Field("description", ValueKind.TEXT, "说明", "what the data package holds, in one or two sentences"),
    )
)
LABELS = Fields(
    (
        Field("citywide", ValueKind.TEXT, "全域称呼", "the whole jurisdiction, as in 全市目标 (全市, 全县)"),
        Field("areas", ValueKind.TEXT, "地区称呼", "the areas, as the navigation names them (县(市、区), 镇(街道))"),
        Field(
            "government", ValueKind.TEXT, "政府称呼", "whose projects these are, as page titles say it (市政府, 县政府)"
        ),
    )
)
FEEDBACK = Fields(
    (
        Field(
            "email",
            ValueKind.PATTERN,
            "电子邮箱",
            "an e-mail address for reports of errors",
            required=False,
            pattern=EMAIL,
            about="an e-mail address such as gkb@example.gov.cn",
        ),
        Field(
            "phone",
            ValueKind.PATTERN,
            "电话",
            "a telephone number for reports of errors",
            required=False,
            pattern=PHONE,
            about="a telephone number such as 0000-12345678",
        ),
        Field("url", ValueKind.ADDRESS, "网址", "a page for reports of errors", required=False),
    ),
    at_least_one="一种纠错方式",
)
REGISTRATION = Fields(
    (
        Field("site_code", ValueKind.TEXT, "网站标识码", "the government site code (网站标识码)", required=False),
        Field("icp", ValueKind.TEXT, "ICP备案号", "the ICP filing number (ICP备案号)", required=False),
        Field(
            "police",
            ValueKind.TEXT,
            "公安机关备案号",
            "the public security filing number (公安机关备案号)",
            required=False,
        ),
    ),
    at_least_one="一个备案编号",
)
SITE = Fields(
    (
        Field("name", ValueKind.TEXT, "网站名称", "the site's name, in every page title"),
        Field("short_name", ValueKind.TEXT, "网站简称", "a short name for the header on phones", required=False),
        Field("city", ValueKind.TEXT, "城市", "the city or county whose documents the site publishes"),
        Field(
            "city_short",
            ValueKind.PATTERN,
            "城市简称",
            "its one-character short name (as in 驻X单位)",
            pattern=ONE_CHARACTER,
            about="one character (简称), such as 杭",
        ),
        Field("publisher", ValueKind.TEXT, "发布机关", "the office that publishes the documents"),
        Field(
            "site_url",
            ValueKind.ADDRESS,
            "网站地址",
            "the address the site is published at: permanent links, citations, sitemap, feeds",
        ),
        Field("licence", ValueKind.RECORD, "许可协议", "the licence of the open data", record=LICENCE),
        Field(
            "data_package",
            ValueKind.RECORD,
            "数据包",
            "the open data's Data Package: its id, title and description",
            record=DATA_PACKAGE,
        ),
        Field(
            "labels",
            ValueKind.RECORD,
            "称呼",
            "the words that differ between a city's site and a county's",
            record=LABELS,
        ),
        Field(
            "unit_kinds", ValueKind.VOCABULARY, "单位类别", "the kinds of responsible unit, each slug with its label"
        ),
        Field(
            "unit_kinds_with_area",
            ValueKind.CHOICES,
            "属于地区的单位类别",
            "the unit kinds that belong to one area (a unit of these kinds names its area)",
            vocabulary="unit_kinds",
            may_be_empty=True,
        ),
        Field("area_kinds", ValueKind.VOCABULARY, "地区类别", "the kinds of area, each slug with its label"),
        Field("search_examples", ValueKind.WORDS, "搜索示例", "words the search box offers as examples"),
        Field(
            "organizer", ValueKind.TEXT, "主办单位", "who runs the site (主办单位), shown in the footer", required=False
        ),
        Field("contact", ValueKind.TEXT, "联系方式", "how to reach the publisher, shown in the footer", required=False),
        Field(
            "feedback",
            ValueKind.RECORD,
            "纠错渠道",
            "ways to report an error, shown in the footer",
            required=False,
            record=FEEDBACK,
        ),
        Field(
            "registration",
            ValueKind.RECORD,
            "备案信息",
            "the site's filing codes, shown in the footer",
            required=False,
            record=REGISTRATION,
        ),
        Field(
            "progress_statuses",
            ValueKind.RECORDS,
            "进展状态",
            "the statuses progress reports may give, each saying whether it counts as done",
            required=False,
            about="omitted: 已完成, 提前完成 (done), 超序时推进, 按序时推进, 按时推进, 进度滞后, 未启动 (not done); "
            "原文未标明 is always allowed",
            record=STATUS,
        ),
    )
)

# Every data file, by the name its schema is published under (data/schemas/<name>.schema.json).
FILES = {
    "site.yaml": DataFile("网站信息", "site.yaml", SITE, many=False),
    "units.yaml": DataFile("责任单位登记表", "data/units.yaml", UNIT, many=True),
    "areas.yaml": DataFile("地区登记表", "data/areas.yaml", AREA, many=True),
    "aliases.yaml": DataFile("搜索别名", "data/aliases.yaml", ALIAS, many=True, required=False),
    "document.yaml": DataFile("来源文件", "data/<year>/document.yaml", DOCUMENT, many=False),
    "tasks.yaml": DataFile("重点工作", "data/<year>/tasks.yaml", TASK, many=True, sectioned=TASK_SECTIONS),
    "livelihood.yaml": DataFile("民生实事", "data/<year>/livelihood.yaml", LIVELIHOOD, many=False, required=False),
    "progress.yaml": DataFile("进展通报", "data/<year>/progress/<name>.yaml", REPORT, many=False, required=False),
}
