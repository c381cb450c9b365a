"""Browser tests: Debian's Chromium, driven by Playwright, against a real `dauys serve` (gunicorn) process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("DAUYS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
]
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
    log = (data / "server.log").open("wb")
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
            raise RuntimeError((data / "server.log").read_text())
        time.sleep(0.3)
    yield Server(url, data, outbox)
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is not installed at {CHROMIUM} (./dev test installs it with apt)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
