"""site.yaml, the site's identity: read strictly, every field checked with its position, documented and
given a schema; the address rules (flag, environment, site.yaml; loopback refused in production); and
the generator itself names no place (a site of towns and streets builds with its own words)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from factory import FIXTURE, ROOT, make_project
from jsonschema import Draft202012Validator

import build as cli
from disclosure.build.pipeline import build
from disclosure.config import Config
from disclosure.errors import BuildError, DataError
from disclosure.outputs.schema import schema_files
from disclosure.source import load, validate

SITE_YAML = (FIXTURE / "site.yaml").read_text("utf-8")
# Every optional field, for the schema, the documentation and the footer.
FULL = SITE_YAML.replace(
    "search_examples: [托育, 东湖, 停车位]\n",
    "search_examples: [托育, 东湖, 停车位]\n"
    "short_name: 示例责任公开\n"
    "organizer: 示例市人民政府办公室\n"
    "contact: 示例市人民政府办公室 0573-00000000\n"
    "feedback:\n"
    "  email: gkb@example.gov.cn\n"
    "  phone: 0573-12345678\n"
    "  url: https://www.example.gov.cn/feedback\n"
    "registration:\n"
    "  site_code: '0000000000'\n"
    "  icp: 示ICP备00000000号\n"
    "  police: 示公网安备00000000000000号\n",
)


def project(to: Path, site_yaml: str = SITE_YAML) -> Path:
    """A copy of the fixture site and the generator's templates in to (a new folder), with this site.yaml."""
    make_project(to)
    (to / "site.yaml").write_text(site_yaml, "utf-8")
    return to


def problems(tmp_path: Path, site_yaml: str) -> str:
    """Every problem the build finds in the project with this site.yaml."""
    with pytest.raises(DataError) as error:
        validate.build_site(load.read_sources(project(tmp_path / "project", site_yaml)))
    return str(error.value)


# --- every field checked, with its position --------------------------------------------------------

