"""`make serve` talks only to its own pages: other Host names are refused (DNS rebinding), the reload websocket
and /forcereload answer only the server's own origin, and what a browser sends reaches the console escaped."""

from __future__ import annotations

import asyncio
import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from factory import ROOT, make_project
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from disclosure.tools.serve import terminal_safe

LIFETIME = 300  # seconds: the server stops by itself after this even if the test run dies
WAIT = 5  # seconds: the longest any one exchange with the server may take


@dataclass(frozen=True)
class Dev:
    root: Path
    port: int
    log: Path

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="surrogateescape")

    def wait_for_log(self, text: str) -> str:
        """The console output, once it holds text (fails after WAIT seconds)."""
        deadline = time.monotonic() + WAIT
        while text not in (log := self.log_text()):
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} never reached the console:\n{log}")
            time.sleep(0.05)
        return log


def run_async(make: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a coroutine on a thread of its own: after a browser test, Playwright's sync API keeps an event
    loop running on this one, where asyncio.run() is refused."""
    failed: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(make())
        except BaseException as e:  # re-raised below, in the test's own thread: assertions included
            failed.append(e)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the websocket exchange did not finish within 60 s"
    if failed:
        raise failed[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dev]:
    """One `build.py serve` of a copy of the fixture site, on a free port of 127.0.0.1, for the whole module."""
    root = make_project(tmp_path_factory.mktemp("serve") / "project")
    port = free_port()
    log_path = root / "serve.log"
    log = log_path.open("w")
    bound = ["timeout", str(LIFETIME)] if shutil.which("timeout") else []  # passes SIGTERM on to the server
    proc = subprocess.Popen(
        [*bound, sys.executable, str(ROOT / "build.py"), "serve", "--root", str(root), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("serve did not start:\n" + log_path.read_text())
        yield Dev(root, port, log_path)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, str, str]:
    """Status, content type and body of a GET sent exactly with these headers (Host included if given)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        connection.request("GET", path, headers=headers)  # a Host given here replaces the automatic one
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


async def connect(port: int, headers: dict[str, str]) -> WebSocketClientConnection:
    request = HTTPRequest(
        f"ws://127.0.0.1:{port}/livereload", headers=headers, connect_timeout=WAIT, request_timeout=WAIT
    )
    return await websocket_connect(request)


async def exchange(ws: WebSocketClientConnection, message: dict[str, object]) -> dict[str, object] | None:
    """Send a message; the server's next message, or None if none comes within a second."""
    await ws.write_message(json.dumps(message))
    return await receive(ws, 1)


async def receive(ws: WebSocketClientConnection, seconds: float) -> dict[str, object] | None:
    try:
        text = await asyncio.wait_for(ws.read_message(), seconds)
    except TimeoutError:
        return None
    assert isinstance(text, str), text
    return json.loads(text)


async def join(ws: WebSocketClientConnection, url: str) -> None:
    """livereload.js's handshake: hello, then info with the page's URL, after which reloads are sent."""
    hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
    assert (await exchange(ws, hello) or {}).get("command") == "hello"
    await ws.write_message(json.dumps({"command": "info", "url": url, "plugins": {}}))
    # The server answers nothing to info; a second hello, answered in order, shows info was handled.
    assert (await exchange(ws, hello) or {}).get("command") == "hello"


def test_terminal_safe_escapes_what_a_terminal_would_act_on() -> None:
    unsafe = {
        "\x1b[31m": "\\x1b[31m",  # ESC: colours, cursor moves, window title
        "\x9b31m": "\\x9b31m",  # C1 CSI, ESC [ in one character
        "\x07\x00\x7f\r\t": "\\x07\\x00\\x7f\\r\\t",
        "\u202eabc\u2066": "\\u202eabc\\u2066",  # bidi override and isolate
        "a\u200bb\u2028c": "a\\u200bb\\u2028c",  # zero-width space, line separator
        "\ue000\udcff": "\\ue000\\udcff",  # private use; a surrogate, as an undecodable file name holds
    }
    for text, shown in unsafe.items():
        assert terminal_safe(text) == shown
    assert terminal_safe("a\nb") == "a\\nb"
    assert terminal_safe("a\nb\x1b", keep_newlines=True) == "a\nb\\x1b"
    for text in ("市发展改革委　2023年 第1项", "data/2023/tasks.yaml:12:7", "é😀"):
        assert terminal_safe(text) == text
    assert terminal_safe(terminal_safe("\x1b\u202e")) == terminal_safe("\x1b\u202e")  # escaping twice changes nothing


@pytest.mark.parametrize("path", ["/", "/2024/tasks/1/", "/dev/status.json", "/livereload.js"])
def test_a_request_for_another_host_name_is_refused(dev: Dev, path: str) -> None:
    for own in (f"127.0.0.1:{dev.port}", f"localhost:{dev.port}"):
        status, _, body = get(dev.port, path, {"Host": own})
        assert status == 200, (own, path, body[:200])
    served = body
    for host in (f"evil.example:{dev.port}", f"127.0.0.1.evil.example:{dev.port}", "127.0.0.1", "localhost:1"):
        status, kind, body = get(dev.port, path, {"Host": host})
        assert status == 421, (host, path)
        assert kind.startswith("text/plain")
        assert body == f"refused: this dev server answers only to Host 127.0.0.1:{dev.port} or localhost:{dev.port}\n"
        assert served[:100] not in body


def test_a_request_without_host_is_refused(dev: Dev) -> None:
    with socket.create_connection(("127.0.0.1", dev.port), timeout=WAIT) as s:
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        reply = b""
        while chunk := s.recv(4096):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0].split(b" ")[1] == b"421", head
    assert body.startswith(b"refused: this dev server answers only to Host "), body


