"""Accountability benchmark (issue 5): scorecards and rankings at scale, the open-data export, rebuild_stats.

    ./dev bench accountability --db postgres     (1,000,000 problems, 2,000,000 appeals over two years)
    ./dev bench accountability --db sqlite       (100,000 problems)

Data is generated with SQL in the database: problems published over two years, each addressed to two of the
reference authorities (every kind, every level), answered on time, late, never or not yet, answers of six kinds,
promises kept, broken and pending. Then, in this order:

1. ``dauys manage rebuild_stats`` counts every figure from scratch (timed; the target is < 5 minutes);
2. the server (``dauys serve``: granian, DEBUG off) is measured at 32 connections on: the floor view (the
   baseline of the same run), every authority's scorecard page in turn, and the national ranking page — each for
   anonymous visitors (stored pages) and for a signed-in reader (a fresh render and fresh queries every time);
3. the CSV export of all problems is streamed once: rows per second, and the growth of the serving process's
   resident memory while it streams.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from problems import USERS, execute, run  # noqa: E402
from run import (  # noqa: E402
    children,
    instance_env,
    rss_kib,
    start_server,
    wait_until_healthy,
)

DAYS = 730
GROUPS = ["region-akimats", "district-akimats", "ministries", "national"]


def sql_generate(vendor: str, n: int) -> list[str]:
    pg = vendor == "postgresql"
    series = "generate_series(1, {n}) AS s(i)" if pg else "s"
    cte = "" if pg else "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) "
    now = "now()" if pg else "CURRENT_TIMESTAMP"

    def days_ago(expr: str, plus: str = "0") -> str:
        """A date ``expr`` days before today plus ``plus`` days, as SQL."""
        if pg:
            return f"(current_date - ({expr}) + ({plus}))"
        return f"date('now', '-' || ({expr}) || ' days', '+' || ({plus}) || ' days')"

    def stamp_ago(expr: str, plus: str = "0") -> str:
        if pg:
            return f"(now() - (({expr}) || ' days')::interval + (({plus}) || ' days')::interval)"
        return f"datetime('now', '-' || ({expr}) || ' days', '+' || ({plus}) || ' days')"

    def q(body: str, count: int) -> str:
        return (cte + body).replace("{series}", series).format(n=count)

    # Appeal i belongs to problem (i + 1) / 2; its problem was published (p % DAYS) days ago.
    problem_of = "((i + 1) / 2)"
    age = f"({problem_of} % {DAYS})"
    # outcome by i % 5: 0, 1 answered on time, 2 answered late, 3 overdue, 4 term running (recent ones only)
    status = (
        f"CASE WHEN i % 5 IN (0, 1) THEN 'answered' WHEN i % 5 = 2 THEN 'answered' "
        f"WHEN i % 5 = 3 OR {age} > 30 THEN 'overdue' ELSE 'sent' END"
    )
    answered = (
        f"CASE WHEN i % 5 IN (0, 1) THEN {days_ago(age, '(i % 19)')} "
        f"WHEN i % 5 = 2 THEN {days_ago(age, '25 + (i % 30)')} END"
    )
    kinds = "CASE i % 6 WHEN 0 THEN 'substantive' WHEN 1 THEN 'promise' WHEN 2 THEN 'refusal' WHEN 3 THEN 'formal' WHEN 4 THEN 'apology' ELSE 'resolved' END"
    bodies = "(SELECT count(*) FROM authorities_authority)"
    due = "a.answered_on + 30" if pg else "date(a.answered_on, '+30 days')"
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
            "supports_count, submission_key, created_at, published_at, updated_at, closed_at, author_id, category_id, place_id) "
            "SELECT 'Problem ' || i || ': potholes and broken lights on street ' || (i % 997), "
            "'Residents report problem ' || i || '. The road is damaged and the lights are off since autumn.', "
            "'<p>Residents report problem ' || i || '.</p>', NULL, NULL, false, false, "
            "CASE WHEN i % 5 = 0 THEN 'resolved' ELSE 'open' END, 0, '', "
            f"{stamp_ago(f'i % {DAYS}')}, {stamp_ago(f'i % {DAYS}')}, {now}, "
            f"CASE WHEN i % 5 = 0 THEN {stamp_ago(f'i % {DAYS}', 'i % 40')} END, "
            f"(SELECT min(id) FROM accounts_user WHERE username LIKE 'bench%') + (i % {USERS}), "
            "(SELECT min(id) FROM problems_category) + (i % 12), "
            "(SELECT min(id) FROM places_place WHERE kind <> 'country') + (i % 39) "
            "FROM {series}",
            n,
        ),
        q(
            "INSERT INTO problems_appeal (kind, delivery, status, reference, registration_number, registered_on, "
            "answer_working_days, deadline, answered_on, overdue_since, message, auto_escalate, created_at, updated_at, "
            "authority_id, problem_id) "
            f"SELECT 'appeal', 'recorded', {status}, 'B-' || i, 'N-' || i, {days_ago(age)}, 15, "
            f"{days_ago(age, '21')}, {answered}, "
            f"CASE WHEN i % 5 = 3 OR (i % 5 = 4 AND {age} > 30) THEN {days_ago(age, '22')} END, '', false, {now}, {now}, "
            f"(SELECT min(id) FROM authorities_authority) + (i % {bodies}), "
            f"(SELECT min(id) FROM problems_problem) - 1 + {problem_of} "
            "FROM {series}",
            2 * n,
        ),
        # One answer for each answered appeal (the first answer decides), by the problem's author.
        "INSERT INTO problems_answer (kind, text, received_on, by_representative, promise_due_on, refusal_reason, "
        "created_at, appeal_id, posted_by_id, redirect_to_id) "
        f"SELECT {kinds.replace('i %', 'a.id %')}, 'Answer', a.answered_on, false, "
        f"CASE WHEN a.id % 6 = 1 THEN {due} END, "
        f"'', {now}, a.id, p.author_id, NULL "
        "FROM problems_appeal a JOIN problems_problem p ON p.id = a.problem_id WHERE a.answered_on IS NOT NULL",
        "INSERT INTO problems_promise (due_on, status, settled_on, answer_id, authority_id, problem_id) "
        "SELECT w.promise_due_on, CASE w.id % 3 WHEN 0 THEN 'kept' WHEN 1 THEN 'broken' ELSE 'pending' END, NULL, "
        "w.id, a.authority_id, a.problem_id "
        "FROM problems_answer w JOIN problems_appeal a ON a.id = w.appeal_id WHERE w.kind = 'promise'",
    ]


def stream_csv(url: str, server_pid: int) -> dict[str, float]:
    """Download the export once; rows per second and the serving processes' resident memory growth."""
    pids, todo = [], [server_pid]
    while todo:  # dauys serve → granian → its workers: every process that may serve the download
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children(pid))
    before = {pid: rss_kib(pid) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_kib(pid))
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    rows, size = 0, 0
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=600) as response:
        while chunk := response.read(1 << 16):
            rows += chunk.count(b"\n")
            size += len(chunk)
    seconds = time.monotonic() - started
    done.set()
    watcher.join()
    growth = max(peak[pid] - before[pid] for pid in pids)
    return {
        "rows": rows - 1,
        "seconds": round(seconds, 1),
        "rows_per_s": round((rows - 1) / seconds),
        "mb": round(size / 1e6, 1),
        "rss_growth_mb": round(growth / 1024, 1),
    }


