"""schema.org JSON-LD for each kind of page (templates call these; base.html writes them with |tojson).

schema.org has no type for a government notice, so the document is a CreativeWork published by a
GovernmentOrganization, with its 文号 as identifier; a task or project is a CreativeWork that is part
of it; the downloads are a Dataset. Facts only: nothing here that is not on the page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from disclosure import urls
from disclosure.model import Area, Document, Edition, Item, ProgressReport, Site, Task, Unit
from disclosure.progress import ReportRef

CONTEXT = "https://schema.org"
Permalink = Callable[[str], str]


def organization(name: str, url: str | None = None, full_name: str | None = None) -> dict:
    org = {"@type": "GovernmentOrganization", "name": name}
    if full_name and full_name != name:
        org["alternateName"] = full_name
    if url:
        org["url"] = url
    return org


def document(doc: Document, url: str) -> dict:
    return {
        "@type": "CreativeWork",
        "name": doc.title,
        "identifier": doc.doc_no,
        "genre": "通知",
        "inLanguage": "zh-CN",
        "dateCreated": doc.written.isoformat(),
        "datePublished": doc.published.isoformat(),
        "publisher": organization(doc.signed_by),
        "url": url,
    }


def notice_ld(ed: Edition, link: Permalink) -> dict:
    return {"@context": CONTEXT, **document(ed.document, link(urls.edition(ed)))}


def report(r: ProgressReport | ReportRef, link: Permalink) -> dict:
    """A progress report as published: title, publisher, dates and 文号, its page here, and the copy it was read
    from (sameAs) where it has an address."""
    return {
        "@type": "Report",
        "name": r.title,
        **({"identifier": r.source.doc_no} if r.source.doc_no else {}),
        "inLanguage": "zh-CN",
        "datePublished": r.published.isoformat(),
        "publisher": organization(r.publisher),
        "url": link(urls.report(r)),
        **({"sameAs": r.source.url} if r.source.url else {}),
    }


def report_ld(r: ProgressReport, ed: Edition, link: Permalink) -> dict:
    """A report's page: the report, about the tasks it names, on the edition whose tasks they are."""
    return {
        "@context": CONTEXT,
        **report(r, link),
        "about": [{"@type": "CreativeWork", "url": link(urls.task(e.task))} for e in r.tasks],
        "isBasedOn": [document(ed.document, link(urls.edition(ed)))],
    }


def task_ld(task: Task, ed: Edition, link: Permalink, reports: tuple[tuple[ReportRef, object], ...] = ()) -> dict:
    """A task; reports ((report, entry), newest first) are the progress reports its page quotes: cited."""
    return {
        "@context": CONTEXT,
        "@type": "CreativeWork",
        "name": f"{ed.document.tasks_title}{task.label}",
        "text": task.text,
        "position": place(task, ed),
        "inLanguage": "zh-CN",
        "url": link(urls.task(task)),
        "isPartOf": document(ed.document, link(urls.edition(ed))),
        "mentions": [organization(u.name, link(urls.department(u)), u.full_name) for u in task.units],
        **({"citation": [report(r, link) for r, _ in reports]} if reports else {}),
    }


def place(task: Task, ed: Edition) -> int:
    """A task's 1-based place among its edition's tasks: its number, unless numbers restart per section."""
    if task.ref == str(task.no):  # continuous numbering: 1 to N in order, as validation requires
        return task.no
    return places(ed)[id(task)]


@functools.lru_cache(maxsize=4)  # the editions of one build; a per-section edition's task pages ask one by one
def places(ed: Edition) -> dict[int, int]:
    return {id(t): n for n, t in enumerate(ed.tasks, start=1)}


def project_ld(item: Item, ed: Edition, link: Permalink) -> dict:
    return {
        "@context": CONTEXT,
        "@type": "CreativeWork",
        "name": f"{ed.document.livelihood_title}第{item.no}项",
        "text": item.text,
        "position": item.no,
        "genre": item.category.name,
        "inLanguage": "zh-CN",
        "url": link(urls.project(item)),
        "isPartOf": document(ed.document, link(urls.edition(ed))),
        "mentions": [organization(item.lead.name, link(urls.department(item.lead)), item.lead.full_name)],
    }


def based_on(editions: tuple[Edition, ...], link: Permalink) -> list[dict]:
    """The documents a page draws from, newest first (schema.org isBasedOn)."""
    return [document(ed.document, link(urls.edition(ed))) for ed in editions]


def page_ld(title: str, path: str, editions: tuple[Edition, ...], link: Permalink) -> dict:
    """A page of no record of its own (home, an index, search, source and checks): what it is based on."""
    return {
        "@context": CONTEXT,
        "@type": "WebPage",
        "name": title,
        "inLanguage": "zh-CN",
        "url": link(path),
        "isBasedOn": based_on(editions, link),
    }


def unit_ld(unit: Unit, editions: tuple[Edition, ...], link: Permalink) -> dict:
    """A department's page: about the unit, based on each document that gives it work."""
    url = link(urls.department(unit))
    return {
        "@context": CONTEXT,
        "@type": "WebPage",
        "url": url,
        "inLanguage": "zh-CN",
        "about": organization(unit.name, url, unit.full_name),
        "isBasedOn": based_on(editions, link),
    }


def area_ld(area: Area, editions: tuple[Edition, ...], link: Permalink) -> dict:
    """A district's page: about the area, based on each document that gives it targets or tasks."""
    url = link(urls.district(area))
    return {
        "@context": CONTEXT,
        "@type": "WebPage",
        "url": url,
        "inLanguage": "zh-CN",
        "about": {"@type": "AdministrativeArea", "name": area.name, "alternateName": area.full_name, "url": url},
        "isBasedOn": based_on(editions, link),
    }


def dataset_ld(site: Site, files: dict[str, dict], link: Permalink, modified: str | None) -> dict:
    formats = {"csv": "text/csv", "json": "application/json"}
    data = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": site.info.data_package.title,
        "description": f"{site.example_note}重点工作的责任单位和民生实事项目的各地目标,"
        f"逐字照录自{site.info.publisher}发布的文件;“/”表示无目标任务,不是 0。",
        "inLanguage": "zh-CN",
        "url": link(urls.DOWNLOADS),
        "license": site.info.licence.url,
        "isBasedOn": based_on(site.editions, link),
        "creator": organization(site.latest.document.signed_by),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": path,
                "encodingFormat": formats[path.rsplit(".", 1)[1]],
                "contentUrl": link(f"data/{path}"),
                "contentSize": f"{f['bytes']} B",
                "sha256": f["sha256"],
            }
            for path, f in sorted(files.items())
            if path.rsplit(".", 1)[1] in formats and path != "datapackage.json"
        ],
    }
    if modified:
        data["dateModified"] = modified
    return data
