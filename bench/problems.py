"""Public-control benchmark (issues 4 and 24): the problem list and page, the home page, the filing form, "my
cases", the town search and map tiles at scale, and concurrent supports.

    ./dev bench problems --db postgres        (1,000,000 problems, 2,000,000 appeals, 5,000,000 supports)
    ./dev bench problems --db sqlite          (100,000 problems, 200,000 appeals, 500,000 supports)

Data is generated in the database with SQL (generate_series on PostgreSQL, a recursive CTE on SQLite). The
server is `dauys serve` (granian, DEBUG off). Pages are measured twice: for anonymous visitors (who get stored
pages) and for a signed-in person (the members' copy with their personal slots filled in: the session, the account
and their stance read from the database on every request). The floor view is measured in the same run, in rounds
with the targets (each target a few seconds, all in turn, `--rounds` times); throughput is reported as the median
of each round's share of that round's floor. Supports: 32 clients, each with its own API token, PUT supports on
distinct problems for rounds x seconds; afterwards every touched problem's counter must equal its rows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from loadgen import exchange  # noqa: E402
from run import PG_ADMIN, children, instance_env, loadgen, rss_kib, start_server, wait_until_healthy  # noqa: E402

USERS = 10_000
MY_CASES = 200  # the problems of the citizen whose "my cases" is measured


def write_tiles(path: Path) -> None:
    """A PMTiles archive as an operator's Kazakhstan extract is laid out: every tile of zooms 0-9 over the country,
    each 8-24 KB of incompressible bytes (a real street tile's size), stored as pmtiles writes them."""
    import math

    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer

    def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
        n = 2**z
        y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
        return int((lon + 180) / 360 * n), int(y)

    rng = random.Random(24)
    ids = []
    for z in range(10):
        (x0, y0), (x1, y1) = tile_of(46.4, 55.5, z), tile_of(87.4, 40.5, z)
        ids += [zxy_to_tileid(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    with path.open("wb") as f:
        writer = Writer(f)
        for tile_id in sorted(ids):
            writer.write_tile(tile_id, rng.randbytes(rng.randint(8_000, 24_000)))
        writer.finalize(
            {
                "tile_type": TileType.MVT,
                "tile_compression": Compression.GZIP,
                "min_zoom": 0,
                "max_zoom": 9,
                "min_lon_e7": 464_000_000,
                "min_lat_e7": 405_000_000,
                "max_lon_e7": 874_000_000,
                "max_lat_e7": 555_000_000,
                "center_zoom": 4,
                "center_lon_e7": 670_000_000,
                "center_lat_e7": 480_000_000,
            },
            {"name": "bench"},
        )


SUPPORTABLE = 100_000  # open problems the supporters share out: enough for 32 clients at 1,500/s for 20 s


def sql_generate(vendor: str, n: int) -> list[str]:
    series = "generate_series(1, {n}) AS s(i)" if vendor == "postgresql" else "s"
    cte = (
        ""
        if vendor == "postgresql"
        else "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) "
    )
    now = "now()" if vendor == "postgresql" else "CURRENT_TIMESTAMP"
    day = (
        "(current_date - ((i % 80) || ' days')::interval)::date"
        if vendor == "postgresql"
        else "date('now', '-' || (i % 80) || ' days')"
    )
    deadline = (
        "(current_date - ((i % 80) || ' days')::interval + interval '21 days')::date"
        if vendor == "postgresql"
        else "date('now', '-' || (i % 80) || ' days', '+21 days')"
    )
    answered = (
        "(current_date - ((i % 80) || ' days')::interval + interval '10 days')::date"
        if vendor == "postgresql"
        else "date('now', '-' || (i % 80) || ' days', '+10 days')"
    )
    mod = "%"

    def q(body: str, count: int) -> str:
        return (cte + body).replace("{series}", series).format(n=count)

    return [
        q(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, "
            "date_joined, display_name, email_notifications, language) "
            f"SELECT '!', false, 'bench' || i, '', '', 'bench' || i || '@bench.invalid', false, true, {now}, 'Bench person ' || i, 'off', 'kk' "
            "FROM {series}",
            USERS,
        ),
        q(
            "INSERT INTO problems_problem (title, body, body_html, latitude, longitude, blur_location, hide_author, status, "
            "supports_count, submission_key, created_at, published_at, updated_at, author_id, category_id, place_id) "
            "SELECT 'Problem ' || i || ': potholes and broken lights on street ' || (i % 997), "
            "'Residents report problem ' || i || '. The road is damaged and the lights are off since autumn.', "
            "'<p>Residents report problem ' || i || '.</p>', NULL, NULL, false, false, "
            f"CASE WHEN i {mod} 10 = 0 THEN 'resolved' ELSE 'open' END, 5, '', {now}, {now}, {now}, "
            f"(SELECT min(id) FROM accounts_user WHERE username LIKE 'bench%') + (i {mod} {USERS}), "
            f"(SELECT min(id) FROM problems_category) + (i {mod} 12), "
            f"(SELECT min(id) FROM places_place WHERE kind <> 'country') + (i {mod} 39) "
            "FROM {series}",
            n,
        ),
        q(
            "INSERT INTO problems_appeal (kind, delivery, status, reference, registration_number, registered_on, "
            "answer_working_days, deadline, answered_on, message, auto_escalate, created_at, updated_at, authority_id, "
            "problem_id) "
            "SELECT 'appeal', 'recorded', "
            f"CASE WHEN i {mod} 4 = 0 THEN 'answered' WHEN i {mod} 4 = 1 THEN 'overdue' ELSE 'sent' END, "
            f"'B-' || i, 'N-' || i, {day}, 15, {deadline}, CASE WHEN i {mod} 4 = 0 THEN {answered} END, '', false, "
            f"{now}, {now}, "
            f"(SELECT min(id) FROM authorities_authority WHERE kind = 'akimat') + (i {mod} 39), "
            f"(SELECT min(id) FROM problems_problem) + ((i - 1) / 2) "
            "FROM {series}",
            2 * n,
        ),
        q(
            "INSERT INTO problems_support (created_at, problem_id, user_id) "
            f"SELECT {now}, (SELECT min(id) FROM problems_problem) + ((i - 1) / 5), "
            f"(SELECT min(id) FROM accounts_user WHERE username LIKE 'bench%') + (((i - 1) / 5 * 7 + (i - 1) {mod} 5) {mod} {USERS}) "
            "FROM {series}",
            5 * n,
        ),
    ]


def run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout


def execute(vendor: str, url_or_path: str, statements: list[str]) -> None:
    if vendor == "postgresql":
        import psycopg

        with psycopg.connect(url_or_path, autocommit=True) as conn:
            for sql in statements:
                started = time.monotonic()
                conn.execute(sql)  # type: ignore[arg-type]
                print(f"    {sql.split('(')[0].strip()[:60]:<60} {time.monotonic() - started:6.1f} s", flush=True)
            conn.execute("ANALYZE")
    else:
        conn = sqlite3.connect(url_or_path)
        # The generator's subselects are constant; SQLite evaluates them once per row, so keep them cheap.
        conn.execute("PRAGMA journal_mode=WAL")
        for sql in statements:
            started = time.monotonic()
            conn.execute(sql)
            conn.commit()
            print(f"    {sql.split('(')[0].strip()[:60]:<60} {time.monotonic() - started:6.1f} s", flush=True)
        conn.execute("ANALYZE")
        conn.close()


async def supporter(
    base: str, token: str, problem_ids: list[int], stop_at: float, done: list[int], errors: list[str]
) -> None:
    host, port = base.split("//")[1].split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        for pid in problem_ids:
            if time.monotonic() >= stop_at:
                return
            request = (
                f"PUT /api/v1/problems/{pid}/support HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
                "Content-Length: 0\r\n\r\n"
            )
            status = await exchange(reader, writer, request.encode())
            if b" 200 " in status:
                done.append(pid)
            else:
                errors.append(status.decode(errors="replace").strip())
    finally:
        writer.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="sqlite")
    parser.add_argument("--problems", type=int, default=0, help="default 1,000,000 on PostgreSQL, 100,000 on SQLite")
    parser.add_argument(
        "--seconds", type=float, default=4, help="per target and round (and for the supports: x rounds)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="each target is measured this many times, in turn")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--keep", action="store_true", help="keep the generated data (printed) for --reuse")
    parser.add_argument("--reuse", metavar="DIR", help="reuse the data directory (and database) of a --keep run")
    parser.add_argument("--only", choices=["pages", "supports"], help="measure only the pages or only the supports")
    args = parser.parse_args()
    vendor = "postgresql" if args.db == "postgres" else "sqlite"
    n = args.problems or (1_000_000 if vendor == "postgresql" else 100_000)

    data = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="dauys-bench-problems-"))
    env, target = instance_env(vendor, data, "dauys_bench", fresh=not args.reuse)
    if args.reuse:
        print(f"reusing {data} on {vendor}", flush=True)
        run([sys.executable, "-m", "dauys", "init"], env)  # applies new migrations, if any
    else:
        print(f"creating the schema and generating {n:,} problems on {vendor} …", flush=True)
        run([sys.executable, "-m", "dauys", "init"], env)
        started = time.monotonic()
        execute(vendor, target, sql_generate(vendor, n))
        print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)

    # A tile archive for the tile target (issue 24): every tile of zooms 0-9 over Kazakhstan, 8-24 KB each.
    archive = data / "bench.pmtiles"
    if not archive.exists():
        write_tiles(archive)
    env["DAUYS_MAP_PMTILES"] = str(archive)
    # Fresh supporters each run (a --reuse run must not repeat last run's supports, which would be no-ops).
    supporters = random.sample(range(2, USERS + 1), args.connections)
    shell = (
        "from dauys.accounts.sessions import SessionStore; from dauys.accounts.models import User; "
        "from dauys.accounts.services import api_token_create; from dauys.problems.models import Problem; import json; "
        "u = User.objects.get(username='bench1'); "
        # "My cases" of a citizen with 200 problems (the generator gives each person 100).
        f"more = list(Problem.objects.exclude(author=u).order_by('pk').values_list('pk', flat=True)[:max(0, {MY_CASES} - Problem.objects.filter(author=u).count())]); "
        "Problem.objects.filter(pk__in=more).update(author=u); "
        # Another person answers for the first akimat: about 50,000 appeals of the generated ones are its own.
        "from dauys.authorities.models import Authority, Representative; "
        "body = Authority.objects.filter(kind='akimat').order_by('pk').first(); "
        "clerk = User.objects.get(username='bench2'); "
        "Representative.objects.update_or_create(user=clerk, authority=body, defaults={'verified': True}); "
        "r = SessionStore(); r['_auth_user_id'] = str(clerk.pk); "
        "r['_auth_user_backend'] = 'dauys.accounts.backends.ModelBackend'; r['_auth_user_hash'] = clerk.get_session_auth_hash(); "
        "r.create(); "
        "s = SessionStore(); s['_auth_user_id'] = str(u.pk); "
        "s['_auth_user_backend'] = 'dauys.accounts.backends.ModelBackend'; s['_auth_user_hash'] = u.get_session_auth_hash(); "
        f"s.create(); tokens = [api_token_create(user=User.objects.get(username=f'bench{{i}}'))[1] for i in {supporters!r}]; "
        f"ids = list(Problem.objects.filter(status='open').exclude(author=u).order_by('-pk').values_list('pk', flat=True)[:{SUPPORTABLE}]); "
        "from django.middleware.csrf import _get_new_csrf_string; "
        "print(json.dumps({'session': s.session_key, 'csrf': _get_new_csrf_string(), 'tokens': tokens, 'ids': ids, "
        "'inbox': body.slug, 'appeals': body.appeals.count(), 'clerk': r.session_key}))"
    )
    setup = json.loads(
        run([sys.executable, "-m", "dauys", "manage", "shell", "-c", shell], env).strip().splitlines()[-1]
    )
    middle = setup["ids"][min(10_000, len(setup["ids"]) // 2)]  # the same page as when the list held 20,000
    # Settle the database first: otherwise autovacuum works through the rows just written (or a --reuse run's
    # supports) during the first targets, on the same two cores (one run measured the signed-in list at 14 %).
    execute(vendor, target, ["VACUUM"] if vendor == "postgresql" else [])
    server, base = start_server(env)
    results: dict[str, dict[str, float]] = {}
    # A browser that is signed in sends its session cookie and the CSRF cookie it was given.
    cookie = f"sessionid={setup['session']}; csrftoken={setup['csrf']}"
    clerk = f"sessionid={setup['clerk']}; csrftoken={setup['csrf']}"  # a verified representative of the body
    try:
        wait_until_healthy(base, server)
        request = urllib.request.Request(f"{base}/en/problems/{middle}/", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            if b"/accounts/logout/" not in response.read():
                raise SystemExit("the signed-in session does not sign in: the signed-in figures would be anonymous")
        targets = {
            "floor": ("/-/floor", ""),
            "list (anonymous)": ("/en/problems/?place=astana&category=roads&status=open", ""),
            "page (anonymous)": (f"/en/problems/{middle}/", ""),
            "list (signed in)": ("/en/problems/?place=astana&category=roads&status=open", cookie),
            "page (signed in)": (f"/en/problems/{middle}/", cookie),
            # Issue 24: the way in, filing, "my cases", tiles and the town search.
            "home (anonymous)": ("/en/", ""),
            "home (signed in)": ("/en/", cookie),
            "filing form": ("/en/problems/new/", cookie),
            "filing at a point": ("/en/problems/new/?lat=51.1282&lon=71.4304", cookie),
            "my cases (200)": ("/en/problems/mine/", cookie),
            # A personal page is rendered for each request: its latency is that of one reader at a time.
            "my cases, alone": ("/en/problems/mine/", cookie),
            "town search": ("/en/places/search.json?q=karag", ""),
            "tile": ("/tiles/7/88/45", ""),
            # The floor of a body of a tile's size (the tile above is 8-24 KB; the floor's body is 2 bytes).
            "floor, 16 KB body": ("/-/floor?kb=16", ""),
            # Issue 25: a body's inbox, personal and always rendered (the body has about 2n/39 appeals).
            "inbox, alone": (f"/en/inbox/{setup['inbox']}/", clerk),
            "inbox overdue, alone": (f"/en/inbox/{setup['inbox']}/?show=overdue", clerk),
            "inbox answered, alone": (f"/en/inbox/{setup['inbox']}/?show=answered", clerk),
        }
        if args.only == "supports":
            targets = {"floor": targets["floor"]}
        # Rounds: every target in turn, a few seconds each, then again. This machine has slow spells of tens of
        # seconds; a target measured in one long stretch could fall into one and the floor into none. Each round's
        # figures are compared with that round's floor, and the median of the rounds is reported.
        rounds: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
        for turn in range(args.rounds):
            for name, (path, cookies) in targets.items():
                connections = 1 if name.endswith(", alone") else args.connections
                out = run(loadgen(base + path, connections, args.seconds, cookies, warmup=1), env)
                rounds[name].append(json.loads(out))
                print(f"  round {turn + 1} {name:<18} {rounds[name][-1]}", flush=True)
        for name, measured in rounds.items():
            shares = [r["rps"] / (f["rps"] or 1.0) for r, f in zip(measured, rounds["floor"], strict=True)]
            results[name] = {
                "rps": statistics.median(r["rps"] for r in measured),
                "share_of_floor": statistics.median(shares),
                "p50_ms": statistics.median(r["p50_ms"] for r in measured),
                "p99_ms": statistics.median(r["p99_ms"] for r in measured),
                "worst_p99_ms": max(r["p99_ms"] for r in measured),
                "errors": sum(r["errors"] for r in measured),
                "rounds": measured,  # type: ignore[dict-item]
            }
        # Supports: each client supports its own slice of problems, as fast as it can.
        ids = setup["ids"]
        per = len(ids) // args.connections
        done: list[int] = []
        errors: list[str] = []
        stop_at = time.monotonic() + (0 if args.only == "pages" else args.seconds * args.rounds)
        began = time.monotonic()

        async def all_clients() -> None:
            await asyncio.gather(
                *(
                    supporter(base, token, ids[i * per : (i + 1) * per], stop_at, done, errors)
                    for i, token in enumerate(setup["tokens"])
                )
            )

        asyncio.run(all_clients())
        elapsed = time.monotonic() - began
        rss = [rss_kib(pid) / 1024 for root in children(server.pid) for pid in [root, *children(root)]]
    finally:
        server.terminate()
        server.wait(timeout=60)

    # The touched ids go in a file: at 1,000 supports a second their list outgrows a command line.
    touched = data / "touched.json"
    touched.write_text(json.dumps(sorted(set(done))))
    check = (
        "from dauys.problems.models import Problem, Support; from django.db.models import Count; import json; "
        f"ids = json.load(open({str(touched)!r})); "
        "bad = [p.pk for p in Problem.objects.filter(pk__in=ids).annotate(n=Count('supports')) if p.n != p.supports_count]; "
        "print(json.dumps({'touched': len(ids), 'mismatched': len(bad)}))"
    )
    verdict = json.loads(
        run([sys.executable, "-m", "dauys", "manage", "shell", "-c", check], env).strip().splitlines()[-1]
    )
    print(
        f"\n{vendor}, {n:,} problems, {args.connections} connections, {args.rounds} rounds of {args.seconds:g} s per "
        f"target, {os.cpu_count()} cores (medians of the rounds; share: each round against that round's floor)"
    )
    print(f"{'target':<20} {'req/s':>8} {'of floor':>9} {'p50 ms':>8} {'p99 ms':>8} {'worst p99':>10} {'errors':>7}")
    for name, r in results.items():
        print(
            f"{name:<20} {r['rps']:>8.1f} {r['share_of_floor']:>8.0%} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f}"
            f" {r['worst_p99_ms']:>10.1f} {r['errors']:>7}"
        )
    print(
        f"supports: {len(done)} in {elapsed:.1f} s = {len(done) / elapsed:.0f}/s by {args.connections} clients, "
        f"{len(errors)} errors; {verdict['touched']} problems touched, {verdict['mismatched']} with count != rows"
    )
    print("resident memory per server process (MiB): " + ", ".join(f"{m:.0f}" for m in rss))
    print(f"the inbox measured is of a body with {setup['appeals']:,} appeals")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"problems-{vendor}.json").write_text(
        json.dumps(
            {
                "problems": n,
                "inbox_appeals": setup["appeals"],
                "results": results,
                "supports_per_second": len(done) / elapsed,
                "support_errors": len(errors),
                "count_mismatches": verdict["mismatched"],
                "rss_mib": rss,
            },
            indent=2,
        )
    )
    if args.keep or args.reuse:
        print(f"data kept: ./dev bench problems --db {args.db} --reuse {data}")
    elif vendor == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS dauys_bench WITH (FORCE)")
    return 1 if verdict["mismatched"] or errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
