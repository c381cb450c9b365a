"""Dauys benchmark: one command, generated data, figures as ratios against a floor measured in the same run.

    ./dev bench            (or: .venv/bin/python bench/run.py [--seconds 10] [--connections 32] [--scale 5])

It seeds a fresh instance (`dauys demo --no-serve`), starts the production server (`dauys serve`, granian,
DEBUG off) and drives each target with 32 concurrent keep-alive connections from a separate process
(bench/loadgen.py). The floor is the cheapest view the full middleware stack can serve (`/-/floor`); each page's
throughput is reported as a share of the floor's, which cancels out most of the machine's speed. Then it reads
the resident memory of every server process. Results go to stdout and bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("DAUYS_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
# (path, signed in?) — anonymous visitors get the stored pages, signed-in readers the members' copies (pages.cache).
TARGETS = {
    "floor": ("/-/floor", False),
    "home": ("/en/", False),
    "authority": ("/en/authorities/akimat-astana/", False),
    "home-signed-in": ("/en/", True),
    "authority-signed-in": ("/en/authorities/akimat-astana/", True),
}
# A signed-in reader's cookies: a session of demo2 (a reader; demo1 moderates), signed in through one of the
# backends the site uses (a session naming another backend is no session at all: Django treats its reader as
# anonymous, which earlier runs of this benchmark measured as "signed in"), and the CSRF cookie a browser holds.
SESSION = (
    "from dauys.accounts.sessions import SessionStore; from dauys.accounts.models import User; "
    "from django.conf import settings; from django.middleware.csrf import _get_new_csrf_string; "
    "u = User.objects.get(username='demo2'); s = SessionStore(); s['_auth_user_id'] = str(u.pk); "
    "s['_auth_user_backend'] = settings.AUTHENTICATION_BACKENDS[0]; "
    "s['_auth_user_hash'] = u.get_session_auth_hash(); s.create(); "
    "print(f'sessionid={s.session_key}; csrftoken={_get_new_csrf_string()}')"
)


def instance_env(vendor: str, data: Path, database: str, *, fresh: bool, **extra: str) -> tuple[dict[str, str], str]:
    """The environment of a benchmarked instance: its data directory, no worker of its own (the benchmark runs what
    it needs), and on PostgreSQL a database of its own (made anew when ``fresh``) with Redis as the cache, as on the
    scale-out path (DESIGN section 5). Returns it and the database's URL or SQLite file."""
    env = {k: v for k, v in os.environ.items() if k not in {"DAUYS_TESTING", "DAUYS_DEBUG", "REDIS_URL"}}
    env.update(DAUYS_DATA_DIR=str(data), DAUYS_WORKERS="external", **extra)
    if vendor != "postgresql":
        env.pop("DATABASE_URL", None)
        return env, str(data / "dauys.sqlite3")
    if fresh:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {database}")
    env["DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + "/" + database
    env["REDIS_URL"] = os.environ.get("DAUYS_BENCH_REDIS", "redis://127.0.0.1:6379/14")
    return env, env["DATABASE_URL"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def loadgen(url: str, connections: int, seconds: float, cookie: str = "", warmup: float | None = None) -> list[str]:
    """The command line of bench/loadgen.py for one target (run it as its own process)."""
    command = [sys.executable, str(ROOT / "bench" / "loadgen.py"), url, "--connections", str(connections)]
    command += ["--seconds", str(seconds), "--cookie", cookie]
    return command + (["--warmup", str(warmup)] if warmup is not None else [])


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """`dauys serve` (granian, DEBUG off) on a free port; return it and its base URL (call wait_until_healthy)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dauys", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}"


def wait_until_healthy(base: str, server: subprocess.Popen[bytes], timeout: float = 180) -> None:
    """Wait for the server's /healthz; stop the benchmark if the server exits or never answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start") from None
            time.sleep(0.3)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--scale", type=int, default=5, help="demo batch scale to seed (20 people per unit)")
    parser.add_argument("--processes", type=int, default=0, help="server processes (default: dauys's default)")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="dauys-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DAUYS_TESTING", "DAUYS_DEBUG"}}
    env.update(DAUYS_DATA_DIR=str(data), DAUYS_WORKERS="external")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"seeding a fresh instance in {data} …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "dauys", "demo", "--no-serve", "--scale", str(args.scale)],
        env=env,
        check=True,
        capture_output=True,
    )
    serve = [sys.executable, "-m", "dauys", "serve", "--port", str(port)]
    if args.processes:
        serve += ["--processes", str(args.processes)]
    session = (
        subprocess.run(
            [sys.executable, "-m", "dauys", "manage", "shell", "-c", SESSION],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    server = subprocess.Popen(serve, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_healthy(base, server)
        results: dict[str, dict[str, float]] = {}
        for name, (path, signed_in) in TARGETS.items():
            out = subprocess.run(
                loadgen(base + path, args.connections, args.seconds, session if signed_in else ""),
                check=True,
                capture_output=True,
                text=True,
            )
            results[name] = json.loads(out.stdout)
            print(f"  {name:<10} {results[name]}", flush=True)

        served = children(server.pid)
        processes = {pid: rss_kib(pid) for root in served for pid in [root, *children(root)]}
    finally:
        server.terminate()
        server.wait(timeout=30)

    floor = results["floor"]["rps"] or 1.0
    print(f"\n{args.connections} connections, {args.seconds:g} s per target, {os.cpu_count()} cores")
    print(f"{'target':<10} {'req/s':>9} {'share of floor':>15} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, r in results.items():
        share = r["rps"] / floor
        print(f"{name:<10} {r['rps']:>9.1f} {share:>14.0%} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>7}")
    print("resident memory per server process (MiB): " + ", ".join(f"{kib / 1024:.0f}" for kib in processes.values()))
    summary = {
        "connections": args.connections,
        "seconds": args.seconds,
        "cores": os.cpu_count(),
        "results": results,
        "share_of_floor": {k: round(v["rps"] / floor, 3) for k, v in results.items()},
        "rss_mib": [round(kib / 1024, 1) for kib in processes.values()],
    }
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
