"""Every public page, as a share of the floor: anonymous and signed in, stored and rendered.

    ./dev bench pages                 (SQLite, demo data at --scale 5; --db postgres for PostgreSQL + Redis)

The pages are found, not listed: a crawler follows the links of the public site from the home page (in English,
as an anonymous visitor) and keeps the first address it meets of every URL pattern, so a new app's pages are
measured as soon as the site links to them. Feeds, downloads and the account pages are left out (downloads are
measured by their own rate elsewhere).

Each address is then driven by bench/loadgen.py (32 connections) in four ways: by an anonymous visitor and by a
signed-in reader, first from a server that stores pages (the stored copies: what repeated reads cost), then from
one that stores none (``DAUYS_PAGE_CACHE_SECONDS=0``: what a first visit, a new filter or a page just after an
event costs). The floor (``/-/floor``) is measured before and after each server's pages; each figure is reported
as a share of that server's mean floor. This benchmark measures; the rendered-pages issue owns the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from run import SESSION, instance_env, loadgen, start_server, wait_until_healthy  # noqa: E402

# Run inside the instance (``dauys manage shell``): follow the links of the public site, keep one address per
# URL pattern, print them as JSON lines (pattern, address).
CRAWL = r"""
import json, re
from collections import deque
from django.test import Client
from django.urls import Resolver404, resolve
skip = re.compile(
    r"^/en/(accounts|admin|moderation)/|/feed|/download|/export|/open-data/.+"
    r"|\.(atom|rss|xml|csv|json|pdf|zip|geojson|svg|png|jpg)$"
)
client, seen, found, queue = Client(HTTP_HOST="127.0.0.1"), set(), {}, deque(["/en/"])
while queue and len(seen) < {limit}:
    path = queue.popleft()
    if path in seen:
        continue
    seen.add(path)
    try:
        route = resolve(path.split("?")[0]).route
    except Resolver404:
        continue
    response = client.get(path)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        continue
    found.setdefault(route, path)
    for link in re.findall(r'href="(/en/[^"#]*)"', response.content.decode()):
        link = link.replace("&amp;", "&")
        if not skip.search(link) and link not in seen:
            queue.append(link)
for route, path in found.items():
    print(json.dumps([route, path]))
"""


def _run(env: dict[str, str], *argv: str) -> str:
    done = subprocess.run([sys.executable, "-m", "dauys", *argv], env=env, check=True, capture_output=True, text=True)
    return done.stdout


def _drive(base: str, path: str, cookie: str, connections: int, seconds: float) -> dict[str, float]:
    out = subprocess.run(loadgen(base + path, connections, seconds, cookie), check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout))


def _phase(env: dict[str, str], pages: list[tuple[str, str]], cookie: str, args: argparse.Namespace) -> dict:
    server, base = start_server(env)
    try:
        wait_until_healthy(base, server)
        floors = [_drive(base, "/-/floor", "", args.connections, args.seconds)["rps"]]
        figures: dict[str, dict[str, dict[str, float]]] = {}
        for route, path in pages:
            for who, sent in (("anonymous", ""), ("signed in", cookie)):
                figures.setdefault(route, {})[who] = _drive(base, path, sent, args.connections, args.seconds)
            print(f"  {path:<60} {figures[route]['anonymous']['rps']:>8.0f} {figures[route]['signed in']['rps']:>8.0f}")
        floors.append(_drive(base, "/-/floor", "", args.connections, args.seconds)["rps"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"floor": statistics.mean(floors), "floors": floors, "pages": figures}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, default=5, help="demo batch scale to seed (20 people per unit)")
    parser.add_argument("--seconds", type=float, default=3, help="per page and reader")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--limit", type=int, default=400, help="addresses the crawler may visit")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="dauys-bench-pages-"))
    env, _database = instance_env(
        "postgresql" if args.db == "postgres" else "sqlite", data, "dauys_bench_pages", fresh=True
    )
    print(f"seeding a fresh instance ({args.db}, scale {args.scale}) in {data} …", flush=True)
    _run(env, "demo", "--no-serve", "--scale", str(args.scale))
    _run(env, "init")  # collects the static files the pages name (demo --no-serve does not)
    found = [
        json.loads(line)
        for line in _run(env, "manage", "shell", "-c", CRAWL.replace("{limit}", str(args.limit))).splitlines()
        if line.startswith("[")
    ]
    pages = [(route, path) for route, path in found]
    print(f"{len(pages)} URL patterns found by following the site's links", flush=True)
    cookie = _run(env, "manage", "shell", "-c", SESSION).strip().splitlines()[-1]

    print("stored pages (the page cache on): anonymous, signed in (req/s)", flush=True)
    stored = _phase(env, pages, cookie, args)
    print("rendered pages (DAUYS_PAGE_CACHE_SECONDS=0): anonymous, signed in (req/s)", flush=True)
    rendered = _phase({**env, "DAUYS_PAGE_CACHE_SECONDS": "0"}, pages, cookie, args)

    print(
        f"\n{args.db}, demo scale {args.scale}, {args.connections} connections, {args.seconds:g} s a figure, "
        f"{os.cpu_count()} cores; floor {stored['floor']:.0f} req/s (stored run), "
        f"{rendered['floor']:.0f} (rendered run)"
    )
    head = ("page", "anon stored", "member stored", "anon rendered", "member rendered", "p99 ms rendered (anon/member)")
    print(f"{head[0]:<48} {head[1]:>12} {head[2]:>14} {head[3]:>14} {head[4]:>16}  {head[5]}")
    summary = []
    for route, path in pages:
        s, r = stored["pages"][route], rendered["pages"][route]
        shares = [
            s["anonymous"]["rps"] / stored["floor"],
            s["signed in"]["rps"] / stored["floor"],
            r["anonymous"]["rps"] / rendered["floor"],
            r["signed in"]["rps"] / rendered["floor"],
        ]
        errors = sum(x[w]["errors"] for x in (s, r) for w in ("anonymous", "signed in"))
        p99 = f"{r['anonymous']['p99_ms']:.0f} / {r['signed in']['p99_ms']:.0f}"
        print(
            f"{path[:48]:<48} {shares[0]:>12.0%} {shares[1]:>14.0%} {shares[2]:>14.0%} {shares[3]:>16.0%}  {p99}"
            + (f"  {errors} errors" if errors else "")
        )
        summary.append({"route": route, "path": path, "shares": [round(x, 3) for x in shares], "errors": errors})
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    result = {"db": args.db, "floor": [stored["floor"], rendered["floor"]], "pages": summary}
    (out_dir / "pages-latest.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
