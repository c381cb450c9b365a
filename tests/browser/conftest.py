"""Browser tests: Debian's Chromium, driven by Playwright, against a real `dauys serve` (granian) process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

CHROMIUM = os.environ.get("DAUYS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    # No GPU here: WebGL for the maps (MapLibre) is drawn in software.
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
]
LAST_MONTH = f"{datetime.now(ZoneInfo('Asia/Almaty')).date().replace(day=1) - timedelta(days=1):%Y-%m}"
PAGES = [
    "/",
    "/problems/",
    "/problems/?status=overdue&sort=overdue",
    "/problems/1/",
    "/problems/map/",
    "/places/",
    "/places/astana/",
    "/authorities/",
    "/authorities/?kind=akimat&place=almaty",
    "/authorities/vertical/",
    "/authorities/akimat-astana/",
    "/authorities/akimat-astana/scorecard/?period=all",
    "/places/kazakhstan/scorecard/?period=all",
    "/places/almaty/scorecard/?period=all",
    "/scorecards/",
    "/scorecards/compare/?a=akimat-astana&a=akimat-almaty",
    "/scorecards/vertical/akimat-astana/received/?period=all",
    "/reports/",
    # the demo writes the reports of the last complete week and month (in the instance's time zone)
    f"/reports/monthly/{LAST_MONTH}/",
    f"/reports/monthly/{LAST_MONTH}/astana/",
    "/discussions/problem/1/",
    "/comments/1/",
    "/moderation/log/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


@dataclass
class Server:
    url: str
    data_dir: Path
    outbox: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("instance")
    outbox = data / "outbox"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DAUYS_TESTING", "DATABASE_URL", "REDIS_URL"}}
    env.update(
        DAUYS_DATA_DIR=str(data),
        DAUYS_EMAIL_URL=f"file://{outbox}",
        DAUYS_BASE_URL=f"http://127.0.0.1:{port}",
    )
    subprocess.run(
        [sys.executable, "-m", "dauys", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    yield from _serve(env, data, port, outbox, log_name="server.log")


def _serve(env: dict[str, str], data: Path, port: int, outbox: Path, *, log_name: str) -> Iterator[Server]:
    log = (data / log_name).open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dauys", "serve", "--port", str(port), "--processes", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError((data / log_name).read_text())
        time.sleep(0.3)
    yield Server(url, data, outbox)
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def tile_server() -> Iterator[str]:
    """A stand-in for an operator's tile server: every /z/x/y.png is the same pale 256×256 PNG."""
    import io
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (256, 256), (230, 236, 240)).save(buf, "PNG")
    tile = buf.getvalue()

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Access-Control-Allow-Origin", "*")  # MapLibre fetches tiles, as tile servers allow
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def tiled_server(server: Server, tile_server: str) -> Iterator[Server]:
    """The same instance served a second time, by an operator who configured a tile server."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DAUYS_TESTING", "DATABASE_URL", "REDIS_URL"}}
    env.update(
        DAUYS_DATA_DIR=str(server.data_dir),
        DAUYS_EMAIL_URL=f"file://{server.outbox}",
        DAUYS_BASE_URL=f"http://127.0.0.1:{port}",
        DAUYS_TILE_URL=tile_server + "/{z}/{x}/{y}.png",
        DAUYS_TILE_ATTRIBUTION="Test tiles <b>not bold</b>",
    )
    yield from _serve(env, server.data_dir, port, server.outbox, log_name="tiled-server.log")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is not installed at {CHROMIUM} (./dev test installs it with apt)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
