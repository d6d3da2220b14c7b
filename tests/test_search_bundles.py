"""The search index in bundles: each edition's records, then the site's, a big group cut into runs of CHUNK
records, each indexed by its own Pagefind run; a bundle whose input has not changed is taken from the last site.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from unittest import mock

import pytest
from factory import build_fixture

from disclosure.build import fanout
from disclosure.build.pipeline import build
from disclosure.config import Config
from disclosure.errors import BuildError
from disclosure.model import Site
from disclosure.outputs import search


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_each_edition_and_the_site_are_bundles_of_their_own(fixture_model: Site) -> None:
    bundles = search.bundles(fixture_model)
    assert [name for name, _ in bundles] == ["", "parts/2024", "parts/site"]
    years = [{v for r in recs for v in r.filters.get("year", [])} for _, recs in bundles]
    assert years[0] == {"2025"} and years[1] == {"2024"}  # the newest edition first
    assert [r.path for _, recs in bundles for r in recs] == [r.path for r in search.search_records(fixture_model)]


def test_a_group_of_more_than_chunk_records_is_cut_into_runs(
    fixture_model: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = dict(search.search_groups(fixture_model))
    monkeypatch.setattr(search, "CHUNK", 3)
    bundles = search.bundles(fixture_model)
    assert all(len(recs) <= 3 for _, recs in bundles)
    runs = [name for name, _ in bundles if name.startswith("parts/2024")]
    assert runs == ["parts/2024"] + [f"parts/2024-{i}" for i in range(2, len(runs) + 1)]
    assert len(runs) == -(-len(whole["2024"]) // 3)
    assert [r.path for _, recs in bundles for r in recs] == [r.path for r in search.search_records(fixture_model)]


@pytest.fixture(scope="module")
def small_runs(fixture_model: Site, fixture_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's index in runs of at most 4 records (many bundles), into a folder of its own."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search, "CHUNK", 4)
        out = tmp_path_factory.mktemp("runs") / "site"
        assert search.index(fixture_model, out, pages=fixture_site) == len(search.search_records(fixture_model))
    return out


def test_the_first_bundle_names_the_others_and_they_hold_only_their_index(small_runs: Path) -> None:
    bundle = small_runs / "pagefind"
    parts = json.loads((bundle / search.NAMES).read_text("utf-8"))["bundles"]
    assert set(parts) == {f"parts/{p.name}/" for p in (bundle / "parts").iterdir()} and len(parts) > 2
    for part in parts:
        names = {p.name for p in (bundle / part).iterdir()}
        assert "pagefind-entry.json" in names and "fragment" in names and "index" in names
        assert not [n for n in names if n.endswith((".js", ".css")) or n.startswith("wasm.")], names
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.unknown.pagefind").is_file()


def test_the_bundles_together_hold_every_record_once(small_runs: Path, fixture_model: Site) -> None:
    pages: list[str] = []
    for path in sorted((small_runs / "pagefind").glob("**/filter/*.pf_filter")):
        name, values = search._read(path)
        if name == "page":
            pages += [v for v, _ in values]
    assert sorted(pages) == sorted(r.path for r in search.search_records(fixture_model))


def test_an_unchanged_site_is_not_indexed_again(
    fixture_model: Site, fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "first"
    search.index(fixture_model, first, pages=fixture_site)

    def refuse(*args: object) -> None:
        raise AssertionError("Pagefind ran for an unchanged bundle")

    monkeypatch.setattr(search, "run_pagefind", refuse)
    second = tmp_path / "second"
    search.index(fixture_model, second, pages=fixture_site, previous=first)
    assert files(second / "pagefind") == files(first / "pagefind")


def test_a_changed_page_re_indexes_its_bundle_only(
    fixture_model: Site, fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "first"
    search.index(fixture_model, first, pages=fixture_site)
    pages = tmp_path / "pages"
    for rel, content in files(fixture_site).items():
        (pages / rel).parent.mkdir(parents=True, exist_ok=True)
        (pages / rel).write_bytes(content)
    task = pages / "2024/tasks/1/index.html"
    task.write_text(task.read_text("utf-8").replace("</main>", "<p>新加的一句话</p></main>"), "utf-8")
    ran: list[Path] = []
    run = search.run_pagefind
    monkeypatch.setattr(
        search, "run_pagefind", lambda folder, n, target, *rest: [ran.append(target), run(folder, n, target, *rest)]
    )
    second = tmp_path / "second"
    search.index(fixture_model, second, pages=pages, previous=first)
    assert ran == [second / "pagefind" / "parts/2024"]
    old, new = files(first / "pagefind"), files(second / "pagefind")
    changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    assert changed and all(k.startswith("parts/2024/") for k in changed), changed


def test_a_template_edit_outside_the_indexed_text_keeps_the_bundles(
    fixture_model: Site, fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "first"
    search.index(fixture_model, first, pages=fixture_site)
    pages = tmp_path / "pages"
    for rel, content in files(fixture_site).items():
        (pages / rel).parent.mkdir(parents=True, exist_ok=True)
        changed = content.replace(b"</footer>", b"<p>\xe6\x96\xb0\xe9\xa1\xb5\xe8\x84\x9a</p></footer>")
        (pages / rel).write_bytes(changed)
    assert (pages / "2024/tasks/1/index.html").read_bytes() != (fixture_site / "2025/tasks/1/index.html").read_bytes()
    monkeypatch.setattr(search, "run_pagefind", lambda *args: pytest.fail("Pagefind ran for a footer edit"))
    search.index(fixture_model, tmp_path / "second", pages=pages, previous=first)


def test_a_second_build_of_the_same_project_takes_the_index_from_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build passes the site it replaces as the previous one: no Pagefind run, the same bundles."""
    project, site, report = build_fixture(tmp_path, with_search=True)
    before = files(site / "pagefind")
    monkeypatch.setattr(search, "run_pagefind", lambda *args: pytest.fail("Pagefind ran for an unchanged project"))
    again = build(project, site, Config(), with_search=True)
    assert again.indexed == report.indexed and files(site / "pagefind") == before


def test_the_indexed_pages_prepared_on_two_processes_are_those_of_one(
    fixture_model: Site, fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """write_inputs on forked workers writes the same files, and gives the same hashes, as in this process;
    a page that cannot be read is one sentence naming it, from whichever process read it."""
    monkeypatch.setattr(fanout.threading, "active_count", lambda: 1)  # a browser test's thread may be left
    monkeypatch.setattr(search, "INPUTS_CHUNK", 5)
    groups = search.bundles(fixture_model)
    one = search.write_inputs(groups, fixture_site, tmp_path / "one", 1)
    with mock.patch.object(fanout.os, "fork", wraps=os.fork) as forks:
        two = search.write_inputs(groups, fixture_site, tmp_path / "two", 2)
    assert forks.call_count == 1 and one == two and sum(map(len, two)) == len(search.search_records(fixture_model))
    assert files(tmp_path / "one") == files(tmp_path / "two")
    pages = tmp_path / "pages"
    for rel, content in files(fixture_site).items():
        (pages / rel).parent.mkdir(parents=True, exist_ok=True)
        (pages / rel).write_bytes(content)
    (pages / "2024/tasks/3/index.html").unlink()
    with pytest.raises(BuildError, match=r"^.*/2024/tasks/3/index.html: the page of .* could not be read"):
        search.write_inputs(groups, pages, tmp_path / "three", 2)
