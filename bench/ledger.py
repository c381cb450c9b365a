"""Ledger benchmark (issue 7): sequencing appends per second, and proof times, on generated leaves.

    ./dev bench ledger --db sqlite|postgres [--leaves 200000]

A fresh data directory (and, for PostgreSQL, a fresh database `dauys_bench_ledger`) gets `--leaves` pending leaves
written in bulk; the sequencer then numbers them in its batches of 5,000 (hashing, stored subtrees, head update).
Reported: appends per second, and the time of inclusion and consistency proofs at the final size, against a
baseline of computing one SHA-256 leaf hash in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PG_ADMIN = os.environ.get("DAUYS_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")

INNER = r"""
import hashlib, json, random, time
from django.db import connection
from dauys.ledger import canonical, merkle, sequencer
from dauys.ledger.models import Pending
n = {n}
rows = [Pending(data=canonical.dumps({{"v": 1, "type": "bench", "n": i, "object": f"/bench/{{i}}"}})) for i in range(n)]
for start in range(0, n, 20000):
    Pending.objects.bulk_create(rows[start:start + 20000])
t = time.perf_counter()
appended = 0
while (k := sequencer.sequence()):
    appended += k
elapsed = time.perf_counter() - t
size = sequencer.size()
node = sequencer.node_from_db
def timed(fn, reps=200):
    t = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t) / reps * 1000
base = timed(lambda: hashlib.sha256(b"x" * 200).digest(), 20000)
fetch = sequencer.with_stored_nodes
def inclusion():
    i = random.randrange(size)  # drawn once: the two passes of with_stored_nodes must ask for the same proof
    return fetch(lambda nd: merkle.inclusion_proof(nd, i, size))
def consistency():
    m = random.randrange(1, size)
    return fetch(lambda nd: merkle.consistency_proof(nd, m, size))
inc = timed(inclusion)
con = timed(consistency)
root = timed(lambda: fetch(lambda nd: merkle.root(nd, size)))
print(json.dumps({{"vendor": connection.vendor, "appended": appended, "seconds": elapsed,
    "appends_per_s": appended / elapsed, "inclusion_ms": inc, "consistency_ms": con, "root_ms": root,
    "sha256_ms": base}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--leaves", type=int, default=200_000)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="dauys-bench-ledger-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DAUYS_TESTING", "DAUYS_DEBUG", "DATABASE_URL"}}
    env["DAUYS_DATA_DIR"] = str(data)
    if args.db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS dauys_bench_ledger WITH (FORCE)")
            conn.execute("CREATE DATABASE dauys_bench_ledger")
        env["DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + "/dauys_bench_ledger"
    subprocess.run([sys.executable, "-m", "dauys", "init"], env=env, check=True, capture_output=True)
    out = subprocess.run(
        [sys.executable, "-m", "dauys", "manage", "shell", "-c", INNER.format(n=args.leaves)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    print(
        f"{result['vendor']}: {result['appended']:,} leaves sequenced in {result['seconds']:.1f} s = "
        f"{result['appends_per_s']:,.0f} appends/s; at {result['appended']:,} leaves: inclusion proof "
        f"{result['inclusion_ms']:.2f} ms, consistency proof {result['consistency_ms']:.2f} ms, root "
        f"{result['root_ms']:.2f} ms (one SHA-256 of a leaf: {result['sha256_ms'] * 1000:.1f} µs, "
        f"a proof = {result['inclusion_ms'] / result['sha256_ms']:,.0f} of them)"
    )
    if args.db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS dauys_bench_ledger WITH (FORCE)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