def test_the_websocket_refuses_other_hosts(dev: Dev) -> None:
    async def attempt() -> None:
        origin = f"http://evil.example:{dev.port}"  # a rebinding page: its own origin, our address
        with pytest.raises(HTTPClientError) as refused:
            await connect(dev.port, {"Host": f"evil.example:{dev.port}", "Origin": origin})
        assert refused.value.code == 421

    run_async(attempt)


def test_the_websocket_accepts_only_the_servers_own_origin(dev: Dev) -> None:
    async def attempt() -> None:
        for origin in (f"http://127.0.0.1:{dev.port}", f"http://localhost:{dev.port}"):
            ws = await connect(dev.port, {"Origin": origin})
            reply = await exchange(ws, {"command": "hello", "protocols": []})
            assert reply is not None and reply["command"] == "hello", origin
            ws.close()
        foreign = ("http://evil.example", f"http://evil.example:{dev.port}", "null", f"https://127.0.0.1:{dev.port}")
        for headers in [{"Origin": o} for o in foreign] + [{}, {"Origin": "http://evil.example", "Referer": "x"}]:
            with pytest.raises(HTTPClientError) as refused:
                await connect(dev.port, headers)
            assert refused.value.code == 403, headers
            body = refused.value.response.body.decode() if refused.value.response else ""
            assert body == f"refused: /livereload answers only pages of http://127.0.0.1:{dev.port} or " + (
                f"http://localhost:{dev.port}\n"
            )

    run_async(attempt)


def test_forcereload_works_only_for_the_servers_own_pages(dev: Dev) -> None:
    own = f"http://127.0.0.1:{dev.port}"

    async def attempt() -> None:
        ws = await connect(dev.port, {"Origin": own})
        await join(ws, f"{own}/2024/tasks/1/")
        refused = [
            {"Origin": "http://evil.example"},
            {"Origin": "http://evil.example", "Referer": f"{own}/"},  # a foreign Origin is not outweighed
            {"Referer": "http://evil.example/page"},
            {},  # what an <img referrerpolicy="no-referrer"> on any page sends
        ]
        for headers in refused:
            status, kind, body = get(dev.port, "/forcereload?path=/x.css", headers)
            assert (status, kind.split(";")[0], body.count("\n")) == (403, "text/plain", 1), headers
            assert await receive(ws, 0.3) is None, headers  # no page was reloaded
        for headers in ({"Origin": own}, {"Referer": f"http://localhost:{dev.port}/2024/"}):
            status, _, body = get(dev.port, "/forcereload?path=/x.css", headers)
            assert (status, body) == (200, "ok"), headers
            reload = await receive(ws, WAIT)
            assert reload is not None and (reload["command"], reload["path"]) == ("reload", "/x.css")
        ws.close()

    run_async(attempt)


def test_the_url_a_page_reports_is_logged_escaped(dev: Dev) -> None:
    own = f"http://127.0.0.1:{dev.port}"
    url = f"{own}/\x1b[31mred\x1b]0;title\x07\u202eevil\nfake log line"

    async def attempt() -> None:
        ws = await connect(dev.port, {"Origin": own})
        await join(ws, url)
        ws.close()

    run_async(attempt)
    log = dev.wait_for_log(f"Browser Connected: {own}/")
    assert f"Browser Connected: {own}/\\x1b[31mred\\x1b]0;title\\x07\\u202eevil\\nfake log line\n" in log
    assert not {"\x1b", "\x07", "\u202e"} & set(log)


def test_a_request_line_is_logged_escaped(dev: Dev) -> None:
    # tornado refuses C0 controls in the request line but decodes it as Latin-1, so a byte 0x9b reaches its
    # access log as U+009B, which a terminal may take as CSI (ESC [).
    with socket.create_connection(("127.0.0.1", dev.port), timeout=WAIT) as s:
        s.sendall(
            f"GET /\x9b31mred HTTP/1.1\r\nHost: 127.0.0.1:{dev.port}\r\nConnection: close\r\n\r\n".encode("latin-1")
        )
        assert s.recv(100).startswith(b"HTTP/1.1 404 ")
    log = dev.wait_for_log("404 GET /\\x9b31mred (127.0.0.1)")
    assert "\x9b" not in log


def test_a_changed_files_name_is_printed_escaped(dev: Dev) -> None:
    (dev.root / "content" / "\x1b[31mred\nline.md").write_text("# x\n", "utf-8")
    log = dev.wait_for_log("已改动:content/\\x1b[31mred\\nline.md\n")
    assert "\x1b" not in log
