"""`build.py nginx --listen 127.0.0.1:8080`: the nginx server block that serves a built site as the build
means it: the security headers a <meta> cannot send (the CSP with frame-ancestors, nosniff, HSTS over https),
UTF-8 and the right type for every kind of file the build writes, the site's own 404 page, the former
addresses of renamed units and areas as real 301s, content-fingerprinted assets kept by browsers for a
year and pages revalidated, and the precompressed copies of `--precompress` (gzip_static, brotli_static).

Everything comes from site.yaml, the data and the built site; only the address to listen on is an argument.
A value that cannot be written plainly into nginx's configuration (a quote, a brace, a semicolon, a
space) is refused with what was expected, never quoted into something else.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from disclosure.build import write
from disclosure.build.pipeline import Build
from disclosure.build.templating import FINGERPRINT, content_security_policy
from disclosure.config import Config
from disclosure.errors import BuildError

# Every kind of file a build writes, with its type; "types" replaces the host's mime.types inside the
# server, so the site is served alike wherever it is put. Pagefind's index files are its own binary format.
TYPES = {
    "text/html": "html",
    "text/css": "css",
    "application/javascript": "js mjs",
    "application/json": "json",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/plain": "txt sha256",
    "image/svg+xml": "svg",
    "image/png": "png",
    "image/jpeg": "jpg jpeg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/x-icon": "ico",
    "font/woff2": "woff2",
    "font/woff": "woff",
    "application/pdf": "pdf",
    "application/wasm": "wasm",
    "application/manifest+json": "webmanifest",
    "application/octet-stream": "pagefind pf_meta pf_index pf_fragment pf_filter",
}
CHARSET_TYPES = (
    "text/css",
    "application/javascript",
    "application/json",
    "application/xml",
    "text/csv",
    "text/plain",
    "image/svg+xml",
    "application/manifest+json",
)  # text/html is always among them

PLAIN = re.compile(r"[A-Za-z0-9._~/@%+=:,-]+")  # what nginx reads as one word, with nothing to escape
LISTEN = re.compile(r"(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})")
FINGERPRINTED = FINGERPRINT + "$"  # templating.fingerprinted: static/style.<10 hex>.css
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # a page may change at every build: the browser asks (If-Modified-Since, ETag)


@dataclass(frozen=True)
class Served:
    """What the server block is made from."""

    root: Path  # the built site, absolute
    base_path: str  # "/" or "/a/b/"
    site_url: str  # scheme and host
    redirects: tuple[tuple[str, str], ...]  # (former path, path now), relative to the site
    brotli: bool  # brotli_static (needs Debian's libnginx-mod-http-brotli-static)


def served(root: Path, out: Path, config: Config, brotli: bool, server_root: str | None = None) -> Served:
    """Read the project as a build does (DataError: bad input) and check that out is a site it built for
    this base path; server_root: where the server has it (build.py deploy's DEST/current), else out."""
    run = Build(root, config)
    run.validate(run.read())
    plan = run.plan_pages()
    if not (out / write.MARKER).is_file():
        raise BuildError(f"{out} 不是构建好的网站(里面没有 {write.MARKER}):请先运行 python build.py --precompress。")
    redirects = tuple((p.path, p.context["target"]) for p in plan.pages if p.template == "redirect.html")
    assert run.config.site_url is not None and run.config.base_path is not None  # settled by validate
    base = run.config.base_path
    if f'href="{base}static/' not in (out / "index.html").read_text("utf-8", "replace"):
        raise BuildError(
            f"{out} 不是按根路径 {base} 构建的:请用同样的 --base-path(或 BASE_PATH)重新构建,或在这里给出构建时的。"
        )
    # not resolved: DEST/current (build.py deploy) must stay the link it is
    folder = Path(server_root) if server_root else Path(os.path.abspath(out))
    if not folder.is_absolute():
        raise BuildError(f"--server-root“{server_root}”不是绝对路径:应写作 /srv/disclosure/current 这样的形式。")
    return Served(folder, base, run.config.site_url, redirects, brotli)


def headers(site: Served, config: Config) -> list[tuple[str, str]]:
    """The security headers of every answer (nginx sends a location's add_header instead of the server's,
    so each location repeats them)."""
    out = [
        ("Content-Security-Policy", content_security_policy(config) + "; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),  # for browsers that do not read frame-ancestors
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ]
    if site.site_url.startswith("https:"):
        out.append(("Strict-Transport-Security", "max-age=31536000"))
    return out


def word(value: str, what: str) -> str:
    """A value written into the configuration as it is: refused if nginx would read it otherwise."""
    if not PLAIN.fullmatch(value):
        raise BuildError(
            f"{what}“{value}”含有 nginx 配置里不能直接写的字符(空格、引号、分号、花括号等):"
            "请改用只含字母、数字和 . _ - / 的写法。"
        )
    return value


def listen_address(listen: str) -> str:
    """--listen: a port, or an address and a port (127.0.0.1:8080, [::1]:8080, example.gov.cn:80)."""
    m = LISTEN.fullmatch(listen)
    if not m or not 0 < int(m.group(1)) < 65536:
        raise BuildError(f"--listen“{listen}”不是监听地址:应写作 8080、127.0.0.1:8080 或 [::1]:8080。")
    return listen


def server_block(site: Served, config: Config, listen: str) -> str:
    """The server { … } block for nginx's http context."""
    base = word(site.base_path, "网站根路径")
    root = word(str(site.root), "网站文件夹")
    host = word((urlsplit(site.site_url).hostname or "").encode("idna").decode("ascii"), "网址的主机名")
    sent = headers(site, config)

    def location(match: str, cache: str, *lines: str) -> list[str]:
        return [
            f"    location {match} {{",
            *(f"        {line}" for line in lines),
            *(f'        add_header {name} "{value}" always;' for name, value in sent),
            f'        add_header Cache-Control "{cache}" always;',
            "    }",
        ]

    # Under a base path other than "/", the site's folder stands for that path (alias); at "/", it is the root.
    at = [f"root {root};"] if base == "/" else [f"alias {root}/;"]
    assets = [f"root {root};"] if base == "/" else [f"alias {root}/$1;"]
    asset_match = (
        f'~ "^{re.escape(base)}(static/.+{FINGERPRINTED})"' if base != "/" else f'~ "^/static/.+{FINGERPRINTED}"'
    )
    lines = [
        f"# {site.site_url}{base}, from {root}: printed by `python build.py nginx --listen {listen}`.",
        "# Put it in nginx's http { } block (Debian: /etc/nginx/sites-available/, linked from sites-enabled/).",
        *(
            ["# brotli_static needs Debian's libnginx-mod-http-brotli-static; --no-brotli leaves it out."]
            if site.brotli
            else []
        ),
        "server {",
        f"    listen {listen};",
        f"    server_name {host};",
        "    server_tokens off;",
        "    absolute_redirect off;  # Location: /path, whatever name the request came by",
        "",
        "    types {",
        *(f"        {mime} {exts};" for mime, exts in TYPES.items()),
        "    }",
        "    default_type application/octet-stream;",
        "    charset utf-8;",
        f"    charset_types {' '.join(CHARSET_TYPES)};",
        "",
        "    # the .gz and .br copies that `build.py --precompress` writes beside every text file",
        "    gzip_static on;",
        *(["    brotli_static on;"] if site.brotli else []),
        "    gzip_vary on;",
        "",
        f"    error_page 403 404 =404 {base}404.html;  # a folder without index.html too",
        "",
        *location(base, REVALIDATE, *at),
        *(
            [
                f"    location = {base.rstrip('/')} {{ return 301 {base}; }}",
                "    location / { return 404; }  # nothing outside the base path, not nginx's own html/",
            ]
            if base != "/"
            else []
        ),
        *location(asset_match, IMMUTABLE, *assets),
        '    location ~ "/\\.(?!well-known/)" { return 404; }  # the build\'s marker, hidden files',
    ]
    if site.redirects:
        lines += [
            "",
            "    # former addresses of renamed units and areas (for GitHub Pages, their pages say the same)",
        ]
    for former, now in site.redirects:
        lines += location(f"= {base}{word(former, '旧地址')}", REVALIDATE, f"return 301 {base}{word(now, '新地址')};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def precompressed(root: Path) -> bool:
    """Whether the site was built with --precompress: its home page has a .gz beside it."""
    return (root / "index.html.gz").is_file()
