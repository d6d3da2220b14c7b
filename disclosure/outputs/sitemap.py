"""sitemap.xml: every page but the redirects."""

from __future__ import annotations

import html

from disclosure.config import Config


def sitemap(sources: dict[str, str], config: Config) -> bytes:
    """Every page but the redirects, from {output file: source}."""
    root = config.site_url.rstrip("/") + config.base_path
    locs = sorted(
        p.removesuffix("index.html")
        for p, source in sources.items()
        if p.endswith("index.html") and not source.startswith("redirect")
    )
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{html.escape(root + loc, quote=False)}</loc></url>" for loc in locs]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
