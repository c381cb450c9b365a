"""Smoke test of an installed Dauys: init, demo data, then the production server answers the main pages.

Run by ``./dev smoke`` with the Python of each other supported version (the whole suite runs on one of them):
``python scripts/smoke.py``. Uses a data directory of its own and the SQLite default; exits non-zero on any fault.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PAGES = [
    "/healthz",
    "/kk/",
    "/ru/problems/",
    "/en/problems/1/",
    "/en/places/astana/",
    "/kk/authorities/",
    "/ru/scorecards/",
    "/en/discussions/problem/1/",
    "/api/v1/problems",
    "/open311/v2/services.json",
    "/ledger/checkpoint",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dauys(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "dauys", *args], env=env, check=True, timeout=600)


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own server on loopback)
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dauys-smoke-") as data:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k not in {"DAUYS_TESTING", "DATABASE_URL", "REDIS_URL"}}
        env.update(
            DAUYS_DATA_DIR=data,
            DAUYS_BASE_URL=f"http://127.0.0.1:{port}",
            DAUYS_EMAIL_URL=f"file://{Path(data) / 'outbox'}",
        )
        print(f"smoke: Python {sys.version.split()[0]}, data in {data}", flush=True)
        dauys(env, "init")
        dauys(env, "demo", "--no-serve")
        log = (Path(data) / "serve.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "dauys", "serve", "--port", str(port), "--processes", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while get_or_none(base + "/healthz") != 200:
                if server.poll() is not None or time.monotonic() > deadline:
                    print((Path(data) / "serve.log").read_text(), file=sys.stderr)
                    print("smoke: the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.5)
            failed = [(path, status) for path in PAGES if (status := get(base + path)) != 200]
        finally:
            server.terminate()
            server.wait(timeout=60)
        for path, status in failed:
            print(f"smoke: {path} answered {status}", file=sys.stderr)
        if failed:
            return 1
        print(f"smoke: {len(PAGES)} pages answered 200 on Python {sys.version.split()[0]}", flush=True)
        return 0


def get_or_none(url: str) -> int | None:
    try:
        return get(url)
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
