"""Discussions benchmark (issue 6): a problem page with 5,000 comments, and comments posted through the API.

    ./dev bench discussions --db postgres     (PostgreSQL and Redis: the scale-out path)
    ./dev bench discussions --db sqlite

A fresh instance gets the public-control data of `bench problems` at a small scale (20,000 problems, 10,000
accounts) and one problem with 5,000 comments (4,000 top-level, 1,000 replies; guests, tombstones of deleted and
hidden comments among them). The server is `dauys serve` (granian, DEBUG off), started as an operator would
behind a reverse proxy (`DAUYS_BEHIND_PROXY=1`).

Pages: the problem page (its first 50 comments embedded) and the discussion's last page, anonymous (stored pages)
and signed in (a fresh render every time), 32 keep-alive connections; the floor view measured in the same run.

Posting: 32 clients POST /api/v1/comments for the given time, with the real rate limits on. Each request comes
with its own account token and its own client address in X-Forwarded-For, as thousands of people behind the proxy
would: an account may post 6 a minute, an address 30 in ten minutes. Two runs: comments spread over many
problems, then every client on the one hot discussion (its row lock orders them). Afterwards every touched
discussion's counter must equal its published comments, and the public log must hold one leaf per comment.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from loadgen import exchange  # noqa: E402
from problems import execute, run, sql_generate  # noqa: E402
from run import PG_ADMIN, children, instance_env, rss_kib, start_server, wait_until_healthy  # noqa: E402

# Its own database: a kept (--keep) run of the problems benchmark is not dropped by this one, nor this by that.
DATABASE = "dauys_bench_discussions"
ACCOUNTS = 6_000  # tokens for posting: at most 6 comments a minute each, so enough for ~3,000/s in 10 s
SEED = """
import json, random
from datetime import timedelta
from django.db import transaction
from django.utils import timezone
from dauys.accounts.models import ApiToken, User
from dauys.discussions.models import Comment, Thread
from dauys.problems.models import Problem

