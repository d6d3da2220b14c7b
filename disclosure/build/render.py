"""Render planned pages to HTML; a template error names the template line and the record."""

from __future__ import annotations

from pathlib import Path

import jinja2

from disclosure.build.plan import Page, Pages, plan_site
from disclosure.build.templating import theme
from disclosure.config import Config
from disclosure.errors import BuildError
from disclosure.model import Site
from disclosure.source import changelog


def render_page(env: jinja2.Environment, site: Site, page: Page, templates: Path) -> str:
    """One HTML page; a template error names the template line and the record being rendered."""
    try:
        return env.get_template(page.template).render(site=site, path=page.path, **page.context)
    except jinja2.TemplateError as e:
        where = template_line(e, templates)
        raise BuildError(f"{where}: {type(e).__name__}: {e} (while rendering {page.source})") from e


def render_site(
    site: Site,
    templates: Path,
    config: Config,
    env: jinja2.Environment | None = None,
    history: changelog.History = changelog.UNAVAILABLE,
) -> Pages:
    """The whole site in memory, in one process."""
    config = config.settle(site.info)
    plan, env = plan_site(site, templates, config, env, history)
    pages = Pages()
    pages.sources = plan.sources
    for page in plan.pages:
        pages[page.file] = render_page(env, site, page, templates).encode("utf-8")
    pages.update(plan.files)
    return pages


def template_line(error: jinja2.TemplateError, templates: Path) -> str:
    """Where in the templates an error happened: file:line of the innermost template frame."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return f"{shown(Path(error.filename), templates)}:{error.lineno}"
    where = "templates"
    tb = error.__traceback__
    folders = [str(folder.resolve()) for folder in theme(templates)]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(folder) for folder in folders):
            where = f"{shown(Path(filename), templates)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def shown(file: Path, templates: Path) -> str:
    """A template file as errors name it: relative to the site ("templates/task.html"), the default theme's in full."""
    file, project = file.resolve(), templates.resolve().parent
    return str(file.relative_to(project)) if file.is_relative_to(project) else str(file)
