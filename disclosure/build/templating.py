"""The Jinja environment: templates read through inputs, filters for numbers and figures, shared fragments."""

from __future__ import annotations

import hashlib
import os
import types
from collections.abc import Callable, MutableMapping
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.compiler
import jinja2.meta
import jinja2.nodes
import jinja2.runtime
import jinja2.utils
import markupsafe
from markupsafe import Markup, escape

from disclosure import kinds, progress, urls
from disclosure.config import Config
from disclosure.errors import DataError, Pos, Problem
from disclosure.model import Figure, Site, plain
from disclosure.outputs import charts, feeds, jsonld
from disclosure.source import inputs


def number(value: Decimal | Figure | int | None) -> str:
    """Format an exact number without float noise or a trailing .0; '/' for no target."""
    if isinstance(value, Figure):
        return value.text
    if value is None:
        return "/"
    if isinstance(value, int):
        return str(value)
    return plain(value)


TEMPLATE_OPTIONS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}


class BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates (a private folder in the system's temporary directory): compiling
    ours takes 0.16 s, loading them 0.01 s. Jinja keys it by template source only, but the compiled code
    also depends on the options, the Config and our code, since filters on constants ('static/style.css'|url)
    are computed at compile time; so all three are part of the key."""

    def __init__(self, config: Config, assets: dict[str, str]) -> None:
        super().__init__()
        code = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.parent.rglob("*.py"))))
        self.variant = f"{sorted(TEMPLATE_OPTIONS.items())}|{config}|{sorted(assets.items())}|{code.hexdigest()}"

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{name}|{self.variant}", filename)


THEME = Path(__file__).resolve().parent.parent.parent / "templates"  # the generator's own: the default theme


def theme(templates: Path) -> tuple[Path, ...]:
    """The folders a site's templates are looked up in: its own templates/ first, then the default theme."""
    return (templates,) if templates.resolve() == THEME else (templates, THEME)


def static_files(templates: Path) -> dict[str, tuple[Path, str]]:
    """The site's static files: static/<name> -> (the folder holding templates/, the file), the site's own
    replacing the default theme's of the same name (DataError: a link)."""
    static: dict[str, tuple[Path, str]] = {}
    for folder in reversed(theme(templates)):  # the site's own last: each replaces the default theme's file
        for name in inputs.scan(folder.parent, (folder.name,)).under(f"{folder.name}/static"):
            static[name.removeprefix(f"{folder.name}/")] = folder.parent, name
    return static


FINGERPRINT = r"\.[0-9a-f]{10}\.[A-Za-z0-9]+"  # how a fingerprinted name ends (build.py nginx, deploy)


def fingerprinted(path: str, content: bytes) -> str:
    """static/style.css -> static/style.<the first 10 hex digits of its SHA-256>.css (FINGERPRINT): a name
    that changes whenever the bytes do, so that a server may let browsers keep it for a year (build.py nginx)."""
    stem, dot, ext = path.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:10]
    return f"{stem}.{digest}.{ext}" if dot and "/" not in ext else f"{path}.{digest}"


def fingerprints(templates: Path, config: Config) -> dict[str, str]:
    """Each static file's fingerprinted name, for the asset filter; none in the dev server, whose
    compiled templates outlive an edit of a static file (it serves the plain names, revalidated)."""
    if config.dev:
        return {}
    return {path: fingerprinted(path, inputs.read_bytes(*where)) for path, where in static_files(templates).items()}


def unused_templates(env: jinja2.Environment, templates: Path, pages: set[str]) -> list[Problem]:
    """A site's own templates that nothing uses: not the name of a default one it replaces, not a page's,
    and not extended, included or imported by any template (a misspelt override, home.htm for home.html,
    would otherwise be ignored without a word)."""
    if len(theme(templates)) == 1 or not templates.is_dir():
        return []  # the default theme itself (this repository's templates/), or a site with no templates/
    own = sorted(p.relative_to(templates).as_posix() for p in templates.rglob("*.html") if p.is_file())
    default = {p.relative_to(THEME).as_posix() for p in THEME.rglob("*.html") if p.is_file()}
    used = set(pages) | default
    if used.issuperset(own):  # each replaces a default template or is a page's: no need to parse them all
        return []
    for name in sorted(set(own) | default):
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]  # the site's, else the theme's
        used |= {n for n in jinja2.meta.find_referenced_templates(env.parse(source)) if n}
    return [
        Problem(
            Pos(f"{templates.name}/{name}"),
            "",
            "没有页面用到这个模板:它的名字要与它替换的默认模板相同(例如 home.html、task.html、_footer.html),"
            "或者被另一个模板继承、包含或导入。",
        )
        for name in own
        if name not in used
    ]


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's file loader over theme(templates), reading through inputs.read_bytes: a template that is a
    link, or sits in a linked folder, is refused rather than followed (and not looked up further)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        folders = [Path(p) for p in self.searchpath]
        name = "/".join(jinja2.loaders.split_template_path(template))  # refuses ".." segments
        for i, root in enumerate(folders):
            path = root / name
            try:
                text = inputs.read_bytes(root.parent, f"{root.name}/{name}").decode("utf-8")
            except DataError as e:
                raise jinja2.TemplateError(str(e)) from None
            except UnicodeDecodeError as e:
                raise jinja2.TemplateError(
                    f"{root.name}/{name}:这个模板不是 UTF-8 编码(第{e.start + 1}个字节):请另存为 UTF-8。"
                ) from None
            except OSError:  # missing, or a name no file can have (a file used as a folder, too long)
                continue
            mtime = path.stat().st_mtime
            earlier = [f / name for f in folders[:i]]  # a file put there since overrides this one

            def uptodate(path: Path = path, mtime: float = mtime, earlier: list[Path] = earlier) -> bool:
                try:
                    return path.stat().st_mtime == mtime and not any(os.path.lexists(p) for p in earlier)
                except OSError:  # deleted since: load it again, and say then that it is missing
                    return False

            return text, str(path), uptodate
        raise jinja2.TemplateNotFound(template)