N = {comments}
random.seed(1)
users = list(User.objects.filter(username__startswith="bench").order_by("pk").values_list("pk", flat=True))
User.objects.filter(pk__in=users).update(date_joined=timezone.now() - timedelta(days=60))
hot = Problem.objects.filter(status="open").order_by("pk").first()
start = timezone.now() - timedelta(seconds=2 * N)
text = "the street lights are still off and the road is broken; the akimat promised a repair in spring. "
with transaction.atomic():
    thread = Thread.objects.create(target=f"problem:{{hot.pk}}")
    top = []
    for i in range(N * 4 // 5):
        status = "hidden" if i % 97 == 0 else "deleted" if i % 89 == 0 else "published"
        guest = i % 10 == 0
        top.append(Comment(
            thread=thread, author_id=None if guest else users[i % len(users)],
            guest_name=f"Guest {{i}}" if guest else "", guest_hash=f"{{i:016x}}" if guest else "",
            body=f"Comment {{i}}: {{text * (1 + i % 3)}}", body_html=f"<p>Comment {{i}}: {{text * (1 + i % 3)}}</p>",
            status=status, hidden_rule="abuse" if status == "hidden" else "",
            created_at=start + timedelta(seconds=2 * i), published_at=start + timedelta(seconds=2 * i),
        ))
    top = Comment.objects.bulk_create(top)
    parents = [c for c in top if c.status == "published"]
    replies = [
        Comment(
            thread=thread, parent=parents[(j * 7) % len(parents)], author_id=users[(j * 13) % len(users)],
            body=f"Reply {{j}}: I agree.", body_html=f"<p>Reply {{j}}: I agree.</p>", status="published",
            created_at=timezone.now() - timedelta(seconds=N - j),
            published_at=timezone.now() - timedelta(seconds=N - j),
        )
        for j in range(N - len(top))
    ]
    Comment.objects.bulk_create(replies)
    thread.comments_count = thread.comments.filter(status="published").count()
    thread.save(update_fields=["comments_count"])
# Tokens for the posting clients (the secret is never stored: its digest is).
secrets = [ApiToken.new_secret() for _ in range({accounts})]
ApiToken.objects.bulk_create(
    ApiToken(user_id=users[i % len(users)], name="bench", digest=ApiToken.digest_of(s)) for i, s in enumerate(secrets)
)
ids = list(Problem.objects.filter(status="open").exclude(pk=hot.pk).order_by("-pk").values_list("pk", flat=True)[:5000])
top_pages = thread.comments.filter(parent__isnull=True, status__in=["published", "deleted", "hidden"]).count()
from dauys.accounts.sessions import SessionStore
from django.middleware.csrf import _get_new_csrf_string
def session(u):
    s = SessionStore(); s["_auth_user_id"] = str(u.pk)
    s["_auth_user_backend"] = "dauys.accounts.backends.ModelBackend"; s["_auth_user_hash"] = u.get_session_auth_hash()
    s.create()
    return s.session_key
reader = User.objects.filter(pk__in=users).exclude(pk=hot.author_id).order_by("pk").last()
print(json.dumps({{"hot": hot.pk, "ids": ids, "tokens": secrets, "last_page": (top_pages + 49) // 50,
                  "session": session(reader), "author_session": session(hot.author), "csrf": _get_new_csrf_string()}}))
"""
CHECK = """
import json
from django.db.models import Count, Q
from dauys.discussions.models import Comment, Thread
from dauys.ledger.models import Entry, Pending
targets = {targets!r}
published = Count("comments", filter=Q(comments__status="published"))
threads = Thread.objects.filter(target__in=targets).annotate(n=published)
bad = [t.target for t in threads if t.n != t.comments_count]
posted = '"type":"comment.posted"'
leaves = Entry.objects.filter(data__contains=posted).count() + Pending.objects.filter(data__contains=posted).count()
print(json.dumps({{"threads": len(threads), "mismatched": bad[:5], "leaves": leaves,
                  "comments": Comment.objects.filter(body__startswith="Bench comment").count()}}))
"""


async def poster(
    base: str, jobs: list[tuple[str, str, str]], stop_at: float, done: list[str], held: list[str], errors: list[str]
) -> None:
    """One keep-alive connection posting comments: each job is (token, client address, target)."""
    host, port = base.split("//")[1].split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        for token, address, target in jobs:
            if time.monotonic() >= stop_at:
                return
            body = json.dumps({"target": target, "body": f"Bench comment from {address}: fix it, please."}).encode()
            head = (
                f"POST /api/v1/comments HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
                f"X-Forwarded-For: {address}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            status = await exchange(reader, writer, head.encode() + body)
            if b" 201 " in status:
                done.append(target)
            elif b" 202 " in status:
                held.append(target)
            else:
                errors.append(status.decode(errors="replace").strip())
    finally:
        writer.close()


def post_comments(
    base: str, tokens: list[str], targets: list[str], connections: int, seconds: float, first_address: int
) -> dict[str, object]:
    """Post for ``seconds``; every request its own token and client address (tokens are used round-robin)."""
    per = len(tokens) // connections
    done: list[str] = []
    held: list[str] = []
    errors: list[str] = []
    stop_at = time.monotonic() + seconds
    began = time.monotonic()

    def address(k: int) -> str:
        k += first_address
        return f"10.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}"

    async def all_clients() -> None:
        await asyncio.gather(
            *(
                poster(
                    base,
                    [
                        (tokens[c * per + j], address(c * per + j), targets[(c * per + j) % len(targets)])
                        for j in range(per)
                    ],
                    stop_at,
                    done,
                    held,
                    errors,
                )
                for c in range(connections)
            )
        )

    asyncio.run(all_clients())
    elapsed = time.monotonic() - began
    return {"posted": len(done), "held": len(held), "errors": errors, "seconds": elapsed, "targets": set(done)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="sqlite")
    parser.add_argument("--comments", type=int, default=5_000, help="comments on the one big discussion")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--keep", action="store_true", help="keep the data directory (and database) afterwards")
    args = parser.parse_args()
    vendor = "postgresql" if args.db == "postgres" else "sqlite"

    data = Path(tempfile.mkdtemp(prefix="dauys-bench-discussions-"))
    # Behind a reverse proxy, as in production: the client address comes from X-Forwarded-For.
    env, target = instance_env(vendor, data, DATABASE, fresh=True, DAUYS_BEHIND_PROXY="1")
    if vendor == "postgresql":
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # no rate-limit counters of an earlier run
    print(f"creating the schema and generating data on {vendor} …", flush=True)
    run([sys.executable, "-m", "dauys", "init"], env)
    started = time.monotonic()
    execute(vendor, target, sql_generate(vendor, 20_000))
    seed = SEED.format(comments=args.comments, accounts=ACCOUNTS)
    out = run([sys.executable, "-m", "dauys", "manage", "shell", "-c", seed], env)
    setup = json.loads(out.strip().splitlines()[-1])
    # Settle the database before measuring: without this, autovacuum analyses the freshly seeded tables during the
    # first targets and takes a core from them (a run measured the signed-in problem page at half its rate).
    execute(vendor, target, ["VACUUM"] if vendor == "postgresql" else [])
    print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)

    server, base = start_server(env)
    results: dict[str, dict[str, float]] = {}
    cookie = f"sessionid={setup['session']}; csrftoken={setup['csrf']}"
    # The problem's author gets a copy of their own (their page shows them things nobody else sees).
    author = f"sessionid={setup['author_session']}; csrftoken={setup['csrf']}"
    hot = setup["hot"]
    last = f"/en/discussions/problem/{hot}/?page={setup['last_page']}"
    tokens = setup["tokens"]
    random.Random(2).shuffle(tokens)
    posting: dict[str, dict[str, object]] = {}
    try:
        wait_until_healthy(base, server)
        import urllib.request

        request = urllib.request.Request(f"{base}/en/problems/{hot}/", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            html = response.read()
            if b"/accounts/logout/" not in html or b"Comment 1:" not in html:
                raise SystemExit("the signed-in page does not sign in or does not show the comments")
        targets = {
            "floor": ("/-/floor", ""),
            "problem page (anonymous)": (f"/en/problems/{hot}/", ""),
            "last page (anonymous)": (last, ""),
            "problem page (signed in)": (f"/en/problems/{hot}/", cookie),
            "last page (signed in)": (last, cookie),
            "problem page (its author)": (f"/en/problems/{hot}/", author),
        }
        for name, (path, cookies) in targets.items():
            command = [sys.executable, str(ROOT / "bench" / "loadgen.py"), base + path]
            command += ["--connections", str(args.connections), "--seconds", str(args.seconds), "--cookie", cookies]
            results[name] = json.loads(run(command, env))
            print(f"  {name:<26} {results[name]}", flush=True)
        half = len(tokens) // 2
        spread = [f"problem:{pid}" for pid in setup["ids"]]
        posting["many problems"] = post_comments(base, tokens[:half], spread, args.connections, args.seconds, 0)
        print(f"  posted on many problems: {posting['many problems']['posted']}", flush=True)
        posting["one hot problem"] = post_comments(
            base, tokens[half:], [f"problem:{hot}"], args.connections, args.seconds, half
        )
        print(f"  posted on one problem: {posting['one hot problem']['posted']}", flush=True)
        rss = [rss_kib(pid) / 1024 for root in children(server.pid) for pid in [root, *children(root)]]
    finally:
        server.terminate()
        server.wait(timeout=60)

    touched = sorted(set().union(*(p["targets"] for p in posting.values())))  # type: ignore[arg-type]
    verdict = json.loads(
        run([sys.executable, "-m", "dauys", "manage", "shell", "-c", CHECK.format(targets=touched)], env)
        .strip()
        .splitlines()[-1]
    )
    posted = sum(int(p["posted"]) for p in posting.values())  # type: ignore[call-overload]
    floor = results["floor"]["rps"] or 1.0
    print(f"\n{vendor}, {args.comments:,} comments on one problem, {args.connections} connections, ", end="")
    print(f"{os.cpu_count()} cores")
    print(f"{'target':<28} {'req/s':>8} {'of floor':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, r in results.items():
        share = r["rps"] / floor
        print(f"{name:<28} {r['rps']:>8.1f} {share:>8.0%} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>7}")
    for name, p in posting.items():
        errors: list[str] = p["errors"]  # type: ignore[assignment]
        rate = int(p["posted"]) / float(p["seconds"])  # type: ignore[call-overload,arg-type]
        print(
            f"comments via the API, {name}: {p['posted']} in {float(p['seconds']):.1f} s = {rate:.0f}/s, "  # type: ignore[arg-type]
            f"{p['held']} held, {len(errors)} errors {sorted(set(errors))[:3]}"
        )
    ok = not verdict["mismatched"] and verdict["comments"] == posted and verdict["leaves"] >= posted
    print(
        f"check: {verdict['threads']} discussions touched, counters off in {len(verdict['mismatched'])}; "
        f"{verdict['comments']} comments stored for {posted} answered 201; {verdict['leaves']} comment leaves "
        f"in the log — {'OK' if ok else 'MISMATCH'}"
    )
    print("resident memory per server process (MiB): " + ", ".join(f"{m:.0f}" for m in rss))
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"discussions-{vendor}.json").write_text(
        json.dumps(
            {
                "comments": args.comments,
                "results": results,
                "posting": {
                    k: {"per_second": int(v["posted"]) / float(v["seconds"]), "errors": len(v["errors"])}  # type: ignore[call-overload,arg-type]
                    for k, v in posting.items()
                },
                "check": verdict,
                "rss_mib": rss,
            },
            indent=2,
        )
    )
    if args.keep:
        print(f"data kept in {data}" + (f" and {env['DATABASE_URL']}" if vendor == "postgresql" else ""))
    elif vendor == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    return 0 if ok and not any(p["errors"] for p in posting.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