BAD = [
    ("missing-field", "city_short: 示\n", "", "site.yaml:4:1:site.yaml缺少城市简称(city_short)。"),
    (
        "city-short-not-one-character",
        "city_short: 示\n",
        "city_short: 示例\n",
        "site.yaml:6:13:site.yaml的城市简称是“示例”,应为一个字的简称,如 杭。",
    ),
    (
        "unknown-field",
        "city: 示例市\n",
        "city: 示例市\ncolour: red\n",
        (
            "site.yaml:6:1:site.yaml有未知字段“colour”,应为以下字段之一:area_kinds、city、city_short、contact、"
            "data_package、feedback、labels、licence、name、organizer、progress_statuses、publisher、registration、"
            "search_examples、short_name、site_url、unit_kinds、unit_kinds_with_area。"
        ),
    ),
    (
        "site-url-not-http",
        "site_url: https://shili.example.gov.cn/",
        "site_url: ftp://shili.example.gov.cn/",
        (
            "site.yaml:8:11:site.yaml的网站地址是“ftp://shili.example.gov.cn/”,应为以 http:// 或 https:// "
            "开头的完整网址,如 https://www.example.gov.cn/。"
        ),
    ),
    (
        "site-url-no-scheme",
        "site_url: https://shili.example.gov.cn/",
        "site_url: shili.example.gov.cn",
        (
            "site.yaml:8:11:site.yaml的网站地址是“shili.example.gov.cn”,应为以 http:// 或 https:// 开头的完整网址,"
            "如 https://www.example.gov.cn/。"
        ),
    ),
    (
        "licence-field-misspelt",
        '  note: "CC0',
        '  notes: "CC0',
        (
            "site.yaml:11:3:site.yaml的许可协议(licence)缺少说明(note)。\nsite.yaml:13:3:"
            "site.yaml的许可协议(licence)有未知字段“notes”,应为以下字段之一:id、note、url。"
        ),
    ),
    (
        "data-package-id",
        "  id: shili-key-tasks-and-livelihood-projects",
        "  id: Shili Key Tasks",
        (
            "site.yaml:16:7:site.yaml的数据包(data_package)的数据包标识是“Shili Key Tasks”,应为小写英文字母、"
            "数字和单个连字符。"
        ),
    ),
    (
        "labels-not-a-mapping",
        "labels:\n  citywide: 全市\n  areas: 县(市、区)\n  government: 市政府\n",
        "labels: 全市\n",
        (
            "site.yaml:20:9:site.yaml的称呼(labels)是“全市”,应为包含这些字段的映射:地区称呼(areas)、"
            "全域称呼(citywide)、政府称呼(government)。"
        ),
    ),
    (
        "unit-kind-not-a-slug",
        "  city-department: 市政府部门",
        "  City_Department: 市政府部门",
        (
            "site.yaml:26:3:site.yaml的单位类别中的代码是“City_Department”,应为小写英文字母、数字和单个连字符,如 "
            "city-department。"
        ),
    ),
    (
        "unit-kind-label-formula",
        "  party-organ: 市委部门",
        "  party-organ: =市委部门",
        (
            "site.yaml:27:16:site.yaml的单位类别中“party-organ”的名称“=市委部门”以“=”开头,应改写开头:以 = + - "
            "@ 开头的文字,在电子表格中打开 CSV 下载时会被当作公式执行。"
        ),
    ),
    (
        "with-area-unknown-and-twice",
        "unit_kinds_with_area: [county-government, development-zone]",
        "unit_kinds_with_area: [county-government, town-government, county-government]",
        (
            "site.yaml:35:43:site.yaml的属于地区的单位类别是“town-government”,应为以下之一:city-department、"
            "party-organ、coordination-office、peoples-organization、public-institution、state-owned-enterprise、"
            "central-agency、county-government、development-zone。\nsite.yaml:35:60:"
            "site.yaml的属于地区的单位类别“county-government”重复,每个类别只能写一次。"
        ),
    ),
    (
        "area-kinds-empty",
        "area_kinds:\n  district: 市辖区\n  county: 县\n  county-city: 县级市\n  zone: 开发区\n  other: 其他\n",
        "area_kinds: {}\n",
        "site.yaml:37:13:site.yaml的地区类别是空映射,应为代码到名称的映射。",
    ),
    (
        "search-examples-empty",
        "search_examples: [托育, 东湖, 停车位]",
        "search_examples: []",
        "site.yaml:44:18:site.yaml的搜索示例是空列表,应为要搜索的词的列表(至少一个)。",
    ),
    (
        "search-example-markup",
        "search_examples: [托育, 东湖, 停车位]",
        "search_examples: [托育, <b>]",
        "site.yaml:44:23:site.yaml的搜索示例是“<b>”,应为一个要搜索的词。",
    ),
    (
        "search-example-twice",
        "search_examples: [托育, 东湖, 停车位]",
        "search_examples: [托育, 东湖, 托育]",
        "site.yaml:44:27:site.yaml的搜索示例“托育”重复,每个词只能写一次。",
    ),
    (
        "feedback-empty-registration-unknown",
        "search_examples: [托育, 东湖, 停车位]",
        "search_examples: [托育]\nfeedback: {}\nregistration: {icp: 示ICP备1号, beian: x}",
        (
            "site.yaml:45:11:site.yaml的纠错渠道(feedback)是空映射,应为至少有一种纠错方式:电子邮箱(email)、"
            "电话(phone)、网址(url)。\nsite.yaml:46:30:site.yaml的备案信息(registration)有未知字段“beian”,"
            "应为以下字段之一:icp、police、site_code。"
        ),
    ),
    (
        "feedback-email",
        "search_examples: [托育, 东湖, 停车位]",
        "search_examples: [托育]\nfeedback:\n  email: gkb.example.gov.cn",
        (
            "site.yaml:46:10:site.yaml的纠错渠道(feedback)的电子邮箱是“gkb.example.gov.cn”,应为电子邮箱地址,如 "
            "gkb@example.gov.cn。"
        ),
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_a_bad_site_yaml_is_reported_where_it_is_written(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in SITE_YAML
    assert problems(tmp_path, SITE_YAML.replace(old, new, 1)) == message


def test_a_unit_kind_is_one_of_the_site_s_vocabulary(tmp_path: Path) -> None:
    """The kinds data/ may use are site.yaml's: a kind it does not list is refused, naming the site's list."""
    site_yaml = SITE_YAML.replace("  party-organ: 市委部门\n", "")
    message = problems(tmp_path, site_yaml)
    assert message.startswith("data/units.yaml:")
    assert ":单位“市委组织部(市人才办)”的类别是“party-organ”,应为以下之一:city-department、" in message


def test_a_missing_site_yaml_is_named(tmp_path: Path) -> None:
    root = project(tmp_path / "project")
    (root / "site.yaml").unlink()
    with pytest.raises(DataError) as error:
        load.read_sources(root)
    assert str(error.value) == (
        "site.yaml:找不到这个文件:项目根目录下要有 site.yaml,写明网站的名称、城市、发布单位、网址(site_url)等"
        "(见 data/README.md)。"
    )


def test_site_yaml_as_a_link_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path / "project")
    (tmp_path / "elsewhere.yaml").write_text(SITE_YAML, "utf-8")
    (root / "site.yaml").unlink()
    (root / "site.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(DataError, match=r"^site\.yaml:这是一个符号链接"):
        load.read_sources(root)


# --- schema and documentation ----------------------------------------------------------------------


def site_schema() -> Draft202012Validator:
    info = validate.read_site_info(validate.Checker(), load.parse_yaml(SITE_YAML, "site.yaml"))
    schema = json.loads(schema_files(info)["data/schemas/site.yaml.schema.json"])
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.mark.parametrize("text", [SITE_YAML, FULL], ids=["fixture", "every-field"])
def test_site_yaml_is_valid_against_its_schema(text: str) -> None:
    assert list(site_schema().iter_errors(load.parse_yaml(text, "site.yaml"))) == []


@pytest.mark.parametrize(("old", "new", "message"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_the_schema_rejects_what_the_build_rejects(old: str, new: str, message: str) -> None:
    value = load.parse_yaml(SITE_YAML.replace(old, new, 1), "site.yaml")
    assert list(site_schema().iter_errors(value)), message


def test_data_readme_documents_every_site_yaml_field() -> None:
    keys: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for v in value.values():
                collect(v)

    collect(load.parse_yaml(FULL, "site.yaml"))
    assert {"feedback", "registration", "site_code", "citywide", "central-agency"} <= keys, "key collection is wrong"
    readme = (ROOT / "data/README.md").read_text("utf-8")
    missing = sorted(k for k in keys if f"`{k}`" not in readme)
    assert not missing, f"data/README.md does not document these site.yaml keys as `key`: {missing}"


# --- the generator names no place ------------------------------------------------------------------


# The four words, and the example site's places in pinyin and its telephone area code, which a
# message's example could carry (grep -i: haining, Haining).
PLACE_WORDS = ("嘉兴", "嘉政", "海宁", "驻嘉", "jiaxing", "haining", "nanhu", "xiuzhou", "jiashan", "pinghu")
PLACE_WORDS += ("haiyan", "tongxiang", "zhapu", "0573")


def test_the_generator_names_no_place() -> None:
    """Names, labels and vocabularies come from site.yaml: none in the package or the default templates."""
    found = subprocess.run(
        ["grep", "-rnIi", *(a for w in PLACE_WORDS for a in ("-e", w)), "disclosure", "templates"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert found.stdout == "" and found.returncode == 1, found.stdout
    code = [p for p in (ROOT / "disclosure").rglob("*.py") if "嘉" in p.read_text("utf-8")]
    assert code == [], f"'嘉' in {code}: a vocabulary belongs in site.yaml"


def footer(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser").find("footer")


def test_a_site_of_towns_and_streets_builds_with_its_own_words(tmp_path: Path) -> None:
    """A county's site: its areas are towns (镇) and streets (街道), its whole is 全县; every option shown."""
    towns = (
        FULL.replace(
            "  citywide: 全市\n  areas: 县(市、区)\n  government: 市政府\n",
            "  citywide: 全县\n  areas: 镇(街道)\n  government: 县政府\n",
        )
        .replace("  district: 市辖区\n  county: 县\n  county-city: 县级市\n  zone: 开发区\n", "  town: 镇\n")
        .replace("  other: 其他\n", "  street: 街道\n")
        .replace("search_examples: [托育, 东湖, 停车位]", "search_examples: [养老, 示例镇]")
    )
    root = project(tmp_path / "project", towns)
    areas = root / "data/areas.yaml"
    text = re.sub(r"kind: (?:district|county|county-city|zone)\n", "kind: town\n", areas.read_text("utf-8"))
    areas.write_text(text.replace("kind: other\n", "kind: street\n"), "utf-8")
    out = tmp_path / "site"
    build(root, out, Config(site_url="https://county.example.gov.cn"), with_search=False)

    home = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    nav = [a.get_text() for a in home.find("nav", attrs={"aria-label": "主导航"}).find_all("a")]
    assert nav == ["重点工作", "民生实事", "进展通报", "镇(街道)", "责任单位"]
    assert home.find("input", id="home-q")["placeholder"] == "例如:养老、示例镇"
    district = BeautifulSoup((out / "districts/donghu/index.html").read_text("utf-8"), "html.parser")
    assert district.find("p", class_="kicker").get_text() == "镇"
    headers = [th.get_text() for th in district.find("table", class_="district-rows").find_all("th", scope="col")]
    assert "全县目标" in headers and "占全县" in headers and "全市目标" not in headers
    areas_json = json.loads((out / "data/areas.json").read_text("utf-8"))
    assert {a["kind"] for a in areas_json} == {"town", "street"}
    assert json.loads((out / "data/schemas/areas.yaml.schema.json").read_text("utf-8"))["items"]["properties"][
        "kind"
    ] == {"title": "the category of area", "enum": ["town", "street"]}
    package = json.loads((out / "data/datapackage.json").read_text("utf-8"))
    table = next(r for r in package["resources"] if r["path"] == "2024/livelihood.csv")
    assert next(f["title"] for f in table["schema"]["fields"] if f["name"] == "target") == "全县目标"

    text = footer(out).get_text()
    assert "电子邮件 gkb@example.gov.cn;电话 0573-12345678;网上留言 https://www.example.gov.cn/feedback。" in text
    assert "联系我们:示例市人民政府办公室 0573-00000000" in text
    assert "网站标识码:0000000000 · 示ICP备00000000号 · 示公网安备00000000000000号" in text
    assert footer(out).find("a", href="mailto:gkb@example.gov.cn") is not None
    assert "主办单位:示例市人民政府办公室" in text
    assert home.select_one(".site-name .short-name").get_text() == "示例责任公开"
    assert home.select_one(".site-name .full-name").get_text() == "示例市政府重点工作和民生实事责任公开"
    # 纠错/留言 on each record page, through the channels site.yaml names; not on the home page
    assert home.find(class_="feedback-entry") is None
    for path in ("2024/tasks/2", "2024/projects/3", "departments/science-technology", "districts/donghu"):
        soup = BeautifulSoup((out / path / "index.html").read_text("utf-8"), "html.parser")
        (entry,) = soup.select("main .feedback-entry")
        assert " ".join(entry.get_text().split()) == (
            "纠错/留言:发现本页与原文不符或有错误,请网上留言,或发电子邮件到 gkb@example.gov.cn,或打电话 0573-12345678。"
        ), path
        assert [a["href"] for a in entry.find_all("a")] == [
            "https://www.example.gov.cn/feedback",
            "mailto:gkb@example.gov.cn",
        ]


def test_a_footer_shows_no_codes_it_was_not_given(fixture_site: Path) -> None:
    text = footer(fixture_site).get_text()
    assert "发现错误请按来源与方法页所述方式报告。" in text
    assert "网站标识码" not in text and "备" not in text and "联系我们" not in text and "主办单位" not in text
    home = BeautifulSoup((fixture_site / "index.html").read_text("utf-8"), "html.parser")
    assert home.select_one(".site-name").get_text() == "示例市政府重点工作和民生实事责任公开"  # no short_name
    assert home.select_one(".short-name") is None


# --- the site's address ----------------------------------------------------------------------------


def canonical(out: Path) -> str:
    return BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser").find("link", rel="canonical")["href"]


def test_without_a_flag_permalinks_use_site_yaml_s_address(fixture_site: Path) -> None:
    assert canonical(fixture_site) == "https://shili.example.gov.cn/"


def test_the_base_path_is_the_path_of_the_site_s_address_unless_given(tmp_path: Path) -> None:
    sub = SITE_YAML.replace("https://shili.example.gov.cn/", "https://www.example.gov.cn/zwgk/zrgk/")
    root = project(tmp_path / "project", sub)
    build(root, tmp_path / "a", with_search=False)
    assert canonical(tmp_path / "a") == "https://www.example.gov.cn/zwgk/zrgk/"
    assert re.search(
        r'href="/zwgk/zrgk/static/style\.[0-9a-f]{10}\.css"', (tmp_path / "a/index.html").read_text("utf-8")
    )
    build(root, tmp_path / "b", Config(base_path="/x/", site_url="https://other.example.org"), with_search=False)
    assert canonical(tmp_path / "b") == "https://other.example.org/x/"


LOOPBACK = ["http://127.0.0.1:8000/", "http://localhost:8000", "http://127.8.9.10/", "http://[::1]:8000/"]


@pytest.mark.parametrize("url", LOOPBACK)
def test_a_production_build_refuses_a_loopback_address_in_site_yaml(tmp_path: Path, url: str) -> None:
    root = project(tmp_path / "project", SITE_YAML.replace("https://shili.example.gov.cn/", url))
    with pytest.raises(DataError) as error:
        build(root, tmp_path / "site", with_search=False)
    assert str(error.value) == (
        f"site.yaml:8:11:site.yaml 的网址(site_url)“{url}”是本机回环地址,只有这台电脑能打开:"
        "这里要写网站正式发布的公开地址,永久链接和引用都用它(只有 make serve 才用 127.0.0.1)。"
    )
    assert not (tmp_path / "site").exists()


def test_check_refuses_a_loopback_address_as_a_build_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path / "project", SITE_YAML.replace("https://shili.example.gov.cn/", "http://localhost:8000/"))
    assert cli.main(["check", "--root", str(root)]) == 1
    assert (
        "\nsite.yaml:8:11:site.yaml 的网址(site_url)“http://localhost:8000/”是本机回环地址" in capsys.readouterr().err
    )


def test_a_loopback_flag_or_environment_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path / "project")
    for name in ("GITHUB_ACTIONS", "SITE_URL", "BASE_PATH"):
        monkeypatch.delenv(name, raising=False)
    out = ["--root", str(root), "--out", str(tmp_path / "site"), "--no-search"]
    assert cli.main([*out, "--site-url", "http://localhost:8000"]) == 1
    assert "\n--site-url 的网址“http://localhost:8000”是本机回环地址" in capsys.readouterr().err
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000")
    assert cli.main(out) == 1
    assert "\n环境变量 SITE_URL 的网址“http://127.0.0.1:8000”是本机回环地址" in capsys.readouterr().err
    assert cli.main([*out, "--site-url", "https://flag.example.org"]) == 0  # the flag before the environment
    assert canonical(tmp_path / "site") == "https://flag.example.org/"
    assert not (tmp_path / "site/dev").exists()


def test_an_address_that_is_not_one_is_refused_naming_the_flag() -> None:
    info = validate.read_site_info(validate.Checker(), load.parse_yaml(SITE_YAML, "site.yaml"))
    with pytest.raises(BuildError, match=r"^--site-url 的网址“example\.org”不是完整的 http 或 https 地址"):
        Config(site_url="example.org").settle(info)


def test_only_the_dev_server_uses_a_loopback_address() -> None:
    info = validate.read_site_info(validate.Checker(), load.parse_yaml(SITE_YAML, "site.yaml"))
    dev = Config(site_url="http://127.0.0.1:8001", dev=True).settle(info)
    assert (dev.site_url, dev.base_path) == ("http://127.0.0.1:8001", "/")
    assert Config().settle(info).site_url == "https://shili.example.gov.cn"
    assert Config().site_url is None  # no silent default address


def test_the_dev_server_watches_site_yaml(tmp_path: Path) -> None:
    from disclosure.tools.serve import snapshot

    assert "site.yaml" in snapshot(project(tmp_path / "project"))


def test_changes_compares_with_a_revision_from_before_site_yaml(tmp_path: Path) -> None:
    """A revision without site.yaml named the site in its code: the working tree's site.yaml stands in."""
    from disclosure.tools import changes

    root = project(tmp_path / "project")
    (root / "site.yaml").rename(tmp_path / "kept.yaml")
    for args in (["init", "-q"], ["add", "data", "content", "templates"], ["commit", "-qm", "before site.yaml"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )
    (tmp_path / "kept.yaml").rename(root / "site.yaml")
    compared = changes.compare(root, "HEAD", Config())
    assert (compared.added, compared.removed, compared.changed) == ([], [], [])
