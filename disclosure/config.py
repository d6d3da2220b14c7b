"""What varies between sites and deployments: the site's identity (site.yaml) and where it is served."""

from __future__ import annotations

import dataclasses
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from disclosure.errors import BuildError, DataError, Problem
from disclosure.model import SiteInfo


@dataclass(frozen=True)
class Config:
    """What varies between deployments: where the site lives. Unset (None), the address is site.yaml's
    site_url and the base path is that address's path; settle() fills them in once the site is read."""

    base_path: str | None = None  # "/" or "/<repo>/" for a GitHub Pages project site
    site_url: str | None = None  # scheme and host, for permanent links, citations, the sitemap and feeds
    script_hashes: tuple[str, ...] = ()  # extra CSP script hashes: only the dev server's live-reload snippet
    dev: bool = False  # pages load the dev server's error overlay (make serve only)
    precompress: bool = False  # .gz and .br beside every text file, for a server of one's own (build.py nginx)
    site_url_from: str = "--site-url"  # where site_url was given (the flag or SITE_URL), for messages

    def settle(self, info: SiteInfo) -> Config:
        """This configuration with the site's address and base path filled in; a production build refuses
        a loopback address (DataError at site.yaml's line, BuildError for the flag or environment)."""
        url = self.site_url or info.site_url
        parts = urlsplit(url)
        try:
            fine = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 1) > 0
        except ValueError:  # a port that is not a number
            fine = False
        if not fine:  # site.yaml's is checked by validate.py: only the flag or environment gets here
            raise BuildError(
                f"{self.site_url_from} 的网址“{url}”不是完整的 http 或 https 地址:"
                "应写作 https://www.example.gov.cn 这样的形式。"
            )
        if not self.dev and loopback(parts.hostname or ""):
            found = (
                f"“{url}”是本机回环地址,只有这台电脑能打开:这里要写网站正式发布的公开地址,"
                "永久链接和引用都用它(只有 make serve 才用 127.0.0.1)。"
            )
            if self.site_url:
                raise BuildError(f"{self.site_url_from} 的网址{found}")
            where, message = info.site_url_pos, f"site.yaml 的网址(site_url){found}"
            raise DataError([Problem(where, "site.yaml", message)]) if where else BuildError(message)
        base = self.base_path if self.base_path is not None else base_path(parts.path)
        return dataclasses.replace(self, site_url=f"{parts.scheme}://{parts.netloc}", base_path=base)


def base_path(path: str) -> str:
    """A URL path as the site's base path: "/" or "/a/b/", with one slash at each end."""
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def loopback(host: str) -> bool:
    """Whether host names this computer: localhost, 127.0.0.0/8, ::1."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name, not an address
        return False