def loadgen(
    urls: list[str], connections: int, seconds: float, cookie: str, env: dict[str, str], warmup: float = 2
) -> dict[str, float]:
    out = run(
        [
            sys.executable,
            str(ROOT / "bench" / "loadgen.py"),
            *urls,
            "--connections",
            str(connections),
            "--seconds",
            str(seconds),
            "--cookie",
            cookie,
            "--warmup",
            str(warmup),
        ],
        env,
    )
    return json.loads(out)  # type: ignore[no-any-return]


SESSION = (
    "from dauys.accounts.sessions import SessionStore; from dauys.accounts.models import User; "
    "from dauys.authorities.models import Authority; import json; "
    "u = User.objects.get(username='bench1'); s = SessionStore(); s['_auth_user_id'] = str(u.pk); "
    "s['_auth_user_backend'] = 'dauys.accounts.backends.ModelBackend'; s['_auth_user_hash'] = u.get_session_auth_hash(); "
    "s.create(); from django.middleware.csrf import _get_new_csrf_string; "
    "print(json.dumps({'session': s.session_key, 'csrf': _get_new_csrf_string(), "
    "'slugs': list(Authority.objects.filter(is_active=True).order_by('pk').values_list('slug', flat=True))}))"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="sqlite")
    parser.add_argument("--problems", type=int, default=0, help="default 1,000,000 on PostgreSQL, 100,000 on SQLite")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--reuse", metavar="DIR", help="reuse the data directory (and database) of an earlier run")
    parser.add_argument("--only", choices=["export"], help="with --reuse: measure only the CSV export")
    args = parser.parse_args()
    vendor = "postgresql" if args.db == "postgres" else "sqlite"
    n = args.problems or (1_000_000 if vendor == "postgresql" else 100_000)

    data = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="dauys-bench-accountability-"))
    env, target = instance_env(vendor, data, "dauys_bench_acc", fresh=not args.reuse)
    run([sys.executable, "-m", "dauys", "init"], env)
    if not args.reuse:
        print(f"generating {n:,} problems on {vendor} in {data} …", flush=True)
        started = time.monotonic()
        execute(vendor, target, sql_generate(vendor, n))
        print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)

    rebuild = 0.0
    if args.only != "export":
        print("rebuild_stats …", flush=True)
        started = time.monotonic()
        out = run([sys.executable, "-m", "dauys", "manage", "rebuild_stats"], env)
        rebuild = time.monotonic() - started
        print(f"  {out.strip()}\n  rebuild_stats: {rebuild:.0f} s (target < 300 s)", flush=True)

    setup = json.loads(run([sys.executable, "-m", "dauys", "manage", "shell", "-c", SESSION], env).splitlines()[-1])
    cookie = f"sessionid={setup['session']}; csrftoken={setup['csrf']}"
    server, base = start_server(env)
    results: dict[str, dict[str, float]] = {}
    try:
        wait_until_healthy(base, server)
        scorecards = [f"{base}/en/authorities/{slug}/scorecard/" for slug in setup["slugs"]]
        # A query string no one asked before is a page no process has a copy of: every request renders afresh.
        fresh = [f"{url}?period=12m&n={i}" for i in range(100) for url in scorecards]
        rankings = [f"{base}/en/scorecards/?group={g}" for g in GROUPS]
        # (urls, cookie, warm-up seconds): the stored copies are made in the warm-up, one per page and process
        targets = {
            "floor": ([f"{base}/-/floor"], "", 2),
            "scorecards (anonymous)": (scorecards, "", 15),
            "ranking (anonymous)": (rankings, "", 5),
            "scorecards (signed in)": (scorecards, cookie, 15),
            "ranking (signed in)": (rankings, cookie, 5),
            "scorecards (fresh render)": (fresh, cookie, 2),
            "ranking (fresh render)": ([f"{r}&n={i}" for i in range(2000) for r in rankings], cookie, 2),
        }
        if args.only == "export":
            targets = {"floor": targets["floor"]}
        for name, (urls, cookies, warmup) in targets.items():
            results[name] = loadgen(urls, args.connections, args.seconds, cookies, env, warmup)
            print(f"  {name:<24} {results[name]}", flush=True)
        export = stream_csv(f"{base}/open-data/problems.csv", server.pid)
        print(f"  problems.csv             {export}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    floor = results["floor"]["rps"] or 1
    print("\nsummary (throughput as a share of the floor view measured in the same run):")
    if rebuild:
        print(
            f"  rebuild_stats over {n:,} problems: {rebuild:.0f} s (< 300 s: {'met' if rebuild < 300 else 'NOT met'})"
        )
    for name, r in results.items():
        if name == "floor":
            continue
        met = r["p50_ms"] < 50 and r["p99_ms"] < 150 and not r["errors"]
        if "fresh" in name:  # no target: what a page costs when no copy of it exists
            met = not r["errors"]
        print(
            f"  {name:<24} {r['rps']:>7} req/s = {r['rps'] / floor:5.1%} of floor; "
            f"p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, {r['errors']} errors ({'met' if met else 'NOT met'})"
        )
    ok = export["rows_per_s"] >= 50_000 and export["rss_growth_mb"] < 100
    print(
        f"  problems.csv: {export['rows']:,} rows in {export['seconds']} s = {export['rows_per_s']:,} rows/s, "
        f"resident memory +{export['rss_growth_mb']} MB ({'met' if ok else 'NOT met'}: >= 50,000 rows/s, < 100 MB)"
    )
    print(f"data kept in {data} (reuse with --reuse {data})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