NO_TARGET_MARKUP = Markup('<span class="no-target">无目标<span class="raw">(原表为“/”)</span></span>')


def figure(f: Figure, unit: str | None = None) -> Markup:
    """{{ f|figure(unit) }}: a target as the document writes it, with its unit of measure ("20 家"), or the
    marker for "/" (no target), never 0 and never with a unit. Filters, not macros: a macro call per figure
    was half a district page's time, and a third of a livelihood project's."""
    return NO_TARGET_MARKUP if f.value is None else escape(f.text) + with_unit(unit)


def amount(text: str, unit: str | None = None) -> Markup:
    """{{ text|amount(unit) }}: a number the site shows as text (a report's completed amount, "/" when it
    gives none; a sum) with its unit of measure, none after "/"."""
    return escape(text) + (with_unit(unit) if text != "/" else "")


def with_unit(unit: str | None) -> Markup:
    """A figure's unit, as the page marks it: the site's editors' addition (data/README.md, indicators)."""
    return Markup(f'<span class="unit"> {escape(unit)}</span>') if unit else Markup()


def escape_output(value: object) -> Markup:
    """markupsafe.escape, with the two commonest cases (a plain str, Markup) handled without its two
    Python-level calls (escape, then Markup.__new__): the same result. Each {{ value }} of a template is
    escaped (70 per task page): rendering every page of 10,000 tasks in one process took 9% less time (3.31
    -> 3.02 s), the render stage of a 50,000-task build 7% (15.1 -> 14.1 s; medians of alternating runs).
    markupsafe's C function is a private name (MarkupSafe is pinned): without it, its own escape."""
    kind = type(value)
    if kind is str:
        return _new_str(Markup, _escape_inner(value))  # what Markup(text) makes of a str: the same object
    if kind is Markup:
        return value  # escape(Markup) is a copy of it, equal and immutable
    return escape(value)


_new_str = str.__new__
_escape_inner: Callable[[str], str] = getattr(markupsafe, "_escape_inner", None) or (lambda text: str(escape(text)))


class CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator; the compiled templates escape {{ value }} with escape_output (Jinja
    documents code_generator_class as the way to change the code templates compile to). Each compiled
    module imports jinja2.runtime's escape first and ends with this import, which replaces it: functions
    read the module's globals when called. The bytecode cache's key covers this code (BytecodeCache)."""

    def visit_Template(self, node: jinja2.nodes.Template, frame: jinja2.compiler.Frame | None = None) -> None:
        super().visit_Template(node, frame)
        self.writeline("from disclosure.build.templating import escape_output as escape")


class Context(jinja2.runtime.Context):
    """Jinja's context, with a shorter way through call() for the callables templates call most (a macro,
    a function, a method, a block, a fragment: 28 calls per task page; PLAIN_CALLABLES): what Jinja's call()
    does for them when they carry no pass_context, pass_eval_context or pass_environment mark, without its
    three attribute lookups and the method-wrapper it makes for each. Rendering every page of 10,000 tasks
    in one process took 11% less time (2.91 -> 2.59 s, medians of 3 alternating runs), the render stage of
    the build 7%. Anything else, or a marked callable, goes Jinja's way."""

    @jinja2.utils.internalcode
    def call(__self, __obj: Callable[..., object], *args: object, **kwargs: object) -> object:
        kind = type(__obj)
        if (
            kind not in PLAIN_CALLABLES
            or hasattr(__obj, "jinja_pass_arg")
            or "__call__" in getattr(__obj, "__dict__", NOTHING)  # its own __call__, which Jinja would look at
        ):
            return super().call(__obj, *args, **kwargs)
        if kwargs:  # the loop's and block's variables, which only a pass_context callable is given
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            if kind is not jinja2.runtime.Macro:
                return __obj(*args, **kwargs)
            if (  # every argument given in order, none taken by a caller, kwargs or varargs: what Macro.__call__
                # then does, without its checks (7.7 macro calls per task page; Jinja is pinned)
                not kwargs
                and len(args) == __obj._argument_count
                and not (__obj.caller or __obj.catch_kwargs or __obj.catch_varargs or __self.environment.is_async)
            ):
                html = __obj._func(*args)
                return _new_str(Markup, html) if __self.eval_ctx.autoescape else html
            return __obj(__self.eval_ctx, *args, **kwargs)  # Macro.__call__ is pass_eval_context
        except StopIteration:  # as Jinja's call(): from the callable, or from a filter in the macro's body
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


