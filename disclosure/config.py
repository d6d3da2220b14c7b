"""What varies between sites and deployments: the site's identity (site.yaml) and where it is served."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    """What varies between deployments: where the site lives."""

    base_path: str = "/"  # "/" or "/<repo>/" for a GitHub Pages project site
    site_url: str = "http://127.0.0.1:8000"  # scheme and host, for the sitemap
    script_hashes: tuple[str, ...] = ()  # extra CSP script hashes: only the dev server's live-reload snippet
    dev: bool = False  # pages load the dev server's error overlay (make serve only)
