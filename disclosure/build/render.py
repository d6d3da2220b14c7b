"""Render planned pages to HTML; a template error names the template line and the record."""

from __future__ import annotations

from pathlib import Path

import jinja2

from disclosure.build.plan import Page
from disclosure.build.templating import theme
from disclosure.errors import BuildError
from disclosure.model import Site


def render_page(env: jinja2.Environment, site: Site, page: Page, templates: Path, shared: dict[str, object]) -> str:
    """One HTML page, with the build's shared values (plan.shared_context); a template error names the
    template line and the record being rendered."""
    try:
        return env.get_template(page.template).render({"site": site, "path": page.path, **shared, **page.context})
    except jinja2.TemplateError as e:
        where = template_line(e, templates)
        raise BuildError(f"{where}: {type(e).__name__}: {e} (while rendering {page.source})") from e


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