NOTHING: dict[str, object] = {}


class Environment(jinja2.Environment):
    """Jinja's environment whose templates' globals are a plain dict rather than a ChainMap over the
    environment's: the globals are frozen before any template is loaded (environment()), so a copy is the
    same, and each render and each {% from … import %} reads them: through a ChainMap that was a tenth of
    a task page's time. Its templates escape with escape_output (CodeGenerator) and call through Context.call."""

    code_generator_class = CodeGenerator
    context_class = Context

    def make_globals(self, d: MutableMapping[str, object] | None) -> MutableMapping[str, object]:
        return {**self.globals, **(d or {})}


def environment(templates: Path, config: Config) -> jinja2.Environment:
    """Create the environment with everything it will ever hold: filters, policies and globals; config is
    settled (Config.settle: its address known)."""
    assets = fingerprints(templates, config)  # DataError: a static file that is a link
    env = Environment(
        loader=TemplateLoader(theme(templates)),
        undefined=jinja2.StrictUndefined,
        auto_reload=config.dev,  # only the dev server's environment outlives a template edit
        bytecode_cache=BytecodeCache(config, assets),
        **TEMPLATE_OPTIONS,
    )
    base = config.base_path or "/"
    env.filters["url"] = lambda path: urls.link(base, path)
    env.filters["permalink"] = env.globals["permalink"] = lambda path: (
        (config.site_url or "").rstrip("/") + urls.link(base, path)
    )
    env.filters["asset"] = lambda path: urls.link(base, assets.get(path, path))  # 'static/style.css'|asset
    env.filters["num"] = number
    env.filters.update(figure=figure, amount=amount)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}  # |tojson: JSON-LD in Chinese
    env.globals.update(urls=urls, base=base, csp=content_security_policy(config), dev=config.dev)
    env.globals.update(breakdown_chart=charts.breakdown_chart)
    env.globals.update(task_key=kinds.task_key, item_key=kinds.item_key)
    env.globals.update(reporting=progress)  # counts per status and the counting rule ("progress" is a context key)
    env.globals.update(feed_path=feeds.feed_path, ld=jsonld, site_domain=urlsplit(config.site_url or "").hostname or "")
    # Frozen: what differs between builds (history, data version, fragments, data files) is passed to each
    # render (render.render_page), so one environment can serve build after build (the dev server).
    env.globals = types.MappingProxyType(env.globals)  # type: ignore[assignment]
    return env


def content_security_policy(config: Config) -> str:
    """What the pages may load: their own scripts (and the hashes config names: the dev server's snippet),
    Pagefind's WebAssembly, their own styles and images. In a <meta> on every page (GitHub Pages sets no
    headers) and, with frame-ancestors, which a <meta> cannot carry, in the header `build.py nginx` sends."""
    script_src = " ".join(["'self'", "'wasm-unsafe-eval'", *(f"'{h}'" for h in config.script_hashes)])
    return (
        f"default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'"
    )


class Fragments:
    """Parts of pages that are the same on many of them (header, footer), each rendered once per build
    for each distinct set of values: {{ fragment("_footer.html") }}. The values (hashable) are the only
    page-specific input a fragment gets; everything else it uses must be the same for the whole site."""

    def __init__(self, env: jinja2.Environment, site: Site) -> None:
        self.env, self.site, self.done = env, site, {}
        self.calls: dict[tuple[object, ...], Markup] = {}

    def once(self, macro: Callable[..., Markup], *args: object) -> Markup:
        """{{ once(for_journalists, data_version, data_commit, feeds) }}: a macro's output for these
        (hashable) arguments, made once per build. Only for a macro imported without context, which sees
        nothing but its arguments and the frozen globals: the same arguments give the same output. At
        10,000 tasks the parts of a record's page that are the same on every page took a fifth of its time."""
        key = (macro, *((type(a), a) for a in args))  # "<b>" and Markup("<b>") are equal, but not the same
        if key not in self.calls:
            self.calls[key] = macro(*args)
        return self.calls[key]

    def __call__(self, name: str, **values: object) -> Markup:
        key = (name, *sorted(values.items()))
        if key not in self.done:
            self.done[key] = Markup(self.env.get_template(name).render(site=self.site, **values))
        return self.done[key]


# What Context.call takes the shorter way: the types of callable whose own __call__ takes no pass_* mark
# (an instance of them may still carry one, and goes Jinja's way), and Macro, whose __call__ takes the
# eval context (Context.call passes it).
PLAIN_CALLABLES = frozenset(
    {
        types.FunctionType,
        types.MethodType,
        types.BuiltinFunctionType,
        jinja2.runtime.Macro,
        jinja2.runtime.BlockReference,  # {{ self.title() }}
        Fragments,
    }
)
