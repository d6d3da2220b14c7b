"""The record kinds, each declared once: what a record is known by, how it is found and where it is shown.

A kind's records are written in one data file: data/<file> for a registry (units, areas), shown once for
the whole site, or data/<year>/<file> for an edition's records (tasks, livelihood items and their
indicator rows). Each `Kind` says, for its records,

- `identities`: what the deletion check (tools/deletions.py) compares across commits: the key, the number
  (or slug) its address is made of, its label in messages and the text its address shows;
- `facts`: what the history (source/changelog.py) compares across commits, read from the raw YAML;
- `subjects`: what a feed entry (outputs/feeds.py) says a change is about;
- `search`: its search records (outputs/search.py);
- `tables` and `json`: its open-data files (outputs/opendata.py);
- `pages`: its entries in the page catalogue (outputs/pages.py).

Those modules loop over SITE_KINDS and EDITION_KINDS instead of naming the kinds. A new kind is one more section
here and one more entry in a registry (with its model, its validation and its templates).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Generic, NamedTuple, TypeVar

from disclosure import compare, model, progress, urls
from disclosure.model import (
    LEAD_RULE_MEANING,
    AreaWork,
    Category,
    Edition,
    Item,
    Labels,
    ProgressReport,
    RowProgress,
    Site,
    Status,
    Task,
    TaskProgress,
    UnitWork,
    Withdrawal,
)
from disclosure.source.load import Map, Seq, Value

# The shapes each kind fills in.


class Nouns(NamedTuple):
    """How the deletion check's messages name a kind's records."""

    one: str  # "livelihood item"
    many: str  # "livelihood items"
    what: str  # what its address shows, to recognise it under another number: "text", "indicator"


@dataclass(frozen=True)
class Identity:
    """One thing with a permanent address, as one version of a data file has it (the deletion check)."""

    key: str  # its identity: "unit science-technology", "2023 task 5", "2023 row 24"
    kind: str  # unit, area, task, item, row
    year: str  # its edition; "" for units and areas
    number: str  # what its address is made of: a slug, or a task, item or row number
    label: str  # as messages name it: "task 5", "unit 市科技局", "livelihood item 9 row 24 (高品质停车场)"
    text: str  # what its address shows, to recognise it under another number
    at: Value | None  # the value a message points at (None: the file)
    former: bool = False  # an earlier slug, kept as a redirect
    parent: str = ""  # the record it stays inside (its key): a row's item


Facts = dict[str, tuple[str, str]]  # a stable key -> (the label readers see, the value as text)


@dataclass(frozen=True)
class Subject:
    """What a feed entry is about: a record with a history, as the site has it now."""

    label: str  # 2023年重点工作第2项
    path: str  # its page
    units: frozenset[str]  # unit names responsible now
    areas: frozenset[str]  # area names it concerns through a responsible government or zone (tasks)
    every_area: frozenset[str] | None = None  # a record of every area (an item): its publication and these
    # fields concern each area, a figure ("停车位 <an area>") only its own; None: only the areas above
    columns: frozenset[str] | None = None  # for a record of every area: the areas its table has (its edition's
    # columns), the only ones it concerns; None: every area
    dated: bool = False  # its publication is an entry of its own, dated by the data (a report): the history's
    # first publication of it is left out of the feeds, its corrections stay


@dataclass(frozen=True)
class SearchRecord:
    """One search result: its page, title, searchable text and filter values."""

    path: str
    title: str
    kind: str
    text: str
    filters: dict[str, list[str]]


Table = tuple[str, list[dict], list[list[object]], dict]  # path under data/, fields, rows, extra schema properties
PageSpec = tuple[str, str, dict, str]  # path, template, context, the source it comes from

S = TypeVar("S", Site, Edition)  # what a kind's records are shown in: the site, or one edition


@dataclass(frozen=True)
class Kind(Generic[S]):
    """A record kind: its data file and what each output makes of its records."""

    name: str  # the word of its identities ("2023 task 5") and history keys ("2023/task/5")
    file: str  # its data file, under data/ or data/<year>/ (a pattern: "progress/*.yaml" is allowed)
    nouns: Nouns
    # (edition year or "", the file's value; and its name for a kind of many files: file_name)
    identities: Callable[..., list[Identity]]
    slugged: bool = False  # addressed by a slug that may be renamed (kept in former_slugs), not by a number
    withdrawable: bool = True  # a published record is taken back by marking it withdrawn
    search_label: str = ""  # the search filter's value for its records
    facts: Callable[..., dict[str, Facts]] | None = None  # (year, value, labels[, name]) -> history key -> facts
    subjects: Callable[[S], dict[str, Subject]] | None = None  # history key -> what its feed entries are about
    search: Callable[[S], list[SearchRecord]] | None = None
    tables: Callable[[S, str, Labels], list[Table]] | None = None  # (records, base path, site.yaml's labels)
    json: Callable[[S, str], dict[str, object]] | None = None  # path under data/ -> value
    pages: Callable[[S], Iterator[PageSpec]] | None = None


def file_name(kind: Kind, path: str) -> tuple[str, ...]:
    """What a kind's identities and facts get after their usual arguments: the file's name for a kind kept as
    many files (progress/*.yaml: a report is known by its file's name, which its value does not hold); nothing
    for a kind of one file."""
    return (PurePosixPath(path).stem,) if "*" in kind.file else ()


def by_file_name(kind: str) -> bool:
    """Whether a kind's records are addressed by their file's name (a report), not by a number or a slug."""
    return "*" in KINDS[kind].file


def identity_key(kind: str, year: str, number: str) -> str:
    """The deletion check's key of a record: "unit science-technology", "2023 task 5"."""
    return f"{year} {kind} {number}" if year else f"{kind} {number}"


def history_key(kind: str, year: object, no: object) -> str:
    """The history's key of a record: "2023/task/2", "2023/item/9"."""
    return f"{year}/{kind}/{no}"


def task_key(year: int, ref: str) -> str:
    """A task's history key (templates: its page's list of changes), by its ref: "2023/task/5", "2022/task/2-5"."""
    return history_key("task", year, ref)


def item_key(year: int, no: int) -> str:
    """A livelihood item's history key."""
    return history_key("item", year, no)


# Open-data vocabulary shared by the kinds' tables.


def field(name: str, type_: str, title: str, **more: object) -> dict:
    return {"name": name, "type": type_, "title": title, **more}


def figure(name: str, title: str) -> dict:
    return field(name, "number", title, description="as written in the document; / means no target (无目标), not 0")


def fk(fields: str | list[str], resource: str, reference: str | list[str]) -> dict:
    return {"fields": fields, "reference": {"resource": resource, "fields": reference}}


# An indicator's label and unit are the site's editors' (data/README.md, indicators), not the document's.
EDITORS = "supplied by the site's editors, not the document; empty where they gave none"
LABEL_TITLE = "指标名称(本站编者补充,可单独读懂)"
UNIT_TITLE = "计量单位(本站编者补充)"

WITHDRAWN_FIELDS = [
    field("withdrawn_date", "date", "撤销日期", description="empty unless the record was withdrawn"),
    field("withdrawn_reason", "string", "撤销原因"),
]


def withdrawn(w: Withdrawal | None) -> list[object]:
    return [None, None] if w is None else [w.date.isoformat(), w.reason]


def withdrawal_json(w: Withdrawal | None) -> dict | None:
    return None if w is None else {"date": w.date.isoformat(), "reason": w.reason}


def json_number(value: Decimal | None) -> Decimal | None:
    """A figure for the JSON: the exact decimal as written (33.30 stays 33.30), '/' becomes null."""
    return value


WITHDRAWN_LABEL = "撤销"  # the history's name of a withdrawal


def withdrawal_fact(m: Map) -> Facts:
    w = m.get("withdrawn")
    return {"withdrawn": (WITHDRAWN_LABEL, f"{w.get('date')} {w.get('reason')}")} if isinstance(w, Map) else {}


def registry_identities(kind: str) -> Callable[[str, Value | None], list[Identity]]:
    """The identities of a registry's records (units.yaml, areas.yaml): each slug, and each former slug."""

    def identities(year: str, value: Value | None) -> list[Identity]:
        out: list[Identity] = []
        for m in (m for m in value if isinstance(m, Map) and "slug" in m) if isinstance(value, Seq) else ():
            label, name = f"{kind} {m.get('name')}", str(m.get("name"))
            out.append(Identity(identity_key(kind, "", m["slug"]), kind, "", str(m["slug"]), label, name, m["slug"]))
            former = m.get("former_slugs")
            for old in former if isinstance(former, Seq) else []:
                out.append(Identity(identity_key(kind, "", old), kind, "", str(old), label, name, old, former=True))
        return out

    return identities


def category_filter(category: Category) -> str:
    """The search filter's value of a category: its year and name, so two years' same-named categories stay apart."""
    return f"{category.year}年 {category.name}"


def work_years(work: tuple[UnitWork, ...] | tuple[AreaWork, ...]) -> list[str]:
    """The search filter's years of a unit or area: the editions it took part in (has work in), newest first."""
    return [str(w.edition.year) for w in work]


def both_names(name: str, full_name: str, kind_label: str) -> str:
    """A registry record's searchable text: its name, its full name when it differs, and its kind."""
    return f"{name} {full_name} {kind_label}" if full_name != name else f"{name} {kind_label}"


# Units (data/units.yaml): a department page each, all editions on it.


def unit_search(site: Site) -> list[SearchRecord]:
    return [
        SearchRecord(
            urls.department(u),
            u.name,
            UNIT.search_label,
            both_names(u.name, u.full_name, u.kind_label),
            {
                "kind": [UNIT.search_label],
                "year": work_years(site.unit_work[u.slug]),
                "department": [u.name],
                "area": [u.area.name] if u.area else [],
            },
        )
        for u in site.units
    ]


def unit_tables(site: Site, base: str, labels: Labels) -> list[Table]:
    fields = [
        field("name", "string", "简称(原文写法)", constraints={"required": True, "unique": True}),
        field("full_name", "string", "全称(本站补充)"),
        field("slug", "string", "网址标识", constraints={"required": True, "unique": True}),
        field("kind", "string", "类别代码"),
        field("kind_label", "string", "类别"),
        field("area", "string", "所属地区"),
        field("note", "string", "备注"),
        field("url", "string", "本站页面"),
        *WITHDRAWN_FIELDS,
    ]
    rows: list[list[object]] = [
        [
            u.name,
            u.full_name,
            u.slug,
            u.kind,
            u.kind_label,
            u.area.name if u.area else None,
            u.note,
            urls.link(base, urls.department(u)),
            *withdrawn(u.withdrawn),
        ]
        for u in site.units
    ]
    return [("units.csv", fields, rows, {"primaryKey": ["name"], "foreignKeys": [fk("area", "areas", "name")]})]


def unit_json(site: Site, base: str) -> dict[str, object]:
    return {
        "units.json": [
            {
                "name": u.name,
                "full_name": u.full_name,
                "slug": u.slug,
                "kind": u.kind,
                "area": u.area.name if u.area else None,
                "note": u.note,
                "url": urls.link(base, urls.department(u)),
                "withdrawn": withdrawal_json(u.withdrawn),
            }
            for u in site.units
        ]
    }


def lead_rules(site: Site) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """What 牵头 means (document.yaml lead_rule) with the years whose document means it, newest first: a
    page counting every edition's leads says it for each."""
    years: dict[str, list[int]] = {}
    for ed in site.editions:
        years.setdefault(LEAD_RULE_MEANING[ed.document.lead_rule], []).append(ed.year)
    return tuple((words, tuple(ys)) for words, ys in years.items())


def by_tasks_led(counts: tuple[compare.UnitCounts, ...]) -> tuple[compare.UnitCounts, ...]:
    """The department index's order: most key tasks led (every year's together) first, ties as given."""
    return tuple(sorted(counts, key=lambda c: -sum(y.led or 0 for y in c.years)))  # sorted() is stable


def drawn_from(
    site: Site, work: tuple[UnitWork, ...] | tuple[AreaWork, ...], comparison: compare.Comparison
) -> tuple[Edition, ...]:
    """The editions a department or district page draws from, newest first: those of its work and of the
    years its comparison shows (figures of years it has no work in), else every edition (a unit with no
    work: the registry it is listed in serves all of them)."""
    years = {w.edition.year for w in work} | {ed.year for ed in comparison.editions}
    return tuple(ed for ed in site.editions if ed.year in years) or site.editions


def unit_pages(site: Site) -> Iterator[PageSpec]:
    index = {"site": site, "counts": by_tasks_led(compare.unit_index(site)), "lead_rules": lead_rules(site)}
    yield urls.DEPARTMENTS, "departments.html", index, "department index"
    recurring = compare.recurring(site)
    for unit in site.units:
        work, comparison = site.unit_work[unit.slug], compare.unit_comparison(site, unit, recurring)
        yield (
            urls.department(unit),
            "department.html",
            {"unit": unit, "work": work, "comparison": comparison, "editions": drawn_from(site, work, comparison)},
            f"unit {unit.name}",
        )
        for w in work:
            lists = {"led": (w.led, "牵头的重点工作"), "co": (w.co, "参与的重点工作(非牵头)")}
            for which, (tasks, words) in lists.items():
                title = f"{unit.name}{w.edition.year}年{words}"
                yield from list_pages(
                    urls.department_list(unit, w.edition, which),
                    tasks,
                    "tasklist.html",
                    {
                        "ed": w.edition,
                        "owner": unit,
                        "title": title,
                        "back": (unit.name, urls.department(unit)),
                        "top": ("责任单位", urls.DEPARTMENTS),
                        "anchor": f"{which}-{w.edition.year}",
                    },
                    f"unit {unit.name} {w.edition.year} {which}",
                )
    for unit in site.units:
        for old in unit.former_slugs:
            target = {"target": urls.department(unit), "label": unit.name}
            yield urls.department(replace(unit, slug=old)), "redirect.html", target, f"redirect for unit {unit.name}"


UNIT: Kind[Site] = Kind(
    "unit",
    "units.yaml",
    Nouns("unit", "units", "name"),
    registry_identities("unit"),
    slugged=True,
    search_label="责任单位",
    search=unit_search,
    tables=unit_tables,
    json=unit_json,
    pages=unit_pages,
)


# Areas (data/areas.yaml): the columns of the livelihood table, a district page each.


def area_search(site: Site) -> list[SearchRecord]:
    return [
        SearchRecord(
            urls.district(a),
            a.name,
            AREA.search_label,
            both_names(a.name, a.full_name, a.kind_label),
            {"kind": [AREA.search_label], "year": work_years(site.area_work[a.slug]), "area": [a.name]},
        )
        for a in site.areas
    ]


def area_tables(site: Site, base: str, labels: Labels) -> list[Table]:
    fields = [
        field("name", "string", "名称", constraints={"required": True, "unique": True}),
        field("full_name", "string", "全称"),
        field("slug", "string", "网址标识", constraints={"required": True, "unique": True}),
        field("kind", "string", "类别代码"),
        field("kind_label", "string", "类别"),
        field("url", "string", "本站页面"),
    ]
    rows: list[list[object]] = [
        [a.name, a.full_name, a.slug, a.kind, a.kind_label, urls.link(base, urls.district(a))] for a in site.areas
    ]
    return [("areas.csv", fields, rows, {"primaryKey": ["name"]})]


def area_json(site: Site, base: str) -> dict[str, object]:
    return {
        "areas.json": [
            {
                "name": a.name,
                "full_name": a.full_name,
                "slug": a.slug,
                "kind": a.kind,
                "url": urls.link(base, urls.district(a)),
            }
            for a in site.areas
        ]
    }


def area_pages(site: Site) -> Iterator[PageSpec]:
    without_table = tuple(ed for ed in site.editions if not ed.items)  # editions with no livelihood table
    index = {"site": site, "counts": compare.area_index(site), "without_table": without_table}
    yield urls.DISTRICTS, "districts.html", index, "district index"
    for area in site.areas:
        for old in area.former_slugs:
            target = {"target": urls.district(area), "label": area.name}
            yield urls.district(replace(area, slug=old)), "redirect.html", target, f"redirect for area {area.name}"
    recurring = compare.recurring(site)
    for area in site.areas:
        work, comparison = site.area_work[area.slug], compare.area_comparison(site, area, recurring)
        context = {
            "area": area,
            "work": work,
            "years": compare.years_listed(site, area),  # the editions whose table has its column, oldest first
            # the others, oldest first: a table without its column, or no table at all (worded apart)
            "absent": tuple(ed for ed in compare.years_listed(site, area, listed=False) if ed.items),
            "without_table": tuple(ed for ed in compare.years_listed(site, area, listed=False) if not ed.items),
            "comparison": comparison,
            "editions": drawn_from(site, work, comparison),
            "progress": progress.areas_progress(work),  # its completion, per edition
            # what the page opens with: the newest edition that gives the area figures
            "summary": next((w for w in work if w.column and w.cells), None),
        }
        yield urls.district(area), "district.html", context, f"area {area.name}"
        for w in work:
            ed, top = w.edition, (site.info.labels.areas, urls.DISTRICTS)
            frame = {"ed": ed, "owner": area, "back": (area.name, urls.district(area)), "top": top}
            title = f"{area.name}{ed.year}年列为责任单位的重点工作"
            yield from list_pages(
                urls.district_list(area, ed, "tasks"),
                w.tasks,
                "tasklist.html",
                {
                    **frame,
                    "title": title,
                    "anchor": f"tasks-{ed.year}",
                },
                f"area {area.name} {ed.year} tasks",
            )
            title = f"{area.name}{ed.year}年民生实事指标:{area.name}目标和{site.info.labels.citywide}目标"
            yield from list_pages(
                urls.district_list(area, ed, "rows"),
                w.cells,
                "district_rows.html",
                {
                    **frame,
                    "title": title,
                    "anchor": f"livelihood-{ed.year}",
                },
                f"area {area.name} {ed.year} rows",
            )


def list_pages(first: str, records: tuple, template: str, context: dict, source: str) -> Iterator[PageSpec]:
    """The pages of a department's or district's list of one year, when it is too long for its page (more
    than urls.PER_PAGE records); none otherwise: the list is then on the record's page."""
    if len(records) <= urls.PER_PAGE:
        return
    for pager in urls.pagination(first, len(records)):
        where = f" page {pager.number}" if pager.number > 1 else ""
        page = {**context, "records": records[pager.first - 1 : pager.last], "pager": pager}
        yield pager.path, template, page, source + where


AREA: Kind[Site] = Kind(
    "area",
    "areas.yaml",
    Nouns("area", "areas", "name"),
    registry_identities("area"),
    slugged=True,
    withdrawable=False,  # an area is a column of the table: it stays, there is nothing to take back
    search_label="地区",
    search=area_search,
    tables=area_tables,
    json=area_json,
    pages=area_pages,
)


# Key tasks (data/<year>/tasks.yaml): a page each, numbered as in the document.


def raw_tasks(value: Value | None) -> list[tuple[str, Map]]:
    """The tasks of one version of tasks.yaml, each with its ref ("5", or "2-5" when numbers restart in each
    section), in either of the file's forms: a list of tasks, or a mapping of sections holding them."""
    return [(ref, m) for ref, m, _ in raw_sectioned_tasks(value)]


def raw_sectioned_tasks(value: Value | None) -> list[tuple[str, Map, str]]:
    """raw_tasks with each task's section as its page names it (一、未来五年主要工作任务); "" in a plain list."""
    if isinstance(value, Seq):
        return [(str(m.get("no")), m, "") for m in value if isinstance(m, Map)]
    sections = value.get("sections") if isinstance(value, Map) else None
    per_section = isinstance(value, Map) and value.get("numbering") == "per-section"
    out: list[tuple[str, Map, str]] = []
    for s in sections if isinstance(sections, Seq) else ():
        tasks = s.get("tasks") if isinstance(s, Map) else None
        prefix = f"{s.get('no')}-" if per_section and isinstance(s, Map) else ""
        label = section_label(s) if isinstance(s, Map) else ""
        tasks = [m for m in tasks if isinstance(m, Map)] if isinstance(tasks, Seq) else []
        out += [(f"{prefix}{m.get('no')}", m, label) for m in tasks]
    return out


def section_label(s: Map) -> str:
    """A raw section's heading as model.Section.label writes it, as far as its number is one."""
    no = str(s.get("no"))
    return f"{model.chinese_numeral(int(no)) if no.isdigit() and 0 < int(no) < 100 else no}、{s.get('title')}"


def task_identities(year: str, value: Value | None) -> list[Identity]:
    out: list[Identity] = []
    for ref, m in ((ref, m) for ref, m in raw_tasks(value) if "no" in m):
        key = identity_key("task", year, ref)
        out.append(Identity(key, "task", year, ref, f"task {ref}", str(m.get("text")), m.get("text", m)))
    return out


def task_facts(year: str, value: Value, labels: Labels) -> dict[str, Facts]:
    out: dict[str, Facts] = {}
    for ref, t, section in raw_sectioned_tasks(value):
        if isinstance(t.get("units"), Seq):
            out[history_key("task", year, ref)] = {
                "text": ("任务内容", str(t.get("text"))),
                "units": ("责任单位", "、".join(str(u) for u in t["units"])),
                # a task page names its section; under continuous numbering a task may move to another
                # (its address has no section in it), and its page's change list says so
                **({"section": ("所属部分", section)} if section else {}),
                **withdrawal_fact(t),
            }
    return out


def task_subjects(ed: Edition) -> dict[str, Subject]:
    return {
        task_key(t.year, t.ref): Subject(
            f"{t.year}年重点工作{t.label}",
            urls.task(t),
            frozenset(u.name for u in t.units),
            frozenset(u.area.name for u in t.units if u.area),
        )
        for t in ed.tasks
    }


def task_search(ed: Edition) -> list[SearchRecord]:
    """A task is found by its text, its units and what every report says of it (newest first), and filtered by
    its latest status (task_status)."""
    y, label = str(ed.year), TASK.search_label
    return [
        SearchRecord(
            urls.task(t),
            f"{ed.year}年重点工作{t.label}:{clip(t.text)}",
            label,
            " ".join(
                [f"{t.text} 责任单位 {' '.join(u.name for u in t.units)}"]
                + [e.text for _, e in ed.task_timeline.get(t, ())]
            ),
            {
                "kind": [label],
                "year": [y],
                "department": sorted({u.name for u in t.units}),
                "area": sorted({u.area.name for u in t.units if u.area}),
                "status": [task_status(ed, t)],
            },
        )
        for t in ed.tasks
    ]


def task_tables(ed: Edition, base: str, labels: Labels) -> list[Table]:
    """tasks.csv and task_units.csv. Columns only some editions need are there only in those: section and
    section_title when tasks.yaml has sections, leads (and task_units' lead) when ★ marks the leads."""
    y = ed.year
    sectioned, star = bool(ed.sections), ed.document.lead_rule == "star"
    per_section = any(t.ref != str(t.no) for t in ed.tasks)
    key = ["section", "no"] if per_section else ["no"]  # numbers restart in each section: no alone repeats
    no_constraints = {"required": True} if per_section else {"required": True, "unique": True}
    section_fields = [field("section", "integer", "部分序号"), field("section_title", "string", "部分标题")]
    rule = "以★标出牵头单位" if star else "第一位为牵头单位"
    task_fields = [
        field("year", "integer", "年份"),
        *(section_fields if sectioned else []),
        field("no", "integer", "序号", constraints=no_constraints),
        field("text", "string", "主要工作任务"),
        field("lead", "string", "牵头单位", **({"description": "the first of the leads"} if star else {})),
        *([field("leads", "string", "牵头单位(原文标★者,以“、”分隔)")] if star else []),
        field("units", "string", f"责任单位(按原文顺序,以“、”分隔,{rule})"),
        field("url", "string", "本站页面"),
        *WITHDRAWN_FIELDS,
    ]

    def section_of(t: Task) -> list[object]:
        return [t.section.no, t.section.title] if sectioned and t.section else []

    task_rows = [
        [
            y,
            *section_of(t),
            t.no,
            t.text,
            t.leads[0].name if t.leads else None,
            *(["、".join(u.name for u in t.leads)] if star else []),
            "、".join(u.name for u in t.units),
            urls.link(base, urls.task(t)),
            *withdrawn(t.withdrawn),
        ]
        for t in ed.tasks
    ]
    unit_fields = [
        field("year", "integer", "年份"),
        *(section_fields if sectioned else []),
        field("task_no", "integer", "任务序号"),
        field("position", "integer", "在责任单位中的位次" if star else "在责任单位中的位次(1 为牵头单位)"),
        field("unit", "string", "责任单位"),
        *([field("lead", "boolean", "是否牵头单位(原文标★)")] if star else []),
    ]
    unit_rows = [
        [y, *section_of(t), t.no, i, u.name, *([str(u in t.leads).lower()] if star else [])]
        for t in ed.tasks
        for i, u in enumerate(t.units, start=1)
    ]
    task_ref = ["section", "task_no"] if per_section else "task_no"
    return [
        (
            f"{y}/tasks.csv",
            task_fields,
            task_rows,
            {"primaryKey": key, "foreignKeys": [fk("lead", "units", "name")]},
        ),
        (
            f"{y}/task_units.csv",
            unit_fields,
            unit_rows,
            {
                "primaryKey": [*(["section"] if per_section else []), "task_no", "position"],
                "foreignKeys": [
                    fk(task_ref, f"tasks-{y}", key if per_section else "no"),
                    fk("unit", "units", "name"),
                ],
            },
        ),
    ]


def task_json(ed: Edition, base: str) -> dict[str, object]:
    """tasks.json; `lead` is the first lead (null when the document lists no unit), `leads` every lead where ★
    marks them, `section` and `section_title` only where tasks.yaml has sections."""
    sectioned, star = bool(ed.sections), ed.document.lead_rule == "star"
    return {
        f"{ed.year}/tasks.json": [
            {
                **({"section": t.section.no, "section_title": t.section.title} if sectioned and t.section else {}),
                "no": t.no,
                "text": t.text,
                "units": [u.name for u in t.units],
                "lead": t.leads[0].name if t.leads else None,
                **({"leads": [u.name for u in t.leads]} if star else {}),
                "url": urls.link(base, urls.task(t)),
                "withdrawn": withdrawal_json(t.withdrawn),
            }
            for t in ed.tasks
        ]
    }


def task_pages(ed: Edition) -> Iterator[PageSpec]:
    latest = progress.latest_statuses(ed)  # what the index shows of the reports: each task's latest status
    page_groups = grouping(ed.task_groups)
    for pager in urls.pagination(urls.tasks(ed), len(ed.tasks)):  # urls.PER_PAGE tasks a page
        tasks = ed.tasks[pager.first - 1 : pager.last]
        groups = page_groups(tasks, pager.number == 1)
        context = {"ed": ed, "tasks": tasks, "groups": groups, "leads": lead_counts(tasks), "latest": latest}
        where = f" page {pager.number}" if pager.number > 1 else ""
        yield pager.path, "tasks.html", {**context, "pager": pager}, f"{ed.year} task index{where}"
    for n, task in enumerate(ed.tasks):  # a task page links to the task before and after it
        previous, following = ed.tasks[n - 1] if n else None, ed.tasks[n + 1] if n + 1 < len(ed.tasks) else None
        timeline = progress.task_progress(ed, task)  # every report's entry on it, newest first
        task_context = {"ed": ed, "task": task, "previous": previous, "next": following, "progress": timeline}
        yield urls.task(task), "task.html", task_context, f"{ed.year} task {task.ref}"


G = TypeVar("G")
R = TypeVar("R")


def grouping(
    groups: tuple[tuple[G, tuple[R, ...]], ...],
) -> Callable[[tuple[R, ...]], tuple[tuple[G, tuple[R, ...], bool], ...]]:
    """For an index's headings (sections, categories) and their records: what one page of it shows, each heading
    with its records on the page, in the index's order, and whether it goes on from an earlier page (its heading
    then marked 续, its anchor left there). A heading with no records is on the first page, as its anchor is
    (urls.section, urls.category). Each record's heading is found once for all pages."""
    where = {r: (n, r is members[0]) for n, (_, members) in enumerate(groups) for r in members}
    empty = [n for n, (_, members) in enumerate(groups) if not members]

    def on_page(records: tuple[R, ...], first: bool = True) -> tuple[tuple[G, tuple[R, ...], bool], ...]:
        by: dict[int, list[R]] = {n: [] for n in empty} if first else {}
        for r in records:
            by.setdefault(where[r][0], []).append(r)
        return tuple((groups[n][0], tuple(rs), bool(rs) and not where[rs[0]][1]) for n, rs in sorted(by.items()))

    return on_page


def lead_counts(tasks: tuple[Task, ...]) -> list[tuple[object, int]]:
    """Lead units of the tasks with how many they lead, most first, then by name."""
    counts: dict[object, int] = {}
    for task in tasks:
        for unit in task.leads:
            counts[unit] = counts.get(unit, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].slug))


TASK: Kind[Edition] = Kind(
    "task",
    "tasks.yaml",
    Nouns("task", "tasks", "text"),
    task_identities,
    search_label="重点工作",
    facts=task_facts,
    subjects=task_subjects,
    search=task_search,
    tables=task_tables,
    json=task_json,
    pages=task_pages,
)


# Livelihood items (data/<year>/livelihood.yaml): a project page each, with its indicator rows on it.

ITEM_TEXT, ITEM_LEAD = "事项名称", "牵头单位"  # the history's names of an item's own facts
ITEM_FIELDS = frozenset({ITEM_TEXT, ITEM_LEAD, WITHDRAWN_LABEL})  # an item's own facts concern every area


def livelihood_items(value: Value | None) -> list[Map]:
    """The items of one version of livelihood.yaml, as far as it has them."""
    items = value.get("items") if isinstance(value, Map) else None
    return [i for i in items if isinstance(i, Map)] if isinstance(items, Seq) else []


def indicator_rows(item: Map) -> Seq:
    rows = item.get("indicators")
    return rows if isinstance(rows, Seq) else Seq()


def indicator_names(item: Map) -> list[str]:
    return [str(r.get("name", "")) if isinstance(r, Map) else "" for r in indicator_rows(item)]


def item_identities(year: str, value: Value | None) -> list[Identity]:
    out: list[Identity] = []
    for item in livelihood_items(value):
        no, text = str(item.get("no")), str(item.get("text"))
        # an item's own text is not enough: merged cells repeat it (items 10 and 11), the indicators differ
        what = "\n".join([text, *indicator_names(item)])
        key = identity_key("item", year, no)
        out.append(Identity(key, "item", year, no, f"livelihood item {no}", what, item.get("text", item)))
    return out


def item_facts(year: str, value: Value, labels: Labels) -> dict[str, Facts]:
    """Each item's facts, with its rows' figures. A row's facts are keyed by its place in its item, not by
    its name, so that correcting the name is one edit (指标名称)."""
    out: dict[str, Facts] = {}
    for item in livelihood_items(value):
        record = {
            "text": (ITEM_TEXT, str(item.get("text"))),
            "lead": (ITEM_LEAD, str(item.get("lead"))),
            **withdrawal_fact(item),
        }
        for n, ind in enumerate(indicator_rows(item), start=1):
            if not isinstance(ind, Map):
                continue
            prefix = f"{ind['name']} " if "name" in ind else ""
            if "name" in ind:
                record[f"{n}/name"] = ("指标名称", str(ind["name"]))
            record[f"{n}/target"] = (f"{prefix}{labels.citywide}目标", str(ind.get("target")))
            breakdown = ind.get("breakdown")
            for area, figure_ in breakdown.items() if isinstance(breakdown, Map) else []:
                record[f"{n}/{area}"] = (f"{prefix}{area}", str(figure_))
        out[history_key("item", year, item.get("no"))] = record
    return out


def item_subjects(ed: Edition) -> dict[str, Subject]:
    return {
        item_key(i.year, i.no): Subject(
            f"{i.year}年民生实事第{i.no}项",
            urls.project(i),
            frozenset([i.lead.name]),
            frozenset(),
            ITEM_FIELDS,
            frozenset(a.name for a in ed.document.area_columns),
        )
        for i in ed.items
    }


def item_title(ed: Edition, item: Item) -> str:
    """A project's result title: its sentence, or, when items share one (第1/2项), what its indicators count."""
    shared = sum(i.text == item.text for i in ed.items) > 1
    if not shared:
        return f"{ed.year}年民生实事第{item.no}项:{clip(item.text)}"
    counts = (
        f"{ind.label or ind.name or ''}{ind.target.text if ind.target.value is not None else ''}{ind.unit or ''}"
        for ind in item.indicators
    )
    return f"{ed.year}年民生实事第{item.no}项:{'、'.join(c for c in counts if c)}"


def item_search(ed: Edition) -> list[SearchRecord]:
    y, label = str(ed.year), ITEM.search_label
    out = []
    for item in ed.items:
        rows = " ".join(f"{ind.name or ''} {ind.target.text}".strip() for ind in item.indicators)
        areas = sorted({c.area.name for ind in item.indicators for c in ind.cells if c.figure.value is not None})
        said = [e.text for ind in item.indicators for _, e in ed.row_timeline.get(ind, ()) if e.text]  # reports' words
        out.append(
            SearchRecord(
                urls.project(item),
                item_title(ed, item),
                label,
                " ".join([f"{item.category.label} {item.text} {rows} 牵头单位 {item.lead.name}", *said]),
                {
                    "kind": [label],
                    "year": [y],
                    "department": [item.lead.name],
                    "area": areas,
                    "category": [category_filter(item.category)],
                },
            )
        )
    return out


def item_pages(ed: Edition) -> Iterator[PageSpec]:
    page_groups = grouping(tuple((c, ed.items_in(c)) for c in ed.categories))
    counts = {"projects": len(ed.items), "rows": len(ed.indicators)}
    # an edition without a livelihood table has no project pages at all; items are numbered from 1 in the
    # document's order, so page k holds items (k-1)·PER_PAGE+1 to k·PER_PAGE, by category
    for pager in urls.pagination(urls.projects(ed), len(ed.items)) if ed.items else ():
        items = ed.items[pager.first - 1 : pager.last]
        context = {"ed": ed, "groups": page_groups(items, pager.number == 1), "counts": counts, "pager": pager}
        where = f" page {pager.number}" if pager.number > 1 else ""
        yield pager.path, "projects.html", context, f"{ed.year} project index{where}"
    for item in ed.items:
        context = {"ed": ed, "item": item, "progress": progress.item_progress(ed, item)}
        yield urls.project(item), "project.html", context, f"{ed.year} livelihood item {item.no}"


ITEM: Kind[Edition] = Kind(
    "item",
    "livelihood.yaml",
    Nouns("livelihood item", "livelihood items", "text"),
    item_identities,
    search_label="民生实事",
    facts=item_facts,
    subjects=item_subjects,
    search=item_search,
    pages=item_pages,
)


# Indicator rows (data/<year>/livelihood.yaml, inside their items): numbered over the whole edition, each at
# #row-N of its item's page; its figures are facts of its item (one history, one feed entry per edit).


def row_identities(year: str, value: Value | None) -> list[Identity]:
    out: list[Identity] = []
    row = 0  # counted over the whole edition, as the model and the #row-N fragments count
    for item in livelihood_items(value):
        no, text, parent = str(item.get("no")), str(item.get("text")), identity_key("item", year, str(item.get("no")))
        for r, indicator in zip(indicator_rows(item), indicator_names(item), strict=True):
            row += 1
            label = f"livelihood item {no} row {row}" + (f" ({indicator})" if indicator else "")
            at = r.get("name", r) if isinstance(r, Map) else item
            key = identity_key("row", year, str(row))
            out.append(Identity(key, "row", year, str(row), label, f"{text}\n{indicator}", at, parent=parent))
    return out


def row_tables(ed: Edition, base: str, labels: Labels) -> list[Table]:
    if not ed.items:  # no livelihood table, no files for it (nor resources in the data package)
        return []
    y = ed.year
    areas = [a.name for a in ed.document.area_columns]
    return [
        (
            f"{y}/livelihood.csv",
            [
                field("year", "integer", "年份"),
                field("item_no", "integer", "事项序号"),
                field("row", "integer", "指标行号(全表第几行)", constraints={"required": True, "unique": True}),
                field("category_no", "integer", "事项分类序号"),
                field("category", "string", "事项分类"),
                field("item", "string", "事项名称"),
                field("indicator", "string", "指标(原表未分指标的为空)"),
                field("label", "string", LABEL_TITLE, description=EDITORS),
                field("unit", "string", UNIT_TITLE, description=EDITORS),
                field("lead", "string", "牵头单位"),
                figure("target", f"{labels.citywide}目标"),
                *(figure(a, f"{a}目标") for a in areas),
                field("url", "string", "本站页面"),
                *WITHDRAWN_FIELDS,
            ],
            [
                [
                    y,
                    item.no,
                    ind.row,
                    item.category.no,
                    item.category.name,
                    item.text,
                    ind.name,
                    ind.label,
                    ind.unit,
                    item.lead.name,
                    ind.target.text,
                    *((c.figure.text for c in ind.cells) if ind.cells else ("" for _ in areas)),  # not broken down
                    urls.link(base, urls.indicator(ind)),
                    *withdrawn(ind.withdrawn or item.withdrawn),
                ]
                for item in ed.items
                for ind in item.indicators
            ],
            {"primaryKey": ["row"], "foreignKeys": [fk("lead", "units", "name")]},
        ),
        (
            f"{y}/livelihood_targets.csv",
            [
                field("year", "integer", "年份"),
                field("row", "integer", "指标行号"),
                field("area", "string", "地区"),
                figure("value", "目标"),
                field("unit", "string", UNIT_TITLE, description=EDITORS),
            ],
            [[y, ind.row, c.area.name, c.figure.text, ind.unit] for ind in ed.indicators for c in ind.cells],
            {
                "primaryKey": ["row", "area"],
                "foreignKeys": [fk("row", f"livelihood-{y}", "row"), fk("area", "areas", "name")],
            },
        ),
    ]


def row_json(ed: Edition, base: str) -> dict[str, object]:
    if not ed.items:
        return {}
    return {
        f"{ed.year}/livelihood.json": [
            {
                "no": item.no,
                "row": ind.row,
                "category": item.category.name,
                "item": item.text,
                "indicator": ind.name,
                "label": ind.label,
                "unit": ind.unit,
                "target": json_number(ind.target.value),
                "lead": item.lead.name,
                "breakdown": {c.area.name: json_number(c.figure.value) for c in ind.cells} if ind.cells else None,
                "url": urls.link(base, urls.project(item)),
                "withdrawn": withdrawal_json(ind.withdrawn or item.withdrawn),
            }
            for item in ed.items
            for ind in item.indicators
        ]
    }


ROW: Kind[Edition] = Kind(
    "row",
    "livelihood.yaml",
    Nouns("row", "rows", "indicator"),
    row_identities,
    tables=row_tables,
    json=row_json,
)


# Progress reports (data/<year>/progress/<name>.yaml): a page each, addressed by its file's name, and what each
# says of a task or an indicator row shown on that record's page.


REPORT_FACTS = (
    ("title", "标题"),
    ("period", "期间"),
    ("as_of", "截至日期"),
    ("published", "发布日期"),
    ("publisher", "发布机关"),
    ("summary", "摘要"),
)
REPORT_SOURCE_FACTS = (("name", "刊载"), ("doc_no", "文号"), ("url", "网址"))


def report_identities(year: str, value: Value | None, name: str = "") -> list[Identity]:
    """A report file holds one record, its report, addressed by the file's name (the deletion check passes it
    in: file_name); what it shows, to recognise it under another name, is its title, period and as_of."""
    if value is None:
        return []
    m = value if isinstance(value, Map) else Map()
    text = "\n".join(str(m.get(key, "")) for key in ("title", "period", "as_of"))
    key = identity_key("report", year, name)
    return [Identity(key, "report", year, name, f"progress report {name}", text, m.get("title", value))]


def report_entries(m: Map, key: str) -> list[Map]:
    entries = m.get(key)
    return [e for e in entries if isinstance(e, Map)] if isinstance(entries, Seq) else []


def report_facts(year: str, value: Value, labels: Labels, name: str = "") -> dict[str, Facts]:
    """A report's facts, so that the history shows its corrections: its own fields, its source, and each entry's
    status, text and figures, keyed by the task or row it speaks of (stable when entries are reordered)."""
    if not isinstance(value, Map):
        return {}
    record: Facts = {key: (label, str(value[key])) for key, label in REPORT_FACTS if key in value}
    source = value.get("source")
    for key, label in REPORT_SOURCE_FACTS if isinstance(source, Map) else ():
        if key in source:  # type: ignore[operator]
            record[f"source/{key}"] = (label, str(source[key]))  # type: ignore[index]
    for e in report_entries(value, "tasks"):
        ref = e.get("task")
        record[f"task/{ref}/status"] = (f"重点工作第{ref}项 进展状态", str(e.get("status")))
        record[f"task/{ref}/text"] = (f"重点工作第{ref}项 进展情况", str(e.get("text")))
    for e in report_entries(value, "livelihood"):
        row = f"民生实事第{e.get('row')}行指标"
        record[f"row/{e.get('row')}/status"] = (f"{row} 进展状态", str(e.get("status")))
        record[f"row/{e.get('row')}/completed"] = (f"{row} {labels.citywide}完成", str(e.get("completed")))
        breakdown = e.get("breakdown")
        for area, amount in breakdown.items() if isinstance(breakdown, Map) else []:
            record[f"row/{e.get('row')}/{area}"] = (f"{row} {area}完成", str(amount))
        if "text" in e:
            record[f"row/{e.get('row')}/text"] = (f"{row} 进展情况", str(e["text"]))
    return {history_key("report", year, name): record}


def report_subjects(ed: Edition) -> dict[str, Subject]:
    """A report's corrections reach the feeds of every unit and area one of its records concerns (as its entry of
    publication does, outputs/feeds.py): a task's units and their areas, a row's item lead and the areas it gives."""
    out = {}
    for r in ed.reports:
        units = {u.name for e in r.tasks for u in e.task.units} | {e.item.lead.name for e in r.rows}
        areas = {u.area.name for e in r.tasks for u in e.task.units if u.area}
        areas |= {c.area.name for e in r.rows for c in e.areas if c.area}
        label = f"{ed.year}年进展通报《{r.title}》"
        key = history_key("report", ed.year, r.slug)
        out[key] = Subject(label, urls.report(r), frozenset(units), frozenset(areas), dated=True)
    return out


NO_PROGRESS = progress.NO_PROGRESS  # the status filter's value of a task no report names (never a status)


def task_status(ed: Edition, t: Task) -> str:
    """The search filter's status of a task: its latest report's status, or NO_PROGRESS."""
    timeline = ed.task_timeline.get(t)
    return timeline[0][1].status.name if timeline else NO_PROGRESS


def report_search(ed: Edition) -> list[SearchRecord]:
    """A report is found by its title, period, 文号, summary and every entry's own words, in its order."""
    return [
        SearchRecord(
            urls.report(r),
            r.title,
            REPORT.search_label,
            " ".join(
                [
                    r.title,
                    r.period,
                    *([r.source.doc_no] if r.source.doc_no else []),
                    *([r.summary] if r.summary else []),
                ]
                + [e.text for e in r.tasks]
                + [e.text for e in r.rows if e.text]
            ),
            {"kind": [REPORT.search_label], "year": [str(ed.year)]},
        )
        for r in ed.reports
    ]


# Open data: progress.json, one entry per record per report, and progress.csv, one line per record per report
# per area (a task's line and a row's citywide line have no area). Figures are the report's, exactly as written;
# targets are the document's, beside them; "/" (no figure, no target) is null in the JSON and "/" in the CSV,
# never 0. Reports in the site's order (newest first), each report's records in its own order, tasks first.


def report_records(ed: Edition) -> Iterator[tuple[ProgressReport, TaskProgress | RowProgress]]:
    for r in ed.reports:
        yield from ((r, e) for e in r.tasks)
        yield from ((r, e) for e in r.rows)


def counts_as_done(status: Status) -> bool | None:
    """Whether a status counts as done; None for 原文未标明 (the report states no status: neither done nor not)."""
    return status.done if status.stated else None


def source_json(r: ProgressReport) -> dict[str, str | None]:
    return {"name": r.source.name, "doc_no": r.source.doc_no, "url": r.source.url}


def report_json(ed: Edition, base: str) -> dict[str, object]:
    """progress.json (none for an edition without reports); `task` is set for a task's entry, `row`, `item` and
    the figures for a row's: null in the other kind's."""
    if not ed.reports:
        return {}
    out = []
    for r, e in report_records(ed):
        head = {
            "report": r.slug,
            "title": r.title,
            "period": r.period,
            "as_of": r.as_of.isoformat(),
            "published": r.published.isoformat(),
            "publisher": r.publisher,
            "source": source_json(r),
            "report_url": urls.link(base, urls.report(r)),
        }
        if isinstance(e, TaskProgress):
            record = {"record": "task", "task": e.task.ref, "row": None, "item": None}
            figures: dict[str, object] = {"completed": None, "target": None, "unit": None, "breakdown": None}
            page = urls.task(e.task)
        else:
            record = {"record": "row", "task": None, "row": e.indicator.row, "item": e.item.no}
            breakdown = {
                c.area.name: {"completed": json_number(c.completed.value), "target": json_number(c.target.value)}
                for c in e.areas
                if c.area
            }
            figures = {
                "completed": json_number(e.citywide.completed.value),
                "target": json_number(e.citywide.target.value),
                "unit": e.indicator.unit,
                "breakdown": breakdown or None,  # the report gives citywide figures only
            }
            page = urls.indicator(e.indicator)
        said = {"status": e.status.name, "done": counts_as_done(e.status), "text": e.text}
        out.append({**head, **record, **said, **figures, "url": urls.link(base, page)})
    return {f"{ed.year}/progress.json": out}


def report_tables(ed: Edition, base: str, labels: Labels) -> list[Table]:
    """progress.csv (none for an edition without reports): long format, a line per record per report per area;
    each line carries its record's report, status and words, so that any filter keeps them."""
    if not ed.reports:
        return []
    y = ed.year
    fields = [
        field("year", "integer", "年份"),
        field("report", "string", "进展通报(网址标识,即文件名)"),
        field("title", "string", "通报标题"),
        field("period", "string", "期间(一季度、上半年、前三季度、全年或1-5月等)"),
        field("as_of", "date", "截至日期"),
        field("published", "date", "发布日期"),
        field("publisher", "string", "发布机关"),
        field("source_name", "string", "刊载"),
        field("source_doc_no", "string", "文号"),
        field("source_url", "string", "原文地址"),
        field("record", "string", "记录类别", description="task: 重点工作; row: 民生实事指标行"),
        field("task", "string", "重点工作序号", description="as tasks.csv no; section-no (2-5) where numbers restart"),
        field("row", "integer", "民生实事指标行号"),
        field("item", "integer", "民生实事事项序号"),
        field(
            "area",
            "string",
            "地区",
            description=f"empty: {labels.citywide} (a task's line, a row's citywide figures); else one area's figures",
        ),
        field("status", "string", "进展状态(通报原文)"),
        field("done", "boolean", "是否计为完成", description="empty when the report states no status (原文未标明)"),
        field(
            "completed",
            "number",
            "完成数(通报原文)",
            description="as the report writes it (0 is 0); / means the report gives no figure; empty for a task",
        ),
        figure("target", "目标(原文件)"),
        field("unit", "string", UNIT_TITLE, description=EDITORS + "; empty for a task"),
        field("text", "string", "进展情况(通报原文)"),
        field("url", "string", "本站页面"),
        field("report_url", "string", "本站通报页面"),
    ]
    rows: list[list[object]] = []
    for r, e in report_records(ed):
        head = [y, r.slug, r.title, r.period, r.as_of.isoformat(), r.published.isoformat(), r.publisher]
        head += [r.source.name, r.source.doc_no, r.source.url]
        done = counts_as_done(e.status)
        said = [e.status.name, None if done is None else str(done).lower()]
        report_url = urls.link(base, urls.report(r))
        if isinstance(e, TaskProgress):
            record = ["task", e.task.ref, None, None, None]
            rows.append(
                [*head, *record, *said, None, None, None, e.text, urls.link(base, urls.task(e.task)), report_url]
            )
            continue
        page = urls.link(base, urls.indicator(e.indicator))
        for c in (e.citywide, *e.areas):
            record = ["row", None, e.indicator.row, e.item.no, c.area.name if c.area else None]
            unit = e.indicator.unit
            rows.append([*head, *record, *said, c.completed.text, c.target.text, unit, e.text, page, report_url])
    return [
        (
            f"{y}/progress.csv",
            fields,
            rows,
            {
                "primaryKey": ["report", "record", "task", "row", "area"],
                "foreignKeys": [fk("row", f"livelihood-{y}", "row"), fk("area", "areas", "name")],
            },
        )
    ]


def report_pages(ed: Edition) -> Iterator[PageSpec]:
    """The edition's list of reports and a page per report; none at all for an edition without reports."""
    if not ed.reports:
        return
    listing = {"ed": ed, "reports": ed.reports, "totals": (len(ed.tasks), len(ed.indicators))}  # what each counts of
    yield urls.progress(ed), "progress.html", listing, f"{ed.year} progress reports"
    for report in ed.reports:
        yield (
            urls.report(report),
            "report.html",
            {"ed": ed, "report": report},
            f"data/{ed.year}/progress/{report.slug}.yaml",
        )


REPORT: Kind[Edition] = Kind(
    "report",
    "progress/*.yaml",
    Nouns("progress report", "progress reports", "title"),
    report_identities,
    withdrawable=False,  # a report is what a government published: corrected, never taken back
    search_label="进展通报",
    facts=report_facts,
    subjects=report_subjects,
    search=report_search,
    tables=report_tables,
    json=report_json,
    pages=report_pages,
)


# The registries, in the order every output lists them.

SITE_KINDS: tuple[Kind[Site], ...] = (UNIT, AREA)
EDITION_KINDS: tuple[Kind[Edition], ...] = (TASK, ITEM, ROW, REPORT)
KINDS: dict[str, Kind] = {k.name: k for k in (*SITE_KINDS, *EDITION_KINDS)}


@functools.cache
def of_file(path: str) -> tuple[Kind, ...]:
    """The kinds whose records a data file ("data/units.yaml", "data/2023/tasks.yaml") holds, in order."""
    parts = PurePosixPath(path).parts
    if len(parts) < 2 or parts[0] != "data":
        return ()
    site = tuple(k for k in SITE_KINDS if matches(parts[1:], k.file))
    return site + tuple(k for k in EDITION_KINDS if len(parts) > 2 and matches(parts[2:], k.file))


def matches(parts: tuple[str, ...], pattern: str) -> bool:
    """Whether a path (its parts) is the pattern: the same depth, each part matching (* not crossing a /)."""
    return len(parts) == len(PurePosixPath(pattern).parts) and PurePosixPath(*parts).match(pattern)


def pathspecs() -> tuple[str, ...]:
    """Git pathspecs of every data file a kind is read from."""
    site = (f":(glob)data/{k.file}" for k in SITE_KINDS)
    return tuple(dict.fromkeys([*site, *(f":(glob)data/*/{k.file}" for k in EDITION_KINDS)]))


def clip(text: str, length: int = 24) -> str:
    """Shorten a long text for a result title."""
    return text if len(text) <= length else text[:length] + "…"
