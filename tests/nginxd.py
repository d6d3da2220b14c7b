"""Debian's nginx as a child process for the tests: its own prefix, configuration, pid, logs and temp
folders in a temporary folder, listening on 127.0.0.1 only, stopped when the test is done.

    with nginx(server_block_for(port), tmp_path, port) as base:  # base: "http://127.0.0.1:PORT"
        urllib.request.urlopen(base + "/")

The server block is what `build.py nginx` prints; this wraps it in the http block of Debian's own
/etc/nginx/nginx.conf (mime.types, sendfile), so a test sees what a server with the stock configuration
would serve. The Brotli module is loaded when Debian's libnginx-mod-http-brotli-static is installed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")

CONF = """\
daemon off;
master_process on;
worker_processes 2;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{modules}
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{server}
}}
"""


def available() -> bool:
    return Path(NGINX).exists()


def has_brotli() -> bool:
    return BROTLI_MODULE.exists()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now (the kernel's pick)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def nginx(block: str, tmp: Path, port: int) -> Iterator[str]:
    """Run nginx with this server block (which must listen on 127.0.0.1:port); yield its base URL."""
    tmp.mkdir(parents=True, exist_ok=True)
    # Run as root (as CI does), nginx's workers would drop to nobody, who cannot read a 0700 pytest folder.
    user = "user root root;" if os.geteuid() == 0 else ""
    modules = f"load_module {BROTLI_MODULE};" if has_brotli() else ""
    conf = tmp / "nginx.conf"
    conf.write_text(CONF.format(tmp=tmp, user=user, modules=modules, server=block), "utf-8")
    test = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(conf)], capture_output=True, text=True)
    if test.returncode:
        raise AssertionError(f"nginx rejects the configuration:\n{test.stderr}\n{conf.read_text('utf-8')}")
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                said = proc.stderr.read() if proc.stderr and proc.poll() is not None else ""
                raise AssertionError(f"nginx did not start on 127.0.0.1:{port}: {said}{error_log(tmp)}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()  # SIGTERM: fast shutdown of the master and its workers
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def error_log(tmp: Path) -> str:
    """What nginx logged at warn or above (a test shows it when a request fails)."""
    log = tmp / "error.log"
    return log.read_text("utf-8", "replace") if log.exists() else ""
