"""Independent check that the YAML transcription matches the source text.

data/2023/source.txt is a verbatim page dump of 嘉政办发〔2023〕7号.  This module
parses it with its own small parser (nothing is imported from the
`disclosure` package) and compares the result with data/2023/*.yaml.

All YAML is loaded with yaml.BaseLoader, so every scalar stays the exact
string written in the file: '33.3', '0.5', '/', '2023-03-01'.  Comparisons
are therefore character for character: 33.3 -> 33.30, or '/' -> 0, fails.

Shape of the two tables in the page dump (one cell per line, blank lines
between cells):

* 重点工作 table: 序号 line, task text line, then the 责任单位 cell, which
  may be wrapped over several lines; a wrapped line always ends with 、.

* 民生实事 table: 序号 line, then optionally the 事项分类 cell
  ("一、普惠托育项目") and the 事项名称 cell (a sentence ending in 。),
  then one or more indicator rows.  A row is an optional indicator name
  (possibly wrapped: 高品质 / 停车场) followed by 11 values (全市目标 and ten
  area columns).  事项分类, 事项名称 and 牵头单位 are merged cells spanning
  consecutive items, so their text appears only once, in the first item
  they cover; the 牵头单位 text is printed right after that item's first row.
"""

import re
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
YEAR = "2023"
YEAR_DIR = DATA / YEAR
README = DATA / "README.md"

# Facts about the 2023 source document that the parser relies on.
TASK_COUNT = 118
TASK_TABLE_HEADER = ["序号", "主 要 工 作 任 务", "责任单位"]
LIVELIHOOD_FIXED_HEADER = ["序号", "事项分类", "事项名称", "任务分解", "牵头单位", "全市目标任务"]
AREA_COLUMN_COUNT = 10
VALUES_PER_ROW = 1 + AREA_COLUMN_COUNT  # 全市目标任务 + ten area columns
CATEGORY_COUNT = 10
ITEM_COUNT = 25
ROW_COUNT = 30
SOURCE_TASK_UNIT_COUNT = 56
REGISTRY_UNIT_COUNT = 57

VALUE_RE = re.compile(r"^(?:\d+(?:\.\d+)?|/)$")
CATEGORY_RE = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
CHINESE_ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


@cache
def load_yaml(path):
    """Load a YAML file with every scalar kept as a string."""
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.BaseLoader)


def document():
    return load_yaml(YEAR_DIR / "document.yaml")


def tasks_yaml():
    return load_yaml(YEAR_DIR / "tasks.yaml")


def livelihood_yaml():
    return load_yaml(YEAR_DIR / "livelihood.yaml")


def units_yaml():
    return load_yaml(DATA / "units.yaml")


def areas_yaml():
    return load_yaml(DATA / "areas.yaml")


@cache
def source_lines():
    """All lines of source.txt, stripped, blank lines dropped."""
    text = (YEAR_DIR / "source.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


# ---------------------------------------------------------------------------
# Small source-text helpers
# ---------------------------------------------------------------------------


def is_value(line):
    """A table value cell: a number as printed, or '/' (no target)."""
    return bool(VALUE_RE.match(line))


def index_of(lines, predicate, start=0, what="line"):
    for i in range(start, len(lines)):
        if predicate(lines[i]):
            return i
    raise AssertionError(f"source.txt: no {what} found after line {start}")


def header_field(label):
    """Value after 'label:' in the page header, up to the next space."""
    matches = [m.group(1) for line in source_lines() for m in [re.search(rf"{label}:\s*(\S+)", line)] if m]
    assert len(matches) == 1, f"source.txt: expected one '{label}:' field, found {matches}"
    return matches[0]


def table_sections():
    """Split the source into (title, header, body) for the two tables.

    Each table starts at a line '序号' (its title is the line before it).
    The task table ends at the '注:' line; the livelihood table ends at the
    attachment file name line ('....doc').
    """
    lines = source_lines()
    t_start = index_of(lines, lambda s: s == "序号", what="task table '序号'")
    t_end = index_of(lines, lambda s: s.startswith("注:"), t_start, what="'注:' line")
    l_start = index_of(lines, lambda s: s == "序号", t_end, what="livelihood table '序号'")
    l_end = index_of(lines, lambda s: s.endswith(".doc"), l_start, what="'.doc' line")

    def split(start, end):
        first_row = index_of(lines, lambda s: s == "1", start, what="row '1'")
        return lines[start - 1], list(lines[start:first_row]), list(lines[first_row:end])

    return {"tasks": split(t_start, t_end), "livelihood": split(l_start, l_end)}


def split_units(cell_lines, where):
    """Join a wrapped 责任单位 cell and split it on 、."""
    for line in cell_lines[:-1]:
        assert line.endswith("、"), (
            f"{where}: line {line!r} inside the 责任单位 cell does not end with 、 "
            "(task text wrapped over two lines? the parser expects one line)"
        )
    joined = "".join(cell_lines)
    units = joined.split("、")
    assert all(units), f"{where}: empty unit name in {joined!r}"
    return units


# ---------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------


@cache
def parse_tasks():
    """[{'no', 'text', 'units'}] from the 重点工作 table."""
    _, _, body = table_sections()["tasks"]
    tasks = []
    i = 0
    while i < len(body):
        no = str(len(tasks) + 1)
        assert body[i] == no, f"task table: expected 序号 {no}, found {body[i]!r}"
        assert i + 1 < len(body), f"task {no}: no task text"
        text = body[i + 1]
        j = i + 2
        while j < len(body) and body[j] != str(len(tasks) + 2):
            j += 1
        assert j > i + 2, f"task {no}: no 责任单位 cell"
        tasks.append({"no": no, "text": text, "units": split_units(body[i + 2 : j], f"task {no}")})
        i = j
    return tasks


def starts_unwrapped_row(body, i):
    """True if body[i] is a one-line indicator name followed by a full row."""
    run = body[i + 1 : i + 1 + VALUES_PER_ROW]
    return not is_value(body[i]) and len(run) == VALUES_PER_ROW and all(is_value(v) for v in run)


def read_row(body, i, item_no):
    """Read one indicator row at body[i]: name lines, then 11 values."""
    name_lines = []
    while i < len(body) and not is_value(body[i]):
        name_lines.append(body[i])
        i += 1
    values = body[i : i + VALUES_PER_ROW]
    assert len(values) == VALUES_PER_ROW and all(is_value(v) for v in values), (
        f"livelihood item {item_no}: expected {VALUES_PER_ROW} values after "
        f"{name_lines or 'the item start'}, found {values}"
    )
    row = {"item": item_no, "name": "".join(name_lines) or None, "target": values[0], "breakdown": values[1:]}
    return row, i + VALUES_PER_ROW


@cache
def parse_livelihood():
    """Categories, items and rows from the 民生实事 table.

    Returns (categories, items): categories is [(ordinal, name)], items is
    [{'no', 'category', 'text', 'lead', 'rows'}] where category/text/lead
    are None when the cell is merged with the previous item.

    Assumption: the 牵头单位 text directly follows the first row of the item
    where the merged cell starts, and a later row's name wrapped over two
    lines never directly follows a first row without a 牵头单位 in between.
    If the source broke that rule the parse would come out wrong and the
    comparison tests would fail, not pass.
    """
    _, _, body = table_sections()["livelihood"]
    categories, items = [], []
    i = 0
    while i < len(body):
        no = str(len(items) + 1)
        assert body[i] == no, f"livelihood table: expected 序号 {no}, found {body[i]!r}"
        i += 1
        item = {"no": no, "category": None, "text": None, "lead": None, "rows": []}

        m = CATEGORY_RE.match(body[i])
        if m:
            categories.append((m.group(1), m.group(2)))
            item["category"] = str(len(categories))
            i += 1
        if body[i].endswith("。"):
            item["text"] = body[i]
            i += 1

        row, i = read_row(body, i, no)
        item["rows"].append(row)
        if i < len(body) and not is_value(body[i]) and not starts_unwrapped_row(body, i):
            item["lead"] = body[i]
            i += 1
        # Further rows always have a name, so a value line here is the next 序号.
        while i < len(body) and not is_value(body[i]):
            row, i = read_row(body, i, no)
            item["rows"].append(row)
        items.append(item)
    return categories, items


def carry_forward(values):
    """Fill merged cells: None takes the previous item's value."""
    out, last = [], None
    for v in values:
        last = v if v is not None else last
        out.append(last)
    return out


def yaml_rows():
    """Indicator rows of livelihood.yaml, flattened in document order."""
    return [(item["no"], ind) for item in livelihood_yaml()["items"] for ind in item["indicators"]]


def report(problems):
    return "\n".join(problems)


# ---------------------------------------------------------------------------
# document.yaml against the page header
# ---------------------------------------------------------------------------


def test_document_header_fields_match_source():
    doc = document()
    expected = {
        "index_no": header_field("索引号"),
        "doc_no": header_field("发文文号"),
        "written": header_field("成文日期"),
        "published": header_field("发布日期"),  # '2023-03-03' (time dropped)
        "disclosure": header_field("公开方式"),
        "issuer": header_field("发布机关"),
    }
    problems = [f"document.yaml {k}: {doc.get(k)!r} != source {v!r}" for k, v in expected.items() if doc.get(k) != v]
    assert not problems, report(problems)


def test_document_written_date_matches_signature_date():
    lines = source_lines()
    i = index_of(lines, lambda s: re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", s), what="signature date line")
    y, m, d = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", lines[i]).groups()
    assert document()["written"] == f"{y}-{int(m):02d}-{int(d):02d}", (
        f"document.yaml written {document()['written']!r} != signature date {lines[i]!r}"
    )
    assert document()["signed_by"] == lines[i - 1], (
        f"document.yaml signed_by {document()['signed_by']!r} != line above the date {lines[i - 1]!r}"
    )


def test_document_titles_and_note_match_source():
    doc, lines, sections = document(), source_lines(), table_sections()
    title = lines[index_of(lines, lambda s: "成文日期" in s, what="成文日期 line") + 1]
    note = lines[index_of(lines, lambda s: s.startswith("注:"), what="注: line")]
    expected = {
        "title": title,
        "tasks_title": sections["tasks"][0],
        "livelihood_title": sections["livelihood"][0],
        "tasks_note": note[len("注:") :],
    }
    problems = [f"document.yaml {k}: {doc.get(k)!r} != source {v!r}" for k, v in expected.items() if doc.get(k) != v]
    assert not problems, report(problems)


def test_document_year_and_source_file():
    doc = document()
    assert doc["year"] == YEAR_DIR.name, f"year {doc['year']!r} != folder {YEAR_DIR.name!r}"
    assert f"〔{doc['year']}〕" in doc["doc_no"], f"year {doc['year']!r} not in doc_no {doc['doc_no']!r}"
    assert (YEAR_DIR / doc["source_file"]).is_file(), f"source_file {doc['source_file']!r} missing"


# ---------------------------------------------------------------------------
# tasks.yaml against the 重点工作 table
# ---------------------------------------------------------------------------


def test_task_table_header_is_as_expected():
    _, header, _ = table_sections()["tasks"]
    assert header == TASK_TABLE_HEADER, f"task table header changed: {header}"


def test_tasks_are_numbered_1_to_118():
    source_numbers = [t["no"] for t in parse_tasks()]
    yaml_numbers = [t["no"] for t in tasks_yaml()]
    expected = [str(n) for n in range(1, TASK_COUNT + 1)]
    assert source_numbers == expected, "source task table is not numbered 1..118"
    assert yaml_numbers == expected, f"tasks.yaml numbers are not 1..{TASK_COUNT} in order"


def test_task_texts_match_source_exactly():
    problems = [
        f"task {s['no']}:\n  yaml   {y.get('text')!r}\n  source {s['text']!r}"
        for s, y in zip(parse_tasks(), tasks_yaml(), strict=False)
        if y.get("text") != s["text"]
    ]
    assert not problems, report(problems)


def test_task_units_match_source_in_order():
    problems = [
        f"task {s['no']}: yaml units {y.get('units')} != source {s['units']}"
        for s, y in zip(parse_tasks(), tasks_yaml(), strict=False)
        if y.get("units") != s["units"]
    ]
    assert not problems, report(problems)


# ---------------------------------------------------------------------------
# livelihood.yaml against the 民生实事 table
# ---------------------------------------------------------------------------


def test_livelihood_header_names_last_three_area_columns():
    """Only the last three area columns are named in our copy of the header;
    the first seven are the inferred ones recorded in document.yaml."""
    _, header, _ = table_sections()["livelihood"]
    fixed, area_part = header[: len(LIVELIHOOD_FIXED_HEADER)], header[len(LIVELIHOOD_FIXED_HEADER) :]
    columns = document()["area_columns"]
    assert fixed == LIVELIHOOD_FIXED_HEADER, f"livelihood table header changed: {fixed}"
    assert len(columns) == AREA_COLUMN_COUNT, f"area_columns has {len(columns)} names, table has {AREA_COLUMN_COUNT}"
    assert "".join(area_part) == "".join(columns[7:]), (
        f"header area names {area_part} (wrapped) != area_columns[7:] {columns[7:]}"
    )
    assert document()["inferred_columns"] == columns[:7], (
        "inferred_columns must be exactly the seven area columns missing from the source header"
    )


def test_area_columns_are_registered_areas():
    registered = [a["name"] for a in areas_yaml()]
    assert document()["area_columns"] == registered, (
        "document.yaml area_columns and areas.yaml names differ (names or order)"
    )


def test_livelihood_categories_match_source():
    categories, _ = parse_livelihood()
    assert len(categories) == CATEGORY_COUNT, f"source has {len(categories)} categories"
    assert [o for o, _ in categories] == CHINESE_ORDINALS, f"category ordinals out of order: {categories}"
    source = [(str(n), name) for n, (_, name) in enumerate(categories, start=1)]
    in_yaml = [(c.get("no"), c.get("name")) for c in livelihood_yaml()["categories"]]
    assert in_yaml == source, f"categories differ:\n  yaml   {in_yaml}\n  source {source}"


def test_livelihood_items_numbered_and_categorised():
    _, items = parse_livelihood()
    expected = [str(n) for n in range(1, ITEM_COUNT + 1)]
    assert [i["no"] for i in items] == expected, "source items are not numbered 1..25"
    assert [i["no"] for i in livelihood_yaml()["items"]] == expected, "livelihood.yaml items are not 1..25"
    source_categories = carry_forward([i["category"] for i in items])
    problems = [
        f"item {y['no']}: yaml category {y.get('category')!r} != source {c!r}"
        for y, c in zip(livelihood_yaml()["items"], source_categories, strict=False)
        if y.get("category") != c
    ]
    assert not problems, report(problems)


def check_merged_cell(field, label):
    """YAML item[field] equals the source cell, or the previous item's value
    where the source cell is merged (absent from the text)."""
    _, items = parse_livelihood()
    assert items[0][field] is not None, f"source item 1 has no {label}"
    yaml_items = livelihood_yaml()["items"]
    problems = []
    for src, filled, y in zip(items, carry_forward([i[field] for i in items]), yaml_items, strict=False):
        if y.get(field) != filled:
            how = "source" if src[field] is not None else "merged cell, previous item's value"
            problems.append(f"item {src['no']} {label}: yaml {y.get(field)!r} != {how} {filled!r}")
    return problems


def test_livelihood_item_names_match_source():
    problems = check_merged_cell("text", "事项名称")
    assert not problems, report(problems)


def test_livelihood_lead_units_match_source():
    problems = check_merged_cell("lead", "牵头单位")
    assert not problems, report(problems)


def test_livelihood_row_count_and_order():
    _, items = parse_livelihood()
    source = [(r["item"], r["name"]) for i in items for r in i["rows"]]
    in_yaml = [(no, ind.get("name")) for no, ind in yaml_rows()]
    assert len(source) == ROW_COUNT, f"source has {len(source)} indicator rows, expected {ROW_COUNT}"
    assert in_yaml == source, (
        "indicator rows (item, name) differ:\n"
        + report(f"  yaml {y}  source {s}" for y, s in zip(in_yaml, source, strict=False) if y != s)
        + f"\n  yaml has {len(in_yaml)} rows, source {len(source)}"
    )


def test_livelihood_breakdown_keys_are_area_columns():
    columns = document()["area_columns"]
    problems = [
        f"item {no} row {ind.get('name')!r}: keys {list(ind['breakdown'])}"
        for no, ind in yaml_rows()
        if list(ind.get("breakdown", {})) != columns
    ]
    assert not problems, f"breakdown keys must equal area_columns {columns}:\n" + report(problems)


def test_livelihood_values_match_source_exactly():
    _, items = parse_livelihood()
    source_rows = [r for i in items for r in i["rows"]]
    columns = document()["area_columns"]
    problems = []
    for (no, ind), src in zip(yaml_rows(), source_rows, strict=False):
        where = f"item {no} row {src['name']!r}"
        if ind.get("target") != src["target"]:
            problems.append(f"{where} target: yaml {ind.get('target')!r} != source {src['target']!r}")
        for area, value in zip(columns, src["breakdown"], strict=False):
            got = ind.get("breakdown", {}).get(area)
            if got != value:
                problems.append(f"{where} {area}: yaml {got!r} != source {value!r}")
    assert not problems, report(problems)


# ---------------------------------------------------------------------------
# Unit registry
# ---------------------------------------------------------------------------


def source_task_units():
    return {u for t in parse_tasks() for u in t["units"]}


def test_source_task_table_names_56_units():
    units = source_task_units()
    assert len(units) == SOURCE_TASK_UNIT_COUNT, (
        f"source task table names {len(units)} distinct units, expected {SOURCE_TASK_UNIT_COUNT}"
    )


def test_unit_registry_is_task_units_plus_livelihood_leads():
    names = [u["name"] for u in units_yaml()]
    assert len(names) == len(set(names)), "units.yaml has duplicate names"
    assert len(names) == REGISTRY_UNIT_COUNT, f"units.yaml has {len(names)} units, expected {REGISTRY_UNIT_COUNT}"
    _, items = parse_livelihood()
    leads = {i["lead"] for i in items if i["lead"]}
    assert leads - source_task_units() == {"市治堵办"}, (
        f"livelihood-only lead units in source: {leads - source_task_units()}"
    )
    assert set(names) == source_task_units() | leads, (
        f"not in source: {set(names) - source_task_units() - leads}; "
        f"missing from units.yaml: {(source_task_units() | leads) - set(names)}"
    )


def test_every_referenced_unit_is_registered():
    registered = {u["name"] for u in units_yaml()}
    problems = [f"task {t['no']}: {u!r}" for t in tasks_yaml() for u in t["units"] if u not in registered]
    problems += [
        f"livelihood item {i['no']}: lead {i['lead']!r}"
        for i in livelihood_yaml()["items"]
        if i["lead"] not in registered
    ]
    assert not problems, "units not in units.yaml:\n" + report(problems)


def test_unit_areas_are_registered_areas():
    areas = {a["name"] for a in areas_yaml()}
    problems = [f"{u['name']}: area {u['area']!r}" for u in units_yaml() if "area" in u and u["area"] not in areas]
    assert not problems, "unit areas not in areas.yaml:\n" + report(problems)


# ---------------------------------------------------------------------------
# data/README.md documents every field
# ---------------------------------------------------------------------------


def mapping_keys(node):
    """Every mapping key in a YAML tree, except the area names under `breakdown`."""
    keys = set()
    if isinstance(node, dict):
        for key, value in node.items():
            keys.add(key)
            if key != "breakdown":
                keys |= mapping_keys(value)
    elif isinstance(node, list):
        for value in node:
            keys |= mapping_keys(value)
    return keys


def test_readme_documents_every_yaml_key():
    files = sorted(DATA.rglob("*.yaml"))
    assert YEAR_DIR / "livelihood.yaml" in files, "data YAML files not found"
    keys = set().union(*(mapping_keys(load_yaml(f)) for f in files))
    assert "breakdown" in keys and "南湖区" not in keys, "key collection is wrong"
    readme = README.read_text(encoding="utf-8")
    missing = sorted(k for k in keys if f"`{k}`" not in readme)
    assert not missing, f"data/README.md does not document these keys as `key`: {missing}"
